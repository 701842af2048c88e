/**
 * The conformance suite every event store adapter runs, unchanged:
 *
 *   import * as Conformance from "@fulian/testing/Conformance"
 *   Conformance.suite("SQLite", SqliteEventStore.layer({ filename }))
 *
 * It needs vitest and fast-check. Every test writes to streams of its own, so the suite can
 * run against a database that holds other data; it never assumes the log is empty.
 *
 * @since 0.1.0
 */
import { Clock, Duration, Effect, Fiber, Layer, ManagedRuntime, Stream } from "effect"
import * as fc from "fast-check"
import { v4 as uuidv4, v7 as uuidv7 } from "uuid"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  EventStore,
  follow,
  lastEventOf,
  lastPositionOf,
  logEvents,
  streamEvents,
  type EventStoreError,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type StreamWrite
} from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"

/** Options of the suite. */
export interface SuiteOptions {
  /** Runs of the concurrent-operations property (default 25). */
  readonly propertyRuns?: number
}

/** A new event with test data. */
export const newEvent = (data: unknown = { n: 1 }, type = "TestHappened", commandId: string = uuidv7()): NewEvent => ({
  eventId: uuidv7(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: { person: "p-1", role: "chair", organization: "c-1" },
    occurredAt: "2026-03-08T09:30:00.000Z",
    reason: "conformance",
    commandId,
    causationId: commandId,
    correlationId: commandId
  }
})

const uniqueStream = (name = "s") => `conformance-${name}-${uuidv4()}`

const reasonOf = (error: EventStoreError) => error.reason

/**
 * Reads the global log after a position, page by page, keeping only some streams, until it
 * has seen `expected` events of them. A committed event may become visible to `readAll` a
 * moment after its append returned (a PostgreSQL store shows it once every transaction that
 * started before it has ended), so a reader that has caught up waits and reads on from where
 * it stopped — as a follower does — for up to ten seconds.
 */
export const readAllOf = (streams: ReadonlySet<string>, after: number, pageSize: number, expected: number) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const seen: Array<RecordedEvent> = []
    let from = after
    for (let waited = 0; seen.length < expected;) {
      const page = yield* store.readAll({ after: from, limit: pageSize })
      if (page.length === 0) {
        if (waited >= 10_000) return seen
        yield* Effect.sleep(Duration.millis(10))
        waited += 10
        continue
      }
      expect(page.length).toBeLessThanOrEqual(pageSize)
      for (const e of page) {
        expect(e.position).toBeGreaterThan(from)
        from = e.position
        if (streams.has(e.stream)) seen.push(e)
      }
    }
    return seen
  })

/**
 * A clock that runs with the system's, shifted by an offset the suite sets: the store's own
 * clock, so that a test can tell the store's time apart from any caller's. It sleeps in real
 * time, so the store's timers keep working.
 */
const shiftedClock = () => {
  const live = Clock.Clock.defaultValue()
  let offset = 0
  const now = () => live.currentTimeMillisUnsafe() + offset
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: now,
    currentTimeMillis: Effect.sync(now),
    currentTimeNanosUnsafe: () => BigInt(now()) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: live.monotonicTimeNanos,
    sleep: (duration) => live.sleep(duration)
  }
  return { clock, shiftTo: (millis: number) => void (offset = millis - live.currentTimeMillisUnsafe()) }
}

