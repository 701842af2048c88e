/**
 * 考核评比: an organization assesses the organizations directly below it, at half-year
 * (半年小结) or at year end (年终大检查), scoring each criterion by criterion (按考核标准逐条打分);
 * the totals rank them, and the ranking may lead to rewards (奖励) given to the assessees
 * (DOMAIN.md §8; seed 000 §四(四), seed 001 篇8 目标考核管理). The assessment and its rewards are
 * read by the assessing organization's work summary through the assessments ledger.
 *
 * Stream: `assessment-{assessmentId}`.
 *
 * Decisions where DOMAIN.md is silent:
 * - The assessor's executive committee (chair, vice-chair, executive member) opens, scores and
 *   concludes; the assessees are listed when it opens, each registered with the assessor as
 *   its parent (directly below: a street assesses its communities, not their buildings).
 * - An assessee may be scored again until the assessment is concluded; a re-scoring needs a
 *   reason. Nothing is scored after conclusion.
 * - An assessment is concluded only when every assessee is scored. The ranking orders them by
 *   total, highest first; equal totals share a rank (1, 1, 3) and are listed by id.
 * - Criteria are checked as an award campaign's are (`Award.criteriaProblem`,
 *   `Award.scoringProblem`).
 * - Rewards are recorded after the conclusion, one command per assessee rewarded
 *   (`RewardAssessee`), not with the conclusion: the ranking is known first and the rewards are
 *   decided on it, often later (a year-end meeting). Any ranked assessee may be rewarded (the
 *   committee decides whom; a rank is not required), at most once per assessment, with an
 *   optional title (先进集体, 红旗单位 …) and a reward checked as an award's is
 *   (`Award.rewardProblem`: money needs its amount in yuan, only money has one), dated not
 *   before the conclusion.
 * - Whether an assessor runs two assessments of the same period and year is not checked: the
 *   caller chooses the assessment id (`{assessorId}-{year}-{period}` makes it unique).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import {
  Criterion,
  CriterionInput,
  CriterionScore,
  CriterionScoreInput,
  criteriaProblem,
  maxCriteria,
  Reward,
  RewardInput,
  rewardProblem,
  scoringProblem,
  totalOf
} from "./Award.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import { Id, List, Title, Year as InputYear } from "./Input.ts"
import * as Organization from "./Organization.ts"
import { LocalDate } from "./Time.ts"

/** The period assessed: half-year summary 半年小结, or year-end inspection 年终大检查. */
export const Period = Schema.Literals(["half-year", "year-end"])

/** The period assessed. */
export type Period = typeof Period.Type

const Year = Schema.Int.check(Schema.isBetween({ minimum: 1949, maximum: 9999 }))

/** The most organizations one assessment assesses (the organizations directly below one). */
export const maxAssessees = 500

/** One place in a ranking: the organization, its total and its rank (1 is first). */
export const Ranked = Schema.Struct({
  organizationId: Schema.NonEmptyString,
  total: Schema.Finite,
  rank: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
})

/** One place in a ranking. */
export type Ranked = typeof Ranked.Type

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** An assessment was opened by an organization for the organizations directly below it. */
export const AssessmentOpened = Schema.TaggedStruct("AssessmentOpened", {
  assessmentId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  period: Period,
  year: Year,
  criteria: Schema.Array(Criterion),
  assessees: Schema.Array(Schema.NonEmptyString)
})

/** An assessee was scored criterion by criterion; a later scoring replaces it. */
export const AssessmentScored = Schema.TaggedStruct("AssessmentScored", {
  assessmentId: Schema.NonEmptyString,
  assesseeId: Schema.NonEmptyString,
  scores: Schema.Array(CriterionScore)
})

/** The assessment was concluded with the ranking of its assessees by total. */
export const AssessmentConcluded = Schema.TaggedStruct("AssessmentConcluded", {
  assessmentId: Schema.NonEmptyString,
  ranking: Schema.Array(Ranked),
  concludedOn: LocalDate
})

