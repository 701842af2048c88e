import { Effect, Layer, ManagedRuntime } from "effect"
import { expect, it } from "vitest"
import { newEvent } from "@fulian/testing/Conformance"
import { threeWaits, wokenWithin } from "@fulian/testing/WakeUps"
import { EventStore } from "@fulian/store/EventStore"
import { LogChanges } from "@fulian/store/LogChanges"
import * as Migrations from "@fulian/store-postgres/Migrations"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
import * as Server from "./support/Server.ts"

const schema = Server.freshSchema("changes")

/** A store of its own (a pool of its own) on the shared schema. */
const storeOn = () => ManagedRuntime.make(Layer.fresh(PostgresEventStore.layer({ url: Server.url, schema, maxConnections: 2 })))

await Server.describeWithServer("PostgreSQL store: wake-ups (LogChanges)", [schema], () => {
  it("names a channel within PostgreSQL's 63 bytes for any schema, and distinct ones for distinct schemas", () => {
    expect(Migrations.channelOf("fulian")).toBe("fulian_events_fulian")
    const long = "a".repeat(63)
    expect(Buffer.byteLength(Migrations.channelOf(long))).toBeLessThanOrEqual(63)
    expect(Migrations.channelOf(long)).not.toBe(Migrations.channelOf(`${"a".repeat(62)}b`))
    expect(Buffer.byteLength(Migrations.channelOf("Ünïcode \"schema\" 'x'"))).toBeLessThanOrEqual(63)
    expect(Migrations.channelOf("Ünïcode \"schema\" 'x'")).toMatch(/^fulian_events_[0-9a-f]{32}$/)
  })

  it("wakes a waiter when another store (another pool) on the schema commits an append, and not before", async () => {
    const follower = storeOn()
    const writer = storeOn()
    try {
      // The first waiter starts the listener, and is woken once it listens (a hint: read again).
      const result = await follower.runPromise(threeWaits(
        Effect.promise(() => writer.runPromise(EventStore.use((s) => s.append([{ stream: "pushed", expected: "any", events: [newEvent()] }]))))
      ))
      expect(result).toEqual({ listening: true, idle: false, appended: true })
    } finally {
      await Promise.all([follower.dispose(), writer.dispose()])
    }
  })

  it("holds a lease while it listens, so that appends announce themselves, and gives it back when it closes", async () => {
    const names = Migrations.namesOf(schema)
    const leases = async () => (await Server.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${names.schema}.listeners`))[0]!.n
    const follower = storeOn()
    try {
      await follower.runPromise(LogChanges.use((changes) => wokenWithin(changes, 2_000)))
      expect(await leases()).toBe("1")
    } finally {
      await follower.dispose()
    }
    expect(await leases()).toBe("0")
  })

  it("announces only committed appends: a rolled-back insert wakes no one", async () => {
    const follower = storeOn()
    const session = await Server.session()
    try {
      await follower.runPromise(LogChanges.use((changes) => wokenWithin(changes, 2_000)))
      const names = Migrations.namesOf(schema)
      const woken = await follower.runPromise(LogChanges.use((changes) =>
        wokenWithin(changes, 500, Effect.promise(async () => {
          await session.query("BEGIN")
          await session.query(`INSERT INTO ${names.schema}.events (position, stream, version, event_id, type, schema_version, data, metadata)
            VALUES (1, 'rolled-back', 1, 'e', 'T', 1, '{}', '{}')`)
          await session.query("ROLLBACK")
        }))))
      expect(woken).toBe(false)
    } finally {
      await session.close()
      await follower.dispose()
    }
  })
})
