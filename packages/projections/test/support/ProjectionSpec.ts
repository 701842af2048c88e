/**
 * Given/then specifications of projections: given these events, then these rows.
 *
 *   given(Cases.projection,
 *     on(Organization.aggregate, "c1", [registered], { at: "2026-01-05T09:00:00Z" }),
 *     on(Case.aggregate, "k1", [caseRegistered], { at: "2026-03-02T09:00:00Z", actor: mediator })
 *   ).then((state) => Cases.rows(state, { asOf: "2026-03-03T09:00:00Z", policy }).lateRegistrations, ["k1"])
 *
 * Each group of events is one append, as a command makes it: the events are encoded as the
 * store keeps them, given stream versions and global positions in order, metadata (actor,
 * occurredAt, recordedAt, reason, command, causation and correlation ids) and decoded back
 * through the domain's codec, then applied to the projection one by one. The fold is run twice
 * — once keeping the state in memory, once round-tripping it through JSON after every event,
 * as a projection store would between pages — and both must give the same state and rows.
 */
import { Clock, Effect, Layer } from "effect"
import { expect } from "vitest"
import type { Actor } from "@fulian/core/Actor"
import type { Envelope } from "@fulian/core/CommandHandler"
import { type Aggregate, streamName } from "@fulian/core/Decider"
import * as Domain from "@fulian/core/Domain"
import { type Calendar, calendar, defaultTimeZone, toMillis } from "@fulian/core/Time"
import { EventStore, type RecordedEvent, type StreamWrite } from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as Projection from "../../src/Projection.ts"
import * as Table from "../../src/Table.ts"

/** What an append of given events carries besides the events. */
export interface Meta {
  /** When the command ran (occurredAt, and recordedAt unless told); by default a minute after the previous append. */
  readonly at?: string
  /** When it was recorded, if later than `at` (an entry copied in late, 补录). */
  readonly recordedAt?: string
  /** Who gave the command; by default the chair of the events' organization. */
  readonly actor?: Actor
  readonly reason?: string
}

/** One append of a spec's events: a stream and its events, with metadata. */
export interface Given {
  readonly stream: string
  readonly events: ReadonlyArray<Domain.Event>
  readonly meta: Meta
}

/** Events of one aggregate instance, appended together. */
export const on = <S, E extends Domain.Event>(
  aggregate: Aggregate<S, E>,
  id: string,
  events: ReadonlyArray<E>,
  meta: Meta = {}
): Given => ({ stream: streamName(aggregate, id), events, meta })

const START = toMillis("2026-01-01T00:00:00.000Z")

/** A uuid v7 of a time and a sequence number: ordered, and the same on every run. */
export const uuid7 = (millis: number, sequence: number): string => {
  const t = millis.toString(16).padStart(12, "0")
  const s = sequence.toString(16).padStart(18, "0")
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${s.slice(0, 3)}-8${s.slice(3, 6)}-${s.slice(6, 18)}`
}

const organizationOf = (event: Domain.Event): string => {
  const e = event as { organizationId?: unknown; from?: unknown; assignedBy?: unknown }
  for (const v of [e.organizationId, e.from, e.assignedBy]) if (typeof v === "string") return v
  return "unknown"
}

/** The appends of a spec with their metadata, as `StreamWrite`s and with the time of each. */
const plan = (given: ReadonlyArray<Given>) => {
  let at = START
  let sequence = 0
  return given.map((g) => {
    at = g.meta.at !== undefined ? toMillis(g.meta.at) : at + 60_000
    const occurredAt = new Date(at).toISOString()
    const commandId = uuid7(at, ++sequence)
    const actor = g.meta.actor ?? { person: `chair@${organizationOf(g.events[0]!)}`, role: "chair", organization: organizationOf(g.events[0]!) }
    const write: StreamWrite = {
      stream: g.stream,
      expected: "any",
      events: g.events.map((event) => ({
        eventId: uuid7(at, ++sequence),
        // Through JSON, as every store keeps the data.
        ...(JSON.parse(JSON.stringify(Domain.codec.encode(event))) as { type: string; schemaVersion: number; data: unknown }),
        metadata: { actor, occurredAt, reason: g.meta.reason, commandId, causationId: commandId, correlationId: commandId }
      }))
    }
    return { write, occurredAt, recordedAt: g.meta.recordedAt === undefined ? occurredAt : new Date(toMillis(g.meta.recordedAt)).toISOString() }
  })
}

/** The envelopes a store would give a reader of the given appends: positions 1, 2, 3, … */
export const envelopes = (given: ReadonlyArray<Given>): ReadonlyArray<Envelope<Domain.Event>> => {
  const versions = new Map<string, number>()
  const hashes = new Map<string, string>()
  let position = 0
  return plan(given).flatMap(({ write, recordedAt }) =>
    write.events.map((e): Envelope<Domain.Event> => {
      const version = (versions.get(write.stream) ?? 0) + 1
      versions.set(write.stream, version)
      const stored: Omit<RecordedEvent, "hash"> = {
        eventId: e.eventId,
        stream: write.stream,
        version,
        position: ++position,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: { ...e.metadata, recordedAt }
      }
      const recorded: RecordedEvent = { ...stored, hash: Integrity.eventHash(hashes.get(write.stream) ?? Integrity.genesis, stored) }
      hashes.set(write.stream, recorded.hash)
      return { ...recorded, event: Effect.runSync(Domain.codec.decode(recorded)) }
    })
  )
}

/**
 * The clock of the spec store: the store stamps each append's `recordedAt` from it, and
 * `appendAll` sets it to the time each append was recorded.
 */
const storeTime = { millis: START }

const specClock: Clock.Clock = (() => {
  const live = Clock.Clock.defaultValue()
  return {
    currentTimeMillisUnsafe: () => storeTime.millis,
    currentTimeMillis: Effect.sync(() => storeTime.millis),
    currentTimeNanosUnsafe: () => BigInt(storeTime.millis) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(storeTime.millis) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: live.monotonicTimeNanos,
    sleep: (duration) => live.sleep(duration)
  }
})()

/**
 * A fresh in-memory event store whose own clock `appendAll` sets, so that a spec's records are
 * recorded when the spec says (`Meta.recordedAt`), as `envelopes` has them.
 */
export const specStore: Layer.Layer<EventStore> = Layer.sync(EventStore, () => MemoryEventStore.make(specClock))

/** Appends the given events to the event store in service, one append per group, each recorded at its time. */
export const appendAll = (given: ReadonlyArray<Given>) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    for (const { write, recordedAt } of plan(given)) {
      storeTime.millis = toMillis(recordedAt)
      yield* store.append([write])
    }
  })

/** Fails unless a value is plain JSON data (or has a `toJSON` that gives it): what the projection stores keep. */
export const expectPlainJson = (value: unknown, path = "state"): void => {
  const toJSON = typeof value === "object" && value !== null ? (value as { toJSON?: unknown }).toJSON : undefined
  if (typeof toJSON === "function") return expectPlainJson(toJSON.call(value), `${path}.toJSON()`)
  if (value === null || typeof value === "string" || typeof value === "boolean") return
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}, which JSON cannot keep`)
    return
  }
  if (Array.isArray(value)) return value.forEach((v, i) => expectPlainJson(v, `${path}[${i}]`))
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) throw new Error(`${path} is a ${proto?.constructor?.name ?? "class instance"}, not plain JSON`)
    for (const [k, v] of Object.entries(value)) if (v !== undefined) expectPlainJson(v, `${path}.${k}`)
    return
  }
  throw new Error(`${path} is a ${typeof value}, not plain JSON`)
}

