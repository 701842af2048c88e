/**
 * 活动台帐, the activities ledger (DOMAIN.md §7; seed 000 items 2 and §四(六), seed 003 §一, §五):
 * every activity an organization held (its kind, theme, day, participants and beneficiaries),
 * every donation received and every sum given in relief, with the records entered late
 * (补录); and, for a period, the figures a report shows of them (`figures`): activities by
 * kind, by theme, by festival and by organization, what publicity and consultation (宣传咨询)
 * reached, and the money received and given — in total, donations per charity drive (募捐活动,
 * titled by the drive's activity) and relief per purpose (seed 003 §五.2).
 *
 * Keeps a row per activity, donation and relief (the aggregate's state per organization would
 * grow with its history), and per organization its counts and the lags of its records; no
 * donor's or recipient's name. A record belongs to the organization whose stream holds it
 * (`Activity.organizationOfStream`: its own stream, or the organization's stream of earlier
 * records).
 *
 * @since 0.1.0
 */
import * as Activity from "@fulian/core/Activity"
import type { Envelope } from "@fulian/core/CommandHandler"
import type * as Domain from "@fulian/core/Domain"
import { tagsOf } from "@fulian/core/EventCodec"
import type { Calendar, DateRange, LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import {
  addLag,
  type Area,
  byKey,
  inArea,
  inPeriod,
  keyOf,
  type Lags,
  lagDays,
  type LateFlag,
  lateEntries,
  nameFor,
  type Options,
  sum
} from "./Ledger.ts"

/** An organization's records as the ledger counts them, with the lags of its records. */
export interface Counts {
  readonly activities: number
  readonly donations: number
  readonly relief: number
  readonly l?: Lags
}

/** The state of the activities ledger. */
export interface State {
  /** Every activity, by `keyOf(organizationId, activityId)`. */
  readonly activities: Table.Table<ActivityRow>
  /** Every donation, by `keyOf(organizationId, donationId)`. */
  readonly donations: Table.Table<MoneyRow>
  /** Every sum given in relief, by `keyOf(organizationId, reliefId)`. */
  readonly relief: Table.Table<MoneyRow>
  /** Each organization's counts, by organization id. */
  readonly organizations: Table.Table<Counts>
}

const tags: ReadonlySet<string> = new Set(tagsOf(Activity.Event))

/** The activities ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> =>
  Projection.rows<State>({
    name: nameFor("ledger-activities", calendar),
    // 2: a row per activity, donation and relief. 3: an activity's festival, publicity and
    // place, a donation's drive. 4: late entries as [days, records] pairs.
    version: 4,
    initial: { activities: Table.empty(), donations: Table.empty(), relief: Table.empty(), organizations: Table.empty() },
    reads: (envelope) => {
      const organizationId = tags.has(envelope.event._tag) ? Activity.organizationOfStream(envelope.stream) : undefined
      return organizationId === undefined ? [] : [["organizations", organizationId]]
    },
    apply: (state, envelope: Envelope<Domain.Event>) => {
      // The organization whose stream holds the record, as the decision that wrote it saw it.
      const organizationId = tags.has(envelope.event._tag) ? Activity.organizationOfStream(envelope.stream) : undefined
      if (organizationId === undefined) return state
      const event = envelope.event as Activity.Event
      const count = (kind: "activities" | "donations" | "relief") =>
        Table.modify(state.organizations, organizationId, (before) => {
          const l = addLag(before?.l, lagDays(envelope, calendar))
          const counts: { -readonly [K in keyof Counts]: Counts[K] } = { activities: before?.activities ?? 0, donations: before?.donations ?? 0, relief: before?.relief ?? 0 }
          counts[kind]++
          if (l !== undefined) counts.l = l
          return counts
        })
      switch (event._tag) {
        case "ActivityRecorded": {
          // Set one by one, in the order the row is kept in: spreading optional parts made
          // several objects per activity.
          const row: { -readonly [K in keyof ActivityRow]: ActivityRow[K] } = {
            organizationId,
            activityId: event.activityId,
            kind: event.kind,
            title: event.title
          } as ActivityRow
          if (event.theme !== undefined) row.theme = event.theme
          row.heldOn = event.heldOn
          row.participants = event.participants
          row.beneficiaries = event.beneficiaries
          if (event.festival !== undefined) row.festival = event.festival
          for (const c of Activity.publicityCounts) if (event[c] !== undefined) row[c] = event[c]
          if (event.placeId !== undefined) row.placeId = event.placeId
          return { ...state, organizations: count("activities"), activities: Table.set(state.activities, keyOf(organizationId, event.activityId), row) }
        }
        case "DonationRecorded":
        case "ReliefGiven": {
          const [table, id] = event._tag === "DonationRecorded" ? ["donations", event.donationId] as const : ["relief", event.reliefId] as const
          const drive = event._tag === "DonationRecorded" ? event.activityId : undefined
          const row: MoneyRow = { organizationId, id, purpose: event.purpose, on: event.on, amount: event.amount, ...(drive === undefined ? {} : { activityId: drive }) }
          return { ...state, organizations: count(table), [table]: Table.set(state[table], keyOf(organizationId, id), row) }
        }
      }
    }
  })

/** An activity held, with the festival it marks, what its publicity reached and its place, where recorded. */
export interface ActivityRow extends Partial<Publicity> {
  readonly organizationId: string
  readonly activityId: string
  readonly kind: Activity.ActivityKind
  readonly title: string
  readonly theme?: string
  readonly heldOn: LocalDate
  readonly participants: number
  readonly beneficiaries: number
  readonly festival?: Activity.Festival
  readonly placeId?: string
}

/** A sum of money received (a donation) or given (relief). */
export interface MoneyRow {
  readonly organizationId: string
  readonly id: string
  readonly purpose: string
  readonly on: LocalDate
  /** Yuan. */
  readonly amount: number
  /** A donation's charity drive (募捐活动): the id of its activity, of the same organization. */
  readonly activityId?: string
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
  const within = <A extends { readonly organizationId: string }>(table: Table.Table<A>) =>
    [...Table.unordered(table)].filter((row) => inArea(options.within, row.organizationId))
  const organizationRows: Array<OrganizationRow> = []
  for (const [organizationId, counts] of Table.entries(state.organizations)) {
    if (!inArea(options.within, organizationId)) continue
    const late = lateEntries(counts.l, options.policy)
    organizationRows.push({
      organizationId,
      activities: counts.activities,
      donations: counts.donations,
      relief: counts.relief,
      lateEntries: late,
      flags: late > 0 ? ["entered-late"] : []
    })
  }
  const byDay = <A extends { readonly organizationId: string }>(day: (a: A) => string, id: (a: A) => string) =>
    byKey<A>((a) => `${day(a)}\u0000${a.organizationId}\u0000${id(a)}`)
  return {
    activities: within(state.activities).sort(byDay((a) => a.heldOn, (a) => a.activityId)),
    donations: within(state.donations).sort(byDay((d) => d.on, (d) => d.id)),
    relief: within(state.relief).sort(byDay((r) => r.on, (r) => r.id)),
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
  /** By festival marked (所逢节日), in the core's order of festivals; festivals with none, and activities marking none, are left out. */
  readonly byFestival: ReadonlyArray<Reach & { readonly festival: Activity.Festival }>
  /** What publicity and consultation (宣传咨询) reached, summed over every activity held (0 where none recorded it). */
  readonly publicity: Publicity
  /** The same, by kind, in the core's order of kinds; kinds whose activities recorded none of it are left out. */
  readonly publicityByKind: ReadonlyArray<Publicity & { readonly kind: Activity.ActivityKind }>
  /**
   * Donations per charity drive (募捐活动), by the day of each drive's first donation in the period:
   * the drive's activity id, organization and title; donations naming no drive last, as one line
   * without `activityId`.
   */
  readonly donationsByDrive: ReadonlyArray<DriveMoney>
  /** Relief per purpose (用途, as recorded), by the day each purpose was first given in the period. */
  readonly reliefByPurpose: ReadonlyArray<Money & { readonly purpose: string }>
}

/** What publicity and consultation (宣传咨询) reached: copies, times, enterprises and people. */
export type Publicity = { readonly [C in Activity.PublicityCount]: number }

/** The donations of one charity drive (or of none: no `activityId`), and their sum. */
export interface DriveMoney extends Money {
  readonly organizationId?: string
  readonly activityId?: string
  /** The drive's title, from its activity; absent for donations naming no drive. */
  readonly title?: string
}

const reachOf = (activities: ReadonlyArray<ActivityRow>): Reach => ({
  count: activities.length,
  participants: sum(activities.map((a) => a.participants)),
  beneficiaries: sum(activities.map((a) => a.beneficiaries))
})

const moneyOf = (rows: ReadonlyArray<MoneyRow>): Money => ({ count: rows.length, yuan: sum(rows.map((r) => Math.round(r.amount * 100))) / 100 })

const publicityOf = (activities: ReadonlyArray<ActivityRow>): Publicity => {
  const total = (c: Activity.PublicityCount) => sum(activities.map((a) => a[c] ?? 0))
  return {
    materialsHandedOut: total("materialsHandedOut"),
    consultationsGiven: total("consultationsGiven"),
    enterprisesReached: total("enterprisesReached"),
    staffReached: total("staffReached")
  }
}

const recordsPublicity = (a: ActivityRow): boolean => Activity.publicityCounts.some((c) => a[c] !== undefined)

/** Groups of money rows by a key, by the day each group's first row was given, then by key. */
const byFirstDay = (rows: ReadonlyArray<MoneyRow>, key: (r: MoneyRow) => string | undefined) =>
  [...groupBy(rows, key)]
    .map(([k, of]) => ({ key: k, first: of.map((r) => r.on).sort()[0]!, of }))
    .sort(byKey((g) => `${g.first}\u0000${g.key}`))

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
  const festivals = groupBy(held, (a) => a.festival)
  const donations = rows.donations.filter((d) => inPeriod(period, d.on))
  const undriven = donations.filter((d) => d.activityId === undefined)
  const relief = rows.relief.filter((r) => inPeriod(period, r.on))
  // A drive's title is its activity's, wherever in time it was held (a drive opened last year still collects).
  const titles = new Map(rows.activities.map((a) => [keyOf(a.organizationId, a.activityId), a.title]))
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
    donations: moneyOf(donations),
    relief: moneyOf(relief),
    byFestival: Activity.Festival.literals.flatMap((festival) => {
      const of = festivals.get(festival)
      return of === undefined ? [] : [{ festival, ...reachOf(of) }]
    }),
    publicity: publicityOf(held),
    publicityByKind: Activity.ActivityKind.literals.flatMap((kind) => {
      const of = kinds.get(kind)?.filter(recordsPublicity) ?? []
      return of.length === 0 ? [] : [{ kind, ...publicityOf(of) }]
    }),
    donationsByDrive: [
      ...byFirstDay(donations, (d) => (d.activityId === undefined ? undefined : keyOf(d.organizationId, d.activityId))).map(({ of }) => {
        const { organizationId, activityId } = of[0]!
        const title = titles.get(keyOf(organizationId, activityId!))
        return { organizationId, activityId: activityId!, ...(title === undefined ? {} : { title }), ...moneyOf(of) }
      }),
      ...(undriven.length === 0 ? [] : [moneyOf(undriven)])
    ],
    reliefByPurpose: byFirstDay(relief, (r) => r.purpose).map(({ key, of }) => ({ purpose: key, ...moneyOf(of) }))
  }
}
