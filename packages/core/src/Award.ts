/**
 * 评比表彰: award campaigns such as the Five-Good Civilized Family (五好文明家庭), 平安家庭 or
 * 十佳好婆媳 (DOMAIN.md §5, "award rechecked"). A campaign is opened for a year with its criteria
 * (考核标准), each with a maximum score, and a threshold; households are nominated, scored
 * criterion by criterion (按考核标准逐条打分), and the award is conferred (表彰) on those at or
 * above the threshold; conferred awards are re-checked (复查登记), which confirms or revokes them.
 *
 * Stream: `campaign-{campaignId}`. The conferral (and a confirming re-check) also reads the
 * household's stream, so that a domestic-violence finding (零家庭暴力) appended concurrently makes
 * the decision retry and be refused.
 *
 * Decisions where DOMAIN.md is silent:
 * - A campaign of an organization takes nominees from its own households and from those of the
 *   organizations below it (a street's 十佳好婆媳 draws on its communities); a nomination may be
 *   made by the campaign's organization or by any organization between it and the household
 *   (推荐 from below), by a committee member or a women's representative.
 * - Scoring, conferral, re-check and closing are for the executive committee (chair,
 *   vice-chair, executive member) of the campaign's organization only.
 * - A nominee may be scored again until the award is conferred on her household; a re-scoring
 *   needs a reason (it corrects a recorded evaluation).
 * - "零家庭暴力": a household is not eligible when a domestic-violence case of it was
 *   substantiated in the campaign year or in any later year up to the date of the decision
 *   (nomination, conferral, confirming re-check). A re-check cannot confirm such an award: it
 *   must revoke it.
 * - A campaign is closed (评比结束) by its committee: after that nothing is nominated, scored or
 *   conferred in it, but its awards are still re-checked.
 * - Dates of conferral and re-check default to the day of the command, may not be in the
 *   future, a conferral not before the campaign year and a re-check not before the award's
 *   conferral or last re-check.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import * as Household from "./Household.ts"
import { Id, List, Title, Year as InputYear } from "./Input.ts"
import * as Organization from "./Organization.ts"
import type { PolicyShape } from "./Policy.ts"
import { addYears, LocalDate, yearOf } from "./Time.ts"

/** 考核标准: one criterion of an evaluation, with the most points it can give. */
export const Criterion = Schema.Struct({
  criterionId: Schema.NonEmptyString,
  name: Schema.NonEmptyString,
  maxScore: Schema.Finite.check(Schema.isGreaterThan(0))
})

/** A criterion of an evaluation. */
export type Criterion = typeof Criterion.Type

/** 逐条打分: the score given on one criterion. */
export const CriterionScore = Schema.Struct({
  criterionId: Schema.NonEmptyString,
  score: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
})

/** The score given on one criterion. */
export type CriterionScore = typeof CriterionScore.Type

/** The most criteria an evaluation has, and so the most scores of one scoring. */
export const maxCriteria = 50

/** A criterion as a command gives it (`Input`'s blocks). */
export const CriterionInput = Schema.Struct({
  criterionId: Id,
  name: Title,
  maxScore: Criterion.fields.maxScore
})

/** A score as a command gives it (`Input`'s blocks). */
export const CriterionScoreInput = Schema.Struct({
  criterionId: Id,
  score: CriterionScore.fields.score
})

/** A campaign's year. */
const Year = Schema.Int.check(Schema.isBetween({ minimum: 1949, maximum: 9999 }))

/** The outcome of a re-check (复查): the award is confirmed or revoked. */
export const RecheckOutcome = Schema.Literals(["confirmed", "revoked"])

/** The outcome of a re-check. */
export type RecheckOutcome = typeof RecheckOutcome.Type

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** A campaign was opened for a year, with its criteria and the total needed for the award (评比活动). */
export const AwardCampaignOpened = Schema.TaggedStruct("AwardCampaignOpened", {
  campaignId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  year: Year,
  title: Schema.NonEmptyString,
  criteria: Schema.Array(Criterion),
  threshold: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
})

/** A household was nominated in a campaign (推荐/申报). */
export const HouseholdNominated = Schema.TaggedStruct("HouseholdNominated", {
  campaignId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString
})

/** A nominee was scored criterion by criterion (逐条打分); a later scoring replaces it. */
export const NomineeScored = Schema.TaggedStruct("NomineeScored", {
  campaignId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  scores: Schema.Array(CriterionScore)
})

