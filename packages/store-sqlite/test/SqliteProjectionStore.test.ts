import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import Database from "better-sqlite3"
import { Effect, Layer } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import * as Projection from "@fulian/projections/Projection"
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

describe("the thread that writes a file's projection rows", () => {
  const write = (checkpoint: number): Projection.RowsWrite => ({
    projection: "p",
    version: 1,
    checkpoint,
    reset: false,
    upserts: [{ table: "t", key: `k${checkpoint}`, value: { n: checkpoint } }],
    inserts: [],
    deletes: []
  })
  /** Runs `f` on a store in a new file, with another connection to the same file holding its write lock. */
  const whileLocked = <A, E>(busyTimeout: number, holdMillis: number, f: Effect.Effect<A, E, Projection.ProjectionStore>) => {
    const filename = path.join(dir, `locked-${busyTimeout}-${holdMillis}.db`)
    const events = SqliteEventStore.layer({ filename, busyTimeout })
    return Effect.runPromise(Effect.gen(function*() {
      const other = new Database(filename)
      other.exec("BEGIN IMMEDIATE")
      const release = setTimeout(() => other.exec("COMMIT"), holdMillis)
      try {
        return yield* Effect.result(f)
      } finally {
        clearTimeout(release)
        if (other.inTransaction) other.exec("COMMIT")
        other.close()
      }
    }).pipe(Effect.provide(Layer.provide(Layer.effect(Projection.ProjectionStore, SqliteProjectionStore.make(busyTimeout)), events))))
  }

  it("waits while another connection holds the write lock, then commits", async () => {
    const result = await whileLocked(5_000, 150, Effect.gen(function*() {
      const store = yield* Projection.ProjectionStore
      yield* store.saveRows([write(1)])
      return yield* store.loadRows("p")
    }))
    expect(result._tag).toBe("Success")
    if (result._tag === "Success") expect(result.success).toEqual({ version: 1, checkpoint: 1, rows: [{ table: "t", key: "k1", value: { n: 1 } }] })
  })

  it("fails with a typed error that says the database is busy when the lock is held past the busy timeout, writing nothing", async () => {
    const filename = path.join(dir, "locked-200-60000.db")
    const result = await whileLocked(200, 60_000, Effect.gen(function*() {
      return yield* (yield* Projection.ProjectionStore).saveRows([write(1)])
    }))
    expect(result._tag).toBe("Failure")
    if (result._tag === "Failure") {
      expect(result.failure).toBeInstanceOf(Projection.ProjectionStoreError)
      expect(result.failure.message).toMatch(/^projection p: the database is busy/)
    }
    const reader = new Database(filename, { readonly: true })
    expect(reader.prepare("SELECT count(*) AS n FROM projection_rows").get()).toEqual({ n: 0 })
    reader.close()
  })

  it("keeps each row's table, key and value as text, whatever characters they hold", async () => {
    const filename = path.join(dir, "text.db")
    const events = SqliteEventStore.layer({ filename })
    const rows: ReadonlyArray<Projection.Row> = [
      { table: "t", key: "", value: "" },
      { table: "社区", key: "c1\u001fr1\u001f2026-03", value: { n: 1, name: "妇联 😀", quote: "\"\\" } },
      { table: "t", key: "😀 é", value: [1, "二"] }
    ]
    const stored = await Effect.runPromise(Effect.gen(function*() {
      const store = yield* Projection.ProjectionStore
      yield* store.saveRows([{ projection: "p", version: 1, checkpoint: 1, reset: true, upserts: rows.slice(0, 1), inserts: rows.slice(1), deletes: [] }])
      return yield* store.loadRows("p")
    }).pipe(Effect.provide(Layer.provide(SqliteProjectionStore.layer, events))))
    expect(stored?.rows).toEqual(expect.arrayContaining(rows.map((r) => ({ ...r }))))
    expect(stored?.rows).toHaveLength(rows.length)
    // Text in the file, as another program reads it: not bytes.
    const reader = new Database(filename, { readonly: true })
    const found = reader.prepare("SELECT typeof(tbl) AS a, typeof(key) AS b, typeof(value) AS c, tbl, key, value FROM projection_rows ORDER BY tbl, key").all()
    reader.close()
    expect(found).toEqual([...rows].sort((x, y) => (x.table < y.table ? -1 : x.table > y.table ? 1 : x.key < y.key ? -1 : 1)).map((r) => ({
      a: "text", b: "text", c: "text", tbl: r.table, key: r.key, value: JSON.stringify(r.value)
    })))
  })

  it("removes on a reset the rows of the projections it resets, all at once when no other has rows, then sets its own", async () => {
    const filename = path.join(dir, "resets.db")
    const events = SqliteEventStore.layer({ filename })
    const rows = (projection: string, ...keys: Array<string>): Projection.RowsWrite =>
      ({ projection, version: 1, checkpoint: keys.length, reset: false, upserts: keys.map((key) => ({ table: "t", key, value: `${projection}:${key}` })), inserts: [], deletes: [] })
    const reset = (write: Projection.RowsWrite): Projection.RowsWrite => ({ ...write, reset: true, inserts: write.upserts, upserts: [] })
    const keys = (stored: Projection.StoredRows | undefined) => (stored?.rows ?? []).map((r) => r.value).sort()
    const seen = await Effect.runPromise(Effect.gen(function*() {
      const store = yield* Projection.ProjectionStore
      yield* store.saveRows([rows("a", "1", "2"), rows("b", "1"), rows("c", "1", "2", "3")])
      // Two of three reset: the third keeps its rows.
      yield* store.saveRows([reset(rows("a", "3")), reset(rows("c", "4"))])
      const some = { a: keys(yield* store.loadRows("a")), b: keys(yield* store.loadRows("b")), c: keys(yield* store.loadRows("c")) }
      // Every projection that has rows reset: each keeps only the rows of this save.
      yield* store.saveRows([reset(rows("a", "5")), reset(rows("b", "6")), reset(rows("c", "7"))])
      const every = { a: keys(yield* store.loadRows("a")), b: keys(yield* store.loadRows("b")), c: keys(yield* store.loadRows("c")) }
      return { some, every }
    }).pipe(Effect.provide(Layer.provide(SqliteProjectionStore.layer, events))))
    expect(seen.some).toEqual({ a: ["a:3"], b: ["b:1"], c: ["c:4"] })
    expect(seen.every).toEqual({ a: ["a:5"], b: ["b:6"], c: ["c:7"] })
  })

  it("checkpoints the WAL (on a thread of the writer's) once its writes have set 4,000 rows, unless the event store's checkpoints are inline", async () => {
    const value = { text: "妇联 台帐 ".padEnd(200, ".") }
    // Six writes of 1,000 rows: fewer pages of WAL than SQLite's own 1,000 between checkpoints.
    const run = (checkpoints: SqliteEventStore.Checkpoints | undefined) => {
      const filename = path.join(dir, `checkpoints-${checkpoints}.db`)
      const events = SqliteEventStore.layer({ filename, durability: "normal", checkpoints })
      return Effect.runPromise(Effect.gen(function*() {
        const store = yield* Projection.ProjectionStore
        const sizeAtStart = fs.statSync(filename).size
        for (let w = 0; w < 6; w++) {
          const upserts = Array.from({ length: 1000 }, (_, i) => ({ table: "t", key: `k${w}-${i}`, value }))
          yield* store.saveRows([{ projection: "p", version: 1, checkpoint: w + 1, reset: false, upserts, inserts: [], deletes: [] }])
        }
        // The thread checkpoints after it has answered: it may still be at it.
        const deadline = performance.now() + (checkpoints === "inline" ? 300 : 10_000)
        while (fs.statSync(filename).size < sizeAtStart + 800_000 && performance.now() < deadline) yield* Effect.sleep(20)
        return { grown: fs.statSync(filename).size - sizeAtStart, rows: (yield* store.loadRows("p"))?.rows.length }
      }).pipe(Effect.provide(Layer.provide(SqliteProjectionStore.layer, events))))
    }
    const background = await run(undefined)
    // The first four writes' rows reached the database file, copied by the writer's checkpointing thread.
    expect(background.grown).toBeGreaterThan(800_000)
    expect(background.rows).toBe(6000)
    const inline = await run("inline")
    // SQLite's own: not before 1,000 pages of WAL, which the six writes do not reach.
    expect(inline.grown).toBeLessThan(100_000)
    expect(inline.rows).toBe(6000)
  })

  it("writes saves in the order they were made, each answered once committed", async () => {
    const filename = path.join(dir, "ordered.db")
    const events = SqliteEventStore.layer({ filename })
    const seen = await Effect.runPromise(Effect.gen(function*() {
      const store = yield* Projection.ProjectionStore
      const reader = new Database(filename, { readonly: true })
      const checkpoints: Array<number> = []
      // Concurrent saves: each, once answered, is in the file for another connection.
      yield* Effect.forEach([1, 2, 3, 4, 5, 6, 7, 8], (n) =>
        Effect.andThen(store.saveRows([write(n)]), Effect.sync(() => {
          const row = reader.prepare("SELECT checkpoint FROM projection_checkpoints WHERE name = 'p'").get() as { checkpoint: number }
          checkpoints.push(row.checkpoint)
        })), { concurrency: "unbounded" })
      reader.close()
      return { checkpoints, stored: yield* store.loadRows("p") }
    }).pipe(Effect.provide(Layer.provide(SqliteProjectionStore.layer, events))))
    // Each answer saw its own save or a later one; the last save is the one that stays.
    expect(seen.checkpoints.length).toBe(8)
    expect(seen.stored?.checkpoint).toBe(8)
    expect(seen.stored?.rows.map((r) => r.key).sort()).toEqual(["k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"])
  })
})

