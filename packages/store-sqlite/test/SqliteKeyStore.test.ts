import { spawn } from "node:child_process"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import Database from "better-sqlite3"
import { childNodeArgs } from "@fulian/testing/Guarantees"
import { Effect, Layer, ManagedRuntime } from "effect"
import { v4 as uuidv4 } from "uuid"
import { afterAll, describe, expect, it } from "vitest"
import * as Conformance from "@fulian/testing/Conformance"
import { EventStore } from "@fulian/store/EventStore"
import { KeyStore, type KeyStoreError } from "@fulian/store/KeyStore"
import * as KeyStoreConformance from "@fulian/testing/KeyStoreConformance"
import * as SqliteEventStore from "../src/SqliteEventStore.ts"
import * as SqliteKeyStore from "../src/SqliteKeyStore.ts"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fulian-sqlite-keys-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const freshFile = () => path.join(dir, `${uuidv4()}.db`)

/** The event store and the key store on one file, each on its own connection. */
const stores = (filename: string, busyTimeout = 20_000) => {
  const events = SqliteEventStore.layer({ filename, busyTimeout })
  return Layer.merge(events, Layer.provide(SqliteKeyStore.layer({ busyTimeout }), events))
}

const conformance = path.join(dir, "conformance.db")
KeyStoreConformance.suite("SQLite", stores(conformance), { twin: stores(conformance) })

/** The database file and its write-ahead log, as they are on disk now. */
const onDisk = (filename: string) => ({
  file: fs.readFileSync(filename),
  wal: fs.existsSync(`${filename}-wal`) ? fs.readFileSync(`${filename}-wal`) : Buffer.alloc(0)
})

const holds = (filename: string, key: Uint8Array) => {
  const { file, wal } = onDisk(filename)
  return KeyStoreConformance.holdsKey(file, key) || KeyStoreConformance.holdsKey(wal, key)
}

const withStores = async <A>(filename: string, f: Effect.Effect<A, unknown, KeyStore | EventStore>, busyTimeout?: number): Promise<A> => {
  const runtime = ManagedRuntime.make(stores(filename, busyTimeout))
  try {
    return await runtime.runPromise(f)
  } finally {
    await runtime.dispose()
  }
}

const appendSome = (label: string) =>
  EventStore.use((s) => s.append([{ stream: `keys-${label}-${uuidv4()}`, expected: "no-stream", events: [Conformance.newEvent({ label })] }]))

