/**
 * 组织台帐, the ledger of organizations (DOMAIN.md §1): every federation unit registered, its
 * level and its parent — the chain every case and report goes up by. Every other ledger is
 * drawn for an area made from it (`area`): an organization and every one below it.
 *
 * Each row shows the organization's kind and how many women's organizations of enterprises
 * and social organizations (两新组织妇委会) it guides; `figures` counts them for an area, for
 * the organization-building section of a report (seed 003 §三.2).
 *
 * Folds each organization's stream with `Organization.aggregate`'s own `evolve`.
 *
 * @since 0.1.0
 */
import * as Organization from "@fulian/core/Organization"
import type { Calendar } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import { type Area, byKey, countBy, fold, type Instances, type LateFlag, lateEntries, nameFor, type Options, reader } from "./Ledger.ts"

export type {
  /** An organization and every one below it: what a ledger is drawn for (`area`). */
  Area
} from "./Ledger.ts"

/** The state of the organizations ledger. */
export interface State {
  /** Each organization's registration, by id. */
  readonly organizations: Instances
}

/** The organizations ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const organizations = fold(Organization.aggregate, calendar)
  return Projection.rows<State>({
    name: nameFor("ledger-organizations", calendar),
    // 2: kept as rows; 3: the organization's kind. 4: late entries as [days, records] pairs.
    version: 4,
    initial: { organizations: Table.empty() },
    reads: (envelope) => organizations.reads("organizations", envelope),
    apply: (state, envelope) => {
      const o = organizations.apply(state.organizations, envelope)
      return o !== state.organizations ? { organizations: o } : state
    }
  })
}

/** A registered organization, as the rows show it. */
export interface OrganizationRow {
  readonly organizationId: string
  readonly name: string
  readonly level: Organization.Level
  readonly parentId?: string
  /** Its kind: a federation unit, or an enterprise's or social organization's women's organization. */
  readonly kind: Organization.Kind
  /** 两新组织: how many women's organizations of enterprises and social organizations it guides (registered directly under it). */
  readonly twoNewOrganizations: number
  /** 补录: its registration was entered later than `policy.lateEntryDays` after it was made. */
  readonly lateEntries: number
  readonly flags: ReadonlyArray<LateFlag>
}

const registrations = reader(Organization.aggregate)

/** A registered organization by id, if it is. */
export const organization = (state: State, organizationId: string): Organization.State & { readonly level: Organization.Level } | undefined => {
  const o = registrations.get(state.organizations, organizationId)
  return o.registered && o.level !== undefined ? (o as Organization.State & { readonly level: Organization.Level }) : undefined
}

/**
 * The area of an organization: itself and every organization whose chain of parents reaches
 * it. An organization not registered has an area of itself alone.
 */
export const area = (state: State, organizationId: string): Area => {
  const ids = new Set<string>([organizationId])
  for (const id of registrations.ids(state.organizations)) {
    let at: string | undefined = id
    // Bounded by the five levels; guards against a malformed parent loop.
    for (let hops = 0; at !== undefined && hops < 6; hops++) {
      if (at === organizationId) {
        ids.add(id)
        break
      }
      at = registrations.get(state.organizations, at).parentId
    }
  }
  return { organizationId, ids }
}

/** The area of every registered organization: a ledger drawn for all of them. */
export const everything = (state: State): Area => ({
  organizationId: "*",
  ids: new Set(registrations.all(state.organizations).flatMap(([id, o]) => (o.registered ? [id] : [])))
})

const levelsTopDown: ReadonlyArray<Organization.Level> = [...Organization.Level.literals].reverse()

/**
 * The registered organizations (of an area, when given): the area's own first, then by level
 * from the top and by id.
 */
export const rows = (state: State, options: Options & { readonly within?: Area }): ReadonlyArray<OrganizationRow> => {
  const out: Array<OrganizationRow> = []
  const guided = new Map<string, number>()
  for (const [, o] of registrations.all(state.organizations)) {
    if (o.registered && o.parentId !== undefined && Organization.isTwoNew(o.kind)) guided.set(o.parentId, (guided.get(o.parentId) ?? 0) + 1)
  }
  for (const [organizationId, o] of registrations.all(state.organizations)) {
    if (!o.registered || o.level === undefined || o.name === undefined) continue
    if (options.within !== undefined && !options.within.ids.has(organizationId)) continue
    const late = lateEntries(registrations.lags(state.organizations, organizationId), options.policy)
    out.push({
      organizationId,
      name: o.name,
      level: o.level,
      ...(o.parentId === undefined ? {} : { parentId: o.parentId }),
      kind: o.kind ?? "federation",
      twoNewOrganizations: guided.get(organizationId) ?? 0,
      lateEntries: late,
      flags: late > 0 ? ["entered-late"] : []
    })
  }
  const own = options.within?.organizationId
  return out.sort((a, b) =>
    Number(b.organizationId === own) - Number(a.organizationId === own) ||
    levelsTopDown.indexOf(a.level) - levelsTopDown.indexOf(b.level) ||
    byKey<OrganizationRow>((r) => r.organizationId)(a, b))
}

/** The organization-building figures of organizations (组织建设), for an area's rows. */
export interface Figures {
  /** The federation units, by level. */
  readonly federationByLevel: { readonly [L in Organization.Level]: number }
  /** 两新组织妇委会: the women's organizations of enterprises and of social organizations, and both. */
  readonly twoNew: { readonly enterprise: number; readonly socialOrganization: number; readonly total: number }
}

/**
 * The figures of an area's rows (`rows(state, { within })`), the area's own organization
 * included: what a report's organization-building section shows.
 */
export const figures = (rows: ReadonlyArray<OrganizationRow>): Figures => {
  const federation = rows.filter((r) => !Organization.isTwoNew(r.kind))
  const enterprise = rows.filter((r) => r.kind === "enterprise").length
  const socialOrganization = rows.filter((r) => r.kind === "social-organization").length
  return {
    federationByLevel: countBy(Organization.Level.literals, federation, (r) => r.level),
    twoNew: { enterprise, socialOrganization, total: enterprise + socialOrganization }
  }
}
