import { describe, it } from "vitest"
import * as Organization from "@fulian/core/Organization"
import * as Policy from "@fulian/core/Policy"
import * as Organizations from "../../src/ledgers/Organizations.ts"
import { given, on } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults

const registered = (organizationId: string, level: Organization.Level, parentId?: string, kind?: Organization.Kind) =>
  on(Organization.aggregate, organizationId, [
    Organization.OrganizationRegistered.make({
      organizationId,
      name: `${organizationId} name`,
      level,
      ...(parentId === undefined ? {} : { parentId }),
      ...(kind === undefined ? {} : { kind })
    })
  ], { at: "2026-01-05T09:00:00Z", actor: { person: "cadre", role: "upper-cadre", organization: parentId ?? organizationId } })

const world = [
  registered("d1", "district"),
  registered("s1", "street", "d1"),
  registered("c1", "community", "s1"),
  registered("c2", "community", "s1"),
  registered("e1", "building", "c1", "enterprise"),
  registered("e2", "building", "c1", "social-organization"),
  registered("e3", "building", "s1", "enterprise"),
  registered("b1", "building", "c2", "federation")
]

describe("the organizations ledger (组织台帐): the women's organizations of enterprises and social organizations (两新组织)", () => {
  it("shows each organization's kind and how many it guides; one registered without a kind is a federation unit", () => {
    given(Organizations.projection, ...world).then(
      (s) => Organizations.rows(s, { asOf: "2026-06-01", policy }).map((r) => [r.organizationId, r.kind, r.twoNewOrganizations]),
      [
        ["d1", "federation", 0],
        ["s1", "federation", 1],
        ["c1", "federation", 2],
        ["c2", "federation", 0],
        ["b1", "federation", 0],
        ["e1", "enterprise", 0],
        ["e2", "social-organization", 0],
        ["e3", "enterprise", 0]
      ]
    )
  })

  it("puts them in the area of the organization that guides them, and counts them in its figures", () => {
    const spec = given(Organizations.projection, ...world)
    spec.then((s) => [...Organizations.area(s, "c1").ids].sort(), ["c1", "e1", "e2"])
    spec.then((s) => Organizations.figures(Organizations.rows(s, { asOf: "2026-06-01", policy, within: Organizations.area(s, "s1") })), {
      federationByLevel: { building: 1, community: 2, street: 1, district: 0, city: 0 },
      twoNew: { enterprise: 2, socialOrganization: 1, total: 3 }
    })
    spec.then((s) => Organizations.figures(Organizations.rows(s, { asOf: "2026-06-01", policy, within: Organizations.area(s, "c2") })).twoNew.total, 0)
  })
})
