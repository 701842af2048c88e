import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import Database from "better-sqlite3"
import { Config, ConfigProvider, Effect, Fiber, Layer, ManagedRuntime } from "effect"
import { v4 as uuidv4, v7 as uuidv7 } from "uuid"
import { afterAll, describe, expect, it } from "vitest"
import * as Conformance from "@fulian/testing/Conformance"
import { EventStore, type EventStoreError } from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"
import * as SqliteEventStore from "../src/SqliteEventStore.ts"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fulian-sqlite-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const freshFile = () => path.join(dir, `${uuidv4()}.db`)

Conformance.suite("SQLite", SqliteEventStore.layer({ filename: path.join(dir, "conformance.db") }))

/** Runs `f` on a store opened on `options`, closing it afterwards. */
const withStore = <A, E>(
  options: SqliteEventStore.Options,
  f: (store: SqliteEventStore.SqliteEventStoreShape) => Effect.Effect<A, E>
): Promise<A> => Effect.runPromise(Effect.scoped(Effect.flatMap(SqliteEventStore.make(options), f)))

const failureOf = <A>(effect: Effect.Effect<A, EventStoreError>): Promise<EventStoreError> => Effect.runPromise(Effect.flip(effect))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("SqliteEventStore", () => {
  it("opens the file in WAL mode with durable commits by default, and relaxes them on request", async () => {
    const filename = freshFile()
    const full = await withStore({ filename }, (s) =>
      Effect.sync(() => ({
        journal: s.database.pragma("journal_mode", { simple: true }),
        synchronous: s.database.pragma("synchronous", { simple: true }),
        durability: s.durability
      })))
    // synchronous: 2 is FULL, 1 is NORMAL.
    expect(full).toEqual({ journal: "wal", synchronous: 2, durability: "full" })
    const normal = await withStore({ filename, durability: "normal" }, (s) =>
      Effect.sync(() => ({ synchronous: s.database.pragma("synchronous", { simple: true }), durability: s.durability })))
    expect(normal).toEqual({ synchronous: 1, durability: "normal" })
  })

  it("keeps the page cache it is given, and refuses one that is not a whole number of KiB above 0 without creating the file", async () => {
    const filename = freshFile()
    const cacheOf = (options: Partial<SqliteEventStore.Options>) =>
      withStore({ filename, ...options }, (s) => Effect.sync(() => s.database.pragma("cache_size", { simple: true })))
    // Negative: a size in KiB, as SQLite reads it. The driver's default is 16,000 KiB.
    expect(await cacheOf({ pageCacheKib: 2048 })).toBe(-2048)
    expect(await cacheOf({})).toBe(-16000)
    const other = freshFile()
    for (const pageCacheKib of [0, -5, 1.5, Number.NaN]) {
      const error = await failureOf(Effect.scoped(SqliteEventStore.make({ filename: other, pageCacheKib })))
      expect(error.reason._tag).toBe("InvalidRequest")
      expect(error.message).toContain("pageCacheKib")
    }
    expect(fs.existsSync(other)).toBe(false)
  })

  it("checkpoints the WAL on a thread of its own, not in the commits that append, unless asked to", async () => {
    const text = "妇联 minutes ".padEnd(600, "·")
    // 700 appends of one event each, one commit each: two to five pages of WAL a commit, so more
    // than SQLite's own 1,000 pages between its checkpoints and fewer than the store's net of 4,000.
    const run = (checkpoints: SqliteEventStore.Checkpoints | undefined) => {
      const filename = freshFile()
      return withStore({ filename, durability: "normal", checkpoints }, (s) =>
        Effect.gen(function*() {
          const net = () => s.database.pragma("wal_autocheckpoint", { simple: true }) as number
          const sizeAtStart = fs.statSync(filename).size
          for (let i = 0; i < 700; i++) {
            yield* s.append([{ stream: `note-${i % 50}`, expected: Math.floor(i / 50) || "no-stream", events: [Conformance.newEvent({ text, i })] }])
          }
          // The thread's last checkpoint may still be on its way.
          const deadline = performance.now() + 10_000
          while (fs.statSync(filename).size < sizeAtStart + 300_000 && performance.now() < deadline) yield* Effect.promise(() => sleep(20))
          return { net: net(), grown: fs.statSync(filename).size - sizeAtStart, wal: fs.statSync(`${filename}-wal`).size }
        }))
    }
    const background = await run(undefined)
    // The rows reached the database file, copied by the thread; the WAL was never started over
    // (only a checkpoint between two commits lets the next one do that), so it holds every commit.
    expect(background.net).toBe(4000)
    expect(background.grown).toBeGreaterThan(300_000)
    expect(background.wal).toBeGreaterThan(1400 * 4096)
    const inline = await run("inline")
    // SQLite's own: a commit checkpoints past 1,000 pages and the next starts the WAL over.
    expect(inline.net).toBe(1000)
    expect(inline.grown).toBeGreaterThan(300_000)
    expect(inline.wal).toBeLessThan(1100 * 4096)
    const error = await failureOf(Effect.scoped(SqliteEventStore.make({ filename: freshFile(), checkpoints: "sometimes" as never })))
    expect(error.reason._tag).toBe("InvalidRequest")
    expect(error.message).toContain("checkpoints")
  })

  it("keeps everything when the file is closed and opened again", async () => {
    const filename = freshFile()
    const commandId = uuidv7()
    const streams = [`reopen-a-${uuidv4()}`, `reopen-b-${uuidv4()}`]
    const before = await withStore({ filename }, (s) =>
      Effect.gen(function*() {
        yield* s.append([{ stream: streams[0]!, expected: "no-stream", events: [Conformance.newEvent({ n: 1 })] }])
        yield* s.append([
          { stream: streams[0]!, expected: 1, events: [Conformance.newEvent({ n: 2, 名: "王芳" })] },
          { stream: streams[1]!, expected: "no-stream", events: [Conformance.newEvent({ n: 3 }), Conformance.newEvent({ n: 4 })] }
        ], { commandId })
        return yield* s.readAll({ after: 0, limit: 100 })
      }))
    expect(before.length).toBe(4)
    await withStore({ filename, durability: "normal" }, (s) =>
      Effect.gen(function*() {
        expect(yield* s.readAll({ after: 0, limit: 100 })).toEqual(before)
        expect(yield* s.readCommand(commandId)).toEqual({ events: before.slice(1), commandHash: undefined })
        const again = yield* s.append([{ stream: streams[1]!, expected: 0, events: [Conformance.newEvent()] }], { commandId })
        expect(again).toEqual({ events: before.slice(1), duplicate: true })
        const next = yield* s.append([{ stream: streams[1]!, expected: 2, events: [Conformance.newEvent()] }])
        expect(next.events[0]!.position).toBe(before[3]!.position + 1)
        expect(next.events[0]!.version).toBe(3)
        expect(s.database.pragma("user_version", { simple: true })).toBe(SqliteEventStore.schemaVersion)
      }))
  })

  it("upgrades a file whose command ids have no hash, and answers them as ids of another command", async () => {
    const filename = freshFile()
    const commandId = uuidv7()
    // A file of schema version 2, before command hashes, holding one command id.
    const old = new Database(filename)
    for (const migration of SqliteEventStore.migrations.slice(0, 2)) old.exec(migration)
    old.pragma("user_version = 2")
    const event = Conformance.newEvent({ n: 1 }, "Old", commandId)
    old.prepare("INSERT INTO events (stream, version, event_id, type, schema_version, data, metadata) VALUES (?, 1, ?, ?, 1, ?, ?)")
      .run("upgraded", event.eventId, event.type, JSON.stringify(event.data), JSON.stringify({ ...event.metadata, recordedAt: "2026-03-08T01:30:00.000Z" }))
    old.prepare("INSERT INTO commands (command_id, first_position, last_position) VALUES (?, 1, 1)").run(commandId)
    old.close()
    await withStore({ filename }, (s) =>
      Effect.gen(function*() {
        expect(s.database.pragma("user_version", { simple: true })).toBe(SqliteEventStore.schemaVersion)
        const first = yield* s.readCommand(commandId)
        expect(first?.commandHash).toBeUndefined()
        expect(first?.events.map((e) => e.eventId)).toEqual([event.eventId])
        // The command handler always gives a hash: a retry across the upgrade is refused, not answered.
        const refused = yield* Effect.flip(s.append([{ stream: "upgraded", expected: "any", events: [Conformance.newEvent()] }], { commandId, commandHash: "h" }))
        expect(refused.reason).toEqual(expect.objectContaining({ _tag: "CommandIdReused", commandId }))
        const again = yield* s.append([{ stream: "upgraded", expected: "any", events: [Conformance.newEvent()] }], { commandId })
        expect(again).toEqual({ events: first!.events, duplicate: true })
        expect((yield* s.readStream("upgraded")).length).toBe(1)
        // The event stored before the hash links got its link at the upgrade; the next one links to it.
        yield* s.append([{ stream: "upgraded", expected: 1, events: [Conformance.newEvent()] }])
        const log = yield* s.readAll({ after: 0, limit: 10 })
        expect(log.length).toBe(2)
        expect(Integrity.verifyLog(log).broken).toBeUndefined()
      }))
  })

  it("creates the schema once, even when another connection is creating it at the same moment", async () => {
    const filename = freshFile()
    const other = new Database(filename)
    other.pragma("journal_mode = WAL")
    other.exec("BEGIN IMMEDIATE")
    for (const migration of SqliteEventStore.migrations) other.exec(migration)
    other.pragma(`user_version = ${SqliteEventStore.migrations.length}`)
    // The store finds the schema not yet created and the write lock taken: it waits, then
    // finds the schema there and does not create it again.
    const opening = withStore({ filename }, (s) => s.append([{ stream: "created-once", expected: "no-stream", events: [Conformance.newEvent()] }]))
    await sleep(100)
    other.exec("COMMIT")
    const appended = await opening
    expect(appended.events[0]!.position).toBe(1)
    other.close()
    const tables = new Database(filename, { readonly: true })
    expect(tables.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual(["commands", "data_keys", "events", "projection_checkpoints", "projection_rows", "projections", "snapshots"])
    tables.close()
  })

  it("waits for another process's write without blocking the thread, and fails with StoreUnavailable after busyTimeout", async () => {
    const filename = freshFile()
    await withStore({ filename }, () => Effect.void)
    const other = new Database(filename)
    other.exec("BEGIN IMMEDIATE")
    await withStore({ filename, busyTimeout: 2000 }, (s) =>
      Effect.gen(function*() {
        let ticks = 0
        const timer = setInterval(() => ticks++, 5)
        setTimeout(() => other.exec("COMMIT"), 150)
        const appended = yield* s.append([{ stream: "waited", expected: "no-stream", events: [Conformance.newEvent()] }])
        clearInterval(timer)
        expect(appended.events.length).toBe(1)
        expect(ticks).toBeGreaterThan(5)
      }))
    other.exec("BEGIN IMMEDIATE")
    const started = performance.now()
    const error = await withStore({ filename, busyTimeout: 100 }, (s) =>
      Effect.gen(function*() {
        // Readers are not blocked by a writer in WAL mode.
        expect((yield* s.readStream("waited")).length).toBe(1)
        return yield* Effect.flip(s.append([{ stream: "refused", expected: "no-stream", events: [Conformance.newEvent()] }]))
      }))
    expect(performance.now() - started).toBeGreaterThanOrEqual(100)
    expect(error.reason).toMatchObject({ _tag: "StoreUnavailable" })
    expect(error.message).toContain("SQLITE_BUSY")
    other.exec("ROLLBACK")
    other.close()
  })

  it("classifies a unique-key violation on (stream, version) as WrongExpectedVersion with the actual version", async () => {
    const filename = freshFile()
    await withStore({ filename }, (s) => s.append([{ stream: "s", expected: "no-stream", events: [Conformance.newEvent(), Conformance.newEvent()] }]))
    const db = new Database(filename)
    let thrown: unknown
    try {
      db.prepare("INSERT INTO events (stream, version, event_id, type, schema_version, data, metadata) VALUES ('s', 2, 'e', 't', 1, '{}', '{}')").run()
    } catch (error) {
      thrown = error
    }
    const version = () => db.prepare("SELECT max(version) FROM events WHERE stream = 's'").pluck().get() as number
    const error = SqliteEventStore.classify(thrown, { stream: "s", expected: 1, actualVersion: version })
    db.close()
    expect(thrown).toBeInstanceOf(Database.SqliteError)
    expect(error.reason).toEqual(expect.objectContaining({ _tag: "WrongExpectedVersion", stream: "s", expected: 1, actual: 2 }))
    expect(error.cause).toBe(thrown)
  })

  it("reports stored data that cannot be read as CorruptEvent naming the stream and position", async () => {
    const filename = freshFile()
    const commandId = uuidv7()
    const written = await withStore({ filename }, (s) =>
      s.append([{ stream: "damaged", expected: "no-stream", events: [Conformance.newEvent(), Conformance.newEvent(), Conformance.newEvent()] }], { commandId }))
    const positions = written.events.map((e) => e.position)
    const db = new Database(filename)
    db.prepare("UPDATE events SET data = '{\"n\": ' WHERE position = ?").run(positions[0])
    db.prepare("UPDATE events SET metadata = '[1, 2]' WHERE position = ?").run(positions[1])
    db.prepare("UPDATE events SET data = x'00ff' WHERE position = ?").run(positions[2])
    db.close()
    await withStore({ filename }, (s) =>
      Effect.gen(function*() {
        const at = (position: number) => ({ _tag: "CorruptEvent", stream: "damaged", position })
        for (const error of [
          yield* Effect.flip(s.readStream("damaged")),
          yield* Effect.flip(s.readAll({ after: 0, limit: 10 })),
          yield* Effect.flip(s.readCommand(commandId)),
          // A duplicate command id answers with the stored events, so it must read them too.
          yield* Effect.flip(s.append([{ stream: "other", expected: "any", events: [Conformance.newEvent()] }], { commandId }))
        ]) {
          expect(error.reason).toMatchObject(at(positions[0]!))
          expect(error.message).toContain("not valid JSON")
        }
        expect((yield* Effect.flip(s.readStream("damaged", { fromVersion: 2 }))).reason).toMatchObject(at(positions[1]!))
        expect((yield* Effect.flip(s.readAll({ after: positions[2]! - 1, limit: 10 }))).reason).toMatchObject(at(positions[2]!))
      }))
  })

  it("commits concurrent appends together, each still all or nothing on its own", async () => {
    const filename = freshFile()
    await withStore({ filename }, (s) =>
      Effect.gen(function*() {
        yield* s.append([{ stream: "taken", expected: "no-stream", events: [Conformance.newEvent()] }])
        s.database.pragma("wal_checkpoint(TRUNCATE)")
        const appends = Array.from({ length: 20 }, (_, i) =>
          s.append([{ stream: i === 7 ? "taken" : `group-${i}`, expected: "no-stream", events: [Conformance.newEvent(), Conformance.newEvent()] }]))
        const results = yield* Effect.all(appends.map(Effect.result), { concurrency: "unbounded" })
        // One commit wrote each page once: far fewer WAL frames than 20 commits would.
        const [wal] = s.database.pragma("wal_checkpoint(PASSIVE)") as Array<{ log: number }>
        expect(wal!.log).toBeLessThan(20)
        results.forEach((r, i) => expect(r._tag).toBe(i === 7 ? "Failure" : "Success"))
        expect((yield* s.readStream("taken")).length).toBe(1)
        const log = yield* s.readAll({ after: 1, limit: 100 })
        expect(log.length).toBe(38)
        expect(log.map((e) => e.position)).toEqual(log.map((_, k) => k + 2))
      }))
  })

  it("lets timers and I/O run while fibers append without pause", async () => {
    await withStore({ filename: freshFile(), durability: "normal" }, (s) =>
      Effect.gen(function*() {
        // Eight fibers append one event after another until a timer stops them. Were every
        // flush of the waiting appends a microtask, the timer would never fire: each flush
        // resumes the fibers, whose next appends queue the next flush.
        let stop = false
        let appended = 0
        const timer = setTimeout(() => (stop = true), 20)
        yield* Effect.all(Array.from({ length: 8 }, (_, w) =>
          Effect.gen(function*() {
            while (!stop && appended < 20_000) {
              yield* s.append([{ stream: `busy-${w}-${appended++}`, expected: "no-stream", events: [Conformance.newEvent()] }])
            }
          })), { concurrency: "unbounded", discard: true })
        clearTimeout(timer)
        expect(stop).toBe(true)
        expect(appended).toBeLessThan(20_000)
      }))
  })

  it("fails only the append that meets an unexpected storage error, when it was grouped with others", async () => {
    const filename = freshFile()
    await withStore({ filename }, () => Effect.void)
    const db = new Database(filename)
    db.exec("CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.stream = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END")
    db.close()
    await withStore({ filename }, (s) =>
      Effect.gen(function*() {
        const streams = ["a", "poison", "b", "c"]
        const results = yield* Effect.all(
          streams.map((stream) => Effect.result(s.append([{ stream, expected: "no-stream", events: [Conformance.newEvent()] }]))),
          { concurrency: "unbounded" }
        )
        expect(results.map((r) => r._tag)).toEqual(["Success", "Failure", "Success", "Success"])
        const failure = (results[1] as { failure: EventStoreError }).failure
        expect(failure.reason._tag).toBe("StoreUnavailable")
        expect(failure.message).toContain("poisoned row")
        for (const stream of streams) expect((yield* s.readStream(stream)).length).toBe(stream === "poison" ? 0 : 1)
      }))
  })

  it("does not write an append interrupted before it ran", async () => {
    await withStore({ filename: freshFile() }, (s) =>
      Effect.gen(function*() {
        const fiber = yield* Effect.forkChild(s.append([{ stream: "interrupted", expected: "no-stream", events: [Conformance.newEvent()] }]))
        yield* Fiber.interrupt(fiber)
        yield* Effect.promise(() => sleep(20))
        expect(yield* s.readStream("interrupted")).toEqual([])
      }))
  })

  it("refuses events whose data is not JSON with InvalidRequest, writing nothing", async () => {
    const filename = freshFile()
    await withStore({ filename }, (s) =>
      Effect.gen(function*() {
        for (const data of [{ big: 1n }, undefined]) {
          const event = { ...Conformance.newEvent(), data }
          const error = yield* Effect.flip(s.append([{ stream: "json", expected: "any", events: [Conformance.newEvent(), event] }]))
          expect(error.reason._tag).toBe("InvalidRequest")
        }
        expect(yield* s.readStream("json")).toEqual([])
      }))
  })

  it("fails to open with StoreUnavailable: a file that is not a database, a newer schema, a missing directory", async () => {
    const notADatabase = freshFile()
    fs.writeFileSync(notADatabase, "this is not a database, just text that is long enough to be read as a header".repeat(20))
    const newer = freshFile()
    const db = new Database(newer)
    db.pragma(`user_version = ${SqliteEventStore.schemaVersion + 1}`)
    db.close()
    for (const [filename, detail] of [
      [notADatabase, "SQLITE_NOTADB"],
      [newer, "newer than this code knows"],
      [path.join(dir, "no-such-directory", "x.db"), "directory does not exist"]
    ] as const) {
      const error = await failureOf(Effect.scoped(SqliteEventStore.make({ filename })))
      expect(error.reason._tag).toBe("StoreUnavailable")
      expect(error.message).toContain(detail)
    }
  })

  it("fails with StoreUnavailable once the layer has closed the database", async () => {
    const runtime = ManagedRuntime.make(SqliteEventStore.layer({ filename: freshFile() }))
    const store = await runtime.runPromise(EventStore.useSync((s) => s))
    await runtime.dispose()
    const error = await failureOf(store.readAll({ after: 0, limit: 1 }))
    expect(error.reason._tag).toBe("StoreUnavailable")
    expect(error.message).toContain("not open")
  })

  it("fails an append still waiting when the store closes, and writes nothing", async () => {
    const filename = freshFile()
    const fiber = await withStore({ filename }, (s) =>
      Effect.forkDetach(s.append([{ stream: "closing", expected: "no-stream", events: [Conformance.newEvent()] }])))
    const error = await Effect.runPromise(Effect.flip(Fiber.join(fiber)))
    expect(error.reason._tag).toBe("StoreUnavailable")
    expect(await withStore({ filename }, (s) => s.readStream("closing"))).toEqual([])
  })

  it("reads its options from configuration with layerConfig", async () => {
    const filename = freshFile()
    const layer = SqliteEventStore.layerConfig({
      filename: Config.String("FULIAN_SQLITE_FILE"),
      durability: Config.Literals(["full", "normal"], "FULIAN_SQLITE_DURABILITY")
    }).pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ FULIAN_SQLITE_FILE: filename, FULIAN_SQLITE_DURABILITY: "normal" }))))
    const store = await Effect.runPromise(
      SqliteEventStore.SqliteEventStore.useSync((s) => ({ filename: s.filename, durability: s.durability })).pipe(Effect.provide(layer))
    )
    expect(store).toEqual({ filename, durability: "normal" })
  })
})
