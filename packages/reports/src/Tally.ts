/**
 * 报表底数: the figures every report is made of, folded from the event log by one projection
 * for one organization, the organizations below it, and a period. The monthly report
 * (`MonthlyReport`) and the work summary (`WorkSummary`) are read off this state; neither
 * keeps anything of its own, so a report is exactly a function of the events up to a position.
 *
 *   const state = yield* Projection.foldUpTo(Tally.projection({ organizationId: "s1", from: "2023-01-01", to: "2023-12-31" }), position)
 *
 * What is counted where:
 * - An organization is in scope when it is the report's organization or was registered below
 *   one in scope; its figures are those of events naming it (`organizationId`, the holder of a
 *   case, the organization of a meeting, campaign or term).
 * - A figure of the period counts what happened on a day within it, by the date the event
 *   records (`heldOn`, `resolvedOn`, …; the UTC date of an instant), not by when it was
 *   recorded. Figures "at the end" (open cases, active volunteers and pairs) are the state
 *   on the period's last day.
 * - No personal data enters the state: names, narratives, notes and amounts' donors stay in
 *   the events. Counting distinct households needs their ids only.
 *
 * The state is plain JSON, as `Projection` requires. Records that grow with the log (cases,
 * households, meetings, …) are sharded, so each event copies a small part of the state.
 *
 * @since 0.1.0
 */
import type { ActivityKind } from "@fulian/core/Activity"
import * as Case from "@fulian/core/Case"
import type { Envelope } from "@fulian/core/CommandHandler"
import type * as Domain from "@fulian/core/Domain"
import type * as Meeting from "@fulian/core/Meeting"
import { Level } from "@fulian/core/Organization"
import type { VisitMethod } from "@fulian/core/Representation"
import { dateOf, type LocalDate } from "@fulian/core/Time"
import * as Projection from "@fulian/projections/Projection"
import * as Sharded from "./internal/Sharded.ts"

/** What a report covers: an organization (and those below it) and the days of a period. */
export interface Scope {
  readonly organizationId: string
  readonly from: LocalDate
  readonly to: LocalDate
}

/** An organization as registered, and whether it is within the report's scope. */
export interface OrganizationInfo {
  readonly name: string
  readonly level: Level
  readonly parentId: string | null
  readonly inScope: boolean
}

/** How many, with how many people took part and how many benefited. */
export interface Reach {
  readonly count: number
  readonly participants: number
  readonly beneficiaries: number
}

/** How many, and how much money in fen (分), so sums stay exact. */
export interface Money {
  readonly count: number
  readonly fen: number
}

/** A case in scope: its state (folded with the case's own `evolve`) and its dated changes. */
export interface CaseTrack {
  readonly state: Case.State
  /** Each change of status or holder, in log order, dated by the event that made it. */
  readonly timeline: ReadonlyArray<{ readonly on: LocalDate; readonly status: Case.Status; readonly holder: string }>
}

/** A meeting of an organization in scope, and the day it was held, if it was. */
export interface MeetingTrack {
  readonly organizationId: string
  readonly kind: Meeting.Kind
  readonly heldOn: LocalDate | null
}

/** An award campaign of an organization in scope, with its awards of the period. */
export interface CampaignTrack {
  readonly organizationId: string
  readonly title: string
  readonly year: number
  readonly conferred: number
  readonly confirmed: number
  readonly revoked: number
}

/** A committee elected in the period (换届). */
export interface Election {
  readonly organizationId: string
  readonly termId: string
  readonly electedOn: LocalDate
  readonly members: number
}

/** The figures of one organization in scope, for the table by organization. */
export interface OrganizationFigures {
  readonly activities: number
  readonly participants: number
  readonly casesReceived: number
  readonly casesResolved: number
  readonly contactVisits: number
}

/** A dated change of something that starts and stops: a volunteer serving, a pair in force. */
export interface Change {
  readonly on: LocalDate
  readonly active: boolean
}

