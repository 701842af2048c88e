/**
 * 评比表彰: award campaigns such as the Five-Good Civilized Family (五好文明家庭), 平安家庭 or
 * 十佳好婆媳 (DOMAIN.md §5, "award rechecked"). A campaign is opened for a year with its criteria
 * (考核标准), each with a maximum score, and a threshold; nominees are nominated, scored
 * criterion by criterion (按考核标准逐条打分), and the award is conferred (表彰) on those at or
 * above the threshold, with the reward that goes with it (给予一定奖励); conferred awards are
 * re-checked (复查登记), which confirms or revokes them.
 *
 * A campaign takes one kind of nominee (seed 000 §四(四)3, seed 001, seed 004): households (the
 * default, and the only kind before persons and units could be nominated), persons (个人荣誉称号:
 * 学习之星, 十佳家长, 好婆婆/好媳妇, 优秀妇干, 巾帼建功标兵) or units (集体荣誉称号: 巾帼文明岗,
 * 文明楼栋, 示范社区). A household nominee is named by its household id, as it always was; a
 * person or a unit by the id given when it was nominated (`personId`, `unitId`), called its
 * `nomineeId` afterwards. The same scoring, threshold, conferral, re-check and one award per
 * nominee per campaign apply to every kind.
 *
 * Stream: `campaign-{campaignId}`. The conferral (and a confirming re-check) also reads the
 * household's stream — the nominee's, or a person nominee's own household — so that a
 * domestic-violence finding (零家庭暴力) appended concurrently makes the decision retry and be
 * refused.
 *
 * Decisions where DOMAIN.md is silent:
 * - A campaign of an organization takes nominees from its own area and from the organizations
 *   below it (a street's 十佳好婆媳 draws on its communities); a nomination may be made by the
 *   campaign's organization or by any organization between it and the nominee (推荐 from
 *   below), by a committee member or a women's representative.
 * - A person is nominated with her name (personal data) and, optionally, her household, which
 *   must then be of the nominating organization's area; she belongs to her household's
 *   organization, or, without one, to the nominating organization. The 零家庭暴力 bar applies to
 *   her through her household. A person nominated without a household (a cadre named 优秀妇干 who
 *   lives outside the area) is not barred: the records hold no household to judge her by. Her
 *   name's data subject is her household when she has one (erasing the household erases it),
 *   else `person:{personId}`.
 * - A unit is a post (岗位: 巾帼文明岗), a building (楼栋) or an organization (示范社区); it
 *   belongs to a registered organization of the nominating organization's area (for an
 *   organization unit, that organization itself). A post or building needs a name; the name
 *   of a unit is not personal data.
 * - The later steps of a person or unit nominee are recorded by their own events (`Title…`),
 *   keyed by `nomineeId`: the household events keep their `householdId` key and their meaning.
 * - The reward (奖励) is optional, one per award: a certificate (证书), a plaque (奖牌/牌匾), money
 *   (奖金, with its amount in yuan, required) or goods (奖品); only money has an amount, so the
 *   total of a campaign's rewards is the money given. Its short description is about the reward,
 *   not a person, and is not personal data.
 * - Scoring, conferral, re-check and closing are for the executive committee (chair,
 *   vice-chair, executive member) of the campaign's organization only.
 * - A nominee may be scored again until the award is conferred on it; a re-scoring needs a
 *   reason (it corrects a recorded evaluation).
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
import { Id, List, Name, PersonId, Title, Year as InputYear } from "./Input.ts"
import * as Organization from "./Organization.ts"
import { personal, subjects } from "./PersonalData.ts"
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

/** 评比对象: what a campaign takes as nominees — households (家庭), persons (个人) or units (集体). */
export const NomineeKind = Schema.Literals(["household", "person", "unit"])

/** What a campaign takes as nominees. */
export type NomineeKind = typeof NomineeKind.Type

/** 集体: a unit nominated for a title — a post (岗位, 巾帼文明岗), a building (楼栋) or an organization (示范社区). */
export const UnitKind = Schema.Literals(["post", "building", "organization"])

/** A kind of unit. */
export type UnitKind = typeof UnitKind.Type

/** 奖励: a certificate (证书), a plaque (奖牌/牌匾), money (奖金) or goods (奖品). */
export const RewardKind = Schema.Literals(["certificate", "plaque", "money", "goods"])

