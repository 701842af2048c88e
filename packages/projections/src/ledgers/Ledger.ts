/**
 * What every ledger (台帐) shares: the options of its query (the moment the deadlines are
 * judged at, and the policy in force), and the folding of an aggregate's own `evolve` per
 * instance into a projection state that stays plain JSON.
 *
 * A ledger is a projection plus a query: the projection folds the events into a state that
 * the projection stores keep as JSON; the query `rows(state, { asOf, policy, ... })` turns
 * that state into typed rows with their flags, using the pure flag functions of the domain's
 * modules (`Case.flags`, `Term.filingOverdue`, `Award.dueForRecheck`, …), so that no rule of
 * the domain is written twice.
 *
 * @since 0.1.0
 */
import type { Envelope } from "@fulian/core/CommandHandler"
import type { Aggregate } from "@fulian/core/Decider"
import type * as Domain from "@fulian/core/Domain"
import { tagsOf } from "@fulian/core/EventCodec"
import type { PolicyShape } from "@fulian/core/Policy"
import { dateOf, type LocalDate, toMillis } from "@fulian/core/Time"

/**
 * The options every ledger query takes. The rows show the events the state was folded from;
 * `asOf` is the moment their deadlines are judged at (a registration late, a result overdue,
 * a re-check due) and should not be earlier than the last of those events.
 */
export interface Options {
  /** An instant (`2026-06-30T16:00:00Z`) or a date (`2026-06-30`, meaning its UTC midnight). */
  readonly asOf: string
  /** The policy in force (`Policy.defaults`, or an organization's own numbers). */
  readonly policy: PolicyShape
}

/** The epoch milliseconds of `asOf`; an `asOf` that is not a date or instant is a defect. */
export const millisOf = (asOf: string): number => {
  const millis = toMillis(asOf)
  if (Number.isNaN(millis)) throw new RangeError(`asOf must be an ISO 8601 date or instant, not ${JSON.stringify(asOf)}`)
  return millis
}

/** The UTC date of `asOf`. */
export const dateOfAsOf = (asOf: string): LocalDate => dateOf(millisOf(asOf))

/**
 * An aggregate's instances as a projection keeps them: each one's state as plain JSON, by id,
 * in buckets by a hash of the id — so that applying an event copies one bucket and the index
 * of buckets, not every instance. Read it through `Fold`.
 */
export type Instances = { readonly [bucket: string]: { readonly [id: string]: unknown } }

const BUCKETS = 256

/** The bucket of an id: FNV-1a, 32 bits, modulo the bucket count, in hex. */
const bucketOf = (id: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return ((h >>> 0) % BUCKETS).toString(16).padStart(2, "0")
}

const MAP = "@map"

// The JSON made of each live value and the live value of each JSON object, by identity, so
// that folding one event converts only what it changed. Safe because neither the aggregates'
// states nor the projection states are ever mutated: a changed value is a new object.
const jsonOf = new WeakMap<object, unknown>()
const liveOf = new WeakMap<object, unknown>()

/**
 * An aggregate state as plain JSON: a `Map` becomes `{ "@map": [[key, value], …] }` and
 * `undefined` properties are left out, as JSON would leave them out.
 */
export const toJson = (value: unknown): unknown => {
  if (value === null || typeof value !== "object") return value
  const known = jsonOf.get(value)
  if (known !== undefined) return known
  let json: unknown
  if (value instanceof Map) json = { [MAP]: [...value].map(([k, v]) => [k, toJson(v)]) }
  else if (Array.isArray(value)) json = value.map(toJson)
  else {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v)
    json = out
  }
  jsonOf.set(value, json)
  liveOf.set(json as object, value)
  return json
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
  jsonOf.set(live as object, value)
  return live
}

/** Folds the events of one aggregate, per instance, with the aggregate's own `evolve`. */
export interface Fold<S> {
  /** The id of the instance an envelope belongs to, or `undefined` if it is not of this aggregate. */
  readonly idOf: (envelope: Envelope<Domain.Event>) => string | undefined
  /** The instances after the envelope (the same object when the envelope is not of this aggregate). */
  readonly apply: (instances: Instances, envelope: Envelope<Domain.Event>) => Instances
  /** One instance's state (the aggregate's initial state when it has no events). */
  readonly get: (instances: Instances, id: string) => S
  /** The ids of the instances with events, sorted. */
  readonly ids: (instances: Instances) => ReadonlyArray<string>
  /** Every instance with events, by id order. */
  readonly all: (instances: Instances) => ReadonlyArray<readonly [string, S]>
}

/**
 * The per-instance fold of an aggregate. `prepare` may change an event before `evolve` sees
 * it, for a ledger that must not keep what the aggregate keeps (personal data).
 */
export const fold = <S, E extends Domain.Event>(
  aggregate: Aggregate<S, E>,
  prepare: (event: E) => E = (event) => event
): Fold<S> => {
  const prefix = `${aggregate.category}-`
  const tags = new Set(tagsOf(aggregate.events))
  const get = (instances: Instances, id: string): S => {
    const stored = instances[bucketOf(id)]?.[id]
    return stored === undefined ? aggregate.initial : (fromJson(stored) as S)
  }
  const idOf = (envelope: Envelope<Domain.Event>) =>
    envelope.stream.startsWith(prefix) && tags.has(envelope.event._tag) ? envelope.stream.slice(prefix.length) : undefined
  const ids = (instances: Instances) => Object.values(instances).flatMap((bucket) => Object.keys(bucket)).sort()
  return {
    idOf,
    get,
    ids,
    apply: (instances, envelope) => {
      const id = idOf(envelope)
      if (id === undefined) return instances
      const bucket = bucketOf(id)
      const state = toJson(aggregate.evolve(get(instances, id), prepare(envelope.event as E)))
      return { ...instances, [bucket]: { ...instances[bucket], [id]: state } }
    },
    all: (instances) => ids(instances).map((id) => [id, get(instances, id)] as const)
  }
}

/** Sorts by a string key. */
export const byKey = <A>(key: (a: A) => string) => (a: A, b: A): number => {
  const x = key(a)
  const y = key(b)
  return x < y ? -1 : x > y ? 1 : 0
}
