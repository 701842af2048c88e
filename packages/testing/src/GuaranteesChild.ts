/**
 * The child process side of the guarantee suite (`Guarantees.ts`), kept apart so that a child
 * loads only the store contract and effect, not the test runner, nor the domain unless it
 * sends commands (the contention test):
 *
 *   import * as GuaranteesChild from "@fulian/testing/GuaranteesChild"
 *   await GuaranteesChild.childAppendLoop(MyStore.layer(optionsFrom(process.argv)))
 *
 * (`Guarantees.childAppendLoop` is the same function.)
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { Effect, Layer, ManagedRuntime } from "effect"
import { v4 as uuidv4, v7 as uuidv7 } from "uuid"
import { EventStore, type NewEvent, type StreamWrite } from "@fulian/store/EventStore"

/** The environment variable that tells a child what to do (JSON); absent: the kill loop. */
export const CHILD_ENV = "FULIAN_GUARANTEES_CHILD"

/** What the suite asks of a child process. */
export type ChildConfig =
  | { readonly mode: "loop"; readonly run: string; readonly seed: number }
  | { readonly mode: "writer"; readonly run: string; readonly writer: number; readonly events: number; readonly seed: number }
  | { readonly mode: "link" }

/** What a child of the contention test reports of each command it sent, in order. */
export type LinkReport = ReadonlyArray<
  | { readonly commandId: string; readonly applied: true; readonly eventIds: ReadonlyArray<string> }
  | { readonly commandId: string; readonly applied: false; readonly error: string; readonly reason?: string | undefined }
>

/** What a writer of the order test reports when it is done. */
export interface WriterReport {
  readonly writer: number
  readonly events: number
  /** The last version of each stream the writer alone wrote. */
  readonly own: Readonly<Record<string, number>>
  /** The number of events it appended to each stream shared by all writers. */
  readonly shared: Readonly<Record<string, number>>
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** A small seeded generator (mulberry32), so a child's writes can be replayed from its seed. */
const random = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const between = (rand: () => number, min: number, max: number) => min + Math.floor(rand() * (max - min + 1))

/** Filler that brings an event's data to about 200 bytes. */
export const PADDING = "妇".repeat(20) + "x".repeat(100)

/** A new event of the guarantee tests. */
export const testEvent = (type: string, data: unknown, commandId: string): NewEvent => ({
  eventId: uuidv7(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: { person: "guarantees", role: "upper-cadre", organization: "guarantees" },
    occurredAt: "2026-03-08T09:30:00.000Z",
    commandId,
    causationId: commandId,
    correlationId: commandId
  }
})

/** Writes a line to stdout at once: a child may be killed right after, or never yield. */
const say = (line: string) => fs.writeSync(1, `${line}\n`)

/** The streams a kill-loop child of run `run` writes. */
export const loopStreams = (run: string) => Array.from({ length: 6 }, (_, k) => `guarantee-atomic-${run}-${k}`)

/** The kill loop: big multi-stream batches, forever; "ready" once the first has committed. */
const appendLoop = (config: Extract<ChildConfig, { mode: "loop" }>) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const rand = random(config.seed)
    const streams = loopStreams(config.run)
    const versions = new Map(streams.map((s) => [s, 0]))
    for (let batch = 0;; batch++) {
      const chosen = streams.filter(() => rand() < 0.5)
      if (chosen.length < 2) chosen.splice(0, chosen.length, streams[batch % 6]!, streams[(batch + 1) % 6]!)
      const counts = chosen.map(() => between(rand, 1, 80))
      const size = counts.reduce((a, b) => a + b, 0)
      const commandId = uuidv7()
      let index = 0
      const writes: Array<StreamWrite> = chosen.map((stream, i) => ({
        stream,
        expected: versions.get(stream)!,
        events: Array.from({ length: counts[i]! }, () =>
          testEvent("BatchPart", { run: config.run, batch, size, index: index++, padding: PADDING }, commandId))
      }))
      yield* store.append(writes, { commandId })
      chosen.forEach((stream, i) => versions.set(stream, versions.get(stream)! + counts[i]!))
      if (batch === 0) say("ready")
      // Lets the runtime breathe with a synchronous driver; no effect on an async one.
      yield* Effect.yieldNow
    }
  })

/** The streams every writer of the order test of run `run` writes (expected version any). */
export const sharedStreams = (run: string) => [0, 1].map((k) => `guarantee-order-${run}-shared-${k}`)

