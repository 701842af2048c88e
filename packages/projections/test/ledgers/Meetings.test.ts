import { describe, it } from "vitest"
import * as Meeting from "@fulian/core/Meeting"
import * as Organization from "@fulian/core/Organization"
import * as Policy from "@fulian/core/Policy"
import * as Meetings from "../../src/ledgers/Meetings.ts"
import * as Organizations from "../../src/ledgers/Organizations.ts"
import { given, type Given, on } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults
const year2026 = { from: "2026-01-01", to: "2026-12-31" }

const org = (organizationId: string, level: Organization.Level, parentId?: string) =>
  on(Organization.aggregate, organizationId, [
    Organization.OrganizationRegistered.make({ organizationId, name: `Federation ${organizationId}`, level, ...(parentId ? { parentId } : {}) })
  ], { at: "2025-12-01T01:00:00Z", actor: { person: "cadre", role: "upper-cadre", organization: parentId ?? organizationId } })

const organizations = [org("s1", "street"), org("c1", "community", "s1"), org("b1", "building", "c1")]

/** The organizations expected to meet, from the organizations ledger, by id. */
const expected = [...Organizations.rows(given(Organizations.projection, ...organizations).state, { asOf: "2026-01-01", policy })]
  .sort((a, b) => (a.organizationId < b.organizationId ? -1 : 1))
const rowsOf = (s: Meetings.State, options: { asOf: string; period: Meeting.Period; within?: Organizations.Area }) =>
  Meetings.rows(s, { ...options, policy, organizations: expected })

/** A meeting of `organizationId`, scheduled and held on `heldOn`. */
const held = (meetingId: string, kind: Meeting.Kind, heldOn: string, organizationId = "c1"): Given =>
  on(Meeting.aggregate, meetingId, [
    Meeting.MeetingScheduled.make({ meetingId, organizationId, kind, date: heldOn, topic: "学习《妇女权益保障法》" }),
    Meeting.MeetingHeld.make({
      meetingId,
      heldOn,
      attendees: ["wang-fang", "li-na"],
      minutes: "Studied the law; planned the 三八 festival",
      ...(kind === "congress" ? { workReport: "2025年工作报告", workPlan: "2026年工作计划" } : {})
    })
  ], { at: `${heldOn}T12:00:00Z`, actor: { person: "wang-fang", role: "chair", organization: organizationId } })

const decided = (meetingId: string, decisionId: string, dueOn: string, at: string) =>
  on(Meeting.aggregate, meetingId, [Meeting.DecisionTaken.make({ meetingId, decisionId, text: "走访全部空巢老人户", ownerId: "li-na", dueOn })], {
    at,
    actor: { person: "wang-fang", role: "chair", organization: "c1" }
  })

const followedUp = (meetingId: string, decisionId: string, status: Meeting.FollowUpStatus, followedUpOn: string) =>
  on(Meeting.aggregate, meetingId, [Meeting.DecisionFollowedUp.make({ meetingId, decisionId, status, followedUpOn })], {
    at: `${followedUpOn}T12:00:00Z`,
    actor: { person: "wang-fang", role: "chair", organization: "c1" }
  })

/** c1 met monthly in January and February, held its congress in January and its Q1 plenary in March; s1 met in January only. */
const world = [
  ...organizations,
  held("m-jan", "monthly", "2026-01-08"),
  held("congress-2026", "congress", "2026-01-20"),
  held("m-feb", "monthly", "2026-02-05"),
  held("plenary-q1", "plenary", "2026-03-12"),
  held("s1-jan", "monthly", "2026-01-09", "s1")
]

const gapsAt = (asOf: string, period: Meeting.Period = year2026) => (s: Meetings.State) =>
  rowsOf(s, { asOf, period }).organizations.map((o) => [
    o.organizationId,
    o.monthsWithoutMonthlyMeeting,
    o.quartersWithoutPlenary,
    o.yearsWithoutCongress,
    o.flags
  ])

