/**
 * Projections: read models folded from the global event log, with the checkpoint (the log
 * position last applied) stored atomically with the read model, so a crash never counts an
 * event twice or skips one.
 *
 * A projection is a pure fold over the domain's events:
 *
 *   const casesPerOrganization = Projection.make({
 *     name: "cases-per-organization",
 *     version: 1,
 *     initial: {} as Record<string, number>,
 *     apply: (state, { event }) =>
 *       event._tag === "CaseRegistered"
 *         ? { ...state, [event.organizationId]: (state[event.organizationId] ?? 0) + 1 }
 *         : state
 *   })
 *
 * Its state must be plain JSON data (objects, arrays, strings, numbers, booleans, null): the
 * projection stores keep it as one JSON document, rewritten at every checkpoint — right for a
 * small state. A state that grows with the records (a row per case, per household) is kept as
 * rows instead: `Projection.rows` makes a projection whose state is a record of tables
 * (`Table`), and the projection stores write only the rows that changed, in the same
 * transaction as the checkpoint:
 *
 *   const casesByOrganization = Projection.rows({
 *     name: "cases-by-organization",
 *     version: 1,
 *     initial: { counts: Table.empty<number>() },
 *     apply: (state, { event }) =>
 *       event._tag === "CaseRegistered"
 *         ? { counts: Table.modify(state.counts, event.organizationId, (n) => (n ?? 0) + 1) }
 *         : state
 *   })
 *
 * Run either with `catchUp`, `follow` or `rebuild`; several at once, in one pass over the log,
 * with `catchUpMany` and `rebuildMany`.
 *
 * @since 0.1.0
 */
import { Context, Duration, Effect, Exit, Fiber, Schema } from "effect"
import { type Envelope, envelopeOf } from "@fulian/core/CommandHandler"
import * as Domain from "@fulian/core/Domain"
import { EventStore, type EventStoreError } from "@fulian/store/EventStore"
import * as KeyFilter from "./internal/KeyFilter.ts"
import * as Table from "./Table.ts"

/** A read model folded from the log. */
export interface Projection<S> {
  /** Unique name; the key of its stored state and checkpoint. */
  readonly name: string
  /** Bump it when `apply` changes meaning: a stored state of another version is rebuilt. */
  readonly version: number
  readonly initial: S
  /** Applies one event; pure. Events arrive in global log order, each exactly once. */
  readonly apply: (state: S, event: Envelope<Domain.Event>) => S
  /**
   * How the projection stores keep the state: as one JSON document (`document`, the default)
   * or, for a state made of tables (`rows`), as one row per key of each table.
   */
  readonly storage?: "document" | "rows"
  /**
   * Row-style only: the rows applying an event reads, as `[table, key]`. With it, a run keeps in
   * memory only the rows of the events at hand (loaded from the store page by page, and let go
   * when they pass `RunOptions.cacheRows`), so a rebuild's memory does not grow with the tables.
   * A row read but not named here is a defect (`Table.get` says so), never a silent "none".
   * Without it, a run holds every row.
   */
  readonly reads?: (event: Envelope<Domain.Event>) => ReadonlyArray<readonly [table: string, key: string]>
}

/** Defines a projection kept as one JSON document (an identity function that helps type inference). */
export const make = <S>(projection: Projection<S>): Projection<S> => projection

/** The state of a row-style projection: tables by name. */
export type Tables = { readonly [table: string]: Table.Table<any> }

/** Defines a projection whose state is a record of tables, kept as rows (see `Table`). */
export const rows = <S extends { readonly [K in keyof S]: Table.Table<any> }>(projection: Omit<Projection<S>, "storage">): Projection<S> => ({
  ...projection,
  storage: "rows"
})

/** Whether a projection is kept as rows. */
export const isRows = (projection: Projection<any>): boolean => projection.storage === "rows"

/**
 * A projection's state as plain JSON data: a document as it is, a row-style state as an object
 * of tables, each an object of its rows by key order, each row as the stores keep it (its
 * `toJSON`, if it has one) — to compare two states, or to export one.
 */
export const toJson = <S>(projection: Projection<S>, state: S): unknown =>
  isRows(projection)
    ? Object.fromEntries(Object.entries(state as Tables).map(([name, table]) =>
      [name, Object.fromEntries(Table.entries(table).map(([key, row]) => [key, asStored(row)]))]))
    : state

/** A row as the stores keep it: what `JSON.stringify` makes of it, parsed back. */
const asStored = (row: unknown): unknown => {
  const text = JSON.stringify(row)
  return text === undefined ? undefined : JSON.parse(text)
}

/** A projection's state as stored, with its checkpoint. */
export interface Stored<S> {
  readonly version: number
  /** The global position of the last event applied (0: none). */
  readonly checkpoint: number
  readonly state: S
}

