/**
 * 会议台帐, the meetings ledger (DOMAIN.md §6; seed 000 item 1 and §四(二)): per organization
 * over a period, the meetings held and the months with no monthly meeting (每月一次会议), the
 * quarters with no plenary (每季度全会) and the years with no congress (每年妇代会); every
 * decision taken at a meeting with its latest follow-up (会后检查落实), flagged when overdue;
 * the records entered late (补录); and, for the period, the figures a report shows of
 * meetings (`figures`).
 *
 * 学习制度: each meeting held shows what it studied (`study`), and a monthly meeting held
 * without a study record is flagged `monthly-without-study` (`Meeting.heldWithoutStudy`): the
 * monthly meeting is the study meeting. Meetings recorded before studies were kept are flagged
 * too, as the record does not show a study.
 *
 * Folds each meeting's stream with `Meeting.aggregate`'s own `evolve`. Every organization of
 * the area above the building level is expected to meet, met or not: the organizations come
 * from the organizations ledger (`Organizations.rows`). Gaps come from
 * `Meeting.monthsWithoutMonthlyMeeting`, `quartersWithoutPlenary` and `yearsWithoutCongress`;
 * overdue decisions from `Meeting.decisionOverdue`.
 *
 * A decision is taken at its meeting, on the day it was held (the domain refuses another day),
 * so the decisions taken in a period are those of the meetings it held. The ledger lists every
 * decision of the meetings held up to the period's end, so that one still open from an earlier
 * meeting stays in view.
 *
 * @since 0.1.0
 */