describe("a file written before projection rows had a rowid", () => {
  it("keeps its rows and checkpoints at the upgrade, and goes on writing them by key", async () => {
    const filename = path.join(dir, "rows-before-rowid.db")
    // Schema version 7: `projection_rows` keyed by (projection, tbl, key), WITHOUT ROWID.
    const old = new Database(filename)
    for (const migration of SqliteEventStore.migrations.slice(0, 7)) old.exec(migration)
    old.pragma("user_version = 7")
    old.prepare("INSERT INTO projection_checkpoints (name, version, checkpoint) VALUES ('p', 3, 40)").run()
    const insert = old.prepare("INSERT INTO projection_rows (projection, tbl, key, value) VALUES ('p', ?, ?, ?)")
    insert.run("t", "k1", JSON.stringify({ n: 1 }))
    insert.run("t", "k2", JSON.stringify({ n: 2 }))
    insert.run("u", "k1", JSON.stringify("u1"))
    old.close()
    const result = await Effect.runPromise(Effect.gen(function*() {
      const store = yield* Projection.ProjectionStore
      const before = yield* store.loadRows("p")
      // Set one row, add one, remove one: each found again by its key.
      yield* store.saveRows([{
        projection: "p",
        version: 3,
        checkpoint: 41,
        reset: false,
        upserts: [{ table: "t", key: "k1", value: { n: 10 } }],
        inserts: [{ table: "t", key: "k3", value: { n: 3 } }],
        deletes: [{ table: "u", key: "k1" }]
      }])
      return { before, after: yield* store.loadRows("p") }
    }).pipe(Effect.provide(stores(filename))))
    const byKey = (rows: ReadonlyArray<Projection.Row> | undefined) => [...rows ?? []].sort((a, b) => `${a.table}/${a.key}` < `${b.table}/${b.key}` ? -1 : 1)
    expect({ ...result.before, rows: byKey(result.before?.rows) }).toEqual({
      version: 3,
      checkpoint: 40,
      rows: [{ table: "t", key: "k1", value: { n: 1 } }, { table: "t", key: "k2", value: { n: 2 } }, { table: "u", key: "k1", value: "u1" }]
    })
    expect({ ...result.after, rows: byKey(result.after?.rows) }).toEqual({
      version: 3,
      checkpoint: 41,
      rows: [{ table: "t", key: "k1", value: { n: 10 } }, { table: "t", key: "k2", value: { n: 2 } }, { table: "t", key: "k3", value: { n: 3 } }]
    })
    const upgraded = new Database(filename, { readonly: true })
    expect(upgraded.pragma("user_version", { simple: true })).toBe(SqliteEventStore.schemaVersion)
    // A table with a rowid, and its key unique in an index of its own.
    expect(upgraded.prepare("SELECT count(rowid) AS n FROM projection_rows").get()).toEqual({ n: 3 })
    expect(upgraded.prepare("SELECT sql FROM sqlite_master WHERE name = 'projection_rows_key'").pluck().get()).toMatch(/UNIQUE INDEX/)
    upgraded.close()
  })
})