/** Why a projection store failed. */
export class ProjectionStoreError extends Schema.TaggedError<ProjectionStoreError>()("ProjectionStoreError", {
  projection: Schema.String,
  detail: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  override get message(): string {
    return `projection ${this.projection}: ${this.detail}`
  }
}

/** A state as JSON text, for a projection store that keeps it as text or jsonb. */
export const encodeState = (projection: string, state: unknown): Effect.Effect<string, ProjectionStoreError> =>
  Effect.try({
    try: () => JSON.stringify(state),
    catch: (e) => new ProjectionStoreError({ projection, detail: `state is not JSON: ${(e as Error).message}` })
  })

/** A stored row back as `Stored`, failing with a typed error if its state is not JSON. */
export const decodeStored = (
  projection: string,
  row: { readonly version: number; readonly checkpoint: number; readonly state: string }
): Effect.Effect<Stored<unknown>, ProjectionStoreError> =>
  Effect.try({
    try: () => ({ version: row.version, checkpoint: row.checkpoint, state: JSON.parse(row.state) as unknown }),
    catch: () => new ProjectionStoreError({ projection, detail: "stored state is not valid JSON" })
  })

/** One row of a row-style projection's table, its value plain JSON data. */
export interface Row {
  readonly table: string
  readonly key: string
  readonly value: unknown
}

/** A row-style projection as stored: version, checkpoint and every row. */
export interface StoredRows {
  readonly version: number
  /** The global position of the last event applied (0: none). */
  readonly checkpoint: number
  readonly rows: ReadonlyArray<Row>
}

/** One write of a row-style projection: rows set and removed, with the new checkpoint. */
export interface RowsWrite {
  /** The projection's name. */
  readonly projection: string
  readonly version: number
  readonly checkpoint: number
  /** Remove every row of the projection first (a rebuild). */
  readonly reset: boolean
  /** Rows set (inserted or replaced). */
  readonly upserts: ReadonlyArray<Row>
  /**
   * Rows set that the store holds no row of: the run saving them has not written them since
   * the projection's rows were reset (or since it found none), so they can only be new. A store
   * may add them without looking for a row first (PostgreSQL does: a row there after all,
   * written meanwhile by someone else, fails the save) or set them as it sets `upserts`.
   */
  readonly inserts: ReadonlyArray<Row>
  /** Rows removed. */
  readonly deletes: ReadonlyArray<{ readonly table: string; readonly key: string }>
}

/** Every row a write sets, new or not: for a store that sets rows to insert as it sets the others. */
export const rowsSet = (write: RowsWrite): ReadonlyArray<Row> =>
  write.inserts.length === 0 ? write.upserts : write.upserts.length === 0 ? write.inserts : [...write.upserts, ...write.inserts]

/** Where projections keep their state and checkpoint. */
export interface ProjectionStoreShape {
  /** A document-style projection's state and checkpoint (`undefined`: none, or kept as rows). */
  readonly load: (name: string) => Effect.Effect<Stored<unknown> | undefined, ProjectionStoreError>
  /** Saves state and checkpoint together, atomically. */
  readonly save: (name: string, stored: Stored<unknown>) => Effect.Effect<void, ProjectionStoreError>
  /** A row-style projection's rows and checkpoint (`undefined`: none, or kept as a document). */
  readonly loadRows: (name: string) => Effect.Effect<StoredRows | undefined, ProjectionStoreError>
  /**
   * Applies writes of row-style projections — each one's reset, rows set, rows removed and
   * checkpoint — all in one transaction: a crash leaves every one of them with the rows of its
   * old checkpoint, or every one with those of its new one. A projection is written once.
   */
  readonly saveRows: (writes: ReadonlyArray<RowsWrite>) => Effect.Effect<void, ProjectionStoreError>
  /** A row-style projection's version and checkpoint, without its rows (`undefined`: none). */
  readonly rowsCheckpoint: (name: string) => Effect.Effect<{ readonly version: number; readonly checkpoint: number } | undefined, ProjectionStoreError>
  /** The rows of these keys, of one or more row-style projections, in one read (a key without a row is left out). */
  readonly readRows: (keys: ReadonlyArray<RowKey>) => Effect.Effect<ReadonlyArray<Row & { readonly projection: string }>, ProjectionStoreError>
}

/** The key of a row of a row-style projection. */
export interface RowKey {
  readonly projection: string
  readonly table: string
  readonly key: string
}

/**
 * A row's value as JSON text, or the typed error that names the row when it is not JSON (for a
 * store that encodes its rows one at a time; `encodeRows` encodes them all).
 */
export const encodeRow = (projection: string, row: Row): string | ProjectionStoreError => {
  let text: string | undefined
  try {
    text = JSON.stringify(row.value)
  } catch (e) {
    return new ProjectionStoreError({ projection, detail: `row ${row.table}/${row.key} is not JSON: ${(e as Error).message}` })
  }
  return text === undefined ? new ProjectionStoreError({ projection, detail: `row ${row.table}/${row.key} is not JSON` }) : text
}

/** Rows' values as JSON texts, in order, failing with a typed error that names the first row that is not JSON. */
export const encodeRows = (projection: string, rows: ReadonlyArray<Row>): Effect.Effect<ReadonlyArray<string>, ProjectionStoreError> =>
  Effect.suspend(() => {
    const texts: Array<string> = []
    for (const row of rows) {
      const text = encodeRow(projection, row)
      if (typeof text !== "string") return Effect.fail(text)
      texts.push(text)
    }
    return Effect.succeed(texts)
  })

/**
 * A row-style projection as a store read it — version, checkpoint, and each row's JSON text —
 * back as `StoredRows`, failing with a typed error that names the first row that is not JSON.
 */
export const decodeStoredRows = (
  projection: string,
  stored: { readonly version: number; readonly checkpoint: number; readonly rows: ReadonlyArray<{ readonly tbl: string; readonly key: string; readonly value: string }> } | undefined
): Effect.Effect<StoredRows | undefined, ProjectionStoreError> =>
  stored === undefined ? Effect.succeed(undefined) : Effect.try({
    try: () => ({ version: stored.version, checkpoint: stored.checkpoint, rows: stored.rows.map((r) => decodeRow(projection, r.tbl, r.key, r.value)) }),
    catch: (e) => e instanceof ProjectionStoreError ? e : new ProjectionStoreError({ projection, detail: String(e) })
  })

/** A stored row's JSON text back as a row, failing with a typed error that names the row. */
export const decodeRow = (projection: string, table: string, key: string, text: string): Row => {
  try {
    return { table, key, value: JSON.parse(text) as unknown }
  } catch {
    throw new ProjectionStoreError({ projection, detail: `stored row ${table}/${key} is not valid JSON` })
  }
}

/** The projection store service. */
export class ProjectionStore extends Context.Service<ProjectionStore, ProjectionStoreShape>()("fulian/ProjectionStore") {}

/** Progress of a catch-up: the position reached and the head it is catching up to. */
export interface Progress {
  readonly projection: string
  readonly checkpoint: number
  readonly applied: number
}

/** Options of `catchUp` and `rebuild`. */
export interface RunOptions {
  /**
   * Events applied and saved per step (default 1,000), read and applied up to 500 at a time.
   * Each step is one transaction of the projection store. Rebuilding the ledgers over 1,000,000 events on SQLite ran at
   * 58,000–64,000 events/s with steps of 1,000, and about 52,900 with steps of 250 or 500, in
   * the same hour; larger steps hold more in memory (docs/explanation/stream-growth.md).
   */
  readonly pageSize?: number
  /** Called after each saved page. */
  readonly onProgress?: (progress: Progress) => Effect.Effect<void>
  /** Stop after this position (default: the end of the log). */
  readonly upTo?: number
  /**
   * The most rows a run of a row-style projection with `reads` keeps in memory between pages
   * (default 1,000). It keeps the rows it holds that the last page did not change — rows read,
   * found absent, or kept from before — or none, when those are more than this, and loads the
   * others again when needed: a row the last page changed is taken from its save while that is
   * on its way, then from the store. A run from no rows (a rebuild) asks its store only for
   * rows it may have written itself.
   */
  readonly cacheRows?: number
}

/** Where a run has brought a projection: its version and checkpoint. */
export interface Checkpoint {
  readonly projection: string
  readonly version: number
  readonly checkpoint: number
}

/** The rows a row-style state's tables changed since they were saved, and the state as saved. */
const changesOf = (state: Tables): { readonly upserts: Array<Row>; readonly deletes: Array<{ table: string; key: string }>; readonly saved: Tables } => {
  const upserts: Array<Row> = []
  const deletes: Array<{ table: string; key: string }> = []
  const saved: Record<string, Table.Table<unknown>> = {}
  for (const [table, rows] of Object.entries(state)) {
    for (const [key, value] of Table.changed(rows)) {
      if (value === undefined) deletes.push({ table, key })
      else upserts.push({ table, key, value })
    }
    saved[table] = Table.saved(rows)
  }
  return { upserts, deletes, saved }
}

/** A row-style state with its tables as saved (no changes). */
const settled = (state: Tables): Tables => {
  const out: Record<string, Table.Table<unknown>> = {}
  for (const [table, rows] of Object.entries(state)) out[table] = Table.saved(rows)
  return out
}

/** A row-style state from its stored rows (tables the initial state has, with the rows stored in them). */
const tablesOf = (initial: Tables, rows: ReadonlyArray<Row>): Tables => {
  const byTable = new Map<string, Array<readonly [string, unknown]>>()
  for (const row of rows) {
    let entries = byTable.get(row.table)
    if (entries === undefined) byTable.set(row.table, entries = [])
    entries.push([row.key, row.value])
  }
  const out: Record<string, Table.Table<unknown>> = {}
  for (const [table, empty] of Object.entries(initial)) out[table] = byTable.has(table) ? Table.fromEntries(byTable.get(table)!) : empty
  return out
}

/** Whether a run holds only the rows a projection's events read (row-style, with `reads`). */
const streamed = (projection: Projection<any>): boolean => isRows(projection) && projection.reads !== undefined

/** A row-style state whose tables hold no rows yet, in part (see `Table.partial`). */
const partialOf = (initial: Tables): Tables => {
  const out: Record<string, Table.Table<unknown>> = {}
  for (const table of Object.keys(initial)) out[table] = Table.partial()
  return out
}

/**
 * A projection's state and checkpoint as its projection store keeps them (`undefined` when it
 * has none, or only one of another version), without catching up.
 */
export const load = <S>(projection: Projection<S>): Effect.Effect<Stored<S> | undefined, ProjectionStoreError, ProjectionStore> =>
  Effect.gen(function*() {
    const projections = yield* ProjectionStore
    if (isRows(projection)) {
      const stored = yield* projections.loadRows(projection.name)
      if (stored === undefined || stored.version !== projection.version) return undefined
      return { version: projection.version, checkpoint: stored.checkpoint, state: tablesOf(projection.initial as Tables, stored.rows) as S }
    }
    const stored = yield* projections.load(projection.name)
    return stored !== undefined && stored.version === projection.version ? (stored as Stored<S>) : undefined
  })

/**
 * Where a run of a projection starts: its stored checkpoint with its state — for a streamed one,
 * with no rows loaded yet — or `undefined` (from the start).
 */
const startOf = <S>(projection: Projection<S>) =>
  Effect.gen(function*() {
    if (!streamed(projection)) return yield* load(projection)
    const stored = yield* (yield* ProjectionStore).rowsCheckpoint(projection.name)
    return stored === undefined || stored.version !== projection.version
      ? undefined
      : { version: projection.version, checkpoint: stored.checkpoint, state: partialOf(projection.initial as Tables) as S }
  })

/**
 * The rows of a run's save that may not be in its store yet (the last one it started): by
 * projection, table and key, each with its value (`undefined`: removed); and the projections
 * the save resets, all of whose other rows are then gone.
 */
interface Saving {
  readonly rows: ReadonlyMap<string, ReadonlyMap<string, Map<string, unknown>>>
  readonly resets: ReadonlySet<string>
}

/** The most events a run reads and applies at a time, within a page. */
const PART = 500

/** No save on its way. */
const nothingSaving: Saving = { rows: new Map(), resets: new Set() }

/** What a save of these writes will leave in the store. */
const savingOf = (writes: ReadonlyArray<RowsWrite>): Saving => {
  const rows = new Map<string, Map<string, Map<string, unknown>>>()
  const put = (own: Map<string, Map<string, unknown>>, table: string, key: string, value: unknown) => {
    let keys = own.get(table)
    if (keys === undefined) own.set(table, keys = new Map())
    keys.set(key, value)
  }
  for (const write of writes) {
    const own = new Map<string, Map<string, unknown>>()
    for (const row of write.upserts) put(own, row.table, row.key, row.value)
    for (const row of write.inserts) put(own, row.table, row.key, row.value)
    for (const row of write.deletes) put(own, row.table, row.key, undefined)
    rows.set(write.projection, own)
  }
  return { rows, resets: new Set(writes.filter((w) => w.reset).map((w) => w.projection)) }
}

/**
 * Loads into the streamed projections' states, in one read, the rows their events of a page
 * read that they do not hold yet — but for a projection whose stored rows are all its run's
 * own, only those its run may have written; answers the states and the keys each one read.
 * A row of the save on its way (`saving`) is taken from it, not from the store.
 */
const loadReads = (
  running: ReadonlyArray<Running>,
  states: ReadonlyArray<unknown>,
  page: ReadonlyArray<Envelope<Domain.Event>>,
  saving: Saving
) =>
  Effect.gen(function*() {
    // The rows to read from the store, by projection (its place in `running`), table and key.
    const wanted = new Map<number, Map<string, Set<string>>>()
    const out = [...states]
    const copied: Array<boolean> = []
    const load = (at: number, table: string, key: string, value: unknown) => {
      if (copied[at] !== true) {
        out[at] = { ...(out[at] as Tables) }
        copied[at] = true
      }
      const tables = out[at] as Record<string, Table.Table<unknown>>
      tables[table] = Table.withLoaded(tables[table]!, key, value)
    }
    // Indexed loops, not `for of` over pairs: this runs for every row every event reads, and
    // destructuring through the iterator allocated more than the rest of the page's work.
    for (let at = 0; at < running.length; at++) {
      const r = running[at]!
      if (!streamed(r.projection)) continue
      const name = r.projection.name
      const saved = saving.rows.get(name)
      const reset = saving.resets.has(name)
      for (let e = 0; e < page.length; e++) {
        const envelope = page[e]!
        if (envelope.position <= r.stored.checkpoint) continue
        const pairs = r.projection.reads!(envelope)
        if (pairs.length === 0) continue
        for (let p = 0; p < pairs.length; p++) {
          const table = pairs[p]![0]
          const key = pairs[p]![1]
          const t = (out[at] as Tables)[table]
          if (t === undefined) throw new Error(`projection ${name} reads a table it does not have: ${table}`)
          if (Table.knows(t, key)) continue
          if (r.written !== undefined && !KeyFilter.mayHave(r.written, table, key)) {
            load(at, table, key, undefined)
            continue
          }
          // A row of the save on its way, or of a projection it resets (then none): from the save.
          const inSave = saved?.get(table)
          if (inSave?.has(key) || reset) {
            load(at, table, key, inSave?.get(key))
            continue
          }
          let tables = wanted.get(at)
          if (tables === undefined) wanted.set(at, tables = new Map())
          let keys = tables.get(table)
          if (keys === undefined) tables.set(table, keys = new Set())
          keys.add(key)
        }
      }
    }
    if (wanted.size === 0) return { states: out }
    const keys: Array<RowKey> = []
    for (const [at, tables] of wanted) {
      const projection = running[at]!.projection.name
      for (const [table, ids] of tables) for (const key of ids) keys.push({ projection, table, key })
    }
    // Rows the save on its way does not change: the same in the store before it and after.
    const found = yield* (yield* ProjectionStore).readRows(keys)
    const atOf = new Map(running.map((r, at) => [r.projection.name, at]))
    for (const row of found) {
      const at = atOf.get(row.projection)!
      load(at, row.table, row.key, row.value)
      wanted.get(at)?.get(row.table)?.delete(row.key)
    }
    for (const [at, tables] of wanted) for (const [table, ids] of tables) for (const key of ids) load(at, table, key, undefined)
    return { states: out }
  })

/**
 * A streamed projection's state between pages: the rows it holds that its last page did not
 * change (rows loaded, found absent, or kept from before), if they are within the limit; none
 * otherwise. A row it changed is in its save on the way (`changed`), from which the next page
 * takes it.
 *
 * Hazard (V8): keeping the rows a page changed until the next page made nearly all of them
 * outlive two young collections, and be promoted: the rows of every page then went to the old
 * generation, which grew by a hundred megabytes between full collections.
 */
const letGo = (
  projection: Projection<any>,
  state: Tables,
  changed: ReadonlyMap<string, ReadonlyMap<string, unknown>> | undefined,
  limit: number
): Tables => {
  const out: Record<string, Table.Table<unknown>> = {}
  let count = 0
  for (const [table, rows] of Object.entries(state)) {
    const kept = Table.retainUnless(rows, changed?.get(table))
    count += Table.held(kept)
    // More than the limit: none kept.
    if (count > limit) return partialOf(projection.initial as Tables)
    out[table] = kept
  }
  return out
}

// `fresh`: started from the initial state without saving it, so its first save removes whatever
// another version of it left. `written`: for a run from no rows (fresh, or rebuilt), the rows it
// saved — every row its store holds for it, so a row never written is known to be absent.
type Running = { projection: Projection<any>; stored: Stored<any>; applied: number; fresh: boolean; written?: KeyFilter.KeyFilter | undefined }

/** A run of a projection from no rows: a streamed one keeps a filter of the rows it writes. */
const fromNothing = (projection: Projection<any>, stored: Stored<any>, fresh: boolean): Running =>
  ({ projection, stored, applied: 0, fresh, written: streamed(projection) ? KeyFilter.make() : undefined })

/**
 * Brings several projections to the end of the log (or `upTo`) in one pass: the log is read
 * once from the lowest checkpoint, each event applied to every projection that has not seen it,
 * and each projection saved after every page it changed.
 *
 * A page's save runs while the next page is read and applied: at most one save is on its way
 * at a time, saves are made in order, and a page waits for the one before it to be saved before
 * its own save, and before the run ends. Meanwhile a row that save writes is read from it, not
 * from the store. A save that fails fails the run at the next wait; every save is one
 * transaction, so the store holds the rows of the last page saved, with its checkpoint,
 * whatever happens. A run may start with a save on its way (`first`, a rebuild's reset).
 */
const runMany = (running: ReadonlyArray<Running>, options: RunOptions, first?: FirstSave) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const limit = options.pageSize ?? 1_000
    const cacheRows = options.cacheRows ?? 1_000
    const after = Math.min(...running.map((r) => r.stored.checkpoint))
    // The save on its way: a child fiber of the run, so a run interrupted ends only once its
    // save has ended too, and a run started after it never reads the store while it may land.
    let saving: Fiber.Fiber<void, ProjectionStoreError> | undefined = first === undefined
      ? undefined
      : yield* Effect.forkChild(Effect.forEach(first.saves, (save) => save, { discard: true }), { startImmediately: true })
    let savingRows: Saving = first?.rows ?? nothingSaving
    const settle = Effect.suspend(() => {
      const fiber = saving
      saving = undefined
      return fiber === undefined ? Effect.void : Fiber.join(fiber)
    })
    // Events are read and applied a part at a time, and saved a page at a time: a part's events
    // are let go once applied, so that fewer of them outlive a young collection (V8).
    const part = Math.min(limit, PART)
    const readPart = (from: number, size: number) =>
      Effect.forkChild(
        options.upTo === undefined
          ? store.readAll({ after: from, limit: size })
          : Effect.map(store.readAll({ after: from, limit: size }), (events) => events.filter((e) => e.position <= options.upTo!)),
        { startImmediately: true }
      )
    let reading = yield* readPart(after, part)
    // A store that reads asynchronously (PostgreSQL) reads the next part while this one is
    // applied. One that reads synchronously (SQLite, memory) has answered before its fiber is
    // even forked: for it, reading ahead gains nothing and holds two parts' events at once, so
    // the next part is read once this one is applied.
    const readsAhead = reading.pollUnsafe() === undefined
    for (;;) {
      let states = running.map((r) => r.stored.state)
      // How many of the page's events each projection has not seen.
      const unseen = running.map(() => 0)
      let count = 0
      let last = 0
      while (count < limit) {
        let events = yield* Fiber.join(reading)
        if (events.length === 0) {
          // The log ends within this page: the next page, once this one is saved, is that end
          // (it is not read again).
          if (count > 0) reading = yield* Effect.forkChild(Effect.succeed(events), { startImmediately: true })
          break
        }
        const upTo = events[events.length - 1]!.position
        for (let i = 0; i < running.length; i++) {
          const checkpoint = running[i]!.stored.checkpoint
          unseen[i]! += events[0]!.position > checkpoint ? events.length : events.filter((e) => e.position > checkpoint).length
        }
        count += events.length
        last = upTo
        const envelopes: Array<Envelope<Domain.Event> | undefined> = []
        // A stored event that cannot be decoded stops the projections: skipping it would make
        // the ledgers disagree with the records.
        for (const recorded of events) {
          const decoded = Domain.codec.decodeExit(recorded)
          if (Exit.isFailure(decoded)) return yield* Effect.failCause(decoded.cause)
          envelopes.push(envelopeOf(recorded, decoded.value))
        }
        // The envelopes copy what the run needs of the events read.
        events = []
        // The next part: of this page, or the next one's first.
        const next = count < limit ? Math.min(part, limit - count) : part
        if (readsAhead) reading = yield* readPart(last, next)
        states = (yield* loadReads(running, states, envelopes as Array<Envelope<Domain.Event>>, savingRows)).states
        for (let e = 0; e < envelopes.length; e++) {
          const envelope = envelopes[e]!
          envelopes[e] = undefined
          for (let i = 0; i < running.length; i++) {
            if (envelope.position > running[i]!.stored.checkpoint) states[i] = running[i]!.projection.apply(states[i], envelope)
          }
        }
        if (!readsAhead) reading = yield* readPart(last, next)
      }
      if (count === 0) {
        yield* settle
        return running.map((r): Checkpoint => ({ projection: r.projection.name, version: r.projection.version, checkpoint: r.stored.checkpoint }))
      }
      // Hazard (V8): a container that outlived the young generation and is dropped still holds
      // what it points to through every young collection until a full one. The rows of the save
      // before are emptied once this page's reads are all loaded (the next page's are loaded
      // once that save is done); else each page was kept alive, then promoted, by the one before.
      for (const tables of savingRows.rows.values()) for (const rows of tables.values()) rows.clear()
      savingRows = nothingSaving
      // Every row-style projection's page saved in one transaction; a document, by itself.
      const projections = yield* ProjectionStore
      const writes: Array<RowsWrite> = []
      const saves: Array<Effect.Effect<void, ProjectionStoreError>> = []
      const progress: Array<Progress> = []
      for (let i = 0; i < running.length; i++) {
        const r = running[i]!
        if (last <= r.stored.checkpoint) continue
        if (isRows(r.projection)) {
          const changes = changesOf(states[i] as Tables)
          const { deletes, saved } = changes
          let upserts = changes.upserts
          const inserts: Array<Row> = []
          if (r.written !== undefined) {
            // A run from no rows knows the rows it never wrote are not in the store.
            upserts = []
            for (const row of changes.upserts) {
              if (KeyFilter.add(r.written, row.table, row.key)) upserts.push(row)
              else inserts.push(row)
            }
          }
          writes.push({ projection: r.projection.name, version: r.projection.version, checkpoint: last, reset: r.fresh, upserts, inserts, deletes })
          states[i] = saved
        } else {
          saves.push(projections.save(r.projection.name, { version: r.projection.version, checkpoint: last, state: states[i] }))
        }
      }
      if (writes.length > 0) saves.push(projections.saveRows(writes))
      // What the store has once this save is done; until then, what `loadReads` takes from it.
      const nowSaving = savingOf(writes)
      for (let i = 0; i < running.length; i++) {
        const r = running[i]!
        if (last <= r.stored.checkpoint) continue
        r.applied += unseen[i]!
        r.fresh = false
        let state = states[i]
        if (streamed(r.projection)) {
          state = letGo(r.projection, state as Tables, nowSaving.rows.get(r.projection.name), cacheRows)
        }
        r.stored = { version: r.projection.version, checkpoint: last, state }
        progress.push({ projection: r.projection.name, checkpoint: last, applied: r.applied })
      }
      yield* settle
      const onProgress = options.onProgress
      savingRows = nowSaving
      saving = yield* Effect.forkChild(
        Effect.andThen(
          Effect.forEach(saves, (save) => save, { discard: true }),
          onProgress === undefined ? Effect.void : Effect.forEach(progress, onProgress, { discard: true })
        ),
        { startImmediately: true }
      )
    }
  })

