/**
 * `npm run bench`: one workload on every store, each beside a raw-driver baseline doing the
 * minimal equivalent in the same run, printed as rates and ratios.
 *
 * Workload (scale 1): 2,000 streams × 10 events of about 200 bytes.
 * - commands, 1 and 8 workers, 10 on each stream: read the stream, decide, append with the
 *   expected version (fulian's CommandHandler; baseline: SELECT the stream's rows, INSERT one
 *   row under a unique (stream, version) key); and again with a caller's command id on each
 *   command, which the store records for deduplication (the baseline still does not);
 * - append 10 events per call (baseline: INSERT 10 rows in one transaction);
 * - read every stream (baseline: SELECT each stream's rows);
 * - read the whole log in order, in pages of 1,000 (baseline: the same paged SELECT scan).
 * Before them, each side gives 1,000 commands on streams of its own, not measured, so that the
 * JIT's first compilations are not counted as what a command costs.
 *
 * fulian runs as a user's program runs it: its packages built (`dist`, built first by `npm run
 * bench`), not its sources through tsx, which compiles only the bench's own files. (tsx keeps
 * functions' names by wrapping every closure made, `__name`: 2.5% of a command's time in a CPU
 * profile of the sources, on fulian's side only.)
 *
 * SQLite runs twice: with durable commits (the default, `synchronous = FULL`), and with
 * `durability: "normal"` (`synchronous = NORMAL`), each beside a raw driver with the same pragma.
 *
 * And, with personal data encrypted (issue "Personal data that can be erased"): fulian with
 * `EncryptingEventStore` beside fulian without it, on the same store kind, in the same run —
 * appending events with personal fields (a household's head and address, a reason), reading
 * every stream, and reading the whole log.
 *
 * And, with `links` in `--stores` (not run by default: its "before" is a fixed revision, so as
 * the code moves on it measures more than the links): the cost of the hash links
 * (`bench/links.ts`) — append throughput on the memory, SQLite and PostgreSQL stores with the
 * links (this checkout) beside before them (the real code of `--links-base`, default 0b7c25a,
 * run from a temporary git worktree), alternating in the same run; and reading a SQLite log
 * with every link verified beside reading it alone.
 *
 * And, with `decisions` in `--stores` (not run by default: it seeds 110,000 events per store):
 * decisions that do not re-read a growing stream (`bench/decisions.ts`) — a command on a stream
 * of 100,000 events beside one on an empty stream, and `exec` in a community with 10,000
 * activities beside an empty one, on SQLite and PostgreSQL.
 *
 * And, with `ledgers` in `--stores` (not run by default: it seeds 1,000,000 events per store):
 * rebuilding every ledger over that log beside a counting projection, with each one's peak
 * memory (`bench/ledgers.ts`), on SQLite and PostgreSQL; with `--ledgers-base <rev>`, also
 * beside the counting projection of that revision (`7fb7d4f`: as far as can be told, the one
 * issue 12 measured). In `--ledgers-rounds` rounds (default 3), each running every rebuild once:
 * medians of the rates, and of the ratios within each round.
 *
 * And, with `scale` in `--stores` (not run by default): commands on fresh records in stores of
 * 10,000, 100,000 and 1,000,000 events (`bench/scale.ts`), on SQLite and PostgreSQL.
 *
 * Usage: tsx bench/run.ts [--scale 0.25] [--stores memory,sqlite,postgres,privacy,links,decisions,ledgers,scale] [--links-base <rev>] [--ledgers-base <rev>] [--ledgers-rounds 3]
 * PostgreSQL is reached at FULIAN_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { Effect, Layer, ManagedRuntime, Redacted, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as PgClient from "@effect/sql-pg/PgClient"
import Database from "better-sqlite3"
import { v7 as uuidv7 } from "uuid"
import { CommandFields } from "@fulian/core/Command"
import * as CommandHandler from "@fulian/core/CommandHandler"
import { type Aggregate, emit } from "@fulian/core/Decider"
import * as EventCodec from "@fulian/core/EventCodec"
import * as Policy from "@fulian/core/Policy"
import { EventStore, type EventStoreShape, type NewEvent } from "@fulian/store/EventStore"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as EncryptingEventStore from "@fulian/privacy/EncryptingEventStore"
import * as MemoryKeyStore from "@fulian/store/MemoryKeyStore"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import * as SqliteKeyStore from "@fulian/store-sqlite/SqliteKeyStore"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
import { runDecisions } from "./decisions.ts"
import { runLedgers } from "./ledgers.ts"
import { runScale } from "./scale.ts"
import { defaultBase, runLinks } from "./links.ts"

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    stores: { type: "string", default: "memory,sqlite,postgres,privacy" },
    "links-base": { type: "string", default: defaultBase },
    "ledgers-base": { type: "string" },
    "ledgers-rounds": { type: "string", default: "3" }
  }
})
const scale = Number(values.scale)
const STREAMS = Math.max(8, Math.round(2000 * scale))
const PER_STREAM = 10
const PAGE = 1000
const TEXT = "青波社区妇联 monthly study meeting minutes: ".padEnd(180, "·")
const pgUrl = process.env["FULIAN_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

// A minimal domain for the benchmark: one event per command, after reading the stream.
const Noted = Schema.TaggedStruct("Noted", { n: Schema.Number, text: Schema.String })
const Note = Schema.TaggedStruct("Note", { ...CommandFields, id: Schema.String })
const counter: Aggregate<number, typeof Noted.Type> = { category: "bench", events: Noted, initial: 0, evolve: (n) => n + 1 }
const domain: CommandHandler.Domain<typeof Note.Type, typeof Noted.Type, never> = {
  codec: EventCodec.make(Noted),
  times: { Note: "day" },
  authorize: () => undefined,
  handlers: {
    Note: (command, ctx) =>
      Effect.map(ctx.load(counter, command.id), (n) => [emit(counter, command.id, [Noted.make({ n: n + 1, text: TEXT })])])
  }
}
const actor = { person: "bench", role: "chair", organization: "c1" } as const
const newEvent = (i: number): NewEvent => {
  const id = uuidv7()
  return {
    eventId: id,
    type: "Noted",
    schemaVersion: 1,
    data: { n: i, text: TEXT },
    metadata: { actor, occurredAt: "2026-01-01T00:00:00.000Z", commandId: id, causationId: id, correlationId: id }
  }
}

interface Rates {
  commands1: number
  commands8: number
  commands8Id: number
  append10: number
  readStreams: number
  readAll: number
}

/** The raw side: the minimal equivalent with the driver alone. */
interface Raw {
  readonly select: (stream: string) => Promise<ReadonlyArray<unknown>>
  readonly insert: (stream: string, version: number, data: string) => Promise<void>
  readonly insertMany: (stream: string, rows: ReadonlyArray<string>) => Promise<void>
  readonly scan: (after: number, limit: number) => Promise<ReadonlyArray<{ id: number }>>
  readonly close: () => Promise<void>
}

