import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore } from "@fulian/store/EventStore"
import * as Case from "../src/Case.ts"
import { fold } from "../src/Decider.ts"
import * as Domain from "../src/Domain.ts"
import * as Household from "../src/Household.ts"
import * as Mediation from "../src/Mediation.ts"
import * as Organization from "../src/Organization.ts"
import * as PersonalData from "../src/PersonalData.ts"
import * as Policy from "../src/Policy.ts"
import * as Reading from "../src/Reading.ts"
import * as Reception from "../src/Reception.ts"
import * as Representation from "../src/Representation.ts"
import { calendarOf, type JudgedAt, judgedAt, toMillis } from "../src/Time.ts"
import { actor, backed, given, NOW, run, seed } from "./support/Spec.ts"

// The chain building → community → street → district → city, with a sibling community and
// street to step sideways to.
const orgs = [
  Organization.OrganizationRegistered.make({ organizationId: "y1", name: "Hangzhou City", level: "city" }),
  Organization.OrganizationRegistered.make({ organizationId: "d1", name: "Xihu District", level: "district", parentId: "y1" }),
  Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Beishan Street", level: "street", parentId: "d1" }),
  Organization.OrganizationRegistered.make({ organizationId: "s2", name: "Lingyin Street", level: "street", parentId: "d1" }),
  Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" }),
  Organization.OrganizationRegistered.make({ organizationId: "c2", name: "Baidi Community", level: "community", parentId: "s1" }),
  Organization.OrganizationRegistered.make({ organizationId: "b1", name: "Building 3", level: "building", parentId: "c1" })
]
const households = ["h1", "h2"].map((householdId) =>
  Household.HouseholdRegistered.make({ householdId, organizationId: "c1", headName: `Head of ${householdId}`, address: `${householdId} Qingbo Lane`, circumstances: [] })
)

/** c1's representative, whose households are h1 and h2 (a representative acts only on her own). */
const roster = [
  Representation.RepresentativeElected.make({ organizationId: "c1", representativeId: "representative@c1", name: "Zhou Yan", congressSession: "2026 congress", electedOn: "2026-01-10" }),
  ...["h1", "h2"].map((householdId) => Representation.HouseholdLinked.make({ organizationId: "c1", representativeId: "representative@c1", householdId, on: "2026-01-10" }))
]

/** The organizations, households and c1's roster, then the case's events. */
const world = (caseEvents: ReadonlyArray<Case.Event> = []) => {
  let scenario = given(Organization.aggregate, orgs[0]!.organizationId, [orgs[0]!])
  for (const o of orgs.slice(1)) scenario = scenario.and(Organization.aggregate, o.organizationId, [o])
  for (const h of households) scenario = scenario.and(Household.aggregate, h.householdId, [h])
  return scenario.and(Representation.aggregate, "c1", roster).and(Case.aggregate, "k1", caseEvents)
}

const RECEIVED = "2026-05-31T18:00:00.000+08:00"
const TODAY = "2026-06-01"
const parties = [{ partyId: "p1", name: "Li Mei", contact: "138 0000 0001" }, { partyId: "p2", name: "Zhang Wei" }]
const facts = {
  channel: "visit",
  category: "ordinary-dispute",
  sudden: false,
  typicalInfringement: false,
  householdIds: ["h1"],
  parties,
  narrative: "A quarrel between neighbours over a shared stairwell",
  address: "3-201 Qingbo Lane"
} as const

type Registered = typeof Case.CaseRegistered.Type
const registered = (over: Partial<Registered> = {}): Registered =>
  Case.CaseRegistered.make({
    caseId: "k1",
    organizationId: "c1",
    level: "community",
    receivedAt: RECEIVED,
    registeredAt: NOW,
    ...facts,
    ...over
  })

const register = (over: Partial<typeof Case.RegisterCase.Type> = {}): typeof Case.RegisterCase.Type => ({
  _tag: "RegisterCase",
  actor: actor("executive-member", "c1"),
  caseId: "k1",
  organizationId: "c1",
  receivedAt: RECEIVED,
  ...facts,
  ...over
})

type Assigned = typeof Case.CaseAssignedFromAbove.Type
const assigned = (over: Partial<Assigned> = {}): Assigned =>
  Case.CaseAssignedFromAbove.make({
    caseId: "k1",
    assignedBy: "s1",
    organizationId: "c1",
    level: "community",
    receivedAt: NOW,
    dueOn: "2026-06-16",
    ...facts,
    ...over
  })

const assign = (over: Partial<typeof Case.AssignCase.Type> = {}): typeof Case.AssignCase.Type => ({
  _tag: "AssignCase",
  actor: actor("upper-cadre", "s1"),
  caseId: "k1",
  assignedBy: "s1",
  organizationId: "c1",
  ...facts,
  ...over
})

const investigated = (organizationId = "c1") =>
  Case.InvestigationRecorded.make({ caseId: "k1", organizationId, recordedOn: TODAY, findings: "Both sides heard", preliminaryOpinion: "Share the cost of repair" })
const requested = (organizationId = "c1") =>
  Case.HigherMediationRequested.make({ caseId: "k1", organizationId, partyId: "p1", requestedOn: TODAY })
const escalated = (from: string, to: string, toLevel: Organization.Level, basis: Case.EscalationBasis = "three-conditions") =>
  Case.CaseEscalated.make({ caseId: "k1", from, to, toLevel, escalatedAt: NOW, basis, reason: "The parties refuse the community's mediation" })
const resolved = (over: Partial<typeof Case.CaseResolved.Type> = {}) =>
  Case.CaseResolved.make({ caseId: "k1", organizationId: "c1", resolvedOn: TODAY, resolution: "mediated-agreement", ...over })
const visited = Case.FollowUpVisitRecorded.make({ caseId: "k1", visitedOn: TODAY, notes: "Calm since the agreement" })
const archived = Case.CaseArchived.make({ caseId: "k1", archivedOn: TODAY })

const chair = (organization: string) => actor("chair", organization)
const escalate = (to: string, reason?: string, by = "c1"): typeof Case.EscalateCase.Type => ({
  _tag: "EscalateCase",
  actor: chair(by),
  caseId: "k1",
  to,
  ...(reason === undefined ? {} : { reason })
})
const mediate = (over: Partial<typeof Case.RecordMediationSession.Type> = {}): typeof Case.RecordMediationSession.Type => ({
  _tag: "RecordMediationSession",
  actor: actor("mediator", "c1"),
  caseId: "k1",
  heldOn: TODAY,
  mediators: ["Qi Dasao", "Chen Lan"],
  outcome: "agreement-reached",
  notes: "Agreed to share the repair",
  ...over
})
const resolve = (over: Partial<typeof Case.ResolveCase.Type> = {}): typeof Case.ResolveCase.Type => ({
  _tag: "ResolveCase",
  actor: chair("c1"),
  caseId: "k1",
  resolvedOn: TODAY,
  resolution: "mediated-agreement",
  ...over
})
const followUp = (over: Partial<typeof Case.RecordFollowUpVisit.Type> = {}): typeof Case.RecordFollowUpVisit.Type => ({
  _tag: "RecordFollowUpVisit",
  actor: actor("representative", "c1"),
  caseId: "k1",
  visitedOn: TODAY,
  notes: "Calm since the agreement",
  ...over
})
const reopen = (reason = "The quarrel started again"): typeof Case.ReopenCase.Type => ({ _tag: "ReopenCase", actor: chair("c1"), caseId: "k1", reason })
const archive: typeof Case.ArchiveCase.Type = { _tag: "ArchiveCase", actor: chair("c1"), caseId: "k1" }
const report = (to = "s1", by = "c1"): typeof Case.ReportCaseResult.Type => ({
  _tag: "ReportCaseResult",
  actor: chair(by),
  caseId: "k1",
  to,
  result: "Mediated; the parties signed an agreement"
})