/** A concluded assessment's assessee was given a reward (奖励), with the title it was named, if any. */
export const AssessmentRewardGiven = Schema.TaggedStruct("AssessmentRewardGiven", {
  assessmentId: Schema.NonEmptyString,
  assesseeId: Schema.NonEmptyString,
  title: Schema.optional(Schema.NonEmptyString),
  reward: Reward,
  givenOn: LocalDate
})

/** The events of an assessment. */
export const Event = Schema.Union([AssessmentOpened, AssessmentScored, AssessmentConcluded, AssessmentRewardGiven])

/** An event of an assessment. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Opens an assessment of the organizations directly below the actor's. */
export const OpenAssessment = Schema.TaggedStruct("OpenAssessment", {
  ...CommandFields,
  assessmentId: Id,
  organizationId: Id,
  period: Period,
  year: InputYear,
  criteria: List(CriterionInput, maxCriteria),
  assessees: List(Id, maxAssessees)
})

/** Scores an assessee on every criterion; a re-scoring needs a reason. */
export const ScoreAssessee = Schema.TaggedStruct("ScoreAssessee", {
  ...CommandFields,
  assessmentId: Id,
  assesseeId: Id,
  scores: List(CriterionScoreInput, maxCriteria)
})

/** Concludes an assessment whose assessees are all scored (`on` defaults to the day of `occurredAt`, or today). */
export const ConcludeAssessment = Schema.TaggedStruct("ConcludeAssessment", {
  ...CommandFields,
  assessmentId: Id,
  on: Schema.optional(LocalDate)
})

/**
 * Gives a ranked assessee of a concluded assessment its reward, with a title if one goes with it
 * (`on` defaults to the day of `occurredAt`, or today).
 */
export const RewardAssessee = Schema.TaggedStruct("RewardAssessee", {
  ...CommandFields,
  assessmentId: Id,
  assesseeId: Id,
  title: Schema.optional(Title),
  reward: RewardInput,
  on: Schema.optional(LocalDate)
})

/** The commands of assessments. */
export const Command = Schema.Union([OpenAssessment, ScoreAssessee, ConcludeAssessment, RewardAssessee])

/** A command of assessments. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A reward given to an assessee (奖励). */
export interface GivenReward {
  readonly title?: string
  readonly reward: Reward
  readonly givenOn: LocalDate
}

/** An assessment as known from its events. */
export interface State {
  readonly opened: boolean
  readonly assessmentId: string
  readonly organizationId: string
  readonly period: Period
  readonly year: number
  readonly criteria: ReadonlyArray<Criterion>
  readonly assessees: ReadonlyArray<string>
  /** The latest total of each assessee scored. */
  readonly totals: ReadonlyMap<string, number>
  readonly ranking?: ReadonlyArray<Ranked>
  readonly concludedOn?: LocalDate
  /** The rewards given, by assessee id. */
  readonly rewards: ReadonlyMap<string, GivenReward>
}

/** The assessment aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "assessment",
  events: Event,
  initial: { opened: false, assessmentId: "", organizationId: "", period: "half-year", year: 0, criteria: [], assessees: [], totals: new Map(), rewards: new Map() },
  evolve: (state, event) => {
    switch (event._tag) {
      case "AssessmentOpened":
        return {
          ...state,
          opened: true,
          assessmentId: event.assessmentId,
          organizationId: event.organizationId,
          period: event.period,
          year: event.year,
          criteria: event.criteria,
          assessees: event.assessees
        }
      case "AssessmentScored":
        return { ...state, totals: new Map(state.totals).set(event.assesseeId, totalOf(event.scores)) }
      case "AssessmentConcluded":
        return { ...state, ranking: event.ranking, concludedOn: event.concludedOn }
      case "AssessmentRewardGiven":
        return {
          ...state,
          rewards: new Map(state.rewards).set(event.assesseeId, {
            ...(event.title === undefined ? {} : { title: event.title }),
            reward: event.reward,
            givenOn: event.givenOn
          })
        }
    }
  }
}

/**
 * The ranking of the scored assessees by total, highest first: equal totals share a rank
 * (1, 1, 3) and are listed by id.
 */
