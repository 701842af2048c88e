import { describe, it } from "vitest"
import * as Organization from "../src/Organization.ts"
import { actor, given, nothing } from "./support/Spec.ts"

const district = Organization.OrganizationRegistered.make({ organizationId: "d1", name: "Xihu District", level: "district" })
const street = Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Beishan Street", level: "street", parentId: "d1" })

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
})
