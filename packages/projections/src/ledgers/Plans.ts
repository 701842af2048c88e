/**
 * 工作计划台帐, the plans ledger (DOMAIN.md §6 and §9; seed 000 §四(二)3, seed 002 工会5): each
 * organization's work plan per year as the congress adopted it — the targets in force (the
 * latest adoption's), measured or free text (`WorkPlan.Target`), with the congress that adopted
 * them and every earlier adoption it amended — and the organizations expected to have a plan
 * that have none for the year.
 *
 * Folds each organization's `work-plan-{organizationId}` stream with `WorkPlan.aggregate`'s own
 * `evolve`. The year's work summary puts each measured target beside its figure: the target's
 * `measure` names the figure (`WorkPlan.measures`), and `WorkPlan.meets` compares them.
 *
 * An organization is listed without a plan for a year from the first day of that year, when
 * the organizations expected to have one are given (`organizations`: those above the building
 * level, as for meetings), since its plan is adopted at the congress before or at the start of
 * the year.
 *
 * @since 0.1.0
 */
import type * as Organization from "@fulian/core/Organization"
import type { Calendar, LocalDate } from "@fulian/core/Time"
import * as WorkPlan from "@fulian/core/WorkPlan"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import { type Area, byKey, fold, inArea, type Instances, judged, nameFor, type Options, reader } from "./Ledger.ts"

const plans = reader(WorkPlan.aggregate)

/** The state of the plans ledger. */
export interface State {
  /** Each organization's plans, by organization id. */
  readonly plans: Instances
}

/** The plans ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const folded = fold(WorkPlan.aggregate, calendar)
  return Projection.rows<State>({
    name: nameFor("ledger-plans", calendar),
    // 2: late entries as [days, records] pairs.
    version: 2,
    initial: { plans: Table.empty() },
    reads: (envelope) => folded.reads("plans", envelope),
    apply: (state, envelope) => {
      const p = folded.apply(state.plans, envelope)
      return p !== state.plans ? { plans: p } : state
    }
  })
}

/** One adoption of a plan: the congress and its day. */
export interface AdoptionRow {
  readonly meetingId: string
  readonly adoptedOn: LocalDate
}

/** An organization's plan for a year, as in force. */
export interface PlanRow {
  readonly organizationId: string
  readonly year: number
  /** The congress that adopted the plan in force, and its day. */
  readonly meetingId: string
  readonly adoptedOn: LocalDate
  /** 修订: the earlier adoptions this one replaced, oldest first (none unless amended). */
  readonly amended: ReadonlyArray<AdoptionRow>
  /** Its targets, in the plan's order. */
  readonly targets: ReadonlyArray<WorkPlan.Target>
}

/** The plans ledger of a year. */
export interface Rows {
  readonly year: number
  /** The plans of the year, by organization. */
  readonly plans: ReadonlyArray<PlanRow>
  /** 无工作计划: the organizations expected to have a plan (`PlanOptions.organizations`) that have none for the year, by id. */
  readonly withoutPlan: ReadonlyArray<string>
}

/** Options of the plans ledger's query. */
export interface PlanOptions extends Options {
  /** The year shown (the local year of `asOf` if not given). */
  readonly year?: number
  /** Only the plans of the organizations of an area. */
  readonly within?: Area
  /** The organizations expected to have a plan (`Organizations.rows` of the area); those of the building level are not. */
  readonly organizations?: ReadonlyArray<{ readonly organizationId: string; readonly level: Organization.Level }>
}

/** The ledger's rows for a year, as the records stand at `asOf`. */
export const rows = (state: State, options: PlanOptions): Rows => {
  const today = judged(options).date
  const year = options.year ?? Number(today.slice(0, 4))
  const out: Array<PlanRow> = []
  for (const [organizationId, organization] of plans.all(state.plans)) {
    if (!inArea(options.within, organizationId)) continue
    const adoptions = (organization.years.get(year) ?? []).filter((a) => a.adoptedOn <= today)
    const current = adoptions[adoptions.length - 1]
    if (current === undefined) continue
    out.push({
      organizationId,
      year,
      meetingId: current.meetingId,
      adoptedOn: current.adoptedOn,
      amended: adoptions.slice(0, -1).map((a) => ({ meetingId: a.meetingId, adoptedOn: a.adoptedOn })),
      targets: current.targets.map(WorkPlan.targetOf)
    })
  }
  const planned = new Set(out.map((p) => p.organizationId))
  const yearBegun = `${String(year).padStart(4, "0")}-01-01` <= today
  const withoutPlan = yearBegun
    ? (options.organizations ?? [])
      .filter((o) => o.level !== "building" && inArea(options.within, o.organizationId) && !planned.has(o.organizationId))
      .map((o) => o.organizationId)
      .sort()
    : []
  return { year, plans: out.sort(byKey((p) => p.organizationId)), withoutPlan }
}