/** One side of the comparison: the same five workloads, each over a slice of the indices. */
interface Side {
  /** A command; with `withId`, it carries a command id of the caller's (recorded for deduplication). */
  readonly command: (prefix: string, i: number, withId?: boolean) => Promise<unknown>
  readonly append10: (i: number) => Promise<unknown>
  readonly readStream: (i: number) => Promise<unknown>
  /** Reads the whole log in pages; returns the number of events read. */
  readonly readAll: () => Promise<number>
  readonly close: () => Promise<void>
}

const ROUNDS = 4

/**
 * Runs a workload on both sides in alternating rounds (raw, fulian, raw, fulian, …), each round
 * a slice of the work, so that a change in the machine's load falls on both alike; returns the
 * two rates.
 */
const compare = async (
  n: number,
  workers: number,
  raw: (i: number) => Promise<unknown>,
  ours: (i: number) => Promise<unknown>
): Promise<[number, number]> => {
  const seconds = [0, 0]
  const slice = Math.ceil(n / ROUNDS)
  for (let r = 0; r < ROUNDS; r++) {
    const from = r * slice
    const count = Math.min(slice, n - from)
    for (const [k, work] of [raw, ours].entries()) {
      let next = from
      const start = performance.now()
      await Promise.all(Array.from({ length: workers }, async () => {
        for (let i = next++; i < from + count; i = next++) await work(i)
      }))
      seconds[k]! += (performance.now() - start) / 1000
    }
  }
  return [n / seconds[0]!, n / seconds[1]!]
}