describe("SqliteKeyStore", () => {
  it("leaves no copy of a destroyed key in the database file or its write-ahead log", async () => {
    const filename = freshFile()
    const [erased, kept] = [KeyStoreConformance.uniqueSubject("erased"), KeyStoreConformance.uniqueSubject("kept")]
    const keys = await withStores(filename, Effect.gen(function*() {
      const s = yield* KeyStore
      yield* appendSome("before")
      const obtained = yield* s.obtain([erased, kept])
      const keys = { erased: KeyStoreConformance.bytesOf(obtained.get(erased)!), kept: KeyStoreConformance.bytesOf(obtained.get(kept)!) }
      yield* appendSome("between")
      // The search finds a key that is there: in the log, or in the file after a checkpoint.
      expect(holds(filename, keys.erased)).toBe(true)
      yield* s.destroy(erased)
      const after = onDisk(filename)
      expect(after.wal.length).toBe(0)
      expect(KeyStoreConformance.holdsKey(after.file, keys.erased)).toBe(false)
      expect(KeyStoreConformance.holdsKey(after.file, keys.kept)).toBe(true)
      yield* appendSome("after")
      expect(holds(filename, keys.erased)).toBe(false)
      return keys
    }))
    // Nor once every connection is closed.
    expect(holds(filename, keys.erased)).toBe(false)
    expect(holds(filename, keys.kept)).toBe(true)
  })

  it("leaves no copy of destroyed keys after page splits and merges moved them, among thousands of others", async () => {
    const filename = freshFile()
    const subjects = Array.from({ length: 3000 }, (_, i) => KeyStoreConformance.uniqueSubject(`many${i}`))
    const { erased, kept } = await withStores(filename, Effect.gen(function*() {
      const s = yield* KeyStore
      // Obtained in small batches between appends: the table grows page by page and splits.
      const all = new Map<string, Uint8Array>()
      for (let i = 0; i < subjects.length; i += 100) {
        for (const [subject, key] of yield* s.obtain(subjects.slice(i, i + 100))) all.set(subject, KeyStoreConformance.bytesOf(key))
        yield* appendSome(`batch${i}`)
      }
      // Every third subject erased, then a run of neighbours, so that pages empty and merge.
      const erasedSubjects = subjects.filter((_, i) => i % 3 === 0 || (i >= 1000 && i < 1400))
      for (const subject of erasedSubjects) yield* s.destroy(subject)
      const erasedSet = new Set(erasedSubjects)
      return {
        erased: erasedSubjects.map((subject) => all.get(subject)!),
        kept: subjects.filter((subject) => !erasedSet.has(subject)).map((subject) => all.get(subject)!)
      }
    }))
    const { file, wal } = onDisk(filename)
    expect(wal.length).toBe(0)
    expect(erased.filter((key) => KeyStoreConformance.holdsKey(file, key)).length).toBe(0)
    expect(kept.every((key) => KeyStoreConformance.holdsKey(file, key))).toBe(true)
  })

  it("fails a destroy with StoreUnavailable while another connection reads, and finishes it when destroyed again", async () => {
    const filename = freshFile()
    const subject = KeyStoreConformance.uniqueSubject("read-during-destroy")
    const runtime = ManagedRuntime.make(stores(filename, 300))
    const reader = new Database(filename)
    try {
      const key = await runtime.runPromise(KeyStore.use((s) => Effect.map(s.obtain([subject]), (m) => KeyStoreConformance.bytesOf(m.get(subject)!))))
      // A read transaction left open, as another process might.
      reader.exec("BEGIN")
      reader.prepare("SELECT count(*) FROM data_keys").get()
      const error = await runtime.runPromise(KeyStore.use((s) => Effect.flip(s.destroy(subject))))
      expect(error._tag).toBe("KeyStoreError")
      expect(error.reason._tag).toBe("StoreUnavailable")
      expect(error.message).toContain("is destroyed")
      expect(error.message).toContain("destroy it again")
      expect(KeyStoreConformance.showsKey(error.message, key)).toBe(false)
      // Destroyed all the same: the tombstone is committed.
      const read = await runtime.runPromise(KeyStore.use((s) => s.get([subject])))
      expect([...read.destroyed]).toEqual([subject])
      reader.exec("COMMIT")
      await runtime.runPromise(KeyStore.use((s) => s.destroy(subject)))
      expect(holds(filename, key)).toBe(false)
    } finally {
      reader.close()
      await runtime.dispose()
    }
  })

  it("gives one key to processes that obtain the same new subjects at the same moment", async () => {
    const filename = freshFile()
    // Rounds of new subjects, obtained one round per call by every process in turn.
    const rounds = Array.from({ length: 150 }, (_, r) => Array.from({ length: 5 }, (_, i) => KeyStoreConformance.uniqueSubject(`process${r}-${i}`)))
    const subjects = rounds.flat()
    await withStores(filename, Effect.void)
    const script = path.join(import.meta.dirname, "support", "ObtainChild.ts")
    const children = Array.from({ length: 4 }, (_, i) => {
      // Each child asks for a round's subjects in another order.
      const ordered = rounds.map((round) => round.map((_, k) => round[(k + i) % round.length]!))
      const child = spawn(process.execPath, childNodeArgs(script, [filename, JSON.stringify(ordered)]), { stdio: ["pipe", "pipe", "pipe"] })
      let out = ""
      let err = ""
      child.stdout.on("data", (d) => (out += d))
      child.stderr.on("data", (d) => (err += d))
      const ready = new Promise<void>((resolve) => child.stdout.on("data", () => out.includes("ready") && resolve()))
      const done = new Promise<Record<string, string>>((resolve, reject) =>
        child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.split("\n")[1]!)) : reject(new Error(`child exited ${code}: ${err}`)))))
      return { child, ready, done }
    })
    await Promise.all(children.map((c) => c.ready))
    for (const c of children) c.child.stdin.write("go\n")
    const results = await Promise.all(children.map((c) => c.done))
    const stored = await withStores(filename, KeyStore.use((s) => s.get(subjects)))
    const differing = subjects.filter((subject) => {
      const fingerprint = createHash("sha256").update(KeyStoreConformance.bytesOf(stored.keys.get(subject)!)).digest("hex")
      return results.some((r) => r[subject] !== fingerprint)
    })
    expect(differing).toEqual([])
  }, 120_000)

  it("reports a stored key that cannot be used as CorruptKey, without its bytes", async () => {
    const filename = freshFile()
    const [short, text, zeros] = ["short", "text", "zeros"].map((label) => KeyStoreConformance.uniqueSubject(label)) as [string, string, string]
    await withStores(filename, KeyStore.use((s) => s.obtain([short, text, zeros])))
    const raw = new Database(filename)
    raw.prepare("UPDATE data_keys SET key = x'0102030405060708090a0b0c0d0e0f10' WHERE subject = ?").run(short)
    raw.prepare("UPDATE data_keys SET key = 'not a key' WHERE subject = ?").run(text)
    raw.prepare("UPDATE data_keys SET key = zeroblob(32) WHERE subject = ?").run(zeros)
    raw.close()
    const errors = await withStores(filename, KeyStore.use((s) =>
      Effect.forEach([short, text, zeros], (subject) => Effect.flip(s.get([subject])))))
    expect(errors.map((e) => [e.reason._tag, (e.reason as { subject?: string }).subject])).toEqual([
      ["CorruptKey", short],
      ["CorruptKey", text],
      ["CorruptKey", zeros]
    ])
    expect(errors[0]!.message).toContain("16 bytes long")
    expect(errors[0]!.message).not.toContain("0102030405")
    expect(errors[1]!.message).toContain("not bytes")
    expect(errors[2]!.message).toContain("all zeros")
  })

  it("classifies a busy file and a closed connection as StoreUnavailable", async () => {
    const filename = freshFile()
    const runtime = ManagedRuntime.make(stores(filename, 100))
    const store = await runtime.runPromise(KeyStore.use(Effect.succeed))
    const writer = new Database(filename)
    try {
      writer.exec("BEGIN IMMEDIATE")
      const busy: KeyStoreError = await Effect.runPromise(Effect.flip(store.obtain([KeyStoreConformance.uniqueSubject("busy")])))
      expect(busy.reason._tag).toBe("StoreUnavailable")
      expect(busy.message).toContain("SQLITE_BUSY")
      writer.exec("ROLLBACK")
    } finally {
      writer.close()
      await runtime.dispose()
    }
    const closed = await Effect.runPromise(Effect.flip(store.get([KeyStoreConformance.uniqueSubject("closed")])))
    expect(closed.reason._tag).toBe("StoreUnavailable")
  })

  it("refuses an event store in memory, which no second connection can reach", async () => {
    const error = await Effect.runPromise(Effect.flip(Effect.scoped(Layer.build(stores(":memory:")))))
    expect(error._tag).toBe("KeyStoreError")
    expect((error as KeyStoreError).reason._tag).toBe("StoreUnavailable")
  })

  it("adds the key table to a file of schema version 3, keeping its events", async () => {
    const filename = freshFile()
    const old = new Database(filename)
    for (const migration of SqliteEventStore.migrations.slice(0, 3)) old.exec(migration)
    old.pragma("user_version = 3")
    old.close()
    const subject = KeyStoreConformance.uniqueSubject("upgraded")
    const obtained = await withStores(filename, Effect.gen(function*() {
      yield* appendSome("upgraded")
      return yield* KeyStore.use((s) => s.obtain([subject]))
    }))
    expect(obtained.size).toBe(1)
    const db = new Database(filename, { readonly: true })
    expect(db.pragma("user_version", { simple: true })).toBe(SqliteEventStore.schemaVersion)
    db.close()
  })
})
