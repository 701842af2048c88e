/**
 * Data keys kept in the same SQLite file as the events, in a table of their own (`data_keys`,
 * made by the event store's migrations, schema version 4).
 *
 *   const events = SqliteEventStore.layer({ filename: "fulian.db" })
 *   const stores = Layer.merge(events, Layer.provide(SqliteKeyStore.layer(), events))
 *
 * How it keeps the contract (see `@fulian/store/MemoryKeyStore`, the reference):
 * - One row per subject: its key (a 32-byte BLOB), or, once destroyed, no key and the time of
 *   the destruction from the store's `Clock` — the tombstone. A CHECK keeps a row from having
 *   both or neither.
 * - `obtain` reads; for subjects with no row it inserts fresh keys (`ON CONFLICT DO NOTHING`)
 *   and reads again in one `BEGIN IMMEDIATE` transaction, so a process racing it gets the key
 *   that was inserted first.
 * - `destroy` writes the tombstone, then leaves no copy of the key in the file: the store's
 *   connection runs with `secure_delete = ON`, so SQLite overwrites with zeros the space a
 *   row leaves — when its key is removed, and when a page split or merge moves it — and
 *   pages it frees; then a `wal_checkpoint(TRUNCATE)` copies the pages without the key into
 *   the database file and empties the write-ahead log, which held the pages with it. While
 *   another connection reads, the log cannot be emptied: `destroy` waits up to `busyTimeout`
 *   ms, then fails with `StoreUnavailable` though the key is destroyed; destroying again
 *   finishes. Copies outside the file — backups, the file system's free blocks, a disk's
 *   remapped sectors — are out of its reach.
 *
 * It opens a connection of its own to the event store's file rather than sharing the event
 * store's. `secure_delete` is a setting of a connection, and must be on for every write to
 * this table; on the event store's connection it would also zero the space of every
 * projection state replaced, for nothing. And this connection commits with
 * `synchronous = FULL` whatever the event store's durability, so a destroy that returned
 * survives a power loss. In one process the two connections never wait on each other
 * (better-sqlite3 runs each transaction to its end synchronously); between processes a busy
 * file is tried again, as the event store does.
 *
 * @since 0.1.0
 */
import { randomFillSync } from "node:crypto"
import Database from "better-sqlite3"
import { Clock, Effect, Layer, type Scope } from "effect"
import * as KeyStore from "@fulian/store/KeyStore"
import { isBusy, retryWhileBusy, SqliteEventStore } from "./SqliteEventStore.ts"

/** Options of the SQLite key store. */
export interface Options {
  /**
   * How long, in milliseconds, an operation waits for another process's lock on the file
   * before failing with `StoreUnavailable` (default 5000).
   */
  readonly busyTimeout?: number | undefined
}

interface Row {
  readonly subject: string
  readonly key: unknown
}

/** Classifies what better-sqlite3 threw; its messages never hold bound values, so no key. */
const classify = (error: unknown): KeyStore.KeyStoreError => {
  if (KeyStore.isKeyStoreError(error)) return error
  const code = error instanceof Database.SqliteError ? error.code : undefined
  const message = error instanceof Error ? error.message : String(error)
  return KeyStore.storeUnavailable(code === undefined ? message : `${code}: ${message}`, error)
}

/** The keys and tombstones of `rows`, in the order of `subjects`; a key that cannot be used throws `CorruptKey`. */
const keysOf = (subjects: ReadonlyArray<string>, rows: ReadonlyArray<Row>): KeyStore.Keys => {
  const found = KeyStore.keysFrom(subjects, new Map(rows.map((row) => [row.subject, row.key])))
  if (KeyStore.isKeyStoreError(found)) throw found
  return found
}

/**
 * Opens the key store's own connection to the file of the SQLite event store in context
 * (whose migrations made the table), closed when the scope closes. An event store in memory
 * is refused: another connection cannot reach it.
 */
