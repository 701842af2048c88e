/**
 * 会议 / 决定事项: the regular meetings of an organization and the decisions taken at them
 * (DOMAIN.md §6): the monthly study meeting with its minutes (每月一次会议,学习制度), the
 * quarterly plenary of federation members and congress directors (每季度召开一次妇联成员和妇代会
 * 主任全会), of whose topic every committee member is notified beforehand (会前通知每个委员), and
 * the annual women's congress (每年召开一次妇女代表大会) that reports the year's work and the next
 * year's plan. Decisions are taken collectively at a held meeting, each with an owner and a due
 * date, and followed up afterwards (会后检查落实).
 *
 * Stream: `meeting-{meetingId}`, holding the meeting, its notifications, its decisions and
 * their follow-ups. Holding a plenary also reads the organization's `term-{organizationId}`
 * stream, so a by-election made meanwhile makes it decide again.
 *
 * 学习制度 (seed 000 item 1 and §四(三)): a held meeting may record what was studied (`study`:
 * its topic and the material), beside who attended (`attendees`, by person id). Decisions
 * where DOMAIN.md is silent:
 * - The study record is optional on every kind of meeting, so that meetings recorded before
 *   it existed stay readable and a congress or plenary that also studied can say so. A monthly
 *   meeting held without one is not refused: the meetings ledger flags it
 *   (`monthly-without-study`), as it flags a month without a meeting.
 * - A study record names its topic (not blank); the material (a law, a document, a speech) is
 *   optional, as a talk may have none.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import { Document, Id, List, Narrative, PersonId, Text, Title } from "./Input.ts"
import * as Organization from "./Organization.ts"
import { personal, subjects } from "./PersonalData.ts"
import * as Term from "./Term.ts"
import { addDays, LocalDate } from "./Time.ts"

/**
 * The kinds of meeting: the monthly study meeting 每月例会/学习, the quarterly plenary 全委会
 * (federation members and congress directors), the annual women's congress 妇女代表大会.
 */
export const Kind = Schema.Literals(["monthly", "plenary", "congress"])

/** A kind of meeting. */
export type Kind = typeof Kind.Type

/** The outcome of a follow-up (检查落实): done 已落实, in progress 落实中, not done 未落实. */
export const FollowUpStatus = Schema.Literals(["done", "in-progress", "not-done"])

/** The outcome of a follow-up. */
export type FollowUpStatus = typeof FollowUpStatus.Type

/** The most attendees a held meeting records: a congress of a large area seats some hundreds. */
export const maxAttendees = 1_000

/** 学习内容: what a meeting studied, as stored: its topic and, if any, the material studied. */
export const StudyRecord = Schema.Struct({
  topic: Schema.NonEmptyString,
  material: Schema.optional(Schema.NonEmptyString)
})

/** What a meeting studied. */
export type StudyRecord = typeof StudyRecord.Type

/** 学习内容: what a meeting studied, as a command gives it: a topic, and the material (a law, a document) if any. */
export const Study = Schema.Struct({
  topic: Title,
  material: Schema.optional(Title)
})

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** A meeting was scheduled (召开通知) with its kind, date and topic. */
export const MeetingScheduled = Schema.TaggedStruct("MeetingScheduled", {
  meetingId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  kind: Kind,
  date: LocalDate,
  topic: Schema.NonEmptyString
})

/** 会前通知: a person was notified of the meeting's topic. */
export const MemberNotified = Schema.TaggedStruct("MemberNotified", {
  meetingId: Schema.NonEmptyString,
  personId: Schema.NonEmptyString,
  notifiedOn: LocalDate
})

/**
 * The meeting was held, with who attended and its minutes (会议记录); a congress also with
 * its report of the year's work and its plan for the next year.
 */
