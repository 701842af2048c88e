import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fold, streamName } from "../src/Decider.ts"
import * as Domain from "../src/Domain.ts"
import * as Household from "../src/Household.ts"
import * as Organization from "../src/Organization.ts"
import * as PersonalData from "../src/PersonalData.ts"
import * as Volunteer from "../src/Volunteer.ts"
import { runInterleaved } from "./support/Concurrency.ts"
import { actor, backed, given, nothing, seed } from "./support/Spec.ts"

const street = Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Qijiashan Street", level: "street" })
const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const other = Organization.OrganizationRegistered.make({ organizationId: "c2", name: "Hefang Community", level: "community", parentId: "s1" })
const household = (householdId: string, organizationId = "c1", circumstances: ReadonlyArray<Household.Circumstance> = ["empty-nest-elderly"]) =>
  Household.HouseholdRegistered.make({ householdId, organizationId, headName: "Zhang Lan", address: "5-102 Qingbo Lane", circumstances })

const joined = (volunteerId = "v1", consentGivenOn = "2026-06-01") =>
  Volunteer.VolunteerJoined.make({ organizationId: "c1", volunteerId, name: "Chen Hong", consentGivenOn })
const paired = (householdId = "h1", volunteerId = "v1") =>
  Volunteer.VolunteerPaired.make({ organizationId: "c1", volunteerId, householdId, pairedOn: "2026-06-01" })
const left = Volunteer.VolunteerLeft.make({ organizationId: "c1", volunteerId: "v1", leftOn: "2026-06-01" })

const committee = actor("executive-member", "c1")
const herself = actor("volunteer", "c1", "v1")
const enroll = { _tag: "EnrollVolunteer", actor: committee, organizationId: "c1", volunteerId: "v1", name: "Chen Hong", consent: true } as const
const pair = (householdId = "h1", extra: Partial<typeof Volunteer.PairVolunteer.Type> = {}) =>
  ({ _tag: "PairVolunteer", actor: committee, organizationId: "c1", volunteerId: "v1", householdId, ...extra }) as const
const logService = (extra: Partial<typeof Volunteer.LogVolunteerService.Type> = {}) =>
  ({ _tag: "LogVolunteerService", actor: herself, organizationId: "c1", volunteerId: "v1", householdId: "h1", hours: 2, description: "打扫卫生, 添购生活用品", ...extra }) as const
const served = (extra: Partial<typeof Volunteer.VolunteerServiceLogged.Type> = {}) =>
  Volunteer.VolunteerServiceLogged.make({ organizationId: "c1", volunteerId: "v1", householdId: "h1", on: "2026-06-01", hours: 2, description: "打扫卫生, 添购生活用品", ...extra })
const leave = (by = herself) => ({ _tag: "RecordVolunteerLeaving", actor: by, organizationId: "c1", volunteerId: "v1" }) as const

/** s1 > c1, c2; households h1 (c1, empty-nest), h2 (c2, low-income), h3 (c1, no circumstance). */
const world = () =>
  given(Organization.aggregate, "s1", [street])
    .and(Organization.aggregate, "c1", [community])
    .and(Organization.aggregate, "c2", [other])
    .and(Household.aggregate, "h1", [household("h1")])
    .and(Household.aggregate, "h2", [household("h2", "c2", ["low-income"])])
    .and(Household.aggregate, "h3", [household("h3", "c1", [])])
const volunteers = (...events: ReadonlyArray<Volunteer.Event>) => world().and(Volunteer.aggregate, "c1", events)

describe("Volunteers joining of their own will (§7)", () => {
  it("records a volunteer joining with her consent, given today", () =>
    world().when(enroll).then([joined()]))

  it("records the date consent was given", () =>
    world().when({ ...enroll, consentGivenOn: "2026-05-20" }).then([joined("v1", "2026-05-20")]))

  it("refuses joining without consent (自愿参加为原则)", () =>
    world().when({ ...enroll, consent: false }).thenFails("VolunteerRejected", "ConsentRequired"))

  it("refuses consent dated after today", () =>
    world().when({ ...enroll, consentGivenOn: "2026-06-02" }).thenFails("TimeRejected", "InFuture"))

  it("refuses a volunteer who has already joined", () =>
    volunteers(joined()).when(enroll).thenFails("VolunteerRejected", "AlreadyJoined"))

  it("lets a volunteer who left join again, with consent again", () =>
    volunteers(joined("v1", "2025-01-01"), left).when(enroll).then([joined()]))

  it("refuses a volunteer of an unregistered organization", () =>
    nothing().when(enroll).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses a volunteer enrolling herself (the committee records joining)", () =>
    world().when({ ...enroll, actor: herself }).thenFails("Unauthorized"))

  it("refuses a committee member of another organization", () =>
    world().when({ ...enroll, actor: actor("chair", "c2") }).thenFails("Unauthorized"))

  it("marks names and service descriptions as personal data", () => {
    expect(PersonalData.paths(Volunteer.VolunteerJoined)).toContainEqual(["name"])
    expect(PersonalData.paths(Volunteer.VolunteerServiceLogged)).toContainEqual(["description"])
  })
})