/** A kind of reward. */
export type RewardKind = typeof RewardKind.Type

/** 奖励: the reward given with a title or an assessment's result; money carries its amount in yuan. */
export const Reward = Schema.Struct({
  kind: RewardKind,
  amount: Schema.optional(Schema.Finite.check(Schema.isGreaterThan(0))),
  description: Schema.optional(Schema.NonEmptyString)
})

/** A reward as recorded. */
export type Reward = typeof Reward.Type

/** A reward as a command gives it (`Input`'s blocks). */
export const RewardInput = Schema.Struct({
  kind: RewardKind,
  amount: Reward.fields.amount,
  description: Schema.optional(Title)
})

/** What is wrong with a reward, if anything: money needs its amount, and only money has one. */
export const rewardProblem = (reward: Reward): string | undefined => {
  if (reward.kind === "money") {
    if (reward.amount === undefined || !Number.isFinite(reward.amount) || reward.amount <= 0) return "a money reward (奖金) records its amount in yuan, above 0"
    // Compared with a tolerance: 0.29 * 100 is 28.999999999999996 in binary floating point.
    if (Math.abs(Math.round(reward.amount * 100) - reward.amount * 100) > 1e-6) return `a money reward is given in yuan and fen, not ${reward.amount}`
    return undefined
  }
  return reward.amount === undefined ? undefined : `only a money reward has an amount; a ${reward.kind} reward is described, not counted in yuan`
}

/** The money (奖金) of a reward, in yuan: 0 for any other kind. */
export const yuanOf = (reward: Reward | undefined): number => (reward?.kind === "money" ? reward.amount ?? 0 : 0)

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec). `nomineeKind` and `reward` were added
// as optional fields: events without them are of a household campaign, without a reward.
// ---------------------------------------------------------------------------------------------

/**
 * A campaign was opened for a year, with its criteria, the total needed for the award, and the
 * kind of nominee it takes (评比活动); without `nomineeKind`, households.
 */
export const AwardCampaignOpened = Schema.TaggedStruct("AwardCampaignOpened", {
  campaignId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  year: Year,
  title: Schema.NonEmptyString,
  criteria: Schema.Array(Criterion),
  threshold: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)),
  nomineeKind: Schema.optional(NomineeKind)
})

/** A household was nominated in a campaign (推荐/申报). */
export const HouseholdNominated = Schema.TaggedStruct("HouseholdNominated", {
  campaignId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString
})

/** The data subject of a nominated person's name: her household, when named, else herself. */
const nomineeSubject = (event: Readonly<Record<string, unknown>>, holder: Readonly<Record<string, unknown>>): string =>
  event.householdId !== undefined ? subjects.household(event) : subjects.person("personId")(event, holder)

/**
 * A person was nominated in a person campaign (个人荣誉称号), with her name and, when named, her
 * household; `organizationId` is the organization she is counted in.
 */
export const PersonNominated = Schema.TaggedStruct("PersonNominated", {
  campaignId: Schema.NonEmptyString,
  personId: Schema.NonEmptyString,
  name: personal(Schema.NonEmptyString, nomineeSubject),
  householdId: Schema.optional(Schema.NonEmptyString),
  organizationId: Schema.NonEmptyString
})

/**
 * A unit was nominated in a unit campaign (集体荣誉称号): a post, a building or an organization,
 * belonging to `organizationId` (an organization unit is that organization).
 */
export const UnitNominated = Schema.TaggedStruct("UnitNominated", {
  campaignId: Schema.NonEmptyString,
  unitId: Schema.NonEmptyString,
  unitKind: UnitKind,
  unitName: Schema.optional(Schema.NonEmptyString),
  organizationId: Schema.NonEmptyString
})

/** A household nominee was scored criterion by criterion (逐条打分); a later scoring replaces it. */
export const NomineeScored = Schema.TaggedStruct("NomineeScored", {
  campaignId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  scores: Schema.Array(CriterionScore)
})

/** A person or unit nominee was scored criterion by criterion (逐条打分); a later scoring replaces it. */
export const TitleNomineeScored = Schema.TaggedStruct("TitleNomineeScored", {
  campaignId: Schema.NonEmptyString,
  nomineeId: Schema.NonEmptyString,
  scores: Schema.Array(CriterionScore)
})