/** The figures of a report, as folded so far. */
export interface State {
  readonly scope: Scope
  /** The global position of the last event applied (0: none). */
  readonly position: number
  readonly organizations: Readonly<Record<string, OrganizationInfo>>
  readonly byOrganization: Readonly<Record<string, OrganizationFigures>>
  readonly activitiesByKind: Readonly<Partial<Record<ActivityKind, Reach>>>
  /** Activities by theme (主题), with the day the first was held; activities without a theme are not listed here. */
  readonly activitiesByTheme: Readonly<Record<string, Reach & { readonly firstHeldOn: LocalDate }>>
  readonly donations: Money
  readonly relief: Money
  readonly contactVisits: number
  readonly contactVisitsByMethod: Readonly<Partial<Record<VisitMethod, number>>>
  readonly householdsVisited: Sharded.Sharded<true>
  readonly cases: Sharded.Sharded<CaseTrack>
  readonly casesReceived: Readonly<Partial<Record<Case.Category, number>>>
  readonly casesAssignedFromAbove: number
  readonly mediationSessions: Readonly<Partial<Record<Case.SessionOutcome, number>>>
  readonly casesMediated: Sharded.Sharded<true>
  readonly resolutions: Readonly<Partial<Record<Case.Resolution, number>>>
  /** Cases resolved, by the level of the organization that resolved them (小事不出社区,大事不出街道). */
  readonly resolvedAtLevel: Readonly<Partial<Record<Level, number>>>
  readonly substantiated: number
  /** Escalations made by organizations in scope. */
  readonly escalations: number
  /** Of them, those that handed a case out of the scope (above the report's organization). */
  readonly escalatedOut: number
  readonly reopened: number
  readonly followUpVisits: number
  readonly volunteers: Sharded.Sharded<ReadonlyArray<Change>>
  readonly pairs: Sharded.Sharded<ReadonlyArray<Change>>
  readonly volunteersJoined: number
  readonly volunteersLeft: number
  readonly pairsMade: number
  readonly services: number
  /** Hours of service in hundredths, so sums stay exact. */
  readonly serviceCentihours: number
  readonly campaigns: Readonly<Record<string, CampaignTrack>>
  readonly terms: Sharded.Sharded<string>
  readonly elections: ReadonlyArray<Election>
  readonly electionsFiled: number
  readonly membersByElected: number
  readonly representativesElected: number
  readonly meetings: Sharded.Sharded<MeetingTrack>
  readonly decisionsTaken: number
  readonly decisionsDone: number
}

/** The figures of nothing yet. */
export const initial = (scope: Scope): State => ({
  scope,
  position: 0,
  organizations: {},
  byOrganization: {},
  activitiesByKind: {},
  activitiesByTheme: {},
  donations: { count: 0, fen: 0 },
  relief: { count: 0, fen: 0 },
  contactVisits: 0,
  contactVisitsByMethod: {},
  householdsVisited: Sharded.empty,
  cases: Sharded.empty,
  casesReceived: {},
  casesAssignedFromAbove: 0,
  mediationSessions: {},
  casesMediated: Sharded.empty,
  resolutions: {},
  resolvedAtLevel: {},
  substantiated: 0,
  escalations: 0,
  escalatedOut: 0,
  reopened: 0,
  followUpVisits: 0,
  volunteers: Sharded.empty,
  pairs: Sharded.empty,
  volunteersJoined: 0,
  volunteersLeft: 0,
  pairsMade: 0,
  services: 0,
  serviceCentihours: 0,
  campaigns: {},
  terms: Sharded.empty,
  elections: [],
  electionsFiled: 0,
  membersByElected: 0,
  representativesElected: 0,
  meetings: Sharded.empty,
  decisionsTaken: 0,
  decisionsDone: 0
})

const noFigures: OrganizationFigures = { activities: 0, participants: 0, casesReceived: 0, casesResolved: 0, contactVisits: 0 }

const bump = <K extends string>(record: Readonly<Partial<Record<K, number>>>, key: K, by = 1): Partial<Record<K, number>> =>
  ({ ...record, [key]: (record[key] ?? 0) + by })

const reach = (r: Reach | undefined, participants: number, beneficiaries: number): Reach => ({
  count: (r?.count ?? 0) + 1,
  participants: (r?.participants ?? 0) + participants,
  beneficiaries: (r?.beneficiaries ?? 0) + beneficiaries
})

const fenOf = (yuan: number): number => Math.round(yuan * 100)

