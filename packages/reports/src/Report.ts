/**
 * 报表: an organization's reports computed from the event log — the monthly report
 * (`MonthlyReport`) and the half-year and annual work summaries (`WorkSummary`) — and
 * rendered as Markdown, CSV or JSON in Chinese or English.
 *
 *   const report = yield* Report.compute({ organizationId: "s1", kind: "annual", period: "2023" })
 *   console.log(Report.render(report, "markdown"))            // zh-CN
 *   console.log(Report.render(report, "csv", { locale: "en" }))
 *
 * A report is computed by folding its projection (`Tally`) over the log up to a position, so
 * the same position always gives the same content: that is what lets a report sent up be
 * verified later (`Attestation`).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import * as CoreReport from "@fulian/core/Report"
import * as Projection from "@fulian/projections/Projection"
import type { EventStore, EventStoreError } from "@fulian/store/EventStore"
import type { Document } from "./Document.ts"
import * as MonthlyReport from "./MonthlyReport.ts"
import * as Render from "./Render.ts"
import * as Tally from "./Tally.ts"
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

/** A report as computed: what was asked, the log position it was computed from, its content. */
export interface Computed {
  readonly request: Request
  readonly position: number
  readonly content: Content
}

/** Why a report could not be computed, found or verified. */
export class ReportError extends Schema.TaggedError<ReportError>()("ReportError", {
  reason: Schema.Literals(["InvalidPeriod", "OrganizationNotRegistered", "ReportNotFound"]),
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** The scope of a request (its organization and days), or a `ReportError` for a period not of its kind. */
export const scopeOf = (request: Request): Effect.Effect<Tally.Scope, ReportError> => {
  const range = CoreReport.dateRange(request.kind, request.period)
  return range === undefined
    ? Effect.fail(new ReportError({ reason: "InvalidPeriod", detail: `${request.period} is not a period of a ${request.kind} report (write 2023-03, 2023-H1 or 2023)` }))
    : Effect.succeed({ organizationId: request.organizationId, ...range })
}

/** The content of a request, read off its figures (whose organization must be registered). */
export const contentOf = (request: Request, state: Tally.State): Content =>
  request.kind === "monthly" ? MonthlyReport.contentOf(state, request.period) : WorkSummary.contentOf(state, request.kind, request.period)

/**
 * Computes a report from the log: up to `upTo` (a position recorded earlier), or to the end of
 * the log as it is now. The position returned is `upTo`, or the last position of the log read.
 */
export const compute = (
  request: Request,
  options: { readonly upTo?: number } = {}
): Effect.Effect<Computed, ReportError | EventStoreError, EventStore> =>
  Effect.gen(function*() {
    const scope = yield* scopeOf(request)
    const state = yield* Projection.foldUpTo(Tally.projection(scope), options.upTo ?? Number.MAX_SAFE_INTEGER)
    if (!Tally.isRegistered(state)) {
      return yield* new ReportError({ reason: "OrganizationNotRegistered", detail: `organization ${request.organizationId} is not registered in the log${options.upTo === undefined ? "" : ` up to position ${options.upTo}`}` })
    }
    return { request, position: options.upTo ?? state.position, content: contentOf(request, state) }
  })

/** What a report sent up records about itself, shown in its header. */
export interface Attested {
  readonly reportId: string
  readonly sentTo: string
  readonly submittedAt: string
  readonly position: number
  readonly contentHash: string
}

/** A report laid out for reading; with its attestation, its header also shows where it went and what it was computed from. */
export const document = (content: Content, attested?: Attested): Document => {
  const doc = content.kind === "monthly" ? MonthlyReport.document(content) : WorkSummary.document(content)
  if (attested === undefined) return doc
  return {
    ...doc,
    header: [
      ...doc.header,
      { label: "header.reportId", value: attested.reportId },
      { label: "header.sentTo", value: attested.sentTo },
      { label: "header.submittedAt", value: attested.submittedAt },
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
}

/** A computed report in a format and language. JSON carries the content and attestation as `data`. */
export const render = (report: Computed, format: Render.Format, options: RenderOptions = {}): string =>
  Render.render(document(report.content, options.attested), format, {
    locale: options.locale,
    bom: options.bom,
    data: { position: report.position, content: report.content, ...(options.attested === undefined ? {} : { attestation: options.attested }) }
  })