/** The award was conferred on a household (表彰), with the total it was scored and its reward, if any. */
export const AwardConferred = Schema.TaggedStruct("AwardConferred", {
  campaignId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  total: Schema.Finite,
  conferredOn: LocalDate,
  reward: Schema.optional(Reward)
})

/** The title was conferred on a person or unit (表彰), with the total it was scored and its reward, if any. */
export const TitleConferred = Schema.TaggedStruct("TitleConferred", {
  campaignId: Schema.NonEmptyString,
  nomineeId: Schema.NonEmptyString,
  total: Schema.Finite,
  conferredOn: LocalDate,
  reward: Schema.optional(Reward)
})

/**
 * A household's conferred award was re-checked (复查登记): confirmed or revoked. The reason is
 * the command's reason, kept in the event's metadata.
 */
export const AwardRechecked = Schema.TaggedStruct("AwardRechecked", {
  campaignId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  outcome: RecheckOutcome,
  recheckedOn: LocalDate
})

/** A person's or unit's conferred title was re-checked (复查登记): confirmed or revoked; the reason is in the metadata. */
export const TitleRechecked = Schema.TaggedStruct("TitleRechecked", {
  campaignId: Schema.NonEmptyString,
  nomineeId: Schema.NonEmptyString,
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
  PersonNominated,
  UnitNominated,
  NomineeScored,
  TitleNomineeScored,
  AwardConferred,
  TitleConferred,
  AwardRechecked,
  TitleRechecked,
  AwardCampaignClosed
])

/** An event of an award campaign. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Opens a campaign of the actor's organization for a year, taking households unless `nomineeKind` says persons or units. */
export const OpenAwardCampaign = Schema.TaggedStruct("OpenAwardCampaign", {
  ...CommandFields,
  campaignId: Id,
  organizationId: Id,
  year: InputYear,
  title: Title,
  criteria: List(CriterionInput, maxCriteria),
  threshold: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)),
  nomineeKind: Schema.optional(NomineeKind)
})

/** Nominates a registered household of the campaign's organization or one below it, in a household campaign. */
export const NominateHousehold = Schema.TaggedStruct("NominateHousehold", {
  ...CommandFields,
  campaignId: Id,
  householdId: Id
})

/** Nominates a person in a person campaign, by name, optionally with her household (of the actor's area). */
export const NominatePerson = Schema.TaggedStruct("NominatePerson", {
  ...CommandFields,
  campaignId: Id,
  personId: PersonId,
  name: personal(Name),
  householdId: Schema.optional(Id)
})

/** Nominates a unit — a post, a building, or an organization — of the actor's area, in a unit campaign. */
export const NominateUnit = Schema.TaggedStruct("NominateUnit", {
  ...CommandFields,
  campaignId: Id,
  unitId: Id,
  unitKind: UnitKind,
  unitName: Schema.optional(Title),
  organizationId: Id
})

/**
 * Scores a nominee on every criterion of the campaign; a re-scoring needs a reason. The nominee
 * is named by `householdId` in a household campaign, by `nomineeId` in a person or unit campaign.
 */
export const ScoreNominee = Schema.TaggedStruct("ScoreNominee", {
  ...CommandFields,
  campaignId: Id,
  householdId: Schema.optional(Id),
  nomineeId: Schema.optional(Id),
  scores: List(CriterionScoreInput, maxCriteria)
})

/**
 * Confers the award on a nominee scored at or above the threshold, with its reward, if any
 * (`on` defaults to the day of `occurredAt`, or today). The nominee is named as in `ScoreNominee`.
 */
export const ConferAward = Schema.TaggedStruct("ConferAward", {
  ...CommandFields,
  campaignId: Id,
  householdId: Schema.optional(Id),
  nomineeId: Schema.optional(Id),
  on: Schema.optional(LocalDate),
  reward: Schema.optional(RewardInput)
})

