/**
 * 报表: an organization's reports computed from the event log — the monthly report
 * (`MonthlyReport`) and the half-year and annual work summaries (`WorkSummary`) — and
 * rendered as Markdown, CSV or JSON in Chinese or English.
 *
 *   const report = yield* Report.compute({ organizationId: "s1", kind: "annual", period: "2023" })
 *   console.log(Report.render(report, "markdown"))            // zh-CN
 *   console.log(Report.render(report, "csv", { locale: "en" }))
 *
 * A report is read off the ledgers (`Figures`), folded over the log up to a position as the
 * facts stood at the end of its period, so the same position (and calendar) always gives the
 * same content: that is what lets a report sent up be verified later (`Attestation`). A report
 * may also be drawn as the facts stood on an earlier day (`asOf`) or as the records stood on a
 * day (`asRecordedOn`).
 *
 * The chair's narrative (报告正文: overview, remarks on a section, problems 存在的问题, next
 * year's plan 明年工作打算) is not computed: it is written, and kept with the report when it is
 * sent up (`Attestation.submit`). `document` places its paragraphs in the sections they name; a
 * report computed but not sent has none unless given.
 *
 * Layouts (版式). What a report's content holds is its layout; a report sent up records the
 * layout it was computed with (`currentLayout` now; none recorded: layout 1), and is verified
 * against its content in that layout (`inLayout`). Layout 1 (before seed 003's sections, 累计
 * and the plan targets) holds a subset of today's figures, so it is still computed, from the
 * current content; a layout this version no longer computes is verified by its signed
 * checkpoint alone (`Attestation`).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { Policy } from "@fulian/core/Policy"
import * as Reading from "@fulian/core/Reading"
import * as CoreReport from "@fulian/core/Report"
import { calendar, isTimeZone, judgedAt } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"
import type { EventStore, EventStoreError } from "@fulian/store/EventStore"
import type { Document, Section } from "./Document.ts"
import * as Figures from "./Figures.ts"
import * as MonthlyReport from "./MonthlyReport.ts"
import * as Render from "./Render.ts"
import * as WorkSummary from "./WorkSummary.ts"

/** The kinds of report: monthly 月报, half-year 半年小结, annual 年度工作总结. */
export type Kind = CoreReport.Kind

/** Which report: of which organization, of which kind, for which period (`2023-03`, `2023-H1`, `2023`). */
export interface Request {
  readonly organizationId: string
  readonly kind: Kind
  readonly period: string
}

/** A report's content: plain JSON with stable English keys, the thing hashed when it is sent up. */
export type Content = MonthlyReport.Content | WorkSummary.Content

/** A report as computed: what was asked, the log position it was computed from, the calendar its days are counted in, its content. */
export interface Computed {
  readonly request: Request
  readonly position: number
  /** The IANA time zone whose local days it counts. */
  readonly timeZone: string
  /** As the facts stood on this day or moment, when earlier than the period's end. */
  readonly asOf?: string
  /** As the records stood on this day or moment. */
  readonly asRecordedOn?: string
  readonly content: Content
}

