import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { fold } from "../src/Decider.ts"
import * as Domain from "../src/Domain.ts"
import * as Organization from "../src/Organization.ts"
import * as PersonalData from "../src/PersonalData.ts"
import * as Report from "../src/Report.ts"
import { actor, given, NOW } from "./support/Spec.ts"

const district = Organization.OrganizationRegistered.make({ organizationId: "d1", name: "Beilun District", level: "district" })
const street = Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Qijiashan Street", level: "street", parentId: "d1" })
const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Dongsheng Community", level: "community", parentId: "s1" })
const otherStreet = Organization.OrganizationRegistered.make({ organizationId: "s2", name: "Xiaogang Street", level: "street", parentId: "d1" })

const hash = "9f2c".repeat(16)

const submit = {
  _tag: "SubmitReport",
  actor: actor("chair", "c1"),
  reportId: "c1-monthly-2026-05",
  organizationId: "c1",
  kind: "monthly",
  period: "2026-05",
  position: 42,
  contentHash: hash,
  sentTo: "s1"
} as const

const submitted = Report.ReportSubmitted.make({
  reportId: "c1-monthly-2026-05",
  organizationId: "c1",
  kind: "monthly",
  period: "2026-05",
  position: 42,
  contentHash: hash,
  sentTo: "s1",
  submittedAt: NOW,
  timeZone: "Asia/Shanghai"
})

/** A report sent up, as the two events it is recorded by: the sender's, and the receiver's own. */
const both = (sent: typeof Report.ReportSubmitted.Type) => {
  const { _tag, organizationId, sentTo, ...common } = sent
  return [sent, Report.ReportReceived.make({ ...common, organizationId: sentTo, from: organizationId })]
}

/** d1 > s1, s2; s1 > c1. */
const world = () =>
  given(Organization.aggregate, "d1", [district])
    .and(Organization.aggregate, "s1", [street])
    .and(Organization.aggregate, "s2", [otherStreet])
    .and(Organization.aggregate, "c1", [community])

