import { describe, expect, it } from "vitest"
import * as Award from "../src/Award.ts"
import { fold } from "../src/Decider.ts"
import * as Household from "../src/Household.ts"
import * as Organization from "../src/Organization.ts"
import { actor, given, nothing } from "./support/Spec.ts"

const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const street = Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Beishan Street", level: "street" })
const registered = Household.HouseholdRegistered.make({
  householdId: "h1",
  organizationId: "c1",
  headName: "Wang Fang",
  address: "3-201 Qingbo Lane",
  circumstances: ["empty-nest-elderly"]
})
const register = {
  _tag: "RegisterHousehold",
  actor: actor("executive-member", "c1"),
  householdId: "h1",
  organizationId: "c1",
  headName: "Wang Fang",
  address: "3-201 Qingbo Lane",
  circumstances: ["empty-nest-elderly"]
} as const

describe("Household (§3)", () => {
  it("registers a household of a community", () =>
    given(Organization.aggregate, "c1", [community]).when(register).then([registered]))

  it("refuses a household of an organization that is not a community", () =>
    given(Organization.aggregate, "s1", [street])
      .when({ ...register, organizationId: "s1", actor: actor("chair", "s1") })
      .thenFails("HouseholdRejected", "NotACommunity"))

  it("refuses a household of an unregistered organization", () =>
    nothing().when(register).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses registering the same household twice", () =>
    given(Organization.aggregate, "c1", [community]).and(Household.aggregate, "h1", [registered])
      .when(register)
      .thenFails("HouseholdRejected", "AlreadyRegistered"))

  it("refuses registering a household for another community", () =>
    given(Organization.aggregate, "c1", [community])
      .when({ ...register, actor: actor("chair", "c2") })
      .thenFails("Unauthorized"))

  it("records changed circumstances", () =>
    given(Household.aggregate, "h1", [registered])
      .when({ _tag: "ChangeHouseholdCircumstances", actor: actor("representative", "c1"), householdId: "h1", circumstances: ["low-income"] })
      .then([Household.HouseholdCircumstancesChanged.make({ householdId: "h1", circumstances: ["low-income"] })]))

  it("refuses changing the circumstances of an unregistered household", () =>
    nothing()
      .when({ _tag: "ChangeHouseholdCircumstances", actor: actor("representative", "c1"), householdId: "h1", circumstances: [] })
      .thenFails("HouseholdRejected", "NotRegistered"))

  it("refuses a volunteer changing circumstances (role check)", () =>
    given(Household.aggregate, "h1", [registered])
      .when({ _tag: "ChangeHouseholdCircumstances", actor: actor("volunteer", "c1"), householdId: "h1", circumstances: [] })
      .thenFails("Unauthorized"))
})

describe("Household (§4, §5): domestic-violence findings follow each case's latest finding (零家庭暴力)", () => {
  const found = (caseId: string, resolvedOn: string) => Household.DomesticViolenceSubstantiated.make({ householdId: "h1", caseId, resolvedOn })
  const withdrawn = (caseId: string, resolvedOn: string) => Household.DomesticViolenceFindingWithdrawn.make({ householdId: "h1", caseId, resolvedOn })
  const stateOf = (...events: ReadonlyArray<Household.Event>) => fold(Household.aggregate, [registered, ...events])

  it("bars the household from the year's award while a substantiated finding stands", () => {
    const state = stateOf(found("k1", "2026-03-01"))
    expect(Household.hadDomesticViolenceIn(state, 2026)).toBe(true)
    expect(Award.domesticViolenceBar(state, 2026, "2026-12-01")).toBe(2026)
  })

  it("no longer bars it once a reopened case is resolved as not substantiated", () => {
    const state = stateOf(found("k1", "2026-03-01"), withdrawn("k1", "2026-05-01"))
    expect(Household.hadDomesticViolenceIn(state, 2026)).toBe(false)
    expect(Award.domesticViolenceBar(state, 2026, "2026-12-01")).toBeUndefined()
  })

  it("withdraws only that case's finding: another case's still bars", () => {
    const state = stateOf(found("k1", "2026-03-01"), found("k2", "2026-04-01"), withdrawn("k1", "2026-05-01"))
    expect(Award.domesticViolenceBar(state, 2026, "2026-12-01")).toBe(2026)
  })

  it("dates a case found substantiated again by its latest resolution", () => {
    const state = stateOf(found("k1", "2025-12-20"), withdrawn("k1", "2026-01-10"), found("k1", "2026-02-01"))
    expect(Household.hadDomesticViolenceIn(state, 2025)).toBe(false)
    expect(Household.hadDomesticViolenceIn(state, 2026)).toBe(true)
  })
})
