import { createHash } from "node:crypto"
import { Effect, Schema } from "effect"
import * as TestClock from "effect/testing/TestClock"
import * as fc from "fast-check"
import { v7 as uuidv7 } from "uuid"
import { describe, expect, it } from "vitest"
import { EventStore, type EventStoreShape } from "@fulian/store/EventStore"
import { CommandFields } from "../src/Command.ts"
import * as CommandHandler from "../src/CommandHandler.ts"
import { type Aggregate, emitAppendOnly } from "../src/Decider.ts"
import * as Domain from "../src/Domain.ts"
import * as EventCodec from "../src/EventCodec.ts"
import * as Household from "../src/Household.ts"
import { canonicalJson } from "../src/CanonicalJson.ts"
import { commandHash } from "../src/internal/commandHash.ts"
import { sha256Hex } from "../src/internal/sha256.ts"
import * as Organization from "../src/Organization.ts"
import { runInterleaved } from "./support/Concurrency.ts"
import { actor, backed, NOW, run, seed } from "./support/Spec.ts"

const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const setup = seed([{ stream: "organization-c1", events: [community] }, ...backed(actor("executive-member", "c1"), actor("representative", "c1"))])
const register = (householdId: string, commandId?: string): Domain.Command => ({
  _tag: "RegisterHousehold",
  ...(commandId ? { commandId } : {}),
  actor: actor("executive-member", "c1"),
  householdId,
  organizationId: "c1",
  headName: "Li Na",
  address: "1-101",
  circumstances: []
})
const change = (circumstances: ReadonlyArray<Household.Circumstance>): Domain.Command => ({
  _tag: "ChangeHouseholdCircumstances",
  actor: actor("executive-member", "c1"),
  householdId: "h1",
  circumstances
})