/** Reads the whole log in pages through a store; the number of events read. */
const scanAll = (s: EventStoreShape) =>
  Effect.gen(function*() {
    let after = 0
    let count = 0
    for (;;) {
      const page = yield* s.readAll({ after, limit: PAGE })
      if (page.length === 0) return count
      count += page.length
      after = page[page.length - 1]!.position
    }
  })

/** The fulian side: the workload through the library on a store layer. */
const oursOn = (layer: Layer.Layer<EventStore, unknown>): Side => {
  const runtime = ManagedRuntime.make(Layer.mergeAll(layer, Policy.layer()))
  const run = <A>(e: Effect.Effect<A, unknown, EventStore | Policy.Policy>) => runtime.runPromise(e)
  return {
    command: (prefix, i, withId) =>
      run(CommandHandler.execute(domain, { _tag: "Note", actor, id: `${prefix}-${i % STREAMS}`, ...(withId ? { commandId: uuidv7() } : {}) })),
    append10: (i) =>
      run(EventStore.use((s) => s.append([{ stream: `a-${i}`, expected: "no-stream", events: Array.from({ length: 10 }, (_, k) => newEvent(k)) }]))),
    readStream: (i) => run(EventStore.use((s) => s.readStream(`bench-c8-${i}`))),
    readAll: () => run(EventStore.use(scanAll)),
    close: () => runtime.dispose()
  }
}

/** The raw side, as a `Side`. */
const rawSide = (raw: Raw): Side => {
  const payload = (i: number) => JSON.stringify({ data: { n: i, text: TEXT }, metadata: newEvent(i).metadata })
  return {
    command: async (prefix, i) => {
      const stream = `${prefix}-${i % STREAMS}`
      const rows = await raw.select(stream)
      await raw.insert(stream, rows.length + 1, payload(i))
    },
    append10: (i) => raw.insertMany(`a-${i}`, Array.from({ length: 10 }, (_, k) => payload(k))),
    readStream: (i) => raw.select(`c8-${i}`),
    readAll: async () => {
      let count = 0
      for (let after = 0;;) {
        const page = await raw.scan(after, PAGE)
        if (page.length === 0) return count
        count += page.length
        after = page[page.length - 1]!.id
      }
    },
    close: () => raw.close()
  }
}

