/**
 * The states the command handler keeps of the streams it decided on (`StateCacheCapacity`): a
 * command on such a stream is decided on the state kept, unread, and the append checks its
 * version; when another writer moved the stream, or the rules refuse on a state not read, the
 * command is decided again on the events read after it. Only aggregates folded without personal
 * data are kept; 0 keeps none; and the table keeps its most recently used entries.
 */
import { Effect, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore, type EventStoreError, type EventStoreShape, storeUnavailable } from "@fulian/store/EventStore"
import { CommandFields } from "../src/Command.ts"
import * as CommandHandler from "../src/CommandHandler.ts"
import { type Aggregate, emit } from "../src/Decider.ts"
import * as EventCodec from "../src/EventCodec.ts"
import * as DecidedStates from "../src/internal/DecidedStates.ts"
import * as PersonalData from "../src/PersonalData.ts"
import { actor, run } from "./support/Spec.ts"

// A counter whose events say which count they make, and a roll of names (a personal field).
const Counted = Schema.TaggedStruct("Counted", { n: Schema.Number })
const Named = Schema.TaggedStruct("Named", { name: PersonalData.personal(Schema.String, () => "someone") })
const counter: Aggregate<number, typeof Counted.Type> = { category: "counter", events: Counted, initial: 0, evolve: (n) => n + 1 }
const roll: Aggregate<ReadonlyArray<string>, typeof Named.Type> = {
  category: "roll",
  events: Named,
  initial: [],
  evolve: (names, e) => [...names, e.name]
}
const Count = Schema.TaggedStruct("Count", { ...CommandFields, id: Schema.String })
const CountFromEven = Schema.TaggedStruct("CountFromEven", { ...CommandFields, id: Schema.String })
const Name = Schema.TaggedStruct("Name", { ...CommandFields, id: Schema.String, name: Schema.String })
type Command = typeof Count.Type | typeof CountFromEven.Type | typeof Name.Type
type Event = typeof Counted.Type | typeof Named.Type
const domain: CommandHandler.Domain<Command, Event, EventStoreError> = {
  codec: EventCodec.make(Schema.Union([Counted, Named])),
  times: { Count: "day", CountFromEven: "day", Name: "day" },
  authorize: () => undefined,
  handlers: {
    Count: (command, ctx) => Effect.map(ctx.load(counter, command.id), (n) => [emit(counter, command.id, [Counted.make({ n: n + 1 })])]),
    // Refused on an odd count.
    CountFromEven: (command, ctx) =>
      Effect.flatMap(ctx.load(counter, command.id), (n) =>
        n % 2 === 1 ? Effect.fail(storeUnavailable(`odd: ${n}`)) : Effect.succeed([emit(counter, command.id, [Counted.make({ n: n + 1 })])])),
    Name: (command, ctx) => Effect.map(ctx.load(roll, command.id), () => [emit(roll, command.id, [Named.make({ name: command.name })])])
  }
}
const count = (id: string): Command => ({ _tag: "Count", actor: actor("chair", "c1"), id })
const countFromEven = (id: string): Command => ({ _tag: "CountFromEven", actor: actor("chair", "c1"), id })
const name = (id: string, n: string): Command => ({ _tag: "Name", actor: actor("chair", "c1"), id, name: n })

/** A store that writes down every read and append it is asked for. */
const recording = (store: EventStoreShape, calls: Array<string>): EventStoreShape => ({
  ...store,
  readStream: (stream, options) => {
    calls.push(`read ${stream} from ${options?.fromVersion ?? 1}`)
    return store.readStream(stream, options)
  },
  append: (writes, options) =>
    Effect.tap(Effect.tapError(store.append(writes, options), () => Effect.sync(() => calls.push("conflict"))), () => Effect.sync(() => calls.push("append")))
})