/** A writer of the order test: `events` events, in appends of 1–6 events to each of 1 or 2 streams. */
const appendFixed = (config: Extract<ChildConfig, { mode: "writer" }>) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const rand = random(config.seed)
    const own = Array.from({ length: 4 }, (_, k) => `guarantee-order-${config.run}-w${config.writer}-${k}`)
    const shared = sharedStreams(config.run)
    const versions: Record<string, number> = Object.fromEntries(own.map((s) => [s, 0]))
    const sharedCounts: Record<string, number> = Object.fromEntries(shared.map((s) => [s, 0]))
    let written = 0
    let append = 0
    while (written < config.events) {
      const streams = [own[between(rand, 0, 3)]!]
      const r = rand()
      if (r < 0.2) streams.push(own.find((s) => s !== streams[0])!)
      else if (r < 0.35) streams.push(shared[between(rand, 0, 1)]!)
      const commandId = uuidv7()
      const writes: Array<StreamWrite> = []
      for (const stream of streams) {
        const n = Math.min(between(rand, 1, 6), config.events - written)
        if (n === 0) break
        written += n
        const isShared = stream in sharedCounts
        writes.push({
          stream,
          expected: isShared ? "any" : versions[stream]!,
          events: Array.from({ length: n }, (_, i) =>
            testEvent("OrderTested", { run: config.run, writer: config.writer, append, i, padding: PADDING }, commandId))
        })
      }
      yield* store.append(writes, { commandId })
      for (const w of writes) {
        if (w.stream in sharedCounts) sharedCounts[w.stream]! += w.events.length
        else versions[w.stream]! += w.events.length
      }
      append++
      yield* Effect.yieldNow
    }
    const report: WriterReport = { writer: config.writer, events: written, own: versions, shared: sharedCounts }
    say(`report ${JSON.stringify(report)}`)
  })

/** Everything written to stdin, once it is closed. */
const readStdin = () =>
  new Promise<string>((resolve) => {
    let text = ""
    process.stdin.setEncoding("utf8").on("data", (chunk: string) => (text += chunk)).on("end", () => resolve(text))
  })

/**
 * A child of the contention test: once connected it prints "ready", reads its commands from
 * stdin (a JSON array; the suite may set up the data they need meanwhile), sends them all at
 * once through the command handler and reports what became of each. The domain is loaded here
 * only.
 */
const sendCommands = async (layer: Layer.Layer<EventStore, unknown>) => {
  const Domain = await import("@fulian/core/Domain")
  const Policy = await import("@fulian/core/Policy")
  const runtime = ManagedRuntime.make(Layer.merge(layer, Policy.layer()))
  await runtime.runPromise(EventStore.useSync(() => undefined))
  say("ready")
  const commands = JSON.parse(await readStdin()) as ReadonlyArray<{ readonly commandId: string }>
  const results = await runtime.runPromise(Effect.forEach(
    commands,
    (input) => Effect.result(Effect.flatMap(Domain.decodeCommand(input), (command) => Domain.execute(command))),
    { concurrency: "unbounded" }
  ))
  const report: LinkReport = results.map((r, i) => {
    const commandId = commands[i]!.commandId
    if (r._tag === "Success") return { commandId, applied: true, eventIds: r.success.events.map((e) => e.eventId) }
    const error = r.failure as { _tag: string; reason?: unknown }
    const reason = typeof error.reason === "object" && error.reason !== null ? (error.reason as { _tag?: string })._tag : undefined
    return { commandId, applied: false, error: error._tag, reason: reason ?? (typeof error.reason === "string" ? error.reason : undefined) }
  })
  say(`links ${JSON.stringify(report)}`)
  await runtime.dispose()
}

/**
 * The entry point of the adapter's child script. What it does is chosen by the suite through
 * the environment: by default it appends big multi-stream batches forever, printing "ready"
 * once the first has committed (the suite kills it with SIGKILL); as a writer of the order
 * test it prints "ready" when connected, waits for a line on stdin, appends its events and
 * exits after printing its report; as a child of the contention test it does the same with
 * commands.
 */
export const childAppendLoop = async (layer: Layer.Layer<EventStore, unknown>): Promise<never> => {
  const raw = process.env[CHILD_ENV]
  const config: ChildConfig = raw ? JSON.parse(raw) : { mode: "loop", run: uuidv4(), seed: Date.now() }
  const runtime = ManagedRuntime.make(layer)
  try {
    if (config.mode === "link") {
      await sendCommands(layer)
      process.exit(0)
    }
    if (config.mode === "writer") {
      await runtime.runPromise(EventStore.useSync(() => undefined))
      say("ready")
      await new Promise((resolve) => process.stdin.once("data", resolve))
      await runtime.runPromise(appendFixed(config))
      await runtime.dispose()
      process.exit(0)
    }
    await runtime.runPromise(appendLoop(config))
  } catch (error) {
    fs.writeSync(2, `child failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
  }
  process.exit(1)
}
