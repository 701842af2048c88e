/**
 * The cost of the hash links (`@fulian/store/Integrity`): append throughput with the links
 * (the code checked out here) beside before them (the real code of a base revision, by default
 * `0b7c25a`, the commit before "Hash links"), in the same run, on the memory, SQLite and
 * PostgreSQL stores; and the speed of verifying a log's links.
 *
 * **Before, as it was.** The base revision is checked out in a temporary `git worktree`
 * (`bench/base-tree.ts`; removed at the end, also on failure or Ctrl-C), with this checkout's
 * third-party packages and its own `@fulian/*`. The workload (`links-worker.ts`) is copied into
 * the worktree and run there as it is run here. Before measuring, each store is checked: in
 * the worktree, `@fulian/*` resolves inside the worktree and appended events carry no `hash`;
 * here, it resolves inside this checkout and they carry one.
 *
 * **Append throughput.** For each store and round, one child process per side runs the three
 * workloads of `links-worker.ts` (one event per append with the expected version by 1 fiber;
 * the same by 8 concurrent fibers on distinct streams; 10 events per append), each on a fresh
 * store (a new SQLite file with durable commits; a new PostgreSQL schema, dropped afterwards).
 * The sides alternate, the first of a round swapping every round (after, before, before,
 * after, …), so that a change in the machine's load falls on both alike. Reported: the median
 * rate of each side over the rounds, the ratio of the medians (with links / before), and the
 * range of the ratios of each round's pair. On a shared, noisy machine the ratios matter more
 * than the rates.
 *
 * **Verifying.** On SQLite with the current code: a log of 100,000 events (× scale) over 2,000
 * streams (× scale) is read whole in pages of 2,000 with `readAll`, in alternate passes without
 * checking and with every event checked by `Integrity.verifier()` (and the root of the heads
 * computed at the end); reported as events/s of each pass, the time in `check` alone, and the
 * ratio.
 *
 * Usage: `npm run bench -- --stores links [--scale 0.5] [--links-base <rev>]` (through
 * `bench/run.ts`). At scale 1, each run appends 20,000 (memory), 5,000 (SQLite) or 4,000
 * (PostgreSQL) events per workload; a run of all of it takes a few minutes. A first Ctrl-C
 * stops at the next step and cleans up; a second ends the process at once.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, realpathSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative, sep } from "node:path"
import { fileURLToPath } from "node:url"
import { Layer, ManagedRuntime, Redacted } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as PgClient from "@effect/sql-pg/PgClient"
import { EventStore, type RecordedEvent } from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import { commitOf, git, makeBaseTree, repoRoot } from "./base-tree.ts"
import { newEvent, type StoreKind, type Workload, type WorkerResult, workloads } from "./links-worker.ts"

/** Options of the links benchmark. */
export interface LinksOptions {
  /** Multiplies the number of events of every workload (1 by default). */
  readonly scale: number
  /** The revision measured as "before" (default `0b7c25a`). */
  readonly base?: string | undefined
  /** PostgreSQL's connection string. */
  readonly pgUrl: string
  /** The stores to measure appends on (default all three). */
  readonly stores?: ReadonlyArray<StoreKind> | undefined
}

/** The revision before the hash links. */
export const defaultBase = "0b7c25a"

/** Rounds of before/after pairs; even, so that each side goes first as often as the other. */
const ROUNDS = 4

/** Events appended per workload and child process at scale 1, by store (rates differ a lot). */
const EVENTS: Record<StoreKind, number> = { memory: 20_000, sqlite: 5_000, postgres: 4_000 }

const VERIFY_EVENTS = 100_000
const VERIFY_STREAMS = 2_000
const PAGE = 2_000

const labels: Record<Workload, string> = {
  one: "1 event per append, 1 fiber",
  fibers8: "1 event per append, 8 fibers",
  batch10: "10 events per append"
}
const storeTitles: Record<StoreKind, string> = {
  memory: "memory",
  sqlite: "SQLite (durable commits: synchronous FULL, WAL)",
  postgres: "PostgreSQL"
}

