/**
 * Tamper evidence on SQLite (DOMAIN.md §10 Integrity): whatever is done to the stored rows at
 * or before the last checkpoint — any field altered, a row deleted, a forged event inserted,
 * rows reordered, an attestation or its checkpoint rewritten or deleted, with every hash link
 * recomputed afterwards or not — verification finds it, and names the first broken event when
 * the links show it.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import Database from "better-sqlite3"
import * as fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import { expectFound, type Row, runOn, tamper, tampers, verifyAll, world } from "./support/Tampering.ts"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fulian-tamper-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const layerOf = (filename: string) => SqliteEventStore.layer({ filename, durability: "normal" })

/** The rows of a file, in the order of the log. */
const rowsOf = (filename: string): ReadonlyArray<Row> => {
  const db = new Database(filename, { readonly: true })
  try {
    return db.prepare("SELECT * FROM events ORDER BY position").all() as ReadonlyArray<Row>
  } finally {
    db.close()
  }
}

/** A copy of the original file holding `rows` instead of its events. */
let copies = 0
const fileWith = (original: string, rows: ReadonlyArray<Row>): string => {
  const file = path.join(dir, `tampered-${++copies}.db`)
  fs.copyFileSync(original, file)
  const db = new Database(file)
  try {
    db.transaction(() => {
      db.prepare("DELETE FROM events").run()
      const insert = db.prepare("INSERT INTO events (position, stream, version, event_id, type, schema_version, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      for (const r of rows) insert.run(r.position, r.stream, r.version, r.event_id, r.type, r.schema_version, r.data, r.metadata, r.hash)
    })()
  } finally {
    db.close()
  }
  return file
}

describe("tamper evidence on SQLite", () => {
  const original = path.join(dir, "year.db")
  let rows: ReadonlyArray<Row>

  beforeAll(async () => {
    await runOn(layerOf(original), world)
    // Closed, so the whole file is in the main database file (no WAL left to copy).
    const db = new Database(original)
    db.pragma("wal_checkpoint(TRUNCATE)")
    db.close()
    rows = rowsOf(original)
  })

  it("verifies the records as written: every link, both checkpoints and signatures, both copies of both reports, both reports", async () => {
    const result = await runOn(layerOf(original), verifyAll)
    expect(result.integrity.broken).toBeUndefined()
    expect(result.integrity.checkpoints.map((c) => [c.reportId, c.problem])).toEqual([["s1-2023-06", undefined], ["s1-2023", undefined]])
    expect(result.integrity.copies).toEqual([])
    expect(result.mismatched).toEqual([])
    expect(result.integrity.events).toBe(rows.length)
    // The same rows written back by the test's own writer are still the records: the harness changes nothing by itself.
    expect((await runOn(layerOf(fileWith(original, rows)), verifyAll)).holds).toBe(true)
  })

  it("finds any tampering at or before the last checkpoint, and names the first broken event", async () => {
    await fc.assert(
      fc.asyncProperty(tampers, async (t) => {
        const tampered = tamper(rows, t)
        expectFound(rows, t, tampered, await runOn(layerOf(fileWith(original, tampered.rows)), verifyAll))
      }),
      { numRuns: 60, seed: 20261130 }
    )
  })

  it("the receiver's copy decides: a sender's attestation rewritten, with its stream's links recomputed, is found", async () => {
    const { rows: tampered } = tamper(rows, { kind: "rewrite-attestation", report: "s1-2023", copy: "ReportSubmitted", field: "contentHash", rehash: true })
    const result = await runOn(layerOf(fileWith(original, tampered)), verifyAll)
    expect(result.integrity.broken).toBeUndefined()
    expect(result.integrity.copies).toEqual([{ from: "s1", receiver: "d1", reportId: "s1-2023", problem: "differ" }])
    expect(result.holds).toBe(false)
  })

  it("the receiver's copy decides for the layout too: a sender's copy given a layout this version does not compute is found", async () => {
    const { rows: tampered } = tamper(rows, { kind: "rewrite-attestation", report: "s1-2023", copy: "ReportSubmitted", field: "layout", rehash: true })
    const result = await runOn(layerOf(fileWith(original, tampered)), verifyAll)
    expect(result.integrity.broken).toBeUndefined()
    expect(result.integrity.copies).toEqual([{ from: "s1", receiver: "d1", reportId: "s1-2023", problem: "differ" }])
    expect(result.holds).toBe(false)
  })

  it("the receiver's copy decides for the narrative too: the sender's paragraphs rewritten with their hash recomputed are found", async () => {
    const { rows: tampered } = tamper(rows, { kind: "rewrite-attestation", report: "s1-2023", copy: "ReportSubmitted", field: "narrative", rehash: true })
    const result = await runOn(layerOf(fileWith(original, tampered)), verifyAll)
    expect(result.integrity.broken).toBeUndefined()
    // The sender's copy is consistent with itself: only the receiver's hash shows the rewrite.
    expect(result.mismatched).toEqual([])
    expect(result.integrity.copies).toEqual([{ from: "s1", receiver: "d1", reportId: "s1-2023", problem: "differ" }])
    expect(result.holds).toBe(false)
  })
})