describe("the meetings ledger (会议台帐)", () => {
  it("shows each organization above the building level with its meetings held in the period and the gaps", () => {
    given(Meetings.projection, ...world).then((s) => rowsOf(s, { asOf: "2026-04-15", period: year2026 }).organizations, [
      {
        organizationId: "c1",
        level: "community",
        held: { monthly: 2, plenary: 1, congress: 1 },
        monthsWithoutMonthlyMeeting: ["2026-03"],
        quartersWithoutPlenary: [],
        yearsWithoutCongress: [],
        flags: ["month-without-meeting"]
      },
      {
        organizationId: "s1",
        level: "street",
        held: { monthly: 1, plenary: 0, congress: 0 },
        monthsWithoutMonthlyMeeting: ["2026-02", "2026-03"],
        quartersWithoutPlenary: ["2026-Q1"],
        yearsWithoutCongress: [],
        flags: ["month-without-meeting", "quarter-without-plenary"]
      }
    ])
  })

  it("flags a month without a monthly meeting once it is over: not on its last day, but on the first of the next", () => {
    given(Meetings.projection, ...world)
      .then(gapsAt("2026-03-31T23:59:59+08:00"), [["c1", [], [], [], []], ["s1", ["2026-02"], [], [], ["month-without-meeting"]]])
      .then(gapsAt("2026-04-01T00:00:00+08:00"), [
        ["c1", ["2026-03"], [], [], ["month-without-meeting"]],
        ["s1", ["2026-02", "2026-03"], ["2026-Q1"], [], ["month-without-meeting", "quarter-without-plenary"]]
      ])
  })

  it("flags a quarter without a plenary from the day after it ends, and not one that had its plenary", () => {
    const spec = given(Meetings.projection, ...world, held("m-mar", "monthly", "2026-03-05"), held("m-apr", "monthly", "2026-04-02"), held("m-may", "monthly", "2026-05-07"), held("m-jun", "monthly", "2026-06-04"))
    spec.then((s) => gapsAt("2026-06-30T23:59:59+08:00")(s)[0], ["c1", [], [], [], []])
    spec.then((s) => gapsAt("2026-07-01T00:00:00+08:00")(s)[0], ["c1", [], ["2026-Q2"], [], ["quarter-without-plenary"]])
  })

  it("flags a year without a congress once the year is over, and not a year that had one", () => {
    const twoYears = { from: "2026-01-01", to: "2027-12-31" }
    const years = (asOf: string) => (s: Meetings.State) =>
      rowsOf(s, { asOf, period: twoYears }).organizations.map((o) => [o.organizationId, o.yearsWithoutCongress])
    given(Meetings.projection, ...world)
      .then(years("2026-12-31T23:59:59+08:00"), [["c1", []], ["s1", []]])
      .then(years("2027-01-01T00:00:00+08:00"), [["c1", []], ["s1", [2026]]])
      .then(years("2028-01-01T00:00:00+08:00"), [["c1", [2027]], ["s1", [2026, 2027]]])
  })

  it("does not judge a month, quarter or year cut by the period's start", () => {
    // No meeting at all: January and the first quarter are cut by the start, the second quarter is not over.
    given(Meetings.projection, ...organizations).then(
      gapsAt("2026-05-01", { from: "2026-01-15", to: "2026-12-31" }),
      [
        ["c1", ["2026-02", "2026-03", "2026-04"], [], [], ["month-without-meeting"]],
        ["s1", ["2026-02", "2026-03", "2026-04"], [], [], ["month-without-meeting"]]
      ]
    )
  })

  describe("决定事项逾期: a decision past its due date and not done", () => {
    const base = [...world, decided("m-feb", "d1", "2026-02-28", "2026-02-05T13:00:00+08:00")]
    const decisionsAt = (asOf: string) => (s: Meetings.State) =>
      rowsOf(s, { asOf, period: year2026 }).decisions.map((d) => [d.decisionId, d.status, d.flags])

    it("is not overdue on its due date, and overdue the day after", () => {
      given(Meetings.projection, ...base)
        .then(decisionsAt("2026-02-28T23:59:59+08:00"), [["d1", "not-followed-up", []]])
        .then(decisionsAt("2026-03-01T00:00:00+08:00"), [["d1", "not-followed-up", ["decision-overdue"]]])
    })

    it("stays overdue while in progress or not done, and is cleared when done", () => {
      given(Meetings.projection, ...base, followedUp("m-feb", "d1", "in-progress", "2026-02-20"))
        .then(decisionsAt("2026-03-10"), [["d1", "in-progress", ["decision-overdue"]]])
      given(Meetings.projection, ...base, followedUp("m-feb", "d1", "not-done", "2026-03-02"))
        .then(decisionsAt("2026-03-10"), [["d1", "not-done", ["decision-overdue"]]])
      given(Meetings.projection, ...base, followedUp("m-feb", "d1", "in-progress", "2026-02-20"), followedUp("m-feb", "d1", "done", "2026-03-05"))
        .then((s) => rowsOf(s, { asOf: "2026-03-10", period: year2026 }).decisions, [{
          organizationId: "c1",
          meetingId: "m-feb",
          meetingKind: "monthly",
          heldOn: "2026-02-05",
          decisionId: "d1",
          text: "走访全部空巢老人户",
          ownerId: "li-na",
          dueOn: "2026-02-28",
          status: "done",
          lastFollowedUpOn: "2026-03-05",
          doneOn: "2026-03-05",
          flags: []
        }])
    })
  })

  it("gives a period's figures: meetings held by kind, decisions taken at them, and decisions done in it, an earlier meeting's too", () => {
    const march = { from: "2026-03-01", to: "2026-03-31" }
    given(
      Meetings.projection,
      ...world,
      decided("m-feb", "d1", "2026-03-20", "2026-02-05T13:00:00Z"),
      decided("plenary-q1", "d2", "2026-04-30", "2026-03-12T13:00:00Z"),
      followedUp("m-feb", "d1", "done", "2026-03-15")
    ).then((s) => {
      const rows = rowsOf(s, { asOf: "2026-03-31", period: march })
      return [rows.meetings.map((m) => [m.meetingId, m.decisions]), rows.decisions.map((d) => d.decisionId), Meetings.figures(rows, march)]
    }, [
      [["plenary-q1", 1]],
      ["d1", "d2"],
      {
        held: { monthly: 0, plenary: 1, congress: 0 },
        decisionsTaken: 1,
        decisionsDone: 1,
        withoutMonthlyMeeting: ["c1", "s1"],
        byOrganization: { c1: 1 }
      }
    ])
  })

  it("shows what each meeting studied, and flags a monthly meeting held without a study record (学习制度)", () => {
    const studied = on(Meeting.aggregate, "m-mar", [
      Meeting.MeetingScheduled.make({ meetingId: "m-mar", organizationId: "c1", kind: "monthly", date: "2026-03-05", topic: "三月例会" }),
      Meeting.MeetingHeld.make({
        meetingId: "m-mar",
        heldOn: "2026-03-05",
        attendees: ["wang-fang"],
        minutes: "学习并讨论",
        study: { topic: "学习《反家庭暴力法》", material: "《中华人民共和国反家庭暴力法》" }
      })
    ], { at: "2026-03-05T12:00:00Z", actor: { person: "wang-fang", role: "chair", organization: "c1" } })
    given(Meetings.projection, ...world, studied).then(
      (s) => rowsOf(s, { asOf: "2026-03-31", period: year2026 }).meetings.map((m) => [m.meetingId, m.kind, m.study?.topic ?? null, m.flags]),
      [
        ["m-jan", "monthly", null, ["monthly-without-study"]],
        ["s1-jan", "monthly", null, ["monthly-without-study"]],
        ["congress-2026", "congress", null, []],
        ["m-feb", "monthly", null, ["monthly-without-study"]],
        ["m-mar", "monthly", "学习《反家庭暴力法》", []],
        ["plenary-q1", "plenary", null, []]
      ]
    )
  })

  it("draws one organization's ledger", () => {
    given(Meetings.projection, ...world, decided("s1-jan", "d9", "2026-01-31", "2026-01-09T13:00:00+08:00"), decided("m-jan", "d1", "2026-01-31", "2026-01-08T13:00:00+08:00"))
      .then((s) => {
        const ledger = rowsOf(s, { asOf: "2026-02-15", period: year2026, within: { organizationId: "s1", ids: new Set(["s1"]) } })
        return [ledger.organizations.map((o) => o.organizationId), ledger.decisions.map((d) => d.decisionId)]
      }, [["s1"], ["d9"]])
  })
})
