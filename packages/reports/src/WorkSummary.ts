/**
 * 年度工作总结 / 半年工作小结: an organization's work summary for a year or a half-year, modelled
 * on a street federation's year-end summary (seed 003): activities by kind and theme with the
 * people they reached, women's health (screenings and lectures), mediation and its outcomes,
 * volunteers and their pairs, donations and relief, awards conferred and re-checked,
 * elections and meetings — in all and for each organization below. Read off the ledgers'
 * figures (`Figures`), so it is a function of the events up to a log position.
 *
 * Beside seed 003's own figures it shows what the ledgers keep of the rest of the work: the
 * festivals and publicity of the activities, donations per charity drive, the women's
 * organizations of enterprises and social organizations, chairs on the residents' committee
 * and reserve cadres, the mediation committee and its mediators' registers, study and
 * trainings, the assessments the organization made with their rankings and rewards (§8), and,
 * in the annual summary, the year's plan targets beside the figures that measure them (§6).
 *
 * @since 0.1.0
 */
import type * as Activity from "@fulian/core/Activity"
import * as Case from "@fulian/core/Case"
import { Level } from "@fulian/core/Organization"
import type { LocalDate } from "@fulian/core/Time"
import * as WorkPlan from "@fulian/core/WorkPlan"
import type * as Ledgers from "@fulian/projections/Ledgers"
import { type Cell, countTable, type Document, label, measures, type Table } from "./Document.ts"
import * as Figures from "./Figures.ts"
import type { LabelKey } from "./Labels.ts"
import * as MonthlyReport from "./MonthlyReport.ts"

/** Activities of one theme (主题, such as seed 003's 魅力女性月 or 健康关心月), and the day the first was held. */
export interface ThemeFigures extends MonthlyReport.ActivityFigures {
  readonly theme: string
  readonly firstHeldOn: LocalDate
}

/** An award campaign's awards in the period: the awards ledger's line, as it is. */
export type CampaignLine = Ledgers.Awards.CampaignFigures

/**
 * 年度目标完成情况: a target of the year's plan beside what the records show. A measured target
 * has its measure, how it compares (`comparator`), the planned value and the actual figure,
 * read off the ledger figure its measure names (`WorkPlan.measures`), and whether it was met
 * (`WorkPlan.meets`); a free-text target has its words only. `actual` is absent where no ledger
 * gives the measure's figure for the report (it is then neither met nor not met).
 */
export interface TargetLine {
  readonly targetId: string
  readonly text?: string | undefined
  readonly measure?: WorkPlan.Measure | undefined
  readonly comparator?: WorkPlan.Comparator | undefined
  readonly planned?: number | undefined
  readonly actual?: number | undefined
  readonly met?: boolean | undefined
}

/** A committee elected in the period. */
export interface ElectionLine {
  readonly organizationId: string
  readonly name: string
  readonly electedOn: LocalDate
  readonly members: number
}

/** The activities of one month of a summary: how many were held and how many took part (按月). */
export interface MonthLine {
  /** The month, written `YYYY-MM`. */
  readonly month: string
  readonly count: number
  readonly participants: number
}

/**
 * The content of a work summary: plain JSON, the thing hashed when it is sent up.
 * NOTE: this is layout 2 (`Report.currentLayout`). A field added to it, or to a ledger's
 * figures that it holds as they are (volunteers, campaigns), changes the hash of every report
 * computed with it: that is a new layout, and the one before must still be computed
 * (`firstLayout` for layout 1) or retired, so that reports sent before are not called altered.
 */
