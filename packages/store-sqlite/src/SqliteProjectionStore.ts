/**
 * Projections (read models, 台帐) kept in the same SQLite file as the events: each
 * projection's state and its checkpoint are one row, written by one statement, so a crash
 * leaves either the old pair or the new one — never a state without its checkpoint.
 *
 *   Layer.provide(SqliteProjectionStore.layer, SqliteEventStore.layer({ filename }))
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import {
  decodeStored,
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
    const failed = (projection: string) => (error: { message: string }) =>
      new ProjectionStoreError({ projection, detail: error.message, cause: error })
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
        )
    }
  })

/** A layer with the projection store, on the connection of the SQLite event store it is given. */
export const layer: Layer.Layer<ProjectionStore, never, SqliteEventStore> = Layer.effect(ProjectionStore, make())
