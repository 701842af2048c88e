/**
 * Authority that holds (DOMAIN.md §10): every command × every role × the actor's organization
 * — its own, a sibling, the parent, a child — and a person who claims the role without the
 * records to back it. Each cell has its expected verdict: authorized (applied, or refused by a
 * rule of the work itself) or refused by authority (`Unauthorized`, or the answer an unknown
 * case, household, campaign, meeting or assessment gets — the same whether it does not exist
 * or is another organization's). Then a property: over random commands by random actors, no
 * write touches another organization's records except by the legitimate paths.
 */
import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore, type RecordedEvent } from "@fulian/store/EventStore"
import type { Role } from "../src/Actor.ts"
import * as Assessment from "../src/Assessment.ts"
import * as Award from "../src/Award.ts"
import * as Case from "../src/Case.ts"
import * as Domain from "../src/Domain.ts"
import * as Meeting from "../src/Meeting.ts"
import * as Place from "../src/Place.ts"
import * as Term from "../src/Term.ts"
import { type Given, run, seed } from "./support/Spec.ts"
import { criteria, on, organizations, parents, since, world } from "./support/World.ts"

// ---------------------------------------------------------------------------------------------
// One command of each type, given by the organization it acts for (c1, or s1 for what a
// street does to a community), and who may give it there.
// ---------------------------------------------------------------------------------------------

const committee: ReadonlyArray<Role> = ["chair", "vice-chair", "executive-member"]

interface Row {
  /** The organization the command acts for. */
  readonly acting: "c1" | "s1"
  readonly command: (actor: Domain.Command["actor"]) => Domain.Command
  /** Whether an actor in the world, in this role, for an organization in this relation to `acting`, may give it. */
  readonly allowed: (role: Role, relation: Relation) => boolean
  /** Records the command needs beside the world's (a place to close, a concluded assessment), seeded after it. */
  readonly given?: ReadonlyArray<Given>
}

type Relation = "own" | "sibling" | "parent" | "child"

/** Allowed for these roles, of the acting organization only. */
const own = (roles: ReadonlyArray<Role>) => (role: Role, relation: Relation) => relation === "own" && roles.includes(role)

const TODAY = "2026-06-01"
const facts = { channel: "visit", category: "ordinary-dispute", sudden: false, typicalInfringement: false, parties: [{ partyId: "p1", name: "当事人" }], narrative: "纠纷" } as const

