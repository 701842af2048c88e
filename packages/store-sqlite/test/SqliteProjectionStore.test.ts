import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Layer } from "effect"
import { afterAll } from "vitest"
import * as ProjectionStoreConformance from "@fulian/testing/ProjectionStoreConformance"
import * as ProjectionGuarantees from "@fulian/testing/ProjectionGuarantees"
import * as SqliteEventStore from "../src/SqliteEventStore.ts"
import * as SqliteProjectionStore from "../src/SqliteProjectionStore.ts"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fulian-sqlite-projections-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const stores = (filename: string) => {
  const events = SqliteEventStore.layer({ filename, busyTimeout: 20_000 })
  return Layer.merge(events, Layer.provide(SqliteProjectionStore.layer, events))
}

ProjectionStoreConformance.suite("SQLite", stores(path.join(dir, "conformance.db")))

const guaranteed = path.join(dir, "guarantees.db")
ProjectionGuarantees.suite({
  name: "SQLite",
  layer: stores(guaranteed),
  childScript: path.join(import.meta.dirname, "support", "RebuildChild.ts"),
  childArgs: [guaranteed]
})
