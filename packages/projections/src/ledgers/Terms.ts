/**
 * 换届台帐, the elections ledger (DOMAIN.md §2; seed 000 item 4, seed 003 §三.1): every term
 * (届) of every organization's executive committee, with its expiry; the elections not filed
 * with the federation above in time (备案逾期); the terms not synchronized with the residents'
 * committee (与居委会换届不同步); and the elections coming up (换届将至) or overdue (换届逾期).
 *
 * Folds each organization's `term-{organizationId}` stream with `Term.aggregate`'s own
 * `evolve`, without members' names; flags come from `Term.filingOverdue`,
 * `Term.notSynchronized`, `Term.electionDueSoon` and `Term.electionOverdue`.
 *
 * @since 0.1.0
 */
import * as Term from "@fulian/core/Term"
import type { LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import { byKey, dateOfAsOf, fold, type Instances, millisOf, type Options } from "./Ledger.ts"

const terms = fold(Term.aggregate, (event) =>
  // The ledger needs no personal data: members' names stay in the events.
  event._tag === "ExecutiveCommitteeElected"
    ? { ...event, members: event.members.map((m) => ({ ...m, name: "" })) }
    : event._tag === "MemberByElected"
    ? { ...event, member: { ...event.member, name: "" } }
    : event)

/** The state of the elections ledger. */
export interface State {
  /** Each organization's terms, by organization id. */
  readonly terms: Instances
}

/** The elections ledger's projection. */
export const projection: Projection.Projection<State> = Projection.make<State>({
  name: "ledger-terms",
  version: 1,
  initial: { terms: {} },
  apply: (state, envelope) => {
    const t = terms.apply(state.terms, envelope)
    return t !== state.terms ? { terms: t } : state
  }
})

/**
 * A flag of a term's line: 备案逾期 (filed late, or still unfiled past the deadline), 不同步
 * (started too far from the residents' committee election), and, on an organization's latest
 * term, 换届将至 (its end is near with no successor) and 换届逾期 (it is over with no successor).
 */
export type TermFlag = "filing-overdue" | "not-synchronized" | "election-due-soon" | "election-overdue"

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
  /** Its members in office on the date of `asOf` (0 unless live). */
  readonly membersInOffice: number
  readonly residentsCommitteeElectedOn: LocalDate
  /** The last day to file it on time, and when and with whom it was filed. */
  readonly filingDeadline: LocalDate
  readonly filedOn?: LocalDate
  readonly filedWith?: string
  readonly flags: ReadonlyArray<TermFlag>
}

/** Options of the elections ledger's query. */
export interface TermOptions extends Options {
  /** Only this organization's terms. */
  readonly organizationId?: string
  /** How many days before a term's end its election is shown as coming up (default `Term.electionNoticeDays`). */
  readonly noticeDays?: number
}

/** The ledger's rows: every term, by organization, then election. */
export const rows = (state: State, options: TermOptions): ReadonlyArray<TermRow> => {
  const now = millisOf(options.asOf)
  const today = dateOfAsOf(options.asOf)
  const out: Array<TermRow> = []
  for (const [organizationId, organization] of terms.all(state.terms)) {
    if (options.organizationId !== undefined && organizationId !== options.organizationId) continue
    const latest = Term.latestTerm(organization)
    const live = Term.liveTermOn(organization, today)
    for (const term of organization.terms) {
      const isLatest = term.termId === latest?.termId
      const flags: Array<TermFlag> = []
      if (Term.filingOverdue(term, now, options.policy)) flags.push("filing-overdue")
      if (Term.notSynchronized(term, options.policy)) flags.push("not-synchronized")
      if (isLatest && Term.electionDueSoon(organization, now, options.noticeDays)) flags.push("election-due-soon")
      if (isLatest && Term.electionOverdue(organization, now)) flags.push("election-overdue")
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
        membersInOffice: isLive ? Term.membersOn(organization, today).length : 0,
        residentsCommitteeElectedOn: term.residentsCommitteeElectedOn,
        filingDeadline: Term.filingDeadline(term, options.policy),
        ...(term.filed ? { filedOn: term.filed.filedOn, filedWith: term.filed.filedWith } : {}),
        flags
      })
    }
  }
  return out.sort(byKey((r) => `${r.organizationId}\u0000${r.electedOn}\u0000${r.termId}`))
}
