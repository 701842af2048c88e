/**
 * 评比表彰台帐, the awards ledger (DOMAIN.md §5; seed 000 item 5 and §四(四)): every campaign,
 * and every award conferred (表彰) in it — the Five-Good Civilized Family (五好文明家庭) and the
 * others — with its re-checks (复查登记): standing, confirmed or revoked; the awards due for re-check (应复查, **policy** `awardRecheckYears`); the counts
 * by campaign year; the records entered late (补录); and, for a period, the figures a report
 * shows of awards (`figures`): conferred, confirmed and revoked in it, by campaign.
 *
 * Folds each campaign's stream with `Award.aggregate`'s own `evolve`. The reason of a re-check
 * is free text, personal data: it is read in the campaign's history, not kept in the ledger.
 * Re-checks due come from `Award.dueForRecheck`.
 *
 * @since 0.1.0
 */
import * as Award from "@fulian/core/Award"
import type { Calendar, DateRange, LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import {
  type Area,
  byKey,
  fold,
  inArea,
  inPeriod,
  type Instances,
  judged,
  type LateFlag,
  lateEntries,
  nameFor,
  type Options,
  reader,
  sum
} from "./Ledger.ts"

const campaigns = reader(Award.aggregate)

/** The state of the awards ledger. */
export interface State {
  /** Each campaign's state, by campaign id. */
  readonly campaigns: Instances
}

/** The awards ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const folded = fold(Award.aggregate, calendar)
  return Projection.rows<State>({
    name: nameFor("ledger-awards", calendar),
    // 2: late entries. 3: no re-check reasons (free text is personal data; it stays in the history); 4: kept as rows.
    version: 4,
    initial: { campaigns: Table.empty() },
    reads: (envelope) => folded.reads("campaigns", envelope),
    apply: (state, envelope) => {
      const c = folded.apply(state.campaigns, envelope)
      return c === state.campaigns ? state : { campaigns: c }
    }
  })
}

/** A flag of an award's line: 应复查, or its campaign's records entered late (补录). */
export type AwardFlag = "recheck-due" | LateFlag

/** A conferred award's line. */
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
  /** Its re-checks, oldest first. */
  readonly rechecks: ReadonlyArray<Award.Recheck>
  /** The conferral or the last re-check. */
  readonly lastCheckedOn: LocalDate
  /** When its next re-check is due (a revoked award has none). */
  readonly recheckDueOn?: LocalDate
  /** When it was revoked. */
  readonly revokedOn?: LocalDate
  readonly flags: ReadonlyArray<AwardFlag>
}

/** A campaign's line: what it is, and how much of it was entered late. */
export interface CampaignRow {
  readonly campaignId: string
  readonly organizationId: string
  readonly year: number
  readonly title: string
  readonly closed: boolean
  readonly nominees: number
  /** 补录: its records entered later than `policy.lateEntryDays` after their fact. */
  readonly lateEntries: number
  readonly flags: ReadonlyArray<LateFlag>
}

/** The counts of one campaign year. */
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
  /** Every campaign opened, by year, then id. */
  readonly campaigns: ReadonlyArray<CampaignRow>
  /** Every conferred award, by campaign year, campaign, then household. */
  readonly awards: ReadonlyArray<AwardRow>
  /** By campaign year, oldest first. */
  readonly byYear: ReadonlyArray<YearRow>
}

/** Options of the awards ledger's query. */
export interface AwardOptions extends Options {
  /** Only the campaigns of the organizations of an area. */
  readonly within?: Area
}

