/**
 * The writer of a SQLite projection store's rows: a thread of its own, with its own connection
 * to the file, so that a projection run applies its next page while SQLite writes the last one
 * (better-sqlite3 blocks the thread it runs on). Writes are made in the order they are given,
 * each in one `BEGIN IMMEDIATE` transaction; an answer comes once the transaction is committed,
 * so a read on another connection after it sees the rows.
 *
 * A thread is started at the first write and let go when the store's scope closes. While it has
 * nothing to do it does not keep the process alive.
 *
 * With checkpoints in the background (the default), the WAL is checkpointed by a thread of the
 * writer's own, on a connection of its own: once the writes since the writer last asked for one
 * have set or removed `checkpointRows` rows, and the one asked for before is done. That thread
 * checkpoints again while the WAL holds pages it has not copied (commits made meanwhile), at most
 * `checkpointTries` times, so that the WAL is wholly copied between two commits and the next one
 * starts it over. The writer's own connection checkpoints in its commit only past `netPages`
 * pages, a net for when the WAL is not started over.
 *
 * Why another thread: with `synchronous = NORMAL`, a checkpoint syncs the WAL and then the file,
 * and the syncs are most of its time — every page the WAL took goes to the disk then (about
 * 2.7 GB for a rebuild of every ledger over a million events, here). Made between two writes on
 * the writer's thread, 4,000 rows' checkpoint took 25–40 ms, the next write waited for it, and
 * the run waited for that write: 3.5–6 s of a 25–30 s rebuild. SQLite's own checkpoint, in the
 * commit that takes the WAL past 1,000 pages, stalled that commit the same way. With checkpoints
 * `"inline"`, the writer leaves them to SQLite, as it does by default.
 *
 * @since 0.2.0
 */
import { createRequire } from "node:module"
import { Worker } from "node:worker_threads"
import { Effect } from "effect"
import { encodeRow, type ProjectionStoreError, type Row, rowsSet, type RowsWrite } from "@fulian/projections/Projection"
import type { Checkpoints } from "../SqliteEventStore.ts"
import * as Checkpointer from "./Checkpointer.ts"

/**
 * Writes of row-style projections as one message for the thread: the projections they reset,
 * then each write's projection, version and checkpoint, the rows it sets as `[table, key, JSON
 * text]` in key order
 * (neighbouring rows land on the same pages of the index), and the rows it removes — strings as
 * their UTF-8 bytes after their length (u32), numbers as f64, in a buffer the thread is given
 * (transferred, not copied).
 *
 * One buffer, not an object per row: a row's JSON text is written into it as soon as it is
 * made, so no text, pair or array of the page outlives the young generation — as the rows sent
 * as objects did, each structured-cloned by `postMessage` and kept until the thread took them.
 */
export interface Encoded {
  readonly buffer: ArrayBuffer
  /** The bytes of `buffer` the writes take. */
  readonly length: number
}

const byKey = (x: Row, y: Row): number =>
  x.table < y.table ? -1 : x.table > y.table ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0

/** Writes as one message for the thread, or the typed error that names the first row that is not JSON. */
export const encode = (writes: ReadonlyArray<RowsWrite>): Encoded | ProjectionStoreError => {
  let bytes = Buffer.allocUnsafeSlow(64 * 1024)
  let at = 0
  const room = (n: number) => {
    if (at + n <= bytes.length) return
    let size = bytes.length * 2
    while (size < at + n) size *= 2
    const grown = Buffer.allocUnsafeSlow(size)
    bytes.copy(grown, 0, 0, at)
    bytes = grown
  }
  const u32 = (n: number) => {
    room(4)
    at = bytes.writeUInt32LE(n, at)
  }
  const f64 = (n: number) => {
    room(8)
    at = bytes.writeDoubleLE(n, at)
  }
  const str = (text: string) => {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    room(4 + 3 * text.length)
    const written = bytes.write(text, at + 4, "utf8")
    bytes.writeUInt32LE(written, at)
    at += 4 + written
  }
  const resets = writes.filter((w) => w.reset)
  u32(resets.length)
  for (const write of resets) str(write.projection)
  u32(writes.length)
  for (const write of writes) {
    str(write.projection)
    f64(write.version)
    f64(write.checkpoint)
    const sets = [...rowsSet(write)].sort(byKey)
    u32(sets.length)
    for (const row of sets) {
      const text = encodeRow(write.projection, row)
      if (typeof text !== "string") return text
      str(row.table)
      str(row.key)
      str(text)
    }
    u32(write.deletes.length)
    for (const row of write.deletes) {
      str(row.table)
      str(row.key)
    }
  }
  return { buffer: bytes.buffer as ArrayBuffer, length: at }
}

/** Why a write failed: the driver's message, and whether another connection held the lock until the busy timeout. */
export interface WriteError {
  readonly message: string
  readonly busy: boolean
}

