import { describe, expect, it } from "vitest"
import * as Case from "@fulian/core/Case"
import * as Organization from "@fulian/core/Organization"
import * as Policy from "@fulian/core/Policy"
import * as Cases from "../../src/ledgers/Cases.ts"
import * as Organizations from "../../src/ledgers/Organizations.ts"
import * as Table from "../../src/Table.ts"
import { given, type Given, on } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults

const org = (organizationId: string, level: Organization.Level, parentId?: string) =>
  on(Organization.aggregate, organizationId, [
    Organization.OrganizationRegistered.make({ organizationId, name: `Federation ${organizationId}`, level, ...(parentId ? { parentId } : {}) })
  ], { at: "2026-01-02T01:00:00Z", actor: { person: "cadre", role: "upper-cadre", organization: parentId ?? organizationId } })

/** A district, two streets, a community under each. */
const organizations = [org("d1", "district"), org("s1", "street", "d1"), org("s2", "street", "d1"), org("c1", "community", "s1"), org("c2", "community", "s2")]

/** The area of an organization, from the organizations ledger over the same registrations. */
const area = (organizationId: string) => Organizations.area(given(Organizations.projection, ...organizations).state, organizationId)

const facts = {
  channel: "visit",
  category: "ordinary-dispute",
  sudden: false,
  typicalInfringement: false,
  householdIds: [],
  parties: [{ partyId: "p1", name: "Li Mei", contact: "138 0000 0001" }],
  narrative: "A quarrel between neighbours over a shared stairwell",
  address: "3-201 Dongsheng Road"
} as const

const mediator = (organization: string) => ({ person: `mediator@${organization}`, role: "mediator", organization } as const)

/** A case registered at `organizationId` (a community unless told), received at `receivedAt`, registered at `registeredAt`. */
const registered = (
  caseId: string,
  receivedAt: string,
  registeredAt: string,
  over: Partial<typeof Case.CaseRegistered.Type> = {}
): Given => {
  const organizationId = over.organizationId ?? "c1"
  return on(Case.aggregate, caseId, [
    Case.CaseRegistered.make({ caseId, organizationId, level: "community", receivedAt, registeredAt, ...facts, ...over })
  ], { at: registeredAt, actor: mediator(organizationId) })
}

const caseEvents = (caseId: string, events: ReadonlyArray<Case.Event>, at: string, organization = "c1", reason?: string): Given =>
  on(Case.aggregate, caseId, events, { at, actor: { person: `chair@${organization}`, role: "chair", organization }, ...(reason ? { reason } : {}) })

const escalated = (caseId: string, from: string, to: string, toLevel: Organization.Level, escalatedAt: string, basis: Case.EscalationBasis = "three-conditions") =>
  caseEvents(caseId, [Case.CaseEscalated.make({ caseId, from, to, toLevel, escalatedAt, basis, reason: "Both families ask the street to mediate" })], escalatedAt, from)

const resolved = (caseId: string, organizationId: string, resolvedOn: string, resolution: Case.Resolution = "mediated-agreement") =>
  caseEvents(caseId, [Case.CaseResolved.make({ caseId, organizationId, resolvedOn, resolution, summary: "Agreed to share the cleaning" })], `${resolvedOn}T08:00:00Z`, organizationId)

const flagsAt = (asOf: string, p: Policy.PolicyShape = policy) => (s: Cases.State) =>
  Cases.rows(s, { asOf, policy: p }).cases.map((c) => [c.caseId, c.flags])

