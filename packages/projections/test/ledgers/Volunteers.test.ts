import { describe, expect, it } from "vitest"
import * as Household from "@fulian/core/Household"
import * as Policy from "@fulian/core/Policy"
import * as Volunteer from "@fulian/core/Volunteer"
import * as Volunteers from "../../src/ledgers/Volunteers.ts"
import { given, on } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults
const asOf = "2026-12-31T12:00:00Z"
const chair = { person: "chair@s1", role: "chair", organization: "s1" } as const

const household = (householdId: string, circumstances: ReadonlyArray<Household.Circumstance>) =>
  on(Household.aggregate, householdId, [
    Household.HouseholdRegistered.make({ householdId, organizationId: "c1", headName: `Head of ${householdId}`, address: `${householdId} Dongsheng Road`, circumstances })
  ], { at: "2026-01-05T02:00:00Z", actor: { person: "chair@c1", role: "chair", organization: "c1" } })

const volunteers = (events: ReadonlyArray<Volunteer.Event>, at: string, organizationId = "s1") =>
  on(Volunteer.aggregate, organizationId, events, { at, actor: { ...chair, organization: organizationId } })

const joined = (volunteerId: string, consentGivenOn: string, organizationId = "s1") =>
  Volunteer.VolunteerJoined.make({ organizationId, volunteerId, name: `Volunteer ${volunteerId}`, consentGivenOn })
const paired = (volunteerId: string, householdId: string, pairedOn: string) =>
  Volunteer.VolunteerPaired.make({ organizationId: "s1", volunteerId, householdId, pairedOn })
const served = (volunteerId: string, on: string, hours: number, householdId?: string) =>
  Volunteer.VolunteerServiceLogged.make({ organizationId: "s1", volunteerId, on, hours, description: "Shopping and a chat", ...(householdId ? { householdId } : {}) })

/** Seed 003: volunteers paired with empty-nest elderly households. */
const world = [
  household("h1", ["empty-nest-elderly"]),
  household("h2", ["empty-nest-elderly", "low-income"]),
  household("h3", ["left-behind-children"]),
  volunteers([joined("v1", "2026-02-01"), joined("v2", "2026-02-01"), joined("v3", "2026-02-03")], "2026-02-03T09:00:00Z"),
  volunteers([paired("v1", "h1", "2026-02-10"), paired("v1", "h2", "2026-02-10"), paired("v2", "h2", "2026-02-11"), paired("v3", "h3", "2026-02-12")], "2026-02-12T09:00:00Z"),
  volunteers([served("v1", "2026-03-01", 2, "h1"), served("v1", "2026-03-08", 1.5, "h2"), served("v2", "2026-03-09", 3)], "2026-03-09T09:00:00Z"),
  volunteers([Volunteer.VolunteerUnpaired.make({ organizationId: "s1", volunteerId: "v1", householdId: "h2", unpairedOn: "2026-04-01" })], "2026-04-01T09:00:00Z"),
  volunteers([Volunteer.VolunteerLeft.make({ organizationId: "s1", volunteerId: "v3", leftOn: "2026-05-01" })], "2026-05-01T09:00:00Z", "s1"),
  volunteers([joined("v7", "2026-03-01", "c1")], "2026-03-01T09:00:00Z", "c1")
]