/** Where each projection starts a catch-up: its stored checkpoint, or the start. */
const startAll = (projections: ReadonlyArray<Projection<any>>) =>
  Effect.forEach(projections, (projection) =>
    Effect.map(startOf(projection), (from): Running =>
      from !== undefined
        ? { projection, stored: from, applied: 0, fresh: false }
        : fromNothing(
          projection,
          { version: projection.version, checkpoint: 0, state: streamed(projection) ? partialOf(projection.initial as Tables) : projection.initial },
          true
        )))

/** The states of projections a run brought to their checkpoints: as run, or for a streamed one, loaded whole. */
const statesOf = (projections: ReadonlyArray<Projection<any>>, running: ReadonlyArray<Running>) =>
  Effect.forEach(projections, (projection, i) =>
    streamed(projection)
      ? Effect.map(load(projection), (stored): Stored<unknown> => stored ?? { version: projection.version, checkpoint: 0, state: projection.initial })
      : Effect.succeed<Stored<unknown>>(running[i]!.stored))

/**
 * Brings projections up to the end of the log from their stored checkpoints (or from the start,
 * for one that has none or was stored by another version), in one pass over the log, saving
 * each one's state and checkpoint after each page. Answers where each one is.
 */
export const advanceMany = (
  projections: ReadonlyArray<Projection<any>>,
  options: RunOptions = {}
): Effect.Effect<ReadonlyArray<Checkpoint>, EventStoreError | ProjectionStoreError, EventStore | ProjectionStore> =>
  Effect.flatMap(startAll(projections), (running) => (running.length === 0 ? Effect.succeed([]) : runMany(running, options)))