/** Re-checks a conferred, unrevoked award (复查), confirming or revoking it; `reason` is required. The nominee is named as in `ScoreNominee`. */
export const RecheckAward = Schema.TaggedStruct("RecheckAward", {
  ...CommandFields,
  campaignId: Id,
  householdId: Schema.optional(Id),
  nomineeId: Schema.optional(Id),
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
  NominatePerson,
  NominateUnit,
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
 * An award conferred on a nominee: `conferred` until its first re-check, then `confirmed`
 * or `revoked` (for good).
 */
export interface ConferredAward {
  readonly conferredOn: LocalDate
  readonly total: number
  readonly status: "conferred" | "confirmed" | "revoked"
  /** The conferral date or the date of the last re-check: re-checks are due from it. */
  readonly lastCheckedOn: LocalDate
  readonly rechecks: ReadonlyArray<Recheck>
  /** The reward given with it (给予一定奖励), if one was recorded. */
  readonly reward?: Reward
}

/** A nominee (a household, a person or a unit), its latest scores and its award, if any. */
export interface Nominee {
  /** The household's id, for a household; the person's or unit's id given at nomination otherwise. */
  readonly nomineeId: string
  readonly kind: NomineeKind
  /** A household nominee's own id; a person nominee's household, when named. */
  readonly householdId?: string
  /** The organization a person or unit is counted in. */
  readonly organizationId?: string
  readonly unitKind?: UnitKind
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
  /** The kind of nominee it takes (households for a campaign opened without one). */
  readonly nomineeKind: NomineeKind
  readonly closed: boolean
  /** Its nominees, by `nomineeId`. */
  readonly nominees: ReadonlyMap<string, Nominee>
}

/** The sum of scores (the nominee's total). */
export const totalOf = (scores: ReadonlyArray<CriterionScore>): number => scores.reduce((sum, s) => sum + s.score, 0)

/** The award campaign aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "campaign",
  events: Event,
  initial: {
    opened: false,
    campaignId: "",
    organizationId: "",
    year: 0,
    title: "",
    criteria: [],
    threshold: 0,
    nomineeKind: "household",
    closed: false,
    nominees: new Map()
  },
  evolve: (state, event) => {
    const nominate = (nominee: Nominee): State => ({ ...state, nominees: new Map(state.nominees).set(nominee.nomineeId, nominee) })
    const update = (nomineeId: string, f: (n: Nominee) => Nominee): State => {
      const nominee = state.nominees.get(nomineeId)
      return nominee === undefined ? state : { ...state, nominees: new Map(state.nominees).set(nomineeId, f(nominee)) }
    }
    const scored = (scores: ReadonlyArray<CriterionScore>) => (n: Nominee): Nominee => ({ ...n, scores, total: totalOf(scores) })
    const conferred = (e: { readonly total: number; readonly conferredOn: LocalDate; readonly reward?: Reward | undefined }) => (n: Nominee): Nominee => ({
      ...n,
      award: {
        conferredOn: e.conferredOn,
        total: e.total,
        status: "conferred",
        lastCheckedOn: e.conferredOn,
        rechecks: [],
        ...(e.reward === undefined ? {} : { reward: e.reward })
      }
    })
    const rechecked = (e: Recheck) => (n: Nominee): Nominee =>
      n.award === undefined ? n : {
        ...n,
        award: { ...n.award, status: e.outcome, lastCheckedOn: e.recheckedOn, rechecks: [...n.award.rechecks, { outcome: e.outcome, recheckedOn: e.recheckedOn }] }
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
          threshold: event.threshold,
          nomineeKind: event.nomineeKind ?? "household"
        }
      case "HouseholdNominated":
        return nominate({ nomineeId: event.householdId, kind: "household", householdId: event.householdId })
      case "PersonNominated":
        return nominate({
          nomineeId: event.personId,
          kind: "person",
          ...(event.householdId === undefined ? {} : { householdId: event.householdId }),
          organizationId: event.organizationId
        })
      case "UnitNominated":
        return nominate({ nomineeId: event.unitId, kind: "unit", organizationId: event.organizationId, unitKind: event.unitKind })
      case "NomineeScored":
        return update(event.householdId, scored(event.scores))
      case "TitleNomineeScored":
        return update(event.nomineeId, scored(event.scores))
      case "AwardConferred":
        return update(event.householdId, conferred(event))
      case "TitleConferred":
        return update(event.nomineeId, conferred(event))
      case "AwardRechecked":
        return update(event.householdId, rechecked(event))
      case "TitleRechecked":
        return update(event.nomineeId, rechecked(event))
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
    "NomineeKindMismatch",
    "NomineeNotNamed",
    "UnitOutOfReach",
    "UnitNameRequired",
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
    "InvalidReward",
    "AlreadyConferred",
    "AwardRevoked",
    "NotConferred",
    "DateBeforeCampaignYear",
    "DateBeforeLastCheck"
  ]),
  campaignId: Schema.String,
  householdId: Schema.optional(Schema.String),
  nomineeId: Schema.optional(Schema.String),
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
  /**
   * The household the 零家庭暴力 bar is judged by: a household nominee's own, or a person
   * nominee's (nomination, conferral, confirming re-check).
   */
  readonly household?: Household.State
  /**
   * For a nomination: the nominee's organization (a household's, a person's, a unit's) and those
   * above it, lowest first (`["c1", "s1", "d1"]`).
   */
  readonly chain?: ReadonlyArray<string>
}

const kindWords: { readonly [K in NomineeKind]: string } = { household: "households", person: "persons", unit: "units" }

/** The nominee a command names: its id in the campaign and the kind its key says. */
const namedNominee = (command: Command): { readonly id: string; readonly kind: "household" | "title" } | "none" | "both" | undefined => {
  switch (command._tag) {
    case "NominateHousehold":
      return { id: command.householdId, kind: "household" }
    case "NominatePerson":
      return { id: command.personId, kind: "title" }
    case "NominateUnit":
      return { id: command.unitId, kind: "title" }
    case "ScoreNominee":
    case "ConferAward":
    case "RecheckAward":
      if (command.householdId !== undefined && command.nomineeId !== undefined) return "both"
      if (command.householdId !== undefined) return { id: command.householdId, kind: "household" }
      if (command.nomineeId !== undefined) return { id: command.nomineeId, kind: "title" }
      return "none"
    default:
      return undefined
  }
}

/** Decides an award command, given the campaign and what else it reads. */
export const decide = (
  command: Command,
  state: State,
  inputs: Inputs
): Effect.Effect<ReadonlyArray<Event>, AwardRejected | Unauthorized> => {
  const { campaignId, actor } = command
  const named = namedNominee(command)
  const key = typeof named === "object" ? named : undefined
  const who = key === undefined ? {} : key.kind === "household" ? { householdId: key.id } : { nomineeId: key.id }
  const reject = (reason: AwardRejected["reason"], detail: string) => Effect.fail(new AwardRejected({ reason, campaignId, ...who, detail }))
  const forbid = (rule: string) => Effect.fail(new Unauthorized({ command: command._tag, actor, rule }))
  const { on } = inputs
  const label = key === undefined ? "" : key.kind === "household" ? `household ${key.id}` : `nominee ${key.id}`

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

  // A campaign the actor's organization cannot see (another's, not above its nominees) is
  // answered as one never opened, naming nothing of another organization (§10).
  const notOpen = () => reject("CampaignNotOpened", `${actor.organization} has no open campaign ${campaignId}`)
  if (!state.opened) return notOpen()
  const takes = (kind: NomineeKind) =>
    state.nomineeKind === kind ? undefined : reject("NomineeKindMismatch", `campaign ${campaignId} (${state.title}) takes ${kindWords[state.nomineeKind]}, not ${kindWords[kind]}`)
  const nominee = key === undefined ? undefined : state.nominees.get(key.id)
  const date = on

  if (command._tag === "NominateHousehold" || command._tag === "NominatePerson" || command._tag === "NominateUnit") {
    // The nominee is of the actor's organization or below it (a household or person loaded so,
    // a unit checked here); she nominates it in a campaign of her organization or of one above.
    const chain = inputs.chain ?? []
    if (!chain.includes(state.organizationId) || chain.indexOf(actor.organization) > chain.indexOf(state.organizationId)) return notOpen()
    if (!chain.includes(actor.organization)) {
      return reject("UnitOutOfReach", `${actor.organization} nominates only units of its own organization or of one below it`)
    }
    if (state.closed) return reject("CampaignClosed", `campaign ${campaignId} is closed`)
    const kind = command._tag === "NominateHousehold" ? "household" : command._tag === "NominatePerson" ? "person" : "unit"
    const mismatch = takes(kind)
    if (mismatch) return mismatch
    if (nominee) return reject("AlreadyNominated", `${kind === "household" ? "household" : kind} ${key!.id} is already nominated in campaign ${campaignId}`)
    const barred = inputs.household && domesticViolenceBar(inputs.household, state.year, on)
    if (barred !== undefined) {
      const whose = command._tag === "NominatePerson" ? `the household of person ${command.personId} (${command.householdId ?? ""})` : `household ${key!.id}`
      return reject("IneligibleDomesticViolence", `${whose} had a domestic-violence case substantiated in ${barred} and is not eligible (零家庭暴力)`)
    }
    switch (command._tag) {
      case "NominateHousehold":
        return Effect.succeed([HouseholdNominated.make({ campaignId, householdId: command.householdId })])
      case "NominatePerson":
        return Effect.succeed([PersonNominated.make({
          campaignId,
          personId: command.personId,
          name: command.name,
          ...(command.householdId === undefined ? {} : { householdId: command.householdId }),
          organizationId: chain[0]!
        })])
      case "NominateUnit":
        if (command.unitKind !== "organization" && command.unitName === undefined) {
          return reject("UnitNameRequired", `a ${command.unitKind} is nominated with its name`)
        }
        return Effect.succeed([UnitNominated.make({
          campaignId,
          unitId: command.unitId,
          unitKind: command.unitKind,
          ...(command.unitName === undefined ? {} : { unitName: command.unitName }),
          organizationId: command.organizationId
        })])
    }
  }

  // The rest is the executive committee's alone.
  if (actor.organization !== state.organizationId) return notOpen()
  if (!isCommittee(actor.role)) return forbid("only the executive committee of the campaign's organization scores, confers, re-checks and closes")
  if (named === "both" || named === "none") {
    return reject("NomineeNotNamed", "name the nominee once: by householdId in a household campaign, by nomineeId in a person or unit campaign")
  }
  if (key !== undefined && (key.kind === "household") !== (state.nomineeKind === "household")) {
    return reject(
      "NomineeKindMismatch",
      `campaign ${campaignId} (${state.title}) takes ${kindWords[state.nomineeKind]}: name the nominee by ${state.nomineeKind === "household" ? "householdId" : "nomineeId"}`
    )
  }
  const household = key?.kind === "household"
  const barredBy = () => (household ? `household ${key!.id} had` : `the household of ${label} (${nominee?.householdId ?? ""}) had`)

  switch (command._tag) {
    case "ScoreNominee": {
      if (state.closed) return reject("CampaignClosed", `campaign ${campaignId} is closed`)
      if (!nominee) return reject("NotNominated", `${label} is not nominated in campaign ${campaignId}`)
      if (nominee.award) {
        return reject(nominee.award.status === "revoked" ? "AwardRevoked" : "AlreadyConferred", `the award of ${label} is decided; its scores are final`)
      }
      if (nominee.scores !== undefined && command.reason === undefined) {
        return reject("ReasonRequired", `${label} is already scored; a re-scoring needs a reason`)
      }
      const problem = scoringProblem(state.criteria, command.scores)
      if (problem) return reject(problem.reason, problem.detail)
      return Effect.succeed([
        household
          ? NomineeScored.make({ campaignId, householdId: nominee.nomineeId, scores: command.scores })
          : TitleNomineeScored.make({ campaignId, nomineeId: nominee.nomineeId, scores: command.scores })
      ])
    }
    case "ConferAward": {
      if (state.closed) return reject("CampaignClosed", `campaign ${campaignId} is closed`)
      if (!nominee) return reject("NotNominated", `${label} is not nominated in campaign ${campaignId}`)
      if (nominee.award?.status === "revoked") {
        return reject("AwardRevoked", `the award of ${label} in campaign ${campaignId} was revoked and is not conferred again`)
      }
      if (nominee.award) return reject("AlreadyConferred", `${label} already has the award of campaign ${campaignId}`)
      if (nominee.total === undefined) return reject("NotScored", `${label} has not been scored`)
      if (nominee.total < state.threshold) {
        return reject("BelowThreshold", `${label} scored ${nominee.total}, below the threshold of ${state.threshold}`)
      }
      if (date < `${state.year}-01-01`) return reject("DateBeforeCampaignYear", `campaign ${campaignId} is for ${state.year}; an award is not conferred on ${date}`)
      const barred = inputs.household && domesticViolenceBar(inputs.household, state.year, date)
      if (barred !== undefined) {
        return reject("IneligibleDomesticViolence", `${barredBy()} a domestic-violence case substantiated in ${barred} and is not eligible (零家庭暴力)`)
      }
      const rewardWrong = command.reward && rewardProblem(command.reward)
      if (rewardWrong) return reject("InvalidReward", rewardWrong)
      const conferral = { campaignId, total: nominee.total, conferredOn: date, ...(command.reward === undefined ? {} : { reward: command.reward }) }
      return Effect.succeed([
        household ? AwardConferred.make({ ...conferral, householdId: nominee.nomineeId }) : TitleConferred.make({ ...conferral, nomineeId: nominee.nomineeId })
      ])
    }
    case "RecheckAward": {
      const award = nominee?.award
      if (!award) return reject("NotConferred", `${label} has no award in campaign ${campaignId} to re-check`)
      if (award.status === "revoked") return reject("AwardRevoked", `the award of ${label} was revoked and stays revoked`)
      if (command.reason === undefined) return reject("ReasonRequired", "a re-check records its reason")
      if (date < award.lastCheckedOn) {
        return reject("DateBeforeLastCheck", `the award was conferred or last re-checked on ${award.lastCheckedOn}; a re-check is not dated ${date}`)
      }
      if (command.outcome === "confirmed") {
        const barred = inputs.household && domesticViolenceBar(inputs.household, state.year, date)
        if (barred !== undefined) {
          return reject("IneligibleDomesticViolence", `${barredBy()} a domestic-violence case substantiated in ${barred}; the award cannot be confirmed`)
        }
      }
      const recheck = { campaignId, outcome: command.outcome, recheckedOn: date }
      return Effect.succeed([
        household ? AwardRechecked.make({ ...recheck, householdId: nominee!.nomineeId }) : TitleRechecked.make({ ...recheck, nomineeId: nominee!.nomineeId })
      ])
    }
    case "CloseAwardCampaign": {
      if (state.closed) return reject("CampaignClosed", `campaign ${campaignId} is already closed`)
      return Effect.succeed([AwardCampaignClosed.make({ campaignId, closedOn: date })])
    }
  }
}

/**
 * The household a conferral or confirming re-check judges the 零家庭暴力 bar by: the one the
 * command names, else the named nominee's own (a person's household), if any.
 */
const householdToJudge = (state: State, command: typeof ConferAward.Type | typeof RecheckAward.Type): string | undefined =>
  command.householdId ?? (command.nomineeId === undefined ? undefined : state.nominees.get(command.nomineeId)?.householdId)

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
  NominatePerson: (command: typeof NominatePerson.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.campaignId)
      const household = command.householdId === undefined ? undefined : yield* Household.loadInArea(ctx, command.householdId, command.actor.organization)
      const chain = yield* Organization.chainFrom(ctx, household?.organizationId ?? command.actor.organization)
      const inputs: Inputs = household ? { on: ctx.occurred.on, household, chain } : { on: ctx.occurred.on, chain }
      return [emit(aggregate, command.campaignId, yield* decide(command, state, inputs))]
    }),
  NominateUnit: (command: typeof NominateUnit.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.campaignId)
      yield* Organization.loadRegistered(ctx, command.organizationId)
      const chain = yield* Organization.chainFrom(ctx, command.organizationId)
      return [emit(aggregate, command.campaignId, yield* decide(command, state, { on: ctx.occurred.on, chain }))]
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
      const householdId = householdToJudge(state, command)
      const household = householdId === undefined ? undefined : yield* Household.loadRegistered(ctx, householdId)
      const inputs: Inputs = household ? { on: ctx.occurred.on, household } : { on: ctx.occurred.on }
      return [emit(aggregate, command.campaignId, yield* decide(command, state, inputs))]
    }),
  RecheckAward: (command: typeof RecheckAward.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.campaignId)
      const householdId = command.outcome === "confirmed" ? householdToJudge(state, command) : undefined
      const household = householdId === undefined ? undefined : yield* Household.loadRegistered(ctx, householdId)
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
  NominatePerson: ["chair", "vice-chair", "executive-member", "representative"],
  NominateUnit: ["chair", "vice-chair", "executive-member", "representative"],
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
  NominatePerson: "day",
  NominateUnit: "day",
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
  /** The nominee whose award it is (a household's id, for a household). */
  readonly nomineeId: string
  readonly kind: NomineeKind
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
    if (dueOn <= today) due.push({ campaignId: state.campaignId, nomineeId: nominee.nomineeId, kind: nominee.kind, dueOn })
  }
  return due
}
