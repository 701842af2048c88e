import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqlClient } from "effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import { v7 as uuidv7 } from "uuid"
import { afterAll, beforeAll, expect, it } from "vitest"
import { newEvent } from "@fulian/testing/Conformance"
import { EventStore, type EventStoreError } from "@fulian/store/EventStore"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
import * as Position from "@fulian/store-postgres/Position"
import * as Server from "./support/Server.ts"

const schema = Server.freshSchema("errors")

const buildError = (options: PostgresEventStore.Options) =>
  Effect.runPromise(Effect.flip(Effect.scoped(Layer.build(PostgresEventStore.layer(options)))))

await Server.describeWithServer("PostgreSQL store: errors", [schema], () => {
  let runtime: ManagedRuntime.ManagedRuntime<EventStore, EventStoreError>
  beforeAll(() => {
    runtime = ManagedRuntime.make(PostgresEventStore.layer({ url: Server.url, schema, maxConnections: 4 }))
  })
  afterAll(() => runtime.dispose())
  const run = <A, E>(effect: Effect.Effect<A, E, EventStore>) => runtime.runPromise(effect)
  const fail = <A>(effect: Effect.Effect<A, EventStoreError, EventStore>) => run(Effect.flip(effect))

  it("answers StoreUnavailable naming the cause: a refused connection, a bad URL, an unknown database, an unknown role", async () => {
    const refused = await buildError({ url: "postgres://postgres@127.0.0.1:1/test", schema, connectTimeoutMillis: 2_000 })
    expect(refused.reason._tag).toBe("StoreUnavailable")
    expect(refused.message).toMatch(/cannot connect: the server refused the connection \(127\.0\.0\.1:1\)/)
    for (const url of ["not a url", "mysql://127.0.0.1/test"]) {
      expect((await buildError({ url, schema })).reason._tag).toBe("StoreUnavailable")
    }
    const database = new URL(Server.url)
    database.pathname = "/no_such_database_for_fulian"
    const noDatabase = await buildError({ url: database.href, schema })
    expect(noDatabase.reason._tag).toBe("StoreUnavailable")
    expect(noDatabase.message).toContain(`cannot connect: database "no_such_database_for_fulian" does not exist`)
    const role = new URL(Server.url)
    role.username = "no_such_role_for_fulian"
    expect((await buildError({ url: role.href, schema })).message).toContain(`cannot connect: role "no_such_role_for_fulian" does not exist`)
  })

  it("answers CorruptEvent naming the stream and position for data or metadata that is not JSON", async () => {
    const s = await run(EventStore.useSync((s) => s))
    for (const column of ["data", "metadata"]) {
      const stream = `errors-corrupt-${column}-${uuidv7()}`
      const commandId = uuidv7()
      const { events } = await run(s.append([{ stream, expected: "no-stream", events: [newEvent(), newEvent()] }], { commandId }))
      const bad = events[1]!
      await Server.query(`UPDATE "${schema}".events SET ${column} = '{"cut off' WHERE position = $1`, [bad.position])
      for (const error of [
        await fail(s.readStream(stream)),
        await fail(s.readAll({ after: events[0]!.position, limit: 10 })),
        await fail(s.readCommand(commandId))
      ]) {
        expect(error.reason).toMatchObject({ _tag: "CorruptEvent", stream, position: bad.position })
        expect(error.message).toContain(stream)
        expect(error.message).toContain(String(bad.position))
      }
      // The event before it still reads.
      expect((await run(s.readAll({ after: events[0]!.position - 1, limit: 1 })))[0]!.eventId).toBe(events[0]!.eventId)
    }
  })

  it("answers InvalidRequest for an append too big for a position, or holding what PostgreSQL refuses", async () => {
    const s = await run(EventStore.useSync((s) => s))
    const stream = `errors-invalid-${uuidv7()}`
    const tooMany = Array.from({ length: Position.maxEventsPerAppend + 1 }, () => newEvent())
    expect((await fail(s.append([{ stream, expected: "any", events: tooMany }]))).reason._tag).toBe("InvalidRequest")
    const full = await run(s.append([{ stream, expected: "any", events: tooMany.slice(1) }]))
    expect(full.events.length).toBe(Position.maxEventsPerAppend)
    expect(Position.ordinalOf(full.events.at(-1)!.position)).toBe(Position.maxEventsPerAppend - 1)
    expect((await fail(s.append([{ stream: "nul\u0000stream", expected: "any", events: [newEvent()] }]))).reason._tag)
      .toBe("InvalidRequest")
    expect((await fail(s.append([{ stream, expected: "any", events: [{ ...newEvent(), data: undefined }] }]))).reason._tag)
      .toBe("InvalidRequest")
  })

  it("refuses to append inside a transaction that already wrote, where its position could come too early", async () => {
    const error = await Effect.runPromise(Effect.flip(Effect.scoped(Effect.gen(function*() {
      const client = yield* PgClient.make({ url: Redacted.make(Server.url), maxConnections: 1 })
      const store = yield* Effect.provideService(PostgresEventStore.make({ schema }), SqlClient, client)
      return yield* client.withTransaction(Effect.gen(function*() {
        yield* client.unsafe(`INSERT INTO "${schema}".events (position, stream, version, event_id, type, schema_version, data, metadata)
          VALUES (1, 'errors-in-transaction', 1, 'x', 'T', 1, '{}', '{}')`)
        return yield* store.append([{ stream: "errors-appended-in-transaction", expected: "any", events: [newEvent()] }])
      }))
    })).pipe(Effect.provide(Reactivity.layer))))
    expect((error as EventStoreError).reason._tag).toBe("InvalidRequest")
  })

  it("ends concurrent appends of one command id with one append and the same answer for the rest", async () => {
    const s = await run(EventStore.useSync((s) => s))
    const commandId = uuidv7()
    const results = await run(Effect.all(
      Array.from({ length: 6 }, (_, i) =>
        s.append([{ stream: `errors-racing-${commandId}-${i}`, expected: "no-stream", events: [newEvent({ i }, "Raced", commandId)] }], { commandId })),
      { concurrency: "unbounded" }
    ))
    expect(results.filter((r) => !r.duplicate).length).toBe(1)
    const first = results.find((r) => !r.duplicate)!
    for (const r of results) expect(r.events).toEqual(first.events)
    expect(await run(s.readCommand(commandId))).toEqual({ events: first.events, commandHash: undefined })
  })
})
