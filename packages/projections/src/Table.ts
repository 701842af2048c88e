/**
 * A table of a row-style projection (`Projection.rows`): rows by key, immutable like the rest
 * of a projection's state, and knowing which keys changed since it was last saved — so that a
 * projection store writes only those rows, in the same transaction as the checkpoint, however
 * large the table has grown.
 *
 *   const t1 = Table.set(Table.empty<number>(), "qingshan", 1)
 *   Table.get(t1, "qingshan") // 1
 *
 * Setting or removing a row costs O(1), not a copy of the table: the newest version of a table
 * holds its rows in a `Map`, and each older version only the one change that tells it from the
 * next (a persistent map in the manner of Baker's "shallow binding"). A projection only ever
 * works on the newest version, so its runs never pay for the persistence; reading an older
 * version (a state kept from before) copies its rows once, leaving the newest as it is.
 *
 * A row must be plain JSON data, or a value whose `toJSON` gives plain JSON data: the
 * projection stores keep each row as its `JSON.stringify` text.
 *
 * While a projection runs, a table may hold only some of its rows (`partial`): those the
 * projection said it would read (`Projection.rows`'s `reads`), loaded from the store. Reading a
 * row it was not given is a defect (the projection did not declare it), never a silent "none".
 *
 * @since 0.2.0
 */

const TypeId = "~@fulian/projections/Table" as const

/** The keys changed since the table was saved, most recent first (a key may repeat). */
interface Changes {
  readonly key: string
  readonly next: Changes | undefined
}

/** A key known to have no row, in a table that holds only some of its rows. */
const ABSENT: unique symbol = Symbol("absent")
type Slot<A> = A | typeof ABSENT

/**
 * One version of a table's rows (internal to this module). The newest holds them (`map`); any
 * other holds instead the slot of one key (`slot`, `undefined` for none) in which it differs from
 * the version `next`. A table made whole by `empty`, `partial` or `fromEntries` is `frozen`: the
 * first change copies its rows rather than changing them in place, so that a table a program
 * keeps (a projection's `initial`) never holds on to the changes of every run made from it.
 */
export class Version<A> {
  map: Map<string, Slot<A>> | undefined
  key = ""
  slot: Slot<A> | undefined = undefined
  next: Version<A> | undefined = undefined
  constructor(map: Map<string, Slot<A>>, readonly frozen = false) {
    this.map = map
  }
}

/**
 * The rows of a version. An older version gets a copy of its own, made from the newest and the
 * changes between: the newest is never changed back, so two lines of versions never take turns
 * at one `Map`.
 */
const rowsOf = <A>(version: Version<A>): Map<string, Slot<A>> => {
  if (version.map !== undefined) return version.map
  const path: Array<Version<A>> = []
  let at = version
  while (at.map === undefined) {
    path.push(at)
    at = at.next!
  }
  const map = new Map(at.map)
  for (let i = path.length - 1; i >= 0; i--) {
    const { key, slot } = path[i]!
    if (slot === undefined) map.delete(key)
    else map.set(key, slot)
  }
  version.map = map
  version.next = undefined
  version.slot = undefined
  return map
}

/** The version after setting a key's slot (`undefined`: removing it): the map changes in place, the old version keeps the difference. */
const withSlot = <A>(version: Version<A>, key: string, slot: Slot<A> | undefined): Version<A> => {
  if (version.frozen) {
    const copy = new Map(rowsOf(version))
    if (slot === undefined) copy.delete(key)
    else copy.set(key, slot)
    return new Version(copy)
  }
  const map = rowsOf(version)
  const before = map.get(key)
  if (slot === undefined) map.delete(key)
  else map.set(key, slot)
  const next = new Version(map)
  version.map = undefined
  version.key = key
  version.slot = before
  version.next = next
  return next
}

/** A table of rows by key. */
export interface Table<A> {
  readonly [TypeId]: typeof TypeId
  /** The rows (and, in a partial table, the keys known to have none). */
  readonly version: Version<A>
  /** The keys set or removed since the table was last saved. */
  readonly changes: Changes | undefined
  /** Whether the table holds only some of its rows: the keys it was given, loaded or written. */
  readonly partial: boolean
}

const make = <A>(version: Version<A>, changes: Changes | undefined, partial: boolean): Table<A> =>
  ({ [TypeId]: TypeId, version, changes, partial })

/** A table that holds none of its rows yet, in part: rows are added to it as they are loaded (`withLoaded`). */
export const partial = <A>(): Table<A> => make(new Version<A>(new Map(), true), undefined, true)

/** Whether a table holds only some of its rows. */
export const isPartial = <A>(table: Table<A>): boolean => table.partial

/** Whether a table knows the row of a key: always for a whole table; for a partial one, once loaded or written. */
export const knows = <A>(table: Table<A>, key: string): boolean => !table.partial || rowsOf(table.version).has(key)

/** A partial table with the row of a key as loaded from the store (`undefined`: it has none), not counted as a change. */
export const withLoaded = <A>(table: Table<A>, key: string, row: A | undefined): Table<A> =>
  make(withSlot(table.version, key, row === undefined ? (table.partial ? ABSENT : undefined) : row), table.changes, table.partial)

