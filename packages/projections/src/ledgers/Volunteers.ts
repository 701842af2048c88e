/**
 * 巾帼志愿者台帐, the volunteers ledger (DOMAIN.md §7; seed 000 §四(六), seed 003 §五): per
 * organization, its volunteers (serving or left, with the day each consented, 自愿参加为原则),
 * the households each is paired with (结对) and the circumstances they are in need by, the
 * hours of service, and the records entered late (补录); and, for a period, the figures a report
 * shows of volunteers (`figures`): joined, left, serving and paired at the end, pairs made,
 * services and hours.
 *
 * Folds each organization's volunteers stream with `Volunteer.aggregate`'s own `evolve`, beside
 * the days each volunteer joined, left and was paired and her services by month, and each
 * household's stream for its circumstances. No volunteer's name is kept.
 *
 * @since 0.1.0
 */
import * as Household from "@fulian/core/Household"
import type { Aggregate } from "@fulian/core/Decider"
import type { Calendar, DateRange, LocalDate } from "@fulian/core/Time"
import { monthOf } from "@fulian/core/Time"
import * as Volunteer from "@fulian/core/Volunteer"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import {
  type Area,
  bothReads,
  byKey,
  fold,
  inArea,
  inPeriod,
  type Instances,
  type LateFlag,
  lateEntries,
  monthsOf,
  nameFor,
  type Options,
  reader,
  sum
} from "./Ledger.ts"

/** One volunteer's dated history, as the ledger keeps it. */
export interface History {
  readonly joined: ReadonlyArray<LocalDate>
  readonly left: ReadonlyArray<LocalDate>
  readonly paired: ReadonlyArray<LocalDate>
  /** Services and hours (in hundredths, so sums stay exact) by month. */
  readonly services: { readonly [month: string]: { readonly services: number; readonly centihours: number } }
}

/** An organization's volunteers as the ledger keeps them: the aggregate's state, and each one's history. */
export interface Entry {
  readonly state: Volunteer.State
  readonly histories: { readonly [volunteerId: string]: History }
}

const noHistory: History = { joined: [], left: [], paired: [], services: {} }

const historyAfter = (history: History, event: Volunteer.Event): History => {
  switch (event._tag) {
    case "VolunteerJoined":
      return { ...history, joined: [...history.joined, event.consentGivenOn] }
    case "VolunteerLeft":
      return { ...history, left: [...history.left, event.leftOn] }
    case "VolunteerPaired":
      return { ...history, paired: [...history.paired, event.pairedOn] }
    case "VolunteerServiceLogged": {
      const month = monthOf(event.on)
      const before = history.services[month]
      return {
        ...history,
        services: {
          ...history.services,
          [month]: { services: (before?.services ?? 0) + 1, centihours: (before?.centihours ?? 0) + Math.round(event.hours * 100) }
        }
      }
    }
    case "VolunteerUnpaired":
      return history
  }
}

const entries: Aggregate<Entry, Volunteer.Event> = {
  category: Volunteer.aggregate.category,
  events: Volunteer.aggregate.events,
  initial: { state: Volunteer.aggregate.initial, histories: {} },
  evolve: (entry, event) => ({
    state: Volunteer.aggregate.evolve(entry.state, event),
    histories: { ...entry.histories, [event.volunteerId]: historyAfter(entry.histories[event.volunteerId] ?? noHistory, event) }
  })
}

const organizations = reader(entries)
const householdStates = reader(Household.aggregate)

/** The state of the volunteers ledger. */
export interface State {
  /** Each organization's volunteers, by organization id. */
  readonly volunteers: Instances
  /** Each household's state (its circumstances), by household id. */
  readonly households: Instances
}

/** The volunteers ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const volunteers = fold(entries, calendar)
  const households = fold(Household.aggregate, calendar)
  return Projection.rows<State>({
    name: nameFor("ledger-volunteers", calendar),
    // 2: each volunteer's dated history, and late entries; 3: kept as rows.
    // 4: late entries as [days, records] pairs.
    version: 4,
    initial: { volunteers: Table.empty(), households: Table.empty() },
    reads: (envelope) => bothReads(volunteers.reads("volunteers", envelope), households.reads("households", envelope)),
    apply: (state, envelope) => {
      const v = volunteers.apply(state.volunteers, envelope)
      if (v !== state.volunteers) return { ...state, volunteers: v }
      const h = households.apply(state.households, envelope)
      return h !== state.households ? { ...state, households: h } : state
    }
  })
}

/** A volunteer's line. */
export interface VolunteerRow {
  readonly organizationId: string
  readonly volunteerId: string
  readonly active: boolean
  /** The day of her latest consent. */
  readonly consentGivenOn: LocalDate
  /** The households she is paired with now. */
  readonly householdIds: ReadonlyArray<string>
  /** Hours of service, in all. */
  readonly hours: number
  /** The days she joined (consented), left, and was paired with a household. */
  readonly joinedOn: ReadonlyArray<LocalDate>
  readonly leftOn: ReadonlyArray<LocalDate>
  readonly pairedOn: ReadonlyArray<LocalDate>
  /** Her services and hours by month, oldest first. */
  readonly servicesByMonth: ReadonlyArray<{ readonly month: string; readonly services: number; readonly hours: number }>
}

