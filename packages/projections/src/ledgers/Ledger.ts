/**
 * What every ledger (台帐) shares: the options of its query (the moment it is judged at, the
 * policy in force, the area it is drawn for), the two times of every record, and the folding
 * of an aggregate's own `evolve` per instance into a projection state that stays plain JSON.
 *
 * A ledger is a projection plus queries: the projection folds the events into a state that
 * the projection stores keep as JSON; `rows(state, { asOf, policy, within })` turns that
 * state into typed rows with their flags, using the pure flag functions of the domain's
 * modules (`Case.flags`, `Term.filingOverdue`, `Award.dueForRecheck`, …), and `figures(...)`
 * counts those rows for a period. Reports read the same `figures`, so a figure that a ledger
 * and a report both show is computed once (DOMAIN.md §9).
 *
 * Every record has two times (DOMAIN.md §0): when its fact happened and when it was
 * recorded. A fold counts, per instance, how many of its records were entered how many days
 * late (`Lags`), so that a ledger marks what was entered late (补录) by the policy's number of
 * days in force when it is drawn. Days are local days of the federation's calendar, which is
 * why each ledger's projection is made for a calendar.
 *
 * @since 0.1.0
 */
import type { Envelope } from "@fulian/core/CommandHandler"
import type { Aggregate } from "@fulian/core/Decider"
import * as Domain from "@fulian/core/Domain"
import { tagsOf } from "@fulian/core/EventCodec"
import { maxLateEntryDays, type PolicyShape } from "@fulian/core/Policy"
import {
  type Calendar,
  calendarOf,
  type DateRange,
  daysBetween,
  defaultTimeZone,
  isLocalDate,
  type JudgedAt,
  judgedAt,
  type LocalDate
} from "@fulian/core/Time"
import * as Table from "../Table.ts"

/**
 * The options every ledger query takes. The rows show the events the state was folded from;
 * `asOf` is the moment their deadlines are judged at (a registration late, a result overdue,
 * a re-check due) and should not be earlier than the last of those events.
 */
export interface Options {
  /**
   * A date (`2026-06-30`: judged at the end of that local day) or an instant
   * (`2026-06-30T18:00:00+08:00`).
   */
  readonly asOf: string
  /** The policy in force (`Policy.defaults`, or an organization's own numbers and time zone). */
  readonly policy: PolicyShape
}

/** The moment and local day `asOf` is judged at; an `asOf` that is not a date or instant is a defect. */
export const judged = (options: Options): JudgedAt => {
  const at = judgedAt(options.asOf, calendarOf(options.policy))
  if (at === undefined) throw new RangeError(`asOf must be a date or an ISO 8601 instant with its offset, not ${JSON.stringify(options.asOf)}`)
  return at
}

/** The projection name of a ledger for a calendar: the name itself in the default zone, `name@zone` in another. */
export const nameFor = (name: string, calendar: Calendar): string => (calendar.zone === defaultTimeZone ? name : `${name}@${calendar.zone}`)

// ---------------------------------------------------------------------------------------------
// The two times of a record
// ---------------------------------------------------------------------------------------------

/** The local day an event's fact happened on (its `occurredAt`, a date or an instant). */
export const occurredOn = (envelope: { readonly metadata: { readonly occurredAt: string } }, calendar: Calendar): LocalDate => {
  const occurredAt = envelope.metadata.occurredAt
  return isLocalDate(occurredAt) ? occurredAt : calendar.dateOf(occurredAt)
}

/** The local day an event was recorded on. */
export const recordedOn = (envelope: { readonly metadata: { readonly recordedAt: string } }, calendar: Calendar): LocalDate =>
  calendar.dateOf(envelope.metadata.recordedAt)

// The lag of the two times last asked about, in the calendar it was counted in: every ledger of
// a run asks about a record in turn before the next one, and the records of one command (of one
// append) share their times, so it is counted once for all of them. By the times' values, not
// the record: a `WeakMap` entry per record cost more than the counting.
let lastLag: { occurredAt: string; recordedAt: string; calendar: Calendar; days: number } | undefined