export const MeetingHeld = Schema.TaggedStruct("MeetingHeld", {
  meetingId: Schema.NonEmptyString,
  heldOn: LocalDate,
  attendees: Schema.Array(Schema.NonEmptyString),
  minutes: personal(Schema.NonEmptyString, subjects.meeting),
  workReport: Schema.optional(Schema.NonEmptyString),
  workPlan: Schema.optional(Schema.NonEmptyString),
  /** 学习制度: what was studied; absent on meetings recorded before it was kept. */
  study: Schema.optional(StudyRecord)
})

/** 会议决定事项: a decision taken at the held meeting, with its owner and due date. */
export const DecisionTaken = Schema.TaggedStruct("DecisionTaken", {
  meetingId: Schema.NonEmptyString,
  decisionId: Schema.NonEmptyString,
  text: Schema.NonEmptyString,
  ownerId: Schema.NonEmptyString,
  dueOn: LocalDate
})

/** 检查落实: a decision of the meeting was followed up. */
export const DecisionFollowedUp = Schema.TaggedStruct("DecisionFollowedUp", {
  meetingId: Schema.NonEmptyString,
  decisionId: Schema.NonEmptyString,
  status: FollowUpStatus,
  note: Schema.optional(personal(Schema.NonEmptyString, subjects.meeting)),
  followedUpOn: LocalDate
})

/** The events of a meeting. */
export const Event = Schema.Union([MeetingScheduled, MemberNotified, MeetingHeld, DecisionTaken, DecisionFollowedUp])

/** An event of a meeting. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Schedules a meeting of the actor's organization. */
export const ScheduleMeeting = Schema.TaggedStruct("ScheduleMeeting", {
  ...CommandFields,
  meetingId: Id,
  organizationId: Id,
  kind: Kind,
  date: LocalDate,
  topic: Title
})

/** Records that a person was notified of a scheduled meeting's topic (会前通知). */
export const NotifyMemberOfMeeting = Schema.TaggedStruct("NotifyMemberOfMeeting", {
  ...CommandFields,
  meetingId: Id,
  personId: PersonId,
  notifiedOn: LocalDate
})

/**
 * Records that a scheduled meeting was held. A plenary requires every committee member in
 * office that day to have been notified on or before it; a congress requires its work report
 * and plan. `study` records what was studied (学习制度), which a monthly meeting should.
 */
export const RecordMeetingHeld = Schema.TaggedStruct("RecordMeetingHeld", {
  ...CommandFields,
  meetingId: Id,
  heldOn: LocalDate,
  attendees: List(PersonId, maxAttendees),
  minutes: personal(Narrative),
  workReport: Schema.optional(Document),
  workPlan: Schema.optional(Document),
  study: Schema.optional(Study)
})

/**
 * Records a decision taken at a held meeting, with its owner and due date. It happened at the
 * meeting: recorded on a later day, it says so with `occurredAt` on the meeting's day.
 */
export const TakeDecision = Schema.TaggedStruct("TakeDecision", {
  ...CommandFields,
  meetingId: Id,
  decisionId: Id,
  text: Text,
  ownerId: PersonId,
  dueOn: LocalDate
})

/** Records a follow-up of a decision of the meeting (会后检查落实). */
export const FollowUpDecision = Schema.TaggedStruct("FollowUpDecision", {
  ...CommandFields,
  meetingId: Id,
  decisionId: Id,
  status: FollowUpStatus,
  note: Schema.optional(personal(Text)),
  followedUpOn: LocalDate
})

/** The commands of meetings. */
export const Command = Schema.Union([ScheduleMeeting, NotifyMemberOfMeeting, RecordMeetingHeld, TakeDecision, FollowUpDecision])

/** A command of meetings. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** One follow-up of a decision. */
export interface FollowUp {
  readonly status: FollowUpStatus
  readonly followedUpOn: LocalDate
}

/** A decision of the meeting with its follow-ups, oldest first. */
export interface Decision {
  readonly decisionId: string
  readonly text: string
  readonly ownerId: string
  readonly dueOn: LocalDate
  readonly followUps: ReadonlyArray<FollowUp>
}

