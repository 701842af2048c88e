/**
 * 巾帼志愿者台帐, the volunteers ledger (DOMAIN.md §7; seed 000 items 2 and §四(六), seed 003
 * §一, §五): every organization's volunteers — serving or left, the date each gave her consent
 * (自愿参加为原则) and her hours of service — and the pairs in force (结对帮扶) with the
 * circumstances of each household served (空巢老人, 低保, …).
 *
 * Folds each organization's `volunteers-{organizationId}` stream with `Volunteer.aggregate`'s
 * own `evolve` (it keeps no name), and each household's stream for its circumstances.
 *
 * @since 0.1.0
 */
import * as Household from "@fulian/core/Household"
import type { LocalDate } from "@fulian/core/Time"
import * as Volunteer from "@fulian/core/Volunteer"
import * as Projection from "../Projection.ts"
import { byKey, fold, type Instances, type Options } from "./Ledger.ts"

const volunteers = fold(Volunteer.aggregate)
const households = fold(Household.aggregate)

/** The state of the volunteers ledger. */
export interface State {
  /** Each organization's volunteers, by organization id. */
  readonly volunteers: Instances
  /** Each household's state (for its circumstances), by household id. */
  readonly households: Instances
}

/** The volunteers ledger's projection. */
export const projection: Projection.Projection<State> = Projection.make<State>({
  name: "ledger-volunteers",
  version: 1,
  initial: { volunteers: {}, households: {} },
  apply: (state, envelope) => {
    const v = volunteers.apply(state.volunteers, envelope)
    if (v !== state.volunteers) return { ...state, volunteers: v }
    const h = households.apply(state.households, envelope)
    return h !== state.households ? { ...state, households: h } : state
  }
})

/** One volunteer's line of the ledger. */
export interface VolunteerRow {
  readonly organizationId: string
  readonly volunteerId: string
  /** Serving, or left. */
  readonly active: boolean
  /** The date she gave her consent (of her latest joining). */
  readonly consentGivenOn: LocalDate
  /** The households she is paired with now. */
  readonly householdIds: ReadonlyArray<string>
  /** Hours of service logged, in all. */
  readonly hours: number
}

/** A pair in force: a volunteer and the household in need she serves. */
export interface PairRow {
  readonly organizationId: string
  readonly volunteerId: string
  readonly householdId: string
  /** The household's circumstances now. */
  readonly circumstances: ReadonlyArray<Household.Circumstance>
}

/** An organization's totals. */
export interface OrganizationRow {
  readonly organizationId: string
  readonly serving: number
  readonly left: number
  readonly pairs: number
  /** Distinct households served by a pair. */
  readonly householdsPaired: number
  readonly hours: number
}

/** The volunteers ledger. */
export interface Rows {
  /** Every volunteer, by organization, then id. */
  readonly volunteers: ReadonlyArray<VolunteerRow>
  /** Every pair in force, by organization, volunteer, then household. */
  readonly pairs: ReadonlyArray<PairRow>
  /** Per organization, by id. */
  readonly organizations: ReadonlyArray<OrganizationRow>
}

/** The ledger's rows, of every organization or of one (`organizationId`). */
export const rows = (state: State, options: Options & { readonly organizationId?: string }): Rows => {
  const volunteerRows: Array<VolunteerRow> = []
  const pairRows: Array<PairRow> = []
  const organizationRows: Array<OrganizationRow> = []
  for (const [organizationId, organization] of volunteers.all(state.volunteers)) {
    if (options.organizationId !== undefined && organizationId !== options.organizationId) continue
    const mine = [...organization.volunteers].sort(byKey(([id]) => id))
    for (const [volunteerId, v] of mine) {
      volunteerRows.push({ organizationId, volunteerId, active: v.active, consentGivenOn: v.consentGivenOn, householdIds: v.pairs, hours: v.hours })
    }
    const pairs = [...Volunteer.activePairs(organization)].sort(byKey((p) => `${p.volunteerId}\u0000${p.householdId}`))
    for (const p of pairs) {
      pairRows.push({ organizationId, ...p, circumstances: households.get(state.households, p.householdId).circumstances })
    }
    const serving = Volunteer.activeVolunteers(organization).length
    organizationRows.push({
      organizationId,
      serving,
      left: organization.volunteers.size - serving,
      pairs: pairs.length,
      householdsPaired: new Set(pairs.map((p) => p.householdId)).size,
      hours: [...organization.volunteers.values()].reduce((sum, v) => sum + v.hours, 0)
    })
  }
  return { volunteers: volunteerRows, pairs: pairRows, organizations: organizationRows }
}