export interface Content extends MonthlyReport.Subject {
  readonly kind: "annual" | "half-year"
  readonly organizations: {
    /** The federation units of the area (the organizations ledger's `federationByLevel`, summed). */
    readonly total: number
    readonly byLevel: Readonly<Partial<Record<Level, number>>>
    /** 两新组织: the women's organizations of enterprises and social organizations of the area. */
    readonly twoNew: Ledgers.Organizations.Figures["twoNew"]
  }
  /** 进两委, 后备干部: the terms ledger's organization-building figures at the period's end. */
  readonly building: Ledgers.Terms.BuildingFigures
  readonly activities: MonthlyReport.Content["activities"] & {
    readonly byTheme: ReadonlyArray<ThemeFigures>
    /** By festival marked (三八, 六一 …): the activities ledger's own. */
    readonly byFestival: Ledgers.Activities.Figures["byFestival"]
    /** 宣传咨询: what publicity and consultation reached. */
    readonly publicity: Ledgers.Activities.Figures["publicity"]
    /** 按月: each month of the period, in order: the activities ledger's own figures of the month. */
    readonly byMonth: ReadonlyArray<MonthLine>
  }
  readonly health: {
    readonly screenings: number
    /** Women screened: the beneficiaries of the screenings. */
    readonly screened: number
    readonly lectures: number
    readonly lectureParticipants: number
    /** 两癌筛查 and 三查, counted apart as seed 003 counts them: sessions and women screened. */
    readonly cancerScreenings: number
    readonly cancerScreened: number
    readonly threeChecks: number
    readonly threeChecksScreened: number
    readonly consultations: number
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
  /** 调解委员会: the mediators ledger's figures, as they are. */
  readonly mediators: Ledgers.Mediators.Figures
  /** The volunteers ledger's figures, as they are. */
  readonly volunteers: Ledgers.Volunteers.Figures
  /** 结对帮扶对象: the pairs in force by the circumstance of the household served (the volunteers ledger's). */
  readonly pairsByCircumstance: Figures.Figures["pairsByCircumstance"]
  readonly donations: {
    readonly donations: number
    /** Yuan raised. */
    readonly donated: number
    readonly relief: number
    /** Yuan given. */
    readonly reliefGiven: number
    /** 分项募捐: per charity drive, the activities ledger's own lines. */
    readonly byDrive: Ledgers.Activities.Figures["donationsByDrive"]
    /** 救助: relief given, per purpose as recorded (seed 003: 500 yuan to each of two orphans), the activities ledger's own lines. */
    readonly reliefByPurpose: Ledgers.Activities.Figures["reliefByPurpose"]
  }
  readonly awards: {
    readonly conferred: number
    readonly confirmed: number
    readonly revoked: number
    readonly campaigns: ReadonlyArray<CampaignLine>
  }
  /** 奖励: the rewards given with the awards conferred in the period, by campaign (the awards ledger's, without each nominee's line). */
  readonly awardRewards: {
    readonly rewards: number
    /** Yuan given as rewards (奖金). */
    readonly yuan: number
    readonly campaigns: ReadonlyArray<Omit<Ledgers.Awards.CampaignRewards, "lines"> & { readonly rewards: number }>
  }
  readonly elections: {
    readonly committeesElected: number
    readonly electionsFiled: number
    readonly membersByElected: number
    readonly representativesElected: number
    readonly terms: ReadonlyArray<ElectionLine>
  }
  readonly meetings: MonthlyReport.MeetingFigures
  /** 学习培训: the study ledger's figures of the year to the period's end, for a period from January 1. */
  readonly study?: Ledgers.Study.Figures | undefined
  /** 考核评比: the assessments ledger's figures, as they are (§8: the assessing organization's summary shows them). */
  readonly assessments: Ledgers.Assessments.Figures
  /** 年度目标: the year's plan targets beside the results (annual summary, when a plan was adopted). */
  readonly targets?: ReadonlyArray<TargetLine> | undefined
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

/**
 * The figure a measure of the plan names (`WorkPlan.measures`), read off the report's figures,
 * or `undefined` where none of them gives it: the study ledger's trainings for a period not
 * from January 1, and contact visits per household per month where no household is linked to
 * a representative (rounded to two decimals, as the mediation success rate is).
 */
export const actualOf = (figures: Figures.Figures, measure: WorkPlan.Measure): number | undefined => {
  const kind = (k: Activity.ActivityKind) => figures.activities.byKind.find((a) => a.kind === k)?.count ?? 0
  switch (measure) {
    case "activities-held":
      return figures.activities.all.count
    case "legal-lectures":
      return kind("legal-lecture")
    case "health-lectures":
      return kind("health-lecture")
    case "health-screenings":
      return kind("health-screening")
    case "cancer-screenings":
      return kind("cancer-screening")
    case "skills-trainings":
      return kind("skills-training")
    case "monthly-meetings-held":
      return figures.meetings.held.monthly
    case "plenaries-held":
      return figures.meetings.held.plenary
    case "trainings-held":
      return figures.study?.trainings
    case "mediation-success-rate":
      // The cases ledger's own two figures, as WorkPlan defines the measure: mediated agreements of cases resolved, in %.
      return figures.cases.resolved === 0 ? undefined : Math.round(figures.cases.byResolution["mediated-agreement"] / figures.cases.resolved * 10_000) / 100
    case "contact-visits-per-household-per-month": {
      // The household contact ledger's own figures, as WorkPlan defines the measure: the period's
      // visits over the households linked at its end, over its months; none without a linked household.
      const months = Figures.monthsOf(figures.scope).length
      return figures.linkedHouseholds === 0 ? undefined : Math.round(figures.contact.visits / figures.linkedHouseholds / months * 100) / 100
    }
    case "volunteer-service-hours":
      return figures.volunteers.serviceHours
  }
}

/** The targets of the plan in the figures, each beside what the records show. */
const targetsOf = (figures: Figures.Figures, plan: Ledgers.Plans.PlanRow): ReadonlyArray<TargetLine> =>
  plan.targets.map((t): TargetLine => {
    if (t.kind === "text") return { targetId: t.targetId, text: t.text }
    const actual = actualOf(figures, t.measure)
    return {
      targetId: t.targetId,
      ...(t.text === undefined ? {} : { text: t.text }),
      measure: t.measure,
      comparator: t.comparator,
      planned: t.value,
      ...(actual === undefined ? {} : { actual, met: WorkPlan.meets(t, actual) })
    }
  })

/**
 * The content of the work summary of the figures' scope, for a year or a half-year named
 * `period`; the figures must carry the activities of each month (`Figures.of` with `byMonth`).
 */
export const contentOf = (figures: Figures.Figures, kind: Content["kind"], period: string): Content => {
  const months = figures.activitiesByMonth
  // A defect, not a domain error: `Report.compute` always reads the months of a summary.
  if (months === undefined) throw new Error("the figures of a work summary carry the activities by month (Figures.of with byMonth)")
  const subject = MonthlyReport.subjectOf(figures, period)
  const names = new Map(figures.organizations.map((o) => [o.organizationId, o.name]))
  const { federation } = figures
  const byLevel: Partial<Record<Level, number>> = {}
  for (const level of levelsUpward) if (federation.federationByLevel[level] > 0) byLevel[level] = federation.federationByLevel[level]
  const { activities, cases, volunteers, awards, elections, contact } = figures
  const ofKind = (k: Activity.ActivityKind) => activities.byKind.find((a) => a.kind === k)
  const screening = ofKind("health-screening")
  const lectures = ofKind("health-lecture")
  return {
    kind,
    ...subject,
    organizations: {
      total: levelsUpward.reduce((n, level) => n + federation.federationByLevel[level], 0),
      byLevel,
      twoNew: federation.twoNew
    },
    building: figures.building,
    activities: {
      ...MonthlyReport.activitiesOf(figures),
      byTheme: activities.byTheme,
      byFestival: activities.byFestival,
      publicity: activities.publicity,
      byMonth: months.map((m) => ({ month: m.month, count: m.figures.all.count, participants: m.figures.all.participants }))
    },
    health: {
      screenings: screening?.count ?? 0,
      screened: screening?.beneficiaries ?? 0,
      lectures: lectures?.count ?? 0,
      lectureParticipants: lectures?.participants ?? 0,
      cancerScreenings: ofKind("cancer-screening")?.count ?? 0,
      cancerScreened: ofKind("cancer-screening")?.beneficiaries ?? 0,
      threeChecks: ofKind("three-checks")?.count ?? 0,
      threeChecksScreened: ofKind("three-checks")?.beneficiaries ?? 0,
      consultations: ofKind("health-consultation")?.count ?? 0
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
    mediators: figures.mediators,
    volunteers,
    pairsByCircumstance: figures.pairsByCircumstance,
    donations: {
      donations: activities.donations.count,
      donated: activities.donations.yuan,
      relief: activities.relief.count,
      reliefGiven: activities.relief.yuan,
      byDrive: activities.donationsByDrive,
      reliefByPurpose: activities.reliefByPurpose
    },
    awards,
    awardRewards: {
      rewards: figures.awardRewards.rewards,
      yuan: figures.awardRewards.yuan,
      campaigns: figures.awardRewards.campaigns.map(({ lines, ...c }) => ({ ...c, rewards: lines.length }))
    },
    elections: {
      committeesElected: elections.elected.length,
      electionsFiled: elections.electionsFiled,
      membersByElected: elections.membersByElected,
      representativesElected: contact.representativesElected,
      terms: elections.elected.map((e) => ({ organizationId: e.organizationId, name: names.get(e.organizationId) ?? e.organizationId, electedOn: e.electedOn, members: e.members }))
    },
    meetings: MonthlyReport.meetingsOf(figures),
    ...(figures.study === undefined ? {} : { study: figures.study }),
    assessments: figures.assessments,
    ...(kind === "annual" && figures.plan !== undefined ? { targets: targetsOf(figures, figures.plan) } : {}),
    contact: { visits: contact.visits, householdsVisited: contact.householdsVisited },
    byOrganization: MonthlyReport.organizationLines(figures)
  }
}

/**
 * A summary's content as layout 1 held it (the layout before seed 003's sections, reports
 * that record no layout): the same figures, fewer of them, read off the current content. Its
 * organizations are those of its area by level, as the lines of `byOrganization` give them
 * (layout 2 counts the federation units of the organizations ledger instead). Only hashed, to
 * verify a report sent with it (`Report.inLayout`); never rendered.
 * NOTE: the text of this object is what was hashed: its keys and values must stay as layout 1
 * wrote them.
 */
export const firstLayout = (content: Content): unknown => {
  const byLevel: Partial<Record<Level, number>> = {}
  for (const o of content.byOrganization) byLevel[o.level] = (byLevel[o.level] ?? 0) + 1
  const { byFestival: _festivals, publicity: _publicity, byMonth: _months, ...activities } = content.activities
  const { health, donations } = content
  return {
    kind: content.kind,
    organizationId: content.organizationId,
    organizationName: content.organizationName,
    level: content.level,
    period: content.period,
    from: content.from,
    to: content.to,
    organizations: { total: content.byOrganization.length, byLevel },
    activities,
    health: { screenings: health.screenings, screened: health.screened, lectures: health.lectures, lectureParticipants: health.lectureParticipants },
    mediation: content.mediation,
    volunteers: content.volunteers,
    donations: { donations: donations.donations, donated: donations.donated, relief: donations.relief, reliefGiven: donations.reliefGiven },
    awards: content.awards,
    elections: content.elections,
    meetings: content.meetings,
    contact: content.contact,
    byOrganization: content.byOrganization
  }
}

/**
 * The sections of a work summary, in seed 003's order, by key: the keys a chair's narrative
 * may name besides `overview`, `problems` and `next-year` (see `Report.narrativeSections`).
 * 一 activities by theme (幸福家庭5+5行动: 魅力女性月, 健康关心月 …); 二 rights and mediation
 * (调解社); 三 organization building (妇联组织, 换届, 会议, 联系户); 四 the mothers' programme
 * (母亲素养工程); 五 health and care (妇女健康; 关爱特殊人群: volunteers, donations and relief);
 * then awards and assessments, and the line of each organization.
 */
export const sectionKeys = ["activities", "mediation", "organizations", "mothers", "health", "care", "awards", "byOrganization"] as const

/**
 * The kinds of activity of the mothers' programme (母亲素养工程, seed 003 §四): the
 * family-education lectures (母亲讲堂/家长学校), read off the activities by kind.
 */
const mothersKinds: ReadonlyArray<Activity.ActivityKind> = ["family-education"]

/** The mediation committee's figures and each mediator's sessions (调解登记). */
const mediatorsTables = (m: Ledgers.Mediators.Figures): ReadonlyArray<Table> => [
  measures("mediation.mediators", [
    ["metric.mediationCommittees", m.committees.length],
    ["metric.mediators", m.mediators],
    ["metric.volunteerMediators", m.volunteerMediators],
    ["metric.cadreMediators", m.cadreMediators],
    ["metric.mediatorsAppointed", m.appointed],
    ["metric.mediatorsLeft", m.left],
    ["metric.mediatorSessions", m.sessions],
    ["metric.mediatorAgreements", m.agreements],
    ["metric.mediatorCases", m.casesMediated],
    ["metric.mediatorTrainings", m.trainings],
    ["metric.mediatorTrainingHours", m.trainingHours]
  ], "table.mediators"),
  {
    key: "mediation.perMediator",
    title: "table.perMediator",
    item: "col.mediator",
    columns: ["col.sessions"],
    rows: m.sessionsPerMediator.map((p) => ({ item: p.mediatorId, values: [p.sessions] }))
  }
]

/** A year as a cell: text, so that no renderer groups its digits as a quantity's (`2,023`). */
const yearCell = (year: number): Cell => String(year)

/** The reward of a place of a ranking, as a cell: its title, else its kind; money in yuan. */
const rewardCell = (line: Ledgers.Assessments.RankingLine): Cell =>
  line.reward?.kind === "money" && line.reward.amount !== undefined
    ? { yuan: line.reward.amount }
    : line.title ?? line.reward?.description ?? (line.reward === undefined ? "" : label(`rewardKind.${line.reward.kind}`))

/** The assessments concluded (§8): their number and rewards, and each one's ranking with its rewards. */
const assessmentsTables = (a: Ledgers.Assessments.Figures, names: ReadonlyMap<string, string>): ReadonlyArray<Table> => [
  measures("assessments.summary", [
    ["metric.assessments", a.assessments],
    ["metric.assessmentRewards", a.rewards],
    ["metric.assessmentRewardYuan", { yuan: a.rewardYuan }]
  ], "table.assessments"),
  {
    key: "assessments.ranking",
    title: "table.ranking",
    item: "col.assessee",
    columns: ["col.year", "col.assessment", "col.concludedOn", "col.rank", "col.total", "col.reward"],
    rows: a.lines.flatMap((l) =>
      l.ranking.map((r) => ({
        item: names.get(r.organizationId) ?? r.organizationId,
        values: [yearCell(l.year), label(`assessmentPeriod.${l.period}`), l.concludedOn, r.rank, r.total, rewardCell(r)]
      }))
    )
  }
]

/** The year's plan targets beside the results: target, measure, comparator, planned, actual, met. */
const targetsTable = (targets: ReadonlyArray<TargetLine>): Table => ({
  key: "targets",
  title: "table.targets",
  kind: "targets",
  item: "col.target",
  columns: ["col.measure", "col.comparator", "col.planned", "col.actual", "col.met"],
  rows: targets.map((t) => {
    const item: Cell = t.text ?? (t.measure === undefined ? t.targetId : label(`measure.${t.measure}`))
    if (t.measure === undefined) return { item, values: [label("target.notMeasured"), "", "", "", ""] }
    return {
      item,
      values: [
        label(`measure.${t.measure}`),
        label(`comparator.${t.comparator ?? "at-least"}`),
        t.planned ?? "",
        t.actual ?? label("target.noFigure"),
        t.met === undefined ? "" : label(t.met ? "target.met" : "target.notMet")
      ]
    }
  })
})

/** The work summary laid out for reading, in the order of seed 003's summary (`sectionKeys`). */
export const document = (content: Content): Document => {
  const { activities, health, mediation, volunteers, donations, awards, elections, meetings, contact } = content
  const names = new Map(content.byOrganization.map((o) => [o.organizationId, o.name]))
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
            key: "activities.byMonth",
            title: "table.byMonth",
            kind: "trend",
            item: "col.month",
            columns: ["col.count", "col.participants"],
            rows: activities.byMonth.map((m) => ({ item: m.month, values: [m.count, m.participants] }))
          },
          {
            key: "activities.byTheme",
            title: "table.byTheme",
            item: "col.theme",
            columns: ["col.count", "col.participants", "col.beneficiaries"],
            rows: activities.byTheme.map((t) => ({ item: t.theme, values: [t.count, t.participants, t.beneficiaries] }))
          },
          {
            key: "activities.byFestival",
            title: "table.byFestival",
            kind: "breakdown",
            item: "col.festival",
            columns: ["col.count", "col.participants", "col.beneficiaries"],
            rows: activities.byFestival.map((f) => ({ item: label(`festival.${f.festival}`), values: [f.count, f.participants, f.beneficiaries] }))
          },
          measures("activities.publicity", [
            ["metric.materialsHandedOut", activities.publicity.materialsHandedOut],
            ["metric.consultationsGiven", activities.publicity.consultationsGiven],
            ["metric.enterprisesReached", activities.publicity.enterprisesReached],
            ["metric.staffReached", activities.publicity.staffReached]
          ], "table.publicity")
        ]
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
          countTable("mediation.byLevel", "table.byLevel", "col.level", "col.cases", levelRows(mediation.resolvedAtLevel)),
          ...mediatorsTables(content.mediators)
        ]
      },
      {
        key: "organizations",
        title: "section.organizations",
        tables: [
          measures("organizations.summary", [
            ["metric.organizations", content.organizations.total],
            ...levelRows(content.organizations.byLevel)
          ], "table.organizations"),
          measures("organizations.twoNew", [
            ["metric.twoNewEnterprise", content.organizations.twoNew.enterprise],
            ["metric.twoNewSocial", content.organizations.twoNew.socialOrganization],
            ["metric.twoNewTotal", content.organizations.twoNew.total]
          ], "table.twoNew"),
          measures("organizations.building", [
            ["metric.organizationsBelow", content.building.below.organizations],
            ["metric.chairsInOffice", content.building.below.chairsInOffice],
            ["metric.chairsOnResidentsCommittee", content.building.below.chairsOnResidentsCommittee],
            ["metric.reserveCadres", content.building.below.reserveCadres + (content.building.own?.reserveCadres ?? 0)]
          ], "table.building"),
          measures("elections.summary", [
            ["metric.committeesElected", elections.committeesElected],
            ["metric.electionsFiled", elections.electionsFiled],
            ["metric.membersByElected", elections.membersByElected],
            ["metric.representativesElected", elections.representativesElected]
          ], "table.elections"),
          {
            key: "elections.terms",
            title: "table.terms",
            item: "col.organization",
            columns: ["col.electedOn", "col.members"],
            rows: elections.terms.map((t) => ({ item: t.name, values: [t.electedOn, t.members] }))
          },
          MonthlyReport.meetingsTable(meetings, "table.meetings"),
          measures("visits.summary", [
            ["metric.contactVisits", contact.visits],
            ["metric.householdsVisited", contact.householdsVisited]
          ], "table.contactVisits"),
          ...(content.study === undefined ? [] : [measures("study.summary", [
            ["metric.monthlyMeetingsHeld", content.study.monthlyMeetingsHeld],
            ["metric.withStudy", content.study.withStudy],
            ["metric.trainings", content.study.trainings],
            ["metric.trainingHours", content.study.trainingHours],
            ["metric.trainingAttendances", content.study.trainingAttendances]
          ], "table.study")])
        ]
      },
      {
        key: "mothers",
        title: "section.mothers",
        tables: [{
          key: "mothers.byKind",
          title: "table.byKind",
          item: "col.kind",
          columns: ["col.count", "col.participants", "col.beneficiaries"],
          rows: activities.byKind.filter((r) => mothersKinds.includes(r.kind))
            .map((r) => ({ item: label(`activityKind.${r.kind}`), values: [r.count, r.participants, r.beneficiaries] }))
        }]
      },
      {
        key: "health",
        title: "section.health",
        tables: [measures("health.summary", [
          ["metric.screenings", health.screenings],
          ["metric.screened", health.screened],
          ["metric.healthLectures", health.lectures],
          ["metric.lectureParticipants", health.lectureParticipants],
          ["metric.cancerScreenings", health.cancerScreenings],
          ["metric.cancerScreened", health.cancerScreened],
          ["metric.threeChecks", health.threeChecks],
          ["metric.threeChecksScreened", health.threeChecksScreened],
          ["metric.healthConsultations", health.consultations]
        ])]
      },
      {
        key: "care",
        title: "section.care",
        tables: [
          measures("volunteers.summary", [
            ["metric.volunteersJoined", volunteers.joined],
            ["metric.volunteersLeft", volunteers.left],
            ["metric.volunteersActive", volunteers.activeAtEnd],
            ["metric.pairsMade", volunteers.pairsMade],
            ["metric.pairsAtEnd", volunteers.pairsAtEnd],
            ["metric.householdsPaired", volunteers.householdsPaired],
            ["metric.services", volunteers.services],
            ["metric.serviceHours", volunteers.serviceHours]
          ], "table.volunteers"),
          {
            key: "volunteers.pairsByCircumstance",
            title: "table.pairsByCircumstance",
            kind: "breakdown",
            item: "col.circumstance",
            columns: ["col.pairs"],
            rows: content.pairsByCircumstance.map((c) => ({ item: label(`circumstance.${c.circumstance}`), values: [c.pairs] }))
          },
          measures("donations.summary", [
            ["metric.donations", donations.donations],
            ["metric.donated", { yuan: donations.donated }],
            ["metric.relief", donations.relief],
            ["metric.reliefGiven", { yuan: donations.reliefGiven }]
          ], "table.donations"),
          {
            key: "donations.byDrive",
            title: "table.donationsByDrive",
            kind: "breakdown",
            item: "col.drive",
            columns: ["col.count", "col.amount"],
            rows: donations.byDrive.map((d) => ({ item: d.title ?? label("drive.none"), values: [d.count, { yuan: d.yuan }] }))
          },
          {
            key: "donations.reliefByPurpose",
            title: "table.reliefByPurpose",
            kind: "breakdown",
            item: "col.purpose",
            columns: ["col.count", "col.amount"],
            rows: donations.reliefByPurpose.map((r) => ({ item: r.purpose, values: [r.count, { yuan: r.yuan }] }))
          }
        ]
      },
      {
        key: "awards",
        title: "section.awardsAssessments",
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
            rows: awards.campaigns.map((c) => ({ item: c.title, values: [yearCell(c.year), c.conferred, c.confirmed, c.revoked] }))
          },
          {
            key: "awards.rewards",
            title: "table.awardRewards",
            item: "col.campaign",
            columns: ["col.year", "col.nomineeKind", "col.rewards", "col.amount"],
            rows: content.awardRewards.campaigns.map((c) => ({
              item: c.title,
              values: [yearCell(c.year), label(`nomineeKind.${c.nomineeKind}`), c.rewards, { yuan: c.yuan }]
            }))
          },
          ...assessmentsTables(content.assessments, names)
        ]
      },
      ...(content.targets === undefined ? [] : [{ key: "targets", title: "section.targets" as const, tables: [targetsTable(content.targets)] }]),
      { key: "byOrganization", title: "section.byOrganization", tables: [MonthlyReport.organizationsTable(content.byOrganization)] }
    ]
  }
}
