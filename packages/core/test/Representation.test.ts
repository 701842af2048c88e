import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { fold } from "../src/Decider.ts"
import * as Domain from "../src/Domain.ts"
import * as Household from "../src/Household.ts"
import * as Organization from "../src/Organization.ts"
import { defaults } from "../src/Policy.ts"
import * as Representation from "../src/Representation.ts"
import { toMillis } from "../src/Time.ts"
import { actor, given, nothing } from "./support/Spec.ts"

// The specifications run at Spec's NOW, 2026-06-01T08:00Z: today is 2026-06-01.
const TODAY = "2026-06-01"

const street = Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Beishan Street", level: "street" })
const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const householdOf = (householdId: string, organizationId = "c1") =>
  Household.HouseholdRegistered.make({ householdId, organizationId, headName: `Head of ${householdId}`, address: `${householdId} Qingbo Lane`, circumstances: [] })

const elected = (representativeId: string, congressSession = "2026 congress", electedOn = "2026-03-08") =>
  Representation.RepresentativeElected.make({ organizationId: "c1", representativeId, name: `Name of ${representativeId}`, congressSession, electedOn })
const linked = (representativeId: string, householdId: string, on = "2026-05-01") =>
  Representation.HouseholdLinked.make({ organizationId: "c1", representativeId, householdId, on })
const unlinked = (representativeId: string, householdId: string, on = TODAY) =>
  Representation.HouseholdUnlinked.make({ organizationId: "c1", representativeId, householdId, on })
const steppedDown = (representativeId: string, on = TODAY) =>
  Representation.RepresentativeSteppedDown.make({ organizationId: "c1", representativeId, on })
const visited = (representativeId: string, householdId: string, visitedOn = TODAY) =>
  Representation.ContactVisitRecorded.make({
    organizationId: "c1",
    representativeId,
    householdId,
    visitedOn,
    method: "home-visit",
    topics: ["living-situation"],
    notes: ""
  })

const chair = actor("chair", "c1")
const member = actor("executive-member", "c1")

/** The representation stream of c1 with these events, and households h1…h8 of c1, hx of c2. */
const givenRepresentation = (events: ReadonlyArray<Representation.Event>) => {
  let scenario = given(Representation.aggregate, "c1", events)
  for (const h of ["h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"]) scenario = scenario.and(Household.aggregate, h, [householdOf(h)])
  return scenario.and(Household.aggregate, "hx", [householdOf("hx", "c2")])
}

const elect = {
  _tag: "ElectRepresentative",
  actor: chair,
  organizationId: "c1",
  representativeId: "r1",
  name: "Name of r1",
  congressSession: "2026 congress",
  electedOn: "2026-03-08"
} as const
const stepDown = { _tag: "StepDownRepresentative", actor: chair, reason: "moved to another city", organizationId: "c1", representativeId: "r1" } as const
const link = (representativeId: string, householdId: string) =>
  ({ _tag: "LinkHousehold", actor: member, organizationId: "c1", representativeId, householdId }) as const
const unlink = (representativeId: string, householdId: string) =>
  ({ _tag: "UnlinkHousehold", actor: member, organizationId: "c1", representativeId, householdId }) as const
const visit = (representativeId: string, householdId: string, visitedOn = TODAY) =>
  ({
    _tag: "RecordContactVisit",
    actor: actor("representative", "c1", representativeId),
    organizationId: "c1",
    representativeId,
    householdId,
    visitedOn,
    method: "home-visit",
    topics: ["living-situation"],
    notes: ""
  }) as const

