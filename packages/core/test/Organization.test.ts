import { describe, expect, it } from "vitest"
import * as Organization from "../src/Organization.ts"
import * as Term from "../src/Term.ts"
import { actor, given, nothing } from "./support/Spec.ts"

const district = Organization.OrganizationRegistered.make({ organizationId: "d1", name: "Xihu District", level: "district" })
const street = Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Beishan Street", level: "street", parentId: "d1" })
const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const enterprise = Organization.OrganizationRegistered.make({ organizationId: "e1", name: "Xinda Garments Women's Committee", level: "building", parentId: "c1", kind: "enterprise" })

describe("Organization (§1)", () => {
  it("registers a top organization, by a cadre acting for it", () =>
    nothing()
      .when({ _tag: "RegisterOrganization", actor: actor("upper-cadre", "d1"), organizationId: "d1", name: "Xihu District", level: "district" })
      .then([district, Organization.TopOrganizationRegistered.make({ organizationId: "d1" })]))

  it("refuses a second top organization: a deployment has one, and the bootstrap is used once", () =>
    given(Organization.deployment, Organization.deploymentId, [Organization.TopOrganizationRegistered.make({ organizationId: "d1" })])
      .when({ _tag: "RegisterOrganization", actor: actor("upper-cadre", "d2"), organizationId: "d2", name: "Another District", level: "district" })
      .thenFails("OrganizationRejected", "TopOrganizationExists"))

  it("registers an organization under a parent exactly one level up", () =>
    given(Organization.aggregate, "d1", [district])
      .when({ _tag: "RegisterOrganization", actor: actor("chair", "d1"), organizationId: "s1", name: "Beishan Street", level: "street", parentId: "d1" })
      .then([street]))

  it("refuses a parent that is not exactly one level up", () =>
    given(Organization.aggregate, "d1", [district])
      .when({ _tag: "RegisterOrganization", actor: actor("chair", "d1"), organizationId: "c1", name: "Community", level: "community", parentId: "d1" })
      .thenFails("OrganizationRejected", "ParentNotOneLevelUp"))

  it("refuses an unregistered parent", () =>
    nothing()
      .when({ _tag: "RegisterOrganization", actor: actor("chair", "d1"), organizationId: "s1", name: "Beishan Street", level: "street", parentId: "d1" })
      .thenFails("OrganizationRejected", "ParentNotRegistered"))

  it("refuses registering twice", () =>
    given(Organization.aggregate, "d1", [district])
      .when({ _tag: "RegisterOrganization", actor: actor("upper-cadre", "d1"), organizationId: "d1", name: "Again", level: "district" })
      .thenFails("OrganizationRejected", "AlreadyRegistered"))

  it("refuses an actor of another organization", () =>
    given(Organization.aggregate, "d1", [district])
      .when({ _tag: "RegisterOrganization", actor: actor("chair", "d2"), organizationId: "s1", name: "Beishan Street", level: "street", parentId: "d1" })
      .thenFails("Unauthorized"))

  it("refuses a role that may not register organizations", () =>
    given(Organization.aggregate, "d1", [district])
      .when({ _tag: "RegisterOrganization", actor: actor("representative", "d1"), organizationId: "s1", name: "Beishan Street", level: "street", parentId: "d1" })
      .thenFails("Unauthorized"))

  describe("两新组织: the women's organizations of enterprises and social organizations", () => {
    const register = {
      _tag: "RegisterOrganization",
      actor: actor("chair", "c1"),
      organizationId: "e1",
      name: "Xinda Garments Women's Committee",
      level: "building",
      parentId: "c1",
      kind: "enterprise"
    } as const
    const guides = given(Organization.aggregate, "s1", [street]).and(Organization.aggregate, "c1", [community])

    it("registers one under the community that guides it, below the communities", () => guides.when(register).then([enterprise]))

    it("registers one under the street that guides it, its parent for escalations and reports", () =>
      guides.when({ ...register, actor: actor("chair", "s1"), organizationId: "e2", parentId: "s1", kind: "social-organization" })
        .then([{ ...enterprise, organizationId: "e2", parentId: "s1", kind: "social-organization" }]))

    it("refuses one guided by a district, or a building", async () => {
      await given(Organization.aggregate, "d1", [district])
        .when({ ...register, actor: actor("chair", "d1"), parentId: "d1" })
        .thenFails("OrganizationRejected", "TwoNewNotGuided")
      await guides.and(Organization.aggregate, "b1", [Organization.OrganizationRegistered.make({ organizationId: "b1", name: "Building 3", level: "building", parentId: "c1" })])
        .when({ ...register, actor: actor("chair", "b1"), parentId: "b1" })
        .thenFails("OrganizationRejected", "TwoNewNotGuided")
    })

    it("refuses one registered at a territorial level", () =>
      guides.when({ ...register, actor: actor("chair", "s1"), parentId: "s1", level: "community" }).thenFails("OrganizationRejected", "TwoNewNotAtBuildingLevel"))

    it("registers nothing under one", () =>
      guides.and(Organization.aggregate, "e1", [enterprise])
        .when({ ...register, actor: actor("chair", "e1"), organizationId: "e9", parentId: "e1", kind: "federation" })
        .thenFails("OrganizationRejected", "UnderTwoNew"))

    it("elects its own committee as any organization does: first recorded by its guide's cadre, filed with its guide", async () => {
      const withEnterprise = guides.and(Organization.aggregate, "e1", [enterprise])
      const elected = Term.ExecutiveCommitteeElected.make({
        termId: "e1-2026",
        organizationId: "e1",
        congressSession: "新达服饰妇女代表大会",
        electedOn: "2026-05-20",
        startsOn: "2026-05-20",
        endsOn: "2029-05-20",
        residentsCommitteeElectedOn: "2026-05-20",
        members: [{ personId: "p1", name: "Li Hua", position: "chair" }]
      })
      const { _tag, endsOn, ...fields } = elected
      await withEnterprise.when({ ...fields, _tag: "ElectExecutiveCommittee", actor: actor("upper-cadre", "c1") }).then([elected])
      await withEnterprise.and(Term.aggregate, "e1", [elected])
        .when({ _tag: "FileElection", actor: actor("chair", "e1", "p1"), organizationId: "e1", termId: "e1-2026", filedOn: "2026-06-01", filedWith: "c1" })
        .then([Term.ElectionFiled.make({ termId: "e1-2026", filedOn: "2026-06-01", filedWith: "c1" })])
    })

    it("reads an organization registered without a kind as an ordinary federation unit", () => {
      const state = [street].reduce(Organization.aggregate.evolve, Organization.aggregate.initial)
      expect(state.kind).toBe("federation")
      expect([enterprise].reduce(Organization.aggregate.evolve, Organization.aggregate.initial).kind).toBe("enterprise")
    })
  })
})