/** The award was conferred on a household (表彰), with the total it was scored. */
export const AwardConferred = Schema.TaggedStruct("AwardConferred", {
  campaignId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  total: Schema.Finite,
  conferredOn: LocalDate
})

/**
 * A conferred award was re-checked (复查登记): confirmed or revoked. The reason is the
 * command's reason, kept in the event's metadata.
 */
export const AwardRechecked = Schema.TaggedStruct("AwardRechecked", {
  campaignId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  outcome: RecheckOutcome,
  recheckedOn: LocalDate
})

/** A campaign was closed: no more nominations, scores or conferrals in it. */
export const AwardCampaignClosed = Schema.TaggedStruct("AwardCampaignClosed", {
  campaignId: Schema.NonEmptyString,
  closedOn: LocalDate
})

/** The events of an award campaign. */
export const Event = Schema.Union([
  AwardCampaignOpened,
  HouseholdNominated,
  NomineeScored,
  AwardConferred,
  AwardRechecked,
  AwardCampaignClosed
])

/** An event of an award campaign. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Opens a campaign of the actor's organization for a year. */
export const OpenAwardCampaign = Schema.TaggedStruct("OpenAwardCampaign", {
  ...CommandFields,
  campaignId: Id,
  organizationId: Id,
  year: InputYear,
  title: Title,
  criteria: List(CriterionInput, maxCriteria),
  threshold: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
})

/** Nominates a registered household of the campaign's organization or one below it. */
export const NominateHousehold = Schema.TaggedStruct("NominateHousehold", {
  ...CommandFields,
  campaignId: Id,
  householdId: Id
})

/** Scores a nominee on every criterion of the campaign; a re-scoring needs a reason. */
export const ScoreNominee = Schema.TaggedStruct("ScoreNominee", {
  ...CommandFields,
  campaignId: Id,
  householdId: Id,
  scores: List(CriterionScoreInput, maxCriteria)
})

/** Confers the award on a nominee scored at or above the threshold (`on` defaults to the day of `occurredAt`, or today). */
export const ConferAward = Schema.TaggedStruct("ConferAward", {
  ...CommandFields,
  campaignId: Id,
  householdId: Id,
  on: Schema.optional(LocalDate)
})

/** Re-checks a conferred, unrevoked award (复查), confirming or revoking it; `reason` is required. */
export const RecheckAward = Schema.TaggedStruct("RecheckAward", {
  ...CommandFields,
  campaignId: Id,
  householdId: Id,
  outcome: RecheckOutcome,
  on: Schema.optional(LocalDate)
})

/** Closes a campaign's evaluation (`on` defaults to the day of `occurredAt`, or today). */
export const CloseAwardCampaign = Schema.TaggedStruct("CloseAwardCampaign", {
  ...CommandFields,
  campaignId: Id,
  on: Schema.optional(LocalDate)
})

/** The commands of award campaigns. */
export const Command = Schema.Union([
  OpenAwardCampaign,
  NominateHousehold,
  ScoreNominee,
  ConferAward,
  RecheckAward,
  CloseAwardCampaign
])

/** A command of award campaigns. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A re-check as recorded. */
export interface Recheck {
  readonly outcome: RecheckOutcome
  readonly recheckedOn: LocalDate
}

/**
 * An award conferred on a household: `conferred` until its first re-check, then `confirmed`
 * or `revoked` (for good).
 */
export interface ConferredAward {
  readonly conferredOn: LocalDate
  readonly total: number
  readonly status: "conferred" | "confirmed" | "revoked"
  /** The conferral date or the date of the last re-check: re-checks are due from it. */
  readonly lastCheckedOn: LocalDate
  readonly rechecks: ReadonlyArray<Recheck>
}

/** A nominated household, its latest scores and its award, if any. */
export interface Nominee {
  readonly householdId: string
  readonly scores?: ReadonlyArray<CriterionScore>
  readonly total?: number
  readonly award?: ConferredAward
}

/** A campaign as known from its events. */
export interface State {
  readonly opened: boolean
  readonly campaignId: string
  readonly organizationId: string
  readonly year: number
  readonly title: string
  readonly criteria: ReadonlyArray<Criterion>
  readonly threshold: number
  readonly closed: boolean
  readonly nominees: ReadonlyMap<string, Nominee>
}

