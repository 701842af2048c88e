/**
 * 工作计划 / 工作思路: the year's work plan that the women's congress adopts as targets
 * (DOMAIN.md §6; seed 000 §四(二)3, seed 002 工会5, and every plan of seed 001 — "全年开展法制
 * 讲座4场", "每位妇女代表每月走访联系户", "调解成功率达90%以上"). The year's work summary shows each
 * target beside what the records show (§9).
 *
 * A target is either measured — one of a small closed set of measures (`Measure`) that the
 * ledgers already count, with a comparator (at least 不少于 / at most 不超过) and a value — or free
 * text, shown as the plan words it and not measured. `Measure` is exported as a Schema literal
 * union, with each measure's unit and the ledger figure it is read from (`measures`), so that
 * the summary can put each target beside its figure (`meets`).
 *
 * Stream: `work-plan-{organizationId}`, one per organization, holding every year's adoptions:
 * an organization adopts one plan a year, and an amendment must see the plan it replaces. A
 * decision also reads the congress's `meeting-{meetingId}` stream (held, of this organization)
 * without joining the append's check: a held meeting does not change.
 *
 * Decisions where DOMAIN.md is silent:
 * - The plan is recorded by the organization's executive committee, citing the congress that
 *   adopted it: a meeting of the organization, of kind congress, held. It is adopted at the
 *   congress, on the day it was held (recorded later, with `occurredAt` on that day).
 * - A congress adopts the plan of its own year or of the next (a congress in December adopts
 *   the next year's; one in January its own).
 * - A plan can be amended: a later congress of the same year's plan adopts it again, with a
 *   reason, and its targets replace the earlier ones entirely. Every adoption stays recorded;
 *   the plan in force is the latest. The same congress does not adopt the same year's plan
 *   twice.
 * - Each target has an id unique in its plan. A measured target's value is a whole number for
 *   a count, 0 to 100 for a percentage, and 0 or more for a rate; one measure carries at most
 *   one target of each comparator (an "at least" and an "at most" make a range).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import { Id, NonEmptyList, Text, Year } from "./Input.ts"
import * as Meeting from "./Meeting.ts"
import * as Organization from "./Organization.ts"
import { LocalDate } from "./Time.ts"

/**
 * The measures a target can name, each read from a figure a ledger already computes for the
 * organization's year (see `measures` for each one's unit and figure):
 *
 * | measure | 中文 | the figure |
 * | --- | --- | --- |
 * | `activities-held` | 开展活动(场) | `Activities.figures(…).all.count` |
 * | `legal-lectures` | 法制讲座(场) | `Activities.figures(…).byKind`, kind `legal-lecture` |
 * | `health-lectures` | 健康讲座(场) | `byKind`, kind `health-lecture` |
 * | `health-screenings` | 健康检查(场) | `byKind`, kind `health-screening` |
 * | `cancer-screenings` | 两癌筛查(场) | `byKind`, kind `cancer-screening` |
 * | `skills-trainings` | 技能培训(场) | `byKind`, kind `skills-training` |
 * | `monthly-meetings-held` | 月例会(次) | `Meetings.figures(…).held.monthly` |
 * | `plenaries-held` | 全委会(次) | `Meetings.figures(…).held.plenary` |
 * | `trainings-held` | 培训(期) | `Study.figures(…).trainings` |
 * | `mediation-success-rate` | 调解成功率(%) | `Cases.figures(…)`: `byResolution["mediated-agreement"]` of `resolved`, in % |
 * | `contact-visits-per-household-per-month` | 每户每月走访(次) | `HouseholdContact.figures(…).visits` over the households linked to representatives as drawn, over the months of the year up to the day drawn |
 * | `volunteer-service-hours` | 志愿服务时长(小时) | `Volunteers.figures(…).serviceHours` |
 */
export const Measure = Schema.Literals([
  "activities-held",
  "legal-lectures",
  "health-lectures",
  "health-screenings",
  "cancer-screenings",
  "skills-trainings",
  "monthly-meetings-held",
  "plenaries-held",
  "trainings-held",
  "mediation-success-rate",
  "contact-visits-per-household-per-month",
  "volunteer-service-hours"
])

/** A measure a target can name (`Measure`). */
export type Measure = typeof Measure.Type

