/**
 * The custom projection of Projection.ts's header, run with `catchUp` on the in-memory stores,
 * and the checkpoint: a catch-up after a partial or failed run continues from it, counting
 * nothing twice. The regions between `#region` and `#endregion` are the code of
 * docs/how-to/write-a-projection.md, which the last test checks word for word.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Effect, Fiber, Layer } from "effect"
import { describe, expect, it } from "vitest"
import * as Case from "@fulian/core/Case"
import * as Organization from "@fulian/core/Organization"
import { EventStore } from "@fulian/store/EventStore"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as MemoryProjectionStore from "@fulian/projections/MemoryProjectionStore"
import { appendAll, given, type Given, on } from "../support/ProjectionSpec.ts"

// #region define
import * as Policy from "@fulian/core/Policy"
import * as Projection from "@fulian/projections/Projection"

/** Cases registered, per organization. */
export const casesPerOrganization = Projection.make({
  name: "cases-per-organization",
  version: 1,
  initial: {} as Record<string, number>,
  apply: (state, { event }) =>
    event._tag === "CaseRegistered"
      ? { ...state, [event.organizationId]: (state[event.organizationId] ?? 0) + 1 }
      : state
})
// #endregion define

// #region rows
import * as Table from "@fulian/projections/Table"

/** Each case's organization and how many sessions it had: a row per case. */
export const sessionsPerCase = Projection.rows({
  name: "sessions-per-case",
  version: 1,
  initial: { cases: Table.empty<{ readonly organizationId: string; readonly sessions: number }>() },
  // The rows `apply` reads for an event: only these are loaded while it runs.
  reads: ({ event }) => (event._tag === "MediationSessionHeld" ? [["cases", event.caseId]] : []),
  apply: (state, { event }) => {
    switch (event._tag) {
      case "CaseRegistered":
        return { cases: Table.set(state.cases, event.caseId, { organizationId: event.organizationId, sessions: 0 }) }
      case "MediationSessionHeld": {
        const before = Table.get(state.cases, event.caseId)
        return before === undefined ? state : { cases: Table.set(state.cases, event.caseId, { ...before, sessions: before.sessions + 1 }) }
      }
      default:
        return state
    }
  }
})
// #endregion rows

// #region run
const countCases = Effect.gen(function*() {
  const stored = yield* Projection.catchUp(casesPerOrganization)
  return stored.state // { c1: 2, c2: 1 }: the counts, saved with the checkpoint
})
// #endregion run

// #region stores
const inMemory = Layer.mergeAll(MemoryEventStore.layer, MemoryProjectionStore.layer)
// #endregion stores

const registered = (caseId: string, organizationId: string, day: number): Given =>
  on(Case.aggregate, caseId, [
    Case.CaseRegistered.make({
      caseId,
      organizationId,
      level: "community",
      receivedAt: `2026-03-${String(day).padStart(2, "0")}T09:00:00.000Z`,
      registeredAt: `2026-03-${String(day).padStart(2, "0")}T10:00:00.000Z`,
      channel: "hotline",
      category: "ordinary-dispute",
      sudden: false,
      typicalInfringement: false,
      householdIds: [],
      parties: [{ partyId: "p1", name: "Li Mei" }],
      narrative: "A dispute over a shared wall"
    })
  ], { at: `2026-03-${String(day).padStart(2, "0")}T10:00:00.000Z`, actor: { person: `mediator@${organizationId}`, role: "mediator", organization: organizationId } })

const resolved = (caseId: string, organizationId: string, day: number): Given =>
  on(Case.aggregate, caseId, [
    Case.CaseResolved.make({ caseId, organizationId, resolvedOn: `2026-03-${String(day).padStart(2, "0")}`, resolution: "mediated-agreement" })
  ], { at: `2026-03-${String(day).padStart(2, "0")}T15:00:00.000Z`, actor: { person: `chair@${organizationId}`, role: "chair", organization: organizationId } })

