import { fileURLToPath } from "node:url"
import { Effect, Layer } from "effect"
import { expect, it } from "vitest"
import * as Projection from "@fulian/projections/Projection"
import * as ProjectionStoreConformance from "@fulian/testing/ProjectionStoreConformance"
import * as ProjectionGuarantees from "@fulian/testing/ProjectionGuarantees"
import * as PostgresEventStore from "../src/PostgresEventStore.ts"
import * as PostgresProjectionStore from "../src/PostgresProjectionStore.ts"
import * as Server from "./support/Server.ts"

const conformance = Server.freshSchema("projections")
const guarantees = Server.freshSchema("projection_guarantees")
const inserts = Server.freshSchema("projection_inserts")

const stores = (schema: string) => {
  const events = PostgresEventStore.layer({ url: Server.url, schema, maxConnections: 4 })
  return Layer.merge(events, Layer.provide(PostgresProjectionStore.layer, events))
}

await Server.describeWithServer("PostgreSQL projection store", [conformance, guarantees, inserts], () => {
  ProjectionStoreConformance.suite("PostgreSQL", stores(conformance))
  ProjectionGuarantees.suite({
    name: "PostgreSQL",
    layer: stores(guarantees),
    childScript: fileURLToPath(new URL("./support/RebuildChild.ts", import.meta.url)),
    childArgs: [Server.url, guarantees]
  })

  it("inserts a row given as new without looking for one: one there after all fails the save, which writes nothing", async () => {
    const write = (checkpoint: number, row: Projection.Row): Projection.RowsWrite =>
      ({ projection: "p", version: 1, checkpoint, reset: false, upserts: [{ table: "t", key: "other", value: checkpoint }], inserts: [row], deletes: [] })
    const result = await Effect.runPromise(Effect.gen(function*() {
      const store = yield* Projection.ProjectionStore
      yield* store.saveRows([write(1, { table: "t", key: "k", value: "first" })])
      // Written meanwhile by someone else, as far as this save knows.
      const failed = yield* Effect.flip(store.saveRows([write(2, { table: "t", key: "k", value: "second" })]))
      return { failed, stored: yield* store.loadRows("p") }
    }).pipe(Effect.provide(stores(inserts))))
    expect(result.failed).toBeInstanceOf(Projection.ProjectionStoreError)
    expect(result.failed.message).toBe(
      "projection p: a row given as new is stored already (Key (projection, tbl, key)=(p, t, k) already exists.): someone else wrote the projection's rows since its run reset them"
    )
    expect(result.stored).toEqual({ version: 1, checkpoint: 1, rows: expect.arrayContaining([{ table: "t", key: "k", value: "first" }, { table: "t", key: "other", value: 1 }]) })
    expect(result.stored?.rows.length).toBe(2)
  })
})