/** What a measure's value is: a count (a whole number), a percentage (0 to 100), a rate or an amount (0 or more). */
export type Unit = "count" | "percent" | "rate"

/** 指标: each measure's unit, and its Chinese name as a plan words it. */
export const measures: { readonly [M in Measure]: { readonly unit: Unit; readonly name: string } } = {
  "activities-held": { unit: "count", name: "开展活动" },
  "legal-lectures": { unit: "count", name: "法制讲座" },
  "health-lectures": { unit: "count", name: "健康讲座" },
  "health-screenings": { unit: "count", name: "健康检查" },
  "cancer-screenings": { unit: "count", name: "两癌筛查" },
  "skills-trainings": { unit: "count", name: "技能培训" },
  "monthly-meetings-held": { unit: "count", name: "月例会" },
  "plenaries-held": { unit: "count", name: "全委会" },
  "trainings-held": { unit: "count", name: "培训" },
  "mediation-success-rate": { unit: "percent", name: "调解成功率" },
  "contact-visits-per-household-per-month": { unit: "rate", name: "妇女代表每户每月走访" },
  "volunteer-service-hours": { unit: "rate", name: "志愿服务时长" }
}

/** 不少于 `at-least`, 不超过 `at-most`: how a measured target compares the figure with its value. */
export const Comparator = Schema.Literals(["at-least", "at-most"])

/** How a measured target compares. */
export type Comparator = typeof Comparator.Type

/** Whether a figure meets a measured target: at least, or at most, its value. */
export const meets = (target: { readonly comparator: Comparator; readonly value: number }, figure: number): boolean =>
  target.comparator === "at-least" ? figure >= target.value : figure <= target.value

/** The most targets a plan holds. */
export const maxTargets = 100

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/**
 * 目标: a target of a plan as stored: measured (`measure`, `comparator`, `value`, and the
 * plan's words in `text` if given) or free text (`text` only). See `targetOf`.
 */
export const TargetRecord = Schema.Struct({
  targetId: Schema.NonEmptyString,
  measure: Schema.optional(Measure),
  comparator: Schema.optional(Comparator),
  value: Schema.optional(Schema.Finite),
  text: Schema.optional(Schema.NonEmptyString)
})

/** A target as stored. */
export type TargetRecord = typeof TargetRecord.Type

/**
 * 通过工作计划: the congress adopted the year's plan as these targets. `amends` names the
 * congress whose plan for the year this one replaces, when it is an amendment.
 */
export const WorkPlanAdopted = Schema.TaggedStruct("WorkPlanAdopted", {
  organizationId: Schema.NonEmptyString,
  year: Schema.Int,
  meetingId: Schema.NonEmptyString,
  adoptedOn: LocalDate,
  targets: Schema.Array(TargetRecord),
  amends: Schema.optional(Schema.NonEmptyString)
})

/** The events of work plans. */
export const Event = Schema.Union([WorkPlanAdopted])

/** An event of work plans. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * A target as a command gives it: a measured one with `measure`, `comparator` and `value` (and
 * the plan's words in `text`, if wished), or a free-text one with `text` alone.
 */
export const TargetInput = Schema.Struct({
  targetId: Id,
  measure: Schema.optional(Measure),
  comparator: Schema.optional(Comparator),
  value: Schema.optional(Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))),
  text: Schema.optional(Text)
})

/**
 * Records the year's plan adopted by a held congress of the organization (`meetingId`), on the
 * day it was held. A later congress's adoption for the same year amends it, with a `reason`.
 */
export const AdoptWorkPlan = Schema.TaggedStruct("AdoptWorkPlan", {
  ...CommandFields,
  organizationId: Id,
  year: Year,
  meetingId: Id,
  targets: NonEmptyList(TargetInput, maxTargets)
})

/** The commands of work plans. */
export const Command = Schema.Union([AdoptWorkPlan])

/** A command of work plans. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A measured target: the figure of `measure` compared with `value`. */
export interface MeasuredTarget {
  readonly kind: "measured"
  readonly targetId: string
  readonly measure: Measure
  readonly comparator: Comparator
  readonly value: number
  /** The plan's own words for it, if given. */
  readonly text?: string | undefined
}

/** A free-text target: shown as the plan words it, not measured. */
export interface TextTarget {
  readonly kind: "text"
  readonly targetId: string
  readonly text: string
}

