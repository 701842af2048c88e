/**
 * 阵地台帐, the ledger of places (DOMAIN.md §1; seed 003 §二.3, §三.2): every women's home,
 * activity room, rights station and point, mediation hotline and duty post of every
 * organization, with the days it opened and closed and whether it is open; and, for an area,
 * the places open by kind (`figures`), as a report's organization-building section counts them.
 *
 * Folds each organization's `places-{organizationId}` stream with `Place.aggregate`'s own
 * `evolve`.
 *
 * @since 0.1.0
 */
import * as Place from "@fulian/core/Place"
import type { Calendar, LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import { type Area, byKey, countBy, fold, inArea, type Instances, judged, type LateFlag, lateEntries, nameFor, type Options, reader } from "./Ledger.ts"

/** The state of the places ledger. */
export interface State {
  /** Each organization's places, by organization id. */
  readonly places: Instances
}

const organizations = reader(Place.aggregate)

/** The places ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const places = fold(Place.aggregate, calendar)
  return Projection.rows<State>({
    name: nameFor("ledger-places", calendar),
    // 2: late entries as [days, records] pairs.
    version: 2,
    initial: { places: Table.empty() },
    reads: (envelope) => places.reads("places", envelope),
    apply: (state, envelope) => {
      const p = places.apply(state.places, envelope)
      return p !== state.places ? { places: p } : state
    }
  })
}

/** One place's line of the ledger. */
export interface PlaceRow {
  readonly organizationId: string
  readonly placeId: string
  readonly kind: Place.Kind
  readonly name: string
  /** A hotline's (or duty post's) telephone number. */
  readonly number?: string
  readonly openedOn: LocalDate
  readonly closedOn?: LocalDate
  /** Whether it is open on the date of `asOf`. */
  readonly open: boolean
  /** 补录: its organization's places were entered later than `policy.lateEntryDays` after the fact. */
  readonly flags: ReadonlyArray<LateFlag>
}

/** The ledger's rows (of an area, when given), judged at `asOf`: by organization, then by opening. */
export const rows = (state: State, options: Options & { readonly within?: Area }): ReadonlyArray<PlaceRow> => {
  const today = judged(options).date
  const out: Array<PlaceRow> = []
  for (const [organizationId, places] of organizations.all(state.places)) {
    if (!inArea(options.within, organizationId)) continue
    const late = lateEntries(organizations.lags(state.places, organizationId), options.policy) > 0
    for (const p of places.places) {
      out.push({
        organizationId,
        placeId: p.placeId,
        kind: p.kind,
        name: p.name,
        ...(p.number === undefined ? {} : { number: p.number }),
        openedOn: p.openedOn,
        ...(p.closedOn === undefined ? {} : { closedOn: p.closedOn }),
        open: Place.isOpenOn(p, today),
        flags: late ? ["entered-late"] : []
      })
    }
  }
  return out.sort(byKey((r) => `${r.organizationId}\u0000${r.openedOn}\u0000${r.placeId}`))
}

/** The places of an area's rows that are open, by kind, and in all. */
export interface Figures {
  readonly openByKind: { readonly [K in Place.Kind]: number }
  readonly open: number
}

/** The figures of rows: the places open on the date they were judged at, by kind. */
export const figures = (rows: ReadonlyArray<PlaceRow>): Figures => {
  const open = rows.filter((r) => r.open)
  return { openByKind: countBy(Place.Kind.literals, open, (r) => r.kind), open: open.length }
}
