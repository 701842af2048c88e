/**
 * 月报: an organization's monthly report — the month's cases (registered, resolved, escalated,
 * open at the month's end), the representatives' contact visits, the activities and the
 * meetings, in all and for each organization below it. Read off the ledgers' figures
 * (`Figures`), so it is a function of the events up to a log position.
 *
 * @since 0.1.0
 */
import * as Activity from "@fulian/core/Activity"
import * as Case from "@fulian/core/Case"
import * as Meeting from "@fulian/core/Meeting"
import type { Level } from "@fulian/core/Organization"
import * as Representation from "@fulian/core/Representation"
import type { LocalDate } from "@fulian/core/Time"
import { countTable, type Document, label, measures, type Table } from "./Document.ts"
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

/** The content of a monthly report: plain JSON, the thing hashed when it is sent up. */
export interface Content extends Subject {
  readonly kind: "monthly"
  readonly cases: {
    /** Registered in the month, or assigned from above. */
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
  readonly visits: {
    readonly contactVisits: number
    readonly householdsVisited: number
    readonly byMethod: Readonly<Record<Representation.VisitMethod, number>>
  }
  readonly activities: ActivityFigures & {
    readonly byKind: ReadonlyArray<ActivityFigures & { readonly kind: Activity.ActivityKind }>
  }
  readonly meetings: MeetingFigures & {
    /** The organizations in scope that held no monthly meeting in the month (每月一次会议). */
    readonly withoutMonthlyMeeting: ReadonlyArray<string>
  }
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

/** The content of the monthly report of the figures' scope, for the period named `period`. */
export const contentOf = (figures: Figures.Figures, period: string): Content => {
  const { cases, contact } = figures
  return {
    kind: "monthly",
    ...subjectOf(figures, period),
    cases: {
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
    },
    visits: { contactVisits: contact.visits, householdsVisited: contact.householdsVisited, byMethod: contact.byMethod },
    activities: activitiesOf(figures),
    meetings: { ...meetingsOf(figures), withoutMonthlyMeeting: figures.meetings.withoutMonthlyMeeting },
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

/** The monthly report laid out for reading. */
export const document = (content: Content): Document => {
  const { cases, visits, meetings } = content
  const names = new Map(content.organizations.map((o) => [o.organizationId, o.name]))
  return {
    kind: "kind.monthly",
    organization: content.organizationName,
    period: content.period,
    header: headerOf(content),
    sections: [
      {
        key: "cases",
        title: "section.cases",
        tables: [
          measures("cases.summary", [
            ["metric.casesReceived", cases.received],
            ["metric.casesAssignedFromAbove", cases.assignedFromAbove],
            ["metric.casesResolved", cases.resolved],
            ["metric.escalations", cases.escalations],
            ["metric.escalatedOut", cases.escalatedOut],
            ["metric.openAtEnd", cases.openAtEnd],
            ["metric.reopened", cases.reopened],
            ["metric.mediationSessions", cases.mediationSessions],
            ["metric.followUpVisits", cases.followUpVisits]
          ], "table.summary"),
          countTable("cases.byCategory", "table.byCategory", "col.category", "col.cases",
            Object.entries(cases.byCategory).map(([k, n]) => [`category.${k as Case.Category}`, n] as const))
        ]
      },
      {
        key: "visits",
        title: "section.visits",
        tables: [
          measures("visits.summary", [
            ["metric.contactVisits", visits.contactVisits],
            ["metric.householdsVisited", visits.householdsVisited]
          ], "table.summary"),
          countTable("visits.byMethod", "table.byMethod", "col.method", "col.count",
            Object.entries(visits.byMethod).map(([k, n]) => [`visitMethod.${k as Representation.VisitMethod}`, n] as const))
        ]
      },
      { key: "activities", title: "section.activities", tables: [activitiesTable(content.activities)] },
      {
        key: "meetings",
        title: "section.meetings",
        tables: [
          meetingsTable(meetings, "table.summary"),
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