const rows: { readonly [K in Domain.Command["_tag"]]: Row } = {
  RegisterOrganization: { acting: "c1", command: (actor) => ({ _tag: "RegisterOrganization", actor, organizationId: "b9", name: "楼栋", level: "building", parentId: "c1" }), allowed: own([...committee, "upper-cadre"]) },
  RegisterPlace: { acting: "c1", command: (actor) => ({ _tag: "RegisterPlace", actor, organizationId: "c1", placeId: "home", kind: "womens-home", name: "妇女之家", openedOn: TODAY }), allowed: own(committee) },
  ClosePlace: {
    acting: "c1",
    command: (actor) => ({ _tag: "ClosePlace", actor, organizationId: "c1", placeId: "room", closedOn: TODAY }),
    allowed: own(committee),
    given: [on(Place.aggregate, "c1", Place.PlaceRegistered.make({ organizationId: "c1", placeId: "room", kind: "activity-room", name: "活动室", openedOn: "2020-01-01" }))]
  },
  RecordActivity: { acting: "c1", command: (actor) => ({ _tag: "RecordActivity", actor, organizationId: "c1", activityId: "a1", kind: "festival", title: "三八", heldOn: TODAY, participants: 1, beneficiaries: 1 }), allowed: own(committee) },
  RecordDonation: { acting: "c1", command: (actor) => ({ _tag: "RecordDonation", actor, organizationId: "c1", donationId: "d", amount: 10, purpose: "助学", on: TODAY }), allowed: own(committee) },
  RecordRelief: { acting: "c1", command: (actor) => ({ _tag: "RecordRelief", actor, organizationId: "c1", reliefId: "r", amount: 10, purpose: "救助", on: TODAY }), allowed: own(committee) },
  OpenAssessment: { acting: "s1", command: (actor) => ({ _tag: "OpenAssessment", actor, assessmentId: "as2", organizationId: "s1", period: "year-end", year: 2026, criteria, assessees: ["c1"] }), allowed: own(committee) },
  ScoreAssessee: { acting: "s1", command: (actor) => ({ _tag: "ScoreAssessee", actor, assessmentId: "as1", assesseeId: "c1", scores: [{ criterionId: "k", score: 8 }] }), allowed: own(committee) },
  ConcludeAssessment: { acting: "s1", command: (actor) => ({ _tag: "ConcludeAssessment", actor, assessmentId: "as1" }), allowed: own(committee) },
  // Rewards follow the ranking of a concluded assessment.
  RewardAssessee: {
    acting: "s1",
    command: (actor) => ({ _tag: "RewardAssessee", actor, assessmentId: "as1", assesseeId: "c1", title: "先进集体", reward: { kind: "money", amount: 500 } }),
    allowed: own(committee),
    given: [on(Assessment.aggregate, "as1", Assessment.AssessmentConcluded.make({ assessmentId: "as1", ranking: [{ organizationId: "c1", total: 8, rank: 1 }, { organizationId: "c2", total: 6, rank: 2 }], concludedOn: "2026-05-31" }))]
  },
  OpenAwardCampaign: { acting: "c1", command: (actor) => ({ _tag: "OpenAwardCampaign", actor, campaignId: "aw2", organizationId: "c1", year: 2026, title: "十佳", criteria, threshold: 5 }), allowed: own(committee) },
  // A household of the actor's own organization (the representative's own): nominated in c1's campaign.
  NominateHousehold: { acting: "c1", command: (actor) => ({ _tag: "NominateHousehold", actor, campaignId: "aw1", householdId: "c1-h1" }), allowed: own([...committee, "representative"]) },
  // A person of the actor's own organization, without a household, in c1's campaign of persons.
  NominatePerson: {
    acting: "c1",
    command: (actor) => ({ _tag: "NominatePerson", actor, campaignId: "aw-p", personId: "star", name: "学习之星" }),
    allowed: own([...committee, "representative"]),
    given: [on(Award.aggregate, "aw-p", Award.AwardCampaignOpened.make({ campaignId: "aw-p", organizationId: "c1", year: 2026, title: "学习之星", criteria, threshold: 5, nomineeKind: "person" }))]
  },
  // A post of the actor's own organization, in c1's campaign of units.
  NominateUnit: {
    acting: "c1",
    command: (actor) => ({ _tag: "NominateUnit", actor, campaignId: "aw-u", unitId: "post", unitKind: "post", unitName: "巾帼文明岗", organizationId: "c1" }),
    allowed: own([...committee, "representative"]),
    given: [on(Award.aggregate, "aw-u", Award.AwardCampaignOpened.make({ campaignId: "aw-u", organizationId: "c1", year: 2026, title: "巾帼文明岗", criteria, threshold: 5, nomineeKind: "unit" }))]
  },
  ScoreNominee: { acting: "c1", command: (actor) => ({ _tag: "ScoreNominee", actor, campaignId: "aw1", householdId: "c1-h2", scores: [{ criterionId: "k", score: 8 }] }), allowed: own(committee) },
  ConferAward: { acting: "c1", command: (actor) => ({ _tag: "ConferAward", actor, campaignId: "aw1", householdId: "c1-h2" }), allowed: own(committee) },
  RecheckAward: { acting: "c1", command: (actor) => ({ _tag: "RecheckAward", actor, campaignId: "aw1", householdId: "c1-h2", outcome: "revoked", reason: "复查" }), allowed: own(committee) },
  CloseAwardCampaign: { acting: "c1", command: (actor) => ({ _tag: "CloseAwardCampaign", actor, campaignId: "aw1" }), allowed: own(committee) },
  EnrollVolunteer: { acting: "c1", command: (actor) => ({ _tag: "EnrollVolunteer", actor, organizationId: "c1", volunteerId: "new-volunteer", name: "新志愿者", consent: true }), allowed: own(committee) },
  PairVolunteer: { acting: "c1", command: (actor) => ({ _tag: "PairVolunteer", actor, organizationId: "c1", volunteerId: "volunteer@c1", householdId: "c1-h2" }), allowed: own(committee) },
  UnpairVolunteer: { acting: "c1", command: (actor) => ({ _tag: "UnpairVolunteer", actor, organizationId: "c1", volunteerId: "volunteer@c1", householdId: "c1-h2" }), allowed: own(committee) },
  // Her own service and leaving: the volunteer herself may give these.
  LogVolunteerService: { acting: "c1", command: (actor) => ({ _tag: "LogVolunteerService", actor, organizationId: "c1", volunteerId: "volunteer@c1", hours: 2, description: "便民服务" }), allowed: own([...committee, "volunteer"]) },
  RecordVolunteerLeaving: { acting: "c1", command: (actor) => ({ _tag: "RecordVolunteerLeaving", actor, organizationId: "c1", volunteerId: "volunteer@c1" }), allowed: own([...committee, "volunteer"]) },
  RegisterCase: { acting: "c1", command: (actor) => ({ _tag: "RegisterCase", actor, caseId: "k2", organizationId: "c1", receivedAt: "2026-06-01T08:00:00+08:00", householdIds: ["c1-h1"], ...facts }), allowed: own([...committee, "mediator", "representative"]) },
  AssignCase: { acting: "s1", command: (actor) => ({ _tag: "AssignCase", actor, caseId: "k3", assignedBy: "s1", organizationId: "c1", householdIds: ["c1-h1"], ...facts }), allowed: own([...committee, "upper-cadre"]) },
  RecordCaseInvestigation: { acting: "c1", command: (actor) => ({ _tag: "RecordCaseInvestigation", actor, caseId: "k1", findings: "查明", preliminaryOpinion: "意见" }), allowed: own([...committee, "mediator"]) },
  RecordHigherMediationRequest: { acting: "c1", command: (actor) => ({ _tag: "RecordHigherMediationRequest", actor, caseId: "k1", partyId: "p1", requestedOn: TODAY }), allowed: own([...committee, "mediator"]) },
  RecordMediationSession: { acting: "c1", command: (actor) => ({ _tag: "RecordMediationSession", actor, caseId: "k1", heldOn: TODAY, mediators: ["调解员"], outcome: "adjourned", notes: "调解" }), allowed: own([...committee, "mediator"]) },
  ReportCaseInformation: { acting: "c1", command: (actor) => ({ _tag: "ReportCaseInformation", actor, caseId: "k1", to: "s1", summary: "情况" }), allowed: own(committee) },
  // The one act on a case by an organization that does not hold it: s1, informed by c1, acknowledges.
  AcknowledgeCaseInformation: {
    acting: "s1",
    command: (actor) => ({ _tag: "AcknowledgeCaseInformation", actor, caseId: "k1" }),
    allowed: own(committee),
    given: [on(Case.aggregate, "k1", Case.CaseInformationReported.make({ caseId: "k1", from: "c1", to: "s1", reportedAt: "2026-05-30T11:00:00.000+08:00" }))]
  },
  EscalateCase: { acting: "c1", command: (actor) => ({ _tag: "EscalateCase", actor, caseId: "k1", to: "s1", reason: "本级解决不了" }), allowed: own(committee) },
  ReportCaseResult: { acting: "c1", command: (actor) => ({ _tag: "ReportCaseResult", actor, caseId: "k1", to: "s1", result: "结果" }), allowed: own(committee) },
  ResolveCase: { acting: "c1", command: (actor) => ({ _tag: "ResolveCase", actor, caseId: "k1", resolvedOn: TODAY, resolution: "mediated-agreement" }), allowed: own([...committee, "mediator"]) },
  // The case names the representative's household.
  RecordFollowUpVisit: { acting: "c1", command: (actor) => ({ _tag: "RecordFollowUpVisit", actor, caseId: "k1", visitedOn: TODAY, notes: "回访" }), allowed: own([...committee, "mediator", "representative"]) },
  ReopenCase: { acting: "c1", command: (actor) => ({ _tag: "ReopenCase", actor, caseId: "k1", reason: "复发" }), allowed: own([...committee, "mediator"]) },
  ArchiveCase: { acting: "c1", command: (actor) => ({ _tag: "ArchiveCase", actor, caseId: "k1" }), allowed: own(committee) },
  RegisterHousehold: { acting: "c1", command: (actor) => ({ _tag: "RegisterHousehold", actor, householdId: "c1-new", organizationId: "c1", headName: "户主", address: "地址", circumstances: [] }), allowed: own([...committee, "representative"]) },
  ChangeHouseholdCircumstances: { acting: "c1", command: (actor) => ({ _tag: "ChangeHouseholdCircumstances", actor, householdId: "c1-h1", circumstances: [] }), allowed: own([...committee, "representative"]) },
  // b1 has no committee: its first is recorded by a cadre of c1, the organization above it.
  ElectExecutiveCommittee: {
    acting: "c1",
    command: (actor) => ({
      _tag: "ElectExecutiveCommittee",
      actor,
      termId: "b1-t",
      organizationId: "b1",
      congressSession: "妇代会",
      electedOn: TODAY,
      startsOn: TODAY,
      residentsCommitteeElectedOn: TODAY,
      members: [{ personId: "b1-chair", name: "组长", position: "chair" }]
    }),
    allowed: own(["upper-cadre"])
  },
  // c1's election is filed by its own committee, or recorded by the committee or a cadre of s1.
  FileElection: {
    acting: "c1",
    command: (actor) => ({ _tag: "FileElection", actor, organizationId: "c1", termId: "c1-t", filedOn: TODAY, filedWith: "s1" }),
    allowed: (role, relation) => (relation === "own" && committee.includes(role)) || (relation === "parent" && [...committee, "upper-cadre"].includes(role))
  },
  ByElectMember: { acting: "c1", command: (actor) => ({ _tag: "ByElectMember", actor, organizationId: "c1", termId: "c1-t", member: { personId: "newcomer", name: "新执委", position: "member" }, congressSession: "妇代会", electedOn: TODAY }), allowed: own(committee) },
  RecordMemberLeft: { acting: "c1", command: (actor) => ({ _tag: "RecordMemberLeft", actor, organizationId: "c1", termId: "c1-t", personId: "nobody", leftOn: TODAY }), allowed: own(committee) },
  EndTerm: { acting: "c1", command: (actor) => ({ _tag: "EndTerm", actor, organizationId: "c1", termId: "c1-t", endedOn: TODAY }), allowed: own(committee) },
  RecordReserveCadre: { acting: "c1", command: (actor) => ({ _tag: "RecordReserveCadre", actor, organizationId: "c1", personId: "reserve", recordedOn: TODAY }), allowed: own(committee) },
  RemoveReserveCadre: {
    acting: "c1",
    command: (actor) => ({ _tag: "RemoveReserveCadre", actor, organizationId: "c1", personId: "reserve", removedOn: TODAY }),
    allowed: own(committee),
    given: [on(Term.aggregate, "c1", Term.ReserveCadreRecorded.make({ organizationId: "c1", personId: "reserve", recordedOn: since }))]
  },
  ScheduleReceptionDay: { acting: "c1", command: (actor) => ({ _tag: "ScheduleReceptionDay", actor, organizationId: "c1", receptionDayId: "rd", on: TODAY, leaderId: "chair@c1" }), allowed: own(committee) },
  RecordTraining: {
    acting: "c1",
    command: (actor) => ({ _tag: "RecordTraining", actor, organizationId: "c1", trainingId: "tr", topic: "反家暴法", trainer: "李律师", heldOn: TODAY, hours: 2, attendees: [{ personId: "representative@c1", capacity: "representative" }] }),
    allowed: own(committee)
  },
  // The plan adopted by c1's congress, held today.
  AdoptWorkPlan: {
    acting: "c1",
    command: (actor) => ({ _tag: "AdoptWorkPlan", actor, organizationId: "c1", year: 2026, meetingId: "mc", targets: [{ targetId: "t", measure: "legal-lectures", comparator: "at-least", value: 4 }] }),
    allowed: own(committee),
    given: [on(Meeting.aggregate, "mc",
      Meeting.MeetingScheduled.make({ meetingId: "mc", organizationId: "c1", kind: "congress", date: TODAY, topic: "妇代会" }),
      Meeting.MeetingHeld.make({ meetingId: "mc", heldOn: TODAY, attendees: ["chair@c1"], minutes: "记录" }))]
  },
  ScheduleMeeting: { acting: "c1", command: (actor) => ({ _tag: "ScheduleMeeting", actor, meetingId: "m2", organizationId: "c1", kind: "monthly", date: TODAY, topic: "学习" }), allowed: own(committee) },
  NotifyMemberOfMeeting: { acting: "c1", command: (actor) => ({ _tag: "NotifyMemberOfMeeting", actor, meetingId: "m1", personId: "chair@c1", notifiedOn: "2026-05-29" }), allowed: own(committee) },
  RecordMeetingHeld: { acting: "c1", command: (actor) => ({ _tag: "RecordMeetingHeld", actor, meetingId: "m1", heldOn: "2026-05-30", attendees: ["chair@c1"], minutes: "记录" }), allowed: own(committee) },
  TakeDecision: { acting: "c1", command: (actor) => ({ _tag: "TakeDecision", actor, meetingId: "m1", decisionId: "x", text: "决定", ownerId: "chair@c1", dueOn: TODAY }), allowed: own(committee) },
  FollowUpDecision: { acting: "c1", command: (actor) => ({ _tag: "FollowUpDecision", actor, meetingId: "m1", decisionId: "x", status: "done", followedUpOn: TODAY }), allowed: own(committee) },
  ElectRepresentative: { acting: "c1", command: (actor) => ({ _tag: "ElectRepresentative", actor, organizationId: "c1", representativeId: "r3", name: "代表三", congressSession: "妇代会", electedOn: TODAY }), allowed: own(committee) },
  StepDownRepresentative: { acting: "c1", command: (actor) => ({ _tag: "StepDownRepresentative", actor, reason: "迁出", organizationId: "c1", representativeId: "r2@c1" }), allowed: own(committee) },
  LinkHousehold: { acting: "c1", command: (actor) => ({ _tag: "LinkHousehold", actor, organizationId: "c1", representativeId: "r2@c1", householdId: "c1-h3" }), allowed: own(committee) },
  UnlinkHousehold: { acting: "c1", command: (actor) => ({ _tag: "UnlinkHousehold", actor, organizationId: "c1", representativeId: "representative@c1", householdId: "c1-h1" }), allowed: own(committee) },
  // The representative's own visit to her own household; the committee may record it for her.
  AppointMediator: { acting: "c1", command: (actor) => ({ _tag: "AppointMediator", actor, organizationId: "c1", mediatorId: "new-mediator", name: "新调解员" }), allowed: own(committee) },
  RecordMediatorLeaving: { acting: "c1", command: (actor) => ({ _tag: "RecordMediatorLeaving", actor, organizationId: "c1", mediatorId: "mediator@c1" }), allowed: own(committee) },
  EstablishMediationCommittee: { acting: "c1", command: (actor) => ({ _tag: "EstablishMediationCommittee", actor, organizationId: "c1", name: "巾帼调解社" }), allowed: own(committee) },
  AppointCommitteeHead: { acting: "c1", command: (actor) => ({ _tag: "AppointCommitteeHead", actor, organizationId: "c1", mediatorId: "mediator@c1" }), allowed: own(committee) },
  AppointLegalAdviser: { acting: "c1", command: (actor) => ({ _tag: "AppointLegalAdviser", actor, organizationId: "c1", adviserId: "lawyer@c1" }), allowed: own(committee) },
  AppointAuditor: { acting: "c1", command: (actor) => ({ _tag: "AppointAuditor", actor, organizationId: "c1", auditorId: "new-auditor", name: "审计员" }), allowed: own(committee) },
  RecordAuditorLeaving: { acting: "c1", command: (actor) => ({ _tag: "RecordAuditorLeaving", actor, organizationId: "c1", auditorId: "new-auditor" }), allowed: own(committee) },
  // The chair of the organization that holds the data (or of one above it; see Erasure's tests).
  ErasePersonalData: { acting: "c1", command: (actor) => ({ _tag: "ErasePersonalData", actor, organizationId: "c1", subject: "household:c1-h2", reason: "本人申请删除" }), allowed: own(["chair"]) },
  RegisterSigningKey: { acting: "c1", command: (actor) => ({ _tag: "RegisterSigningKey", actor, organizationId: "c1", publicKey: "A".repeat(43) + "=" }), allowed: own(committee) },
  RecordContactVisit: {
    acting: "c1",
    command: (actor) => ({ _tag: "RecordContactVisit", actor, organizationId: "c1", representativeId: "representative@c1", householdId: "c1-h1", visitedOn: TODAY, method: "phone", topics: ["living-situation"], notes: "" }),
    allowed: own([...committee, "representative"])
  },
  SubmitReport: { acting: "c1", command: (actor) => ({ _tag: "SubmitReport", actor, reportId: "c1-2026-05", organizationId: "c1", kind: "monthly", period: "2026-05", position: 1, contentHash: "0".repeat(64), sentTo: "s1" }), allowed: own(committee) }
}