/** The ledger's rows, judged at `asOf` with `policy`. */
export const rows = (state: State, options: AwardOptions): Rows => {
  const today = judged(options).date
  const campaignRows: Array<CampaignRow> = []
  const awards: Array<AwardRow> = []
  for (const [campaignId, campaign] of campaigns.all(state.campaigns)) {
    if (!campaign.opened || !inArea(options.within, campaign.organizationId)) continue
    const late = lateEntries(campaigns.lags(state.campaigns, campaignId), options.policy)
    campaignRows.push({
      campaignId,
      organizationId: campaign.organizationId,
      year: campaign.year,
      title: campaign.title,
      closed: campaign.closed,
      nominees: campaign.nominees.size,
      lateEntries: late,
      flags: late > 0 ? ["entered-late"] : []
    })
    const due = new Set(Award.dueForRecheck(campaign, today, options.policy).map((d) => d.householdId))
    for (const nominee of campaign.nominees.values()) {
      const award = nominee.award
      if (award === undefined) continue
      const revoked = award.status === "revoked"
      const flags: Array<AwardFlag> = due.has(nominee.householdId) ? ["recheck-due"] : []
      if (late > 0) flags.push("entered-late")
      awards.push({
        campaignId,
        organizationId: campaign.organizationId,
        year: campaign.year,
        title: campaign.title,
        householdId: nominee.householdId,
        total: award.total,
        conferredOn: award.conferredOn,
        status: award.status,
        rechecks: award.rechecks,
        lastCheckedOn: award.lastCheckedOn,
        ...(revoked ? { revokedOn: award.lastCheckedOn } : { recheckDueOn: Award.recheckDueOn(award, options.policy) }),
        flags
      })
    }
  }
  const yearKey = (year: number) => String(year).padStart(4, "0")
  awards.sort(byKey((a) => `${yearKey(a.year)}\u0000${a.campaignId}\u0000${a.householdId}`))
  const years = new Map<number, { conferred: number; confirmed: number; revoked: number; recheckDue: number }>()
  for (const a of awards) {
    const y = years.get(a.year) ?? { conferred: 0, confirmed: 0, revoked: 0, recheckDue: 0 }
    y.conferred++
    if (a.status === "confirmed") y.confirmed++
    if (a.status === "revoked") y.revoked++
    if (a.flags.includes("recheck-due")) y.recheckDue++
    years.set(a.year, y)
  }
  return {
    campaigns: campaignRows.sort(byKey((c) => `${yearKey(c.year)}\u0000${c.campaignId}`)),
    awards,
    byYear: [...years].sort(([a], [b]) => a - b).map(([year, y]) => ({ year, ...y }))
  }
}

/** A campaign's awards in a period. */
export interface CampaignFigures {
  readonly campaignId: string
  readonly title: string
  readonly year: number
  readonly organizationId: string
  readonly conferred: number
  readonly confirmed: number
  readonly revoked: number
}

/** The figures of awards for a period, counted from the ledger's rows. */
export interface Figures {
  /** Conferred on a day of the period, and re-checks dated in it, confirming or revoking. */
  readonly conferred: number
  readonly confirmed: number
  readonly revoked: number
  /** The campaigns with any of these in the period, or of a year the period touches, by year and id. */
  readonly campaigns: ReadonlyArray<CampaignFigures>
}

/** The figures of a period, from the rows of an area. */
export const figures = (rows: Rows, period: DateRange): Figures => {
  const [firstYear, lastYear] = [Number(period.from.slice(0, 4)), Number(period.to.slice(0, 4))]
  const lines = rows.campaigns.map((c): CampaignFigures => {
    const awards = rows.awards.filter((a) => a.campaignId === c.campaignId)
    const rechecked = (outcome: Award.RecheckOutcome) =>
      sum(awards.map((a) => a.rechecks.filter((r) => r.outcome === outcome && inPeriod(period, r.recheckedOn)).length))
    return {
      campaignId: c.campaignId,
      title: c.title,
      year: c.year,
      organizationId: c.organizationId,
      conferred: awards.filter((a) => inPeriod(period, a.conferredOn)).length,
      confirmed: rechecked("confirmed"),
      revoked: rechecked("revoked")
    }
  }).filter((c) => c.conferred + c.confirmed + c.revoked > 0 || (firstYear <= c.year && c.year <= lastYear))
  return {
    conferred: sum(lines.map((c) => c.conferred)),
    confirmed: sum(lines.map((c) => c.confirmed)),
    revoked: sum(lines.map((c) => c.revoked)),
    campaigns: lines
  }
}