const stateOf = (...events: ReadonlyArray<Case.Event>) => fold(Case.aggregate, events)
const policy = Policy.defaults
const calendar = calendarOf(policy)
/** A moment a query is judged at, with its local (Beijing) day. */
const at = (instant: string): JudgedAt => judgedAt(instant, calendar)!
/** The local day of a moment. */
const day = (instant: string) => calendar.dateOf(instant)

describe("Case (§4): registration", () => {
  it("registers a visit at the receiving community, which holds the case", () =>
    world().when(register()).then([registered()]))

  it("lets a representative register a case found in a household visit", () =>
    world()
      .when(register({ actor: actor("representative", "c1"), channel: "found-in-household-visit" }))
      .then([registered({ channel: "found-in-household-visit" })]))

  it("refuses registering for another organization", () =>
    world().when(register({ actor: chair("c2") })).thenFails("Unauthorized"))

  it("refuses a volunteer registering a case (role check)", () =>
    world().when(register({ actor: actor("volunteer", "c1") })).thenFails("Unauthorized"))

  it("refuses an auditor giving any case command", () =>
    world([registered()]).when({ ...resolve(), actor: actor("auditor", "c1") }).thenFails("Unauthorized"))

  it("refuses registering at an unregistered organization", () =>
    world().when(register({ organizationId: "c9", actor: chair("c9") })).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses registering the same case twice", () =>
    world([registered()]).when(register()).thenFails("CaseRejected", "AlreadyRegistered"))

  it("refuses a receipt after the registration", () =>
    world().when(register({ receivedAt: "2026-06-01T08:00:00.001Z" })).thenFails("CaseRejected", "ReceivedAfterRegistration"))

  it("registers a letter copied in from a paper register at the moment it was registered on paper (补录)", () =>
    world().at("2026-11-20T02:00:00.000Z")
      .when(register({ receivedAt: "2026-05-31T09:00:00+08:00", occurredAt: "2026-05-31T10:30:00+08:00" }))
      .then([registered({ receivedAt: "2026-05-31T09:00:00.000+08:00", registeredAt: "2026-05-31T10:30:00.000+08:00" })]))

  it("refuses a registration given only a date: it records the moment", () =>
    world().when(register({ occurredAt: "2026-05-31" })).thenFails("TimeRejected", "MomentRequired"))

  it("refuses a household that is not registered", () =>
    world().when(register({ householdIds: ["h9"] })).thenFails("HouseholdRejected", "NotRegistered"))

  it("refuses a domestic-violence case naming no household", () =>
    world().when(register({ category: "domestic-violence", householdIds: [] })).thenFails("CaseRejected", "HouseholdRequired"))

  it("refuses a typical infringement flag on an ordinary dispute", () =>
    world().when(register({ typicalInfringement: true })).thenFails("CaseRejected", "TypicalInfringementNotARightsCase"))

  it("refuses a party id given twice", () =>
    world().when(register({ parties: [parties[0]!, { partyId: "p1", name: "Someone else" }] })).thenFails("CaseRejected", "DuplicateParty"))

  it("refuses a household given twice", () =>
    world().when(register({ householdIds: ["h1", "h1"] })).thenFails("CaseRejected", "DuplicateHousehold"))

  it("registers at a building, whose rights officer reports to the community", () =>
    world()
      .when(register({ actor: chair("b1"), organizationId: "b1" }))
      .then([registered({ organizationId: "b1", level: "building" })]))
})

describe("Case (§4): late registration (policy: 1 day)", () => {
  it("does not flag a case registered on the local day after its receipt, until its last minute", async () => {
    // Received 31 May 18:00 Beijing time; 23:59 on 1 June Beijing time is 15:59 UTC.
    const outcome = await world().at("2026-06-01T15:59:59.999Z").when(register())
      .then([registered({ registeredAt: "2026-06-01T23:59:59.999+08:00" })])
    expect(Case.lateRegistration(stateOf(...outcome.events.map((e) => e.event as Case.Event)), policy)).toBe(false)
  })

  it("flags, but allows, a case registered two local days after its receipt (at 00:00 Beijing time, 16:00 UTC the day before)", async () => {
    const outcome = await world().at("2026-06-01T16:00:00.000Z").when(register())
      .then([registered({ registeredAt: "2026-06-02T00:00:00.000+08:00" })])
    const state = stateOf(...outcome.events.map((e) => e.event as Case.Event))
    expect(Case.lateRegistration(state, policy)).toBe(true)
    expect(Case.flags(state, at("2026-06-02"), policy)).toContain("late-registration")
  })

  it("takes the number of days from the policy", () => {
    const state = stateOf(registered({ receivedAt: "2026-05-29T10:00:00.000Z", registeredAt: "2026-06-01T10:00:00.000Z" }))
    expect(Case.lateRegistration(state, policy)).toBe(true)
    expect(Case.lateRegistration(state, { ...policy, caseRegistrationDays: 3 })).toBe(false)
    expect(Case.lateRegistration(state, { ...policy, caseRegistrationDays: 2 })).toBe(true)
  })

  it("does not flag a case assigned from above (its receipt is its assignment)", () =>
    expect(Case.lateRegistration(stateOf(assigned({ receivedAt: "2026-05-01T00:00:00.000Z" })), policy)).toBe(false))
})

describe("Case (§4): assigned from above (上级交办)", () => {
  it("is assigned by the street to its community, due 15 days later by default", () =>
    world().when(assign()).then([assigned()]))

  it("takes the default number of days from the policy", () =>
    world().at(NOW, { assignedCaseResultDays: 10 }).when(assign()).then([assigned({ dueOn: "2026-06-11" })]))

  it("keeps a due date that is given", () =>
    world().when(assign({ dueOn: "2026-06-05" })).then([assigned({ dueOn: "2026-06-05" })]))

  it("refuses a due date before the assignment", () =>
    world().when(assign({ dueOn: "2026-05-31" })).thenFails("CaseRejected", "DateTooEarly"))

  it("refuses the district assigning straight to a community (not its direct child)", () =>
    world().when(assign({ actor: actor("upper-cadre", "d1"), assignedBy: "d1" })).thenFails("CaseRejected", "NotADirectChild"))

  it("refuses a community assigning to its parent street", () =>
    world().when(assign({ actor: chair("c1"), assignedBy: "c1", organizationId: "s1" })).thenFails("CaseRejected", "NotADirectChild"))

  it("refuses an actor of another organization than the assigner", () =>
    world().when(assign({ actor: actor("upper-cadre", "s2") })).thenFails("Unauthorized"))

  it("refuses a mediator assigning a case (role check)", () =>
    world().when(assign({ actor: actor("mediator", "s1") })).thenFails("Unauthorized"))

  it("refuses assigning a case id that exists", () =>
    world([registered()]).when(assign()).thenFails("CaseRejected", "AlreadyRegistered"))

  it("is then held by the assignee: the assigner no longer acts on it", () =>
    world([assigned()]).when(mediate({ actor: actor("mediator", "s1") })).thenFails("CaseRejected", "NotHeld"))
})