/** A meeting as known from its events; the scheduling fields are empty until scheduled. */
export interface State {
  readonly scheduled: boolean
  readonly meetingId: string
  readonly organizationId: string
  readonly kind: Kind
  readonly date: LocalDate
  readonly topic: string
  /** The date each notified person was first notified. */
  readonly notified: ReadonlyArray<{ readonly personId: string; readonly notifiedOn: LocalDate }>
  readonly held: {
    readonly heldOn: LocalDate
    readonly attendees: ReadonlyArray<string>
    /** What was studied, if the meeting recorded it. */
    readonly study?: StudyRecord | undefined
  } | undefined
  readonly decisions: ReadonlyArray<Decision>
}

/** The meeting aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "meeting",
  events: Event,
  initial: {
    scheduled: false,
    meetingId: "",
    organizationId: "",
    kind: "monthly",
    date: "",
    topic: "",
    notified: [],
    held: undefined,
    decisions: []
  },
  evolve: (state, event) => {
    switch (event._tag) {
      case "MeetingScheduled":
        return {
          ...state,
          scheduled: true,
          meetingId: event.meetingId,
          organizationId: event.organizationId,
          kind: event.kind,
          date: event.date,
          topic: event.topic
        }
      case "MemberNotified":
        return { ...state, notified: [...state.notified, { personId: event.personId, notifiedOn: event.notifiedOn }] }
      case "MeetingHeld":
        return { ...state, held: { heldOn: event.heldOn, attendees: event.attendees, study: event.study } }
      case "DecisionTaken":
        return {
          ...state,
          decisions: [...state.decisions, {
            decisionId: event.decisionId,
            text: event.text,
            ownerId: event.ownerId,
            dueOn: event.dueOn,
            followUps: []
          }]
        }
      case "DecisionFollowedUp":
        return {
          ...state,
          decisions: state.decisions.map((d) =>
            d.decisionId === event.decisionId
              ? { ...d, followUps: [...d.followUps, { status: event.status, followedUpOn: event.followedUpOn }] }
              : d
          )
        }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Queries: the flags of the meeting ledger
// ---------------------------------------------------------------------------------------------

/** A held meeting as the meeting ledger counts it. */
export interface HeldMeeting {
  readonly kind: Kind
  readonly heldOn: LocalDate
}

/** The held meeting of a meeting's state, or `undefined` if it was not held. */
export const heldMeetingOf = (state: State): HeldMeeting | undefined =>
  state.held === undefined ? undefined : { kind: state.kind, heldOn: state.held.heldOn }

/**
 * 未记学习内容: a held monthly meeting (the study meeting, 每月一次会议学习) that recorded no
 * study. Plenaries and congresses are not expected to.
 */
export const heldWithoutStudy = (state: State): boolean =>
  state.held !== undefined && state.kind === "monthly" && state.held.study === undefined

/** A period of the ledger, both days included. */
export interface Period {
  readonly from: LocalDate
  readonly to: LocalDate
}

const pad = (n: number) => String(n).padStart(2, "0")

/**
 * The calendar units of `months` months (1, 3 or 12, aligned to the year) that lie wholly
 * within the period, each with the meeting kind's gap in it, if no meeting of that kind was
 * held within it. A unit cut by the period's start or end is not counted: the ledger of a
 * month still under way does not yet flag it.
 */