const organizations = ["c1", "c2"].map((organizationId) =>
  on(Organization.aggregate, organizationId, [Organization.OrganizationRegistered.make({ organizationId, name: `Community ${organizationId}`, level: "community" })], {
    at: "2026-01-02T00:00:00.000Z",
    actor: { person: "cadre", role: "upper-cadre", organization: organizationId }
  })
)

/** Six events: two organizations, then c1's case, its resolution, c2's case and c1's second. */
const world = [...organizations, registered("k1", "c1", 1), resolved("k1", "c1", 3), registered("k2", "c2", 4), registered("k3", "c1", 5)]

const run = <A, E>(effect: Effect.Effect<A, E, EventStore | Projection.ProjectionStore>) => Effect.runPromise(effect.pipe(Effect.provide(inMemory)))

/** Runs a catch-up, returning its result and how many events each saved page applied. */
const counted = <S>(projection: Projection.Projection<S>, options: Projection.RunOptions = {}) =>
  Effect.gen(function*() {
    const pages: Array<number> = []
    let applied = 0
    const stored = yield* Projection.catchUp(projection, {
      ...options,
      onProgress: (p) =>
        Effect.sync(() => {
          pages.push(p.applied - applied)
          applied = p.applied
        })
    })
    return { stored, pages }
  })

describe("a custom projection", () => {
  it("is written in a few lines and run with catchUp on the in-memory stores", async () => {
    const state = await run(Effect.andThen(appendAll(world), countCases))
    expect(state).toEqual({ c1: 2, c2: 1 })
  })

  it("is specified like a ledger: given these events, then these rows", () => {
    // #region spec
    given(casesPerOrganization, ...world).then((counts) => counts, { c1: 2, c2: 1 })
    // #endregion spec
  })

  it("continues from its checkpoint after a partial run, counting nothing twice", async () => {
    const result = await run(Effect.gen(function*() {
      yield* appendAll(world)
      const partial = yield* counted(casesPerOrganization, { upTo: 3, pageSize: 2 })
      const saved = yield* (yield* Projection.ProjectionStore).load(casesPerOrganization.name)
      const rest = yield* counted(casesPerOrganization, { pageSize: 2 })
      const again = yield* counted(casesPerOrganization)
      yield* appendAll([registered("k4", "c2", 6)])
      const more = yield* counted(casesPerOrganization)
      return { partial, saved, rest, again, more }
    }))
    expect(result.partial.stored).toEqual({ version: 1, checkpoint: 3, state: { c1: 1 } })
    expect(result.partial.pages).toEqual([2, 1])
    expect(result.saved).toEqual({ version: 1, checkpoint: 3, state: { c1: 1 } })
    // Only the three events after the checkpoint are read and applied.
    expect(result.rest.pages).toEqual([2, 1])
    expect(result.rest.stored).toEqual({ version: 1, checkpoint: 6, state: { c1: 2, c2: 1 } })
    expect(result.again.pages).toEqual([])
    expect(result.again.stored.state).toEqual({ c1: 2, c2: 1 })
    expect(result.more.pages).toEqual([1])
    expect(result.more.stored).toEqual({ version: 1, checkpoint: 7, state: { c1: 2, c2: 2 } })
  })

  it("continues from the last saved page after a run that failed in the middle, ending as a clean run does", async () => {
    const memory = MemoryProjectionStore.make()
    let saves = 0
    // A store whose third save fails, as a crash between two pages would leave it.
    const failing = Layer.succeed(Projection.ProjectionStore, {
      ...memory,
      save: (name, stored) =>
        ++saves === 3 ? Effect.fail(new Projection.ProjectionStoreError({ projection: name, detail: "disk full" })) : memory.save(name, stored)
    })
    const clean = await run(Effect.andThen(appendAll(world), Projection.catchUp(casesPerOrganization)))
    const resumed = await Effect.runPromise(Effect.gen(function*() {
      yield* appendAll(world)
      const failed = yield* Effect.result(Projection.catchUp(casesPerOrganization, { pageSize: 1 }).pipe(Effect.provide(failing)))
      const saved = yield* memory.load(casesPerOrganization.name)
      const resumed = yield* counted(casesPerOrganization, { pageSize: 1 }).pipe(Effect.provideService(Projection.ProjectionStore, memory))
      return { failed: failed._tag, saved, resumed }
    }).pipe(Effect.provide(MemoryEventStore.layer)))
    expect(resumed.failed).toBe("Failure")
    expect(resumed.saved).toEqual({ version: 1, checkpoint: 2, state: {} })
    expect(resumed.resumed.pages).toEqual([1, 1, 1, 1])
    expect(resumed.resumed.stored).toEqual(clean)
  })

  it("is rebuilt from zero when its version changes", async () => {
    const result = await run(Effect.gen(function*() {
      yield* appendAll(world)
      yield* Projection.catchUp(casesPerOrganization)
      const bumped = Projection.make({ ...casesPerOrganization, version: 2 })
      return yield* counted(bumped)
    }))
    expect(result.pages).toEqual([6])
    expect(result.stored).toEqual({ version: 2, checkpoint: 6, state: { c1: 2, c2: 1 } })
  })

  it("is queried like a ledger, with an explicit asOf and policy", async () => {
    // #region ledger
    const lateRegistrations = Effect.gen(function*() {
      const drawn = yield* Ledgers.draw({ policy: Policy.defaults })
      return Ledgers.Cases.rows(drawn.states.cases, { asOf: "2026-03-31", policy: Policy.defaults }).lateRegistrations
    })
    // #endregion ledger
    expect(await run(Effect.andThen(appendAll(world), lateRegistrations))).toEqual([])
  })
})