describe("Representation: electing representatives (§2)", () => {
  it("records a representative elected by the congress, citing the session", () =>
    given(Organization.aggregate, "c1", [community]).when(elect).then([elected("r1")]))

  it("lets an executive member or a vice-chair record the election", async () => {
    await given(Organization.aggregate, "c1", [community]).when({ ...elect, actor: member }).then([elected("r1")])
    await given(Organization.aggregate, "c1", [community]).when({ ...elect, actor: actor("vice-chair", "c1") }).then([elected("r1")])
  })

  it("requires the congress session to be cited", async () => {
    const { _tag, actor: a, ...rest } = elect
    const { congressSession, ...withoutSession } = rest
    const missing = await Effect.runPromise(Effect.result(Domain.decodeCommand({ _tag, actor: a, ...withoutSession })))
    expect(missing._tag).toBe("Failure")
    if (missing._tag === "Failure") expect(missing.failure.problems.map((p) => p.path)).toContain("congressSession")
    const empty = await Effect.runPromise(Effect.result(Domain.decodeCommand({ ...elect, congressSession: "" })))
    expect(empty._tag).toBe("Failure")
    const cited = await Effect.runPromise(Effect.result(Domain.decodeCommand(elect)))
    expect(cited._tag).toBe("Success")
  })

  it("refuses an election in an unregistered organization", () =>
    nothing().when(elect).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses representatives of an organization that is not a community", () =>
    given(Organization.aggregate, "s1", [street])
      .when({ ...elect, actor: actor("chair", "s1"), organizationId: "s1" })
      .thenFails("RepresentationRejected", "NotACommunity"))

  it("refuses an election dated after today, and accepts one dated today", async () => {
    await given(Organization.aggregate, "c1", [community]).when({ ...elect, electedOn: "2026-06-02" })
      .thenFails("RepresentationRejected", "ElectedInFuture")
    await given(Organization.aggregate, "c1", [community]).when({ ...elect, electedOn: TODAY })
      .then([elected("r1", "2026 congress", TODAY)])
  })

  it("refuses electing a serving representative again by the same session", () =>
    given(Organization.aggregate, "c1", [community]).and(Representation.aggregate, "c1", [elected("r1")])
      .when(elect)
      .thenFails("RepresentationRejected", "AlreadyElected"))

  it("records a later congress confirming a serving representative, who keeps her households", async () => {
    const confirmed = elected("r1", "2027 congress", "2026-05-20")
    await given(Organization.aggregate, "c1", [community]).and(Representation.aggregate, "c1", [elected("r1"), linked("r1", "h1")])
      .when({ ...elect, congressSession: "2027 congress", electedOn: "2026-05-20" })
      .then([confirmed])
    const state = fold(Representation.aggregate, [elected("r1"), linked("r1", "h1"), confirmed])
    expect(Representation.householdsOf(state, "r1")).toEqual(["h1"])
    expect(state.representatives.get("r1")?.congressSession).toBe("2027 congress")
  })

  it("records a former representative elected again", () =>
    given(Organization.aggregate, "c1", [community]).and(Representation.aggregate, "c1", [elected("r1"), steppedDown("r1", "2026-04-01")])
      .when({ ...elect, congressSession: "2026 by-election", electedOn: "2026-05-01" })
      .then([elected("r1", "2026 by-election", "2026-05-01")]))

  it("refuses an election dated before her recorded election or stepping down", async () => {
    await given(Organization.aggregate, "c1", [community]).and(Representation.aggregate, "c1", [elected("r1")])
      .when({ ...elect, congressSession: "2025 congress", electedOn: "2026-03-07" })
      .thenFails("RepresentationRejected", "ElectionOutOfOrder")
    await given(Organization.aggregate, "c1", [community]).and(Representation.aggregate, "c1", [elected("r1"), steppedDown("r1", "2026-04-01")])
      .when({ ...elect, congressSession: "2026 by-election", electedOn: "2026-03-31" })
      .thenFails("RepresentationRejected", "ElectionOutOfOrder")
  })

  it("refuses an election recorded by a role other than the committee (role check)", async () => {
    for (const role of ["representative", "mediator", "volunteer", "upper-cadre", "auditor"] as const) {
      await given(Organization.aggregate, "c1", [community]).when({ ...elect, actor: actor(role, "c1") }).thenFails("Unauthorized")
    }
  })

  it("refuses an election recorded by the chair of another organization", () =>
    given(Organization.aggregate, "c1", [community]).when({ ...elect, actor: actor("chair", "c2") }).thenFails("Unauthorized"))
})

