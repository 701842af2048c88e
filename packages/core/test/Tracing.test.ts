/**
 * Every command runs in one span tree on Effect's tracer — the command, its attempts, and in
 * each the decision (with the streams it loads) and the append — and the store's calls under
 * them when the store is traced (`TracedEventStore`). No span says anything of a person.
 */
import { Cause, Clock, Effect, Exit, Layer, Option, Tracer } from "effect"
import * as TestClock from "effect/testing/TestClock"
import { v7 as uuidv7 } from "uuid"
import { describe, expect, it } from "vitest"
import { EventStore, type EventStoreShape, type StreamWrite } from "@fulian/store/EventStore"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as TracedEventStore from "@fulian/store/TracedEventStore"
import * as Domain from "../src/Domain.ts"
import * as Household from "../src/Household.ts"
import * as Organization from "../src/Organization.ts"
import * as Policy from "../src/Policy.ts"
import { toMillis } from "../src/Time.ts"
import { actor, backed, NOW, seed } from "./support/Spec.ts"

/** The personal data the commands below carry: none of it may reach a span. */
const personal = { person: "li-na", headName: "王秀英", address: "青波路1号301室" }
const cadre = actor("executive-member", "c1", personal.person)
const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "青波社区", level: "community", parentId: "s1" })
const neighbour = Organization.OrganizationRegistered.make({ organizationId: "c2", name: "绿水社区", level: "community", parentId: "s1" })
const register = (householdId: string, organizationId = "c1", commandId?: string): Domain.Command => ({
  _tag: "RegisterHousehold",
  ...(commandId ? { commandId } : {}),
  actor: cadre,
  householdId,
  organizationId,
  headName: personal.headName,
  address: personal.address,
  circumstances: []
})
const change: Domain.Command = { _tag: "ChangeHouseholdCircumstances", actor: cadre, householdId: "h1", circumstances: ["disability"] }

