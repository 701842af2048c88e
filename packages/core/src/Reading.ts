/**
 * 查阅: reading is authorized too (DOMAIN.md §10). Every read is made by a reader — an actor
 * the records back, like one who gives a command — and shows only what she is entitled to:
 *
 * | reader | what she reads |
 * | --- | --- |
 * | committee member or cadre of X | X's own records; a case while X holds it, and what was escalated, assigned or reported to X; the committees of the organizations directly below X (filed with it); the reports sent to X |
 * | mediator of X | the cases while X holds them |
 * | representative of X | her own election and links, her visits, and her own households |
 * | volunteer of X | her own record |
 * | auditor of X | every record of X and of the organizations below it, their read logs too, personal data masked unless she records the purpose of her read |
 * | anyone backed | the organizations and the deployment |
 *
 * A read of case records is itself recorded (`ReadLog.CaseRead`, in the reader's
 * organization's `reads-{organizationId}` stream: who read which case, when, and why), in a log
 * that no decision reads. A reader the records do not back is refused (`ReadRefused`); a stream she
 * may not read looks empty to her, as one that does not exist, naming nothing.
 *
 * Unscoped reads of the log are the store's (`EventStore`), for projections and adapters only.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Option, Schema, Stream } from "effect"
import { EventStore, type EventStoreError, type EventStoreShape, type RecordedEvent } from "@fulian/store/EventStore"
import { Actor, committeeRoles } from "./Actor.ts"
import * as Audit from "./Audit.ts"
import * as Authority from "./Authority.ts"
import { Unauthorized } from "./Command.ts"
import { type Envelope, envelopeOf, load } from "./CommandHandler.ts"
import type { Aggregate, DecisionContext } from "./Decider.ts"
import * as Domain from "./Domain.ts"
import { tagsOf } from "./EventCodec.ts"
import { Text } from "./Input.ts"
import * as Organization from "./Organization.ts"
import * as PersonalData from "./PersonalData.ts"
import { Policy } from "./Policy.ts"
import { CaseRead, readLog } from "./ReadLog.ts"
import * as Representation from "./Representation.ts"
import { calendarOf } from "./Time.ts"
import { uuidV7 } from "./internal/ids.ts"

/** 读者: who reads, and, for an auditor who needs to see personal data, why. */
export const Reader = Schema.Struct({
  actor: Actor,
  /** Why she reads: recorded with the read; lets an auditor see personal data unmasked. */
  purpose: Schema.optional(Text)
})

/** Who reads, and why. */
export type Reader = typeof Reader.Type

/** A read refused: the records do not back the reader in the role she claims. */
export class ReadRefused extends Schema.TaggedError<ReadRefused>()("ReadRefused", {
  reader: Actor,
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.reader.person} (${this.reader.role}, ${this.reader.organization}) may not read: ${this.detail}`
  }
}

// ---------------------------------------------------------------------------------------------
// Scope
// ---------------------------------------------------------------------------------------------

/** What a backed reader reads as: her organization, and the kind of reading her role gives. */
export interface Scope {
  readonly reader: Reader
  readonly organization: string
  readonly as: "committee" | "mediator" | "representative" | "volunteer" | "auditor"
  /** Personal data is masked: an auditor who gave no purpose. */
  readonly masked: boolean
}

/** The text that stands for masked personal data. */
export const masked = "(personal data)"

const kindOf = (role: Actor["role"]): Scope["as"] =>
  committeeRoles.includes(role) || role === "upper-cadre"
    ? "committee"
    : role === "mediator" || role === "representative" || role === "volunteer" || role === "auditor"
    ? role
    : "committee"

/**
 * Checks that the records back the reader today (as `Authority.standing` does a command's
 * actor; an auditor, on the auditors' roster), and gives her scope.
 */
export const scopeOf = (reader: Reader): Effect.Effect<Scope, ReadRefused | EventStoreError, EventStore | Policy> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const policy = yield* Policy
    const calendar = calendarOf(policy)
    const now = yield* Clock.currentTimeMillis
    const today = calendar.dateOf(now)
    const readState = <S, E extends { readonly _tag: string }>(aggregate: Aggregate<S, E>, id: string) =>
      Effect.map(load(Domain.codec, aggregate, id), (l) => l.state).pipe(Effect.provideService(EventStore, store))
    const { actor } = reader
    if (actor.role === "auditor") {
      const roster = yield* readState(Audit.aggregate, actor.organization)
      if (!Audit.servingOn(roster, actor.person, today)) {
        return yield* new ReadRefused({ reader: actor, detail: `the records do not show ${actor.person} on the auditors' roster of ${actor.organization} on ${today}` })
      }
    } else {
      const context: DecisionContext = {
        now,
        today,
        occurred: { on: today, at: calendar.instantOf(now), text: calendar.instantOf(now) },
        calendar,
        policy,
        load: readState,
        read: readState
      }
      yield* Authority.standing({ _tag: "Read", actor }, context).pipe(
        Effect.catchTag("Unauthorized", (e: Unauthorized) => Effect.fail(new ReadRefused({ reader: actor, detail: e.rule })))
      )
    }
    return { reader, organization: actor.organization, as: kindOf(actor.role), masked: actor.role === "auditor" && reader.purpose === undefined }
  })

