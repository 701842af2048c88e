/**
 * fulian's embedded default event store: SQLite in a real file, on better-sqlite3.
 *
 *   import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
 *   program.pipe(Effect.provide(SqliteEventStore.layer({ filename: "fulian.db" })))
 *
 * How it keeps the contract (see `@fulian/store/MemoryEventStore`, the reference):
 * - One table `events` whose `position INTEGER PRIMARY KEY` is the global position. SQLite
 *   has one writer at a time and every append runs in a `BEGIN IMMEDIATE` transaction, which
 *   takes the write lock before it reads anything, so positions are handed out in commit
 *   order: a reader's snapshot always holds positions 1..n with no hole, and `readAll` can
 *   never skip an event that commits later.
 * - The command-id check and every expected-version check happen inside that transaction, so
 *   they are serializable across connections and processes.
 * - Each event's hash link (`Integrity`) is computed in the append's transaction, from its
 *   stream's last hash read there, under the write lock every append takes anyway.
 * - A `commands` table (command id → first and last position, and the command's hash) makes
 *   a command id append at most once, and tells a retry (same hash) from another command
 *   (`CommandIdReused`); an append's events are contiguous in the log, so it finds them by
 *   range. Ids recorded before the hash column existed have none (`NULL`).
 * - Group commit: appends made at the same moment by concurrent fibers on one connection are
 *   committed in one transaction, each in a savepoint of its own: one sync of the WAL for all
 *   of them, and an append refused by its checks leaves the others as they are. An append
 *   waits for the code running beside it to be done (a microtask); once a millisecond has
 *   passed since a turn of the event loop queued its first such flush, for the next turn, so
 *   that timers and I/O still run while fibers append without pause.
 * - The journal is WAL: readers never block the writer nor each other, and several processes
 *   can share the file. A writer that finds the write lock taken (`SQLITE_BUSY`) tries again
 *   after a short random pause, without blocking its thread, for up to `busyTimeout` ms, then
 *   fails with `StoreUnavailable`. (SQLite's own busy handler is not used: it blocks the
 *   thread, and its sleeps of up to 100 ms leave the lock idle and starve writers when several
 *   processes write at once.)
 * - Durability: `synchronous = FULL` by default, so a commit is on disk when `append`
 *   returns. `durability: "normal"` relaxes it to `synchronous = NORMAL`: still atomic and
 *   crash-safe for the process, but the last commits before a power loss or an OS crash may
 *   be lost (the WAL is synced at checkpoints only). It is several times faster.
 * - Checkpoints (copying the WAL back into the database file) are made by a thread of the
 *   store's own, every 100 commits, not by the commit that takes the WAL past 1,000 pages, so no
 *   append waits for one; SQLite's own checkpoint stays on past 4,000 pages, as a net
 *   (`internal/Checkpointer.ts`). `checkpoints: "inline"` leaves them to SQLite, as by default.
 * - Followers are woken (`LogChanges`): an append through this store wakes its waiters as
 *   soon as it commits. A commit by another connection or process is not pushed (SQLite has
 *   no notifications between connections): while someone waits, the store checks
 *   `PRAGMA data_version` on its connection every ~50 ms, which changes when another
 *   connection has committed, and wakes the waiters then. Nothing runs while no one waits.
 * - Snapshots (`EventStore.Snapshot`) are rows of a `snapshots` table, one per stream, written
 *   outside the append's transaction, with the stream's version checked in the same statement.
 * - The schema is versioned with `PRAGMA user_version` and created by migrations applied in
 *   one `BEGIN IMMEDIATE` transaction when the store opens: safe to run twice and from two
 *   processes at once. A file of a newer schema than this code knows is refused.
 *
 * @since 0.1.0
 */
import { resolve } from "node:path"
import Database from "better-sqlite3"
import { Clock, Config, Context, Effect, Layer, type Scope } from "effect"
import * as EventStore from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"
import * as LogChanges from "@fulian/store/LogChanges"
import * as Checkpointer from "./internal/Checkpointer.ts"

/**
 * How durable a commit is: `"full"` (the default) syncs the WAL on every commit; `"normal"`
 * syncs it only at checkpoints, so a power loss may lose the last commits (never half of one).
 */
export type Durability = "full" | "normal"

/**
 * Who checkpoints the WAL (copies its pages back into the database file): `"background"` (the
 * default), a thread of the store's own, every 100 commits, so that no append waits for it — with
 * SQLite's own checkpoint, past 4,000 pages of WAL, as a net; `"inline"`, SQLite's default: the
 * commit that takes the WAL past 1,000 pages makes it, in the appending thread. The thread (one
 * per store, with a connection of its own) starts at the store's 100th commit, not before.
 * The projection store on it (`SqliteProjectionStore`) follows the same choice for the rows it
 * writes: in the background, a thread of its writer's own checkpoints as the writes go on.
 */
