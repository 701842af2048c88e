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
import * as CoreReport from "@fulian/core/Report"
import type * as Report from "../../src/Report.ts"
import * as Tally from "../../src/Tally.ts"

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

/** The events as the store would hand them to a projection, at positions 1, 2, 3, … */
export const envelopes = (given: ReadonlyArray<Given>): ReadonlyArray<Envelope<Domain.Event>> => {
  const versions = new Map<string, number>()
  return given.map((g, i) => {
    const version = (versions.get(g.stream) ?? 0) + 1
    versions.set(g.stream, version)
    const { type, schemaVersion, data } = Domain.codec.encode(g.event)
    return {
      eventId: `e${i + 1}`,
      stream: g.stream,
      version,
      position: i + 1,
      type,
      schemaVersion,
      data,
      metadata: { actor: setup, occurredAt: "2024-01-01T00:00:00.000Z", recordedAt: "2024-01-01T00:00:00.000Z", commandId: `c${i + 1}`, causationId: `c${i + 1}`, correlationId: `c${i + 1}` },
      event: g.event
    }
  })
}

/** The figures of a request folded in memory over the events (the projection's pure fold). */
export const figures = (request: Report.Request, given: ReadonlyArray<Given>): Tally.State => {
  const range = CoreReport.dateRange(request.kind, request.period)
  if (range === undefined) throw new Error(`bad period ${request.period}`)
  const projection = Tally.projection({ organizationId: request.organizationId, ...range })
  return envelopes(given).reduce(projection.apply, projection.initial)
}

/** Appends the events to the store, one append each, as earlier commands would have. */
export const seed = (given: ReadonlyArray<Given>) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    for (const g of given) {
      yield* store.append([{
        stream: g.stream,
        expected: "any",
        events: [{
          eventId: randomUUID(),
          ...Domain.codec.encode(g.event),
          metadata: { actor: setup, occurredAt: "2024-01-01T00:00:00.000Z", commandId: randomUUID(), causationId: "seed", correlationId: "seed" }
        }]
      }])
    }
  })
