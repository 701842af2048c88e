/**
 * 联系户台帐, the household contact ledger (DOMAIN.md §3; seed 000 §四(一), seed 002
 * 妇联制度(一)): per serving women's representative (妇女代表), the households she keeps
 * contact with against the 3–5 target (under target 未达标 is allowed but shown), her contact
 * visits per month, and the households she has never visited; per community, the households
 * no representative keeps contact with, its contact visits by month (by method, and the
 * households they reached), the representatives it elected, and the records entered late
 * (补录); and, for a period, the figures a report shows of contact visits (`figures`).
 *
 * Folds each community's roster (`representation-{id}`), each community's visit log
 * (`contact-visits-{id}`) and each household's stream with their own `evolve`; the rows come
 * from `Representation.coverage`, `visitsPerMonth`, `neverVisited` and `withoutRepresentative`.
 * No fold keeps a name, address or visit note (the visit log's state has no notes at all).
 *
 * A community's visits are its visit log's, whoever made them: a representative who steps down
 * leaves her visits in the community's counts (DOMAIN.md §9).
 *
 * @since 0.1.0
 */
import * as Household from "@fulian/core/Household"
import * as Representation from "@fulian/core/Representation"
import type { Calendar, DateRange, LocalDate } from "@fulian/core/Time"
import { monthOf } from "@fulian/core/Time"
import type { Envelope } from "@fulian/core/CommandHandler"
import type * as Domain from "@fulian/core/Domain"
import * as Projection from "../Projection.ts"
import {
  type Area,
  addLag,
  byKey,
  fold,
  inArea,
  inPeriod,
  type Instances,
  judged,
  lagDays,
  type LateFlag,
  lateEntries,
  type Lags,
  mergeLags,
  monthsOf,
  nameFor,
  type Options,
  reader
} from "./Ledger.ts"

/** A community's contact visits of one month, in figures. */
export interface MonthFigures {
  readonly visits: number
  readonly byMethod: { readonly [method: string]: number }
  /** The households visited, by id. */
  readonly households: { readonly [householdId: string]: true }
}

/** A community's visits as the ledger keeps them, beside its visit log. */
export interface Visits {
  /** Its contact visits by month (`YYYY-MM` of the visit date). */
  readonly months: { readonly [month: string]: MonthFigures }
  /** The lags of each representative's visits. */
  readonly lags: { readonly [representativeId: string]: Lags }
}

/** A community's elections of representatives, by the day each was elected (or confirmed). */
export type Elections = ReadonlyArray<{ readonly representativeId: string; readonly electedOn: LocalDate }>

/** The state of the household contact ledger. */
export interface State {
  /** Each community's roster, by community id. */
  readonly communities: Instances
  /** Each community's visit log, by community id. */
  readonly visits: Instances
  /** Each community's visits in figures, by community id. */
  readonly visitFigures: { readonly [communityId: string]: Visits }
  /** Each community's elections of representatives, by community id. */
  readonly elections: { readonly [communityId: string]: Elections }
  /** Each household's state (its community), by household id. */
  readonly households: Instances
}

const rosters = reader(Representation.aggregate)
const visitLogs = reader(Representation.contactLog)
const householdStates = reader(Household.aggregate)

const countVisit = (figures: Visits | undefined, visit: Representation.ContactVisitRecorded, lag: number): Visits => {
  const month = monthOf(visit.visitedOn)
  const before = figures?.months[month]
  const lags = addLag(figures?.lags[visit.representativeId], lag)
  return {
    months: {
      ...figures?.months,
      [month]: {
        visits: (before?.visits ?? 0) + 1,
        byMethod: { ...before?.byMethod, [visit.method]: (before?.byMethod[visit.method] ?? 0) + 1 },
        households: before?.households[visit.householdId] ? before.households : { ...before?.households, [visit.householdId]: true }
      }
    },
    lags: lags === undefined ? figures?.lags ?? {} : { ...figures?.lags, [visit.representativeId]: lags }
  }
}

