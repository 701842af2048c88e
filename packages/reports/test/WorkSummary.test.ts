import * as Assessment from "@fulian/core/Assessment"
import * as Award from "@fulian/core/Award"
import * as Mediation from "@fulian/core/Mediation"
import * as WorkPlan from "@fulian/core/WorkPlan"
import { describe, expect, it } from "vitest"
import * as Report from "../src/Report.ts"
import * as WorkSummary from "../src/WorkSummary.ts"
import { figures, type Given, on } from "./support/Events.ts"
import { communities, streetYear } from "./support/StreetYear.ts"

const annual = { organizationId: "s1", kind: "annual", period: "2023" } as const
const summary = (request: Report.Request = annual) => Report.contentOf(request, figures(request, streetYear)) as WorkSummary.Content

describe("The annual work summary of a street federation (seed 003)", () => {
  it("says whose year it is", () => {
    const s = summary()
    expect([s.kind, s.organizationId, s.organizationName, s.level, s.period, s.from, s.to])
      .toEqual(["annual", "s1", "戚家山街道妇联", "street", "2023", "2023-01-01", "2023-12-31"])
    expect(s.organizations).toEqual({ total: 6, byLevel: { street: 1, community: 5 }, twoNew: { enterprise: 0, socialOrganization: 0, total: 0 } })
  })

  it("counts the street's and its communities' activities of the year by kind, leaving out the year before and the other street", () => {
    expect(summary().activities).toMatchObject({
      count: 25,
      participants: 6977,
      beneficiaries: 6877,
      byKind: [
        { kind: "women-achievement", count: 1, participants: 60, beneficiaries: 60 },
        { kind: "five-good-family", count: 1, participants: 120, beneficiaries: 120 },
        { kind: "festival", count: 2, participants: 540, beneficiaries: 540 },
        { kind: "legal-lecture", count: 3, participants: 150, beneficiaries: 150 },
        { kind: "health-lecture", count: 8, participants: 240, beneficiaries: 240 },
        { kind: "health-screening", count: 2, participants: 5017, beneficiaries: 5017 },
        { kind: "skills-training", count: 5, participants: 400, beneficiaries: 400 },
        { kind: "charity-drive", count: 1, participants: 100, beneficiaries: 0 },
        { kind: "other", count: 2, participants: 350, beneficiaries: 350 }
      ]
    })
  })

  it("counts activities by theme, the five themed months of the 幸福家庭5+5行动 and the 母亲素养工程, in the order they began", () => {
    expect(summary().activities.byTheme).toEqual([
      { theme: "魅力女性月", firstHeldOn: "2023-03-07", count: 2, participants: 560, beneficiaries: 560 },
      { theme: "欢乐家庭月", firstHeldOn: "2023-04-15", count: 3, participants: 360, beneficiaries: 360 },
      { theme: "母亲素养工程", firstHeldOn: "2023-04-25", count: 5, participants: 400, beneficiaries: 400 },
      { theme: "七彩少儿月", firstHeldOn: "2023-07-20", count: 1, participants: 150, beneficiaries: 150 },
      { theme: "健康关心月", firstHeldOn: "2023-09-15", count: 2, participants: 5017, beneficiaries: 5017 },
      { theme: "法制宣传月", firstHeldOn: "2023-11-01", count: 3, participants: 150, beneficiaries: 150 }
    ])
  })

  it("counts the women screened (817 两癌 and 4200 三查) and the health lectures", () => {
    expect(summary().health).toEqual({
      screenings: 2,
      screened: 5017,
      lectures: 8,
      lectureParticipants: 240,
      cancerScreenings: 0,
      cancerScreened: 0,
      threeChecks: 0,
      threeChecksScreened: 0,
      consultations: 0
    })
  })

  it("counts mediations and their outcomes: fifteen disputes settled in the communities, one case resolved at the street, one handed up and resolved at the district", () => {
    expect(summary().mediation).toEqual({
      received: 18,
      assignedFromAbove: 0,
      byCategory: { "ordinary-dispute": 15, "rights-infringement": 1, "domestic-violence": 1, other: 1 },
      sessions: 17,
      sessionsByOutcome: { "agreement-reached": 15, "no-agreement": 0, adjourned: 2 },
      casesMediated: 15,
      resolved: 17,
      byResolution: {
        "mediated-agreement": 15,
        assisted: 0,
        "referred-to-court": 0,
        "referred-to-police": 1,
        "referred-to-department": 1,
        withdrawn: 0,
        other: 0
      },
      // The district resolved the case the street handed up: shown at that level (DOMAIN.md §9).
      resolvedAtLevel: { building: 0, community: 15, street: 1, district: 1 },
      substantiated: 1,
      escalatedOut: 1,
      followUpVisits: 15,
      openAtEnd: 1
    })
  })

  it("counts volunteers and the households they are paired with at the year's end (five empty-nest households)", () => {
    expect(summary().volunteers).toEqual({
      joined: 6,
      left: 1,
      activeAtEnd: 5,
      pairsMade: 6,
      pairsAtEnd: 5,
      householdsPaired: 5,
      services: 5,
      serviceHours: 12.5
    })
  })

  it("sums donations and relief of the year to the fen", () => {
    expect(summary().donations).toEqual({
      donations: 2,
      donated: 12516.5,
      relief: 2,
      reliefGiven: 1000,
      // Per drive (seed 003 §五.2): the 健康同行 fund's drive, and the gift for the pupil that named no drive.
      byDrive: [
        { organizationId: "s1", activityId: "a25", title: "健康同行·关爱女性募捐", count: 1, yuan: 2166 },
        { count: 1, yuan: 10350.5 }
      ],
      // Relief per purpose, as recorded: 500 yuan to each of two orphans.
      reliefByPurpose: [{ purpose: "六一慰问孤儿", count: 2, yuan: 1000 }]
    })
  })

  it("counts awards conferred in the year, and re-checks made in it of an earlier year's awards", () => {
    expect(summary().awards).toEqual({
      conferred: 10,
      confirmed: 1,
      revoked: 1,
      campaigns: [
        { campaignId: "fg-2022", title: "五好文明家庭", year: 2022, organizationId: "c1", conferred: 0, confirmed: 1, revoked: 1 },
        { campaignId: "tb-2023", title: "十佳好婆媳", year: 2023, organizationId: "s1", conferred: 10, confirmed: 0, revoked: 0 }
      ]
    })
  })

  it("counts the elections and meetings held", () => {
    const s = summary()
    expect(s.elections).toEqual({
      committeesElected: 5,
      electionsFiled: 4,
      membersByElected: 1,
      representativesElected: 4,
      terms: communities.map((c) => ({ organizationId: c.id, name: c.name, electedOn: "2023-06-18", members: 5 }))
    })
    expect(s.meetings).toEqual({ held: { monthly: 12, plenary: 4, congress: 1 }, decisionsTaken: 2, decisionsDone: 1 })
    expect(s.contact).toEqual({ visits: 5, householdsVisited: 4 })
  })

  it("gives a line for the street and for each community", () => {
    expect(summary().byOrganization.map((o) => [o.organizationId, o.activities, o.participants, o.casesReceived, o.casesResolved, o.openCases, o.contactVisits, o.meetingsHeld]))
      .toEqual([
        ["s1", 16, 6697, 1, 1, 0, 0, 17],
        ["c1", 3, 100, 3, 3, 0, 5, 0],
        ["c2", 2, 60, 4, 3, 0, 0, 0],
        ["c3", 2, 60, 4, 3, 1, 0, 0],
        ["c4", 1, 30, 3, 3, 0, 0, 0],
        ["c5", 1, 30, 3, 3, 0, 0, 0]
      ])
  })

  it("counts the activities of each month, each the activities ledger's figures of that month (as the monthly report's)", () => {
    const s = summary()
    expect(s.activities.byMonth.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2023-${String(i + 1).padStart(2, "0")}`))
    for (const m of s.activities.byMonth) {
      const month = figures({ organizationId: "s1", kind: "monthly", period: m.month }, streetYear).activities.all
      expect([m.month, m.count, m.participants]).toEqual([m.month, month.count, month.participants])
    }
    // Every activity is held on one day, so the months add up to the year.
    expect(s.activities.byMonth.reduce((n, m) => n + m.count, 0)).toBe(s.activities.count)
    expect(s.activities.byMonth.reduce((n, m) => n + m.participants, 0)).toBe(s.activities.participants)
    expect(s.activities.byMonth.filter((m) => m.count > 0).length).toBeGreaterThan(3)
    const half = summary({ organizationId: "s1", kind: "half-year", period: "2023-H2" })
    expect(half.activities.byMonth.map((m) => m.month)).toEqual(["2023-07", "2023-08", "2023-09", "2023-10", "2023-11", "2023-12"])
  })

  it("makes the half-year summary of the first half from the same events", () => {
    const s = summary({ organizationId: "s1", kind: "half-year", period: "2023-H1" })
    expect([s.kind, s.from, s.to]).toEqual(["half-year", "2023-01-01", "2023-06-30"])
    expect(s.donations).toEqual({
      donations: 1,
      donated: 2166,
      relief: 2,
      reliefGiven: 1000,
      byDrive: [{ organizationId: "s1", activityId: "a25", title: "健康同行·关爱女性募捐", count: 1, yuan: 2166 }],
      reliefByPurpose: [{ purpose: "六一慰问孤儿", count: 2, yuan: 1000 }]
    })
    expect(s.meetings.held).toEqual({ monthly: 6, plenary: 2, congress: 1 })
    expect(s.volunteers).toMatchObject({ joined: 6, left: 0, activeAtEnd: 6, pairsAtEnd: 6 })
    expect(s.elections.committeesElected).toBe(5)
    expect(s.awards.campaigns.map((c) => c.campaignId)).toEqual(["tb-2023"])
  })

  it("makes the district's summary over both streets, counting where the district resolved a case", () => {
    const s = summary({ organizationId: "d1", kind: "annual", period: "2023" })
    expect(s.organizations).toEqual({ total: 9, byLevel: { district: 1, street: 2, community: 6 }, twoNew: { enterprise: 0, socialOrganization: 0, total: 0 } })
    expect(s.mediation).toMatchObject({ received: 19, resolved: 17, escalatedOut: 0, resolvedAtLevel: { building: 0, community: 15, street: 1, district: 1 }, openAtEnd: 2 })
    expect(s.activities.byKind.find((k) => k.kind === "festival")).toEqual({ kind: "festival", count: 3, participants: 790, beneficiaries: 790 })
  })

  it("makes the summary of one community, showing its case handed up and resolved at the street at that level", () => {
    const s = summary({ organizationId: "c2", kind: "annual", period: "2023" })
    expect(s.organizations.total).toBe(1)
    expect(s.mediation).toMatchObject({ received: 4, resolved: 4, escalatedOut: 1, openAtEnd: 0, resolvedAtLevel: { building: 0, community: 3, street: 1 } })
  })
})

describe("The work summary laid out in seed 003's sections", () => {
  const doc = () => Report.document(summary())
  const tables = (section: string) => doc().sections.find((s) => s.key === section)!.tables.map((t) => t.key)

  it("follows seed 003's order: activities by theme, rights and mediation, organization building, the mothers' programme, health, care, awards and assessments", () => {
    expect(doc().sections.map((s) => [s.key, s.title])).toEqual([
      ["activities", "section.activities"],
      ["mediation", "section.mediation"],
      ["organizations", "section.organizations"],
      ["mothers", "section.mothers"],
      ["health", "section.health"],
      ["care", "section.care"],
      ["awards", "section.awardsAssessments"],
      ["byOrganization", "section.byOrganization"]
    ])
    expect(WorkSummary.sectionKeys).toEqual(doc().sections.map((s) => s.key))
  })

  it("puts elections, meetings and the representatives' contact visits under organization building, and volunteers with donations under care", () => {
    expect(tables("organizations")).toEqual([
      "organizations.summary", "organizations.twoNew", "organizations.building", "elections.summary", "elections.terms", "meetings.summary", "visits.summary", "study.summary"
    ])
    expect(tables("care")).toEqual(["volunteers.summary", "volunteers.pairsByCircumstance", "donations.summary", "donations.byDrive", "donations.reliefByPurpose"])
    expect(tables("activities")).toEqual(["activities.byKind", "activities.byMonth", "activities.byTheme", "activities.byFestival", "activities.publicity"])
    expect(tables("mediation")).toContain("mediation.mediators")
    expect(tables("awards")).toEqual(["awards.summary", "awards.campaigns", "awards.rewards", "assessments.summary", "assessments.ranking"])
  })

  it("shows the family-education lectures (母亲讲堂) in the mothers' programme, read off the activities by kind", () => {
    const s = summary()
    const withLectures = { ...s, activities: { ...s.activities, byKind: [...s.activities.byKind, { kind: "family-education" as const, count: 5, participants: 400, beneficiaries: 400 }] } }
    const mothers = Report.document(withLectures).sections.find((x) => x.key === "mothers")!.tables[0]!
    expect(mothers.rows).toEqual([{ item: { label: "activityKind.family-education" }, values: [5, 400, 400] }])
    expect(doc().sections.find((x) => x.key === "mothers")!.tables[0]!.rows).toEqual([])
  })

  it("marks the breakdowns, which a renderer may draw as shares", () => {
    const mediation = doc().sections.find((s) => s.key === "mediation")!.tables
    expect(mediation.filter((t) => t.kind === "breakdown").map((t) => t.key)).toEqual(["mediation.byCategory", "mediation.byOutcome", "mediation.byResolution", "mediation.byLevel"])
  })
})

describe("The work summary's figures from the other ledgers, each read off its ledger", () => {
  /** The street's mediation society (seed 003 §二): 12 volunteer mediators and a head. */
  const society: ReadonlyArray<Given> = on(Mediation.aggregate, "s1",
    Mediation.MediationCommitteeEstablished.make({ organizationId: "s1", name: "戚家大阿嫂妇女调解社", establishedOn: "2023-01-08" }),
    ...Array.from({ length: 12 }, (_, i) =>
      Mediation.MediatorAppointed.make({ organizationId: "s1", mediatorId: `m${i + 1}`, name: `调解员${i + 1}`, appointedOn: "2023-01-10", kind: "volunteer" })),
    Mediation.CommitteeHeadAppointed.make({ organizationId: "s1", mediatorId: "m1", appointedOn: "2023-01-10" }))

  /** The street's year-end inspection of two communities (§8), the first rewarded. */
  const inspection: ReadonlyArray<Given> = on(Assessment.aggregate, "s1-ye-2023",
    Assessment.AssessmentOpened.make({
      assessmentId: "s1-ye-2023", organizationId: "s1", period: "year-end", year: 2023,
      criteria: [{ criterionId: "k1", name: "组织建设", maxScore: 100 }], assessees: ["c1", "c2"]
    }),
    Assessment.AssessmentScored.make({ assessmentId: "s1-ye-2023", assesseeId: "c1", scores: [{ criterionId: "k1", score: 95 }] }),
    Assessment.AssessmentScored.make({ assessmentId: "s1-ye-2023", assesseeId: "c2", scores: [{ criterionId: "k1", score: 88 }] }),
    Assessment.AssessmentConcluded.make({ assessmentId: "s1-ye-2023", ranking: [{ organizationId: "c1", total: 95, rank: 1 }, { organizationId: "c2", total: 88, rank: 2 }], concludedOn: "2023-12-20" }),
    Assessment.AssessmentRewardGiven.make({ assessmentId: "s1-ye-2023", assesseeId: "c1", title: "先进集体", reward: { kind: "money", amount: 500 }, givenOn: "2023-12-22" }))

  /** The plan the street's congress adopted for 2023 (§6). */
  const plan: ReadonlyArray<Given> = on(WorkPlan.aggregate, "s1",
    WorkPlan.WorkPlanAdopted.make({
      organizationId: "s1", year: 2023, meetingId: "s1-congress", adoptedOn: "2023-01-15",
      targets: [
        { targetId: "t1", measure: "legal-lectures", comparator: "at-least", value: 4, text: "举办法制讲座4期" },
        { targetId: "t2", measure: "monthly-meetings-held", comparator: "at-least", value: 12 },
        { targetId: "t3", measure: "mediation-success-rate", comparator: "at-least", value: 90 },
        { targetId: "t4", measure: "contact-visits-per-household-per-month", comparator: "at-least", value: 1 },
        { targetId: "t5", text: "深化幸福家庭5+5行动" }
      ]
    }))

  const year = (given: ReadonlyArray<Given>, request: Report.Request = annual) => Report.contentOf(request, figures(request, given)) as WorkSummary.Content

  it("shows the mediation committee and its 12 volunteer mediators, as the mediators ledger counts them", () => {
    const s = year([...streetYear, ...society])
    expect(s.mediators).toMatchObject({ mediators: 12, volunteerMediators: 12, cadreMediators: 0, appointed: 12, left: 0 })
    expect(s.mediators.committees).toEqual([{ organizationId: "s1", name: "戚家大阿嫂妇女调解社", headId: "m1", adviserId: undefined }])
    const table = Report.document(s).sections.find((x) => x.key === "mediation")!.tables.find((t) => t.key === "mediation.mediators")!
    expect(table.rows.slice(0, 3)).toEqual([
      { item: { label: "metric.mediationCommittees" }, values: [1] },
      { item: { label: "metric.mediators" }, values: [12] },
      { item: { label: "metric.volunteerMediators" }, values: [12] }
    ])
  })

  it("shows the assessments the organization made, with their rankings and rewards, in its own summary (§8)", () => {
    const s = year([...streetYear, ...inspection])
    expect(s.assessments).toMatchObject({ assessments: 1, rewards: 1, rewardYuan: 500 })
    const ranking = Report.document(s).sections.find((x) => x.key === "awards")!.tables.find((t) => t.key === "assessments.ranking")!
    expect(ranking.rows).toEqual([
      { item: "东升社区", values: ["2023", { label: "assessmentPeriod.year-end" }, "2023-12-20", 1, 95, { yuan: 500 }] },
      { item: communities[1]!.name, values: ["2023", { label: "assessmentPeriod.year-end" }, "2023-12-20", 2, 88, ""] }
    ])
    // The community assessed shows none: an assessment appears in the assessing organization's summary.
    expect(year([...streetYear, ...inspection], { organizationId: "c1", kind: "annual", period: "2023" }).assessments.assessments).toBe(0)
  })

  it("puts the year's plan targets beside the figures that measure them: met, not met, or no figure", () => {
    const s = year([...streetYear, ...plan])
    expect(s.targets).toEqual([
      { targetId: "t1", text: "举办法制讲座4期", measure: "legal-lectures", comparator: "at-least", planned: 4, actual: 3, met: false },
      { targetId: "t2", measure: "monthly-meetings-held", comparator: "at-least", planned: 12, actual: 12, met: true },
      // 15 mediated agreements of 17 cases resolved.
      { targetId: "t3", measure: "mediation-success-rate", comparator: "at-least", planned: 90, actual: 88.24, met: false },
      // 5 contact visits in the year, 4 households linked to a serving representative at its end, 12 months.
      { targetId: "t4", measure: "contact-visits-per-household-per-month", comparator: "at-least", planned: 1, actual: 0.1, met: false },
      { targetId: "t5", text: "深化幸福家庭5+5行动" }
    ])
    // The actual figures are the report's own: the same ledger figures its other sections show.
    expect(s.targets![0]!.actual).toBe(s.activities.byKind.find((k) => k.kind === "legal-lecture")!.count)
    expect(s.targets![1]!.actual).toBe(s.meetings.held.monthly)
    const f = figures(annual, [...streetYear, ...plan])
    expect([f.contact.visits, f.linkedHouseholds]).toEqual([5, 4])
    expect(s.targets![3]!.actual).toBe(Math.round(s.contact.visits / f.linkedHouseholds / 12 * 100) / 100)
    // No household linked: no figure (not a division by zero).
    expect(WorkSummary.actualOf({ ...f, linkedHouseholds: 0 }, "contact-visits-per-household-per-month")).toBeUndefined()
    const doc = Report.document(s)
    const targets = doc.sections.find((x) => x.key === "targets")!
    expect(doc.sections.map((x) => x.key).slice(-2)).toEqual(["targets", "byOrganization"])
    expect(targets.tables[0]).toMatchObject({ kind: "targets", columns: ["col.measure", "col.comparator", "col.planned", "col.actual", "col.met"] })
    expect(targets.tables[0]!.rows).toEqual([
      { item: "举办法制讲座4期", values: [{ label: "measure.legal-lectures" }, { label: "comparator.at-least" }, 4, 3, { label: "target.notMet" }] },
      { item: { label: "measure.monthly-meetings-held" }, values: [{ label: "measure.monthly-meetings-held" }, { label: "comparator.at-least" }, 12, 12, { label: "target.met" }] },
      { item: { label: "measure.mediation-success-rate" }, values: [{ label: "measure.mediation-success-rate" }, { label: "comparator.at-least" }, 90, 88.24, { label: "target.notMet" }] },
      { item: { label: "measure.contact-visits-per-household-per-month" }, values: [{ label: "measure.contact-visits-per-household-per-month" }, { label: "comparator.at-least" }, 1, 0.1, { label: "target.notMet" }] },
      { item: "深化幸福家庭5+5行动", values: [{ label: "target.notMeasured" }, "", "", "", ""] }
    ])
  })

  it("shows no targets without a plan, nor in a half-year summary", () => {
    expect(year(streetYear).targets).toBeUndefined()
    expect(Report.document(year(streetYear)).sections.map((x) => x.key)).not.toContain("targets")
    expect(year([...streetYear, ...plan], { organizationId: "s1", kind: "half-year", period: "2023-H1" }).targets).toBeUndefined()
  })

  it("shows organization building from the terms ledger: the chairs of the communities below in office, and study from January 1 only", () => {
    const s = year(streetYear)
    expect(s.building.below).toEqual({ organizations: 5, chairsInOffice: 5, chairsOnResidentsCommittee: 0, reserveCadres: 0 })
    expect(s.study).toMatchObject({ monthlyMeetingsHeld: 12 })
    expect(year(streetYear, { organizationId: "s1", kind: "half-year", period: "2023-H2" }).study).toBeUndefined()
  })
})

describe("The rewards given with titles (给予一定奖励)", () => {
  /** A 2023 campaign of the street for households, whose two awards carry rewards: a certificate, and 200 yuan. */
  const rewarded: ReadonlyArray<Given> = on(Award.aggregate, "pa-2023",
    Award.AwardCampaignOpened.make({ campaignId: "pa-2023", organizationId: "s1", year: 2023, title: "平安家庭", criteria: [{ criterionId: "k", name: "平安", maxScore: 100 }], threshold: 80 }),
    Award.HouseholdNominated.make({ campaignId: "pa-2023", householdId: "p1" }),
    Award.HouseholdNominated.make({ campaignId: "pa-2023", householdId: "p2" }),
    Award.AwardConferred.make({ campaignId: "pa-2023", householdId: "p1", total: 90, conferredOn: "2023-11-10", reward: { kind: "certificate" } }),
    Award.AwardConferred.make({ campaignId: "pa-2023", householdId: "p2", total: 85, conferredOn: "2023-11-10", reward: { kind: "money", amount: 200 } }))

  it("counts the rewards and their money by campaign, as the awards ledger gives them, and lays them out beside the awards", () => {
    const request = annual
    const s = Report.contentOf(request, figures(request, [...streetYear, ...rewarded])) as WorkSummary.Content
    expect(s.awardRewards).toEqual({
      rewards: 2,
      yuan: 200,
      campaigns: [{
        campaignId: "pa-2023", title: "平安家庭", year: 2023, organizationId: "s1", nomineeKind: "household",
        byKind: { certificate: 1, plaque: 0, money: 1, goods: 0 }, yuan: 200, rewards: 2
      }]
    })
    const table = Report.document(s).sections.find((x) => x.key === "awards")!.tables.find((t) => t.key === "awards.rewards")!
    expect(table.rows).toEqual([{ item: "平安家庭", values: ["2023", { label: "nomineeKind.household" }, 2, { yuan: 200 }] }])
    expect((Report.contentOf(request, figures(request, streetYear)) as WorkSummary.Content).awardRewards).toEqual({ rewards: 0, yuan: 0, campaigns: [] })
  })
})