describe("Case (§4): the result of an assigned case", () => {
  const reported = Case.CaseResultReported.make({
    caseId: "k1",
    from: "c1",
    to: "s1",
    reportedAt: NOW,
    result: "Mediated; the parties signed an agreement"
  })

  it("is reported by the assignee to the assigning organization", () =>
    world([assigned()]).when(report()).then([reported]))

  it("may be reported after the resolution", () =>
    world([assigned(), resolved()]).when(report()).then([reported]))

  it("refuses reporting to an organization that did not assign it", () =>
    world([assigned()]).when(report("d1")).thenFails("CaseRejected", "NotTheAssigner"))

  it("refuses reporting a result of a case that was not assigned", () =>
    world([registered()]).when(report()).thenFails("CaseRejected", "NotAssigned"))

  it("refuses a report by another organization than the holder", () =>
    world([assigned()]).when(report("s1", "c2")).thenFails("CaseRejected", "NotHeld"))

  it("owes no report once the case was handed back up to the assigner", () =>
    world([assigned(), escalated("c1", "s1", "street")]).when(report("s1", "s1")).thenFails("CaseRejected", "ResultNoLongerOwed"))

  it("flags an owed result only after its due date", () => {
    const state = stateOf(assigned())
    expect(Case.resultOverdue(state, day("2026-06-16T23:59:59.999+08:00"))).toBe(false)
    expect(Case.resultOverdue(state, day("2026-06-17T00:00:00.000+08:00"))).toBe(true)
    expect(Case.flags(state, at("2026-06-17"), policy)).toContain("result-overdue")
  })

  it("does not flag a reported result as overdue, but flags a late report", () => {
    // Due 16 June: 23:59 on 16 June Beijing time is on time, 00:00 on 17 June (16:00 UTC on the 16th) late.
    const onTime = stateOf(assigned(), { ...reported, reportedAt: "2026-06-16T15:59:59.999Z" })
    expect(Case.resultOverdue(onTime, day("2026-07-01T00:00:00.000Z"))).toBe(false)
    expect(Case.resultReportedLate(onTime, policy)).toBe(false)
    const late = stateOf(assigned(), { ...reported, reportedAt: "2026-06-16T16:00:00.000Z" })
    expect(Case.resultOverdue(late, day("2026-07-01T00:00:00.000Z"))).toBe(false)
    expect(Case.resultReportedLate(late, policy)).toBe(true)
  })

  it("does not flag a result once the case was handed back up to the assigner", () =>
    expect(Case.resultOverdue(stateOf(assigned(), escalated("c1", "s1", "street")), "2026-07-01")).toBe(false))

  it("never flags a registered case's result", () =>
    expect(Case.resultOverdue(stateOf(registered()), day("2027-01-01T00:00:00.000Z"))).toBe(false))
})

describe("Case (§4): escalation level by level (逐级上报)", () => {
  const ready = [registered(), investigated(), requested()]

  it("hands an ordinary dispute meeting the three conditions up to the direct parent", () =>
    world(ready).when(escalate("s1", "The parties refuse the community's mediation")).then([escalated("c1", "s1", "street")]))

  it("refuses skipping a level", () =>
    world(ready).when(escalate("d1", "The parties refuse the community's mediation")).thenFails("CaseRejected", "NotTheDirectParent"))

  it("refuses handing a case sideways to a sibling", () =>
    world(ready).when(escalate("c2", "The parties refuse the community's mediation")).thenFails("CaseRejected", "NotTheDirectParent"))

  it("refuses escalating from the top of the chain", () =>
    world([registered({ organizationId: "y1", level: "city", sudden: true })]).when(escalate("y1", "Urgent", "y1"))
      .thenFails("CaseRejected", "NoHigherLevel"))

  it("refuses escalating from the top organization of a deployment, whatever its level", () =>
    world([registered({ organizationId: "d9", level: "district", sudden: true })])
      .and(Organization.aggregate, "d9", [Organization.OrganizationRegistered.make({ organizationId: "d9", name: "Top district", level: "district" })])
      .when(escalate("y1", "Urgent", "d9"))
      .thenFails("CaseRejected", "NoHigherLevel"))

  it("hands a case up from a building to its community", () =>
    world([registered({ organizationId: "b1", level: "building", sudden: true })])
      .when(escalate("c1", undefined, "b1"))
      .then([Case.CaseEscalated.make({ caseId: "k1", from: "b1", to: "c1", toLevel: "community", escalatedAt: NOW, basis: "sudden-or-typical" })]))

  it("after an escalation the parent holds the case: the child no longer acts on it, the parent does", async () => {
    const after = [...ready, escalated("c1", "s1", "street")]
    await world(after).when(mediate()).thenFails("CaseRejected", "NotHeld")
    await world(after).when(mediate({ actor: actor("mediator", "s1") })).then([
      Case.MediationSessionHeld.make({
        caseId: "k1",
        organizationId: "s1",
        heldOn: TODAY,
        mediators: ["Qi Dasao", "Chen Lan"],
        outcome: "agreement-reached",
        notes: "Agreed to share the repair"
      })
    ])
    expect(Case.heldBy(stateOf(...after))).toBe("s1")
    expect(Case.levelHeld(stateOf(...after))).toBe("street")
  })

  it("goes on level by level: street to district, not to the city", async () => {
    const atStreet = [...ready, escalated("c1", "s1", "street"), investigated("s1"), requested("s1")]
    await world(atStreet).when(escalate("y1", "Beyond the street", "s1")).thenFails("CaseRejected", "NotTheDirectParent")
    await world(atStreet).when(escalate("d1", "Beyond the street", "s1")).then([
      Case.CaseEscalated.make({ caseId: "k1", from: "s1", to: "d1", toLevel: "district", escalatedAt: NOW, basis: "three-conditions", reason: "Beyond the street" })
    ])
  })

  it("refuses escalation by an organization that does not hold the case", () =>
    world(ready).when(escalate("d1", "reason", "s1")).thenFails("CaseRejected", "NotHeld"))

  it("refuses a mediator handing a case up (role check)", () =>
    world(ready).when({ ...escalate("s1", "reason"), actor: actor("mediator", "c1") }).thenFails("Unauthorized"))

  it("refuses escalating a resolved case", () =>
    world([...ready, resolved()]).when(escalate("s1", "reason")).thenFails("CaseRejected", "NotOpen"))
})

