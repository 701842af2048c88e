/**
 * The KurrentDB protocol stand-in, driven by the real `@kurrent/kurrentdb-client` over a real
 * socket: each behaviour the KurrentDB adapter relies on, as KurrentDB documents it.
 */
import {
  BACKWARDS,
  END,
  eventTypeFilter,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  START,
  streamNameFilter,
  StreamNotFoundError,
  WrongExpectedVersionError
} from "@kurrent/kurrentdb-client"
import type { Position, ResolvedEvent } from "@kurrent/kurrentdb-client"
import { randomUUID } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as KurrentStandIn from "../src/KurrentStandIn.ts"

let standIn: KurrentStandIn.StandIn
let client: KurrentDBClient

beforeAll(async () => {
  standIn = await KurrentStandIn.start()
  client = KurrentDBClient.connectionString(standIn.connectionString)
})

afterAll(async () => {
  await client.dispose()
  await standIn.stop()
})

/** A stream name no other test uses (the tests share one server). */
const fresh = (category: string) => `${category}-${randomUUID()}`

const event = (type: string, data: Record<string, unknown>, id: string = randomUUID()) =>
  jsonEvent({ id, type, data })

const collect = async (events: AsyncIterable<ResolvedEvent>) => {
  const out: Array<ResolvedEvent> = []
  for await (const e of events) out.push(e)
  return out
}

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error("expected a failure")
    },
    (error: unknown) => error
  )

