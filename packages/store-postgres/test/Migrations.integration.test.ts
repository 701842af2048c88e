import { ConfigProvider, Effect, Layer, ManagedRuntime, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqlClient } from "effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import { v7 as uuidv7 } from "uuid"
import { expect, it } from "vitest"
import { newEvent } from "@fulian/testing/Conformance"
import * as Integrity from "@fulian/store/Integrity"
import { EventStore } from "@fulian/store/EventStore"
import * as Migrations from "@fulian/store-postgres/Migrations"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
import * as Server from "./support/Server.ts"

const schemas = {
  once: Server.freshSchema("migrate"),
  racing: Server.freshSchema("migrate"),
  newer: Server.freshSchema("migrate"),
  restored: Server.freshSchema("migrate"),
  configured: Server.freshSchema("migrate"),
  upgraded: Server.freshSchema("migrate")
}

/** Runs `Migrations.migrate` on a client of its own: a separate pool, so separate sessions. */
const migrateAlone = (schema: string) =>
  Effect.runPromise(
    Effect.scoped(Effect.flatMap(
      PgClient.make({ url: Redacted.make(Server.url), maxConnections: 1 }),
      (client) => Effect.provideService(Migrations.migrate(schema), SqlClient, client)
    )).pipe(Effect.provide(Reactivity.layer))
  )

const applied = (schema: string) =>
  Server.query<{ version: number; name: string }>(`SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`)