describe("a projection kept as rows", () => {
  it("keeps a row per case, reads back only the rows it declares while it runs, and gives the whole table once caught up", async () => {
    const sessions = (caseId: string, organizationId: string, day: number): Given =>
      on(Case.aggregate, caseId, [
        Case.MediationSessionHeld.make({ caseId, organizationId, heldOn: `2026-03-${String(day).padStart(2, "0")}`, mediators: ["调解员"], outcome: "adjourned", notes: "调解" })
      ])
    const events = [...world, sessions("k1", "c1", 10), sessions("k1", "c1", 11), sessions("k3", "c1", 12)]
    const result = await run(Effect.gen(function*() {
      yield* appendAll(events)
      // Every row let go after each page of one event: a row read but not declared would fail.
      const advanced = yield* Projection.advanceMany([sessionsPerCase], { pageSize: 1, cacheRows: 0 })
      const stored = yield* Projection.catchUp(sessionsPerCase)
      return { advanced, stored }
    }))
    expect(result.advanced.map((a) => a.checkpoint)).toEqual([result.stored.checkpoint])
    expect(Table.toObject(result.stored.state.cases)).toEqual({
      k1: { organizationId: "c1", sessions: 2 },
      k2: { organizationId: "c2", sessions: 0 },
      k3: { organizationId: "c1", sessions: 1 }
    })
  })
})

describe("following the log", () => {
  it("keeps a projection kept as rows up to date as events are committed, until interrupted", async () => {
    const result = await run(Effect.gen(function*() {
      yield* appendAll(world.slice(0, 3))
      const follower = yield* Effect.forkChild(Projection.follow(sessionsPerCase, { pollInterval: "5 millis" }))
      const caughtUpTo = (position: number) =>
        Effect.gen(function*() {
          // Waits for the follower (no time is asserted): it saves after every page it applies.
          for (;;) {
            const stored = yield* Projection.load(sessionsPerCase)
            if (stored !== undefined && stored.checkpoint >= position) return stored
            yield* Effect.sleep("5 millis")
          }
        })
      const first = yield* caughtUpTo(3)
      yield* appendAll(world.slice(3))
      const second = yield* caughtUpTo(world.length)
      yield* Fiber.interrupt(follower)
      return { first: Table.toObject(first.state.cases), second: Table.toObject(second.state.cases) }
    }))
    expect(Object.keys(result.first)).toEqual(["k1"])
    expect(Object.keys(result.second)).toEqual(["k1", "k2", "k3"])
  }, 30_000)
})

