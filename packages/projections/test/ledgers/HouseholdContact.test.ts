import { describe, expect, it } from "vitest"
import type { Actor } from "@fulian/core/Actor"
import * as Household from "@fulian/core/Household"
import * as Organization from "@fulian/core/Organization"
import * as Policy from "@fulian/core/Policy"
import * as Representation from "@fulian/core/Representation"
import * as HouseholdContact from "../../src/ledgers/HouseholdContact.ts"
import * as Table from "../../src/Table.ts"
import { given, on, plain, specCalendar } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults
const chair = { person: "wang-fang", role: "chair", organization: "c1" } as const

const organizations = [
  on(Organization.aggregate, "s1", [Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Qijiashan Street", level: "street" })], { at: "2026-01-02T01:00:00Z" }),
  on(Organization.aggregate, "c1", [Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Dongsheng Community", level: "community", parentId: "s1" })], { at: "2026-01-02T01:05:00Z" }),
  on(Organization.aggregate, "c2", [Organization.OrganizationRegistered.make({ organizationId: "c2", name: "Jiaoshan Community", level: "community", parentId: "s1" })], { at: "2026-01-02T01:10:00Z" })
]

const household = (householdId: string, organizationId = "c1", circumstances: ReadonlyArray<Household.Circumstance> = []) =>
  on(Household.aggregate, householdId, [
    Household.HouseholdRegistered.make({ householdId, organizationId, headName: `Head of ${householdId}`, address: `${householdId} Dongsheng Road`, circumstances })
  ], { at: "2026-01-05T02:00:00Z", actor: { ...chair, organization: organizationId } })

const elected = (representativeId: string, electedOn = "2026-01-10") =>
  Representation.RepresentativeElected.make({ organizationId: "c1", representativeId, name: `Representative ${representativeId}`, congressSession: "c1-congress-2026", electedOn })
const linked = (representativeId: string, householdId: string, linkedOn = "2026-01-12") =>
  Representation.HouseholdLinked.make({ organizationId: "c1", representativeId, householdId, on: linkedOn })
const visit = (representativeId: string, householdId: string, visitedOn: string) =>
  Representation.ContactVisitRecorded.make({
    organizationId: "c1",
    representativeId,
    householdId,
    visitedOn,
    method: "home-visit",
    topics: ["policy-outreach", "living-situation"],
    notes: "Talked about the new low-income allowance"
  })
const representation = (events: ReadonlyArray<Representation.RosterEvent>, at: string, actor: Actor = chair) =>
  on(Representation.aggregate, "c1", events, { at, actor })
const visits = (events: ReadonlyArray<Representation.ContactVisitRecorded>, at: string, actor: Actor = chair) =>
  on(Representation.contactLog, "c1", events, { at, actor })

/** Seven households in c1 and one in c2; r1 keeps three of them, r2 two. */
const world = [
  ...organizations,
  ...["h1", "h2", "h3", "h4", "h5", "h6"].map((h) => household(h)),
  household("h7", "c2", ["empty-nest-elderly"]),
  representation([elected("r1"), elected("r2")], "2026-01-10T02:00:00Z"),
  representation([linked("r1", "h1"), linked("r1", "h2"), linked("r1", "h3"), linked("r2", "h4"), linked("r2", "h5")], "2026-01-12T02:00:00Z"),
  visits([visit("r1", "h1", "2026-02-03")], "2026-02-03T09:00:00Z", { person: "r1", role: "representative", organization: "c1" }),
  visits([visit("r1", "h1", "2026-02-20")], "2026-02-20T09:00:00Z", { person: "r1", role: "representative", organization: "c1" }),
  visits([visit("r1", "h2", "2026-03-04")], "2026-03-04T09:00:00Z", { person: "r1", role: "representative", organization: "c1" }),
  visits([visit("r2", "h4", "2026-03-05"), visit("r2", "h5", "2026-03-05")], "2026-03-05T09:00:00Z", { person: "r2", role: "representative", organization: "c1" })
]

const asOf = "2026-03-31T12:00:00Z"
const c1 = { organizationId: "c1", ids: new Set(["c1"]) }
const methods = (visits: Partial<Record<Representation.VisitMethod, number>>) => ({ "home-visit": 0, phone: 0, "daily-contact": 0, talk: 0, ...visits })

describe("the household contact ledger (联系户台帐)", () => {
  it("lists each serving representative's households against the 3–5 target, her visits per month and the households never visited; and the households without a representative", () => {
    given(HouseholdContact.projection, ...world).then((s) => HouseholdContact.rows(s, { asOf, policy }), {
      representatives: [
        {
          organizationId: "c1",
          representativeId: "r1",
          householdIds: ["h1", "h2", "h3"],
          underTarget: false,
          atLimit: false,
          visitsPerMonth: [{ month: "2026-02", visits: 2 }, { month: "2026-03", visits: 1 }],
          neverVisited: ["h3"],
          lateEntries: 0,
          flags: ["households-never-visited"]
        },
        {
          organizationId: "c1",
          representativeId: "r2",
          householdIds: ["h4", "h5"],
          underTarget: true,
          atLimit: false,
          visitsPerMonth: [{ month: "2026-03", visits: 2 }],
          neverVisited: [],
          lateEntries: 0,
          flags: ["under-target"]
        }
      ],
      communities: [
        {
          organizationId: "c1",
          households: 6,
          representatives: 2,
          withoutRepresentative: ["h6"],
          visitsByMonth: [
            { month: "2026-02", visits: 2, byMethod: methods({ "home-visit": 2 }), householdIds: ["h1"] },
            { month: "2026-03", visits: 3, byMethod: methods({ "home-visit": 3 }), householdIds: ["h2", "h4", "h5"] }
          ],
          representativesElected: [{ representativeId: "r1", electedOn: "2026-01-10" }, { representativeId: "r2", electedOn: "2026-01-10" }],
          lateEntries: 0,
          flags: []
        },
        { organizationId: "c2", households: 1, representatives: 0, withoutRepresentative: ["h7"], visitsByMonth: [], representativesElected: [], lateEntries: 0, flags: [] }
      ]
    })
  })

  it("flags under target below the policy's minimum, not at it (both sides of 3), and marks the limit at 5", () => {
    const flagsOf = (s: HouseholdContact.State, p: Policy.PolicyShape = policy) =>
      HouseholdContact.rows(s, { asOf, policy: p }).representatives.map((r) => [r.representativeId, r.householdIds.length, r.underTarget, r.atLimit])
    const spec = given(
      HouseholdContact.projection,
      ...world,
      representation([linked("r2", "h6", "2026-03-10")], "2026-03-10T02:00:00Z")
    )
    spec.then(flagsOf, [["r1", 3, false, false], ["r2", 3, false, false]])
    // An organization's own minimum of 4 puts both under target.
    spec.then((s) => flagsOf(s, { ...policy, minHouseholdsPerRepresentative: 4 }), [["r1", 3, true, false], ["r2", 3, true, false]])
    // Unlinking takes r1 from 3 to 2: under target.
    given(HouseholdContact.projection, ...world, representation([Representation.HouseholdUnlinked.make({ organizationId: "c1", representativeId: "r1", householdId: "h3", on: "2026-03-10" })], "2026-03-10T02:00:00Z"))
      .then(flagsOf, [["r1", 2, true, false], ["r2", 2, true, false]])
    // Five households: at the limit.
    given(
      HouseholdContact.projection,
      ...world,
      household("h8"),
      household("h9"),
      representation([linked("r1", "h6", "2026-03-10"), linked("r1", "h8", "2026-03-10")], "2026-03-10T02:00:00Z")
    ).then(flagsOf, [["r1", 5, false, true], ["r2", 2, true, false]])
  })

  it("clears never-visited with the first visit, and counts visits again after a household is linked anew", () => {
    const neverVisited = (s: HouseholdContact.State) => HouseholdContact.rows(s, { asOf, policy }).representatives.map((r) => [r.representativeId, r.neverVisited, r.flags])
    given(HouseholdContact.projection, ...world, visits([visit("r1", "h3", "2026-03-20")], "2026-03-20T09:00:00Z"))
      .then(neverVisited, [["r1", [], []], ["r2", [], ["under-target"]]])
    // h1 was visited under r1; moved to r2, it has not been visited by her yet.
    given(
      HouseholdContact.projection,
      ...world,
      representation([
        Representation.HouseholdUnlinked.make({ organizationId: "c1", representativeId: "r1", householdId: "h1", on: "2026-03-21" }),
        linked("r2", "h1", "2026-03-21")
      ], "2026-03-21T02:00:00Z")
    ).then(neverVisited, [["r1", ["h3"], ["under-target", "households-never-visited"]], ["r2", ["h1"], ["households-never-visited"]]])
    // Linked to r1 anew: her visits under the earlier link are dated before it; a visit on the day of the link counts.
    const relinked = [
      ...world,
      representation([
        Representation.HouseholdUnlinked.make({ organizationId: "c1", representativeId: "r1", householdId: "h1", on: "2026-03-21" }),
        linked("r1", "h1", "2026-03-22")
      ], "2026-03-22T02:00:00Z")
    ]
    given(HouseholdContact.projection, ...relinked).then(neverVisited, [["r1", ["h3", "h1"], ["households-never-visited"]], ["r2", [], ["under-target"]]])
    given(HouseholdContact.projection, ...relinked, visits([visit("r1", "h1", "2026-03-22")], "2026-03-22T09:00:00Z"))
      .then(neverVisited, [["r1", ["h3"], ["households-never-visited"]], ["r2", [], ["under-target"]]])
  })

  it("folds each community's visit log (contact-visits-{id}) apart from its roster and from other communities' logs", () => {
    const spec = given(HouseholdContact.projection, ...world)
    const p = HouseholdContact.projection(specCalendar)
    expect(Object.values(plain(p, p.initial) as object).every((table) => JSON.stringify(table) === "{}")).toBe(true)
    // The visits are kept apart from the roster: its links and representatives know no visit.
    expect(JSON.stringify(Table.toObject(spec.state.lastVisits))).toContain("2026-03")
    expect(JSON.stringify([Table.toObject(spec.state.links), Table.toObject(spec.state.representatives)])).not.toContain("2026-03")
    // Visits of another community's log count there only.
    given(
      HouseholdContact.projection,
      ...world,
      on(Representation.aggregate, "c2", [Representation.RepresentativeElected.make({ organizationId: "c2", representativeId: "q1", name: "Q", congressSession: "c2-2026", electedOn: "2026-01-10" })], { at: "2026-03-06T02:00:00Z" }),
      on(Representation.contactLog, "c2", [Representation.ContactVisitRecorded.make({ organizationId: "c2", representativeId: "r1", householdId: "h7", visitedOn: "2026-03-06", method: "phone", topics: [], notes: "" })], { at: "2026-03-06T09:00:00Z" })
    ).then(
      (s) => HouseholdContact.rows(s, { asOf, policy, within: c1 }).representatives.map((r) => r.visitsPerMonth),
      spec.rows((s) => HouseholdContact.rows(s, { asOf, policy, within: c1 }).representatives.map((r) => r.visitsPerMonth))
    )
  })

  it("leaves out a representative who stepped down, whose households are then without a representative", () => {
    given(
      HouseholdContact.projection,
      ...world,
      representation([
        Representation.HouseholdUnlinked.make({ organizationId: "c1", representativeId: "r2", householdId: "h4", on: "2026-03-25" }),
        Representation.HouseholdUnlinked.make({ organizationId: "c1", representativeId: "r2", householdId: "h5", on: "2026-03-25" }),
        Representation.RepresentativeSteppedDown.make({ organizationId: "c1", representativeId: "r2", on: "2026-03-25" })
      ], "2026-03-25T02:00:00Z")
    ).then((s) => {
      const ledger = HouseholdContact.rows(s, { asOf, policy, within: c1 })
      const c = ledger.communities[0]!
      return [ledger.representatives.map((r) => r.representativeId), c.representatives, c.withoutRepresentative]
    }, [["r1"], 1, ["h4", "h5", "h6"]])
  })

  it("keeps the visits of a representative who stepped down in her community's counts (DOMAIN.md §9)", () => {
    const steppedDown = given(
      HouseholdContact.projection,
      ...world,
      representation([
        Representation.HouseholdUnlinked.make({ organizationId: "c1", representativeId: "r2", householdId: "h4", on: "2026-03-25" }),
        Representation.HouseholdUnlinked.make({ organizationId: "c1", representativeId: "r2", householdId: "h5", on: "2026-03-25" }),
        Representation.RepresentativeSteppedDown.make({ organizationId: "c1", representativeId: "r2", on: "2026-03-25" })
      ], "2026-03-25T02:00:00Z")
    )
    const march = { from: "2026-03-01", to: "2026-03-31" }
    steppedDown.then((s) => HouseholdContact.figures(HouseholdContact.rows(s, { asOf, policy, within: c1 }), march), {
      visits: 3,
      byMethod: methods({ "home-visit": 3 }),
      householdsVisited: 3,
      representativesElected: 0,
      byOrganization: { c1: 3 }
    })
    steppedDown.then((s) => HouseholdContact.figures(HouseholdContact.rows(s, { asOf, policy, within: c1 }), { from: "2026-01-01", to: "2026-03-31" }).visits, 5)
  })

  it("counts the households linked to a serving representative (联系户数), as drawn, for visits per household", () => {
    const linked = (s: HouseholdContact.State) => HouseholdContact.linkedHouseholds(HouseholdContact.rows(s, { asOf, policy, within: c1 }))
    given(HouseholdContact.projection, ...world).then(linked, 5)
    // Unlinked: no longer counted; her representative stepped down without unlinking it: no one serving visits it.
    given(
      HouseholdContact.projection,
      ...world,
      representation([Representation.HouseholdUnlinked.make({ organizationId: "c1", representativeId: "r1", householdId: "h3", on: "2026-03-25" })], "2026-03-25T02:00:00Z")
    ).then(linked, 4)
    given(
      HouseholdContact.projection,
      ...world,
      representation([Representation.RepresentativeSteppedDown.make({ organizationId: "c1", representativeId: "r2", on: "2026-03-25" })], "2026-03-25T02:00:00Z")
    ).then(linked, 3)
  })

  it("counts the distinct households visited over a period, and the representatives elected in it", () => {
    given(HouseholdContact.projection, ...world).then(
      (s) => HouseholdContact.figures(HouseholdContact.rows(s, { asOf, policy }), { from: "2026-01-01", to: "2026-03-31" }),
      { visits: 5, byMethod: methods({ "home-visit": 5 }), householdsVisited: 4, representativesElected: 2, byOrganization: { c1: 5 } }
    )
  })

  it("marks the visits a representative entered late (补录), on her line and her community's", () => {
    given(
      HouseholdContact.projection,
      ...world,
      // A visit made on 10 March, copied in from her notebook on 30 March.
      on(Representation.contactLog, "c1", [visit("r1", "h3", "2026-03-10")], { at: "2026-03-10T09:00:00+08:00", recordedAt: "2026-03-30T09:00:00+08:00" })
    ).then((s) => {
      const ledger = HouseholdContact.rows(s, { asOf, policy })
      return [ledger.representatives.map((r) => [r.representativeId, r.lateEntries, r.flags]), ledger.communities.map((c) => [c.organizationId, c.lateEntries, c.flags])]
    }, [
      [["r1", 1, ["entered-late"]], ["r2", 0, ["under-target"]]],
      [["c1", 1, ["entered-late"]], ["c2", 0, []]]
    ])
  })

  it("shows visits per month up to the month of asOf, a local month", () => {
    given(HouseholdContact.projection, ...world).then(
      (s) => HouseholdContact.rows(s, { asOf: "2026-02-28", policy }).representatives.map((r) => r.visitsPerMonth),
      [[{ month: "2026-02", visits: 2 }], []]
    )
    // 16:00 UTC on 28 February is already March in Beijing.
    given(HouseholdContact.projection, ...world).then(
      (s) => HouseholdContact.rows(s, { asOf: "2026-02-28T16:00:00Z", policy }).representatives.map((r) => r.visitsPerMonth.length),
      [2, 1]
    )
  })

  it("keeps no name or visit note in its state", () => {
    const spec = given(HouseholdContact.projection, ...world)
    const text = JSON.stringify(spec.stored)
    expect(text).not.toContain("Representative r1")
    expect(text).not.toContain("allowance")
    expect(text).not.toContain("Dongsheng Road")
  })
})