/** The writer thread of one store. */
export interface RowWriter {
  /**
   * Applies the writes of a message (`encode`) in one transaction; done when it is committed.
   * The message's buffer is the thread's from then on. Not interruptible: the transaction is
   * committed or rolled back first.
   */
  readonly write: (writes: Encoded) => Effect.Effect<void, WriteError>
  /** Stops the thread (a write on its way is rolled back). */
  readonly close: () => Effect.Effect<void>
}

/** The statements that write a projection's rows and checkpoint, on the thread as on the event store's connection. */
export const statements = {
  upsertRow: `INSERT INTO projection_rows (projection, tbl, key, value) VALUES (?, ?, ?, ?)
    ON CONFLICT (projection, tbl, key) DO UPDATE SET value = excluded.value`,
  /** The same, the table, key and text given as their UTF-8 bytes (a blob, cast to text: the same bytes). */
  upsertRowUtf8: `INSERT INTO projection_rows (projection, tbl, key, value) VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))
    ON CONFLICT (projection, tbl, key) DO UPDATE SET value = excluded.value`,
  deleteRow: "DELETE FROM projection_rows WHERE projection = ? AND tbl = ? AND key = ?",
  deleteAll: "DELETE FROM projection_rows WHERE projection = ?",
  /** Every row of every projection: with no WHERE, SQLite drops the table's pages without visiting each row. */
  deleteEveryRow: "DELETE FROM projection_rows",
  /** The projections that have rows, one after another in order, each found in the key's index. */
  firstProjection: "SELECT projection FROM projection_rows ORDER BY projection LIMIT 1",
  nextProjection: "SELECT projection FROM projection_rows WHERE projection > ? ORDER BY projection LIMIT 1",
  upsertCheckpoint: `INSERT INTO projection_checkpoints (name, version, checkpoint) VALUES (?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET version = excluded.version, checkpoint = excluded.checkpoint`
} as const

/** How many rows the writer sets or removes between two checkpoints it asks for (about four pages of a rebuild of every ledger). */
export const checkpointRows = 4000

/** How many checkpoints in a row the checkpointing thread makes at most, while commits made meanwhile left pages uncopied. */
export const checkpointTries = 3

/**
 * The WAL's length, in pages, past which the writer's connection checkpoints in its own commit
 * (with checkpoints in the background): about four times what a checkpoint asked for copies.
 */
export const netPages = 16_000