describe("Volunteers paired with households in need (结对帮扶, §7)", () => {
  it("pairs an active volunteer with a household in need of her organization", () =>
    volunteers(joined()).when(pair()).then([paired()]))

  it("pairs a street's volunteer with a household of a community below it", () =>
    world()
      .and(Volunteer.aggregate, "s1", [Volunteer.VolunteerJoined.make({ organizationId: "s1", volunteerId: "v1", name: "Chen Hong", consentGivenOn: "2026-01-01" })])
      .when(pair("h1", { organizationId: "s1", actor: actor("chair", "s1") }))
      .then([Volunteer.VolunteerPaired.make({ organizationId: "s1", volunteerId: "v1", householdId: "h1", pairedOn: "2026-06-01" })]))

  it("refuses a household of another organization as an unknown one, naming no organization but its own", async () => {
    const refused = await volunteers(joined()).when(pair("h2")).thenFails("HouseholdRejected", "NotRegistered")
    expect(refused.message).toBe("no household h2 is registered in c1 or an organization below it")
  })

  it("refuses a household with no circumstance of need", () =>
    volunteers(joined()).when(pair("h3")).thenFails("VolunteerRejected", "HouseholdNotInNeed"))

  it("refuses an unregistered household", () =>
    volunteers(joined()).when(pair("h9")).thenFails("HouseholdRejected", "NotRegistered"))

  it("refuses pairing the same volunteer and household twice", () =>
    volunteers(joined(), paired()).when(pair()).thenFails("VolunteerRejected", "AlreadyPaired"))

  it("refuses pairing someone who never joined", () =>
    volunteers().when(pair()).thenFails("VolunteerRejected", "NotAVolunteer"))

  it("refuses pairing a volunteer who left", () =>
    volunteers(joined(), left).when(pair()).thenFails("VolunteerRejected", "NotActive"))

  it("refuses a pairing dated after today", () =>
    volunteers(joined()).when(pair("h1", { on: "2026-06-02" })).thenFails("TimeRejected", "InFuture"))

  it("refuses a representative pairing (role)", () =>
    volunteers(joined()).when(pair("h1", { actor: actor("representative", "c1") })).thenFails("Unauthorized"))

  it("refuses the committee of another organization pairing", () =>
    volunteers(joined()).when(pair("h1", { actor: actor("chair", "s1") })).thenFails("Unauthorized"))

  it("ends a pair", () =>
    volunteers(joined(), paired())
      .when({ _tag: "UnpairVolunteer", actor: committee, organizationId: "c1", volunteerId: "v1", householdId: "h1" })
      .then([Volunteer.VolunteerUnpaired.make({ organizationId: "c1", volunteerId: "v1", householdId: "h1", unpairedOn: "2026-06-01" })]))

  it("refuses ending a pair that does not exist", () =>
    volunteers(joined())
      .when({ _tag: "UnpairVolunteer", actor: committee, organizationId: "c1", volunteerId: "v1", householdId: "h1" })
      .thenFails("VolunteerRejected", "NotPaired"))

  it("keeps no pair twice when two cadres pair the same volunteer and household at once", () =>
    fc.assert(
      fc.asyncProperty(fc.infiniteStream(fc.nat(4)), async (yields) => {
        const results = await runInterleaved(
          Effect.gen(function*() {
            yield* seed([
              { stream: streamName(Organization.aggregate, "s1"), events: [street] },
              { stream: streamName(Organization.aggregate, "c1"), events: [community] },
              { stream: streamName(Household.aggregate, "h1"), events: [household("h1")] },
              { stream: streamName(Volunteer.aggregate, "c1"), events: [joined()] },
              ...backed(actor("chair", "c1"), actor("vice-chair", "c1"))
            ])
            return yield* Effect.all([
              Effect.result(Domain.execute(pair("h1", { actor: actor("chair", "c1") }))),
              Effect.result(Domain.execute(pair("h1", { actor: actor("vice-chair", "c1") })))
            ], { concurrency: "unbounded" })
          }),
          yields[Symbol.iterator]()
        )
        expect(results.filter((r) => r._tag === "Success")).toHaveLength(1)
        const refused = results.find((r) => r._tag === "Failure")
        expect(refused?._tag === "Failure" && refused.failure).toMatchObject({ _tag: "VolunteerRejected", reason: "AlreadyPaired" })
      }),
      { numRuns: 50 }
    ))
})

