/**
 * 月报: an organization's monthly report — the month's cases (registered, resolved, escalated,
 * open at the month's end), the representatives' contact visits, the activities and the
 * meetings, in all and for each organization below it. Read off the ledgers' figures
 * (`Figures`), so it is a function of the events up to a log position.
 *
 * Each figure is shown for the month (本月) and the year to date (累计: from January 1 of the
 * local year to the month's end), both the ledgers' own figures of their period
 * (`Figures.of` with `yearToDate`). What is "at the end" (cases open) is the same in both.
 *
 * @since 0.1.0
 */
import * as Activity from "@fulian/core/Activity"
import * as Case from "@fulian/core/Case"
import * as Meeting from "@fulian/core/Meeting"
import type { Level } from "@fulian/core/Organization"
import * as Representation from "@fulian/core/Representation"
import type { LocalDate } from "@fulian/core/Time"
import { type Document, label, measures, periodMeasures, type Table } from "./Document.ts"
import type * as Figures from "./Figures.ts"
import type { LabelKey } from "./Labels.ts"

/** The figures of a group of activities. */
export interface ActivityFigures {
  readonly count: number
  readonly participants: number
  readonly beneficiaries: number
}

/** One organization's line of a report. */
export interface OrganizationLine {
  readonly organizationId: string
  readonly name: string
  readonly level: Level
  readonly activities: number
  readonly participants: number
  readonly casesReceived: number
  readonly casesResolved: number
  readonly openCases: number
  readonly contactVisits: number
  readonly meetingsHeld: number
}

/** Whose report it is and for which days: what the content of every report opens with. */
export interface Subject {
  readonly organizationId: string
  readonly organizationName: string
  readonly level: Level
  readonly period: string
  readonly from: LocalDate
  readonly to: LocalDate
}

/** The meetings held in the period, by kind, and the decisions taken and done. */
export interface MeetingFigures {
  readonly held: Readonly<Record<Meeting.Kind, number>>
  readonly decisionsTaken: number
  readonly decisionsDone: number
}

/** The cases of a period of a monthly report. */
export interface CaseFigures {
  /** Registered in the period, or assigned from above. */
  readonly received: number
  readonly assignedFromAbove: number
  readonly byCategory: Readonly<Record<Case.Category, number>>
  readonly resolved: number
  readonly escalations: number
  readonly escalatedOut: number
  readonly openAtEnd: number
  readonly reopened: number
  readonly mediationSessions: number
  readonly followUpVisits: number
}

/** The representatives' contact visits of a period. */
export interface VisitFigures {
  readonly contactVisits: number
  readonly householdsVisited: number
  readonly byMethod: Readonly<Record<Representation.VisitMethod, number>>
}

/** The activities of a period: in all, and by kind. */
export type ActivitiesFigures = ActivityFigures & {
  readonly byKind: ReadonlyArray<ActivityFigures & { readonly kind: Activity.ActivityKind }>
}

/** The figures of the year to date (累计) of a monthly report, from January 1 to the month's end. */
export interface YearToDate {
  readonly from: LocalDate
  readonly to: LocalDate
  readonly cases: CaseFigures
  readonly visits: VisitFigures
  readonly activities: ActivitiesFigures
  readonly meetings: MeetingFigures
}

/**
 * The content of a monthly report: plain JSON, the thing hashed when it is sent up.
 * NOTE: this is layout 2 (`Report.currentLayout`), which added `yearToDate` (累计); a report
 * sent with layout 1 is verified against `firstLayout`. A field added here is a new layout.
 */
export interface Content extends Subject {
  readonly kind: "monthly"
  /** Cases of the month: registered, assigned, resolved, escalated, and open at its end. */
  readonly cases: CaseFigures
  readonly visits: VisitFigures
  readonly activities: ActivitiesFigures
  readonly meetings: MeetingFigures & {
    /** The organizations in scope that held no monthly meeting in the month (每月一次会议). */
    readonly withoutMonthlyMeeting: ReadonlyArray<string>
  }
  /** 累计: the same figures from January 1 of the local year to the month's end. */
  readonly yearToDate: YearToDate
  readonly organizations: ReadonlyArray<OrganizationLine>
}

/** Whose report it is and for which days: the figures' organization, and the days of their scope. */
export const subjectOf = (figures: Figures.Figures, period: string): Subject => ({
  organizationId: figures.subject.organizationId,
  organizationName: figures.subject.name,
  level: figures.subject.level,
  period,
  from: figures.scope.from,
  to: figures.scope.to
})

/** The activities of the period: in all, and by kind (kinds with none left out), in the core's order of kinds. */
export const activitiesOf = (figures: Figures.Figures): Content["activities"] => ({
  ...figures.activities.all,
  byKind: figures.activities.byKind
})