const addMoney = (m: Money, yuan: number): Money => ({ count: m.count + 1, fen: m.fen + fenOf(yuan) })

/** The date of a case event, as the event records it. */
const caseEventDate = (event: Case.Event): LocalDate => {
  switch (event._tag) {
    case "CaseRegistered":
      return dateOf(event.registeredAt)
    case "CaseAssignedFromAbove":
      return dateOf(event.receivedAt)
    case "InvestigationRecorded":
      return event.recordedOn
    case "HigherMediationRequested":
      return event.requestedOn
    case "MediationSessionHeld":
      return event.heldOn
    case "CaseEscalated":
      return dateOf(event.escalatedAt)
    case "CaseResultReported":
      return dateOf(event.reportedAt)
    case "CaseResolved":
      return event.resolvedOn
    case "FollowUpVisitRecorded":
      return event.visitedOn
    case "CaseReopened":
      return dateOf(event.reopenedAt)
    case "CaseArchived":
      return event.archivedOn
  }
}

const caseEventTags: Readonly<Record<Case.Event["_tag"], true>> = {
  CaseRegistered: true,
  CaseAssignedFromAbove: true,
  InvestigationRecorded: true,
  HigherMediationRequested: true,
  MediationSessionHeld: true,
  CaseEscalated: true,
  CaseResultReported: true,
  CaseResolved: true,
  FollowUpVisitRecorded: true,
  CaseReopened: true,
  CaseArchived: true
}

const isCaseEvent = (event: Domain.Event): event is Case.Event => Object.hasOwn(caseEventTags, event._tag)

/** The last change on or before a day, of changes kept in log order. */
export const valueOn = (changes: ReadonlyArray<Change> | undefined, date: LocalDate): boolean => {
  let value = false
  for (const c of changes ?? []) if (c.on <= date) value = c.active
  return value
}

/** Applies one event to the figures. Pure. */
export const apply = (state: State, envelope: Envelope<Domain.Event>): State => {
  const s = applyEvent(state, envelope.event)
  return s.position === envelope.position ? s : { ...s, position: envelope.position }
}

