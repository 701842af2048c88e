/**
 * The settings that DOMAIN.md marks **policy**: the federation's time zone, and the numbers
 * where the source documents say "promptly" (及时) without one. fulian sets these defaults,
 * and an organization may set others.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema } from "effect"
import { defaultTimeZone, isTimeZone } from "./Time.ts"

/** The configurable settings of the domain: its calendar and its numbers. */
export interface PolicyShape {
  /**
   * The federation's time zone (its calendar, DOMAIN.md §0), an IANA name: "today", deadlines
   * in days, and the months and years of ledgers and reports are local days in it.
   */
  readonly timeZone: string
  /**
   * 补录: a fact recorded more than this many days after it happened is marked as entered late.
   * At most `maxLateEntryDays` (a year): the ledgers count lags one by one up to a year and keep
   * longer ones together.
   */
  readonly lateEntryDays: number
  /** 届: an executive committee's term, in years (seed 000: 每三年换届一次). */
  readonly termYears: number
  /** 与居委会换届同步: a term starting more days than this from the residents' committee election is not synchronized. */
  readonly termSyncToleranceDays: number
  /** 报上级妇联备案: days after an election within which it must be filed. */
  readonly electionFilingDays: number
  /** 每位妇女代表联系3-5户: the fewest households a representative should keep contact with. */
  readonly minHouseholdsPerRepresentative: number
  /** 每位妇女代表联系3-5户: the most households a representative may keep contact with. */
  readonly maxHouseholdsPerRepresentative: number
  /** 来信来访要及时登记: days after receipt within which a case must be registered. */
  readonly caseRegistrationDays: number
  /** 上级交办 results are due this many days after assignment when no due date is given. */
  readonly assignedCaseResultDays: number
  /** 突发性案件、典型侵权案件: hours after registration within which they must be escalated. */
  readonly urgentEscalationHours: number
  /** 纠纷回访: days after resolution within which a follow-up visit is due. */
  readonly followUpDays: number
  /** 复查: an award is due for re-check this many years after conferral or its last re-check. */
  readonly awardRecheckYears: number
}

/** The longest `lateEntryDays` a policy may set: a year. */
export const maxLateEntryDays = 366

/** The defaults of DOMAIN.md. */
export const defaults: PolicyShape = {
  timeZone: defaultTimeZone,
  lateEntryDays: 7,
  termYears: 3,
  termSyncToleranceDays: 90,
  electionFilingDays: 30,
  minHouseholdsPerRepresentative: 3,
  maxHouseholdsPerRepresentative: 5,
  caseRegistrationDays: 1,
  assignedCaseResultDays: 15,
  urgentEscalationHours: 24,
  followUpDays: 30,
  awardRecheckYears: 1
}

/** The policy in force, as a service; `layer` provides the defaults. */
export class Policy extends Context.Service<Policy, PolicyShape>()("fulian/Policy") {}

/** A policy that cannot be used: `field` names the setting, `detail` says why. */
export class InvalidPolicy extends Schema.TaggedError<InvalidPolicy>()("InvalidPolicy", {
  field: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return `policy ${this.field}: ${this.detail}`
  }
}

/**
 * The defaults overridden by `overrides`, checked: a known time zone, and every number a whole
 * number from 0 (from 1 for the term and the household limits).
 */
export const make = (overrides: Partial<PolicyShape> = {}): Effect.Effect<PolicyShape, InvalidPolicy> => {
  const policy: PolicyShape = { ...defaults, ...overrides }
  if (typeof policy.timeZone !== "string" || !isTimeZone(policy.timeZone)) {
    return Effect.fail(new InvalidPolicy({ field: "timeZone", detail: `${JSON.stringify(policy.timeZone)} is not a time zone this runtime knows (write an IANA name such as Asia/Shanghai)` }))
  }
  for (const [field, value] of Object.entries(policy)) {
    if (field === "timeZone") continue
    const least = field === "termYears" || field === "maxHouseholdsPerRepresentative" ? 1 : 0
    if (typeof value !== "number" || !Number.isInteger(value) || value < least) {
      return Effect.fail(new InvalidPolicy({ field, detail: `${JSON.stringify(value)} is not a whole number from ${least}` }))
    }
  }
  if (policy.lateEntryDays > maxLateEntryDays) {
    return Effect.fail(new InvalidPolicy({ field: "lateEntryDays", detail: `${policy.lateEntryDays} is more than a year (at most ${maxLateEntryDays})` }))
  }
  if (policy.minHouseholdsPerRepresentative > policy.maxHouseholdsPerRepresentative) {
    return Effect.fail(new InvalidPolicy({ field: "minHouseholdsPerRepresentative", detail: "is above maxHouseholdsPerRepresentative" }))
  }
  return Effect.succeed(policy)
}

/** Provides the policy, the defaults overridden by `overrides`; fails with `InvalidPolicy` (see `make`). */
export const layer = (overrides: Partial<PolicyShape> = {}): Layer.Layer<Policy, InvalidPolicy> =>
  Layer.effect(Policy, make(overrides))
