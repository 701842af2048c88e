/**
 * 案件台帐, the case ledger (DOMAIN.md §4; seed 000 §四(五), seed 002 综治 九, seed 003 §二):
 * every letter, visit, hotline call, case assigned from above and dispute, with its status, the
 * level that holds it, its category and age; the late registrations (登记不及时), the results of
 * assigned cases overdue (上报结果逾期), the sudden and typical cases not reported up in time —
 * by an information report (信息报告) or an escalation, whichever came first (未及时上报) — the
 * information reports made and acknowledged, the reception day a case was received on, the follow-up visits due (纠纷回访), the records entered late (补录); and,
 * for a period, the figures a report shows of cases (`figures`): received, resolved — at the
 * community, the street, the district, the measure of "小事不出社区,大事不出街道,矛盾不上交" —
 * escalated, mediated, reopened, followed up, and open at the end.
 *
 * Folds each case's stream with `Case.aggregate`'s own `evolve` (its state keeps no personal
 * data), beside the dated acts a period counts (`Act`). Flags come from `Case.flags`.
 *
 * What is counted, and where (DOMAIN.md §9, one definition each):
 * - A case belongs to the area of the organization that first held it (registered it, or was
 *   assigned it); a street's ledger holds its communities' cases, wherever they went later.
 * - Received in a period: registered (or assigned) on a day of it. Assigned from above: assigned
 *   by an organization outside the area (a street's own assignments to its communities are not
 *   "from above" in the street's ledger).
 * - Resolved in a period: resolved now (as the ledger is drawn), its latest resolution dated in
 *   the period; a case reopened and resolved again is one case, counted at the level of the
 *   organization that resolved it last — which may be above the area (a case the district
 *   resolved is shown at the district).
 * - Escalations, sessions, follow-up visits and reopenings: those dated in the period (a
 *   session and an escalation, by an organization of the area).
 * - Open at the end: open now, at whatever level holds it.
 *
 * @since 0.1.0
 */
