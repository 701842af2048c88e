/**
 * Erasing personal data is a decision (DOMAIN.md §10 Privacy): the chair of the organization
 * that holds it, or of one above, with a reason; only what it holds; once.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Award from "../src/Award.ts"
import * as Case from "../src/Case.ts"
import * as Domain from "../src/Domain.ts"
import * as Erasure from "../src/Erasure.ts"
import * as Household from "../src/Household.ts"
import * as Organization from "../src/Organization.ts"
import * as Place from "../src/Place.ts"
import * as Reception from "../src/Reception.ts"
import * as Training from "../src/Training.ts"
import * as WorkPlan from "../src/WorkPlan.ts"
import { actor, given } from "./support/Spec.ts"

const orgs = [
  Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Street", level: "street" }),
  Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Community", level: "community", parentId: "s1" }),
  Organization.OrganizationRegistered.make({ organizationId: "c2", name: "Other", level: "community", parentId: "s1" })
]
const household = (id: string, organizationId: string) =>
  Household.HouseholdRegistered.make({ householdId: id, organizationId, headName: "王芳", address: "青波巷 3 号", circumstances: [] })
const registered = Case.CaseRegistered.make({
  caseId: "k1",
  organizationId: "c1",
  level: "community",
  receivedAt: "2026-05-31T09:00:00.000+08:00",
  registeredAt: "2026-05-31T10:00:00.000+08:00",
  channel: "visit",
  category: "domestic-violence",
  sudden: false,
  typicalInfringement: false,
  householdIds: ["h1"],
  parties: [{ partyId: "p1", name: "李梅" }],
  narrative: "自述遭丈夫殴打"
})
const world = () => {
  let scenario = given(Organization.aggregate, "s1", [orgs[0]!])
  for (const o of orgs.slice(1)) scenario = scenario.and(Organization.aggregate, o.organizationId, [o])
  return scenario.and(Household.aggregate, "h1", [household("h1", "c1")]).and(Household.aggregate, "h2", [household("h2", "c2")]).and(Case.aggregate, "k1", [registered])
}
const erase = (subject: string, by = actor("chair", "c1"), organizationId = by.organization) =>
  ({ _tag: "ErasePersonalData", actor: by, organizationId, subject, reason: "本人申请删除个人信息" }) as const
const erased = (subject: string, organizationId = "c1") => Erasure.PersonalDataErased.make({ organizationId, subject })

/** c1's training, place, reception day, plan, and a campaign of persons: one nominated without a household, one with. */
const training = `training:${Training.recordId("c1", "tr1")}`
const records = () =>
  world()
    .and(Training.aggregate, Training.recordId("c1", "tr1"), [
      Training.TrainingRecorded.make({ organizationId: "c1", trainingId: "tr1", topic: "反家暴法", trainer: "李明律师", heldOn: "2026-05-20", hours: 2, attendees: [{ personId: "r1", capacity: "representative" }] })
    ])
    .and(Place.aggregate, "c1", [Place.PlaceRegistered.make({ organizationId: "c1", placeId: "home", kind: "womens-home", name: "妇女之家", openedOn: "2020-03-08" })])
    .and(Reception.aggregate, "c1", [Reception.ReceptionDayScheduled.make({ organizationId: "c1", receptionDayId: "rd1", on: "2026-05-15", leaderId: "chair@c1" })])
    .and(WorkPlan.aggregate, "c1", [WorkPlan.WorkPlanAdopted.make({ organizationId: "c1", year: 2026, meetingId: "congress", adoptedOn: "2026-01-10", targets: [{ targetId: "t", text: "建好妇女之家" }] })])
    .and(Award.aggregate, "stars", [
      Award.AwardCampaignOpened.make({ campaignId: "stars", organizationId: "s1", year: 2026, title: "学习之星", criteria: [{ criterionId: "k", name: "学习", maxScore: 10 }], threshold: 5, nomineeKind: "person" }),
      Award.PersonNominated.make({ campaignId: "stars", personId: "zhao", name: "赵美兰", organizationId: "c1" }),
      Award.PersonNominated.make({ campaignId: "stars", personId: "wang", name: "王芳", householdId: "h1", organizationId: "c1" })
    ])

describe("Erasing personal data (§10)", () => {
  it("records the erasure of a household, a case, a party to it, by the chair of the community that holds them", async () => {
    await world().when(erase("household:h1")).then([erased("household:h1")])
    await world().when(erase("case:k1")).then([erased("case:k1")])
    await world().when(erase("party:k1:p1")).then([erased("party:k1:p1")])
  })

  it("reaches a training's trainer and the reasons of places, reception days and work plans: of the organization that holds them or one above, not of a sibling", async () => {
    for (const subject of [training, "record:places-c1", "record:reception-c1", "record:work-plan-c1"]) {
      await records().when(erase(subject)).then([erased(subject)])
      await records().when(erase(subject, actor("chair", "s1"))).then([erased(subject, "s1")])
      await records().when(erase(subject, actor("chair", "c2"))).thenFails("ErasureRejected", "NotHeld")
    }
    await records().when(erase(`training:${Training.recordId("c1", "tr9")}`)).thenFails("ErasureRejected", "NotHeld")
  })

  it("reaches a person nominated for a title without a household, named with her campaign", async () => {
    const nominee = (by = actor("chair", "c1"), campaignId: string | null = "stars", personId = "zhao") => ({ ...erase(`person:${personId}`, by), ...(campaignId === null ? {} : { campaignId }) })
    await records().when(nominee()).then([erased("person:zhao")])
    await records().when(nominee(actor("chair", "s1"))).then([erased("person:zhao", "s1")])
    // Not without the campaign that holds her, nor by a sibling, nor one whose name is her household's.
    await records().when(nominee(actor("chair", "c1"), null)).thenFails("ErasureRejected", "NotHeld")
    await records().when(nominee(actor("chair", "c2"))).thenFails("ErasureRejected", "NotHeld")
    await records().when(nominee(actor("chair", "c1"), "stars", "wang")).thenFails("ErasureRejected", "NotHeld")
  })

  it("lets the chair of the organization above erase what a community below it holds", () =>
    world().when(erase("household:h1", actor("chair", "s1"))).then([erased("household:h1", "s1")]))

  it("refuses what the organization does not hold as it refuses what does not exist, naming nothing", async () => {
    const other = await world().when(erase("household:h2")).thenFails("ErasureRejected", "NotHeld")
    const none = await world().when(erase("household:h9")).thenFails("ErasureRejected", "NotHeld")
    expect(other.message.replace("h2", "?")).toBe(none.message.replace("h9", "?"))
    await world().when(erase("party:k1:p9")).thenFails("ErasureRejected", "NotHeld")
    await world().when(erase("nonsense")).thenFails("ErasureRejected", "NotHeld")
  })

  it("is the chair's alone, and another organization's chair may not", async () => {
    await world().when(erase("household:h1", actor("vice-chair", "c1"))).thenFails("Unauthorized")
    await world().when(erase("household:h1", actor("chair", "c2"), "c1")).thenFails("Unauthorized")
  })

  it("refuses erasing a subject twice", () =>
    world().and(Erasure.aggregate, "c1", [erased("household:h1")]).when(erase("household:h1")).thenFails("ErasureRejected", "AlreadyErased"))

  it("needs a reason", async () => {
    const { reason: _reason, ...withoutReason } = erase("household:h1")
    const refused = await Effect.runPromise(Effect.flip(Domain.decodeCommand(withoutReason)))
    expect(refused.problems.map((p) => p.path)).toEqual(["reason"])
  })
})