describe("Representation: stepping down (§2)", () => {
  it("ends her links in the same decision: each household unlinked, then she steps down", () =>
    givenRepresentation([elected("r1"), elected("r2"), linked("r1", "h1"), linked("r2", "h2"), linked("r1", "h3")])
      .when(stepDown)
      .then([unlinked("r1", "h1"), unlinked("r1", "h3"), steppedDown("r1")]))

  it("steps down a representative without households", () =>
    givenRepresentation([elected("r1")]).when(stepDown).then([steppedDown("r1")]))

  it("frees her households for another representative", () =>
    givenRepresentation([elected("r1"), elected("r2"), linked("r1", "h1"), unlinked("r1", "h1"), steppedDown("r1")])
      .when(link("r2", "h1"))
      .then([linked("r2", "h1", TODAY)]))

  it("requires a reason", async () => {
    const { reason, ...withoutReason } = stepDown
    const r = await Effect.runPromise(Effect.result(Domain.decodeCommand(withoutReason)))
    expect(r._tag).toBe("Failure")
    if (r._tag === "Failure") expect(r.failure.problems.map((p) => p.path)).toContain("reason")
  })

  it("refuses stepping down someone who is not a representative", () =>
    givenRepresentation([]).when(stepDown).thenFails("RepresentationRejected", "NotARepresentative"))

  it("refuses stepping down twice", () =>
    givenRepresentation([elected("r1"), steppedDown("r1", "2026-05-01")]).when(stepDown).thenFails("RepresentationRejected", "SteppedDown"))

  it("refuses the representative herself or another organization's chair recording it", async () => {
    await givenRepresentation([elected("r1")]).when({ ...stepDown, actor: actor("representative", "c1", "r1") }).thenFails("Unauthorized")
    await givenRepresentation([elected("r1")]).when({ ...stepDown, actor: actor("chair", "c2") }).thenFails("Unauthorized")
  })
})