/** A tree of the code to run the workload in. */
interface Side {
  readonly name: "after" | "before"
  /** What the table calls it. */
  readonly label: string
  /** The root of its checkout (real path). */
  readonly root: string
}


/** The tsx loader this process runs with, given to every child so both sides run alike. */
const tsxLoader = import.meta.resolve("tsx")

/** The child process running now: ended if this process is asked to stop. */
let running: ChildProcess | undefined

/** The signal that asked this process to stop: the run then ends at its next step, cleaning up. */
let stopped: NodeJS.Signals | undefined

/** Throws if a signal asked this process to stop. */
const stopIfAsked = (): void => {
  if (stopped !== undefined) throw new Error(`links: stopped by ${stopped}`)
}

/** Runs the workload of one store in a side's tree, in a child process; its parsed result. */
const runChild = (side: Side, store: StoreKind, events: number, pgUrl: string, tag: string): Promise<WorkerResult> => {
  const dir = mkdtempSync(join(tmpdir(), "fulian-links-"))
  const schema = `bench_links_${side.name}_${process.pid}_${tag}`
  // From the sources of each tree (packages that have no `fulian:source` condition ignore it).
  const args = ["--conditions=fulian:source", "--import", tsxLoader, join(side.root, "bench", "links-worker.ts"), "--store", store, "--events", String(events), "--dir", dir, "--schema", schema, "--pg-url", pgUrl]
  return new Promise<WorkerResult>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: side.root, stdio: ["ignore", "pipe", "pipe"] })
    running = child
    let out = ""
    let err = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()))
    child.on("error", reject)
    child.on("close", (code) => {
      running = undefined
      if (stopped !== undefined) return reject(new Error(`links: stopped by ${stopped}`))
      const last = out.trim().split("\n").pop() ?? ""
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as WorkerResult)
      else reject(new Error(`links: the ${side.name} worker on ${store} exited with ${code}:\n${err || out}`))
    })
  }).finally(async () => {
    rmSync(dir, { recursive: true, force: true })
    // The worker drops its schemas; these are for one that died before it could.
    if (store === "postgres") await dropSchemas(pgUrl, workloads.map((w) => `${schema}_${w}`))
  })
}

/** Drops PostgreSQL schemas if they exist. */
const dropSchemas = async (url: string, schemas: ReadonlyArray<string>): Promise<void> => {
  const runtime = ManagedRuntime.make(PgClient.layer({ url: Redacted.make(url), maxConnections: 1 }).pipe(Layer.provide(Reactivity.layer)))
  try {
    for (const schema of schemas) await runtime.runPromise(SqlClient.use((sql) => sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)))
  } finally {
    await runtime.dispose()
  }
}