describe("Case (§4): the three conditions of handing an ordinary dispute up (seed 002 综治 三)", () => {
  type Condition = Case.EscalationCondition
  const all: ReadonlyArray<Condition> = ["party-request", "investigation", "reason"]
  const subsets: Array<ReadonlyArray<Condition>> = []
  for (let mask = 0; mask < 8; mask++) subsets.push(all.filter((_, i) => (mask & (1 << i)) !== 0))

  it.each(subsets.map((missing) => [missing.join(" + ") || "nothing", missing] as const))(
    "with %s missing",
    async (_, missing) => {
      const events: Array<Case.Event> = [registered()]
      if (!missing.includes("party-request")) events.push(requested())
      if (!missing.includes("investigation")) events.push(investigated())
      const command = escalate("s1", missing.includes("reason") ? undefined : "The parties refuse the community's mediation")
      if (missing.length === 0) {
        await world(events).when(command).then([escalated("c1", "s1", "street")])
        return
      }
      const error = await world(events).when(command).thenFails("CaseRejected", "EscalationConditionsMissing") as unknown as Case.CaseRejected
      expect(error.missing).toEqual(missing)
      if (missing.includes("party-request")) expect(error.detail).toContain("asked for higher-level mediation")
      if (missing.includes("investigation")) expect(error.detail).toContain("investigation file")
      if (missing.includes("reason")) expect(error.detail).toContain("reason")
    }
  )

  it("treats a blank reason as no reason", async () => {
    const error = await world([registered(), requested(), investigated()]).when(escalate("s1", "   "))
      .thenFails("CaseRejected", "EscalationConditionsMissing") as unknown as Case.CaseRejected
    expect(error.missing).toEqual(["reason"])
  })

  it("needs the conditions again at each level: the street's own request and investigation", async () => {
    const error = await world([registered(), requested(), investigated(), escalated("c1", "s1", "street")])
      .when(escalate("d1", "Beyond the street", "s1"))
      .thenFails("CaseRejected", "EscalationConditionsMissing") as unknown as Case.CaseRejected
    expect(error.missing).toEqual(["party-request", "investigation"])
  })

  it("records a party's request only for a party of the case", () =>
    world([registered()])
      .when({ _tag: "RecordHigherMediationRequest", actor: chair("c1"), caseId: "k1", partyId: "p9", requestedOn: TODAY })
      .thenFails("CaseRejected", "UnknownParty"))

  it("records a party's request and the investigation at the holder", async () => {
    await world([registered()])
      .when({ _tag: "RecordHigherMediationRequest", actor: chair("c1"), caseId: "k1", partyId: "p1", requestedOn: TODAY })
      .then([requested()])
    await world([registered()])
      .when({ _tag: "RecordCaseInvestigation", actor: actor("mediator", "c1"), caseId: "k1", findings: "Both sides heard", preliminaryOpinion: "Share the cost of repair" })
      .then([investigated()])
  })

  it("refuses an investigation by an organization that does not hold the case", () =>
    world([registered()])
      .when({ _tag: "RecordCaseInvestigation", actor: chair("s1"), caseId: "k1", findings: "x", preliminaryOpinion: "y" })
      .thenFails("CaseRejected", "NotHeld"))

  it("lists the missing conditions as a pure query", () => {
    const state = stateOf(registered(), investigated())
    if (!state.registered) throw new Error("not registered")
    expect(Case.missingEscalationConditions(state, undefined)).toEqual(["party-request", "reason"])
    expect(Case.missingEscalationConditions(state, "why")).toEqual(["party-request"])
  })
})

describe("Case (§4): sudden and typical-infringement cases (突发性、典型侵权案件)", () => {
  it("hands a sudden case up without the three conditions", () =>
    world([registered({ sudden: true })]).when(escalate("s1"))
      .then([Case.CaseEscalated.make({ caseId: "k1", from: "c1", to: "s1", toLevel: "street", escalatedAt: NOW, basis: "sudden-or-typical" })]))

  it("hands a typical infringement case up without the three conditions", () =>
    world([registered({ category: "rights-infringement", typicalInfringement: true })]).when(escalate("s1", "A typical case"))
      .then([Case.CaseEscalated.make({ caseId: "k1", from: "c1", to: "s1", toLevel: "street", escalatedAt: NOW, basis: "sudden-or-typical", reason: "A typical case" })]))

  it("still hands a sudden case up only to the direct parent", () =>
    world([registered({ sudden: true })]).when(escalate("d1")).thenFails("CaseRejected", "NotTheDirectParent"))

  it("hands up any other case only with a stated reason", async () => {
    const rights = registered({ category: "rights-infringement" })
    const error = await world([rights]).when(escalate("s1")).thenFails("CaseRejected", "EscalationConditionsMissing") as unknown as Case.CaseRejected
    expect(error.missing).toEqual(["reason"])
    await world([rights]).when(escalate("s1", "Needs the street's legal adviser")).then([
      Case.CaseEscalated.make({ caseId: "k1", from: "c1", to: "s1", toLevel: "street", escalatedAt: NOW, basis: "stated-reason", reason: "Needs the street's legal adviser" })
    ])
  })

  const registeredAt = "2026-06-01T08:00:00.000Z"
  const sudden = registered({ sudden: true, registeredAt })

  it("flags a sudden case not escalated within 24 hours of registration, not before", () => {
    const state = stateOf(sudden)
    expect(Case.urgentEscalationOverdue(state, toMillis("2026-06-02T08:00:00.000Z"), policy)).toBe(false)
    expect(Case.urgentEscalationOverdue(state, toMillis("2026-06-02T08:00:00.001Z"), policy)).toBe(true)
    expect(Case.flags(state, at("2026-06-02T08:00:00.001Z"), policy)).toContain("urgent-escalation-overdue")
  })

  it("flags a typical infringement case the same way", () => {
    const state = stateOf(registered({ category: "domestic-violence", typicalInfringement: true, registeredAt }))
    expect(Case.urgentEscalationOverdue(state, toMillis("2026-06-02T08:00:00.001Z"), policy)).toBe(true)
  })

  it("does not flag one escalated in time; flags one escalated late", () => {
    const inTime = stateOf(sudden, { ...escalated("c1", "s1", "street", "sudden-or-typical"), escalatedAt: "2026-06-02T08:00:00.000Z" })
    expect(Case.urgentEscalationOverdue(inTime, toMillis("2026-07-01T00:00:00.000Z"), policy)).toBe(false)
    const late = stateOf(sudden, { ...escalated("c1", "s1", "street", "sudden-or-typical"), escalatedAt: "2026-06-02T08:00:00.001Z" })
    expect(Case.urgentEscalationOverdue(late, toMillis("2026-07-01T00:00:00.000Z"), policy)).toBe(true)
  })

  it("takes the hours from the policy", () =>
    expect(Case.urgentEscalationOverdue(stateOf(sudden), toMillis("2026-06-02T08:00:00.001Z"), { ...policy, urgentEscalationHours: 48 })).toBe(false))

  it("never flags an ordinary case or one assigned from above", () => {
    expect(Case.urgentEscalationOverdue(stateOf(registered({ registeredAt })), toMillis("2027-01-01T00:00:00.000Z"), policy)).toBe(false)
    expect(Case.urgentEscalationOverdue(stateOf(assigned({ sudden: true })), toMillis("2027-01-01T00:00:00.000Z"), policy)).toBe(false)
  })
})