describe("Submitting a report (报表上报, §9)", () => {
  it("records the report with the position it was computed from, its hash, where it went and when", () =>
    world().when(submit).then(both(submitted)))

  it("is given by a vice-chair or an executive member of the organization too", async () => {
    await world().when({ ...submit, actor: actor("vice-chair", "c1") }).then(both(submitted))
    await world().when({ ...submit, actor: actor("executive-member", "c1") }).then(both(submitted))
  })

  it("sends a street's annual summary to its district", () =>
    world().when({ ...submit, actor: actor("chair", "s1"), organizationId: "s1", reportId: "s1-2025", kind: "annual", period: "2025", sentTo: "d1" })
      .then(both(Report.ReportSubmitted.make({ ...submitted, reportId: "s1-2025", organizationId: "s1", kind: "annual", period: "2025", sentTo: "d1" }))))

  it("refuses a report id the organization already used", () =>
    world().and(Report.aggregate, "c1", [submitted]).when(submit).thenFails("ReportRejected", "DuplicateReport"))

  it("records a corrected report of the same period under a new id, naming the one it corrects, beside the first", async () => {
    const outcome = await world().and(Report.aggregate, "c1", [submitted])
      .when({ ...submit, reportId: "c1-monthly-2026-05-corrected", position: 50, corrects: "c1-monthly-2026-05" })
      .then(both(Report.ReportSubmitted.make({ ...submitted, reportId: "c1-monthly-2026-05-corrected", position: 50, corrects: "c1-monthly-2026-05" })))
    const state = fold(Report.aggregate, [submitted, ...outcome.events.map((e) => e.event as Report.Event)])
    expect(Report.reportsFor(state, "monthly", "2026-05").map((r) => r.position)).toEqual([42, 50])
    expect(Report.reportById(state, "c1-monthly-2026-05")?.contentHash).toBe(hash)
    expect(Report.reportsFor(state, "monthly", "2026-04")).toEqual([])
  })

  it("refuses a second report of a period that does not say which it corrects", () =>
    world().and(Report.aggregate, "c1", [submitted])
      .when({ ...submit, reportId: "c1-monthly-2026-05-again", position: 50 })
      .thenFails("ReportRejected", "CorrectionRequired"))

  it("refuses a correction of a report of another period, of no report, or of one already corrected", async () => {
    const corrected = Report.ReportSubmitted.make({ ...submitted, reportId: "c1-monthly-2026-05-b", position: 50, corrects: "c1-monthly-2026-05" })
    const april = Report.ReportSubmitted.make({ ...submitted, reportId: "c1-monthly-2026-04", period: "2026-04" })
    const reports = world().and(Report.aggregate, "c1", [april, submitted, corrected])
    const correction = { ...submit, reportId: "c1-monthly-2026-05-c", position: 60 }
    await reports.when({ ...correction, corrects: "c1-monthly-2026-04" }).thenFails("ReportRejected", "NotACorrection")
    await reports.when({ ...correction, corrects: "c1-monthly-2026-09" }).thenFails("ReportRejected", "NotACorrection")
    await reports.when({ ...correction, corrects: "c1-monthly-2026-05" }).thenFails("ReportRejected", "NotACorrection")
    await reports.when({ ...correction, corrects: "c1-monthly-2026-05-b" })
      .then(both(Report.ReportSubmitted.make({ ...submitted, reportId: "c1-monthly-2026-05-c", position: 60, corrects: "c1-monthly-2026-05-b" })))
  })

  it("reads a report of schema version 1 as computed on UTC days", async () => {
    const { timeZone: _, ...v1 } = Report.ReportSubmitted.make(submitted)
    const decoded = await Effect.runPromise(Domain.codec.decode({
      eventId: "e1", stream: "report-c1", version: 1, position: 1, type: "ReportSubmitted", schemaVersion: 1,
      data: { ...v1, _tag: undefined },
      metadata: { actor: actor("chair", "c1"), occurredAt: NOW, recordedAt: NOW, commandId: "x", causationId: "x", correlationId: "x" },
      hash: ""
    }))
    expect(decoded).toEqual({ ...submitted, timeZone: "UTC" })
    expect(Domain.codec.versionOf("ReportSubmitted")).toBe(3)
  })

  it("refuses to send a report past the parent, to the level above it (逐级上报)", () =>
    world().when({ ...submit, sentTo: "d1" }).thenFails("ReportRejected", "NotTheParent"))

  it("refuses to send a report sideways, to another organization of the parent's level", () =>
    world().when({ ...submit, actor: actor("chair", "s1"), organizationId: "s1", sentTo: "s2" }).thenFails("ReportRejected", "NotTheParent"))

  it("refuses a report of an organization with no parent", () =>
    world().when({ ...submit, actor: actor("chair", "d1"), organizationId: "d1", sentTo: "s1" }).thenFails("ReportRejected", "NoParent"))

  it("refuses a report of an organization not registered", () =>
    given(Organization.aggregate, "s1", [street]).when(submit).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses a women's representative (role)", () =>
    world().when({ ...submit, actor: actor("representative", "c1") }).thenFails("Unauthorized"))

  it("refuses the committee of another organization, even the parent's", () =>
    world().when({ ...submit, actor: actor("chair", "s1") }).thenFails("Unauthorized"))

  it("refuses a period not written as the kind's periods are", async () => {
    await world().when({ ...submit, kind: "annual" }).thenFails("ReportRejected", "PeriodDoesNotMatchKind")
    await world().when({ ...submit, kind: "half-year", period: "2026" }).thenFails("ReportRejected", "PeriodDoesNotMatchKind")
    await world().when({ ...submit, kind: "monthly", period: "2026-H1" }).thenFails("ReportRejected", "PeriodDoesNotMatchKind")
  })

  it("refuses a period that has not begun, and takes one that begins today (in the federation's calendar)", async () => {
    await world().when({ ...submit, period: "2026-07" }).thenFails("ReportRejected", "PeriodNotBegun")
    await world().at("2026-06-30T15:59:00.000Z").when({ ...submit, kind: "half-year", period: "2026-H2" }).thenFails("ReportRejected", "PeriodNotBegun")
    // 16:00 UTC on 30 June is 00:00 on 1 July in Beijing: the second half-year has begun.
    await world().at("2026-06-30T16:00:00.000Z").when({ ...submit, kind: "half-year", period: "2026-H2" })
      .then(both(Report.ReportSubmitted.make({ ...submitted, kind: "half-year", period: "2026-H2", submittedAt: "2026-07-01T00:00:00.000+08:00" })))
    await world().when({ ...submit, period: "2026-06" }).then(both(Report.ReportSubmitted.make({ ...submitted, period: "2026-06" })))
  })

  it("records when a report sent from a paper copy was sent, and refuses a date without the time", async () => {
    await world().at("2026-06-20T02:00:00.000Z").when({ ...submit, occurredAt: "2026-06-02T09:00:00+08:00" })
      .then(both(Report.ReportSubmitted.make({ ...submitted, submittedAt: "2026-06-02T09:00:00.000+08:00" })))
    await world().when({ ...submit, occurredAt: "2026-06-01" }).thenFails("TimeRejected", "MomentRequired")
  })

  it("refuses an attestation that is not a position and a sha256 hash (typed commands skip decoding)", async () => {
    await world().when({ ...submit, position: 0 }).thenFails("ReportRejected", "InvalidAttestation")
    await world().when({ ...submit, position: 4.5 }).thenFails("ReportRejected", "InvalidAttestation")
    await world().when({ ...submit, contentHash: hash.toUpperCase() }).thenFails("ReportRejected", "InvalidAttestation")
  })

  it("takes the sender's signed checkpoint only at the report's position, and gives it to both copies", async () => {
    const checkpoint = { size: submit.position, root: hash, signature: `${"A".repeat(86)}==` }
    await world().when({ ...submit, checkpoint: { ...checkpoint, size: submit.position - 1 } }).thenFails("ReportRejected", "InvalidAttestation")
    await world().when({ ...submit, checkpoint }).then(both(Report.ReportSubmitted.make({ ...submitted, checkpoint })))
  })

  it("records the layout the report was computed with in both copies, and none when none is given (layout 1)", async () => {
    const outcome = await world().when({ ...submit, layout: 2 }).then(both(Report.ReportSubmitted.make({ ...submitted, layout: 2 })))
    const state = fold(Report.aggregate, outcome.events.map((e) => e.event as Report.Event))
    expect(Report.layoutOf(Report.reportById(state, submit.reportId)!)).toBe(2)
    // A report sent before reports recorded their layout: layout 1.
    expect(Report.layoutOf(Report.reportById(fold(Report.aggregate, both(submitted)), submit.reportId)!)).toBe(Report.firstLayout)
    expect(Report.firstLayout).toBe(1)
  })

  it("refuses a malformed report at the boundary (decoding)", async () => {
    const failures = await Promise.all([
      { ...submit, layout: 0 },
      { ...submit, layout: 1.5 },
      { ...submit, contentHash: "abc" },
      { ...submit, position: 0 },
      { ...submit, period: "May 2026" },
      { ...submit, kind: "weekly" }
    ].map((c) => Effect.runPromise(Effect.flip(Domain.decodeCommand(c)))))
    expect(failures.map((f) => [f._tag, f.problems[0]?.path])).toEqual([
      ["InvalidCommand", "layout"],
      ["InvalidCommand", "layout"],
      ["InvalidCommand", "contentHash"],
      ["InvalidCommand", "position"],
      ["InvalidCommand", "period"],
      ["InvalidCommand", "kind"]
    ])
    expect((await Effect.runPromise(Domain.decodeCommand(submit)))._tag).toBe("SubmitReport")
  })
})