describe("KurrentStandIn", () => {
  it("appends to a stream and reads it back, forwards and backwards from a revision, with a count", async () => {
    const stream = fresh("household")
    const first = await client.appendToStream(stream, [event("Registered", { n: 0 }), event("Moved", { n: 1 })], {
      streamState: "no_stream"
    })
    expect(first.success).toBe(true)
    expect(first.nextExpectedRevision).toBe(1n)
    const second = await client.appendToStream(stream, event("Moved", { n: 2 }), { streamState: 1n })
    expect(second.nextExpectedRevision).toBe(2n)
    expect(second.position!.commit).toBeGreaterThan(first.position!.commit)

    const all = await collect(client.readStream(stream))
    expect(all.map((e) => [e.event!.revision, e.event!.type, e.event!.data, e.event!.streamId])).toEqual([
      [0n, "Registered", { n: 0 }, stream],
      [1n, "Moved", { n: 1 }, stream],
      [2n, "Moved", { n: 2 }, stream]
    ])
    expect(all[2]!.event!.position).toEqual(second.position)

    const page = await collect(client.readStream(stream, { fromRevision: 1n, maxCount: 1 }))
    expect(page.map((e) => e.event!.revision)).toEqual([1n])
    const back = await collect(client.readStream(stream, { fromRevision: END, direction: BACKWARDS, maxCount: 2 }))
    expect(back.map((e) => e.event!.revision)).toEqual([2n, 1n])
  })

  it("answers a wrong expected revision with the client's WrongExpectedVersionError and the actual revision", async () => {
    const stream = fresh("representative")
    await client.appendToStream(stream, [event("A", {}), event("B", {})], { streamState: "no_stream" })

    const stale = await failure(client.appendToStream(stream, event("C", {}), { streamState: 0n }))
    expect(stale).toBeInstanceOf(WrongExpectedVersionError)
    expect(stale).toMatchObject({ streamName: stream, expectedState: 0n, actualState: 1n })

    const exists = await failure(client.appendToStream(stream, event("C", {}), { streamState: "no_stream" }))
    expect(exists).toMatchObject({ expectedState: "no_stream", actualState: 1n })

    const missing = await failure(client.appendToStream(fresh("none"), event("C", {}), { streamState: "stream_exists" }))
    expect(missing).toBeInstanceOf(WrongExpectedVersionError)
    expect(missing).toMatchObject({ expectedState: "stream_exists", actualState: "no_stream" })

    expect((await collect(client.readStream(stream))).map((e) => e.event!.type)).toEqual(["A", "B"])
    const next = await client.appendToStream(stream, event("C", {}), { streamState: "stream_exists" })
    expect(next.nextExpectedRevision).toBe(2n)
  })

  it("writes a retried append of the same event ids once, and answers it as the earlier success", async () => {
    const stream = fresh("visit")
    const batch = [event("A", { n: 1 }), event("B", { n: 2 })]
    const first = await client.appendToStream(stream, batch, { streamState: "no_stream" })
    const retry = await client.appendToStream(stream, batch, { streamState: "no_stream" })
    expect(retry).toEqual(first)

    const more = [event("C", { n: 3 })]
    const exact = await client.appendToStream(stream, more, { streamState: 1n })
    expect(await client.appendToStream(stream, more, { streamState: 1n })).toEqual(exact)
    expect(await client.appendToStream(stream, more, { streamState: "any" })).toEqual(exact)

    expect((await collect(client.readStream(stream))).map((e) => e.event!.type)).toEqual(["A", "B", "C"])

    // The same ids only in part is not a retry: it is a conflict.
    const partial = await failure(client.appendToStream(stream, [batch[0]!, event("X", {})], { streamState: "no_stream" }))
    expect(partial).toMatchObject({ actualState: 2n })
  })

  it("reads $all forwards from a position, including the event at it, with a count", async () => {
    const stream = fresh("ledger")
    const ids = [0, 1, 2, 3].map(() => randomUUID())
    const written = await client.appendToStream(stream, ids.map((id, n) => event("Counted", { n }, id)), {
      streamState: "no_stream"
    })
    const whole = await collect(client.readAll({ fromPosition: START, direction: FORWARDS }))
    const ours = whole.filter((e) => e.event!.streamId === stream)
    expect(ours.map((e) => e.event!.id)).toEqual(ids)
    expect(ours.at(-1)!.event!.position).toEqual(written.position)
    // Ordered by (commit, prepare); each prepare position once; one append, one commit position.
    const positions = whole.map((e) => e.event!.position!)
    const order = (a: Position, b: Position) => (a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare < b.prepare ? -1 : 1)
    expect(positions).toEqual([...positions].sort(order))
    expect(new Set(positions.map((p) => p.prepare)).size).toBe(positions.length)
    expect(new Set(ours.map((e) => e.event!.position!.commit))).toEqual(new Set([ours[0]!.event!.position!.prepare]))

    const from: Position = ours[1]!.event!.position!
    const page = await collect(client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: 2 }))
    expect(page.map((e) => e.event!.id)).toEqual(ids.slice(1, 3))
    const past = await collect(client.readAll({ fromPosition: { commit: from.commit, prepare: from.prepare + 1n } }))
    expect(past[0]!.event!.id).toBe(ids[2])
    // From (p, p) with p a later event's prepare position: after the whole append, whose commit is below p.
    const after = await collect(client.readAll({ fromPosition: { commit: from.prepare, prepare: from.prepare } }))
    expect(after.map((e) => e.event!.id).filter((id) => (ids as ReadonlyArray<string>).includes(id))).toEqual([])
    // Backwards from just after an event: that event first.
    const back = await collect(client.readAll({ fromPosition: { commit: from.commit, prepare: from.prepare + 1n }, direction: BACKWARDS, maxCount: 1 }))
    expect(back.map((e) => e.event!.id)).toEqual([ids[1]])
  })

  it("reads $all backwards from a position, and filtered by stream-name prefix or event-type regex", async () => {
    const prefix = fresh("filtered")
    await client.appendToStream(`${prefix}-a`, [event("Kept", {}), event("Other", {})], { streamState: "no_stream" })
    await client.appendToStream(`${prefix}-b`, event("Kept", {}), { streamState: "no_stream" })
    const byStream = await collect(client.readAll({ filter: streamNameFilter({ prefixes: [prefix] }) }))
    expect(byStream.map((e) => [e.event!.streamId, e.event!.type])).toEqual([
      [`${prefix}-a`, "Kept"],
      [`${prefix}-a`, "Other"],
      [`${prefix}-b`, "Kept"]
    ])
    const byType = await collect(client.readAll({ filter: eventTypeFilter({ regex: "^Oth" }) }))
    expect(byType.filter((e) => e.event!.streamId.startsWith(prefix)).map((e) => e.event!.type)).toEqual(["Other"])
    const before = await collect(client.readAll({ fromPosition: byStream[2]!.event!.position!, direction: BACKWARDS, maxCount: 2 }))
    expect(before.map((e) => e.event!.type)).toEqual(["Other", "Kept"])
  })

  it("follows $all from after a position, whether or not an event sits at it", async () => {
    const stream = fresh("after")
    const written = await client.appendToStream(stream, [event("A", {}), event("B", {})], { streamState: "no_stream" })
    const firstOf = async (fromPosition: Position) => {
      const subscription = client.subscribeToAll({ fromPosition })
      for await (const e of subscription) {
        await subscription.unsubscribe()
        return e.event!.type
      }
    }
    const [a] = await collect(client.readStream(stream, { maxCount: 1 }))
    const at = a!.event!.position!
    expect(await firstOf(at)).toBe("B")
    expect(await firstOf({ commit: at.commit - 1n, prepare: at.prepare - 1n })).toBe("A")
    expect(written.nextExpectedRevision).toBe(1n)
  }, 10_000)

  it("follows a stream from after a revision with a catch-up subscription", async () => {
    const stream = fresh("followed")
    await client.appendToStream(stream, [event("A", {}), event("B", {})], { streamState: "no_stream" })
    const subscription = client.subscribeToStream(stream, { fromRevision: 0n })
    const seen: Array<string> = []
    const done = (async () => {
      for await (const e of subscription) {
        seen.push(e.event!.type)
        if (seen.length === 2) break
      }
    })()
    await client.appendToStream(fresh("elsewhere"), event("X", {}), { streamState: "no_stream" })
    await client.appendToStream(stream, event("C", {}), { streamState: 1n })
    await done
    await subscription.unsubscribe()
    expect(seen).toEqual(["B", "C"])
  }, 10_000)

  it("appends to several streams at once, all or nothing, naming the stream that conflicts", async () => {
    const household = fresh("household")
    const representative = fresh("representative")
    await client.appendToStream(representative, event("Appointed", {}), { streamState: "no_stream" })

    const conflict = await failure(client.multiStreamAppend([
      { streamName: household, expectedState: "no_stream", events: [event("Assigned", {})] },
      { streamName: representative, expectedState: "no_stream", events: [event("Assigned", {})] }
    ]))
    expect(conflict).toBeInstanceOf(WrongExpectedVersionError)
    expect(conflict).toMatchObject({ streamName: representative, expectedState: "no_stream", actualState: 0n })
    expect(await failure(collect(client.readStream(household)))).toBeInstanceOf(StreamNotFoundError)
    expect(await collect(client.readStream(representative))).toHaveLength(1)

    const done = await client.multiStreamAppend([
      { streamName: household, expectedState: "no_stream", events: [event("Assigned", {})] },
      { streamName: representative, expectedState: 0n, events: [event("Assigned", {}), event("Noted", {})] }
    ])
    expect(done.responses).toEqual([
      { streamName: household, revision: 0n },
      { streamName: representative, revision: 2n }
    ])
    const last = await collect(client.readStream(representative, { fromRevision: END, direction: BACKWARDS, maxCount: 1 }))
    expect(done.position).toBe(last[0]!.event!.position!.commit)
  })

  it("sees, in one multi-stream append, a stream's earlier request when the same stream comes twice", async () => {
    const stream = fresh("twice")
    const done = await client.multiStreamAppend([
      { streamName: stream, expectedState: "no_stream", events: [event("A", {})] },
      { streamName: stream, expectedState: 0n, events: [event("B", {})] }
    ])
    expect(done.responses.map((r) => r.revision)).toEqual([0n, 1n])
    expect((await collect(client.readStream(stream))).map((e) => e.event!.type)).toEqual(["A", "B"])
  })

  it("answers a read of a stream that does not exist with StreamNotFoundError", async () => {
    const stream = fresh("never")
    const error = await failure(collect(client.readStream(stream)))
    expect(error).toBeInstanceOf(StreamNotFoundError)
    expect(error).toMatchObject({ streamName: stream })
  })

  it("follows $all with a catch-up subscription: the whole history in order, then live events", async () => {
    const stream = fresh("follow")
    await client.appendToStream(stream, event("Before", {}), { streamState: "no_stream" })
    const subscription = client.subscribeToAll({ fromPosition: START })
    const seen: Array<string> = []
    const done = (async () => {
      for await (const e of subscription) {
        seen.push(e.event!.id)
        if (e.event!.streamId === stream && e.event!.type === "After") break
      }
    })()
    await new Promise((resolve) => setTimeout(resolve, 100))
    await client.appendToStream(stream, event("After", {}), { streamState: 0n })
    await done
    await subscription.unsubscribe()
    const all = await collect(client.readAll({ fromPosition: START }))
    expect(seen).toEqual(all.map((e) => e.event!.id))
  }, 10_000)
})
