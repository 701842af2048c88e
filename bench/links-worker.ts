/**
 * The workload of the hash-links benchmark (`bench/links.ts`), run in a child process: appends
 * events to one kind of store and prints the rates as one line of JSON on stdout.
 *
 * It is generic on purpose: it imports the stores by package name (`@fulian/store/…`,
 * `@fulian/store-sqlite/…`, `@fulian/store-postgres/…`) and uses only what every revision of
 * them has, so the same file measures whichever tree it runs in — the current checkout, or a
 * copy placed in a worktree of an older revision whose `node_modules/@fulian` points at that
 * tree's packages.
 *
 * Three workloads, each on a fresh store (a new SQLite file, a new PostgreSQL schema dropped
 * afterwards), each after a short warm-up on other streams of the same store:
 * - `one`: one event per append, with the expected version, by one fiber; streams of 10 events
 *   written round-robin, so every append after a stream's first links to a stored event;
 * - `fibers8`: the same, by 8 concurrent fibers, each on streams of its own (no conflicts);
 * - `batch10`: 10 events per append, by one fiber, each stream getting two appends.
 *
 * Usage: tsx bench/links-worker.ts --store memory|sqlite|postgres --events N
 *          [--dir <directory for SQLite files>] [--schema <prefix of PostgreSQL schemas>] [--pg-url <url>]
 * Output: {"store", "hashed", "resolved", "rates": {"one", "fibers8", "batch10"}} (events/s).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { parseArgs } from "node:util"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as PgClient from "@effect/sql-pg/PgClient"
import { v7 as uuidv7 } from "uuid"
import { EventStore, type EventStoreShape, type ExpectedVersion, type NewEvent } from "@fulian/store/EventStore"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"

/** The kinds of store the workload runs on. */
export type StoreKind = "memory" | "sqlite" | "postgres"

/** The workloads, by the names the output uses. */
export const workloads = ["one", "fibers8", "batch10"] as const

/** One of the workloads. */
export type Workload = typeof workloads[number]

/** What the worker prints: its rates, and what shows which code it ran. */
export interface WorkerResult {
  readonly store: StoreKind
  /** Whether the events the store returned from an append carry a `hash` field. */
  readonly hashed: boolean
  /** Where `@fulian/store/EventStore` and the store's module resolved to (file URLs). */
  readonly resolved: ReadonlyArray<string>
  /** Events appended per second, by workload. */
  readonly rates: Record<Workload, number>
}

const FIBERS = 8
const EVENTS_PER_STREAM = 10
const BATCH = 10

const TEXT = "青波社区妇联 monthly study meeting minutes".padEnd(120, "·")
const actor = { person: "bench", role: "chair", organization: "c1" } as const

/** A new event of about 200 bytes of data in a few fields, like `bench/run.ts`'s. */
export const newEvent = (i: number): NewEvent => {
  const id = uuidv7()
  return {
    eventId: id,
    type: "Noted",
    schemaVersion: 1,
    data: { n: i, organizationId: "c1", meetingId: `m-${i % 97}`, attendees: 12, text: TEXT },
    metadata: { actor, occurredAt: "2026-01-01T00:00:00.000Z", commandId: id, causationId: id, correlationId: id }
  }
}

/**
 * Appends `count` events, one per append with the expected version, to streams named
 * `<prefix>-<k>` of `EVENTS_PER_STREAM` events each, written round-robin.
 */
const appendOneByOne = (store: EventStoreShape, prefix: string, count: number) =>
  Effect.gen(function*() {
    const streams = Math.max(1, Math.ceil(count / EVENTS_PER_STREAM))
    for (let i = 0; i < count; i++) {
      const expected: ExpectedVersion = Math.floor(i / streams)
      yield* store.append([{ stream: `${prefix}-${i % streams}`, expected, events: [newEvent(i)] }])
    }
  })

/** Appends `count` events, `BATCH` per append with the expected version, two appends per stream. */
const appendBatches = (store: EventStoreShape, prefix: string, count: number) =>
  Effect.gen(function*() {
    const appends = Math.max(1, Math.round(count / BATCH))
    const streams = Math.max(1, Math.ceil(appends / 2))
    for (let j = 0; j < appends; j++) {
      const expected: ExpectedVersion = Math.floor(j / streams) * BATCH
      const events = Array.from({ length: BATCH }, (_, k) => newEvent(j * BATCH + k))
      yield* store.append([{ stream: `${prefix}-${j % streams}`, expected, events }])
    }
    return appends * BATCH
  })

