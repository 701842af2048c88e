import { jsonEvent, KurrentDBClient, UnsupportedError } from "@kurrent/kurrentdb-client"
import { Effect, Layer, ManagedRuntime } from "effect"
import { v4 as uuidv4 } from "uuid"
import { afterAll, describe, expect, it } from "vitest"
import { EventStore, type EventStoreShape } from "@fulian/store/EventStore"
import * as Conformance from "@fulian/testing/Conformance"
import * as KurrentStandIn from "@fulian/testing/KurrentStandIn"
import { threeWaits } from "@fulian/testing/WakeUps"
import * as KurrentEventStore from "../src/KurrentEventStore.ts"

/** The store on a server whose connection string comes when it has started. */
const layerAt = (connectionString: Promise<string>) =>
  Layer.unwrap(Effect.map(Effect.promise(() => connectionString), (url) => KurrentEventStore.layer({ connectionString: url })))

// The protocol stand-in (a test double of the server: `@fulian/testing/KurrentStandIn`), which the
// client talks to over a socket: the whole conformance suite runs against it.
const standIn = KurrentStandIn.start()
afterAll(async () => (await standIn).stop())
Conformance.suite("KurrentDB (protocol stand-in)", layerAt(standIn.then((s) => s.connectionString)))

// Against a real KurrentDB (25.1 or later) when one is given.
const realServer = process.env["FULIAN_KURRENTDB_URL"]
if (realServer !== undefined && realServer !== "") {
  // The name shows the server without its credentials.
  Conformance.suite(`KurrentDB at ${realServer.replace(/\/\/[^@/]*@/, "//")}`, KurrentEventStore.layer({ connectionString: realServer }))
} else {
  console.log("KurrentDB conformance against a real server: not run, because FULIAN_KURRENTDB_URL is not set")
}

describe("KurrentEventStore mapping", () => {
  it("maps fulian versions to KurrentDB expected revisions and back", () => {
    expect(KurrentEventStore.expectedState(0)).toBe("no_stream")
    expect(KurrentEventStore.expectedState(1)).toBe(0n)
    expect(KurrentEventStore.expectedState(7)).toBe(6n)
    expect(KurrentEventStore.versionOfState("no_stream")).toBe(0)
    expect(KurrentEventStore.versionOfState(0n)).toBe(1)
    expect(KurrentEventStore.versionOfState(6n)).toBe(7)
  })

  it("keeps its own streams and KurrentDB's system streams out of the log", () => {
    expect(KurrentEventStore.skippedStream("$stats-127.0.0.1:2113")).toBe(true)
    expect(KurrentEventStore.skippedStream(KurrentEventStore.commandStream("c-1"))).toBe(true)
    expect(KurrentEventStore.skippedStream(KurrentEventStore.snapshotStream("household-1"))).toBe(true)
    expect(KurrentEventStore.skippedStream("household-1")).toBe(false)
  })

  it("reads an event not written by fulian, or whose data is not JSON, as CorruptEvent naming its stream and position", () => {
    const position = { commit: 640n, prepare: 640n }
    const foreign = KurrentEventStore.decode({ streamId: "orders-1", id: "e-1", revision: 0n, type: "OrderPlaced", data: {}, metadata: undefined, isJson: true, position })
    expect(foreign).toMatchObject({ reason: { _tag: "CorruptEvent", stream: "orders-1", position: 640 } })
    const metadata = KurrentEventStore.envelope(1, JSON.stringify({ commandId: "c" }))
    const binary = KurrentEventStore.decode({ streamId: "s", id: "e-2", revision: 0n, type: "T", data: new Uint8Array([1]), metadata, isJson: false, position })
    expect(binary).toMatchObject({ reason: { _tag: "CorruptEvent", stream: "s" } })
    // JSON data that does not parse comes from the client as its raw text: unmarked text is corrupt, marked text is a JSON string.
    const malformed = KurrentEventStore.decode({ streamId: "s", id: "e-4", revision: 0n, type: "T", data: "{\"n\": ", metadata, isJson: true, position })
    expect(malformed).toMatchObject({ reason: { _tag: "CorruptEvent", stream: "s" } })
    expect((malformed as Error).message).toContain("not valid JSON")
    const text = KurrentEventStore.decode({ streamId: "s", id: "e-5", revision: 0n, type: "T", data: "{\"n\": ", metadata: KurrentEventStore.envelope(1, "{}", true), isJson: true, position })
    expect(text).toMatchObject({ data: "{\"n\": " })
    const ok = KurrentEventStore.decode({ streamId: "s", id: "e-3", revision: 4n, type: "T", data: { n: 1 }, metadata, isJson: true, position })
    expect(ok).toMatchObject({ eventId: "e-3", stream: "s", version: 5, position: 640, schemaVersion: 1, data: { n: 1 } })
  })

  it("classifies the client's errors into EventStoreError reasons by their type", () => {
    const reason = (error: unknown) => KurrentEventStore.classify("test", error).reason._tag
    expect(reason({ type: "unsupported", feature: "multiStreamAppend", minimumVersion: "25.1" })).toBe("InvalidRequest")
    expect(KurrentEventStore.classify("test", { type: "unsupported", feature: "multiStreamAppend", minimumVersion: "25.1" }).message).toContain("25.1")
    expect(reason({ type: "stream-deleted", streamName: "s" })).toBe("InvalidRequest")
    expect(reason({ type: "unavailable" })).toBe("StoreUnavailable")
    expect(reason({ type: "deadline-exceeded" })).toBe("StoreUnavailable")
    expect(reason(new Error("socket hang up"))).toBe("StoreUnavailable")
    // The client's own refusal on a server without multi-stream append.
    const refused = KurrentEventStore.classify("appending", new UnsupportedError("multiStreamAppend", "25.1"))
    expect(refused.reason._tag).toBe("InvalidRequest")
    expect(refused.message).toContain("multiStreamAppend, which needs KurrentDB 25.1 or later")
    expect(KurrentEventStore.isConflict({ type: "wrong-expected-version" })).toBe(true)
    expect(KurrentEventStore.isConflict({ type: "unavailable" })).toBe(false)
  })
})