/** Fails unless a state is what its projection store can keep: plain JSON, or tables of plain JSON rows. */
export const expectStorable = <S>(projection: Projection.Projection<S>, state: S): void => {
  if (!Projection.isRows(projection)) return expectPlainJson(state)
  for (const [name, table] of Object.entries(state as Projection.Tables)) {
    if (!Table.isTable(table)) throw new Error(`state.${name} is not a table`)
    for (const [key, row] of Table.entries(table)) expectPlainJson(row, `state.${name}[${JSON.stringify(key)}]`)
  }
}

/** A state as plain data: the state itself for a document, each table as an object of its rows. */
export const plain = <S>(projection: Projection.Projection<S>, state: S): unknown =>
  JSON.parse(JSON.stringify(Projection.toJson(projection, state)))

/** A state as its projection store gives it back: every row (or the document) through JSON. */
const asStored = <S>(projection: Projection.Projection<S>, state: S): S =>
  Projection.isRows(projection)
    ? Object.fromEntries(Object.entries(state as Projection.Tables).map(([k, t]) => [
      k,
      Table.fromEntries(Table.entries(t).map(([key, row]) => [key, JSON.parse(JSON.stringify(row))]))
    ])) as S
    : JSON.parse(JSON.stringify(state)) as S

/** A projection's state after the given events, ready for its queries. */
export class Spec<S> {
  constructor(
    /** The state folded in memory. */
    readonly state: S,
    /** The state as a projection store would give it back after every event. */
    readonly stored: S
  ) {}

  /** The query's rows, which must be the same from either state. */
  rows<R>(query: (state: S) => R): R {
    const rows = query(this.state)
    expect(query(this.stored)).toEqual(rows)
    return rows
  }

  /** Then: the query gives exactly these rows. */
  then<R>(query: (state: S) => R, expected: R): this {
    expect(this.rows(query)).toEqual(expected)
    return this
  }
}

/** The calendar of specifications: the default time zone's. */
export const specCalendar: Calendar = calendar(defaultTimeZone)

/** Given these appends, the projection's state (a ledger's projection is made for the default calendar). */
export function given<S>(make: (calendar: Calendar) => Projection.Projection<S>, ...appends: ReadonlyArray<Given>): Spec<S>
export function given<S>(projection: Projection.Projection<S>, ...appends: ReadonlyArray<Given>): Spec<S>
export function given<S>(make: Projection.Projection<S> | ((calendar: Calendar) => Projection.Projection<S>), ...appends: ReadonlyArray<Given>): Spec<S> {
  const projection = typeof make === "function" ? make(specCalendar) : make
  let state = projection.initial
  let stored = asStored(projection, projection.initial)
  for (const envelope of envelopes(appends)) {
    state = projection.apply(state, envelope)
    expectStorable(projection, state)
    stored = asStored(projection, projection.apply(stored, envelope))
  }
  expect(plain(projection, stored)).toEqual(plain(projection, state))
  return new Spec(state, stored)
}
