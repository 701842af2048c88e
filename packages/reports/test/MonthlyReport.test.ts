import * as Activity from "@fulian/core/Activity"
import * as Case from "@fulian/core/Case"
import * as Organization from "@fulian/core/Organization"
import * as Representation from "@fulian/core/Representation"
import * as Volunteer from "@fulian/core/Volunteer"
import { describe, expect, it } from "vitest"
import type * as MonthlyReport from "../src/MonthlyReport.ts"
import type * as WorkSummary from "../src/WorkSummary.ts"
import * as Report from "../src/Report.ts"
import { caseRegistered, figures, type Given, on } from "./support/Events.ts"
import { streetYear } from "./support/StreetYear.ts"

const month = (period: string, given: ReadonlyArray<Given> = streetYear, organizationId = "s1") =>
  Report.contentOf({ organizationId, kind: "monthly", period }, figures({ organizationId, kind: "monthly", period }, given)) as MonthlyReport.Content

describe("The monthly report of a street federation", () => {
  it("counts August's cases: registered, escalated within the street, resolved, none open at the month's end", () => {
    expect(month("2023-08").cases).toEqual({
      received: 2,
      assignedFromAbove: 0,
      byCategory: { "ordinary-dispute": 1, "rights-infringement": 0, "domestic-violence": 1, other: 0 },
      resolved: 2,
      escalations: 1,
      escalatedOut: 0,
      openAtEnd: 0,
      reopened: 0,
      mediationSessions: 2,
      followUpVisits: 1
    })
  })

  it("counts August's activities by kind, and its meetings", () => {
    const m = month("2023-08")
    expect(m.activities).toEqual({
      count: 2,
      participants: 110,
      beneficiaries: 110,
      byKind: [
        { kind: "health-lecture", count: 1, participants: 30, beneficiaries: 30 },
        { kind: "skills-training", count: 1, participants: 80, beneficiaries: 80 }
      ]
    })
    expect(m.meetings.held).toEqual({ monthly: 1, plenary: 0, congress: 0 })
  })

  it("counts July's contact visits by method, and the households visited", () => {
    expect(month("2023-07").visits).toEqual({
      contactVisits: 5,
      householdsVisited: 4,
      byMethod: { "home-visit": 4, phone: 1, "daily-contact": 0, talk: 0 }
    })
  })

  it("counts a case registered in December and resolved in January as open at December's end", () => {
    const m = month("2023-12")
    expect(m.cases).toMatchObject({ received: 1, resolved: 0, openAtEnd: 1, byCategory: { other: 1 } })
    expect(m.organizations.find((o) => o.organizationId === "c3")).toMatchObject({ casesReceived: 1, openCases: 1 })
    const january = month("2024-01")
    expect(january.cases).toMatchObject({ received: 0, resolved: 1, openAtEnd: 0 })
  })

  it("counts a case handed up beyond the street as escalated out, and still open in the street's counts while the district holds it", () => {
    expect(month("2023-09").cases).toMatchObject({ received: 2, escalations: 1, escalatedOut: 1, openAtEnd: 1 })
    expect(month("2023-09").organizations.find((o) => o.organizationId === "s1")).toMatchObject({ openCases: 0 })
    expect(month("2023-09", streetYear, "d1").cases).toMatchObject({ escalations: 1, escalatedOut: 0, openAtEnd: 2 })
  })

  it("names the organizations that held no monthly meeting in the month (每月一次会议)", () => {
    expect(month("2023-12").meetings.withoutMonthlyMeeting).toEqual(["c1", "c2", "c3", "c4", "c5"])
    const withoutStreet = streetYear.filter((g) => g.stream !== "meeting-s1-monthly-12")
    expect(month("2023-12", withoutStreet).meetings.withoutMonthlyMeeting).toEqual(["s1", "c1", "c2", "c3", "c4", "c5"])
  })

  it("gives a line for each organization, the street's own first", () => {
    expect(month("2023-08").organizations.map((o) => [o.organizationId, o.name, o.level, o.activities, o.casesReceived, o.casesResolved, o.meetingsHeld]))
      .toEqual([
        ["s1", "戚家山街道妇联", "street", 1, 0, 1, 1],
        ["c1", "东升社区", "community", 1, 0, 0, 0],
        ["c2", "蔚斗社区", "community", 0, 1, 0, 0],
        ["c3", "联合社区", "community", 0, 1, 1, 0],
        ["c4", "渡头村", "community", 0, 0, 0, 0],
        ["c5", "青峙村", "community", 0, 0, 0, 0]
      ])
  })
})

