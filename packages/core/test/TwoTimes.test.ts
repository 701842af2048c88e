/**
 * Two times on every fact (DOMAIN.md §0): when it happened, given by the command (or its own
 * date, or now), never in the future; when it was recorded, the store's alone.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore } from "@fulian/store/EventStore"
import * as Domain from "../src/Domain.ts"
import * as Organization from "../src/Organization.ts"
import * as Policy from "../src/Policy.ts"
import { actor, backed, run, seed } from "./support/Spec.ts"

const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const seeded = [{ stream: "organization-c1", events: [community] }, ...backed(actor("executive-member", "c1"), actor("chair", "c1"))]
const setup = seed(seeded)

const household = (occurredAt?: string): Domain.Command => ({
  _tag: "RegisterHousehold",
  actor: actor("executive-member", "c1"),
  ...(occurredAt === undefined ? {} : { occurredAt }),
  householdId: "h1",
  organizationId: "c1",
  headName: "Li Na",
  address: "1-101",
  circumstances: []
})

const activity = (over: Partial<{ heldOn: string; occurredAt: string }> = {}): Domain.Command => ({
  _tag: "RecordActivity",
  actor: actor("chair", "c1"),
  organizationId: "c1",
  activityId: "a1",
  kind: "legal-lecture",
  title: "妇女权益保障法讲座",
  heldOn: "2026-03-08",
  participants: 40,
  beneficiaries: 40,
  ...over
})

/** Runs a command at `now` and answers with its metadata, or its refusal and the log's length. */
const attempt = (command: Domain.Command, now: string, policy?: Partial<Policy.PolicyShape>) =>
  run(
    Effect.gen(function*() {
      yield* setup
      const result = yield* Effect.result(Domain.execute(command))
      const log = yield* (yield* EventStore).readAll({ after: 0, limit: 100 })
      return { result, written: log.length - seeded.reduce((n, g) => n + g.events.length, 0) }
    }),
    { now, ...(policy ? { policy } : {}) }
  )

const metadataOf = async (command: Domain.Command, now: string, policy?: Partial<Policy.PolicyShape>) => {
  const { result } = await attempt(command, now, policy)
  if (result._tag === "Failure") throw new Error(`expected success, got ${String(result.failure)}`)
  return result.success.events[0]!.metadata
}

const refusalOf = async (command: Domain.Command, now: string) => {
  const { result, written } = await attempt(command, now)
  if (result._tag === "Success") throw new Error("expected a refusal")
  expect(written).toBe(0)
  return result.failure as { _tag: string; reason?: string; field?: string; message: string }
}

describe("When a fact happened, apart from when it was recorded (DOMAIN.md §0)", () => {
  it("records the moment a command gives, in the federation's offset, beside the store's own time", async () => {
    const metadata = await metadataOf(household("2026-03-01T02:00:00Z"), "2026-11-20T02:00:00.000Z")
    expect(metadata.occurredAt).toBe("2026-03-01T10:00:00.000+08:00")
    expect(metadata.recordedAt).toBe("2026-11-20T02:00:00.000Z")
  })

  it("records a date where the fact is a date", async () =>
    expect((await metadataOf(household("2026-03-01"), "2026-11-20T02:00:00.000Z")).occurredAt).toBe("2026-03-01"))

  it("takes now from the Clock when the command says nothing", async () =>
    expect((await metadataOf(household(), "2026-11-20T02:00:00.000Z")).occurredAt).toBe("2026-11-20T10:00:00.000+08:00"))

  it("refuses a fact in the future, by a millisecond or by a local day, and writes nothing", async () => {
    const now = "2026-03-07T15:59:59.000Z" // 23:59:59 on 7 March, Beijing time
    expect(await refusalOf(household("2026-03-07T15:59:59.001Z"), now)).toMatchObject({ _tag: "TimeRejected", reason: "InFuture", field: "occurredAt" })
    expect(await refusalOf(household("2026-03-08"), now)).toMatchObject({ _tag: "TimeRejected", reason: "InFuture", field: "occurredAt" })
    expect((await metadataOf(household("2026-03-07"), now)).occurredAt).toBe("2026-03-07")
  })

  it("dates a command with its own date of the fact on that date", async () =>
    expect((await metadataOf(activity({ heldOn: "2026-03-05" }), "2026-11-20T02:00:00.000Z")).occurredAt).toBe("2026-03-05"))

  it("keeps the moment given for a command with its own date, when it falls on that date", async () =>
    expect((await metadataOf(activity({ occurredAt: "2026-03-08T19:30:00+08:00" }), "2026-11-20T02:00:00.000Z")).occurredAt)
      .toBe("2026-03-08T19:30:00.000+08:00"))

  it("refuses an occurredAt on another local day than the command's own date, naming the field", async () => {
    // 01:30 on 8 March in UTC is 09:30 on 8 March in Beijing: the same day. 20:00 UTC on the 8th is the 9th.
    expect((await metadataOf(activity({ occurredAt: "2026-03-08T01:30:00Z" }), "2026-11-20T02:00:00.000Z")).occurredAt)
      .toBe("2026-03-08T09:30:00.000+08:00")
    const refused = await refusalOf(activity({ occurredAt: "2026-03-08T20:00:00Z" }), "2026-11-20T02:00:00.000Z")
    expect(refused).toMatchObject({ _tag: "TimeRejected", reason: "DatesDisagree", field: "occurredAt" })
    expect(refused.message).toContain("heldOn")
  })

  it("names the command's own date when it lies in the future", async () =>
    expect(await refusalOf(activity({ heldOn: "2026-03-09" }), "2026-03-08T09:00:00.000Z"))
      .toMatchObject({ _tag: "TimeRejected", reason: "InFuture", field: "heldOn" }))

  it("counts days in the policy's own time zone", async () => {
    // 00:30 on 8 March in Berlin is 23:30 UTC on the 7th: the 8th there, though not in UTC.
    const berlin = { timeZone: "Europe/Berlin" }
    expect((await metadataOf(activity(), "2026-03-07T23:30:00.000Z", berlin)).occurredAt).toBe("2026-03-08")
    expect((await metadataOf(household(), "2026-03-07T23:30:00.000Z", berlin)).occurredAt).toBe("2026-03-08T00:30:00.000+01:00")
    const { result } = await attempt(activity(), "2026-03-07T22:30:00.000Z", berlin)
    expect(result._tag === "Failure" && result.failure).toMatchObject({ _tag: "TimeRejected", reason: "InFuture" })
  })

  it("refuses a policy naming a time zone that does not exist", async () => {
    const error = await Effect.runPromise(Effect.flip(Policy.make({ timeZone: "Mars/Olympus_Mons" })))
    expect(error).toMatchObject({ _tag: "InvalidPolicy", field: "timeZone" })
    expect((await Effect.runPromise(Effect.flip(Policy.make({ lateEntryDays: -1 })))).field).toBe("lateEntryDays")
  })

  it("takes a late-entry window of up to a year, and refuses a longer one", async () => {
    expect((await Effect.runPromise(Policy.make({ lateEntryDays: 366 }))).lateEntryDays).toBe(366)
    const error = await Effect.runPromise(Effect.flip(Policy.make({ lateEntryDays: 367 })))
    expect(error).toMatchObject({ _tag: "InvalidPolicy", field: "lateEntryDays" })
    expect(error.message).toContain("at most 366")
  })
})