describe("Case (§4): mediation sessions", () => {
  const session = Case.MediationSessionHeld.make({
    caseId: "k1",
    organizationId: "c1",
    heldOn: TODAY,
    mediators: ["Qi Dasao", "Chen Lan"],
    outcome: "agreement-reached",
    notes: "Agreed to share the repair"
  })

  it("records a session with its mediators and outcome", () => world([registered()]).when(mediate()).then([session]))

  it("refuses a session dated after today", () =>
    world([registered()]).when(mediate({ heldOn: "2026-06-02" })).thenFails("TimeRejected", "InFuture"))

  it("refuses a session dated before the case was received", () =>
    world([registered()]).when(mediate({ heldOn: "2026-05-30" })).thenFails("CaseRejected", "DateTooEarly"))

  it("refuses a session on a resolved case", () =>
    world([registered(), resolved()]).when(mediate()).thenFails("CaseRejected", "NotOpen"))

  it("refuses a session on a case that is not registered", () =>
    world().when(mediate()).thenFails("CaseRejected", "NotHeld"))

  it("refuses a session recorded by another organization", () =>
    world([registered()]).when(mediate({ actor: actor("mediator", "c2") })).thenFails("CaseRejected", "NotHeld"))

  it("refuses a volunteer recording a session (role check)", () =>
    world([registered()]).when(mediate({ actor: actor("volunteer", "c1") })).thenFails("Unauthorized"))
})

describe("Case (§4): resolution", () => {
  it("resolves an ordinary dispute by a mediated agreement", () =>
    world([registered()]).when(resolve({ summary: "Signed agreement" })).then([resolved({ summary: "Signed agreement" })]))

  it("refuses a finding of substantiation on an ordinary dispute", () =>
    world([registered()]).when(resolve({ substantiated: true })).thenFails("CaseRejected", "SubstantiationNotApplicable"))

  it("requires the finding for a rights-infringement case", () =>
    world([registered({ category: "rights-infringement" })]).when(resolve({ resolution: "referred-to-court" }))
      .thenFails("CaseRejected", "SubstantiationRequired"))

  it("requires the finding for a domestic-violence case", () =>
    world([registered({ category: "domestic-violence" })]).when(resolve({ resolution: "referred-to-police" }))
      .thenFails("CaseRejected", "SubstantiationRequired"))

  it("resolves a rights-infringement case as not substantiated", () =>
    world([registered({ category: "rights-infringement" })]).when(resolve({ resolution: "other", substantiated: false }))
      .then([resolved({ resolution: "other", substantiated: false })]))

  it("refuses resolving twice", () => world([registered(), resolved()]).when(resolve()).thenFails("CaseRejected", "NotOpen"))

  it("refuses a resolution dated after today", () =>
    world([registered()]).when(resolve({ resolvedOn: "2026-06-02" })).thenFails("TimeRejected", "InFuture"))

  it("refuses a representative resolving a case (role check)", () =>
    world([registered()]).when({ ...resolve(), actor: actor("representative", "c1") }).thenFails("Unauthorized"))

  it("refuses a resolution by the street when the community holds the case", () =>
    world([registered()]).when({ ...resolve(), actor: chair("s1") }).thenFails("CaseRejected", "NotHeld"))

  const dv = registered({ category: "domestic-violence", householdIds: ["h1", "h2"] })

  it("marks each household of a domestic-violence case resolved as substantiated", () =>
    world([dv]).when(resolve({ resolution: "referred-to-police", substantiated: true })).then([
      resolved({ resolution: "referred-to-police", substantiated: true }),
      Household.DomesticViolenceSubstantiated.make({ householdId: "h1", caseId: "k1", resolvedOn: TODAY }),
      Household.DomesticViolenceSubstantiated.make({ householdId: "h2", caseId: "k1", resolvedOn: TODAY })
    ]))

  it("marks no household when the domestic violence was not substantiated", () =>
    world([dv]).when(resolve({ resolution: "withdrawn", substantiated: false }))
      .then([resolved({ resolution: "withdrawn", substantiated: false })]))

  it("appends the household findings in the same append as the resolution, read back from the store", async () => {
    const { outcome, caseStream, h1, h2 } = await run(Effect.gen(function*() {
      yield* seed([
        ...orgs.map((o) => ({ stream: `organization-${o.organizationId}`, events: [o] })),
        ...households.map((h) => ({ stream: `household-${h.householdId}`, events: [h] })),
        { stream: "case-k1", events: [dv] },
        ...backed(chair("c1"))
      ])
      const outcome = yield* Domain.execute(resolve({ resolution: "referred-to-police", substantiated: true }))
      const store = yield* EventStore
      return {
        outcome,
        caseStream: yield* store.readStream("case-k1"),
        h1: yield* store.readStream("household-h1"),
        h2: yield* store.readStream("household-h2")
      }
    }))
    const resolvedRecord = caseStream.at(-1)!
    expect(resolvedRecord.type).toBe("CaseResolved")
    for (const stream of [h1, h2]) {
      const finding = stream.at(-1)!
      expect(finding.type).toBe("DomesticViolenceSubstantiated")
      expect(finding.metadata.commandId).toBe(outcome.commandId)
      expect(finding.metadata.recordedAt).toBe(resolvedRecord.metadata.recordedAt)
    }
    expect(resolvedRecord.metadata.commandId).toBe(outcome.commandId)
    expect([resolvedRecord.position, h1.at(-1)!.position, h2.at(-1)!.position]).toEqual([
      resolvedRecord.position,
      resolvedRecord.position + 1,
      resolvedRecord.position + 2
    ])
  })

  it("lists the household findings of a decision as a pure function", () => {
    const state = stateOf(dv)
    expect(Case.householdFindings(state, [resolved({ substantiated: true })]).map((e) => e.householdId)).toEqual(["h1", "h2"])
    expect(Case.householdFindings(state, [resolved({ substantiated: false })])).toEqual([])
    expect(Case.householdFindings(stateOf(registered({ category: "rights-infringement" })), [resolved({ substantiated: true })])).toEqual([])
  })
})

describe("Case (§4): follow-up visits (纠纷回访, policy: 30 days)", () => {
  it("records a follow-up visit after the resolution, by a representative", () =>
    world([registered(), resolved()]).when(followUp()).then([visited]))

  it("refuses a follow-up visit before the case is resolved", () =>
    world([registered()]).when(followUp()).thenFails("CaseRejected", "NotResolved"))

  it("refuses a follow-up visit to a reopened case until it is resolved again", () =>
    world([registered(), resolved(), Case.CaseReopened.make({ caseId: "k1", reopenedAt: NOW, reason: "Relapse" })])
      .when(followUp())
      .thenFails("CaseRejected", "NotResolved"))

  it("refuses a visit dated before the resolution", () =>
    world([registered(), resolved()]).when(followUp({ visitedOn: "2026-05-31" })).thenFails("CaseRejected", "DateTooEarly"))

  it("refuses a visit dated after today", () =>
    world([registered(), resolved()]).when(followUp({ visitedOn: "2026-06-02" })).thenFails("TimeRejected", "InFuture"))

  it("refuses a visit recorded by another organization", () =>
    world([registered(), resolved()]).when(followUp({ actor: actor("representative", "c2") })).thenFails("Unauthorized"))

  it("is due 30 days after the resolution and flagged after that day", () => {
    const state = stateOf(registered(), resolved({ resolvedOn: "2026-06-01" }))
    expect(Case.followUpDueOn(state, policy)).toBe("2026-07-01")
    expect(Case.followUpOverdue(state, "2026-07-01", policy)).toBe(false)
    expect(Case.followUpOverdue(state, "2026-07-02", policy)).toBe(true)
    expect(Case.flags(state, at("2026-07-02"), policy)).toContain("follow-up-overdue")
  })

  it("takes the days from the policy", () =>
    expect(Case.followUpOverdue(stateOf(registered(), resolved()), "2026-07-02", { ...policy, followUpDays: 60 })).toBe(false))

  it("is no longer due once visited; due again after a reopened case is resolved again", () => {
    const done = stateOf(registered(), resolved(), visited)
    expect(Case.followUpDueOn(done, policy)).toBeUndefined()
    expect(Case.followUpOverdue(done, day("2027-01-01T00:00:00.000Z"), policy)).toBe(false)
    const again = stateOf(
      registered(),
      resolved(),
      visited,
      Case.CaseReopened.make({ caseId: "k1", reopenedAt: "2026-08-01T00:00:00.000Z", reason: "Relapse" }),
      resolved({ resolvedOn: "2026-08-10" })
    )
    expect(Case.followUpDueOn(again, policy)).toBe("2026-09-09")
  })

  it("is not due for an open case", () => expect(Case.followUpDueOn(stateOf(registered()), policy)).toBeUndefined())
})