export type Checkpoints = "background" | "inline"

/** Options of the SQLite store. */
export interface Options {
  /** The database file; created with the schema when it does not exist. */
  readonly filename: string
  /** How durable a commit is (default `"full"`). */
  readonly durability?: Durability | undefined
  /**
   * How long, in milliseconds, a writer waits for another connection's write to finish
   * before failing with `StoreUnavailable` (default 5000).
   */
  readonly busyTimeout?: number | undefined
  /**
   * The connection's page cache, in KiB (`PRAGMA cache_size`); default the driver's, 16,000.
   * A process that reads a long stream or the log through once (`fulian history`) gains nothing
   * from a cache and can give a small one: every page read is kept in it until it is full.
   */
  readonly pageCacheKib?: number | undefined
  /** Who checkpoints the WAL (default `"background"`). */
  readonly checkpoints?: Checkpoints | undefined
}

/** The SQLite store: the generic operations and its wake-ups, plus the connection for maintenance and tests. */
export interface SqliteEventStoreShape extends EventStore.EventStoreShape, LogChanges.LogChangesShape {
  /**
   * The open better-sqlite3 connection. Writing through it bypasses every check of the
   * store: use it to inspect or maintain the file, never to append events.
   */
  readonly database: Database.Database
  /** The database file, as given in the options. */
  readonly filename: string
  /** How durable each commit is on this connection. */
  readonly durability: Durability
  /** Who checkpoints the WAL (as given in the options, else `"background"`). */
  readonly checkpoints: Checkpoints
}

/** How long after a turn of the event loop queued its first flush as a microtask the next may still be one (see `schedule`). */
const soonBudgetMillis = 1

/** The SQLite store as its own service, beside the generic `EventStore`. */
export class SqliteEventStore extends Context.Service<SqliteEventStore, SqliteEventStoreShape>()("fulian/SqliteEventStore") {}

/** The migrations, in order: `migrations[n]` takes the schema from version n to n + 1. */
export const migrations: ReadonlyArray<string> = [
  `CREATE TABLE events (
     position       INTEGER PRIMARY KEY,
     stream         TEXT    NOT NULL,
     version        INTEGER NOT NULL,
     event_id       TEXT    NOT NULL,
     type           TEXT    NOT NULL,
     schema_version INTEGER NOT NULL,
     data           TEXT    NOT NULL,
     metadata       TEXT    NOT NULL,
     UNIQUE (stream, version)
   );
   CREATE TABLE commands (
     command_id     TEXT    PRIMARY KEY,
     first_position INTEGER NOT NULL,
     last_position  INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // Projections (read models) with their checkpoints: see SqliteProjectionStore.
  `CREATE TABLE projections (
     name       TEXT    PRIMARY KEY,
     version    INTEGER NOT NULL,
     checkpoint INTEGER NOT NULL,
     state      TEXT    NOT NULL
   ) WITHOUT ROWID;`,
  // The hash of the command that used each command id; NULL for ids recorded before.
  `ALTER TABLE commands ADD COLUMN command_hash TEXT;`,
  // Data keys, one per data subject: see SqliteKeyStore. A destroyed subject keeps its row,
  // without a key, as a tombstone.
  `CREATE TABLE data_keys (
     subject      TEXT PRIMARY KEY,
     key          BLOB,
     destroyed_at TEXT,
     CHECK ((key IS NULL) = (destroyed_at IS NOT NULL))
   ) WITHOUT ROWID;`,
  // Each event's hash link (`Integrity`); the events already stored get theirs when the
  // migration runs (`backfill`).
  `ALTER TABLE events ADD COLUMN hash TEXT;`,
  // Row-style projections (read models kept as rows): see SqliteProjectionStore. Their version
  // and checkpoint, and their rows, changed together in one transaction.
  `CREATE TABLE projection_checkpoints (
     name       TEXT    PRIMARY KEY,
     version    INTEGER NOT NULL,
     checkpoint INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE projection_rows (
     projection TEXT NOT NULL,
     tbl        TEXT NOT NULL,
     key        TEXT NOT NULL,
     value      TEXT NOT NULL,
     PRIMARY KEY (projection, tbl, key)
   ) WITHOUT ROWID;`,
  // One snapshot per stream (`EventStore.Snapshot`): a cache beside the events, never hashed.
  `CREATE TABLE snapshots (
     stream         TEXT    PRIMARY KEY,
     version        INTEGER NOT NULL,
     schema_version INTEGER NOT NULL,
     state          TEXT    NOT NULL
   ) WITHOUT ROWID;`,
  // Row-style projections' rows in a table with a rowid, their key in an index of its own. A
  // row's JSON text (a case's is about 800 bytes) left few rows to a page of the table keyed by
  // them, and a rebuild inserts rows all over the key range: each commit dirtied many pages.
  // Replaying the writes of a rebuild over 1,000,000 events: 13.1–13.4 s against 17.6–18.3 s.
  `CREATE TABLE projection_rows_by_rowid (
     projection TEXT NOT NULL,
     tbl        TEXT NOT NULL,
     key        TEXT NOT NULL,
     value      TEXT NOT NULL
   );
   INSERT INTO projection_rows_by_rowid (projection, tbl, key, value) SELECT projection, tbl, key, value FROM projection_rows;
   DROP TABLE projection_rows;
   ALTER TABLE projection_rows_by_rowid RENAME TO projection_rows;
   CREATE UNIQUE INDEX projection_rows_key ON projection_rows (projection, tbl, key);`
]

/**
 * What a migration does besides its SQL, in its transaction: after the hash column is added
 * (migration 5), every stored event gets its hash link, in the order of the log.
 */
const backfill: ReadonlyArray<((db: Database.Database) => void) | undefined> = [undefined, undefined, undefined, undefined, (db) => {
  const heads = new Map<string, string>()
  const update = db.prepare<[string, number]>("UPDATE events SET hash = ? WHERE position = ?")
  const page = db.prepare<[number], Row>(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT 1000`).raw()
  for (let rows = page.all(0); rows.length > 0; rows = page.all(rows[rows.length - 1]![0])) {
    for (const row of rows) {
      let hash: string
      try {
        hash = Integrity.eventHash(heads.get(row[1]) ?? Integrity.genesis, toRecorded(row))
      } catch {
        // A row that cannot be read keeps no hash: reading it fails, and verifying stops at it.
        continue
      }
      heads.set(row[1], hash)
      update.run(hash, row[0])
    }
  }
}]