/**
 * Brings projections up to the end of the log, as `advanceMany` does, and answers their states
 * (a streamed row-style projection's loaded whole from its store, to be queried).
 */
export const catchUpMany = (
  projections: ReadonlyArray<Projection<any>>,
  options: RunOptions = {}
): Effect.Effect<ReadonlyArray<Stored<unknown>>, EventStoreError | ProjectionStoreError, EventStore | ProjectionStore> =>
  Effect.gen(function*() {
    const running = yield* startAll(projections)
    if (running.length > 0) yield* runMany(running, options)
    return yield* statesOf(projections, running)
  })

/** A save a run starts with, as the save on its way: its parts, and the rows it leaves. */
interface FirstSave {
  readonly saves: ReadonlyArray<Effect.Effect<void, ProjectionStoreError>>
  readonly rows: Saving
}

/**
 * The start of a rebuild: each projection at its initial state at checkpoint 0, and the save
 * that resets what its store keeps — the row-style ones' in one transaction — for the run to
 * start with as its save on its way. So the first page is read and applied while the old rows
 * are removed (a million of them take seconds), and the first page's save waits for it.
 */
const resetAll = (projections: ReadonlyArray<Projection<any>>) =>
  Effect.gen(function*() {
    const store = yield* ProjectionStore
    const running: Array<Running> = []
    const writes: Array<RowsWrite> = []
    const saves: Array<Effect.Effect<void, ProjectionStoreError>> = []
    for (const projection of projections) {
      const start: Stored<unknown> = { version: projection.version, checkpoint: 0, state: projection.initial }
      let state = projection.initial
      if (isRows(projection)) {
        const { deletes, saved, upserts } = changesOf(projection.initial as Tables)
        writes.push({ projection: projection.name, version: projection.version, checkpoint: 0, reset: true, upserts, inserts: [], deletes })
        state = streamed(projection) ? partialOf(saved) : saved
      } else {
        saves.push(store.save(projection.name, start))
      }
      running.push(fromNothing(projection, { ...start, state }, false))
    }
    if (writes.length > 0) saves.push(store.saveRows(writes))
    return { running, first: { saves, rows: savingOf(writes) } satisfies FirstSave }
  })