// ---------------------------------------------------------------------------------------------
// Entitlement
// ---------------------------------------------------------------------------------------------

const categories = [
  "organization", "deployment", "term", "representation", "contact-visits", "household", "case", "campaign", "meeting",
  "assessment", "activities", "activity", "donation", "relief", "volunteers", "mediators", "places", "reception", "auditors", "erasures", "report", "reports-received", "signing-keys", "reads",
  "training", "work-plan"
] as const

/** The category and id of a stream. */
export const streamParts = (stream: string): { readonly category: string; readonly id: string } | undefined => {
  const category = [...categories].sort((a, b) => b.length - a.length).find((c) => stream.startsWith(`${c}-`))
  return category === undefined ? undefined : { category, id: stream.slice(category.length + 1) }
}

type Data = Record<string, unknown>
const dataOf = (e: Envelope<Domain.Event>) => e.event as unknown as Data

/** Reads what entitlement needs, once per read. */
interface Lookups {
  /** The organizations from one upward, lowest first. */
  readonly chain: (organizationId: string) => Effect.Effect<ReadonlyArray<string>, EventStoreError>
  readonly roster: (organizationId: string) => Effect.Effect<Representation.State, EventStoreError>
}

const lookups = (store: EventStoreShape): Lookups => {
  const chains = new Map<string, ReadonlyArray<string>>()
  const rosters = new Map<string, Representation.State>()
  const stateOf = <S, E extends { readonly _tag: string }>(aggregate: Aggregate<S, E>, id: string) =>
    Effect.map(load(Domain.codec, aggregate, id), (l) => l.state).pipe(Effect.provideService(EventStore, store))
  return {
    chain: (organizationId) =>
      Effect.gen(function*() {
        const known = chains.get(organizationId)
        if (known) return known
        const chain: Array<string> = []
        let id: string | undefined = organizationId
        while (id !== undefined && chain.length < 6 && !chain.includes(id)) {
          chain.push(id)
          id = (yield* stateOf(Organization.aggregate, id)).parentId
        }
        chains.set(organizationId, chain)
        return chain
      }),
    roster: (organizationId) =>
      Effect.gen(function*() {
        const known = rosters.get(organizationId)
        if (known) return known
        const roster = yield* stateOf(Representation.aggregate, organizationId)
        rosters.set(organizationId, roster)
        return roster
      })
  }
}

/**
 * The events of one stream that a scope entitles its reader to, in order. A stream she may
 * not read gives none.
 */
const entitled = (
  scope: Scope,
  stream: string,
  events: ReadonlyArray<Envelope<Domain.Event>>,
  look: Lookups
): Effect.Effect<ReadonlyArray<Envelope<Domain.Event>>, EventStoreError> => {
  // Plain effects, not a generator: this runs on every page a read streams, and a generator
  // closed over a page keeps it alive through V8's young-generation collections.
  const found = entitledNow(scope, stream, events, look)
  return Effect.isEffect(found) ? found : Effect.succeed(found)
}