describe("Case (§4): reopening and archiving", () => {
  const reopened = Case.CaseReopened.make({ caseId: "k1", reopenedAt: NOW, reason: "The quarrel started again" })

  it("reopens a resolved case after a relapse; it is open again at the same holder", async () => {
    await world([registered(), resolved()]).when(reopen()).then([reopened])
    const state = stateOf(registered(), resolved(), reopened)
    expect(Case.status(state)).toBe("open")
    expect(Case.heldBy(state)).toBe("c1")
  })

  it("reopens an archived case", () => world([registered(), resolved(), visited, archived]).when(reopen()).then([reopened]))

  it("refuses reopening an open case", () => world([registered()]).when(reopen()).thenFails("CaseRejected", "StillOpen"))

  it("refuses reopening without a reason", () =>
    world([registered(), resolved()]).when(reopen("  ")).thenFails("CaseRejected", "ReasonRequired"))

  it("refuses reopening by an organization that does not hold the case", () =>
    world([registered(), resolved(), visited, archived]).when({ ...reopen(), actor: chair("s1") }).thenFails("CaseRejected", "NotHeld"))

  it("refuses a session dated before the reopening", () =>
    world([registered(), resolved(), { ...reopened, reopenedAt: "2026-06-01T00:00:00.000Z" }])
      .when(mediate({ heldOn: "2026-05-31" }))
      .thenFails("CaseRejected", "DateTooEarly"))

  it("archives a resolved case after its follow-up visit", () =>
    world([registered(), resolved(), visited]).when(archive).then([archived]))

  it("refuses archiving an open case", () => world([registered()]).when(archive).thenFails("CaseRejected", "NotResolved"))

  it("refuses archiving before the follow-up visit", () =>
    world([registered(), resolved()]).when(archive).thenFails("CaseRejected", "FollowUpPending"))

  it("refuses archiving an assigned case whose result is not reported", () =>
    world([assigned(), resolved(), visited]).when(archive).thenFails("CaseRejected", "ResultNotReported"))

  it("refuses a mediator archiving (role check)", () =>
    world([registered(), resolved(), visited]).when({ ...archive, actor: actor("mediator", "c1") }).thenFails("Unauthorized"))

  it("refuses archiving twice", () =>
    world([registered(), resolved(), visited, archived]).when(archive).thenFails("CaseRejected", "CaseClosed"))

  const closed = [assigned(), resolved(), visited, Case.CaseResultReported.make({ caseId: "k1", from: "c1", to: "s1", reportedAt: NOW, result: "done" }), archived]
  const others: ReadonlyArray<readonly [string, Case.Command]> = [
    ["an investigation", { _tag: "RecordCaseInvestigation", actor: chair("c1"), caseId: "k1", findings: "x", preliminaryOpinion: "y" }],
    ["a party's request", { _tag: "RecordHigherMediationRequest", actor: chair("c1"), caseId: "k1", partyId: "p1", requestedOn: TODAY }],
    ["a mediation session", mediate()],
    ["an escalation", escalate("s1", "reason")],
    ["a result report", report()],
    ["a resolution", resolve()],
    ["a follow-up visit", followUp()],
    ["archiving", archive]
  ]

  it.each(others)("a closed (archived) case refuses %s", async (_, command) => {
    await world(closed).when(command).thenFails("CaseRejected", "CaseClosed")
  })
})

describe("Case (§4): the case ledger's queries", () => {
  it("gives status, holder, level and age", () => {
    expect(Case.status(stateOf())).toBeUndefined()
    const open = stateOf(registered())
    expect(Case.status(open)).toBe("open")
    expect(Case.levelHeld(open)).toBe("community")
    // Received on 31 May (Beijing time): its age counts local days.
    expect(Case.ageDays(open, "2026-06-10", calendar)).toBe(10)
    expect(Case.ageDays(open, "2026-06-09", calendar)).toBe(9)
    expect(Case.status(stateOf(registered(), resolved()))).toBe("resolved")
    expect(Case.status(stateOf(registered(), resolved(), visited, archived))).toBe("archived")
  })

  it("keeps the path of holders", () => {
    const state = stateOf(registered(), escalated("c1", "s1", "street"), escalated("s1", "d1", "district"))
    expect(state.registered && state.holders).toEqual(["c1", "s1", "d1"])
    expect(Case.levelHeld(state)).toBe("district")
  })

  it("raises no flag on a case in order", () =>
    expect(Case.flags(stateOf(registered()), at("2026-06-01T09:00:00.000Z"), policy)).toEqual([]))
})

describe("Case (§4): personal data", () => {
  it("marks parties, narratives, addresses and notes as personal data", () => {
    const paths = (schema: Parameters<typeof PersonalData.paths>[0]) => PersonalData.paths(schema).map((p) => p.join("."))
    expect(paths(Case.CaseRegistered)).toEqual(expect.arrayContaining(["parties.*.name", "parties.*.contact", "narrative", "address"]))
    expect(paths(Case.CaseAssignedFromAbove)).toEqual(expect.arrayContaining(["parties.*.name", "parties.*.contact", "narrative", "address"]))
    expect(paths(Case.InvestigationRecorded)).toEqual(expect.arrayContaining(["findings", "preliminaryOpinion"]))
    expect(paths(Case.MediationSessionHeld)).toEqual(expect.arrayContaining(["mediators.*", "notes"]))
    expect(paths(Case.CaseResultReported)).toEqual(["result"])
    expect(paths(Case.FollowUpVisitRecorded)).toEqual(["notes"])
    expect(paths(Case.CaseRegistered)).not.toContain("caseId")
  })
})

