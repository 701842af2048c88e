/**
 * 联系户台帐, the household contact ledger (DOMAIN.md §3; seed 000 §四(一), seed 002
 * 妇联制度(一)): per serving women's representative (妇女代表), the households she keeps
 * contact with against the 3–5 target (under target 未达标 is allowed but shown), her contact
 * visits per month, and the households she has never visited; per community, the households
 * no representative keeps contact with, its contact visits by month (by method, and the
 * households they reached), the representatives it elected, and the records entered late
 * (补录); and, for a period, the figures a report shows of contact visits (`figures`).
 *
 * Keeps, from each community's roster (`representation-{id}`) and visit log
 * (`contact-visits-{id}`), a row per representative, per current link, per representative's
 * latest visit to a household, per community's and per representative's month of visits and
 * per household a month's visits reached — not a community's whole roster, which grows with
 * its households, nor a set that grows inside a row — and folds each household's stream with
 * its own `evolve`. The rows follow the rules of `Representation.coverage`, `visitsPerMonth`,
 * `neverVisited` and `withoutRepresentative` (their tests and this ledger's hold both to the
 * same cases). No row keeps a name, address or visit note.
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
import { tagsOf } from "@fulian/core/EventCodec"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import {
  type Area,
  addLag,
  byKey,
  firstOf,
  fold,
  inArea,
  inPeriod,
  type Instances,
  judged,
  keyOf,
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

/** A community's contact visits of one month, in figures (the households visited are rows of `monthHouseholds`). */
export interface MonthFigures {
  readonly visits: number
  readonly byMethod: { readonly [method: string]: number }
}

/** A community's elections of representatives, by the day each was elected (or confirmed). */
export type Elections = ReadonlyArray<{ readonly representativeId: string; readonly electedOn: LocalDate }>

/**
 * A representative's contact visits of one month, in the community whose log holds them, and
 * the lags of their records (how late each was entered).
 */
export interface MonthVisits {
  readonly n: number
  readonly l?: Lags
}

/** A community as the ledger knows it: whether it has a roster, a visit log, and the lags of its roster's records. */
export interface Community {
  readonly roster: boolean
  readonly log: boolean
  readonly l?: Lags
}

/** A representative ever elected in a community (no name: it stays in the events). */
export interface Representative {
  readonly organizationId: string
  readonly representativeId: string
  readonly active: boolean
}

/** A household's current link to a representative; `seq` orders the links as they were made. */
export interface Link {
  readonly organizationId: string
  readonly householdId: string
  readonly representativeId: string
  readonly linkedOn: LocalDate
  readonly seq: number
}

/** The state of the household contact ledger. */
export interface State {
  /** Each community with a roster or a visit log, by community id. */
  readonly communities: Table.Table<Community>
  /** Each representative, by `keyOf(communityId, representativeId)`. */
  readonly representatives: Table.Table<Representative>
  /** Each current link, by `keyOf(communityId, householdId)`. */
  readonly links: Table.Table<Link>
  /** The day of each representative's latest visit to a household, by `keyOf(communityId, representativeId, householdId)`. */
  readonly lastVisits: Table.Table<LocalDate>
  /**
   * Each representative's visits of a month and their lags, by `keyOf(communityId,
   * representativeId, month)`: a row a month, so that a visit does not copy all her months
   * before it, and writes one row for both.
   */
  readonly visitsByMonth: Table.Table<MonthVisits>
  /** Each community's visits of a month in figures, by `keyOf(communityId, month)`. */
  readonly months: Table.Table<MonthFigures>
  /**
   * Each household a community's visits of a month reached, by `keyOf(communityId, month,
   * householdId)`: a row each, so that a visit adds a row and copies no set of them (a set in
   * the month's row grew with its households, and a month of many cost the square of them).
   */
  readonly monthHouseholds: Table.Table<true>
  /** Each community's elections of representatives, by community id. */
  readonly elections: Table.Table<Elections>
  /** Each household's state (its community), by household id. */
  readonly households: Instances
}