/** Whole local days from the day a fact happened to the day it was recorded. */
export const lagDays = (envelope: Envelope<Domain.Event>, calendar: Calendar): number => {
  const { occurredAt, recordedAt } = envelope.metadata
  if (lastLag !== undefined && lastLag.occurredAt === occurredAt && lastLag.recordedAt === recordedAt && lastLag.calendar === calendar) {
    return lastLag.days
  }
  const days = daysBetween(occurredOn(envelope, calendar), recordedOn(envelope, calendar))
  lastLag = { occurredAt, recordedAt, calendar, days }
  return days
}

/**
 * How many records were entered how many days after their fact (only those entered a day or
 * more later), as `[days, records]` pairs by days: `[[2, 1], [367, 40]]`.
 */
export type Lags = ReadonlyArray<readonly [days: number, records: number]>

/**
 * Lags with one more record entered `days` late (unchanged for a record of the same day). Lags
 * longer than the longest `lateEntryDays` a policy may set are kept together (as one more day
 * than it): they are late under any policy, and a record of lags stays small.
 */
export const addLag = (lags: Lags | undefined, days: number): Lags | undefined => {
  if (days < 1) return lags
  const d = Math.min(days, maxLateEntryDays + 1)
  if (lags === undefined) return [[d, 1]]
  let i = 0
  while (i < lags.length && lags[i]![0] < d) i++
  const out = lags.slice()
  if (i < lags.length && lags[i]![0] === d) out[i] = [d, lags[i]![1] + 1]
  else out.splice(i, 0, [d, 1])
  return out
}

/** Lags of two sets of records together. */
export const mergeLags = (a: Lags | undefined, b: Lags | undefined): Lags | undefined => {
  if (a === undefined) return b
  if (b === undefined) return a
  const out: Array<readonly [number, number]> = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const x = a[i]
    const y = b[j]
    if (y === undefined || (x !== undefined && x[0] < y[0])) out.push(a[i++]!)
    else if (x === undefined || y[0] < x[0]) out.push(b[j++]!)
    else {
      out.push([x[0], x[1] + y[1]])
      i++
      j++
    }
  }
  return out
}

/** 补录: how many records were entered later than `policy.lateEntryDays` after their fact. */
export const lateEntries = (lags: Lags | undefined, policy: Pick<PolicyShape, "lateEntryDays">): number => {
  let n = 0
  for (const [days, records] of lags ?? []) if (days > policy.lateEntryDays) n += records
  return n
}

/** The flag every ledger's row carries when some of its records were entered late (补录). */
export type LateFlag = "entered-late"

// ---------------------------------------------------------------------------------------------
// Areas and periods
// ---------------------------------------------------------------------------------------------

/**
 * The organizations a ledger is drawn for: an organization and every one below it (a street's
 * area holds its communities and their buildings). Made by `Organizations.area`.
 */
export interface Area {
  readonly organizationId: string
  readonly ids: ReadonlySet<string>
}

/** Whether an organization is within an area (every one is, without an area). */
export const inArea = (area: Area | undefined, organizationId: string | undefined): boolean =>
  area === undefined || (organizationId !== undefined && area.ids.has(organizationId))

/** Whether a date is within a period (both ends included). */
export const inPeriod = (period: DateRange, date: LocalDate | undefined): boolean =>
  date !== undefined && period.from <= date && date <= period.to