/** The household contact ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const communities = fold(Representation.aggregate, calendar, (event) =>
    // The ledger needs no personal data: names stay in the events.
    event._tag === "RepresentativeElected" ? { ...event, name: "" } : event)
  const visitLogFold = fold(Representation.contactLog, calendar)
  const households = fold(Household.aggregate, calendar)
  const visitsOf = (state: State, envelope: Envelope<Domain.Event>): State => {
    const v = visitLogFold.apply(state.visits, envelope)
    if (v === state.visits || envelope.event._tag !== "ContactVisitRecorded") return state
    const community = envelope.event.organizationId
    return {
      ...state,
      visits: v,
      visitFigures: { ...state.visitFigures, [community]: countVisit(state.visitFigures[community], envelope.event, lagDays(envelope, calendar)) }
    }
  }
  return Projection.make<State>({
    name: nameFor("ledger-household-contact", calendar),
    // 3: visits in figures by month, elections by day, late entries.
    version: 3,
    initial: { communities: {}, visits: {}, visitFigures: {}, elections: {}, households: {} },
    apply: (state, envelope) => {
      const c = communities.apply(state.communities, envelope)
      if (c !== state.communities) {
        const event = envelope.event
        if (event._tag !== "RepresentativeElected") return { ...state, communities: c }
        const held = state.elections[event.organizationId] ?? []
        return {
          ...state,
          communities: c,
          elections: { ...state.elections, [event.organizationId]: [...held, { representativeId: event.representativeId, electedOn: event.electedOn }] }
        }
      }
      const v = visitsOf(state, envelope)
      if (v !== state) return v
      const h = households.apply(state.households, envelope)
      return h !== state.households ? { ...state, households: h } : state
    }
  })
}

/** A flag of a representative's line: 未达标 (fewer households than the target), 未走访 (a household never visited), 补录. */
export type RepresentativeFlag = "under-target" | "households-never-visited" | LateFlag

/** A serving representative's line of the ledger. */
export interface RepresentativeRow {
  readonly organizationId: string
  readonly representativeId: string
  /** Her households, in the order they were linked. */
  readonly householdIds: ReadonlyArray<string>
  /** 未达标: fewer than `policy.minHouseholdsPerRepresentative` households. */
  readonly underTarget: boolean
  /** She keeps contact with the most households allowed. */
  readonly atLimit: boolean
  /** Her contact visits per month (`YYYY-MM`) up to the month of `asOf`, oldest first; months without visits left out. */
  readonly visitsPerMonth: ReadonlyArray<{ readonly month: string; readonly visits: number }>
  /** 未走访: her households with no contact visit by her dated on or after the day they were linked to her. */
  readonly neverVisited: ReadonlyArray<string>
  /** 补录: her visits entered later than `policy.lateEntryDays` after they were made. */
  readonly lateEntries: number
  readonly flags: ReadonlyArray<RepresentativeFlag>
}

/** A community's contact visits of one month. */
export interface MonthRow {
  readonly month: string
  readonly visits: number
  readonly byMethod: { readonly [method in Representation.VisitMethod]: number }
  /** The households visited in the month, by id. */
  readonly householdIds: ReadonlyArray<string>
}

/** A community's line of the ledger. */
export interface CommunityRow {
  readonly organizationId: string
  /** Its registered households. */
  readonly households: number
  /** Its serving representatives. */
  readonly representatives: number
  /** 无联系代表的户: its households that no representative keeps contact with. */
  readonly withoutRepresentative: ReadonlyArray<string>
  /** All its contact visits, by month up to the month of `asOf`, whoever made them (former representatives too). */
  readonly visitsByMonth: ReadonlyArray<MonthRow>
  /** The representatives it elected or confirmed, by the day. */
  readonly representativesElected: Elections
  /** 补录: its roster's records, its households' records and its visits entered later than `policy.lateEntryDays` after their fact. */
  readonly lateEntries: number
  readonly flags: ReadonlyArray<LateFlag>
}

/** The household contact ledger. */
export interface Rows {
  /** Serving representatives, by community, then representative id. */
  readonly representatives: ReadonlyArray<RepresentativeRow>
  /** Communities with registered households or representatives, by id. */
  readonly communities: ReadonlyArray<CommunityRow>
}

/** Options of the household contact ledger's query. */
export interface ContactOptions extends Options {
  /** Only the communities of an area. */
  readonly within?: Area
}