/** The schema version this code creates and reads (`PRAGMA user_version`). */
export const schemaVersion: number = migrations.length

/** A stored event as better-sqlite3 gives it in raw mode: the values of `columns`, in order (no object per row). */
type Row = readonly [
  position: number,
  stream: string,
  version: number,
  eventId: string,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
  hash: string | null
]

const columns = "position, stream, version, event_id, type, schema_version, data, metadata, hash"

const isEventStoreError = (u: unknown): u is EventStore.EventStoreError =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "EventStoreError"

/**
 * Classifies what better-sqlite3 threw into the store's error reasons. A unique-key
 * violation on (stream, version) is a conflict; `actualVersion` gives the stream's version
 * after the failed transaction rolled back. Everything else the driver throws (busy or locked
 * file, I/O error, disk full, corrupt file, closed connection) means the storage failed.
 */
export const classify = (
  error: unknown,
  conflict?: { readonly stream: string; readonly expected: EventStore.ExpectedVersion; readonly actualVersion: () => number }
): EventStore.EventStoreError => {
  if (isEventStoreError(error)) return error
  const code = error instanceof Database.SqliteError ? error.code : undefined
  const message = error instanceof Error ? error.message : String(error)
  if (code === "SQLITE_CONSTRAINT_UNIQUE" && conflict !== undefined && /events\.stream, events\.version/.test(message)) {
    let actual: number
    try {
      actual = conflict.actualVersion()
    } catch (cause) {
      return EventStore.storeUnavailable(`${message}; then reading the stream's version failed`, cause)
    }
    return new EventStore.EventStoreError({
      reason: new EventStore.WrongExpectedVersion({ stream: conflict.stream, expected: conflict.expected, actual }),
      cause: error
    })
  }
  return EventStore.storeUnavailable(code === undefined ? message : `${code}: ${message}`, error)
}