describe("Case (§4): reporting up is not handing over (信息报告)", () => {
  const sudden = registered({ sudden: true })
  const inform = (over: Partial<typeof Case.ReportCaseInformation.Type> = {}): typeof Case.ReportCaseInformation.Type => ({
    _tag: "ReportCaseInformation",
    actor: chair("c1"),
    caseId: "k1",
    to: "s1",
    summary: "The community is on the spot and calming the parties",
    ...over
  })
  const acknowledge = (by = "s1"): typeof Case.AcknowledgeCaseInformation.Type => ({ _tag: "AcknowledgeCaseInformation", actor: chair(by), caseId: "k1" })
  const informed = (reportedAt = NOW) =>
    Case.CaseInformationReported.make({ caseId: "k1", from: "c1", to: "s1", reportedAt, summary: "The community is on the spot and calming the parties" })
  const acknowledged = Case.CaseInformationAcknowledged.make({ caseId: "k1", by: "s1", acknowledgedAt: NOW })

  it("informs the direct parent of a sudden case; the community keeps holding and working on it", async () => {
    await world([sudden]).when(inform()).then([informed()])
    const state = stateOf(sudden, informed())
    expect(Case.heldBy(state)).toBe("c1")
    await world([sudden, informed()]).when(mediate({ actor: chair("c1") })).then([
      Case.MediationSessionHeld.make({ caseId: "k1", organizationId: "c1", heldOn: TODAY, mediators: ["Qi Dasao", "Chen Lan"], outcome: "agreement-reached", notes: "Agreed to share the repair" })
    ])
  })

  it("informs only the direct parent, level by level", () =>
    world([sudden]).when(inform({ to: "d1" })).thenFails("CaseRejected", "NotTheDirectParent"))

  it("is made only by the organization that holds the case", () =>
    world([sudden]).when(inform({ actor: chair("c2") })).thenFails("CaseRejected", "NotHeld"))

  it("is not made on an archived case", () =>
    world([sudden, resolved(), visited, archived]).when(inform()).thenFails("CaseRejected", "CaseClosed"))

  it("is acknowledged by the level informed, which does not hold the case", () =>
    world([sudden, informed()]).when(acknowledge()).then([acknowledged]))

  it("refuses an acknowledgement by an organization that was not informed, or one already given", async () => {
    await world([sudden, informed()]).when(acknowledge("d1")).thenFails("CaseRejected", "NoInformationReport")
    await world([sudden]).when(acknowledge()).thenFails("CaseRejected", "NoInformationReport")
    await world([sudden, informed(), acknowledged]).when(acknowledge()).thenFails("CaseRejected", "NoInformationReport")
  })

  it("lets the holder hand the case up as before once the parent has acknowledged", () =>
    world([sudden, informed(), acknowledged]).when(escalate("s1"))
      .then([Case.CaseEscalated.make({ caseId: "k1", from: "c1", to: "s1", toLevel: "street", escalatedAt: NOW, basis: "sudden-or-typical" })]))

  describe("the 24-hour rule is met by an information report or an escalation, whichever comes first", () => {
    const registeredAt = "2026-06-01T08:00:00.000Z"
    const urgent = registered({ sudden: true, registeredAt })
    const later = toMillis("2026-07-01T00:00:00.000Z")
    const escalatedAt = (at: string) => ({ ...escalated("c1", "s1", "street", "sudden-or-typical"), escalatedAt: at })

    it("is met by an information report within 24 hours, with no escalation at all", () => {
      expect(Case.urgentEscalationOverdue(stateOf(urgent, informed("2026-06-02T08:00:00.000Z")), later, policy)).toBe(false)
      expect(Case.flags(stateOf(urgent, informed("2026-06-02T08:00:00.000Z")), at("2026-07-01T00:00:00.000Z"), policy)).not.toContain("urgent-escalation-overdue")
    })

    it("is missed by an information report made later than 24 hours", () =>
      expect(Case.urgentEscalationOverdue(stateOf(urgent, informed("2026-06-02T08:00:00.001Z")), later, policy)).toBe(true))

    it("is met by an escalation in time even when the information report came late", () => {
      const state = stateOf(urgent, escalatedAt("2026-06-01T09:00:00.000Z"), informed("2026-06-03T08:00:00.000Z"))
      expect(Case.firstReportedUpAt(state)).toBe("2026-06-01T09:00:00.000Z")
      expect(Case.urgentEscalationOverdue(state, later, policy)).toBe(false)
    })

    it("is met by an information report in time even when the escalation came late", () => {
      const state = stateOf(urgent, informed("2026-06-01T09:00:00.000Z"), escalatedAt("2026-06-05T08:00:00.000Z"))
      expect(Case.firstReportedUpAt(state)).toBe("2026-06-01T09:00:00.000Z")
      expect(Case.urgentEscalationOverdue(state, later, policy)).toBe(false)
    })
  })

  it("lets the level informed read the report and its acknowledgement, and no other level", async () => {
    const tags = await run(Effect.gen(function*() {
      yield* seed([
        ...orgs.map((o) => ({ stream: `organization-${o.organizationId}`, events: [o] })),
        { stream: "case-k1", events: [sudden, informed(), acknowledged] },
        ...backed(chair("s1"), chair("s2"), chair("c1"))
      ])
      const read = (organization: string) =>
        Effect.map(Reading.readStream({ actor: chair(organization) }, "case-k1"), (events) => events.map((e) => e.event._tag))
      return { street: yield* read("s1"), other: yield* read("s2"), holder: yield* read("c1") }
    }))
    expect(tags.street).toEqual(["CaseInformationReported", "CaseInformationAcknowledged"])
    expect(tags.other).toEqual([])
    expect(tags.holder).toEqual(["CaseRegistered", "CaseInformationReported", "CaseInformationAcknowledged"])
  })
})

describe("Case (§4): a case names only households of its own organization", () => {
  const elsewhere = Household.HouseholdRegistered.make({ householdId: "h3", organizationId: "c2", headName: "Head of h3", address: "h3 Baidi Lane", circumstances: [] })
  const withElsewhere = () => world().and(Household.aggregate, "h3", [elsewhere])

  it("refuses registering a case that names another community's household, naming the household", async () => {
    const error = await withElsewhere().when(register({ householdIds: ["h1", "h3"] })).thenFails("HouseholdRejected", "NotRegistered") as unknown as Household.HouseholdRejected
    expect(error.householdId).toBe("h3")
    expect(error.message).toContain("h3")
  })

  it("lets the street register a case naming a household of one of its communities", () =>
    withElsewhere().when(register({ actor: chair("s1"), organizationId: "s1", householdIds: ["h3"] }))
      .then([registered({ organizationId: "s1", level: "street", householdIds: ["h3"] })]))

  it("refuses assigning a case to a community naming a household of another community", async () => {
    const error = await withElsewhere().when(assign({ householdIds: ["h3"] })).thenFails("HouseholdRejected", "NotRegistered") as unknown as Household.HouseholdRejected
    expect(error.householdId).toBe("h3")
  })

  it("assigns a case naming the assignee's own household", () =>
    withElsewhere().when(assign({ organizationId: "c2", householdIds: ["h3"] })).then([assigned({ organizationId: "c2", householdIds: ["h3"] })]))
})

