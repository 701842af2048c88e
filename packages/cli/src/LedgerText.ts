/**
 * The ledgers (台帐) as text for the terminal: each ledger of `@fulian/projections/Ledgers`,
 * drawn as of a date, laid out as aligned tables with its flags named and the records entered
 * late (补录). What `fulian ledgers` and `fulian demo` print.
 *
 * @since 0.1.0
 */
import { CliOutput } from "effect/cli"
import type { PolicyShape } from "@fulian/core/Policy"
import type * as Reading from "@fulian/core/Reading"
import { calendarOf, isLocalDate, judgedAt } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"

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

const list = (items: ReadonlyArray<string>): string => (items.length === 0 ? "none" : items.join(", "))
/** A long list shortened to its first and last items and its length. */
const brief = (items: ReadonlyArray<string>): string =>
  items.length <= 4 ? list(items) : `${items[0]} … ${items[items.length - 1]} (${items.length})`
const heading = (zh: string, en: string) => `\n${zh} ${en}\n${"═".repeat(widthOf(zh) + 1 + en.length)}\n`

/** Several records' ids, each with the number of its records entered late (补录). */
const late = (rows: ReadonlyArray<{ readonly lateEntries: number }>, id: (row: never) => string): string => {
  const flagged = rows.filter((r) => r.lateEntries > 0)
  return flagged.length === 0 ? "none" : brief(flagged.map((r) => `${id(r as never)} (${r.lateEntries})`))
}

/** What the ledgers are drawn for: the policy in force (its calendar and numbers), and whom. */
export interface Options {
  readonly policy: PolicyShape
  /** Who reads them: she sees the rows she may read (`Ledgers.rowsFor`). */
  readonly scope: Reading.Scope
  /** As recorded by this date or moment, if the ledgers were drawn so: shown in the title. */
  readonly asRecordedOn?: string | undefined
}

/**
 * Every ledger as text, from ledgers drawn (`Ledgers.draw`) and judged at their `asOf`. The
 * figures of a year (resolutions by level, activities) are those of the local year of `asOf`.
 */
/**
 * The rows and flags of every ledger the reader may read, with the figures of the year the
 * ledgers are drawn in: what `all` lays out, and what `fulian ledgers --format json` prints.
 */
export const rowsOf = (drawn: Ledgers.Drawn, options: Options): Ledgers.Rows => {
  const year = judgedAt(drawn.asOf, calendarOf(options.policy))!.date.slice(0, 4)
  return Ledgers.rowsFor(drawn, { policy: options.policy, scope: options.scope, period: { from: `${year}-01-01`, to: `${year}-12-31` } })
}