/**
 * Brings a projection up to the end of the log from its stored checkpoint (or from the start,
 * if it has none or was stored by another version), saving state and checkpoint after each
 * page. Returns the state reached.
 */
export const catchUp = <S>(
  projection: Projection<S>,
  options: RunOptions = {}
): Effect.Effect<Stored<S>, EventStoreError | ProjectionStoreError, EventStore | ProjectionStore> =>
  Effect.map(catchUpMany([projection], options), (stored) => stored[0] as Stored<S>)

/**
 * Rebuilds projections from zero, in one pass over the log: their stored states are reset (in
 * the run's first save, one transaction for the row-style ones, made while the first page is
 * read and applied), then they catch up. If the process stops in the middle, `advanceMany`
 * (or `catchUpMany`) resumes each from its last saved page and ends with the same states as a
 * clean rebuild. Answers where each one is (`rebuild` answers a state).
 */
export const rebuildMany = (
  projections: ReadonlyArray<Projection<any>>,
  options: RunOptions = {}
): Effect.Effect<ReadonlyArray<Checkpoint>, EventStoreError | ProjectionStoreError, EventStore | ProjectionStore> =>
  Effect.gen(function*() {
    const { first, running } = yield* resetAll(projections)
    return running.length === 0 ? [] : yield* runMany(running, options, first)
  })