describe("Case (§4): withdrawable domestic-violence findings (查实)", () => {
  const dv = registered({ category: "domestic-violence", householdIds: ["h1", "h2"] })
  const reopened = Case.CaseReopened.make({ caseId: "k1", reopenedAt: NOW, reason: "New evidence from the police" })
  const found = resolved({ resolution: "referred-to-police", substantiated: true })
  const withdrawn = (householdId: string) => Household.DomesticViolenceFindingWithdrawn.make({ householdId, caseId: "k1", resolvedOn: TODAY })

  it("withdraws the finding from each household when a reopened case is resolved as not substantiated", () =>
    world([dv, found, reopened]).when(resolve({ resolution: "other", substantiated: false })).then([
      resolved({ resolution: "other", substantiated: false }),
      withdrawn("h1"),
      withdrawn("h2")
    ]))

  it("withdraws nothing when no finding stood", () =>
    world([dv, resolved({ resolution: "withdrawn", substantiated: false }), reopened]).when(resolve({ resolution: "other", substantiated: false }))
      .then([resolved({ resolution: "other", substantiated: false })]))

  it("writes no finding from a case of another category", () =>
    world([registered({ category: "rights-infringement" })]).when(resolve({ substantiated: true })).then([resolved({ substantiated: true })]))

  it("leaves the household barred by a substantiated finding, and not after it is withdrawn, through the store", async () => {
    const household = await run(Effect.gen(function*() {
      yield* seed([
        ...orgs.map((o) => ({ stream: `organization-${o.organizationId}`, events: [o] })),
        ...households.map((h) => ({ stream: `household-${h.householdId}`, events: [h] })),
        { stream: "case-k1", events: [dv] },
        ...backed(chair("c1"))
      ])
      const store = yield* EventStore
      const h1 = () =>
        Effect.map(store.readStream("household-h1"), (records) =>
          fold(Household.aggregate, records.map((r) => ({ _tag: r.type, ...(r.data as object) }) as unknown as Household.Event)))
      yield* Domain.execute(resolve({ resolution: "referred-to-police", substantiated: true, occurredAt: "2026-06-01T09:00:00.000+08:00" }))
      const barred = yield* h1()
      yield* Domain.execute({ ...reopen("New evidence from the police"), occurredAt: "2026-06-01T10:00:00.000+08:00" })
      yield* Domain.execute(resolve({ resolution: "other", substantiated: false, occurredAt: "2026-06-01T11:00:00.000+08:00" }))
      return { barred, cleared: yield* h1() }
    }))
    expect(Household.hadDomesticViolenceIn(household.barred, 2026)).toBe(true)
    expect(Household.hadDomesticViolenceIn(household.cleared, 2026)).toBe(false)
  })
})

describe("Case (§4): receptions days (信访接待日)", () => {
  const day = Reception.ReceptionDayScheduled.make({ organizationId: "c1", receptionDayId: "c1-rd-0531", on: "2026-05-31", leaderId: "chair@c1" })
  const withDays = () =>
    world()
      .and(Reception.aggregate, "c1", [day])
      .and(Reception.aggregate, "c2", [Reception.ReceptionDayScheduled.make({ organizationId: "c2", receptionDayId: "c2-rd-0531", on: "2026-05-31", leaderId: "chair@c2" })])
  const atReception = (over: Partial<typeof Case.RegisterCase.Type> = {}) => register({ channel: "reception-day", receptionDayId: "c1-rd-0531", ...over })

  it("registers a case received on the organization's reception day, naming the day", () =>
    withDays().when(atReception()).then([registered({ channel: "reception-day", receptionDayId: "c1-rd-0531" })]))

  it("refuses a case of the channel reception-day that names no reception day", () =>
    withDays().when(atReception({ receptionDayId: undefined })).thenFails("CaseRejected", "ReceptionDayRequired"))

  it("refuses a reception day that does not exist, or is another organization's", async () => {
    await withDays().when(atReception({ receptionDayId: "c1-rd-9999" })).thenFails("CaseRejected", "UnknownReceptionDay")
    await withDays().when(atReception({ receptionDayId: "c2-rd-0531" })).thenFails("CaseRejected", "UnknownReceptionDay")
  })

  it("refuses a case received on another day than the reception day it names", () =>
    withDays().when(atReception({ receivedAt: "2026-06-01T09:00:00.000+08:00" })).thenFails("CaseRejected", "NotReceivedOnReceptionDay"))

  it("judges the day in the federation's calendar: 23:30 Beijing time is still the reception day", () =>
    withDays().when(atReception({ receivedAt: "2026-05-31T15:30:00.000Z" }))
      .then([registered({ channel: "reception-day", receptionDayId: "c1-rd-0531", receivedAt: "2026-05-31T23:30:00.000+08:00" })]))

  it("refuses naming a reception day for a case that came by another channel", () =>
    withDays().when(register({ receptionDayId: "c1-rd-0531" })).thenFails("CaseRejected", "ReceptionDayNotApplicable"))
})

describe("Case (§4): sessions name mediators from the roster (调解员名册)", () => {
  const roster = [
    Mediation.MediatorAppointed.make({ organizationId: "c1", mediatorId: "qi-dasao", name: "Qi Dasao", appointedOn: "2026-01-05" }),
    Mediation.MediatorAppointed.make({ organizationId: "c1", mediatorId: "chen-lan", name: "Chen Lan", appointedOn: "2026-01-05" }),
    Mediation.MediatorLeft.make({ organizationId: "c1", mediatorId: "chen-lan", leftOn: "2026-05-01" }),
    Mediation.MediatorAppointed.make({ organizationId: "c1", mediatorId: "wu-fang", name: "Wu Fang", appointedOn: "2026-06-01" })
  ]
  const withRoster = (events: ReadonlyArray<Case.Event> = [registered()]) => world(events).and(Mediation.aggregate, "c1", roster)
  const session = (over: Partial<typeof Case.MediationSessionHeld.Type> = {}) =>
    Case.MediationSessionHeld.make({
      caseId: "k1",
      organizationId: "c1",
      heldOn: TODAY,
      mediators: ["Qi Dasao", "Chen Lan"],
      outcome: "agreement-reached",
      notes: "Agreed to share the repair",
      ...over
    })

  it("records the ids of mediators on the roster on the session's day", () =>
    withRoster().when(mediate({ actor: chair("c1"), mediators: ["Qi Dasao", "Wu Fang"], mediatorIds: ["qi-dasao", "wu-fang"] }))
      .then([session({ mediators: ["Qi Dasao", "Wu Fang"], mediatorIds: ["qi-dasao", "wu-fang"] })]))

  it("refuses a mediator who is not on the roster, naming her", async () => {
    const error = await withRoster().when(mediate({ actor: chair("c1"), mediatorIds: ["qi-dasao", "li-stranger"] })).thenFails("CaseRejected", "MediatorNotOnRoster")
    expect(error.message).toContain("li-stranger")
  })

  it("refuses a mediator who had left the roster, or was not yet appointed, on the session's day", async () => {
    await withRoster().when(mediate({ actor: chair("c1"), mediatorIds: ["chen-lan"] })).thenFails("CaseRejected", "MediatorNotOnRoster")
    await withRoster().when(mediate({ actor: chair("c1"), heldOn: "2026-05-31", mediatorIds: ["wu-fang"] })).thenFails("CaseRejected", "MediatorNotOnRoster")
  })

  it("refuses a mediator named twice", () =>
    withRoster().when(mediate({ actor: chair("c1"), mediatorIds: ["qi-dasao", "qi-dasao"] })).thenFails("CaseRejected", "DuplicateMediator"))

  it("checks the roster of the organization holding the case: the street's, once handed up", () =>
    withRoster([registered(), escalated("c1", "s1", "street")])
      .when(mediate({ actor: chair("s1"), mediatorIds: ["qi-dasao"] }))
      .thenFails("CaseRejected", "MediatorNotOnRoster"))

  it("still records a session that names its mediators by name only", () =>
    withRoster().when(mediate({ actor: chair("c1") })).then([session()]))
})