describe("Representation: linking households (§3)", () => {
  it("links a household of the community to a representative, from today", () =>
    givenRepresentation([elected("r1")]).when(link("r1", "h1")).then([linked("r1", "h1", TODAY)]))

  it("links a 5th household, and refuses a 6th naming the representative and the limit", async () => {
    const four = ["h1", "h2", "h3", "h4"].map((h) => linked("r1", h))
    await givenRepresentation([elected("r1"), ...four]).when(link("r1", "h5")).then([linked("r1", "h5", TODAY)])
    const error = await givenRepresentation([elected("r1"), ...four, linked("r1", "h5")])
      .when(link("r1", "h6"))
      .thenFails("RepresentationRejected", "RepresentativeAtLimit")
    expect(error.message).toContain("r1")
    expect(error.message).toContain("5 households")
  })

  it("takes the limit from the policy", () =>
    givenRepresentation([elected("r1"), linked("r1", "h1"), linked("r1", "h2"), linked("r1", "h3")])
      .at("2026-06-01T08:00:00.000Z", { maxHouseholdsPerRepresentative: 3 })
      .when(link("r1", "h4"))
      .thenFails("RepresentationRejected", "RepresentativeAtLimit"))

  it("counts only her current households towards the limit", () =>
    givenRepresentation([elected("r1"), ...["h1", "h2", "h3", "h4", "h5"].map((h) => linked("r1", h)), unlinked("r1", "h2")])
      .when(link("r1", "h6"))
      .then([linked("r1", "h6", TODAY)]))

  it("refuses a household linked to another active representative, naming her", async () => {
    const error = await givenRepresentation([elected("r1"), elected("r2"), linked("r2", "h1")])
      .when(link("r1", "h1"))
      .thenFails("RepresentationRejected", "HouseholdHasRepresentative")
    expect(error.message).toContain("r2")
  })

  it("links a household to another representative once its link is ended", () =>
    givenRepresentation([elected("r1"), elected("r2"), linked("r2", "h1"), unlinked("r2", "h1")])
      .when(link("r1", "h1"))
      .then([linked("r1", "h1", TODAY)]))

  it("refuses linking a household to its own representative again", () =>
    givenRepresentation([elected("r1"), linked("r1", "h1")]).when(link("r1", "h1")).thenFails("RepresentationRejected", "AlreadyLinked"))

  it("refuses an unregistered household", () =>
    givenRepresentation([elected("r1")]).when(link("r1", "h9")).thenFails("HouseholdRejected", "NotRegistered"))

  it("refuses an unregistered household in decide itself, whatever the handler passes", async () => {
    const state = fold(Representation.aggregate, [elected("r1")])
    const r = await Effect.runPromise(Effect.result(Representation.decide(link("r1", "h1"), state, {
      now: toMillis(`${TODAY}T08:00:00.000Z`),
      policy: defaults,
      household: Household.aggregate.initial
    })))
    expect(r._tag === "Failure" && r.failure).toMatchObject({ _tag: "HouseholdRejected", reason: "NotRegistered" })
  })

  it("refuses a household of another organization", () =>
    givenRepresentation([elected("r1")]).when(link("r1", "hx")).thenFails("RepresentationRejected", "HouseholdOfAnotherOrganization"))

  it("refuses a representative who was never elected", () =>
    givenRepresentation([elected("r1")]).when(link("r2", "h1")).thenFails("RepresentationRejected", "NotARepresentative"))

  it("refuses a representative who stepped down", () =>
    givenRepresentation([elected("r1"), steppedDown("r1", "2026-05-01")]).when(link("r1", "h1")).thenFails("RepresentationRejected", "SteppedDown"))

  it("refuses a representative linking households herself (role check)", () =>
    givenRepresentation([elected("r1")]).when({ ...link("r1", "h1"), actor: actor("representative", "c1", "r1") }).thenFails("Unauthorized"))

  it("refuses a cadre of another organization, before telling her whether the household exists", async () => {
    await givenRepresentation([elected("r1")]).when({ ...link("r1", "h1"), actor: actor("chair", "c2") }).thenFails("Unauthorized")
    await givenRepresentation([elected("r1")]).when({ ...link("r1", "h9"), actor: actor("chair", "c2") }).thenFails("Unauthorized")
  })
})

describe("Representation: unlinking households (§3)", () => {
  it("ends a household's link, today", () =>
    givenRepresentation([elected("r1"), linked("r1", "h1")]).when(unlink("r1", "h1")).then([unlinked("r1", "h1")]))

  it("refuses unlinking a household that is not linked to that representative", async () => {
    await givenRepresentation([elected("r1"), elected("r2"), linked("r2", "h1")]).when(unlink("r1", "h1"))
      .thenFails("RepresentationRejected", "NotLinked")
    await givenRepresentation([elected("r1")]).when(unlink("r1", "h1")).thenFails("RepresentationRejected", "NotLinked")
  })

  it("refuses a representative or another organization unlinking", async () => {
    await givenRepresentation([elected("r1"), linked("r1", "h1")])
      .when({ ...unlink("r1", "h1"), actor: actor("representative", "c1", "r1") }).thenFails("Unauthorized")
    await givenRepresentation([elected("r1"), linked("r1", "h1")])
      .when({ ...unlink("r1", "h1"), actor: actor("executive-member", "c2") }).thenFails("Unauthorized")
  })
})