/** A tracer that keeps every span it makes. */
const recording = () => {
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span(options) {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  return { spans, tracer }
}

/**
 * A memory store where another process writes a stream just before the next append, once
 * `rival.write` is set: that append conflicts, and the command decides again.
 */
const rivalled = (store: EventStoreShape, rival: { write?: StreamWrite | undefined }): EventStoreShape => ({
  ...store,
  append: (writes, options) =>
    Effect.suspend(() => {
      const write = rival.write
      rival.write = undefined
      return write === undefined ? store.append(writes, options) : Effect.andThen(store.append([write]), store.append(writes, options))
    })
})

/** An event another process appends to household h1. */
const rivalWrite = (): StreamWrite => ({
  stream: "household-h1",
  expected: "any",
  events: [{
    eventId: uuidv7(),
    ...Domain.codec.encode(Household.HouseholdCircumstancesChanged.make({ householdId: "h1", circumstances: ["low-income"] })),
    metadata: { actor: { person: "other", role: "executive-member", organization: "c1" }, occurredAt: NOW, commandId: uuidv7(), causationId: "x", correlationId: "x" }
  }]
})

/** Runs an effect on a traced, rivalled memory store with a test clock, recording its spans. */
const runTraced = <A, E>(tracer: Tracer.Tracer, rival: { write?: StreamWrite | undefined }, effect: Effect.Effect<A, E, EventStore | Policy.Policy>) => {
  const store = Layer.provide(
    TracedEventStore.layer,
    Layer.effect(EventStore, Clock.clockWith((clock) => Effect.succeed(rivalled(MemoryEventStore.make(clock), rival))))
  )
  return Effect.runPromise(
    Effect.gen(function*() {
      yield* TestClock.setTime(toMillis(NOW))
      return yield* effect
    }).pipe(
      Effect.provide(Layer.mergeAll(Layer.provideMerge(store, TestClock.layer()), Policy.layer())),
      Effect.provideService(Tracer.Tracer, tracer),
      Effect.scoped
    ) as Effect.Effect<A, E>
  )
}

interface Node {
  readonly span: Tracer.NativeSpan
  readonly children: ReadonlyArray<Node>
}

/** The span trees: each root span with its descendants, in the order they started. */
const treesOf = (spans: ReadonlyArray<Tracer.NativeSpan>): ReadonlyArray<Node> => {
  const node = (span: Tracer.NativeSpan): Node => ({
    span,
    children: spans.filter((s) => Option.isSome(s.parent) && s.parent.value.spanId === span.spanId).map(node)
  })
  return spans.filter((s) => Option.isNone(s.parent)).map(node)
}

/** A tree as names, for comparing shapes. */
const shape = (node: Node): unknown => node.children.length === 0 ? node.span.name : { [node.span.name]: node.children.map(shape) }

const attributes = (node: Node) => Object.fromEntries(node.span.attributes)

/** Everything a tracer could export of a span: its name, its attributes, and what it failed with. */
const exported = (span: Tracer.NativeSpan): string => {
  const exit = span.status._tag === "Ended" ? span.status.exit : undefined
  const errors = exit !== undefined && Exit.isFailure(exit)
    ? Cause.prettyErrors(exit.cause, { includeCauseInStack: true }).map((e) => [e.name, e.message, e.stack])
    : []
  return JSON.stringify([span.name, [...span.attributes], errors])
}

describe("tracing", () => {
  it("makes one span tree per command: its attempts, and in each the decision with its loads, the append, and the store's calls", async () => {
    const { spans, tracer } = recording()
    const rival: { write?: StreamWrite | undefined } = {}
    const commandId = uuidv7()
    await runTraced(tracer, rival, Effect.gen(function*() {
      yield* seed([{ stream: "organization-c1", events: [community] }, { stream: "organization-c2", events: [neighbour] }, ...backed(cadre)])
      spans.length = 0
      yield* Domain.execute(register("h1", "c1", commandId))
      // Another process writes household h1 between this command's read and its append.
      rival.write = rivalWrite()
      yield* Domain.execute(change)
      // The same command again: already registered, answered with its first outcome.
      yield* Domain.execute(register("h1", "c1", commandId))
      // Refused by the rules inside the decision: another community's household.
      yield* Effect.flip(Domain.execute(register("h2", "c2")))
      // Refused by role, before anything is read.
      yield* Effect.flip(Domain.execute({ ...change, actor: actor("volunteer", "c1", personal.person) }))
    }))

    const trees = treesOf(spans)
    expect(trees.map((t) => t.span.name)).toEqual([
      "fulian.command RegisterHousehold",
      "fulian.command ChangeHouseholdCircumstances",
      "fulian.command RegisterHousehold",
      "fulian.command RegisterHousehold",
      "fulian.command ChangeHouseholdCircumstances"
    ])
    const [registered, changed, duplicate, refused, unauthorized] = trees as [Node, Node, Node, Node, Node]

    // Applied at the first attempt: the actor's standing read (her committee's term), the
    // household and its community loaded, the household written, the community checked.
    expect(shape(registered)).toEqual({
      "fulian.command RegisterHousehold": [{
        "fulian.attempt": [
          { "fulian.decide": expect.arrayContaining([{ "fulian.load": ["fulian.store.readStream"] }]) },
          { "fulian.append": ["fulian.store.append"] }
        ]
      }]
    })
    expect(registered.children[0]!.children[0]!.children.map(attributes)).toEqual([
      { "fulian.stream": "term-c1", "fulian.version": 1 },
      { "fulian.stream": "household-h1", "fulian.version": 0 },
      { "fulian.stream": "organization-c1", "fulian.version": 1 }
    ])
    expect(attributes(registered)).toEqual({
      "fulian.command.tag": "RegisterHousehold",
      "fulian.command.id": commandId,
      "fulian.actor.role": "executive-member",
      "fulian.actor.organization": "c1",
      "fulian.attempts": 1,
      "fulian.outcome": "applied",
      "fulian.streams": ["household-h1"],
      "fulian.events": 1
    })
    expect(attributes(registered.children[0]!.children[1]!)).toEqual({
      "fulian.streams": ["household-h1"],
      // The community is checked at the version read; the committee's term only read.
      "fulian.streams.checked": ["organization-c1"],
      "fulian.events": 1
    })
    expect(attributes(registered.children[0]!.children[1]!.children[0]!)).toMatchObject({
      "fulian.streams": expect.arrayContaining(["household-h1", "organization-c1"]),
      "fulian.events": 1,
      "fulian.duplicate": false
    })

    // A conflict: the first attempt's append fails on household h1, the second applies.
    const attempt = (n: number) => ({
      "fulian.attempt": [
        { "fulian.decide": [{ "fulian.load": ["fulian.store.readStream"] }, { "fulian.load": ["fulian.store.readStream"] }] },
        { "fulian.append": ["fulian.store.append"] }
      ],
      n
    })
    expect(changed.children.map((a) => attributes(a)["fulian.attempt"])).toEqual([1, 2])
    for (const a of changed.children) expect({ ...(shape(a) as object), n: attributes(a)["fulian.attempt"] }).toEqual(attempt(attributes(a)["fulian.attempt"] as number))
    expect(attributes(changed.children[0]!)).toEqual({ "fulian.attempt": 1, "fulian.conflict.stream": "household-h1" })
    const [firstAppend, secondAppend] = changed.children.map((a) => a.children[1]!)
    expect(firstAppend!.span.status._tag === "Ended" && Exit.isFailure(firstAppend!.span.status.exit)).toBe(true)
    expect(Cause.prettyErrors((firstAppend!.span.status as { exit: Exit.Failure<unknown, unknown> }).exit.cause).map((e) => e.message))
      .toEqual(["EventStoreError: WrongExpectedVersion"])
    expect(secondAppend!.span.status._tag === "Ended" && Exit.isSuccess(secondAppend!.span.status.exit)).toBe(true)
    expect(changed.children[1]!.children[0]!.children.map(attributes)).toContainEqual({ "fulian.stream": "household-h1", "fulian.version": 2 })
    expect(attributes(changed)).toMatchObject({ "fulian.attempts": 2, "fulian.outcome": "applied", "fulian.streams": ["household-h1"] })

    // The repeat: the rules refuse it, the command id's first outcome answers it.
    expect(attributes(duplicate)).toMatchObject({ "fulian.command.id": commandId, "fulian.attempts": 1, "fulian.outcome": "duplicate", "fulian.streams": ["household-h1"] })
    expect(duplicate.children[0]!.children.map((c) => c.span.name)).toEqual(["fulian.decide", "fulian.store.readCommand"])
    expect(attributes(duplicate.children[0]!.children[1]!)).toEqual({ "fulian.command.id": commandId, "fulian.found": true })

    // Refused inside the decision, and refused by role before any attempt.
    expect(attributes(refused)).toMatchObject({ "fulian.attempts": 1, "fulian.outcome": "refused", "fulian.error.tag": "Unauthorized" })
    expect(attributes(refused)).not.toHaveProperty("fulian.streams")
    expect(refused.children[0]!.children.map((c) => c.span.name)).toEqual(["fulian.decide"])
    expect(attributes(unauthorized)).toMatchObject({ "fulian.attempts": 0, "fulian.outcome": "refused", "fulian.error.tag": "Unauthorized" })
    expect(unauthorized.children).toEqual([])

    // Every span ended, and no span says who did it or anything of the household.
    expect(spans.every((s) => s.status._tag === "Ended")).toBe(true)
    const everything = spans.map(exported).join("\n")
    expect(everything).toContain("Unauthorized")
    for (const value of Object.values(personal)) expect(everything).not.toContain(value)
  })

  it("gives each store call its span, with what it read", async () => {
    const { spans, tracer } = recording()
    await runTraced(tracer, {}, Effect.gen(function*() {
      yield* seed([{ stream: "organization-c1", events: [community] }])
      const store = yield* EventStore
      spans.length = 0
      yield* store.readAll({ after: 0, limit: 10 })
      yield* store.readStream("organization-c1", { fromVersion: 2 })
      yield* store.readCommand(uuidv7())
      yield* Effect.flip(store.append([{ stream: "organization-c1", expected: 0, events: rivalWrite().events }]))
    }))
    expect(spans.map((s) => [s.name, Object.fromEntries(s.attributes)])).toEqual([
      ["fulian.store.readAll", { "fulian.after": 0, "fulian.limit": 10, "fulian.count": 1 }],
      ["fulian.store.readStream", { "fulian.stream": "organization-c1", "fulian.from_version": 2, "fulian.count": 0 }],
      ["fulian.store.readCommand", { "fulian.command.id": expect.any(String), "fulian.found": false }],
      ["fulian.store.append", { "fulian.streams": ["organization-c1"], "fulian.events": 1 }]
    ])
    const failed = spans[3]!.status as { exit: Exit.Exit<unknown, unknown> }
    expect(Exit.isFailure(failed.exit) && Cause.prettyErrors(failed.exit.cause).map((e) => e.message)).toEqual(["EventStoreError: WrongExpectedVersion"])
  })
  it("makes no span and adds nothing to the caller's with no tracer installed (Effect's native tracer exports nothing)", async () => {
    // The span current where the command reads the store: the caller's, as no other was made.
    const reading: Array<string> = []
    const seen = await runTraced(Tracer.nativeTracer, {}, Effect.gen(function*() {
      yield* seed([{ stream: "organization-c1", events: [community] }, ...backed(cadre)])
      const caller = yield* Effect.currentSpan
      const store = yield* EventStore
      const outcome = yield* Effect.provideService(Domain.execute(register("h1")), EventStore, {
        ...store,
        readStream: (stream, options) =>
          Effect.flatMap(Effect.currentSpan, (span) => {
            reading.push((span as Tracer.Span).name)
            return store.readStream(stream, options)
          })
      })
      return { caller, outcome }
    }).pipe(Effect.withSpan("caller")))
    expect(seen.outcome.events.map((e) => e.type)).toEqual(["HouseholdRegistered"])
    expect(reading.length).toBeGreaterThan(0)
    expect(new Set(reading)).toEqual(new Set(["caller"]))
    expect([...(seen.caller as Tracer.NativeSpan).attributes.keys()]).toEqual([])
  })
})
