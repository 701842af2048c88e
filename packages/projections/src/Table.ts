/**
 * A table of a row-style projection (`Projection.rows`): rows by key, immutable like the rest
 * of a projection's state, and knowing which keys changed since it was last saved — so that a
 * projection store writes only those rows, in the same transaction as the checkpoint, however
 * large the table has grown.
 *
 *   const t1 = Table.set(Table.empty<number>(), "qingshan", 1)
 *   Table.get(t1, "qingshan") // 1
 *
 * Setting or removing a row costs O(log n) (a hash array mapped trie, effect's `HashMap`), not a
 * copy of the table. A row must be plain JSON data, or a value whose `toJSON` gives plain JSON
 * data: the projection stores keep each row as its `JSON.stringify` text.
 *
 * While a projection runs, a table may hold only some of its rows (`partial`): those the
 * projection said it would read (`Projection.rows`'s `reads`), loaded from the store. Reading a
 * row it was not given is a defect (the projection did not declare it), never a silent "none".
 *
 * @since 0.2.0
 */
import { HashMap, HashSet, Option } from "effect"

const TypeId = "~@fulian/projections/Table" as const

/** The keys changed since the table was saved, most recent first (a key may repeat). */
interface Changes {
  readonly key: string
  readonly next: Changes | undefined
}

/** A table of rows by key. */
export interface Table<A> {
  readonly [TypeId]: typeof TypeId
  /** The rows, by key. */
  readonly rows: HashMap.HashMap<string, A>
  /** The keys set or removed since the table was last saved. */
  readonly changes: Changes | undefined
  /** For a table holding only some rows: the keys known to have none. `undefined`: the table is whole. */
  readonly absent: HashSet.HashSet<string> | undefined
}

const make = <A>(rows: HashMap.HashMap<string, A>, changes: Changes | undefined, absent: HashSet.HashSet<string> | undefined): Table<A> =>
  ({ [TypeId]: TypeId, rows, changes, absent })

const none: Table<never> = make(HashMap.empty(), undefined, undefined)
const nonePartial: Table<never> = make(HashMap.empty(), undefined, HashSet.empty())

/** A table that holds none of its rows yet, in part: rows are added to it as they are loaded (`withLoaded`). */
export const partial = <A>(): Table<A> => nonePartial

/** Whether a table holds only some of its rows. */
export const isPartial = <A>(table: Table<A>): boolean => table.absent !== undefined

/** Whether a table knows the row of a key: always for a whole table; for a partial one, once loaded or written. */
export const knows = <A>(table: Table<A>, key: string): boolean =>
  table.absent === undefined || HashMap.has(table.rows, key) || HashSet.has(table.absent, key)

/** A partial table with the row of a key as loaded from the store (`undefined`: it has none), not counted as a change. */
export const withLoaded = <A>(table: Table<A>, key: string, row: A | undefined): Table<A> =>
  row === undefined
    ? make(table.rows, table.changes, HashSet.add(table.absent ?? HashSet.empty(), key))
    : make(HashMap.set(table.rows, key, row), table.changes, table.absent)

/** A partial table holding only the rows (and known absences) of these keys, as saved (no changes). */
export const retain = <A>(table: Table<A>, keys: ReadonlySet<string>): Table<A> => {
  let rows = HashMap.empty<string, A>()
  let absent = HashSet.empty<string>()
  for (const key of keys) {
    const row = HashMap.get(table.rows, key)
    if (Option.isSome(row)) rows = HashMap.set(rows, key, row.value)
    else if (table.absent === undefined || HashSet.has(table.absent, key)) absent = HashSet.add(absent, key)
  }
  return make(rows, undefined, absent)
}

/** How many rows and known absences a table holds (what it costs to keep in memory). */
export const held = <A>(table: Table<A>): number => HashMap.size(table.rows) + (table.absent === undefined ? 0 : HashSet.size(table.absent))

const unknown = (key: string) =>
  new Error(`the row ${JSON.stringify(key)} was read but not loaded: the projection's reads must name every row its apply reads`)

const whole = <A>(table: Table<A>, what: string): void => {
  if (table.absent !== undefined) throw new Error(`${what} needs the whole table; this one holds only the rows a projection run loaded`)
}

/** A table without rows. */
export const empty = <A>(): Table<A> => none

/** Whether a value is a table. */
export const isTable = (u: unknown): u is Table<unknown> => typeof u === "object" && u !== null && TypeId in u

/** A table of these rows, as saved (no changes). */
export const fromEntries = <A>(entries: Iterable<readonly [string, A]>): Table<A> => make(HashMap.fromIterable(entries), undefined, undefined)

/** The row of a key, if there is one. */
export const get = <A>(table: Table<A>, key: string): A | undefined => {
  const row = HashMap.get(table.rows, key)
  if (Option.isSome(row)) return row.value
  if (table.absent !== undefined && !HashSet.has(table.absent, key)) throw unknown(key)
  return undefined
}

/** Whether a key has a row. */
export const has = <A>(table: Table<A>, key: string): boolean => get(table, key) !== undefined

/** The number of rows. */
export const size = <A>(table: Table<A>): number => {
  whole(table, "size")
  return HashMap.size(table.rows)
}

/** The table with the row of a key set (the same table when the row is the same value). */
export const set = <A>(table: Table<A>, key: string, row: A): Table<A> => {
  const before = HashMap.get(table.rows, key)
  return Option.isSome(before) && before.value === row
    ? table
    : make(HashMap.set(table.rows, key, row), { key, next: table.changes }, table.absent)
}

/** The table without the row of a key (the same table when it has none). */
export const remove = <A>(table: Table<A>, key: string): Table<A> =>
  has(table, key)
    ? make(HashMap.remove(table.rows, key), { key, next: table.changes }, table.absent && HashSet.add(table.absent, key))
    : table

/** The table with the row of a key changed by `f` (given `undefined` when there is none). */
export const modify = <A>(table: Table<A>, key: string, f: (row: A | undefined) => A): Table<A> => set(table, key, f(get(table, key)))

/** The keys, sorted. */
export const keys = <A>(table: Table<A>): ReadonlyArray<string> => {
  whole(table, "keys")
  return [...HashMap.keys(table.rows)].sort()
}

/** The rows with their keys, by key order. */
export const entries = <A>(table: Table<A>): ReadonlyArray<readonly [string, A]> =>
  keys(table).map((key) => [key, get(table, key)!] as const)

/** The rows, by key order. */
export const values = <A>(table: Table<A>): ReadonlyArray<A> => keys(table).map((key) => get(table, key)!)

/** The rows in no particular order (cheaper than `values` when the order does not matter). */
export const unordered = <A>(table: Table<A>): Iterable<A> => {
  whole(table, "unordered")
  return HashMap.values(table.rows)
}

/** What changed since the table was saved: each changed key once, with its row now (`undefined`: removed). */
export const changed = <A>(table: Table<A>): ReadonlyArray<readonly [string, A | undefined]> => {
  const seen = new Set<string>()
  const out: Array<readonly [string, A | undefined]> = []
  for (let c = table.changes; c !== undefined; c = c.next) {
    if (seen.has(c.key)) continue
    seen.add(c.key)
    out.push([c.key, Option.getOrUndefined(HashMap.get(table.rows, c.key))])
  }
  return out
}

/** The same rows, as saved (no changes). */
export const saved = <A>(table: Table<A>): Table<A> => (table.changes === undefined ? table : make(table.rows, undefined, table.absent))

/** The rows as a plain object by key order (for tests and for comparing states). */
export const toObject = <A>(table: Table<A>): { readonly [key: string]: A } => Object.fromEntries(entries(table))
