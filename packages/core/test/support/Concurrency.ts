/**
 * Running commands concurrently on the in-memory store, with the fibers interleaved at every
 * store operation in an order chosen by fast-check, so a property explores the interleavings
 * in which one handler reads, another appends, and the first appends on a stale read.
 */
import { Clock, Effect, Layer } from "effect"
import * as TestClock from "effect/testing/TestClock"
import { EventStore, type EventStoreShape } from "@fulian/store/EventStore"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as Policy from "../../src/Policy.ts"
import { toMillis } from "../../src/Time.ts"
import { NOW } from "./Spec.ts"

/** Wraps a store so that each operation first yields a number of times drawn from `yields`. */
export const interleaved = (store: EventStoreShape, yields: () => number): EventStoreShape => {
  const pause: Effect.Effect<void> = Effect.suspend(() => {
    let effect: Effect.Effect<void> = Effect.void
    for (let i = yields(); i > 0; i--) effect = Effect.andThen(effect, Effect.yieldNow)
    return effect
  })
  return {
    append: (writes, options) => Effect.andThen(pause, store.append(writes, options)),
    readStream: (stream, options) => Effect.andThen(pause, store.readStream(stream, options)),
    readAll: (options) => Effect.andThen(pause, store.readAll(options)),
    readCommand: (id) => Effect.andThen(pause, store.readCommand(id))
  }
}

/**
 * Runs an effect against one shared in-memory store whose operations are interleaved by the
 * given pseudo-random sequence (for example fast-check's `fc.infiniteStream(fc.nat(5))`).
 */
export const runInterleaved = <A, E>(
  effect: Effect.Effect<A, E, EventStore | Policy.Policy>,
  yields: Iterator<number>,
  options: { now?: string; policy?: Partial<Policy.PolicyShape> } = {}
): Promise<A> => {
  // The store stamps recordedAt from the test clock, as the program's clock.
  const store = Layer.effect(EventStore, Clock.clockWith((clock) => Effect.succeed(interleaved(MemoryEventStore.make(clock), () => yields.next().value ?? 0))))
  return Effect.runPromise(
    Effect.gen(function*() {
      yield* TestClock.setTime(toMillis(options.now ?? NOW))
      return yield* effect
    }).pipe(
      Effect.provide(Layer.mergeAll(Layer.provideMerge(store, TestClock.layer()), Policy.layer(options.policy))),
      Effect.scoped
    ) as Effect.Effect<A, E>
  )
}