export const make = (options: Options = {}): Effect.Effect<KeyStore.KeyStoreShape, KeyStore.KeyStoreError, SqliteEventStore | Scope.Scope> =>
  Effect.gen(function*() {
    const events = yield* SqliteEventStore
    if (events.database.memory) {
      return yield* Effect.fail(KeyStore.storeUnavailable("the SQLite key store needs the event store in a file: another connection cannot reach a database in memory"))
    }
    const busyTimeout = options.busyTimeout ?? 5000
    const clock = yield* Clock.clockWith(Effect.succeed)
    const attempt = <A>(f: () => A) => retryWhileBusy(busyTimeout, f, classify)
    const db = yield* Effect.acquireRelease(
      attempt(() => {
        const db = new Database(events.filename, { timeout: 0, fileMustExist: true })
        try {
          db.pragma("secure_delete = ON")
          db.pragma("synchronous = FULL")
          return db
        } catch (error) {
          db.close()
          throw error
        }
      }),
      (db) => Effect.sync(() => db.close())
    )

    // One statement per read, so the subjects are read from one snapshot.
    const select = db.prepare<[string], Row>("SELECT subject, key FROM data_keys WHERE subject IN (SELECT value FROM json_each(?))")
    const insert = db.prepare<[string, Uint8Array]>("INSERT INTO data_keys (subject, key) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING")
    const tombstone = db.prepare<[string, string]>(
      `INSERT INTO data_keys (subject, key, destroyed_at) VALUES (?, NULL, ?)
       ON CONFLICT (subject) DO UPDATE SET key = NULL, destroyed_at = coalesce(data_keys.destroyed_at, excluded.destroyed_at)`
    )
    const read = (subjects: ReadonlyArray<string>) => select.all(JSON.stringify(subjects))
    const create = db.transaction((missing: ReadonlyArray<string>, subjects: ReadonlyArray<string>) => {
      for (const subject of missing) {
        const candidate = randomFillSync(new Uint8Array(KeyStore.keyLength))
        insert.run(subject, candidate)
        // SQLite keeps its own copy; this one is not the key if another process's came first.
        candidate.fill(0)
      }
      return read(subjects)
    })

    const checked = <A>(subjects: ReadonlyArray<string>, f: (unique: ReadonlyArray<string>) => A) =>
      Effect.suspend(() => {
        const invalid = KeyStore.validateSubjects(subjects)
        return invalid ? Effect.fail(invalid) : attempt(() => f([...new Set(subjects)]))
      })

    // Empties the write-ahead log into the file; it reports `busy` while another connection reads.
    const checkpoint = () => {
      const [result] = db.pragma("wal_checkpoint(TRUNCATE)") as ReadonlyArray<{ readonly busy: number }>
      if (result !== undefined && result.busy !== 0) throw new Database.SqliteError("a reader holds the write-ahead log", "SQLITE_BUSY")
    }

    return {
      obtain: (subjects) =>
        checked(subjects, (unique) => {
          let rows = read(unique)
          if (rows.length < unique.length) {
            const present = new Set(rows.map((row) => row.subject))
            rows = create.immediate(unique.filter((subject) => !present.has(subject)), unique)
          }
          return keysOf(unique, rows).keys
        }),
      get: (subjects) => checked(subjects, (unique) => keysOf(unique, read(unique))),
      destroy: (subject) =>
        Effect.flatMap(
          checked([subject], () => void tombstone.run(subject, new Date(clock.currentTimeMillisUnsafe()).toISOString())),
          () =>
            retryWhileBusy(busyTimeout, checkpoint, (error) =>
              isBusy(error)
                ? KeyStore.storeUnavailable(
                  `the key of ${subject} is destroyed, but another connection kept reading for ${busyTimeout} ms, so the ` +
                    `write-ahead log, which may still hold the key, could not be emptied: destroy it again to finish`,
                  error
                )
                : classify(error))
        )
    }
  })

/** A layer with the key store, on a connection of its own to the file of the SQLite event store it is given. */
export const layer = (options: Options = {}): Layer.Layer<KeyStore.KeyStore, KeyStore.KeyStoreError, SqliteEventStore> =>
  Layer.effect(KeyStore.KeyStore, make(options))
