import { fileURLToPath } from "node:url"
import { Layer } from "effect"
import * as ProjectionStoreConformance from "@fulian/testing/ProjectionStoreConformance"
import * as ProjectionGuarantees from "@fulian/testing/ProjectionGuarantees"
import * as PostgresEventStore from "../src/PostgresEventStore.ts"
import * as PostgresProjectionStore from "../src/PostgresProjectionStore.ts"
import * as Server from "./support/Server.ts"

const conformance = Server.freshSchema("projections")
const guarantees = Server.freshSchema("projection_guarantees")

const stores = (schema: string) => {
  const events = PostgresEventStore.layer({ url: Server.url, schema, maxConnections: 4 })
  return Layer.merge(events, Layer.provide(PostgresProjectionStore.layer, events))
}

await Server.describeWithServer("PostgreSQL projection store", [conformance, guarantees], () => {
  ProjectionStoreConformance.suite("PostgreSQL", stores(conformance))
  ProjectionGuarantees.suite({
    name: "PostgreSQL",
    layer: stores(guarantees),
    childScript: fileURLToPath(new URL("./support/RebuildChild.ts", import.meta.url)),
    childArgs: [Server.url, guarantees]
  })
})
