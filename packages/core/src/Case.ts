/**
 * 信访案件 / 维权案件 / 矛盾纠纷: letters, visits, hotline calls and cases found in household
 * visits, cases assigned from above (上级交办), and the disputes the mediation committee works
 * on — registration, investigation, mediation, escalation level by level (逐级上报), resolution,
 * follow-up visits (纠纷回访), reopening and archiving (归档). DOMAIN.md §4; seed 000 §四(五),
 * seed 002 综治 三 and 九, seed 003 §二.
 *
 * Stream: `case-{caseId}`. A domestic-violence case resolved as substantiated (查实) also
 * appends `Household.DomesticViolenceSubstantiated` to each of its households, in the same
 * atomic append; resolved again after reopening as not substantiated, it appends
 * `Household.DomesticViolenceFindingWithdrawn` instead, so the household's eligibility follows
 * the latest finding. A case names only households of the organization that registers it (or
 * is assigned it) or of the organizations below it — for a building, of its community.
 *
 * Lifecycle. A case is **open** from registration (or assignment) until it is resolved; only
 * an open case is investigated, mediated, escalated or resolved. A **resolved** case still
 * accepts what follows a resolution: the follow-up visit, the result report of an assigned
 * case, archiving, and reopening after a relapse. An **archived** case is **closed**: it
 * accepts nothing but reopening. Reopening makes the case open again, held by the same
 * organization. Archiving needs the procedure complete (手续完备, seed 002 综治 九): a follow-up
 * visit after the latest resolution and, for a case assigned from above and still held by the
 * assignee, its result reported.
 *
 * Holding. Every case is held by one organization: the one that registered it, the one it was
 * assigned to, or — after an escalation — the direct parent it was handed up to. Only the
 * holder acts on a case (§10), each act by the roles listed in `permissions`.
 *
 * Reporting up is not handing over (信息报告, seed 002 综治 一 and 八): the holder informs its
 * direct parent of a case (`ReportCaseInformation`) and keeps holding and working on it; the
 * parent acknowledges (`AcknowledgeCaseInformation`) — the one act on a case by an organization
 * that does not hold it — and may then receive it by escalation as before. The 24-hour rule of
 * sudden and typical cases is met by the first information report or the first escalation,
 * whichever comes first. Decisions where DOMAIN.md is silent: any case may be reported up (seed
 * 002 一 asks it of every important matter), not only sudden and typical ones; a case may be
 * reported more than once (续报), and one acknowledgement answers every report awaiting it; an
 * archived case is neither reported nor acknowledged.
 *
 * Reception days (信访接待日): a case received on one of the organization's reception days
 * (`Reception`) is registered with the channel `reception-day`, naming the day; its
 * registration checks that the day is the organization's and is the local day the case was
 * received. A case assigned from above may carry that channel from the assigning organization,
 * without naming a day of the assignee's.
 *
 * Mediation sessions may name their mediators by person id (`mediatorIds`) besides their names:
 * each must be on the holder's mediators' roster (`Mediation`) on the session's day.
 *
 * The three conditions of handing up an ordinary dispute (seed 002 综治 三) are met per level:
 * the party's request for higher-level mediation and the investigation file with its
 * preliminary opinion must have been recorded while the present holder held the case, since
 * each level that hands a dispute up decides on its own file.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { Actor } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime, momentOf, type Occurred } from "./Decider.ts"
import * as Household from "./Household.ts"
import { Id, Line, List, Name, Narrative, NonEmptyList, PersonId, Text } from "./Input.ts"
import * as Mediation from "./Mediation.ts"
import * as Organization from "./Organization.ts"
import { personal, subjects } from "./PersonalData.ts"
import type { PolicyShape } from "./Policy.ts"
import * as Reception from "./Reception.ts"
import { addDays, type Calendar, calendarOf, daysBetween, Instant, type JudgedAt, LocalDate, toMillis } from "./Time.ts"

const HOUR = 3_600_000

/**
 * How a case reached the federation: a letter 来信, a visit 来访, a hotline call 热线, found
 * in a household visit 入户走访发现, or received on a reception day 信访接待日.
 */
export const Channel = Schema.Literals(["letter", "visit", "hotline", "found-in-household-visit", "reception-day"])

/** How a case reached the federation. */
export type Channel = typeof Channel.Type

/**
 * What a case is about: an ordinary dispute 矛盾纠纷 (neighbours, marriage and family), a
 * rights infringement 侵权 of a woman or child, domestic violence 家庭暴力, or other matters
 * (a request for help, a question of policy).
 */
export const Category = Schema.Literals(["ordinary-dispute", "rights-infringement", "domestic-violence", "other"])

/** What a case is about. */
export type Category = typeof Category.Type

/**
 * How a case was resolved: a mediated agreement 调解成功, help given or an answer that settled
 * it 帮扶答复, referred to court 引导诉讼, to the police 移交公安, or to another department 移交有关部门,
 * withdrawn by the complainant 撤回, or otherwise.
 */
export const Resolution = Schema.Literals([
  "mediated-agreement",
  "assisted",
  "referred-to-court",
  "referred-to-police",
  "referred-to-department",
  "withdrawn",
  "other"
])

/** How a case was resolved. */
export type Resolution = typeof Resolution.Type

/** What came of one mediation session: agreement reached, no agreement, or adjourned to another session. */
export const SessionOutcome = Schema.Literals(["agreement-reached", "no-agreement", "adjourned"])

/** What came of one mediation session. */
export type SessionOutcome = typeof SessionOutcome.Type

/**
 * The ground on which a case was handed up: a sudden or typical-infringement case, escalated
 * promptly without conditions; an ordinary dispute meeting the three conditions; any other
 * case with a stated reason.
 */
export const EscalationBasis = Schema.Literals(["sudden-or-typical", "three-conditions", "stated-reason"])

/** The ground on which a case was handed up. */
export type EscalationBasis = typeof EscalationBasis.Type

/**
 * 当事人: a party of a case. `partyId` is an identifier within the case, not personal data, so
 * later events (a party's request for higher-level mediation) can name her without her name.
 */
export const Party = Schema.Struct({
  partyId: Schema.NonEmptyString,
  name: personal(Schema.NonEmptyString, subjects.party),
  contact: Schema.optional(personal(Schema.NonEmptyString, subjects.party))
})

/** A party of a case. */
export type Party = typeof Party.Type

/** The most households one case names, parties it has, and mediators one session names (by name, and by id). */
export const caseListLimits = { householdIds: 50, parties: 100, mediators: 20 } as const

/** A party as a command gives her (`Input`'s blocks). */
export const PartyInput = Schema.Struct({
  partyId: Id,
  name: personal(Name),
  contact: Schema.optional(personal(Line))
})

/** The facts of a case as received, common to registration and assignment. */
const caseFacts = {
  channel: Channel,
  category: Category,
  /** 突发性案件. */
  sudden: Schema.Boolean,
  /** 典型侵权案件 (a rights-infringement or domestic-violence case only). */
  typicalInfringement: Schema.Boolean,
  householdIds: Schema.Array(Schema.NonEmptyString),
  parties: Schema.Array(Party),
  narrative: personal(Schema.NonEmptyString, subjects.case),
  address: Schema.optional(personal(Schema.NonEmptyString, subjects.case))
}

