/**
 * 考核评比台帐, the assessments ledger (DOMAIN.md §8; seed 000 §四(四), seed 001 篇8): every
 * half-year summary (半年小结) and year-end inspection (年终大检查) an organization made of those
 * directly below it, each assessee's scores criterion by criterion (逐条打分), her total and
 * rank — the final ranking once concluded, the standing one before — who is still unscored,
 * and the records entered late (补录).
 *
 * Folds each assessment's stream with `Assessment.aggregate`'s own `evolve`; it keeps totals
 * only, so the ledger keeps each assessee's latest scores beside it. Ranks come from the
 * concluded ranking, or from `Assessment.rankingOf` while it is open.
 *
 * @since 0.1.0
 */
import * as Assessment from "@fulian/core/Assessment"
import type * as Award from "@fulian/core/Award"
import type { Calendar, LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import { type Area, byKey, fold, inArea, type Instances, type LateFlag, lateEntries, nameFor, type Options, reader } from "./Ledger.ts"

const assessments = reader(Assessment.aggregate)

/** The state of the assessments ledger. */
export interface State {
  /** Each assessment's state, by assessment id. */
  readonly assessments: Instances
  /** The latest scores of each assessee, by assessment id, then assessee id. */
  readonly scores: Table.Table<{ readonly [assesseeId: string]: ReadonlyArray<Award.CriterionScore> }>
  /** When each concluded assessment was concluded, by assessment id. */
  readonly concludedOn: Table.Table<LocalDate>
}

/** The assessments ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const folded = fold(Assessment.aggregate, calendar)
  return Projection.rows<State>({
  name: nameFor("ledger-assessments", calendar),
  // 2: late entries; 3: kept as rows.
  version: 3,
  initial: { assessments: Table.empty(), scores: Table.empty(), concludedOn: Table.empty() },
  reads: (envelope) => {
    const reads = folded.reads("assessments", envelope)
    return reads.length > 0 && envelope.event._tag === "AssessmentScored" ? [...reads, ["scores", envelope.event.assessmentId] as const] : reads
  },
  apply: (state, envelope) => {
    const a = folded.apply(state.assessments, envelope)
    if (a === state.assessments) return state
    const { event } = envelope
    switch (event._tag) {
      case "AssessmentScored":
        return {
          ...state,
          assessments: a,
          scores: Table.modify(state.scores, event.assessmentId, (scores) => ({ ...scores, [event.assesseeId]: event.scores }))
        }
      case "AssessmentConcluded":
        return { ...state, assessments: a, concludedOn: Table.set(state.concludedOn, event.assessmentId, event.concludedOn) }
      default:
        return { ...state, assessments: a }
    }
  }
  })
}

/** An assessee's line within an assessment. */
export interface AssesseeRow {
  readonly organizationId: string
  /** Her latest scores, criterion by criterion, in the order of the criteria; none while unscored. */
  readonly scores: ReadonlyArray<Award.CriterionScore>
  readonly total?: number
  /** Her rank (1 is first): final once concluded, standing before. */
  readonly rank?: number
}

/** One assessment's line of the ledger. */
export interface AssessmentRow {
  readonly assessmentId: string
  /** The assessing organization. */
  readonly organizationId: string
  readonly period: Assessment.Period
  readonly year: number
  readonly criteria: ReadonlyArray<Award.Criterion>
  readonly concluded: boolean
  readonly concludedOn?: LocalDate
  /** Every assessee, by rank, unscored ones last, by id. */
  readonly assessees: ReadonlyArray<AssesseeRow>
  /** The assessees not yet scored. */
  readonly unscored: ReadonlyArray<string>
  /** 补录: its records entered later than `policy.lateEntryDays` after their fact. */
  readonly lateEntries: number
  readonly flags: ReadonlyArray<LateFlag>
}

/** Options of the assessments ledger's query. */
export interface AssessmentOptions extends Options {
  /** Only the assessments made by the organizations of an area. */
  readonly within?: Area
  /** Only the assessments of this year. */
  readonly year?: number
}

/** The ledger's rows: every assessment, by year, period (half-year first), then id. */
export const rows = (state: State, options: AssessmentOptions): ReadonlyArray<AssessmentRow> => {
  const out: Array<AssessmentRow> = []
  for (const [assessmentId, a] of assessments.all(state.assessments)) {
    if (!a.opened) continue
    if (!inArea(options.within, a.organizationId)) continue
    if (options.year !== undefined && a.year !== options.year) continue
    const ranking = a.ranking ?? Assessment.rankingOf(a.totals)
    const order = new Map(a.criteria.map((c, i) => [c.criterionId, i]))
    const unscored = Assessment.unscored(a)
    const scored = ranking.map((r): AssesseeRow => ({
      organizationId: r.organizationId,
      scores: [...(Table.get(state.scores, assessmentId)?.[r.organizationId] ?? [])].sort((x, y) =>
        (order.get(x.criterionId) ?? 0) - (order.get(y.criterionId) ?? 0)
      ),
      total: r.total,
      rank: r.rank
    }))
    const concludedOn = Table.get(state.concludedOn, assessmentId)
    const late = lateEntries(assessments.lags(state.assessments, assessmentId), options.policy)
    out.push({
      assessmentId,
      organizationId: a.organizationId,
      period: a.period,
      year: a.year,
      criteria: a.criteria,
      concluded: a.ranking !== undefined,
      ...(concludedOn !== undefined ? { concludedOn } : {}),
      assessees: [
        ...scored,
        ...[...unscored].sort().map((organizationId): AssesseeRow => ({ organizationId, scores: [] }))
      ],
      unscored,
      lateEntries: late,
      flags: late > 0 ? ["entered-late"] : []
    })
  }
  return out.sort(byKey((r) => `${String(r.year).padStart(4, "0")}\u0000${r.period === "half-year" ? 0 : 1}\u0000${r.assessmentId}`))
}
