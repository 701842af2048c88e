/**
 * Projections (read models, 台帐) kept in the PostgreSQL store's schema, on its pool: each
 * projection's state (jsonb) and checkpoint are one row, written by one statement, so a crash
 * leaves either the old pair or the new one.
 *
 *   Layer.provide(PostgresProjectionStore.layer, PostgresEventStore.layer({ url, schema }))
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import * as PgTypes from "@effect/sql-pg/PgTypes"
import {
  decodeStored,
  encodeState,
  ProjectionStore,
  ProjectionStoreError,
  type ProjectionStoreShape
} from "@fulian/projections/Projection"
import { namesOf } from "./Migrations.ts"
import { PostgresEventStore } from "./PostgresEventStore.ts"

/** Makes the projection store on the PostgreSQL store's pool and schema. */
export const make: Effect.Effect<ProjectionStoreShape, never, PostgresEventStore> = PostgresEventStore.useSync(({ schema, sql }) => {
  const table = `${namesOf(schema).schema}.projections`
  const failed = (projection: string) => (error: { message: string }) =>
    new ProjectionStoreError({ projection, detail: error.message, cause: error })
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
      )
  }
})

/** A layer with the projection store, on the pool and schema of the PostgreSQL store it is given. */
export const layer: Layer.Layer<ProjectionStore, never, PostgresEventStore> = Layer.effect(ProjectionStore, make)