describe("CommandHandler", () => {
  it("records who, when, why and which command on every event", async () => {
    const commandId = uuidv7()
    const outcome = await run(Effect.gen(function*() {
      yield* setup
      yield* TestClock.setTime(Date.parse("2026-03-08T09:30:00Z"))
      return yield* Domain.execute({ ...register("h1", commandId), reason: "new family moved in", correlationId: "form-7" })
    }))
    const [event] = outcome.events
    expect(event!.metadata).toMatchObject({
      actor: { person: "executive-member@c1", role: "executive-member", organization: "c1" },
      // Written in the federation's own offset (Asia/Shanghai by default).
      occurredAt: "2026-03-08T17:30:00.000+08:00",
      reason: "new family moved in",
      commandId,
      causationId: commandId,
      correlationId: "form-7"
    })
    expect(event!.stream).toBe("household-h1")
    expect(event!.type).toBe("HouseholdRegistered")
  })

  it("answers a retried command id with its first outcome and appends nothing", () =>
    run(Effect.gen(function*() {
      yield* setup
      const commandId = uuidv7()
      const first = yield* Domain.execute(register("h1", commandId))
      // The same command again would now be refused (already registered): the first outcome answers it.
      const again = yield* Domain.execute(register("h1", commandId))
      expect(again.duplicate).toBe(true)
      expect(again.events).toEqual(first.events)
      const store = yield* EventStore
      expect((yield* store.readStream("household-h1")).length).toBe(1)
      // A new command id is a new command, and is refused.
      const refused = yield* Effect.flip(Domain.execute(register("h1")))
      expect(refused._tag).toBe("HouseholdRejected")
    })))

  it("decides again when a stream it read changed before its append", () =>
    fc.assert(
      fc.asyncProperty(fc.infiniteStream(fc.nat(4)), async (yields) => {
        const outcomes = await runInterleaved(
          Effect.gen(function*() {
            yield* setup
            yield* Domain.execute(register("h1"))
            return yield* Effect.all(
              [change(["low-income"]), change(["disability"]), change(["single-parent"])].map((c) => Domain.execute(c)),
              { concurrency: "unbounded" }
            )
          }),
          yields[Symbol.iterator]()
        )
        expect(outcomes.map((o) => o.events[0]!.version).sort()).toEqual([2, 3, 4])
      }),
      { numRuns: 50 }
    ))

  it("gives up after maxAttempts with a typed conflict naming the stream", async () => {
    let conflicts = 0
    await fc.assert(
      fc.asyncProperty(fc.infiniteStream(fc.nat(4)), async (yields) => {
        const results = await runInterleaved(
          Effect.gen(function*() {
            yield* setup
            yield* Domain.execute(register("h1"))
            return yield* Effect.all(
              [change(["low-income"]), change(["disability"])].map((c) => Effect.result(Domain.execute(c, { maxAttempts: 1 }))),
              { concurrency: "unbounded" }
            )
          }),
          yields[Symbol.iterator]()
        )
        for (const r of results) {
          if (r._tag === "Failure") {
            conflicts++
            expect(r.failure).toMatchObject({ _tag: "EventStoreError", reason: { _tag: "WrongExpectedVersion", stream: "household-h1" } })
          }
        }
        expect(results.some((r) => r._tag === "Success")).toBe(true)
      }),
      { numRuns: 50 }
    )
    expect(conflicts).toBeGreaterThan(0)
  })

  it("never appends a command id twice, whatever the retries and interleavings", () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ household: fc.constantFrom("h1", "h2", "h3"), id: fc.nat(5) }), { minLength: 1, maxLength: 20 }),
        fc.infiniteStream(fc.nat(3)),
        async (commands, yields) => {
          const ids = Array.from({ length: 6 }, () => uuidv7())
          const { results, log } = await runInterleaved(
            Effect.gen(function*() {
              yield* setup
              const results = yield* Effect.all(
                commands.map((c) => Effect.result(Domain.execute(register(c.household, ids[c.id])))),
                { concurrency: "unbounded" }
              )
              const store = yield* EventStore
              return { results, log: yield* store.readAll({ after: 0, limit: 1000 }) }
            }),
            yields[Symbol.iterator]()
          )
          const byCommand = new Map<string, number>()
          for (const e of log) byCommand.set(e.metadata.commandId, (byCommand.get(e.metadata.commandId) ?? 0) + 1)
          for (const id of ids) expect(byCommand.get(id) ?? 0).toBeLessThanOrEqual(1)
          // Every household is registered at most once, and each success is either new or its id's first outcome.
          const registered = log.filter((e) => e.type === "HouseholdRegistered").map((e) => e.stream)
          expect(new Set(registered).size).toBe(registered.length)
          results.forEach((r, i) => {
            if (r._tag === "Success") expect(r.success.events.every((e) => e.metadata.commandId === ids[commands[i]!.id])).toBe(true)
          })
        }
      ),
      { numRuns: 100 }
    ))

  it("takes the time from Effect's Clock", async () => {
    const outcome = await run(Effect.flatMap(setup, () => Domain.execute(register("h1"))), { now: "2030-01-02T03:04:05.000Z" })
    expect(outcome.events[0]!.metadata.occurredAt).toBe("2030-01-02T11:04:05.000+08:00")
    expect(outcome.events[0]!.metadata.recordedAt).toBe("2030-01-02T03:04:05.000Z")
    expect(NOW).not.toBe("2030-01-02T03:04:05.000Z")
  })
})

