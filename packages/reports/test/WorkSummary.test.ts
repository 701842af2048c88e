import { describe, expect, it } from "vitest"
import * as Report from "../src/Report.ts"
import * as WorkSummary from "../src/WorkSummary.ts"
import { figures } from "./support/Events.ts"
import { communities, streetYear } from "./support/StreetYear.ts"

const annual = { organizationId: "s1", kind: "annual", period: "2023" } as const
const summary = (request: Report.Request = annual) => Report.contentOf(request, figures(request, streetYear)) as WorkSummary.Content

describe("The annual work summary of a street federation (seed 003)", () => {
  it("says whose year it is", () => {
    const s = summary()
    expect([s.kind, s.organizationId, s.organizationName, s.level, s.period, s.from, s.to])
      .toEqual(["annual", "s1", "戚家山街道妇联", "street", "2023", "2023-01-01", "2023-12-31"])
    expect(s.organizations).toEqual({ total: 6, byLevel: { street: 1, community: 5 } })
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
    expect(summary().health).toEqual({ screenings: 2, screened: 5017, lectures: 8, lectureParticipants: 240 })
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
    expect(summary().donations).toEqual({ donations: 2, donated: 12516.5, relief: 2, reliefGiven: 1000 })
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

  it("makes the half-year summary of the first half from the same events", () => {
    const s = summary({ organizationId: "s1", kind: "half-year", period: "2023-H1" })
    expect([s.kind, s.from, s.to]).toEqual(["half-year", "2023-01-01", "2023-06-30"])
    expect(s.donations).toEqual({ donations: 1, donated: 2166, relief: 2, reliefGiven: 1000 })
    expect(s.meetings.held).toEqual({ monthly: 6, plenary: 2, congress: 1 })
    expect(s.volunteers).toMatchObject({ joined: 6, left: 0, activeAtEnd: 6, pairsAtEnd: 6 })
    expect(s.elections.committeesElected).toBe(5)
    expect(s.awards.campaigns.map((c) => c.campaignId)).toEqual(["tb-2023"])
  })

  it("makes the district's summary over both streets, counting where the district resolved a case", () => {
    const s = summary({ organizationId: "d1", kind: "annual", period: "2023" })
    expect(s.organizations).toEqual({ total: 9, byLevel: { district: 1, street: 2, community: 6 } })
    expect(s.mediation).toMatchObject({ received: 19, resolved: 17, escalatedOut: 0, resolvedAtLevel: { building: 0, community: 15, street: 1, district: 1 }, openAtEnd: 2 })
    expect(s.activities.byKind.find((k) => k.kind === "festival")).toEqual({ kind: "festival", count: 3, participants: 790, beneficiaries: 790 })
  })

  it("makes the summary of one community, showing its case handed up and resolved at the street at that level", () => {
    const s = summary({ organizationId: "c2", kind: "annual", period: "2023" })
    expect(s.organizations.total).toBe(1)
    expect(s.mediation).toMatchObject({ received: 4, resolved: 4, escalatedOut: 1, openAtEnd: 0, resolvedAtLevel: { building: 0, community: 3, street: 1 } })
  })
})