export const rankingOf = (totals: ReadonlyMap<string, number>): ReadonlyArray<Ranked> => {
  const sorted = [...totals].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
  let rank = 0
  return sorted.map(([organizationId, total], i) => {
    if (i === 0 || total !== sorted[i - 1]![1]) rank = i + 1
    return { organizationId, total, rank }
  })
}

/** The assessees not yet scored. */
export const unscored = (state: State): ReadonlyArray<string> => state.assessees.filter((id) => !state.totals.has(id))

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why an assessment command was refused. */
export class AssessmentRejected extends Schema.TaggedError<AssessmentRejected>()("AssessmentRejected", {
  reason: Schema.Literals([
    "AlreadyOpened",
    "NotOpened",
    "AlreadyConcluded",
    "InvalidYear",
    "NoCriteria",
    "DuplicateCriterion",
    "InvalidMaxScore",
    "NoAssessees",
    "DuplicateAssessee",
    "AssesseeNotRegistered",
    "NotDirectlyBelow",
    "NotAnAssessee",
    "UnknownCriterion",
    "CriterionScoredTwice",
    "ScoreOutOfRange",
    "CriterionNotScored",
    "ReasonRequired",
    "NotAllScored",
    "NotConcluded",
    "AlreadyRewarded",
    "InvalidReward",
    "DateBeforeConclusion"
  ]),
  assessmentId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/**
 * Decides an assessment command, given the assessment, the day of the fact (`on`: when it was
 * concluded, or a reward given) and (to open) the assessees' states.
 */
export const decide = (
  command: Command,
  state: State,
  on: LocalDate,
  assessees: ReadonlyMap<string, Organization.State> = new Map()
): Effect.Effect<ReadonlyArray<Event>, AssessmentRejected | Unauthorized> => {
  const { assessmentId, actor } = command
  const reject = (reason: AssessmentRejected["reason"], detail: string) =>
    Effect.fail(new AssessmentRejected({ reason, assessmentId, detail }))
  const forbid = () =>
    Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "an assessment is run by the executive committee of the assessing organization" }))

  if (command._tag === "OpenAssessment") {
    if (actor.organization !== command.organizationId || !isCommittee(actor.role)) return forbid()
    if (state.opened) return reject("AlreadyOpened", `assessment ${assessmentId} is already opened`)
    if (!Number.isInteger(command.year)) return reject("InvalidYear", `an assessment is for a whole year, not ${command.year}`)
    const problem = criteriaProblem(command.criteria)
    if (problem) return reject(problem.reason, problem.detail)
    if (command.assessees.length === 0) return reject("NoAssessees", "an assessment needs at least one organization to assess")
    const seen = new Set<string>()
    for (const id of command.assessees) {
      if (seen.has(id)) return reject("DuplicateAssessee", `${id} is listed twice`)
      seen.add(id)
      const assessee = assessees.get(id)
      if (!assessee?.registered) return reject("AssesseeNotRegistered", `organization ${id} is not registered`)
      if (assessee.parentId !== command.organizationId) {
        return reject("NotDirectlyBelow", `${command.organizationId} assesses only the organizations directly below it, and ${id} is not one`)
      }
    }
    return Effect.succeed([AssessmentOpened.make({
      assessmentId,
      organizationId: command.organizationId,
      period: command.period,
      year: command.year,
      criteria: command.criteria,
      assessees: command.assessees
    })])
  }

  // Another organization's assessment is answered as one never opened (§10: nothing of another organization).
  if (!state.opened || actor.organization !== state.organizationId) return reject("NotOpened", `${actor.organization} has opened no assessment ${assessmentId}`)
  if (!isCommittee(actor.role)) return forbid()

  if (command._tag === "RewardAssessee") {
    if (!state.ranking) return reject("NotConcluded", `assessment ${assessmentId} is not concluded; rewards follow its ranking`)
    if (!state.ranking.some((r) => r.organizationId === command.assesseeId)) {
      return reject("NotAnAssessee", `${command.assesseeId} is not ranked in ${assessmentId}`)
    }
    if (state.rewards.has(command.assesseeId)) return reject("AlreadyRewarded", `${command.assesseeId} already has its reward of ${assessmentId}`)
    const wrong = rewardProblem(command.reward)
    if (wrong) return reject("InvalidReward", wrong)
    if (state.concludedOn !== undefined && on < state.concludedOn) {
      return reject("DateBeforeConclusion", `assessment ${assessmentId} was concluded on ${state.concludedOn}; its rewards are not given on ${on}`)
    }
    return Effect.succeed([AssessmentRewardGiven.make({
      assessmentId,
      assesseeId: command.assesseeId,
      ...(command.title === undefined ? {} : { title: command.title }),
      reward: command.reward,
      givenOn: on
    })])
  }

  if (state.ranking) return reject("AlreadyConcluded", `assessment ${assessmentId} is concluded`)

  switch (command._tag) {
    case "ScoreAssessee": {
      if (!state.assessees.includes(command.assesseeId)) {
        return reject("NotAnAssessee", `${command.assesseeId} is not assessed in ${assessmentId}`)
      }
      if (state.totals.has(command.assesseeId) && command.reason === undefined) {
        return reject("ReasonRequired", `${command.assesseeId} is already scored; a re-scoring needs a reason`)
      }
      const problem = scoringProblem(state.criteria, command.scores)
      if (problem) return reject(problem.reason, problem.detail)
      return Effect.succeed([AssessmentScored.make({ assessmentId, assesseeId: command.assesseeId, scores: command.scores })])
    }
    case "ConcludeAssessment": {
      const missing = unscored(state)
      if (missing.length > 0) return reject("NotAllScored", `not yet scored: ${missing.join(", ")}`)
      return Effect.succeed([AssessmentConcluded.make({ assessmentId, ranking: rankingOf(state.totals), concludedOn: on })])
    }
  }
}