describe("command ids", () => {
  const world = seed([
    { stream: "organization-c1", events: [community] },
    { stream: "organization-c2", events: [Organization.OrganizationRegistered.make({ organizationId: "c2", name: "Baidi Community", level: "community", parentId: "s1" })] },
    {
      stream: "household-h9",
      events: [Household.HouseholdRegistered.make({ householdId: "h9", organizationId: "c1", headName: "Li Mei", address: "3-201 Qingbo Lane", circumstances: [] })]
    },
    ...backed(actor("executive-member", "c1"), actor("chair", "c1"), actor("mediator", "c2"))
  ])
  /** A case of c1 with its parties' names: what must not leak to another organization. */
  const registerCase = (commandId: string): Domain.Command => ({
    _tag: "RegisterCase",
    commandId,
    actor: actor("executive-member", "c1"),
    caseId: "k1",
    organizationId: "c1",
    receivedAt: "2026-05-31T18:00:00.000+08:00",
    channel: "visit",
    category: "ordinary-dispute",
    sudden: false,
    typicalInfringement: false,
    householdIds: ["h9"],
    parties: [{ partyId: "p1", name: "Li Mei", contact: "138 0000 0001" }, { partyId: "p2", name: "Zhang Wei" }],
    narrative: "A quarrel between neighbours over a shared stairwell",
    address: "3-201 Qingbo Lane"
  })
  /** Everything an error carries, as text: its fields and its message. */
  const told = (error: object) => `${JSON.stringify(error)} ${(error as Error).message}`
  const secrets = ["Li Mei", "Zhang Wei", "138 0000 0001", "stairwell", "Qingbo", "RegisterCase", "CaseRegistered", "executive-member@c1", "h9"]
  const logLength = EventStore.use((store) => Effect.map(store.readAll({ after: 0, limit: 1000 }), (log) => log.length))

  it("(a) answers the same command, repeated with its fields in another order, with its first outcome", () =>
    run(Effect.gen(function*() {
      yield* world
      const commandId = uuidv7()
      const first = yield* Domain.execute(register("h1", commandId))
      const before = yield* logLength
      const reordered = Object.fromEntries(Object.entries(register("h1", commandId)).reverse()) as Domain.Command
      const again = yield* Domain.execute({ ...reordered, actor: { organization: "c1", role: "executive-member", person: "executive-member@c1" } })
      expect(again).toEqual({ commandId, events: first.events, duplicate: true })
      expect(yield* logLength).toBe(before)
    })))

  it("(b) refuses a used id with another payload: CommandIdReused, and nothing is written", () =>
    run(Effect.gen(function*() {
      yield* world
      const commandId = uuidv7()
      yield* Domain.execute(register("h1", commandId))
      const before = yield* logLength
      for (const other of [register("h2", commandId), { ...register("h1", commandId), address: "1-102" }, { ...register("h1", commandId), reason: "moved in" }]) {
        const error = yield* Effect.flip(Domain.execute(other))
        expect(error).toMatchObject({ _tag: "CommandIdReused", command: "RegisterHousehold", commandId })
      }
      expect(yield* logLength).toBe(before)
      const store = yield* EventStore
      expect(yield* store.readStream("household-h2")).toEqual([])
    })))

  it("(c) refuses a used id from another actor, and the error tells nothing of the first command", () =>
    run(Effect.gen(function*() {
      yield* world
      const commandId = uuidv7()
      const first = registerCase(commandId)
      yield* Domain.execute(first)
      const before = yield* logLength
      // The same fields, given by a chair of the same community.
      const error = yield* Effect.flip(Domain.execute({ ...first, actor: actor("chair", "c1") }))
      expect(error).toMatchObject({ _tag: "CommandIdReused", command: "RegisterCase", commandId })
      expect(Object.keys(error).sort()).toEqual(["_tag", "command", "commandId"])
      expect(told(error)).not.toContain("executive-member@c1")
      expect(yield* logLength).toBe(before)
    })))

  it("(d) answers a command refused by the rules that reuses another command's id with CommandIdReused, not that command's outcome", () =>
    run(Effect.gen(function*() {
      yield* world
      const commandId = uuidv7()
      yield* Domain.execute(registerCase(commandId))
      const before = yield* logLength
      // Another organization's mediator, on a case that is not hers: refused by the rules.
      const session: Domain.Command = {
        _tag: "RecordMediationSession",
        actor: actor("mediator", "c2"),
        caseId: "k1",
        heldOn: "2026-06-01",
        mediators: ["Qi Dasao"],
        outcome: "agreement-reached",
        notes: "—"
      }
      expect(yield* Effect.flip(Domain.execute(session))).toMatchObject({ _tag: "CaseRejected", reason: "NotHeld" })
      const error = yield* Effect.flip(Domain.execute({ ...session, commandId }))
      expect(error).toMatchObject({ _tag: "CommandIdReused", command: "RecordMediationSession", commandId })
      for (const secret of secrets) expect(told(error)).not.toContain(secret)
      expect(yield* logLength).toBe(before)
    })))

  it("answers a retry refused by the rules with its first outcome only when it is the same command", () =>
    run(Effect.gen(function*() {
      yield* world
      const commandId = uuidv7()
      const first = yield* Domain.execute(register("h1", commandId))
      // Registering h1 again is refused by the rules ("already registered"): the same command
      // is answered with its first outcome, another one with the id is not.
      expect(yield* Domain.execute(register("h1", commandId))).toEqual({ commandId, events: first.events, duplicate: true })
      const other = { ...register("h1", commandId), actor: actor("chair", "c1") }
      expect(yield* Effect.flip(Domain.execute(other))).toMatchObject({ _tag: "CommandIdReused" })
    })))

  it("lets exactly one of several different commands sent at once with one id apply", () =>
    fc.assert(
      fc.asyncProperty(fc.infiniteStream(fc.nat(4)), fc.integer({ min: 2, max: 5 }), async (yields, n) => {
        const commandId = uuidv7()
        const { results, log } = await runInterleaved(
          Effect.gen(function*() {
            yield* setup
            const results = yield* Effect.all(
              Array.from({ length: n }, (_, i) => Effect.result(Domain.execute(register(`h${i}`, commandId)))),
              { concurrency: "unbounded" }
            )
            const store = yield* EventStore
            return { results, log: yield* store.readAll({ after: 0, limit: 100 }) }
          }),
          yields[Symbol.iterator]()
        )
        expect(results.filter((r) => r._tag === "Success").length).toBe(1)
        for (const r of results) if (r._tag === "Failure") expect(r.failure).toMatchObject({ _tag: "CommandIdReused", commandId })
        expect(log.filter((e) => e.metadata.commandId === commandId).length).toBe(1)
      }),
      { numRuns: 50 }
    ))
})

