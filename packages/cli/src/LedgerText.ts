/**
 * The ledgers (台帐) as text for the terminal: each ledger of `@fulian/projections/Ledgers`,
 * drawn as of a date, laid out as aligned tables with its flags named and the records entered
 * late (补录). What `fulian ledgers` and `fulian demo` print.
 *
 * In one of three languages (`Options.lang`): `zh`, all Chinese, the cadres' language; `en`,
 * all English; or, when none is asked for, the bilingual text `fulian` has always printed —
 * each ledger's and each finding's Chinese name beside English words, the columns, flags and
 * kinds as the rows' own English codes (`entered-late`, `festival`). The Chinese words are the
 * reports' (`@fulian/reports/Labels`) wherever a report says the same thing, and the roles' are
 * the JSON Schema's (`SchemaLabels.roles`), so a ledger and a report never name one thing two
 * ways. Ids, dates and amounts are data and print as they are in every language.
 *
 * @since 0.1.0
 */
import { CliOutput } from "effect/cli"
import type * as Activity from "@fulian/core/Activity"
import type * as Assessment from "@fulian/core/Assessment"
import type * as Case from "@fulian/core/Case"
import type * as Meeting from "@fulian/core/Meeting"
import type * as Organization from "@fulian/core/Organization"
import type { PolicyShape } from "@fulian/core/Policy"
import type * as Reading from "@fulian/core/Reading"
import { calendarOf, isLocalDate, judgedAt } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"
import { type LabelKey, labels } from "@fulian/reports/Labels"
import * as SchemaLabels from "./SchemaLabels.ts"

/** The columns a text takes in a terminal (CJK and full-width characters two): effect's own measure. */
const widthOf = (s: string): number => CliOutput.displayWidth(s)

const padEnd = (s: string, width: number): string => s + " ".repeat(Math.max(0, width - widthOf(s)))
const padStart = (s: string, width: number): string => " ".repeat(Math.max(0, width - widthOf(s))) + s

/** A table as aligned text: numbers right-aligned, everything else left-aligned. */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number>>): string => {
  const cells = rows.map((r) => r.map(String))
  const widths = headers.map((h, i) => Math.max(widthOf(h), ...cells.map((r) => widthOf(r[i] ?? ""))))
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"))
  const line = (r: ReadonlyArray<string>) =>
    `  ${r.map((c, i) => (numeric[i] ? padStart(c, widths[i]!) : padEnd(c, widths[i]!))).join("  ").trimEnd()}`
  return [line(headers), `  ${widths.map((w) => "─".repeat(w)).join("  ")}`, ...cells.map(line)].join("\n")
}

/** The languages of the text: `zh` (中文, the cadres' language) and `en`. */
export const langs = ["zh", "en"] as const

/** A language of the text. Without one, the text is the bilingual one (`Options.lang`). */
export type Lang = (typeof langs)[number]

/**
 * One thing the text says, in each language and in the bilingual text. It may hold `{name}`
 * placeholders, filled by `say`'s values (as `Labels.label` fills a report's).
 */
interface Words {
  readonly zh: string
  readonly en: string
  readonly bilingual: string
}

/** A sentence or a word whose bilingual form is its English one. */
const w = (zh: string, en: string, bilingual: string = en): Words => ({ zh, en, bilingual })

/** A name that the bilingual text gives in both languages, Chinese first: `案件台帐 Cases`. */
const named = (zh: string, en: string): Words => ({ zh, en, bilingual: `${zh} ${en}` })

/** A report's label (`@fulian/reports/Labels`) for a value whose bilingual form is the value itself (`festival`). */
const labelled = (key: LabelKey, value: string): Words => ({ zh: labels[key]["zh-CN"], en: labels[key].en, bilingual: value })

/** The words of a value of an enumeration, in each language: its English form is its own code, made readable. */
const codes = <K extends string>(table: { readonly [C in K]: string }): { readonly [C in K]: Words } =>
  Object.fromEntries(Object.entries<string>(table).map(([code, zh]) => [code, w(zh, code.replaceAll("-", " "), code)])) as { readonly [C in K]: Words }

