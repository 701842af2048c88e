import { describe, expect, it } from "vitest"
import { InvalidCommand, TimeRejected, Unauthorized } from "@fulian/core/Command"
import { OrganizationRejected } from "@fulian/core/Organization"
import { ReportError } from "@fulian/reports/Report"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as MemoryKeyStore from "@fulian/store/MemoryKeyStore"
import * as Client from "../src/Client.ts"

const cadre = { person: "zhou", role: "upper-cadre", organization: "s1" } as const
const registerStreet = { _tag: "RegisterOrganization", actor: cadre, organizationId: "s1", name: "北山街道", level: "street" }
/** The street's auditor, appointed below: she reads every record of the street. */
const auditor = { actor: { person: "auditor-s1", role: "auditor", organization: "s1" }, purpose: "测试" } as const
/** Today's local date: the committee below is elected on it, so it is in office whenever this runs. */
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date())
/** The street's first committee, with zhou as its chair, and its auditor. */
const staffStreet = async (fulian: Client.Client, electedOn = today) => {
  await fulian.execute({
    _tag: "ElectExecutiveCommittee",
    actor: cadre,
    termId: "s1-first",
    organizationId: "s1",
    congressSession: "北山街道第一届妇女代表大会第一次会议",
    electedOn,
    startsOn: electedOn,
    residentsCommitteeElectedOn: electedOn,
    members: [{ personId: "zhou", name: "周红", position: "chair" }]
  })
  await fulian.execute({ _tag: "AppointAuditor", actor: { ...cadre, role: "chair" }, occurredAt: electedOn, organizationId: "s1", auditorId: "auditor-s1", name: "审计员" })
}