/** Checks that a side ran the code it should (resolved in its own tree, with or without hashes), or throws; says what it found. */
const checkSide = (side: Side, other: Side, result: WorkerResult): string => {
  const files = result.resolved.map((url) => realpathSync(fileURLToPath(url)))
  const inside = (file: string, root: string) => file.startsWith(root + sep)
  // Inside its own tree, and not inside the other's should that one lie within it.
  const misplaced = files.filter((file) => !inside(file, side.root) || (inside(other.root, side.root) && inside(file, other.root)))
  if (misplaced.length > 0) throw new Error(`links: ${side.name} resolved ${misplaced.join(", ")} outside its tree`)
  const wantHash = side.name === "after"
  if (result.hashed !== wantHash) {
    throw new Error(`links: ${side.name} on ${result.store}: appended events ${result.hashed ? "carry" : "carry no"} hash, which is not the code expected`)
  }
  return `${files.map((f) => relative(side.root, f)).join(", ")} in ${side.name === "after" ? "this checkout" : "the base worktree"}; ${result.hashed ? "events carry a hash" : "events carry no hash"}`
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const fmt = (n: number, width = 10) => Math.round(n).toLocaleString("en-US").padStart(width)
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Append throughput on each store, both sides alternating over the rounds; prints the tables. */
const measureAppends = async (options: LinksOptions, after: Side, before: Side): Promise<void> => {
  const stores = options.stores ?? ["memory", "sqlite", "postgres"]
  const results = new Map<StoreKind, { after: Array<WorkerResult>; before: Array<WorkerResult> }>()
  for (const store of stores) results.set(store, { after: [], before: [] })
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now()
    for (const store of stores) {
      const events = Math.max(200, Math.round(EVENTS[store] * options.scale))
      for (const side of round % 2 === 0 ? [after, before] : [before, after]) {
        stopIfAsked()
        const result = await runChild(side, store, events, options.pgUrl, `${round}`)
        const checked = checkSide(side, side === after ? before : after, result)
        if (round === 0) console.log(`  check, ${side.label}, ${store}: ${checked}`)
        results.get(store)![side.name].push(result)
      }
    }
    console.log(`  round ${round + 1} of ${ROUNDS}: ${seconds(performance.now() - start)}`)
  }
  console.log(`\nhash links: append throughput ${after.label} beside ${before.label}, same run; medians of ${ROUNDS} rounds, sides alternating`)
  for (const store of stores) {
    const { after: a, before: b } = results.get(store)!
    const events = Math.max(200, Math.round(EVENTS[store] * options.scale))
    console.log(`\n${storeTitles[store]} (${events.toLocaleString("en-US")} events per workload and run)`)
    console.log(`  ${"workload".padEnd(30)} ${"with links".padStart(10)} ${"before".padStart(10)}  ratio  ${"per round".padStart(11)}  unit`)
    for (const w of workloads) {
      const ma = median(a.map((r) => r.rates[w]))
      const mb = median(b.map((r) => r.rates[w]))
      const ratios = a.map((r, i) => r.rates[w] / b[i]!.rates[w])
      const range = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`
      console.log(`  ${labels[w].padEnd(30)} ${fmt(ma)} ${fmt(mb)}  ${(ma / mb).toFixed(2)}×  ${range.padStart(11)}  events/s`)
    }
  }
}


/** Reading a whole SQLite log without and with checking every link; prints the table. */
const measureVerify = async (options: LinksOptions): Promise<void> => {
  const streams = Math.max(10, Math.round(VERIFY_STREAMS * options.scale))
  const perStream = Math.max(10, Math.round(VERIFY_EVENTS * options.scale / streams / 10) * 10)
  const total = streams * perStream
  const dir = mkdtempSync(join(tmpdir(), "fulian-links-verify-"))
  // Durability does not change what is read; "normal" only makes the setup quicker.
  const runtime = ManagedRuntime.make(SqliteEventStore.layer({ filename: join(dir, "log.db"), durability: "normal" }))
  try {
    const store = await runtime.runPromise(EventStore.useSync((s) => s))
    const setup = performance.now()
    // Appends of 10 events to each of 20 streams, the streams' events interleaved in the log.
    for (let k = 0; k < perStream / 10; k++) {
      stopIfAsked()
      for (let s = 0; s < streams; s += 20) {
        const writes = Array.from({ length: Math.min(20, streams - s) }, (_, j) => ({
          stream: `household-${s + j}`,
          expected: k * 10,
          events: Array.from({ length: 10 }, (_, e) => newEvent(k * 10 + e))
        }))
        await runtime.runPromise(store.append(writes))
      }
    }
    console.log(`\n  verify: ${total.toLocaleString("en-US")} events over ${streams.toLocaleString("en-US")} streams appended in ${seconds(performance.now() - setup)}`)

    /** One pass over the whole log; with `check`, every event is verified. */
    const pass = async (check: boolean) => {
      const verifier = Integrity.verifier()
      let checking = 0
      let count = 0
      const start = performance.now()
      for (let after = 0;;) {
        const page: ReadonlyArray<RecordedEvent> = await runtime.runPromise(store.readAll({ after, limit: PAGE }))
        if (page.length === 0) break
        if (check) {
          const t = performance.now()
          for (const event of page) {
            const broken = verifier.check(event)
            if (broken !== undefined) throw new Error(`links: verifying failed: ${broken.message}`)
          }
          checking += performance.now() - t
        }
        count += page.length
        after = page[page.length - 1]!.position
      }
      let root: string | undefined
      if (check) {
        const t = performance.now()
        const verified = verifier.verified()
        if (verified.count !== total) throw new Error(`links: verified ${verified.count} events of ${total}`)
        root = Integrity.root(verified.heads)
        checking += performance.now() - t
      }
      if (count !== total) throw new Error(`links: read ${count} events of ${total}`)
      return { ms: performance.now() - start, checking, root }
    }

    await pass(true) // warm-up, not counted
    const read: Array<number> = []
    const verified: Array<number> = []
    const checking: Array<number> = []
    let root = ""
    for (let round = 0; round < ROUNDS; round++) {
      for (const check of round % 2 === 0 ? [true, false] : [false, true]) {
        stopIfAsked()
        const r = await pass(check)
        if (check) {
          verified.push(total / (r.ms / 1000))
          checking.push(total / (r.checking / 1000))
          root = r.root!
        } else read.push(total / (r.ms / 1000))
      }
    }
    const [mv, mr, mc] = [median(verified), median(read), median(checking)]
    console.log(`\nhash links: verifying a SQLite log (${total.toLocaleString("en-US")} events, ${streams.toLocaleString("en-US")} streams; readAll in pages of ${PAGE.toLocaleString("en-US")}); medians of ${ROUNDS} passes each, alternating`)
    console.log(`  ${"pass".padEnd(36)} ${"events/s".padStart(10)}  ratio to reading alone`)
    console.log(`  ${"read the whole log".padEnd(36)} ${fmt(mr)}  1.00×`)
    console.log(`  ${"read it and verify every link".padEnd(36)} ${fmt(mv)}  ${(mv / mr).toFixed(2)}×`)
    console.log(`  ${"  of which checking alone".padEnd(36)} ${fmt(mc)}`)
    console.log(`  root of the ${streams.toLocaleString("en-US")} heads: ${root.slice(0, 16)}…`)
  } finally {
    await runtime.dispose()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Runs the links benchmark: the check that each side runs the code it should, the append
 * tables, and the verify table. The base worktree is removed at the end, also on failure and
 * on SIGINT/SIGTERM.
 */
export const runLinks = async (options: LinksOptions): Promise<void> => {
  const base = options.base ?? defaultBase
  const baseCommit = commitOf(base, "links", "--links-base")
  const head = git("rev-parse", "--short", "HEAD")
  const dirty = git("status", "--porcelain", "--", "packages/store", "packages/store-sqlite", "packages/store-postgres").length > 0
  console.log(`\nhash links: ${head}${dirty ? " (with uncommitted changes to the stores)" : ""} beside ${baseCommit}, scale ${options.scale}`)
  const start = performance.now()
  // A first signal stops the run at its next step, which then cleans up (the worktree, the
  // child's files and schemas); a second one ends the process at once.
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\nlinks: ${signal}: stopping and cleaning up (again to end at once)`)
    stopped = signal
    running?.kill("SIGTERM")
  }
  process.once("SIGINT", onSignal)
  process.once("SIGTERM", onSignal)
  try {
    const tree = makeBaseTree(baseCommit, { label: "links", copy: ["bench/links-worker.ts"], needs: ["store", "store-sqlite", "store-postgres"] })
    try {
      const after: Side = { name: "after", label: `with links (${head}${dirty ? "+" : ""})`, root: repoRoot }
      const before: Side = { name: "before", label: `before (${baseCommit})`, root: tree.root }
      await measureAppends(options, after, before)
    } finally {
      tree.remove()
    }
    await measureVerify(options)
  } catch (error) {
    if (stopped !== undefined) process.exit(stopped === "SIGINT" ? 130 : 143)
    throw error
  } finally {
    process.off("SIGINT", onSignal)
    process.off("SIGTERM", onSignal)
  }
  console.log(`\nhash links: done in ${seconds(performance.now() - start)}`)
}
