/**
 * Decisions that do not re-read a growing stream (issue 12, part 2; docs/explanation/stream-growth.md):
 * on SQLite (a file in a temporary directory, synchronous=NORMAL so that reading, not the disk's
 * sync, is what a command waits on) and on PostgreSQL, each beside its baseline in the same run,
 * alternating in rounds:
 *
 * - a command on a stream with 100,000 earlier events beside the same command on a stream that
 *   is empty but for what the command needs: `LogVolunteerService` on an organization whose
 *   `volunteers-` stream holds a volunteer and 99,999 services logged (appended directly, in
 *   batches), beside one whose stream holds the volunteer alone. The first command on the long
 *   stream reads it whole and takes its snapshot (timed apart, once);
 * - `fulian exec`-style throughput — each command decoded as from a JSON line and run through the
 *   command handler, one after another — of `RecordActivity` in a community that has recorded
 *   10,000 activities (appended directly, each in its own stream as the handler writes them),
 *   beside an empty community.
 *
 * Acceptance (issue 12): each within 1.5× of its baseline.
 *
 * Run with `npm run bench -- --stores decisions` (`--scale` scales the rounds, not the history).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as PgClient from "@effect/sql-pg/PgClient"
import { v7 as uuidv7 } from "uuid"
import * as Activity from "@fulian/core/Activity"
import { streamName } from "@fulian/core/Decider"
import * as Domain from "@fulian/core/Domain"
import * as Organization from "@fulian/core/Organization"
import * as Policy from "@fulian/core/Policy"
import * as Term from "@fulian/core/Term"
import * as Volunteer from "@fulian/core/Volunteer"
import { EventStore, type NewEvent, type StreamWrite } from "@fulian/store/EventStore"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"

/** Earlier events of the long stream. */
const LONG = 100_000
/** Activities of the busy community. */
const ACTIVITIES = 10_000
/** Events per append while seeding (PostgreSQL takes at most 1,024 in one). */
const BATCH = 1_000
const ROUNDS = 5
const since = "2025-01-06"
const setup = { person: "setup", role: "upper-cadre", organization: "setup" } as const

const newEvent = (event: Domain.Event): NewEvent => {
  const id = uuidv7()
  return { eventId: id, ...Domain.codec.encode(event), metadata: { actor: setup, occurredAt: since, commandId: id, causationId: id, correlationId: id } }
}

/** An organization registered, with a committee in office whose chair is `chair@{id}`. */
const organization = (id: string): ReadonlyArray<StreamWrite> => [
  {
    stream: streamName(Organization.aggregate, id),
    expected: "no-stream",
    events: [newEvent(Organization.OrganizationRegistered.make({ organizationId: id, name: id, level: "community", parentId: "street" }))]
  },
  {
    stream: streamName(Term.aggregate, id),
    expected: "no-stream",
    events: [newEvent(Term.ExecutiveCommitteeElected.make({
      termId: `${id}-t`,
      organizationId: id,
      congressSession: "第一届",
      electedOn: since,
      startsOn: since,
      endsOn: "2999-12-31",
      residentsCommitteeElectedOn: since,
      members: [{ personId: `chair@${id}`, name: "主席", position: "chair" }]
    }))]
  }
]

const chair = (id: string) => ({ person: `chair@${id}`, role: "chair", organization: id }) as const
const joined = (id: string) => newEvent(Volunteer.VolunteerJoined.make({ organizationId: id, volunteerId: "v1", name: "王芳", consentGivenOn: since }))
const served = (id: string, n: number) =>
  newEvent(Volunteer.VolunteerServiceLogged.make({ organizationId: id, volunteerId: "v1", on: "2025-03-08", hours: 1 + (n % 3), description: `便民服务 ${n}` }))

/** Seeds what both measurements need, `LONG` and `ACTIVITIES` events included, in batches. */
const seed = (tag: string) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    for (const id of [`long-${tag}`, `short-${tag}`, `busy-${tag}`, `quiet-${tag}`]) yield* store.append(organization(id))
    const long = streamName(Volunteer.aggregate, `long-${tag}`)
    yield* store.append([{ stream: streamName(Volunteer.aggregate, `short-${tag}`), expected: "no-stream", events: [joined(`short-${tag}`)] }])
    for (let from = 0; from < LONG; from += BATCH) {
      const events = Array.from({ length: Math.min(BATCH, LONG - from) }, (_, i) => (from + i === 0 ? joined(`long-${tag}`) : served(`long-${tag}`, from + i)))
      yield* store.append([{ stream: long, expected: from, events }])
    }
    const busy = `busy-${tag}`
    for (let from = 0; from < ACTIVITIES; from += BATCH) {
      yield* store.append(Array.from({ length: Math.min(BATCH, ACTIVITIES - from) }, (_, i) => ({
        stream: streamName(Activity.ownActivity, Activity.recordId(busy, `old-${from + i}`)),
        expected: "no-stream" as const,
        events: [newEvent(Activity.ActivityRecorded.make({
          organizationId: busy,
          activityId: `old-${from + i}`,
          kind: "legal-lecture",
          title: "妇女权益保障法讲座",
          heldOn: "2025-03-08",
          participants: 40,
          beneficiaries: 40
        }))]
      })))
    }
  })

const service = (id: string, n: number) => ({
  _tag: "LogVolunteerService",
  commandId: uuidv7(),
  actor: chair(id),
  organizationId: id,
  volunteerId: "v1",
  on: "2025-03-09",
  hours: 1 + (n % 3),
  description: `便民服务 ${n}`
})