export const all = (drawn: Ledgers.Drawn, options: Options): string => {
  const { policy } = options
  const calendar = calendarOf(policy)
  const at = judgedAt(drawn.asOf, calendar)!
  const year = Number(at.date.slice(0, 4))
  const { scope } = options
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
    : `, as recorded by ${isLocalDate(options.asRecordedOn) ? options.asRecordedOn : calendar.format(options.asRecordedOn)}`
  const lateRule = `补录 entered more than ${policy.lateEntryDays} days after it happened`

  const { actor } = scope.reader
  const out: Array<string> = [
    `台帐 Ledgers, as the facts stood on ${when}${recorded} (${calendar.zone})`,
    `as read by ${actor.person} (${actor.role}, ${actor.organization}): the rows ${scope.as === "auditor" ? `of ${actor.organization} and every organization below it` : "her role entitles her to"}`
  ]

  out.push(heading("联系户台帐", "Household contact"))
  out.push(table(
    ["community", "households", "representatives", "linked", "without representative", "visits"],
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
  out.push(`  未达标 under the 3–5 target: ${list(underTarget.map((r) => `${r.representativeId} of ${r.organizationId} (${r.householdIds.length})`))}`)
  out.push(`  未走访 never visited: ${list(neverVisited.flatMap((r) => r.neverVisited.map((h) => `${h} (${r.representativeId})`)))}`)
  out.push(`  无联系代表 without a representative: ${list(contact.communities.flatMap((c) => c.withoutRepresentative))}`)
  out.push(`  ${lateRule}: ${late(contact.communities, (c: Ledgers.HouseholdContact.CommunityRow) => c.organizationId)}`)

  out.push(heading("案件台帐", "Cases"))
  out.push(`  ${cases.cases.length} cases: ${cases.byStatus.open} open, ${cases.byStatus.resolved} resolved awaiting follow-up or archiving, ${cases.byStatus.archived} archived`)
  out.push(table(
    ["resolved at", "cases"],
    (["community", "street", "district"] as const).map((level) => [level, caseFigures.resolvedAtLevel[level]])
  ))
  out.push(`  小事不出社区,大事不出街道: resolved in ${year} at community or street level ${caseFigures.resolvedAtLevel.community + caseFigures.resolvedAtLevel.street} of ${caseFigures.resolved}`)
  out.push(`  open by level: ${Object.entries(cases.open.byLevel).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`)
  out.push(`  open by category: ${Object.entries(cases.open.byCategory).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`)
  out.push(`  登记不及时 late registrations: ${list(cases.lateRegistrations)}`)
  out.push(`  上报结果逾期 results overdue: ${list(cases.resultsOverdue)}`)
  out.push(`  未及时上报 sudden/typical not escalated in time: ${list(cases.urgentNotEscalated)}`)
  out.push(`  回访 follow-ups due: ${list(cases.followUpsDue.map((f) => `${f.caseId} by ${f.dueOn}${f.overdue ? " (overdue)" : ""}`))}`)
  out.push(`  escalated: ${list(cases.cases.filter((c) => c.escalations.length > 0).map((c) => `${c.caseId} ${c.firstHolder}→${c.holder}`))}`)
  out.push(`  ${lateRule}: ${late(cases.cases, (c: Ledgers.Cases.CaseRow) => c.caseId)}`)

  out.push(heading("活动台帐", "Activities"))
  out.push(table(
    [`kind (${year})`, "activities", "participants", "beneficiaries"],
    activityFigures.byKind.map((k) => [k.kind, k.count, k.participants, k.beneficiaries])
  ))
  out.push(`  ${year}: ${activityFigures.all.count} activities; donations ${activityFigures.donations.count}, ¥${activityFigures.donations.yuan.toFixed(2)}; relief ${activityFigures.relief.count}, ¥${activityFigures.relief.yuan.toFixed(2)}`)
  out.push(`  ${lateRule}: ${late(activities.organizations, (o: Ledgers.Activities.OrganizationRow) => o.organizationId)}`)

  out.push(heading("换届台帐", "Terms"))
  out.push(table(
    ["organization", "term", "elected", "ends", "filed", "members", "flags"],
    terms.filter((t) => t.latest).map((t) => [
      t.organizationId,
      t.termId,
      t.electedOn,
      t.endsOn,
      t.filedOn ?? "—",
      t.membersInOffice,
      t.flags.join(", ") || "—"
    ])
  ))

  out.push(heading("评比表彰台帐", "Awards"))
  out.push(table(
    ["campaign year", "conferred", "confirmed", "revoked", "re-check due"],
    awards.byYear.map((y) => [String(y.year), y.conferred, y.confirmed, y.revoked, y.recheckDue])
  ))
  for (const a of awards.awards.filter((a) => a.status === "revoked")) {
    out.push(`  撤销 revoked: ${a.householdId}, ${a.title}, on ${a.revokedOn ?? a.lastCheckedOn} (why: fulian history campaign-${a.campaignId})`)
  }
  out.push(`  ${lateRule}: ${late(awards.campaigns, (c: Ledgers.Awards.CampaignRow) => c.campaignId)}`)

  out.push(heading("会议台帐", "Meetings"))
  out.push(table(
    ["organization", "monthly", "plenary", "congress", "months without", "quarters without", "flags"],
    meetings.organizations.map((o) => [
      o.organizationId,
      o.held.monthly,
      o.held.plenary,
      o.held.congress,
      brief(o.monthsWithoutMonthlyMeeting),
      brief(o.quartersWithoutPlenary),
      o.flags.join(", ") || "—"
    ])
  ))
  const overdue = meetings.decisions.filter((d) => d.flags.includes("decision-overdue"))
  out.push(`  ${meetings.decisions.length} decisions; 逾期 overdue: ${list(overdue.map((d) => `${d.meetingId}/${d.decisionId} (due ${d.dueOn}, ${d.status})`))}`)
  out.push(`  ${lateRule}: ${late(meetings.meetings, (m: Ledgers.Meetings.MeetingRow) => m.meetingId)}`)

  out.push(heading("巾帼志愿者台帐", "Volunteers"))
  out.push(table(
    ["organization", "serving", "left", "pairs", "households paired", "hours"],
    volunteers.organizations.map((o) => [o.organizationId, o.serving, o.left, o.pairs, o.householdsPaired, o.hours])
  ))

  out.push(heading("考核评比台帐", "Assessments"))
  out.push(table(
    ["assessment", "period", "concluded", "ranking"],
    assessments.map((a) => [
      a.assessmentId,
      `${a.year} ${a.period}`,
      a.concludedOn ?? "no",
      a.assessees.map((x) => `${x.rank ?? "–"}. ${x.organizationId} ${x.total ?? "–"}`).join("; ")
    ])
  ))
  return `${out.join("\n")}\n`
}
