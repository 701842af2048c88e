/**
 * Data keys kept in the PostgreSQL store's schema, on its pool, in a table of their own
 * (`data_keys`, made by migration 4 "data keys").
 *
 *   const events = PostgresEventStore.layer({ url, schema })
 *   const stores = Layer.merge(events, Layer.provide(PostgresKeyStore.layer(), events))
 *
 * How it keeps the contract (see `@fulian/store/MemoryKeyStore`, the reference):
 * - One row per subject: its key (`bytea`), or, once destroyed, no key and the time of the
 *   destruction from the store's `Clock` — the tombstone. A CHECK keeps a row from having
 *   both or neither.
 * - `obtain` reads; for subjects with no row it inserts fresh keys with
 *   `ON CONFLICT DO NOTHING`, sorted (so two racing inserts never wait on each other in a
 *   cycle), then reads again in a statement of its own: PostgreSQL makes an insert that meets
 *   another's uncommitted row wait for it to end, and the second read sees whichever key was
 *   committed first.
 * - `destroy` writes the tombstone, then rewrites the table with `VACUUM FULL`. Setting the
 *   key to NULL only writes a new version of the row; the old version, with the key, stays
 *   in the table's file until vacuumed, and a plain `VACUUM` frees its space without
 *   overwriting it (a page whose rows all moved keeps their bytes). `VACUUM FULL` copies the
 *   live rows into a new file and deletes the old one. It locks the table for the moment it
 *   takes (small: one short row per subject), so `obtain` and `get` wait meanwhile; it waits
 *   at most `lockTimeoutMillis` for the lock itself (a long `pg_dump` holds one), then
 *   `destroy` fails with `StoreUnavailable`, the key already destroyed; destroying again
 *   finishes. The store's role must own the table (it does when it ran the migrations):
 *   PostgreSQL skips, with a warning only, a `VACUUM` it may not run, so `destroy` checks that
 *   the table's file changed.
 *
 * What is out of its reach, and must be handled by whoever runs the server: a transaction
 * open since before the destroy (or a replication slot, or a standby's feedback) keeps the
 * old row version alive, and `VACUUM FULL` copies it along until that transaction ends —
 * destroy again afterwards, and bound idle transactions (`idle_in_transaction_session_timeout`);
 * the write-ahead log and its archives, standbys, and backups taken before the destroy keep
 * the key until they are recycled or expire; the file system may keep the old file's blocks.
 *
 * Hazard: `destroy` must not run inside a transaction: its rewrite runs on a connection of
 * its own and would wait for that transaction's lock until it times out.
 *
 * @since 0.1.0
 */
import { randomFillSync } from "node:crypto"
import { Clock, Effect, Layer } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import * as PgTypes from "@effect/sql-pg/PgTypes"
import * as KeyStore from "@fulian/store/KeyStore"
import { namesOf } from "./Migrations.ts"
import { PostgresEventStore } from "./PostgresEventStore.ts"

/** Options of the PostgreSQL key store. */
export interface Options {
  /**
   * How long, in milliseconds, the rewrite after a destroy waits for its lock on the table
   * before `destroy` fails with `StoreUnavailable` (default 5000).
   */
  readonly lockTimeoutMillis?: number | undefined
}

const codeOf = (error: SqlError): string => {
  const code = (error.reason.cause as { readonly code?: unknown } | undefined)?.code
  return typeof code === "string" ? ` ${code}` : ""
}

/** What went wrong: the kind of error, the server's code and its primary message. */
const describe = (error: SqlError): string => {
  const message = (error.reason.cause as { readonly message?: unknown } | undefined)?.message
  return `${error.reason._tag}${codeOf(error)}: ${typeof message === "string" ? message : error.reason.message ?? "no message"}`
}

/**
 * Turns a driver error into the key store's error. Hazard: the server's answer can quote the
 * row it refused — in its detail (`Failing row contains …`), or in its message when a trigger
 * puts it there — key included. For a statement that sends keys (`sendsKeys`), only the
 * kind of error and its code are kept; the server's words and the driver's error are dropped.
 */
const classify = (operation: string, sendsKeys = false) => (error: SqlError): KeyStore.KeyStoreError =>
  sendsKeys
    ? KeyStore.storeUnavailable(`${operation}: ${error.reason._tag}${codeOf(error)}`)
    : KeyStore.storeUnavailable(`${operation}: ${describe(error)}`, error)

const textArray = (values: ReadonlyArray<string>): PgTypes.Parameter =>
  PgTypes.array(values, PgTypes.OID.text).pipe((r) => {
    if (r._tag === "Failure") throw r.failure
    return r.success
  })

const byteaArray = (values: ReadonlyArray<Uint8Array>): PgTypes.Parameter =>
  PgTypes.array(values, PgTypes.OID.bytea).pipe((r) => {
    if (r._tag === "Failure") throw r.failure
    return r.success
  })

