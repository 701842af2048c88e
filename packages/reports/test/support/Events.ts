/**
 * Events for report specifications: given these events (each with its stream), the report
 * folded over them in memory, or appended to a real store.
 */
import { randomUUID } from "node:crypto"
import { Effect } from "effect"
import * as Case from "@fulian/core/Case"
import type { Envelope } from "@fulian/core/CommandHandler"
import { type Aggregate, streamName } from "@fulian/core/Decider"
import * as Domain from "@fulian/core/Domain"
import { EventStore } from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"
import * as Policy from "@fulian/core/Policy"
import * as CoreReport from "@fulian/core/Report"
import { calendarOf, isInstant, isLocalDate } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as Figures from "../../src/Figures.ts"
import type * as Report from "../../src/Report.ts"

/** An event with the stream it is kept in. */
export interface Given {
  readonly stream: string
  readonly event: Domain.Event
}

/** Events of one aggregate instance, in order. */
export const on = <S, E extends Domain.Event>(aggregate: Aggregate<S, E>, id: string, ...events: ReadonlyArray<E>): ReadonlyArray<Given> =>
  events.map((event) => ({ stream: streamName(aggregate, id), event }))

/**
 * A case registered at an organization the moment it was received: an ordinary dispute
 * brought on a visit, neither sudden nor a typical infringement, naming no household and no
 * party. `fields` says what differs.
 */
export const caseRegistered = (
  fields: Pick<typeof Case.CaseRegistered.Type, "caseId" | "organizationId" | "level" | "receivedAt"> & Partial<Omit<typeof Case.CaseRegistered.Type, "_tag">>
): typeof Case.CaseRegistered.Type =>
  Case.CaseRegistered.make({
    registeredAt: fields.receivedAt,
    channel: "visit",
    category: "ordinary-dispute",
    sudden: false,
    typicalInfringement: false,
    householdIds: [],
    parties: [],
    narrative: "纠纷",
    ...fields
  })

const setup = { person: "setup", role: "upper-cadre", organization: "setup" } as const

/** A fact with no date of its own (a registration, a campaign opened) happened before every year of the fixtures. */
const longAgo = "2020-01-01"

const instantFields = ["registeredAt", "escalatedAt", "reportedAt", "reopenedAt", "submittedAt"] as const
const dateFields = [
  "heldOn", "visitedOn", "resolvedOn", "requestedOn", "recordedOn", "archivedOn", "on", "electedOn", "filedOn", "leftOn", "endedOn",
  "notifiedOn", "followedUpOn", "conferredOn", "recheckedOn", "closedOn", "concludedOn", "consentGivenOn", "pairedOn", "unpairedOn"
] as const

/**
 * When an event's fact happened, as the command handler would have written it: the moment or
 * day its data records (a case assigned: its `receivedAt`; a decision: its meeting's day).
 */
export const occurredAtOf = (event: Domain.Event, meetingDays: ReadonlyMap<string, string>): string => {
  const data = event as unknown as Record<string, unknown>
  if (event._tag === "CaseAssignedFromAbove") return event.receivedAt
  if (event._tag === "DecisionTaken") return meetingDays.get(event.meetingId) ?? longAgo
  for (const f of instantFields) if (typeof data[f] === "string" && isInstant(data[f] as string)) return data[f] as string
  for (const f of dateFields) if (typeof data[f] === "string" && isLocalDate(data[f] as string)) return data[f] as string
  return longAgo
}

/** The events as the store would hand them to a projection, at positions 1, 2, 3, …, each recorded when it happened. */
export const envelopes = (given: ReadonlyArray<Given>): ReadonlyArray<Envelope<Domain.Event>> => {
  const versions = new Map<string, number>()
  const hashes = new Map<string, string>()
  const meetingDays = new Map<string, string>()
  return given.map((g, i) => {
    const version = (versions.get(g.stream) ?? 0) + 1
    versions.set(g.stream, version)
    if (g.event._tag === "MeetingHeld") meetingDays.set(g.event.meetingId, g.event.heldOn)
    const { type, schemaVersion, data } = Domain.codec.encode(g.event)
    const occurredAt = occurredAtOf(g.event, meetingDays)
    const recordedAt = isInstant(occurredAt) ? occurredAt : `${occurredAt}T04:00:00.000Z`
    const stored = {
      eventId: `e${i + 1}`,
      stream: g.stream,
      version,
      position: i + 1,
      type,
      schemaVersion,
      data,
      metadata: { actor: setup, occurredAt, recordedAt, commandId: `c${i + 1}`, causationId: `c${i + 1}`, correlationId: `c${i + 1}` }
    }
    const hash = Integrity.eventHash(hashes.get(g.stream) ?? Integrity.genesis, stored)
    hashes.set(g.stream, hash)
    return { ...stored, hash, event: g.event }
  })
}

/**
 * The figures of a request, read off the ledgers folded in memory over the events as the facts
 * stood at the period's end (with the year to date for a monthly report, as `Report.compute` reads them).
 */
export const figures = (request: Report.Request, given: ReadonlyArray<Given>, policy: Policy.PolicyShape = Policy.defaults): Figures.Figures => {
  const range = CoreReport.dateRange(request.kind, request.period)
  if (range === undefined) throw new Error(`bad period ${request.period}`)
  const calendar = calendarOf(policy)
  const projections = Ledgers.projections(calendar)
  const keep = Ledgers.keeps(calendar, { asOf: range.to })
  const states: Record<string, unknown> = Object.fromEntries(Object.entries(projections).map(([k, p]) => [k, p.initial]))
  const all = envelopes(given)
  for (const envelope of all) {
    if (!keep(envelope)) continue
    for (const [k, p] of Object.entries(projections)) states[k] = (p.apply as (s: unknown, e: Envelope<Domain.Event>) => unknown)(states[k], envelope)
  }
  const drawn: Ledgers.Drawn = { states: states as unknown as Ledgers.States, asOf: range.to, position: all.length }
  const result = Figures.of(drawn, { organizationId: request.organizationId, ...range }, policy, { yearToDate: request.kind === "monthly", byMonth: request.kind !== "monthly" })
  if (result === undefined) throw new Error(`${request.organizationId} is not registered`)
  return result
}

/** Appends the events to the store, one append each, as earlier commands would have. */
export const seed = (given: ReadonlyArray<Given>) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const meetingDays = new Map<string, string>()
    for (const g of given) {
      if (g.event._tag === "MeetingHeld") meetingDays.set(g.event.meetingId, g.event.heldOn)
      yield* store.append([{
        stream: g.stream,
        expected: "any",
        events: [{
          eventId: randomUUID(),
          ...Domain.codec.encode(g.event),
          metadata: { actor: setup, occurredAt: occurredAtOf(g.event, meetingDays), commandId: randomUUID(), causationId: "seed", correlationId: "seed" }
        }]
      }])
    }
  })
