/**
 * 年度工作总结 / 半年工作小结: an organization's work summary for a year or a half-year, modelled
 * on a street federation's year-end summary (seed 003): activities by kind and theme with the
 * people they reached, women's health (screenings and lectures), mediation and its outcomes,
 * volunteers and their pairs, donations and relief, awards conferred and re-checked,
 * elections and meetings — in all and for each organization below. Read off the ledgers'
 * figures (`Figures`), so it is a function of the events up to a log position.
 *
 * @since 0.1.0
 */
import * as Case from "@fulian/core/Case"
import { Level } from "@fulian/core/Organization"
import type { LocalDate } from "@fulian/core/Time"
import type * as Ledgers from "@fulian/projections/Ledgers"
import { countTable, type Document, measures } from "./Document.ts"
import type * as Figures from "./Figures.ts"
import type { LabelKey } from "./Labels.ts"
import * as MonthlyReport from "./MonthlyReport.ts"

/** Activities of one theme (主题, such as seed 003's 魅力女性月 or 健康关心月), and the day the first was held. */
export interface ThemeFigures extends MonthlyReport.ActivityFigures {
  readonly theme: string
  readonly firstHeldOn: LocalDate
}

/** An award campaign's awards in the period: the awards ledger's line, as it is. */
export type CampaignLine = Ledgers.Awards.CampaignFigures

/** A committee elected in the period. */
export interface ElectionLine {
  readonly organizationId: string
  readonly name: string
  readonly electedOn: LocalDate
  readonly members: number
}

/**
 * The content of a work summary: plain JSON, the thing hashed when it is sent up.
 * NOTE: parts of it are a ledger's figures as they are (volunteers, campaigns): a field added
 * to those changes the content, so a report sent up before no longer matches when recomputed.
 */
export interface Content extends MonthlyReport.Subject {
  readonly kind: "annual" | "half-year"
  readonly organizations: {
    readonly total: number
    readonly byLevel: Readonly<Partial<Record<Level, number>>>
  }
  readonly activities: MonthlyReport.Content["activities"] & { readonly byTheme: ReadonlyArray<ThemeFigures> }
  readonly health: {
    readonly screenings: number
    /** Women screened: the beneficiaries of the screenings. */
    readonly screened: number
    readonly lectures: number
    readonly lectureParticipants: number
  }
  readonly mediation: {
    readonly received: number
    readonly assignedFromAbove: number
    readonly byCategory: Readonly<Record<Case.Category, number>>
    readonly sessions: number
    readonly sessionsByOutcome: Readonly<Record<Case.SessionOutcome, number>>
    readonly casesMediated: number
    readonly resolved: number
    readonly byResolution: Readonly<Record<Case.Resolution, number>>
    /** Resolved by the level of the organization that resolved them, from the lowest to the report's own. */
    readonly resolvedAtLevel: Readonly<Partial<Record<Level, number>>>
    readonly substantiated: number
    readonly escalatedOut: number
    readonly followUpVisits: number
    readonly openAtEnd: number
  }
  /** The volunteers ledger's figures, as they are. */
  readonly volunteers: Ledgers.Volunteers.Figures
  readonly donations: {
    readonly donations: number
    /** Yuan raised. */
    readonly donated: number
    readonly relief: number
    /** Yuan given. */
    readonly reliefGiven: number
  }
  readonly awards: {
    readonly conferred: number
    readonly confirmed: number
    readonly revoked: number
    readonly campaigns: ReadonlyArray<CampaignLine>
  }
  readonly elections: {
    readonly committeesElected: number
    readonly electionsFiled: number
    readonly membersByElected: number
    readonly representativesElected: number
    readonly terms: ReadonlyArray<ElectionLine>
  }
  readonly meetings: MonthlyReport.MeetingFigures
  readonly contact: {
    readonly visits: number
    readonly householdsVisited: number
  }
  readonly byOrganization: ReadonlyArray<MonthlyReport.OrganizationLine>
}

/** The core's levels, which it lists lowest first. */
const levelsUpward = Level.literals

/** A row for each level `byLevel` has a count for, lowest first. */
const levelRows = (byLevel: Readonly<Partial<Record<Level, number>>>): ReadonlyArray<readonly [LabelKey, number]> =>
  levelsUpward.flatMap((level) => {
    const n = byLevel[level]
    return n === undefined ? [] : [[`level.${level}`, n] as const]
  })

