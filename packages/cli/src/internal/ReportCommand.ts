/**
 * `fulian report <name> --org <id>`: an organization's report computed from the events, in a
 * format, or sent up (`--submit`). The renderers of the binary formats (PDF, XLSX) are loaded
 * only for those formats.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { Clock, Effect, Option, Schema } from "effect"
import { type Actor, Role } from "@fulian/core/Actor"
import * as Policy from "@fulian/core/Policy"
import { calendarOf } from "@fulian/core/Time"
import * as Attestation from "@fulian/reports/Attestation"
import type { Locale } from "@fulian/reports/Labels"
import type { PdfError } from "@fulian/reports/Pdf"
import * as Report from "@fulian/reports/Report"
import type { XlsxError } from "@fulian/reports/Xlsx"
import { UsageError } from "../Failure.ts"
import * as Output from "../Output.ts"
import { dateFlag, emit, lastEvent, needsOut, readerOf, withStore, type Written } from "./Run.ts"

/** A report's format: those `Report.render` writes as text, and the binary ones. */
export type Format = Parameters<typeof Report.render>[1] | "pdf" | "xlsx"

/** The argument and flags of `fulian report`. */
export interface Input {
  readonly kind: Report.Kind
  readonly org: string
  readonly year: Option.Option<number>
  readonly month: Option.Option<number>
  readonly half: Option.Option<number>
  readonly format: Format
  readonly out: Option.Option<string>
  readonly lang: Locale
  readonly submit: boolean
  readonly actor: Option.Option<string>
  readonly reportId: Option.Option<string>
  readonly corrects: Option.Option<string>
  readonly narrative: Option.Option<string>
  readonly asOf: Option.Option<string>
  readonly asRecordedOn: Option.Option<string>
}

/**
 * A report in a format: text formats through `Report.render` (CSV with a byte-order mark in
 * both languages, since the English CSV still carries the records' Chinese names), XLSX
 * through `Xlsx`, PDF as the HTML page printed by headless Chromium (`Pdf`).
 */
const renderReport = (
  computed: Report.Computed,
  format: Format,
  locale: Locale,
  attested?: Report.Attested,
  narrative?: Report.Narrative
): Effect.Effect<Written, XlsxError | PdfError> => {
  const options = { locale, ...(attested === undefined ? {} : { attested }), ...(narrative === undefined ? {} : { narrative }) }
  switch (format) {
    case "xlsx":
      return Effect.flatMap(Effect.promise(() => import("@fulian/reports/Xlsx")), (Xlsx) =>
        Effect.map(Xlsx.document(Report.document(computed.content, attested, narrative), { locale }), (bytes) => ({ bytes, format })))
    case "pdf":
      return Effect.flatMap(Effect.promise(() => import("@fulian/reports/Pdf")), (Pdf) =>
        Effect.map(Pdf.fromHtml(Report.render(computed, "html", options)), (bytes) => ({ bytes, format })))
    default:
      return Effect.succeed({ text: Report.render(computed, format, { ...options, bom: format === "csv" }) })
  }
}

/**
 * Reads the chair's paragraphs from a JSON file: a list of `{ section, text }`, each section one
 * of the report's (`Report.narrativeSections`). What the text may be (its length, no blank) is
 * checked where it is sent, as every command's input is.
 */
const readNarrative = (file: string, kind: Report.Kind): Effect.Effect<Report.Narrative, UsageError> =>
  Effect.gen(function*() {
    const json = yield* Effect.try({
      try: () => JSON.parse(fs.readFileSync(file, "utf8")) as unknown,
      catch: (error) => new UsageError({ detail: `--narrative: cannot read ${file} as JSON: ${(error as Error).message}` })
    })
    const isParagraph = (p: unknown): p is { section: string; text: string } =>
      typeof p === "object" && p !== null && typeof (p as { section?: unknown }).section === "string" &&
      typeof (p as { text?: unknown }).text === "string" && Object.keys(p).length === 2
    if (!Array.isArray(json) || !json.every(isParagraph)) {
      return yield* new UsageError({ detail: `--narrative: ${file} must hold a list of paragraphs, each {"section": …, "text": …}` })
    }
    const unknown = Report.unknownSections(kind, json)
    if (unknown.length > 0) {
      return yield* new UsageError({
        detail: `--narrative: the ${kind} report has no section ${unknown.join(", ")}; a paragraph names one of ${Report.narrativeSections(kind).join(", ")}`
      })
    }
    return json
  })