describe("The chair's narrative sent with a report (报告正文, §9)", () => {
  const narrative = [
    { section: "overview", text: "2026年，社区妇联以创幸福家庭为目标开展工作。" },
    { section: "problems", text: "志愿者队伍年龄偏大。" },
    { section: "problems", text: "企业妇女组织活动不够经常。" }
  ]
  const narrativeHash = "ab01".repeat(16)

  it("records the paragraphs, in order, and their hash in both copies", () =>
    world().when({ ...submit, narrative, narrativeHash })
      .then(both(Report.ReportSubmitted.make({ ...submitted, narrative, narrativeHash }))))

  it("refuses paragraphs without their hash, and a hash without paragraphs", async () => {
    await world().when({ ...submit, narrative }).thenFails("ReportRejected", "InvalidAttestation")
    await world().when({ ...submit, narrativeHash }).thenFails("ReportRejected", "InvalidAttestation")
    await world().when({ ...submit, narrative: [], narrativeHash }).thenFails("ReportRejected", "InvalidAttestation")
  })

  it("refuses a blank paragraph or section at the boundary (decoding)", async () => {
    const failures = await Promise.all([
      { ...submit, narrative: [{ section: "overview", text: "  " }], narrativeHash },
      { ...submit, narrative: [{ section: "", text: "段落" }], narrativeHash }
    ].map((c) => Effect.runPromise(Effect.flip(Domain.decodeCommand(c)))))
    expect(failures.map((f) => [f._tag, f.problems[0]?.path])).toEqual([
      ["InvalidCommand", "narrative.0.text"],
      ["InvalidCommand", "narrative.0.section"]
    ])
  })

  it("is personal data of the sender's report records, in both copies; its hash is not", () => {
    const [sent, received] = both(Report.ReportSubmitted.make({ ...submitted, narrative, narrativeHash }))
    expect(PersonalData.paths(Report.ReportSubmitted).map((p) => p.join("."))).toEqual(["narrative.*.text"])
    expect(PersonalData.paths(Report.ReportReceived).map((p) => p.join("."))).toEqual(["narrative.*.text"])
    const found = (schema: typeof Report.ReportSubmitted | typeof Report.ReportReceived, event: unknown) =>
      PersonalData.find(event, PersonalData.fields(schema)).map((f) => [f.at.join("."), f.subject])
    expect(found(Report.ReportSubmitted, sent)).toEqual([
      ["narrative.0.text", "record:report-c1"], ["narrative.1.text", "record:report-c1"], ["narrative.2.text", "record:report-c1"]
    ])
    expect(found(Report.ReportReceived, received)).toEqual(found(Report.ReportSubmitted, sent))
  })

  it("keeps the narrative with the report in the organization's state", async () => {
    const outcome = await world().when({ ...submit, narrative, narrativeHash }).then(both(Report.ReportSubmitted.make({ ...submitted, narrative, narrativeHash })))
    const state = fold(Report.aggregate, outcome.events.map((e) => e.event as Report.Event))
    expect(Report.reportById(state, submit.reportId)).toMatchObject({ narrative, narrativeHash })
  })
})

describe("The days of a report period", () => {
  it("gives the first and last day of a month, a half-year and a year", () => {
    expect(Report.dateRange("monthly", "2024-02")).toEqual({ from: "2024-02-01", to: "2024-02-29" })
    expect(Report.dateRange("monthly", "2023-02")).toEqual({ from: "2023-02-01", to: "2023-02-28" })
    expect(Report.dateRange("monthly", "2023-12")).toEqual({ from: "2023-12-01", to: "2023-12-31" })
    expect(Report.dateRange("half-year", "2023-H1")).toEqual({ from: "2023-01-01", to: "2023-06-30" })
    expect(Report.dateRange("half-year", "2023-H2")).toEqual({ from: "2023-07-01", to: "2023-12-31" })
    expect(Report.dateRange("annual", "2023")).toEqual({ from: "2023-01-01", to: "2023-12-31" })
  })

  it("gives nothing for a period written as another kind's, or not a period at all", () => {
    expect(Report.dateRange("annual", "2023-01")).toBeUndefined()
    expect(Report.dateRange("monthly", "2023-13")).toBeUndefined()
    expect(Report.dateRange("half-year", "2023-H3")).toBeUndefined()
  })
})
