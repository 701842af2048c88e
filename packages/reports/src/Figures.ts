/**
 * 报表底数: the figures every report is made of, read off the ledgers (台帐) of the report's
 * organization and those below it, for the days of a period — never counted here. Each figure
 * is the ledger's own (`Cases.figures`, `HouseholdContact.figures`, …), so a figure that a
 * ledger and a report both show is computed once, by the same code (DOMAIN.md §9: 台帐与报表相符).
 *
 *   const drawn = yield* Ledgers.draw({ policy, asOf: scope.to, upTo })
 *   const figures = Figures.of(drawn, scope, policy, { yearToDate: kind === "monthly", byMonth: kind !== "monthly" })
 *
 * The ledgers are drawn as the facts stood at the end of the period (`asOf` its last day), so
 * what is "at the end" (open cases, serving volunteers, pairs in force) is as it stood then,
 * and a record dated later is not in the report, however early it was entered.
 *
 * 累计 (year to date). A monthly report shows each figure for the month and for the year to
 * date, from January 1 of its local year to the month's end: the second is the same ledgers'
 * `figures` over that longer period (`of` with `yearToDate`), never the months summed by hand —
 * a figure such as "households visited" or "cases mediated" counts distinct things, which a sum
 * of months would count again.
 *
 * 按月 (by month). A summary shows its activities month by month (`activitiesByMonth`): each
 * month is the activities ledger's own `figures` of that month's days, as 累计 is.
 *
 * @since 0.1.0
 */
import type { PolicyShape } from "@fulian/core/Policy"
import { addDays, type DateRange } from "@fulian/core/Time"
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
  /** 联系户数: the households linked to a serving representative at the scope's end (`HouseholdContact.linkedHouseholds`). */
  readonly linkedHouseholds: number
  readonly activities: Ledgers.Activities.Figures
  readonly meetings: Ledgers.Meetings.Figures
  readonly elections: Ledgers.Terms.Figures
  readonly awards: Ledgers.Awards.Figures
  /** 奖励: the rewards given with the awards conferred in the period (给予一定奖励). */
  readonly awardRewards: Ledgers.Awards.RewardFigures
  readonly volunteers: Ledgers.Volunteers.Figures
  /** The volunteers ledger's pairs in force, by the circumstance of the household served. */
  readonly pairsByCircumstance: ReturnType<typeof Ledgers.Volunteers.pairsByCircumstance>
  /** 组织建设: the federation units by level and the enterprises' and social organizations' women's organizations (两新组织). */
  readonly federation: Ledgers.Organizations.Figures
  /** 进两委 and 后备干部: the report's organization's own, and those of the organizations below it, at the end of the period. */
  readonly building: Ledgers.Terms.BuildingFigures
  /** 调解委员会: the mediators serving at the end, appointed and left, and their sessions and trainings in the period. */
  readonly mediators: Ledgers.Mediators.Figures
  /** 考核评比: the assessments the area's organizations concluded in the period, their rankings and rewards (§8). */
  readonly assessments: Ledgers.Assessments.Figures
  /**
   * 学习培训: the study and trainings of the scope's year up to its last day, when the scope
   * begins on January 1 (the ledger counts a year to a day, not any period).
   */
  readonly study?: Ledgers.Study.Figures | undefined
  /** 工作计划: the report's organization's plan for the scope's year, as in force at its end, if one was adopted. */
  readonly plan?: Ledgers.Plans.PlanRow | undefined
  /**
   * 累计: the same figures from January 1 of the scope's year to its last day, when asked for
   * (a monthly report); the figures themselves when the scope begins on January 1.
   */
  readonly yearToDate?: Figures | undefined
  /**
   * 按月: the activities of each month of the scope, in order, when asked for (a summary): the
   * activities ledger's own `figures` of each month, as 累计 is the ledger's figures of the year.
   */
  readonly activitiesByMonth?: ReadonlyArray<MonthOfActivities> | undefined
}

/** The activities of one month of a scope: the activities ledger's figures of that month. */
export interface MonthOfActivities {
  /** The month, written `YYYY-MM`. */
  readonly month: string
  readonly figures: Ledgers.Activities.Figures
}

/** Options of `of`. */
export interface Options {
  /** Also the figures of the year to date (累计), as a monthly report shows them. */
  readonly yearToDate?: boolean | undefined
  /** Also the activities of each month of the scope (`activitiesByMonth`), as a summary shows them. */
  readonly byMonth?: boolean | undefined
}

/**
 * The months a scope covers, each as its days within the scope (`YYYY-MM`, first and last
 * day), in order: a scope from 2023-01-01 to 2023-06-30 has six.
 */