/** Both sides through the five workloads; returns [fulian, raw] rates. */
const measure = async (raw: Side, ours: Side): Promise<[Rates, Rates]> => {
  const n = STREAMS * PER_STREAM
  // Each side first gives commands on streams of its own, not measured: what is measured is what
  // a command costs, not the JIT compiling, once per process, the code it runs the first time.
  for (let i = 0; i < 1000; i++) {
    await raw.command("warm", i)
    await ours.command("warm", i, i % 2 === 0)
  }
  const [raw1, ours1] = await compare(n, 1, (i) => raw.command("c1", i), (i) => ours.command("c1", i))
  const [raw8, ours8] = await compare(n, 8, (i) => raw.command("c8", i), (i) => ours.command("c8", i))
  const [raw8Id, ours8Id] = await compare(n / 4, 8, (i) => raw.command("id", i), (i) => ours.command("id", i, true))
  const [rawA, oursA] = await compare(STREAMS, 1, raw.append10, ours.append10)
  const [rawR, oursR] = await compare(STREAMS, 1, raw.readStream, ours.readStream)
  const scans = [0, 0]
  const counts = [0, 0]
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, side] of [raw, ours].entries()) {
      const start = performance.now()
      counts[k]! += await side.readAll()
      scans[k]! += (performance.now() - start) / 1000
    }
  }
  await raw.close()
  await ours.close()
  const rates = (c1: number, c8: number, c8Id: number, a: number, r: number, all: number): Rates => ({
    commands1: c1,
    commands8: c8,
    commands8Id: c8Id,
    append10: a,
    readStreams: r * PER_STREAM,
    readAll: all
  })
  return [
    rates(ours1, ours8, ours8Id, oursA, oursR, counts[1]! / scans[1]!),
    rates(raw1, raw8, raw8Id, rawA, rawR, counts[0]! / scans[0]!)
  ]
}

const rawMemory = (): Raw => {
  const streams = new Map<string, Array<string>>()
  const log: Array<{ id: number; data: string }> = []
  return {
    select: async (stream) => streams.get(stream) ?? [],
    insert: async (stream, version, data) => {
      const rows = streams.get(stream) ?? []
      if (rows.length + 1 !== version) throw new Error("conflict")
      rows.push(data)
      streams.set(stream, rows)
      log.push({ id: log.length + 1, data })
    },
    insertMany: async (stream, rows) => {
      streams.set(stream, [...(streams.get(stream) ?? []), ...rows])
      for (const data of rows) log.push({ id: log.length + 1, data })
    },
    scan: async (after, limit) => log.slice(after, after + limit),
    close: async () => {}
  }
}

/** The raw SQLite side, with the same journal and `synchronous` pragma as the store it is beside. */
const rawSqlite = (file: string, synchronous: "FULL" | "NORMAL" = "FULL"): Raw => {
  const db = new Database(file)
  db.pragma("journal_mode = WAL")
  db.pragma(`synchronous = ${synchronous}`)
  db.exec("CREATE TABLE events (id INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL, payload TEXT NOT NULL, UNIQUE (stream, version))")
  const select = db.prepare("SELECT id, version, payload FROM events WHERE stream = ? ORDER BY version")
  const insert = db.prepare("INSERT INTO events (stream, version, payload) VALUES (?, ?, ?)")
  const insertMany = db.transaction((stream: string, rows: ReadonlyArray<string>) => rows.forEach((p, k) => insert.run(stream, k + 1, p)))
  const scan = db.prepare("SELECT id, stream, version, payload FROM events WHERE id > ? ORDER BY id LIMIT ?")
  return {
    select: async (stream) => select.all(stream),
    insert: async (stream, version, data) => void insert.run(stream, version, data),
    insertMany: async (stream, rows) => insertMany(stream, rows),
    scan: async (after, limit) => scan.all(after, limit) as Array<{ id: number }>,
    close: async () => void db.close()
  }
}