/** Reads `person` or `person:role` for an organization. */
export const parseActor = (text: string, organization: string): Effect.Effect<Actor, UsageError> => {
  const [person, role = "chair"] = text.split(":")
  if (person === undefined || person === "") return Effect.fail(new UsageError({ detail: "--actor needs a person, as in --actor li-fang:chair" }))
  if (!Schema.is(Role)(role)) return Effect.fail(new UsageError({ detail: `${role} is not a role; roles are ${Role.literals.join(", ")}` }))
  return Effect.succeed({ person, role, organization })
}

/** The report period of the flags: `2025`, `2025-H1` or `2025-03`. */
export const periodOf = (
  kind: Report.Kind,
  year: number,
  month: Option.Option<number>,
  half: Option.Option<number>
): Effect.Effect<string, UsageError> => {
  switch (kind) {
    case "annual":
      return Effect.succeed(String(year))
    case "half-year":
      return Option.match(half, {
        onNone: () => Effect.fail(new UsageError({ detail: "a half-year report needs --half 1 or --half 2" })),
        onSome: (h) => h === 1 || h === 2 ? Effect.succeed(`${year}-H${h}`) : Effect.fail(new UsageError({ detail: "--half is 1 or 2" }))
      })
    case "monthly":
      return Option.match(month, {
        onNone: () => Effect.fail(new UsageError({ detail: "a monthly report needs --month (1–12)" })),
        onSome: (m) => m >= 1 && m <= 12 ? Effect.succeed(`${year}-${String(m).padStart(2, "0")}`) : Effect.fail(new UsageError({ detail: "--month is 1 to 12" }))
      })
  }
}

/** The local year of the latest fact in the log, or of the clock when the log is empty. */
const latestYear = Effect.gen(function*() {
  const last = yield* lastEvent
  if (last !== undefined) return Number(last.metadata.occurredAt.slice(0, 4))
  return Number(calendarOf(yield* Policy.Policy).dateOf(yield* Clock.currentTimeMillis).slice(0, 4))
})

/** Computes the report as the reader of `--as` may read it and writes it; with `--submit`, sends it up first. */
export const run = (c: Input) =>
  withStore(Effect.gen(function*() {
    const narrative = Option.isSome(c.narrative) ? yield* readNarrative(c.narrative.value, c.kind) : undefined
    const year = Option.isSome(c.year) ? c.year.value : yield* latestYear
    const period = yield* periodOf(c.kind, year, c.month, c.half)
    const request: Report.Request = { organizationId: c.org, kind: c.kind, period }
    const asOf = yield* dateFlag("as-of", c.asOf)
    const asRecordedOn = yield* dateFlag("as-recorded-on", c.asRecordedOn)
    yield* needsOut(c.format, c.out)
    if (!c.submit) {
      const computed = yield* Report.computeFor(yield* readerOf("fulian report"), request, { asOf, asRecordedOn })
      return yield* emit("report", yield* renderReport(computed, c.format, c.lang, undefined, narrative), c.out)
    }
    if (asOf !== undefined || asRecordedOn !== undefined) {
      return yield* new UsageError({ detail: "--submit sends the report as the records stand now: leave out --as-of and --as-recorded-on" })
    }
    if (Option.isNone(c.actor)) {
      return yield* new UsageError({
        detail: `--submit needs --actor: a committee member of ${c.org} (see who is on it with: fulian history term-${c.org})`
      })
    }
    const actor = yield* parseActor(c.actor.value, c.org)
    const reportId = Option.getOrElse(c.reportId, () => `${c.org}-${c.kind}-${period}`)
    const { report, attestation } = yield* Attestation.submit({
      request,
      reportId,
      actor,
      ...(Option.isSome(c.corrects) ? { corrects: c.corrects.value } : {}),
      ...(narrative === undefined ? {} : { narrative })
    })
    yield* emit("report", yield* renderReport(report, c.format, c.lang, attestation), c.out)
    yield* Output.stderr(`fulian report: sent ${reportId} up to ${attestation.sentTo} (position ${attestation.position}, sha256 ${attestation.contentHash})`)
  }))