/** The facts of a case as a command gives them (`Input`'s blocks). */
const caseFactsInput = {
  ...caseFacts,
  householdIds: List(Id, caseListLimits.householdIds),
  parties: List(PartyInput, caseListLimits.parties),
  narrative: personal(Narrative),
  address: Schema.optional(personal(Line))
}

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/**
 * 来信来访登记: a case received by an organization was registered there, which now holds it.
 * `level` is the holder's level; `registeredAt` is when it was registered, `receivedAt` when
 * it was received.
 */
export const CaseRegistered = Schema.TaggedStruct("CaseRegistered", {
  caseId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  level: Organization.Level,
  receivedAt: Instant,
  registeredAt: Instant,
  ...caseFacts,
  /** The reception day (信访接待日) it was received on, for the channel `reception-day`. */
  receptionDayId: Schema.optional(Schema.NonEmptyString)
})

/**
 * 上级交办: an organization assigned a case to one of its direct children, which now holds it
 * and owes it the result by `dueOn`. `receivedAt` is the moment of assignment.
 */
export const CaseAssignedFromAbove = Schema.TaggedStruct("CaseAssignedFromAbove", {
  caseId: Schema.NonEmptyString,
  assignedBy: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  level: Organization.Level,
  receivedAt: Instant,
  dueOn: LocalDate,
  ...caseFacts
})

/**
 * 调查材料和初步意见: the holder's investigation file and preliminary opinion (condition (2) of
 * handing a dispute up).
 */
export const InvestigationRecorded = Schema.TaggedStruct("InvestigationRecorded", {
  caseId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  recordedOn: LocalDate,
  findings: personal(Schema.NonEmptyString, subjects.case),
  preliminaryOpinion: personal(Schema.NonEmptyString, subjects.case)
})

/**
 * 当事人要求上级调处: a party asked for higher-level mediation while `organizationId` held the
 * case (condition (1) of handing a dispute up).
 */
export const HigherMediationRequested = Schema.TaggedStruct("HigherMediationRequested", {
  caseId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  partyId: Schema.NonEmptyString,
  requestedOn: LocalDate
})

/** 调解: a mediation session was held, with its mediators and outcome. */
export const MediationSessionHeld = Schema.TaggedStruct("MediationSessionHeld", {
  caseId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  heldOn: LocalDate,
  mediators: Schema.NonEmptyArray(personal(Schema.NonEmptyString, subjects.case)),
  /** The mediators on the roster, by person id, where the session named them (调解登记). */
  mediatorIds: Schema.optional(Schema.Array(Schema.NonEmptyString)),
  outcome: SessionOutcome,
  notes: personal(Schema.NonEmptyString, subjects.case)
})

/** 逐级上报: the case was handed up from its holder to the holder's direct parent, which now holds it. */
export const CaseEscalated = Schema.TaggedStruct("CaseEscalated", {
  caseId: Schema.NonEmptyString,
  from: Schema.NonEmptyString,
  to: Schema.NonEmptyString,
  toLevel: Organization.Level,
  escalatedAt: Instant,
  basis: EscalationBasis,
  reason: Schema.optional(Schema.NonEmptyString)
})

/**
 * 信息报告: the holder informed its direct parent of the case, and keeps holding it (reporting
 * up is not handing over).
 */
export const CaseInformationReported = Schema.TaggedStruct("CaseInformationReported", {
  caseId: Schema.NonEmptyString,
  from: Schema.NonEmptyString,
  to: Schema.NonEmptyString,
  reportedAt: Instant,
  summary: Schema.optional(personal(Schema.NonEmptyString, subjects.case))
})

/** 信息报告已收悉: the organization informed of the case acknowledged the information report(s) awaiting it. */
export const CaseInformationAcknowledged = Schema.TaggedStruct("CaseInformationAcknowledged", {
  caseId: Schema.NonEmptyString,
  by: Schema.NonEmptyString,
  acknowledgedAt: Instant
})

/** 上报处理结果: the assignee reported the result of an assigned case to the assigning organization. */
export const CaseResultReported = Schema.TaggedStruct("CaseResultReported", {
  caseId: Schema.NonEmptyString,
  from: Schema.NonEmptyString,
  to: Schema.NonEmptyString,
  reportedAt: Instant,
  result: personal(Schema.NonEmptyString, subjects.case)
})

/**
 * 结案: the case was resolved. `substantiated` (查实) is given for rights-infringement and
 * domestic-violence cases only, and always for them.
 */
export const CaseResolved = Schema.TaggedStruct("CaseResolved", {
  caseId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  resolvedOn: LocalDate,
  resolution: Resolution,
  substantiated: Schema.optional(Schema.Boolean),
  summary: Schema.optional(personal(Schema.NonEmptyString, subjects.case))
})

/** 纠纷回访: a follow-up visit after the resolution. */
export const FollowUpVisitRecorded = Schema.TaggedStruct("FollowUpVisitRecorded", {
  caseId: Schema.NonEmptyString,
  visitedOn: LocalDate,
  notes: personal(Schema.NonEmptyString, subjects.case)
})

/** 反复: the case was reopened after a relapse; it is open again with the same holder. */
export const CaseReopened = Schema.TaggedStruct("CaseReopened", {
  caseId: Schema.NonEmptyString,
  reopenedAt: Instant,
  reason: Schema.NonEmptyString
})

/** 归档: the case was archived, and is closed. */
export const CaseArchived = Schema.TaggedStruct("CaseArchived", {
  caseId: Schema.NonEmptyString,
  archivedOn: LocalDate
})

/** The events of a case. */
export const Event = Schema.Union([
  CaseRegistered,
  CaseAssignedFromAbove,
  InvestigationRecorded,
  HigherMediationRequested,
  MediationSessionHeld,
  CaseEscalated,
  CaseResultReported,
  CaseResolved,
  FollowUpVisitRecorded,
  CaseReopened,
  CaseArchived,
  CaseInformationReported,
  CaseInformationAcknowledged
])

/** An event of a case. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * 登记: registers a letter, visit, hotline call or case found in a household visit at the
 * actor's organization, which then holds it. A domestic-violence case names its households; a
 * case received on a reception day has the channel `reception-day` and names the day.
 */
export const RegisterCase = Schema.TaggedStruct("RegisterCase", {
  ...CommandFields,
  caseId: Id,
  organizationId: Id,
  receivedAt: Instant,
  ...caseFactsInput,
  receptionDayId: Schema.optional(Id)
})

/**
 * 交办: an organization assigns a case to one of its direct children, with a due date for the
 * result (policy `assignedCaseResultDays` after assignment when none is given).
 */
export const AssignCase = Schema.TaggedStruct("AssignCase", {
  ...CommandFields,
  caseId: Id,
  assignedBy: Id,
  organizationId: Id,
  dueOn: Schema.optional(LocalDate),
  ...caseFactsInput
})

/** Records the holder's investigation file and preliminary opinion. */
export const RecordCaseInvestigation = Schema.TaggedStruct("RecordCaseInvestigation", {
  ...CommandFields,
  caseId: Id,
  findings: personal(Narrative),
  preliminaryOpinion: personal(Narrative)
})

/** Records that a party of the case asked for higher-level mediation (要求上级调处). */
export const RecordHigherMediationRequest = Schema.TaggedStruct("RecordHigherMediationRequest", {
  ...CommandFields,
  caseId: Id,
  partyId: Id,
  requestedOn: LocalDate
})

