/** The child process of the projection guarantee: rebuilds the projections in the file named by its first argument. */
import { Layer } from "effect"
import * as ProjectionGuarantees from "@fulian/testing/ProjectionGuarantees"
import * as SqliteEventStore from "../../src/SqliteEventStore.ts"
import * as SqliteProjectionStore from "../../src/SqliteProjectionStore.ts"

const store = SqliteEventStore.layer({ filename: process.argv[2]!, busyTimeout: 20_000 })
await ProjectionGuarantees.rebuildChild(Layer.merge(store, Layer.provide(SqliteProjectionStore.layer, store)))
