/**
 * Wake-ups for followers of the log: an optional service beside `EventStore` that a store
 * provides when it can tell, cheaply, that something new may have been committed.
 *
 *   const changes = yield* Effect.serviceOption(LogChanges)
 *   // caught up: wait for a wake-up, or for the fallback poll, whichever comes first
 *   yield* Effect.timeout(changes.value.changed, "1 second")
 *
 * The contract:
 * - A wake-up is a hint, never data. A reader woken reads the log again (`readAll` from where
 *   it was); it may find nothing new (spurious wake-ups are allowed: a duplicate append, a
 *   commit of events it may not read, a PostgreSQL event still hidden behind an older
 *   transaction in flight, see `PostgresEventStore`).
 * - `changed` completes after a commit that happens once the reader has started waiting, as
 *   far as the adapter can see it (each adapter says what it sees). A commit between a
 *   reader's last read and the start of its wait may not wake it: start waiting before the
 *   read, or keep a fallback poll.
 * - A follower must keep a fallback poll all the same: connections drop, and an adapter may
 *   see only some writers.
 *
 * What each adapter promises:
 * - `MemoryEventStore`: every append through the store wakes every waiter, at once.
 * - `SqliteEventStore`: appends through the same store wake its waiters at once; commits by
 *   other connections or processes on the file are seen by checking `PRAGMA data_version`
 *   every ~50 ms while someone waits (nothing runs while no one does).
 * - `PostgresEventStore`: a statement-level trigger sends `NOTIFY` on the schema's channel
 *   with every insert into its events while some store listens (holds a lease), which
 *   PostgreSQL delivers at commit, from any client or process; the store LISTENs on one
 *   connection of its pool, opened by the first waiter.
 *   A commit while that connection is down is not seen: when it comes back every waiter is
 *   woken once, to read again.
 *
 * @since 0.1.0
 */
import { Context, Deferred, Effect } from "effect"

/** What a store offers followers of its log. */
export interface LogChangesShape {
  /**
   * Completes when something new may have been committed since this effect started (a hint:
   * read the log again). It may wait forever: race it with a timeout, the fallback poll.
   */
  readonly changed: Effect.Effect<void>
}

/** Wake-ups for followers of the log, for stores that can push them. */
export class LogChanges extends Context.Service<LogChanges, LogChangesShape>()("fulian/LogChanges") {}

/** A broadcast for adapters: `wake` completes every `changed` started before it. */
export interface Signal extends LogChangesShape {
  /** Wakes every waiter. Cheap, synchronous, safe to call when no one waits. */
  readonly wake: () => void
  /** How many fibers wait in `changed` now. */
  readonly waiters: () => number
}

/**
 * Makes a broadcast: each `changed` waits on the current `Deferred`, which `wake` completes
 * and replaces. `onWait` runs when a waiter starts (after it holds the current one), for an
 * adapter that watches only while someone waits.
 */
export const makeSignal = (onWait: () => void = () => {}): Signal => {
  let current = Deferred.makeUnsafe<void>()
  let waiting = 0
  return {
    wake: () => {
      const woken = current
      current = Deferred.makeUnsafe<void>()
      Deferred.doneUnsafe(woken, Effect.void)
    },
    waiters: () => waiting,
    changed: Effect.acquireUseRelease(
      Effect.sync(() => {
        waiting++
        const deferred = current
        onWait()
        return deferred
      }),
      Deferred.await,
      () => Effect.sync(() => {
        waiting--
      })
    )
  }
}
