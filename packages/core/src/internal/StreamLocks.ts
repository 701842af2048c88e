/**
 * In-process locks on streams, one table per store instance, so that the command handler can
 * queue the commands of one process on a stream instead of letting them race to the append.
 *
 * A lock is held by one execution at a time, which keeps what it holds in a `Set` of its own
 * (`held`); waiters are served in the order they came. Deadlock is avoided by one rule: an
 * execution waits for locks only when it holds none, taking them in sorted order (`relock`);
 * otherwise it only takes locks that are free at that moment, all or none (`tryTake`).
 */
import { Effect } from "effect"
import { perStore } from "./PerStore.ts"

interface Waiter {
  /** Hands the lock over: it is in the waiter's `held` from this moment. */
  readonly grant: () => void
}

/** One store's locks: a stream is locked while it is a key; the value is its queue of waiters. */
export interface Table {
  readonly locks: Map<string, Array<Waiter>>
}

/** The lock table of a store instance (any object standing for it). */
export const of: (store: object) => Table = perStore(() => ({ locks: new Map() }))

/** Takes every one of `streams` if all are free now, adding them to `held`; takes none otherwise. */
export const tryTake = (table: Table, streams: ReadonlyArray<string>, held: Set<string>): boolean => {
  for (const stream of streams) if (table.locks.has(stream)) return false
  for (const stream of streams) {
    table.locks.set(stream, [])
    held.add(stream)
  }
  return true
}

const release = (table: Table, stream: string): void => {
  const queue = table.locks.get(stream)
  const next = queue?.shift()
  if (next !== undefined) next.grant()
  else table.locks.delete(stream)
}

/** Releases every lock in `held`, handing each to its first waiter, and empties `held`. */
export const releaseAll = (table: Table, held: Set<string>): void => {
  for (const stream of held) release(table, stream)
  held.clear()
}

const take = (table: Table, stream: string, held: Set<string>): Effect.Effect<void> =>
  Effect.withFiber((fiber) =>
    Effect.callback<void>((resume) => {
      const queue = table.locks.get(stream)
      if (queue === undefined) {
        table.locks.set(stream, [])
        held.add(stream)
        return resume(Effect.void)
      }
      const waiter: Waiter = {
        grant: () => {
          held.add(stream)
          // Resumed by the waiter's dispatcher, not inline in the fiber that releases.
          fiber.currentDispatcher.scheduleTask(() => resume(Effect.void), 0)
        }
      }
      queue.push(waiter)
      // Interrupted while waiting: leave the queue. A lock granted meanwhile is in `held`, and
      // whoever owns `held` releases it.
      return Effect.sync(() => {
        const i = queue.indexOf(waiter)
        if (i >= 0) queue.splice(i, 1)
      })
    })
  )

/**
 * Releases what `held` holds, then waits for the locks on `streams` one by one in sorted
 * order, adding each to `held` as it is granted. The caller releases `held` when it is done,
 * also when interrupted.
 */
export const relock = (table: Table, streams: Iterable<string>, held: Set<string>): Effect.Effect<void> =>
  Effect.suspend(() => {
    const wanted = [...new Set(streams)].sort()
    releaseAll(table, held)
    return Effect.forEach(wanted, (stream) => take(table, stream, held), { discard: true })
  })