const applyEvent = (state: State, event: Domain.Event): State => {
  const { from, to } = state.scope
  const within = (date: LocalDate) => from <= date && date <= to
  const inScope = (organizationId: string | undefined) => organizationId !== undefined && state.organizations[organizationId]?.inScope === true
  const figures = (organizationId: string, f: (o: OrganizationFigures) => OrganizationFigures) => ({
    ...state.byOrganization,
    [organizationId]: f(state.byOrganization[organizationId] ?? noFigures)
  })

  if (isCaseEvent(event)) return applyCaseEvent(state, event, within, inScope, figures)

  switch (event._tag) {
    case "OrganizationRegistered": {
      const parent = event.parentId === undefined ? undefined : state.organizations[event.parentId]
      const info: OrganizationInfo = {
        name: event.name,
        level: event.level,
        parentId: event.parentId ?? null,
        inScope: event.organizationId === state.scope.organizationId || parent?.inScope === true
      }
      return { ...state, organizations: { ...state.organizations, [event.organizationId]: info } }
    }
    case "ActivityRecorded": {
      if (!inScope(event.organizationId) || !within(event.heldOn)) return state
      return {
        ...state,
        activitiesByKind: { ...state.activitiesByKind, [event.kind]: reach(state.activitiesByKind[event.kind], event.participants, event.beneficiaries) },
        activitiesByTheme: event.theme === undefined
          ? state.activitiesByTheme
          : {
            ...state.activitiesByTheme,
            [event.theme]: {
              ...reach(state.activitiesByTheme[event.theme], event.participants, event.beneficiaries),
              firstHeldOn: [state.activitiesByTheme[event.theme]?.firstHeldOn ?? event.heldOn, event.heldOn].sort()[0]!
            }
          },
        byOrganization: figures(event.organizationId, (o) => ({ ...o, activities: o.activities + 1, participants: o.participants + event.participants }))
      }
    }
    case "DonationRecorded":
      return inScope(event.organizationId) && within(event.on)
        ? { ...state, donations: addMoney(state.donations, event.amount) }
        : state
    case "ReliefGiven":
      return inScope(event.organizationId) && within(event.on)
        ? { ...state, relief: addMoney(state.relief, event.amount) }
        : state
    case "ContactVisitRecorded":
      return inScope(event.organizationId) && within(event.visitedOn)
        ? {
          ...state,
          contactVisits: state.contactVisits + 1,
          contactVisitsByMethod: bump(state.contactVisitsByMethod, event.method),
          householdsVisited: Sharded.set(state.householdsVisited, event.householdId, true as const),
          byOrganization: figures(event.organizationId, (o) => ({ ...o, contactVisits: o.contactVisits + 1 }))
        }
        : state
    case "RepresentativeElected":
      return inScope(event.organizationId) && within(event.electedOn)
        ? { ...state, representativesElected: state.representativesElected + 1 }
        : state
    case "VolunteerJoined": {
      if (!inScope(event.organizationId)) return state
      const key = `${event.organizationId}/${event.volunteerId}`
      return {
        ...state,
        volunteers: Sharded.set(state.volunteers, key, [...(Sharded.get(state.volunteers, key) ?? []), { on: event.consentGivenOn, active: true }]),
        volunteersJoined: state.volunteersJoined + (within(event.consentGivenOn) ? 1 : 0)
      }
    }
    case "VolunteerLeft": {
      if (!inScope(event.organizationId)) return state
      const key = `${event.organizationId}/${event.volunteerId}`
      // Leaving ends all her pairs (Volunteer's evolve): end each pair still in force.
      let pairs = state.pairs
      for (const [pair, changes] of Sharded.entries(state.pairs)) {
        if (pair.startsWith(`${key}/`) && changes[changes.length - 1]?.active === true) pairs = Sharded.set(pairs, pair, [...changes, { on: event.leftOn, active: false }])
      }
      return {
        ...state,
        pairs,
        volunteers: Sharded.set(state.volunteers, key, [...(Sharded.get(state.volunteers, key) ?? []), { on: event.leftOn, active: false }]),
        volunteersLeft: state.volunteersLeft + (within(event.leftOn) ? 1 : 0)
      }
    }
    case "VolunteerPaired":
    case "VolunteerUnpaired": {
      if (!inScope(event.organizationId)) return state
      const key = `${event.organizationId}/${event.volunteerId}/${event.householdId}`
      const paired = event._tag === "VolunteerPaired"
      const on = paired ? event.pairedOn : event.unpairedOn
      return {
        ...state,
        pairs: Sharded.set(state.pairs, key, [...(Sharded.get(state.pairs, key) ?? []), { on, active: paired }]),
        pairsMade: state.pairsMade + (paired && within(on) ? 1 : 0)
      }
    }
    case "VolunteerServiceLogged":
      return inScope(event.organizationId) && within(event.on)
        ? { ...state, services: state.services + 1, serviceCentihours: state.serviceCentihours + Math.round(event.hours * 100) }
        : state
    case "AwardCampaignOpened":
      return inScope(event.organizationId)
        ? {
          ...state,
          campaigns: {
            ...state.campaigns,
            [event.campaignId]: { organizationId: event.organizationId, title: event.title, year: event.year, conferred: 0, confirmed: 0, revoked: 0 }
          }
        }
        : state
    case "AwardConferred": {
      const campaign = state.campaigns[event.campaignId]
      if (campaign === undefined || !within(event.conferredOn)) return state
      return { ...state, campaigns: { ...state.campaigns, [event.campaignId]: { ...campaign, conferred: campaign.conferred + 1 } } }
    }
    case "AwardRechecked": {
      const campaign = state.campaigns[event.campaignId]
      if (campaign === undefined || !within(event.recheckedOn)) return state
      return { ...state, campaigns: { ...state.campaigns, [event.campaignId]: { ...campaign, [event.outcome]: campaign[event.outcome] + 1 } } }
    }
    case "ExecutiveCommitteeElected":
      if (!inScope(event.organizationId)) return state
      return {
        ...state,
        terms: Sharded.set(state.terms, event.termId, event.organizationId),
        elections: within(event.electedOn)
          ? [...state.elections, { organizationId: event.organizationId, termId: event.termId, electedOn: event.electedOn, members: event.members.length }]
          : state.elections
      }
    case "ElectionFiled":
      return Sharded.get(state.terms, event.termId) !== undefined && within(event.filedOn) ? { ...state, electionsFiled: state.electionsFiled + 1 } : state
    case "MemberByElected":
      return Sharded.get(state.terms, event.termId) !== undefined && within(event.electedOn) ? { ...state, membersByElected: state.membersByElected + 1 } : state
    case "MeetingScheduled":
      return inScope(event.organizationId)
        ? { ...state, meetings: Sharded.set(state.meetings, event.meetingId, { organizationId: event.organizationId, kind: event.kind, heldOn: null }) }
        : state
    case "MeetingHeld": {
      const meeting = Sharded.get(state.meetings, event.meetingId)
      return meeting === undefined ? state : { ...state, meetings: Sharded.set(state.meetings, event.meetingId, { ...meeting, heldOn: event.heldOn }) }
    }
    case "DecisionTaken": {
      // A decision is taken at the held meeting, on the day it was held.
      const heldOn = Sharded.get(state.meetings, event.meetingId)?.heldOn
      return heldOn != null && within(heldOn) ? { ...state, decisionsTaken: state.decisionsTaken + 1 } : state
    }
    case "DecisionFollowedUp":
      return Sharded.get(state.meetings, event.meetingId) !== undefined && event.status === "done" && within(event.followedUpOn)
        ? { ...state, decisionsDone: state.decisionsDone + 1 }
        : state
    default:
      return state
  }
}