/** Records a mediation session held on an open case. */
export const RecordMediationSession = Schema.TaggedStruct("RecordMediationSession", {
  ...CommandFields,
  caseId: Id,
  heldOn: LocalDate,
  mediators: NonEmptyList(personal(Name), caseListLimits.mediators),
  /** The mediators by person id, each on the holder's mediators' roster on the session's day. */
  mediatorIds: Schema.optional(List(PersonId, caseListLimits.mediators)),
  outcome: SessionOutcome,
  notes: personal(Narrative)
})

/**
 * 上报 / 上交: hands a case up to the direct parent of its holder. The command's `reason` is
 * the stated reason why it cannot be solved at this level (required except for sudden and
 * typical-infringement cases).
 */
export const EscalateCase = Schema.TaggedStruct("EscalateCase", {
  ...CommandFields,
  caseId: Id,
  to: Id
})

/**
 * 信息报告: informs the direct parent of the holder of a case, which the holder keeps working
 * on; for a sudden or typical case it meets the 24-hour rule as an escalation would.
 */
export const ReportCaseInformation = Schema.TaggedStruct("ReportCaseInformation", {
  ...CommandFields,
  caseId: Id,
  to: Id,
  summary: Schema.optional(personal(Text))
})

/** Acknowledges, for the organization informed, the information report(s) of a case awaiting it. */
export const AcknowledgeCaseInformation = Schema.TaggedStruct("AcknowledgeCaseInformation", {
  ...CommandFields,
  caseId: Id
})

/** Reports the result of an assigned case to the organization that assigned it. */
export const ReportCaseResult = Schema.TaggedStruct("ReportCaseResult", {
  ...CommandFields,
  caseId: Id,
  to: Id,
  result: personal(Narrative)
})

/** Resolves an open case; rights-infringement and domestic-violence cases say whether it was substantiated. */
export const ResolveCase = Schema.TaggedStruct("ResolveCase", {
  ...CommandFields,
  caseId: Id,
  resolvedOn: LocalDate,
  resolution: Resolution,
  substantiated: Schema.optional(Schema.Boolean),
  summary: Schema.optional(personal(Text))
})

/** Records a follow-up visit (回访) to a resolved case. */
export const RecordFollowUpVisit = Schema.TaggedStruct("RecordFollowUpVisit", {
  ...CommandFields,
  caseId: Id,
  visitedOn: LocalDate,
  notes: personal(Text)
})

/** Reopens a resolved or archived case after a relapse; the reason is required. */
export const ReopenCase = Schema.TaggedStruct("ReopenCase", {
  ...CommandFields,
  reason: Text,
  caseId: Id
})

/** Archives a resolved case whose procedure is complete; it is then closed. */
export const ArchiveCase = Schema.TaggedStruct("ArchiveCase", {
  ...CommandFields,
  caseId: Id
})

/** The commands of cases. */
export const Command = Schema.Union([
  RegisterCase,
  AssignCase,
  RecordCaseInvestigation,
  RecordHigherMediationRequest,
  RecordMediationSession,
  EscalateCase,
  ReportCaseResult,
  ResolveCase,
  RecordFollowUpVisit,
  ReopenCase,
  ArchiveCase,
  ReportCaseInformation,
  AcknowledgeCaseInformation
])

/** A command of cases. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** Where a case is in its life: open, resolved (awaiting follow-up and archiving), or archived (closed). */
export type Status = "open" | "resolved" | "archived"

/** A case assigned from above: by whom, to whom, and when its result is due. */
export interface Assignment {
  readonly assignedBy: string
  readonly assignee: string
  readonly dueOn: LocalDate
}

/** A registered case as known from its events. Personal data stays in the events only. */
export interface Registered {
  readonly registered: true
  readonly caseId: string
  /** Registered at its organization, or assigned from above. */
  readonly origin: "registered" | "assigned"
  readonly channel: Channel
  readonly category: Category
  readonly sudden: boolean
  readonly typicalInfringement: boolean
  readonly householdIds: ReadonlyArray<string>
  readonly partyIds: ReadonlyArray<string>
  readonly receivedAt: Instant
  readonly registeredAt: Instant
  /** The organization that holds the case now, and its level. */
  readonly holder: string
  readonly holderLevel: Organization.Level
  /** Every organization that held the case, in order: the first, then each escalation's target. */
  readonly holders: ReadonlyArray<string>
  readonly assignment: Assignment | undefined
  /** When the result of an assigned case was first reported. */
  readonly resultReportedAt: Instant | undefined
  readonly status: Status
  /** When the case was last opened: received, or reopened. */
  readonly openSince: Instant
  /** Condition (1), met while the present holder held it. */
  readonly higherMediationRequested: boolean
  /** Condition (2), met while the present holder held it. */
  readonly investigated: boolean
  readonly firstEscalatedAt: Instant | undefined
  /** When it was first reported up (信息报告). */
  readonly firstInformedAt: Instant | undefined
  /** The organizations informed of it whose acknowledgement is awaited, with their latest report. */
  readonly awaitingAcknowledgement: ReadonlyArray<{ readonly organizationId: string; readonly reportedAt: Instant }>
  /** The reception day it was received on, for the channel `reception-day`. */
  readonly receptionDayId: string | undefined
  readonly mediationSessions: number
  /** The latest resolution, kept after reopening until the next one. */
  readonly resolution:
    | { readonly resolvedOn: LocalDate; readonly resolution: Resolution; readonly substantiated: boolean | undefined }
    | undefined
  /** Whether a follow-up visit was recorded after the latest resolution. */
  readonly followedUp: boolean
  readonly reopenings: number
}

/** A case as known from its events: not registered yet, or registered. */
export type State = { readonly registered: false } | Registered

const opened = (
  event: typeof CaseRegistered.Type | typeof CaseAssignedFromAbove.Type,
  origin: Registered["origin"],
  registeredAt: Instant,
  assignment: Assignment | undefined
): Registered => ({
  registered: true,
  caseId: event.caseId,
  origin,
  channel: event.channel,
  category: event.category,
  sudden: event.sudden,
  typicalInfringement: event.typicalInfringement,
  householdIds: event.householdIds,
  partyIds: event.parties.map((p) => p.partyId),
  receivedAt: event.receivedAt,
  registeredAt,
  holder: event.organizationId,
  holderLevel: event.level,
  holders: [event.organizationId],
  assignment,
  resultReportedAt: undefined,
  status: "open",
  openSince: event.receivedAt,
  higherMediationRequested: false,
  investigated: false,
  firstEscalatedAt: undefined,
  firstInformedAt: undefined,
  awaitingAcknowledgement: [],
  receptionDayId: event._tag === "CaseRegistered" ? event.receptionDayId : undefined,
  mediationSessions: 0,
  resolution: undefined,
  followedUp: false,
  reopenings: 0
})