/** The handlers of assessment commands. */
export const handlers = {
  OpenAssessment: (command: typeof OpenAssessment.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.assessmentId)
      yield* Organization.loadRegistered(ctx, command.organizationId)
      const assessees = new Map<string, Organization.State>()
      for (const id of new Set(command.assessees)) assessees.set(id, yield* ctx.load(Organization.aggregate, id))
      return [emit(aggregate, command.assessmentId, yield* decide(command, state, ctx.occurred.on, assessees))]
    }),
  ScoreAssessee: (command: typeof ScoreAssessee.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.assessmentId)
      return [emit(aggregate, command.assessmentId, yield* decide(command, state, ctx.occurred.on))]
    }),
  ConcludeAssessment: (command: typeof ConcludeAssessment.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.assessmentId)
      return [emit(aggregate, command.assessmentId, yield* decide(command, state, ctx.occurred.on))]
    }),
  RewardAssessee: (command: typeof RewardAssessee.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.assessmentId)
      return [emit(aggregate, command.assessmentId, yield* decide(command, state, ctx.occurred.on))]
    })
}

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  OpenAssessment: ["chair", "vice-chair", "executive-member"],
  ScoreAssessee: ["chair", "vice-chair", "executive-member"],
  ConcludeAssessment: ["chair", "vice-chair", "executive-member"],
  RewardAssessee: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): on a day; a conclusion or a reward on its `on` date, when given. */
export const times = {
  OpenAssessment: "day",
  ScoreAssessee: "day",
  ConcludeAssessment: { field: "on", optional: true },
  RewardAssessee: { field: "on", optional: true }
} as const satisfies Record<Command["_tag"], FactTime>
