import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { fold } from "../src/Decider.ts"
import * as Domain from "../src/Domain.ts"
import * as Organization from "../src/Organization.ts"
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
  submittedAt: NOW
})

/** d1 > s1, s2; s1 > c1. */
const world = () =>
  given(Organization.aggregate, "d1", [district])
    .and(Organization.aggregate, "s1", [street])
    .and(Organization.aggregate, "s2", [otherStreet])
    .and(Organization.aggregate, "c1", [community])

describe("Submitting a report (报表上报, §9)", () => {
  it("records the report with the position it was computed from, its hash, where it went and when", () =>
    world().when(submit).then([submitted]))

  it("is given by a vice-chair or an executive member of the organization too", async () => {
    await world().when({ ...submit, actor: actor("vice-chair", "c1") }).then([submitted])
    await world().when({ ...submit, actor: actor("executive-member", "c1") }).then([submitted])
  })

  it("sends a street's annual summary to its district", () =>
    world().when({ ...submit, actor: actor("chair", "s1"), organizationId: "s1", reportId: "s1-2025", kind: "annual", period: "2025", sentTo: "d1" })
      .then([Report.ReportSubmitted.make({ ...submitted, reportId: "s1-2025", organizationId: "s1", kind: "annual", period: "2025", sentTo: "d1" })]))

  it("refuses a report id the organization already used", () =>
    world().and(Report.aggregate, "c1", [submitted]).when(submit).thenFails("ReportRejected", "DuplicateReport"))

  it("records a corrected report of the same period under a new id, beside the first", async () => {
    const outcome = await world().and(Report.aggregate, "c1", [submitted])
      .when({ ...submit, reportId: "c1-monthly-2026-05-corrected", position: 50 })
      .then([Report.ReportSubmitted.make({ ...submitted, reportId: "c1-monthly-2026-05-corrected", position: 50 })])
    const state = fold(Report.aggregate, [submitted, ...outcome.events.map((e) => e.event as Report.Event)])
    expect(Report.reportsFor(state, "monthly", "2026-05").map((r) => r.position)).toEqual([42, 50])
    expect(Report.reportById(state, "c1-monthly-2026-05")?.contentHash).toBe(hash)
    expect(Report.reportsFor(state, "monthly", "2026-04")).toEqual([])
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

  it("refuses a period that has not begun, and takes one that begins today", async () => {
    await world().when({ ...submit, period: "2026-07" }).thenFails("ReportRejected", "PeriodNotBegun")
    await world().at("2026-06-30T23:59:00.000Z").when({ ...submit, kind: "half-year", period: "2026-H2" }).thenFails("ReportRejected", "PeriodNotBegun")
    await world().when({ ...submit, period: "2026-06" }).then([Report.ReportSubmitted.make({ ...submitted, period: "2026-06" })])
  })

  it("refuses an attestation that is not a position and a sha256 hash (typed commands skip decoding)", async () => {
    await world().when({ ...submit, position: 0 }).thenFails("ReportRejected", "InvalidAttestation")
    await world().when({ ...submit, position: 4.5 }).thenFails("ReportRejected", "InvalidAttestation")
    await world().when({ ...submit, contentHash: hash.toUpperCase() }).thenFails("ReportRejected", "InvalidAttestation")
  })

  it("refuses a malformed report at the boundary (decoding)", async () => {
    const failures = await Promise.all([
      { ...submit, contentHash: "abc" },
      { ...submit, position: 0 },
      { ...submit, period: "May 2026" },
      { ...submit, kind: "weekly" }
    ].map((c) => Effect.runPromise(Effect.flip(Domain.decodeCommand(c)))))
    expect(failures.map((f) => [f._tag, f.problems[0]?.path])).toEqual([
      ["InvalidCommand", "contentHash"],
      ["InvalidCommand", "position"],
      ["InvalidCommand", "period"],
      ["InvalidCommand", "kind"]
    ])
    expect((await Effect.runPromise(Domain.decodeCommand(submit)))._tag).toBe("SubmitReport")
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