await Server.describeWithServer("PostgreSQL store: migrations", Object.values(schemas), () => {
  it("creates the schema on start, and migrating again changes nothing and keeps the data", async () => {
    const runtime = ManagedRuntime.make(PostgresEventStore.layer({ url: Server.url, schema: schemas.once }))
    try {
      const stream = "migrate-kept"
      await runtime.runPromise(EventStore.use((s) => s.append([{ stream, expected: "no-stream", events: [newEvent()] }])))
      const before = await applied(schemas.once)
      expect(before.map((m) => m.version)).toEqual(Migrations.migrations.map((m) => m.version))
      await runtime.runPromise(PostgresEventStore.PostgresEventStore.use((s) => s.migrate))
      await migrateAlone(schemas.once)
      expect(await applied(schemas.once)).toEqual(before)
      expect((await runtime.runPromise(EventStore.use((s) => s.readStream(stream)))).length).toBe(1)
    } finally {
      await runtime.dispose()
    }
  })

  it("migrates once when several sessions migrate a fresh schema at the same moment", async () => {
    await Promise.all(Array.from({ length: 4 }, () => migrateAlone(schemas.racing)))
    expect((await applied(schemas.racing)).map((m) => m.version)).toEqual(Migrations.migrations.map((m) => m.version))
    // And stores starting together on it all work.
    const layers = Array.from({ length: 3 }, () => PostgresEventStore.layer({ url: Server.url, schema: schemas.racing, maxConnections: 2 }))
    const runtimes = layers.map((layer) => ManagedRuntime.make(Layer.fresh(layer)))
    try {
      const results = await Promise.all(runtimes.map((r, i) =>
        r.runPromise(EventStore.use((s) => s.append([{ stream: `racing-${i}`, expected: "no-stream", events: [newEvent()] }])))))
      expect(results.map((r) => r.events[0]!.version)).toEqual([1, 1, 1])
    } finally {
      await Promise.all(runtimes.map((r) => r.dispose()))
    }
  })

  it("upgrades a schema of version 2, whose command ids have no hash, and answers them as ids of another command", async () => {
    const schema = schemas.upgraded
    const names = Migrations.namesOf(schema)
    await Server.query(`CREATE SCHEMA ${names.schema}`)
    await Server.query(`CREATE TABLE ${names.schema}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    for (const migration of Migrations.migrations.slice(0, 2)) {
      for (const statement of migration.statements(names)) await Server.query(statement)
      await Server.query(`INSERT INTO ${names.schema}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name])
    }
    // One command id recorded by the append function of version 2.
    const commandId = uuidv7()
    const event = newEvent({ n: 1 }, "Old", commandId)
    await Server.query(`SELECT ${names.schema}.append_one($1, NULL, $2, $3, 1, '{}', $4, $5)`, [
      "upgraded",
      event.eventId,
      event.type,
      JSON.stringify({ ...event.metadata, recordedAt: "2026-03-08T01:30:00.000Z" }),
      commandId
    ])
    const runtime = ManagedRuntime.make(PostgresEventStore.layer({ url: Server.url, schema }))
    try {
      const s = await runtime.runPromise(EventStore.useSync((store) => store))
      expect((await applied(schema)).map((m) => m.version)).toEqual(Migrations.migrations.map((m) => m.version))
      const first = await runtime.runPromise(s.readCommand(commandId))
      expect(first?.commandHash).toBeUndefined()
      expect(first?.events.map((e) => e.eventId)).toEqual([event.eventId])
      // The command handler always gives a hash: a retry across the upgrade is refused, not answered.
      const refused = await runtime.runPromise(Effect.flip(s.append([{ stream: "upgraded", expected: "any", events: [newEvent()] }], { commandId, commandHash: "h" })))
      expect(refused.reason).toEqual(expect.objectContaining({ _tag: "CommandIdReused", commandId }))
      const again = await runtime.runPromise(s.append([{ stream: "upgraded", expected: "any", events: [newEvent()] }], { commandId }))
      expect(again).toEqual({ events: first!.events, duplicate: true })
      expect((await runtime.runPromise(s.readStream("upgraded"))).length).toBe(1)
      // The event stored before the hash links got its link at the upgrade; the next one links to it.
      await runtime.runPromise(s.append([{ stream: "upgraded", expected: 1, events: [newEvent()] }]))
      const log = await runtime.runPromise(s.readAll({ after: 0, limit: 10 }))
      expect(log.length).toBe(2)
      expect(Integrity.verifyLog(log).broken).toBeUndefined()
    } finally {
      await runtime.dispose()
    }
  })

  it("refuses a schema migrated by newer code", async () => {
    await migrateAlone(schemas.newer)
    await Server.query(`INSERT INTO "${schemas.newer}".schema_migrations (version, name) VALUES (999, 'from the future')`)
    const error = await Effect.runPromise(Effect.flip(Layer.build(PostgresEventStore.layer({ url: Server.url, schema: schemas.newer })).pipe(Effect.scoped)))
    expect(error.reason._tag).toBe("StoreUnavailable")
    expect(error.message).toContain("999")
  })
  it("refuses to start on events from transaction ids this cluster has not reached, as after a restore elsewhere", async () => {
    await migrateAlone(schemas.restored)
    const [{ next }] = (await Server.query<{ next: bigint }>(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next`)) as [
      { next: bigint }
    ]
    const ahead = (next + 1_000_000n) * 1024n
    await Server.query(`INSERT INTO "${schemas.restored}".events (position, stream, version, event_id, type, schema_version, data, metadata)
      VALUES ($1, 'restored', 1, 'x', 'T', 1, '{}', '{}')`, [ahead])
    const error = await Effect.runPromise(Effect.flip(Layer.build(PostgresEventStore.layer({ url: Server.url, schema: schemas.restored })).pipe(Effect.scoped)))
    expect(error.reason._tag).toBe("StoreUnavailable")
    expect(error.message).toContain("pg_resetwal")
  })
  it("reads its connection string and schema from FULIAN_PG_URL and FULIAN_PG_SCHEMA with layerConfig", async () => {
    const configured = (env: Record<string, string>) =>
      PostgresEventStore.layerConfig().pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(env))))
    const runtime = ManagedRuntime.make(configured({ FULIAN_PG_URL: Server.url, FULIAN_PG_SCHEMA: schemas.configured }))
    try {
      const schema = await runtime.runPromise(PostgresEventStore.PostgresEventStore.use((s) => Effect.succeed(s.schema)))
      expect(schema).toBe(schemas.configured)
      expect((await applied(schemas.configured)).length).toBe(Migrations.migrations.length)
    } finally {
      await runtime.dispose()
    }
    const missing = await Effect.runPromise(Effect.flip(Effect.scoped(Layer.build(configured({})))))
    expect(missing._tag).toBe("ConfigError")
  })
})
