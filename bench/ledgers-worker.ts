/**
 * The work of the ledger rebuild benchmark (`bench/ledgers.ts`), one phase per child process so
 * that each phase's peak memory is its own:
 *
 * - `seed`: appends `--events` events of a federation's ordinary work to a store (in appends of
 *   many streams, with no decision — the benchmark measures the ledgers, not the commands);
 * - `count`: rebuilds a counting projection kept as one small document: the floor of a rebuild
 *   (reading and decoding the log, saving a checkpoint per page);
 * - `ledgers`: rebuilds every ledger (台帐), in one pass over the log.
 *
 * The events, ten per round `i`, over 21 organizations (a street and 20 communities): a household
 * registered and linked to a representative; a case registered, mediated and resolved; two
 * contact visits; an activity; a meeting scheduled and held. Their dates run over six years.
 *
 * - `seed-stream`, `history`: one stream of `--events` contact visits, then its history read as
 *   `fulian history --format json` reads it (page by page).
 *
 * Usage: tsx bench/ledgers-worker.ts --phase seed|count|ledgers|seed-stream|history|drop --store sqlite|postgres
 *          --events N [--file <SQLite file>] [--schema <PostgreSQL schema>] [--pg-url <url>]
 * Output: one line of JSON: {"phase", "store", "events", "seconds", "rate", "peakRssMb"}.
 */
import { parseArgs } from "node:util"
import { Effect, Layer, ManagedRuntime, Stream } from "effect"
import * as History from "@fulian/cli/History"
import * as Term from "@fulian/core/Term"
import * as Case from "@fulian/core/Case"
import { type Aggregate, streamName } from "@fulian/core/Decider"
import * as Domain from "@fulian/core/Domain"
import * as Household from "@fulian/core/Household"
import * as Meeting from "@fulian/core/Meeting"
import * as Organization from "@fulian/core/Organization"
import * as Policy from "@fulian/core/Policy"
import * as Representation from "@fulian/core/Representation"
import * as Activity from "@fulian/core/Activity"
import { EventStore, type StreamWrite } from "@fulian/store/EventStore"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as Projection from "@fulian/projections/Projection"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import * as SqliteProjectionStore from "@fulian/store-sqlite/SqliteProjectionStore"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
import * as PostgresProjectionStore from "@fulian/store-postgres/PostgresProjectionStore"

const { values } = parseArgs({
  options: {
    phase: { type: "string" },
    store: { type: "string" },
    events: { type: "string" },
    file: { type: "string" },
    schema: { type: "string" },
    "pg-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
    from: { type: "string" },
    "page-size": { type: "string" },
    "cache-rows": { type: "string" }
  }
})

const COMMUNITIES = 20
const REPRESENTATIVES = 50
const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 50) * 86_400_000).toISOString().slice(0, 10)
const community = (i: number) => `c${i % COMMUNITIES}`

type Given = { readonly stream: string; readonly events: ReadonlyArray<Domain.Event>; readonly on: string }
const on = <S, E extends Domain.Event>(aggregate: Aggregate<S, E>, id: string, on: string, ...events: ReadonlyArray<E>): Given =>
  ({ stream: streamName(aggregate, id), events, on })

/** The organizations and their representatives, before any round. */
const setup = (): ReadonlyArray<Given> => [
  on(Organization.aggregate, "s1", "2020-01-01", Organization.OrganizationRegistered.make({ organizationId: "s1", name: "青山街道妇联", level: "street" })),
  ...Array.from({ length: COMMUNITIES }, (_, c) =>
    on(Organization.aggregate, `c${c}`, "2020-01-01", Organization.OrganizationRegistered.make({ organizationId: `c${c}`, name: `社区${c}妇联`, level: "community", parentId: "s1" }))),
  // Each community's committee, whose chair gives the commands of the `commands` phase.
  ...Array.from({ length: COMMUNITIES }, (_, c) =>
    on(Term.aggregate, `c${c}`, "2020-01-01", Term.ExecutiveCommitteeElected.make({
      termId: `c${c}-t`, organizationId: `c${c}`, congressSession: "第一届", electedOn: "2020-01-01", startsOn: "2020-01-01", endsOn: "2099-01-01",
      residentsCommitteeElectedOn: "2020-01-01", members: [{ personId: `chair@c${c}`, name: "主席", position: "chair" }]
    }))),
  ...Array.from({ length: COMMUNITIES }, (_, c) =>
    on(Representation.aggregate, `c${c}`, "2020-01-01", ...Array.from({ length: REPRESENTATIVES }, (_, r) =>
      Representation.RepresentativeElected.make({ organizationId: `c${c}`, representativeId: `c${c}-r${r}`, name: `代表${r}`, congressSession: `c${c}-2020`, electedOn: "2020-01-01" }))))
]