/** The sum of scores (the nominee's total). */
export const totalOf = (scores: ReadonlyArray<CriterionScore>): number => scores.reduce((sum, s) => sum + s.score, 0)

/** The award campaign aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "campaign",
  events: Event,
  initial: { opened: false, campaignId: "", organizationId: "", year: 0, title: "", criteria: [], threshold: 0, closed: false, nominees: new Map() },
  evolve: (state, event) => {
    const update = (householdId: string, f: (n: Nominee) => Nominee): State => {
      const nominee = state.nominees.get(householdId) ?? { householdId }
      return { ...state, nominees: new Map(state.nominees).set(householdId, f(nominee)) }
    }
    switch (event._tag) {
      case "AwardCampaignOpened":
        return {
          ...state,
          opened: true,
          campaignId: event.campaignId,
          organizationId: event.organizationId,
          year: event.year,
          title: event.title,
          criteria: event.criteria,
          threshold: event.threshold
        }
      case "HouseholdNominated":
        return update(event.householdId, (n) => n)
      case "NomineeScored":
        return update(event.householdId, (n) => ({ ...n, scores: event.scores, total: totalOf(event.scores) }))
      case "AwardConferred":
        return update(event.householdId, (n) => ({
          ...n,
          award: { conferredOn: event.conferredOn, total: event.total, status: "conferred", lastCheckedOn: event.conferredOn, rechecks: [] }
        }))
      case "AwardRechecked":
        return update(event.householdId, (n) =>
          n.award === undefined ? n : {
            ...n,
            award: {
              ...n.award,
              status: event.outcome,
              lastCheckedOn: event.recheckedOn,
              rechecks: [...n.award.rechecks, { outcome: event.outcome, recheckedOn: event.recheckedOn }]
            }
          })
      case "AwardCampaignClosed":
        return { ...state, closed: true }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rules shared with other evaluations (考核评比 scores the same way)
// ---------------------------------------------------------------------------------------------

/** What is wrong with a list of criteria, if anything. */
export interface CriteriaProblem {
  readonly reason: "NoCriteria" | "DuplicateCriterion" | "InvalidMaxScore"
  readonly detail: string
}

/** Checks criteria: at least one, ids unique, each maximum a positive number. */
export const criteriaProblem = (criteria: ReadonlyArray<Criterion>): CriteriaProblem | undefined => {
  if (criteria.length === 0) return { reason: "NoCriteria", detail: "an evaluation needs at least one criterion" }
  const seen = new Set<string>()
  for (const c of criteria) {
    if (seen.has(c.criterionId)) return { reason: "DuplicateCriterion", detail: `criterion ${c.criterionId} is listed twice` }
    seen.add(c.criterionId)
    if (!Number.isFinite(c.maxScore) || c.maxScore <= 0) {
      return { reason: "InvalidMaxScore", detail: `criterion ${c.criterionId} must have a maximum score above 0, not ${c.maxScore}` }
    }
  }
  return undefined
}

/** What is wrong with a scoring, if anything. */
export interface ScoringProblem {
  readonly reason: "UnknownCriterion" | "CriterionScoredTwice" | "ScoreOutOfRange" | "CriterionNotScored"
  readonly detail: string
}

/**
 * Checks a scoring against the criteria (按考核标准逐条打分): every criterion scored exactly
 * once, none unknown, each score from 0 to the criterion's maximum.
 */
export const scoringProblem = (
  criteria: ReadonlyArray<Criterion>,
  scores: ReadonlyArray<CriterionScore>
): ScoringProblem | undefined => {
  const byId = new Map(criteria.map((c) => [c.criterionId, c]))
  const seen = new Set<string>()
  for (const s of scores) {
    const criterion = byId.get(s.criterionId)
    if (criterion === undefined) return { reason: "UnknownCriterion", detail: `there is no criterion ${s.criterionId}` }
    if (seen.has(s.criterionId)) return { reason: "CriterionScoredTwice", detail: `criterion ${s.criterionId} is scored twice` }
    seen.add(s.criterionId)
    if (!Number.isFinite(s.score) || s.score < 0 || s.score > criterion.maxScore) {
      return {
        reason: "ScoreOutOfRange",
        detail: `criterion ${s.criterionId} (${criterion.name}) is scored from 0 to ${criterion.maxScore}, not ${s.score}`
      }
    }
  }
  const missing = criteria.filter((c) => !seen.has(c.criterionId))
  if (missing.length > 0) {
    return { reason: "CriterionNotScored", detail: `every criterion must be scored; missing: ${missing.map((c) => c.name).join(", ")}` }
  }
  return undefined
}