/** A target of a plan: measured or free text. */
export type Target = MeasuredTarget | TextTarget

/** The target a stored record is (one adopted is always complete; see `decide`). */
export const targetOf = (record: TargetRecord): Target =>
  record.measure !== undefined && record.comparator !== undefined && record.value !== undefined
    ? {
      kind: "measured",
      targetId: record.targetId,
      measure: record.measure,
      comparator: record.comparator,
      value: record.value,
      ...(record.text === undefined ? {} : { text: record.text })
    }
    : { kind: "text", targetId: record.targetId, text: record.text ?? "" }

/** One adoption of a year's plan. */
export interface Adoption {
  readonly meetingId: string
  readonly adoptedOn: LocalDate
  readonly targets: ReadonlyArray<TargetRecord>
}

/** An organization's plans: each year's adoptions, oldest first. */
export interface State {
  readonly organizationId: string
  readonly years: ReadonlyMap<number, ReadonlyArray<Adoption>>
}

/** The work plan aggregate: stream `work-plan-{organizationId}`. */
export const aggregate: Aggregate<State, Event> = {
  category: "work-plan",
  events: Event,
  initial: { organizationId: "", years: new Map() },
  evolve: (state, event) => ({
    organizationId: event.organizationId,
    years: new Map(state.years).set(event.year, [
      ...(state.years.get(event.year) ?? []),
      { meetingId: event.meetingId, adoptedOn: event.adoptedOn, targets: event.targets }
    ])
  })
}

/** The plan in force for a year: its latest adoption, or `undefined` if none was adopted. */
export const inForce = (state: State, year: number): Adoption | undefined => {
  const adoptions = state.years.get(year) ?? []
  return adoptions[adoptions.length - 1]
}

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a work plan command was refused. */
export class WorkPlanRejected extends Schema.TaggedError<WorkPlanRejected>()("WorkPlanRejected", {
  reason: Schema.Literals([
    "NotACongress",
    "NotAtCongress",
    "WrongYear",
    "AlreadyAdopted",
    "NotLater",
    "AmendmentWithoutReason",
    "NoTargets",
    "RepeatedTarget",
    "IncompleteTarget",
    "InvalidValue",
    "ConflictingTargets"
  ]),
  organizationId: Schema.String,
  year: Schema.Number,
  detail: Schema.String,
  /** For a refusal about targets: the targets at fault. */
  targetIds: Schema.optional(Schema.Array(Schema.String))
}) {
  override get message(): string {
    return this.detail
  }
}

const blank = (s: string | undefined) => s === undefined || s.trim() === ""

/** Why a target's value does not fit its measure's unit, or `undefined` if it fits. */
const misfit = (measure: Measure, value: number): string | undefined => {
  const { unit } = measures[measure]
  if (!Number.isFinite(value) || value < 0) return "0 or more"
  if (unit === "count" && !Number.isInteger(value)) return "a whole number"
  if (unit === "percent" && value > 100) return "a percentage from 0 to 100"
  return undefined
}

/**
 * Decides a work plan command, given the organization's plans, the congress it cites (its
 * meeting's state) and the day its fact happened (`on`).
 */