/**
 * Rebuilds a projection from zero: its stored state is reset, then it catches up. If the
 * process stops in the middle, `catchUp` resumes from the last saved page and ends with the
 * same state as a clean rebuild.
 */
export const rebuild = <S>(
  projection: Projection<S>,
  options: RunOptions = {}
): Effect.Effect<Stored<S>, EventStoreError | ProjectionStoreError, EventStore | ProjectionStore> =>
  Effect.gen(function*() {
    const { first, running } = yield* resetAll([projection])
    yield* runMany(running, options, first)
    return (yield* statesOf([projection], running))[0] as Stored<S>
  })

/**
 * Follows the log: catches up, then keeps applying new events as they are committed, polling
 * every `pollInterval` when caught up. Runs until interrupted.
 */
export const follow = <S>(
  projection: Projection<S>,
  options: RunOptions & { readonly pollInterval?: Duration.Input } = {}
): Effect.Effect<never, EventStoreError | ProjectionStoreError, EventStore | ProjectionStore> =>
  // `advanceMany`, not `catchUp`: a row-style projection is not loaded whole at every poll.
  Effect.forever(Effect.andThen(advanceMany([projection], options), Effect.sleep(options.pollInterval ?? Duration.millis(200))))

/**
 * The state of a projection folded in memory over the log up to a position, without reading or
 * writing any projection store.
 */