/**
 * The rows whose command the acting organization's chair gives and a rule of the work refuses
 * (the world holds no scores, pairing, resolution, held meeting… for it; a building's first
 * committee is the cadre's to record): every other row's command is applied, so that its
 * verdicts are about who gives it, not about a command that could never apply.
 */
const refusedToTheChair: ReadonlyArray<Domain.Command["_tag"]> = [
  "ConcludeAssessment", "ConferAward", "RecheckAward", "UnpairVolunteer", "EscalateCase", "ReportCaseResult", "RecordFollowUpVisit", "ReopenCase",
  "ArchiveCase", "ElectExecutiveCommittee", "RecordMemberLeft", "TakeDecision", "FollowUpDecision", "AppointCommitteeHead", "AppointLegalAdviser",
  "RecordAuditorLeaving"
]

const roles: ReadonlyArray<Role> = ["chair", "vice-chair", "executive-member", "representative", "mediator", "volunteer", "upper-cadre", "auditor"]
const relations: ReadonlyArray<Relation> = ["own", "sibling", "parent", "child"]
const related: Readonly<Record<"c1" | "s1", Readonly<Record<Relation, string>>>> = {
  c1: { own: "c1", sibling: "c2", parent: "s1", child: "b1" },
  s1: { own: "s1", sibling: "s2", parent: "d1", child: "c1" }
}

