import { describe, expect, it } from "vitest"
import * as Policy from "@fulian/core/Policy"
import * as Term from "@fulian/core/Term"
import * as Terms from "../../src/ledgers/Terms.ts"
import { given, type Given, on } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults
const cadre = { person: "cadre@s1", role: "upper-cadre", organization: "s1" } as const
const chair = { person: "wang-fang", role: "chair", organization: "c1" } as const

const members = [
  { personId: "wang-fang", name: "Wang Fang", position: "chair" },
  { personId: "li-na", name: "Li Na", position: "vice-chair" },
  { personId: "zhao-min", name: "Zhao Min", position: "member" }
] as const

/** The election of c1's term t1, starting on 2026-01-10 and ending on 2029-01-10. */
const elected = (over: Partial<typeof Term.ExecutiveCommitteeElected.Type> = {}): Given =>
  on(Term.aggregate, over.organizationId ?? "c1", [
    Term.ExecutiveCommitteeElected.make({
      termId: "t1",
      organizationId: "c1",
      congressSession: "c1-congress-2026",
      electedOn: "2026-01-10",
      startsOn: "2026-01-10",
      endsOn: "2029-01-10",
      residentsCommitteeElectedOn: "2026-01-05",
      members,
      ...over
    })
  ], { at: "2026-01-10T09:00:00Z", actor: cadre })

const filed = (filedOn: string, termId = "t1", organizationId = "c1") =>
  on(Term.aggregate, organizationId, [Term.ElectionFiled.make({ termId, filedOn, filedWith: "s1" })], { at: `${filedOn}T09:00:00Z`, actor: chair })

const flagsAt = (asOf: string, options: Partial<Terms.TermOptions> = {}) => (s: Terms.State) =>
  Terms.rows(s, { asOf, policy, ...options }).map((t) => [t.termId, t.flags])