describe("a projection kept as rows, rebuilt", () => {
  /** Cases registered per organization, a row each, read before each count (`reads`). */
  const counts = (version: number) =>
    Projection.rows({
      name: "case-counts",
      version,
      initial: { counts: Table.empty<number>() },
      reads: ({ event }) => (event._tag === "CaseRegistered" ? [["counts", event.organizationId]] : []),
      apply: (state, { event }) =>
        event._tag === "CaseRegistered" ? { counts: Table.modify(state.counts, event.organizationId, (n) => (n ?? 0) + 1) } : state
    })

  it("starts from no rows when its version changes, reading none of the rows the old version left", async () => {
    const result = await run(Effect.gen(function*() {
      yield* appendAll(world)
      const first = yield* Projection.catchUp(counts(1))
      // The new version's first page reads rows while the old version's are still stored.
      const bumped = yield* Projection.catchUp(counts(2))
      const rebuilt = yield* Projection.rebuild(counts(2), { pageSize: 2, cacheRows: 0 })
      return { first: Table.toObject(first.state.counts), bumped: Table.toObject(bumped.state.counts), rebuilt: Table.toObject(rebuilt.state.counts) }
    }))
    expect(result.first).toEqual({ c1: 2, c2: 1 })
    expect(result.bumped).toEqual({ c1: 2, c2: 1 })
    expect(result.rebuilt).toEqual({ c1: 2, c2: 1 })
  })
})

