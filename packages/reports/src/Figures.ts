/**
 * 报表底数: the figures every report is made of, read off the ledgers (台帐) of the report's
 * organization and those below it, for the days of a period — never counted here. Each figure
 * is the ledger's own (`Cases.figures`, `HouseholdContact.figures`, …), so a figure that a
 * ledger and a report both show is computed once, by the same code (DOMAIN.md §9: 台帐与报表相符).
 *
 *   const drawn = yield* Ledgers.draw({ policy, asOf: scope.to, upTo })
 *   const figures = Figures.of(drawn, scope, policy)
 *
 * The ledgers are drawn as the facts stood at the end of the period (`asOf` its last day), so
 * what is "at the end" (open cases, serving volunteers, pairs in force) is as it stood then,
 * and a record dated later is not in the report, however early it was entered.
 *
 * @since 0.1.0
 */
import type { PolicyShape } from "@fulian/core/Policy"
import type { DateRange } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"

/** What a report covers: an organization (and those below it) and the days of a period. */
export interface Scope extends DateRange {
  readonly organizationId: string
}

/** The figures of a report: whose, and each ledger's figures for its area and period. */
export interface Figures {
  readonly scope: Scope
  /** The report's own organization. */
  readonly subject: Ledgers.Organizations.OrganizationRow
  /** The organizations of its area, its own first, then by level from the top. */
  readonly organizations: ReadonlyArray<Ledgers.Organizations.OrganizationRow>
  readonly cases: Ledgers.Cases.Figures
  readonly contact: Ledgers.HouseholdContact.Figures
  readonly activities: Ledgers.Activities.Figures
  readonly meetings: Ledgers.Meetings.Figures
  readonly elections: Ledgers.Terms.Figures
  readonly awards: Ledgers.Awards.Figures
  readonly volunteers: Ledgers.Volunteers.Figures
}

/**
 * The figures of a scope, from ledgers drawn as of its last day; `undefined` when the report's
 * organization is not registered in them.
 */
export const of = (drawn: Ledgers.Drawn, scope: Scope, policy: PolicyShape): Figures | undefined => {
  const { states } = drawn
  const options = { asOf: scope.to, policy }
  const within = Ledgers.Organizations.area(states.organizations, scope.organizationId)
  const organizations = Ledgers.Organizations.rows(states.organizations, { ...options, within })
  const subject = organizations.find((o) => o.organizationId === scope.organizationId)
  if (subject === undefined) return undefined
  return {
    scope,
    subject,
    organizations,
    cases: Ledgers.Cases.figures(Ledgers.Cases.rows(states.cases, { ...options, within }), within, scope),
    contact: Ledgers.HouseholdContact.figures(Ledgers.HouseholdContact.rows(states.householdContact, { ...options, within }), scope),
    activities: Ledgers.Activities.figures(Ledgers.Activities.rows(states.activities, { ...options, within }), scope),
    meetings: Ledgers.Meetings.figures(
      Ledgers.Meetings.rows(states.meetings, { ...options, within, period: scope, organizations }),
      scope
    ),
    elections: Ledgers.Terms.figures(Ledgers.Terms.rows(states.terms, { ...options, within }), scope),
    awards: Ledgers.Awards.figures(Ledgers.Awards.rows(states.awards, { ...options, within }), scope),
    volunteers: Ledgers.Volunteers.figures(Ledgers.Volunteers.rows(states.volunteers, { ...options, within }), scope)
  }
}
