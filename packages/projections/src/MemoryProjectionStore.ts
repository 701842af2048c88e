/**
 * The in-memory projection store: the reference for the SQLite and PostgreSQL ones. A
 * document-style state is kept as JSON text, and each row of a row-style projection too, as
 * the others keep them, so a state that is not plain JSON data fails here as well.
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import {
  decodeRow,
  encodeRows,
  ProjectionStore,
  ProjectionStoreError,
  type ProjectionStoreShape,
  type Row,
  rowsSet,
  type Stored
} from "./Projection.ts"

type Kept =
  | { readonly storage: "document"; readonly version: number; readonly checkpoint: number; readonly state: string }
  | { readonly storage: "rows"; readonly version: number; readonly checkpoint: number; readonly rows: Map<string, Map<string, string>> }

/** Makes an empty in-memory projection store. */
export const make = (): ProjectionStoreShape => {
  const kept = new Map<string, Kept>()
  return {
    load: (name) =>
      Effect.sync(() => {
        const row = kept.get(name)
        return row?.storage === "document"
          ? ({ version: row.version, checkpoint: row.checkpoint, state: JSON.parse(row.state) } satisfies Stored<unknown>)
          : undefined
      }),
    save: (name, stored) =>
      Effect.sync(() => {
        kept.set(name, { storage: "document", version: stored.version, checkpoint: stored.checkpoint, state: JSON.stringify(stored.state) })
      }),
    loadRows: (name) =>
      Effect.try({
        try: () => {
          const row = kept.get(name)
          if (row?.storage !== "rows") return undefined
          const rows: Array<Row> = []
          for (const [table, byKey] of row.rows) for (const [key, text] of byKey) rows.push(decodeRow(name, table, key, text))
          return { version: row.version, checkpoint: row.checkpoint, rows }
        },
        catch: (e) => e instanceof ProjectionStoreError ? e : new ProjectionStoreError({ projection: name, detail: String(e) })
      }),
    saveRows: (writes) =>
      Effect.gen(function*() {
        // Every write encoded before anything changes, so a row that is not JSON leaves the
        // store as it was.
        // Rows to insert are set as rows to replace are: the map looks for neither.
        const sets = writes.map(rowsSet)
        const texts = yield* Effect.forEach(writes, (write, w) => encodeRows(write.projection, sets[w]!))
        // Nothing below can fail, so the rows are changed in place.
        writes.forEach((write, w) => {
          const before = kept.get(write.projection)
          const rows = write.reset || before?.storage !== "rows" ? new Map<string, Map<string, string>>() : before.rows
          sets[w]!.forEach((row, i) => {
            let byKey = rows.get(row.table)
            if (byKey === undefined) rows.set(row.table, byKey = new Map())
            byKey.set(row.key, texts[w]![i]!)
          })
          for (const { key, table } of write.deletes) rows.get(table)?.delete(key)
          kept.set(write.projection, { storage: "rows", version: write.version, checkpoint: write.checkpoint, rows })
        })
      }),
    rowsCheckpoint: (name) =>
      Effect.sync(() => {
        const row = kept.get(name)
        return row?.storage === "rows" ? { version: row.version, checkpoint: row.checkpoint } : undefined
      }),
    readRows: (keys) =>
      Effect.try({
        try: () => {
          const out: Array<Row & { readonly projection: string }> = []
          for (const { key, projection, table } of keys) {
            const row = kept.get(projection)
            const text = row?.storage === "rows" ? row.rows.get(table)?.get(key) : undefined
            if (text !== undefined) out.push({ projection, ...decodeRow(projection, table, key, text) })
          }
          return out
        },
        catch: (e) => e instanceof ProjectionStoreError ? e : new ProjectionStoreError({ projection: keys[0]?.projection ?? "", detail: String(e) })
      })
  }
}

/** A layer with a fresh in-memory projection store. */
export const layer: Layer.Layer<ProjectionStore> = Layer.sync(ProjectionStore, make)
