/**
 * 换届台帐, the elections ledger (DOMAIN.md §2; seed 000 item 4, seed 003 §三.1): every term
 * (届) of every organization's executive committee, with its expiry; the elections not filed
 * with the federation above in time (备案逾期); the terms not synchronized with the residents'
 * committee (与居委会换届不同步); the elections coming up (换届将至) or overdue (换届逾期); the
 * records entered late (补录); and, for a period, the figures a report shows of elections
 * (`figures`): committees elected, elections filed, members by-elected.
 *
 * 组织建设 (seed 003 §三.1, seed 000 §二.6): `building` gives each organization's figures on a
 * date — whether its chair in office also sits on the residents' committee (进两委), and how
 * many reserve cadres (后备干部) it has — and `buildingFigures` totals them for the
 * organizations below one, as a report's organization-building section reads them.
 *
 * Folds each organization's `term-{organizationId}` stream with `Term.aggregate`'s own
 * `evolve`, without members' names, beside the days of its by-elections; flags come from
 * `Term.filingOverdue`, `Term.notSynchronized`, `Term.electionDueSoon` and
 * `Term.electionOverdue`.
 *
 * @since 0.1.0
 */
import type { Aggregate } from "@fulian/core/Decider"
import * as Term from "@fulian/core/Term"
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

/** An organization's terms as the ledger keeps them: the aggregate's state, and each term's by-elections by day. */
export interface Entry {
  readonly state: Term.State
  readonly byElections: { readonly [termId: string]: ReadonlyArray<LocalDate> }
}

const withoutNames = (event: Term.Event): Term.Event =>
  // The ledger needs no personal data: members' names stay in the events.
  event._tag === "ExecutiveCommitteeElected"
    ? { ...event, members: event.members.map((m) => ({ ...m, name: "" })) }
    : event._tag === "MemberByElected"
    ? { ...event, member: { ...event.member, name: "" } }
    : event

const entries: Aggregate<Entry, Term.Event> = {
  category: Term.aggregate.category,
  events: Term.aggregate.events,
  initial: { state: Term.aggregate.initial, byElections: {} },
  evolve: (entry, event) => ({
    state: Term.aggregate.evolve(entry.state, event),
    byElections: event._tag === "MemberByElected"
      ? { ...entry.byElections, [event.termId]: [...(entry.byElections[event.termId] ?? []), event.electedOn] }
      : entry.byElections
  })
}

const organizations = reader(entries)

/** The state of the elections ledger. */
export interface State {
  /** Each organization's terms, by organization id. */
  readonly terms: Instances
}

/** The elections ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const terms = fold(entries, calendar, withoutNames)
  return Projection.rows<State>({
    name: nameFor("ledger-terms", calendar),
    // 2: by-elections by day, and late entries; 3: kept as rows; 4: reserve cadres, and 进两委 on members.
    // 5: late entries as [days, records] pairs.
    version: 5,
    initial: { terms: Table.empty() },
    reads: (envelope) => terms.reads("terms", envelope),
    apply: (state, envelope) => {
      const t = terms.apply(state.terms, envelope)
      return t !== state.terms ? { terms: t } : state
    }
  })
}

/** A flag of a term's line; 补录 marks the organization's terms entered late. */
export type TermFlag = "filing-overdue" | "not-synchronized" | "election-due-soon" | "election-overdue" | LateFlag

/** One term's line of the ledger. */
export interface TermRow {
  readonly organizationId: string
  readonly termId: string
  readonly congressSession: string
  readonly electedOn: LocalDate
  readonly startsOn: LocalDate
  /** 届满: the end fixed at the election (three years on, by the policy then). */
  readonly endsOn: LocalDate
  /** The day it was ended early or at 换届, if recorded. */
  readonly endedOn?: LocalDate
  /** Whether it is in office on the date of `asOf`. */
  readonly live: boolean
  /** Whether it is the organization's most recently elected term. */
  readonly latest: boolean
  /** How many members it was elected with. */
  readonly membersElected: number
  /** Its members in office on the date of `asOf` (0 unless live). */
  readonly membersInOffice: number
  /** The days of its by-elections (增补). */
  readonly byElectedOn: ReadonlyArray<LocalDate>
  readonly residentsCommitteeElectedOn: LocalDate
  /** The last day to file it on time, and when and with whom it was filed. */
  readonly filingDeadline: LocalDate
  readonly filedOn?: LocalDate
  readonly filedWith?: string
  readonly flags: ReadonlyArray<TermFlag>
}

/** Options of the elections ledger's query. */
export interface TermOptions extends Options {
  /** Only the terms of the organizations of an area. */
  readonly within?: Area
  /** How many days before a term's end its election is shown as coming up (default `Term.electionNoticeDays`). */
  readonly noticeDays?: number
}

