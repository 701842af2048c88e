import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import * as Guarantees from "@fulian/testing/Guarantees"
import { afterAll } from "vitest"
import * as SqliteEventStore from "../src/SqliteEventStore.ts"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fulian-sqlite-guarantees-"))
const filename = path.join(dir, "guarantees.db")
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const damage: Record<Guarantees.Corruption, string> = {
  "invalid-json": `UPDATE events SET data = '{"organizationId": "unterminated' WHERE stream = ? AND version = ?`,
  "unknown-type": "UPDATE events SET type = 'NoSuchEventType' WHERE stream = ? AND version = ?",
  "future-schema-version": "UPDATE events SET schema_version = schema_version + 100 WHERE stream = ? AND version = ?"
}

// The writers of the order and atomicity tests are separate processes, each with its own
// connection to the file: within one process better-sqlite3 runs every statement
// synchronously, so connections there never write at the same time. A long busy timeout
// keeps a writer waiting for the lock on a loaded machine from failing the test.
Guarantees.suite({
  name: "SQLite",
  layer: SqliteEventStore.layer({ filename, busyTimeout: 20_000 }),
  corrupt: async (stream, version, how) => {
    const db = new Database(filename, { timeout: 5000 })
    try {
      const changed = db.prepare(damage[how]).run(stream, version).changes
      if (changed !== 1) throw new Error(`no event ${stream}@${version} to damage`)
    } finally {
      db.close()
    }
  },
  childScript: fileURLToPath(new URL("./support/GuaranteesChild.ts", import.meta.url)),
  childArgs: [filename]
})