/** Every flag a ledger row carries (`flags`), named in each language. */
const flags: { readonly [F in Ledgers.Terms.TermFlag | Ledgers.Meetings.OrganizationFlag | Ledgers.Meetings.DecisionFlag | Ledgers.Awards.AwardFlag | Ledgers.HouseholdContact.RepresentativeFlag | Ledgers.Cases.Flag]: Words } = codes({
  "entered-late": "补录",
  "filing-overdue": "备案逾期",
  "not-synchronized": "未与居委会同步换届",
  "election-due-soon": "即将换届",
  "election-overdue": "换届逾期",
  "month-without-meeting": "有月份未开月例会",
  "quarter-without-plenary": "有季度未开全委会",
  "year-without-congress": "未召开妇女代表大会",
  "decision-overdue": "决定事项逾期",
  "recheck-due": "待复查",
  "under-target": "联系户未达标",
  "households-never-visited": "有联系户未走访",
  "late-registration": "登记不及时",
  "result-overdue": "上报结果逾期",
  "result-reported-late": "结果上报不及时",
  "urgent-escalation-overdue": "未及时上报",
  "follow-up-overdue": "回访逾期"
})

const levels = (level: Organization.Level): Words => labelled(`level.${level}`, level)
const categories = (category: Case.Category): Words => labelled(`category.${category}`, category)
const activityKinds = (kind: Activity.ActivityKind): Words => labelled(`activityKind.${kind}`, kind)

const decisionStatus: { readonly [S in Meeting.FollowUpStatus | "not-followed-up"]: Words } = codes({
  "done": "已落实",
  "in-progress": "落实中",
  "not-done": "未落实",
  "not-followed-up": "未检查落实"
})

const assessmentPeriods: { readonly [P in Assessment.Period]: Words } = {
  "half-year": w("半年小结", "half-year summary", "half-year"),
  "year-end": w("年终大检查", "year-end inspection", "year-end")
}

