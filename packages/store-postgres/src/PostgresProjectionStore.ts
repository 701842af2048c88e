/**
 * Projections (read models, 台帐) kept in the PostgreSQL store's schema, on its pool. A
 * document-style projection's state (jsonb) and checkpoint are one row, written by one
 * statement; a row-style projection's rows (`projection_rows`) and checkpoint
 * (`projection_checkpoints`) change together in one statement (arrays unnested), after the
 * statement that removes all of a projection's rows when it is reset, in the same transaction.
 * Either way a crash leaves the old pair or the new one.
 *
 *   Layer.provide(PostgresProjectionStore.layer, PostgresEventStore.layer({ url, schema }))
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import * as PgTypes from "@effect/sql-pg/PgTypes"
import {
  decodeRow,
  decodeStoredRows,
  decodeStored,
  encodeRows,
  encodeState,
  ProjectionStore,
  ProjectionStoreError,
  type ProjectionStoreShape
} from "@fulian/projections/Projection"
import { arrayParameter, namesOf } from "./Migrations.ts"
import { PostgresEventStore } from "./PostgresEventStore.ts"

/** Makes the projection store on the PostgreSQL store's pool and schema. */
export const make: Effect.Effect<ProjectionStoreShape, never, PostgresEventStore> = PostgresEventStore.useSync(({ schema, sql }) => {
  const table = `${namesOf(schema).schema}.projections`
  const checkpoints = `${namesOf(schema).schema}.projection_checkpoints`
  const rowsTable = `${namesOf(schema).schema}.projection_rows`
  const failed = (projection: string) => (error: { message: string }) =>
    error instanceof ProjectionStoreError ? error : new ProjectionStoreError({ projection, detail: error.message, cause: error })
  // In a save, only the rows given as new can meet a row already there.
  const saveFailed = (projection: string) => (error: { message: string }) => {
    const reason = (error as { readonly reason?: { readonly _tag?: unknown; readonly cause?: { readonly detail?: unknown } } }).reason
    if (reason?._tag !== "UniqueViolation") return failed(projection)(error)
    const detail = typeof reason.cause?.detail === "string" ? ` (${reason.cause.detail})` : ""
    return new ProjectionStoreError({
      projection,
      detail: `a row given as new is stored already${detail}: someone else wrote the projection's rows since its run reset them`,
      cause: error
    })
  }
  const text = (values: ReadonlyArray<string>) => arrayParameter(values, PgTypes.OID.text)
  return {
    load: (name) =>
      sql.unsafe<{ version: number; checkpoint: string; state: string }>(
        `SELECT version, checkpoint::text AS checkpoint, state::text AS state FROM ${table} WHERE name = $1`,
        [PgTypes.text(name)]
      ).pipe(
        Effect.mapError(failed(name)),
        Effect.flatMap((rows) => {
          const row = rows[0]
          return row === undefined ? Effect.succeed(undefined) : decodeStored(name, { ...row, checkpoint: Number(row.checkpoint) })
        })
      ),
    save: (name, stored) =>
      encodeState(name, stored.state).pipe(
        Effect.flatMap((state) =>
          sql.unsafe(
            `INSERT INTO ${table} (name, version, checkpoint, state) VALUES ($1, $2, $3, $4::jsonb)
             ON CONFLICT (name) DO UPDATE SET version = excluded.version, checkpoint = excluded.checkpoint, state = excluded.state`,
            [PgTypes.text(name), PgTypes.int4(stored.version), PgTypes.int8(BigInt(stored.checkpoint)), PgTypes.text(state)]
          ).pipe(Effect.mapError(failed(name)))
        ),
        Effect.asVoid
      ),
    loadRows: (name) =>
      sql.withTransaction(Effect.gen(function*() {
        // One snapshot for the checkpoint and the rows: a save committed between two reads
        // would pair the rows of one checkpoint with another.
        yield* sql.unsafe("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        const head = yield* sql.unsafe<{ version: number; checkpoint: string }>(
          `SELECT version, checkpoint::text AS checkpoint FROM ${checkpoints} WHERE name = $1`,
          [PgTypes.text(name)]
        )
        if (head[0] === undefined) return undefined
        const rows = yield* sql.unsafe<{ tbl: string; key: string; value: string }>(
          `SELECT tbl, key, value FROM ${rowsTable} WHERE projection = $1`,
          [PgTypes.text(name)]
        )
        return { version: head[0].version, checkpoint: Number(head[0].checkpoint), rows }
      })).pipe(
        Effect.mapError(failed(name)),
        Effect.flatMap((stored) => decodeStoredRows(name, stored))
      ),
    saveRows: (writes) => {
      const name = writes.map((w) => w.projection).join(", ")
      type Flat = { readonly projection: string; readonly table: string; readonly key: string }
      // Rows locked in one order by every writer, so two concurrent saves never deadlock.
      const order = (a: Flat, b: Flat) =>
        a.projection < b.projection ? -1 : a.projection > b.projection ? 1 :
        a.table < b.table ? -1 : a.table > b.table ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0
      return Effect.forEach(writes, (write) => Effect.all([encodeRows(write.projection, write.upserts), encodeRows(write.projection, write.inserts)])).pipe(
        Effect.flatMap((texts) => {
          const upserts = writes.flatMap((write, w) => write.upserts.map((row, i) => ({ projection: write.projection, table: row.table, key: row.key, value: texts[w]![0][i]! }))).sort(order)
          const inserts = writes.flatMap((write, w) => write.inserts.map((row, i) => ({ projection: write.projection, table: row.table, key: row.key, value: texts[w]![1][i]! }))).sort(order)
          const deletes = writes.flatMap((write) => write.deletes.map((row) => ({ projection: write.projection, table: row.table, key: row.key }))).sort(order)
          const resets = writes.filter((w) => w.reset).map((w) => w.projection)
          const heads = [...writes].sort((a, b) => (a.projection < b.projection ? -1 : a.projection > b.projection ? 1 : 0))
          // The rows set, the rows added, the rows removed and the checkpoints in one statement,
          // atomic by itself: one round trip, where a transaction of statements took one each,
          // and each waited for the run to come back from applying its next page. Its parts
          // touch distinct rows (a write names a row once), so that they run in no set order
          // does not matter; the checkpoints (the statement's own part) are taken first.
          const save = sql.unsafe(
            `WITH upserted AS (
               INSERT INTO ${rowsTable} (projection, tbl, key, value)
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
               ON CONFLICT (projection, tbl, key) DO UPDATE SET value = excluded.value
               RETURNING 1
             ), inserted AS (
               INSERT INTO ${rowsTable} (projection, tbl, key, value)
               SELECT * FROM unnest($5::text[], $6::text[], $7::text[], $8::text[])
               RETURNING 1
             ), deleted AS (
               DELETE FROM ${rowsTable} r USING unnest($9::text[], $10::text[], $11::text[]) AS d(projection, tbl, key)
               WHERE r.projection = d.projection AND r.tbl = d.tbl AND r.key = d.key
               RETURNING 1
             )
             INSERT INTO ${checkpoints} (name, version, checkpoint)
             SELECT * FROM unnest($12::text[], $13::int4[], $14::int8[])
             ON CONFLICT (name) DO UPDATE SET version = excluded.version, checkpoint = excluded.checkpoint`,
            [
              // Rows no one has written since the reset are added by a plain INSERT, which does
              // not look for a row first as ON CONFLICT does (replaying a rebuild's writes: 30%
              // less of the server's CPU).
              text(upserts.map((r) => r.projection)), text(upserts.map((r) => r.table)), text(upserts.map((r) => r.key)), text(upserts.map((r) => r.value)),
              text(inserts.map((r) => r.projection)), text(inserts.map((r) => r.table)), text(inserts.map((r) => r.key)), text(inserts.map((r) => r.value)),
              text(deletes.map((r) => r.projection)), text(deletes.map((r) => r.table)), text(deletes.map((r) => r.key)),
              text(heads.map((w) => w.projection)),
              arrayParameter(heads.map((w) => w.version), PgTypes.OID.int4),
              arrayParameter(heads.map((w) => BigInt(w.checkpoint)), PgTypes.OID.int8)
            ]
          )
          // A reset first removes every row of the projections it resets, in the same transaction.
          return (resets.length === 0
            ? save
            : sql.withTransaction(Effect.andThen(sql.unsafe(`DELETE FROM ${rowsTable} WHERE projection = ANY($1::text[])`, [text(resets)]), save))
          ).pipe(Effect.mapError(saveFailed(name)))
        }),
        Effect.asVoid
      )
    },
    rowsCheckpoint: (name) =>
      sql.unsafe<{ version: number; checkpoint: string }>(
        `SELECT version, checkpoint::text AS checkpoint FROM ${checkpoints} WHERE name = $1`,
        [PgTypes.text(name)]
      ).pipe(
        Effect.mapError(failed(name)),
        Effect.map((rows) => rows[0] && { version: rows[0].version, checkpoint: Number(rows[0].checkpoint) })
      ),
    readRows: (keys) => {
      const name = [...new Set(keys.map((k) => k.projection))].join(", ")
      return (keys.length === 0 ? Effect.succeed([]) : sql.unsafe<{ projection: string; tbl: string; key: string; value: string }>(
        `SELECT r.projection, r.tbl, r.key, r.value FROM unnest($1::text[], $2::text[], $3::text[]) AS k(projection, tbl, key)
         JOIN ${rowsTable} r ON r.projection = k.projection AND r.tbl = k.tbl AND r.key = k.key`,
        [text(keys.map((k) => k.projection)), text(keys.map((k) => k.table)), text(keys.map((k) => k.key))]
      )).pipe(
        Effect.mapError(failed(name)),
        Effect.flatMap((rows) =>
          Effect.try({
            try: () => rows.map((r) => ({ projection: r.projection, ...decodeRow(r.projection, r.tbl, r.key, r.value) })),
            catch: (e) => failed(name)(e as Error)
          })
        )
      )
    }
  }
})

/** A layer with the projection store, on the pool and schema of the PostgreSQL store it is given. */
export const layer: Layer.Layer<ProjectionStore, never, PostgresEventStore> = Layer.effect(ProjectionStore, make)
