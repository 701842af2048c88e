/**
 * The numbers that DOMAIN.md marks **policy**: where the source documents say "promptly"
 * (及时) without a number, fulian sets these defaults, and an organization may set others.
 *
 * @since 0.1.0
 */
import { Context, Layer } from "effect"

/** The configurable numbers of the domain. */
export interface PolicyShape {
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

/** The defaults of DOMAIN.md. */
export const defaults: PolicyShape = {
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

/** Provides the policy, the defaults overridden by `overrides`. */
export const layer = (overrides: Partial<PolicyShape> = {}): Layer.Layer<Policy> =>
  Layer.succeed(Policy, { ...defaults, ...overrides })