import * as Case from "@fulian/core/Case"
import type { Aggregate } from "@fulian/core/Decider"
import * as Organization from "@fulian/core/Organization"
import type { Calendar, DateRange, Instant, LocalDate } from "@fulian/core/Time"
import { calendarOf } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import {
  type Area,
  byKey,
  countBy,
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

/** A dated act on a case, as the ledger keeps it for counting by period. */
export type Act =
  | { readonly act: "escalated"; readonly at: Instant; readonly from: string; readonly to: string }
  | { readonly act: "informed"; readonly at: Instant; readonly from: string; readonly to: string }
  | { readonly act: "acknowledged"; readonly at: Instant; readonly by: string }
  | { readonly act: "session"; readonly on: LocalDate; readonly by: string; readonly outcome: Case.SessionOutcome }
  | {
    readonly act: "resolved"
    readonly on: LocalDate
    readonly by: string
    readonly level: Organization.Level
    readonly resolution: Case.Resolution
    readonly substantiated?: boolean
  }
  | { readonly act: "follow-up"; readonly on: LocalDate }
  | { readonly act: "reopened"; readonly at: Instant; readonly holder: string }

/** A case as the ledger keeps it: the case's own state, and its dated acts. */
export interface Entry {
  readonly state: Case.State
  readonly acts: ReadonlyArray<Act>
}

const actOf = (before: Case.State, event: Case.Event): Act | undefined => {
  switch (event._tag) {
    case "CaseEscalated":
      return { act: "escalated", at: event.escalatedAt, from: event.from, to: event.to }
    case "CaseInformationReported":
      return { act: "informed", at: event.reportedAt, from: event.from, to: event.to }
    case "CaseInformationAcknowledged":
      return { act: "acknowledged", at: event.acknowledgedAt, by: event.by }
    case "MediationSessionHeld":
      return { act: "session", on: event.heldOn, by: event.organizationId, outcome: event.outcome }
    case "CaseResolved":
      return {
        act: "resolved",
        on: event.resolvedOn,
        by: event.organizationId,
        level: Case.levelHeld(before) ?? "community",
        resolution: event.resolution,
        ...(event.substantiated === undefined ? {} : { substantiated: event.substantiated })
      }
    case "FollowUpVisitRecorded":
      return { act: "follow-up", on: event.visitedOn }
    case "CaseReopened":
      return { act: "reopened", at: event.reopenedAt, holder: Case.heldBy(before) ?? "" }
    default:
      return undefined
  }
}

/** The case ledger's own view of a case: `Case.aggregate`'s evolve, and its dated acts beside. */
const entries: Aggregate<Entry, Case.Event> = {
  category: Case.aggregate.category,
  events: Case.aggregate.events,
  initial: { state: Case.aggregate.initial, acts: [] },
  evolve: (entry, event) => {
    const act = actOf(entry.state, event)
    return { state: Case.aggregate.evolve(entry.state, event), acts: act === undefined ? entry.acts : [...entry.acts, act] }
  }
}

const cases = reader(entries)

/** The state of the case ledger. */
export interface State {
  /** Each case, by case id. */
  readonly cases: Instances
}

/** The case ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const folded = fold(entries, calendar)
  return Projection.rows<State>({
    name: nameFor("ledger-cases", calendar),
    // 2: dated acts and late entries; 3: kept as rows; 4: information reports, reception days.
    // 5: late entries as [days, records] pairs.
    version: 5,
    initial: { cases: Table.empty() },
    reads: (envelope) => folded.reads("cases", envelope),
    apply: (state, envelope) => {
      const c = folded.apply(state.cases, envelope)
      return c !== state.cases ? { cases: c } : state
    }
  })
}

/**
 * The age of an open case since it was received: up to 7 days, up to 30, up to 90, or older.
 * The bands are the ledger's own grouping, not a rule of the domain.
 */
export type AgeBand = "up-to-7-days" | "up-to-30-days" | "up-to-90-days" | "over-90-days"

/** The band of an age in whole days. */
export const ageBand = (days: number): AgeBand =>
  days <= 7 ? "up-to-7-days" : days <= 30 ? "up-to-30-days" : days <= 90 ? "up-to-90-days" : "over-90-days"

/** A flag of a case's line: the case's own flags, and 补录. */
export type Flag = Case.Flag | LateFlag

/** One case's line of the ledger. */
export interface CaseRow {
  readonly caseId: string
  readonly origin: "registered" | "assigned"
  readonly channel: Case.Channel
  /** The reception day (信访接待日) it was received on, for the channel `reception-day`. */
  readonly receptionDayId?: string
  readonly category: Case.Category
  readonly sudden: boolean
  readonly typicalInfringement: boolean
  readonly status: Case.Status
  /** The organization that holds it now, and its level. */
  readonly holder: string
  readonly level: Organization.Level
  /** The organization that first held it (registered it, or was assigned it): the area it belongs to. */
  readonly firstHolder: string
  readonly receivedAt: Instant
  readonly registeredAt: Instant
  /** The local day it was registered or assigned: the day it counts as received. */
  readonly registeredOn: LocalDate
  /** Whole local days from its receipt to `asOf`. */
  readonly ageDays: number
  /** For a case assigned from above: by whom, and when its result is due. */
  readonly assignedBy?: string
  readonly resultDueOn?: LocalDate
  readonly resultReportedAt?: Instant
  /**
   * 信息报告: each information report to the level above, dated on its local day, and whether
   * that level has acknowledged it (收悉) since.
   */
  readonly informationReports: ReadonlyArray<{ readonly on: LocalDate; readonly from: string; readonly to: string; readonly acknowledged: boolean }>
  /** When it was first reported up (an information report or an escalation, whichever came first). */
  readonly firstReportedUpAt?: Instant
  /** Each hand-up, dated on its local day. */
  readonly escalations: ReadonlyArray<{ readonly on: LocalDate; readonly from: string; readonly to: string }>
  /** Each mediation session, by whom and with what outcome. */
  readonly sessions: ReadonlyArray<{ readonly on: LocalDate; readonly organizationId: string; readonly outcome: Case.SessionOutcome }>
  /** The days of its follow-up visits. */
  readonly followUpVisits: ReadonlyArray<LocalDate>
  /** Each reopening after a relapse, and the organization that held it. */
  readonly reopenings: ReadonlyArray<{ readonly on: LocalDate; readonly holder: string }>
  /**
   * The latest resolution, while the case is resolved or archived: when, how, by which
   * organization and at which level, and (rights and domestic-violence cases) whether it was
   * substantiated.
   */
  readonly resolvedOn?: LocalDate
  readonly resolution?: Case.Resolution
  readonly resolvedBy?: string
  readonly resolvedAtLevel?: Organization.Level
  readonly substantiated?: boolean
  /** The date its follow-up visit (回访) is due by, while it is pending. */
  readonly followUpDueOn?: LocalDate
  /** 补录: how many of its records were entered later than `policy.lateEntryDays` after their fact. */
  readonly lateEntries: number
  readonly flags: ReadonlyArray<Flag>
}

/** A pending follow-up visit. */
export interface FollowUpDue {
  readonly caseId: string
  readonly dueOn: LocalDate
  /** 回访逾期: past its due date. */
  readonly overdue: boolean
}

/** Counts of cases, by a key. */
export type Counts<K extends string> = { readonly [k in K]: number }

/** The case ledger. */
export interface Rows {
  /** Every case, by registration, then id. */
  readonly cases: ReadonlyArray<CaseRow>
  /** How many cases are open, resolved (awaiting follow-up or archiving) and archived. */
  readonly byStatus: Counts<Case.Status>
  /** The open cases, by the level holding them, by category and by age. */
  readonly open: {
    readonly total: number
    readonly byLevel: Counts<Organization.Level>
    readonly byCategory: Counts<Case.Category>
    readonly byAge: Counts<AgeBand>
  }
  /** 登记不及时: cases registered later than `policy.caseRegistrationDays` after receipt. */
  readonly lateRegistrations: ReadonlyArray<string>
  /** 上报结果逾期: assigned cases whose result is owed past its due date. */
  readonly resultsOverdue: ReadonlyArray<string>
  /** Assigned cases whose result was reported after its due date. */
  readonly resultsReportedLate: ReadonlyArray<string>
  /**
   * 未及时上报: sudden or typical cases neither informed up nor escalated within
   * `policy.urgentEscalationHours` (`Case.urgentEscalationOverdue`).
   */
  readonly urgentNotEscalated: ReadonlyArray<string>
  /** 纠纷回访: resolved cases whose follow-up visit is pending, by due date. */
  readonly followUpsDue: ReadonlyArray<FollowUpDue>
  /** 补录: cases with records entered late. */
  readonly enteredLate: ReadonlyArray<string>
}

/** The organization that first held a case (registered it, or was assigned it), if it is registered. */
export const firstHolder = (state: State, caseId: string): string | undefined => {
  const c = cases.get(state.cases, caseId).state
  return c.registered ? c.holders[0] ?? c.holder : undefined
}

/** The levels, lowest first. */
export const levels: ReadonlyArray<Organization.Level> = Organization.Level.literals
const bands: ReadonlyArray<AgeBand> = ["up-to-7-days", "up-to-30-days", "up-to-90-days", "over-90-days"]

/** Options of the case ledger's query. */
export interface CaseOptions extends Options {
  /** Draw the ledger for an area: the cases first held by one of its organizations. */
  readonly within?: Area
  /** Draw the ledger of one organization as a reader of it sees it: the cases it holds or first held. */
  readonly heldBy?: string
}

const rowOf = (caseId: string, entry: Entry, calendar: Calendar, options: CaseOptions, late: number): CaseRow | undefined => {
  const c = entry.state
  if (!c.registered) return undefined
  const at = judged(options)
  const { policy } = options
  const followUpDueOn = Case.followUpDueOn(c, policy)
  const resolved = c.status !== "open" && c.resolution !== undefined
  const lastResolution = [...entry.acts].reverse().find((a) => a.act === "resolved")
  const flags: Array<Flag> = [...Case.flags(c, at, policy)]
  if (late > 0) flags.push("entered-late")
  const firstReportedUpAt = Case.firstReportedUpAt(c)
  return {
    caseId,
    origin: c.origin,
    channel: c.channel,
    ...(c.receptionDayId === undefined ? {} : { receptionDayId: c.receptionDayId }),
    category: c.category,
    sudden: c.sudden,
    typicalInfringement: c.typicalInfringement,
    status: c.status,
    holder: c.holder,
    level: c.holderLevel,
    firstHolder: c.holders[0] ?? c.holder,
    receivedAt: c.receivedAt,
    registeredAt: c.registeredAt,
    registeredOn: calendar.dateOf(c.registeredAt),
    ageDays: Case.ageDays(c, at.date, calendar) ?? 0,
    ...(c.assignment ? { assignedBy: c.assignment.assignedBy, resultDueOn: c.assignment.dueOn } : {}),
    ...(c.resultReportedAt ? { resultReportedAt: c.resultReportedAt } : {}),
    informationReports: entry.acts.flatMap((a, i) =>
      a.act === "informed"
        ? [{
          on: calendar.dateOf(a.at),
          from: a.from,
          to: a.to,
          acknowledged: entry.acts.slice(i + 1).some((b) => b.act === "acknowledged" && b.by === a.to)
        }]
        : []
    ),
    ...(firstReportedUpAt === undefined ? {} : { firstReportedUpAt }),
    escalations: entry.acts.flatMap((a) => (a.act === "escalated" ? [{ on: calendar.dateOf(a.at), from: a.from, to: a.to }] : [])),
    sessions: entry.acts.flatMap((a) => (a.act === "session" ? [{ on: a.on, organizationId: a.by, outcome: a.outcome }] : [])),
    followUpVisits: entry.acts.flatMap((a) => (a.act === "follow-up" ? [a.on] : [])),
    reopenings: entry.acts.flatMap((a) => (a.act === "reopened" ? [{ on: calendar.dateOf(a.at), holder: a.holder }] : [])),
    ...(resolved && lastResolution?.act === "resolved"
      ? {
        resolvedOn: lastResolution.on,
        resolution: lastResolution.resolution,
        resolvedBy: lastResolution.by,
        resolvedAtLevel: lastResolution.level,
        ...(lastResolution.substantiated === undefined ? {} : { substantiated: lastResolution.substantiated })
      }
      : {}),
    ...(followUpDueOn ? { followUpDueOn } : {}),
    lateEntries: late,
    flags
  }
}

/** The ledger's rows, judged at `asOf` with `policy`. */
export const rows = (state: State, options: CaseOptions): Rows => {
  const calendar = calendarOf(options.policy)
  const at = judged(options)
  const out: Array<CaseRow> = []
  const followUpsDue: Array<FollowUpDue> = []
  for (const [caseId, entry] of cases.all(state.cases)) {
    const row = rowOf(caseId, entry, calendar, options, lateEntries(cases.lags(state.cases, caseId), options.policy))
    if (row === undefined || !inArea(options.within, row.firstHolder)) continue
    if (options.heldBy !== undefined && row.holder !== options.heldBy && row.firstHolder !== options.heldBy) continue
    out.push(row)
    if (row.followUpDueOn !== undefined) {
      followUpsDue.push({ caseId, dueOn: row.followUpDueOn, overdue: Case.followUpOverdue(entry.state, at.date, options.policy) })
    }
  }
  out.sort(byKey((r) => `${r.registeredAt}\u0000${r.caseId}`))
  const open = out.filter((r) => r.status === "open")
  const flagged = (flag: Flag) => out.filter((r) => r.flags.includes(flag)).map((r) => r.caseId)
  return {
    cases: out,
    byStatus: countBy<Case.Status, CaseRow>(["open", "resolved", "archived"], out, (r) => r.status),
    open: {
      total: open.length,
      byLevel: countBy(levels, open, (r) => r.level),
      byCategory: countBy(Case.Category.literals, open, (r) => r.category),
      byAge: countBy(bands, open, (r) => ageBand(r.ageDays))
    },
    lateRegistrations: flagged("late-registration"),
    resultsOverdue: flagged("result-overdue"),
    resultsReportedLate: flagged("result-reported-late"),
    urgentNotEscalated: flagged("urgent-escalation-overdue"),
    followUpsDue: followUpsDue.sort(byKey((f) => `${f.dueOn}\u0000${f.caseId}`)),
    enteredLate: flagged("entered-late")
  }
}

/** One organization's cases in a period. */
export interface OrganizationFigures {
  /** Registered there (or assigned to it) in the period. */
  readonly received: number
  /** Resolved by it in the period (its latest resolution). */
  readonly resolved: number
  /** Open and held by it. */
  readonly open: number
}

/** The figures of cases for an area and a period, counted from the ledger's rows. */
export interface Figures {
  readonly received: number
  readonly byCategory: Counts<Case.Category>
  /** Received by assignment from an organization outside the area. */
  readonly assignedFromAbove: number
  readonly resolved: number
  readonly byResolution: Counts<Case.Resolution>
  /** By the level of the organization that resolved them last, any level (above the area's too). */
  readonly resolvedAtLevel: Counts<Organization.Level>
  /** Of the resolved, those found substantiated (查实). */
  readonly substantiated: number
  /** Hand-ups made by an organization of the area. */
  readonly escalations: number
  /** Of them, those to an organization outside the area (above it). */
  readonly escalatedOut: number
  readonly sessions: number
  readonly sessionsByOutcome: Counts<Case.SessionOutcome>
  /** Cases with a session in the period. */
  readonly casesMediated: number
  readonly followUpVisits: number
  readonly reopened: number
  /** Open as the ledger is drawn, at any level; by the level that holds them. */
  readonly openAtEnd: number
  readonly openByLevel: Counts<Organization.Level>
  /** By organization of the area. */
  readonly byOrganization: { readonly [organizationId: string]: OrganizationFigures }
}

/**
 * The figures of a period, counted from the ledger's rows of an area (drawn `within` it, as of
 * the period's end), by the definitions in this module's header.
 */
export const figures = (rows: Rows, area: Area, period: DateRange): Figures => {
  const received = rows.cases.filter((r) => inPeriod(period, r.registeredOn))
  const resolved = rows.cases.filter((r) => r.status !== "open" && inPeriod(period, r.resolvedOn))
  const escalations = rows.cases.flatMap((r) => r.escalations).filter((e) => inPeriod(period, e.on) && area.ids.has(e.from))
  const sessions = rows.cases.flatMap((r) => r.sessions.map((s) => ({ ...s, caseId: r.caseId })))
    .filter((s) => inPeriod(period, s.on) && area.ids.has(s.organizationId))
  const open = rows.cases.filter((r) => r.status === "open")
  const byOrganization: Record<string, { received: number; resolved: number; open: number }> = {}
  const of = (id: string) => (byOrganization[id] ??= { received: 0, resolved: 0, open: 0 })
  for (const r of received) of(r.firstHolder).received++
  for (const r of resolved) of(r.resolvedBy!).resolved++
  for (const r of open) of(r.holder).open++
  return {
    received: received.length,
    byCategory: countBy(Case.Category.literals, received, (r) => r.category),
    assignedFromAbove: received.filter((r) => r.origin === "assigned" && !area.ids.has(r.assignedBy ?? "")).length,
    resolved: resolved.length,
    byResolution: countBy(Case.Resolution.literals, resolved, (r) => r.resolution),
    resolvedAtLevel: countBy(levels, resolved, (r) => r.resolvedAtLevel),
    substantiated: resolved.filter((r) => r.substantiated === true).length,
    escalations: escalations.length,
    escalatedOut: escalations.filter((e) => !area.ids.has(e.to)).length,
    sessions: sessions.length,
    sessionsByOutcome: countBy(Case.SessionOutcome.literals, sessions, (s) => s.outcome),
    casesMediated: new Set(sessions.map((s) => s.caseId)).size,
    followUpVisits: rows.cases.flatMap((r) => r.followUpVisits).filter((d) => inPeriod(period, d)).length,
    reopened: rows.cases.flatMap((r) => r.reopenings).filter((o) => inPeriod(period, o.on)).length,
    openAtEnd: open.length,
    openByLevel: countBy(levels, open, (r) => r.level),
    byOrganization
  }
}