describe("Representation: contact visits (§3)", () => {
  const linkedR1 = [elected("r1"), elected("r2"), linked("r1", "h1"), linked("r2", "h2")]

  it("records a representative's visit to her household, topics in their canonical order", () =>
    givenRepresentation(linkedR1)
      .when({ ...visit("r1", "h1"), method: "talk", topics: ["mutual-aid", "policy-outreach", "mutual-aid"], notes: "asked about the job fair" })
      .then([
        Representation.ContactVisitRecorded.make({
          organizationId: "c1",
          representativeId: "r1",
          householdId: "h1",
          visitedOn: TODAY,
          method: "talk",
          topics: ["policy-outreach", "mutual-aid"],
          notes: "asked about the job fair"
        })
      ]))

  it("lets a committee member record a visit for her", () =>
    givenRepresentation(linkedR1).when({ ...visit("r1", "h1"), actor: chair }).then([visited("r1", "h1")]))

  it("refuses a representative recording a visit for another representative", () =>
    givenRepresentation(linkedR1).when({ ...visit("r2", "h2"), actor: actor("representative", "c1", "r1") }).thenFails("Unauthorized"))

  it("refuses a visit to a household linked to another representative, without naming her", async () => {
    const error = await givenRepresentation(linkedR1).when(visit("r1", "h2")).thenFails("RepresentationRejected", "NotLinked")
    expect(error.message).not.toContain("r2")
  })

  it("refuses a visit to an unlinked household, or one whose link has ended", async () => {
    await givenRepresentation(linkedR1).when(visit("r1", "h3")).thenFails("RepresentationRejected", "NotLinked")
    await givenRepresentation([...linkedR1, unlinked("r1", "h1", "2026-05-20")]).when(visit("r1", "h1", "2026-05-10"))
      .thenFails("RepresentationRejected", "NotLinked")
  })

  it("refuses a visit dated after today, and accepts one dated today", async () => {
    await givenRepresentation(linkedR1).when(visit("r1", "h1", "2026-06-02")).thenFails("RepresentationRejected", "VisitInFuture")
    await givenRepresentation(linkedR1).when(visit("r1", "h1", TODAY)).then([visited("r1", "h1", TODAY)])
  })

  it("refuses a visit dated before the link, and accepts one on the link's day", async () => {
    await givenRepresentation(linkedR1).when(visit("r1", "h1", "2026-04-30")).thenFails("RepresentationRejected", "VisitBeforeLink")
    await givenRepresentation(linkedR1).when(visit("r1", "h1", "2026-05-01")).then([visited("r1", "h1", "2026-05-01")])
  })

  it("refuses a visit by someone who is not a representative", () =>
    givenRepresentation(linkedR1).when({ ...visit("r3", "h1"), actor: chair }).thenFails("RepresentationRejected", "NotARepresentative"))

  it("refuses a visit by a representative who stepped down", () =>
    givenRepresentation([...linkedR1, unlinked("r1", "h1", "2026-05-20"), steppedDown("r1", "2026-05-20")])
      .when(visit("r1", "h1", "2026-05-10"))
      .thenFails("RepresentationRejected", "SteppedDown"))

  it("refuses a volunteer, an auditor, or a representative of another community", async () => {
    await givenRepresentation(linkedR1).when({ ...visit("r1", "h1"), actor: actor("volunteer", "c1", "r1") }).thenFails("Unauthorized")
    await givenRepresentation(linkedR1).when({ ...visit("r1", "h1"), actor: actor("auditor", "c1") }).thenFails("Unauthorized")
    await givenRepresentation(linkedR1).when({ ...visit("r1", "h1"), actor: actor("representative", "c2", "r1") }).thenFails("Unauthorized")
  })

  it("marks visit notes and representatives' names as personal data", async () => {
    const { paths } = await import("../src/PersonalData.ts")
    expect(paths(Representation.ContactVisitRecorded)).toEqual([["notes"]])
    expect(paths(Representation.RepresentativeElected)).toEqual([["name"]])
  })
})

