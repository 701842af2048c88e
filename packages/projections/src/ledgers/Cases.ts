/**
 * 案件台帐, the case ledger (DOMAIN.md §4; seed 000 §四(五), seed 002 综治 九, seed 003 §二):
 * every letter, visit, hotline call, case assigned from above and dispute, with its status, the
 * level that holds it, its category and age; the late registrations (登记不及时), the results of
 * assigned cases overdue (上报结果逾期), the sudden and typical cases not escalated in time
 * (未及时逐级上报), the follow-up visits due (纠纷回访); and where cases were resolved — at the
 * community, the street, the district — the measure of "小事不出社区,大事不出街道,矛盾不上交".
 *
 * Folds each case's stream with `Case.aggregate`'s own `evolve` (its state keeps no personal
 * data) and each organization's, for the area a ledger is drawn for. Flags come from
 * `Case.flags`.
 *
 * @since 0.1.0
 */
import * as Case from "@fulian/core/Case"
import * as Organization from "@fulian/core/Organization"
import type { Instant, LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import { byKey, fold, type Instances, millisOf, type Options } from "./Ledger.ts"

const cases = fold(Case.aggregate)
const organizations = fold(Organization.aggregate)

/** The state of the case ledger. */
export interface State {
  /** Each case's state, by case id. */
  readonly cases: Instances
  /** Each organization's registration (level and parent), by id. */
  readonly organizations: Instances
}

/** The case ledger's projection. */
export const projection: Projection.Projection<State> = Projection.make<State>({
  name: "ledger-cases",
  version: 1,
  initial: { cases: {}, organizations: {} },
  apply: (state, envelope) => {
    const c = cases.apply(state.cases, envelope)
    if (c !== state.cases) return { ...state, cases: c }
    const o = organizations.apply(state.organizations, envelope)
    return o !== state.organizations ? { ...state, organizations: o } : state
  }
})

/**
 * The age of an open case since it was received: up to 7 days, up to 30, up to 90, or older.
 * The bands are the ledger's own grouping, not a rule of the domain.
 */
export type AgeBand = "up-to-7-days" | "up-to-30-days" | "up-to-90-days" | "over-90-days"

/** The band of an age in whole days. */
export const ageBand = (days: number): AgeBand =>
  days <= 7 ? "up-to-7-days" : days <= 30 ? "up-to-30-days" : days <= 90 ? "up-to-90-days" : "over-90-days"

/** One case's line of the ledger. */
export interface CaseRow {
  readonly caseId: string
  readonly origin: "registered" | "assigned"
  readonly channel: Case.Channel
  readonly category: Case.Category
  readonly sudden: boolean
  readonly typicalInfringement: boolean
  readonly status: Case.Status
  /** The organization that holds it now, and its level. */
  readonly holder: string
  readonly level: Organization.Level
  /** The organization that first held it (registered it, or was assigned it). */
  readonly firstHolder: string
  /** How many times it was handed up. */
  readonly escalations: number
  readonly receivedAt: Instant
  readonly registeredAt: Instant
  /** Whole days from its receipt to `asOf`. */
  readonly ageDays: number
  /** For a case assigned from above: by whom, and when its result is due. */
  readonly assignedBy?: string
  readonly resultDueOn?: LocalDate
  readonly resultReportedAt?: Instant
  /** The latest resolution, while the case is resolved or archived: when, how, and at which level. */
  readonly resolvedOn?: LocalDate
  readonly resolution?: Case.Resolution
  readonly resolvedAtLevel?: Organization.Level
  /** The date its follow-up visit (回访) is due by, while it is pending. */
  readonly followUpDueOn?: LocalDate
  readonly flags: ReadonlyArray<Case.Flag>
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
  /** Every case, by receipt, then id. */
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
  /** 未及时上报: sudden or typical cases not escalated within `policy.urgentEscalationHours`. */
  readonly urgentNotEscalated: ReadonlyArray<string>
  /** 纠纷回访: resolved cases whose follow-up visit is pending, by due date. */
  readonly followUpsDue: ReadonlyArray<FollowUpDue>
  /**
   * 小事不出社区,大事不出街道: the resolved and archived cases (resolved within `period`, when
   * given) by the level at which they were resolved.
   */
  readonly resolvedByLevel: Counts<Organization.Level>
}

const levels: ReadonlyArray<Organization.Level> = ["building", "community", "street", "district", "city"]
const categories: ReadonlyArray<Case.Category> = ["ordinary-dispute", "rights-infringement", "domestic-violence", "other"]
const bands: ReadonlyArray<AgeBand> = ["up-to-7-days", "up-to-30-days", "up-to-90-days", "over-90-days"]
const zero = <K extends string>(keys: ReadonlyArray<K>): { [k in K]: number } =>
  Object.fromEntries(keys.map((k) => [k, 0])) as { [k in K]: number }

/** Options of the case ledger's query. */
export interface CaseOptions extends Options {
  /**
   * Draw the ledger for an organization's area: the cases first held by it or by an
   * organization below it (a street's ledger counts its communities' cases too).
   */
  readonly within?: string
  /** Count resolutions (`resolvedByLevel`) within these dates, both included. */
  readonly period?: { readonly from: LocalDate; readonly to: LocalDate }
}

/** The ledger's rows, judged at `asOf` with `policy`. */
export const rows = (state: State, options: CaseOptions): Rows => {
  const now = millisOf(options.asOf)
  const { policy, within, period } = options
  const inArea = (organizationId: string): boolean => {
    let id: string | undefined = organizationId
    // Bounded by the five levels; guards against a malformed parent loop.
    for (let hops = 0; id !== undefined && hops < 6; hops++) {
      if (id === within) return true
      id = organizations.get(state.organizations, id).parentId
    }
    return false
  }
  const out: Array<CaseRow> = []
  const byStatus = zero<Case.Status>(["open", "resolved", "archived"])
  const byLevel = zero(levels)
  const byCategory = zero(categories)
  const byAge = zero(bands)
  const resolvedByLevel = zero(levels)
  const followUpsDue: Array<FollowUpDue> = []
  for (const [caseId, c] of cases.all(state.cases)) {
    if (!c.registered) continue
    const firstHolder = c.holders[0] ?? c.holder
    if (within !== undefined && !inArea(firstHolder)) continue
    const ageDays = Case.ageDays(c, now) ?? 0
    const followUpDueOn = Case.followUpDueOn(c, policy)
    const resolved = c.status !== "open" && c.resolution !== undefined
    out.push({
      caseId,
      origin: c.origin,
      channel: c.channel,
      category: c.category,
      sudden: c.sudden,
      typicalInfringement: c.typicalInfringement,
      status: c.status,
      holder: c.holder,
      level: c.holderLevel,
      firstHolder,
      escalations: c.holders.length - 1,
      receivedAt: c.receivedAt,
      registeredAt: c.registeredAt,
      ageDays,
      ...(c.assignment ? { assignedBy: c.assignment.assignedBy, resultDueOn: c.assignment.dueOn } : {}),
      ...(c.resultReportedAt ? { resultReportedAt: c.resultReportedAt } : {}),
      ...(resolved ? { resolvedOn: c.resolution!.resolvedOn, resolution: c.resolution!.resolution, resolvedAtLevel: c.holderLevel } : {}),
      ...(followUpDueOn ? { followUpDueOn } : {}),
      flags: Case.flags(c, now, policy)
    })
    byStatus[c.status]++
    if (c.status === "open") {
      byLevel[c.holderLevel]++
      byCategory[c.category]++
      byAge[ageBand(ageDays)]++
    }
    if (followUpDueOn !== undefined) followUpsDue.push({ caseId, dueOn: followUpDueOn, overdue: Case.followUpOverdue(c, now, policy) })
    if (resolved) {
      const on = c.resolution!.resolvedOn
      if (period === undefined || (period.from <= on && on <= period.to)) resolvedByLevel[c.holderLevel]++
    }
  }
  out.sort(byKey((r) => `${r.receivedAt}\u0000${r.caseId}`))
  const flagged = (flag: Case.Flag) => out.filter((r) => r.flags.includes(flag)).map((r) => r.caseId)
  return {
    cases: out,
    byStatus,
    open: { total: byStatus.open, byLevel, byCategory, byAge },
    lateRegistrations: flagged("late-registration"),
    resultsOverdue: flagged("result-overdue"),
    resultsReportedLate: flagged("result-reported-late"),
    urgentNotEscalated: flagged("urgent-escalation-overdue"),
    followUpsDue: followUpsDue.sort(byKey((f) => `${f.dueOn}\u0000${f.caseId}`)),
    resolvedByLevel
  }
}