const activity = (id: string, n: number) => ({
  _tag: "RecordActivity",
  commandId: uuidv7(),
  actor: chair(id),
  organizationId: id,
  activityId: `new-${n}`,
  kind: "health-lecture",
  title: "健康讲座",
  heldOn: "2025-03-09",
  participants: 30,
  beneficiaries: 30
})

/** Runs a command as `fulian exec` does: decoded from its JSON, then executed. */
const exec = (json: unknown) => Effect.flatMap(Domain.decodeCommand(json), (command) => Domain.execute(command))

type Runtime = ManagedRuntime.ManagedRuntime<EventStore | Policy.Policy, unknown>

/**
 * Commands per second on each side, in rounds that alternate which side goes first, so that a
 * change in the machine's load falls on both alike: the rates over all rounds, and the median of
 * the rounds' ratios (baseline rate / subject rate).
 */
const compare = async (
  runtime: Runtime,
  n: number,
  subject: (i: number) => unknown,
  baseline: (i: number) => unknown
): Promise<{ readonly subject: number; readonly baseline: number; readonly ratio: number }> => {
  const seconds = [0, 0]
  const ratios: Array<number> = []
  const slice = Math.ceil(n / ROUNDS)
  for (let r = 0; r < ROUNDS; r++) {
    const round = [0, 0]
    for (const k of r % 2 === 0 ? [0, 1] : [1, 0]) {
      const make = k === 0 ? subject : baseline
      const start = performance.now()
      for (let i = r * slice; i < Math.min(n, (r + 1) * slice); i++) await runtime.runPromise(exec(make(i)))
      round[k] = (performance.now() - start) / 1000
      seconds[k]! += round[k]!
    }
    ratios.push(round[0]! / round[1]!)
  }
  ratios.sort((a, b) => a - b)
  return { subject: n / seconds[0]!, baseline: n / seconds[1]!, ratio: ratios[Math.floor(ratios.length / 2)]! }
}

const fmt = (n: number) => n.toFixed(0).padStart(10)

/** Both measurements on one store. */
const measure = async (label: string, layer: Layer.Layer<EventStore, unknown>, commands: number) => {
  const runtime: Runtime = ManagedRuntime.make(Layer.mergeAll(layer, Policy.layer()))
  try {
    const tag = Date.now().toString(36)
    let start = performance.now()
    await runtime.runPromise(seed(tag))
    const seeded = (performance.now() - start) / 1000
    // The first command on the long stream reads all of it and takes its snapshot: once.
    start = performance.now()
    await runtime.runPromise(exec(service(`long-${tag}`, 0)))
    const first = performance.now() - start
    await runtime.runPromise(exec(service(`short-${tag}`, 0)))
    await runtime.runPromise(exec(activity(`busy-${tag}`, -1)))
    await runtime.runPromise(exec(activity(`quiet-${tag}`, -1)))
    const long = await compare(runtime, commands, (i) => service(`long-${tag}`, i + 1), (i) => service(`short-${tag}`, i + 1))
    const busy = await compare(runtime, commands, (i) => activity(`busy-${tag}`, i), (i) => activity(`quiet-${tag}`, i))
    console.log(`\n${label} (seeded ${LONG.toLocaleString("en")} + ${ACTIVITIES.toLocaleString("en")} events in ${seeded.toFixed(1)} s)`)
    console.log(`  ${"workload".padEnd(58)} ${"grown".padStart(10)} ${"empty".padStart(10)}  cost ratio (median of rounds)  unit`)
    for (const [name, r] of [
      [`LogVolunteerService, stream of ${LONG.toLocaleString("en")} events vs empty`, long],
      [`exec RecordActivity, ${ACTIVITIES.toLocaleString("en")} activities vs none`, busy]
    ] as const) {
      console.log(`  ${name.padEnd(58)} ${fmt(r.subject)} ${fmt(r.baseline)}  ${r.ratio.toFixed(2)}× (overall ${(r.baseline / r.subject).toFixed(2)}×)  commands/s`)
    }
    console.log(`  first command on the ${LONG.toLocaleString("en")}-event stream (reads it whole, takes its snapshot): ${first.toFixed(0)} ms, once`)
  } finally {
    await runtime.dispose()
  }
}

/** The decisions benchmark on SQLite and PostgreSQL (see the module's header). */
export const runDecisions = async (options: { readonly scale: number; readonly pgUrl: string }): Promise<void> => {
  const commands = Math.max(30, Math.round(600 * options.scale))
  console.log(`decisions that do not re-read a growing stream: ${commands} commands per side, alternating in ${ROUNDS} rounds; target: each ratio ≤ 1.5×`)
  const dir = mkdtempSync(join(tmpdir(), "fulian-bench-decisions-"))
  try {
    await measure("SQLite (synchronous NORMAL, WAL)", SqliteEventStore.layer({ filename: join(dir, "decisions.db"), durability: "normal" }), commands)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const schema = `bench_decisions_${process.pid}_${Date.now().toString(36)}`
  try {
    await measure("PostgreSQL", PostgresEventStore.layer({ url: options.pgUrl, schema, maxConnections: 4 }), commands)
  } finally {
    const cleanup = ManagedRuntime.make(PgClient.layer({ url: Redacted.make(options.pgUrl) }).pipe(Layer.provide(Reactivity.layer)))
    await cleanup.runPromise(SqlClient.use((sql) => sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)))
    await cleanup.dispose()
  }
}
