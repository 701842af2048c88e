/**
 * The states decisions were last made on, one table per store instance, so that the next
 * command on a stream reads only the events appended since instead of the whole stream (or its
 * snapshot and tail). An entry is a stream's state at a version, for one aggregate: true of
 * the stream for good, because a stored stream only grows. A table keeps at most `capacity`
 * entries, the least recently used going first.
 *
 * Only the states of aggregates folded without personal data are kept (`cacheable`): those
 * with snapshots, and those whose events hold no personal field. An erasure leaves such a
 * state as it is, so an entry can never bring back what was erased.
 */
import type { Schema } from "effect"
import * as PersonalData from "../PersonalData.ts"
import { perStore } from "./PerStore.ts"

/** A stream's state at a version, and the version of the last snapshot known of it (0: none). */
export interface Entry {
  readonly aggregate: object
  readonly state: unknown
  readonly version: number
  readonly snapshot: number
}

/** One store's entries by stream, in the order of their last use. */
export interface Table {
  readonly entries: Map<string, Entry>
}

/** The table of a store instance (any object standing for it). */
export const of: (store: object) => Table = perStore(() => ({ entries: new Map() }))

const eligible = new WeakMap<object, boolean>()

/** Whether an aggregate's states may be kept: folded without personal data (see the module header). */
export const cacheable = (aggregate: { readonly events: Schema.Top; readonly snapshots?: unknown }): boolean => {
  let answer = eligible.get(aggregate)
  if (answer === undefined) {
    answer = aggregate.snapshots !== undefined || PersonalData.fields(aggregate.events).length === 0
    eligible.set(aggregate, answer)
  }
  return answer
}

/** The entry of a stream for this aggregate, marked as just used; `undefined` when there is none. */
export const get = (table: Table, stream: string, aggregate: object): Entry | undefined => {
  const entry = table.entries.get(stream)
  if (entry === undefined || entry.aggregate !== aggregate) return undefined
  table.entries.delete(stream)
  table.entries.set(stream, entry)
  return entry
}

/**
 * Keeps a stream's state, unless an entry of the same aggregate at a later version is kept
 * already (two commands may finish out of order); past `capacity`, the least recently used go.
 */
export const put = (table: Table, stream: string, entry: Entry, capacity: number): void => {
  if (capacity < 1) return
  const kept = table.entries.get(stream)
  if (kept !== undefined && kept.aggregate === entry.aggregate && kept.version > entry.version) return
  table.entries.delete(stream)
  table.entries.set(stream, entry)
  for (const oldest of table.entries.keys()) {
    if (table.entries.size <= capacity) break
    table.entries.delete(oldest)
  }
}