/** Why a report could not be computed, found or verified. */
export class ReportError extends Schema.TaggedError<ReportError>()("ReportError", {
  reason: Schema.Literals(["InvalidPeriod", "InvalidDate", "InvalidTimeZone", "OrganizationNotRegistered", "ReportNotFound", "UnknownNarrativeSection"]),
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/**
 * The layout reports are computed with now: 2, seed 003's sections with the new ledgers'
 * figures, 本月/累计 in the monthly report, the plan's targets and the activities by month in
 * the summaries. Recorded with each report sent up (`SubmitReport.layout`).
 */
export const currentLayout = 2

/**
 * The layouts this version computes, each as a function of the current content: layout 1
 * (reports that record none, sent before the restructuring of DOMAIN.md §9) and the current.
 */
const layouts: Readonly<Record<number, (content: Content) => unknown>> = {
  1: (content) => (content.kind === "monthly" ? MonthlyReport.firstLayout(content) : WorkSummary.firstLayout(content)),
  [currentLayout]: (content) => content
}

/** The layouts this version of fulian computes (`inLayout`), oldest first. */
export const computedLayouts: ReadonlyArray<number> = Object.keys(layouts).map(Number).sort((a, b) => a - b)

/**
 * A report's content as a layout held it, for hashing (`Attestation.contentHash`): the content
 * itself in the current layout; `undefined` for a layout this version does not compute (retired,
 * or newer than it).
 */
export const inLayout = (content: Content, layout: number): unknown => layouts[layout]?.(content)

/** The scope of a request (its organization and days), or a `ReportError` for a period not of its kind. */
export const scopeOf = (request: Request): Effect.Effect<Figures.Scope, ReportError> => {
  const range = CoreReport.dateRange(request.kind, request.period)
  return range === undefined
    ? Effect.fail(new ReportError({ reason: "InvalidPeriod", detail: `${request.period} is not a period of a ${request.kind} report (write 2023-03, 2023-H1 or 2023)` }))
    : Effect.succeed({ organizationId: request.organizationId, ...range })
}

/** The content of a request, read off its figures (for a monthly report, figures with their year to date: `Figures.of` with `yearToDate`). */
export const contentOf = (request: Request, figures: Figures.Figures): Content =>
  request.kind === "monthly" ? MonthlyReport.contentOf(figures, request.period) : WorkSummary.contentOf(figures, request.kind, request.period)

/** Options of `compute`. */
export interface ComputeOptions {
  /** Up to this position of the log (a position recorded earlier); default the end of the log. */
  readonly upTo?: number | undefined
  /**
   * As the facts stood on a date or at a moment, when earlier than the period's end (the
   * default): a report of the year so far.
   */
  readonly asOf?: string | undefined
  /** As the records stood on a date (to the end of that day) or at a moment. */
  readonly asRecordedOn?: string | undefined
  /** The calendar to count days in; default the policy's. A report sent up is recomputed in its own. */
  readonly timeZone?: string | undefined
}

/**
 * Computes a report from the log, read off the ledgers as the facts stood at the end of its
 * period (or at `asOf`, when earlier). The position returned is `upTo`, or the last position of
 * the log read.
 */
export const compute = (
  request: Request,
  options: ComputeOptions = {}
): Effect.Effect<Computed, ReportError | EventStoreError, EventStore | Policy> =>
  Effect.map(computeWith(request, options), ({ computed }) => computed)

/**
 * `compute`, for a reader (DOMAIN.md §10): the organization's own committee, the committee of
 * the organization it reports to, or an auditor of it or above it. Refused with
 * `Reading.ReadRefused` otherwise, or when the records do not back the reader.
 */
export const computeFor = (
  reader: Reading.Reader,
  request: Request,
  options: ComputeOptions = {}
): Effect.Effect<Computed, ReportError | Reading.ReadRefused | EventStoreError, EventStore | Policy> =>
  Effect.gen(function*() {
    const scope = yield* Reading.scopeOf(reader)
    yield* Reading.mayReadReportsOf(scope, request.organizationId)
    return yield* compute(request, options)
  })

/**
 * `compute`, answering also the ledgers it was read off and its area (for `Attestation`);
 * `onApplied` is told of every record folded and whether it changed a ledger.
 */
export const computeWith = (
  request: Request,
  options: ComputeOptions & { readonly onApplied?: Ledgers.DrawOptions["onApplied"] } = {}
): Effect.Effect<
  { readonly computed: Computed; readonly drawn: Ledgers.Drawn; readonly area: Ledgers.Organizations.Area },
  ReportError | EventStoreError,
  EventStore | Policy
> =>
  Effect.gen(function*() {
    const scope = yield* scopeOf(request)
    const policy = { ...(yield* Policy), ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }) }
    if (!isTimeZone(policy.timeZone)) {
      return yield* new ReportError({ reason: "InvalidTimeZone", detail: `${policy.timeZone} is not a time zone this runtime knows` })
    }
    const cal = calendar(policy.timeZone)
    for (const [field, value] of [["asOf", options.asOf], ["asRecordedOn", options.asRecordedOn]] as const) {
      if (value !== undefined && judgedAt(value, cal) === undefined) {
        return yield* new ReportError({ reason: "InvalidDate", detail: `${field} is a date (2025-06-30) or an ISO 8601 time with its offset, not ${JSON.stringify(value)}` })
      }
    }
    const end = judgedAt(scope.to, cal)!
    const earlier = options.asOf !== undefined && judgedAt(options.asOf, cal)!.millis < end.millis ? options.asOf : undefined
    const drawn = yield* Ledgers.fold({
      policy,
      asOf: earlier ?? scope.to,
      asRecordedOn: options.asRecordedOn,
      upTo: options.upTo,
      onApplied: options.onApplied
    })
    const figures = Figures.of(drawn, scope, policy, { yearToDate: request.kind === "monthly", byMonth: request.kind !== "monthly" })
    if (figures === undefined) {
      return yield* new ReportError({ reason: "OrganizationNotRegistered", detail: `organization ${request.organizationId} is not registered in the log${options.upTo === undefined ? "" : ` up to position ${options.upTo}`}` })
    }
    const computed: Computed = {
      request,
      position: options.upTo ?? drawn.position,
      timeZone: policy.timeZone,
      ...(earlier === undefined ? {} : { asOf: earlier }),
      ...(options.asRecordedOn === undefined ? {} : { asRecordedOn: options.asRecordedOn }),
      content: contentOf(request, figures)
    }
    return { computed, drawn, area: Ledgers.Organizations.area(drawn.states.organizations, request.organizationId) }
  })

/** 报告正文: the chair's paragraphs of a report, each with the key of the section it belongs to, in order. */
export type Narrative = ReadonlyArray<CoreReport.NarrativeParagraph>