/** The line of each organization in scope, the report's own first. */
export const organizationLines = (figures: Figures.Figures): ReadonlyArray<OrganizationLine> =>
  figures.organizations.map((o) => {
    const activities = figures.activities.byOrganization[o.organizationId]
    const cases = figures.cases.byOrganization[o.organizationId]
    return {
      organizationId: o.organizationId,
      name: o.name,
      level: o.level,
      activities: activities?.count ?? 0,
      participants: activities?.participants ?? 0,
      casesReceived: cases?.received ?? 0,
      casesResolved: cases?.resolved ?? 0,
      openCases: cases?.open ?? 0,
      contactVisits: figures.contact.byOrganization[o.organizationId] ?? 0,
      meetingsHeld: figures.meetings.byOrganization[o.organizationId] ?? 0
    }
  })

/** The meetings held in the period in scope, by kind, and the decisions taken and done. */
export const meetingsOf = (figures: Figures.Figures): MeetingFigures => ({
  held: figures.meetings.held,
  decisionsTaken: figures.meetings.decisionsTaken,
  decisionsDone: figures.meetings.decisionsDone
})

/** The cases of the figures' period. */
export const casesOf = (figures: Figures.Figures): CaseFigures => {
  const { cases } = figures
  return {
    received: cases.received,
    assignedFromAbove: cases.assignedFromAbove,
    byCategory: cases.byCategory,
    resolved: cases.resolved,
    escalations: cases.escalations,
    escalatedOut: cases.escalatedOut,
    openAtEnd: cases.openAtEnd,
    reopened: cases.reopened,
    mediationSessions: cases.sessions,
    followUpVisits: cases.followUpVisits
  }
}

/** The representatives' contact visits of the figures' period. */
export const visitsOf = ({ contact }: Figures.Figures): VisitFigures => ({
  contactVisits: contact.visits,
  householdsVisited: contact.householdsVisited,
  byMethod: contact.byMethod
})

/**
 * The content of the monthly report of the figures' scope, for the period named `period`;
 * the figures must carry their year to date (`Figures.of` with `yearToDate`), which it shows
 * as 累计.
 */
export const contentOf = (figures: Figures.Figures, period: string): Content => {
  const year = figures.yearToDate
  // A defect, not a domain error: `Report.compute` always reads the year to date of a monthly report.
  if (year === undefined) throw new Error("the figures of a monthly report carry the year to date (Figures.of with yearToDate)")
  return {
    kind: "monthly",
    ...subjectOf(figures, period),
    cases: casesOf(figures),
    visits: visitsOf(figures),
    activities: activitiesOf(figures),
    meetings: { ...meetingsOf(figures), withoutMonthlyMeeting: figures.meetings.withoutMonthlyMeeting },
    yearToDate: {
      from: year.scope.from,
      to: year.scope.to,
      cases: casesOf(year),
      visits: visitsOf(year),
      activities: activitiesOf(year),
      meetings: meetingsOf(year)
    },
    organizations: organizationLines(figures)
  }
}

/** The table of activities by kind, with its total. */
export const activitiesTable = (activities: Content["activities"]): Table => ({
  key: "activities.byKind",
  title: "table.byKind",
  item: "col.kind",
  columns: ["col.count", "col.participants", "col.beneficiaries"],
  rows: [
    ...activities.byKind.map((r) => ({ item: label(`activityKind.${r.kind}`), values: [r.count, r.participants, r.beneficiaries] })),
    { item: label("total"), values: [activities.count, activities.participants, activities.beneficiaries] }
  ]
})

/** The table of organizations in scope, one line each. */
export const organizationsTable = (lines: ReadonlyArray<OrganizationLine>): Table => ({
  key: "byOrganization",
  item: "col.organization",
  columns: ["col.level", "col.activities", "col.participants", "col.casesReceived", "col.casesResolved", "col.openCases", "col.contactVisits", "col.meetingsHeld"],
  rows: lines.map((o) => ({
    item: o.name,
    values: [label(`level.${o.level}`), o.activities, o.participants, o.casesReceived, o.casesResolved, o.openCases, o.contactVisits, o.meetingsHeld]
  }))
})

/** The header rows of a report: whose report it is and for which days. */
export const headerOf = (subject: Subject): Document["header"] => [
  { label: "header.organization", value: subject.organizationName },
  { label: "header.level", value: label(`level.${subject.level}`) },
  { label: "header.period", value: subject.period },
  { label: "header.from", value: subject.from },
  { label: "header.to", value: subject.to }
]

/** The table of meetings held by kind and of decisions taken and done, titled `title` where its section has other tables. */
export const meetingsTable = (meetings: MeetingFigures, title?: LabelKey): Table =>
  measures("meetings.summary", [
    ["meetingKind.monthly", meetings.held.monthly],
    ["meetingKind.plenary", meetings.held.plenary],
    ["meetingKind.congress", meetings.held.congress],
    ["metric.decisionsTaken", meetings.decisionsTaken],
    ["metric.decisionsDone", meetings.decisionsDone]
  ], title)

