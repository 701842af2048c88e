/**
 * The ledgers (台帐) as text for the terminal: each ledger of `@fulian/projections/Ledgers`,
 * drawn as of a date, laid out as aligned tables with its flags named and the records entered
 * late (补录). What `fulian ledgers` and `fulian demo` print. Each ledger is laid out once
 * (`layout`: its tables and findings in a language); `all` writes that as text, and `tabular`
 * hands it to the reports' writers for `fulian ledgers --format html|pdf|xlsx|csv|md`.
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
import type * as Award from "@fulian/core/Award"
import type * as Case from "@fulian/core/Case"
import type * as Mediation from "@fulian/core/Mediation"
import type * as Meeting from "@fulian/core/Meeting"
import type * as Organization from "@fulian/core/Organization"
import type * as Place from "@fulian/core/Place"
import type { PolicyShape } from "@fulian/core/Policy"
import type * as Reading from "@fulian/core/Reading"
import { calendarOf, isLocalDate, judgedAt } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"
import { type LabelKey, labels, type Locale } from "@fulian/reports/Labels"
import type * as Tabular from "@fulian/reports/Tabular"
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
const flags: {
  readonly [
    F in
      | Ledgers.Terms.TermFlag
      | Ledgers.Meetings.OrganizationFlag
      | Ledgers.Meetings.MeetingFlag
      | Ledgers.Meetings.DecisionFlag
      | Ledgers.Awards.AwardFlag
      | Ledgers.HouseholdContact.RepresentativeFlag
      | Ledgers.Cases.Flag
      | Ledgers.Study.MemberFlag
      | Ledgers.Mediators.CommitteeRow["flags"][number]
  ]: Words
} = codes({
  "entered-late": "补录",
  "filing-overdue": "备案逾期",
  "not-synchronized": "未与居委会同步换届",
  "election-due-soon": "即将换届",
  "election-overdue": "换届逾期",
  "month-without-meeting": "有月份未开月例会",
  "quarter-without-plenary": "有季度未开全委会",
  "year-without-congress": "未召开妇女代表大会",
  "monthly-without-study": "月例会未记学习内容",
  "missed-most": "缺席学习最多",
  "headless": "未设社长",
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

const placeKinds: { readonly [K in Place.Kind]: Words } = {
  "womens-home": w("妇女之家", "women's home", "womens-home"),
  "activity-room": w("活动室", "activity room", "activity-room"),
  "rights-station": w("维权站", "rights station", "rights-station"),
  "rights-point": w("维权点", "rights point", "rights-point"),
  "mediation-hotline": w("调解热线", "mediation hotline", "mediation-hotline"),
  "duty-post": w("值班点", "duty post", "duty-post")
}

const mediatorKinds: { readonly [K in Mediation.MediatorKind | "unknown"]: Words } = codes({
  "volunteer": "志愿者",
  "cadre": "干部",
  "unknown": "未注明"
})

const nomineeKinds: { readonly [K in Award.NomineeKind]: Words } = codes({
  "household": "家庭",
  "person": "个人",
  "unit": "集体"
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
  revokedItem: w("{nominee}（{kind}），{title}，{on}（原因见 fulian history campaign-{campaignId}）", "{nominee} ({kind}), {title}, on {on} (why: fulian history campaign-{campaignId})"),

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
  withoutStudy: named("月例会未记学习内容", "monthly meetings without study"),

  places: named("阵地台帐", "Places"),
  placesColumns: [
    w(labels["col.organization"]["zh-CN"], "organization"),
    w("阵地编号", "place"),
    w("类型", "kind"),
    w("名称", "name"),
    w("电话", "number"),
    w("启用日期", "opened"),
    w("停用日期", "closed"),
    w("状态", "status"),
    w("标记", "flags")
  ],
  placeOpen: w("在用", "open"),
  placeClosed: w("已停用", "closed"),
  placesOpen: named("在用阵地", "open places"),

  study: named("学习培训台帐", "Study and training"),
  studyOrganizationsColumns: [
    w(`${labels["col.organization"]["zh-CN"]}（{year} 年）`, "organization ({year})"),
    w(labels["meetingKind.monthly"]["zh-CN"], "monthly meetings"),
    w("记学习内容", "with study"),
    w("培训（期）", "trainings"),
    w("培训学时", "training hours"),
    w("缺席学习最多", "missed most")
  ],
  studyMembersColumns: [
    w(labels["col.organization"]["zh-CN"], "organization"),
    w("人员编号", "person"),
    w("参加学习（次）", "study sessions"),
    w("应参加（次）", "expected"),
    w("参加培训（期）", "trainings"),
    w("培训学时", "training hours"),
    w("标记", "flags")
  ],

  plans: named("工作计划台帐", "Work plans"),
  plansColumns: [
    w(labels["col.organization"]["zh-CN"], "organization"),
    w(labels["col.year"]["zh-CN"], "year"),
    w("通过会议", "adopted at"),
    w("通过日期", "adopted on"),
    w("修订前", "amends"),
    w("目标（项）", "targets")
  ],
  targetsColumns: [
    w(labels["col.organization"]["zh-CN"], "organization"),
    w("目标编号", "target"),
    w(labels["col.measure"]["zh-CN"], "measure"),
    w(labels["col.comparator"]["zh-CN"], "comparator"),
    w(labels["col.planned"]["zh-CN"], "planned")
  ],
  withoutPlan: w("{year} 年未通过工作计划", "without a plan for {year}", "{year} 年未通过工作计划 without a plan for {year}"),

  volunteers: named("巾帼志愿者台帐", "Volunteers"),
  volunteersColumns: [
    w(labels["col.organization"]["zh-CN"], "organization"),
    w("在册", "serving"),
    w("退出", "left"),
    w("结对", "pairs"),
    w(labels["metric.householdsPaired"]["zh-CN"], "households paired"),
    w("服务时长（小时）", "hours")
  ],

  mediators: named("调解员台帐", "Mediators"),
  committeesColumns: [
    w(labels["col.organization"]["zh-CN"], "organization"),
    w("调解组织", "committee"),
    w("成立日期", "established"),
    w("社长", "head"),
    w("法律指导员", "legal adviser"),
    w("在册调解员", "serving"),
    w("志愿者", "volunteers"),
    w("干部", "cadres"),
    w("退出", "left"),
    w("调解热线", "hotlines"),
    w("值班点", "duty posts"),
    w("标记", "flags")
  ],
  mediatorsColumns: [
    w(labels["col.organization"]["zh-CN"], "organization"),
    w(labels["col.mediator"]["zh-CN"], "mediator"),
    w("类别", "kind"),
    w("职务", "post"),
    w("在册", "serving"),
    w(`${labels["col.sessions"]["zh-CN"]}（{year} 年）`, "sessions ({year})"),
    w("参加培训（期）", "trainings"),
    w("培训学时", "training hours")
  ],
  head: w("社长", "head"),
  adviser: w("法律指导员", "legal adviser"),
  yes: w("是", "yes"),
  no: w("否", "no"),

  assessments: named("考核评比台帐", "Assessments"),
  assessmentsColumns: [w("考核评比", "assessment"), w("考核期", "period"), w("完成日期", "concluded"), w("排名", "ranking")],
  assessmentPeriod: w("{year} 年{period}", "{year} {period}"),
  notConcluded: w("未完成", "no"),
  rankingItem: w("{rank}. {organization} {total}", "{rank}. {organization} {total}"),
  rankingSeparator: w("；", "; "),

  about: w("台帐说明", "About these ledgers"),
  readerFact: w("阅读范围", "Read as")
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
    /** A labelled line: `未走访 never visited: …`. */
    line: (label: Words, value: string, values: Readonly<Record<string, string | number>> = {}): string =>
      say(words.line, { label: say(label, values), value }),
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