const householdStates = reader(Household.aggregate)
const rosterTags: ReadonlySet<string> = new Set(tagsOf(Representation.aggregate.events))
const rosterPrefix = `${Representation.aggregate.category}-`
const logPrefix = `${Representation.contactLog.category}-`

/** The household contact ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const households = fold(Household.aggregate, calendar)
  const seen = (state: State, community: string, what: "roster" | "log", lag?: number): Table.Table<Community> =>
    Table.modify(state.communities, community, (before) => {
      const l = lag === undefined ? before?.l : addLag(before?.l, lag)
      // The same row when nothing changed, so that it is not written again.
      if (before !== undefined && before[what] && l === before.l) return before
      const roster = what === "roster" || (before?.roster ?? false)
      const log = what === "log" || (before?.log ?? false)
      return l === undefined ? { roster, log } : { roster, log, l }
    })
  const roster = (state: State, envelope: Envelope<Domain.Event>, community: string): State => {
    const event = envelope.event as Representation.RosterEvent
    const communities = seen(state, community, "roster", lagDays(envelope, calendar))
    switch (event._tag) {
      case "RepresentativeElected":
        return {
          ...state,
          communities,
          representatives: Table.set(state.representatives, keyOf(community, event.representativeId), {
            organizationId: community,
            representativeId: event.representativeId,
            active: true
          }),
          elections: Table.modify(state.elections, community, (held) => [...(held ?? []), { representativeId: event.representativeId, electedOn: event.electedOn }])
        }
      case "RepresentativeSteppedDown": {
        const key = keyOf(community, event.representativeId)
        const former = Table.get(state.representatives, key)
        return former === undefined ? { ...state, communities } : { ...state, communities, representatives: Table.set(state.representatives, key, { ...former, active: false }) }
      }
      case "HouseholdLinked": {
        const key = keyOf(community, event.householdId)
        // A link made again keeps its place in the order, as a Map's key does.
        const seq = Table.get(state.links, key)?.seq ?? envelope.position
        return {
          ...state,
          communities,
          links: Table.set(state.links, key, { organizationId: community, householdId: event.householdId, representativeId: event.representativeId, linkedOn: event.on, seq })
        }
      }
      case "HouseholdUnlinked": {
        const key = keyOf(community, event.householdId)
        if (Table.get(state.links, key)?.representativeId !== event.representativeId) return { ...state, communities }
        return { ...state, communities, links: Table.remove(state.links, key) }
      }
      default:
        return { ...state, communities }
    }
  }
  const visit = (state: State, envelope: Envelope<Domain.Event>, community: string): State => {
    const event = envelope.event as Representation.ContactVisitRecorded
    const lag = lagDays(envelope, calendar)
    const lastKey = keyOf(community, event.representativeId, event.householdId)
    const last = Table.get(state.lastVisits, lastKey)
    const month = monthOf(event.visitedOn)
    // The figures are the visit's community's, as the visit names it.
    const figuresKey = keyOf(event.organizationId, month)
    const reachedKey = keyOf(event.organizationId, month, event.householdId)
    return {
      ...state,
      communities: seen(state, community, "log"),
      lastVisits: last === undefined || event.visitedOn > last ? Table.set(state.lastVisits, lastKey, event.visitedOn) : state.lastVisits,
      visitsByMonth: Table.modify(state.visitsByMonth, keyOf(community, event.representativeId, month), (before) => {
        const l = addLag(before?.l, lag)
        return l === undefined ? { n: (before?.n ?? 0) + 1 } : { n: (before?.n ?? 0) + 1, l }
      }),
      months: Table.modify(state.months, figuresKey, (before) => ({
        visits: (before?.visits ?? 0) + 1,
        byMethod: { ...before?.byMethod, [event.method]: (before?.byMethod[event.method] ?? 0) + 1 }
      })),
      monthHouseholds: Table.get(state.monthHouseholds, reachedKey) ? state.monthHouseholds : Table.set(state.monthHouseholds, reachedKey, true)
    }
  }
  return Projection.rows<State>({
    name: nameFor("ledger-household-contact", calendar),
    // 3: visits in figures by month, elections by day, late entries; 4: a row per representative, link, visit and month;
    // 5: a row per household a month's visits reached, and per representative's month.
    // 6: late entries as [days, records] pairs.
    // 7: the lags of a representative's visits in her month's row, in the community whose log holds them.
    version: 7,
    initial: {
      communities: Table.empty(),
      representatives: Table.empty(),
      links: Table.empty(),
      lastVisits: Table.empty(),
      visitsByMonth: Table.empty(),
      months: Table.empty(),
      monthHouseholds: Table.empty(),
      elections: Table.empty(),
      households: Table.empty()
    },
    reads: (envelope) => {
      const { event, stream } = envelope
      if (stream.startsWith(rosterPrefix) && rosterTags.has(event._tag)) {
        const community = stream.slice(rosterPrefix.length)
        const e = event as Representation.RosterEvent
        switch (e._tag) {
          case "RepresentativeElected":
            return [["communities", community], ["elections", community]]
          case "RepresentativeSteppedDown":
            return [["communities", community], ["representatives", keyOf(community, e.representativeId)]]
          case "HouseholdLinked":
          case "HouseholdUnlinked":
            return [["communities", community], ["links", keyOf(community, e.householdId)]]
          default:
            return [["communities", community]]
        }
      }
      if (stream.startsWith(logPrefix) && event._tag === "ContactVisitRecorded") {
        const community = stream.slice(logPrefix.length)
        return [
          ["communities", community],
          ["lastVisits", keyOf(community, event.representativeId, event.householdId)],
          ["visitsByMonth", keyOf(community, event.representativeId, monthOf(event.visitedOn))],
          ["months", keyOf(event.organizationId, monthOf(event.visitedOn))],
          ["monthHouseholds", keyOf(event.organizationId, monthOf(event.visitedOn), event.householdId)]
        ]
      }
      return households.reads("households", envelope)
    },
    apply: (state, envelope) => {
      const { event, stream } = envelope
      if (stream.startsWith(rosterPrefix) && rosterTags.has(event._tag)) return roster(state, envelope, stream.slice(rosterPrefix.length))
      if (stream.startsWith(logPrefix) && event._tag === "ContactVisitRecorded") return visit(state, envelope, stream.slice(logPrefix.length))
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

/** Groups rows by the community that starts their key (`keyOf(communityId, …)`). */
const byCommunity = <A>(table: Table.Table<A>): Map<string, Array<readonly [string, A]>> => {
  const out = new Map<string, Array<readonly [string, A]>>()
  for (const [key, row] of Table.entries(table)) {
    const [community, rest] = firstOf(key)
    let rows = out.get(community)
    if (rows === undefined) out.set(community, rows = [])
    rows.push([rest, row])
  }
  return out
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
  const ids = [...new Set([...Table.keys(state.communities), ...householdsByCommunity.keys()])]
    .filter((id) => inArea(options.within, id))
    .sort()
  const wanted = new Set(ids)
  const keep = <A>(grouped: Map<string, A>) => new Map([...grouped].filter(([community]) => wanted.has(community)))
  const representativesOf = keep(byCommunity(state.representatives))
  const linksOf = keep(byCommunity(state.links))
  const visitsOf = keep(byCommunity(state.visitsByMonth))
  const monthsOf_ = keep(byCommunity(state.months))
  // The households each community's visits of a month reached, by community and month.
  const reachedOf = new Map<string, Map<string, Array<string>>>()
  for (const [community, rows] of keep(byCommunity(state.monthHouseholds))) {
    const byMonth = new Map<string, Array<string>>()
    for (const [rest] of rows) {
      const [m, householdId] = firstOf(rest)
      let ids = byMonth.get(m)
      if (ids === undefined) byMonth.set(m, ids = [])
      ids.push(householdId)
    }
    reachedOf.set(community, byMonth)
  }
  const representatives: Array<RepresentativeRow> = []
  const communityRows: Array<CommunityRow> = []
  for (const organizationId of ids) {
    // Links in the order they were made.
    const links = (linksOf.get(organizationId) ?? []).map(([, link]) => link).sort((a, b) => a.seq - b.seq)
    const serving = (representativesOf.get(organizationId) ?? []).filter(([, r]) => r.active).map(([id]) => id).sort()
    // Each representative's months, and the lags of all her visits, by representative.
    const visits = new Map<string, Array<readonly [string, number]>>()
    const visitLags = new Map<string, Lags | undefined>()
    for (const [rest, row] of visitsOf.get(organizationId) ?? []) {
      const [representativeId, m] = firstOf(rest)
      let months = visits.get(representativeId)
      if (months === undefined) visits.set(representativeId, months = [])
      months.push([m, row.n])
      visitLags.set(representativeId, mergeLags(visitLags.get(representativeId), row.l))
    }
    for (const representativeId of serving) {
      const householdIds = links.filter((l) => l.representativeId === representativeId).map((l) => l.householdId)
      const notVisited = links
        .filter((l) => l.representativeId === representativeId)
        .filter((l) => {
          const last = Table.get(state.lastVisits, keyOf(organizationId, representativeId, l.householdId))
          return last === undefined || last < l.linkedOn
        })
        .map((l) => l.householdId)
      const underTarget = householdIds.length < options.policy.minHouseholdsPerRepresentative
      const late = lateEntries(visitLags.get(representativeId), options.policy)
      const flags: Array<RepresentativeFlag> = []
      if (underTarget) flags.push("under-target")
      if (notVisited.length > 0) flags.push("households-never-visited")
      if (late > 0) flags.push("entered-late")
      representatives.push({
        organizationId,
        representativeId,
        householdIds,
        underTarget,
        atLimit: householdIds.length >= options.policy.maxHouseholdsPerRepresentative,
        visitsPerMonth: (visits.get(representativeId) ?? [])
          .filter(([m, n]) => n > 0 && m <= month)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([m, n]) => ({ month: m, visits: n })),
        neverVisited: notVisited,
        lateEntries: late,
        flags
      })
    }
    const registered = householdsByCommunity.get(organizationId) ?? []
    const linked = new Set(links.map((l) => l.householdId))
    const allLags = [
      ...visitLags.values(),
      ...registered.map((householdId) => householdStates.lags(state.households, householdId))
    ].reduce<Lags | undefined>(mergeLags, Table.get(state.communities, organizationId)?.l)
    const late = lateEntries(allLags, options.policy)
    communityRows.push({
      organizationId,
      households: registered.length,
      representatives: serving.length,
      withoutRepresentative: [...new Set(registered)].filter((id) => !linked.has(id)).sort(),
      visitsByMonth: (monthsOf_.get(organizationId) ?? [])
        .filter(([m]) => m <= month)
        .map(([m, f]) => ({
          month: m,
          visits: f.visits,
          byMethod: Object.fromEntries(Representation.VisitMethod.literals.map((k) => [k, f.byMethod[k] ?? 0])) as MonthRow["byMethod"],
          householdIds: (reachedOf.get(organizationId)?.get(m) ?? []).sort()
        })),
      representativesElected: Table.get(state.elections, organizationId) ?? [],
      lateEntries: late,
      flags: late > 0 ? ["entered-late"] : []
    })
  }
  return { representatives: representatives.sort(byKey((r) => `${r.organizationId}\u0000${r.representativeId}`)), communities: communityRows }
}

/**
 * 联系户数: the households linked to a representative serving as the rows were drawn, in their
 * area: the households that
 * `WorkPlan`'s "contact visits per linked household per month" divides by (a household has at
 * most one representative). A household whose representative stepped down without unlinking it
 * is not counted: no one serving visits it.
 */
export const linkedHouseholds = (rows: Rows): number =>
  new Set(rows.representatives.flatMap((r) => r.householdIds)).size

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
