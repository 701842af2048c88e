/**
 * The WAL's checkpoints, made on a thread of their own with its own connection to the file,
 * instead of by the commit that appends (better-sqlite3 blocks the thread it runs on).
 *
 * A checkpoint copies the pages the WAL holds back into the database file and syncs it. SQLite
 * makes one, by default, in the commit that takes the WAL past 1,000 pages: with commands of one
 * event each, every 200 or so commits one of them also copied about a thousand pages and synced
 * the file: a third to a half of a commit's time on average (measured with `synchronous =
 * NORMAL`: 42–61 µs a commit with them, about 30 µs with none, 23–34 µs with them made here).
 *
 * Here, once every `every` commits of the store's connection, the thread is asked for a passive
 * checkpoint (it copies what no reader still needs and waits for no one). The connection keeps
 * SQLite's own checkpoint as a net, past `netPages` pages: while commits go on, a passive
 * checkpoint elsewhere never finds the WAL wholly copied, and only a checkpoint made between two
 * commits lets the next start the WAL over — that one then finds almost every page copied
 * already. If the thread fails or falls behind, the net is what checkpoints.
 *
 * The thread is started at the first checkpoint asked for, so a store that commits little never
 * starts one, and it never keeps the process alive.
 *
 * @since 0.3.0
 */
import { createRequire } from "node:module"
import { Worker } from "node:worker_threads"
import { Effect } from "effect"

/** The checkpoints of one connection's file. */
export interface Checkpointer {
  /** Counts a commit; asks for a checkpoint once `every` have been made since the last was asked for. */
  readonly committed: () => void
  /** Stops the thread (a checkpoint on its way is left unfinished, which is safe). */
  readonly close: () => Effect.Effect<void>
}

/** How many commits of the store's connection between two checkpoints asked of the thread. */
export const every = 100

/** The WAL's length, in pages, past which the store's connection checkpoints in its own commit. */
export const netPages = 4000

/**
 * The program of a checkpointing thread, plain CommonJS (it must run from the sources as from
 * the built package), given `driver`, `filename`, `synchronous` and `tries`: at each message, a
 * passive checkpoint, made again while commits made meanwhile left pages it did not copy, at
 * most `tries` times; then it answers. A checkpoint that fails (a lock held elsewhere, the file
 * going away) is answered all the same: the next one, or the net, copies what it did not. The
 * projection rows' writer starts one too (`RowWriter`).
 */
export const program = `
const { parentPort, workerData } = require("node:worker_threads")
const Database = require(workerData.driver)
const db = new Database(workerData.filename, { timeout: 0, fileMustExist: true })
db.pragma("synchronous = " + workerData.synchronous)
parentPort.on("message", () => {
  for (let n = 0; n < workerData.tries; n++) {
    let done
    try {
      done = db.pragma("wal_checkpoint(PASSIVE)")[0]
    } catch {
      break
    }
    if (done === undefined || done.log === done.checkpointed) break
  }
  parentPort.postMessage(0)
})
`

/** The checkpointer of the database in `filename`, syncing as `synchronous` says (`FULL`, `NORMAL`). */
export const make = (options: { readonly filename: string; readonly synchronous: string }): Checkpointer => {
  let worker: Worker | undefined
  let failed = false
  let asked = false
  let since = 0
  const start = (): Worker | undefined => {
    try {
      const driver = createRequire(import.meta.url).resolve("better-sqlite3")
      const thread = new Worker(program, { eval: true, workerData: { ...options, driver, tries: 1 }, resourceLimits: { maxYoungGenerationSizeMb: 2 } })
      thread.unref()
      thread.on("message", () => {
        asked = false
      })
      // A thread that fails is not started again: the connection's own checkpoints go on.
      const stop = () => {
        failed = true
        if (worker === thread) worker = undefined
      }
      thread.on("error", stop)
      thread.on("exit", stop)
      return thread
    } catch {
      failed = true
      return undefined
    }
  }
  return {
    committed: () => {
      if (++since < every || asked || failed) return
      const thread = worker ??= start()
      if (thread === undefined) return
      since = 0
      asked = true
      thread.postMessage(0)
    },
    close: () =>
      Effect.promise(async () => {
        const thread = worker
        worker = undefined
        failed = true
        if (thread !== undefined) await thread.terminate()
      })
  }
}
