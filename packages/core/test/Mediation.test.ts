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

const societyName = "青山街道巾帼调解社"
const establish = { _tag: "EstablishMediationCommittee", actor: chair, organizationId: "c1", name: societyName } as const
const appointHead = (mediatorId = "m1") => ({ _tag: "AppointCommitteeHead", actor: chair, organizationId: "c1", mediatorId }) as const
const appointAdviser = (adviserId = "lawyer-wang") => ({ _tag: "AppointLegalAdviser", actor: chair, organizationId: "c1", adviserId }) as const
const established = (on = "2026-01-02") => Mediation.MediationCommitteeEstablished.make({ organizationId: "c1", name: societyName, establishedOn: on })
const headAppointed = (mediatorId = "m1", on = "2026-06-01") => Mediation.CommitteeHeadAppointed.make({ organizationId: "c1", mediatorId, appointedOn: on })
const adviserAppointed = (adviserId = "lawyer-wang", on = "2026-06-01") => Mediation.LegalAdviserAppointed.make({ organizationId: "c1", adviserId, appointedOn: on })
const appointedOther = (mediatorId: string, on = "2026-01-01") => Mediation.MediatorAppointed.make({ organizationId: "c1", mediatorId, name: `Mediator ${mediatorId}`, appointedOn: on })
const stateAfter = (events: ReadonlyArray<Mediation.Event>) => events.reduce(Mediation.aggregate.evolve, Mediation.aggregate.initial)

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

  it("records a mediator as a volunteer or a cadre when told, and keeps her kind with her latest appointment", async () => {
    await roster().when({ ...appoint, kind: "volunteer" }).then([Mediation.MediatorAppointed.make({ ...appointed(), kind: "volunteer" })])
    await roster().when({ ...appoint, kind: "cadre" }).then([Mediation.MediatorAppointed.make({ ...appointed(), kind: "cadre" })])
    const again = stateAfter([Mediation.MediatorAppointed.make({ ...appointed("2026-01-01"), kind: "cadre" }), left("2026-02-01"), appointed("2026-03-01")])
    expect(again.kinds.get("m1")).toBeUndefined()
    expect(stateAfter([Mediation.MediatorAppointed.make({ ...appointed("2026-01-01"), kind: "volunteer" })]).kinds.get("m1")).toBe("volunteer")
  })
})

describe("The mediation committee (调解委员会/调解社, §4; seed 003 §二)", () => {
  it("is established once, with its name, by the organization's committee", async () => {
    await roster().when({ ...establish, occurredAt: "2026-01-02" }).then([established()])
    await roster(established()).when(establish).thenFails("MediationRejected", "AlreadyEstablished")
    await roster().when({ ...establish, actor: actor("mediator", "c1") }).thenFails("Unauthorized")
    await roster().when({ ...establish, actor: actor("chair", "c2") }).thenFails("Unauthorized")
  })

  it("has a head (社长) who is one of its mediators serving on the day she is appointed", async () => {
    await roster(established(), appointed("2026-01-01")).when(appointHead()).then([headAppointed()])
    await roster(established()).when(appointHead()).thenFails("MediationRejected", "NotAMediator")
    await roster(established(), appointed("2026-01-01"), left("2026-03-01")).when(appointHead()).thenFails("MediationRejected", "NotAMediator")
    await roster(established(), appointed("2026-07-01")).when(appointHead()).thenFails("MediationRejected", "NotAMediator")
  })

  it("needs the committee for its head and adviser, appointed on or after the day it was established", async () => {
    await roster(appointed("2026-01-01")).when(appointHead()).thenFails("MediationRejected", "NoCommittee")
    await roster().when(appointAdviser()).thenFails("MediationRejected", "NoCommittee")
    await roster(established("2026-05-01"), appointed("2026-01-01")).when({ ...appointHead(), occurredAt: "2026-04-01" }).thenFails("MediationRejected", "DateOutOfOrder")
    await roster(established("2026-05-01")).when({ ...appointAdviser(), occurredAt: "2026-04-01" }).thenFails("MediationRejected", "DateOutOfOrder")
  })

  it("replaces its head by appointing another, not the same one twice nor before the last", async () => {
    const withHead = [established(), appointed("2026-01-01"), appointedOther("m2"), headAppointed("m1", "2026-02-01")] as const
    await roster(...withHead).when(appointHead("m2")).then([headAppointed("m2")])
    expect(stateAfter([...withHead, headAppointed("m2")]).head).toEqual({ personId: "m2", appointedOn: "2026-06-01" })
    await roster(...withHead).when(appointHead("m1")).thenFails("MediationRejected", "AlreadyAppointed")
    await roster(...withHead).when({ ...appointHead("m2"), occurredAt: "2026-01-15" }).thenFails("MediationRejected", "DateOutOfOrder")
  })

  it("is left without a head when its head leaves the roster: her leaving is recorded, and a new head is appointed from the roster", async () => {
    const withHead = [established(), appointed("2026-01-01"), appointedOther("m2"), headAppointed("m1", "2026-02-01")] as const
    await roster(...withHead).when(leave).then([left()])
    const headless = stateAfter([...withHead, left()])
    expect(headless.head).toBeUndefined()
    expect(stateAfter([...withHead, left("2026-05-01"), appointedOther("m3", "2026-05-02")]).head).toBeUndefined()
    await roster(...withHead, left("2026-05-01")).when(appointHead("m2")).then([headAppointed("m2")])
    await roster(...withHead, left("2026-05-01")).when(appointHead("m1")).thenFails("MediationRejected", "NotAMediator")
    // Another mediator leaving leaves the head in place.
    expect(stateAfter([...withHead, Mediation.MediatorLeft.make({ organizationId: "c1", mediatorId: "m2", leftOn: "2026-05-01" })]).head?.personId).toBe("m1")
  })

  it("has a legal adviser (法律指导员) who may be an outside lawyer not on the roster, or one of its mediators", async () => {
    await roster(established()).when(appointAdviser("lawyer-wang")).then([adviserAppointed("lawyer-wang")])
    await roster(established(), appointed("2026-01-01")).when(appointAdviser("m1")).then([adviserAppointed("m1")])
    await roster(established(), adviserAppointed("lawyer-wang", "2026-02-01")).when(appointAdviser("lawyer-li")).then([adviserAppointed("lawyer-li")])
    await roster(established(), adviserAppointed("lawyer-wang", "2026-02-01")).when(appointAdviser("lawyer-wang")).thenFails("MediationRejected", "AlreadyAppointed")
    await roster(established()).when({ ...appointAdviser(), actor: actor("mediator", "c1") }).thenFails("Unauthorized")
  })

  it("does not make the legal adviser a mediator: she does not act as one unless she is on the roster", async () => {
    const state = stateAfter([established(), adviserAppointed("lawyer-wang")])
    expect(Mediation.servingOn(state, "lawyer-wang", "2026-06-01")).toBe(false)
    const register = {
      _tag: "RegisterCase",
      actor: { person: "lawyer-wang", role: "mediator", organization: "c1" },
      occurredAt: "2026-05-10T10:00:00+08:00",
      caseId: "k1",
      organizationId: "c1",
      receivedAt: "2026-05-10T10:00:00+08:00",
      channel: "visit",
      category: "ordinary-dispute",
      sudden: false,
      typicalInfringement: false,
      householdIds: [],
      parties: [{ partyId: "p1", name: "Party" }],
      narrative: "A dispute"
    } as const
    await roster(established(), adviserAppointed("lawyer-wang", "2026-02-01")).when(register).thenFails("Unauthorized")
  })
})