const gaps = (
  meetings: ReadonlyArray<HeldMeeting>,
  kind: Kind,
  period: Period,
  months: 1 | 3 | 12,
  label: (year: number, month: number) => string
): ReadonlyArray<string> => {
  const out: Array<string> = []
  const held = meetings.filter((m) => m.kind === kind).map((m) => m.heldOn)
  let year = Number(period.from.slice(0, 4))
  let month = Math.floor((Number(period.from.slice(5, 7)) - 1) / months) * months + 1
  for (;;) {
    const start = `${String(year).padStart(4, "0")}-${pad(month)}-01`
    if (start > period.to) break
    const nextYear = month + months > 12 ? year + 1 : year
    const nextMonth = ((month - 1 + months) % 12) + 1
    const end = addDays(`${String(nextYear).padStart(4, "0")}-${pad(nextMonth)}-01`, -1)
    if (start >= period.from && end <= period.to && !held.some((d) => start <= d && d <= end)) out.push(label(year, month))
    year = nextYear
    month = nextMonth
  }
  return out
}

/**
 * 每月一次会议: the months (`YYYY-MM`) wholly within the period in which no monthly meeting
 * of the organization was held. `meetings` are the organization's held meetings.
 */
export const monthsWithoutMonthlyMeeting = (meetings: ReadonlyArray<HeldMeeting>, period: Period): ReadonlyArray<string> =>
  gaps(meetings, "monthly", period, 1, (y, m) => `${y}-${pad(m)}`)

/** 每季度全会: the quarters (`YYYY-Qn`) wholly within the period in which no plenary was held. */
export const quartersWithoutPlenary = (meetings: ReadonlyArray<HeldMeeting>, period: Period): ReadonlyArray<string> =>
  gaps(meetings, "plenary", period, 3, (y, m) => `${y}-Q${(m + 2) / 3}`)

/** 每年妇代会: the years wholly within the period in which no congress was held. */
export const yearsWithoutCongress = (meetings: ReadonlyArray<HeldMeeting>, period: Period): ReadonlyArray<number> =>
  gaps(meetings, "congress", period, 12, (y) => String(y)).map(Number)

/** The latest follow-up's status of a decision, or `undefined` if it was never followed up. */
export const lastStatus = (decision: Decision): FollowUpStatus | undefined => decision.followUps[decision.followUps.length - 1]?.status

/**
 * 决定事项逾期: on `today` the decision's due date has passed (it is due by the end of
 * `dueOn`) and its latest follow-up is not "done".
 */
export const decisionOverdue = (decision: Decision, today: LocalDate): boolean =>
  decision.dueOn < today && lastStatus(decision) !== "done"

/** The decisions of a meeting overdue on `today`. */
export const overdueDecisions = (state: State, today: LocalDate): ReadonlyArray<Decision> =>
  state.decisions.filter((d) => decisionOverdue(d, today))

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a meeting command was refused. */
export class MeetingRejected extends Schema.TaggedError<MeetingRejected>()("MeetingRejected", {
  reason: Schema.Literals([
    "AlreadyScheduled",
    "NotScheduled",
    "NoTopic",
    "AlreadyHeld",
    "AlreadyNotified",
    "NoMinutes",
    "NoAttendees",
    "NoStudyTopic",
    "NoCongressReport",
    "NoCommitteeInOffice",
    "MembersNotNotified",
    "NotHeld",
    "DecisionIdTaken",
    "NoOwner",
    "DueBeforeMeeting",
    "DecisionNotAtMeeting",
    "UnknownDecision",
    "AlreadyDone",
    "FollowUpBeforeMeeting"
  ]),
  meetingId: Schema.String,
  detail: Schema.String,
  /** For `MembersNotNotified`: the committee members who were not notified. */
  personIds: Schema.optional(Schema.Array(Schema.String))
}) {
  override get message(): string {
    return this.detail
  }
}

const blank = (s: string | undefined) => s === undefined || s.trim() === ""

/**
 * Decides a meeting command given the meeting, the day its fact happened (`on`) and, for
 * holding a plenary, the organization's terms (whose committee members must have been
 * notified).
 */
