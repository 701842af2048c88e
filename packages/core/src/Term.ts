/**
 * 执委会 / 届: the executive committee of an organization, elected by its women's congress
 * (妇代会) for a term of three years (每三年换届一次), synchronized with the residents'
 * committee (与社区居委会换届同步进行), filed with the federation above (换届情况报上级妇联备案),
 * and completed by by-elections (增补) while it serves (DOMAIN.md §2, §10 Authority).
 *
 * Stream: `term-{organizationId}`: one stream per organization holds its successive terms, so
 * that "no two terms live at once" is decided on one stream.
 *
 * A term is live from its `startsOn` until its end: the day it was ended (`TermEnded`) or its
 * `endsOn` (`startsOn` plus `policy.termYears` years, fixed at the election), whichever comes
 * first. A by-election or a member's leaving is recorded only for a term live on the day it
 * happened. Every rule is judged on the dates of the facts, not on the day they are recorded
 * (DOMAIN.md §0); a date in the future is refused by the command handler before `decide`.
 *
 * 换届不断档 (successor elections, DOMAIN.md §2): the next committee may be elected while the
 * latest term is live; it then takes office on the day that term ends (`startsOn` must be that
 * day), so the organization is never without a committee and two terms never overlap. Elected
 * once the latest term is over, a committee starts on or after its election (the days between
 * are the gap that `electionOverdue` flags). Decisions where DOMAIN.md is silent:
 * - Once a successor is elected, no further election is held until it is in office
 *   (`SuccessorAlreadyElected`): one election per 换届.
 * - The term in office keeps its by-elections and leavings until its last day; the successor,
 *   not yet in office, takes none (by-elections and leavings are for a live term) — a change
 *   to it is recorded once it has taken office.
 * - The term in office cannot be ended before its successor takes office
 *   (`SuccessorElected`): that would leave the organization without a committee for the days
 *   between; ending it on or after that day changes nothing.
 * - An election is recorded in order: one dated before the latest election is refused.
 *
 * 组织建设 (organization-building figures, seed 003 §三.1, seed 000 §二.6), kept on the same
 * stream because they are the committee's records: each elected member may be marked as also
 * sitting on the residents' (or villagers') committee (`onResidentsCommittee`, 进两委), and the
 * committee keeps its roster of reserve cadres (后备干部): recorded and removed, each with a
 * date, by person id only — the person's name is kept where she is otherwise known (a
 * representative, a volunteer), so the roster holds no personal data to erase.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import { Id, List, Name, PersonId, Title } from "./Input.ts"
import * as Organization from "./Organization.ts"
import { personal, subjects } from "./PersonalData.ts"
import type { PolicyShape } from "./Policy.ts"
import { addDays, addYears, daysBetween, LocalDate } from "./Time.ts"

/** A member's position on the committee: chair 主席, vice-chair 副主席, member 执委. */
export const Position = Schema.Literals(["chair", "vice-chair", "member"])

/** A position on the committee. */
export type Position = typeof Position.Type

/**
 * A person elected to the committee (执委), with her position, and whether she also sits on the
 * residents' (villagers') committee (进两委; absent: not recorded, counted as not).
 */
export const Member = Schema.Struct({
  personId: Schema.NonEmptyString,
  name: personal(Schema.NonEmptyString, subjects.person("personId")),
  position: Position,
  onResidentsCommittee: Schema.optional(Schema.Boolean)
})

/** A person elected to the committee. */
export type Member = typeof Member.Type

/**
 * The most members one election may put on a committee: a community's has some five to
 * fifteen, a city's some tens; a list longer than this is a mistake.
 */
export const maxMembers = 200

/** A member as a command gives her (`Input`'s blocks). */
export const MemberInput = Schema.Struct({
  personId: PersonId,
  name: personal(Name),
  position: Position,
  onResidentsCommittee: Schema.optional(Schema.Boolean)
})

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/**
 * 换届选举: the congress elected a new executive committee. `endsOn` is fixed at the election
 * from the policy then in force.
 */
