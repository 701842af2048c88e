/**
 * The demo year reproduces seed 003's figures (a street federation's year-end summary) where
 * seed 003 gives them. `fulian demo` (what `npm start` runs) enters the year into a SQLite file
 * and sends the street's annual summary up; each figure is then read off that report's content,
 * recomputed at the position it was sent from (and `fulian verify` says it still matches), or,
 * where the summary keeps no such figure, off the ledger it is drawn from.
 */
import * as path from "node:path"
import { Effect, Layer } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import * as Demo from "@fulian/cli/Demo"
import * as Policy from "@fulian/core/Policy"
import type * as CoreReport from "@fulian/core/Report"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as Attestation from "@fulian/reports/Attestation"
import * as Report from "@fulian/reports/Report"
import type * as WorkSummary from "@fulian/reports/WorkSummary"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import { fulian, tempDir, type Ran } from "./support/Run.ts"

const policy = Policy.defaults

describe("the demo year reproduces seed 003's figures", () => {
  const db = path.join(tempDir(), "seed-003.db")
  const store = ["--store", `sqlite:${db}`]
  let demo: Ran
  let sent: CoreReport.Submitted
  let summary: WorkSummary.Content
  let rows: Ledgers.Rows

  beforeAll(async () => {
    demo = await fulian(["demo", ...store])
    expect(demo.code).toBe(0)
    const read = await Effect.runPromise(Effect.gen(function*() {
      const reports = yield* Attestation.submitted(Demo.street.id)
      const annual = reports.find((r) => r.reportId === `${Demo.street.id}-annual-${Demo.year}`)!
      const report = yield* Report.compute({ organizationId: Demo.street.id, kind: "annual", period: String(Demo.year) }, { upTo: annual.position })
      const drawn = yield* Ledgers.fold({ policy, asOf: Demo.ledgersAsOf })
      return { annual, content: report.content, rows: Ledgers.rowsOf(drawn, { policy }) }
    }).pipe(
      Effect.provide(Layer.mergeAll(SqliteEventStore.layer({ filename: db }), Policy.layer())),
      Effect.scoped
    ) as Effect.Effect<{ annual: CoreReport.Submitted; content: Report.Content; rows: Ledgers.Rows }>)
    sent = read.annual
    if (read.content.kind !== "annual") throw new Error(`the demo sent up a ${read.content.kind} report`)
    summary = read.content
    rows = read.rows
  }, 120_000)

  const ofKind = (kind: string) => summary.activities.byKind.find((k) => k.kind === kind)

  it("prints the summary it sent up, which still matches the records, with the chair's paragraphs", async () => {
    expect(demo.stdout).toContain(`${Demo.street.name}年度工作总结`)
    for (const heading of ["两癌筛查", "三查", "母亲讲堂", "调解组织与调解员", "两新组织妇建", "年度工作目标完成情况", "存在的问题", "明年工作打算"]) {
      expect(demo.stdout).toContain(heading)
    }
    expect((await fulian(["verify", ...store, "--as", "sun-li:auditor@binhai", "--purpose", "测试"])).code).toBe(0)
    expect(sent.narrative?.map((p) => p.section)).toEqual(Demo.narrative().map((p) => p.section))
    expect(new Set(sent.narrative?.map((p) => p.section))).toEqual(new Set(["overview", "mediation", "organizations", "mothers", "problems", "next-year"]))
  })

  it("§二: a mediation society with 12 volunteer mediators, a head and a legal adviser, and 15 and more disputes mediated", () => {
    expect(summary.mediators.mediators).toBe(12)
    expect(summary.mediators.volunteerMediators).toBe(12)
    expect(summary.mediators.committees).toEqual([expect.objectContaining({ organizationId: Demo.street.id, headId: expect.any(String), adviserId: expect.any(String) })])
    expect(summary.mediators.trainings).toBeGreaterThanOrEqual(1)
    // 已参与并成功调解15多起: sessions that named rostered mediators, and disputes settled by agreement.
    expect(summary.mediators.sessions).toBeGreaterThanOrEqual(15)
    expect(summary.mediators.casesMediated).toBeGreaterThanOrEqual(15)
    expect(summary.mediation.byResolution["mediated-agreement"]).toBeGreaterThanOrEqual(15)
    // 在各村、社区均设立了调解热线: a hotline in every community (the places ledger's).
    const communities = rows.organizations.filter((o) => o.level === "community" && o.parentId === Demo.street.id).map((o) => o.organizationId)
    expect(communities.length).toBe(summary.organizations.byLevel.community)
    for (const id of communities) expect(rows.places.some((p) => p.organizationId === id && p.kind === "mediation-hotline"), id).toBe(true)
  })

  it("§三: every community's chair on the residents' committee (进两委), and three new enterprises' women's organizations", () => {
    expect(summary.organizations.byLevel.community).toBe(5)
    expect(summary.building.below.chairsOnResidentsCommittee).toBe(summary.organizations.byLevel.community)
    // 100% 进两委: every federation unit below the street with a chair in office, the enterprises' counted apart.
    expect(summary.building.below.organizations).toBe(summary.organizations.byLevel.community)
    expect(summary.building.below.chairsInOffice).toBe(summary.building.below.chairsOnResidentsCommittee)
    expect(summary.building.below.reserveCadres).toBeGreaterThan(0)
    expect(summary.organizations.twoNew.enterprise).toBe(3)
    // Each with its women's home (妇女之家).
    const enterprises = rows.organizations.filter((o) => o.kind === "enterprise").map((o) => o.organizationId)
    expect(enterprises.length).toBe(3)
    for (const id of enterprises) expect(rows.places.some((p) => p.organizationId === id && p.kind === "womens-home"), id).toBe(true)
  })

  it("§四: five mothers' lectures (母亲讲堂) reaching 400 and more mothers", () => {
    expect(ofKind("family-education")).toMatchObject({ count: 5 })
    expect(ofKind("family-education")!.beneficiaries).toBeGreaterThanOrEqual(400)
  })

  it("§五.1: 817 women screened for the two cancers and 4,200 given the three checks, counted apart; 8 health lectures", () => {
    expect(summary.health.cancerScreened).toBe(817)
    expect(summary.health.threeChecksScreened).toBe(4200)
    expect(ofKind("cancer-screening")!.beneficiaries).toBe(817)
    expect(ofKind("three-checks")!.beneficiaries).toBe(4200)
    // Apart: neither is among the other health checks.
    expect(summary.health.screened).toBe(ofKind("health-screening")?.beneficiaries ?? 0)
    expect(summary.health.screened).toBeLessThan(817)
    expect(summary.health.lectures).toBe(8)
  })

  it("§一: three legal lectures, 500 and more at the 三八 show, health consultation and doctors in 6 enterprises, 600 brochures", () => {
    expect(ofKind("legal-lecture")).toMatchObject({ count: 3 })
    expect(summary.activities.byFestival.find((f) => f.festival === "womens-day")!.participants).toBeGreaterThanOrEqual(500)
    expect(summary.health.consultations).toBeGreaterThanOrEqual(1)
    // 500余份 leaflets and 20余次 consultations at the square, and the 600 brochures of the 5+5 plan.
    expect(summary.activities.publicity.materialsHandedOut).toBeGreaterThanOrEqual(500 + 600)
    expect(summary.activities.publicity.consultationsGiven).toBeGreaterThanOrEqual(20)
    expect(summary.activities.publicity.enterprisesReached).toBe(6)
    expect(summary.activities.publicity.staffReached).toBeGreaterThanOrEqual(500)
  })

  it("§五.2: the drives' amounts — 2,166 yuan for the fund, 10,000 and more for the pupil, 500 to each of two orphans", () => {
    const drive = (title: string) => summary.donations.byDrive.find((d) => d.title?.includes(title))
    expect(drive("健康同行·关爱女性")!.yuan).toBe(2166)
    expect(drive("白血病")!.yuan).toBeGreaterThanOrEqual(10_000)
    // 慰问孤儿: relief per purpose, as the summary shows it (two of 500 yuan).
    const orphans = summary.donations.reliefByPurpose.filter((r) => r.purpose.includes("孤儿"))
    expect(orphans.reduce((n, r) => n + r.count, 0)).toBe(2)
    expect(orphans.reduce((n, r) => n + r.yuan, 0)).toBe(1000)
    expect(rows.activities.relief.filter((r) => r.organizationId === Demo.street.id && r.purpose.includes("孤儿")).map((r) => r.amount)).toEqual([500, 500])
    expect(summary.donations.reliefGiven).toBeGreaterThanOrEqual(1000)
  })

  it("§五.2: the street's volunteers paired with 5 empty-nest households", () => {
    // The summary shows the area's pairs by the household served; the street's own five are the volunteers ledger's.
    expect(summary.pairsByCircumstance.find((c) => c.circumstance === "empty-nest-elderly")!.pairs).toBeGreaterThanOrEqual(5)
    const emptyNest = rows.volunteers.pairs.filter((p) => p.organizationId === Demo.street.id && p.circumstances.includes("empty-nest-elderly"))
    expect(new Set(emptyNest.map((p) => p.householdId)).size).toBe(5)
    expect(summary.volunteers.householdsPaired).toBeGreaterThanOrEqual(5)
  })

  it("shows the year's plan beside the results: some targets met, some not", () => {
    const measured = (summary.targets ?? []).filter((t) => t.measure !== undefined)
    expect(measured.some((t) => t.met === true)).toBe(true)
    expect(measured.some((t) => t.met === false)).toBe(true)
    expect(measured.find((t) => t.measure === "legal-lectures")).toMatchObject({ planned: 4, actual: 3, met: false })
    expect(measured.find((t) => t.measure === "health-lectures")).toMatchObject({ planned: 8, actual: 8, met: true })
  })
})