describe("the Promise facade", () => {
  it("executes commands and reads history, like the Effect API", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
    const outcome = await fulian.execute(registerStreet)
    // The top organization, and the deployment's record of it.
    expect(outcome.events.map((e) => e.event._tag)).toEqual(["OrganizationRegistered", "TopOrganizationRegistered"])
    await staffStreet(fulian)
    expect((await fulian.readStream(auditor, "organization-s1")).map((e) => e.event)).toEqual([outcome.events[0]!.event])
    expect((await fulian.readAll(auditor, 0, 10)).events.length).toBe(4)
    await fulian.dispose()
  })

  it("rejects with the same typed errors, and writes nothing", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
    await expect(fulian.execute({ ...registerStreet, level: "galaxy" })).rejects.toBeInstanceOf(InvalidCommand)
    await expect(fulian.execute({ ...registerStreet, actor: { ...cadre, role: "auditor" } })).rejects.toBeInstanceOf(Unauthorized)
    await fulian.execute(registerStreet)
    const error = await fulian.execute(registerStreet).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OrganizationRejected)
    expect((error as OrganizationRejected).reason).toBe("AlreadyRegistered")
    await staffStreet(fulian)
    expect((await fulian.readAll(auditor, 0, 10)).events.map((e) => e.type)).toEqual(["OrganizationRegistered", "TopOrganizationRegistered", "ExecutiveCommitteeElected", "AuditorAppointed"])
    await fulian.dispose()
  })

  it("reads nothing without its reader: every read names one", () => {
    const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
    // @ts-expect-error: every read of the client takes its reader first
    const unscoped = () => fulian.readStream("case-k1")
    // @ts-expect-error: every read of the client takes its reader first
    const unscopedLedgers = () => fulian.ledgers({ asOf: "2025-06-30" })
    // @ts-expect-error: every read of the client takes its reader first
    const unscopedReport = () => fulian.report({ organizationId: "s1", kind: "annual", period: "2025" })
    expect([unscoped, unscopedLedgers, unscopedReport].length).toBe(3)
    return fulian.dispose()
  })

  it("sends a report up sealed, and verifies the records: every link, the checkpoint the street holds, both copies", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
    await fulian.execute(registerStreet)
    await staffStreet(fulian)
    const zhou = { person: "zhou", role: "upper-cadre", organization: "s1" } as const
    await fulian.execute({ _tag: "RegisterOrganization", actor: zhou, organizationId: "c1", name: "青波社区", level: "community", parentId: "s1" })
    await fulian.execute({
      _tag: "ElectExecutiveCommittee", actor: zhou, termId: "c1-first", organizationId: "c1", congressSession: "青波社区第一届妇女代表大会",
      electedOn: today, startsOn: today, residentsCommitteeElectedOn: today, members: [{ personId: "chen", name: "陈静", position: "chair" }]
    })
    const chen = { person: "chen", role: "chair", organization: "c1" } as const
    const { attestation } = await fulian.submitReport({ request: { organizationId: "c1", kind: "monthly", period: today.slice(0, 7) }, reportId: "c1-now", actor: chen })
    expect(attestation.checkpoint?.size).toBe(attestation.position)
    const verified = await fulian.verifyRecords(auditor)
    expect(verified.broken).toBeUndefined()
    expect(verified.checkpoints.map((c) => [c.reportId, c.receiver, c.problem])).toEqual([["c1-now", "s1", undefined]])
    expect(verified.copies).toEqual([])
    // Against keys the street holds outside the records: another key does not sign for 青波.
    const other = await fulian.verifyRecords(auditor, new Map([["c1", ["A".repeat(43) + "="]]]))
    expect(other.checkpoints.map((c) => c.problem)).toEqual(["signature"])
    await fulian.dispose()
  })

  it("executes typed commands, where a field the command does not have does not compile, and still decodes them", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
    const outcome = await fulian.executeCommand({ _tag: "RegisterOrganization", actor: cadre, organizationId: "s1", name: "北山街道", level: "street" })
    expect(outcome.events.map((e) => e.event._tag)).toEqual(["OrganizationRegistered", "TopOrganizationRegistered"])
    // @ts-expect-error: a typo in a field's name does not compile
    const typo = () => fulian.executeCommand({ _tag: "RegisterOrganization", actor: cadre, organizationId: "s2", nmae: "南山街道", level: "street" })
    // @ts-expect-error: nor does a value of the wrong kind
    const wrong = () => fulian.executeCommand({ _tag: "RegisterOrganization", actor: cadre, organizationId: "s2", name: "南山街道", level: "galaxy" })
    expect([typo, wrong].length).toBe(2)
    // The rules of input hold all the same: a blank name is refused, naming the field.
    const blank = await fulian.executeCommand({ _tag: "RegisterOrganization", actor: cadre, organizationId: "s3", name: "  ", level: "community", parentId: "s1" }).catch((e: unknown) => e)
    expect(blank).toBeInstanceOf(InvalidCommand)
    expect((blank as InvalidCommand).problems.map((p) => p.path)).toEqual(["name"])
    await fulian.dispose()
  })

  it("subscribes a reader to the log: what is there, then each new event as it is recorded, until the loop leaves or the client is disposed", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
    await fulian.execute(registerStreet)
    await staffStreet(fulian)
    const seen: Array<string> = []
    const following = (async () => {
      for await (const e of fulian.subscribe(auditor, { pollInterval: 10 })) {
        seen.push(e.event._tag)
        if (e.event._tag === "OrganizationRegistered" && (e.event as { organizationId: string }).organizationId === "c1") break
      }
    })()
    await fulian.execute({ _tag: "RegisterOrganization", actor: cadre, organizationId: "c1", name: "青波社区", level: "community", parentId: "s1" })
    await following
    expect(seen).toEqual(["OrganizationRegistered", "TopOrganizationRegistered", "ExecutiveCommitteeElected", "AuditorAppointed", "OrganizationRegistered"])
    // A subscription still waiting ends when the client is disposed.
    const waiting = (async () => {
      let n = 0
      for await (const _ of fulian.subscribe(auditor, { pollInterval: 10 })) n++
      return n
    })()
    await new Promise((resolve) => setTimeout(resolve, 50))
    await fulian.dispose()
    expect(await waiting).toBe(5)
  })

  it("keeps retried command ids idempotent", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
    const commandId = "0190f5c2-3b4a-7c3d-8e9f-0a1b2c3d4e5f"
    const first = await fulian.execute({ ...registerStreet, commandId })
    const again = await fulian.execute({ ...registerStreet, commandId })
    expect(again.duplicate).toBe(true)
    expect(again.events).toEqual(first.events)
    await fulian.dispose()
  })

  it("records when a fact happened, draws ledgers and reports as of a date in both senses, and refuses a time that cannot be", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
    await fulian.execute({ ...registerStreet, occurredAt: "2025-01-02T09:00:00+08:00" })
    await staffStreet(fulian, "2025-01-06")
    await fulian.execute({
      _tag: "RecordActivity",
      actor: { person: "zhou", role: "chair", organization: "s1" },
      occurredAt: "2025-03-08T19:30:00+08:00",
      organizationId: "s1",
      activityId: "a1",
      kind: "festival",
      title: "三八节文艺汇演",
      heldOn: "2025-03-08",
      participants: 300,
      beneficiaries: 300
    })
    const [event] = await fulian.readStream(auditor, "activity-s1/a1")
    expect(event!.metadata.occurredAt).toBe("2025-03-08T19:30:00.000+08:00")
    // Entered today, long after: every record of it is marked as entered late (补录).
    expect((await fulian.ledgers(auditor)).activities.organizations).toEqual([{ organizationId: "s1", activities: 1, donations: 0, relief: 0, lateEntries: 1, flags: ["entered-late"] }])
    expect((await fulian.ledgers(auditor, { asOf: "2025-03-07" })).activities.activities).toEqual([])
    expect((await fulian.ledgers(auditor, { asRecordedOn: "2025-12-31" })).organizations).toEqual([])
    const march = await fulian.report(auditor, { organizationId: "s1", kind: "monthly", period: "2025-03" })
    expect(march.content.activities.count).toBe(1)
    expect((await fulian.report(auditor, { organizationId: "s1", kind: "monthly", period: "2025-03" }, { asOf: "2025-03-07" })).content.activities.count).toBe(0)
    await expect(fulian.ledgers(auditor, { asOf: "2025-02-30" })).rejects.toBeInstanceOf(ReportError)
    await expect(fulian.execute({ ...registerStreet, organizationId: "s2", occurredAt: "2999-01-01" })).rejects.toBeInstanceOf(TimeRejected)
    await fulian.dispose()
  })
})