describe("Report figures (read off the ledgers)", () => {
  const street = on(Organization.aggregate, "s1", Organization.OrganizationRegistered.make({ organizationId: "s1", name: "街道", level: "street" }))
  const community = on(Organization.aggregate, "c1", Organization.OrganizationRegistered.make({ organizationId: "c1", name: "社区", level: "community", parentId: "s1" }))
  const registered = (caseId: string, organizationId: string, at: string) =>
    caseRegistered({ caseId, organizationId, level: organizationId === "s1" ? "street" : "community", receivedAt: at })

  it("counts a case reopened in the month as reopened and open again at its end", () => {
    const given = [
      ...street,
      ...on(Case.aggregate, "k1",
        registered("k1", "s1", "2024-01-05T08:00:00.000Z"),
        Case.CaseResolved.make({ caseId: "k1", organizationId: "s1", resolvedOn: "2024-01-20", resolution: "assisted" }),
        Case.CaseReopened.make({ caseId: "k1", reopenedAt: "2024-02-03T08:00:00.000Z", reason: "反复" }))
    ]
    expect(month("2024-01", given).cases).toMatchObject({ received: 1, resolved: 1, reopened: 0, openAtEnd: 0 })
    expect(month("2024-02", given).cases).toMatchObject({ received: 0, resolved: 0, reopened: 1, openAtEnd: 1 })
  })

  it("counts a case assigned from above as received, and of them assigned", () => {
    const given = [
      ...street,
      ...community,
      ...on(Case.aggregate, "k2", Case.CaseAssignedFromAbove.make({
        caseId: "k2",
        assignedBy: "s1",
        organizationId: "c1",
        level: "community",
        receivedAt: "2024-03-02T08:00:00.000Z",
        dueOn: "2024-03-17",
        channel: "letter",
        category: "rights-infringement",
        sudden: false,
        typicalInfringement: false,
        householdIds: [],
        parties: [],
        narrative: "交办"
      }))
    ]
    expect(month("2024-03", given, "c1").cases).toMatchObject({ received: 1, assignedFromAbove: 1, openAtEnd: 1 })
  })

  it("leaves out an organization registered below another street, and everything it does", () => {
    const given = [
      ...street,
      ...on(Organization.aggregate, "s2", Organization.OrganizationRegistered.make({ organizationId: "s2", name: "另一街道", level: "street" })),
      ...on(Organization.aggregate, "c9", Organization.OrganizationRegistered.make({ organizationId: "c9", name: "另一社区", level: "community", parentId: "s2" })),
      ...on(Activity.aggregate, "c9", Activity.ActivityRecorded.make({ organizationId: "c9", activityId: "x", kind: "festival", title: "活动", heldOn: "2024-03-08", participants: 9, beneficiaries: 9 })),
      ...on(Case.aggregate, "k9", registered("k9", "c9", "2024-03-02T08:00:00.000Z"))
    ]
    const m = month("2024-03", given)
    expect(m.organizations.map((o) => o.organizationId)).toEqual(["s1"])
    expect([m.activities.count, m.cases.received, m.cases.openAtEnd]).toEqual([0, 0, 0])
  })

  it("ends a volunteer's pairs when she leaves, on the day she leaves", () => {
    const given = [
      ...street,
      ...on(Volunteer.aggregate, "s1",
        Volunteer.VolunteerJoined.make({ organizationId: "s1", volunteerId: "v1", name: "志愿者", consentGivenOn: "2024-01-02" }),
        Volunteer.VolunteerPaired.make({ organizationId: "s1", volunteerId: "v1", householdId: "h1", pairedOn: "2024-01-03" }),
        Volunteer.VolunteerPaired.make({ organizationId: "s1", volunteerId: "v1", householdId: "h2", pairedOn: "2024-01-03" }),
        Volunteer.VolunteerUnpaired.make({ organizationId: "s1", volunteerId: "v1", householdId: "h2", unpairedOn: "2024-01-20" }),
        Volunteer.VolunteerLeft.make({ organizationId: "s1", volunteerId: "v1", leftOn: "2024-02-10" }))
    ]
    const at = (period: string) => {
      const { volunteers } = figures({ organizationId: "s1", kind: "monthly", period }, given)
      return [volunteers.activeAtEnd, volunteers.pairsAtEnd, volunteers.householdsPaired]
    }
    expect(at("2024-01")).toEqual([1, 1, 1])
    expect(at("2024-02")).toEqual([0, 0, 0])
    expect(at("2023-12")).toEqual([0, 0, 0])
  })

  it("counts nothing of a fact dated after the period's end, however early it was entered", () => {
    const given = [
      ...street,
      ...on(Case.aggregate, "k1", registered("k1", "s1", "2024-01-31T15:59:00.000Z")),
      // 16:00 UTC on 31 January is 00:00 on 1 February in Beijing.
      ...on(Case.aggregate, "k2", registered("k2", "s1", "2024-01-31T16:00:00.000Z"))
    ]
    expect(month("2024-01", given).cases).toMatchObject({ received: 1, openAtEnd: 1 })
    expect(month("2024-02", given).cases).toMatchObject({ received: 1, openAtEnd: 2 })
  })
})

