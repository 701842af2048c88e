/**
 * 月报: an organization's monthly report — the month's cases (registered, resolved, escalated,
 * open at the month's end), the representatives' contact visits, the activities and the
 * meetings, in all and for each organization below it. Read off the report figures
 * (`Tally`), so it is a function of the events up to a log position.
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
import type { LabelKey } from "./Labels.ts"
import * as Sharded from "./internal/Sharded.ts"
import * as Tally from "./Tally.ts"

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

/** All the literals of an enumeration, each with its count (0 where none). */
export const countsOf = <K extends string>(keys: ReadonlyArray<K>, counts: Readonly<Partial<Record<K, number>>>): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, counts[k] ?? 0])) as Record<K, number>

/** The sum of some counts, a missing one counting 0. */
export const sum = (values: Iterable<number | undefined>): number => {
  let n = 0
  for (const v of values) n += v ?? 0
  return n
}

/** Whose report it is and for which days: the figures' organization, and the days of their scope. */
export const subjectOf = (state: Tally.State, period: string): Subject => {
  const subject = Tally.subjectOf(state)
  return {
    organizationId: subject.organizationId,
    organizationName: subject.name,
    level: subject.level,
    period,
    from: state.scope.from,
    to: state.scope.to
  }
}

/** The activities of the period: in all, and by kind (kinds with none left out), in the core's order of kinds. */
export const activitiesOf = (state: Tally.State): Content["activities"] => {
  const byKind = Activity.ActivityKind.literals.flatMap((kind) => {
    const r = state.activitiesByKind[kind]
    return r === undefined ? [] : [{ kind, ...r }]
  })
  return {
    count: byKind.reduce((n, r) => n + r.count, 0),
    participants: byKind.reduce((n, r) => n + r.participants, 0),
    beneficiaries: byKind.reduce((n, r) => n + r.beneficiaries, 0),
    byKind
  }
}

/** The line of each organization in scope, the report's own first. */
export const organizationLines = (state: Tally.State): ReadonlyArray<OrganizationLine> => {
  const open = Tally.openCasesAtEnd(state)
  return Tally.organizationsInScope(state).map((o) => {
    const f = Tally.figuresOf(state, o.organizationId)
    const held = Tally.meetingsHeld(state, o.organizationId)
    return {
      organizationId: o.organizationId,
      name: o.name,
      level: o.level,
      activities: f.activities,
      participants: f.participants,
      casesReceived: f.casesReceived,
      casesResolved: f.casesResolved,
      openCases: open[o.organizationId] ?? 0,
      contactVisits: f.contactVisits,
      meetingsHeld: held.monthly + held.plenary + held.congress
    }
  })
}

/** The cases open at the period's end in scope. */
export const openAtEnd = (state: Tally.State): number => Object.values(Tally.openCasesAtEnd(state)).reduce((n, k) => n + k, 0)

/** The meetings held in the period in scope, by kind, and the decisions taken and done. */
export const meetingsOf = (state: Tally.State): MeetingFigures => ({
  held: Tally.meetingsHeld(state),
  decisionsTaken: state.decisionsTaken,
  decisionsDone: state.decisionsDone
})

/** The content of the monthly report of the figures' scope, for the period named `period`. */
export const contentOf = (state: Tally.State, period: string): Content => {
  const subject = subjectOf(state, period)
  const lines = organizationLines(state)
  const range = { from: state.scope.from, to: state.scope.to }
  return {
    kind: "monthly",
    ...subject,
    cases: {
      received: sum(Object.values(state.casesReceived)),
      assignedFromAbove: state.casesAssignedFromAbove,
      byCategory: countsOf(Case.Category.literals, state.casesReceived),
      resolved: sum(Object.values(state.resolutions)),
      escalations: state.escalations,
      escalatedOut: state.escalatedOut,
      openAtEnd: openAtEnd(state),
      reopened: state.reopened,
      mediationSessions: sum(Object.values(state.mediationSessions)),
      followUpVisits: state.followUpVisits
    },
    visits: {
      contactVisits: state.contactVisits,
      householdsVisited: Sharded.size(state.householdsVisited),
      byMethod: countsOf(Representation.VisitMethod.literals, state.contactVisitsByMethod)
    },
    activities: activitiesOf(state),
    meetings: {
      ...meetingsOf(state),
      withoutMonthlyMeeting: lines
        .filter((o) => o.level !== "building" && Meeting.monthsWithoutMonthlyMeeting(Tally.heldMeetingsOf(state, o.organizationId), range).length > 0)
        .map((o) => o.organizationId)
    },
    organizations: lines
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
