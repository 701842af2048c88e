/**
 * The states the command handler keeps of the streams it decided on
 * (`CommandHandler.StateCacheCapacity`) change no decision. For random stretches of the demo
 * year — every kind of aggregate, in a history the rules accept — with earlier commands sent
 * again at random places (without their ids, so they are decided again, and mostly refused),
 * and each line entered through one of two handles on the store (two writers, each with states
 * of its own, which the other moves on), each command's outcome and the whole log are the same
 * with no state kept, with a table so small that it keeps losing them, and with the default.
 */
import { Clock, Effect, Layer } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as CommandHandler from "@fulian/core/CommandHandler"
import * as Policy from "@fulian/core/Policy"
import { EventStore, type EventStoreShape } from "@fulian/store/EventStore"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as Demo from "../src/Demo.ts"
import * as Exec from "../src/Exec.ts"

const year = Demo.lines()
const again = (line: string) => {
  const { commandId: _, ...command } = JSON.parse(line) as Record<string, unknown>
  return JSON.stringify(command)
}
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g
/** A value with the ids made as commands run (random) written alike. */
const withoutIds = (value: unknown) => JSON.parse(JSON.stringify(value).replace(uuid, "<id>")) as unknown

/**
 * Each line's outcome and the log, entering these lines with this capacity; each line through
 * one of two handles on the store (its own locks and states, as another process has).
 */
const enter = (lines: ReadonlyArray<string>, handles: ReadonlyArray<boolean>, capacity: number) => {
  const replay = Demo.replayClock(Date.parse(`${Demo.year}-01-01T00:00:00+08:00`))
  return Effect.gen(function*() {
    const policy = yield* Policy.Policy
    const store = yield* EventStore
    const other: EventStoreShape = { ...store }
    const results: Array<unknown> = []
    for (let i = 0; i < lines.length; i++) {
      const at = Demo.happenedAt(lines[i]!, policy)
      if (at !== undefined) replay.moveTo(at)
      const result = yield* Effect.provideService(Exec.runLine(lines[i]!, i + 1), EventStore, handles[i % handles.length]! ? other : store)
      results.push(result?.ok === true ? result.events : result?.error)
    }
    const log = yield* store.readAll({ after: 0, limit: 1_000_000 })
    return withoutIds({ results, log: log.map((e) => [e.position, e.stream, e.version, e.type, e.data, e.metadata.occurredAt]) })
  }).pipe(
    Effect.provideService(CommandHandler.StateCacheCapacity, capacity),
    Effect.provide(Layer.mergeAll(MemoryEventStore.layer, Policy.layer())),
    Effect.provideService(Clock.Clock, replay.clock),
    Effect.runPromise
  )
}

describe("the states the command handler keeps", () => {
  it("change no outcome and no event: random stretches of the demo year, with commands sent again", async () => {
    const stretch = fc.integer({ min: 100, max: 400 }).chain((length) =>
      fc.record({
        length: fc.constant(length),
        repeats: fc.array(fc.tuple(fc.nat(length - 1), fc.nat(length - 1)), { maxLength: 40 }),
        handles: fc.array(fc.boolean(), { minLength: 1, maxLength: 50 })
      }))
    await fc.assert(
      fc.asyncProperty(stretch, async ({ length, repeats, handles }) => {
        const lines: Array<string> = []
        for (let i = 0; i < length; i++) {
          lines.push(year[i]!)
          for (const [at, of] of repeats) if (at === i && of <= i) lines.push(again(year[of]!))
        }
        const none = await enter(lines, handles, 0)
        expect(await enter(lines, handles, 3)).toEqual(none)
        expect(await enter(lines, handles, 10_000)).toEqual(none)
      }),
      { numRuns: 12 }
    )
  })
})