/**
 * The levels where cases were resolved: every level from the lowest to the report's own
 * (0 where none), and a level above it where some were (a case handed up and resolved there).
 */
const resolvedLevels = (byLevel: Readonly<Record<Level, number>>, own: Level): Partial<Record<Level, number>> => {
  const out: Partial<Record<Level, number>> = {}
  const ownIndex = levelsUpward.indexOf(own)
  levelsUpward.forEach((level, i) => {
    if (i <= ownIndex || byLevel[level] > 0) out[level] = byLevel[level]
  })
  return out
}

/** The content of the work summary of the figures' scope, for a year or a half-year named `period`. */
export const contentOf = (figures: Figures.Figures, kind: Content["kind"], period: string): Content => {
  const subject = MonthlyReport.subjectOf(figures, period)
  const names = new Map(figures.organizations.map((o) => [o.organizationId, o.name]))
  const byLevel: Partial<Record<Level, number>> = {}
  for (const o of figures.organizations) byLevel[o.level] = (byLevel[o.level] ?? 0) + 1
  const { activities, cases, volunteers, awards, elections, contact } = figures
  const ofKind = (k: string) => activities.byKind.find((a) => a.kind === k)
  const screening = ofKind("health-screening")
  const lectures = ofKind("health-lecture")
  return {
    kind,
    ...subject,
    organizations: { total: figures.organizations.length, byLevel },
    activities: { ...MonthlyReport.activitiesOf(figures), byTheme: activities.byTheme },
    health: {
      screenings: screening?.count ?? 0,
      screened: screening?.beneficiaries ?? 0,
      lectures: lectures?.count ?? 0,
      lectureParticipants: lectures?.participants ?? 0
    },
    mediation: {
      received: cases.received,
      assignedFromAbove: cases.assignedFromAbove,
      byCategory: cases.byCategory,
      sessions: cases.sessions,
      sessionsByOutcome: cases.sessionsByOutcome,
      casesMediated: cases.casesMediated,
      resolved: cases.resolved,
      byResolution: cases.byResolution,
      resolvedAtLevel: resolvedLevels(cases.resolvedAtLevel, subject.level),
      substantiated: cases.substantiated,
      escalatedOut: cases.escalatedOut,
      followUpVisits: cases.followUpVisits,
      openAtEnd: cases.openAtEnd
    },
    volunteers,
    donations: {
      donations: activities.donations.count,
      donated: activities.donations.yuan,
      relief: activities.relief.count,
      reliefGiven: activities.relief.yuan
    },
    awards,
    elections: {
      committeesElected: elections.elected.length,
      electionsFiled: elections.electionsFiled,
      membersByElected: elections.membersByElected,
      representativesElected: contact.representativesElected,
      terms: elections.elected.map((e) => ({ organizationId: e.organizationId, name: names.get(e.organizationId) ?? e.organizationId, electedOn: e.electedOn, members: e.members }))
    },
    meetings: MonthlyReport.meetingsOf(figures),
    contact: { visits: contact.visits, householdsVisited: contact.householdsVisited },
    byOrganization: MonthlyReport.organizationLines(figures)
  }
}