/** The ledger's rows, of every community or of those of an area. */
export const rows = (state: State, options: ContactOptions): Rows => {
  const month = monthOf(judged(options).date)
  const householdsByCommunity = new Map<string, Array<string>>()
  for (const [householdId, household] of householdStates.all(state.households)) {
    if (!household.registered) continue
    const list = householdsByCommunity.get(household.organizationId) ?? []
    list.push(householdId)
    householdsByCommunity.set(household.organizationId, list)
  }
  const ids = [...new Set([...rosters.ids(state.communities), ...visitLogs.ids(state.visits), ...householdsByCommunity.keys()])]
    .filter((id) => inArea(options.within, id))
    .sort()
  const representatives: Array<RepresentativeRow> = []
  const communityRows: Array<CommunityRow> = []
  for (const organizationId of ids) {
    const representation = rosters.get(state.communities, organizationId)
    const log = visitLogs.get(state.visits, organizationId)
    const figures = state.visitFigures[organizationId]
    const neverVisited = Representation.neverVisited(representation, log)
    const coverage = Representation.coverage(representation, options.policy)
    for (const line of coverage) {
      const notVisited = neverVisited.filter((l) => l.representativeId === line.representativeId).map((l) => l.householdId)
      const late = lateEntries(figures?.lags[line.representativeId], options.policy)
      const flags: Array<RepresentativeFlag> = []
      if (line.underTarget) flags.push("under-target")
      if (notVisited.length > 0) flags.push("households-never-visited")
      if (late > 0) flags.push("entered-late")
      representatives.push({
        organizationId,
        representativeId: line.representativeId,
        householdIds: line.householdIds,
        underTarget: line.underTarget,
        atLimit: line.atLimit,
        visitsPerMonth: Representation.visitsPerMonth(log, line.representativeId).filter((m) => m.month <= month),
        neverVisited: notVisited,
        lateEntries: late,
        flags
      })
    }
    const registered = householdsByCommunity.get(organizationId) ?? []
    const allLags = [
      ...Object.values(figures?.lags ?? {}),
      ...registered.map((householdId) => householdStates.lags(state.households, householdId))
    ].reduce<Lags | undefined>(mergeLags, rosters.lags(state.communities, organizationId))
    const late = lateEntries(allLags, options.policy)
    communityRows.push({
      organizationId,
      households: registered.length,
      representatives: coverage.length,
      withoutRepresentative: [...Representation.withoutRepresentative(representation, registered)].sort(),
      visitsByMonth: Object.entries(figures?.months ?? {})
        .filter(([m]) => m <= month)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([m, f]) => ({
          month: m,
          visits: f.visits,
          byMethod: Object.fromEntries(Representation.VisitMethod.literals.map((k) => [k, f.byMethod[k] ?? 0])) as MonthRow["byMethod"],
          householdIds: Object.keys(f.households).sort()
        })),
      representativesElected: state.elections[organizationId] ?? [],
      lateEntries: late,
      flags: late > 0 ? ["entered-late"] : []
    })
  }
  return { representatives: representatives.sort(byKey((r) => `${r.organizationId}\u0000${r.representativeId}`)), communities: communityRows }
}

/** The figures of contact visits for a period (whole months), counted from the ledger's rows. */
export interface Figures {
  readonly visits: number
  readonly byMethod: { readonly [method in Representation.VisitMethod]: number }
  /** Distinct households visited in the period. */
  readonly householdsVisited: number
  /** Representatives elected or confirmed in the period. */
  readonly representativesElected: number
  /** Visits by community. */
  readonly byOrganization: { readonly [organizationId: string]: number }
}

/** The figures of a period (its whole months), from the rows of an area. */
export const figures = (rows: Rows, period: DateRange): Figures => {
  const months = new Set(monthsOf(period))
  const byMethod = Object.fromEntries(Representation.VisitMethod.literals.map((k) => [k, 0])) as Record<Representation.VisitMethod, number>
  const households = new Set<string>()
  const byOrganization: Record<string, number> = {}
  let visits = 0
  let elected = 0
  for (const community of rows.communities) {
    for (const m of community.visitsByMonth) {
      if (!months.has(m.month)) continue
      visits += m.visits
      byOrganization[community.organizationId] = (byOrganization[community.organizationId] ?? 0) + m.visits
      for (const k of Representation.VisitMethod.literals) byMethod[k] += m.byMethod[k]
      // A household is one household, whichever community keeps it.
      for (const h of m.householdIds) households.add(h)
    }
    elected += community.representativesElected.filter((e) => inPeriod(period, e.electedOn)).length
  }
  return { visits, byMethod, householdsVisited: households.size, representativesElected: elected, byOrganization }
}