describe("the volunteers ledger (巾帼志愿者台帐)", () => {
  it("lists each volunteer with her consent, pairs and hours; the pairs in force with the households' circumstances; and each organization's totals", () => {
    given(Volunteers.projection, ...world).then((s) => Volunteers.rows(s, { asOf, policy }), {
      volunteers: [
        { organizationId: "c1", volunteerId: "v7", active: true, consentGivenOn: "2026-03-01", householdIds: [], hours: 0, joinedOn: ["2026-03-01"], leftOn: [], pairedOn: [], servicesByMonth: [] },
        {
          organizationId: "s1",
          volunteerId: "v1",
          active: true,
          consentGivenOn: "2026-02-01",
          householdIds: ["h1"],
          hours: 3.5,
          joinedOn: ["2026-02-01"],
          leftOn: [],
          pairedOn: ["2026-02-10", "2026-02-10"],
          servicesByMonth: [{ month: "2026-03", services: 2, hours: 3.5 }]
        },
        {
          organizationId: "s1",
          volunteerId: "v2",
          active: true,
          consentGivenOn: "2026-02-01",
          householdIds: ["h2"],
          hours: 3,
          joinedOn: ["2026-02-01"],
          leftOn: [],
          pairedOn: ["2026-02-11"],
          servicesByMonth: [{ month: "2026-03", services: 1, hours: 3 }]
        },
        {
          organizationId: "s1",
          volunteerId: "v3",
          active: false,
          consentGivenOn: "2026-02-03",
          householdIds: [],
          hours: 0,
          joinedOn: ["2026-02-03"],
          leftOn: ["2026-05-01"],
          pairedOn: ["2026-02-12"],
          servicesByMonth: []
        }
      ],
      pairs: [
        { organizationId: "s1", volunteerId: "v1", householdId: "h1", circumstances: ["empty-nest-elderly"] },
        { organizationId: "s1", volunteerId: "v2", householdId: "h2", circumstances: ["empty-nest-elderly", "low-income"] }
      ],
      organizations: [
        { organizationId: "c1", serving: 1, left: 0, pairs: 0, householdsPaired: 0, hours: 0, lateEntries: 0, flags: [] },
        { organizationId: "s1", serving: 2, left: 1, pairs: 2, householdsPaired: 2, hours: 6.5, lateEntries: 0, flags: [] }
      ]
    })
  })

  it("gives a period's figures: joined, left, pairs made, services and hours in it; serving and paired at the end", () => {
    const s1 = { organizationId: "s1", ids: new Set(["s1"]) }
    given(Volunteers.projection, ...world).then((s) => Volunteers.figures(Volunteers.rows(s, { asOf, policy, within: s1 }), { from: "2026-02-01", to: "2026-03-31" }), {
      joined: 3,
      left: 0,
      activeAtEnd: 2,
      pairsMade: 4,
      pairsAtEnd: 2,
      householdsPaired: 2,
      services: 3,
      serviceHours: 6.5
    })
    given(Volunteers.projection, ...world).then((s) => Volunteers.figures(Volunteers.rows(s, { asOf, policy }), { from: "2026-04-01", to: "2026-06-30" }), {
      joined: 0,
      left: 1,
      activeAtEnd: 3,
      pairsMade: 0,
      pairsAtEnd: 2,
      householdsPaired: 2,
      services: 0,
      serviceHours: 0
    })
  })

  it("counts the pairs in force by the circumstance of the household served, a household in two under each", () => {
    given(Volunteers.projection, ...world).then((s) => Volunteers.pairsByCircumstance(Volunteers.rows(s, { asOf, policy })), [
      { circumstance: "low-income", pairs: 1 },
      { circumstance: "empty-nest-elderly", pairs: 2 }
    ])
  })

  it("shows a volunteer who joins again with her new consent, and a household's circumstances as they are now", () => {
    given(
      Volunteers.projection,
      ...world,
      volunteers([joined("v3", "2026-09-01")], "2026-09-01T09:00:00Z"),
      on(Household.aggregate, "h1", [Household.HouseholdCircumstancesChanged.make({ householdId: "h1", circumstances: ["empty-nest-elderly", "disability"] })], {
        at: "2026-10-01T09:00:00Z",
        actor: { person: "chair@c1", role: "chair", organization: "c1" }
      })
    ).then((s) => {
      const ledger = Volunteers.rows(s, { asOf, policy, within: { organizationId: "s1", ids: new Set(["s1"]) } })
      return [ledger.volunteers.find((v) => v.volunteerId === "v3"), ledger.pairs.find((p) => p.householdId === "h1")?.circumstances]
    }, [
      {
        organizationId: "s1",
        volunteerId: "v3",
        active: true,
        consentGivenOn: "2026-09-01",
        householdIds: [],
        hours: 0,
        joinedOn: ["2026-02-03", "2026-09-01"],
        leftOn: ["2026-05-01"],
        pairedOn: ["2026-02-12"],
        servicesByMonth: []
      },
      ["empty-nest-elderly", "disability"]
    ])
  })

  it("keeps no volunteer's name or service description in its state", () => {
    const text = JSON.stringify(given(Volunteers.projection, ...world).stored)
    expect(text).not.toContain("Volunteer v1")
    expect(text).not.toContain("Shopping")
  })
})
