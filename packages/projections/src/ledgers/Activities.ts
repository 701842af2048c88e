/**
 * 活动台帐, the activities ledger (DOMAIN.md §7; seed 000 items 2 and §四(六), seed 003 §一, §五):
 * every activity an organization held (its kind, theme, day, participants and beneficiaries),
 * every donation received and every sum given in relief, with the records entered late
 * (补录); and, for a period, the figures a report shows of them (`figures`): activities by
 * kind, by theme and by organization, and the money received and given.
 *
 * Folds each organization's activities stream with `Activity.aggregate`'s own `evolve`,
 * beside what a row needs that the aggregate does not keep (titles, purposes); no donor's or
 * recipient's name.
 *
 * @since 0.1.0
 */
import * as Activity from "@fulian/core/Activity"
import type { Aggregate } from "@fulian/core/Decider"
import type { Calendar, DateRange, LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import {
  type Area,
  byKey,
  fold,
  inArea,
  inPeriod,
  type Instances,
  type LateFlag,
  lateEntries,
  nameFor,
  type Options,
  reader,
  sum
} from "./Ledger.ts"

/** An organization's activities as the ledger keeps them: the aggregate's state, and the titles and purposes. */
export interface Entry {
  readonly state: Activity.State
  readonly titles: { readonly [activityId: string]: string }
  readonly purposes: { readonly [id: string]: string }
}

const entries: Aggregate<Entry, Activity.Event> = {
  category: Activity.aggregate.category,
  events: Activity.aggregate.events,
  initial: { state: Activity.aggregate.initial, titles: {}, purposes: {} },
  evolve: (entry, event) => {
    const state = Activity.aggregate.evolve(entry.state, event)
    switch (event._tag) {
      case "ActivityRecorded":
        return { ...entry, state, titles: { ...entry.titles, [event.activityId]: event.title } }
      case "DonationRecorded":
        return { ...entry, state, purposes: { ...entry.purposes, [`donation/${event.donationId}`]: event.purpose } }
      case "ReliefGiven":
        return { ...entry, state, purposes: { ...entry.purposes, [`relief/${event.reliefId}`]: event.purpose } }
    }
  }
}

const organizations = reader(entries)

/** The state of the activities ledger. */
export interface State {
  /** Each organization's activities, donations and relief, by organization id. */
  readonly organizations: Instances
}

/** The activities ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const folded = fold(entries, calendar)
  return Projection.make<State>({
    name: nameFor("ledger-activities", calendar),
    version: 1,
    initial: { organizations: {} },
    apply: (state, envelope) => {
      const o = folded.apply(state.organizations, envelope)
      return o !== state.organizations ? { organizations: o } : state
    }
  })
}

/** An activity held. */
export interface ActivityRow {
  readonly organizationId: string
  readonly activityId: string
  readonly kind: Activity.ActivityKind
  readonly title: string
  readonly theme?: string
  readonly heldOn: LocalDate
  readonly participants: number
  readonly beneficiaries: number
}

/** A sum of money received (a donation) or given (relief). */
export interface MoneyRow {
  readonly organizationId: string
  readonly id: string
  readonly purpose: string
  readonly on: LocalDate
  /** Yuan. */
  readonly amount: number
}

/** An organization's line: how much it recorded, and what was entered late. */
export interface OrganizationRow {
  readonly organizationId: string
  readonly activities: number
  readonly donations: number
  readonly relief: number
  /** 补录: its records entered later than `policy.lateEntryDays` after their fact. */
  readonly lateEntries: number
  readonly flags: ReadonlyArray<LateFlag>
}

/** The activities ledger. */
export interface Rows {
  /** Every activity, by day, organization and id. */
  readonly activities: ReadonlyArray<ActivityRow>
  readonly donations: ReadonlyArray<MoneyRow>
  readonly relief: ReadonlyArray<MoneyRow>
  readonly organizations: ReadonlyArray<OrganizationRow>
}

/** The ledger's rows, of every organization or of those of an area. */
export const rows = (state: State, options: Options & { readonly within?: Area }): Rows => {
  const activities: Array<ActivityRow> = []
  const donations: Array<MoneyRow> = []
  const relief: Array<MoneyRow> = []
  const organizationRows: Array<OrganizationRow> = []
  for (const [organizationId, entry] of organizations.all(state.organizations)) {
    if (!inArea(options.within, organizationId)) continue
    for (const [activityId, a] of entry.state.activities) {
      activities.push({
        organizationId,
        activityId,
        kind: a.kind,
        title: entry.titles[activityId] ?? "",
        ...(a.theme === undefined ? {} : { theme: a.theme }),
        heldOn: a.heldOn,
        participants: a.participants,
        beneficiaries: a.beneficiaries
      })
    }
    for (const [id, d] of entry.state.donations) donations.push({ organizationId, id, purpose: entry.purposes[`donation/${id}`] ?? "", on: d.on, amount: d.amount })
    for (const [id, r] of entry.state.relief) relief.push({ organizationId, id, purpose: entry.purposes[`relief/${id}`] ?? "", on: r.on, amount: r.amount })
    const late = lateEntries(organizations.lags(state.organizations, organizationId), options.policy)
    organizationRows.push({
      organizationId,
      activities: entry.state.activities.size,
      donations: entry.state.donations.size,
      relief: entry.state.relief.size,
      lateEntries: late,
      flags: late > 0 ? ["entered-late"] : []
    })
  }
  const byDay = <A extends { readonly organizationId: string }>(day: (a: A) => string, id: (a: A) => string) =>
    byKey<A>((a) => `${day(a)}\u0000${a.organizationId}\u0000${id(a)}`)
  return {
    activities: activities.sort(byDay((a) => a.heldOn, (a) => a.activityId)),
    donations: donations.sort(byDay((d) => d.on, (d) => d.id)),
    relief: relief.sort(byDay((r) => r.on, (r) => r.id)),
    organizations: organizationRows
  }
}

/** How many, with how many people took part and how many benefited. */
export interface Reach {
  readonly count: number
  readonly participants: number
  readonly beneficiaries: number
}

/** How many sums, and how much in yuan (added in fen, so the sum is exact). */
export interface Money {
  readonly count: number
  readonly yuan: number
}

/** The figures of activities and money for a period, counted from the ledger's rows. */
export interface Figures {
  readonly all: Reach
  /** By kind, in the core's order of kinds; kinds with none are left out. */
  readonly byKind: ReadonlyArray<Reach & { readonly kind: Activity.ActivityKind }>
  /** By theme (主题), with the day the first was held, by that day; activities without a theme are not listed. */
  readonly byTheme: ReadonlyArray<Reach & { readonly theme: string; readonly firstHeldOn: LocalDate }>
  readonly byOrganization: { readonly [organizationId: string]: Reach }
  readonly donations: Money
  readonly relief: Money
}

const reachOf = (activities: ReadonlyArray<ActivityRow>): Reach => ({
  count: activities.length,
  participants: sum(activities.map((a) => a.participants)),
  beneficiaries: sum(activities.map((a) => a.beneficiaries))
})

const moneyOf = (rows: ReadonlyArray<MoneyRow>): Money => ({ count: rows.length, yuan: sum(rows.map((r) => Math.round(r.amount * 100))) / 100 })

const groupBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string | undefined): Map<string, Array<A>> => {
  const groups = new Map<string, Array<A>>()
  for (const item of items) {
    const k = key(item)
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), item])
  }
  return groups
}

/** The figures of a period, from the rows of an area. */
export const figures = (rows: Rows, period: DateRange): Figures => {
  const held = rows.activities.filter((a) => inPeriod(period, a.heldOn))
  const kinds = groupBy(held, (a) => a.kind)
  return {
    all: reachOf(held),
    byKind: Activity.ActivityKind.literals.flatMap((kind) => {
      const of = kinds.get(kind)
      return of === undefined ? [] : [{ kind, ...reachOf(of) }]
    }),
    byTheme: [...groupBy(held, (a) => a.theme)]
      .map(([theme, of]) => ({ theme, firstHeldOn: of.map((a) => a.heldOn).sort()[0]!, ...reachOf(of) }))
      .sort(byKey((t) => `${t.firstHeldOn}\u0000${t.theme}`)),
    byOrganization: Object.fromEntries([...groupBy(held, (a) => a.organizationId)].map(([id, of]) => [id, reachOf(of)])),
    donations: moneyOf(rows.donations.filter((d) => inPeriod(period, d.on))),
    relief: moneyOf(rows.relief.filter((r) => inPeriod(period, r.on)))
  }
}