/** The case aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "case",
  events: Event,
  initial: { registered: false },
  evolve: (state, event) => {
    if (event._tag === "CaseRegistered") return opened(event, "registered", event.registeredAt, undefined)
    if (event._tag === "CaseAssignedFromAbove") {
      return opened(event, "assigned", event.receivedAt, {
        assignedBy: event.assignedBy,
        assignee: event.organizationId,
        dueOn: event.dueOn
      })
    }
    if (!state.registered) return state
    switch (event._tag) {
      case "InvestigationRecorded":
        return { ...state, investigated: true }
      case "HigherMediationRequested":
        return { ...state, higherMediationRequested: true }
      case "MediationSessionHeld":
        return { ...state, mediationSessions: state.mediationSessions + 1 }
      case "CaseEscalated":
        return {
          ...state,
          holder: event.to,
          holderLevel: event.toLevel,
          holders: [...state.holders, event.to],
          higherMediationRequested: false,
          investigated: false,
          firstEscalatedAt: state.firstEscalatedAt ?? event.escalatedAt
        }
      case "CaseResultReported":
        return { ...state, resultReportedAt: state.resultReportedAt ?? event.reportedAt }
      case "CaseResolved":
        return {
          ...state,
          status: "resolved",
          resolution: { resolvedOn: event.resolvedOn, resolution: event.resolution, substantiated: event.substantiated },
          followedUp: false
        }
      case "FollowUpVisitRecorded":
        return { ...state, followedUp: true }
      case "CaseReopened":
        return { ...state, status: "open", openSince: event.reopenedAt, reopenings: state.reopenings + 1 }
      case "CaseArchived":
        return { ...state, status: "archived" }
      case "CaseInformationReported":
        return {
          ...state,
          firstInformedAt: state.firstInformedAt ?? event.reportedAt,
          awaitingAcknowledgement: [
            ...state.awaitingAcknowledgement.filter((a) => a.organizationId !== event.to),
            { organizationId: event.to, reportedAt: event.reportedAt }
          ]
        }
      case "CaseInformationAcknowledged":
        return { ...state, awaitingAcknowledgement: state.awaitingAcknowledgement.filter((a) => a.organizationId !== event.by) }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Queries: the case ledger (案件台帐) and its flags. Pure; days are local days of the calendar.
// ---------------------------------------------------------------------------------------------

/** Where the case is in its life; `undefined` for a case not registered. */
export const status = (state: State): Status | undefined => (state.registered ? state.status : undefined)

/** The organization that holds the case now. */
export const heldBy = (state: State): string | undefined => (state.registered ? state.holder : undefined)

/** The level at which the case is held now (社区, 街道, …). */
export const levelHeld = (state: State): Organization.Level | undefined => (state.registered ? state.holderLevel : undefined)

/** Whole local days from the day the case was received to `today` (its age in the ledger). */
export const ageDays = (state: State, today: LocalDate, calendar: Calendar): number | undefined =>
  state.registered ? daysBetween(calendar.dateOf(state.receivedAt), today) : undefined

/**
 * 登记不及时: registered more than `policy.caseRegistrationDays` local days after the day it was
 * received. A case assigned from above is received and registered at the moment of
 * assignment, so it is never late.
 */
export const lateRegistration = (state: State, policy: PolicyShape): boolean => {
  if (!state.registered) return false
  const calendar = calendarOf(policy)
  return daysBetween(calendar.dateOf(state.receivedAt), calendar.dateOf(state.registeredAt)) > policy.caseRegistrationDays
}

/**
 * Whether the result of an assigned case is still owed: it was assigned, not yet reported,
 * and the assignee still holds it (a case handed back up to the assigner owes no report).
 */
export const resultOwed = (state: State): boolean =>
  state.registered && state.assignment !== undefined && state.resultReportedAt === undefined &&
  state.holder === state.assignment.assignee

/** 上报结果逾期: the result of an assigned case is owed and on `today` its due date has passed. */
export const resultOverdue = (state: State, today: LocalDate): boolean =>
  resultOwed(state) && state.registered && state.assignment !== undefined && today > state.assignment.dueOn

/** The result of an assigned case was reported, but on a local day after its due date. */
export const resultReportedLate = (state: State, policy: PolicyShape): boolean =>
  state.registered && state.assignment !== undefined && state.resultReportedAt !== undefined &&
  calendarOf(policy).dateOf(state.resultReportedAt) > state.assignment.dueOn

/** Whether a case must be escalated promptly: a sudden or typical-infringement case registered at its organization. */
export const urgent = (state: State): boolean =>
  state.registered && state.origin === "registered" && (state.sudden || state.typicalInfringement)

/**
 * When the case was first reported up: its first information report (信息报告) or its first
 * escalation, whichever came first.
 */
export const firstReportedUpAt = (state: State): Instant | undefined => {
  if (!state.registered) return undefined
  const { firstEscalatedAt: escalated, firstInformedAt: informed } = state
  if (escalated === undefined) return informed
  if (informed === undefined) return escalated
  return toMillis(informed) < toMillis(escalated) ? informed : escalated
}

/**
 * 未及时上报: a sudden or typical-infringement case not reported up within
 * `policy.urgentEscalationHours` of registration — neither informed up nor escalated after that
 * time, or first reported up later (`firstReportedUpAt`). (A case registered at the top
 * organization of a deployment, having no level to go to, is flagged too: the ledger shows it
 * for the cadre to explain.)
 */
export const urgentEscalationOverdue = (state: State, now: number, policy: PolicyShape): boolean => {
  if (!state.registered || !urgent(state)) return false
  const deadline = toMillis(state.registeredAt) + policy.urgentEscalationHours * HOUR
  const reportedUp = firstReportedUpAt(state)
  return reportedUp === undefined ? now > deadline : toMillis(reportedUp) > deadline
}

/** The date by which the follow-up visit of a resolved case is due, while it is pending. */
export const followUpDueOn = (state: State, policy: PolicyShape): LocalDate | undefined =>
  state.registered && state.status === "resolved" && !state.followedUp && state.resolution !== undefined
    ? addDays(state.resolution.resolvedOn, policy.followUpDays)
    : undefined

/** 回访逾期: a resolved case whose follow-up visit is past its due date on `today`. */
export const followUpOverdue = (state: State, today: LocalDate, policy: PolicyShape): boolean => {
  const due = followUpDueOn(state, policy)
  return due !== undefined && today > due
}

/** A flag of the case ledger. */
export type Flag =
  | "late-registration"
  | "result-overdue"
  | "result-reported-late"
  | "urgent-escalation-overdue"
  | "follow-up-overdue"

/** Every flag the case ledger shows for a case, judged at a moment and on its local day. */
export const flags = (state: State, at: JudgedAt, policy: PolicyShape): ReadonlyArray<Flag> => {
  const raised: Array<Flag> = []
  if (lateRegistration(state, policy)) raised.push("late-registration")
  if (resultOverdue(state, at.date)) raised.push("result-overdue")
  if (resultReportedLate(state, policy)) raised.push("result-reported-late")
  if (urgentEscalationOverdue(state, at.millis, policy)) raised.push("urgent-escalation-overdue")
  if (followUpOverdue(state, at.date, policy)) raised.push("follow-up-overdue")
  return raised
}

/** A condition of handing an ordinary dispute up (seed 002 综治 三). */
export type EscalationCondition = "party-request" | "investigation" | "reason"

/**
 * The conditions of handing up that are not met, for a case and the reason given: none for a
 * sudden or typical-infringement case; all three for an ordinary dispute; a reason for the
 * rest.
 */
export const missingEscalationConditions = (state: Registered, reason: string | undefined): ReadonlyArray<EscalationCondition> => {
  if (state.sudden || state.typicalInfringement) return []
  const hasReason = reason !== undefined && reason.trim().length > 0
  if (state.category !== "ordinary-dispute") return hasReason ? [] : ["reason"]
  const missing: Array<EscalationCondition> = []
  if (!state.higherMediationRequested) missing.push("party-request")
  if (!state.investigated) missing.push("investigation")
  if (!hasReason) missing.push("reason")
  return missing
}