/** A partial table holding only the rows (and known absences) of these keys, as saved (no changes). */
export const retain = <A>(table: Table<A>, keys: ReadonlySet<string>): Table<A> => {
  const rows = rowsOf(table.version)
  const kept = new Map<string, Slot<A>>()
  for (const key of keys) {
    const slot = rows.get(key)
    if (slot !== undefined) kept.set(key, slot)
    else if (!table.partial) kept.set(key, ABSENT)
  }
  return make(new Version(kept), undefined, true)
}

/** A partial table holding the rows (and known absences) a table holds, but those of the keys `without` has, as saved (no changes). */
export const retainUnless = <A>(table: Table<A>, without: ReadonlyMap<string, unknown> | undefined): Table<A> => {
  const kept = new Map<string, Slot<A>>()
  for (const [key, slot] of rowsOf(table.version)) if (without?.has(key) !== true) kept.set(key, slot)
  return make(new Version(kept), undefined, true)
}

/** How many rows and known absences a table holds (what it costs to keep in memory). */
export const held = <A>(table: Table<A>): number => rowsOf(table.version).size

const unknown = (key: string) =>
  new Error(`the row ${JSON.stringify(key)} was read but not loaded: the projection's reads must name every row its apply reads`)

const whole = <A>(table: Table<A>, what: string): void => {
  if (table.partial) throw new Error(`${what} needs the whole table; this one holds only the rows a projection run loaded`)
}

/** A table without rows. */
export const empty = <A>(): Table<A> => make(new Version<A>(new Map(), true), undefined, false)

/** Whether a value is a table. */
export const isTable = (u: unknown): u is Table<unknown> => typeof u === "object" && u !== null && TypeId in u

/** A table of these rows, as saved (no changes). */
export const fromEntries = <A>(entries: Iterable<readonly [string, A]>): Table<A> =>
  make(new Version(new Map<string, Slot<A>>(entries), true), undefined, false)

/** The row of a key, if there is one. */
export const get = <A>(table: Table<A>, key: string): A | undefined => {
  const slot = rowsOf(table.version).get(key)
  if (slot === ABSENT) return undefined
  if (slot === undefined && table.partial) throw unknown(key)
  return slot
}

/** Whether a key has a row. */
export const has = <A>(table: Table<A>, key: string): boolean => get(table, key) !== undefined

/** The number of rows. */
export const size = <A>(table: Table<A>): number => {
  whole(table, "size")
  return rowsOf(table.version).size
}

/** The table with the row of a key set (the same table when the row is the same value). */
export const set = <A>(table: Table<A>, key: string, row: A): Table<A> =>
  rowsOf(table.version).get(key) === row ? table : make(withSlot(table.version, key, row), { key, next: table.changes }, table.partial)

/** The table without the row of a key (the same table when it has none). */
export const remove = <A>(table: Table<A>, key: string): Table<A> =>
  has(table, key)
    ? make(withSlot(table.version, key, table.partial ? ABSENT : undefined), { key, next: table.changes }, table.partial)
    : table

/** The table with the row of a key changed by `f` (given `undefined` when there is none). */
export const modify = <A>(table: Table<A>, key: string, f: (row: A | undefined) => A): Table<A> => set(table, key, f(get(table, key)))

/** The keys, sorted. */
export const keys = <A>(table: Table<A>): ReadonlyArray<string> => {
  whole(table, "keys")
  return [...rowsOf(table.version).keys()].sort()
}

/** The rows with their keys, by key order. */
export const entries = <A>(table: Table<A>): ReadonlyArray<readonly [string, A]> =>
  keys(table).map((key) => [key, get(table, key)!] as const)

/** The rows, by key order. */
export const values = <A>(table: Table<A>): ReadonlyArray<A> => keys(table).map((key) => get(table, key)!)

/** The rows in no particular order (cheaper than `values` when the order does not matter). */
export const unordered = <A>(table: Table<A>): Iterable<A> => {
  whole(table, "unordered")
  // A whole table holds no absences.
  return [...rowsOf(table.version).values()] as Array<A>
}

/** What changed since the table was saved: each changed key once, with its row now (`undefined`: removed). */
export const changed = <A>(table: Table<A>): ReadonlyArray<readonly [string, A | undefined]> => {
  const rows = rowsOf(table.version)
  const seen = new Set<string>()
  const out: Array<readonly [string, A | undefined]> = []
  for (let c = table.changes; c !== undefined; c = c.next) {
    if (seen.has(c.key)) continue
    seen.add(c.key)
    const slot = rows.get(c.key)
    out.push([c.key, slot === ABSENT ? undefined : slot])
  }
  return out
}

/** The same rows, as saved (no changes). */
export const saved = <A>(table: Table<A>): Table<A> => (table.changes === undefined ? table : make(table.version, undefined, table.partial))

/** The rows as a plain object by key order (for tests and for comparing states). */
export const toObject = <A>(table: Table<A>): { readonly [key: string]: A } => Object.fromEntries(entries(table))
