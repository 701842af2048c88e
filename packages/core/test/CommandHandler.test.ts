import { Effect, Schema } from "effect"
import * as TestClock from "effect/testing/TestClock"
import * as fc from "fast-check"
import { v7 as uuidv7 } from "uuid"
import { describe, expect, it } from "vitest"
import { EventStore } from "@fulian/store/EventStore"
import { CommandFields } from "../src/Command.ts"
import * as CommandHandler from "../src/CommandHandler.ts"
import { type Aggregate, emitAppendOnly } from "../src/Decider.ts"
import * as Domain from "../src/Domain.ts"
import * as EventCodec from "../src/EventCodec.ts"
import * as Household from "../src/Household.ts"
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
