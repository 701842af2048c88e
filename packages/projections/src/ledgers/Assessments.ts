/**
 * 考核评比台帐, the assessments ledger (DOMAIN.md §8; seed 000 §四(四), seed 001 篇8): every
 * half-year summary (半年小结) and year-end inspection (年终大检查) an organization made of those
 * directly below it, each assessee's scores criterion by criterion (逐条打分), her total and
 * rank — the final ranking once concluded, the standing one before — who is still unscored,
 * the rewards (奖励) given on the ranking and their money in total, and the records entered late
 * (补录). For a period, `figures` gives what the assessing organization's work summary shows
 * (DOMAIN.md §8): each assessment concluded in it, its ranking and the rewards given.
 *
 * Folds each assessment's stream with `Assessment.aggregate`'s own `evolve`; it keeps totals
 * only, so the ledger keeps each assessee's latest scores beside it. Ranks come from the
 * concluded ranking, or from `Assessment.rankingOf` while it is open.
 *
 * @since 0.1.0
 */
import * as Assessment from "@fulian/core/Assessment"
import * as Award from "@fulian/core/Award"
import type { Calendar, DateRange, LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import { type Area, byKey, fold, inArea, inPeriod, type Instances, type LateFlag, lateEntries, nameFor, type Options, reader, sum } from "./Ledger.ts"

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
  // 2: late entries; 3: kept as rows; 4: rewards; 5: late entries as [days, records] pairs.
  version: 5,
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
  /** The reward she was given on the ranking (奖励), with its title, if any. */
  readonly reward?: Assessment.GivenReward
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
  /** How many assessees were given a reward. */
  readonly rewards: number
  /** The money given as rewards (奖金), in yuan. */
  readonly rewardYuan: number
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
      rank: r.rank,
      ...(a.rewards.has(r.organizationId) ? { reward: a.rewards.get(r.organizationId)! } : {})
    }))
    const given = [...a.rewards.values()]
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
      rewards: given.length,
      rewardYuan: yuan(given.map((g) => Award.yuanOf(g.reward))),
      lateEntries: late,
      flags: late > 0 ? ["entered-late"] : []
    })
  }
  return out.sort(byKey((r) => `${String(r.year).padStart(4, "0")}\u0000${r.period === "half-year" ? 0 : 1}\u0000${r.assessmentId}`))
}

/** Sums yuan to the fen, without the drift of adding binary fractions. */
const yuan = (amounts: ReadonlyArray<number>): number => Math.round(sum(amounts.map((a) => Math.round(a * 100)))) / 100

/** One place of an assessment's ranking, as a work summary shows it: with the reward given, if any. */
export interface RankingLine {
  readonly organizationId: string
  readonly total: number
  readonly rank: number
  /** The title it was named (先进集体 …), if one went with its reward. */
  readonly title?: string
  readonly reward?: Award.Reward
  readonly givenOn?: LocalDate
}

/** One concluded assessment, as the assessing organization's work summary shows it. */
export interface AssessmentLine {
  readonly assessmentId: string
  /** The assessing organization. */
  readonly organizationId: string
  readonly period: Assessment.Period
  readonly year: number
  readonly concludedOn: LocalDate
  /** Every assessee, by rank. */
  readonly ranking: ReadonlyArray<RankingLine>
  /** How many were given a reward, and the money given (奖金), in yuan. */
  readonly rewards: number
  readonly rewardYuan: number
}

/** The assessments of a period, for a report: what the assessing organization's work summary shows (§8). */
export interface Figures {
  /** The assessments concluded in the period. */
  readonly assessments: number
  /** The rewards given on them, and their money (奖金), in yuan. */
  readonly rewards: number
  readonly rewardYuan: number
  /** Each, by year, period (half-year first) and id. */
  readonly lines: ReadonlyArray<AssessmentLine>
}

/**
 * The assessments concluded on a day of the period, from the rows of an area (the assessing
 * organizations), with their rankings and every reward recorded on them by the rows' date — a
 * reward given after the period, on an assessment concluded in it, belongs to that assessment.
 */
export const figures = (rows: ReadonlyArray<AssessmentRow>, period: DateRange): Figures => {
  const lines = rows.flatMap((r): Array<AssessmentLine> => {
    if (r.concludedOn === undefined || !inPeriod(period, r.concludedOn)) return []
    return [{
      assessmentId: r.assessmentId,
      organizationId: r.organizationId,
      period: r.period,
      year: r.year,
      concludedOn: r.concludedOn,
      ranking: r.assessees.flatMap((x): Array<RankingLine> =>
        x.total === undefined || x.rank === undefined ? [] : [{
          organizationId: x.organizationId,
          total: x.total,
          rank: x.rank,
          ...(x.reward?.title === undefined ? {} : { title: x.reward.title }),
          ...(x.reward === undefined ? {} : { reward: x.reward.reward, givenOn: x.reward.givenOn })
        }]
      ),
      rewards: r.rewards,
      rewardYuan: r.rewardYuan
    }]
  })
  return {
    assessments: lines.length,
    rewards: sum(lines.map((l) => l.rewards)),
    rewardYuan: yuan(lines.map((l) => l.rewardYuan)),
    lines
  }
}