export const decide = (
  command: Command,
  state: State,
  congress: Meeting.State,
  on: LocalDate
): Effect.Effect<ReadonlyArray<Event>, WorkPlanRejected | Unauthorized> => {
  const { actor, organizationId, year, meetingId } = command
  const reject = (reason: WorkPlanRejected["reason"], detail: string, targetIds?: ReadonlyArray<string>) =>
    Effect.fail(new WorkPlanRejected({ reason, organizationId, year, detail, ...(targetIds ? { targetIds } : {}) }))
  if (actor.organization !== organizationId || !isCommittee(actor.role)) {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "an organization's work plan is recorded by its own executive committee" }))
  }
  // Another organization's meeting is answered as one never held (§10: nothing of another organization).
  if (!congress.scheduled || congress.organizationId !== organizationId || congress.kind !== "congress" || congress.held === undefined) {
    return reject("NotACongress", `the year's plan is adopted by the women's congress (妇女代表大会): ${organizationId} held no congress ${meetingId}`)
  }
  const heldOn = congress.held.heldOn
  if (on !== heldOn) {
    return reject("NotAtCongress", `the plan is adopted at the congress, held on ${heldOn}, not on ${on}: a plan recorded later gives occurredAt on the congress's day`)
  }
  const heldYear = Number(heldOn.slice(0, 4))
  if (year !== heldYear && year !== heldYear + 1) {
    return reject("WrongYear", `a congress held on ${heldOn} adopts the plan of ${heldYear} or ${heldYear + 1}, not of ${year}`)
  }
  const current = inForce(state, year)
  if (current !== undefined) {
    if ((state.years.get(year) ?? []).some((a) => a.meetingId === meetingId)) {
      return reject("AlreadyAdopted", `congress ${meetingId} already adopted the plan for ${year}`)
    }
    if (heldOn <= current.adoptedOn) {
      return reject("NotLater", `the plan for ${year} in force was adopted on ${current.adoptedOn}; only a later congress amends it, not one held on ${heldOn}`)
    }
    if (blank(command.reason)) {
      return reject("AmendmentWithoutReason", `amending the plan for ${year} adopted on ${current.adoptedOn} needs a reason`)
    }
  }
  const { targets } = command
  if (targets.length === 0) return reject("NoTargets", "a plan is adopted with its targets")
  const seen = new Set<string>()
  const repeated: Array<string> = []
  for (const t of targets) {
    if (seen.has(t.targetId)) repeated.push(t.targetId)
    seen.add(t.targetId)
  }
  if (repeated.length > 0) return reject("RepeatedTarget", `each target of a plan has its own id; repeated: ${repeated.join(", ")}`, repeated)
  const incomplete = targets.filter((t) =>
    t.measure === undefined
      ? t.comparator !== undefined || t.value !== undefined || blank(t.text)
      : t.comparator === undefined || t.value === undefined
  ).map((t) => t.targetId)
  if (incomplete.length > 0) {
    return reject(
      "IncompleteTarget",
      `a target is measured (a measure, a comparator and a value) or free text (a text alone); incomplete: ${incomplete.join(", ")}`,
      incomplete
    )
  }
  const misfits = targets.flatMap((t) => {
    const why = t.measure === undefined || t.value === undefined ? undefined : misfit(t.measure, t.value)
    return why === undefined ? [] : [{ targetId: t.targetId, text: `${t.targetId} (${t.measure}: ${why}, not ${t.value})` }]
  })
  if (misfits.length > 0) {
    return reject("InvalidValue", `a target's value fits its measure: ${misfits.map((m) => m.text).join("; ")}`, misfits.map((m) => m.targetId))
  }
  const pairs = new Map<string, string>()
  for (const t of targets) {
    if (t.measure === undefined) continue
    const key = `${t.measure} ${t.comparator}`
    const other = pairs.get(key)
    if (other !== undefined) {
      return reject("ConflictingTargets", `targets ${other} and ${t.targetId} both set ${t.measure} ${t.comparator}: a measure has one target each way`, [other, t.targetId])
    }
    pairs.set(key, t.targetId)
  }
  return Effect.succeed([WorkPlanAdopted.make({
    organizationId,
    year,
    meetingId,
    adoptedOn: heldOn,
    targets: targets.map((t) => ({
      targetId: t.targetId,
      // Complete, as checked above: a measure comes with its comparator and value.
      ...(t.measure === undefined ? {} : { measure: t.measure, comparator: t.comparator!, value: t.value! }),
      ...(t.text === undefined ? {} : { text: t.text })
    })),
    ...(current === undefined ? {} : { amends: current.meetingId })
  })])
}

/** The handlers of work plan commands. */
export const handlers = {
  AdoptWorkPlan: (command: typeof AdoptWorkPlan.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      yield* Organization.loadRegistered(ctx, command.organizationId)
      const state = yield* ctx.load(aggregate, command.organizationId)
      // A held meeting does not change: read without joining the append's check.
      const congress = yield* ctx.read(Meeting.aggregate, command.meetingId)
      return [emit(aggregate, command.organizationId, yield* decide(command, state, congress, ctx.occurred.on))]
    })
}

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  AdoptWorkPlan: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): on a day, the congress's. */
export const times = {
  AdoptWorkPlan: "day"
} as const satisfies Record<Command["_tag"], FactTime>