/** The ten events of round `i`. */
const round = (i: number): ReadonlyArray<Given> => {
  const c = community(i)
  const on_ = day(i)
  const householdId = `h${i}`
  const representativeId = `${c}-r${Math.floor(i / COMMUNITIES) % REPRESENTATIVES}`
  const caseId = `k${i}`
  return [
    on(Household.aggregate, householdId, on_, Household.HouseholdRegistered.make({ householdId, organizationId: c, headName: `户主${i}`, address: `${c} 路 ${i} 号`, circumstances: i % 7 === 0 ? ["empty-nest-elderly"] : [] })),
    on(Representation.aggregate, c, on_, Representation.HouseholdLinked.make({ organizationId: c, representativeId, householdId, on: on_ })),
    on(Case.aggregate, caseId, on_,
      Case.CaseRegistered.make({ caseId, organizationId: c, level: "community", receivedAt: `${on_}T01:00:00.000Z`, registeredAt: `${on_}T01:00:00.000Z`, channel: "visit", category: "ordinary-dispute", sudden: false, typicalInfringement: false, householdIds: [householdId], parties: [], narrative: "邻里纠纷" }),
      Case.MediationSessionHeld.make({ caseId, organizationId: c, heldOn: on_, mediators: ["调解员"], outcome: "agreement-reached", notes: "调解成功" }),
      Case.CaseResolved.make({ caseId, organizationId: c, resolvedOn: on_, resolution: "mediated-agreement" })),
    on(Representation.contactLog, c, on_,
      Representation.ContactVisitRecorded.make({ organizationId: c, representativeId, householdId, visitedOn: on_, method: "home-visit", topics: [], notes: "" }),
      Representation.ContactVisitRecorded.make({ organizationId: c, representativeId, householdId, visitedOn: on_, method: "phone", topics: [], notes: "" })),
    // In its own stream, as the command handler writes an activity.
    on(Activity.ownActivity, Activity.recordId(c, `a${i}`), on_, Activity.ActivityRecorded.make({ organizationId: c, activityId: `a${i}`, kind: "legal-lecture", title: "法律讲座", heldOn: on_, participants: 30, beneficiaries: 30 })),
    on(Meeting.aggregate, `m${i}`, on_,
      Meeting.MeetingScheduled.make({ meetingId: `m${i}`, organizationId: c, kind: "monthly", date: on_, topic: "学习" }),
      Meeting.MeetingHeld.make({ meetingId: `m${i}`, heldOn: on_, attendees: ["chair"], minutes: "学习" }))
  ]
}

let sequence = 0

/** The writes of some givens: one per stream (a store takes a stream once per append), in order. */
const writesOf = (given: ReadonlyArray<Given>): ReadonlyArray<StreamWrite> => {
  const byStream = new Map<string, Array<StreamWrite["events"][number]>>()
  for (const g of given) {
    let events = byStream.get(g.stream)
    if (events === undefined) byStream.set(g.stream, events = [])
    for (const event of g.events) {
      const id = `00000000-0000-7000-8000-${(++sequence).toString(16).padStart(12, "0")}`
      events.push({
        eventId: id,
        ...Domain.codec.encode(event),
        metadata: { actor: { person: "chair", role: "chair", organization: "s1" }, occurredAt: g.on, commandId: id, causationId: id, correlationId: id }
      })
    }
  }
  return [...byStream].map(([stream, events]) => ({ stream, expected: "any", events }))
}

const layerOf = (): Layer.Layer<EventStore | Projection.ProjectionStore | PostgresEventStore.PostgresEventStore, unknown> => {
  if (values.store === "sqlite") {
    const events = SqliteEventStore.layer({ filename: values.file!, durability: "normal" })
    // No PostgreSQL store here; `drop` is only asked of PostgreSQL.
    return Layer.provideMerge(SqliteProjectionStore.layer, events) as Layer.Layer<EventStore | Projection.ProjectionStore | PostgresEventStore.PostgresEventStore, unknown>
  }
  const events = PostgresEventStore.layer({ url: values["pg-url"]!, schema: values.schema!, maxConnections: 2 })
  return Layer.provideMerge(PostgresProjectionStore.layer, events)
}

const counting = Projection.make({
  name: "bench-count",
  version: 1,
  initial: { count: 0, byType: {} as Record<string, number> },
  apply: (state, { event }) => ({ count: state.count + 1, byType: { ...state.byType, [event._tag]: (state.byType[event._tag] ?? 0) + 1 } })
})