describe("the elections ledger (换届台帐)", () => {
  it("shows each term's line: its dates, whether it is live, its members in office, its filing", () => {
    given(
      Terms.projection,
      elected(),
      filed("2026-01-20"),
      on(Term.aggregate, "c1", [Term.MemberLeft.make({ termId: "t1", personId: "zhao-min", leftOn: "2026-03-01" })], { at: "2026-03-01T09:00:00Z", actor: chair })
    ).then((s) => Terms.rows(s, { asOf: "2026-06-30T00:00:00Z", policy }), [{
      organizationId: "c1",
      termId: "t1",
      congressSession: "c1-congress-2026",
      electedOn: "2026-01-10",
      startsOn: "2026-01-10",
      endsOn: "2029-01-10",
      live: true,
      latest: true,
      membersElected: 3,
      membersInOffice: 2,
      byElectedOn: [],
      residentsCommitteeElectedOn: "2026-01-05",
      filingDeadline: "2026-02-09",
      filedOn: "2026-01-20",
      filedWith: "s1",
      flags: []
    }])
  })

  describe("备案逾期: filed within policy.electionFilingDays (30) of the election", () => {
    it("is not overdue unfiled up to the deadline, and overdue the day after", () => {
      given(Terms.projection, elected())
        .then(flagsAt("2026-02-09T23:59:59+08:00"), [["t1", []]])
        .then(flagsAt("2026-02-10T00:00:00+08:00"), [["t1", ["filing-overdue"]]])
        .then(flagsAt("2026-02-10", { policy: { ...policy, electionFilingDays: 31 } }), [["t1", []]])
    })

    it("is not overdue when filed on the deadline; filed the day after, it stays flagged as late", () => {
      given(Terms.projection, elected(), filed("2026-02-09")).then(flagsAt("2026-06-01"), [["t1", []]])
      given(Terms.projection, elected(), filed("2026-02-10")).then(flagsAt("2026-06-01"), [["t1", ["filing-overdue"]]])
    })
  })

  describe("与居委会换届同步: a term starting more than policy.termSyncToleranceDays (90) from the residents' committee election", () => {
    it("is synchronized at 90 days before or after, and not at 91", () => {
      const at = (residentsCommitteeElectedOn: string) =>
        given(Terms.projection, elected({ residentsCommitteeElectedOn }), filed("2026-01-20")).rows(flagsAt("2026-06-01"))[0]![1]
      expect(at("2025-10-12")).toEqual([])
      expect(at("2025-10-11")).toEqual(["not-synchronized"])
      expect(at("2026-04-10")).toEqual([])
      expect(at("2026-04-11")).toEqual(["not-synchronized"])
    })
  })

  describe("换届: the election of the next term", () => {
    const spec = () => given(Terms.projection, elected(), filed("2026-01-20"))

    it("is coming up from 90 days before the term's end (Term.electionNoticeDays), not 91", () => {
      spec()
        .then(flagsAt("2028-10-11"), [["t1", []]])
        .then(flagsAt("2028-10-12"), [["t1", ["election-due-soon"]]])
        .then(flagsAt("2028-10-11", { noticeDays: 91 }), [["t1", ["election-due-soon"]]])
    })

    it("is overdue once the term is over with no successor: on its end date, not the day before", () => {
      spec()
        .then(flagsAt("2029-01-09T23:59:59+08:00"), [["t1", ["election-due-soon"]]])
        .then(flagsAt("2029-01-10T00:00:00+08:00"), [["t1", ["election-overdue"]]])
        .then((s) => Terms.rows(s, { asOf: "2029-01-10", policy }).map((t) => [t.live, t.membersInOffice]), [[false, 0]])
    })

    it("is overdue from the day a term was ended early", () => {
      given(
        Terms.projection,
        elected(),
        filed("2026-01-20"),
        on(Term.aggregate, "c1", [Term.TermEnded.make({ termId: "t1", endedOn: "2027-05-01" })], { at: "2027-05-01T09:00:00Z", actor: chair })
      )
        .then(flagsAt("2027-04-30"), [["t1", []]])
        .then(flagsAt("2027-05-01"), [["t1", ["election-overdue"]]])
    })

    it("is neither once the successor is elected, whose own election comes up in turn; the flags of each term stay with it", () => {
      given(
        Terms.projection,
        elected(),
        elected({ termId: "t2", congressSession: "c1-congress-2029", electedOn: "2029-01-08", startsOn: "2029-01-10", endsOn: "2032-01-10", residentsCommitteeElectedOn: "2029-01-06" }),
        filed("2029-01-15", "t2")
      ).then((s) => Terms.rows(s, { asOf: "2029-02-01", policy }).map((t) => [t.termId, t.live, t.latest, t.flags]), [
        ["t1", false, false, ["filing-overdue"]],
        ["t2", true, true, []]
      ])
        // The next election is the latest term's business only.
        .then(flagsAt("2031-12-01"), [["t1", ["filing-overdue"]], ["t2", ["election-due-soon"]]])
        .then(flagsAt("2032-01-10"), [["t1", ["filing-overdue"]], ["t2", ["election-overdue"]]])
    })
  })

  it("lists terms by organization, or one organization's", () => {
    const spec = given(Terms.projection, elected(), filed("2026-01-20"), elected({ organizationId: "c2", termId: "t9" }), filed("2026-01-20", "t9", "c2"))
    spec.then((s) => Terms.rows(s, { asOf: "2026-06-01", policy }).map((t) => `${t.organizationId}/${t.termId}`), ["c1/t1", "c2/t9"])
    spec.then((s) => Terms.rows(s, { asOf: "2026-06-01", policy, within: { organizationId: "c2", ids: new Set(["c2"]) } }).map((t) => t.termId), ["t9"])
  })

  it("gives a period's figures: committees elected, elections filed, members by-elected", () => {
    const byElected = on(Term.aggregate, "c1", [
      Term.MemberByElected.make({ termId: "t1", member: { personId: "sun-yu", name: "Sun Yu", position: "member" }, congressSession: "c1-2026b", electedOn: "2026-09-01" })
    ], { at: "2026-09-01T09:00:00Z", actor: chair })
    const spec = given(Terms.projection, elected(), filed("2026-02-20"), byElected)
    spec.then((s) => Terms.rows(s, { asOf: "2026-12-31", policy }).map((t) => [t.membersElected, t.byElectedOn]), [[3, ["2026-09-01"]]])
    spec.then((s) => Terms.figures(Terms.rows(s, { asOf: "2026-12-31", policy }), { from: "2026-01-01", to: "2026-12-31" }), {
      elected: [{ organizationId: "c1", termId: "t1", electedOn: "2026-01-10", members: 3 }],
      electionsFiled: 1,
      membersByElected: 1
    })
    spec.then((s) => Terms.figures(Terms.rows(s, { asOf: "2026-12-31", policy }), { from: "2026-07-01", to: "2026-12-31" }), {
      elected: [],
      electionsFiled: 0,
      membersByElected: 1
    })
  })

  it("marks an organization's terms whose records were entered late (补录)", () => {
    given(Terms.projection, elected(), { ...filed("2026-01-20"), meta: { at: "2026-01-20T09:00:00Z", recordedAt: "2026-03-01T09:00:00Z", actor: chair } })
      .then(flagsAt("2026-06-01"), [["t1", ["entered-late"]]])
  })

  it("shows a successor elected before the term's end taking office the day it ends, with no flag of a late election", () => {
    given(
      Terms.projection,
      elected(),
      filed("2026-01-20"),
      elected({ termId: "t2", congressSession: "c1-congress-2028", electedOn: "2028-12-01", startsOn: "2029-01-10", endsOn: "2032-01-10", residentsCommitteeElectedOn: "2028-11-20" }),
      filed("2028-12-05", "t2")
    )
      .then((s) => Terms.rows(s, { asOf: "2029-01-09", policy }).map((t) => [t.termId, t.live, t.latest, t.flags]), [
        ["t1", true, false, []],
        ["t2", false, true, []]
      ])
      .then((s) => Terms.rows(s, { asOf: "2029-01-10", policy }).map((t) => [t.termId, t.live]), [["t1", false], ["t2", true]])
  })

  describe("组织建设: chairs on the residents' committee (进两委) and reserve cadres (后备干部)", () => {
    const onRc = [{ ...members[0], onResidentsCommittee: true }, members[1], members[2]] as const
    const on_ = (organizationId: string, events: ReadonlyArray<Term.Event>, day: string) =>
      on(Term.aggregate, organizationId, events, { at: `${day}T09:00:00Z`, actor: { ...chair, organization: organizationId } })
    const reserve = (organizationId: string, personId: string, on: string) =>
      on_(organizationId, [Term.ReserveCadreRecorded.make({ organizationId, personId, recordedOn: on })], on)
    const removedReserve = (organizationId: string, personId: string, on: string) =>
      on_(organizationId, [Term.ReserveCadreRemoved.make({ organizationId, personId, removedOn: on })], on)
    const spec = () =>
      given(
        Terms.projection,
        elected({ members: onRc }),
        elected({ organizationId: "c2", termId: "t9" }),
        elected({ organizationId: "s1", termId: "s1-t", members: onRc }),
        reserve("c1", "sun-yu", "2026-02-01"),
        reserve("c1", "qian-li", "2026-02-01"),
        reserve("c2", "zhou-xin", "2026-03-01"),
        removedReserve("c1", "qian-li", "2026-04-01")
      )
    const street = { organizationId: "s1", ids: new Set(["s1", "c1", "c2"]) }

    it("shows each organization's chair on the residents' committee and reserve cadres on a date", () => {
      spec()
        .then((s) => Terms.building(s, { asOf: "2026-03-15", policy }), [
          { organizationId: "c1", chairInOffice: true, chairOnResidentsCommittee: true, reserveCadres: 2 },
          { organizationId: "c2", chairInOffice: true, chairOnResidentsCommittee: false, reserveCadres: 1 },
          { organizationId: "s1", chairInOffice: true, chairOnResidentsCommittee: true, reserveCadres: 0 }
        ])
        .then((s) => Terms.building(s, { asOf: "2026-04-01", policy, within: { organizationId: "c1", ids: new Set(["c1"]) } }).map((r) => r.reserveCadres), [1])
        // Before the elections, no chair is in office.
        .then((s) => Terms.building(s, { asOf: "2026-01-09", policy }).map((r) => r.chairOnResidentsCommittee), [false, false, false])
    })

    it("totals them for the organizations below one", () => {
      spec().then((s) => Terms.buildingFigures(Terms.building(s, { asOf: "2026-03-15", policy, within: street }), "s1"), {
        own: { organizationId: "s1", chairInOffice: true, chairOnResidentsCommittee: true, reserveCadres: 0 },
        below: { organizations: 2, chairsInOffice: 2, chairsOnResidentsCommittee: 1, reserveCadres: 3 }
      })
    })
  })

  it("keeps no member's name in its state", () => {
    expect(JSON.stringify(given(Terms.projection, elected()).stored)).not.toContain("Wang Fang")
  })
})