const parseJson = (row: Row, column: "data" | "metadata"): unknown => {
  const text = row[column === "data" ? 6 : 7]
  if (typeof text !== "string") {
    throw EventStore.corruptEvent(String(row[1]), Number(row[0]), `${column} is not text`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw EventStore.corruptEvent(row[1], row[0], `${column} is not valid JSON: ${(error as Error).message}`)
  }
}

const toRecorded = (row: Row): EventStore.RecordedEvent => {
  const [position, stream, version, eventId, type, schemaVersion] = row
  const data = parseJson(row, "data")
  const metadata = parseJson(row, "metadata")
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw EventStore.corruptEvent(stream, position, "metadata is not a JSON object")
  }
  if (typeof type !== "string" || typeof eventId !== "string") {
    throw EventStore.corruptEvent(stream, position, "type or event id is not text")
  }
  if (!Number.isInteger(schemaVersion) || !Number.isInteger(version)) {
    throw EventStore.corruptEvent(stream, position, "version or schema version is not an integer")
  }
  return {
    eventId,
    stream,
    version,
    position,
    type,
    schemaVersion,
    data,
    metadata: metadata as EventStore.EventMetadata,
    // A row stored without its link reads with none; verifying the log stops at it.
    hash: row[8] ?? ""
  }
}

const migrate = (db: Database.Database): void => {
  db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number
    if (current > schemaVersion) {
      throw EventStore.storeUnavailable(
        `${db.name} has schema version ${current}, newer than this code knows (${schemaVersion})`
      )
    }
    for (let v = current; v < schemaVersion; v++) {
      db.exec(migrations[v]!)
      backfill[v]?.(db)
    }
    // PRAGMA takes no bound parameters; the value is a number of ours.
    if (current < schemaVersion) db.pragma(`user_version = ${schemaVersion}`)
  }).immediate()
}

const open = (options: Options): Database.Database => {
  const db = new Database(options.filename, { timeout: 0 })
  try {
    db.pragma("journal_mode = WAL")
    db.pragma(`synchronous = ${options.durability === "normal" ? "NORMAL" : "FULL"}`)
    // PRAGMA takes no bound parameters: the value is checked to be a whole number first (`make`).
    if (options.pageCacheKib !== undefined) db.pragma(`cache_size = -${options.pageCacheKib}`)
    // PRAGMA takes no bound parameters; the value is a constant of ours.
    if (options.checkpoints !== "inline") db.pragma(`wal_autocheckpoint = ${Checkpointer.netPages}`)
    if ((db.pragma("user_version", { simple: true }) as number) !== schemaVersion) migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/** How often, in ms, a store looks for commits of other connections while a follower waits. */
const watchMillis = 50

/** Whether better-sqlite3 threw because another connection holds a lock (`SQLITE_BUSY`). */
export const isBusy = (error: unknown): boolean =>
  error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY")

/** A pause of real time: a TestClock in the caller's program must not stall a busy wait. */
const pause = (millis: number): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    const timer = setTimeout(() => resume(Effect.void), millis)
    return Effect.sync(() => clearTimeout(timer))
  })

/**
 * Runs `f` (a whole transaction or read), again after a short random pause whenever another
 * connection holds the lock it needs (it throws `SQLITE_BUSY`), for up to `busyTimeout` ms;
 * what it throws last becomes the failure `onError` makes of it. For other users of the same
 * file, such as the key store.
 */
export const retryWhileBusy = <A, E>(busyTimeout: number, f: () => A, onError: (error: unknown) => E): Effect.Effect<A, E> =>
  Effect.suspend(() => {
    const deadline = performance.now() + busyTimeout
    const attempt = (n: number): Effect.Effect<A, E> => {
      try {
        return Effect.succeed(f())
      } catch (error) {
        if (isBusy(error) && performance.now() < deadline) {
          return Effect.flatMap(pause(1 + Math.floor(Math.random() * Math.min(8, 1 + n))), () => attempt(n + 1))
        }
        return Effect.fail(onError(error))
      }
    }
    return attempt(0)
  })

/** `retryWhileBusy` failing with the event store's error: for other writers on the same file, such as the projection store. */
export const retryBusy = <A>(busyTimeout: number, f: () => A): Effect.Effect<A, EventStore.EventStoreError> =>
  retryWhileBusy(busyTimeout, f, (error) => classify(error))

/**
 * Makes the store's operations on an open connection (whose schema is current), and `close`,
 * which fails the appends still waiting before the connection is closed.
 */