export const decide = (
  command: Command,
  state: State,
  on: LocalDate,
  terms: Term.State = Term.aggregate.initial
): Effect.Effect<ReadonlyArray<Event>, MeetingRejected | Unauthorized> => {
  const { actor, meetingId } = command
  const reject = (reason: MeetingRejected["reason"], detail: string, personIds?: ReadonlyArray<string>) =>
    Effect.fail(new MeetingRejected({ reason, meetingId, detail, ...(personIds ? { personIds } : {}) }))
  const forbidUnlessCommittee = (organizationId: string) =>
    isCommittee(actor.role) && actor.organization === organizationId
      ? undefined
      : Effect.fail(
        new Unauthorized({ command: command._tag, actor, rule: `the meetings of ${organizationId} are kept by its executive committee` })
      )

  if (command._tag === "ScheduleMeeting") {
    const forbidden = forbidUnlessCommittee(command.organizationId)
    if (forbidden) return forbidden
    if (state.scheduled) return reject("AlreadyScheduled", `meeting ${meetingId} is already scheduled`)
    if (blank(command.topic)) return reject("NoTopic", "a meeting is scheduled with its topic, of which members are notified")
    const { _tag, commandId, actor: _actor, reason, correlationId, causationId, ...fields } = command
    return Effect.succeed([MeetingScheduled.make(fields)])
  }

  // Another organization's meeting is answered as one never scheduled (§10: nothing of another organization).
  if (!state.scheduled || state.organizationId !== actor.organization) return reject("NotScheduled", `${actor.organization} has no meeting ${meetingId} scheduled`)
  const forbidden = forbidUnlessCommittee(state.organizationId)
  if (forbidden) return forbidden

  switch (command._tag) {
    case "NotifyMemberOfMeeting": {
      if (state.held) return reject("AlreadyHeld", `meeting ${meetingId} was already held on ${state.held.heldOn}`)
      if (state.notified.some((n) => n.personId === command.personId)) {
        return reject("AlreadyNotified", `${command.personId} was already notified of meeting ${meetingId}`)
      }
      return Effect.succeed([MemberNotified.make({ meetingId, personId: command.personId, notifiedOn: command.notifiedOn })])
    }

    case "RecordMeetingHeld": {
      if (state.held) return reject("AlreadyHeld", `meeting ${meetingId} was already held on ${state.held.heldOn}`)
      if (command.attendees.length === 0) return reject("NoAttendees", "a held meeting records who attended")
      if (blank(command.minutes)) return reject("NoMinutes", "a held meeting records its minutes (会议记录)")
      if (command.study !== undefined && blank(command.study.topic)) {
        return reject("NoStudyTopic", "a study record (学习内容) names the topic studied")
      }
      if (state.kind === "congress" && (blank(command.workReport) || blank(command.workPlan))) {
        return reject("NoCongressReport", "the women's congress hears the report of the year's work and the plan for the next year")
      }
      if (state.kind === "plenary") {
        if (Term.liveTermOn(terms, command.heldOn) === undefined) {
          return reject("NoCommitteeInOffice", `${state.organizationId} has no executive committee in office on ${command.heldOn} to hold a plenary`)
        }
        // Only a notification made on or before the day of the meeting is a 会前通知.
        const notified = new Set(state.notified.filter((n) => n.notifiedOn <= command.heldOn).map((n) => n.personId))
        const missing = Term.membersOn(terms, command.heldOn).filter((m) => !notified.has(m.personId))
        if (missing.length > 0) {
          return reject(
            "MembersNotNotified",
            `every committee member is notified of the plenary's topic before it (会前通知每个委员); not notified: ${
              missing.map((m) => `${m.name} (${m.personId})`).join(", ")
            }`,
            missing.map((m) => m.personId)
          )
        }
      }
      const { _tag, commandId, actor: _actor, reason, correlationId, causationId, ...fields } = command
      return Effect.succeed([MeetingHeld.make(fields)])
    }

    case "TakeDecision": {
      if (!state.held) return reject("NotHeld", `decisions are taken at a held meeting, and meeting ${meetingId} was not held`)
      if (state.decisions.some((d) => d.decisionId === command.decisionId)) {
        return reject("DecisionIdTaken", `meeting ${meetingId} already has a decision ${command.decisionId}`)
      }
      if (blank(command.ownerId)) return reject("NoOwner", "each decision has an owner who carries it out")
      if (command.dueOn < state.held.heldOn) {
        return reject("DueBeforeMeeting", `a decision cannot be due (${command.dueOn}) before the meeting that took it (${state.held.heldOn})`)
      }
      if (on !== state.held.heldOn) {
        return reject(
          "DecisionNotAtMeeting",
          `decisions are taken at the meeting, held on ${state.held.heldOn}, not on ${on}: a decision recorded later gives occurredAt on the meeting's day`
        )
      }
      const { _tag, commandId, actor: _actor, reason, correlationId, causationId, ...fields } = command
      return Effect.succeed([DecisionTaken.make(fields)])
    }

    case "FollowUpDecision": {
      const decision = state.decisions.find((d) => d.decisionId === command.decisionId)
      if (!decision) return reject("UnknownDecision", `meeting ${meetingId} took no decision ${command.decisionId}`)
      if (lastStatus(decision) === "done") return reject("AlreadyDone", `decision ${command.decisionId} is already done`)
      if (state.held && command.followedUpOn < state.held.heldOn) {
        return reject("FollowUpBeforeMeeting", `a decision is followed up after the meeting (${state.held.heldOn}), not on ${command.followedUpOn}`)
      }
      const { _tag, commandId, actor: _actor, reason, correlationId, causationId, ...fields } = command
      return Effect.succeed([DecisionFollowedUp.make(fields)])
    }
  }
}