export const monthsOf = (scope: { readonly from: string; readonly to: string }): ReadonlyArray<{ readonly month: string; readonly from: string; readonly to: string }> => {
  const out: Array<{ readonly month: string; readonly from: string; readonly to: string }> = []
  let year = Number(scope.from.slice(0, 4))
  let month = Number(scope.from.slice(5, 7))
  const pad = (n: number, w: number) => String(n).padStart(w, "0")
  for (;;) {
    const key = `${pad(year, 4)}-${pad(month, 2)}`
    if (key > scope.to.slice(0, 7)) break
    const next = month === 12 ? `${pad(year + 1, 4)}-01-01` : `${pad(year, 4)}-${pad(month + 1, 2)}-01`
    const first = `${key}-01`
    out.push({ month: key, from: first < scope.from ? scope.from : first, to: addDays(next, -1) > scope.to ? scope.to : addDays(next, -1) })
    if (month === 12) {
      year++
      month = 1
    } else {
      month++
    }
  }
  return out
}

/** The first day of the local year of a day (`2023-08-31` → `2023-01-01`). */
export const yearStart = (day: string): string => `${day.slice(0, 4)}-01-01`

/**
 * The figures of a scope, from ledgers drawn as of its last day; `undefined` when the report's
 * organization is not registered in them.
 */
export const of = (drawn: Ledgers.Drawn, scope: Scope, policy: PolicyShape, options: Options = {}): Figures | undefined => {
  const figures = ofScope(drawn, scope, policy)
  if (figures === undefined) return figures
  const from = yearStart(scope.to)
  return {
    ...figures,
    ...(options.yearToDate === true ? { yearToDate: from === scope.from ? figures : ofScope(drawn, { ...scope, from }, policy) } : {}),
    ...(options.byMonth === true ? { activitiesByMonth: activitiesByMonth(drawn, scope, policy) } : {})
  }
}

/** The activities ledger's figures of each month of a scope, from its rows as of the scope's last day. */
const activitiesByMonth = (drawn: Ledgers.Drawn, scope: Scope, policy: PolicyShape): ReadonlyArray<MonthOfActivities> => {
  const within = Ledgers.Organizations.area(drawn.states.organizations, scope.organizationId)
  const rows = Ledgers.Activities.rows(drawn.states.activities, { asOf: scope.to, policy, within })
  return monthsOf(scope).map(({ month, from, to }) => ({ month, figures: Ledgers.Activities.figures(rows, { from, to }) }))
}

const ofScope = (drawn: Ledgers.Drawn, scope: Scope, policy: PolicyShape): Figures | undefined => {
  const { states } = drawn
  const options = { asOf: scope.to, policy }
  const within = Ledgers.Organizations.area(states.organizations, scope.organizationId)
  const organizations = Ledgers.Organizations.rows(states.organizations, { ...options, within })
  const subject = organizations.find((o) => o.organizationId === scope.organizationId)
  if (subject === undefined) return undefined
  const year = Number(scope.to.slice(0, 4))
  const own: Ledgers.Organizations.Area = { ...within, ids: new Set([scope.organizationId]) }
  const awardRows = Ledgers.Awards.rows(states.awards, { ...options, within })
  const contactRows = Ledgers.HouseholdContact.rows(states.householdContact, { ...options, within })
  const volunteerRows = Ledgers.Volunteers.rows(states.volunteers, { ...options, within })
  const twoNew = new Set(organizations.filter((o) => o.kind !== "federation").map((o) => o.organizationId))
  return {
    scope,
    subject,
    organizations,
    cases: Ledgers.Cases.figures(Ledgers.Cases.rows(states.cases, { ...options, within }), within, scope),
    contact: Ledgers.HouseholdContact.figures(contactRows, scope),
    linkedHouseholds: Ledgers.HouseholdContact.linkedHouseholds(contactRows),
    activities: Ledgers.Activities.figures(Ledgers.Activities.rows(states.activities, { ...options, within }), scope),
    meetings: Ledgers.Meetings.figures(
      Ledgers.Meetings.rows(states.meetings, { ...options, within, period: scope, organizations }),
      scope
    ),
    elections: Ledgers.Terms.figures(Ledgers.Terms.rows(states.terms, { ...options, within }), scope),
    awards: Ledgers.Awards.figures(awardRows, scope),
    awardRewards: Ledgers.Awards.rewards(awardRows, scope),
    volunteers: Ledgers.Volunteers.figures(volunteerRows, scope),
    pairsByCircumstance: Ledgers.Volunteers.pairsByCircumstance(volunteerRows),
    federation: Ledgers.Organizations.figures(organizations),
    // The cadre figures (进两委, 后备干部) are the federation units': a women's organization of an
    // enterprise has no residents' committee, and is counted in its own table (两新).
    building: Ledgers.Terms.buildingFigures(
      Ledgers.Terms.building(states.terms, { ...options, within }).filter((r) => !twoNew.has(r.organizationId)),
      scope.organizationId
    ),
    mediators: Ledgers.Mediators.figures(Ledgers.Mediators.rows(states.mediators, { ...options, within }), scope),
    assessments: Ledgers.Assessments.figures(Ledgers.Assessments.rows(states.assessments, { ...options, within }), scope),
    ...(scope.from === yearStart(scope.to)
      ? { study: Ledgers.Study.figures(Ledgers.Study.rows(states.study, { ...options, within, year })) }
      : {}),
    plan: Ledgers.Plans.rows(states.plans, { ...options, year, within: own }).plans.find((p) => p.organizationId === scope.organizationId)
  }
}