/**
 * The household events a case decision implies (零家庭暴力, §5): a domestic-violence case
 * resolved as substantiated marks each of its households; a reopened one whose latest finding
 * was substantiated, resolved now as not substantiated, withdraws that finding from each.
 */
export const householdFindings = (state: State, events: ReadonlyArray<Event>): ReadonlyArray<Household.Finding> => {
  if (!state.registered || state.category !== "domestic-violence") return []
  const findingStands = state.resolution?.substantiated === true
  return events.flatMap((e): ReadonlyArray<Household.Finding> => {
    if (e._tag !== "CaseResolved") return []
    const finding = { caseId: e.caseId, resolvedOn: e.resolvedOn }
    if (e.substantiated === true) return state.householdIds.map((householdId) => Household.DomesticViolenceSubstantiated.make({ householdId, ...finding }))
    if (e.substantiated === false && findingStands) {
      return state.householdIds.map((householdId) => Household.DomesticViolenceFindingWithdrawn.make({ householdId, ...finding }))
    }
    return []
  })
}

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a case command was refused. */
export class CaseRejected extends Schema.TaggedError<CaseRejected>()("CaseRejected", {
  reason: Schema.Literals([
    "AlreadyRegistered",
    "NotRegistered",
    "NotHeld",
    "DuplicateParty",
    "DuplicateHousehold",
    "HouseholdRequired",
    "TypicalInfringementNotARightsCase",
    "NotADirectChild",
    "ReceivedAfterRegistration",
    "DateTooEarly",
    "UnknownParty",
    "NotOpen",
    "NotResolved",
    "StillOpen",
    "CaseClosed",
    "NoHigherLevel",
    "NotTheDirectParent",
    "EscalationConditionsMissing",
    "NotAssigned",
    "NotTheAssigner",
    "ResultNoLongerOwed",
    "SubstantiationRequired",
    "SubstantiationNotApplicable",
    "FollowUpPending",
    "ResultNotReported",
    "ReasonRequired",
    "ReceptionDayRequired",
    "ReceptionDayNotApplicable",
    "UnknownReceptionDay",
    "NotReceivedOnReceptionDay",
    "DuplicateMediator",
    "MediatorNotOnRoster",
    "NoInformationReport"
  ]),
  caseId: Schema.String,
  /** For `EscalationConditionsMissing`: the conditions of handing up that are not met. */
  missing: Schema.optional(Schema.Array(Schema.Literals(["party-request", "investigation", "reason"]))),
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/**
 * What a decision needs besides the command and the case: when its fact happened (the moment
 * of a registration, an assignment, an escalation, a result reported or a reopening; the day
 * of the rest), the calendar, the policy, and the organization the command turns on — the
 * registering organization (`RegisterCase`), the assignee (`AssignCase`) or the holder
 * (`EscalateCase`, `ReportCaseInformation`) — and, where the command names them, the
 * organization's reception days (`RegisterCase`) and the holder's mediators' roster
 * (`RecordMediationSession`).
 */
export interface Facts {
  readonly occurred: Occurred
  readonly calendar: Calendar
  readonly policy: PolicyShape
  readonly organization?: Organization.State | undefined
  readonly receptionDays?: Reception.State | undefined
  readonly mediators?: Mediation.State | undefined
}

const reject = (reason: CaseRejected["reason"], caseId: string, detail: string) =>
  Effect.fail(new CaseRejected({ reason, caseId, detail }))

const forbid = (command: Command, rule: string) =>
  Effect.fail(new Unauthorized({ command: command._tag, actor: command.actor, rule }))

const conditionText: Record<EscalationCondition, string> = {
  "party-request": "no party has asked for higher-level mediation (当事人要求上级调处的报告)",
  investigation: "no investigation file and preliminary opinion at this level (调查材料和初步意见)",
  reason: "no stated reason why it cannot be solved at this level (确实解决不了的理由)"
}

type NewCase = typeof RegisterCase.Type | typeof AssignCase.Type

/** Checks the facts of a new case: unique parties and households, DV cases name households. */
const checkFacts = (caseId: string, facts: NewCase) => {
  const partyIds = facts.parties.map((p) => p.partyId)
  if (new Set(partyIds).size !== partyIds.length) {
    return reject("DuplicateParty", caseId, `case ${caseId} names a party id twice`)
  }
  if (new Set(facts.householdIds).size !== facts.householdIds.length) {
    return reject("DuplicateHousehold", caseId, `case ${caseId} names a household twice`)
  }
  if (facts.category === "domestic-violence" && facts.householdIds.length === 0) {
    return reject("HouseholdRequired", caseId, `domestic-violence case ${caseId} must name the household(s) concerned`)
  }
  if (facts.typicalInfringement && facts.category !== "rights-infringement" && facts.category !== "domestic-violence") {
    return reject(
      "TypicalInfringementNotARightsCase",
      caseId,
      `case ${caseId} is a ${facts.category}: only rights-infringement and domestic-violence cases are typical infringement cases`
    )
  }
  return undefined
}

/** The facts of a new case as the event keeps them. */
const factsOf = (c: NewCase) => ({
  channel: c.channel,
  category: c.category,
  sudden: c.sudden,
  typicalInfringement: c.typicalInfringement,
  householdIds: c.householdIds,
  parties: c.parties,
  narrative: c.narrative,
  address: c.address
})

/** Checks the day of an act on an open case: not before the case was (re)opened. */
const checkDate = (state: Registered, date: LocalDate, what: string, calendar: Calendar) => {
  const since = calendar.dateOf(state.openSince)
  if (date < since) return reject("DateTooEarly", state.caseId, `${what} ${date} is before the case was opened on ${since}`)
  return undefined
}

/** Checks the moment of an act on a case: not before the case was (re)opened. */
const checkMoment = (state: Registered, at: Instant, what: string, calendar: Calendar) =>
  toMillis(at) < toMillis(state.openSince)
    ? reject("DateTooEarly", state.caseId, `${what} ${calendar.format(at)} is before the case was opened at ${calendar.format(state.openSince)}`)
    : undefined

/**
 * Checks the reception day of a new registration: a case with the channel `reception-day`
 * names one of the organization's reception days, on the local day it was received; a case
 * with another channel names none.
 */
const checkReceptionDay = (command: typeof RegisterCase.Type, days: Reception.State | undefined, calendar: Calendar) => {
  const { caseId, receptionDayId, organizationId } = command
  if (command.channel !== "reception-day") {
    return receptionDayId === undefined ? undefined : reject(
      "ReceptionDayNotApplicable",
      caseId,
      `case ${caseId} came by ${command.channel}: only a case received on a reception day (channel reception-day) names one`
    )
  }
  if (receptionDayId === undefined) {
    return reject("ReceptionDayRequired", caseId, `case ${caseId} was received on a reception day (信访接待日): name the reception day`)
  }
  const day = days === undefined ? undefined : Reception.dayOf(days, receptionDayId)
  if (day === undefined) return reject("UnknownReceptionDay", caseId, `${organizationId} has no reception day ${receptionDayId}`)
  const receivedOn = calendar.dateOf(command.receivedAt)
  if (day.on !== receivedOn) {
    return reject(
      "NotReceivedOnReceptionDay",
      caseId,
      `case ${caseId} was received on ${receivedOn}, and reception day ${receptionDayId} of ${organizationId} is on ${day.on}`
    )
  }
  return undefined
}

/** Checks the mediators a session names by id: each once, each on the holder's roster on the session's day. */
const checkMediatorIds = (state: Registered, command: typeof RecordMediationSession.Type, roster: Mediation.State | undefined) => {
  const ids = command.mediatorIds
  if (ids === undefined) return undefined
  if (new Set(ids).size !== ids.length) return reject("DuplicateMediator", state.caseId, `the session of case ${state.caseId} names a mediator twice`)
  const off = ids.find((id) => roster === undefined || !Mediation.servingOn(roster, id, command.heldOn))
  if (off !== undefined) {
    return reject(
      "MediatorNotOnRoster",
      state.caseId,
      `a session names mediators from the roster (调解员名册), and ${off} is not on the mediators' roster of ${state.holder} on ${command.heldOn}`
    )
  }
  return undefined
}

/** Checks that `to` is the direct parent of the holder (逐级: level by level); gives the parent's level. */
const directParent = (state: Registered, to: string, holder: Organization.State | undefined, act: "hands up to" | "informs") => {
  const caseId = state.caseId
  if (holder?.level === undefined || holder.organizationId !== state.holder) {
    return reject("NotRegistered", caseId, `the holder ${state.holder} of case ${caseId} is not registered`)
  }
  const above = Organization.levelAbove(holder.level)
  if (holder.parentId === undefined || above === undefined) {
    return reject("NoHigherLevel", caseId, `${state.holder} has no organization above it: nothing ${act} it of case ${caseId}`)
  }
  if (to !== holder.parentId) {
    return reject(
      "NotTheDirectParent",
      caseId,
      `cases go up level by level: ${state.holder} ${act} ${holder.parentId}, not ${to}`
    )
  }
  return Effect.succeed(above)
}

/** Hands an open case up to its holder's direct parent, once the conditions of its kind are met. */
const escalation = (state: Registered, command: typeof EscalateCase.Type, above: Organization.Level, escalatedAt: Instant) => {
  const caseId = state.caseId
  const missing = missingEscalationConditions(state, command.reason)
  if (missing.length > 0) {
    const rule = state.category === "ordinary-dispute"
      ? "an ordinary dispute is handed up only with a party's request, the investigation file and preliminary opinion, and a stated reason"
      : "a case that is neither sudden nor typical is handed up only with a stated reason"
    return Effect.fail(
      new CaseRejected({
        reason: "EscalationConditionsMissing",
        caseId,
        missing,
        detail: `case ${caseId} cannot be handed up: ${rule}; missing: ${missing.map((m) => conditionText[m]).join("; ")}`
      })
    )
  }
  const basis: EscalationBasis = state.sudden || state.typicalInfringement
    ? "sudden-or-typical"
    : state.category === "ordinary-dispute"
    ? "three-conditions"
    : "stated-reason"
  const reason = command.reason?.trim() ? command.reason : undefined
  return Effect.succeed([
    CaseEscalated.make({ caseId, from: state.holder, to: command.to, toLevel: above, escalatedAt, basis, reason })
  ])
}

/** Decides a case command, given the case and the facts it needs (see `Facts`). */
export const decide = (
  command: Command,
  state: State,
  facts: Facts
): Effect.Effect<ReadonlyArray<Event>, CaseRejected | Unauthorized> => {
  const { occurred, calendar } = facts
  const caseId = command.caseId
  switch (command._tag) {
    case "RegisterCase": {
      if (command.actor.organization !== command.organizationId) {
        return forbid(command, "a case is registered by the organization that received it")
      }
      if (state.registered) return reject("AlreadyRegistered", caseId, `case ${caseId} is already registered`)
      const registeredAt = momentOf(occurred)
      if (toMillis(command.receivedAt) > toMillis(registeredAt)) {
        return reject(
          "ReceivedAfterRegistration",
          caseId,
          `case ${caseId} cannot have been received at ${calendar.format(command.receivedAt)}, after it was registered (${calendar.format(registeredAt)})`
        )
      }
      const invalid = checkFacts(caseId, command)
      if (invalid) return invalid
      const organization = facts.organization
      if (!organization?.registered || organization.level === undefined) {
        return reject("NotRegistered", caseId, `organization ${command.organizationId} is not registered`)
      }
      const notOnTheDay = checkReceptionDay(command, facts.receptionDays, calendar)
      if (notOnTheDay) return notOnTheDay
      return Effect.succeed([
        CaseRegistered.make({
          caseId,
          organizationId: command.organizationId,
          level: organization.level,
          receivedAt: calendar.instantOf(toMillis(command.receivedAt)),
          registeredAt,
          ...factsOf(command),
          ...(command.receptionDayId === undefined ? {} : { receptionDayId: command.receptionDayId })
        })
      ])
    }
    case "AssignCase": {
      if (command.actor.organization !== command.assignedBy) {
        return forbid(command, "a case is assigned by a cadre or committee member of the assigning organization")
      }
      if (state.registered) return reject("AlreadyRegistered", caseId, `case ${caseId} is already registered`)
      const assignee = facts.organization
      if (!assignee?.registered || assignee.level === undefined) {
        return reject("NotRegistered", caseId, `organization ${command.organizationId} is not registered`)
      }
      if (assignee.parentId !== command.assignedBy) {
        return reject(
          "NotADirectChild",
          caseId,
          `${command.assignedBy} may assign cases only to the organizations directly below it, and ${command.organizationId} is not one`
        )
      }
      const assignedAt = momentOf(occurred)
      if (command.dueOn !== undefined && command.dueOn < occurred.on) {
        return reject("DateTooEarly", caseId, `the result cannot be due on ${command.dueOn}, before the assignment on ${occurred.on}`)
      }
      const invalid = checkFacts(caseId, command)
      if (invalid) return invalid
      return Effect.succeed([
        CaseAssignedFromAbove.make({
          caseId,
          assignedBy: command.assignedBy,
          organizationId: command.organizationId,
          level: assignee.level,
          receivedAt: assignedAt,
          dueOn: command.dueOn ?? addDays(occurred.on, facts.policy.assignedCaseResultDays),
          ...factsOf(command)
        })
      ])
    }
  }

  // The one act by an organization that does not hold the case: the informed level's
  // acknowledgement. Unknown, and not reported to it, get the same answer.
  if (command._tag === "AcknowledgeCaseInformation") {
    const by = command.actor.organization
    const awaiting = state.registered ? state.awaitingAcknowledgement.find((a) => a.organizationId === by) : undefined
    if (!state.registered || awaiting === undefined) {
      return reject("NoInformationReport", caseId, `${by} has no information report of case ${caseId} awaiting its acknowledgement`)
    }
    if (state.status === "archived") return reject("CaseClosed", caseId, `case ${caseId} is archived: it can only be reopened`)
    const acknowledgedAt = momentOf(occurred)
    if (toMillis(acknowledgedAt) < toMillis(awaiting.reportedAt)) {
      return reject(
        "DateTooEarly",
        caseId,
        `the report of case ${caseId} cannot be acknowledged at ${calendar.format(acknowledgedAt)}, before it was made (${calendar.format(awaiting.reportedAt)})`
      )
    }
    return Effect.succeed([CaseInformationAcknowledged.make({ caseId, by, acknowledgedAt })])
  }

  // Only the organization holding a case acts on it; unknown and held elsewhere get the same
  // answer, which names no other organization (§10).
  if (!state.registered || command.actor.organization !== state.holder) {
    return reject("NotHeld", caseId, `${command.actor.organization} holds no case ${caseId}: only the organization holding a case acts on it`)
  }
  if (state.status === "archived" && command._tag !== "ReopenCase") {
    return reject("CaseClosed", caseId, `case ${caseId} is archived: it can only be reopened`)
  }
  const mustBeOpen = () =>
    state.status === "open"
      ? undefined
      : reject("NotOpen", caseId, `case ${caseId} is resolved: reopen it before working on it again`)

  switch (command._tag) {
    case "RecordCaseInvestigation": {
      const refused = mustBeOpen() ?? checkDate(state, occurred.on, "the investigation date", calendar)
      if (refused) return refused
      return Effect.succeed([
        InvestigationRecorded.make({
          caseId,
          organizationId: state.holder,
          recordedOn: occurred.on,
          findings: command.findings,
          preliminaryOpinion: command.preliminaryOpinion
        })
      ])
    }
    case "RecordHigherMediationRequest": {
      const refused = mustBeOpen() ?? checkDate(state, command.requestedOn, "the request date", calendar)
      if (refused) return refused
      if (!state.partyIds.includes(command.partyId)) {
        return reject("UnknownParty", caseId, `${command.partyId} is not a party of case ${caseId}`)
      }
      return Effect.succeed([
        HigherMediationRequested.make({ caseId, organizationId: state.holder, partyId: command.partyId, requestedOn: command.requestedOn })
      ])
    }
    case "RecordMediationSession": {
      const refused = mustBeOpen() ?? checkDate(state, command.heldOn, "the session date", calendar) ??
        checkMediatorIds(state, command, facts.mediators)
      if (refused) return refused
      return Effect.succeed([
        MediationSessionHeld.make({
          caseId,
          organizationId: state.holder,
          heldOn: command.heldOn,
          mediators: command.mediators,
          ...(command.mediatorIds === undefined ? {} : { mediatorIds: command.mediatorIds }),
          outcome: command.outcome,
          notes: command.notes
        })
      ])
    }
    case "EscalateCase": {
      const escalatedAt = momentOf(occurred)
      const refused = mustBeOpen() ?? checkMoment(state, escalatedAt, "the escalation at", calendar)
      if (refused) return refused
      return Effect.flatMap(directParent(state, command.to, facts.organization, "hands up to"), (above) => escalation(state, command, above, escalatedAt))
    }
    case "ReportCaseInformation": {
      const reportedAt = momentOf(occurred)
      const refused = checkMoment(state, reportedAt, "the information report at", calendar)
      if (refused) return refused
      return Effect.map(directParent(state, command.to, facts.organization, "informs"), () => [
        CaseInformationReported.make({
          caseId,
          from: state.holder,
          to: command.to,
          reportedAt,
          ...(command.summary === undefined ? {} : { summary: command.summary })
        })
      ])
    }
    case "ReportCaseResult": {
      if (state.assignment === undefined) {
        return reject("NotAssigned", caseId, `case ${caseId} was not assigned from above: there is no result to report`)
      }
      if (state.holder !== state.assignment.assignee) {
        return reject("ResultNoLongerOwed", caseId, `case ${caseId} was handed back up to ${state.holder}: no result is owed to it`)
      }
      if (command.to !== state.assignment.assignedBy) {
        return reject(
          "NotTheAssigner",
          caseId,
          `the result of case ${caseId} is reported to ${state.assignment.assignedBy}, which assigned it, not to ${command.to}`
        )
      }
      const reportedAt = momentOf(occurred)
      if (toMillis(reportedAt) < toMillis(state.receivedAt)) {
        return reject("DateTooEarly", caseId, `the result of case ${caseId} cannot be reported at ${calendar.format(reportedAt)}, before the case was assigned (${calendar.format(state.receivedAt)})`)
      }
      return Effect.succeed([
        CaseResultReported.make({ caseId, from: state.holder, to: command.to, reportedAt, result: command.result })
      ])
    }
    case "ResolveCase": {
      const refused = mustBeOpen() ?? checkDate(state, command.resolvedOn, "the resolution date", calendar)
      if (refused) return refused
      const needsFinding = state.category === "rights-infringement" || state.category === "domestic-violence"
      if (needsFinding && command.substantiated === undefined) {
        return reject("SubstantiationRequired", caseId, `a ${state.category} case is resolved saying whether the complaint was substantiated (查实)`)
      }
      if (!needsFinding && command.substantiated !== undefined) {
        return reject(
          "SubstantiationNotApplicable",
          caseId,
          `only rights-infringement and domestic-violence cases are found substantiated or not; case ${caseId} is a ${state.category}`
        )
      }
      return Effect.succeed([
        CaseResolved.make({
          caseId,
          organizationId: state.holder,
          resolvedOn: command.resolvedOn,
          resolution: command.resolution,
          substantiated: command.substantiated,
          summary: command.summary
        })
      ])
    }
    case "RecordFollowUpVisit": {
      if (state.status !== "resolved" || state.resolution === undefined) {
        return reject("NotResolved", caseId, `case ${caseId} is not resolved: a follow-up visit comes after the resolution`)
      }
      if (command.visitedOn < state.resolution.resolvedOn) {
        return reject("DateTooEarly", caseId, `the visit date ${command.visitedOn} is before the resolution on ${state.resolution.resolvedOn}`)
      }
      return Effect.succeed([FollowUpVisitRecorded.make({ caseId, visitedOn: command.visitedOn, notes: command.notes })])
    }
    case "ReopenCase": {
      if (state.status === "open") return reject("StillOpen", caseId, `case ${caseId} is still open: only a resolved or archived case is reopened`)
      if (command.reason === undefined || command.reason.trim().length === 0) {
        return reject("ReasonRequired", caseId, `reopening case ${caseId} needs the reason (the relapse)`)
      }
      const reopenedAt = momentOf(occurred)
      const resolvedOn = state.resolution?.resolvedOn
      if (resolvedOn !== undefined && calendar.dateOf(reopenedAt) < resolvedOn) {
        return reject("DateTooEarly", caseId, `case ${caseId} cannot be reopened at ${calendar.format(reopenedAt)}, before it was resolved on ${resolvedOn}`)
      }
      return Effect.succeed([CaseReopened.make({ caseId, reopenedAt, reason: command.reason })])
    }
    case "ArchiveCase": {
      if (state.status !== "resolved") {
        return reject("NotResolved", caseId, `case ${caseId} is not resolved: only a resolved case is archived`)
      }
      if (!state.followedUp) {
        return reject("FollowUpPending", caseId, `case ${caseId} is archived after its follow-up visit (纠纷回访), which is not recorded`)
      }
      if (resultOwed(state)) {
        return reject("ResultNotReported", caseId, `case ${caseId} was assigned from above: report its result before archiving it`)
      }
      const resolvedOn = state.resolution?.resolvedOn
      if (resolvedOn !== undefined && occurred.on < resolvedOn) {
        return reject("DateTooEarly", caseId, `case ${caseId} cannot be archived on ${occurred.on}, before it was resolved on ${resolvedOn}`)
      }
      return Effect.succeed([CaseArchived.make({ caseId, archivedOn: occurred.on })])
    }
  }
}

/** The facts of a context, with the organization a command turns on. */
const factsFrom = (ctx: DecisionContext, organization?: Organization.State, more: Pick<Facts, "receptionDays" | "mediators"> = {}): Facts => ({
  occurred: ctx.occurred,
  calendar: ctx.calendar,
  policy: ctx.policy,
  organization,
  ...more
})

/**
 * Loads the households a new case names: each must be registered in the case's organization
 * or one below it — for a building (楼栋), in its community, where its households are
 * registered. A case names no other organization's household.
 */
const loadHouseholds = (ctx: DecisionContext, householdIds: ReadonlyArray<string>, organization: Required<Organization.State>) => {
  const area = organization.level === "building" && organization.parentId !== undefined ? organization.parentId : organization.organizationId
  return Effect.forEach(householdIds, (id) => Household.loadInArea(ctx, id, area), { discard: true })
}

/** Decides a command on an existing case whose decision needs nothing but the case. */
const simple = <C extends Command>(command: C, ctx: DecisionContext) =>
  Effect.gen(function*() {
    const state = yield* ctx.load(aggregate, command.caseId)
    return [emit(aggregate, command.caseId, yield* decide(command, state, factsFrom(ctx)))]
  })

/** Decides a command that turns on the holder's place in the chain (handing up, informing up). */
const withHolder = (command: typeof EscalateCase.Type | typeof ReportCaseInformation.Type, ctx: DecisionContext) =>
  Effect.gen(function*() {
    const state = yield* ctx.load(aggregate, command.caseId)
    const holder = state.registered ? yield* Organization.loadRegistered(ctx, state.holder) : undefined
    return [emit(aggregate, command.caseId, yield* decide(command, state, factsFrom(ctx, holder)))]
  })

/** The handlers of case commands. */
export const handlers = {
  RegisterCase: (command: typeof RegisterCase.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      // The scope first: nothing is read for an organization the actor does not act for.
      if (command.actor.organization !== command.organizationId) return yield* forbid(command, "a case is registered by the organization that received it")
      const state = yield* ctx.load(aggregate, command.caseId)
      const organization = yield* Organization.loadRegistered(ctx, command.organizationId)
      yield* loadHouseholds(ctx, command.householdIds, organization)
      const receptionDays = command.channel === "reception-day" || command.receptionDayId !== undefined
        ? yield* ctx.load(Reception.aggregate, command.organizationId)
        : undefined
      return [emit(aggregate, command.caseId, yield* decide(command, state, factsFrom(ctx, organization, { receptionDays })))]
    }),
  AssignCase: (command: typeof AssignCase.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      if (command.actor.organization !== command.assignedBy) {
        return yield* forbid(command, "a case is assigned by a cadre or committee member of the assigning organization")
      }
      const state = yield* ctx.load(aggregate, command.caseId)
      const assignee = yield* Organization.loadRegistered(ctx, command.organizationId)
      yield* loadHouseholds(ctx, command.householdIds, assignee)
      return [emit(aggregate, command.caseId, yield* decide(command, state, factsFrom(ctx, assignee)))]
    }),
  RecordCaseInvestigation: (command: typeof RecordCaseInvestigation.Type, ctx: DecisionContext) => simple(command, ctx),
  RecordHigherMediationRequest: (command: typeof RecordHigherMediationRequest.Type, ctx: DecisionContext) => simple(command, ctx),
  RecordMediationSession: (command: typeof RecordMediationSession.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.caseId)
      // The roster joins the append's check: a mediator leaving meanwhile retries the decision.
      const mediators = command.mediatorIds !== undefined && state.registered && state.holder === command.actor.organization
        ? yield* ctx.load(Mediation.aggregate, state.holder)
        : undefined
      return [emit(aggregate, command.caseId, yield* decide(command, state, factsFrom(ctx, undefined, { mediators })))]
    }),
  EscalateCase: (command: typeof EscalateCase.Type, ctx: DecisionContext) => withHolder(command, ctx),
  ReportCaseInformation: (command: typeof ReportCaseInformation.Type, ctx: DecisionContext) => withHolder(command, ctx),
  AcknowledgeCaseInformation: (command: typeof AcknowledgeCaseInformation.Type, ctx: DecisionContext) => simple(command, ctx),
  ReportCaseResult: (command: typeof ReportCaseResult.Type, ctx: DecisionContext) => simple(command, ctx),
  ResolveCase: (command: typeof ResolveCase.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.caseId)
      const events = yield* decide(command, state, factsFrom(ctx))
      // The households are loaded, so their versions are checked by the same atomic append.
      const households = yield* Effect.forEach(householdFindings(state, events), (finding) =>
        Effect.as(Household.loadRegistered(ctx, finding.householdId), emit(Household.aggregate, finding.householdId, [finding])))
      return [emit(aggregate, command.caseId, events), ...households]
    }),
  RecordFollowUpVisit: (command: typeof RecordFollowUpVisit.Type, ctx: DecisionContext) => simple(command, ctx),
  ReopenCase: (command: typeof ReopenCase.Type, ctx: DecisionContext) => simple(command, ctx),
  ArchiveCase: (command: typeof ArchiveCase.Type, ctx: DecisionContext) => simple(command, ctx)
}

