/**
 * 评比表彰台帐, the awards ledger (DOMAIN.md §5; seed 000 item 5 and §四(四)): every award
 * conferred (表彰) in every campaign — the Five-Good Civilized Family (五好文明家庭) and the
 * others — with its re-checks (复查登记): standing, confirmed or revoked, with the reason of the
 * last re-check; the awards due for re-check (应复查, **policy** `awardRecheckYears`); and the
 * counts by campaign year.
 *
 * Folds each campaign's stream with `Award.aggregate`'s own `evolve`; the re-check reason is
 * the command's reason, kept in the event's metadata. Re-checks due come from
 * `Award.dueForRecheck`.
 *
 * @since 0.1.0
 */
import * as Award from "@fulian/core/Award"
import type { LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import { byKey, dateOfAsOf, fold, type Instances, type Options } from "./Ledger.ts"

const campaigns = fold(Award.aggregate)

/** The state of the awards ledger. */
export interface State {
  /** Each campaign's state, by campaign id. */
  readonly campaigns: Instances
  /** The reason of the latest re-check, by campaign id, then household id. */
  readonly recheckReasons: { readonly [campaignId: string]: { readonly [householdId: string]: string } }
}

/** The awards ledger's projection. */
export const projection: Projection.Projection<State> = Projection.make<State>({
  name: "ledger-awards",
  version: 1,
  initial: { campaigns: {}, recheckReasons: {} },
  apply: (state, envelope) => {
    const c = campaigns.apply(state.campaigns, envelope)
    if (c === state.campaigns) return state
    const { event, metadata } = envelope
    if (event._tag !== "AwardRechecked") return { ...state, campaigns: c }
    const { [event.householdId]: _former, ...others } = state.recheckReasons[event.campaignId] ?? {}
    const reasons = metadata.reason === undefined ? others : { ...others, [event.householdId]: metadata.reason }
    return { campaigns: c, recheckReasons: { ...state.recheckReasons, [event.campaignId]: reasons } }
  }
})

/** A flag of an award's line: 应复查, its re-check is due. */
export type AwardFlag = "recheck-due"

/** One conferred award's line of the ledger. */
export interface AwardRow {
  readonly campaignId: string
  readonly organizationId: string
  readonly year: number
  readonly title: string
  readonly householdId: string
  readonly total: number
  readonly conferredOn: LocalDate
  /** `conferred` until its first re-check, then `confirmed` or `revoked`. */
  readonly status: Award.ConferredAward["status"]
  readonly rechecks: number
  /** The conferral or the last re-check. */
  readonly lastCheckedOn: LocalDate
  /** The reason given at the last re-check. */
  readonly lastRecheckReason?: string
  /** When its next re-check is due (a revoked award has none). */
  readonly recheckDueOn?: LocalDate
  /** When it was revoked. */
  readonly revokedOn?: LocalDate
  readonly flags: ReadonlyArray<AwardFlag>
}

/** A campaign year's counts. */
export interface YearRow {
  readonly year: number
  /** Awards conferred in the year's campaigns, revoked ones included. */
  readonly conferred: number
  /** Confirmed at their latest re-check. */
  readonly confirmed: number
  readonly revoked: number
  /** Standing awards whose re-check is due at `asOf`. */
  readonly recheckDue: number
}

/** The awards ledger. */
export interface Rows {
  /** Every conferred award, by campaign year, campaign, then household. */
  readonly awards: ReadonlyArray<AwardRow>
  /** By campaign year, oldest first. */
  readonly byYear: ReadonlyArray<YearRow>
}

/** Options of the awards ledger's query. */
export interface AwardOptions extends Options {
  /** Only the campaigns of this organization. */
  readonly organizationId?: string
}

/** The ledger's rows, judged at the date of `asOf`. */
export const rows = (state: State, options: AwardOptions): Rows => {
  const today = dateOfAsOf(options.asOf)
  const awards: Array<AwardRow> = []
  for (const [campaignId, campaign] of campaigns.all(state.campaigns)) {
    if (!campaign.opened) continue
    if (options.organizationId !== undefined && campaign.organizationId !== options.organizationId) continue
    const due = new Set(Award.dueForRecheck(campaign, today, options.policy).map((d) => d.householdId))
    for (const nominee of campaign.nominees.values()) {
      const award = nominee.award
      if (award === undefined) continue
      const reason = state.recheckReasons[campaignId]?.[nominee.householdId]
      const revoked = award.status === "revoked"
      awards.push({
        campaignId,
        organizationId: campaign.organizationId,
        year: campaign.year,
        title: campaign.title,
        householdId: nominee.householdId,
        total: award.total,
        conferredOn: award.conferredOn,
        status: award.status,
        rechecks: award.rechecks.length,
        lastCheckedOn: award.lastCheckedOn,
        ...(reason !== undefined ? { lastRecheckReason: reason } : {}),
        ...(revoked ? { revokedOn: award.lastCheckedOn } : { recheckDueOn: Award.recheckDueOn(award, options.policy) }),
        flags: due.has(nominee.householdId) ? ["recheck-due"] : []
      })
    }
  }
  awards.sort(byKey((a) => `${String(a.year).padStart(4, "0")}\u0000${a.campaignId}\u0000${a.householdId}`))
  const years = new Map<number, { conferred: number; confirmed: number; revoked: number; recheckDue: number }>()
  for (const a of awards) {
    const y = years.get(a.year) ?? { conferred: 0, confirmed: 0, revoked: 0, recheckDue: 0 }
    y.conferred++
    if (a.status === "confirmed") y.confirmed++
    if (a.status === "revoked") y.revoked++
    if (a.flags.includes("recheck-due")) y.recheckDue++
    years.set(a.year, y)
  }
  return { awards, byYear: [...years].sort(([a], [b]) => a - b).map(([year, y]) => ({ year, ...y })) }
}