const applyCaseEvent = (
  state: State,
  event: Case.Event,
  within: (date: LocalDate) => boolean,
  inScope: (organizationId: string | undefined) => boolean,
  figures: (organizationId: string, f: (o: OrganizationFigures) => OrganizationFigures) => Record<string, OrganizationFigures>
): State => {
  const opening = event._tag === "CaseRegistered" || event._tag === "CaseAssignedFromAbove"
  const tracked = Sharded.get(state.cases, event.caseId)
  if (tracked === undefined && !(opening && inScope(event.organizationId))) return state
  const before = tracked?.state ?? Case.aggregate.initial
  const after = Case.aggregate.evolve(before, event)
  const on = caseEventDate(event)
  const status = Case.status(after)
  const holder = Case.heldBy(after)
  const last = tracked?.timeline[tracked.timeline.length - 1]
  const timeline = status !== undefined && holder !== undefined && (last?.status !== status || last.holder !== holder)
    ? [...(tracked?.timeline ?? []), { on, status, holder }]
    : tracked?.timeline ?? []
  const next: State = { ...state, cases: Sharded.set(state.cases, event.caseId, { state: after, timeline }) }
  if (!within(on)) return next
  switch (event._tag) {
    case "CaseRegistered":
    case "CaseAssignedFromAbove":
      return {
        ...next,
        casesReceived: bump(next.casesReceived, event.category),
        casesAssignedFromAbove: next.casesAssignedFromAbove + (event._tag === "CaseAssignedFromAbove" ? 1 : 0),
        byOrganization: figures(event.organizationId, (o) => ({ ...o, casesReceived: o.casesReceived + 1 }))
      }
    case "MediationSessionHeld":
      return inScope(event.organizationId)
        ? { ...next, mediationSessions: bump(next.mediationSessions, event.outcome), casesMediated: Sharded.set(next.casesMediated, event.caseId, true as const) }
        : next
    case "CaseEscalated":
      return inScope(event.from)
        ? { ...next, escalations: next.escalations + 1, escalatedOut: next.escalatedOut + (inScope(event.to) ? 0 : 1) }
        : next
    case "CaseResolved": {
      if (!inScope(event.organizationId)) return next
      const level = state.organizations[event.organizationId]!.level
      return {
        ...next,
        resolutions: bump(next.resolutions, event.resolution),
        resolvedAtLevel: bump(next.resolvedAtLevel, level),
        substantiated: next.substantiated + (event.substantiated === true ? 1 : 0),
        byOrganization: figures(event.organizationId, (o) => ({ ...o, casesResolved: o.casesResolved + 1 }))
      }
    }
    case "FollowUpVisitRecorded":
      return inScope(Case.heldBy(before)) ? { ...next, followUpVisits: next.followUpVisits + 1 } : next
    case "CaseReopened":
      return inScope(Case.heldBy(before)) ? { ...next, reopened: next.reopened + 1 } : next
    default:
      return next
  }
}