/** The person the world shows in a role for an organization (none for a building's committee). */
const personFor = (role: Role, organization: string) => `${role}@${organization}`

/** The refusals that are authority's: the role, or a reference the actor's organization cannot reach. */
const refusedByAuthority = (error: { readonly _tag: string; readonly reason?: unknown }): boolean =>
  error._tag === "Unauthorized" ||
  (error._tag === "CaseRejected" && error.reason === "NotHeld") ||
  (error._tag === "HouseholdRejected" && error.reason === "NotRegistered") ||
  (error._tag === "AwardRejected" && error.reason === "CampaignNotOpened") ||
  (error._tag === "MeetingRejected" && error.reason === "NotScheduled") ||
  (error._tag === "AssessmentRejected" && error.reason === "NotOpened") ||
  // A unit of an organization out of the actor's reach, and a case not reported to the actor's
  // organization, are answered as ones that do not exist.
  (error._tag === "AwardRejected" && error.reason === "UnitOutOfReach") ||
  (error._tag === "CaseRejected" && error.reason === "NoInformationReport")

type Verdict = "authorized" | "refused"

/** Runs one command on a fresh store holding the world; its verdict, and what it said. */
const verdictOf = (command: Domain.Command, given: ReadonlyArray<Given> = []) =>
  run(Effect.gen(function*() {
    yield* seed([...world, ...given])
    const result = yield* Effect.result(Domain.execute(command))
    if (result._tag === "Success") return { verdict: "authorized" as Verdict, said: "applied" }
    const error = result.failure as { readonly _tag: string; readonly reason?: unknown; readonly message: string }
    return { verdict: (refusedByAuthority(error) ? "refused" : "authorized") as Verdict, said: `${error._tag}${error.reason ? `(${String(error.reason)})` : ""}: ${error.message}` }
  }))

