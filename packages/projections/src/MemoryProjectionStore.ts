/**
 * The in-memory projection store: the reference for the SQLite and PostgreSQL ones. State is
 * kept as JSON text, as the others keep it, so a state that is not plain JSON data fails
 * here too.
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import { ProjectionStore, type ProjectionStoreShape, type Stored } from "./Projection.ts"

/** Makes an empty in-memory projection store. */
export const make = (): ProjectionStoreShape => {
  const rows = new Map<string, { version: number; checkpoint: number; state: string }>()
  return {
    load: (name) =>
      Effect.sync(() => {
        const row = rows.get(name)
        return row && ({ version: row.version, checkpoint: row.checkpoint, state: JSON.parse(row.state) } satisfies Stored<unknown>)
      }),
    save: (name, stored) =>
      Effect.sync(() => {
        rows.set(name, { version: stored.version, checkpoint: stored.checkpoint, state: JSON.stringify(stored.state) })
      })
  }
}

/** A layer with a fresh in-memory projection store. */
export const layer: Layer.Layer<ProjectionStore> = Layer.sync(ProjectionStore, make)