/** The ledger's rows, judged at `asOf` with `policy`. */
export const rows = (state: State, options: TermOptions): ReadonlyArray<TermRow> => {
  const today = judged(options).date
  const out: Array<TermRow> = []
  for (const [organizationId, entry] of organizations.all(state.terms)) {
    if (!inArea(options.within, organizationId)) continue
    const organization = entry.state
    const latest = Term.latestTerm(organization)
    const live = Term.liveTermOn(organization, today)
    const late = lateEntries(organizations.lags(state.terms, organizationId), options.policy) > 0
    for (const term of organization.terms) {
      const isLatest = term.termId === latest?.termId
      const byElectedOn = entry.byElections[term.termId] ?? []
      const flags: Array<TermFlag> = []
      if (Term.filingOverdue(term, today, options.policy)) flags.push("filing-overdue")
      if (Term.notSynchronized(term, options.policy)) flags.push("not-synchronized")
      if (isLatest && Term.electionDueSoon(organization, today, options.noticeDays)) flags.push("election-due-soon")
      if (isLatest && Term.electionOverdue(organization, today)) flags.push("election-overdue")
      if (late) flags.push("entered-late")
      const isLive = term.termId === live?.termId
      out.push({
        organizationId,
        termId: term.termId,
        congressSession: term.congressSession,
        electedOn: term.electedOn,
        startsOn: term.startsOn,
        endsOn: term.endsOn,
        ...(term.endedOn !== undefined ? { endedOn: term.endedOn } : {}),
        live: isLive,
        latest: isLatest,
        membersElected: term.seats.length - byElectedOn.length,
        membersInOffice: isLive ? Term.membersOn(organization, today).length : 0,
        byElectedOn,
        residentsCommitteeElectedOn: term.residentsCommitteeElectedOn,
        filingDeadline: Term.filingDeadline(term, options.policy),
        ...(term.filed ? { filedOn: term.filed.filedOn, filedWith: term.filed.filedWith } : {}),
        flags
      })
    }
  }
  return out.sort(byKey((r) => `${r.organizationId}\u0000${r.electedOn}\u0000${r.termId}`))
}

/** The figures of elections for a period, counted from the ledger's rows. */
export interface Figures {
  /** The committees elected in the period, by day and organization. */
  readonly elected: ReadonlyArray<{ readonly organizationId: string; readonly termId: string; readonly electedOn: LocalDate; readonly members: number }>
  readonly electionsFiled: number
  readonly membersByElected: number
}

/** The figures of a period, from the rows of an area. */
export const figures = (rows: ReadonlyArray<TermRow>, period: DateRange): Figures => ({
  elected: rows
    .filter((t) => inPeriod(period, t.electedOn))
    .map((t) => ({ organizationId: t.organizationId, termId: t.termId, electedOn: t.electedOn, members: t.membersElected }))
    .sort(byKey((e) => `${e.electedOn}\u0000${e.organizationId}`)),
  electionsFiled: rows.filter((t) => inPeriod(period, t.filedOn)).length,
  membersByElected: sum(rows.map((t) => t.byElectedOn.filter((d) => inPeriod(period, d)).length))
})

/** One organization's organization-building figures (组织建设) on a date. */
export interface BuildingRow {
  readonly organizationId: string
  /** Whether a committee is in office, with a chair. */
  readonly chairInOffice: boolean
  /** 进两委: whether its chair in office also sits on the residents' committee. */
  readonly chairOnResidentsCommittee: boolean
  /** 后备干部: its reserve cadres on the roster that day. */
  readonly reserveCadres: number
}

/**
 * Each organization's organization-building figures on the date of `asOf` (of an area, when
 * given), by id: every organization that has elected a committee or recorded reserve cadres.
 */
export const building = (state: State, options: TermOptions): ReadonlyArray<BuildingRow> => {
  const today = judged(options).date
  const out: Array<BuildingRow> = []
  for (const [organizationId, entry] of organizations.all(state.terms)) {
    if (!inArea(options.within, organizationId)) continue
    out.push({
      organizationId,
      chairInOffice: Term.membersOn(entry.state, today).some((s) => s.position === "chair"),
      chairOnResidentsCommittee: Term.chairOnResidentsCommitteeOn(entry.state, today),
      reserveCadres: Term.reserveCadresOn(entry.state, today).length
    })
  }
  return out.sort(byKey((r) => r.organizationId))
}

/** The organization-building figures of an organization and, in total, of the organizations below it. */
export interface BuildingFigures {
  /** The organization's own (none when it has no records of committees). */
  readonly own: BuildingRow | undefined
  /** The organizations below it (the rest of the rows given). */
  readonly below: {
    readonly organizations: number
    /** How many of them have a chair in office. */
    readonly chairsInOffice: number
    /** 进两委: how many of their chairs also sit on the residents' committee. */
    readonly chairsOnResidentsCommittee: number
    /** 后备干部: their reserve cadres, in all. */
    readonly reserveCadres: number
  }
}

/**
 * The figures of an organization from the `building` rows of its area: its own, and the totals
 * of every organization below it.
 */
export const buildingFigures = (rows: ReadonlyArray<BuildingRow>, organizationId: string): BuildingFigures => {
  const below = rows.filter((r) => r.organizationId !== organizationId)
  return {
    own: rows.find((r) => r.organizationId === organizationId),
    below: {
      organizations: below.length,
      chairsInOffice: below.filter((r) => r.chairInOffice).length,
      chairsOnResidentsCommittee: below.filter((r) => r.chairOnResidentsCommittee).length,
      reserveCadres: sum(below.map((r) => r.reserveCadres))
    }
  }
}