describe("the command hash", () => {
  const command = { _tag: "T", commandId: "x", actor: { person: "p", role: "chair", organization: "c1" }, list: [2, 1], nested: { b: 1, a: [{ d: 1, c: 2 }] } }

  it("is the same for the same command, whatever the order of its fields and its command id", async () => {
    const reordered = { nested: { a: [{ c: 2, d: 1 }], b: 1 }, list: [2, 1], actor: { organization: "c1", role: "chair", person: "p" }, _tag: "T", commandId: "y" }
    expect(commandHash(command)).toMatch(/^[0-9a-f]{64}$/)
    expect(commandHash(reordered)).toBe(commandHash(command))
    expect(commandHash({ ...command, reason: undefined })).toBe(commandHash(command))
    const text = `{"_tag":"T","actor":{"organization":"c1","person":"p","role":"chair"},"list":[2,1],"nested":{"a":[{"c":2,"d":1}],"b":1}}`
    expect(commandHash(command)).toBe(createHash("sha256").update(text, "utf8").digest("hex"))
  })

  it("differs for another payload, order of a list, or actor", () => {
    const hashes = [
      command,
      { ...command, list: [1, 2] },
      { ...command, nested: { ...command.nested, b: 2 } },
      { ...command, actor: { ...command.actor, person: "q" } },
      { ...command, _tag: "U" }
    ].map(commandHash)
    expect(new Set(hashes).size).toBe(hashes.length)
  })

  it("is SHA-256: the standard's test vectors, and Node's digest of any text", () => {
    const hex = sha256Hex
    expect(hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    expect(hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    expect(hex("a".repeat(1_000_000))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
      expect(hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"))
    }))
    expect(commandHash(command)).toBe(createHash("sha256").update(canonicalJson({ ...command, commandId: undefined }), "utf8").digest("hex"))
  })
})

describe("contention", () => {
  /** Counts the appends refused for a stale version, per command id. */
  const counting = (store: EventStoreShape, conflicts: Map<string, number>): EventStoreShape => ({
    ...store,
    append: (writes, options) =>
      Effect.tapError(store.append(writes, options), (e) =>
        Effect.sync(() => {
          if (e.reason._tag === "WrongExpectedVersion") conflicts.set(options!.commandId!, (conflicts.get(options!.commandId!) ?? 0) + 1)
        }))
  })

  it("queues the commands of one process on a stream: 50 valid links sent at once all apply, none conflicting twice", () =>
    fc.assert(
      fc.asyncProperty(fc.infiniteStream(fc.nat(3)), async (yields) => {
        const conflicts = new Map<string, number>()
        const { outcomes, links } = await runInterleaved(
          Effect.gen(function*() {
            yield* Domain.execute({ _tag: "RegisterOrganization", actor: actor("upper-cadre", "c9"), organizationId: "c9", name: "Baidi", level: "community" })
            // Its chair, in office (the records back the commands below).
            yield* seed(backed(actor("chair", "c9")))
            for (let k = 0; k < 50; k++) {
              yield* Domain.execute({ _tag: "RegisterHousehold", actor: actor("chair", "c9"), householdId: `h${k}`, organizationId: "c9", headName: `Head ${k}`, address: `${k} Baidi Lane`, circumstances: [] })
            }
            for (let r = 0; r < 10; r++) {
              yield* Domain.execute({ _tag: "ElectRepresentative", actor: actor("chair", "c9"), organizationId: "c9", representativeId: `r${r}`, name: `R${r}`, congressSession: "2026 congress", electedOn: "2026-03-08" })
            }
            const store = yield* EventStore
            const outcomes = yield* Effect.all(
              Array.from({ length: 50 }, (_, k) =>
                Effect.result(Domain.execute({ _tag: "LinkHousehold", commandId: uuidv7(), actor: actor("chair", "c9"), organizationId: "c9", representativeId: `r${Math.floor(k / 5)}`, householdId: `h${k}` }))),
              { concurrency: "unbounded" }
            ).pipe(Effect.provideService(EventStore, counting(store, conflicts)))
            const links = (yield* store.readStream("representation-c9")).filter((e) => e.type === "HouseholdLinked")
            return { outcomes, links }
          }),
          yields[Symbol.iterator]()
        )
        expect(outcomes.flatMap((o) => (o._tag === "Failure" ? [String(o.failure)] : []))).toEqual([])
        expect(links.length).toBe(50)
        // A first attempt may append on a stale read once; every later attempt holds the roster.
        expect(Math.max(0, ...conflicts.values())).toBeLessThanOrEqual(1)
      }),
      { numRuns: 5 }
    ), 30_000)
})

describe("append-only emits", () => {
  const Logged = Schema.TaggedStruct("Logged", { n: Schema.Number })
  const Log = Schema.TaggedStruct("Log", { ...CommandFields, n: Schema.Number })
  const log: Aggregate<number, typeof Logged.Type> = { category: "log", events: Logged, initial: 0, evolve: (n) => n + 1 }
  const domain: CommandHandler.Domain<typeof Log.Type, typeof Logged.Type, never> = {
    codec: EventCodec.make(Logged),
    times: { Log: "day" },
    authorize: () => undefined,
    handlers: { Log: (command) => Effect.succeed([emitAppendOnly(log, "x", [Logged.make({ n: command.n })])]) }
  }

  it("appends to a stream the decision did not load, at any version, without conflicts", () =>
    fc.assert(
      fc.asyncProperty(fc.infiniteStream(fc.nat(4)), async (yields) => {
        const outcomes = await runInterleaved(
          Effect.all([1, 2, 3, 4].map((n) => CommandHandler.execute(domain, { _tag: "Log", actor: actor("chair", "c1"), n }, { maxAttempts: 1 })), {
            concurrency: "unbounded"
          }),
          yields[Symbol.iterator]()
        )
        expect(outcomes.map((o) => o.events[0]!.version).sort()).toEqual([1, 2, 3, 4])
        expect(outcomes.every((o) => o.events[0]!.stream === "log-x")).toBe(true)
      }),
      { numRuns: 30 }
    ))
})

describe("envelopeOf", () => {
  const recorded = {
    eventId: "e1",
    stream: "household-h1",
    version: 3,
    position: 42,
    type: "HouseholdRegistered",
    schemaVersion: 1,
    data: { householdId: "h1" },
    metadata: { actor: { person: "p", role: "chair", organization: "c1" }, commandId: "k", causationId: "k", correlationId: "k", occurredAt: "2025-01-02", recordedAt: "2025-01-02T00:00:00.000Z" },
    hash: "ab"
  }

  it("is the stored event with its decoded event beside it, the stored event left as it was", () => {
    const event = { _tag: "HouseholdRegistered", householdId: "h1" }
    const before = structuredClone(recorded)
    const envelope = CommandHandler.envelopeOf(recorded, event)
    expect(envelope).toStrictEqual({ ...recorded, event })
    expect(Object.keys(envelope)).toStrictEqual([...Object.keys(recorded), "event"])
    expect(envelope.event).toBe(event)
    expect(recorded).toStrictEqual(before)
  })
})