/**
 * The sections a narrative of a kind of report may name: `overview` (总体情况, first), the
 * report's own sections (remarks shown above their tables), `problems` (存在的问题) and the plan
 * of the next period (`next-year` 明年工作打算 for a summary, `next-month` 下月工作安排 for a
 * monthly report), last.
 */
export const narrativeSections = (kind: Kind): ReadonlyArray<string> =>
  kind === "monthly"
    ? ["overview", ...MonthlyReport.sectionKeys, "problems", "next-month"]
    : ["overview", ...WorkSummary.sectionKeys, "targets", "problems", "next-year"]

/** The sections a narrative names that a kind of report does not have (none when it may be sent). */
export const unknownSections = (kind: Kind, narrative: Narrative): ReadonlyArray<string> => {
  const known = new Set(narrativeSections(kind))
  return [...new Set(narrative.map((p) => p.section).filter((s) => !known.has(s)))]
}

/** The sections that hold only the chair's words: the overview first, the problems and the plan last. */
const opening = ["overview"] as const
const closing = ["problems", "next-year", "next-month"] as const

/**
 * A document with the chair's paragraphs in the sections they name: the overview first, a
 * section's remarks in it (a section the report lacks, such as the year's targets before any
 * plan is recorded, is added with its words only), the problems and the plan last. Paragraphs
 * keep their order.
 */
export const withNarrative = (doc: Document, narrative: Narrative = []): Document => {
  if (narrative.length === 0) return doc
  const paragraphsOf = (key: string) => narrative.filter((p) => p.section === key).map((p) => p.text)
  const wordsOnly = (key: string): ReadonlyArray<Section> => {
    const paragraphs = paragraphsOf(key)
    return paragraphs.length === 0 ? [] : [{ key, title: `section.${key}` as Section["title"], paragraphs, tables: [] }]
  }
  const present = new Set(doc.sections.map((s) => s.key))
  const middle = [
    ...doc.sections.map((s) => {
      const paragraphs = paragraphsOf(s.key)
      return paragraphs.length === 0 ? s : { ...s, paragraphs: [...(s.paragraphs ?? []), ...paragraphs] }
    }),
    // The year's targets, when the report has no table of them (no plan recorded): the words alone.
    ...(present.has("targets") ? [] : wordsOnly("targets"))
  ]
  return { ...doc, sections: [...opening.flatMap(wordsOnly), ...middle, ...closing.flatMap(wordsOnly)] }
}

/** What a report sent up records about itself, shown in its header. */
export interface Attested {
  readonly reportId: string
  readonly sentTo: string
  readonly submittedAt: string
  readonly position: number
  readonly contentHash: string
  /** The calendar it was computed in: the submission time is shown in its local time. */
  readonly timeZone?: string | undefined
  /** The report it corrects, if it is a corrected report. */
  readonly corrects?: string | undefined
  /** The chair's paragraphs sent with it, as recorded. */
  readonly narrative?: Narrative | undefined
}

/**
 * A report laid out for reading; with its attestation, its header also shows where it went and
 * what it was computed from, and its sections the narrative sent with it. A `narrative` given
 * (a draft not yet sent) is shown in place of the recorded one.
 */
export const document = (content: Content, attested?: Attested, narrative?: Narrative): Document => {
  const figures = content.kind === "monthly" ? MonthlyReport.document(content) : WorkSummary.document(content)
  const doc = withNarrative(figures, narrative ?? attested?.narrative)
  if (attested === undefined) return doc
  return {
    ...doc,
    header: [
      ...doc.header,
      { label: "header.reportId", value: attested.reportId },
      { label: "header.sentTo", value: attested.sentTo },
      {
        label: "header.submittedAt",
        value: attested.timeZone !== undefined && isTimeZone(attested.timeZone)
          ? `${calendar(attested.timeZone).format(attested.submittedAt)} (${attested.timeZone})`
          : attested.submittedAt
      },
      ...(attested.corrects === undefined ? [] : [{ label: "header.corrects" as const, value: attested.corrects }]),
      { label: "header.position", value: attested.position },
      { label: "header.contentHash", value: attested.contentHash }
    ]
  }
}

/** How to render a report. */
export interface RenderOptions {
  /** The language of the labels (default zh-CN). */
  readonly locale?: Render.Options["locale"]
  /** CSV only: start with a UTF-8 byte-order mark for spreadsheet programs. */
  readonly bom?: boolean
  /** The report's attestation, once it was sent up. */
  readonly attested?: Attested
  /** The chair's paragraphs, for a report not sent (a draft); a report sent shows those recorded with it. */
  readonly narrative?: Narrative
}

/** A computed report in a format and language. JSON carries the content and attestation as `data`. */
export const render = (report: Computed, format: Render.Format, options: RenderOptions = {}): string =>
  Render.render(document(report.content, options.attested, options.narrative), format, {
    locale: options.locale,
    bom: options.bom,
    data: { position: report.position, content: report.content, ...(options.attested === undefined ? {} : { attestation: options.attested }) }
  })
