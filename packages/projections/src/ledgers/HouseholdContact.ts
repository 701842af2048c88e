/**
 * 联系户台帐, the household contact ledger (DOMAIN.md §3; seed 000 §四(一), seed 002
 * 妇联制度(一)): per serving women's representative (妇女代表), the households she keeps
 * contact with against the 3–5 target (under target 未达标 is allowed but shown), her contact
 * visits per month, and the households she has never visited; per community, the households
 * no representative keeps contact with.
 *
 * Folds each community's roster (`representation-{id}`), each community's visit log
 * (`contact-visits-{id}`) and each household's stream with their own `evolve`; the rows come
 * from `Representation.coverage`, `visitsPerMonth`, `neverVisited` and `withoutRepresentative`.
 * No fold keeps a name, address or visit note (the visit log's state has no notes at all).
 *
 * @since 0.1.0
 */
import * as Household from "@fulian/core/Household"
import * as Representation from "@fulian/core/Representation"
import * as Projection from "../Projection.ts"
import { byKey, fold, type Instances, millisOf, type Options } from "./Ledger.ts"

const communities = fold(Representation.aggregate, (event) =>
  // The ledger needs no personal data: names stay in the events.
  event._tag === "RepresentativeElected" ? { ...event, name: "" } : event)
const visitLogs = fold(Representation.contactLog)
const households = fold(Household.aggregate)

/** The state of the household contact ledger. */
export interface State {
  /** Each community's roster, by community id. */
  readonly communities: Instances
  /** Each community's visit log, by community id. */
  readonly visits: Instances
  /** Each household's state (its community), by household id. */
  readonly households: Instances
}

/** The household contact ledger's projection. */
export const projection: Projection.Projection<State> = Projection.make<State>({
  name: "ledger-household-contact",
  // 2: visits are folded from the communities' visit logs, into `visits`.
  version: 2,
  initial: { communities: {}, visits: {}, households: {} },
  apply: (state, envelope) => {
    const c = communities.apply(state.communities, envelope)
    if (c !== state.communities) return { ...state, communities: c }
    const v = visitLogs.apply(state.visits, envelope)
    if (v !== state.visits) return { ...state, visits: v }
    const h = households.apply(state.households, envelope)
    return h !== state.households ? { ...state, households: h } : state
  }
})

/** A flag of a representative's line: 未达标 (fewer households than the target), 未走访 (a household never visited). */
export type RepresentativeFlag = "under-target" | "households-never-visited"

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
  readonly flags: ReadonlyArray<RepresentativeFlag>
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
}

/** The household contact ledger. */
export interface Rows {
  /** Serving representatives, by community, then representative id. */
  readonly representatives: ReadonlyArray<RepresentativeRow>
  /** Communities with registered households or representatives, by id. */
  readonly communities: ReadonlyArray<CommunityRow>
}

/** The ledger's rows, of every community or of one (`organizationId`). */
export const rows = (state: State, options: Options & { readonly organizationId?: string }): Rows => {
  const month = new Date(millisOf(options.asOf)).toISOString().slice(0, 7)
  const householdsByCommunity = new Map<string, Array<string>>()
  for (const [householdId, household] of households.all(state.households)) {
    if (!household.registered) continue
    const list = householdsByCommunity.get(household.organizationId) ?? []
    list.push(householdId)
    householdsByCommunity.set(household.organizationId, list)
  }
  const ids = [...new Set([...communities.ids(state.communities), ...householdsByCommunity.keys()])]
    .filter((id) => options.organizationId === undefined || id === options.organizationId)
    .sort()
  const representatives: Array<RepresentativeRow> = []
  const communityRows: Array<CommunityRow> = []
  for (const organizationId of ids) {
    const representation = communities.get(state.communities, organizationId)
    const log = visitLogs.get(state.visits, organizationId)
    const neverVisited = Representation.neverVisited(representation, log)
    const coverage = Representation.coverage(representation, options.policy)
    for (const line of coverage) {
      const notVisited = neverVisited.filter((l) => l.representativeId === line.representativeId).map((l) => l.householdId)
      const flags: Array<RepresentativeFlag> = []
      if (line.underTarget) flags.push("under-target")
      if (notVisited.length > 0) flags.push("households-never-visited")
      representatives.push({
        organizationId,
        representativeId: line.representativeId,
        householdIds: line.householdIds,
        underTarget: line.underTarget,
        atLimit: line.atLimit,
        visitsPerMonth: Representation.visitsPerMonth(log, line.representativeId).filter((m) => m.month <= month),
        neverVisited: notVisited,
        flags
      })
    }
    const registered = householdsByCommunity.get(organizationId) ?? []
    communityRows.push({
      organizationId,
      households: registered.length,
      representatives: coverage.length,
      withoutRepresentative: [...Representation.withoutRepresentative(representation, registered)].sort()
    })
  }
  return { representatives: representatives.sort(byKey((r) => `${r.organizationId}\u0000${r.representativeId}`)), communities: communityRows }
}
