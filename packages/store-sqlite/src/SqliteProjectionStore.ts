/**
 * Projections (read models, 台帐) kept in the same SQLite file as the events. A document-style
 * projection's state and its checkpoint are one row, written by one statement; a row-style
 * projection's rows (`projection_rows`) and its checkpoint (`projection_checkpoints`) change in
 * one transaction. Either way a crash leaves the old state with its checkpoint or the new one —
 * never a state without its checkpoint.
 *
 * For a store in a file, the rows of row-style projections are written by a thread of their
 * own, on its own connection: a projection run applies its next page while SQLite writes the
 * last one. A save is answered once committed, and saves are committed in the order they were
 * made. A write that finds another connection's lock waits in short pauses, up to the busy
 * timeout, then fails with a `ProjectionStoreError` that says the database is busy. With the
 * event store's checkpoints in the background (its default), a thread of that writer's own
 * checkpoints the WAL as its writes go on (see `RowWriter`). A store in memory writes on the
 * event store's connection (another connection cannot reach it).
 *
 *   Layer.provide(SqliteProjectionStore.layer, SqliteEventStore.layer({ filename }))
 *
 * @since 0.1.0
 */
import { Effect, Layer, type Scope } from "effect"
import {
  decodeRow,
  decodeStoredRows,
  decodeStored,
  encodeRows,
  encodeState,
  ProjectionStore,
  ProjectionStoreError,
  type ProjectionStoreShape,
  rowsSet
} from "@fulian/projections/Projection"
import * as RowWriter from "./internal/RowWriter.ts"
import { retryBusy, SqliteEventStore } from "./SqliteEventStore.ts"

/**
 * Makes the projection store on the SQLite store's connection; for a store in a file, the rows
 * of row-style projections are written by a thread of their own (stopped when the scope closes).
 */
export const make = (busyTimeout = 5000): Effect.Effect<ProjectionStoreShape, never, SqliteEventStore | Scope.Scope> =>
  Effect.gen(function*() {
    const { checkpoints, database: db, filename } = yield* SqliteEventStore
    const writer = db.memory ? undefined : yield* Effect.acquireRelease(
      Effect.sync(() => RowWriter.make({ filename, synchronous: String(db.pragma("synchronous", { simple: true })), busyTimeout, checkpoints })),
      (writer) => writer.close()
    )
    const select = db.prepare<[string], { version: number; checkpoint: number; state: string }>(
      "SELECT version, checkpoint, state FROM projections WHERE name = ?"
    )
    const upsert = db.prepare<[string, number, number, string]>(
      `INSERT INTO projections (name, version, checkpoint, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, checkpoint = excluded.checkpoint, state = excluded.state`
    )
    const selectCheckpoint = db.prepare<[string], { version: number; checkpoint: number }>(
      "SELECT version, checkpoint FROM projection_checkpoints WHERE name = ?"
    )
    const selectRows = db.prepare<[string], { tbl: string; key: string; value: string }>(
      "SELECT tbl, key, value FROM projection_rows WHERE projection = ?"
    )
    const upsertCheckpoint = db.prepare<[string, number, number]>(RowWriter.statements.upsertCheckpoint)
    const upsertRow = db.prepare<[string, string, string, string]>(RowWriter.statements.upsertRow)
    const deleteRow = db.prepare<[string, string, string]>(RowWriter.statements.deleteRow)
    const deleteAll = db.prepare<[string]>(RowWriter.statements.deleteAll)
    const selectRow = db.prepare<[string, string, string], { value: string }>(
      "SELECT value FROM projection_rows WHERE projection = ? AND tbl = ? AND key = ?"
    )
    const failed = (projection: string) => (error: { message: string }) =>
      error instanceof ProjectionStoreError ? error : new ProjectionStoreError({ projection, detail: error.message, cause: error })
    return {
      load: (name) =>
        retryBusy(busyTimeout, () => select.get(name)).pipe(
          Effect.mapError(failed(name)),
          Effect.flatMap((row) => (row === undefined ? Effect.succeed(undefined) : decodeStored(name, row)))
        ),
      save: (name, stored) =>
        encodeState(name, stored.state).pipe(
          Effect.flatMap((state) =>
            retryBusy(busyTimeout, () => upsert.run(name, stored.version, stored.checkpoint, state)).pipe(Effect.mapError(failed(name)))
          ),
          Effect.asVoid
        ),
      loadRows: (name) =>
        retryBusy(busyTimeout, () =>
          db.transaction(() => {
            const checkpoint = selectCheckpoint.get(name)
            return checkpoint === undefined ? undefined : { ...checkpoint, rows: selectRows.all(name) }
          })()
        ).pipe(
          Effect.mapError(failed(name)),
          Effect.flatMap((stored) => decodeStoredRows(name, stored))
        ),
      saveRows: (writes) => {
        const name = writes.map((w) => w.projection).join(", ")
        // Rows to insert are set as rows to replace are: SQLite's upsert of a new row took as
        // long as an INSERT (replayed writes of a rebuild).
        if (writer !== undefined) {
          return Effect.suspend((): Effect.Effect<void, ProjectionStoreError> => {
            const encoded = RowWriter.encode(writes)
            if (encoded instanceof ProjectionStoreError) return Effect.fail(encoded)
            return writer.write(encoded).pipe(
              Effect.mapError((error) => new ProjectionStoreError({ projection: name, detail: error.busy ? `the database is busy: ${error.message}` : error.message }))
            )
          })
        }
        const sets = writes.map(rowsSet)
        return Effect.forEach(writes, (write, w) => encodeRows(write.projection, sets[w]!)).pipe(
          Effect.flatMap((texts) =>
            retryBusy(busyTimeout, () =>
              db.transaction(() => {
                writes.forEach((write, w) => {
                  const p = write.projection
                  if (write.reset) deleteAll.run(p)
                  sets[w]!.forEach((row, i) => upsertRow.run(p, row.table, row.key, texts[w]![i]!))
                  for (const row of write.deletes) deleteRow.run(p, row.table, row.key)
                  upsertCheckpoint.run(p, write.version, write.checkpoint)
                })
              }).immediate()
            ).pipe(Effect.mapError(failed(name)))
          ),
          Effect.asVoid
        )
      },
      rowsCheckpoint: (name) => retryBusy(busyTimeout, () => selectCheckpoint.get(name)).pipe(Effect.mapError(failed(name))),
      readRows: (keys) => {
        const name = [...new Set(keys.map((k) => k.projection))].join(", ")
        return retryBusy(busyTimeout, () =>
          db.transaction(() => {
            const found: Array<{ projection: string; table: string; key: string; value: string }> = []
            for (const { key, projection, table } of keys) {
              const row = selectRow.get(projection, table, key)
              if (row !== undefined) found.push({ projection, table, key, value: row.value })
            }
            return found
          })()
        ).pipe(
          Effect.mapError(failed(name)),
          Effect.flatMap((found) =>
            Effect.try({
              try: () => found.map((r) => ({ projection: r.projection, ...decodeRow(r.projection, r.table, r.key, r.value) })),
              catch: (e) => failed(name)(e as Error)
            })
          )
        )
      }
    }
  })

/**
 * A layer with the projection store, on the connection of the SQLite event store it is given;
 * for a store in a file, with the thread that writes its rows.
 */
export const layer: Layer.Layer<ProjectionStore, never, SqliteEventStore> = Layer.effect(ProjectionStore, make())
