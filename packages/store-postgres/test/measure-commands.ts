/**
 * A rough measurement, not a test: command handling on the PostgreSQL store (read the stream,
 * decide, append one event with the expected version and a command id) beside a raw-driver
 * baseline doing the least equivalent work (SELECT the stream's rows, INSERT one row into a
 * table with a unique (stream, version) key), each with 8 concurrent workers on separate
 * connections. Rounds alternate between the two to even out a noisy machine.
 *
 *   npx tsx packages/store-postgres/test/measure-commands.ts [commandsPerRound] [rounds] [workers]
 *
 * VERBOSE=1 prints every round; RAW_POSITION=1 gives the baseline table a bigserial position
 * (the least a log read in order needs); KEEP=1 keeps the schema.
 *
 * Uses FULIAN_PG_URL or postgres://postgres@127.0.0.1:5432/test, in a schema of its own that
 * it drops at the end.
 */
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import { readFileSync } from "node:fs"
import { v7 as uuidv7 } from "uuid"
import { EventStore, type NewEvent } from "@fulian/store/EventStore"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"

const url = process.env.FULIAN_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const perRound = Number(process.argv[2] ?? 4000)
const rounds = Number(process.argv[3] ?? 3)
const workers = Number(process.argv[4] ?? 8)
const verbose = process.env.VERBOSE !== undefined
const rawPosition = process.env.RAW_POSITION !== undefined
const streams = 2000
const schema = `measure_${Date.now()}`
const payload = { text: "x".repeat(150), n: 1 }

const client = PgClient.layer({ url: Redacted.make(url), maxConnections: workers + 2, applicationName: "measure-raw" })
const runtime = ManagedRuntime.make(Layer.mergeAll(
  client,
  PostgresEventStore.layer({ url, schema, maxConnections: workers + 2 })
))

const newEvent = (commandId: string): NewEvent => ({
  eventId: uuidv7(),
  type: "Measured",
  schemaVersion: 1,
  data: payload,
  metadata: {
    actor: { person: "p-1", role: "chair", organization: "c-1" },
    occurredAt: new Date().toISOString(),
    commandId,
    causationId: commandId,
    correlationId: commandId
  }
})

/** CPU seconds used so far by this process and by the server processes serving `application`. */
const cpu = (application: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const pids = yield* sql.unsafe<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [application])
    let ticks = 0
    for (const { pid } of pids) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
        ticks += Number(fields[11]) + Number(fields[12])
      } catch {
        // A server on another machine: its processes cannot be seen.
      }
    }
    const own = process.cpuUsage()
    return { node: (own.user + own.system) / 1e6, server: ticks / 100 }
  })

/** Runs `count` commands over `workers` workers; worker w takes the streams ≡ w mod workers. */
const timed = (count: number, command: (stream: string) => Effect.Effect<unknown, unknown, any>, application: string) =>
  Effect.gen(function*() {
    const before = yield* cpu(application)
    const started = performance.now()
    yield* Effect.all(
      Array.from({ length: workers }, (_, w) =>
        Effect.gen(function*() {
          for (let i = w; i < count; i += workers) yield* command(`s-${(i % streams) - ((i % streams) % workers) + w}`)
        })),
      { concurrency: "unbounded", discard: true }
    )
    const rate = count / ((performance.now() - started) / 1000)
    const after = yield* cpu(application)
    return { rate, node: (after.node - before.node) * 1e6 / count, server: (after.server - before.server) * 1e6 / count }
  })

const storeCommand = (round: number) => (stream: string) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const events = yield* store.readStream(`${round}-${stream}`)
    const commandId = uuidv7()
    yield* store.append([{ stream: `${round}-${stream}`, expected: events.length, events: [newEvent(commandId)] }], { commandId })
  })

const rawCommand = (round: number) => (stream: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const rows = yield* sql.unsafe(`SELECT version, data FROM ${schema}.raw WHERE stream = $1 ORDER BY version`, [
      `${round}-${stream}`
    ]).values
    yield* sql.unsafe(`INSERT INTO ${schema}.raw (stream, version, data) VALUES ($1, $2, $3)`, [
      `${round}-${stream}`,
      rows.length + 1,
      JSON.stringify({ ...newEvent(uuidv7()), data: payload })
    ])
  })

const main = Effect.gen(function*() {
  const sql = yield* SqlClient
  yield* EventStore
  // RAW_POSITION=1 gives the baseline a bigserial position, as a log read in order needs.
  yield* sql.unsafe(`CREATE TABLE ${schema}.raw (${rawPosition ? "position bigserial PRIMARY KEY, " : ""}stream text NOT NULL,
    version integer NOT NULL, data text NOT NULL, UNIQUE (stream, version))`)
  // Warm both paths (prepared statements, pool).
  yield* timed(400, storeCommand(-1), "fulian")
  yield* timed(400, rawCommand(-1), "measure-raw")
  const store: Array<number> = []
  const raw: Array<number> = []
  const cpuOf = { store: [] as Array<{ node: number; server: number }>, raw: [] as Array<{ node: number; server: number }> }
  for (let round = 0; round < rounds; round++) {
    const r = yield* timed(perRound, rawCommand(round), "measure-raw")
    const s = yield* timed(perRound, storeCommand(round), "fulian")
    raw.push(r.rate)
    store.push(s.rate)
    cpuOf.raw.push(r)
    cpuOf.store.push(s)
    if (verbose) console.log(`round ${round + 1}: raw ${raw[round]!.toFixed(0)}/s, store ${store[round]!.toFixed(0)}/s, ratio ${(store[round]! / raw[round]!).toFixed(2)}`)
  }
  const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const ratios = store.map((s, i) => s / raw[i]!)
  console.log(`baseline table: unique (stream, version)${rawPosition ? " and a bigserial position" : " only"}`)
  console.log(`${workers} workers, ${rounds} rounds of ${perRound} commands: raw ${median(raw).toFixed(0)}/s, store ${median(store).toFixed(0)}/s (medians); ` +
    `median ratio of a round's pair ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`)
  const per = (xs: Array<{ node: number; server: number }>, k: "node" | "server") => median(xs.map((x) => x[k])).toFixed(0)
  console.log(`CPU per command (median µs): raw node ${per(cpuOf.raw, "node")} + server ${per(cpuOf.raw, "server")}; ` +
    `store node ${per(cpuOf.store, "node")} + server ${per(cpuOf.store, "server")}`)
  if (process.env.KEEP === undefined) yield* sql.unsafe(`DROP SCHEMA ${schema} CASCADE`)
})

await runtime.runPromise(main as Effect.Effect<void, unknown, SqlClient | EventStore>).finally(() => runtime.dispose())