/** The projection of a report's figures for a scope. */
export const projection = (scope: Scope): Projection.Projection<State> =>
  Projection.make({
    name: `report-figures:${scope.organizationId}:${scope.from}:${scope.to}`,
    version: 1,
    initial: initial(scope),
    apply
  })

// ---------------------------------------------------------------------------------------------
// Reading the figures
// ---------------------------------------------------------------------------------------------

/** Whether the report's own organization is registered in the figures (a report needs it). */
export const isRegistered = (state: State): boolean => state.organizations[state.scope.organizationId] !== undefined

/**
 * The report's own organization. Call it only when `isRegistered`: a report of an
 * organization not registered at the position has nothing to be about.
 */
export const subjectOf = (state: State): OrganizationInfo & { readonly organizationId: string } => {
  const info = state.organizations[state.scope.organizationId]
  if (info === undefined) throw new Error(`organization ${state.scope.organizationId} is not registered (check Tally.isRegistered first)`)
  return { organizationId: state.scope.organizationId, ...info }
}

/** The organizations in scope, the report's own first, then by level from the top and by id. */
export const organizationsInScope = (state: State): ReadonlyArray<{ readonly organizationId: string } & OrganizationInfo> => {
  return Object.entries(state.organizations)
    .filter(([, o]) => o.inScope)
    .map(([organizationId, o]) => ({ organizationId, ...o }))
    .sort((a, b) =>
      Number(b.organizationId === state.scope.organizationId) - Number(a.organizationId === state.scope.organizationId) ||
      // The core lists the levels lowest first: b before a puts the higher level first.
      Level.literals.indexOf(b.level) - Level.literals.indexOf(a.level) ||
      (a.organizationId < b.organizationId ? -1 : a.organizationId > b.organizationId ? 1 : 0))
}

/** The cases open on the period's last day, held by an organization in scope, by holder. */
export const openCasesAtEnd = (state: State): Readonly<Record<string, number>> => {
  const open: Record<string, number> = {}
  for (const track of Sharded.values(state.cases)) {
    let at: CaseTrack["timeline"][number] | undefined
    for (const t of track.timeline) if (t.on <= state.scope.to) at = t
    if (at?.status === "open" && state.organizations[at.holder]?.inScope === true) open[at.holder] = (open[at.holder] ?? 0) + 1
  }
  return open
}

/** Volunteers active on the period's last day. */
export const activeVolunteersAtEnd = (state: State): number =>
  Sharded.values(state.volunteers).filter((changes) => valueOn(changes, state.scope.to)).length

/** Pairs in force on the period's last day, and the distinct households they serve. */
export const pairsAtEnd = (state: State): { readonly pairs: number; readonly households: number } => {
  const households = new Set<string>()
  let pairs = 0
  for (const [key, changes] of Sharded.entries(state.pairs)) {
    if (!valueOn(changes, state.scope.to)) continue
    pairs++
    households.add(key.slice(key.lastIndexOf("/") + 1))
  }
  return { pairs, households: households.size }
}

/** The meetings held in the period, by kind. */
export const meetingsHeld = (state: State, organizationId?: string): Readonly<Record<Meeting.Kind, number>> => {
  const held: Record<Meeting.Kind, number> = { monthly: 0, plenary: 0, congress: 0 }
  for (const m of Sharded.values(state.meetings)) {
    if (m.heldOn !== null && state.scope.from <= m.heldOn && m.heldOn <= state.scope.to && (organizationId === undefined || m.organizationId === organizationId)) {
      held[m.kind]++
    }
  }
  return held
}

/** The held meetings of one organization (any date), as the meeting ledger's flags read them. */
export const heldMeetingsOf = (state: State, organizationId: string): ReadonlyArray<Meeting.HeldMeeting> =>
  Sharded.values(state.meetings).flatMap((m) => (m.organizationId === organizationId && m.heldOn !== null ? [{ kind: m.kind, heldOn: m.heldOn }] : []))

/** The figures of an organization in the period (zeros when nothing was recorded). */
export const figuresOf = (state: State, organizationId: string): OrganizationFigures => state.byOrganization[organizationId] ?? noFigures