/** A block of a ledger: a table (its headers and rows), or a line of findings. */
export type Block =
  | { readonly _tag: "Table"; readonly headers: ReadonlyArray<string>; readonly rows: ReadonlyArray<ReadonlyArray<string | number>> }
  | { readonly _tag: "Line"; readonly text: string }

/** One ledger laid out: its key (`cases`), its name in the language, and its blocks in order. */
export interface Ledger {
  readonly key: string
  readonly title: string
  readonly blocks: ReadonlyArray<Block>
}

/** Every ledger laid out in a language: the title (as of when, in which calendar), who reads, and the ledgers. */
export interface Layout {
  readonly title: string
  readonly reader: string
  readonly ledgers: ReadonlyArray<Ledger>
}

/**
 * Every ledger laid out in the language of `options.lang`, from ledgers drawn
 * (`Ledgers.draw`) and judged at their `asOf`: the one definition of what each ledger shows,
 * which `all` writes as text and `tabular` hands to the page and spreadsheet writers. The
 * figures of a year (resolutions by level, activities) are those of the local year of `asOf`.
 */
export const layout = (drawn: Ledgers.Drawn, options: Options): Layout => {
  const { policy, scope } = options
  const { say, list, brief, line, columns, flags: flagged } = speaker(options.lang)
  const calendar = calendarOf(policy)
  const at = judgedAt(drawn.asOf, calendar)!
  const year = Number(at.date.slice(0, 4))
  const rows = rowsOf(drawn, options)
  // The figures of the year: of the reader's organization, or, for an auditor, of its area.
  const reach = scope.as === "auditor"
    ? Ledgers.Organizations.area(drawn.states.organizations, scope.organization)
    : { organizationId: scope.organization, ids: new Set([scope.organization]) }
  const { places, householdContact: contact, cases, activities, terms, awards, meetings, study, plans, volunteers, mediators, assessments } = rows
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
  const ledgers: Array<{ readonly key: string; readonly title: string; readonly blocks: Array<Block> }> = []
  const heading = (key: string, title: Words) => void ledgers.push({ key, title: say(title), blocks: [] })
  const blocks = () => ledgers[ledgers.length - 1]!.blocks
  /** Adds a table, or a line of findings, to the ledger being laid out. */
  const add = (block: Block | string) => void blocks().push(typeof block === "string" ? { _tag: "Line", text: block } : block)
  const tableOf = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number>>): Block => ({ _tag: "Table", headers, rows })

  heading("places", words.places)
  add(tableOf(
    columns(words.placesColumns),
    places.map((p) => [
      p.organizationId,
      p.placeId,
      say(placeKinds[p.kind]),
      p.name,
      p.number ?? "—",
      p.openedOn,
      p.closedOn ?? "—",
      say(p.open ? words.placeOpen : words.placeClosed),
      flagged(p.flags)
    ])
  ))
  add(line(words.placesOpen, counted(Ledgers.Places.figures(places).openByKind, (k: Place.Kind) => placeKinds[k])))

  heading("contact", words.contact)
  add(tableOf(
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
  add(line(words.underTarget, list(underTarget.map((r) => say(words.underTargetItem, { representative: r.representativeId, organization: r.organizationId, count: r.householdIds.length })))))
  add(line(words.neverVisited, list(neverVisited.flatMap((r) => r.neverVisited.map((h) => say(words.neverVisitedItem, { household: h, representative: r.representativeId }))))))
  add(line(words.withoutRepresentative, list(contact.communities.flatMap((c) => c.withoutRepresentative))))
  add(late(contact.communities, (c: Ledgers.HouseholdContact.CommunityRow) => c.organizationId))

  heading("cases", words.cases)
  add(say(words.casesCount, { cases: cases.cases.length, open: cases.byStatus.open, resolved: cases.byStatus.resolved, archived: cases.byStatus.archived }))
  add(tableOf(
    columns(words.casesColumns),
    (["community", "street", "district"] as const).map((level) => [say(levels(level)), caseFigures.resolvedAtLevel[level]])
  ))
  add(say(words.resolvedLocally, { year, local: caseFigures.resolvedAtLevel.community + caseFigures.resolvedAtLevel.street, resolved: caseFigures.resolved }))
  add(line(words.openByLevel, counted(cases.open.byLevel, levels)))
  add(line(words.openByCategory, counted(cases.open.byCategory, categories)))
  add(line(words.lateRegistrations, list(cases.lateRegistrations)))
  add(line(words.resultsOverdue, list(cases.resultsOverdue)))
  add(line(words.notEscalated, list(cases.urgentNotEscalated)))
  add(line(words.followUpsDue, list(cases.followUpsDue.map((f) => say(words.followUpItem, { caseId: f.caseId, dueOn: f.dueOn, overdue: f.overdue ? say(words.followUpOverdue) : "" })))))
  add(line(words.escalated, list(cases.cases.filter((c) => c.escalations.length > 0).map((c) => `${c.caseId} ${c.firstHolder}→${c.holder}`))))
  add(late(cases.cases, (c: Ledgers.Cases.CaseRow) => c.caseId))

  heading("activities", words.activities)
  add(tableOf(
    columns(words.activitiesColumns, { year }),
    activityFigures.byKind.map((k) => [say(activityKinds(k.kind)), k.count, k.participants, k.beneficiaries])
  ))
  add(say(words.activitiesYear, {
    year,
    activities: activityFigures.all.count,
    donations: activityFigures.donations.count,
    donated: activityFigures.donations.yuan.toFixed(2),
    relief: activityFigures.relief.count,
    reliefGiven: activityFigures.relief.yuan.toFixed(2)
  }))
  add(late(activities.organizations, (o: Ledgers.Activities.OrganizationRow) => o.organizationId))

  heading("terms", words.terms)
  add(tableOf(
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

  heading("awards", words.awards)
  add(tableOf(
    columns(words.awardsColumns),
    awards.byYear.map((y) => [String(y.year), y.conferred, y.confirmed, y.revoked, y.recheckDue])
  ))
  for (const a of awards.awards.filter((a) => a.status === "revoked")) {
    add(line(words.revoked, say(words.revokedItem, { nominee: a.nomineeId, kind: say(nomineeKinds[a.nomineeKind]), title: a.title, on: a.revokedOn ?? a.lastCheckedOn ?? "", campaignId: a.campaignId })))
  }
  add(late(awards.campaigns, (c: Ledgers.Awards.CampaignRow) => c.campaignId))

  heading("meetings", words.meetings)
  add(tableOf(
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
  add(say(words.decisions, {
    count: meetings.decisions.length,
    overdue: list(overdue.map((d) => say(words.decisionItem, { meeting: d.meetingId, decision: d.decisionId, dueOn: d.dueOn, status: say(decisionStatus[d.status]) })))
  }))
  add(line(words.withoutStudy, brief(meetings.meetings.filter((m) => m.flags.includes("monthly-without-study")).map((m) => m.meetingId))))
  add(late(meetings.meetings, (m: Ledgers.Meetings.MeetingRow) => m.meetingId))

  heading("study", words.study)
  add(tableOf(
    columns(words.studyOrganizationsColumns, { year: study.year }),
    study.organizations.map((o) => [o.organizationId, o.monthlyMeetingsHeld, o.withStudy, o.trainings, o.trainingHours, brief(o.missedMost)])
  ))
  add(tableOf(
    columns(words.studyMembersColumns),
    study.members.map((m) => [m.organizationId, m.personId, m.studySessions, m.expected, m.trainings, m.trainingHours, flagged(m.flags)])
  ))

  heading("plans", words.plans)
  add(tableOf(
    columns(words.plansColumns),
    plans.plans.map((p) => [p.organizationId, String(p.year), p.meetingId, p.adoptedOn, brief(p.amended.map((a) => a.meetingId)), p.targets.length])
  ))
  add(tableOf(
    columns(words.targetsColumns),
    plans.plans.flatMap((p) =>
      p.targets.map((t) =>
        t.kind === "measured"
          ? [p.organizationId, t.targetId, say(labelled(`measure.${t.measure}`, t.measure)), say(labelled(`comparator.${t.comparator}`, t.comparator)), String(t.value)]
          : [p.organizationId, t.targetId, t.text, "—", "—"]
      )
    )
  ))
  add(line(words.withoutPlan, list(plans.withoutPlan), { year: plans.year }))

  heading("volunteers", words.volunteers)
  add(tableOf(
    columns(words.volunteersColumns),
    volunteers.organizations.map((o) => [o.organizationId, o.serving, o.left, o.pairs, o.householdsPaired, o.hours])
  ))

  heading("mediators", words.mediators)
  add(tableOf(
    columns(words.committeesColumns),
    mediators.committees.map((c) => [
      c.organizationId,
      c.name ?? "—",
      c.establishedOn ?? "—",
      c.headId ?? "—",
      c.adviserId ?? "—",
      c.serving,
      c.volunteers,
      c.cadres,
      c.left,
      c.hotlines.length,
      c.dutyPosts.length,
      flagged(c.flags)
    ])
  ))
  add(tableOf(
    columns(words.mediatorsColumns, { year }),
    mediators.mediators.map((m) => [
      m.organizationId,
      m.mediatorId,
      say(mediatorKinds[m.kind ?? "unknown"]),
      [...(m.head ? [say(words.head)] : []), ...(m.adviser ? [say(words.adviser)] : [])].join(say(words.separator)) || "—",
      say(m.serving ? words.yes : words.no),
      m.sessionsByYear.find((y) => y.year === year)?.sessions ?? 0,
      m.trainings.length,
      m.trainingHours
    ])
  ))

  heading("assessments", words.assessments)
  add(tableOf(
    columns(words.assessmentsColumns),
    assessments.map((a) => [
      a.assessmentId,
      say(words.assessmentPeriod, { year: a.year, period: say(assessmentPeriods[a.period]) }),
      a.concludedOn ?? say(words.notConcluded),
      a.assessees.map((x) => say(words.rankingItem, { rank: x.rank ?? "–", organization: x.organizationId, total: x.total ?? "–" })).join(say(words.rankingSeparator))
    ])
  ))
  return {
    title: say(words.title, { when, recorded, zone: calendar.zone }),
    reader: say(words.reader, {
      person: actor.person,
      role,
      organization: actor.organization,
      rows: scope.as === "auditor" ? say(words.readerArea, { organization: actor.organization }) : say(words.readerRole)
    }),
    ledgers
  }
}

/**
 * Every ledger as text for the terminal, in the language of `options.lang` (see `layout`):
 * a heading a ledger, its tables aligned, its findings indented.
 */
export const all = (drawn: Ledgers.Drawn, options: Options): string => {
  const { title, reader, ledgers } = layout(drawn, options)
  const out: Array<string> = [title, reader]
  for (const ledger of ledgers) {
    out.push(`\n${ledger.title}\n${"═".repeat(widthOf(ledger.title))}\n`)
    for (const block of ledger.blocks) out.push(block._tag === "Table" ? table(block.headers, block.rows) : `  ${block.text}`)
  }
  return `${out.join("\n")}\n`
}

/** The language of the reports' labels for a language of the text (the bilingual text has none: Chinese). */
export const localeOf = (lang: Lang | undefined): Locale => (lang === "en" ? "en" : "zh-CN")

/**
 * Every ledger as tables in a language (`@fulian/reports/Tabular`), for a page (`Html`), a
 * workbook (`Xlsx`), CSV or Markdown: a section a ledger, its findings as paragraphs and its
 * tables with numbers kept as numbers. The same layout as the text (`layout`), so the formats
 * cannot disagree. In Chinese unless `options.lang` is `en` (a spreadsheet is never bilingual).
 */
export const tabular = (drawn: Ledgers.Drawn, options: Options): Tabular.Tabular => {
  const lang: Lang = options.lang ?? "zh"
  const locale = localeOf(lang)
  const { title, reader, ledgers } = layout(drawn, { ...options, lang })
  return {
    locale,
    title,
    factsTitle: words.about[lang],
    facts: [{ key: "reader", label: words.readerFact[lang], value: reader }],
    none: words.none[lang],
    sections: ledgers.map((ledger) => ({
      key: ledger.key,
      title: ledger.title,
      paragraphs: ledger.blocks.flatMap((b) => (b._tag === "Line" ? [b.text] : [])),
      tables: ledger.blocks.flatMap((b, i) => (b._tag === "Table" ? [{ key: `${ledger.key}.${i}`, columns: b.headers, rows: b.rows }] : []))
    }))
  }
}

/** The headers of the ledgers' CSV in a language: the reports' own (section, table, item, measure, value). */
export const csvHeaders = (lang: Lang | undefined): readonly [string, string, string, string, string] => {
  const locale = localeOf(lang)
  return [labels["csv.section"][locale], labels["csv.table"][locale], labels["csv.item"][locale], labels["csv.measure"][locale], labels["csv.value"][locale]]
}