/**
 * Who may give each command at all (§10); that the actor acts for the holder (or for the
 * registering or assigning organization) is checked in `decide`. Registering: the committee,
 * mediators, representatives (who find cases in household visits) and the organization's
 * cadres. Working a case (investigation, a party's request, mediation, resolution, reopening):
 * the committee, mediators and cadres. Deciding for the organization (assigning down, handing
 * up, informing up and acknowledging, reporting a result, archiving): the committee and cadres. Follow-up visits: also
 * representatives.
 */
export const permissions = {
  RegisterCase: ["chair", "vice-chair", "executive-member", "mediator", "representative"],
  AssignCase: ["chair", "vice-chair", "executive-member", "upper-cadre"],
  RecordCaseInvestigation: ["chair", "vice-chair", "executive-member", "mediator"],
  RecordHigherMediationRequest: ["chair", "vice-chair", "executive-member", "mediator"],
  RecordMediationSession: ["chair", "vice-chair", "executive-member", "mediator"],
  EscalateCase: ["chair", "vice-chair", "executive-member"],
  ReportCaseResult: ["chair", "vice-chair", "executive-member"],
  ResolveCase: ["chair", "vice-chair", "executive-member", "mediator"],
  RecordFollowUpVisit: ["chair", "vice-chair", "executive-member", "mediator", "representative"],
  ReopenCase: ["chair", "vice-chair", "executive-member", "mediator"],
  ArchiveCase: ["chair", "vice-chair", "executive-member"],
  ReportCaseInformation: ["chair", "vice-chair", "executive-member"],
  AcknowledgeCaseInformation: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/**
 * When each command's fact happened (`FactTime`). A registration, an assignment, an
 * escalation, an information report and its acknowledgement, a result reported and a reopening
 * are moments, which their events record (the
 * 24-hour rule of sudden cases is counted in hours); a mediation request, a session, a
 * resolution and a follow-up visit happen on their own dates; an investigation and archiving
 * on a day.
 */
export const times = {
  RegisterCase: "moment",
  AssignCase: "moment",
  RecordCaseInvestigation: "day",
  RecordHigherMediationRequest: { field: "requestedOn" },
  RecordMediationSession: { field: "heldOn" },
  EscalateCase: "moment",
  ReportCaseResult: "moment",
  ResolveCase: { field: "resolvedOn" },
  RecordFollowUpVisit: { field: "visitedOn" },
  ReopenCase: "moment",
  ArchiveCase: "day",
  ReportCaseInformation: "moment",
  AcknowledgeCaseInformation: "moment"
} as const satisfies Record<Command["_tag"], FactTime>
