import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import * as Activity from "@fulian/core/Activity"
import * as Assessment from "@fulian/core/Assessment"
import * as Award from "@fulian/core/Award"
import * as Case from "@fulian/core/Case"
import * as Household from "@fulian/core/Household"
import * as Mediation from "@fulian/core/Mediation"
import * as Meeting from "@fulian/core/Meeting"
import * as Organization from "@fulian/core/Organization"
import * as Place from "@fulian/core/Place"
import * as Policy from "@fulian/core/Policy"
import type * as Reading from "@fulian/core/Reading"
import * as Representation from "@fulian/core/Representation"
import * as Term from "@fulian/core/Term"
import * as Training from "@fulian/core/Training"
import * as Volunteer from "@fulian/core/Volunteer"
import * as WorkPlan from "@fulian/core/WorkPlan"
import * as Ledgers from "../../src/Ledgers.ts"
import * as MemoryProjectionStore from "../../src/MemoryProjectionStore.ts"
import * as Projection from "../../src/Projection.ts"
import { appendAll, envelopes, type Given, on, plain, specCalendar, specStore } from "../support/ProjectionSpec.ts"

const chair = (organization: string) => ({ person: `chair@${organization}`, role: "chair", organization } as const)

/** A little of everything: each ledger has events to fold. */
const world: ReadonlyArray<Given> = [
  on(Organization.aggregate, "s1", [Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Qijiashan Street", level: "street" })], { at: "2026-01-02T00:00:00Z" }),
  on(Organization.aggregate, "c1", [Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Dongsheng Community", level: "community", parentId: "s1" })], { at: "2026-01-02T00:01:00Z" }),
  on(Place.aggregate, "c1", [Place.PlaceRegistered.make({ organizationId: "c1", placeId: "home", kind: "womens-home", name: "东升社区妇女之家", openedOn: "2019-03-08" })], { at: "2026-01-02T00:02:00Z", actor: chair("c1") }),
  on(Household.aggregate, "h1", [Household.HouseholdRegistered.make({ householdId: "h1", organizationId: "c1", headName: "Zhang Lan", address: "1 Dongsheng Road", circumstances: ["empty-nest-elderly"] })], { at: "2026-01-03T00:00:00Z", actor: chair("c1") }),
  on(Household.aggregate, "h2", [Household.HouseholdRegistered.make({ householdId: "h2", organizationId: "c1", headName: "Liu Hong", address: "2 Dongsheng Road", circumstances: [] })], { at: "2026-01-03T00:01:00Z", actor: chair("c1") }),
  on(Term.aggregate, "c1", [Term.ExecutiveCommitteeElected.make({ termId: "t1", organizationId: "c1", congressSession: "c1-2026", electedOn: "2026-01-05", startsOn: "2026-01-05", endsOn: "2029-01-05", residentsCommitteeElectedOn: "2026-01-04", members: [{ personId: "wang-fang", name: "Wang Fang", position: "chair" }] })], { at: "2026-01-05T09:00:00Z", actor: { person: "cadre", role: "upper-cadre", organization: "s1" } }),
  on(Representation.aggregate, "c1", [
    Representation.RepresentativeElected.make({ organizationId: "c1", representativeId: "r1", name: "Chen Jing", congressSession: "c1-2026", electedOn: "2026-01-05" }),
    Representation.HouseholdLinked.make({ organizationId: "c1", representativeId: "r1", householdId: "h1", on: "2026-01-06" })
  ], { at: "2026-01-06T09:00:00Z", actor: chair("c1") }),
  on(Representation.contactLog, "c1", [Representation.ContactVisitRecorded.make({ organizationId: "c1", representativeId: "r1", householdId: "h1", visitedOn: "2026-02-01", method: "phone", topics: ["appeals-heard"], notes: "" })], { at: "2026-02-01T09:00:00Z", actor: { person: "r1", role: "representative", organization: "c1" } }),
  on(Case.aggregate, "k1", [Case.CaseRegistered.make({ caseId: "k1", organizationId: "c1", level: "community", receivedAt: "2026-02-02T09:00:00.000Z", registeredAt: "2026-02-04T09:00:00.000Z", channel: "letter", category: "ordinary-dispute", sudden: false, typicalInfringement: false, householdIds: ["h2"], parties: [], narrative: "Noise at night" })], { at: "2026-02-04T09:00:00Z", actor: chair("c1") }),
  on(Meeting.aggregate, "m1", [
    Meeting.MeetingScheduled.make({ meetingId: "m1", organizationId: "c1", kind: "monthly", date: "2026-02-05", topic: "学习" }),
    Meeting.MeetingHeld.make({ meetingId: "m1", heldOn: "2026-02-05", attendees: ["wang-fang"], minutes: "Studied" }),
    Meeting.DecisionTaken.make({ meetingId: "m1", decisionId: "d1", text: "走访空巢老人", ownerId: "wang-fang", dueOn: "2026-02-20" })
  ], { at: "2026-02-05T12:00:00Z", actor: chair("c1") }),
  on(Mediation.aggregate, "c1", [Mediation.MediatorAppointed.make({ organizationId: "c1", mediatorId: "m1", name: "Yu Min", appointedOn: "2026-02-05", kind: "volunteer" })], { at: "2026-02-05T13:00:00Z", actor: chair("c1") }),
  on(Volunteer.aggregate, "s1", [
    Volunteer.VolunteerJoined.make({ organizationId: "s1", volunteerId: "v1", name: "Sun Li", consentGivenOn: "2026-02-06" }),
    Volunteer.VolunteerPaired.make({ organizationId: "s1", volunteerId: "v1", householdId: "h1", pairedOn: "2026-02-06" })
  ], { at: "2026-02-06T09:00:00Z", actor: chair("s1") }),
  on(Award.aggregate, "fg-2026", [
    Award.AwardCampaignOpened.make({ campaignId: "fg-2026", organizationId: "c1", year: 2026, title: "五好文明家庭", criteria: [{ criterionId: "all", name: "综合", maxScore: 100 }], threshold: 80 }),
    Award.HouseholdNominated.make({ campaignId: "fg-2026", householdId: "h1" }),
    Award.NomineeScored.make({ campaignId: "fg-2026", householdId: "h1", scores: [{ criterionId: "all", score: 92 }] }),
    Award.AwardConferred.make({ campaignId: "fg-2026", householdId: "h1", total: 92, conferredOn: "2026-02-07" })
  ], { at: "2026-02-07T09:00:00Z", actor: chair("c1") }),
  on(Activity.aggregate, "c1", [
    Activity.ActivityRecorded.make({ organizationId: "c1", activityId: "a1", kind: "legal-lecture", title: "法律讲座", heldOn: "2026-02-07", participants: 30, beneficiaries: 30 })
  ], { at: "2026-02-07T12:00:00Z", actor: chair("c1") }),
  on(Training.aggregate, Training.recordId("c1", "tr1"), [
    Training.TrainingRecorded.make({ organizationId: "c1", trainingId: "tr1", topic: "调解业务培训", trainer: "区司法局", heldOn: "2026-02-07", hours: 2, attendees: [{ personId: "m1", capacity: "mediator" }] })
  ], { at: "2026-02-07T15:00:00Z", actor: chair("c1") }),
  on(WorkPlan.aggregate, "c1", [
    WorkPlan.WorkPlanAdopted.make({ organizationId: "c1", year: 2026, meetingId: "c1-congress", adoptedOn: "2026-01-05", targets: [{ targetId: "legal", measure: "legal-lectures", comparator: "at-least", value: 4 }] })
  ], { at: "2026-02-07T16:00:00Z", actor: chair("c1") }),
  on(Assessment.aggregate, "a1", [
    Assessment.AssessmentOpened.make({ assessmentId: "a1", organizationId: "s1", period: "half-year", year: 2026, criteria: [{ criterionId: "all", name: "综合", maxScore: 100 }], assessees: ["c1"] }),
    Assessment.AssessmentScored.make({ assessmentId: "a1", assesseeId: "c1", scores: [{ criterionId: "all", score: 88 }] })
  ], { at: "2026-02-08T09:00:00Z", actor: chair("s1") })
]

const inMemory = Layer.mergeAll(specStore, MemoryProjectionStore.layer)
const policy = Policy.defaults
const all = Ledgers.all(policy)

describe("the index of ledgers", () => {
  it("lists one projection per ledger of DOMAIN.md §9, each under its own name, and another name in another calendar", () => {
    expect(all.map((p) => p.name)).toEqual([
      "ledger-organizations",
      "ledger-places",
      "ledger-household-contact",
      "ledger-cases",
      "ledger-activities",
      "ledger-terms",
      "ledger-awards",
      "ledger-meetings",
      "ledger-study",
      "ledger-plans",
      "ledger-volunteers",
      "ledger-mediators",
      "ledger-assessments"
    ])
    expect(Ledgers.all({ timeZone: "Europe/Berlin" }).map((p) => p.name)[3]).toBe("ledger-cases@Europe/Berlin")
  })

  it("catches every ledger up through a projection store, page by page, to the state of one fold in memory; a rebuild gives the same", async () => {
    const events = envelopes(world)
    const folded = all.map((p) => plain(p, events.reduce(p.apply, p.initial)))
    const { caughtUp, rebuilt } = await Effect.runPromise(Effect.gen(function*() {
      yield* appendAll(world)
      // Every row let go after each page, so a row read but not declared fails.
      const advanced = yield* Ledgers.catchUpAll(policy, { pageSize: 2, cacheRows: 0 })
      const caughtUp = yield* Effect.forEach(all, (p) => Effect.map(Projection.load(p), (s) => ({ checkpoint: s!.checkpoint, state: s!.state })))
      expect(advanced.map((a) => a.checkpoint)).toEqual(caughtUp.map((s) => s.checkpoint))
      yield* Ledgers.rebuildAll(policy, { pageSize: 3, cacheRows: 0 })
      const rebuilt = yield* Effect.forEach(all, (p) => Effect.map(Projection.load(p), (s) => ({ checkpoint: s!.checkpoint, state: s!.state })))
      return { caughtUp, rebuilt }
    }).pipe(Effect.provide(inMemory)))
    expect(caughtUp.map((s) => s.checkpoint)).toEqual(all.map(() => events.length))
    expect(caughtUp.map((s, i) => plain(all[i]!, s.state))).toEqual(folded)
    expect(rebuilt.map((s, i) => [s.checkpoint, plain(all[i]!, s.state)])).toEqual(caughtUp.map((s, i) => [s.checkpoint, plain(all[i]!, s.state)]))
    // Every ledger found something to fold.
    for (const [i, p] of all.entries()) expect(JSON.stringify(folded[i]), p.name).not.toBe(JSON.stringify(plain(p, p.initial)))
  })

  it("gives rows from a stored state, as a reader of the projection store gets it", async () => {
    const rows = await Effect.runPromise(Effect.gen(function*() {
      yield* appendAll(world)
      yield* Ledgers.catchUpAll(policy, { pageSize: 1 })
      const stored = yield* Projection.load(Ledgers.Cases.projection(specCalendar))
      return Ledgers.Cases.rows(stored!.state, { asOf: "2026-03-01", policy })
    }).pipe(Effect.provide(inMemory)))
    expect(rows.lateRegistrations).toEqual(["k1"])
  })
})

describe("the places ledger among the rows a reader may read (DOMAIN.md §10)", () => {
  const scope = (organization: string, as: Reading.Scope["as"]): Reading.Scope => ({
    reader: { actor: { person: `${as}@${organization}`, role: as === "committee" ? "chair" : as, organization } },
    organization,
    as,
    masked: false
  })
  it("gives an organization's places to its committee and auditors, not to its representatives or another organization", async () => {
    const drawn = await Effect.runPromise(Effect.gen(function*() {
      yield* appendAll(world)
      return yield* Ledgers.draw({ policy, asOf: "2026-03-01" })
    }).pipe(Effect.provide(inMemory)))
    const places = (s: Reading.Scope) => Ledgers.rowsFor(drawn, { policy, scope: s }).places.map((p) => `${p.organizationId}/${p.placeId}:${p.open}`)
    expect(Ledgers.rowsOf(drawn, { policy }).places.map((p) => `${p.organizationId}/${p.placeId}:${p.open}`)).toEqual(["c1/home:true"])
    expect(places(scope("c1", "committee"))).toEqual(["c1/home:true"])
    expect(places(scope("s1", "auditor"))).toEqual(["c1/home:true"])
    expect(places(scope("c1", "representative"))).toEqual([])
    expect(places(scope("s1", "committee"))).toEqual([])
  })
})

describe("drawing the ledgers as of a date, in both senses (DOMAIN.md §0)", () => {
  const register = (caseId: string, at: string, recordedAt?: string): Given =>
    on(Case.aggregate, caseId, [
      Case.CaseRegistered.make({ caseId, organizationId: "c1", level: "community", receivedAt: at, registeredAt: at, channel: "visit", category: "other", sudden: false, typicalInfringement: false, householdIds: [], parties: [], narrative: "n" })
    ], { at, ...(recordedAt === undefined ? {} : { recordedAt }), actor: chair("c1") })
  // Happened on 1 March, recorded the same day; happened on 2 March, copied in on 20 March; happened on 25 March.
  const cases = [...world.slice(0, 2), register("same-day", "2026-03-01T10:00:00+08:00"), register("copied", "2026-03-02T10:00:00+08:00", "2026-03-20T10:00:00+08:00"), register("later", "2026-03-25T10:00:00+08:00")]
  const drawn = (options: Omit<Ledgers.DrawOptions, "policy">) =>
    Effect.runPromise(Effect.gen(function*() {
      yield* appendAll(cases)
      const d = yield* Ledgers.draw({ policy, ...options })
      return Ledgers.Cases.rows(d.states.cases, { asOf: d.asOf, policy }).cases.map((c) => c.caseId)
    }).pipe(Effect.provide(inMemory)))

  it("as the facts stood: what had happened by then, whenever it was recorded", async () => {
    expect(await drawn({ asOf: "2026-03-10" })).toEqual(["same-day", "copied"])
    expect(await drawn({ asOf: "2026-03-01" })).toEqual(["same-day"])
    // 1 March until 23:59 Beijing time: 15:59 UTC.
    expect(await drawn({ asOf: "2026-03-01T15:59:59Z" })).toEqual(["same-day"])
    expect(await drawn({ asOf: "2026-03-01T01:59:59Z" })).toEqual([])
  })

  it("as the records stood: what had been recorded by then", async () => {
    expect(await drawn({ asRecordedOn: "2026-03-10" })).toEqual(["same-day"])
    expect(await drawn({ asRecordedOn: "2026-03-20" })).toEqual(["same-day", "copied"])
    // Both: recorded by 21 March, and happened by 3 March.
    expect(await drawn({ asOf: "2026-03-03", asRecordedOn: "2026-03-21" })).toEqual(["same-day", "copied"])
    expect(await drawn({})).toEqual(["same-day", "copied", "later"])
  })
})
