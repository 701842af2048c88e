/**
 * Projections (read models, 台帐) kept in the same SQLite file as the events. A document-style
 * projection's state and its checkpoint are one row, written by one statement; a row-style
 * projection's rows (`projection_rows`) and its checkpoint (`projection_checkpoints`) change in
 * one transaction. Either way a crash leaves the old state with its checkpoint or the new one —
 * never a state without its checkpoint.
 *
 *   Layer.provide(SqliteProjectionStore.layer, SqliteEventStore.layer({ filename }))
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
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
import { retryBusy, SqliteEventStore } from "./SqliteEventStore.ts"

/** Makes the projection store on the SQLite store's connection. */
export const make = (busyTimeout = 5000): Effect.Effect<ProjectionStoreShape, never, SqliteEventStore> =>
  SqliteEventStore.useSync(({ database: db }) => {
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
    const upsertCheckpoint = db.prepare<[string, number, number]>(
      `INSERT INTO projection_checkpoints (name, version, checkpoint) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, checkpoint = excluded.checkpoint`
    )
    const upsertRow = db.prepare<[string, string, string, string]>(
      `INSERT INTO projection_rows (projection, tbl, key, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (projection, tbl, key) DO UPDATE SET value = excluded.value`
    )
    const deleteRow = db.prepare<[string, string, string]>("DELETE FROM projection_rows WHERE projection = ? AND tbl = ? AND key = ?")
    const deleteAll = db.prepare<[string]>("DELETE FROM projection_rows WHERE projection = ?")
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
        return Effect.forEach(writes, (write) => encodeRows(write.projection, write.upserts)).pipe(
          Effect.flatMap((texts) =>
            retryBusy(busyTimeout, () =>
              db.transaction(() => {
                writes.forEach((write, w) => {
                  const p = write.projection
                  if (write.reset) deleteAll.run(p)
                  // In key order: neighbouring rows land on the same pages of the index.
                  const order = write.upserts.map((_, i) => i).sort((a, b) => {
                    const x = write.upserts[a]!
                    const y = write.upserts[b]!
                    return x.table < y.table ? -1 : x.table > y.table ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0
                  })
                  for (const i of order) upsertRow.run(p, write.upserts[i]!.table, write.upserts[i]!.key, texts[w]![i]!)
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

/** A layer with the projection store, on the connection of the SQLite event store it is given. */
export const layer: Layer.Layer<ProjectionStore, never, SqliteEventStore> = Layer.effect(ProjectionStore, make())