/** `entitled`, as the events themselves when no lookup is needed, else as the effect of the lookups. */
const entitledNow = (
  scope: Scope,
  stream: string,
  events: ReadonlyArray<Envelope<Domain.Event>>,
  look: Lookups
): ReadonlyArray<Envelope<Domain.Event>> | Effect.Effect<ReadonlyArray<Envelope<Domain.Event>>, EventStoreError> => {
  const parts = streamParts(stream)
  if (parts === undefined || events.length === 0) return []
  const R = scope.organization
  const person = scope.reader.actor.person
  const first = dataOf(events[0]!)
  const owner = String(first.organizationId ?? parts.id)
  const all = events
  const none: ReadonlyArray<Envelope<Domain.Event>> = []
  if (parts.category === "organization" || parts.category === "deployment") return all
  if (scope.as === "auditor") {
    // Her organization's area: the stream's organization is hers or below it. A case is in
    // it when any organization that held it is.
    const orgs = parts.category === "case"
      ? [...new Set(events.flatMap((e) => [dataOf(e).organizationId, dataOf(e).to, dataOf(e).assignedBy].filter((o): o is string => typeof o === "string")))]
      : [owner]
    const within = (i: number): Effect.Effect<ReadonlyArray<Envelope<Domain.Event>>, EventStoreError> =>
      i >= orgs.length ? Effect.succeed(none) : Effect.flatMap(look.chain(orgs[i]!), (chain) => (chain.includes(R) ? Effect.succeed(all) : within(i + 1)))
    return within(0)
  }
  switch (parts.category) {
    case "case": {
      if (scope.as !== "committee" && scope.as !== "mediator") return none
      // The holder before each event; an event is R's while R holds the case, or when it
      // brings the case or its result to R.
      let holder: string | undefined
      const out: Array<Envelope<Domain.Event>> = []
      for (const e of events) {
        const d = dataOf(e)
        const tag = e.event._tag
        if (tag === "CaseRegistered") holder = String(d.organizationId)
        const mine = holder === R ||
          (tag === "CaseAssignedFromAbove" && (d.organizationId === R || d.assignedBy === R)) ||
          ((tag === "CaseEscalated" || tag === "CaseResultReported" || tag === "CaseInformationReported") && d.to === R) ||
          (tag === "CaseInformationAcknowledged" && d.by === R)
        if (tag === "CaseAssignedFromAbove") holder = String(d.organizationId)
        if (tag === "CaseEscalated") holder = String(d.to)
        if (mine) out.push(e)
      }
      return out
    }
    case "representation":
    case "contact-visits":
      if (owner !== R) return none
      if (scope.as === "committee") return all
      if (scope.as === "representative") return events.filter((e) => dataOf(e).representativeId === person)
      return none
    case "household": {
      if (owner !== R) return none
      if (scope.as === "committee") return all
      if (scope.as === "representative") {
        return Effect.map(look.roster(owner), (roster) => (Representation.representativeOf(roster, parts.id) === person ? all : none))
      }
      return none
    }
    case "term": {
      if (scope.as !== "committee") return none
      return Effect.map(look.chain(owner), (chain) => (owner === R || chain[1] === R ? all : none))
    }
    case "report":
      return scope.as === "committee" && (owner === R || events.some((e) => dataOf(e).sentTo === R))
        ? events.filter((e) => dataOf(e).organizationId === R || dataOf(e).sentTo === R)
        : none
    case "volunteers":
      if (owner !== R) return none
      if (scope.as === "committee") return all
      if (scope.as === "volunteer") return events.filter((e) => dataOf(e).volunteerId === person)
      return none
    case "reads":
      return none
    default:
      // Activities (and each activity's, donation's and relief's own stream), campaigns,
      // meetings, assessments, the mediators' and auditors' rosters, its places, its reception days: the organization's own
      // committee (the owner is the events' organization, not the stream's id).
      return scope.as === "committee" && owner === R ? all : none
  }
}

const eventSchemas = (() => {
  const byTag = new Map<string, Schema.Top>()
  const walk = (schema: Schema.Top): void => {
    if ("members" in schema && Array.isArray(schema.members)) (schema.members as ReadonlyArray<Schema.Top>).forEach(walk)
    else for (const tag of tagsOf(schema)) byTag.set(tag, schema)
  }
  walk(Domain.Event)
  return byTag
})()