/** Everything else the text says. */
const words = {
  title: w("台帐：按 {when} 时的事实{recorded}（{zone}）", "Ledgers, as the facts stood on {when}{recorded} ({zone})", "台帐 Ledgers, as the facts stood on {when}{recorded} ({zone})"),
  recorded: w("，以 {date} 前录入的记录为准", ", as recorded by {date}"),
  reader: w("阅读人：{person}（{role}，{organization}）；所列为 {rows}", "as read by {person} ({role}, {organization}): the rows {rows}"),
  readerArea: w("{organization} 及其下属各组织的记录", "of {organization} and every organization below it"),
  readerRole: w("其角色有权阅读的记录", "her role entitles her to"),
  lateRule: w("补录（发生后超过 {days} 天才录入）", "entered late (more than {days} days after it happened)", "补录 entered more than {days} days after it happened"),
  none: w("无", "none"),
  separator: w("、", ", "),
  more: w("{first} … {last}（共 {count} 项）", "{first} … {last} ({count})"),
  withCount: w("{id}（{count}）", "{id} ({count})"),
  line: w("{label}：{value}", "{label}: {value}"),

  contact: named("联系户台帐", "Household contact"),
  contactColumns: [
    w("社区", "community"),
    w("户数", "households"),
    w("妇女代表", "representatives"),
    w("已联系户数", "linked"),
    w("无联系代表户数", "without representative"),
    w(labels["metric.contactVisits"]["zh-CN"], "visits")
  ],
  underTarget: w("未达标（每位妇女代表联系3-5户）", "under the 3–5 target", "未达标 under the 3–5 target"),
  underTargetItem: w("{organization} {representative}（{count} 户）", "{representative} of {organization} ({count})"),
  neverVisited: named("未走访", "never visited"),
  neverVisitedItem: w("{household}（{representative}）", "{household} ({representative})"),
  withoutRepresentative: named("无联系代表", "without a representative"),

  cases: named("案件台帐", "Cases"),
  casesCount: w("共 {cases} 件：未结 {open} 件，已结案待回访或归档 {resolved} 件，已归档 {archived} 件", "{cases} cases: {open} open, {resolved} resolved awaiting follow-up or archiving, {archived} archived"),
  casesColumns: [w("结案层级", "resolved at"), w(labels["col.cases"]["zh-CN"], "cases")],
  resolvedLocally: w(
    "小事不出社区，大事不出街道：{year} 年结案 {resolved} 件，在社区、街道两级化解 {local} 件",
    "Small matters stay in the community, big ones in the street: resolved in {year} at community or street level {local} of {resolved}",
    "小事不出社区,大事不出街道: resolved in {year} at community or street level {local} of {resolved}"
  ),
  openByLevel: w("未结案件按层级", "open by level"),
  openByCategory: w("未结案件按类别", "open by category"),
  lateRegistrations: named("登记不及时", "late registrations"),
  resultsOverdue: named("上报结果逾期", "results overdue"),
  notEscalated: w("未及时上报（突发性、典型案件）", "sudden or typical cases not escalated in time", "未及时上报 sudden/typical not escalated in time"),
  followUpsDue: w("回访到期", "follow-ups due", "回访 follow-ups due"),
  followUpItem: w("{caseId}（{dueOn} 前{overdue}）", "{caseId} by {dueOn}{overdue}"),
  followUpOverdue: w("，已逾期", " (overdue)"),
  escalated: w(labels["metric.escalations"]["zh-CN"], "escalated"),

  activities: named("活动台帐", "Activities"),
  activitiesColumns: [
    w(`${labels["col.kind"]["zh-CN"]}（{year} 年）`, "kind ({year})"),
    w(labels["metric.activities"]["zh-CN"], "activities"),
    w(labels["metric.participants"]["zh-CN"], "participants"),
    w(labels["metric.beneficiaries"]["zh-CN"], "beneficiaries")
  ],
  activitiesYear: w(
    "{year} 年：活动 {activities} 次；募捐 {donations} 笔，¥{donated}；救助 {relief} 笔，¥{reliefGiven}",
    "{year}: {activities} activities; donations {donations}, ¥{donated}; relief {relief}, ¥{reliefGiven}"
  ),

  terms: named("换届台帐", "Terms"),
  termsColumns: [
    w(labels["col.organization"]["zh-CN"], "organization"),
    w("届", "term"),
    w(labels["col.electedOn"]["zh-CN"], "elected"),
    w("届满日期", "ends"),
    w("备案日期", "filed"),
    w(labels["col.members"]["zh-CN"], "members"),
    w("标记", "flags")
  ],

  awards: named("评比表彰台帐", "Awards"),
  awardsColumns: [
    w(labels["col.year"]["zh-CN"], "campaign year"),
    w(labels["col.conferred"]["zh-CN"], "conferred"),
    w(labels["col.confirmed"]["zh-CN"], "confirmed"),
    w(labels["col.revoked"]["zh-CN"], "revoked"),
    w("待复查", "re-check due")
  ],
  revoked: named("撤销", "revoked"),
  revokedItem: w("{household}，{title}，{on}（原因见 fulian history campaign-{campaignId}）", "{household}, {title}, on {on} (why: fulian history campaign-{campaignId})"),

  meetings: named("会议台帐", "Meetings"),
  meetingsColumns: [
    w(labels["col.organization"]["zh-CN"], "organization"),
    w(labels["meetingKind.monthly"]["zh-CN"], "monthly"),
    w(labels["meetingKind.plenary"]["zh-CN"], "plenary"),
    w(labels["meetingKind.congress"]["zh-CN"], "congress"),
    w("未开月例会的月份", "months without"),
    w("未开全委会的季度", "quarters without"),
    w("标记", "flags")
  ],
  decisions: w(`${labels["metric.decisionsTaken"]["zh-CN"]} {count} 项；逾期：{overdue}`, "{count} decisions; overdue: {overdue}", "{count} decisions; 逾期 overdue: {overdue}"),
  decisionItem: w("{meeting}/{decision}（{dueOn} 到期，{status}）", "{meeting}/{decision} (due {dueOn}, {status})"),

  volunteers: named("巾帼志愿者台帐", "Volunteers"),
  volunteersColumns: [
    w(labels["col.organization"]["zh-CN"], "organization"),
    w("在册", "serving"),
    w("退出", "left"),
    w("结对", "pairs"),
    w(labels["metric.householdsPaired"]["zh-CN"], "households paired"),
    w("服务时长（小时）", "hours")
  ],

  assessments: named("考核评比台帐", "Assessments"),
  assessmentsColumns: [w("考核评比", "assessment"), w("考核期", "period"), w("完成日期", "concluded"), w("排名", "ranking")],
  assessmentPeriod: w("{year} 年{period}", "{year} {period}"),
  notConcluded: w("未完成", "no"),
  rankingItem: w("{rank}. {organization} {total}", "{rank}. {organization} {total}"),
  rankingSeparator: w("；", "; ")
} as const