/** The store in context, recording (`recording`). */
const recorded = <A, E, R>(calls: Array<string>, effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(EventStore, (store) => Effect.provideService(effect, EventStore, recording(store, calls)))

describe("the states the command handler keeps", () => {
  it("are decided on: a command on a stream decided on before reads nothing, and appends at the version kept", async () => {
    const calls: Array<string> = []
    const counts = await run(recorded(calls, Effect.gen(function*() {
      const outcomes = []
      for (let i = 0; i < 3; i++) outcomes.push(yield* CommandHandler.execute(domain, count("a")))
      return outcomes.map((o) => (o.events[0]!.event as typeof Counted.Type).n)
    })))
    expect(counts).toEqual([1, 2, 3])
    expect(calls).toEqual(["read counter-a from 1", "append", "append", "append"])
  })

  /**
   * A count here, one through another handle on the same store (its own locks and states, like
   * another process), then `last` here again: the counts made, and what this handle asked the store.
   */
  const afterAnotherWriter = async (last: Command) => {
    const calls: Array<string> = []
    const counts = await run(Effect.gen(function*() {
      const store = yield* EventStore
      const mine = recording(store, calls)
      const other: EventStoreShape = { ...store }
      const outcomes = []
      for (const [handle, command] of [[mine, count("a")], [other, count("a")], [mine, last]] as const) {
        outcomes.push(yield* Effect.provideService(CommandHandler.execute(domain, command), EventStore, handle))
      }
      return outcomes.map((o) => (o.events[0]!.event as typeof Counted.Type).n)
    }))
    return { counts, calls }
  }

  it("are read on from where they were when another writer moved the stream: the append at the version kept is refused, and the command decided again", async () => {
    expect(await afterAnotherWriter(count("a"))).toEqual({
      counts: [1, 2, 3],
      calls: ["read counter-a from 1", "append", "conflict", "read counter-a from 2", "append"]
    })
  })

  it("are not refused on: a refusal on a state kept, unread, is decided again on the stream as read", async () => {
    // Kept here: 1, odd. Stored: 2.
    expect(await afterAnotherWriter(countFromEven("a"))).toEqual({
      counts: [1, 2, 3],
      calls: ["read counter-a from 1", "append", "read counter-a from 2", "append"]
    })
  })

  it("are not kept of an aggregate whose events hold personal data and that takes no snapshots: its stream is read whole every time", async () => {
    const calls: Array<string> = []
    await run(recorded(calls, Effect.gen(function*() {
      yield* CommandHandler.execute(domain, name("r", "Li Na"))
      yield* CommandHandler.execute(domain, name("r", "Wang Fang"))
    })))
    expect(calls).toEqual(["read roll-r from 1", "append", "read roll-r from 1", "append"])
    expect(DecidedStates.cacheable(roll)).toBe(false)
    expect(DecidedStates.cacheable(counter)).toBe(true)
    expect(DecidedStates.cacheable({ ...roll, snapshots: { schemaVersion: 1, every: 10 } })).toBe(true)
  })

  it("are not kept at all with a capacity of 0", async () => {
    const calls: Array<string> = []
    await run(recorded(calls, Effect.gen(function*() {
      yield* CommandHandler.execute(domain, count("a"))
      yield* CommandHandler.execute(domain, count("a"))
    })).pipe(Effect.provideService(CommandHandler.StateCacheCapacity, 0)))
    expect(calls).toEqual(["read counter-a from 1", "append", "read counter-a from 1", "append"])
  })

  it("are as many as the capacity, the least recently used going first", async () => {
    const calls: Array<string> = []
    await run(recorded(calls, Effect.gen(function*() {
      for (const id of ["a", "b", "a", "c", "a", "b"]) yield* CommandHandler.execute(domain, count(id))
    })).pipe(Effect.provideService(CommandHandler.StateCacheCapacity, 2)))
    expect(calls.filter((c) => c.startsWith("read"))).toEqual([
      "read counter-a from 1",
      "read counter-b from 1",
      "read counter-c from 1",
      // b went when c came: a had been used since, and is kept still.
      "read counter-b from 1"
    ])
  })

  it("keep the later of two states of a stream, whichever is kept last", () => {
    const table = DecidedStates.of({})
    DecidedStates.put(table, "counter-a", { aggregate: counter, state: 5, version: 5, snapshot: 0 }, 10)
    DecidedStates.put(table, "counter-a", { aggregate: counter, state: 3, version: 3, snapshot: 0 }, 10)
    expect(DecidedStates.get(table, "counter-a", counter)?.version).toBe(5)
    // Another aggregate on the same stream has states of its own.
    expect(DecidedStates.get(table, "counter-a", roll)).toBeUndefined()
  })
})