/** The handlers of meeting commands. */
export const handlers = {
  ScheduleMeeting: (command: typeof ScheduleMeeting.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      yield* Organization.loadRegistered(ctx, command.organizationId)
      const state = yield* ctx.load(aggregate, command.meetingId)
      return [emit(aggregate, command.meetingId, yield* decide(command, state, ctx.occurred.on))]
    }),
  NotifyMemberOfMeeting: (command: typeof NotifyMemberOfMeeting.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.meetingId)
      return [emit(aggregate, command.meetingId, yield* decide(command, state, ctx.occurred.on))]
    }),
  RecordMeetingHeld: (command: typeof RecordMeetingHeld.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.meetingId)
      const terms = state.scheduled && state.kind === "plenary" ? yield* ctx.load(Term.aggregate, state.organizationId) : undefined
      return [emit(aggregate, command.meetingId, yield* decide(command, state, ctx.occurred.on, terms))]
    }),
  TakeDecision: (command: typeof TakeDecision.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.meetingId)
      return [emit(aggregate, command.meetingId, yield* decide(command, state, ctx.occurred.on))]
    }),
  FollowUpDecision: (command: typeof FollowUpDecision.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.meetingId)
      return [emit(aggregate, command.meetingId, yield* decide(command, state, ctx.occurred.on))]
    })
}

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  ScheduleMeeting: ["chair", "vice-chair", "executive-member"],
  NotifyMemberOfMeeting: ["chair", "vice-chair", "executive-member"],
  RecordMeetingHeld: ["chair", "vice-chair", "executive-member"],
  TakeDecision: ["chair", "vice-chair", "executive-member"],
  FollowUpDecision: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/**
 * When each command's fact happened (`FactTime`): a notification, a meeting and a follow-up on
 * their own dates; scheduling and taking a decision on a day.
 */
export const times = {
  ScheduleMeeting: "day",
  NotifyMemberOfMeeting: { field: "notifiedOn" },
  RecordMeetingHeld: { field: "heldOn" },
  TakeDecision: "day",
  FollowUpDecision: { field: "followedUpOn" }
} as const satisfies Record<Command["_tag"], FactTime>
