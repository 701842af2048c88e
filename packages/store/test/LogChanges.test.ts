import { Duration, Effect, Fiber, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { newEvent } from "@fulian/testing/Conformance"
import { wokenWithin } from "@fulian/testing/WakeUps"
import * as LogChanges from "@fulian/store/LogChanges"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import { EventStore, follow } from "@fulian/store/EventStore"

const run = <A, E>(effect: Effect.Effect<A, E, EventStore | LogChanges.LogChanges>) =>
  Effect.runPromise(Effect.provide(effect, MemoryEventStore.layer))

describe("LogChanges", () => {
  it("a broadcast wakes every waiter that started before it, and none that starts after", async () => {
    const signal = LogChanges.makeSignal()
    const wake: Effect.Effect<void> = Effect.sync(() => signal.wake())
    const waking = wokenWithin(signal, 1_000, wake)
    const waiting = wokenWithin(signal, 1_000)
    const [first, second] = await Effect.runPromise(Effect.all([waking, waiting], { concurrency: "unbounded" }))
    expect([first, second]).toEqual([true, true])
    expect(await Effect.runPromise(Effect.andThen(wake, wokenWithin(signal, 100)))).toBe(false)
    expect(signal.waiters()).toBe(0)
  })

  it("the memory store wakes a waiter when an append commits, within a bound far below a fallback poll", async () => {
    const woken = await run(Effect.gen(function*() {
      const store = yield* EventStore
      const changes = yield* LogChanges.LogChanges
      return yield* wokenWithin(changes, 1_000, store.append([{ stream: "woken", expected: "no-stream", events: [newEvent()] }]))
    }))
    expect(woken).toBe(true)
  })

  it("does not wake a waiter when nothing is appended, nor for an append that writes nothing", async () => {
    const woken = await run(Effect.gen(function*() {
      const store = yield* EventStore
      const changes = yield* LogChanges.LogChanges
      const idle = yield* wokenWithin(changes, 150)
      const refused = yield* wokenWithin(changes, 150, Effect.ignore(store.append([{ stream: "refused", expected: 3, events: [newEvent()] }])))
      return { idle, refused }
    }))
    expect(woken).toEqual({ idle: false, refused: false })
  })

  it("follow, caught up, is woken by an append rather than waiting for its poll (a minute here)", async () => {
    const seen = await run(Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append([{ stream: "followed", expected: "no-stream", events: [newEvent({ n: 1 })] }])
      const following = yield* Effect.forkChild(Stream.runCollect(Stream.take(follow({ after: 0, pollInterval: Duration.minutes(1) }), 2)))
      yield* Effect.sleep(Duration.millis(50))
      yield* store.append([{ stream: "followed", expected: 1, events: [newEvent({ n: 2 })] }])
      return yield* Effect.timeout(Fiber.join(following), Duration.seconds(2))
    }))
    expect([...seen].map((e) => (e.data as { n: number }).n)).toEqual([1, 2])
  })
})