/** The work summary laid out for reading, in the order of seed 003's summary. */
export const document = (content: Content): Document => {
  const { activities, health, mediation, volunteers, donations, awards, elections, meetings, contact } = content
  return {
    kind: content.kind === "annual" ? "kind.annual" : "kind.half-year",
    organization: content.organizationName,
    period: content.period,
    header: MonthlyReport.headerOf(content),
    sections: [
      {
        key: "activities",
        title: "section.activities",
        tables: [
          MonthlyReport.activitiesTable(activities),
          {
            key: "activities.byTheme",
            title: "table.byTheme",
            item: "col.theme",
            columns: ["col.count", "col.participants", "col.beneficiaries"],
            rows: activities.byTheme.map((t) => ({ item: t.theme, values: [t.count, t.participants, t.beneficiaries] }))
          }
        ]
      },
      {
        key: "health",
        title: "section.health",
        tables: [measures("health.summary", [
          ["metric.screenings", health.screenings],
          ["metric.screened", health.screened],
          ["metric.healthLectures", health.lectures],
          ["metric.lectureParticipants", health.lectureParticipants]
        ])]
      },
      {
        key: "mediation",
        title: "section.mediation",
        tables: [
          measures("mediation.summary", [
            ["metric.casesReceived", mediation.received],
            ["metric.casesAssignedFromAbove", mediation.assignedFromAbove],
            ["metric.mediationSessions", mediation.sessions],
            ["metric.casesMediated", mediation.casesMediated],
            ["metric.casesResolved", mediation.resolved],
            ["metric.substantiated", mediation.substantiated],
            ["metric.escalatedOut", mediation.escalatedOut],
            ["metric.followUpVisits", mediation.followUpVisits],
            ["metric.openAtEnd", mediation.openAtEnd]
          ], "table.summary"),
          countTable("mediation.byCategory", "table.byCategory", "col.category", "col.cases",
            Object.entries(mediation.byCategory).map(([k, n]) => [`category.${k as Case.Category}`, n] as const)),
          countTable("mediation.byOutcome", "table.byOutcome", "col.outcome", "col.count",
            Object.entries(mediation.sessionsByOutcome).map(([k, n]) => [`sessionOutcome.${k as Case.SessionOutcome}`, n] as const)),
          countTable("mediation.byResolution", "table.byResolution", "col.resolution", "col.cases",
            Object.entries(mediation.byResolution).map(([k, n]) => [`resolution.${k as Case.Resolution}`, n] as const)),
          countTable("mediation.byLevel", "table.byLevel", "col.level", "col.cases", levelRows(mediation.resolvedAtLevel))
        ]
      },
      {
        key: "volunteers",
        title: "section.volunteers",
        tables: [measures("volunteers.summary", [
          ["metric.volunteersJoined", volunteers.joined],
          ["metric.volunteersLeft", volunteers.left],
          ["metric.volunteersActive", volunteers.activeAtEnd],
          ["metric.pairsMade", volunteers.pairsMade],
          ["metric.pairsAtEnd", volunteers.pairsAtEnd],
          ["metric.householdsPaired", volunteers.householdsPaired],
          ["metric.services", volunteers.services],
          ["metric.serviceHours", volunteers.serviceHours]
        ])]
      },
      {
        key: "donations",
        title: "section.donations",
        tables: [measures("donations.summary", [
          ["metric.donations", donations.donations],
          ["metric.donated", { yuan: donations.donated }],
          ["metric.relief", donations.relief],
          ["metric.reliefGiven", { yuan: donations.reliefGiven }]
        ])]
      },
      {
        key: "awards",
        title: "section.awards",
        tables: [
          measures("awards.summary", [
            ["metric.conferred", awards.conferred],
            ["metric.confirmed", awards.confirmed],
            ["metric.revoked", awards.revoked]
          ], "table.summary"),
          {
            key: "awards.campaigns",
            title: "table.campaigns",
            item: "col.campaign",
            columns: ["col.year", "col.conferred", "col.confirmed", "col.revoked"],
            rows: awards.campaigns.map((c) => ({ item: c.title, values: [c.year, c.conferred, c.confirmed, c.revoked] }))
          }
        ]
      },
      {
        key: "elections",
        title: "section.elections",
        tables: [
          measures("elections.summary", [
            ["metric.committeesElected", elections.committeesElected],
            ["metric.electionsFiled", elections.electionsFiled],
            ["metric.membersByElected", elections.membersByElected],
            ["metric.representativesElected", elections.representativesElected]
          ], "table.summary"),
          {
            key: "elections.terms",
            title: "table.terms",
            item: "col.organization",
            columns: ["col.electedOn", "col.members"],
            rows: elections.terms.map((t) => ({ item: t.name, values: [t.electedOn, t.members] }))
          }
        ]
      },
      {
        key: "meetings",
        title: "section.meetings",
        tables: [MonthlyReport.meetingsTable(meetings)]
      },
      {
        key: "organizations",
        title: "section.organizations",
        tables: [
          measures("organizations.summary", [
            ["metric.organizations", content.organizations.total],
            ...levelRows(content.organizations.byLevel)
          ])
        ]
      },
      {
        key: "visits",
        title: "section.visits",
        tables: [measures("visits.summary", [
          ["metric.contactVisits", contact.visits],
          ["metric.householdsVisited", contact.householdsVisited]
        ])]
      },
      { key: "byOrganization", title: "section.byOrganization", tables: [MonthlyReport.organizationsTable(content.byOrganization)] }
    ]
  }
}