describe("Volunteer service (§7)", () => {
  it("logs a volunteer's own service for a paired household", () =>
    volunteers(joined(), paired()).when(logService()).then([served()]))

  it("logs, by the committee, a service without a household (便民服务)", () => {
    const { householdId: _, ...general } = logService({ actor: committee })
    const { householdId: __, ...event } = served()
    return volunteers(joined()).when(general).then([Volunteer.VolunteerServiceLogged.make(event)])
  })

  it("refuses service for a household she is not paired with", () =>
    volunteers(joined()).when(logService()).thenFails("VolunteerRejected", "NotPaired"))

  it("refuses a service of no hours or of more than a day, and accepts a full day", async () => {
    await volunteers(joined(), paired()).when(logService({ hours: 0 })).thenFails("VolunteerRejected", "InvalidHours")
    await volunteers(joined(), paired()).when(logService({ hours: 24.5 })).thenFails("VolunteerRejected", "InvalidHours")
    await volunteers(joined(), paired()).when(logService({ hours: 24 })).then([served({ hours: 24 })])
  })

  it("refuses service dated after today", () =>
    volunteers(joined(), paired()).when(logService({ on: "2026-06-02" })).thenFails("TimeRejected", "InFuture"))

  it("refuses service of someone who never joined", () =>
    volunteers().when(logService({ actor: committee })).thenFails("VolunteerRejected", "NotAVolunteer"))

  it("refuses service of a volunteer who left", () =>
    volunteers(joined(), paired(), left).when(logService({ actor: committee })).thenFails("VolunteerRejected", "NotActive"))

  it("refuses a volunteer logging another volunteer's service", () =>
    volunteers(joined(), paired()).when(logService({ actor: actor("volunteer", "c1", "v2") })).thenFails("Unauthorized"))

  it("refuses a volunteer logging her service for another organization", () =>
    volunteers(joined(), paired()).when(logService({ actor: actor("volunteer", "c2", "v1") })).thenFails("Unauthorized"))

  it("refuses a representative logging service (role)", () =>
    volunteers(joined(), paired()).when(logService({ actor: actor("representative", "c1") })).thenFails("Unauthorized"))
})

describe("Volunteers leaving (§7)", () => {
  it("records a volunteer leaving, by herself", () =>
    volunteers(joined()).when(leave()).then([left]))

  it("records a volunteer leaving, by the committee", () =>
    volunteers(joined()).when(leave(committee)).then([left]))

  it("refuses a volunteer recording another's leaving", () =>
    volunteers(joined()).when(leave(actor("volunteer", "c1", "v2"))).thenFails("Unauthorized"))

  it("refuses leaving twice: by the committee, as not active; by herself, as no longer a volunteer", async () => {
    await volunteers(joined(), left).when(leave(committee)).thenFails("VolunteerRejected", "NotActive")
    await volunteers(joined(), left).when(leave()).thenFails("Unauthorized")
  })

  it("ends her pairs: after joining again she serves her former household only once paired again", () =>
    volunteers(joined(), paired(), left, joined()).when(logService()).thenFails("VolunteerRejected", "NotPaired"))

  it("lists active volunteers and pairs in force", () => {
    const state = fold(Volunteer.aggregate, [joined(), joined("v2"), paired("h1"), paired("h4"), paired("h5", "v2"), left, served({ volunteerId: "v2", householdId: "h5" })])
    expect(Volunteer.activeVolunteers(state)).toEqual(["v2"])
    expect(Volunteer.activePairs(state)).toEqual([{ volunteerId: "v2", householdId: "h5" }])
    expect(state.volunteers.get("v2")?.hours).toBe(2)
  })
})
