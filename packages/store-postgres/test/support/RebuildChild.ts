/**
 * The child process of the projection guarantee for PostgreSQL: rebuilds the projections in
 * the schema it is given.
 *
 *   node --import tsx RebuildChild.ts <connection URL> <schema>
 */
import { Layer } from "effect"
import * as ProjectionGuarantees from "@fulian/testing/ProjectionGuarantees"
import * as PostgresEventStore from "../../src/PostgresEventStore.ts"
import * as PostgresProjectionStore from "../../src/PostgresProjectionStore.ts"

const [url, schema] = process.argv.slice(2)
if (url === undefined || schema === undefined) throw new Error("usage: RebuildChild.ts <connection URL> <schema>")
const store = PostgresEventStore.layer({ url, schema, maxConnections: 2 })
await ProjectionGuarantees.rebuildChild(Layer.merge(store, Layer.provide(PostgresProjectionStore.layer, store)))