// The thread's program, plain CommonJS: it must run from the sources as from the built package.
// A busy lock is waited for in short random pauses, as the event store's writers do, up to the
// busy timeout; the pauses block only this thread.
const program = `
const { parentPort, workerData, Worker } = require("node:worker_threads")
const Database = require(workerData.driver)
const db = new Database(workerData.filename, { timeout: 0, fileMustExist: true })
db.pragma("synchronous = " + workerData.synchronous)
if (workerData.checkpoints === "background") db.pragma("wal_autocheckpoint = " + workerData.netPages)
// A row's table, key and text bound as their UTF-8 bytes and cast to text, which SQLite keeps
// as the bytes they are: no string is made of them on the way.
const upsertRow = db.prepare(${JSON.stringify(statements.upsertRowUtf8)})
const deleteRow = db.prepare(${JSON.stringify(statements.deleteRow)})
const deleteAll = db.prepare(${JSON.stringify(statements.deleteAll)})
const deleteEveryRow = db.prepare(${JSON.stringify(statements.deleteEveryRow)})
const firstProjection = db.prepare(${JSON.stringify(statements.firstProjection)}).pluck()
const nextProjection = db.prepare(${JSON.stringify(statements.nextProjection)}).pluck()
const upsertCheckpoint = db.prepare(${JSON.stringify(statements.upsertCheckpoint)})
const decoder = new TextDecoder()
// Removes the rows of the projections a message resets, before any of its rows are set. When
// they are all the projections that have rows (a rebuild of every ledger), all rows go at once:
// row by row, a million of them took seconds.
const removeRows = (resets) => {
  for (let p = firstProjection.get(); p !== undefined; p = nextProjection.get(p)) {
    if (!resets.has(p)) {
      for (const q of resets) deleteAll.run(q)
      return
    }
  }
  deleteEveryRow.run()
}
// Reads the writes of a message (see \`Encoded\`) as it applies them.
const apply = db.transaction((buffer, length) => {
  const bytes = Buffer.from(buffer, 0, length)
  const view = new DataView(buffer, 0, length)
  let at = 0
  const u32 = () => { const n = view.getUint32(at, true); at += 4; return n }
  const f64 = () => { const n = view.getFloat64(at, true); at += 8; return n }
  const str = () => { const n = u32(); const text = decoder.decode(bytes.subarray(at, at + n)); at += n; return text }
  // An empty string as a string: no bytes may bind as NULL.
  const utf8 = () => { const n = u32(); if (n === 0) return ""; const b = bytes.subarray(at, at + n); at += n; return b }
  const resets = new Set()
  for (let n = u32(); n > 0; n--) resets.add(str())
  if (resets.size > 0) removeRows(resets)
  let rows = 0
  for (let w = u32(); w > 0; w--) {
    const projection = str()
    const version = f64()
    const checkpoint = f64()
    for (let n = u32(); n > 0; n--, rows++) upsertRow.run(projection, utf8(), utf8(), utf8())
    for (let n = u32(); n > 0; n--, rows++) deleteRow.run(projection, str(), str())
    upsertCheckpoint.run(projection, version, checkpoint)
  }
  return rows
})
// Rows written since the writer last asked for a checkpoint; the checkpointing thread (started
// at the first), whether it is at one, and whether it failed (then the writer checkpoints here,
// between two writes).
let unchecked = 0
let checkpointer
let checkpointing = false
let failed = false
const checkpointHere = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)")
  } catch {}
}
const checkpointIfDue = (rows) => {
  if (workerData.checkpoints !== "background") return
  unchecked += rows
  if (unchecked < workerData.checkpointRows || checkpointing) return
  unchecked = 0
  if (failed) return checkpointHere()
  try {
    if (checkpointer === undefined) {
      const thread = new Worker(workerData.checkpointProgram, {
        eval: true,
        workerData: { driver: workerData.driver, filename: workerData.filename, synchronous: workerData.synchronous, tries: workerData.checkpointTries },
        resourceLimits: { maxYoungGenerationSizeMb: 2 }
      })
      thread.unref()
      thread.on("message", () => { checkpointing = false })
      const stop = () => { failed = true; checkpointing = false }
      thread.on("error", stop)
      thread.on("exit", stop)
      checkpointer = thread
    }
    checkpointing = true
    checkpointer.postMessage(0)
  } catch {
    failed = true
    checkpointing = false
    checkpointHere()
  }
}
const sleeper = new Int32Array(new SharedArrayBuffer(4))
parentPort.on("message", ({ id, buffer, length }) => {
  const deadline = performance.now() + workerData.busyTimeout
  for (let n = 0; ; n++) {
    let rows
    try {
      rows = apply.immediate(buffer, length)
    } catch (error) {
      const busy = typeof error?.code === "string" && error.code.startsWith("SQLITE_BUSY")
      if (busy && performance.now() < deadline) {
        Atomics.wait(sleeper, 0, 0, 1 + Math.floor(Math.random() * Math.min(8, 1 + n)))
        continue
      }
      parentPort.postMessage({ id, error: { message: String(error?.message ?? error), busy } })
      return
    }
    // Answered first: the run goes on at once.
    parentPort.postMessage({ id })
    checkpointIfDue(rows)
    return
  }
})
`

/**
 * A writer of the rows of the projection store in `filename`, whose commits sync as `synchronous`
 * says (`FULL`, `NORMAL`…), checkpointing the WAL on a thread of its own or leaving it to SQLite (`checkpoints`).
 */
export const make = (options: {
  readonly filename: string
  readonly synchronous: string
  readonly busyTimeout: number
  readonly checkpoints: Checkpoints
}): RowWriter => {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3")
  let worker: Worker | undefined
  const pending = new Map<number, (error: WriteError | undefined) => void>()
  let next = 0
  const failAll = (message: string) => {
    const waiting = [...pending.values()]
    pending.clear()
    for (const done of waiting) done({ message, busy: false })
  }
  const start = (): Worker => {
    // A small heap: the thread holds one write at a time.
    const thread = new Worker(program, { eval: true, workerData: { ...options, driver, netPages, checkpointRows, checkpointTries, checkpointProgram: Checkpointer.program }, resourceLimits: { maxYoungGenerationSizeMb: 2 } })
    thread.unref()
    thread.on("message", ({ error, id }: { readonly id: number; readonly error?: WriteError }) => {
      const done = pending.get(id)
      pending.delete(id)
      if (pending.size === 0) thread.unref()
      done?.(error)
    })
    thread.on("error", (error) => {
      if (worker === thread) worker = undefined
      failAll(`the projection rows' writer thread failed: ${error.message}`)
    })
    thread.on("exit", (code) => {
      if (worker === thread) worker = undefined
      failAll(`the projection rows' writer thread stopped (exit code ${code})`)
    })
    return thread
  }
  return {
    write: (writes) =>
      Effect.uninterruptible(Effect.callback<void, WriteError>((resume) => {
        const thread = worker ??= start()
        const id = next++
        pending.set(id, (error) => resume(error === undefined ? Effect.void : Effect.fail(error)))
        thread.ref()
        thread.postMessage({ id, buffer: writes.buffer, length: writes.length }, [writes.buffer])
      })),
    close: () =>
      Effect.promise(async () => {
        const thread = worker
        worker = undefined
        if (thread !== undefined) await thread.terminate()
      })
  }
}