/** The text in one language: `say` a thing (its `{name}` placeholders filled), `list` items, `heading` a ledger. */
const speaker = (lang: Lang | undefined) => {
  const say = (words: Words, values: Readonly<Record<string, string | number>> = {}): string =>
    words[lang ?? "bilingual"].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
  const list = (items: ReadonlyArray<string>): string => (items.length === 0 ? say(words.none) : items.join(say(words.separator)))
  return {
    say,
    list,
    /** A long list shortened to its first and last items and its length. */
    brief: (items: ReadonlyArray<string>): string =>
      items.length <= 4 ? list(items) : say(words.more, { first: items[0]!, last: items[items.length - 1]!, count: items.length }),
    /** A labelled line: `  未走访 never visited: …`. */
    line: (label: Words, value: string, values: Readonly<Record<string, string | number>> = {}): string =>
      `  ${say(words.line, { label: say(label, values), value })}`,
    heading: (title: Words): string => {
      const text = say(title)
      return `\n${text}\n${"═".repeat(widthOf(text))}\n`
    },
    columns: (columns: ReadonlyArray<Words>, values: Readonly<Record<string, string | number>> = {}) => columns.map((c) => say(c, values)),
    /** Flags, or a dash for none. */
    flags: (given: ReadonlyArray<keyof typeof flags>): string => given.map((f) => say(flags[f])).join(say(words.separator)) || "—"
  }
}

/** What the ledgers are drawn for: the policy in force (its calendar and numbers), and whom. */
export interface Options {
  readonly policy: PolicyShape
  /** Who reads them: she sees the rows she may read (`Ledgers.rowsFor`). */
  readonly scope: Reading.Scope
  /** As recorded by this date or moment, if the ledgers were drawn so: shown in the title. */
  readonly asRecordedOn?: string | undefined
  /**
   * The language of the text: `zh` (Chinese) or `en` (English). Without one, the bilingual
   * text: each ledger's and each finding's Chinese name beside English words, the columns,
   * flags and kinds as their English codes (what `fulian demo` prints).
   */
  readonly lang?: Lang | undefined
}

/**
 * The rows and flags of every ledger the reader may read, with the figures of the year the
 * ledgers are drawn in: what `all` lays out, and what `fulian ledgers --format json` prints.
 */
export const rowsOf = (drawn: Ledgers.Drawn, options: Options): Ledgers.Rows => {
  const year = judgedAt(drawn.asOf, calendarOf(options.policy))!.date.slice(0, 4)
  return Ledgers.rowsFor(drawn, { policy: options.policy, scope: options.scope, period: { from: `${year}-01-01`, to: `${year}-12-31` } })
}

/**
 * Every ledger as text, from ledgers drawn (`Ledgers.draw`) and judged at their `asOf`, in the
 * language of `options.lang`. The figures of a year (resolutions by level, activities) are
 * those of the local year of `asOf`.
 */