const makeShape = (
  db: Database.Database,
  busyTimeout: number,
  clock: Clock.Clock,
  committed: () => void
): { readonly store: EventStore.EventStoreShape; readonly changes: LogChanges.LogChangesShape; readonly close: () => void } => {
  // Two statements, not one with `LIMIT -1` for "no limit": with better-sqlite3's SQLite, a
  // bound LIMIT made a read of a stream cost about 11 µs more (measured), and a decision reads
  // its stream without one.
  const selectStream = db.prepare<[string, number], Row>(
    `SELECT ${columns} FROM events WHERE stream = ? AND version >= ? ORDER BY version`
  ).raw()
  const selectStreamLimited = db.prepare<[string, number, number], Row>(
    `SELECT ${columns} FROM events WHERE stream = ? AND version >= ? ORDER BY version LIMIT ?`
  ).raw()
  const selectAll = db.prepare<[number, number], Row>(
    `SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT ?`
  ).raw()
  const selectRange = db.prepare<[number, number], Row>(
    `SELECT ${columns} FROM events WHERE position BETWEEN ? AND ? ORDER BY position`
  ).raw()
  const selectCommand = db.prepare<[string], { first_position: number; last_position: number; command_hash: string | null }>(
    "SELECT first_position, last_position, command_hash FROM commands WHERE command_id = ?"
  )
  const selectVersion = db.prepare<[string], number | null>("SELECT max(version) FROM events WHERE stream = ?").pluck()
  const selectHead = db.prepare<[string], { version: number; hash: string | null }>(
    "SELECT version, hash FROM events WHERE stream = ? ORDER BY version DESC LIMIT 1"
  )
  const selectLast = db.prepare<[], number | null>("SELECT max(position) FROM events").pluck()
  const insertEvent = db.prepare<[number, string, number, string, string, number, string, string, string]>(
    "INSERT INTO events (position, stream, version, event_id, type, schema_version, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
  )
  const selectSnapshot = db.prepare<[string], { version: number; schema_version: number; state: string }>(
    "SELECT version, schema_version, state FROM snapshots WHERE stream = ?"
  )
  // Kept unless the stored one is of the same schema version and later (`EventStore.snapshotReplaces`).
  const upsertSnapshot = db.prepare<[string, number, number, string]>(
    `INSERT INTO snapshots (stream, version, schema_version, state) VALUES (?, ?, ?, ?)
     ON CONFLICT (stream) DO UPDATE SET version = excluded.version, schema_version = excluded.schema_version, state = excluded.state
     WHERE snapshots.schema_version <> excluded.schema_version OR snapshots.version <= excluded.version`
  )
  const insertCommand = db.prepare<[string, number, number, string | null]>(
    "INSERT INTO commands (command_id, first_position, last_position, command_hash) VALUES (?, ?, ?, ?)"
  )

  const versionOf = (stream: string): number => selectVersion.get(stream) ?? 0
  const commandRecord = (commandId: string): EventStore.CommandRecord | undefined => {
    const command = selectCommand.get(commandId)
    return command === undefined ? undefined : {
      events: selectRange.all(command.first_position, command.last_position).map(toRecorded),
      commandHash: command.command_hash ?? undefined
    }
  }
  // A command id recorded before: its first events for the same command, else CommandIdReused.
  const repeated = (request: Request): EventStore.AppendResult | undefined => {
    const command = request.commandId === undefined ? undefined : selectCommand.get(request.commandId)
    if (command === undefined) return undefined
    if (!EventStore.sameCommand(command.command_hash, request.commandHash)) throw EventStore.commandIdReused(request.commandId!)
    return { events: selectRange.all(command.first_position, command.last_position).map(toRecorded), duplicate: true }
  }

  interface Prepared {
    readonly stream: string
    readonly expected: EventStore.ExpectedVersion
    readonly events: ReadonlyArray<{ readonly event: EventStore.NewEvent; readonly data: string; readonly metadata: string }>
  }

  interface Request {
    readonly writes: ReadonlyArray<Prepared>
    readonly commandId: string | undefined
    readonly commandHash: string | undefined
    /** `performance.now()` after which a busy database fails the append. */
    readonly deadline: number
    readonly resume: (result: Effect.Effect<EventStore.AppendResult, EventStore.EventStoreError>) => void
    /** Runs in a transaction of its own, not in a group. */
    alone: boolean
  }

  // Wake-ups: this store's own appends wake at once; other connections' commits are seen by
  // `PRAGMA data_version` (it changes when another connection commits), checked every
  // `watchMillis` while someone waits.
  const dataVersion = () => db.pragma("data_version", { simple: true }) as number
  let watcher: ReturnType<typeof setInterval> | undefined
  let seen = 0
  const watch = () => {
    if (signal.waiters() === 0 || closed) {
      clearInterval(watcher)
      watcher = undefined
      return
    }
    let now: number
    try {
      now = dataVersion()
    } catch {
      return // a busy or closing file: look again next time
    }
    if (now !== seen) {
      seen = now
      signal.wake()
    }
  }
  const signal: LogChanges.Signal = LogChanges.makeSignal(() => {
    if (watcher !== undefined || closed) return
    try {
      seen = dataVersion()
    } catch {
      seen = -1 // unknown: the first check wakes, spuriously
    }
    watcher = setInterval(watch, watchMillis)
    watcher.unref()
  })

  // The stream being inserted into, to classify a unique-key violation on (stream, version).
  let inserting: { stream: string; expected: EventStore.ExpectedVersion } | undefined

  // One append. Within a group it runs as a SAVEPOINT of the group's transaction; alone, in
  // its own BEGIN IMMEDIATE. Either way no other connection writes until it commits.
  const appendOne = db.transaction((request: Request): EventStore.AppendResult => {
    const { writes, commandId } = request
    const done = repeated(request)
    if (done !== undefined) return done
    const heads: Array<{ version: number; hash: string }> = []
    for (const w of writes) {
      const head = selectHead.get(w.stream)
      const actual = head?.version ?? 0
      if (!EventStore.versionMatches(w.expected, actual)) throw EventStore.wrongExpectedVersion(w.stream, w.expected, actual)
      heads.push({ version: actual, hash: head?.hash ?? Integrity.genesis })
    }
    // The write lock is held (BEGIN IMMEDIATE): the next position is the last one plus one.
    let position = selectLast.get() ?? 0
    const written: Array<EventStore.RecordedEvent> = []
    writes.forEach((w, i) => {
      let { hash: previous, version } = heads[i]!
      inserting = w
      for (const { event, data, metadata } of w.events) {
        version++
        position++
        const hash = Integrity.hashOfText(previous, version, position, Integrity.newEventIdentityText(w.stream, event), data, metadata)
        insertEvent.run(position, w.stream, version, event.eventId, event.type, event.schemaVersion, data, metadata, hash)
        previous = hash
        // Parsed back from the stored text, so the result equals what a later read returns.
        written.push({
          eventId: event.eventId,
          stream: w.stream,
          version,
          position,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: JSON.parse(data),
          metadata: JSON.parse(metadata),
          hash
        })
      }
    })
    inserting = undefined
    if (commandId !== undefined) {
      insertCommand.run(commandId, written[0]!.position, written[written.length - 1]!.position, request.commandHash ?? null)
    }
    return { events: written, duplicate: false }
  })

  // A group of appends in one transaction: one commit, so one sync of the WAL, for all of them.
  // An append refused by its checks writes nothing and does not affect the others.
  const appendGroup = db.transaction((group: ReadonlyArray<Request>) =>
    group.map((request): Effect.Effect<EventStore.AppendResult, EventStore.EventStoreError> => {
      try {
        return Effect.succeed(appendOne(request))
      } catch (error) {
        if (isEventStoreError(error)) return Effect.fail(error)
        throw error
      }
    }))

  const classifyAppend = (error: unknown, request: Request): Effect.Effect<EventStore.AppendResult, EventStore.EventStoreError> => {
    const conflict = inserting
    inserting = undefined
    // A command id taken by a concurrent append between our check and our insert cannot
    // happen under BEGIN IMMEDIATE; if it ever does, that append is the answer.
    if (error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_PRIMARYKEY" && request.commandId !== undefined) {
      try {
        const done = repeated(request)
        if (done !== undefined) return Effect.succeed(done)
      } catch (answer) {
        return Effect.fail(classify(answer))
      }
    }
    return Effect.fail(classify(error, conflict && { ...conflict, actualVersion: () => versionOf(conflict.stream) }))
  }

  // Appends wait in `queue` until the code running now is done, so that the appends of
  // concurrent fibers share one transaction and one sync (group commit): as a microtask, so
  // that a lone append does not wait for the next turn of the event loop. Hazard: flushes as
  // microtasks alone starve timers and I/O while fibers append without pause (each flush
  // resumes the fibers whose appends queue the next), so once `soonBudgetMillis` has passed
  // since a turn queued its first flush as a microtask, the next waits for the next turn. A
  // busy database puts the group back and tries again after a short random pause.
  let queue: Array<Request> = []
  // The flush to come: as a microtask ("soon"), at the next turn, or after a pause.
  let timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | "soon" | undefined
  // When this turn of the event loop queued its first flush as a microtask.
  let turnStarted: number | undefined
  const nextTurn = () => {
    turnStarted = undefined
  }
  let busyAttempts = 0
  let closed = false

  const schedule = (delay: number) => {
    if (timer !== undefined) return
    if (delay > 0) timer = setTimeout(flush, delay)
    else if (turnStarted !== undefined && performance.now() - turnStarted >= soonBudgetMillis) timer = setImmediate(flush)
    else {
      if (turnStarted === undefined) {
        turnStarted = performance.now()
        setImmediate(nextTurn).unref()
      }
      timer = "soon"
      queueMicrotask(flush)
    }
  }

  // The next group: the waiting appends up to the first that must run alone, or that one.
  const take = (): Array<Request> => {
    if (queue[0]?.alone) return queue.splice(0, 1)
    const end = queue.findIndex((r) => r.alone)
    return queue.splice(0, end === -1 ? queue.length : end)
  }

  function flush(): void {
    timer = undefined
    const group = take()
    if (group.length === 0) return
    let results: ReadonlyArray<Effect.Effect<EventStore.AppendResult, EventStore.EventStoreError>>
    try {
      results = group.length === 1 ? [Effect.succeed(appendOne.immediate(group[0]!))] : appendGroup.immediate(group)
    } catch (error) {
      if (isBusy(error)) {
        const now = performance.now()
        const waiting = group.filter((request) => request.deadline > now)
        for (const request of group) if (request.deadline <= now) request.resume(Effect.fail(classify(error)))
        queue = [...waiting, ...queue]
        busyAttempts++
        if (queue.length > 0) schedule(1 + Math.floor(Math.random() * Math.min(8, busyAttempts)))
        return
      }
      if (group.length === 1) {
        group[0]!.resume(isEventStoreError(error) ? Effect.fail(error) : classifyAppend(error, group[0]!))
      } else {
        // Something failed that should not have (not a refusal by the checks): it must fail
        // only its own append, so the group is tried again one append per transaction.
        inserting = undefined
        for (const request of group) request.alone = true
        queue = [...group, ...queue]
      }
      if (queue.length > 0) schedule(0)
      return
    }
    busyAttempts = 0
    committed()
    group.forEach((request, i) => request.resume(results[i]!))
    signal.wake()
    if (queue.length > 0) schedule(0)
  }

  // Checks and encodes the writes, then queues them; one asynchronous step for the whole append.
  const enqueue = (writes: ReadonlyArray<EventStore.StreamWrite>, commandId: string | undefined, commandHash: string | undefined) =>
    Effect.callback<EventStore.AppendResult, EventStore.EventStoreError>((resume) => {
      const invalid = EventStore.validateWrites(writes)
      if (invalid) return resume(Effect.fail(invalid))
      let prepared: ReadonlyArray<Prepared>
      try {
        prepared = prepare(writes, new Date(clock.currentTimeMillisUnsafe()).toISOString())
      } catch (error) {
        return resume(Effect.fail(classify(error)))
      }
      if (closed) return resume(Effect.fail(EventStore.storeUnavailable("the database is closed")))
      const request: Request = { writes: prepared, commandId, commandHash, deadline: performance.now() + busyTimeout, resume, alone: false }
      queue.push(request)
      schedule(0)
      // An interrupted append that has not run yet leaves the queue; one that ran is committed.
      return Effect.sync(() => {
        queue = queue.filter((r) => r !== request)
      })
    })

  const close = () => {
    closed = true
    clearInterval(watcher)
    watcher = undefined
    // A flush queued as a microtask finds the queue empty.
    if (timer !== undefined && timer !== "soon") {
      clearTimeout(timer as ReturnType<typeof setTimeout>)
      clearImmediate(timer as ReturnType<typeof setImmediate>)
    }
    timer = undefined
    const waiting = queue
    queue = []
    for (const request of waiting) request.resume(Effect.fail(EventStore.storeUnavailable("the database was closed")))
  }

  const prepare = (writes: ReadonlyArray<EventStore.StreamWrite>, recordedAt: string): ReadonlyArray<Prepared> =>
    writes.map((w) => ({
      stream: w.stream,
      expected: w.expected,
      events: w.events.map((event) => {
        if (!Number.isInteger(event.schemaVersion)) {
          throw EventStore.invalidRequest(`stream ${w.stream}: schema version ${event.schemaVersion} is not an integer`)
        }
        const texts = Integrity.storedTexts(w.stream, event, recordedAt)
        if (texts instanceof EventStore.EventStoreError) throw texts
        return { event, ...texts }
      })
    }))

  const attempt = <A>(f: () => A) => retryBusy(busyTimeout, f)

  const store: EventStore.EventStoreShape = {
    append: (writes, options) => enqueue(writes, options?.commandId, options?.commandHash),
    readStream: (stream, options) =>
      attempt(() =>
        (options?.limit === undefined
          ? selectStream.all(stream, options?.fromVersion ?? 1)
          : selectStreamLimited.all(stream, options?.fromVersion ?? 1, Math.max(0, options.limit))).map(toRecorded)
      ),
    readAll: ({ after, limit }) => attempt(() => selectAll.all(Math.max(0, after), Math.max(0, limit)).map(toRecorded)),
    lastPosition: () => attempt(() => selectLast.get() ?? 0),
    readCommand: (commandId) => attempt(() => commandRecord(commandId)),
    readSnapshot: (stream) =>
      attempt(() => {
        const row = selectSnapshot.get(stream)
        if (row === undefined) return undefined
        let state: unknown
        try {
          state = JSON.parse(row.state)
        } catch (error) {
          throw EventStore.corruptEvent(stream, 0, `its snapshot is not valid JSON: ${(error as Error).message}`)
        }
        return { stream, version: row.version, schemaVersion: row.schema_version, state }
      }),
    writeSnapshot: (snapshot) =>
      attempt(() => {
        // One statement after the check, in autocommit: the stream's version can only grow between them.
        const text = EventStore.validateSnapshot(snapshot, versionOf(snapshot.stream))
        if (typeof text !== "string") throw text
        upsertSnapshot.run(snapshot.stream, snapshot.version, snapshot.schemaVersion, text)
      })
  }
  return { store, changes: { changed: signal.changed }, close }
}