export const foldUpTo = <S>(
  projection: Projection<S>,
  upTo: number,
  pageSize = 1000
): Effect.Effect<S, EventStoreError, EventStore> =>
  Effect.map(foldMany({ projection }, { upTo, pageSize }), (folded) => folded.states.projection)

/** Options of `foldMany`. */
export interface FoldOptions {
  /** Fold the events up to this position (default: the end of the log as it is read). */
  readonly upTo?: number | undefined
  /** Fold only the events this keeps (default: every one). */
  readonly keep?: (event: Envelope<Domain.Event>) => boolean
  /** Events read per page (default 1000). */
  readonly pageSize?: number
  /** Told of every event kept, and whether it changed any projection's state. */
  readonly onApplied?: (event: Envelope<Domain.Event>, changed: boolean) => void
}

/**
 * Several projections folded in memory in one pass over the log, without reading or writing
 * any projection store: what ledgers drawn as of a past date, and reports, are computed from.
 * Answers the states, and the position of the last event read (0 for an empty log).
 */
export const foldMany = <P extends Record<string, Projection<any>>>(
  projections: P,
  options: FoldOptions = {}
): Effect.Effect<
  { readonly states: { readonly [K in keyof P]: P[K] extends Projection<infer S> ? S : never }; readonly position: number },
  EventStoreError,
  EventStore
> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const entries = Object.entries(projections)
    const states: Record<string, unknown> = Object.fromEntries(entries.map(([k, p]) => [k, p.initial]))
    const upTo = options.upTo ?? Number.MAX_SAFE_INTEGER
    let after = 0
    for (;;) {
      const page = (yield* store.readAll({ after, limit: options.pageSize ?? 1000 })).filter((e) => e.position <= upTo)
      if (page.length === 0) return { states: states as never, position: after }
      for (const recorded of page) {
        const decoded = Domain.codec.decodeExit(recorded)
        if (Exit.isFailure(decoded)) return yield* Effect.failCause(decoded.cause)
        const envelope = envelopeOf(recorded, decoded.value)
        if (options.keep !== undefined && !options.keep(envelope)) continue
        let changed = false
        for (const [k, p] of entries) {
          const next = p.apply(states[k], envelope)
          if (next !== states[k]) changed = true
          states[k] = next
        }
        options.onApplied?.(envelope, changed)
      }
      // A fold is never saved: forget the changes its tables track, which would otherwise grow
      // with the log.
      for (const [k, p] of entries) if (isRows(p)) states[k] = settled(states[k] as Tables)
      after = page[page.length - 1]!.position
    }
  })