describe("Authority: every command × role × organization, and claims the records do not back (§10)", () => {
  for (const [tag, row] of Object.entries(rows) as Array<[Domain.Command["_tag"], Row]>) {
    it(tag, async () => {
      const cells: Array<string> = []
      for (const role of roles) {
        for (const relation of relations) {
          const organization = related[row.acting][relation]
          const expected: Verdict = row.allowed(role, relation) ? "authorized" : "refused"
          const { verdict, said } = await verdictOf(row.command({ person: personFor(role, organization), role, organization }), row.given)
          if (verdict !== expected) cells.push(`${role} of ${organization} (${relation}): expected ${expected}, got ${said}`)
        }
        // Claimed for the acting organization by someone the records do not show in the role.
        const { verdict, said } = await verdictOf(row.command({ person: "impostor", role, organization: row.acting }), row.given)
        if (verdict !== "refused") cells.push(`impostor claiming ${role} of ${row.acting}: expected refused, got ${said}`)
      }
      expect(cells).toEqual([])
    })
  }

  it("applies each command given by the acting organization's chair, but those the world lacks the records for", async () => {
    const refused: Array<string> = []
    for (const [tag, row] of Object.entries(rows) as Array<[Domain.Command["_tag"], Row]>) {
      const { said } = await verdictOf(row.command({ person: personFor("chair", row.acting), role: "chair", organization: row.acting }), row.given)
      if (said !== "applied") refused.push(tag)
    }
    expect(refused.sort()).toEqual([...refusedToTheChair].sort())
  })

  it("covers every command of the domain", () => {
    expect(Object.keys(rows).sort()).toEqual([...Domain.commandTags].sort())
  })
})

