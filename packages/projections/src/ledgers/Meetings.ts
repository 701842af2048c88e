/**
 * 会议台帐, the meetings ledger (DOMAIN.md §6; seed 000 item 1 and §四(二)): per organization
 * over a period, the months with no monthly meeting (每月一次会议), the quarters with no plenary
 * (每季度全会) and the years with no congress (每年妇代会); and every decision taken at a meeting
 * with its latest follow-up (会后检查落实), flagged when overdue.
 *
 * Folds each meeting's stream with `Meeting.aggregate`'s own `evolve`, and each organization's
 * registration (every organization above the building level is expected to meet, met or not).
 * Gaps come from `Meeting.monthsWithoutMonthlyMeeting`, `quartersWithoutPlenary` and
 * `yearsWithoutCongress`; overdue decisions from `Meeting.decisionOverdue`.
 *
 * @since 0.1.0
 */
import * as Meeting from "@fulian/core/Meeting"
import * as Organization from "@fulian/core/Organization"
import { addDays, type LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import { byKey, dateOfAsOf, fold, type Instances, millisOf, type Options } from "./Ledger.ts"

const meetings = fold(Meeting.aggregate)
const organizations = fold(Organization.aggregate)

/** The state of the meetings ledger. */
export interface State {
  /** Each meeting's state, by meeting id. */
  readonly meetings: Instances
  /** Each organization's registration, by id. */
  readonly organizations: Instances
}

/** The meetings ledger's projection. */
export const projection: Projection.Projection<State> = Projection.make<State>({
  name: "ledger-meetings",
  version: 1,
  initial: { meetings: {}, organizations: {} },
  apply: (state, envelope) => {
    const m = meetings.apply(state.meetings, envelope)
    if (m !== state.meetings) return { ...state, meetings: m }
    const o = organizations.apply(state.organizations, envelope)
    return o !== state.organizations ? { ...state, organizations: o } : state
  }
})

/** A flag of an organization's line: a month, quarter or year of the period without its meeting. */
export type OrganizationFlag = "month-without-meeting" | "quarter-without-plenary" | "year-without-congress"

/** An organization's line of the ledger, over the period. */
export interface OrganizationRow {
  readonly organizationId: string
  readonly level: Organization.Level
  /** Meetings held within the period, by kind. */
  readonly held: { readonly [k in Meeting.Kind]: number }
  /** The months (`YYYY-MM`), quarters (`YYYY-Qn`) and years wholly within the period, and over by `asOf`, without their meeting. */
  readonly monthsWithoutMonthlyMeeting: ReadonlyArray<string>
  readonly quartersWithoutPlenary: ReadonlyArray<string>
  readonly yearsWithoutCongress: ReadonlyArray<number>
  readonly flags: ReadonlyArray<OrganizationFlag>
}

/** A flag of a decision's line: 逾期, past its due date and not done. */
export type DecisionFlag = "decision-overdue"

/** One decision's line of the ledger. */
export interface DecisionRow {
  readonly organizationId: string
  readonly meetingId: string
  readonly meetingKind: Meeting.Kind
  readonly heldOn: LocalDate
  readonly decisionId: string
  readonly text: string
  readonly ownerId: string
  readonly dueOn: LocalDate
  /** The latest follow-up's status, or `not-followed-up`. */
  readonly status: Meeting.FollowUpStatus | "not-followed-up"
  readonly lastFollowedUpOn?: LocalDate
  readonly flags: ReadonlyArray<DecisionFlag>
}

/** The meetings ledger. */
export interface Rows {
  /** Every organization above the building level, by id. */
  readonly organizations: ReadonlyArray<OrganizationRow>
  /** Every decision of the meetings held within the period, by due date. */
  readonly decisions: ReadonlyArray<DecisionRow>
}

/** Options of the meetings ledger's query. */
export interface MeetingOptions extends Options {
  /** The period of the ledger, both days included. */
  readonly period: Meeting.Period
  /** Only this organization. */
  readonly organizationId?: string
}

/**
 * The ledger's rows over the period, judged at `asOf`: a month, quarter or year is flagged
 * only once it is over — wholly within the period and ended before the date of `asOf`.
 */
export const rows = (state: State, options: MeetingOptions): Rows => {
  const now = millisOf(options.asOf)
  const { period } = options
  const yesterday = addDays(dateOfAsOf(options.asOf), -1)
  const judged: Meeting.Period = { from: period.from, to: period.to < yesterday ? period.to : yesterday }
  const heldBy = new Map<string, Array<Meeting.HeldMeeting>>()
  const decisions: Array<DecisionRow> = []
  for (const [meetingId, meeting] of meetings.all(state.meetings)) {
    const held = Meeting.heldMeetingOf(meeting)
    if (held === undefined || held.heldOn < period.from || held.heldOn > period.to) continue
    if (options.organizationId !== undefined && meeting.organizationId !== options.organizationId) continue
    heldBy.set(meeting.organizationId, [...(heldBy.get(meeting.organizationId) ?? []), held])
    for (const decision of meeting.decisions) {
      const last = decision.followUps[decision.followUps.length - 1]
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
        flags: Meeting.decisionOverdue(decision, now) ? ["decision-overdue"] : []
      })
    }
  }
  const rowsOf: Array<OrganizationRow> = []
  for (const [organizationId, organization] of organizations.all(state.organizations)) {
    if (!organization.registered || organization.level === undefined || organization.level === "building") continue
    if (options.organizationId !== undefined && organizationId !== options.organizationId) continue
    const held = heldBy.get(organizationId) ?? []
    const months = judged.from <= judged.to ? Meeting.monthsWithoutMonthlyMeeting(held, judged) : []
    const quarters = judged.from <= judged.to ? Meeting.quartersWithoutPlenary(held, judged) : []
    const years = judged.from <= judged.to ? Meeting.yearsWithoutCongress(held, judged) : []
    const flags: Array<OrganizationFlag> = []
    if (months.length > 0) flags.push("month-without-meeting")
    if (quarters.length > 0) flags.push("quarter-without-plenary")
    if (years.length > 0) flags.push("year-without-congress")
    rowsOf.push({
      organizationId,
      level: organization.level,
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
    organizations: rowsOf,
    decisions: decisions.sort(byKey((d) => `${d.dueOn}\u0000${d.meetingId}\u0000${d.decisionId}`))
  }
}