describe("KurrentEventStore through the client", () => {
  const run = <A, E>(connectionString: Promise<string>, f: (store: EventStoreShape) => Effect.Effect<A, E>) =>
    Effect.runPromise(Effect.gen(function*() {
      return yield* f(yield* EventStore)
    }).pipe(Effect.provide(layerAt(connectionString))))

  it("reads an event another writer put in a stream, without fulian's envelope, as CorruptEvent in the stream and in the log", async () => {
    const url = (await standIn).connectionString
    const stream = `foreign-${uuidv4()}`
    const client = KurrentDBClient.connectionString(url)
    const written = await client.appendToStream(stream, jsonEvent({ type: "OrderPlaced", data: { order: 1 } }))
    await client.dispose()
    const [inStream, inLog] = await run(Promise.resolve(url), (s) =>
      Effect.all([
        Effect.flip(s.readStream(stream)),
        Effect.flip(s.readAll({ after: Number(written.position!.prepare) - 1, limit: 10 }))
      ]))
    for (const error of [inStream, inLog]) {
      expect(error.reason).toMatchObject({ _tag: "CorruptEvent", stream })
      expect(error.message).toContain("not written by fulian")
    }
  })

  it("refuses KurrentDB's system streams and its own streams as fulian streams", async () => {
    const refused = await run(standIn.then((s) => s.connectionString), (s) =>
      Effect.forEach(["$stats", KurrentEventStore.commandStream("c")], (stream) =>
        Effect.flip(s.append([{ stream, expected: "any", events: [Conformance.newEvent()] }]))))
    for (const error of refused) expect(error.reason._tag).toBe("InvalidRequest")
  })

  it("resumes the log in a new store from a position inside a multi-event append, seeing the rest of that append once", async () => {
    const url = (await standIn).connectionString
    const [a, b] = [`resume-${uuidv4()}`, `resume-${uuidv4()}`]
    // One stream (a plain append) and two streams with a command id (a multi-stream append).
    const written = await run(Promise.resolve(url), (s) =>
      Effect.gen(function*() {
        const one = yield* s.append([{ stream: a, expected: "no-stream", events: Array.from({ length: 4 }, () => Conformance.newEvent()) }])
        const two = yield* s.append(
          [a, b].map((stream) => ({ stream, expected: stream === a ? 4 : "no-stream", events: Array.from({ length: 3 }, () => Conformance.newEvent()) })),
          { commandId: uuidv4() }
        )
        return [...one.events, ...two.events]
      }))
    // Each resume in a store of its own, as a follower started afresh from a stored position.
    for (const [k, from] of written.entries()) {
      const rest = await run(Promise.resolve(url), (s) => s.readAll({ after: from.position, limit: 100 }))
      const ours = rest.filter((e) => e.stream === a || e.stream === b).map((e) => e.eventId)
      expect(ours, `resumed after event ${k}`).toEqual(written.slice(k + 1).map((e) => e.eventId))
    }
  })

  it("keeps only the last snapshot of a stream: its snapshot stream has $maxCount 1", async () => {
    const url = (await standIn).connectionString
    const stream = `snapshotted-${uuidv4()}`
    await run(Promise.resolve(url), (s) =>
      Effect.gen(function*() {
        yield* s.append([{ stream, expected: "no-stream", events: [Conformance.newEvent(), Conformance.newEvent()] }])
        yield* s.writeSnapshot!({ stream, version: 1, schemaVersion: 1, state: { n: 1 } })
        yield* s.writeSnapshot!({ stream, version: 2, schemaVersion: 1, state: { n: 2 } })
      }))
    const client = KurrentDBClient.connectionString(url)
    const { metadata } = await client.getStreamMetadata(KurrentEventStore.snapshotStream(stream))
    await client.dispose()
    expect(metadata).toMatchObject({ maxCount: 1 })
  })

  it("wakes a follower when another client appends, once its subscription is confirmed, and not when nothing happens", async () => {
    const url = (await standIn).connectionString
    const follower = ManagedRuntime.make(KurrentEventStore.layer({ connectionString: url }))
    const writer = ManagedRuntime.make(KurrentEventStore.layer({ connectionString: url }))
    try {
      const result = await follower.runPromise(threeWaits(
        Effect.promise(() => writer.runPromise(EventStore.use((s) => s.append([{ stream: `pushed-${uuidv4()}`, expected: "any", events: [Conformance.newEvent()] }]))))
      ))
      expect(result).toEqual({ listening: true, idle: false, appended: true })
    } finally {
      await Promise.all([follower.dispose(), writer.dispose()])
    }
  })

  it("fails with StoreUnavailable when no server answers", async () => {
    const error = await run(Promise.resolve("kurrentdb://127.0.0.1:1?tls=false"), (s) => Effect.flip(s.readStream("s")))
    expect(error.reason._tag).toBe("StoreUnavailable")
  }, 30_000)
})
