/**
 * Checks of a store's wake-ups (`LogChanges`), for each adapter's tests: a waiter is woken
 * by a commit soon after it (a behaviour, not a benchmark: the bound is far below any
 * fallback poll), and is not woken when nothing happens.
 *
 * @since 0.1.0
 */
import { Effect, Fiber, Option } from "effect"
import { LogChanges, type LogChangesShape } from "@fulian/store/LogChanges"

/**
 * Whether a waiter in `changes.changed`, started before `act`, is woken within `millis` ms
 * of starting to wait.
 */
export const wokenWithin = <E = never, R = never>(
  changes: LogChangesShape,
  millis: number,
  act: Effect.Effect<unknown, E, R> = Effect.void
): Effect.Effect<boolean, E, R> =>
  Effect.gen(function*() {
    const waiter = yield* Effect.forkChild(Effect.timeoutOption(changes.changed, millis))
    // The waiter holds its ticket before anything is committed.
    yield* Effect.sleep(20)
    yield* act
    return Option.isSome(yield* Fiber.join(waiter))
  })

/**
 * A follower's wake-ups in three steps, on the `LogChanges` of the store it runs on: the first
 * wait (which starts the store's watching, and is woken once it watches), a wait with nothing
 * committed, and a wait while `append` (through another store) commits. A store that pushes
 * wake-ups gives `{ listening: true, idle: false, appended: true }`.
 */
export const threeWaits = <E, R>(append: Effect.Effect<unknown, E, R>) =>
  Effect.gen(function*() {
    const changes = yield* LogChanges
    const listening = yield* wokenWithin(changes, 2_000)
    const idle = yield* wokenWithin(changes, 300)
    const appended = yield* wokenWithin(changes, 1_000, append)
    return { listening, idle, appended }
  })
