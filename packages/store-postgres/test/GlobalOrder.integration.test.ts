/**
 * The global order of the PostgreSQL store, step by step, with transactions held open by hand
 * (the guarantee suite checks the same under load). See docs/explanation/global-order.md.
 */
import { Effect, ManagedRuntime } from "effect"
import { v4 as uuidv4, v7 as uuidv7 } from "uuid"
import { afterAll, beforeAll, expect, it } from "vitest"
import { newEvent } from "@fulian/testing/Conformance"
import { canonicalJson } from "@fulian/store/CanonicalJson"
import { EventStore, type EventStoreError, type RecordedEvent } from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
import * as Position from "@fulian/store-postgres/Position"
import * as Server from "./support/Server.ts"

const schema = Server.freshSchema("order")

await Server.describeWithServer("PostgreSQL store: global order", [schema], () => {
  let runtime: ManagedRuntime.ManagedRuntime<EventStore, EventStoreError>
  beforeAll(() => {
    runtime = ManagedRuntime.make(PostgresEventStore.layer({ url: Server.url, schema, maxConnections: 4 }))
  })
  afterAll(() => runtime.dispose())
  const run = <A, E>(effect: Effect.Effect<A, E, EventStore>) => runtime.runPromise(effect)
  const store = () => run(EventStore.useSync((s) => s))
  const stream = (label: string) => `order-${label}-${uuidv4()}`

  /** Calls the append function by hand in a session, as another writer would. */
  const appendByHand = (session: Server.Session, s: string) => {
    const commandId = uuidv7()
    const metadata = canonicalJson({ ...newEvent({}, "ByHand", commandId).metadata, recordedAt: new Date().toISOString() })
    const eventId = uuidv7()
    return session.query<{ answer: ReadonlyArray<string> }>(
      `SELECT "${schema}".append(ARRAY[$1::text], ARRAY[NULL]::bigint[], ARRAY[true], ARRAY[1], ARRAY[1],
        ARRAY[$2::text], ARRAY['ByHand'], ARRAY[1], ARRAY['{}'], ARRAY[$3::text], ARRAY[$4::text], NULL, NULL) AS answer`,
      [s, eventId, metadata, Integrity.identityText({ eventId, schemaVersion: 1, stream: s, type: "ByHand" })]
    )
  }
  const lockKey = (s: string) => Server.query<{ key: bigint }>(`SELECT hashtextextended($1, 0) AS key`, [`${schema}.${s}`])
  const waitingFor = async (s: string) => {
    const [{ key }] = (await lockKey(s)) as [{ key: bigint }]
    for (let i = 0; i < 500; i++) {
      const rows = await Server.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND ((classid::bigint << 32) | objid::bigint) = $1`,
        [key]
      )
      if (rows.length > 0) return
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error(`no append came to wait for the lock of ${s}`)
  }
  const readAllOf = async (streams: ReadonlyArray<string>): Promise<Array<RecordedEvent>> => {
    const s = await store()
    const seen: Array<RecordedEvent> = []
    for (let after = 0;;) {
      const page = await run(s.readAll({ after, limit: 100 }))
      if (page.length === 0) return seen
      for (const e of page) if (streams.includes(e.stream)) seen.push(e)
      after = page[page.length - 1]!.position
    }
  }

  it("gives an append's events the positions of its transaction id and their place in it", async () => {
    const s = await store()
    const [a, b] = [stream("a"), stream("b")]
    const { events } = await run(s.append([
      { stream: a, expected: "no-stream", events: [newEvent(), newEvent()] },
      { stream: b, expected: "no-stream", events: [newEvent()] }
    ]))
    const rows = await Server.query<{ position: bigint; xmin: bigint }>(
      `SELECT position, xmin::text::bigint AS xmin FROM "${schema}".events WHERE stream IN ($1, $2) ORDER BY position`,
      [a, b]
    )
    expect(rows.map((r) => Number(r.position))).toEqual(events.map((e) => e.position))
    for (const [i, e] of events.entries()) {
      expect(Position.ordinalOf(e.position)).toBe(i)
      // xmin is the 32-bit transaction id; the position holds the 64-bit one.
      expect(Position.transactionOf(e.position) % 2 ** 32).toBe(Number(rows[i]!.xmin))
    }
  })

  it("holds back a committed event while a transaction with a lower id still runs, then shows both in order", async () => {
    const s = await store()
    const [a, b] = [stream("early"), stream("late")]
    const session = await Server.session()
    try {
      await session.query("BEGIN")
      await appendByHand(session, a)
      // Committed, but its transaction id is above the open one's.
      const late = await run(s.append([{ stream: b, expected: "no-stream", events: [newEvent()] }]))
      expect(await run(s.readStream(b))).toEqual(late.events)
      expect(await readAllOf([a, b])).toEqual([])
      await session.query("COMMIT")
      const seen = await readAllOf([a, b])
      expect(seen.map((e) => e.stream)).toEqual([a, b])
      // The early transaction's event sorts first: a reader that had shown the late one
      // while the early one was open would have passed its position, and skipped it.
      expect(seen[0]!.position).toBeLessThan(late.events[0]!.position)
    } finally {
      await session.close()
    }
  })

  // One event goes through the store's single-event function, two through the general one.
  it.each([1, 2])("takes an append's transaction id after it waited for another writer of its stream (%i events)", async (count) => {
    const s = await store()
    const shared = stream("shared")
    const session = await Server.session()
    try {
      await session.query("BEGIN")
      // Hold the stream's lock, with no transaction id yet, as an append does at its start.
      await session.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${schema}.${shared}`])
      const waiting = run(s.append([{ stream: shared, expected: "any", events: Array.from({ length: count }, () => newEvent()) }]))
      await waitingFor(shared)
      // The holder appends now, taking its id while the other append waits.
      await appendByHand(session, shared)
      await session.query("COMMIT")
      const second = await waiting
      expect(second.events[0]!.version).toBe(2)
      const read = await run(s.readStream(shared))
      const versions = read.map((e) => e.version)
      expect(versions).toEqual(Array.from({ length: count + 1 }, (_, i) => i + 1))
      expect(read.map((e) => e.position)).toEqual([...read.map((e) => e.position)].sort((a, b) => a - b))
      expect((await readAllOf([shared])).map((e) => e.version)).toEqual(versions)
    } finally {
      await session.close()
    }
  })

  it("keeps a stream that an append only checks from changing until that append commits", async () => {
    const s = await store()
    const [checked, written] = [stream("checked"), stream("written")]
    await run(s.append([{ stream: checked, expected: "no-stream", events: [newEvent()] }]))
    const session = await Server.session()
    try {
      await session.query("BEGIN")
      await appendByHand(session, checked)
      const decision = run(Effect.flip(s.append([
        { stream: checked, expected: 1, events: [] },
        { stream: written, expected: "no-stream", events: [newEvent()] }
      ])))
      await waitingFor(checked)
      await session.query("COMMIT")
      expect((await decision).reason).toMatchObject({ _tag: "WrongExpectedVersion", stream: checked, expected: 1, actual: 2 })
      expect(await run(s.readStream(written))).toEqual([])
    } finally {
      await session.close()
    }
  })
})