describe("the case ledger (案件台帐)", () => {
  it("shows each case's line: status, level held, category, age, and its flags", () => {
    given(
      Cases.projection,
      ...organizations,
      registered("k1", "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z"),
      caseEvents("k1", [Case.InvestigationRecorded.make({ caseId: "k1", organizationId: "c1", recordedOn: "2026-03-02", findings: "Both sides heard", preliminaryOpinion: "Share the cleaning" })], "2026-03-02T08:00:00Z"),
      escalated("k1", "c1", "s1", "street", "2026-03-03T08:00:00.000Z"),
      resolved("k1", "s1", "2026-03-10")
    ).then((s) => Cases.rows(s, { asOf: "2026-03-20T12:00:00Z", policy }).cases, [{
      caseId: "k1",
      origin: "registered",
      channel: "visit",
      category: "ordinary-dispute",
      sudden: false,
      typicalInfringement: false,
      status: "resolved",
      holder: "s1",
      level: "street",
      firstHolder: "c1",
      receivedAt: "2026-03-01T09:00:00.000Z",
      registeredAt: "2026-03-01T10:00:00.000Z",
      registeredOn: "2026-03-01",
      ageDays: 19,
      informationReports: [],
      firstReportedUpAt: "2026-03-03T08:00:00.000Z",
      escalations: [{ on: "2026-03-03", from: "c1", to: "s1" }],
      sessions: [],
      followUpVisits: [],
      reopenings: [],
      resolvedOn: "2026-03-10",
      resolution: "mediated-agreement",
      resolvedBy: "s1",
      resolvedAtLevel: "street",
      followUpDueOn: "2026-04-09",
      lateEntries: 0,
      flags: []
    }])
  })

  it("shows the reception day (信访接待日) a case was received on", () => {
    given(
      Cases.projection,
      ...organizations,
      registered("k1", "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z", { channel: "reception-day", receptionDayId: "c1-rd-0301" }),
      registered("k2", "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z")
    ).then((s) => Cases.rows(s, { asOf: "2026-03-20T12:00:00Z", policy }).cases.map((c) => [c.caseId, c.channel, c.receptionDayId]), [
      ["k1", "reception-day", "c1-rd-0301"],
      ["k2", "visit", undefined]
    ])
  })

  describe("登记不及时: registered more than policy.caseRegistrationDays (1) local days after receipt", () => {
    it("is not late on the local day after its receipt, and late from the next one, at 00:00 Beijing time", () => {
      given(
        Cases.projection,
        ...organizations,
        registered("on-time", "2026-03-01T09:00:00+08:00", "2026-03-02T23:59:59+08:00"),
        registered("late", "2026-03-01T09:00:00+08:00", "2026-03-03T00:00:00+08:00")
      ).then((s) => Cases.rows(s, { asOf: "2026-03-04", policy }).lateRegistrations, ["late"])
        .then(flagsAt("2026-03-04"), [["on-time", []], ["late", ["late-registration"]]])
        // An organization allowing two days: neither is late.
        .then((s) => Cases.rows(s, { asOf: "2026-03-04", policy: { ...policy, caseRegistrationDays: 2 } }).lateRegistrations, [])
    })
  })

  describe("上报结果逾期: the result of a case assigned from above, due by its due date", () => {
    const assigned = (caseId: string, dueOn: string) =>
      on(Case.aggregate, caseId, [
        Case.CaseAssignedFromAbove.make({ caseId, assignedBy: "s1", organizationId: "c1", level: "community", receivedAt: "2026-03-01T08:00:00.000Z", dueOn, ...facts })
      ], { at: "2026-03-01T08:00:00.000Z", actor: { person: "cadre@s1", role: "upper-cadre", organization: "s1" } })
    const reported = (caseId: string, reportedAt: string) =>
      caseEvents(caseId, [Case.CaseResultReported.make({ caseId, from: "c1", to: "s1", reportedAt, result: "Mediated; both sides signed" })], reportedAt)

    it("is not overdue on its due date, and overdue the day after while unreported (local days)", () => {
      given(Cases.projection, ...organizations, assigned("k1", "2026-03-16"))
        .then((s) => Cases.rows(s, { asOf: "2026-03-16", policy }).resultsOverdue, [])
        .then((s) => Cases.rows(s, { asOf: "2026-03-16T23:59:59+08:00", policy }).resultsOverdue, [])
        // 16:00 UTC on the 16th is 00:00 on the 17th in Beijing.
        .then((s) => Cases.rows(s, { asOf: "2026-03-16T16:00:00Z", policy }).resultsOverdue, ["k1"])
        .then((s) => Cases.rows(s, { asOf: "2026-03-17", policy }).cases.map((c) => [c.assignedBy, c.resultDueOn, c.flags]), [
          ["s1", "2026-03-16", ["result-overdue"]]
        ])
    })

    it("is no longer overdue once reported; reported after the due date, it is shown as reported late", () => {
      given(
        Cases.projection,
        ...organizations,
        assigned("on-time", "2026-03-16"),
        reported("on-time", "2026-03-16T23:00:00+08:00"),
        assigned("late", "2026-03-16"),
        reported("late", "2026-03-17T01:00:00+08:00")
      ).then((s) => {
        const ledger = Cases.rows(s, { asOf: "2026-03-20T00:00:00Z", policy })
        return [ledger.resultsOverdue, ledger.resultsReportedLate]
      }, [[], ["late"]])
    })
  })

  describe("未及时上报: a sudden or typical case not escalated within policy.urgentEscalationHours (24) of registration", () => {
    const urgent = (caseId: string, over: Partial<typeof Case.CaseRegistered.Type> = { sudden: true }) =>
      registered(caseId, "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z", over)

    it("is not flagged until 24 hours have passed, and flagged after", () => {
      given(Cases.projection, ...organizations, urgent("k1"))
        .then((s) => Cases.rows(s, { asOf: "2026-03-02T10:00:00.000Z", policy }).urgentNotEscalated, [])
        .then((s) => Cases.rows(s, { asOf: "2026-03-02T10:00:00.001Z", policy }).urgentNotEscalated, ["k1"])
    })

    it("is not flagged when escalated at the 24th hour, and flagged for good when escalated after it", () => {
      given(
        Cases.projection,
        ...organizations,
        urgent("in-time"),
        escalated("in-time", "c1", "s1", "street", "2026-03-02T10:00:00.000Z", "sudden-or-typical"),
        urgent("too-late", { category: "domestic-violence", typicalInfringement: true, householdIds: [] }),
        escalated("too-late", "c1", "s1", "street", "2026-03-02T10:00:00.001Z", "sudden-or-typical")
      ).then((s) => Cases.rows(s, { asOf: "2026-04-01T00:00:00Z", policy }).urgentNotEscalated, ["too-late"])
    })

    const informed = (caseId: string, reportedAt: string) =>
      caseEvents(caseId, [Case.CaseInformationReported.make({ caseId, from: "c1", to: "s1", reportedAt, summary: "On the spot, calming the parties" })], reportedAt)
    const acknowledged = (caseId: string, acknowledgedAt: string) =>
      caseEvents(caseId, [Case.CaseInformationAcknowledged.make({ caseId, by: "s1", acknowledgedAt })], acknowledgedAt, "s1")

    it("is met by an information report (信息报告) at the 24th hour, with the case kept; missed by one after it", () => {
      given(
        Cases.projection,
        ...organizations,
        urgent("in-time"),
        informed("in-time", "2026-03-02T10:00:00.000Z"),
        urgent("too-late"),
        informed("too-late", "2026-03-02T10:00:00.001Z")
      )
        .then((s) => Cases.rows(s, { asOf: "2026-04-01T00:00:00Z", policy }).urgentNotEscalated, ["too-late"])
        .then((s) => Cases.rows(s, { asOf: "2026-04-01T00:00:00Z", policy }).cases.map((c) => [c.caseId, c.holder, c.firstReportedUpAt]), [
          ["in-time", "c1", "2026-03-02T10:00:00.000Z"],
          ["too-late", "c1", "2026-03-02T10:00:00.001Z"]
        ])
    })

    it("is met by whichever came first: an escalation in time beside a late report, or a report in time beside a late escalation", () => {
      given(
        Cases.projection,
        ...organizations,
        urgent("escalated-first"),
        escalated("escalated-first", "c1", "s1", "street", "2026-03-01T12:00:00.000Z", "sudden-or-typical"),
        informed("escalated-first", "2026-03-03T10:00:00.000Z"),
        urgent("informed-first"),
        informed("informed-first", "2026-03-01T12:00:00.000Z"),
        escalated("informed-first", "c1", "s1", "street", "2026-03-05T10:00:00.000Z", "sudden-or-typical")
      ).then((s) => Cases.rows(s, { asOf: "2026-04-01T00:00:00Z", policy }).urgentNotEscalated, [])
    })

    it("shows each information report, dated on its local day, and whether the level above acknowledged it", () => {
      given(
        Cases.projection,
        ...organizations,
        urgent("k1"),
        informed("k1", "2026-03-01T17:00:00.000Z"),
        acknowledged("k1", "2026-03-01T18:00:00.000Z"),
        informed("k1", "2026-03-03T02:00:00.000Z")
      ).then((s) => Cases.rows(s, { asOf: "2026-04-01T00:00:00Z", policy }).cases[0]!.informationReports, [
        { on: "2026-03-02", from: "c1", to: "s1", acknowledged: true },
        { on: "2026-03-03", from: "c1", to: "s1", acknowledged: false }
      ])
    })

    it("does not flag an ordinary case, nor one assigned from above", () => {
      given(
        Cases.projection,
        ...organizations,
        registered("ordinary", "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z"),
        on(Case.aggregate, "assigned", [
          Case.CaseAssignedFromAbove.make({ caseId: "assigned", assignedBy: "s1", organizationId: "c1", level: "community", receivedAt: "2026-03-01T08:00:00.000Z", dueOn: "2026-05-01", ...facts, sudden: true })
        ], { at: "2026-03-01T08:00:00.000Z", actor: { person: "cadre@s1", role: "upper-cadre", organization: "s1" } })
      ).then((s) => Cases.rows(s, { asOf: "2026-04-01T00:00:00Z", policy }).urgentNotEscalated, [])
    })
  })

  describe("纠纷回访: a follow-up visit due within policy.followUpDays (30) of resolution", () => {
    const base = [...organizations, registered("k1", "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z"), resolved("k1", "c1", "2026-03-10")]

    it("is due, not overdue, up to its due date, and overdue the day after", () => {
      given(Cases.projection, ...base)
        .then((s) => Cases.rows(s, { asOf: "2026-04-09", policy }).followUpsDue, [{ caseId: "k1", dueOn: "2026-04-09", overdue: false }])
        .then((s) => Cases.rows(s, { asOf: "2026-04-10", policy }).followUpsDue, [{ caseId: "k1", dueOn: "2026-04-09", overdue: true }])
        .then(flagsAt("2026-04-10"), [["k1", ["follow-up-overdue"]]])
    })

    it("is no longer due once the visit is recorded, and due again after a reopened case is resolved again", () => {
      const visited = caseEvents("k1", [Case.FollowUpVisitRecorded.make({ caseId: "k1", visitedOn: "2026-03-20", notes: "Calm since" })], "2026-03-20T08:00:00Z")
      given(Cases.projection, ...base, visited)
        .then((s) => Cases.rows(s, { asOf: "2026-05-01T00:00:00Z", policy }).followUpsDue, [])
      given(
        Cases.projection,
        ...base,
        visited,
        caseEvents("k1", [Case.CaseReopened.make({ caseId: "k1", reopenedAt: "2026-04-02T08:00:00.000Z", reason: "The quarrel started again" })], "2026-04-02T08:00:00Z", "c1", "The quarrel started again"),
        resolved("k1", "c1", "2026-04-05")
      ).then((s) => Cases.rows(s, { asOf: "2026-04-06T00:00:00Z", policy }).followUpsDue, [{ caseId: "k1", dueOn: "2026-05-05", overdue: false }])
    })
  })

  it("counts where cases were resolved — 小事不出社区,大事不出街道 — by the level that resolved them last, within a period", () => {
    const spec = given(
      Cases.projection,
      ...organizations,
      registered("community-1", "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z"),
      resolved("community-1", "c1", "2026-03-05"),
      registered("community-2", "2026-03-02T09:00:00.000Z", "2026-03-02T10:00:00.000Z"),
      resolved("community-2", "c1", "2026-04-05", "assisted"),
      registered("street-1", "2026-03-03T09:00:00.000Z", "2026-03-03T10:00:00.000Z"),
      escalated("street-1", "c1", "s1", "street", "2026-03-04T09:00:00.000Z"),
      resolved("street-1", "s1", "2026-03-20"),
      registered("district-1", "2026-03-04T09:00:00.000Z", "2026-03-04T10:00:00.000Z", { sudden: true }),
      escalated("district-1", "c1", "s1", "street", "2026-03-04T11:00:00.000Z", "sudden-or-typical"),
      escalated("district-1", "s1", "d1", "district", "2026-03-04T12:00:00.000Z", "sudden-or-typical"),
      resolved("district-1", "d1", "2026-03-25", "referred-to-police"),
      registered("open", "2026-03-05T09:00:00.000Z", "2026-03-05T10:00:00.000Z"),
      // Resolved at the community, reopened, handed up and resolved again at the street: one case, at the street.
      registered("twice", "2026-03-06T09:00:00.000Z", "2026-03-06T10:00:00.000Z"),
      resolved("twice", "c1", "2026-03-07"),
      caseEvents("twice", [Case.CaseReopened.make({ caseId: "twice", reopenedAt: "2026-03-08T02:00:00.000Z", reason: "Again" })], "2026-03-08T02:00:00Z", "c1", "Again"),
      escalated("twice", "c1", "s1", "street", "2026-03-09T02:00:00.000Z"),
      resolved("twice", "s1", "2026-03-12")
    )
    const none = { building: 0, community: 0, street: 0, district: 0, city: 0 }
    const figures = (from: string, to: string, within = "s1") => (s: Cases.State) =>
      Cases.figures(Cases.rows(s, { asOf: "2026-04-30", policy, within: area(within) }), area(within), { from, to }).resolvedAtLevel
    spec.then(figures("2026-03-01", "2026-04-30"), { ...none, community: 2, street: 2, district: 1 })
    spec.then(figures("2026-03-01", "2026-03-31"), { ...none, community: 1, street: 2, district: 1 })
    // The period's days are both included.
    spec.then(figures("2026-03-20", "2026-03-25"), { ...none, street: 1, district: 1 })
    // The district's own ledger counts the same cases, resolved where they were.
    spec.then(figures("2026-03-01", "2026-04-30", "d1"), { ...none, community: 2, street: 2, district: 1 })
  })

  it("counts cases by status, and the open ones by level, category and age (both sides of each age band)", () => {
    const spec = given(
      Cases.projection,
      ...organizations,
      registered("a", "2026-03-01T00:00:00.000Z", "2026-03-01T01:00:00.000Z"),
      registered("b", "2026-02-28T00:00:00.000Z", "2026-02-28T01:00:00.000Z", { category: "rights-infringement" }),
      registered("c", "2026-02-06T00:00:00.000Z", "2026-02-06T01:00:00.000Z", { category: "other" }),
      registered("h", "2026-02-05T00:00:00.000Z", "2026-02-05T01:00:00.000Z"),
      registered("d", "2025-12-08T00:00:00.000Z", "2025-12-08T01:00:00.000Z", { category: "domestic-violence", householdIds: [] }),
      escalated("d", "c1", "s1", "street", "2025-12-09T00:00:00.000Z", "stated-reason"),
      registered("e", "2025-12-07T00:00:00.000Z", "2025-12-07T01:00:00.000Z"),
      registered("f", "2026-03-02T00:00:00.000Z", "2026-03-02T01:00:00.000Z"),
      resolved("f", "c1", "2026-03-03"),
      registered("g", "2026-03-02T00:00:00.000Z", "2026-03-02T01:00:00.000Z"),
      resolved("g", "c1", "2026-03-03"),
      caseEvents("g", [Case.FollowUpVisitRecorded.make({ caseId: "g", visitedOn: "2026-03-05", notes: "Fine" })], "2026-03-05T08:00:00Z"),
      caseEvents("g", [Case.CaseArchived.make({ caseId: "g", archivedOn: "2026-03-06" })], "2026-03-06T08:00:00Z")
    )
    spec.then((s) => {
      const ledger = Cases.rows(s, { asOf: "2026-03-08T00:00:00Z", policy })
      return { byStatus: ledger.byStatus, open: ledger.open, ages: ledger.cases.map((c) => [c.caseId, c.ageDays]) }
    }, {
      byStatus: { open: 6, resolved: 1, archived: 1 },
      open: {
        total: 6,
        byLevel: { building: 0, community: 5, street: 1, district: 0, city: 0 },
        byCategory: { "ordinary-dispute": 3, "rights-infringement": 1, "domestic-violence": 1, other: 1 },
        byAge: { "up-to-7-days": 1, "up-to-30-days": 2, "up-to-90-days": 2, "over-90-days": 1 }
      },
      ages: [["e", 91], ["d", 90], ["h", 31], ["c", 30], ["b", 8], ["a", 7], ["f", 6], ["g", 6]]
    })
    expect([7, 8, 30, 31, 90, 91].map(Cases.ageBand)).toEqual([
      "up-to-7-days",
      "up-to-30-days",
      "up-to-30-days",
      "up-to-90-days",
      "up-to-90-days",
      "over-90-days"
    ])
  })

  it("draws a street's ledger from the cases first held by it or by its communities", () => {
    given(
      Cases.projection,
      ...organizations,
      registered("in-c1", "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z"),
      registered("at-s1", "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z", { organizationId: "s1", level: "street" }),
      registered("in-c2", "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z", { organizationId: "c2" }),
      registered("at-d1", "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z", { organizationId: "d1", level: "district" })
    )
      .then((s) => Cases.rows(s, { asOf: "2026-03-02T00:00:00Z", policy, within: area("s1") }).cases.map((c) => c.caseId), ["at-s1", "in-c1"])
      .then((s) => Cases.rows(s, { asOf: "2026-03-02T00:00:00Z", policy, within: area("d1") }).cases.length, 4)
  })

  it("marks a case whose records were entered late (补录), by the policy's days", () => {
    given(
      Cases.projection,
      ...organizations,
      // Registered on 1 March on paper, copied in on 20 March; resolved on 5 March, copied in on 10 March.
      on(Case.aggregate, "paper", [
        Case.CaseRegistered.make({ caseId: "paper", organizationId: "c1", level: "community", receivedAt: "2026-03-01T09:00:00+08:00", registeredAt: "2026-03-01T10:00:00+08:00", ...facts })
      ], { at: "2026-03-01T10:00:00+08:00", recordedAt: "2026-03-20T09:00:00+08:00", actor: mediator("c1") }),
      { ...resolved("paper", "c1", "2026-03-05"), meta: { at: "2026-03-05T08:00:00Z", recordedAt: "2026-03-10T08:00:00Z" } },
      registered("on-time", "2026-03-02T09:00:00.000Z", "2026-03-02T10:00:00.000Z")
    )
      .then((s) => Cases.rows(s, { asOf: "2026-03-31", policy }).cases.map((c) => [c.caseId, c.lateEntries, c.flags]), [
        ["paper", 1, ["entered-late"]],
        ["on-time", 0, []]
      ])
      .then((s) => Cases.rows(s, { asOf: "2026-03-31", policy }).enteredLate, ["paper"])
      // Five days late is late for a policy of three days.
      .then((s) => Cases.rows(s, { asOf: "2026-03-31", policy: { ...policy, lateEntryDays: 3 } }).cases[0]!.lateEntries, 2)
      .then((s) => Cases.rows(s, { asOf: "2026-03-31", policy: { ...policy, lateEntryDays: 30 } }).enteredLate, [])
  })

  it("counts records entered more than a year late as late under any policy, keeping their lags together", () => {
    const spec = given(
      Cases.projection,
      ...organizations,
      // Happened in 2023, copied in on 20 March 2026: 1,000 days and more late.
      ...["2023-01-02", "2023-02-03", "2023-06-30"].map((day, i) =>
        on(Case.aggregate, `old-${i}`, [
          Case.CaseRegistered.make({ caseId: `old-${i}`, organizationId: "c1", level: "community", receivedAt: `${day}T09:00:00+08:00`, registeredAt: `${day}T10:00:00+08:00`, ...facts })
        ], { at: `${day}T10:00:00+08:00`, recordedAt: "2026-03-20T09:00:00+08:00", actor: mediator("c1") }))
    )
    spec.then((s) => Cases.rows(s, { asOf: "2026-03-31", policy: { ...policy, lateEntryDays: 366 } }).enteredLate, ["old-0", "old-1", "old-2"])
    // One count for all of them beyond a year: a record of lags stays small.
    expect(Table.get(spec.stored.cases, "old-0")!.l).toEqual([[367, 1]])
  })

  describe("the figures of a period (what reports show of cases)", () => {
    const assignedBy = (caseId: string, by: string, to: string, at: string) =>
      on(Case.aggregate, caseId, [
        Case.CaseAssignedFromAbove.make({ caseId, assignedBy: by, organizationId: to, level: to.startsWith("s") ? "street" : "community", receivedAt: at, dueOn: "2026-12-31", ...facts })
      ], { at, actor: { person: `cadre@${by}`, role: "upper-cadre", organization: by } })
    const spec = given(
      Cases.projection,
      ...organizations,
      // The street assigns a case to its own community; the district assigns one to the street.
      assignedBy("from-street", "s1", "c1", "2026-03-02T09:00:00+08:00"),
      assignedBy("from-district", "d1", "s1", "2026-03-03T09:00:00+08:00"),
      registered("k", "2026-03-04T09:00:00+08:00", "2026-03-04T10:00:00+08:00"),
      caseEvents("k", [Case.MediationSessionHeld.make({ caseId: "k", organizationId: "c1", heldOn: "2026-03-05", mediators: ["M"], outcome: "no-agreement", notes: "n" })], "2026-03-05T08:00:00Z"),
      escalated("k", "c1", "s1", "street", "2026-03-06T09:00:00+08:00"),
      escalated("k", "s1", "d1", "district", "2026-03-07T09:00:00+08:00"),
      registered("other-street", "2026-03-04T09:00:00+08:00", "2026-03-04T10:00:00+08:00", { organizationId: "c2" })
    )
    const figures = (within: string) => (s: Cases.State) =>
      Cases.figures(Cases.rows(s, { asOf: "2026-03-31", policy, within: area(within) }), area(within), { from: "2026-03-01", to: "2026-03-31" })

    it("counts cases assigned from above only when assigned from outside the area", () => {
      spec.then((s) => [figures("s1")(s).received, figures("s1")(s).assignedFromAbove], [3, 1])
      spec.then((s) => [figures("c1")(s).received, figures("c1")(s).assignedFromAbove], [2, 1])
      spec.then((s) => [figures("d1")(s).received, figures("d1")(s).assignedFromAbove], [4, 0])
    })

    it("counts the hand-ups made in the area, those that left it, the sessions, and what is still open at which level", () => {
      spec.then((s) => {
        const f = figures("s1")(s)
        return [f.escalations, f.escalatedOut, f.sessions, f.casesMediated, f.openAtEnd, f.openByLevel.district, f.byOrganization]
      }, [2, 1, 1, 1, 3, 1, { c1: { received: 2, resolved: 0, open: 1 }, s1: { received: 1, resolved: 0, open: 1 }, d1: { received: 0, resolved: 0, open: 1 } }])
      spec.then((s) => [figures("c1")(s).escalations, figures("c1")(s).escalatedOut], [1, 1])
    })
  })

  it("keeps no party, narrative or address in its state", () => {
    const text = JSON.stringify(given(Cases.projection, ...organizations, registered("k1", "2026-03-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z")).stored)
    for (const personal of ["Li Mei", "138 0000", "stairwell", "Dongsheng Road"]) expect(text).not.toContain(personal)
  })
})