export const ExecutiveCommitteeElected = Schema.TaggedStruct("ExecutiveCommitteeElected", {
  termId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  /** The session of the congress (妇代会) that voted. */
  congressSession: Schema.NonEmptyString,
  electedOn: LocalDate,
  startsOn: LocalDate,
  endsOn: LocalDate,
  /** The date the residents' committee (居委会) was elected, for the synchronization flag. */
  residentsCommitteeElectedOn: LocalDate,
  members: Schema.Array(Member)
})

/** 报上级妇联备案: the election result was filed with the parent organization. */
export const ElectionFiled = Schema.TaggedStruct("ElectionFiled", {
  termId: Schema.NonEmptyString,
  filedOn: LocalDate,
  filedWith: Schema.NonEmptyString
})

/** 增补: a member was elected to the committee during its term. */
export const MemberByElected = Schema.TaggedStruct("MemberByElected", {
  termId: Schema.NonEmptyString,
  member: Member,
  congressSession: Schema.NonEmptyString,
  electedOn: LocalDate
})

/** A member left the committee (resigned, moved away, …) before the term's end. */
export const MemberLeft = Schema.TaggedStruct("MemberLeft", {
  termId: Schema.NonEmptyString,
  personId: Schema.NonEmptyString,
  leftOn: LocalDate
})

/** The term ended (换届 or an early end); it is not live from `endedOn`. */
export const TermEnded = Schema.TaggedStruct("TermEnded", {
  termId: Schema.NonEmptyString,
  endedOn: LocalDate
})

/** 后备干部: the committee recorded a person as one of the organization's reserve cadres. */
export const ReserveCadreRecorded = Schema.TaggedStruct("ReserveCadreRecorded", {
  organizationId: Schema.NonEmptyString,
  personId: Schema.NonEmptyString,
  recordedOn: LocalDate
})

/** The committee removed a person from the organization's reserve cadres. */
export const ReserveCadreRemoved = Schema.TaggedStruct("ReserveCadreRemoved", {
  organizationId: Schema.NonEmptyString,
  personId: Schema.NonEmptyString,
  removedOn: LocalDate
})

/** The events of an organization's terms and its reserve cadres. */
export const Event = Schema.Union([
  ExecutiveCommitteeElected,
  ElectionFiled,
  MemberByElected,
  MemberLeft,
  TermEnded,
  ReserveCadreRecorded,
  ReserveCadreRemoved
])

/** An event of an organization's terms. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * Records the congress's election of a new executive committee, with exactly one chair. The
 * first election of an organization is recorded by a cadre of its parent organization, later
 * ones by the organization's own committee.
 */
export const ElectExecutiveCommittee = Schema.TaggedStruct("ElectExecutiveCommittee", {
  ...CommandFields,
  termId: Id,
  organizationId: Id,
  congressSession: Title,
  electedOn: LocalDate,
  startsOn: LocalDate,
  residentsCommitteeElectedOn: LocalDate,
  members: List(MemberInput, maxMembers)
})

/** Records that a term's election was filed with the parent organization (备案). */
export const FileElection = Schema.TaggedStruct("FileElection", {
  ...CommandFields,
  organizationId: Id,
  termId: Id,
  filedOn: LocalDate,
  filedWith: Id
})

/** Records a by-election (增补) to the live term, citing the congress session that voted. */
export const ByElectMember = Schema.TaggedStruct("ByElectMember", {
  ...CommandFields,
  organizationId: Id,
  termId: Id,
  member: MemberInput,
  congressSession: Title,
  electedOn: LocalDate
})

/** Records that a member left the live term's committee. */
export const RecordMemberLeft = Schema.TaggedStruct("RecordMemberLeft", {
  ...CommandFields,
  organizationId: Id,
  termId: Id,
  personId: PersonId,
  leftOn: LocalDate
})