const rawPostgres = async (schema: string): Promise<Raw> => {
  const runtime = ManagedRuntime.make(PgClient.layer({ url: Redacted.make(pgUrl), maxConnections: 10 }).pipe(Layer.provide(Reactivity.layer)))
  const sql = await runtime.runPromise(SqlClient.useSync((client) => client))
  const q = <A>(e: Effect.Effect<A, unknown>) => runtime.runPromise(e)
  await q(sql.unsafe(`CREATE SCHEMA ${schema}`))
  await q(sql.unsafe(`CREATE TABLE ${schema}.events (id bigserial PRIMARY KEY, stream text NOT NULL, version int NOT NULL, payload jsonb NOT NULL, UNIQUE (stream, version))`))
  return {
    select: (stream) => q(sql.unsafe(`SELECT id, version, payload FROM ${schema}.events WHERE stream = $1 ORDER BY version`, [stream])),
    insert: (stream, version, data) => q(sql.unsafe(`INSERT INTO ${schema}.events (stream, version, payload) VALUES ($1, $2, $3)`, [stream, version, data])).then(() => {}),
    insertMany: (stream, rows) =>
      q(sql.unsafe(
        `INSERT INTO ${schema}.events (stream, version, payload) SELECT $1, v, p::jsonb FROM unnest($2::int[], $3::text[]) AS t(v, p)`,
        [stream, rows.map((_, k) => k + 1), rows as Array<string>]
      )).then(() => {}),
    scan: (after, limit) => q(sql.unsafe(`SELECT id, stream, version, payload FROM ${schema}.events WHERE id > $1 ORDER BY id LIMIT $2`, [after, limit])) as Promise<Array<{ id: number }>>,
    close: async () => {
      await q(sql.unsafe(`DROP SCHEMA ${schema} CASCADE`))
      await runtime.dispose()
    }
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(10)
const print = (store: string, ours: Rates, raw: Rates) => {
  const rows: Array<[string, keyof Rates, string]> = [
    ["commands, 1 worker", "commands1", "commands/s"],
    ["commands, 8 workers", "commands8", "commands/s"],
    ["  the same, with command ids", "commands8Id", "commands/s"],
    ["append 10 events per call", "append10", "appends/s"],
    ["read every stream", "readStreams", "events/s"],
    ["read the whole log in order", "readAll", "events/s"]
  ]
  console.log(`\n${store}`)
  console.log(`  ${"workload".padEnd(30)} ${"fulian".padStart(10)} ${"raw".padStart(10)}  ratio  unit`)
  for (const [label, key, unit] of rows) {
    console.log(`  ${label.padEnd(30)} ${fmt(ours[key])} ${fmt(raw[key])}  ${(ours[key] / raw[key]).toFixed(2)}×  ${unit}`)
  }
}

const stores = new Set(values.stores.split(","))
if ([...stores].some((s) => !["links", "decisions", "ledgers", "scale"].includes(s))) console.log(`fulian benchmark: ${STREAMS} streams × ${PER_STREAM} events of ~${TEXT.length * 1.5 | 0} bytes; each store beside a raw-driver baseline, alternating in ${ROUNDS} rounds`)

if (stores.has("memory")) print("memory", ...(await measure(rawSide(rawMemory()), oursOn(MemoryEventStore.layer))))

if (stores.has("sqlite")) {
  const dir = mkdtempSync(join(tmpdir(), "fulian-bench-"))
  try {
    const raw = rawSide(rawSqlite(join(dir, "raw.db")))
    const ours = oursOn(SqliteEventStore.layer({ filename: join(dir, "fulian.db") }))
    print("SQLite (durable commits: synchronous FULL, WAL)", ...(await measure(raw, ours)))
    const rawNormal = rawSide(rawSqlite(join(dir, "raw-normal.db"), "NORMAL"))
    const oursNormal = oursOn(SqliteEventStore.layer({ filename: join(dir, "fulian-normal.db"), durability: "normal" }))
    print("SQLite (durability \"normal\": synchronous NORMAL, WAL)", ...(await measure(rawNormal, oursNormal)))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** An event with personal data: a household's head and address, and a reason; each household its own subject. */
const personalEvent = (i: number, k: number): NewEvent => {
  const id = uuidv7()
  return {
    eventId: id,
    type: "HouseholdRegistered",
    schemaVersion: 1,
    data: { householdId: `h${i}-${k}`, organizationId: "c1", headName: `户主${i}-${k}`, address: `青波巷${i}号${k}室`, circumstances: [] },
    metadata: { actor, occurredAt: "2026-01-01T00:00:00.000Z", reason: "新迁入本社区，入户登记", commandId: id, causationId: id, correlationId: id }
  }
}

/** With personal data encrypted against without, on one kind of store: [encrypted, plain] rates. */
const measurePrivacy = async (label: string, plain: Layer.Layer<EventStore, unknown>, encrypted: Layer.Layer<EventStore, unknown>) => {
  const sides = [plain, encrypted].map((layer) => ManagedRuntime.make(Layer.mergeAll(layer, Policy.layer())))
  const append = (side: number) => (i: number) =>
    sides[side]!.runPromise(EventStore.use((s) => s.append([{ stream: `household-${side}-${i}`, expected: "no-stream", events: Array.from({ length: 10 }, (_, k) => personalEvent(i, k)) }])))
  const read = (side: number) => (i: number) => sides[side]!.runPromise(EventStore.use((s) => s.readStream(`household-${side}-${i}`)))
  const scan = (side: number) => () => sides[side]!.runPromise(EventStore.use(scanAll))
  const [plainA, encA] = await compare(STREAMS, 1, append(0), append(1))
  const [plainR, encR] = await compare(STREAMS, 1, read(0), read(1))
  const [plainS, encS] = await compare(ROUNDS, 1, scan(0), scan(1))
  for (const side of sides) await side.dispose()
  console.log(`
${label}: personal data encrypted (EncryptingEventStore) against plain, same store kind`)
  console.log(`  ${"workload".padEnd(30)} ${"encrypted".padStart(10)} ${"plain".padStart(10)}  ratio  unit`)
  for (const [name, enc, pl, unit] of [
    ["append 10 events per call", encA, plainA, "appends/s"],
    ["read every stream", encR * PER_STREAM, plainR * PER_STREAM, "events/s"],
    ["read the whole log in order", encS * STREAMS * PER_STREAM, plainS * STREAMS * PER_STREAM, "events/s"]
  ] as const) {
    console.log(`  ${name.padEnd(30)} ${fmt(enc)} ${fmt(pl)}  ${(enc / pl).toFixed(2)}×  ${unit}`)
  }
}

if (stores.has("privacy")) {
  await measurePrivacy(
    "memory",
    MemoryEventStore.layer,
    Layer.provide(EncryptingEventStore.layer, Layer.merge(MemoryEventStore.layer, MemoryKeyStore.layer))
  )
  const dir = mkdtempSync(join(tmpdir(), "fulian-bench-privacy-"))
  try {
    const encryptedEvents = SqliteEventStore.layer({ filename: join(dir, "encrypted.db") })
    await measurePrivacy(
      "SQLite",
      SqliteEventStore.layer({ filename: join(dir, "plain.db") }),
      Layer.provide(EncryptingEventStore.layer, Layer.merge(encryptedEvents, Layer.provide(SqliteKeyStore.layer(), encryptedEvents)))
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (stores.has("postgres")) {
  const suffix = `${process.pid}_${Date.now().toString(36)}`
  const schema = `bench_fulian_${suffix}`
  try {
    const raw = rawSide(await rawPostgres(`bench_raw_${suffix}`))
    const ours = oursOn(PostgresEventStore.layer({ url: pgUrl, schema, maxConnections: 10 }))
    print("PostgreSQL", ...(await measure(raw, ours)))
  } finally {
    const cleanup = ManagedRuntime.make(PgClient.layer({ url: Redacted.make(pgUrl) }).pipe(Layer.provide(Reactivity.layer)))
    await cleanup.runPromise(SqlClient.use((sql) => sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)))
    await cleanup.dispose()
  }
}

if (stores.has("links")) await runLinks({ scale, base: values["links-base"], pgUrl })

if (stores.has("decisions")) await runDecisions({ scale, pgUrl })

if (stores.has("ledgers")) await runLedgers({ scale, pgUrl, base: values["ledgers-base"], rounds: Math.max(1, Number(values["ledgers-rounds"])) })

if (stores.has("scale")) await runScale({ scale, pgUrl })