/** The months (`YYYY-MM`) a period touches, in order. */
export const monthsOf = (period: DateRange): ReadonlyArray<string> => {
  const months: Array<string> = []
  let [y, m] = [Number(period.from.slice(0, 4)), Number(period.from.slice(5, 7))]
  const last = period.to.slice(0, 7)
  for (;;) {
    const month = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`
    if (month > last) return months
    months.push(month)
    if (++m > 12) [y, m] = [y + 1, 1]
  }
}

// ---------------------------------------------------------------------------------------------
// Folding an aggregate per instance
// ---------------------------------------------------------------------------------------------

/**
 * An aggregate's instances as a projection keeps them: a table with a row per instance, its
 * state as plain JSON (`s`) and the lags of its records (`l`), by id — so that applying an
 * event writes one row. Read it through `Reader`.
 */
export type Instances = Table.Table<Instance>

/** One instance as a ledger's table keeps it. */
export interface Instance {
  readonly s: unknown
  readonly l?: Lags
}

const MAP = "@map"

// The live value of each JSON object read back, by identity, so that a row read again is not
// converted again. Safe because neither the aggregates' states nor the projection states are
// ever mutated: a changed value is a new object.
const liveOf = new WeakMap<object, unknown>()

/**
 * An aggregate state as plain JSON: a `Map` becomes `{ "@map": [[key, value], …] }` and
 * `undefined` properties are left out, as JSON would leave them out.
 */
export const toJson = (value: unknown): unknown => {
  const text = JSON.stringify(withoutMaps(value))
  return text === undefined ? undefined : JSON.parse(text)
}

/** The aggregate state that `toJson` made plain JSON of. */
export const fromJson = (value: unknown): unknown => {
  if (value === null || typeof value !== "object") return value
  const known = liveOf.get(value)
  if (known !== undefined) return known
  let live: unknown
  const entries = (value as Record<string, unknown>)[MAP]
  if (Array.isArray(value)) live = value.map(fromJson)
  else if (Array.isArray(entries)) live = new Map(entries.map(([k, v]: [unknown, unknown]) => [k, fromJson(v)]))
  else {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = fromJson(v)
    live = out
  }
  liveOf.set(value, live)
  return live
}

/**
 * An instance as a run holds it after folding an event: its live state, made plain JSON only
 * when the row is saved or read as JSON (`s`), so that a page folding several events of one
 * instance converts its state once.
 */
class Held implements Instance {
  readonly l?: Lags
  constructor(readonly live: unknown, l: Lags | undefined) {
    if (l !== undefined) this.l = l
  }
  get s(): unknown {
    return toJson(this.live)
  }
  toJSON(): Instance {
    return this.l === undefined ? { s: withoutMaps(this.live) } : { s: withoutMaps(this.live), l: this.l }
  }
}

/**
 * A state with each `Map` in it made `{ "@map": [[key, value], …] }`, copying only the objects
 * on the way to a `Map` (it leaves `undefined` properties to `JSON.stringify` to leave out): what
 * a row is saved as, and what `toJson` parses back.
 */
const withoutMaps = (value: unknown): unknown => {
  if (value === null || typeof value !== "object") return value
  if (value instanceof Map) return { [MAP]: [...value].map(([k, v]) => [k, withoutMaps(v)]) }
  if (Array.isArray(value)) {
    let out: Array<unknown> | undefined
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i]
      const w = withoutMaps(v)
      if (w !== v) (out ??= [...value])[i] = w
    }
    return out ?? value
  }
  let out: Record<string, unknown> | undefined
  // `for in`, not `Object.entries`: a row is saved at every page, and the entries are garbage.
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue
    const v: unknown = (value as Record<string, unknown>)[k]
    const w = withoutMaps(v)
    if (w !== v) (out ??= { ...value })[k] = w
  }
  return out ?? value
}

/** Reads an aggregate's instances as a projection keeps them. */
export interface Reader<S> {
  /** The id of the instance an envelope belongs to, or `undefined` if it is not of this aggregate. */
  readonly idOf: (envelope: Envelope<Domain.Event>) => string | undefined
  /** One instance's state (the aggregate's initial state when it has no events). */
  readonly get: (instances: Instances, id: string) => S
  /** The lags of one instance's records. */
  readonly lags: (instances: Instances, id: string) => Lags | undefined
  /** The ids of the instances with events, sorted. */
  readonly ids: (instances: Instances) => ReadonlyArray<string>
  /** Every instance with events, by id order. */
  readonly all: (instances: Instances) => ReadonlyArray<readonly [string, S]>
}

/** The rows an event reads: `[table, key]` pairs (`Projection.rows`'s `reads`). */
export type Reads = ReadonlyArray<readonly [string, string]>

/** No rows: the reads of an event a fold does not take (one array for all, not one per event). */
export const noReads: Reads = Object.freeze([])

/** The rows two folds read for an event, together: no new array when only one of them reads any. */
export const bothReads = (a: Reads, b: Reads): Reads => (a.length === 0 ? b : b.length === 0 ? a : [...a, ...b])

/** Folds the events of one aggregate, per instance, with the aggregate's own `evolve`. */
export interface Fold<S> extends Reader<S> {
  /** The instances after the envelope (the same object when the envelope is not of this aggregate). */
  readonly apply: (instances: Instances, envelope: Envelope<Domain.Event>) => Instances
  /** The row `apply` reads for the envelope, in the table the instances are kept in (`Projection.rows`'s `reads`). */
  readonly reads: (table: string, envelope: Envelope<Domain.Event>) => Reads
}

const entryOf = (instances: Instances, id: string) => Table.get(instances, id)

/** Reads the instances of an aggregate that a `fold` of it keeps. */
export const reader = <S, E extends Domain.Event>(aggregate: Aggregate<S, E>): Reader<S> => {
  const prefix = `${aggregate.category}-`
  const tags = new Set(tagsOf(aggregate.events))
  const get = (instances: Instances, id: string): S => {
    const stored = entryOf(instances, id)
    return stored === undefined ? aggregate.initial : ((stored instanceof Held ? stored.live : fromJson(stored.s)) as S)
  }
  const ids = (instances: Instances) => Table.keys(instances)
  return {
    idOf: (envelope) =>
      envelope.stream.startsWith(prefix) && tags.has(envelope.event._tag) ? envelope.stream.slice(prefix.length) : undefined,
    get,
    lags: (instances, id) => entryOf(instances, id)?.l,
    ids,
    all: (instances) => ids(instances).map((id) => [id, get(instances, id)] as const)
  }
}

// The event last stripped of its personal data, as stripped: the ledgers that fold the same
// aggregates (households, meetings) strip each event in turn, so it is stripped once.
let lastStripped: { event: Domain.Event; out: Domain.Event } | undefined

const withoutPersonalData = (event: Domain.Event): Domain.Event => {
  if (lastStripped?.event === event) return lastStripped.out
  const out = Domain.withoutPersonalData(event)
  lastStripped = { event, out }
  return out
}

/**
 * The per-instance fold of an aggregate, in a calendar (whose days the lags of its records are
 * counted in). Every event is folded without its personal data (`Domain.withoutPersonalData`):
 * a ledger keeps none, so nothing of it survives an erasure in a projection store. `prepare`
 * may change an event further before `evolve` sees it.
 */
export const fold = <S, E extends Domain.Event>(
  aggregate: Aggregate<S, E>,
  calendar: Calendar,
  prepare: (event: E) => E = (event) => event
): Fold<S> => {
  const read = reader(aggregate)
  return {
    ...read,
    reads: (table, envelope) => {
      const id = read.idOf(envelope)
      return id === undefined ? noReads : [[table, id]]
    },
    apply: (instances, envelope) => {
      const id = read.idOf(envelope)
      if (id === undefined) return instances
      const before = entryOf(instances, id)
      const s = aggregate.evolve(read.get(instances, id), prepare(withoutPersonalData(envelope.event) as E))
      return Table.set(instances, id, new Held(s, addLag(before?.l, lagDays(envelope, calendar))))
    }
  }
}

/**
 * The key of a row made of several ids (`keyOf(communityId, representativeId)`), joined by a
 * character no id may hold (a control character, U+001F), so that two keys never collide and
 * the first id is found again (`firstOf`).
 */
export const keyOf = (...ids: ReadonlyArray<string>): string => ids.join("\u001f")

/** The first id of a key made by `keyOf`, and the rest of the key. */
export const firstOf = (key: string): readonly [string, string] => {
  const at = key.indexOf("\u001f")
  return at < 0 ? [key, ""] : [key.slice(0, at), key.slice(at + 1)]
}

/** Sorts by a string key. */
export const byKey = <A>(key: (a: A) => string) => (a: A, b: A): number => {
  const x = key(a)
  const y = key(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** The sum of some numbers. */
export const sum = (values: Iterable<number>): number => {
  let n = 0
  for (const v of values) n += v
  return n
}

/** Counts by key, with every key of `keys` present (0 where none). */
export const countBy = <K extends string, A>(keys: ReadonlyArray<K>, items: Iterable<A>, keyOf: (a: A) => K | undefined): { [k in K]: number } => {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as { [k in K]: number }
  for (const item of items) {
    const k = keyOf(item)
    if (k !== undefined) out[k]++
  }
  return out
}