const maskAt = (value: unknown, path: ReadonlyArray<string>): unknown => {
  if (path.length === 0) return value === undefined ? value : masked
  if (Array.isArray(value)) return path[0] === "*" ? value.map((v) => maskAt(v, path.slice(1))) : value
  if (value === null || typeof value !== "object") return value
  const [head, ...rest] = path
  const record = value as Record<string, unknown>
  if (head === "*") return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, maskAt(v, rest)]))
  if (!(head! in record)) return value
  return { ...record, [head!]: maskAt(record[head!], rest) }
}

/** An event with its personal data masked (names, addresses, narratives, notes; and the reason in its metadata). */
export const mask = (envelope: Envelope<Domain.Event>): Envelope<Domain.Event> => {
  const schema = eventSchemas.get(envelope.event._tag)
  const paths = schema === undefined ? [] : PersonalData.paths(schema)
  const event = paths.reduce<unknown>((v, p) => maskAt(v, p), envelope.event) as Domain.Event
  const data = paths.reduce<unknown>((v, p) => maskAt(v, p), envelope.data) as RecordedEvent["data"]
  const metadata = envelope.metadata.reason === undefined ? envelope.metadata : { ...envelope.metadata, reason: masked }
  return { ...envelope, event, data, metadata }
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

const decodeAll = (events: ReadonlyArray<RecordedEvent>) =>
  Effect.forEach(events, (r) => Effect.map(Domain.codec.decode(r), (event) => envelopeOf(r, event)))

/** Records that the scope's reader read these cases (one `CaseRead` each). */
const logCaseReads = (scope: Scope, caseIds: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    if (caseIds.length === 0) return
    const store = yield* EventStore
    const policy = yield* Policy
    const now = yield* Clock.currentTimeMillis
    const at = calendarOf(policy).instantOf(now)
    const commandId = uuidV7(now)
    const { actor, purpose } = scope.reader
    yield* store.append([{
      stream: `${readLog.category}-${scope.organization}`,
      expected: "any",
      events: caseIds.map((caseId) => ({
        eventId: uuidV7(now),
        ...Domain.codec.encode(CaseRead.make({ organizationId: scope.organization, caseId, ...(purpose === undefined ? {} : { purpose }) }) as never),
        metadata: { actor, occurredAt: at, commandId, causationId: commandId, correlationId: commandId, ...(purpose === undefined ? {} : { reason: purpose }) }
      }))
    }])
  })

const present = (scope: Scope, events: ReadonlyArray<Envelope<Domain.Event>>) => (scope.masked ? events.map(mask) : events)

/**
 * A stream's events that the reader may read, decoded, in version order (masked for an
 * auditor who gave no purpose). A stream she may not read, like one that does not exist,
 * gives none. Reading a case's records is logged.
 */
export const readStream = (
  reader: Reader,
  stream: string
): Effect.Effect<ReadonlyArray<Envelope<Domain.Event>>, ReadRefused | EventStoreError, EventStore | Policy> =>
  Effect.gen(function*() {
    const scope = yield* scopeOf(reader)
    const store = yield* EventStore
    const events = yield* Effect.flatMap(store.readStream(stream), decodeAll)
    const visible = yield* entitled(scope, stream, events, lookups(store))
    if (visible.length > 0 && streamParts(stream)?.category === "case") yield* logCaseReads(scope, [streamParts(stream)!.id])
    return present(scope, visible)
  })

/**
 * The events of a stream that the reader may read, oldest first, read from the store page by
 * page (`pageSize`, default 100), so that memory holds one page however long the stream: what
 * she may read of a stream is judged from its first event and each event's own fields. Case and
 * report streams, whose rules look across the whole stream and which stay short (one case, one
 * report), are read whole, as `readStream` reads them.
 */
