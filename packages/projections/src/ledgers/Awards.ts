/**
 * 评比表彰台帐, the awards ledger (DOMAIN.md §5; seed 000 item 5 and §四(四)): every campaign,
 * and every award conferred (表彰) in it — the Five-Good Civilized Family (五好文明家庭) and the
 * others, on households, persons (个人荣誉称号) and units (集体荣誉称号) — with the reward given
 * with it (奖励) and its re-checks (复查登记): standing, confirmed or revoked; each campaign's
 * rewards and their money (奖金) in total; the awards due for re-check (应复查, **policy**
 * `awardRecheckYears`); the counts by campaign year; the records entered late (补录); and, for a
 * period, the figures a report shows of awards (`figures`): conferred, confirmed and revoked in
 * it, by campaign, and of the rewards given with the awards conferred in it (`rewards`).
 *
 * Folds each campaign's stream with `Award.aggregate`'s own `evolve`. The reason of a re-check
 * is free text, personal data: it is read in the campaign's history, not kept in the ledger;
 * so is a nominated person's name (the ledger names her by her id). A reward's description is
 * about the reward, not a person, and is shown.
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
    // 5: persons and units as nominees, and rewards. 6: late entries as [days, records] pairs.
    version: 6,
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
  /** The campaign's organization. */
  readonly organizationId: string
  readonly year: number
  readonly title: string
  /** What the campaign takes: households, persons or units. */
  readonly nomineeKind: Award.NomineeKind
  /** The nominee: a household's id, or a person's or unit's id given at nomination. */
  readonly nomineeId: string
  /**
   * The nominee's id, as `nomineeId` (a household's id for a household award).
   * @deprecated Read `nomineeId` and `nomineeKind`: a person's or unit's award has no household of its own.
   */
  readonly householdId: string
  /** A person nominee's household, when named. */
  readonly nomineeHouseholdId?: string
  /** The organization a person or unit nominee is counted in. */
  readonly nomineeOrganizationId?: string
  /** A unit nominee's kind: a post, a building or an organization. */
  readonly unitKind?: Award.UnitKind
  readonly total: number
  readonly conferredOn: LocalDate
  /** The reward given with it (奖励), if one was recorded. */
  readonly reward?: Award.Reward
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
  /** What the campaign takes: households, persons or units. */
  readonly nomineeKind: Award.NomineeKind
  readonly closed: boolean
  readonly nominees: number
  /** The rewards recorded with its awards (revoked ones included: they were given). */
  readonly rewards: number
  /** The money given as rewards (奖金), in yuan. */
  readonly rewardYuan: number
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
    const nomineeKind = campaign.nomineeKind
    const given = [...campaign.nominees.values()].flatMap((n) => (n.award?.reward === undefined ? [] : [n.award.reward]))
    campaignRows.push({
      campaignId,
      organizationId: campaign.organizationId,
      year: campaign.year,
      title: campaign.title,
      nomineeKind,
      closed: campaign.closed,
      nominees: campaign.nominees.size,
      rewards: given.length,
      rewardYuan: yuan(given.map(Award.yuanOf)),
      lateEntries: late,
      flags: late > 0 ? ["entered-late"] : []
    })
    const due = new Set(Award.dueForRecheck(campaign, today, options.policy).map((d) => d.nomineeId))
    for (const nominee of campaign.nominees.values()) {
      const award = nominee.award
      if (award === undefined) continue
      const revoked = award.status === "revoked"
      const flags: Array<AwardFlag> = due.has(nominee.nomineeId) ? ["recheck-due"] : []
      if (late > 0) flags.push("entered-late")
      awards.push({
        campaignId,
        organizationId: campaign.organizationId,
        year: campaign.year,
        title: campaign.title,
        nomineeKind,
        nomineeId: nominee.nomineeId,
        householdId: nominee.nomineeId,
        ...(nominee.kind === "person" && nominee.householdId !== undefined ? { nomineeHouseholdId: nominee.householdId } : {}),
        ...(nominee.organizationId === undefined ? {} : { nomineeOrganizationId: nominee.organizationId }),
        ...(nominee.unitKind === undefined ? {} : { unitKind: nominee.unitKind }),
        total: award.total,
        conferredOn: award.conferredOn,
        ...(award.reward === undefined ? {} : { reward: award.reward }),
        status: award.status,
        rechecks: award.rechecks,
        lastCheckedOn: award.lastCheckedOn,
        ...(revoked ? { revokedOn: award.lastCheckedOn } : { recheckDueOn: Award.recheckDueOn(award, options.policy) }),
        flags
      })
    }
  }
  const yearKey = (year: number) => String(year).padStart(4, "0")
  awards.sort(byKey((a) => `${yearKey(a.year)}\u0000${a.campaignId}\u0000${a.nomineeId}`))
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

/** Sums yuan to the fen, without the drift of adding binary fractions. */
const yuan = (amounts: ReadonlyArray<number>): number => Math.round(sum(amounts.map((a) => Math.round(a * 100)))) / 100

/** One reward given with an award conferred in a period. */
export interface RewardLine {
  readonly nomineeKind: Award.NomineeKind
  readonly nomineeId: string
  readonly conferredOn: LocalDate
  readonly reward: Award.Reward
}

/** A campaign's rewards given with its awards conferred in a period. */
export interface CampaignRewards {
  readonly campaignId: string
  readonly title: string
  readonly year: number
  readonly organizationId: string
  readonly nomineeKind: Award.NomineeKind
  /** How many rewards, of each kind. */
  readonly byKind: { readonly [K in Award.RewardKind]: number }
  /** The money given (奖金), in yuan. */
  readonly yuan: number
  /** Each reward, by nominee id. */
  readonly lines: ReadonlyArray<RewardLine>
}

/** The rewards (给予一定奖励) given with the awards conferred in a period, for a report. */
export interface RewardFigures {
  /** How many rewards were given. */
  readonly rewards: number
  /** The money given (奖金), in yuan. */
  readonly yuan: number
  /** The campaigns with a reward in the period, by year and id. */
  readonly campaigns: ReadonlyArray<CampaignRewards>
}

/**
 * The rewards given with the awards conferred on a day of the period, from the rows of an area
 * (a reward is given with its conferral: an award revoked since still counts, it was given).
 */
export const rewards = (rows: Rows, period: DateRange): RewardFigures => {
  const lines = rows.campaigns.map((c): CampaignRewards => {
    const given = rows.awards.flatMap((a): Array<RewardLine> =>
      a.campaignId === c.campaignId && a.reward !== undefined && inPeriod(period, a.conferredOn)
        ? [{ nomineeKind: a.nomineeKind, nomineeId: a.nomineeId, conferredOn: a.conferredOn, reward: a.reward }]
        : []
    )
    const byKind = { certificate: 0, plaque: 0, money: 0, goods: 0 }
    for (const g of given) byKind[g.reward.kind]++
    return {
      campaignId: c.campaignId,
      title: c.title,
      year: c.year,
      organizationId: c.organizationId,
      nomineeKind: c.nomineeKind,
      byKind,
      yuan: yuan(given.map((g) => Award.yuanOf(g.reward))),
      lines: given
    }
  }).filter((c) => c.lines.length > 0)
  return { rewards: sum(lines.map((c) => c.lines.length)), yuan: yuan(lines.map((c) => c.yuan)), campaigns: lines }
}