/**
 * A monthly report's content as layout 1 held it (reports that record no layout): the month's
 * figures without the year to date (累计), which layout 2 added. Only hashed, to verify a
 * report sent with it (`Report.inLayout`); never rendered.
 */
export const firstLayout = (content: Content): unknown => {
  const { yearToDate: _yearToDate, ...month } = content
  return month
}

/** The sections of a monthly report, by key: the keys a chair's narrative may name besides `overview`, `problems` and `next-month`. */
export const sectionKeys = ["cases", "visits", "activities", "meetings", "byOrganization"] as const

/** A breakdown of this month and the year to date by the keys of an enumeration, one row a key. */
const periodBreakdown = <K extends string>(
  key: string,
  title: LabelKey,
  item: LabelKey,
  labelOf: (k: K) => LabelKey,
  month: Readonly<Record<K, number>>,
  year: Readonly<Record<K, number>>
): Table => ({
  key,
  title,
  kind: "periods",
  item,
  columns: ["col.thisMonth", "col.yearToDate"],
  rows: (Object.keys(year) as Array<K>).map((k) => ({ item: label(labelOf(k)), values: [month[k] ?? 0, year[k]] }))
})

/** The activities of this month and the year to date: in all, and the count of each kind held in the year. */
const activitiesPeriods = (month: ActivitiesFigures, year: ActivitiesFigures): Table =>
  periodMeasures("activities.summary", [
    ["metric.activities", month.count, year.count],
    ["metric.participants", month.participants, year.participants],
    ["metric.beneficiaries", month.beneficiaries, year.beneficiaries],
    ...year.byKind.map((y) => [`activityKind.${y.kind}`, month.byKind.find((m) => m.kind === y.kind)?.count ?? 0, y.count] as const)
  ], "table.summary")

/**
 * The monthly report laid out for reading: each figure for this month (本月) and the year to
 * date (累计), and the month's activities by kind and organizations' lines as they were.
 */
export const document = (content: Content): Document => {
  const { cases, visits, meetings, yearToDate: year } = content
  const names = new Map(content.organizations.map((o) => [o.organizationId, o.name]))
  return {
    kind: "kind.monthly",
    organization: content.organizationName,
    period: content.period,
    header: [...headerOf(content), { label: "header.yearToDateFrom", value: year.from }],
    sections: [
      {
        key: "cases",
        title: "section.cases",
        tables: [
          periodMeasures("cases.summary", [
            ["metric.casesReceived", cases.received, year.cases.received],
            ["metric.casesAssignedFromAbove", cases.assignedFromAbove, year.cases.assignedFromAbove],
            ["metric.casesResolved", cases.resolved, year.cases.resolved],
            ["metric.escalations", cases.escalations, year.cases.escalations],
            ["metric.escalatedOut", cases.escalatedOut, year.cases.escalatedOut],
            ["metric.openAtEnd", cases.openAtEnd, year.cases.openAtEnd],
            ["metric.reopened", cases.reopened, year.cases.reopened],
            ["metric.mediationSessions", cases.mediationSessions, year.cases.mediationSessions],
            ["metric.followUpVisits", cases.followUpVisits, year.cases.followUpVisits]
          ], "table.summary"),
          periodBreakdown("cases.byCategory", "table.byCategory", "col.category", (k: Case.Category) => `category.${k}`, cases.byCategory, year.cases.byCategory)
        ]
      },
      {
        key: "visits",
        title: "section.visits",
        tables: [
          periodMeasures("visits.summary", [
            ["metric.contactVisits", visits.contactVisits, year.visits.contactVisits],
            ["metric.householdsVisited", visits.householdsVisited, year.visits.householdsVisited]
          ], "table.summary"),
          periodBreakdown("visits.byMethod", "table.byMethod", "col.method", (k: Representation.VisitMethod) => `visitMethod.${k}`, visits.byMethod, year.visits.byMethod)
        ]
      },
      { key: "activities", title: "section.activities", tables: [activitiesPeriods(content.activities, year.activities), activitiesTable(content.activities)] },
      {
        key: "meetings",
        title: "section.meetings",
        tables: [
          periodMeasures("meetings.summary", [
            ["meetingKind.monthly", meetings.held.monthly, year.meetings.held.monthly],
            ["meetingKind.plenary", meetings.held.plenary, year.meetings.held.plenary],
            ["meetingKind.congress", meetings.held.congress, year.meetings.held.congress],
            ["metric.decisionsTaken", meetings.decisionsTaken, year.meetings.decisionsTaken],
            ["metric.decisionsDone", meetings.decisionsDone, year.meetings.decisionsDone]
          ], "table.summary"),
          {
            key: "meetings.withoutMonthlyMeeting",
            title: "table.withoutMonthlyMeeting",
            item: "col.organization",
            columns: [],
            rows: meetings.withoutMonthlyMeeting.map((id) => ({ item: names.get(id) ?? id, values: [] }))
          }
        ]
      },
      { key: "byOrganization", title: "section.byOrganization", tables: [organizationsTable(content.organizations)] }
    ]
  }
}