/** A clock stopped at one moment, as a caller might provide to its own fiber. */
const stoppedClock = (millis: number): Clock.Clock => {
  const live = Clock.Clock.defaultValue()
  return {
    currentTimeMillisUnsafe: () => millis,
    currentTimeMillis: Effect.succeed(millis),
    currentTimeNanosUnsafe: () => BigInt(millis) * 1_000_000n,
    currentTimeNanos: Effect.succeed(BigInt(millis) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: live.monotonicTimeNanos,
    sleep: (duration) => live.sleep(duration)
  }
}

/**
 * Defines the conformance tests of an adapter under `describe(name)`. The layer is built once
 * for the suite, with a `Clock` of the suite's (the store's own clock, which stamps
 * `recordedAt`), and released after it.
 */
export const suite = <E>(name: string, layer: Layer.Layer<EventStore, E>, options: SuiteOptions = {}): void => {
  describe(`EventStore conformance: ${name}`, () => {
    let runtime: ManagedRuntime.ManagedRuntime<EventStore, E>
    const storeClock = shiftedClock()
    beforeAll(() => {
      runtime = ManagedRuntime.make(Layer.provide(layer, Layer.succeed(Clock.Clock, storeClock.clock)))
    })
    afterAll(() => runtime.dispose())
    const run = <A>(effect: Effect.Effect<A, unknown, EventStore>): Promise<A> => runtime.runPromise(effect as Effect.Effect<A, E, EventStore>)
    const store = () => runtime.runPromise(EventStore.useSync((s) => s))

    // First, while the store may still be empty.
    it("answers the position of the last event of the log without reading the log", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const { lastPosition } = s
        expect(lastPosition, "the store answers its last position").toBeDefined()
        if (lastPosition === undefined) return
        // What reading the log through finds, as a store without `lastPosition` is answered.
        const readThrough = () => lastPositionOf({ ...s, lastPosition: undefined })
        expect(yield* lastPosition()).toBe(yield* readThrough())
        if ((yield* s.readAll({ after: 0, limit: 1 })).length === 0) expect(yield* lastPosition()).toBe(0)
        const { events } = yield* s.append([{ stream: uniqueStream(), expected: "no-stream", events: [newEvent(), newEvent()] }])
        const target = events[1]!.position
        // A store may show an append in its log a little later (PostgreSQL: once older transactions end).
        let last = yield* lastPosition()
        for (let waited = 0; last < target && waited < 10_000; waited += 10) {
          yield* Effect.sleep(Duration.millis(10))
          last = yield* lastPosition()
        }
        expect(last).toBe(target)
        expect(yield* readThrough()).toBe(target)
        expect((yield* lastEventOf(s))?.eventId).toBe(events[1]!.eventId)
      })))

    it("appends to a new stream and reads the envelope back", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const stream = uniqueStream()
        const events = [newEvent({ name: "王芳", nested: { list: [1, 2.5, true, null, "三八"] } }), newEvent({ n: 2 }, "Other")]
        const result = yield* s.append([{ stream, expected: "no-stream", events }])
        expect(result.duplicate).toBe(false)
        expect(result.events.map((e) => e.version)).toEqual([1, 2])
        const read = yield* s.readStream(stream)
        expect(read).toEqual(result.events)
        expect(read[1]!.position).toBeGreaterThan(read[0]!.position)
        read.forEach((r, i) => {
          const sent = events[i]!
          expect(r.eventId).toBe(sent.eventId)
          expect(r.stream).toBe(stream)
          expect(r.type).toBe(sent.type)
          expect(r.schemaVersion).toBe(1)
          expect(r.data).toEqual(sent.data)
          expect(r.metadata).toMatchObject(sent.metadata)
          expect(Number.isNaN(Date.parse(r.metadata.recordedAt))).toBe(false)
        })
      })))

    it("links every event to the one before it in its stream by the hash of its stored form, the same hash on every read", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const a = uniqueStream("a")
        const b = uniqueStream("b")
        const commandId = uuidv7()
        const first = yield* s.append([{ stream: a, expected: "no-stream", events: [newEvent({ name: "李秀英", n: 1.5, list: ["x", { z: 1, a: 2 }] })] }])
        const both = yield* s.append([
          { stream: a, expected: 1, events: [newEvent({ n: 2 }), newEvent({ n: 3 }, "Other")] },
          { stream: b, expected: "no-stream", events: [newEvent({ n: 4 })] }
        ], { commandId })
        const streamA = yield* s.readStream(a)
        const streamB = yield* s.readStream(b)
        for (const e of [...streamA, ...streamB]) expect(e.hash).toMatch(/^[0-9a-f]{64}$/)
        // What each append answered is what every read gives, hash included.
        expect(streamA).toEqual([...first.events, ...both.events.filter((e) => e.stream === a)])
        expect(streamB).toEqual(both.events.filter((e) => e.stream === b))
        expect((yield* s.readCommand(commandId))!.events).toEqual(both.events)
        expect((yield* s.append([{ stream: b, expected: 0, events: [newEvent()] }], { commandId })).events).toEqual(both.events)
        const log = yield* readAllOf(new Set([a, b]), first.events[0]!.position - 1, 2, 4)
        expect(log).toEqual([...streamA, ...streamB].sort((x, y) => x.position - y.position))
        // Each hash is the documented one, over the stored form, linked to the stream's previous event.
        expect(streamA[0]!.hash).toBe(Integrity.eventHash(Integrity.genesis, { ...streamA[0]!, hash: undefined } as never))
        for (const stream of [streamA, streamB]) expect(Integrity.verifyLog(stream).broken).toBeUndefined()
        // Any change to what is stored breaks the link at that event.
        const altered = streamA.map((e, i) => (i === 1 ? { ...e, metadata: { ...e.metadata, actor: { ...e.metadata.actor, person: "p-2" } } } : e))
        expect(Integrity.verifyLog(altered).broken).toMatchObject({ stream: a, version: 2, reason: "hash" })
        // Data that JSON cannot hold is refused, naming the event, and nothing is written.
        const bad = newEvent({ n: Number.NaN })
        const refused = yield* Effect.flip(s.append([{ stream: a, expected: 3, events: [bad] }]))
        expect(refused.reason._tag).toBe("InvalidRequest")
        expect(refused.message).toContain(bad.eventId)
        expect((yield* s.readStream(a)).length).toBe(3)
      })))

    it("stamps recordedAt from the store's own clock, whatever the caller's clock or metadata say", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const stream = uniqueStream()
        const storeTime = Date.UTC(2031, 4, 17, 3, 0, 0)
        storeClock.shiftTo(storeTime)
        const forged = newEvent({ n: 1 })
        // A writer that sets recordedAt itself, and appends under a clock of its own.
        const sent = { ...forged, metadata: { ...forged.metadata, recordedAt: "1999-01-01T00:00:00.000Z" } }
        const result = yield* s.append([{ stream, expected: "no-stream", events: [sent] }]).pipe(
          Effect.provideService(Clock.Clock, stoppedClock(Date.UTC(1999, 0, 1)))
        )
        storeClock.shiftTo(Date.now())
        const read = yield* s.readStream(stream)
        const inLog = yield* readAllOf(new Set([stream]), read[0]!.position - 1, 10, 1)
        for (const r of [result.events[0]!, read[0]!, inLog[0]!]) {
          const stamped = Date.parse(r.metadata.recordedAt)
          expect(r.metadata.recordedAt.endsWith("Z")).toBe(true)
          // The store's clock ran on from storeTime while it appended: within a minute of it.
          expect(stamped).toBeGreaterThanOrEqual(storeTime)
          expect(stamped).toBeLessThan(storeTime + 60_000)
          expect(r.metadata.occurredAt).toBe(forged.metadata.occurredAt)
        }
      })))

    it("reads an unknown stream as empty", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        expect(yield* s.readStream(uniqueStream())).toEqual([])
      })))

    it("reads a stream from a version", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const stream = uniqueStream()
        yield* s.append([{ stream, expected: "no-stream", events: [newEvent(), newEvent(), newEvent()] }])
        expect((yield* s.readStream(stream, { fromVersion: 2 })).map((e) => e.version)).toEqual([2, 3])
        expect(yield* s.readStream(stream, { fromVersion: 4 })).toEqual([])
      })))

    it("reads a page of a stream: at most `limit` events from a version, and the whole stream page by page", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const stream = uniqueStream()
        const appended = yield* s.append([{ stream, expected: "no-stream", events: Array.from({ length: 7 }, () => newEvent()) }])
        expect((yield* s.readStream(stream, { fromVersion: 2, limit: 3 })).map((e) => e.version)).toEqual([2, 3, 4])
        expect((yield* s.readStream(stream, { fromVersion: 6, limit: 3 })).map((e) => e.version)).toEqual([6, 7])
        expect(yield* s.readStream(stream, { limit: 0 })).toEqual([])
        const whole = yield* s.readStream(stream)
        expect(whole.map((e) => e.eventId)).toEqual(appended.events.map((e) => e.eventId))
        // Paged, as a long history is read: the same events, each once, in order.
        expect(Array.from(yield* Stream.runCollect(streamEvents(s, stream, { pageSize: 3 })))).toEqual(whole)
        expect(Array.from(yield* Stream.runCollect(streamEvents(s, stream, { pageSize: 7 })))).toEqual(whole)
        const log = Array.from(yield* Stream.runCollect(logEvents(s, { after: whole[0]!.position - 1, pageSize: 2 })))
        expect(log.filter((e) => e.stream === stream)).toEqual(whole)
      })))

    it("keeps one snapshot per stream beside its events, replaced by a later one or one of another schema version", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const { readSnapshot, writeSnapshot } = s
        expect(readSnapshot, "the store reads snapshots").toBeDefined()
        expect(writeSnapshot, "the store writes snapshots").toBeDefined()
        if (readSnapshot === undefined || writeSnapshot === undefined) return
        const stream = uniqueStream()
        const other = uniqueStream("other")
        yield* s.append([{ stream, expected: "no-stream", events: [newEvent(), newEvent(), newEvent()] }])
        yield* s.append([{ stream: other, expected: "no-stream", events: [newEvent()] }])
        expect(yield* readSnapshot(stream)).toBeUndefined()
        const state = { name: "王芳", "@map": [["k", 1]], list: [1, 2.5, true, null, "三八"], nested: { deep: {} } }
        yield* writeSnapshot({ stream, version: 2, schemaVersion: 1, state })
        expect(yield* readSnapshot(stream)).toEqual({ stream, version: 2, schemaVersion: 1, state })
        expect(yield* readSnapshot(other)).toBeUndefined()
        // A later version replaces it; an earlier one of the same schema version does not.
        yield* writeSnapshot({ stream, version: 3, schemaVersion: 1, state: { n: 3 } })
        yield* writeSnapshot({ stream, version: 1, schemaVersion: 1, state: { n: 1 } })
        expect(yield* readSnapshot(stream)).toEqual({ stream, version: 3, schemaVersion: 1, state: { n: 3 } })
        // The same version again replaces it (a writer that folded the same events again).
        yield* writeSnapshot({ stream, version: 3, schemaVersion: 1, state: { n: 33 } })
        expect((yield* readSnapshot(stream))!.state).toEqual({ n: 33 })
        // Another schema version replaces it at any version: the reader of the new shape starts over.
        yield* writeSnapshot({ stream, version: 1, schemaVersion: 2, state: [] })
        expect(yield* readSnapshot(stream)).toEqual({ stream, version: 1, schemaVersion: 2, state: [] })
        // The events are untouched by any of it.
        expect((yield* s.readStream(stream)).map((e) => e.version)).toEqual([1, 2, 3])
      })))

    it("refuses a snapshot beyond its stream, at no version, of a fractional schema version or not JSON, keeping the one it had", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const { readSnapshot, writeSnapshot } = s
        if (readSnapshot === undefined || writeSnapshot === undefined) return expect.fail("the store has no snapshots")
        const stream = uniqueStream()
        const refused = (snapshot: Parameters<typeof writeSnapshot>[0]) =>
          Effect.map(Effect.flip(writeSnapshot(snapshot)), (e) => reasonOf(e)._tag)
        expect(yield* refused({ stream, version: 1, schemaVersion: 1, state: {} })).toBe("InvalidRequest")
        yield* s.append([{ stream, expected: "no-stream", events: [newEvent(), newEvent()] }])
        yield* writeSnapshot({ stream, version: 1, schemaVersion: 1, state: { kept: true } })
        expect(yield* refused({ stream, version: 3, schemaVersion: 1, state: {} })).toBe("InvalidRequest")
        expect(yield* refused({ stream, version: 0, schemaVersion: 1, state: {} })).toBe("InvalidRequest")
        expect(yield* refused({ stream, version: 1.5, schemaVersion: 1, state: {} })).toBe("InvalidRequest")
        expect(yield* refused({ stream, version: 2, schemaVersion: 1.5, state: {} })).toBe("InvalidRequest")
        expect(yield* refused({ stream, version: 2, schemaVersion: 1, state: { n: 1n } })).toBe("InvalidRequest")
        expect(yield* readSnapshot(stream)).toEqual({ stream, version: 1, schemaVersion: 1, state: { kept: true } })
      })))

    it("appends at the exact expected version and refuses any other, writing nothing", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const stream = uniqueStream()
        yield* s.append([{ stream, expected: 0, events: [newEvent()] }])
        yield* s.append([{ stream, expected: 1, events: [newEvent()] }])
        for (const expected of [1, 3, "no-stream"] as const) {
          const error = yield* Effect.flip(s.append([{ stream, expected, events: [newEvent()] }]))
          expect(error._tag).toBe("EventStoreError")
          expect(reasonOf(error)).toMatchObject({ _tag: "WrongExpectedVersion", stream, expected, actual: 2 })
          expect(error.message).toContain(stream)
        }
        expect((yield* s.readStream(stream)).length).toBe(2)
        yield* s.append([{ stream, expected: "any", events: [newEvent()] }])
        expect((yield* s.readStream(stream)).length).toBe(3)
      })))

    it("refuses an exact version on a stream that does not exist", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const stream = uniqueStream()
        const error = yield* Effect.flip(s.append([{ stream, expected: 2, events: [newEvent()] }]))
        expect(reasonOf(error)).toMatchObject({ _tag: "WrongExpectedVersion", expected: 2, actual: 0 })
        expect(yield* s.readStream(stream)).toEqual([])
      })))

    it("appends to several streams atomically: all or nothing", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const a = uniqueStream("a")
        const b = uniqueStream("b")
        yield* s.append([{ stream: b, expected: "no-stream", events: [newEvent()] }])
        const error = yield* Effect.flip(s.append([
          { stream: a, expected: "no-stream", events: [newEvent(), newEvent()] },
          { stream: b, expected: 5, events: [newEvent()] }
        ]))
        expect(reasonOf(error)).toMatchObject({ _tag: "WrongExpectedVersion", stream: b, actual: 1 })
        expect(yield* s.readStream(a)).toEqual([])
        expect((yield* s.readStream(b)).length).toBe(1)
        const ok = yield* s.append([
          { stream: a, expected: "no-stream", events: [newEvent(), newEvent()] },
          { stream: b, expected: 1, events: [newEvent()] }
        ])
        expect(ok.events.map((e) => [e.stream, e.version])).toEqual([[a, 1], [a, 2], [b, 2]])
        const positions = ok.events.map((e) => e.position)
        expect([...positions].sort((x, y) => x - y)).toEqual(positions)
      })))

    it("checks the version of a stream written with no events, and leaves it unchanged", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const read = uniqueStream("read")
        const write = uniqueStream("write")
        yield* s.append([{ stream: read, expected: "no-stream", events: [newEvent()] }])
        const error = yield* Effect.flip(s.append([
          { stream: read, expected: 0, events: [] },
          { stream: write, expected: "no-stream", events: [newEvent()] }
        ]))
        expect(reasonOf(error)).toMatchObject({ _tag: "WrongExpectedVersion", stream: read, actual: 1 })
        expect(yield* s.readStream(write)).toEqual([])
        yield* s.append([
          { stream: read, expected: 1, events: [] },
          { stream: write, expected: "no-stream", events: [newEvent()] }
        ])
        expect((yield* s.readStream(read)).length).toBe(1)
        expect((yield* s.readStream(write)).length).toBe(1)
      })))

    it("appends nothing for a command id it has seen with the same hash, and answers with the first append's events", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const stream = uniqueStream()
        const commandId = uuidv7()
        const commandHash = `hash-${uuidv4()}`
        expect(yield* s.readCommand(commandId)).toBeUndefined()
        const first = yield* s.append([{ stream, expected: "no-stream", events: [newEvent({}, "A", commandId)] }], { commandId, commandHash })
        // The repeat carries a stale expected version: the command id is answered first.
        const again = yield* s.append([{ stream, expected: "no-stream", events: [newEvent({}, "A", commandId)] }], { commandId, commandHash })
        expect(again.duplicate).toBe(true)
        expect(again.events).toEqual(first.events)
        expect((yield* s.readStream(stream)).length).toBe(1)
        expect(yield* s.readCommand(commandId)).toEqual({ events: first.events, commandHash })
        // Without a hash on either side, a repeat is the same command too.
        const bare = uuidv7()
        const once = yield* s.append([{ stream, expected: 1, events: [newEvent({}, "B", bare)] }], { commandId: bare })
        expect(yield* s.append([{ stream, expected: 1, events: [newEvent({}, "B", bare)] }], { commandId: bare })).toEqual({ events: once.events, duplicate: true })
        expect(yield* s.readCommand(bare)).toEqual({ events: once.events, commandHash: undefined })
      })))

    it("refuses a command id used by another command (another hash) with CommandIdReused, writing nothing", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const stream = uniqueStream()
        const other = uniqueStream("other")
        const hashed = uuidv7()
        const bare = uuidv7()
        const first = yield* s.append([{ stream, expected: "no-stream", events: [newEvent({}, "A", hashed)] }], { commandId: hashed, commandHash: "one" })
        yield* s.append([{ stream, expected: 1, events: [newEvent({}, "A", bare)] }], { commandId: bare })
        const reuses: ReadonlyArray<[string, string | undefined]> = [[hashed, "two"], [hashed, undefined], [bare, "one"]]
        for (const [commandId, commandHash] of reuses) {
          // Versions that would match: the command id is still checked first.
          const error = yield* Effect.flip(s.append([
            { stream, expected: 2, events: [newEvent({}, "B", commandId)] },
            { stream: other, expected: "no-stream", events: [newEvent({}, "B", commandId)] }
          ], { commandId, commandHash }))
          expect(error._tag).toBe("EventStoreError")
          expect(reasonOf(error)).toEqual(expect.objectContaining({ _tag: "CommandIdReused", commandId }))
          expect(error.message).toContain(commandId)
        }
        expect((yield* s.readStream(stream)).length).toBe(2)
        expect(yield* s.readStream(other)).toEqual([])
        expect(yield* s.readCommand(hashed)).toEqual({ events: first.events, commandHash: "one" })
      })))

    it("lets only one of concurrent appends with one command id write; the others get its events or CommandIdReused", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const commandId = uuidv7()
        const hashes = ["same", "same", "same", "other", "other", "other"]
        const streams = hashes.map((_, i) => uniqueStream(`race${i}`))
        const results = yield* Effect.all(
          streams.map((stream, i) =>
            Effect.result(s.append([{ stream, expected: "any", events: [newEvent()] }], { commandId, commandHash: hashes[i] }))),
          { concurrency: "unbounded" }
        )
        const written = results.flatMap((r, i) => (r._tag === "Success" && !r.success.duplicate ? [i] : []))
        expect(written.length).toBe(1)
        const winner = results[written[0]!]! as { success: { events: ReadonlyArray<RecordedEvent> } }
        results.forEach((r, i) => {
          if (i === written[0]) return
          if (hashes[i] === hashes[written[0]!]) {
            expect(r._tag).toBe("Success")
            expect((r as { success: unknown }).success).toEqual({ events: winner.success.events, duplicate: true })
          } else {
            expect(r._tag).toBe("Failure")
            expect(reasonOf((r as { failure: EventStoreError }).failure)._tag).toBe("CommandIdReused")
          }
        })
        const lengths = yield* Effect.forEach(streams, (stream) => Effect.map(s.readStream(stream), (e) => e.length))
        expect(lengths.reduce((a, b) => a + b, 0)).toBe(1)
      })))

    it("refuses malformed appends with InvalidRequest, writing nothing", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const stream = uniqueStream()
        const bad: ReadonlyArray<ReadonlyArray<StreamWrite>> = [
          [],
          [{ stream, expected: "any", events: [] }],
          [{ stream, expected: "any", events: [newEvent()] }, { stream, expected: "any", events: [newEvent()] }],
          [{ stream, expected: -1, events: [newEvent()] }],
          [{ stream: "", expected: "any", events: [newEvent()] }]
        ]
        for (const writes of bad) {
          const error = yield* Effect.flip(s.append(writes))
          expect(reasonOf(error)._tag).toBe("InvalidRequest")
        }
        expect(yield* s.readStream(stream)).toEqual([])
      })))

    it("reads the global log in pages, in order, each event once", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const streams = [uniqueStream("p"), uniqueStream("q"), uniqueStream("r")]
        const written: Array<RecordedEvent> = []
        for (let i = 0; i < 12; i++) {
          const r = yield* s.append([{ stream: streams[i % 3]!, expected: "any", events: [newEvent({ i }), newEvent({ i, second: true })] }])
          written.push(...r.events)
        }
        const seen = yield* readAllOf(new Set(streams), written[0]!.position - 1, 5, written.length)
        expect(seen).toEqual(written)
      })))

    it("follows the log: the events after a position, then each new one as it is committed", () =>
      run(Effect.gen(function*() {
        const s = yield* EventStore
        const stream = uniqueStream("follow")
        const first = (yield* s.append([{ stream, expected: "no-stream", events: [newEvent({ n: 1 })] }])).events[0]
        const seen = yield* follow({ after: first!.position - 1, pollInterval: Duration.millis(5), pageSize: 2 }).pipe(
          Stream.filter((e) => e.stream === stream),
          Stream.take(3),
          Stream.runCollect,
          Effect.forkChild
        )
        yield* s.append([{ stream, expected: 1, events: [newEvent({ n: 2 })] }])
        yield* Effect.sleep(Duration.millis(20))
        yield* s.append([{ stream, expected: 2, events: [newEvent({ n: 3 })] }])
        const events = yield* Fiber.join(seen)
        expect([...events].map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
      })))

    it("keeps the global order consistent with every stream's versions under concurrent appends", () =>
      fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              stream: fc.nat(3),
              expected: fc.oneof(fc.constant<ExpectedVersion>("any"), fc.constant<ExpectedVersion>("no-stream"), fc.nat(4)),
              count: fc.integer({ min: 1, max: 3 }),
              also: fc.option(fc.nat(3), { nil: undefined })
            }),
            { minLength: 1, maxLength: 16 }
          ),
          async (ops) => {
            const names = [0, 1, 2, 3].map((i) => uniqueStream(`c${i}`))
            const attempts = ops.map((op) => {
              const writes: Array<StreamWrite> = [{
                stream: names[op.stream]!,
                expected: op.expected,
                events: Array.from({ length: op.count }, () => newEvent())
              }]
              if (op.also !== undefined && op.also !== op.stream) writes.push({ stream: names[op.also]!, expected: "any", events: [newEvent()] })
              return writes
            })
            const s = await store()
            const results = await run(Effect.all(attempts.map((w) => Effect.result(s.append(w))), { concurrency: "unbounded" }))
            const positions = results.flatMap((r) => (r._tag === "Success" ? r.success.events.map((e) => e.position) : []))
            const log = positions.length === 0 ? [] : await run(readAllOf(new Set(names), Math.min(...positions) - 1, 50, positions.length))
            const ids = new Set(log.map((e) => e.eventId))
            // Each append wrote all its events or none.
            attempts.forEach((writes, i) => {
              const sent = writes.flatMap((w) => w.events.map((e) => e.eventId))
              const ok = results[i]!._tag === "Success"
              for (const id of sent) expect(ids.has(id)).toBe(ok)
              if (!ok) expect((results[i] as { failure: EventStoreError }).failure.reason._tag).toBe("WrongExpectedVersion")
            })
            // Replayed in global order, every successful append met its expected version.
            const model = new Map<string, number>()
            const firstOf = new Map(attempts.map((writes, i) => [writes[0]!.events[0]!.eventId, i]))
            for (const e of log) {
              const i = firstOf.get(e.eventId)
              if (i !== undefined) {
                for (const w of attempts[i]!) {
                  const actual = model.get(w.stream) ?? 0
                  if (w.expected !== "any") expect(w.expected === "no-stream" ? 0 : w.expected).toBe(actual)
                }
              }
              const v = (model.get(e.stream) ?? 0) + 1
              expect(e.version).toBe(v)
              model.set(e.stream, v)
            }
            for (const stream of names) {
              const read = await run(s.readStream(stream))
              expect(read.map((e) => e.version)).toEqual(read.map((_, k) => k + 1))
              // Each stream's chain of hash links holds, whoever wrote when.
              expect(Integrity.verifyLog(read).broken).toBeUndefined()
            }
          }
        ),
        { numRuns: options.propertyRuns ?? 25 }
      ))
  })
}