/**
 * 零家庭暴力: the year in which a domestic-violence case of the household was substantiated
 * that bars it from a campaign's award on a date — from the campaign year up to that date's
 * year — or `undefined` when it is eligible.
 */
export const domesticViolenceBar = (household: Household.State, campaignYear: number, on: LocalDate): number | undefined => {
  for (let year = campaignYear; year <= Math.max(campaignYear, yearOf(on)); year++) {
    if (Household.hadDomesticViolenceIn(household, year)) return year
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why an award command was refused. */
export class AwardRejected extends Schema.TaggedError<AwardRejected>()("AwardRejected", {
  reason: Schema.Literals([
    "CampaignAlreadyOpened",
    "CampaignNotOpened",
    "CampaignClosed",
    "NoCriteria",
    "DuplicateCriterion",
    "InvalidMaxScore",
    "InvalidThreshold",
    "InvalidYear",
    "AlreadyNominated",
    "NotNominated",
    "UnknownCriterion",
    "CriterionScoredTwice",
    "ScoreOutOfRange",
    "CriterionNotScored",
    "ReasonRequired",
    "NotScored",
    "BelowThreshold",
    "IneligibleDomesticViolence",
    "AlreadyConferred",
    "AwardRevoked",
    "NotConferred",
    "DateBeforeCampaignYear",
    "DateBeforeLastCheck"
  ]),
  campaignId: Schema.String,
  householdId: Schema.optional(Schema.String),
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** What a decision reads besides the campaign. */
export interface Inputs {
  /**
   * The day of the command's fact (its `on`, else the day of its `occurredAt`, else today): the
   * date a conferral, re-check or closing records, and the day a nomination is judged on.
   */
  readonly on: LocalDate
  /** The nominee's household (nomination, conferral, confirming re-check). */
  readonly household?: Household.State
  /**
   * For a nomination: the household's organization and those above it, lowest first
   * (`["c1", "s1", "d1"]`).
   */
  readonly chain?: ReadonlyArray<string>
}

/** Decides an award command, given the campaign and what else it reads. */
export const decide = (
  command: Command,
  state: State,
  inputs: Inputs
): Effect.Effect<ReadonlyArray<Event>, AwardRejected | Unauthorized> => {
  const { campaignId, actor } = command
  const householdId = "householdId" in command ? command.householdId : undefined
  const reject = (reason: AwardRejected["reason"], detail: string) =>
    Effect.fail(new AwardRejected({ reason, campaignId, ...(householdId === undefined ? {} : { householdId }), detail }))
  const forbid = (rule: string) => Effect.fail(new Unauthorized({ command: command._tag, actor, rule }))
  const { on } = inputs

  if (command._tag === "OpenAwardCampaign") {
    if (actor.organization !== command.organizationId || !isCommittee(actor.role)) {
      return forbid("a campaign is opened by the executive committee of its own organization")
    }
    if (state.opened) return reject("CampaignAlreadyOpened", `campaign ${campaignId} is already opened`)
    if (!Number.isInteger(command.year)) return reject("InvalidYear", `a campaign is for a whole year, not ${command.year}`)
    const problem = criteriaProblem(command.criteria)
    if (problem) return reject(problem.reason, problem.detail)
    const most = command.criteria.reduce((sum, c) => sum + c.maxScore, 0)
    if (!Number.isFinite(command.threshold) || command.threshold < 0 || command.threshold > most) {
      return reject("InvalidThreshold", `the threshold must be from 0 to the most points the criteria give (${most}), not ${command.threshold}`)
    }
    const { _tag, commandId, actor: _actor, reason, correlationId, causationId, ...fields } = command
    return Effect.succeed([AwardCampaignOpened.make(fields)])
  }

  // A campaign the actor's organization cannot see (another's, not above its households) is
  // answered as one never opened, naming nothing of another organization (§10).
  const notOpen = () => reject("CampaignNotOpened", `${actor.organization} has no open campaign ${campaignId}`)
  if (!state.opened) return notOpen()
  const nominee = householdId === undefined ? undefined : state.nominees.get(householdId)
  const date = on

  if (command._tag === "NominateHousehold") {
    // The household is of the actor's organization or below it (loaded so); she nominates it
    // in a campaign of her organization or of one above it.
    const chain = inputs.chain ?? []
    if (!chain.includes(state.organizationId) || chain.indexOf(actor.organization) > chain.indexOf(state.organizationId)) return notOpen()
    if (state.closed) return reject("CampaignClosed", `campaign ${campaignId} is closed`)
    if (nominee) return reject("AlreadyNominated", `household ${command.householdId} is already nominated in campaign ${campaignId}`)
    const barred = inputs.household && domesticViolenceBar(inputs.household, state.year, on)
    if (barred !== undefined) {
      return reject("IneligibleDomesticViolence", `household ${command.householdId} had a domestic-violence case substantiated in ${barred} and is not eligible (零家庭暴力)`)
    }
    return Effect.succeed([HouseholdNominated.make({ campaignId, householdId: command.householdId })])
  }

  // The rest is the executive committee's alone.
  if (actor.organization !== state.organizationId) return notOpen()
  if (!isCommittee(actor.role)) return forbid("only the executive committee of the campaign's organization scores, confers, re-checks and closes")

  switch (command._tag) {
    case "ScoreNominee": {
      if (state.closed) return reject("CampaignClosed", `campaign ${campaignId} is closed`)
      if (!nominee) return reject("NotNominated", `household ${command.householdId} is not nominated in campaign ${campaignId}`)
      if (nominee.award) {
        return reject(nominee.award.status === "revoked" ? "AwardRevoked" : "AlreadyConferred", `the award of household ${command.householdId} is decided; its scores are final`)
      }
      if (nominee.scores !== undefined && command.reason === undefined) {
        return reject("ReasonRequired", `household ${command.householdId} is already scored; a re-scoring needs a reason`)
      }
      const problem = scoringProblem(state.criteria, command.scores)
      if (problem) return reject(problem.reason, problem.detail)
      return Effect.succeed([NomineeScored.make({ campaignId, householdId: command.householdId, scores: command.scores })])
    }
    case "ConferAward": {
      if (state.closed) return reject("CampaignClosed", `campaign ${campaignId} is closed`)
      if (!nominee) return reject("NotNominated", `household ${command.householdId} is not nominated in campaign ${campaignId}`)
      if (nominee.award?.status === "revoked") {
        return reject("AwardRevoked", `the award of household ${command.householdId} in campaign ${campaignId} was revoked and is not conferred again`)
      }
      if (nominee.award) return reject("AlreadyConferred", `household ${command.householdId} already has the award of campaign ${campaignId}`)
      if (nominee.total === undefined) return reject("NotScored", `household ${command.householdId} has not been scored`)
      if (nominee.total < state.threshold) {
        return reject("BelowThreshold", `household ${command.householdId} scored ${nominee.total}, below the threshold of ${state.threshold}`)
      }
      if (date < `${state.year}-01-01`) return reject("DateBeforeCampaignYear", `campaign ${campaignId} is for ${state.year}; an award is not conferred on ${date}`)
      const barred = inputs.household && domesticViolenceBar(inputs.household, state.year, date)
      if (barred !== undefined) {
        return reject("IneligibleDomesticViolence", `household ${command.householdId} had a domestic-violence case substantiated in ${barred} and is not eligible (零家庭暴力)`)
      }
      return Effect.succeed([AwardConferred.make({ campaignId, householdId: command.householdId, total: nominee.total, conferredOn: date })])
    }
    case "RecheckAward": {
      const award = nominee?.award
      if (!award) return reject("NotConferred", `household ${command.householdId} has no award in campaign ${campaignId} to re-check`)
      if (award.status === "revoked") return reject("AwardRevoked", `the award of household ${command.householdId} was revoked and stays revoked`)
      if (command.reason === undefined) return reject("ReasonRequired", "a re-check records its reason")
      if (date < award.lastCheckedOn) {
        return reject("DateBeforeLastCheck", `the award was conferred or last re-checked on ${award.lastCheckedOn}; a re-check is not dated ${date}`)
      }
      if (command.outcome === "confirmed") {
        const barred = inputs.household && domesticViolenceBar(inputs.household, state.year, date)
        if (barred !== undefined) {
          return reject("IneligibleDomesticViolence", `household ${command.householdId} had a domestic-violence case substantiated in ${barred}; the award cannot be confirmed`)
        }
      }
      return Effect.succeed([AwardRechecked.make({ campaignId, householdId: command.householdId, outcome: command.outcome, recheckedOn: date })])
    }
    case "CloseAwardCampaign": {
      if (state.closed) return reject("CampaignClosed", `campaign ${campaignId} is already closed`)
      return Effect.succeed([AwardCampaignClosed.make({ campaignId, closedOn: date })])
    }
  }
}

/** The handlers of award commands. */
export const handlers = {
  OpenAwardCampaign: (command: typeof OpenAwardCampaign.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.campaignId)
      yield* Organization.loadRegistered(ctx, command.organizationId)
      return [emit(aggregate, command.campaignId, yield* decide(command, state, { on: ctx.occurred.on }))]
    }),
  NominateHousehold: (command: typeof NominateHousehold.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.campaignId)
      const household = yield* Household.loadInArea(ctx, command.householdId, command.actor.organization)
      const chain = yield* Organization.chainFrom(ctx, household.organizationId)
      return [emit(aggregate, command.campaignId, yield* decide(command, state, { on: ctx.occurred.on, household, chain }))]
    }),
  ScoreNominee: (command: typeof ScoreNominee.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.campaignId)
      return [emit(aggregate, command.campaignId, yield* decide(command, state, { on: ctx.occurred.on }))]
    }),
  ConferAward: (command: typeof ConferAward.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.campaignId)
      // Loading the household makes the conferral conditional on its stream's version: a
      // domestic-violence finding appended meanwhile makes it decide again, and be refused.
      const household = yield* Household.loadRegistered(ctx, command.householdId)
      return [emit(aggregate, command.campaignId, yield* decide(command, state, { on: ctx.occurred.on, household }))]
    }),
  RecheckAward: (command: typeof RecheckAward.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.campaignId)
      const household = command.outcome === "confirmed" ? yield* Household.loadRegistered(ctx, command.householdId) : undefined
      const inputs: Inputs = household ? { on: ctx.occurred.on, household } : { on: ctx.occurred.on }
      return [emit(aggregate, command.campaignId, yield* decide(command, state, inputs))]
    }),
  CloseAwardCampaign: (command: typeof CloseAwardCampaign.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.campaignId)
      return [emit(aggregate, command.campaignId, yield* decide(command, state, { on: ctx.occurred.on }))]
    })
}

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  OpenAwardCampaign: ["chair", "vice-chair", "executive-member"],
  NominateHousehold: ["chair", "vice-chair", "executive-member", "representative"],
  ScoreNominee: ["chair", "vice-chair", "executive-member"],
  ConferAward: ["chair", "vice-chair", "executive-member"],
  RecheckAward: ["chair", "vice-chair", "executive-member"],
  CloseAwardCampaign: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/**
 * When each command's fact happened (`FactTime`): on a day; a conferral, re-check or closing
 * on its `on` date, when given.
 */
