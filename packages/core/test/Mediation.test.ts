import { describe, expect, it } from "vitest"
import * as Mediation from "../src/Mediation.ts"
import * as Organization from "../src/Organization.ts"
import { actor, given, nothing } from "./support/Spec.ts"

const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const chair = actor("chair", "c1")
const appoint = { _tag: "AppointMediator", actor: chair, organizationId: "c1", mediatorId: "m1", name: "Yu Min" } as const
const leave = { _tag: "RecordMediatorLeaving", actor: chair, organizationId: "c1", mediatorId: "m1" } as const
const appointed = (on = "2026-06-01") => Mediation.MediatorAppointed.make({ organizationId: "c1", mediatorId: "m1", name: "Yu Min", appointedOn: on })
const left = (on = "2026-06-01") => Mediation.MediatorLeft.make({ organizationId: "c1", mediatorId: "m1", leftOn: on })
const roster = (...events: ReadonlyArray<Mediation.Event>) =>
  given(Organization.aggregate, "c1", [community]).and(Mediation.aggregate, "c1", events)

describe("Mediators' roster (调解员名册, §4 and §10)", () => {
  it("appoints a mediator, by the committee, on the day of the fact", () =>
    roster().when({ ...appoint, occurredAt: "2026-05-20" }).then([appointed("2026-05-20")]))

  it("refuses appointing a serving mediator again", () =>
    roster(appointed("2026-01-01")).when(appoint).thenFails("MediationRejected", "AlreadyAppointed"))

  it("appoints again one who left, not before she left", async () => {
    await roster(appointed("2026-01-01"), left("2026-03-01")).when(appoint).then([appointed()])
    await roster(appointed("2026-01-01"), left("2026-03-01")).when({ ...appoint, occurredAt: "2026-02-01" }).thenFails("MediationRejected", "DateOutOfOrder")
  })

  it("records a mediator leaving, not before her appointment, and only a serving one", async () => {
    await roster(appointed("2026-01-01")).when(leave).then([left()])
    await roster(appointed("2026-05-01")).when({ ...leave, occurredAt: "2026-04-01" }).thenFails("MediationRejected", "DateOutOfOrder")
    await roster().when(leave).thenFails("MediationRejected", "NotAMediator")
    await roster(appointed("2026-01-01"), left("2026-03-01")).when(leave).thenFails("MediationRejected", "NotAMediator")
  })

  it("is kept by the organization's own committee", async () => {
    await roster().when({ ...appoint, actor: actor("chair", "c2") }).thenFails("Unauthorized")
    await roster().when({ ...appoint, actor: actor("mediator", "c1") }).thenFails("Unauthorized")
  })

  it("refuses a roster of an unregistered organization", () =>
    nothing().when(appoint).thenFails("OrganizationRejected", "NotRegistered"))

  it("backs the mediator role: she registers a case while on the roster, on the days she served", async () => {
    const register = (occurredAt: string) => ({
      _tag: "RegisterCase",
      actor: { person: "m1", role: "mediator", organization: "c1" },
      occurredAt,
      caseId: "k1",
      organizationId: "c1",
      receivedAt: occurredAt,
      channel: "visit",
      category: "ordinary-dispute",
      sudden: false,
      typicalInfringement: false,
      householdIds: [],
      parties: [{ partyId: "p1", name: "Party" }],
      narrative: "A dispute"
    }) as const
    const served = roster(appointed("2026-01-01"), left("2026-03-01"))
    await served.when(register("2026-02-10T10:00:00+08:00")).then([expect.objectContaining({ _tag: "CaseRegistered", caseId: "k1" })])
    await served.when(register("2026-03-10T10:00:00+08:00")).thenFails("Unauthorized")
    await roster().when(register("2026-02-10T10:00:00+08:00")).thenFails("Unauthorized")
  })
})