/** A pair in force: a volunteer and a household in need. */
export interface PairRow {
  readonly organizationId: string
  readonly volunteerId: string
  readonly householdId: string
  readonly circumstances: ReadonlyArray<Household.Circumstance>
}

/** An organization's line. */
export interface OrganizationRow {
  readonly organizationId: string
  readonly serving: number
  readonly left: number
  readonly pairs: number
  readonly householdsPaired: number
  readonly hours: number
  /** 补录: its volunteers' records entered later than `policy.lateEntryDays` after their fact. */
  readonly lateEntries: number
  readonly flags: ReadonlyArray<LateFlag>
}

/** The volunteers ledger. */
export interface Rows {
  /** Every volunteer, serving or left, by organization and id. */
  readonly volunteers: ReadonlyArray<VolunteerRow>
  /** The pairs in force. */
  readonly pairs: ReadonlyArray<PairRow>
  readonly organizations: ReadonlyArray<OrganizationRow>
}

/** The ledger's rows, of every organization or of those of an area. */
export const rows = (state: State, options: Options & { readonly within?: Area }): Rows => {
  const volunteerRows: Array<VolunteerRow> = []
  const pairRows: Array<PairRow> = []
  const organizationRows: Array<OrganizationRow> = []
  for (const [organizationId, entry] of organizations.all(state.volunteers)) {
    if (!inArea(options.within, organizationId)) continue
    const organization = entry.state
    for (const [volunteerId, v] of [...organization.volunteers].sort(byKey(([id]) => id))) {
      const history = entry.histories[volunteerId] ?? noHistory
      volunteerRows.push({
        organizationId,
        volunteerId,
        active: v.active,
        consentGivenOn: v.consentGivenOn,
        householdIds: v.pairs,
        hours: v.hours,
        joinedOn: history.joined,
        leftOn: history.left,
        pairedOn: history.paired,
        servicesByMonth: Object.entries(history.services)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([month, s]) => ({ month, services: s.services, hours: s.centihours / 100 }))
      })
    }
    const pairs = [...Volunteer.activePairs(organization)].sort(byKey((p) => `${p.volunteerId}\u0000${p.householdId}`))
    for (const p of pairs) {
      pairRows.push({ organizationId, ...p, circumstances: householdStates.get(state.households, p.householdId).circumstances })
    }
    const serving = Volunteer.activeVolunteers(organization).length
    const late = lateEntries(organizations.lags(state.volunteers, organizationId), options.policy)
    organizationRows.push({
      organizationId,
      serving,
      left: organization.volunteers.size - serving,
      pairs: pairs.length,
      householdsPaired: new Set(pairs.map((p) => p.householdId)).size,
      hours: [...organization.volunteers.values()].reduce((total, v) => total + v.hours, 0),
      lateEntries: late,
      flags: late > 0 ? ["entered-late"] : []
    })
  }
  return { volunteers: volunteerRows, pairs: pairRows, organizations: organizationRows }
}

/** The figures of volunteers for a period, counted from the ledger's rows. */
export interface Figures {
  readonly joined: number
  readonly left: number
  /** Serving as the ledger is drawn. */
  readonly activeAtEnd: number
  readonly pairsMade: number
  /** In force as the ledger is drawn, and the distinct households they serve. */
  readonly pairsAtEnd: number
  readonly householdsPaired: number
  /** Services logged in the period's months, and their hours. */
  readonly services: number
  readonly serviceHours: number
}

/**
 * 结对帮扶对象: the pairs in force as the ledger is drawn, by the circumstance of the household
 * they serve (seed 003: volunteers paired with 5 empty-nest elderly households), in the order of
 * `Household.Circumstance`, circumstances no pair serves left out. A household in two
 * circumstances counts under each.
 */
export const pairsByCircumstance = (rows: Rows): ReadonlyArray<{ readonly circumstance: Household.Circumstance; readonly pairs: number }> =>
  Household.Circumstance.literals
    .map((circumstance) => ({ circumstance, pairs: rows.pairs.filter((p) => p.circumstances.includes(circumstance)).length }))
    .filter((c) => c.pairs > 0)

/** The figures of a period (services by its whole months), from the rows of an area. */
export const figures = (rows: Rows, period: DateRange): Figures => {
  const dated = (days: (v: VolunteerRow) => ReadonlyArray<LocalDate>) =>
    sum(rows.volunteers.map((v) => days(v).filter((d) => inPeriod(period, d)).length))
  const months = new Set(monthsOf(period))
  const services = rows.volunteers.flatMap((v) => v.servicesByMonth).filter((s) => months.has(s.month))
  return {
    joined: dated((v) => v.joinedOn),
    left: dated((v) => v.leftOn),
    activeAtEnd: rows.volunteers.filter((v) => v.active).length,
    pairsMade: dated((v) => v.pairedOn),
    pairsAtEnd: rows.pairs.length,
    householdsPaired: new Set(rows.pairs.map((p) => p.householdId)).size,
    services: sum(services.map((s) => s.services)),
    serviceHours: sum(services.map((s) => Math.round(s.hours * 100))) / 100
  }
}