import * as Meeting from "@fulian/core/Meeting"
import type * as Organization from "@fulian/core/Organization"
import { addDays, type Calendar, type DateRange, isLocalDate, type LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import {
  type Area,
  byKey,
  fold,
  inArea,
  inPeriod,
  type Instances,
  judged,
  type LateFlag,
  lateEntries,
  nameFor,
  type Options,
  reader
} from "./Ledger.ts"

const meetings = reader(Meeting.aggregate)

/** The state of the meetings ledger. */
export interface State {
  /** Each meeting's state, by meeting id. */
  readonly meetings: Instances
}

/** The meetings ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const folded = fold(Meeting.aggregate, calendar)
  return Projection.rows<State>({
    name: nameFor("ledger-meetings", calendar),
    // 2: organizations from the organizations ledger; late entries; 3: kept as rows; 4: the study of a held meeting.
    // 5: late entries as [days, records] pairs.
    version: 5,
    initial: { meetings: Table.empty() },
    reads: (envelope) => folded.reads("meetings", envelope),
    apply: (state, envelope) => {
      const m = folded.apply(state.meetings, envelope)
      return m !== state.meetings ? { meetings: m } : state
    }
  })
}

/** A flag of an organization's line: 无月度会议, 无季度全会, 无妇代会. */
export type OrganizationFlag = "month-without-meeting" | "quarter-without-plenary" | "year-without-congress"

/** An organization's line: its meetings held in the period and the gaps. */
export interface OrganizationRow {
  readonly organizationId: string
  readonly level: Organization.Level
  readonly held: { readonly [k in Meeting.Kind]: number }
  readonly monthsWithoutMonthlyMeeting: ReadonlyArray<string>
  readonly quartersWithoutPlenary: ReadonlyArray<string>
  readonly yearsWithoutCongress: ReadonlyArray<number>
  readonly flags: ReadonlyArray<OrganizationFlag>
}

/** A flag of a meeting's line: 补录, 月例会未记学习内容. */
export type MeetingFlag = LateFlag | "monthly-without-study"

/** A meeting held in the period. */
export interface MeetingRow {
  readonly organizationId: string
  readonly meetingId: string
  readonly kind: Meeting.Kind
  readonly heldOn: LocalDate
  readonly decisions: number
  /** 学习内容: what it studied, if it recorded that. */
  readonly study?: Meeting.StudyRecord
  /** 补录: its records entered later than `policy.lateEntryDays` after their fact. */
  readonly lateEntries: number
  readonly flags: ReadonlyArray<MeetingFlag>
}

/** A flag of a decision's line: 逾期. */
export type DecisionFlag = "decision-overdue"

/** A decision taken at a meeting held in the period or before. */
export interface DecisionRow {
  readonly organizationId: string
  readonly meetingId: string
  readonly meetingKind: Meeting.Kind
  /** The day its meeting was held: the day it was taken. */
  readonly heldOn: LocalDate
  readonly decisionId: string
  readonly text: string
  readonly ownerId: string
  readonly dueOn: LocalDate
  readonly status: Meeting.FollowUpStatus | "not-followed-up"
  readonly lastFollowedUpOn?: LocalDate
  /** The day a follow-up found it done, if one did. */
  readonly doneOn?: LocalDate
  readonly flags: ReadonlyArray<DecisionFlag>
}

/** The meetings ledger. */
export interface Rows {
  /** The organizations of the area above the building level, registered as `organizations` gives them. */
  readonly organizations: ReadonlyArray<OrganizationRow>
  /** The meetings held in the period, by day. */
  readonly meetings: ReadonlyArray<MeetingRow>
  /** The decisions of the meetings held up to the period's end, by due date. */
  readonly decisions: ReadonlyArray<DecisionRow>
}

/** Options of the meetings ledger's query. */
export interface MeetingOptions extends Options {
  /** The days whose meetings and gaps are shown. */
  readonly period: Meeting.Period
  /** The organizations expected to meet (`Organizations.rows` of the area). */
  readonly organizations: ReadonlyArray<{ readonly organizationId: string; readonly level: Organization.Level }>
  /** Only the meetings of the organizations of an area. */
  readonly within?: Area
}

/**
 * The ledger's rows for a period, judged at `asOf`: a month, quarter or year is judged once it
 * is over — through the day of `asOf` when it is a date, through the day before when it is a
 * moment of a day still going on.
 */
export const rows = (state: State, options: MeetingOptions): Rows => {
  const at = judged(options)
  const { period } = options
  const through = isLocalDate(options.asOf) ? at.date : addDays(at.date, -1)
  const judgedPeriod: Meeting.Period = { from: period.from, to: period.to < through ? period.to : through }
  const heldBy = new Map<string, Array<Meeting.HeldMeeting>>()
  const meetingRows: Array<MeetingRow> = []
  const decisions: Array<DecisionRow> = []
  for (const [meetingId, meeting] of meetings.all(state.meetings)) {
    const held = Meeting.heldMeetingOf(meeting)
    if (held === undefined || held.heldOn > period.to || !inArea(options.within, meeting.organizationId)) continue
    if (held.heldOn >= period.from) {
      heldBy.set(meeting.organizationId, [...(heldBy.get(meeting.organizationId) ?? []), held])
      const late = lateEntries(meetings.lags(state.meetings, meetingId), options.policy)
      const study = meeting.held?.study
      const flags: Array<MeetingFlag> = []
      if (late > 0) flags.push("entered-late")
      if (Meeting.heldWithoutStudy(meeting)) flags.push("monthly-without-study")
      meetingRows.push({
        organizationId: meeting.organizationId,
        meetingId,
        kind: meeting.kind,
        heldOn: held.heldOn,
        decisions: meeting.decisions.length,
        ...(study === undefined ? {} : { study }),
        lateEntries: late,
        flags
      })
    }
    for (const decision of meeting.decisions) {
      const last = decision.followUps[decision.followUps.length - 1]
      const done = decision.followUps.find((f) => f.status === "done")
      decisions.push({
        organizationId: meeting.organizationId,
        meetingId,
        meetingKind: meeting.kind,
        heldOn: held.heldOn,
        decisionId: decision.decisionId,
        text: decision.text,
        ownerId: decision.ownerId,
        dueOn: decision.dueOn,
        status: last?.status ?? "not-followed-up",
        ...(last ? { lastFollowedUpOn: last.followedUpOn } : {}),
        ...(done ? { doneOn: done.followedUpOn } : {}),
        flags: Meeting.decisionOverdue(decision, at.date) ? ["decision-overdue"] : []
      })
    }
  }
  const organizationRows: Array<OrganizationRow> = []
  for (const { organizationId, level } of options.organizations) {
    if (level === "building" || !inArea(options.within, organizationId)) continue
    const held = heldBy.get(organizationId) ?? []
    const open = judgedPeriod.from <= judgedPeriod.to
    const months = open ? Meeting.monthsWithoutMonthlyMeeting(held, judgedPeriod) : []
    const quarters = open ? Meeting.quartersWithoutPlenary(held, judgedPeriod) : []
    const years = open ? Meeting.yearsWithoutCongress(held, judgedPeriod) : []
    const flags: Array<OrganizationFlag> = []
    if (months.length > 0) flags.push("month-without-meeting")
    if (quarters.length > 0) flags.push("quarter-without-plenary")
    if (years.length > 0) flags.push("year-without-congress")
    organizationRows.push({
      organizationId,
      level,
      held: {
        monthly: held.filter((m) => m.kind === "monthly").length,
        plenary: held.filter((m) => m.kind === "plenary").length,
        congress: held.filter((m) => m.kind === "congress").length
      },
      monthsWithoutMonthlyMeeting: months,
      quartersWithoutPlenary: quarters,
      yearsWithoutCongress: years,
      flags
    })
  }
  return {
    organizations: organizationRows,
    meetings: meetingRows.sort(byKey((m) => `${m.heldOn}\u0000${m.organizationId}\u0000${m.meetingId}`)),
    decisions: decisions.sort(byKey((d) => `${d.dueOn}\u0000${d.meetingId}\u0000${d.decisionId}`))
  }
}

/** The figures of meetings for the rows' period. */
export interface Figures {
  /** Meetings held, by kind. */
  readonly held: { readonly [k in Meeting.Kind]: number }
  /** Decisions taken at those meetings. */
  readonly decisionsTaken: number
  /** Decisions found done by a follow-up dated in the period (taken then or before). */
  readonly decisionsDone: number
  /** The organizations with a month of the period without a monthly meeting. */
  readonly withoutMonthlyMeeting: ReadonlyArray<string>
  /** Meetings held by organization. */
  readonly byOrganization: { readonly [organizationId: string]: number }
}

/** The figures of a period, from the rows of an area drawn for that period. */
export const figures = (rows: Rows, period: DateRange): Figures => {
  const byOrganization: Record<string, number> = {}
  for (const m of rows.meetings) byOrganization[m.organizationId] = (byOrganization[m.organizationId] ?? 0) + 1
  return {
    held: {
      monthly: rows.meetings.filter((m) => m.kind === "monthly").length,
      plenary: rows.meetings.filter((m) => m.kind === "plenary").length,
      congress: rows.meetings.filter((m) => m.kind === "congress").length
    },
    decisionsTaken: rows.decisions.filter((d) => inPeriod(period, d.heldOn)).length,
    decisionsDone: rows.decisions.filter((d) => inPeriod(period, d.doneOn)).length,
    withoutMonthlyMeeting: rows.organizations.filter((o) => o.monthsWithoutMonthlyMeeting.length > 0).map((o) => o.organizationId),
    byOrganization
  }
}