/** Records the end of a term. */
export const EndTerm = Schema.TaggedStruct("EndTerm", {
  ...CommandFields,
  organizationId: Id,
  termId: Id,
  endedOn: LocalDate
})

/** Records a person as a reserve cadre (后备干部) of the organization, by its committee. */
export const RecordReserveCadre = Schema.TaggedStruct("RecordReserveCadre", {
  ...CommandFields,
  organizationId: Id,
  personId: PersonId,
  recordedOn: LocalDate
})

/** Removes a person from the organization's reserve cadres, by its committee. */
export const RemoveReserveCadre = Schema.TaggedStruct("RemoveReserveCadre", {
  ...CommandFields,
  organizationId: Id,
  personId: PersonId,
  removedOn: LocalDate
})

/** The commands of a term: elections, filing, by-elections, leavings and its end. */
export const ElectionCommand = Schema.Union([ElectExecutiveCommittee, FileElection, ByElectMember, RecordMemberLeft, EndTerm])

/** A command of a term. */
export type ElectionCommand = typeof ElectionCommand.Type

/** The commands of the reserve cadres' roster. */
export const ReserveCadreCommand = Schema.Union([RecordReserveCadre, RemoveReserveCadre])

/** A command of the reserve cadres' roster. */
export type ReserveCadreCommand = typeof ReserveCadreCommand.Type

/** The commands of executive committees and their reserve cadres. */
export const Command = Schema.Union([ElectExecutiveCommittee, FileElection, ByElectMember, RecordMemberLeft, EndTerm, RecordReserveCadre, RemoveReserveCadre])

/** A command of executive committees. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A person who served on a term's committee: since when, and until when if she left. */
export interface Seat extends Member {
  readonly since: LocalDate
  readonly leftOn: LocalDate | undefined
}

/** One term (届) as known from its events. */
export interface TermRecord {
  readonly termId: string
  readonly congressSession: string
  readonly electedOn: LocalDate
  readonly startsOn: LocalDate
  readonly endsOn: LocalDate
  readonly residentsCommitteeElectedOn: LocalDate
  /** Everyone who served in the term, in order of election, including those who left. */
  readonly seats: ReadonlyArray<Seat>
  readonly filed: { readonly filedOn: LocalDate; readonly filedWith: string } | undefined
  readonly endedOn: LocalDate | undefined
}

/** A person on the reserve cadres' roster (后备干部): since when, and until when if removed. */
export interface ReserveCadre {
  readonly personId: string
  readonly since: LocalDate
  readonly removedOn: LocalDate | undefined
}

/** An organization's terms, oldest first, and its reserve cadres, in order of recording. */
export interface State {
  readonly terms: ReadonlyArray<TermRecord>
  /** Everyone recorded as a reserve cadre, including those removed; one entry per recording. */
  readonly reserveCadres: ReadonlyArray<ReserveCadre>
}

const updateTerm = (state: State, termId: string, f: (term: TermRecord) => TermRecord): State => ({
  ...state,
  terms: state.terms.map((t) => (t.termId === termId ? f(t) : t))
})