export const times = {
  OpenAwardCampaign: "day",
  NominateHousehold: "day",
  ScoreNominee: "day",
  ConferAward: { field: "on", optional: true },
  RecheckAward: { field: "on", optional: true },
  CloseAwardCampaign: { field: "on", optional: true }
} as const satisfies Record<Command["_tag"], FactTime>

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/** The date a standing award is next due for re-check: `awardRecheckYears` after its last check. */
export const recheckDueOn = (award: ConferredAward, policy: Pick<PolicyShape, "awardRecheckYears">): LocalDate =>
  addYears(award.lastCheckedOn, policy.awardRecheckYears)

/** An award due for re-check (应复查). */
export interface RecheckDue {
  readonly campaignId: string
  readonly householdId: string
  readonly dueOn: LocalDate
}

/**
 * 复查: the campaign's standing (conferred or confirmed, not revoked) awards whose re-check is
 * due on or before `today`: `policy.awardRecheckYears` after conferral or the last re-check.
 */
export const dueForRecheck = (
  state: State,
  today: LocalDate,
  policy: Pick<PolicyShape, "awardRecheckYears">
): ReadonlyArray<RecheckDue> => {
  const due: Array<RecheckDue> = []
  for (const nominee of state.nominees.values()) {
    const award = nominee.award
    if (award === undefined || award.status === "revoked") continue
    const dueOn = recheckDueOn(award, policy)
    if (dueOn <= today) due.push({ campaignId: state.campaignId, householdId: nominee.householdId, dueOn })
  }
  return due
}