// ---------------------------------------------------------------------------------------------
// The property: whatever is written is the actor's organization's, or reached by a legitimate
// path (a child registered or its first committee or filing, a case assigned down or handed up,
// a household of the area found in a case, a campaign above nominated into).
// ---------------------------------------------------------------------------------------------

/** Every organization from `id` upward. */
const chain = (id: string | undefined): ReadonlyArray<string> => (id === undefined ? [] : [id, ...chain(parents[id])])

/** The organization a stream's records belong to, from its first event. */
const ownerOf = (stream: ReadonlyArray<RecordedEvent>): string | undefined => {
  const first = stream[0]?.data as { organizationId?: string; assignedBy?: string } | undefined
  return first?.organizationId
}

describe("Writes stay inside their organization (§10)", () => {
  it("no command writes another organization's records but by the legitimate paths, whoever gives it", () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({
          tag: fc.constantFrom(...Object.keys(rows) as Array<Domain.Command["_tag"]>),
          role: fc.constantFrom(...roles),
          organization: fc.constantFrom(...organizations)
        }), { minLength: 1, maxLength: 25 }),
        (steps) =>
          run(Effect.gen(function*() {
            yield* seed([...world, ...Object.values(rows).flatMap((row) => row.given ?? [])])
            const store = yield* EventStore
            for (const s of steps) {
              const actor = { person: personFor(s.role, s.organization), role: s.role, organization: s.organization }
              const result = yield* Effect.result(Domain.execute(rows[s.tag].command(actor)))
              if (result._tag === "Failure") continue
              for (const written of new Set(result.success.events.map((e) => e.stream))) {
                const events = yield* store.readStream(written)
                const owner = ownerOf(events)
                const at = `${s.tag} by ${s.role} of ${s.organization} wrote ${written} (of ${owner})`
                if (written.startsWith("organization-")) {
                  // A child of her organization.
                  expect(parents[owner!] ?? (events[0]!.data as { parentId?: string }).parentId, at).toBe(s.organization)
                } else if (written.startsWith("term-")) {
                  // Her own, or the first committee or the filing of a child.
                  expect([owner, parents[owner!]], at).toContain(s.organization)
                } else if (written.startsWith("household-")) {
                  // A finding on a household of her area, by a case she holds.
                  expect(chain(owner), at).toContain(s.organization)
                } else if (written.startsWith("reports-received-") || written.startsWith("signing-keys-")) {
                  // A report or a key sent up to the level above, which keeps it in its own records.
                  expect([owner, parents[s.organization]], at).toContain(written.slice(written.indexOf("-", written.indexOf("-") + 1) + 1))
                } else if (written.startsWith("campaign-")) {
                  // Her campaign, or one above her that she nominates into.
                  expect(chain(s.organization), at).toContain(owner)
                } else if (written.startsWith("case-")) {
                  // Registered or worked by her, assigned down by her, or reported up to her for information (she acknowledges).
                  const assignedBy = (events[0]!.data as { assignedBy?: string }).assignedBy
                  const informed = events.filter((e) => e.type === "CaseInformationReported").map((e) => (e.data as { to: string }).to)
                  expect([owner, assignedBy, ...informed, ...events.map((e) => (e.data as { organizationId?: string }).organizationId)], at).toContain(s.organization)
                } else {
                  expect(owner, at).toBe(s.organization)
                }
              }
            }
          }))
      ),
      { numRuns: 60 }
    ))
})
