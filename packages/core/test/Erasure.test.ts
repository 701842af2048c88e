/**
 * Erasing personal data is a decision (DOMAIN.md §10 Privacy): the chair of the organization
 * that holds it, or of one above, with a reason; only what it holds; once.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Case from "../src/Case.ts"
import * as Domain from "../src/Domain.ts"
import * as Erasure from "../src/Erasure.ts"
import * as Household from "../src/Household.ts"
import * as Organization from "../src/Organization.ts"
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

describe("Erasing personal data (§10)", () => {
  it("records the erasure of a household, a case, a party to it, by the chair of the community that holds them", async () => {
    await world().when(erase("household:h1")).then([erased("household:h1")])
    await world().when(erase("case:k1")).then([erased("case:k1")])
    await world().when(erase("party:k1:p1")).then([erased("party:k1:p1")])
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