/**
 * Opens (creating if needed) the database file, brings its schema up to date, and makes the
 * store; the connection is closed when the scope closes. `recordedAt` is stamped from the
 * `Clock` in force here, when the store is made, not from its callers'.
 */
export const make = (options: Options): Effect.Effect<SqliteEventStoreShape, EventStore.EventStoreError, Scope.Scope> => {
  const busyTimeout = options.busyTimeout ?? 5000
  if (options.pageCacheKib !== undefined && !(Number.isSafeInteger(options.pageCacheKib) && options.pageCacheKib > 0)) {
    return Effect.fail(EventStore.invalidRequest(`pageCacheKib must be a whole number of KiB above 0, not ${options.pageCacheKib}`))
  }
  if (options.checkpoints !== undefined && options.checkpoints !== "background" && options.checkpoints !== "inline") {
    return Effect.fail(EventStore.invalidRequest(`checkpoints must be "background" or "inline", not ${String(options.checkpoints)}`))
  }
  return Effect.map(
    Effect.acquireRelease(
      Clock.clockWith((clock) =>
        Effect.map(retryBusy(busyTimeout, () => open(options)), (db) => {
          // A database in memory has no WAL, and another connection would open another database.
          const checkpointer = options.checkpoints === "inline" || db.memory ? undefined : Checkpointer.make({
            filename: resolve(options.filename),
            synchronous: options.durability === "normal" ? "NORMAL" : "FULL"
          })
          return { db, checkpointer, ...makeShape(db, busyTimeout, clock, checkpointer?.committed ?? (() => {})) }
        })),
      ({ checkpointer, close, db }) =>
        Effect.andThen(
          Effect.sync(() => close()),
          Effect.ensuring(checkpointer?.close() ?? Effect.void, Effect.sync(() => db.close()))
        )
    ),
    ({ changes, db, store }) => ({
      ...store,
      ...changes,
      database: db,
      filename: options.filename,
      durability: options.durability ?? "full",
      checkpoints: options.checkpoints ?? "background"
    })
  )
}

/** A layer with the SQLite store in `options.filename`, as `EventStore`, as `SqliteEventStore` and with its `LogChanges`. */
export const layer = (options: Options): Layer.Layer<EventStore.EventStore | SqliteEventStore | LogChanges.LogChanges, EventStore.EventStoreError> =>
  Layer.effectContext(
    Effect.map(make(options), (store) =>
      Context.make(SqliteEventStore, store).pipe(Context.add(EventStore.EventStore, store), Context.add(LogChanges.LogChanges, store)))
  )

/**
 * The layer with options read from configuration, for example
 *
 *   SqliteEventStore.layerConfig({
 *     filename: Config.String("FULIAN_SQLITE_FILE"),
 *     durability: Config.Literals(["full", "normal"], "FULIAN_SQLITE_DURABILITY").pipe(Config.withDefault("full"))
 *   })
 */
export const layerConfig = (
  config: Config.Wrap<Options>
): Layer.Layer<EventStore.EventStore | SqliteEventStore | LogChanges.LogChanges, EventStore.EventStoreError | Config.ConfigError> =>
  Layer.unwrap(Effect.map(Config.unwrap(config), layer))
