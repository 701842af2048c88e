/**
 * The ledgers (台帐) as text for the terminal: each ledger of `@fulian/projections/Ledgers`
 * caught up from the log, queried as of a moment, and laid out as aligned tables with its flags
 * named. What `fulian ledgers` and `fulian demo` print.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { PolicyShape } from "@fulian/core/Policy"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as Projection from "@fulian/projections/Projection"
import { EventStore, type EventStoreError } from "@fulian/store/EventStore"

/** The columns a character takes in a terminal: two for CJK and full-width characters. */
const widthOf = (s: string): number => {
  let w = 0
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6)
      ? 2
      : 1
  }
  return w
}

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

/** What the ledgers are drawn as of. */
export interface Options {
  /** The moment deadlines are judged at: a date or an ISO 8601 instant. */
  readonly asOf: string
  readonly policy: PolicyShape
  /** Fold the log only up to this position (the ledgers as they stood then); default: all of it. */
  readonly upTo?: number | undefined
}

/**
 * The position of the last event recorded at or before a moment (0 if none): the ledgers as
 * of a past date are folded up to it.
 */
export const positionAt = (asOf: string): Effect.Effect<number, EventStoreError, EventStore> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const limit = Date.parse(asOf.length === 10 ? `${asOf}T00:00:00Z` : asOf)
    let after = 0
    let found = 0
    for (;;) {
      const page = yield* store.readAll({ after, limit: 5000 })
      if (page.length === 0) return found
      for (const e of page) if (Date.parse(e.metadata.recordedAt) <= limit) found = e.position
      after = page[page.length - 1]!.position
    }
  })

/** The year the ledgers of meetings and resolutions cover: that of the day before `asOf` (so 1 January shows the year just ended). */
const yearOf = (asOf: string): number => {
  const millis = Date.parse(asOf.length === 10 ? `${asOf}T00:00:00Z` : asOf)
  return new Date(millis - 1).getUTCFullYear()
}

/**
 * Every ledger, caught up from the log (with the projection store in the context) and drawn
 * as of `options.asOf`.
 */
export const all = (
  options: Options
): Effect.Effect<string, EventStoreError | Projection.ProjectionStoreError, EventStore | Projection.ProjectionStore> =>
  Effect.gen(function*() {
    const year = yearOf(options.asOf)
    const period = { from: `${year}-01-01`, to: `${year}-12-31` }
    const run: Projection.RunOptions = options.upTo === undefined ? {} : { upTo: options.upTo }
    const query = { asOf: options.asOf, policy: options.policy }
    const contact = Ledgers.HouseholdContact.rows((yield* Projection.catchUp(Ledgers.HouseholdContact.projection, run)).state, query)
    const cases = Ledgers.Cases.rows((yield* Projection.catchUp(Ledgers.Cases.projection, run)).state, { ...query, period })
    const terms = Ledgers.Terms.rows((yield* Projection.catchUp(Ledgers.Terms.projection, run)).state, query)
    const awards = Ledgers.Awards.rows((yield* Projection.catchUp(Ledgers.Awards.projection, run)).state, query)
    const meetings = Ledgers.Meetings.rows((yield* Projection.catchUp(Ledgers.Meetings.projection, run)).state, { ...query, period })
    const volunteers = Ledgers.Volunteers.rows((yield* Projection.catchUp(Ledgers.Volunteers.projection, run)).state, query)
    const assessments = Ledgers.Assessments.rows((yield* Projection.catchUp(Ledgers.Assessments.projection, run)).state, query)

    const out: Array<string> = [`台帐 Ledgers, as of ${options.asOf}`]

    out.push(heading("联系户台帐", "Household contact"))
    out.push(table(
      ["community", "households", "representatives", "linked", "without representative", "visits"],
      contact.communities.map((c) => {
        const reps = contact.representatives.filter((r) => r.organizationId === c.organizationId)
        return [
          c.organizationId,
          c.households,
          c.representatives,
          reps.reduce((n, r) => n + r.householdIds.length, 0),
          c.withoutRepresentative.length,
          reps.reduce((n, r) => n + r.visitsPerMonth.reduce((m, v) => m + v.visits, 0), 0)
        ]
      })
    ))
    const underTarget = contact.representatives.filter((r) => r.flags.includes("under-target"))
    const neverVisited = contact.representatives.filter((r) => r.flags.includes("households-never-visited"))
    out.push(`  未达标 under the 3–5 target: ${list(underTarget.map((r) => `${r.representativeId} of ${r.organizationId} (${r.householdIds.length})`))}`)
    out.push(`  未走访 never visited: ${list(neverVisited.flatMap((r) => r.neverVisited.map((h) => `${h} (${r.representativeId})`)))}`)
    out.push(`  无联系代表 without a representative: ${list(contact.communities.flatMap((c) => c.withoutRepresentative))}`)

    out.push(heading("案件台帐", "Cases"))
    out.push(`  ${cases.cases.length} cases: ${cases.byStatus.open} open, ${cases.byStatus.resolved} resolved awaiting follow-up or archiving, ${cases.byStatus.archived} archived`)
    out.push(table(
      ["resolved at", "cases"],
      (["community", "street", "district"] as const).map((level) => [level, cases.resolvedByLevel[level]])
    ))
    out.push(`  小事不出社区,大事不出街道: resolved in ${year} at community or street level ${cases.resolvedByLevel.community + cases.resolvedByLevel.street} of ${Object.values(cases.resolvedByLevel).reduce((a, b) => a + b, 0)}`)
    out.push(`  open by level: ${Object.entries(cases.open.byLevel).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`)
    out.push(`  open by category: ${Object.entries(cases.open.byCategory).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`)
    out.push(`  登记不及时 late registrations: ${list(cases.lateRegistrations)}`)
    out.push(`  上报结果逾期 results overdue: ${list(cases.resultsOverdue)}`)
    out.push(`  未及时上报 sudden/typical not escalated in time: ${list(cases.urgentNotEscalated)}`)
    out.push(`  回访 follow-ups due: ${list(cases.followUpsDue.map((f) => `${f.caseId} by ${f.dueOn}${f.overdue ? " (overdue)" : ""}`))}`)
    out.push(`  escalated: ${list(cases.cases.filter((c) => c.escalations > 0).map((c) => `${c.caseId} ${c.firstHolder}→${c.holder}`))}`)

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
      out.push(`  撤销 revoked: ${a.householdId}, ${a.title}, on ${a.revokedOn ?? a.lastCheckedOn}${a.lastRecheckReason ? `: ${a.lastRecheckReason}` : ""}`)
    }

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
  })