/** The executive committee aggregate: one stream per organization. */
export const aggregate: Aggregate<State, Event> = {
  category: "term",
  events: Event,
  initial: { terms: [], reserveCadres: [] },
  evolve: (state, event) => {
    switch (event._tag) {
      case "ExecutiveCommitteeElected":
        return {
          ...state,
          terms: [...state.terms, {
            termId: event.termId,
            congressSession: event.congressSession,
            electedOn: event.electedOn,
            startsOn: event.startsOn,
            endsOn: event.endsOn,
            residentsCommitteeElectedOn: event.residentsCommitteeElectedOn,
            seats: event.members.map((m) => ({ ...m, since: event.startsOn, leftOn: undefined })),
            filed: undefined,
            endedOn: undefined
          }]
        }
      case "ElectionFiled":
        return updateTerm(state, event.termId, (t) => ({ ...t, filed: { filedOn: event.filedOn, filedWith: event.filedWith } }))
      case "MemberByElected":
        return updateTerm(state, event.termId, (t) => ({
          ...t,
          seats: [...t.seats, { ...event.member, since: event.electedOn, leftOn: undefined }]
        }))
      case "MemberLeft":
        return updateTerm(state, event.termId, (t) => ({
          ...t,
          seats: t.seats.map((s) => (s.personId === event.personId && s.leftOn === undefined ? { ...s, leftOn: event.leftOn } : s))
        }))
      case "TermEnded":
        return updateTerm(state, event.termId, (t) => ({ ...t, endedOn: event.endedOn }))
      case "ReserveCadreRecorded":
        return { ...state, reserveCadres: [...state.reserveCadres, { personId: event.personId, since: event.recordedOn, removedOn: undefined }] }
      case "ReserveCadreRemoved":
        return {
          ...state,
          reserveCadres: state.reserveCadres.map((r) =>
            r.personId === event.personId && r.removedOn === undefined ? { ...r, removedOn: event.removedOn } : r
          )
        }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Queries: liveness, members, and the flags of the elections ledger
// ---------------------------------------------------------------------------------------------

/**
 * The first day a term is no longer live: the day it was ended, or its `endsOn`, whichever
 * is earlier.
 */
export const endOf = (term: TermRecord): LocalDate =>
  term.endedOn !== undefined && term.endedOn < term.endsOn ? term.endedOn : term.endsOn

/** Whether a term is live (in office) on a date: from `startsOn`, before its end. */
export const isLiveOn = (term: TermRecord, date: LocalDate): boolean => term.startsOn <= date && date < endOf(term)

/** The term live on a date, if any (at most one is, by the rules of `decide`). */
export const liveTermOn = (state: State, date: LocalDate): TermRecord | undefined => state.terms.find((t) => isLiveOn(t, date))

/** The most recently elected term, if any. */
export const latestTerm = (state: State): TermRecord | undefined => state.terms[state.terms.length - 1]

/**
 * The successor of a term: the term elected after it, if any (it takes office the day this one
 * ends, or later when elected after that day).
 */
export const successorOf = (state: State, termId: string): TermRecord | undefined => state.terms[state.terms.findIndex((t) => t.termId === termId) + 1]

/** A term by id. */
export const termById = (state: State, termId: string): TermRecord | undefined => state.terms.find((t) => t.termId === termId)

/** Whether a seat was held on a date: elected on or before it and not yet left. */
const seatedOn = (seat: Seat, date: LocalDate): boolean => seat.since <= date && (seat.leftOn === undefined || date < seat.leftOn)

/**
 * The committee members (执委) of an organization on a date: the members of the term live
 * that day who had been elected and had not left. Empty when no term is live.
 */
export const membersOn = (state: State, date: LocalDate): ReadonlyArray<Seat> =>
  liveTermOn(state, date)?.seats.filter((s) => seatedOn(s, date)) ?? []

/**
 * 进两委: whether the chair of the term live on a date also sits on the residents' committee
 * (as recorded with her election or by-election). `false` when no term is live.
 */
export const chairOnResidentsCommitteeOn = (state: State, date: LocalDate): boolean =>
  membersOn(state, date).some((s) => s.position === "chair" && s.onResidentsCommittee === true)

/** 后备干部: the reserve cadres on the roster on a date: recorded by then and not yet removed. */
export const reserveCadresOn = (state: State, date: LocalDate): ReadonlyArray<ReserveCadre> =>
  state.reserveCadres.filter((r) => r.since <= date && (r.removedOn === undefined || date < r.removedOn))

/**
 * 与居委会换届同步: the term started more than `policy.termSyncToleranceDays` days before or
 * after the residents' committee election it records.
 */
export const notSynchronized = (term: TermRecord, policy: PolicyShape): boolean =>
  Math.abs(daysBetween(term.residentsCommitteeElectedOn, term.startsOn)) > policy.termSyncToleranceDays

/** The last day on which a term's election may be filed on time (备案期限). */
export const filingDeadline = (term: TermRecord, policy: PolicyShape): LocalDate => addDays(term.electedOn, policy.electionFilingDays)

/**
 * 备案逾期: the term was not filed within `policy.electionFilingDays` days of its election —
 * still unfiled after the deadline on `today`, or filed after it. The flag stays on a
 * late-filed term, as the ledger records that it was late.
 */
export const filingOverdue = (term: TermRecord, today: LocalDate, policy: PolicyShape): boolean =>
  (term.filed?.filedOn ?? today) > filingDeadline(term, policy)

/**
 * How many days before a term's `endsOn` the election of the next one is shown as due. Not a
 * DOMAIN.md policy number (the documents say only 每三年换届一次); a documented constant until
 * one is added to `PolicyShape`.
 */
export const electionNoticeDays = 90

/**
 * 换届逾期: the organization had a committee, and on `today` its latest term is over (ended, or
 * past its `endsOn`) with no successor elected. An organization that never had a term is not
 * flagged here: its first election is the parent's business, not a late 换届.
 */
export const electionOverdue = (state: State, today: LocalDate): boolean => {
  const latest = latestTerm(state)
  return latest !== undefined && endOf(latest) <= today
}

/**
 * 换届将至: on `today` the latest term is live and its `endsOn` is at most `withinDays` days
 * away (default `electionNoticeDays`), with no successor elected yet.
 */
export const electionDueSoon = (state: State, today: LocalDate, withinDays: number = electionNoticeDays): boolean => {
  const latest = latestTerm(state)
  return latest !== undefined && isLiveOn(latest, today) && daysBetween(today, latest.endsOn) <= withinDays
}

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a command about an executive committee was refused. */
export class TermRejected extends Schema.TaggedError<TermRejected>()("TermRejected", {
  reason: Schema.Literals([
    "NoCongressSession",
    "NotExactlyOneChair",
    "DuplicateMember",
    "TermIdTaken",
    "ElectedBeforeLatest",
    "SuccessorAlreadyElected",
    "NotStartingWhenTermEnds",
    "SuccessorElected",
    "StartsBeforeElection",
    "DateBeforeElection",
    "UnknownTerm",
    "TermNotLive",
    "AlreadyMember",
    "ChairOccupied",
    "NotAMember",
    "AlreadyFiled",
    "NotTheParent",
    "AlreadyEnded"
  ]),
  organizationId: Schema.String,
  termId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** Why a command about the reserve cadres (后备干部) was refused. */
export class ReserveCadreRejected extends Schema.TaggedError<ReserveCadreRejected>()("ReserveCadreRejected", {
  reason: Schema.Literals(["AlreadyReserveCadre", "NotAReserveCadre", "DateOutOfOrder"]),
  organizationId: Schema.String,
  personId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** Decides a command about the organization's reserve cadres, recorded by its own committee. */
export const decideReserve = (
  command: ReserveCadreCommand,
  state: State
): Effect.Effect<ReadonlyArray<Event>, ReserveCadreRejected | Unauthorized> => {
  const { actor, organizationId, personId } = command
  if (!isCommittee(actor.role) || actor.organization !== organizationId) {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: `${organizationId}'s reserve cadres are recorded by its chair or an executive member` }))
  }
  const reject = (reason: ReserveCadreRejected["reason"], detail: string) =>
    Effect.fail(new ReserveCadreRejected({ reason, organizationId, personId, detail }))
  const entries = state.reserveCadres.filter((r) => r.personId === personId)
  const current = entries.find((r) => r.removedOn === undefined)
  switch (command._tag) {
    case "RecordReserveCadre": {
      if (current !== undefined) return reject("AlreadyReserveCadre", `${personId} is a reserve cadre of ${organizationId} since ${current.since}`)
      const lastRemoved = entries.flatMap((r) => (r.removedOn === undefined ? [] : [r.removedOn])).sort().at(-1)
      if (lastRemoved !== undefined && command.recordedOn < lastRemoved) {
        return reject("DateOutOfOrder", `${personId} was removed from ${organizationId}'s reserve cadres on ${lastRemoved}: she is recorded again on that day or later, not ${command.recordedOn}`)
      }
      return Effect.succeed([ReserveCadreRecorded.make({ organizationId, personId, recordedOn: command.recordedOn })])
    }
    case "RemoveReserveCadre": {
      if (current === undefined) return reject("NotAReserveCadre", `${personId} is not a reserve cadre of ${organizationId}`)
      if (command.removedOn < current.since) {
        return reject("DateOutOfOrder", `${personId} cannot be removed (${command.removedOn}) before she was recorded as a reserve cadre (${current.since})`)
      }
      return Effect.succeed([ReserveCadreRemoved.make({ organizationId, personId, removedOn: command.removedOn })])
    }
  }
}

/**
 * Decides a command about an organization's executive committee or its reserve cadres, given
 * its terms, the organization (registered; its parent is where elections are filed and who
 * records the first one), and the policy.
 */
export const decide = (
  command: Command,
  state: State,
  organization: Organization.State,
  policy: PolicyShape
): Effect.Effect<ReadonlyArray<Event>, TermRejected | ReserveCadreRejected | Unauthorized> =>
  command._tag === "RecordReserveCadre" || command._tag === "RemoveReserveCadre"
    ? decideReserve(command, state)
    : decideElection(command, state, organization, policy)

const decideElection = (
  command: ElectionCommand,
  state: State,
  organization: Organization.State,
  policy: PolicyShape
): Effect.Effect<ReadonlyArray<Event>, TermRejected | Unauthorized> => {
  const { actor, organizationId, termId } = command
  const reject = (reason: TermRejected["reason"], detail: string) =>
    Effect.fail(new TermRejected({ reason, organizationId, termId, detail }))
  const forbid = (rule: string) => Effect.fail(new Unauthorized({ command: command._tag, actor, rule }))
  const ownCommittee = isCommittee(actor.role) && actor.organization === organizationId

  switch (command._tag) {
    case "ElectExecutiveCommittee": {
      const previous = latestTerm(state)
      if (previous === undefined) {
        // A top organization (no parent) has its first election recorded by a cadre acting for it.
        const parentId = organization.parentId ?? organizationId
        if (actor.role !== "upper-cadre" || actor.organization !== parentId) {
          return forbid(`the first election of ${organizationId} is recorded by a cadre of its parent organization ${parentId}`)
        }
      } else if (!ownCommittee) {
        return forbid(`an election of ${organizationId} is recorded by its chair or an executive member`)
      }
      if (command.congressSession.trim() === "") {
        return reject("NoCongressSession", "only a congress (妇代会) elects: the election must cite the congress session that voted")
      }
      const chairs = command.members.filter((m) => m.position === "chair").length
      if (chairs !== 1) return reject("NotExactlyOneChair", `a committee has exactly one chair, but ${chairs} were elected`)
      const ids = new Set<string>()
      const twice = command.members.find((m) => ids.size === ids.add(m.personId).size)?.personId
      if (twice !== undefined) return reject("DuplicateMember", `${twice} is listed twice among the elected members`)
      if (termById(state, termId)) return reject("TermIdTaken", `term ${termId} of ${organizationId} was already elected`)
      if (command.startsOn < command.electedOn) {
        return reject("StartsBeforeElection", `the term cannot start (${command.startsOn}) before its election (${command.electedOn})`)
      }
      if (previous !== undefined) {
        const previousEnd = endOf(previous)
        if (command.electedOn < previous.electedOn) {
          return reject(
            "ElectedBeforeLatest",
            `elections are recorded in order: term ${previous.termId} of ${organizationId} was elected on ${previous.electedOn}, after this election dated ${command.electedOn}`
          )
        }
        if (command.electedOn < previous.startsOn) {
          return reject(
            "SuccessorAlreadyElected",
            `${organizationId}'s next committee (term ${previous.termId}) is already elected and takes office on ${previous.startsOn}: no further election is held before then`
          )
        }
        // A successor elected during the live term takes office on the day that term ends: no gap, no overlap.
        if (command.electedOn < previousEnd && command.startsOn !== previousEnd) {
          return reject(
            "NotStartingWhenTermEnds",
            `term ${previous.termId} of ${organizationId} is in office until ${previousEnd}: the committee elected before then takes office on ${previousEnd}, not ${command.startsOn}`
          )
        }
      }
      const { _tag, commandId, actor: _actor, reason, correlationId, causationId, ...fields } = command
      return Effect.succeed([ExecutiveCommitteeElected.make({ ...fields, endsOn: addYears(command.startsOn, policy.termYears) })])
    }

    case "FileElection": {
      const parentId = organization.parentId
      const byParent = actor.organization === parentId && (isCommittee(actor.role) || actor.role === "upper-cadre")
      if (!ownCommittee && !byParent) {
        return forbid(`an election of ${organizationId} is filed by its committee or recorded by its parent organization`)
      }
      const term = termById(state, termId)
      if (!term) return reject("UnknownTerm", `${organizationId} has no term ${termId}`)
      if (term.filed) return reject("AlreadyFiled", `term ${termId} was already filed on ${term.filed.filedOn}`)
      if (parentId === undefined || command.filedWith !== parentId) {
        return reject(
          "NotTheParent",
          parentId === undefined
            ? `${organizationId} has no parent organization to file its election with`
            : `an election is filed with the parent organization ${parentId}, not ${command.filedWith}`
        )
      }
      if (command.filedOn < term.electedOn) {
        return reject("DateBeforeElection", `term ${termId} cannot be filed (${command.filedOn}) before its election (${term.electedOn})`)
      }
      return Effect.succeed([ElectionFiled.make({ termId, filedOn: command.filedOn, filedWith: command.filedWith })])
    }

    case "ByElectMember": {
      if (!ownCommittee) return forbid(`a by-election of ${organizationId} is recorded by its chair or an executive member`)
      if (command.congressSession.trim() === "") {
        return reject("NoCongressSession", "only a congress (妇代会) elects: the by-election must cite the congress session that voted")
      }
      const term = termById(state, termId)
      if (!term) return reject("UnknownTerm", `${organizationId} has no term ${termId}`)
      if (!isLiveOn(term, command.electedOn)) {
        return reject(
          "TermNotLive",
          `by-elections (增补) are held only during a live term; term ${termId} runs from ${term.startsOn} until ${endOf(term)}, and this one is dated ${command.electedOn}`
        )
      }
      // A seat held on the by-election date or later (a later by-election may have been recorded first).
      const seated = term.seats.filter((s) => s.leftOn === undefined || s.leftOn > command.electedOn)
      if (seated.some((s) => s.personId === command.member.personId)) {
        return reject("AlreadyMember", `${command.member.personId} is already a member of term ${termId}`)
      }
      if (command.member.position === "chair" && seated.some((s) => s.position === "chair")) {
        return reject("ChairOccupied", `term ${termId} has a chair already; a new chair is by-elected only once the chair has left`)
      }
      return Effect.succeed([
        MemberByElected.make({ termId, member: command.member, congressSession: command.congressSession, electedOn: command.electedOn })
      ])
    }

    case "RecordMemberLeft": {
      if (!ownCommittee) return forbid(`a member's leaving ${organizationId}'s committee is recorded by its chair or an executive member`)
      const term = termById(state, termId)
      if (!term) return reject("UnknownTerm", `${organizationId} has no term ${termId}`)
      const seat = term.seats.find((s) => s.personId === command.personId && s.leftOn === undefined)
      if (!seat) return reject("NotAMember", `${command.personId} is not a member of term ${termId}`)
      if (command.leftOn < seat.since) {
        return reject("DateBeforeElection", `${command.personId} cannot leave (${command.leftOn}) before being elected (${seat.since})`)
      }
      if (!isLiveOn(term, command.leftOn)) {
        return reject("TermNotLive", `term ${termId} is not live on ${command.leftOn}: members leave only a live term`)
      }
      return Effect.succeed([MemberLeft.make({ termId, personId: command.personId, leftOn: command.leftOn })])
    }

    case "EndTerm": {
      if (!ownCommittee) return forbid(`the end of a term of ${organizationId} is recorded by its chair or an executive member`)
      const term = termById(state, termId)
      if (!term) return reject("UnknownTerm", `${organizationId} has no term ${termId}`)
      if (term.endedOn !== undefined) return reject("AlreadyEnded", `term ${termId} already ended on ${term.endedOn}`)
      if (command.endedOn < term.electedOn) {
        return reject("DateBeforeElection", `term ${termId} cannot end (${command.endedOn}) before its election (${term.electedOn})`)
      }
      const successor = successorOf(state, termId)
      if (successor !== undefined && command.endedOn < successor.startsOn) {
        return reject(
          "SuccessorElected",
          `term ${successor.termId}, already elected, takes office on ${successor.startsOn}: term ${termId} stays in office until then, so that ${organizationId} is never without a committee`
        )
      }
      return Effect.succeed([TermEnded.make({ termId, endedOn: command.endedOn })])
    }
  }
}

const handle = (command: Command, ctx: DecisionContext) =>
  Effect.gen(function*() {
    const organization = yield* Organization.loadRegistered(ctx, command.organizationId)
    const state = yield* ctx.load(aggregate, command.organizationId)
    const events = yield* decide(command, state, organization, ctx.policy)
    return [emit(aggregate, command.organizationId, events)]
  })

/** The handlers of executive committee commands. */
export const handlers = {
  ElectExecutiveCommittee: (command: typeof ElectExecutiveCommittee.Type, ctx: DecisionContext) => handle(command, ctx),
  FileElection: (command: typeof FileElection.Type, ctx: DecisionContext) => handle(command, ctx),
  ByElectMember: (command: typeof ByElectMember.Type, ctx: DecisionContext) => handle(command, ctx),
  RecordMemberLeft: (command: typeof RecordMemberLeft.Type, ctx: DecisionContext) => handle(command, ctx),
  EndTerm: (command: typeof EndTerm.Type, ctx: DecisionContext) => handle(command, ctx),
  RecordReserveCadre: (command: typeof RecordReserveCadre.Type, ctx: DecisionContext) => handle(command, ctx),
  RemoveReserveCadre: (command: typeof RemoveReserveCadre.Type, ctx: DecisionContext) => handle(command, ctx)
}

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  ElectExecutiveCommittee: ["chair", "vice-chair", "executive-member", "upper-cadre"],
  FileElection: ["chair", "vice-chair", "executive-member", "upper-cadre"],
  ByElectMember: ["chair", "vice-chair", "executive-member"],
  RecordMemberLeft: ["chair", "vice-chair", "executive-member"],
  EndTerm: ["chair", "vice-chair", "executive-member"],
  RecordReserveCadre: ["chair", "vice-chair", "executive-member"],
  RemoveReserveCadre: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): on its own date. */
export const times = {
  ElectExecutiveCommittee: { field: "electedOn" },
  FileElection: { field: "filedOn" },
  ByElectMember: { field: "electedOn" },
  RecordMemberLeft: { field: "leftOn" },
  EndTerm: { field: "endedOn" },
  RecordReserveCadre: { field: "recordedOn" },
  RemoveReserveCadre: { field: "removedOn" }
} as const satisfies Record<Command["_tag"], FactTime>