export const all = (drawn: Ledgers.Drawn, options: Options): string => {
  const { policy, scope } = options
  const { say, list, brief, line, heading, columns, flags: flagged } = speaker(options.lang)
  const calendar = calendarOf(policy)
  const at = judgedAt(drawn.asOf, calendar)!
  const year = Number(at.date.slice(0, 4))
  const rows = rowsOf(drawn, options)
  // The figures of the year: of the reader's organization, or, for an auditor, of its area.
  const reach = scope.as === "auditor"
    ? Ledgers.Organizations.area(drawn.states.organizations, scope.organization)
    : { organizationId: scope.organization, ids: new Set([scope.organization]) }
  const { householdContact: contact, cases, activities, terms, awards, meetings, volunteers, assessments } = rows
  const caseFigures = Ledgers.Cases.figures(cases, reach, rows.period)
  const activityFigures = Ledgers.Activities.figures(activities, rows.period)
  const when = isLocalDate(drawn.asOf) ? drawn.asOf : calendar.format(drawn.asOf)
  const recorded = options.asRecordedOn === undefined
    ? ""
    : say(words.recorded, { date: isLocalDate(options.asRecordedOn) ? options.asRecordedOn : calendar.format(options.asRecordedOn) })
  const lateRule = (ids: string) => line(words.lateRule, ids, { days: policy.lateEntryDays })
  /** Several records' ids, each with the number of its records entered late (补录). */
  const late = (rows: ReadonlyArray<{ readonly lateEntries: number }>, id: (row: never) => string): string => {
    const flaggedRows = rows.filter((r) => r.lateEntries > 0)
    return lateRule(flaggedRows.length === 0 ? say(words.none) : brief(flaggedRows.map((r) => say(words.withCount, { id: id(r as never), count: r.lateEntries }))))
  }
  const counted = (counts: { readonly [key: string]: number }, name: (key: never) => Words) =>
    list(Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${say(name(k as never))} ${n}`))

  const { actor } = scope.reader
  const role = options.lang === undefined ? actor.role : SchemaLabels.roles[actor.role][options.lang === "zh" ? "zh-CN" : "en"]
  const out: Array<string> = [
    say(words.title, { when, recorded, zone: calendar.zone }),
    say(words.reader, {
      person: actor.person,
      role,
      organization: actor.organization,
      rows: scope.as === "auditor" ? say(words.readerArea, { organization: actor.organization }) : say(words.readerRole)
    })
  ]

  out.push(heading(words.contact))
  out.push(table(
    columns(words.contactColumns),
    contact.communities.map((c) => [
      c.organizationId,
      c.households,
      c.representatives,
      contact.representatives.filter((r) => r.organizationId === c.organizationId).reduce((n, r) => n + r.householdIds.length, 0),
      c.withoutRepresentative.length,
      c.visitsByMonth.reduce((n, m) => n + m.visits, 0)
    ])
  ))
  const underTarget = contact.representatives.filter((r) => r.flags.includes("under-target"))
  const neverVisited = contact.representatives.filter((r) => r.flags.includes("households-never-visited"))
  out.push(line(words.underTarget, list(underTarget.map((r) => say(words.underTargetItem, { representative: r.representativeId, organization: r.organizationId, count: r.householdIds.length })))))
  out.push(line(words.neverVisited, list(neverVisited.flatMap((r) => r.neverVisited.map((h) => say(words.neverVisitedItem, { household: h, representative: r.representativeId }))))))
  out.push(line(words.withoutRepresentative, list(contact.communities.flatMap((c) => c.withoutRepresentative))))
  out.push(late(contact.communities, (c: Ledgers.HouseholdContact.CommunityRow) => c.organizationId))

  out.push(heading(words.cases))
  out.push(`  ${say(words.casesCount, { cases: cases.cases.length, open: cases.byStatus.open, resolved: cases.byStatus.resolved, archived: cases.byStatus.archived })}`)
  out.push(table(
    columns(words.casesColumns),
    (["community", "street", "district"] as const).map((level) => [say(levels(level)), caseFigures.resolvedAtLevel[level]])
  ))
  out.push(`  ${say(words.resolvedLocally, { year, local: caseFigures.resolvedAtLevel.community + caseFigures.resolvedAtLevel.street, resolved: caseFigures.resolved })}`)
  out.push(line(words.openByLevel, counted(cases.open.byLevel, levels)))
  out.push(line(words.openByCategory, counted(cases.open.byCategory, categories)))
  out.push(line(words.lateRegistrations, list(cases.lateRegistrations)))
  out.push(line(words.resultsOverdue, list(cases.resultsOverdue)))
  out.push(line(words.notEscalated, list(cases.urgentNotEscalated)))
  out.push(line(words.followUpsDue, list(cases.followUpsDue.map((f) => say(words.followUpItem, { caseId: f.caseId, dueOn: f.dueOn, overdue: f.overdue ? say(words.followUpOverdue) : "" })))))
  out.push(line(words.escalated, list(cases.cases.filter((c) => c.escalations.length > 0).map((c) => `${c.caseId} ${c.firstHolder}→${c.holder}`))))
  out.push(late(cases.cases, (c: Ledgers.Cases.CaseRow) => c.caseId))

  out.push(heading(words.activities))
  out.push(table(
    columns(words.activitiesColumns, { year }),
    activityFigures.byKind.map((k) => [say(activityKinds(k.kind)), k.count, k.participants, k.beneficiaries])
  ))
  out.push(`  ${say(words.activitiesYear, {
    year,
    activities: activityFigures.all.count,
    donations: activityFigures.donations.count,
    donated: activityFigures.donations.yuan.toFixed(2),
    relief: activityFigures.relief.count,
    reliefGiven: activityFigures.relief.yuan.toFixed(2)
  })}`)
  out.push(late(activities.organizations, (o: Ledgers.Activities.OrganizationRow) => o.organizationId))

  out.push(heading(words.terms))
  out.push(table(
    columns(words.termsColumns),
    terms.filter((t) => t.latest).map((t) => [
      t.organizationId,
      t.termId,
      t.electedOn,
      t.endsOn,
      t.filedOn ?? "—",
      t.membersInOffice,
      flagged(t.flags)
    ])
  ))

  out.push(heading(words.awards))
  out.push(table(
    columns(words.awardsColumns),
    awards.byYear.map((y) => [String(y.year), y.conferred, y.confirmed, y.revoked, y.recheckDue])
  ))
  for (const a of awards.awards.filter((a) => a.status === "revoked")) {
    out.push(line(words.revoked, say(words.revokedItem, { household: a.householdId, title: a.title, on: a.revokedOn ?? a.lastCheckedOn ?? "", campaignId: a.campaignId })))
  }
  out.push(late(awards.campaigns, (c: Ledgers.Awards.CampaignRow) => c.campaignId))

  out.push(heading(words.meetings))
  out.push(table(
    columns(words.meetingsColumns),
    meetings.organizations.map((o) => [
      o.organizationId,
      o.held.monthly,
      o.held.plenary,
      o.held.congress,
      brief(o.monthsWithoutMonthlyMeeting),
      brief(o.quartersWithoutPlenary),
      flagged(o.flags)
    ])
  ))
  const overdue = meetings.decisions.filter((d) => d.flags.includes("decision-overdue"))
  out.push(`  ${say(words.decisions, {
    count: meetings.decisions.length,
    overdue: list(overdue.map((d) => say(words.decisionItem, { meeting: d.meetingId, decision: d.decisionId, dueOn: d.dueOn, status: say(decisionStatus[d.status]) })))
  })}`)
  out.push(late(meetings.meetings, (m: Ledgers.Meetings.MeetingRow) => m.meetingId))

  out.push(heading(words.volunteers))
  out.push(table(
    columns(words.volunteersColumns),
    volunteers.organizations.map((o) => [o.organizationId, o.serving, o.left, o.pairs, o.householdsPaired, o.hours])
  ))

  out.push(heading(words.assessments))
  out.push(table(
    columns(words.assessmentsColumns),
    assessments.map((a) => [
      a.assessmentId,
      say(words.assessmentPeriod, { year: a.year, period: say(assessmentPeriods[a.period]) }),
      a.concludedOn ?? say(words.notConcluded),
      a.assessees.map((x) => say(words.rankingItem, { rank: x.rank ?? "–", organization: x.organizationId, total: x.total ?? "–" })).join(say(words.rankingSeparator))
    ])
  ))
  return `${out.join("\n")}\n`
}