const main = async () => {
  const events = Number(values.events)
  const runtime = ManagedRuntime.make(layerOf())
  try {
    const start = performance.now()
    let done = 0
    if (values.phase === "drop") {
      const store = await runtime.runPromise(PostgresEventStore.PostgresEventStore.useSync((s) => s))
      await runtime.runPromise(store.sql.unsafe(`DROP SCHEMA IF EXISTS "${values.schema}" CASCADE`))
    } else if (values.phase === "seed-stream") {
      // One community's contact visits in one stream, read back by its chair (`history`).
      const store = await runtime.runPromise(EventStore.useSync((s) => s))
      const setupGiven: Array<Given> = [
        on(Organization.aggregate, "c1", "2020-01-01", Organization.OrganizationRegistered.make({ organizationId: "c1", name: "社区妇联", level: "community" })),
        on(Term.aggregate, "c1", "2020-01-01", Term.ExecutiveCommitteeElected.make({
          termId: "c1-t", organizationId: "c1", congressSession: "第一届", electedOn: "2020-01-01", startsOn: "2020-01-01", endsOn: "2099-01-01",
          residentsCommitteeElectedOn: "2020-01-01", members: [{ personId: "chair", name: "主席", position: "chair" }]
        }))
      ]
      await runtime.runPromise(store.append(writesOf(setupGiven)))
      for (let at = 0; at < events; at += 1000) {
        const visits = Array.from({ length: Math.min(1000, events - at) }, (_, k) =>
          Representation.ContactVisitRecorded.make({ organizationId: "c1", representativeId: `r${(at + k) % 50}`, householdId: `h${(at + k) % 5000}`, visitedOn: day(at + k), method: "home-visit", topics: [], notes: "走访" }))
        await runtime.runPromise(store.append(writesOf([on(Representation.contactLog, "c1", day(at), ...visits)])))
        done += visits.length
      }
    } else if (values.phase === "history") {
      // What `fulian history contact-visits-c1 --format json` does, written to nowhere.
      const reader = { actor: { person: "chair", role: "chair", organization: "c1" } } as const
      await runtime.runPromise(Stream.runForEachArray(History.stream(reader, "contact-visits-c1", Policy.defaults), (entries) =>
        Effect.sync(() => {
          for (const e of entries) if (History.jsonLine(e).length > 0) done++
        })).pipe(Effect.provideService(Policy.Policy, Policy.defaults)))
    } else if (values.phase === "commands") {
      // Fresh records in a store of `--events` earlier ones: `RegisterHousehold` and
      // `RecordActivity` by a community's chair, decoded from JSON and executed one after another.
      const commandsOf = (tag: string, n: number) => Array.from({ length: n }, (_, i) => {
        const c = `c${i % COMMUNITIES}`
        const actor = { person: `chair@${c}`, role: "chair", organization: c }
        return i % 2 === 0
          ? { _tag: "RegisterHousehold", actor, householdId: `${tag}-h${i}`, organizationId: c, headName: "户主", address: "地址", circumstances: [] }
          : { _tag: "RecordActivity", actor, organizationId: c, activityId: `${tag}-a${i}`, kind: "legal-lecture", title: "法律讲座", heldOn: "2026-01-05", participants: 30, beneficiaries: 30 }
      })
      const exec = (json: unknown) => Effect.flatMap(Domain.decodeCommand(json), (command) => Domain.execute(command))
      const tag = Date.now().toString(36)
      // A few first, unmeasured: the code's first runs.
      for (const json of commandsOf(`${tag}w`, 20)) await runtime.runPromise(exec(json).pipe(Effect.provide(Policy.layer())))
      const commands = commandsOf(tag, events)
      const started = performance.now()
      for (const json of commands) await runtime.runPromise(exec(json).pipe(Effect.provide(Policy.layer())))
      done = commands.length
      const seconds = (performance.now() - started) / 1000
      console.log(JSON.stringify({ phase: values.phase, store: values.store, events: done, seconds, rate: done / seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }))
      return
    } else if (values.phase === "seed") {
      const store = await runtime.runPromise(EventStore.useSync((s) => s))
      // `--from`: the round to start at, to add to a store seeded before.
      const from = Number(values.from ?? 0)
      let pending: Array<Given> = from === 0 ? [...setup()] : []
      // At most 1,000 events an append (PostgreSQL takes 1,024).
      const flush = async () => {
        let batch: Array<Given> = []
        let size = 0
        for (const g of [...pending, undefined]) {
          if (g === undefined || (size + g.events.length > 1000 && batch.length > 0)) {
            if (batch.length > 0) await runtime.runPromise(store.append(writesOf(batch)))
            done += size
            batch = []
            size = 0
          }
          if (g !== undefined) {
            batch.push(g)
            size += g.events.length
          }
        }
        pending = []
      }
      await flush()
      for (let i = from; done < events; i++) {
        pending.push(...round(i))
        if (pending.length >= 200) await flush()
      }
      if (pending.length > 0) await flush()
    } else if (values.phase === "count") {
      done = (await runtime.runPromise(Projection.rebuild(counting, { pageSize: 1000 }))).state.count
    } else {
      // Events applied (positions need not be dense: PostgreSQL's are not).
      // The page and the rows held as `fulian rebuild` runs them (the library's defaults), unless given.
      const sizes = {
        ...(values["page-size"] === undefined ? {} : { pageSize: Number(values["page-size"]) }),
        ...(values["cache-rows"] === undefined ? {} : { cacheRows: Number(values["cache-rows"]) })
      }
      await runtime.runPromise(Ledgers.rebuildAll(Policy.defaults, { ...sizes, onProgress: (p) => Effect.sync(() => { done = Math.max(done, p.applied) }) }))
    }
    const seconds = (performance.now() - start) / 1000
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
    console.log(JSON.stringify({ phase: values.phase, store: values.store, events: done, seconds, rate: done / seconds, peakRssMb }))
  } finally {
    await runtime.dispose()
  }
}

await main()