/** Runs a workload once on a store: the number of events appended. */
const workload = (store: EventStoreShape, name: Workload, prefix: string, count: number): Effect.Effect<number, unknown> => {
  switch (name) {
    case "one":
      return Effect.as(appendOneByOne(store, prefix, count), count)
    case "fibers8": {
      const each = Math.max(1, Math.round(count / FIBERS))
      return Effect.as(
        Effect.forEach(Array.from({ length: FIBERS }, (_, f) => f), (f) => appendOneByOne(store, `${prefix}-f${f}`, each), {
          concurrency: FIBERS,
          discard: true
        }),
        each * FIBERS
      )
    }
    case "batch10":
      return appendBatches(store, prefix, count)
  }
}

/**
 * Measures one workload on a fresh store: a warm-up of a tenth of the events (at most 1,000)
 * on other streams, then the timed run. Returns events/s, and whether an appended event
 * carries a `hash`.
 */
const measure = async (layer: Layer.Layer<EventStore, unknown>, name: Workload, count: number): Promise<{ rate: number; hashed: boolean }> => {
  const runtime = ManagedRuntime.make(layer)
  try {
    const store = await runtime.runPromise(EventStore.useSync((s) => s))
    const probe = await runtime.runPromise(store.append([{ stream: "probe", expected: "no-stream", events: [newEvent(0)] }]))
    const hashed = probe.events.every((e) => "hash" in e && typeof e.hash === "string" && e.hash.length === 64)
    await runtime.runPromise(workload(store, name, "warm", Math.min(1000, Math.ceil(count / 10))))
    const start = performance.now()
    const appended = await runtime.runPromise(workload(store, name, "s", count))
    return { rate: appended / ((performance.now() - start) / 1000), hashed }
  } finally {
    await runtime.dispose()
  }
}

/** Drops a PostgreSQL schema if it exists. */
const dropSchema = async (url: string, schema: string): Promise<void> => {
  const runtime = ManagedRuntime.make(PgClient.layer({ url: Redacted.make(url), maxConnections: 1 }).pipe(Layer.provide(Reactivity.layer)))
  try {
    await runtime.runPromise(SqlClient.use((sql) => sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)))
  } finally {
    await runtime.dispose()
  }
}

/** Runs the three workloads on one kind of store, each on a fresh store of its own. */
export const runWorker = async (options: {
  readonly store: StoreKind
  readonly events: number
  readonly dir: string
  readonly schema: string
  readonly pgUrl: string
}): Promise<WorkerResult> => {
  const rates: Partial<Record<Workload, number>> = {}
  let hashed = true
  for (const name of workloads) {
    let result: { rate: number; hashed: boolean }
    switch (options.store) {
      case "memory":
        result = await measure(MemoryEventStore.layer, name, options.events)
        break
      case "sqlite":
        // Durable commits (synchronous FULL, WAL): the store's default.
        result = await measure(SqliteEventStore.layer({ filename: join(options.dir, `${name}.db`) }), name, options.events)
        break
      case "postgres": {
        const schema = `${options.schema}_${name}`
        try {
          result = await measure(PostgresEventStore.layer({ url: options.pgUrl, schema, maxConnections: 10 }), name, options.events)
        } finally {
          await dropSchema(options.pgUrl, schema)
        }
        break
      }
    }
    rates[name] = result.rate
    hashed &&= result.hashed
  }
  const module = { memory: "@fulian/store/MemoryEventStore", sqlite: "@fulian/store-sqlite/SqliteEventStore", postgres: "@fulian/store-postgres/PostgresEventStore" }[options.store]
  return {
    store: options.store,
    hashed,
    resolved: [import.meta.resolve("@fulian/store/EventStore"), import.meta.resolve(module)],
    rates: rates as Record<Workload, number>
  }
}

const main = async () => {
  const { values } = parseArgs({
    options: {
      store: { type: "string" },
      events: { type: "string", default: "2000" },
      dir: { type: "string" },
      schema: { type: "string" },
      "pg-url": { type: "string", default: process.env["FULIAN_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test" }
    }
  })
  const store = values.store
  if (store !== "memory" && store !== "sqlite" && store !== "postgres") throw new Error(`--store must be memory, sqlite or postgres, not ${store}`)
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), "fulian-links-"))
  try {
    const result = await runWorker({
      store,
      events: Number(values.events),
      dir,
      schema: values.schema ?? `bench_links_${process.pid}_${Date.now().toString(36)}`,
      pgUrl: values["pg-url"]
    })
    console.log(JSON.stringify(result))
  } finally {
    if (values.dir === undefined) rmSync(dir, { recursive: true, force: true })
  }
}

// Run as a script (the benchmark spawns it); importing it for its types runs nothing.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
