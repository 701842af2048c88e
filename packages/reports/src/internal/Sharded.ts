/**
 * A record of many keys kept as shards (a record of records, by a hash of the key), so that
 * a pure fold that sets one key copies one small shard instead of the whole record: folding
 * n events into a record of n keys stays near-linear. Plain JSON, as projection state must be.
 *
 * @since 0.1.0
 */

/** A record split into shards by a hash of its keys. */
export type Sharded<V> = Readonly<Record<string, Readonly<Record<string, V>>>>

const SHARDS = 64

/** The shard of a key: FNV-1a of its UTF-16 code units. */
const shardOf = (key: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return String((h >>> 0) % SHARDS)
}

/** An empty record. */
export const empty: Sharded<never> = {}

/** The value of a key, if set. */
export const get = <V>(record: Sharded<V>, key: string): V | undefined => {
  const shard = record[shardOf(key)]
  return shard !== undefined && Object.hasOwn(shard, key) ? shard[key] : undefined
}

/** The record with a key set to a value. */
export const set = <V>(record: Sharded<V>, key: string, value: V): Sharded<V> => {
  const k = shardOf(key)
  return { ...record, [k]: { ...record[k], [key]: value } }
}

/** Every key and value (in no particular order). */
export const entries = <V>(record: Sharded<V>): ReadonlyArray<readonly [string, V]> =>
  Object.values(record).flatMap((shard) => Object.entries(shard))

/** Every value (in no particular order). */
export const values = <V>(record: Sharded<V>): ReadonlyArray<V> => Object.values(record).flatMap((shard) => Object.values(shard))

/** How many keys are set. */
export const size = (record: Sharded<unknown>): number => Object.values(record).reduce((n, shard) => n + Object.keys(shard).length, 0)