/** Makes the key store on the pool and schema of the PostgreSQL event store in context. */
export const make = (options: Options = {}): Effect.Effect<KeyStore.KeyStoreShape, never, PostgresEventStore> =>
  Effect.gen(function*() {
    const { schema, sql } = yield* PostgresEventStore
    const clock = yield* Clock.clockWith(Effect.succeed)
    const table = `${namesOf(schema).schema}.data_keys`
    const tableLiteral = namesOf(`${namesOf(schema).schema}.data_keys`).literal
    const lockTimeout = Math.max(1, Math.round(options.lockTimeoutMillis ?? 5000))

    const read = (subjects: ReadonlyArray<string>) =>
      Effect.mapError(
        sql.unsafe(`SELECT subject, key FROM ${table} WHERE subject = ANY($1::text[])`, [textArray(subjects)]).values,
        classify("read keys")
      )

    const keysOf = (subjects: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>) =>
      Effect.suspend((): Effect.Effect<KeyStore.Keys, KeyStore.KeyStoreError> => {
        const found = KeyStore.keysFrom(subjects, new Map(rows.map((row) => [row[0] as string, row[1]])))
        return KeyStore.isKeyStoreError(found) ? Effect.fail(found) : Effect.succeed(found)
      })

    const insert = (subjects: ReadonlyArray<string>) =>
      Effect.suspend(() => {
        const candidates = subjects.map(() => randomFillSync(new Uint8Array(KeyStore.keyLength)))
        return sql.unsafe(
          `INSERT INTO ${table} (subject, key)
           SELECT s, k FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u(s, k, o) ORDER BY o
           ON CONFLICT (subject) DO NOTHING`,
          [textArray(subjects), byteaArray(candidates)]
        ).pipe(
          Effect.mapError(classify("create keys", true)),
          // The server keeps its own copy; these are not the keys where another's came first.
          Effect.ensuring(Effect.sync(() => candidates.forEach((c) => c.fill(0))))
        )
      })

    const checked = <A>(subjects: ReadonlyArray<string>, f: (unique: ReadonlyArray<string>) => Effect.Effect<A, KeyStore.KeyStoreError>) =>
      Effect.suspend(() => {
        const invalid = KeyStore.validateSubjects(subjects)
        return invalid ? Effect.fail(invalid) : f([...new Set(subjects)])
      })

    // Rewrites the table into a new file on a connection of its own, with a bound on the wait
    // for its lock; the file's number tells whether the rewrite happened.
    const rewrite = (subject: string) =>
      Effect.scoped(Effect.gen(function*() {
        const connection = yield* sql.reserve
        const filenode = connection.executeUnprepared(`SELECT pg_relation_filenode(${tableLiteral}::regclass)::text AS filenode`, [], undefined)
        yield* connection.executeUnprepared(`SET lock_timeout = ${lockTimeout}`, [], undefined)
        const before = yield* filenode
        yield* Effect.ensuring(
          connection.executeUnprepared(`VACUUM (FULL) ${table}`, [], undefined),
          Effect.ignore(connection.executeUnprepared("RESET lock_timeout", [], undefined))
        )
        const after = yield* filenode
        if (after[0]?.filenode === before[0]?.filenode) {
          return yield* Effect.fail(KeyStore.storeUnavailable(
            `the key of ${subject} is destroyed, but VACUUM FULL did not rewrite ${schema}.data_keys: the store's role must own the table`
          ))
        }
      })).pipe(Effect.catchTag("SqlError", (error) =>
        Effect.fail(KeyStore.storeUnavailable(
          `the key of ${subject} is destroyed, but rewriting the table failed (${describe(error)}), so its file may still ` +
            `hold the key: destroy it again to finish`,
          error
        ))))

    return {
      obtain: (subjects) =>
        checked(subjects, (unique) =>
          Effect.gen(function*() {
            let rows = yield* read(unique)
            if (rows.length < unique.length) {
              const present = new Set(rows.map((row) => row[0] as string))
              yield* insert(unique.filter((subject) => !present.has(subject)).sort())
              rows = yield* read(unique)
            }
            return (yield* keysOf(unique, rows)).keys
          })),
      get: (subjects) => checked(subjects, (unique) => Effect.flatMap(read(unique), (rows) => keysOf(unique, rows))),
      destroy: (subject) =>
        checked([subject], () =>
          sql.unsafe(
            `INSERT INTO ${table} (subject, key, destroyed_at) VALUES ($1, NULL, $2::timestamptz)
             ON CONFLICT (subject) DO UPDATE SET key = NULL, destroyed_at = excluded.destroyed_at WHERE ${table}.key IS NOT NULL`,
            [PgTypes.text(subject), PgTypes.text(new Date(clock.currentTimeMillisUnsafe()).toISOString())]
          ).pipe(Effect.mapError(classify("destroy a key")), Effect.andThen(rewrite(subject))))
    }
  })

/** A layer with the key store, on the pool and schema of the PostgreSQL event store it is given. */
export const layer = (options: Options = {}): Layer.Layer<KeyStore.KeyStore, never, PostgresEventStore> =>
  Layer.effect(KeyStore.KeyStore, make(options))