export const streamEvents = (
  reader: Reader,
  stream: string,
  options: { readonly pageSize?: number | undefined } = {}
): Stream.Stream<Envelope<Domain.Event>, ReadRefused | EventStoreError, EventStore | Policy> =>
  Stream.unwrap(Effect.gen(function*() {
    const parts = streamParts(stream)
    if (parts === undefined || parts.category === "case" || parts.category === "report") {
      return Stream.fromIterableEffect(readStream(reader, stream))
    }
    const scope = yield* scopeOf(reader)
    const store = yield* EventStore
    const look = lookups(store)
    // Small pages: a page, and all a reader makes of it, is let go within V8's young generation.
    // A page of 1,000 outlives a young-generation collection and is promoted, and a long read
    // then takes some 80 MB more (docs/explanation/stream-growth.md, "Memory").
    const limit = Math.max(1, options.pageSize ?? 100)
    let first: Envelope<Domain.Event> | undefined
    // Plain effects, not a generator, for each page: a generator closed over a page keeps the
    // page alive through V8's young-generation collections, and a long read would promote every
    // page it reads to the old generation (docs/explanation/stream-growth.md, "Memory").
    const judge = (page: ReadonlyArray<Envelope<Domain.Event>>) => {
      first ??= page[0]
      const next = page.length < limit ? Option.none<number>() : Option.some(page[page.length - 1]!.version + 1)
      if (first === undefined || page.length === 0) return Effect.succeed([[], next] as const)
      // Judged with the stream's first event before the page, as a whole read judges it.
      const judged = page[0] === first ? page : [first, ...page]
      return Effect.map(entitled(scope, stream, judged, look), (visible) =>
        [present(scope, judged === page ? visible : visible.filter((e) => e !== first)), next] as const)
    }
    return Stream.paginate(1, (fromVersion: number) =>
      store.readStream(stream, { fromVersion, limit }).pipe(Effect.flatMap(decodeAll), Effect.flatMap(judge)))
  }))

/** A page of the log as the reader may read it: the events she may read, and where the next page starts. */
export interface Page {
  readonly events: ReadonlyArray<Envelope<Domain.Event>>
  /** The position to read after for the next page (the last position of the log read). */
  readonly next: number
}

/**
 * The reader's page of the global log, after a position: of `limit` events of the log, those
 * she may read. Reading case records is logged.
 */
export const readAll = (
  reader: Reader,
  page: { readonly after: number; readonly limit: number }
): Effect.Effect<Page, ReadRefused | EventStoreError, EventStore | Policy> =>
  Effect.gen(function*() {
    const scope = yield* scopeOf(reader)
    const store = yield* EventStore
    const raw = yield* store.readAll(page)
    const look = lookups(store)
    const visibleIds = new Set<string>()
    const byStream = new Map<string, Array<string>>()
    for (const r of raw) byStream.set(r.stream, [...(byStream.get(r.stream) ?? []), r.eventId])
    for (const stream of byStream.keys()) {
      // Entitlement may turn on a stream's earlier events (who held a case): read the whole stream.
      const events = yield* Effect.flatMap(store.readStream(stream), decodeAll)
      for (const e of yield* entitled(scope, stream, events, look)) visibleIds.add(e.eventId)
    }
    const visible = (yield* decodeAll(raw)).filter((e) => visibleIds.has(e.eventId))
    const cases = [...new Set(visible.map((e) => streamParts(e.stream)).filter((p) => p?.category === "case").map((p) => p!.id))]
    yield* logCaseReads(scope, cases)
    return { events: present(scope, visible), next: raw.length === 0 ? page.after : raw[raw.length - 1]!.position }
  })

/**
 * Whether a scope entitles its reader to an organization's reports and its figures: its own
 * committee's, the committee's of the organization they are sent to (directly above), or an
 * auditor's of it or an organization above it. Refused with `ReadRefused` otherwise.
 */
export const mayReadReportsOf = (scope: Scope, organizationId: string): Effect.Effect<void, ReadRefused | EventStoreError, EventStore> =>
  Effect.gen(function*() {
    const chain = yield* lookups(yield* EventStore).chain(organizationId)
    const entitledTo = scope.as === "auditor"
      ? chain.includes(scope.organization)
      : scope.as === "committee" && (chain[0] === scope.organization || chain[1] === scope.organization)
    if (!entitledTo) {
      return yield* new ReadRefused({
        reader: scope.reader.actor,
        detail: `the reports of ${organizationId} are read by its committee, by the committee of the organization they are sent to, and by the auditors above it`
      })
    }
  })
