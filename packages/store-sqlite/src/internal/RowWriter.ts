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
 * @since 0.2.0
 */
import { createRequire } from "node:module"
import { Worker } from "node:worker_threads"
import { Effect } from "effect"

/** One projection's write, its rows already JSON texts. */
export interface Write {
  readonly projection: string
  readonly version: number
  readonly checkpoint: number
  readonly reset: boolean
  /** `[table, key, JSON text]`, in the order to write them. */
  readonly upserts: ReadonlyArray<readonly [string, string, string]>
  readonly deletes: ReadonlyArray<readonly [string, string]>
}

/** Why a write failed: the driver's message, and whether another connection held the lock until the busy timeout. */
export interface WriteError {
  readonly message: string
  readonly busy: boolean
}

/** The writer thread of one store. */
export interface RowWriter {
  /** Applies the writes in one transaction; done when it is committed. Not interruptible: the transaction is committed or rolled back first. */
  readonly write: (writes: ReadonlyArray<Write>) => Effect.Effect<void, WriteError>
  /** Stops the thread (a write on its way is rolled back). */
  readonly close: () => Effect.Effect<void>
}

/** The statements that write a projection's rows and checkpoint, on the thread as on the event store's connection. */
export const statements = {
  upsertRow: `INSERT INTO projection_rows (projection, tbl, key, value) VALUES (?, ?, ?, ?)
    ON CONFLICT (projection, tbl, key) DO UPDATE SET value = excluded.value`,
  deleteRow: "DELETE FROM projection_rows WHERE projection = ? AND tbl = ? AND key = ?",
  deleteAll: "DELETE FROM projection_rows WHERE projection = ?",
  upsertCheckpoint: `INSERT INTO projection_checkpoints (name, version, checkpoint) VALUES (?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET version = excluded.version, checkpoint = excluded.checkpoint`
} as const

// The thread's program, plain CommonJS: it must run from the sources as from the built package.
// A busy lock is waited for in short random pauses, as the event store's writers do, up to the
// busy timeout; the pauses block only this thread.
const program = `
const { parentPort, workerData } = require("node:worker_threads")
const Database = require(workerData.driver)
const db = new Database(workerData.filename, { timeout: 0, fileMustExist: true })
db.pragma("synchronous = " + workerData.synchronous)
const upsertRow = db.prepare(${JSON.stringify(statements.upsertRow)})
const deleteRow = db.prepare(${JSON.stringify(statements.deleteRow)})
const deleteAll = db.prepare(${JSON.stringify(statements.deleteAll)})
const upsertCheckpoint = db.prepare(${JSON.stringify(statements.upsertCheckpoint)})
const apply = db.transaction((writes) => {
  for (const w of writes) {
    if (w.reset) deleteAll.run(w.projection)
    for (const [table, key, text] of w.upserts) upsertRow.run(w.projection, table, key, text)
    for (const [table, key] of w.deletes) deleteRow.run(w.projection, table, key)
    upsertCheckpoint.run(w.projection, w.version, w.checkpoint)
  }
})
const sleeper = new Int32Array(new SharedArrayBuffer(4))
parentPort.on("message", ({ id, writes }) => {
  const deadline = performance.now() + workerData.busyTimeout
  for (let n = 0; ; n++) {
    try {
      apply.immediate(writes)
      parentPort.postMessage({ id })
      return
    } catch (error) {
      const busy = typeof error?.code === "string" && error.code.startsWith("SQLITE_BUSY")
      if (busy && performance.now() < deadline) {
        Atomics.wait(sleeper, 0, 0, 1 + Math.floor(Math.random() * Math.min(8, 1 + n)))
        continue
      }
      parentPort.postMessage({ id, error: { message: String(error?.message ?? error), busy } })
      return
    }
  }
})
`

/** A writer of the rows of the projection store in `filename`, whose commits sync as `synchronous` says (`FULL`, `NORMAL`…). */
export const make = (options: { readonly filename: string; readonly synchronous: string; readonly busyTimeout: number }): RowWriter => {
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
    const thread = new Worker(program, { eval: true, workerData: { ...options, driver }, resourceLimits: { maxYoungGenerationSizeMb: 2 } })
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
        thread.postMessage({ id, writes })
      })),
    close: () =>
      Effect.promise(async () => {
        const thread = worker
        worker = undefined
        if (thread !== undefined) await thread.terminate()
      })
  }
}