describe("Representation: the coverage ledger (联系户台帐)", () => {
  const history = [
    elected("r1"),
    elected("r2"),
    elected("r3"),
    ...["h1", "h2", "h3"].map((h) => linked("r1", h)),
    linked("r2", "h4"),
    linked("r2", "h5"),
    // Recorded out of date order: visits are often entered after the fact.
    visited("r1", "h2", "2026-06-01"),
    visited("r1", "h1", "2026-05-20"),
    visited("r1", "h1", "2026-05-03"),
    visited("r2", "h4", "2026-05-21"),
    linked("r3", "h6"),
    unlinked("r3", "h6"),
    steppedDown("r3")
  ]
  const state = fold(Representation.aggregate, history)

  it("shows households per serving representative against the 3–5 target, both sides of each bound", () => {
    expect(Representation.coverage(state, defaults)).toEqual([
      { representativeId: "r1", householdIds: ["h1", "h2", "h3"], underTarget: false, atLimit: false },
      { representativeId: "r2", householdIds: ["h4", "h5"], underTarget: true, atLimit: false }
    ])
    const five = fold(Representation.aggregate, [elected("r1"), ...["h1", "h2", "h3", "h4"].map((h) => linked("r1", h))])
    expect(Representation.coverage(five, defaults)[0]?.atLimit).toBe(false)
    const full = fold(Representation.aggregate, [elected("r1"), ...["h1", "h2", "h3", "h4", "h5"].map((h) => linked("r1", h))])
    expect(Representation.coverage(full, defaults)[0]?.atLimit).toBe(true)
    expect(Representation.coverage(state, { ...defaults, minHouseholdsPerRepresentative: 4 })[0]?.underTarget).toBe(true)
  })

  it("counts visits per month, of all representatives or of one", () => {
    expect(Representation.visitsPerMonth(state)).toEqual([{ month: "2026-05", visits: 3 }, { month: "2026-06", visits: 1 }])
    expect(Representation.visitsPerMonth(state, "r2")).toEqual([{ month: "2026-05", visits: 1 }])
    expect(Representation.visitsPerMonth(state, "r3")).toEqual([])
  })

  it("lists linked households never visited since they were linked", () => {
    expect(Representation.neverVisited(state).map((l) => l.householdId)).toEqual(["h3", "h5"])
    const relinked = fold(Representation.aggregate, [...history, unlinked("r1", "h1"), linked("r2", "h1", TODAY)])
    expect(Representation.neverVisited(relinked).map((l) => [l.householdId, l.representativeId])).toContainEqual(["h1", "r2"])
    expect(state.links.get("h1")).toMatchObject({ visits: 2, lastVisitedOn: "2026-05-20" })
  })

  it("lists the community's households without a representative", () => {
    const registered = ["h1", "h2", "h3", "h4", "h5", "h6", "h7", "h7"]
    expect(Representation.withoutRepresentative(state, registered)).toEqual(["h6", "h7"])
  })

  it("shows a representative only her own households and visits; the committee and auditors all", async () => {
    const own = await Effect.runPromise(Representation.viewFor(state, actor("representative", "c1", "r2")))
    expect([...own.representatives.keys()]).toEqual(["r2"])
    expect([...own.links.keys()]).toEqual(["h4", "h5"])
    expect(Representation.visitsPerMonth(own)).toEqual([{ month: "2026-05", visits: 1 }])
    expect(await Effect.runPromise(Representation.viewFor(state, actor("chair", "c1")))).toBe(state)
    expect(await Effect.runPromise(Representation.viewFor(state, actor("auditor", "c1")))).toBe(state)
    for (const who of [actor("volunteer", "c1"), actor("upper-cadre", "s1"), actor("chair", "c2"), actor("representative", "c2", "r2")]) {
      const r = await Effect.runPromise(Effect.result(Representation.viewFor(state, who)))
      expect(r._tag === "Failure" && r.failure._tag).toBe("Unauthorized")
    }
  })
})