describe("a run whose saves take time", () => {
  /** Case counts per organization, a row each, read before each count: every page reads a row the page before wrote. */
  const counts = Projection.rows({
    name: "case-counts",
    version: 1,
    initial: { counts: Table.empty<number>() },
    reads: ({ event }) => (event._tag === "CaseRegistered" ? [["counts", event.organizationId]] : []),
    apply: (state, { event }) =>
      event._tag === "CaseRegistered" ? { counts: Table.modify(state.counts, event.organizationId, (n) => (n ?? 0) + 1) } : state
  })
  const cases = Array.from({ length: 12 }, (_, i) => registered(`k${i}`, i % 3 === 0 ? "c2" : "c1", 1 + i))

  /** The in-memory projection store, its row saves made slow (and the `failAt`-th failing); what it was asked, in order. */
  const slowly = (failAt?: number) => {
    const asked: Array<string> = []
    // The rows of each save, as rows new to the store or rows to set.
    const kinds: Array<string> = []
    const store = MemoryProjectionStore.make()
    let saves = 0
    const shape: Projection.ProjectionStoreShape = {
      ...store,
      saveRows: (writes) =>
        Effect.suspend(() => {
          const n = ++saves
          asked.push(`save ${n} started`)
          for (const write of writes) for (const row of [...write.upserts, ...write.inserts]) asked.push(`save ${n} writes ${row.key}`)
          for (const write of writes) kinds.push(...write.inserts.map((row) => `new ${row.key}`), ...write.upserts.map((row) => `set ${row.key}`))
          // Once started, a save runs to its end, as a transaction on its way to a database does.
          return Effect.uninterruptible(Effect.sleep("15 millis").pipe(
            Effect.andThen(n === failAt ? Effect.fail(new Projection.ProjectionStoreError({ projection: "case-counts", detail: "the disk is full" })) : store.saveRows(writes)),
            Effect.tap(() => Effect.sync(() => asked.push(`save ${n} done`)))
          ))
        }),
      readRows: (keys) => Effect.sync(() => asked.push(...keys.map((k) => `read ${k.key}`))).pipe(Effect.andThen(store.readRows(keys)))
    }
    const events = Layer.effect(EventStore, Effect.gen(function*() {
      const events = yield* EventStore
      return { ...events, readAll: (options) => Effect.andThen(Effect.sync(() => asked.push("page read")), events.readAll(options)) }
    })).pipe(Layer.provide(MemoryEventStore.layer))
    return { asked, kinds, layer: Layer.mergeAll(events, Layer.succeed(Projection.ProjectionStore, shape)) }
  }

  it("saves a row it has not written since its reset as new, any other as one to set; a run resumed saves none as new", async () => {
    const { kinds, layer } = slowly()
    const resumed = await Effect.runPromise(Effect.gen(function*() {
      yield* appendAll([...organizations, ...cases])
      yield* Projection.rebuild(counts, { pageSize: 2, cacheRows: 0 })
      const rebuilt = [...kinds]
      kinds.length = 0
      yield* appendAll([registered("k20", "c1", 20), registered("k21", "c3", 21)])
      yield* Projection.catchUp(counts, { pageSize: 2 })
      return { rebuilt, resumed: [...kinds] }
    }).pipe(Effect.provide(layer)))
    // The first count of each organization is new; every later one, set again.
    expect(resumed.rebuilt.filter((k) => k.startsWith("new "))).toEqual(["new c1", "new c2"])
    expect(resumed.rebuilt.filter((k) => k.startsWith("set ")).length).toBeGreaterThan(0)
    // A run from a checkpoint does not know which rows its store holds: it sets them all.
    expect(resumed.resumed.sort()).toEqual(["set c1", "set c3"])
  })

  it("reads and applies the next page while a page is saved, takes the rows of that save from it, and tells progress once a page is saved", async () => {
    const { asked, layer } = slowly()
    const result = await Effect.runPromise(Effect.gen(function*() {
      yield* appendAll([...organizations, ...cases])
      const progress: Array<string> = []
      const store = yield* Projection.ProjectionStore
      yield* Projection.rebuild(counts, {
        pageSize: 2,
        cacheRows: 0,
        onProgress: (p) =>
          Effect.orDie(store.rowsCheckpoint(p.projection)).pipe(Effect.map((stored) => {
            progress.push(`${p.checkpoint}:${stored?.checkpoint}`)
          }))
      })
      return { stored: yield* Projection.load(counts), progress }
    }).pipe(Effect.provide(layer)))
    expect(Table.toObject(result.stored!.state.counts)).toEqual({ c1: 8, c2: 4 })
    // Each page's progress is told when the store holds its checkpoint.
    expect(result.progress).toEqual([2, 4, 6, 8, 10, 12, 14].map((c) => `${c}:${c}`))
    // Save 1 is the reset: the first page is read while it is on its way. From then on the next
    // page is read while a page is saved, and a count that save writes is not asked of the store
    // until it is done.
    const saves = asked.filter((a) => a.endsWith("started") || a.endsWith("done"))
    expect(saves).toEqual(Array.from({ length: 8 }, (_, i) => [`save ${i + 1} started`, `save ${i + 1} done`]).flat())
    for (let n = 1; n <= 7; n++) {
      const during = asked.slice(asked.indexOf(`save ${n} started`), asked.indexOf(`save ${n} done`))
      expect(during, `save ${n}`).toContain("page read")
      for (const written of during.filter((a) => a.startsWith(`save ${n} writes `))) {
        expect(during, `save ${n}`).not.toContain(`read ${written.slice(`save ${n} writes `.length)}`)
      }
    }
    // Some counts were asked of the store: those the page before did not write.
    expect(asked.filter((a) => a.startsWith("read ")).length).toBeGreaterThan(0)
  })

  it("reads and applies a page in parts of at most 500 events, saves it once, and takes a row of the save on its way in any part", async () => {
    const { asked, layer } = slowly()
    // c3 is counted in the first page, then not until the last part of the second, while the
    // first page's save is on its way: its count must come from that save, not the store.
    const many = Array.from({ length: 1_300 }, (_, i) => registered(`k${i}`, i === 5 || i === 1_150 ? "c3" : i % 2 === 0 ? "c1" : "c2", 1 + (i % 28)))
    const limits: Array<number> = []
    const afters: Array<number> = []
    const counted = Layer.effect(EventStore, Effect.gen(function*() {
      const events = yield* EventStore
      return {
        ...events,
        readAll: (options) => Effect.andThen(Effect.sync(() => (limits.push(options.limit), afters.push(options.after))), events.readAll(options))
      }
    }))
    const result = await Effect.runPromise(Effect.gen(function*() {
      yield* appendAll([...organizations, ...many])
      const progress: Array<number> = []
      yield* Projection.rebuild(counts, { pageSize: 600, cacheRows: 0, onProgress: (p) => Effect.sync(() => progress.push(p.checkpoint)) })
      return { stored: yield* Projection.load(counts), progress }
    }).pipe(Effect.provide(Layer.provideMerge(counted, layer))))
    expect(Table.toObject(result.stored!.state.counts)).toEqual({ c1: 649, c2: 649, c3: 2 })
    // Saved a page at a time: after 600 events, 1,200, and the last.
    expect(result.progress).toEqual([600, 1_200, organizations.length + 1_300])
    expect(asked.filter((a) => a.endsWith(" started"))).toHaveLength(4)
    expect(limits.length).toBeGreaterThan(4)
    expect(Math.max(...limits)).toBe(500)
    // Each part is read after the one before, and none again.
    expect(afters).toEqual([...new Set(afters)].sort((a, b) => a - b))
  })

  it("ends, when interrupted, only once the save on its way is done: nothing lands in the store after", async () => {
    const { asked, layer } = slowly()
    const result = await Effect.runPromise(Effect.gen(function*() {
      yield* appendAll([...organizations, ...cases])
      const run = yield* Effect.forkChild(Projection.rebuild(counts, { pageSize: 2, cacheRows: 0 }))
      // Interrupted while its second page is being saved.
      while (!asked.includes("save 3 started")) yield* Effect.sleep("1 millis")
      yield* Fiber.interrupt(run)
      const store = yield* Projection.ProjectionStore
      const atInterrupt = yield* store.rowsCheckpoint("case-counts")
      const asked1 = asked.length
      yield* Effect.sleep("60 millis")
      return { atInterrupt, later: yield* store.rowsCheckpoint("case-counts"), quiet: asked.length === asked1 }
    }).pipe(Effect.provide(layer)))
    expect(result.atInterrupt).toEqual({ version: 1, checkpoint: 4 })
    expect(result.later).toEqual(result.atInterrupt)
    expect(result.quiet).toBe(true)
  })

  it("fails with the error of a save that failed, the store holding the page saved before it", async () => {
    const { layer } = slowly(3)
    const result = await Effect.runPromise(Effect.gen(function*() {
      yield* appendAll([...organizations, ...cases])
      const failed = yield* Effect.flip(Projection.rebuild(counts, { pageSize: 2, cacheRows: 0 }))
      const stored = yield* Projection.load(counts)
      return { failed, stored }
    }).pipe(Effect.provide(layer)))
    expect(result.failed).toBeInstanceOf(Projection.ProjectionStoreError)
    expect(result.failed.message).toContain("the disk is full")
    // Save 1 reset the rows at checkpoint 0; save 2 was the first page (2 events); save 3 failed.
    expect(result.stored!.checkpoint).toBe(2)
  })
})

describe("docs/how-to/write-a-projection.md", () => {
  it("shows only code of this file, word for word", () => {
    const here = fileURLToPath(import.meta.url)
    const source = readFileSync(here, "utf8")
    const doc = readFileSync(new URL("../../../../docs/how-to/write-a-projection.md", import.meta.url), "utf8")
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    expect(blocks.length).toBeGreaterThanOrEqual(4)
    const dedent = (region: string) => {
      const lines = region.split("\n")
      const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length))
      return lines.map((l) => l.slice(indent)).join("\n")
    }
    const regions = [...source.matchAll(/\/\/ #region (\w+)\n([\s\S]*?)\s*\/\/ #endregion \1/g)].map((m) => dedent(m[2]!))
    for (const block of blocks) {
      expect(regions.includes(block.replace(/\n$/, "")), `this block of the how-to is not a region of ${here}:\n${block}`).toBe(true)
    }
  })
})