describe("The monthly report's 本月 and 累计 (this month and the year to date)", () => {
  const summary = (kind: "half-year" | "annual", period: string) =>
    Report.contentOf({ organizationId: "s1", kind, period }, figures({ organizationId: "s1", kind, period }, streetYear)) as WorkSummary.Content

  it("counts the year to date from January 1 of the local year to the month's end", () => {
    expect([month("2023-08").yearToDate.from, month("2023-08").yearToDate.to]).toEqual(["2023-01-01", "2023-08-31"])
  })

  it("is the ledgers' figures of the longer period: June's year to date is the first half-year's, December's the year's", () => {
    for (const [m, s] of [[month("2023-06"), summary("half-year", "2023-H1")], [month("2023-12"), summary("annual", "2023")]] as const) {
      expect(m.yearToDate.activities).toEqual({ count: s.activities.count, participants: s.activities.participants, beneficiaries: s.activities.beneficiaries, byKind: s.activities.byKind })
      expect(m.yearToDate.cases).toMatchObject({
        received: s.mediation.received,
        resolved: s.mediation.resolved,
        escalatedOut: s.mediation.escalatedOut,
        openAtEnd: s.mediation.openAtEnd,
        mediationSessions: s.mediation.sessions,
        followUpVisits: s.mediation.followUpVisits
      })
      expect(m.yearToDate.visits).toMatchObject({ contactVisits: s.contact.visits, householdsVisited: s.contact.householdsVisited })
      expect(m.yearToDate.meetings).toEqual(s.meetings)
    }
  })

  it("adds up the months where a figure counts events, and counts distinct households once however many months they were visited", () => {
    // hh1, visited in July, visited again in September.
    const september = on(Representation.contactLog, "c1", Representation.ContactVisitRecorded.make({
      organizationId: "c1", representativeId: "r1", householdId: "hh1", visitedOn: "2023-09-03", method: "talk", topics: ["appeals-heard"], notes: ""
    }))
    const given = [...streetYear, ...september]
    const year = month("2023-12", given).yearToDate
    const all = Array.from({ length: 12 }, (_, i) => month(`2023-${String(i + 1).padStart(2, "0")}`, given))
    expect(year.visits.householdsVisited).toBe(4)
    expect(year.cases.received).toBe(all.reduce((n, m) => n + m.cases.received, 0))
    expect(year.activities.participants).toBe(all.reduce((n, m) => n + m.activities.participants, 0))
    expect(year.visits.contactVisits).toBe(all.reduce((n, m) => n + m.visits.contactVisits, 0))
    expect(year.visits.householdsVisited).toBeLessThan(all.reduce((n, m) => n + m.visits.householdsVisited, 0))
  })

  it("is the month itself in January", () => {
    const january = month("2023-01")
    expect(january.yearToDate).toEqual({ from: "2023-01-01", to: "2023-01-31", cases: january.cases, visits: january.visits, activities: january.activities, meetings: { held: january.meetings.held, decisionsTaken: january.meetings.decisionsTaken, decisionsDone: january.meetings.decisionsDone } })
  })

  it("lays every figure out in two columns, 本月 and 累计, and says from when the year is counted", () => {
    const august = month("2023-08")
    const doc = Report.document(august)
    expect(doc.header).toContainEqual({ label: "header.yearToDateFrom", value: "2023-01-01" })
    const table = (key: string) => doc.sections.flatMap((s) => s.tables).find((t) => t.key === key)!
    for (const key of ["cases.summary", "cases.byCategory", "visits.summary", "visits.byMethod", "activities.summary", "meetings.summary"]) {
      expect(table(key), key).toMatchObject({ kind: "periods", columns: ["col.thisMonth", "col.yearToDate"] })
    }
    expect(table("cases.summary").rows).toContainEqual({ item: { label: "metric.casesReceived" }, values: [august.cases.received, august.yearToDate.cases.received] })
    expect(table("visits.summary").rows).toContainEqual({ item: { label: "metric.householdsVisited" }, values: [august.visits.householdsVisited, august.yearToDate.visits.householdsVisited] })
    expect(table("meetings.summary").rows[0]).toEqual({ item: { label: "meetingKind.monthly" }, values: [august.meetings.held.monthly, august.yearToDate.meetings.held.monthly] })
    // A kind held earlier in the year and not this month shows 0 this month.
    const health = august.yearToDate.activities.byKind.find((k) => !august.activities.byKind.some((m) => m.kind === k.kind))!
    expect(table("activities.summary").rows).toContainEqual({ item: { label: `activityKind.${health.kind}` }, values: [0, health.count] })
  })
})
