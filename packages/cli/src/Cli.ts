/**
 * The `fulian` command: its subcommands, flags and arguments, on effect's CLI module
 * (`effect/cli`).
 *
 *   fulian demo                        seed a realistic year into fulian.db, print its summary and ledgers
 *   fulian exec [file]                 run commands from JSON lines (a file, or standard input)
 *   fulian report annual --org <id>    an organization's report: annual, half-year or monthly
 *   fulian history <stream>            every decision on a stream: who, when, why
 *   fulian ledgers                     the ledgers (台帐) as of now or a date
 *   fulian rebuild                     rebuild every ledger projection from zero
 *   fulian verify                      verify the records (hash links, signed checkpoints) and the reports sent up
 *   fulian schema                      the JSON Schema of every command and event
 *
 * Every subcommand takes `--store sqlite:<file>` (default `sqlite:fulian.db`),
 * `--store postgres:<url>` or `--store kurrentdb:<connection string>` (with `--projections
 * sqlite:<file>|postgres:<url>`: where a KurrentDB store's ledgers and keys are kept, default
 * `sqlite:fulian.db`), `--time-zone <IANA name>` (the federation's calendar, default
 * `Asia/Shanghai`) and `--progress auto|always|never`. `ledgers` and `report` are drawn as of
 * any date in both senses: `--as-of <date>` (as the facts stood then) and `--as-recorded-on
 * <date>` (as the records stood then). Both take `--format` (md, csv, json, html, pdf, xlsx;
 * `ledgers` also text, its default) and `--lang zh-CN|en`; `--out <file>` writes to a file,
 * which the binary formats (pdf, xlsx) require: they are never written to standard output.
 *
 * `main(args)` runs the command line and answers with the exit code: 0 when all went well, 1
 * when something was refused or did not match (a line of `exec`, a report of `verify`), 2 for a
 * command line that does not parse (its help is shown), 3 when `verify` finds a report
 * superseded by later records and not yet corrected, 4 when `verify` finds a broken hash link
 * (the records were changed), 5 when it finds a checkpoint, signature or report copy that does
 * not hold, 130 when interrupted, 70 for a defect (a bug: its cause is printed).
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { Cause, Clock, Console, Effect, Exit, Layer, Option, Schema, Stdio, Stream } from "effect"
import { Argument, CliConfig, CliError, CliOutput, Command, Flag, GlobalFlag } from "effect/cli"
import { type Actor, Role } from "@fulian/core/Actor"
import * as Domain from "@fulian/core/Domain"
import * as Policy from "@fulian/core/Policy"
import * as Reading from "@fulian/core/Reading"
import type * as CoreReport from "@fulian/core/Report"
import { calendarOf, defaultTimeZone, judgedAt } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as Projection from "@fulian/projections/Projection"
import * as Attestation from "@fulian/reports/Attestation"
import * as Checkpoints from "@fulian/reports/Checkpoints"
import * as Html from "@fulian/reports/Html"
import * as Pdf from "@fulian/reports/Pdf"
import * as Report from "@fulian/reports/Report"
import * as Tabular from "@fulian/reports/Tabular"
import * as Xlsx from "@fulian/reports/Xlsx"
import type { Locale } from "@fulian/reports/Labels"
import { EventStore, type RecordedEvent } from "@fulian/store/EventStore"
import * as TracedEventStore from "@fulian/store/TracedEventStore"
import * as Demo from "./Demo.ts"
import * as Exec from "./Exec.ts"
import { ExitCode, UsageError } from "./Failure.ts"
import * as History from "./History.ts"
import * as JsonSchemas from "./JsonSchemas.ts"
import * as LedgerText from "./LedgerText.ts"
import * as Output from "./Output.ts"
import * as Progress from "./Progress.ts"
import * as Store from "./Store.ts"

/** The version `fulian --version` prints. */
export const version = "0.1.0"

// ---------------------------------------------------------------------------------------------
// What every subcommand runs in
// ---------------------------------------------------------------------------------------------

/** `--time-zone`: the federation's calendar, an IANA name (default Asia/Shanghai). */
export const TimeZoneFlag = GlobalFlag.Setting("time-zone")({
  flag: Flag.String("time-zone").pipe(
    Flag.withDescription("The federation's time zone, an IANA name: its local days are the days of deadlines, ledgers and reports"),
    Flag.withMetavar("zone"),
    Flag.withDefault(defaultTimeZone)
  )
})

/** `--as`: who reads (DOMAIN.md §10: every read is made by someone the records back). */
export const ReaderFlag = GlobalFlag.Setting("as")({
  flag: Flag.String("as").pipe(
    Flag.withDescription("Who reads, as person:role@organization (e.g. huang-yulan:chair@qingshan): history, ledgers, report and verify show only what her role and organization entitle her to"),
    Flag.withMetavar("person:role@organization"),
    Flag.optional
  )
})

/** `--purpose`: why she reads; an auditor who gives one sees personal data, and it is logged with the read. */
export const PurposeFlag = GlobalFlag.Setting("purpose")({
  flag: Flag.String("purpose").pipe(
    Flag.withDescription("Why you read (recorded with reads of cases); an auditor who gives one sees personal data unmasked"),
    Flag.optional
  )
})

/** Reads `person:role@organization`. */
export const parseReader = (text: string): Effect.Effect<Actor, UsageError> => {
  const match = /^([^:@]+):([^:@]+)@(.+)$/.exec(text)
  if (match === null) return Effect.fail(new UsageError({ detail: `--as is person:role@organization (e.g. huang-yulan:chair@qingshan), not ${text}` }))
  const [, person, role, organization] = match
  if (!Schema.is(Role)(role)) return Effect.fail(new UsageError({ detail: `${role} is not a role; roles are ${Role.literals.join(", ")}` }))
  return Effect.succeed({ person: person!, role, organization: organization! })
}

/** The reader of `--as` and `--purpose`, which every command that reads needs. */
const readerOf = (what: string) =>
  Effect.gen(function*() {
    const as = yield* ReaderFlag
    const purpose = yield* PurposeFlag
    if (Option.isNone(as)) {
      return yield* new UsageError({ detail: `${what} reads the records as someone: give --as person:role@organization (e.g. --as huang-yulan:chair@qingshan)` })
    }
    const actor = yield* parseReader(as.value)
    return { actor, ...(Option.isSome(purpose) ? { purpose: purpose.value } : {}) } satisfies Reading.Reader
  })

/** The policy of the command line: the defaults, in the calendar of `--time-zone`. */
const commandLinePolicy = Effect.gen(function*() {
  const timeZone = yield* TimeZoneFlag
  return yield* Policy.make({ timeZone }).pipe(Effect.mapError((e) => new UsageError({ detail: `--time-zone: ${e.detail}` })))
})

/**
 * Runs `program` against the store named by `--store` (for KurrentDB, with the projections
 * database of `--projections`), with the policy of `--time-zone` and a progress bar. Only a
 * command that writes records (`creates`: `exec`) may create a SQLite file that is not there:
 * one that reads refuses, leaving no empty file behind. For KurrentDB that is the projections
 * database, which holds the personal-data keys: read without them, every event's personal data
 * would show as erased.
 */
const withStore = <A, E, R>(program: Effect.Effect<A, E, R>, options: { readonly creates?: boolean } = {}) =>
  Effect.gen(function*() {
    const spec = yield* Store.StoreFlag
    const projections = yield* Store.ProjectionsFlag
    if (spec._tag === "sqlite" && options.creates !== true && !fs.existsSync(spec.filename)) {
      return yield* new UsageError({ detail: `there is no store at ${Store.describe(spec)}: fulian demo or fulian exec makes one (or name another with --store)` })
    }
    if (spec._tag === "kurrentdb" && projections._tag === "sqlite" && options.creates !== true && !fs.existsSync(projections.filename)) {
      return yield* new UsageError({
        detail: `there is no projections database at ${Store.describe(projections)} for the events in ${Store.describe(spec)}: it keeps their personal-data keys, without which every person's data would read as erased. Name the one fulian demo or fulian exec used with --projections (they make one)`
      })
    }
    const mode = yield* Progress.ProgressFlag
    const policy = yield* commandLinePolicy
    // FULIAN_OTLP_URL (a collector's traces endpoint): the run's spans are exported there, the last when it ends.
    const otlp = process.env["FULIAN_OTLP_URL"]
    return yield* program.pipe(Effect.provide(Layer.mergeAll(
      Store.layer(spec, { projections }),
      Layer.succeed(Policy.Policy, policy),
      Progress.layer(mode),
      otlp === undefined || otlp === "" ? Layer.empty : TracedEventStore.otlp({ url: otlp, serviceName: "fulian-cli" })
    )))
  })

/** `--as-of`: as the facts stood on a date or at a moment. */
const asOfFlag = Flag.String("as-of").pipe(
  Flag.withDescription("As the facts stood on this date (2025-06-30, to the end of that local day) or at this moment: what had happened by then, whenever recorded"),
  Flag.optional
)

/** `--as-recorded-on`: as the records stood on a date or at a moment. */
const asRecordedOnFlag = Flag.String("as-recorded-on").pipe(
  Flag.withDescription("As the records stood on this date (to the end of that local day) or at this moment: only what had been recorded by then"),
  Flag.optional
)

/** Checks the value of a date flag: a real date or an instant with its offset. */
const dateFlag = (name: string, value: Option.Option<string>) =>
  Effect.gen(function*() {
    if (Option.isNone(value)) return undefined
    const policy = yield* Policy.Policy
    if (judgedAt(value.value, calendarOf(policy)) === undefined) {
      return yield* new UsageError({ detail: `--${name} is a date (2025-06-30) or an ISO 8601 time with its offset (2025-06-30T18:00:00+08:00), not ${value.value}` })
    }
    return value.value
  })

/** The position of the last event in the log (0 for an empty log) and the events in it. */
export const head = Effect.gen(function*() {
  const store = yield* EventStore
  let after = 0
  let count = 0
  let last: RecordedEvent | undefined
  for (;;) {
    const page = yield* store.readAll({ after, limit: 5000 })
    if (page.length === 0) return { position: after, count, last }
    count += page.length
    last = page[page.length - 1]!
    after = last.position
  }
})

// ---------------------------------------------------------------------------------------------
// demo
// ---------------------------------------------------------------------------------------------

const lang = Flag.Literals("lang", ["zh-CN", "en"] as const).pipe(
  Flag.withDescription("The language of the report's labels"),
  Flag.withDefault("zh-CN" as Locale)
)

const demo = Command.make("demo", { lang }, ({ lang }) =>
  Effect.gen(function*() {
    const spec = yield* Store.StoreFlag
    const projections = yield* Store.ProjectionsFlag
    const mode = yield* Progress.ProgressFlag
    yield* Demo.run({ spec, projections, locale: lang, progress: mode, policy: yield* commandLinePolicy })
  })).pipe(
    Command.withDescription(
      "Enters a realistic year (2025) of a street federation and its five communities into the store, line by line from demo/2025.jsonl through the domain's commands as exec runs them, sends up the street's annual summary, and prints it with the main ledgers. A store that holds an earlier demo is started afresh; one that holds anything else is left alone."
    )
  )

// ---------------------------------------------------------------------------------------------
// exec
// ---------------------------------------------------------------------------------------------

const exec = Command.make("exec", {
  file: Argument.String("file").pipe(
    Argument.withDescription("A file of commands, one JSON object a line; - or nothing reads standard input"),
    Argument.optional
  )
}, ({ file }) =>
  withStore(Effect.gen(function*() {
    const path = Option.getOrUndefined(file)
    let lines: Stream.Stream<string, unknown>
    let total: number | undefined
    if (path === undefined || path === "-") {
      const stdio = yield* Stdio.Stdio
      lines = stdio.stdin.pipe(Stream.decodeText(), Stream.splitLines)
    } else {
      const text = yield* Effect.try({
        try: () => fs.readFileSync(path, "utf8"),
        catch: (error) => new UsageError({ detail: `cannot read ${path}: ${(error as Error).message}` })
      })
      const all = text.split(/\r?\n/)
      if (all[all.length - 1] === "") all.pop()
      lines = Stream.fromIterable(all)
      total = all.length
    }
    const summary = yield* Progress.withBar("exec", total, (bar) => {
      let done = 0
      return Exec.runLines(lines, (result) =>
        Effect.andThen(Output.stdout(`${JSON.stringify(result)}\n`), bar.update(++done)))
    })
    if (summary.refused > 0) {
      yield* Output.stderr(`fulian exec: ${summary.applied} applied, ${summary.refused} refused (nothing of a refused line was written)`)
      return yield* new ExitCode({ code: 1 })
    }
    yield* Output.stderr(`fulian exec: ${summary.applied} applied`)
  }), { creates: true })).pipe(
    Command.withDescription(
      "Runs commands from JSON lines against the store, in order: one JSON result line per command on standard output. A refused line (not JSON, an invalid command naming its fields, or the domain's error) writes nothing; the others are applied. Exits 1 if any line was refused."
    )
  )

// ---------------------------------------------------------------------------------------------
// report
// ---------------------------------------------------------------------------------------------

const reportKind = Argument.ChoiceWithValue("name", [
  ["annual", "annual"],
  ["annual-summary", "annual"],
  ["half-year", "half-year"],
  ["monthly", "monthly"]
] as const).pipe(Argument.withDescription("Which report: annual (the annual work summary), half-year, or monthly"))

const format = Flag.ChoiceWithValue("format", [
  ["md", "markdown"],
  ["markdown", "markdown"],
  ["csv", "csv"],
  ["json", "json"],
  ["html", "html"],
  ["pdf", "pdf"],
  ["xlsx", "xlsx"]
] as const).pipe(
  Flag.withDescription(
    "Output format: md (Markdown, the default; markdown too), csv (with a byte-order mark, for spreadsheet programs), json, html (a page for A4 with charts), pdf (that page printed by headless Chromium: FULIAN_CHROMIUM names it, default /usr/bin/chromium) or xlsx (a workbook, a sheet a section); pdf and xlsx need --out"
  ),
  Flag.withDefault("markdown" as const)
)

/** `--out`: the file to write instead of standard output; the binary formats (pdf, xlsx) need one. */
const outFlag = Flag.String("out").pipe(
  Flag.withDescription("Write to this file instead of standard output; pdf and xlsx are written only to a file"),
  Flag.withMetavar("file"),
  Flag.optional
)

/** What a command writes: text, or the bytes of a binary format (PDF, XLSX). */
type Written = { readonly text: string } | { readonly bytes: Uint8Array; readonly format: string }

/**
 * Writes a command's output: to `--out` when given (and says so on standard error), else text
 * to standard output. Binary output is never written to standard output, which is a terminal
 * as often as a file: without `--out` it is refused before anything is computed (`needsOut`).
 */
const emit = (command: string, written: Written, out: Option.Option<string>) =>
  Effect.gen(function*() {
    if (Option.isNone(out)) {
      if ("text" in written) return yield* Output.stdout(written.text)
      return yield* new UsageError({ detail: `--format ${written.format} is a binary file: name it with --out <file>` })
    }
    const data = "text" in written ? written.text : written.bytes
    yield* Effect.try({
      try: () => fs.writeFileSync(out.value, data),
      catch: (error) => new UsageError({ detail: `--out: cannot write ${out.value}: ${(error as Error).message}` })
    })
    yield* Output.stderr(`fulian ${command}: wrote ${out.value} (${Buffer.byteLength(data).toLocaleString("en-US")} bytes)`)
  })

/** Refuses a binary format without `--out`, before anything is computed or sent up. */
const needsOut = (format: string, out: Option.Option<string>) =>
  (format === "pdf" || format === "xlsx") && Option.isNone(out)
    ? Effect.fail(new UsageError({ detail: `--format ${format} is a binary file: name it with --out <file> (it is never written to standard output)` }))
    : Effect.void

/** A report's format: those `Report.render` writes as text, and the binary ones. */
type ReportFormat = Parameters<typeof Report.render>[1] | "pdf" | "xlsx"

/**
 * A report in a format: text formats through `Report.render` (CSV with a byte-order mark in
 * both languages, since the English CSV still carries the records' Chinese names), XLSX
 * through `Xlsx`, PDF as the HTML page printed by headless Chromium (`Pdf`).
 */
const renderReport = (
  computed: Report.Computed,
  format: ReportFormat,
  locale: Locale,
  attested?: Report.Attested,
  narrative?: Report.Narrative
): Effect.Effect<Written, Xlsx.XlsxError | Pdf.PdfError> => {
  const options = { locale, ...(attested === undefined ? {} : { attested }), ...(narrative === undefined ? {} : { narrative }) }
  switch (format) {
    case "xlsx":
      return Effect.map(Xlsx.document(Report.document(computed.content, attested, narrative), { locale }), (bytes) => ({ bytes, format }))
    case "pdf":
      return Effect.map(Pdf.fromHtml(Report.render(computed, "html", options)), (bytes) => ({ bytes, format }))
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

const actorFlag = Flag.String("actor").pipe(
  Flag.withDescription("With --submit: who sends the report up, as person or person:role (role chair by default)"),
  Flag.withMetavar("person[:role]"),
  Flag.optional
)

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
  const { last } = yield* head
  if (last !== undefined) return Number(last.metadata.occurredAt.slice(0, 4))
  return Number(calendarOf(yield* Policy.Policy).dateOf(yield* Clock.currentTimeMillis).slice(0, 4))
})

const report = Command.make("report", {
  kind: reportKind,
  org: Flag.String("org").pipe(Flag.withDescription("The organization reporting, by id (e.g. qingshan)")),
  year: Flag.Int("year").pipe(Flag.withDescription("The year (default: the year of the latest event in the store)"), Flag.optional),
  month: Flag.Int("month").pipe(Flag.withDescription("The month of a monthly report, 1–12"), Flag.optional),
  half: Flag.Int("half").pipe(Flag.withDescription("The half of a half-year report, 1 or 2"), Flag.optional),
  format,
  out: outFlag,
  lang,
  submit: Flag.Boolean("submit").pipe(
    Flag.withDescription("Send the report up to the organization's parent: records ReportSubmitted with the log position and content hash"),
    Flag.withDefault(false)
  ),
  actor: actorFlag,
  reportId: Flag.String("report-id").pipe(Flag.withDescription("With --submit: the report's id (default <org>-<kind>-<period>)"), Flag.optional),
  corrects: Flag.String("corrects").pipe(
    Flag.withDescription("With --submit: the id of the report of the same period that this one corrects (after records entered late superseded it)"),
    Flag.optional
  ),
  narrative: Flag.String("narrative").pipe(
    Flag.withDescription(
      "The chair's paragraphs (overview, problems, next year's plan, a section's remarks), a JSON file of [{\"section\": …, \"text\": …}]: with --submit sent up with the report, hashed and verified with it; without, a draft shown in the report"
    ),
    Flag.withMetavar("file"),
    Flag.optional
  ),
  asOf: asOfFlag,
  asRecordedOn: asRecordedOnFlag
}, (c) =>
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
  }))).pipe(
    Command.withDescription(
      "An organization's report computed from the events: the annual work summary, the half-year summary or the monthly report, as Markdown, CSV, JSON, HTML (A4, with charts), PDF or XLSX (these two to a file named by --out), in Chinese or English, as of any date in both senses; --submit sends it up (--corrects names the report it corrects)."
    )
  )

// ---------------------------------------------------------------------------------------------
// history
// ---------------------------------------------------------------------------------------------

const history = Command.make("history", {
  stream: Argument.String("stream").pipe(
    Argument.withDescription("The stream, <category>-<id>: case-qingbo-2025-leak, household-guihua-h07, term-qingshan, representation-qingbo …")
  ),
  format: Flag.Literals("format", ["text", "json"] as const).pipe(
    Flag.withDescription("text for people, json for one JSON object a line"),
    Flag.withDefault("text" as const)
  )
}, ({ stream, format }) =>
  withStore(Effect.gen(function*() {
    const policy = yield* Policy.Policy
    // Written as it is read, a page at a time: a stream of any length fits in memory.
    let count = 0
    yield* Stream.runForEachArray(History.stream(yield* readerOf("fulian history"), stream, policy), (entries) => {
      const text = entries.map((e) => (format === "json" ? History.jsonLine(e) : History.block(e, policy))).join("")
      const head = count === 0 && format === "text" ? History.heading(stream, policy) : ""
      count += entries.length
      return Output.stdout(head + text)
    })
    if (count === 0) {
      return yield* new UsageError({
        detail: `no events in stream ${stream} that you may read; streams are named <category>-<id>, as in case-qingbo-2025-leak or household-guihua-h07`
      })
    }
    if (format === "text") yield* Output.stdout(History.footing(count))
  }))).pipe(Command.withDescription(
    "Every decision recorded on a stream, with who made it, when it happened and when it was recorded (in local time; 补录 when entered late), and why."
  ))

// ---------------------------------------------------------------------------------------------
// ledgers, rebuild
// ---------------------------------------------------------------------------------------------

const ledgers = Command.make("ledgers", {
  asOf: asOfFlag,
  asRecordedOn: asRecordedOnFlag,
  format: Flag.Literals("format", ["text", "json", "md", "markdown", "csv", "html", "pdf", "xlsx"] as const).pipe(
    Flag.withDescription(
      "text: aligned tables for the terminal (the default); json: the rows and flags of every ledger you may read, for programs (the same in every language); md (or markdown), csv (with a byte-order mark), html (a page for A4), pdf or xlsx (a sheet a ledger): the ledgers' tables and findings, in Chinese unless --lang en; pdf and xlsx need --out"
    ),
    Flag.withDefault("text" as const)
  ),
  out: outFlag,
  // `zh-CN` too, as `report --lang` writes it.
  lang: Flag.Literals("lang", ["zh", "zh-CN", "en"] as const).pipe(
    Flag.withDescription(
      "The language of the text: zh (or zh-CN), Chinese, the cadres' language; en, English. Without it (the default), the bilingual text: each ledger's and finding's Chinese name beside English words, columns and flags as their English codes (entered-late, filing-overdue). --format json is the same in every language"
    ),
    Flag.optional
  )
}, (c) =>
  withStore(Effect.gen(function*() {
    const policy = yield* Policy.Policy
    const scope = yield* Reading.scopeOf(yield* readerOf("fulian ledgers"))
    const asOf = yield* dateFlag("as-of", c.asOf)
    const asRecordedOn = yield* dateFlag("as-recorded-on", c.asRecordedOn)
    yield* needsOut(c.format, c.out)
    // Now, from the kept projections, caught up; as of a date, folded from the log.
    const drawn = yield* Ledgers.draw({ policy, asOf, asRecordedOn })
    const lang = Option.getOrUndefined(Option.map(c.lang, (l): LedgerText.Lang => (l === "en" ? "en" : "zh")))
    const options = { policy, scope, asRecordedOn, lang }
    const written: Written = yield* Effect.gen(function*() {
      switch (c.format) {
        case "text":
          return { text: LedgerText.all(drawn, options) }
        case "json":
          return { text: `${JSON.stringify(LedgerText.rowsOf(drawn, options), (_, v) => (v instanceof Set ? [...v] : v instanceof Map ? Object.fromEntries(v) : v), 2)}\n` }
        case "md":
        case "markdown":
          return { text: Tabular.markdown(LedgerText.tabular(drawn, options)) }
        case "csv":
          return { text: Tabular.csv(LedgerText.tabular(drawn, options), { headers: LedgerText.csvHeaders(lang), bom: true }) }
        case "html":
          return { text: Html.page(LedgerText.tabular(drawn, options)) }
        case "pdf":
          return { bytes: yield* Pdf.fromHtml(Html.page(LedgerText.tabular(drawn, options))), format: c.format }
        case "xlsx":
          return { bytes: yield* Xlsx.workbook(LedgerText.tabular(drawn, options)), format: c.format }
      }
    })
    yield* emit("ledgers", written, c.out)
  }))).pipe(Command.withDescription(
    "The ledgers (台帐) folded from the events, with their flags and the records entered late (补录), as of now, as the facts stood on a date (--as-of) or as the records stood on a date (--as-recorded-on); in Chinese (--lang zh), in English (--lang en), or bilingual (the default for text); as text, JSON, Markdown, CSV, HTML, PDF or XLSX (--format)."
  ))

const rebuild = Command.make("rebuild", {}, () =>
  withStore(Effect.gen(function*() {
    const { count } = yield* head
    const projections = Ledgers.all(yield* Policy.Policy)
    // Every ledger in one pass over the log: their progress moves together.
    const results = yield* Progress.withBar("rebuild", count, (bar) =>
      Projection.rebuildMany(projections, { onProgress: (p) => bar.update(p.applied) }))
    const spec = yield* Store.StoreFlag
    const kept = Store.describeProjections(spec, yield* Store.ProjectionsFlag)
    yield* Output.stdout(`${LedgerText.table(
      ["ledger", "version", "checkpoint"],
      projections.map((p, i) => [p.name, p.version, results[i]!.checkpoint])
    )}\n`)
    yield* Output.stderr(
      spec._tag === "kurrentdb"
        ? `fulian rebuild: ${projections.length} ledgers rebuilt from the ${count} events of the log in ${Store.describe(spec)}, kept in the projections database ${kept}`
        : `fulian rebuild: ${projections.length} ledgers rebuilt from the ${count} events of the log, kept in ${kept}`
    )
  }))).pipe(
    Command.withDescription("Rebuilds every ledger projection from zero, from the first event to the last, with a progress bar. The ledgers are kept with the events, or for a KurrentDB store in the projections database (--projections).")
  )

// ---------------------------------------------------------------------------------------------
// verify
// ---------------------------------------------------------------------------------------------

/** Every report sent up, by any organization, in the order they were sent (read from the whole log). */
export const submittedReports = Effect.gen(function*() {
  const store = yield* EventStore
  const found: Array<CoreReport.Submitted> = []
  let after = 0
  for (;;) {
    const page = yield* store.readAll({ after, limit: 5000 })
    if (page.length === 0) return found
    for (const recorded of page) {
      if (recorded.type !== "ReportSubmitted") continue
      const event = yield* Domain.codec.decode(recorded)
      if (event._tag === "ReportSubmitted") {
        const { _tag, ...submitted } = event
        found.push(submitted)
      }
    }
    after = page[page.length - 1]!.position
  }
})

/** Reads `--keys`: a JSON file of the senders' public keys as the verifier holds them, organization → key or keys. */
const keysFile = (file: string) =>
  Effect.gen(function*() {
    const text = yield* Effect.try({
      try: () => fs.readFileSync(file, "utf8"),
      catch: (error) => new UsageError({ detail: `--keys: cannot read ${file}: ${(error as Error).message}` })
    })
    const parsed = yield* Effect.try({ try: () => JSON.parse(text) as unknown, catch: () => new UsageError({ detail: `--keys: ${file} is not JSON` }) })
    const keys = new Map<string, ReadonlyArray<string>>()
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return yield* new UsageError({ detail: `--keys: ${file} is a JSON object of organization ids to a public key or a list of them` })
    }
    for (const [org, value] of Object.entries(parsed)) {
      const list = typeof value === "string" ? [value] : value
      if (!Array.isArray(list) || !list.every((k) => typeof k === "string")) {
        return yield* new UsageError({ detail: `--keys: the keys of ${org} are a base64 text or a list of them` })
      }
      keys.set(org, list as ReadonlyArray<string>)
    }
    return keys
  })

/** What a checkpoint's problem means, for people. */
const checkpointProblem: Record<Checkpoints.CheckpointProblem, string> = {
  "no-event-at-size": "the log holds no event at its position: events were removed or moved",
  root: "the log up to its position is not the log that was signed: an event before it was altered, removed, inserted or moved",
  signature: "its signature is not the sender's by a key the receiver holds",
  "not-at-position": "it is not at the position its report records: one of them was rewritten"
}

/** What a copy problem means, for people. */
const copyProblem: Record<Checkpoints.CopyProblem["problem"], string> = {
  "no-receiver-copy": "the receiver's copy is missing",
  "no-sender-copy": "the sender's copy is missing",
  differ: "the sender's copy is not what the receiver holds"
}

const verify = Command.make("verify", {
  org: Flag.String("org").pipe(Flag.withDescription("Only the reports this organization sent or received"), Flag.optional),
  reportId: Flag.String("report").pipe(Flag.withDescription("Only this report (by its id)"), Flag.optional),
  keys: Flag.String("keys").pipe(
    Flag.withDescription("A JSON file of the senders' public keys as you hold them ({\"qingshan\": \"<base64>\"}): signatures are checked against these, not against the keys registered in the records"),
    Flag.optional
  )
}, (c) =>
  withStore(Effect.gen(function*() {
    const scope = yield* Reading.scopeOf(yield* readerOf("fulian verify"))
    const mayRead = (organizationId: string) => Effect.map(Effect.result(Reading.mayReadReportsOf(scope, organizationId)), (r) => r._tag === "Success")
    const picked = (reportId: string, ...organizations: ReadonlyArray<string>) =>
      (Option.isNone(c.org) || organizations.includes(c.org.value)) && (Option.isNone(c.reportId) || reportId === c.reportId.value)
    const keys = Option.isSome(c.keys) ? yield* keysFile(c.keys.value) : undefined

    // 1. The records themselves: every hash link, every checkpoint the receivers hold, both copies of every report.
    const integrity = yield* Checkpoints.verify({ keys })
    if (integrity.broken !== undefined) {
      const b = integrity.broken
      yield* Output.stdout(`BROKEN      stream ${b.stream}, version ${b.version}, position ${b.position}: ${b.detail}\n`)
    } else {
      yield* Output.stdout(`links       ${integrity.events.toLocaleString("en-US")} events: every hash link holds\n`)
    }
    let sealsBroken = 0
    for (const held of integrity.checkpoints) {
      if (!picked(held.reportId, held.from, held.receiver) || !(yield* mayRead(held.from))) continue
      const what = `${held.reportId} (from ${held.from} to ${held.receiver}, checkpoint at position ${held.checkpoint.size})`
      if (held.problem === undefined) {
        yield* Output.stdout(`checkpoint  ${what}: root ${held.checkpoint.root.slice(0, 16)}… and the sender's signature hold\n`)
      } else {
        sealsBroken++
        yield* Output.stdout(`CHECKPOINT  ${what}: ${checkpointProblem[held.problem]}\n`)
      }
    }
    for (const copy of integrity.copies) {
      if (!picked(copy.reportId, copy.from, copy.receiver) || !(yield* mayRead(copy.from))) continue
      sealsBroken++
      yield* Output.stdout(`COPY        ${copy.reportId} (from ${copy.from} to ${copy.receiver}): ${copyProblem[copy.problem]}\n`)
    }

    // 2. The reports: recomputed from the records, as the receiver holds them.
    const attestations = yield* submittedReports
    const chosen: Array<CoreReport.Submitted> = []
    for (const a of attestations) {
      if (!picked(a.reportId, a.organizationId, a.sentTo)) continue
      // Only the reports the reader may read: her organization's, those sent to it, or, for an auditor, her area's.
      if (yield* mayRead(a.organizationId)) chosen.push(a)
    }
    if (chosen.length === 0 && (Option.isSome(c.org) || Option.isSome(c.reportId))) {
      return yield* new UsageError({ detail: "no report sent up that you may read matches; send one with: fulian report annual --org <id> --submit --actor <person>" })
    }
    let failed = 0
    let superseded = 0
    let retired = 0
    for (const attestation of chosen) {
      const v = yield* Attestation.verifyAttestation(attestation, attestations.filter((a) => a.organizationId === attestation.organizationId))
      const what = `${attestation.reportId} (${attestation.organizationId} ${attestation.kind} ${attestation.period}, position ${attestation.position})`
      const later = `${v.laterRecords} record${v.laterRecords === 1 ? "" : "s"} of its area dated in or before its period ${v.laterRecords === 1 ? "was" : "were"} entered after it was sent`
      if (v.outcome === "layout-retired") {
        // Not altered: its figures cannot be recomputed by this version; its checkpoint line above says whether its records hold.
        retired++
        yield* Output.stdout(`layout      ${what}: ${v.problem ?? `computed with layout ${v.layout}`}\n`)
      } else if (!v.matches) {
        failed++
        yield* Output.stdout(`MISMATCH    ${what}: ${v.problem ?? "does not match"}\n`)
      } else if (v.superseded && v.correctedBy !== undefined) {
        yield* Output.stdout(`corrected   ${what}: superseded (${later}), corrected by ${v.correctedBy}\n`)
      } else if (v.superseded) {
        superseded++
        yield* Output.stdout(`SUPERSEDED  ${what}: matches the records it was computed from, but ${later}; send a corrected report (fulian report … --submit --corrects ${attestation.reportId})\n`)
      } else {
        yield* Output.stdout(`ok          ${what}: sha256 ${attestation.contentHash}\n`)
      }
    }
    const plural = (n: number) => `${n} of ${chosen.length} report${chosen.length === 1 ? "" : "s"}`
    // The most serious finding sets the exit code.
    if (integrity.broken !== undefined) {
      yield* Output.stderr(`fulian verify: the records were changed: the hash link of position ${integrity.broken.position} is broken`)
      return yield* new ExitCode({ code: 4 })
    }
    if (sealsBroken > 0) {
      yield* Output.stderr(`fulian verify: ${sealsBroken} checkpoint${sealsBroken === 1 ? "" : "s"} or report cop${sealsBroken === 1 ? "y does" : "ies do"} not hold: the records before them were changed`)
      return yield* new ExitCode({ code: 5 })
    }
    if (failed > 0) {
      yield* Output.stderr(`fulian verify: ${plural(failed)} no longer ${failed === 1 ? "matches" : "match"} the events`)
      return yield* new ExitCode({ code: 1 })
    }
    if (superseded > 0) {
      yield* Output.stderr(`fulian verify: ${plural(superseded)} superseded by records entered after ${superseded === 1 ? "it was" : "they were"} sent, not yet corrected`)
      return yield* new ExitCode({ code: 3 })
    }
    if (retired > 0) {
      yield* Output.stderr(`fulian verify: the records hold; ${plural(retired)} computed with a layout this version does not compute, checked by ${retired === 1 ? "its" : "their"} signed checkpoint only, the others match`)
      return
    }
    yield* Output.stderr(
      chosen.length === 0
        ? "fulian verify: the records hold; no report sent up to check"
        : chosen.length === 1 ? "fulian verify: the records hold, and the report matches them" : `fulian verify: the records hold, and all ${chosen.length} reports match them`
    )
  }))).pipe(
    Command.withDescription(
      "Verifies the records and the reports sent up: every event's hash link, every checkpoint a receiver holds (its root over the log and the sender's signature), both copies of every report, and each report recomputed from the events up to its position and from every record. Exits 4 if a link is broken (the first broken event is named), 5 if a checkpoint, signature or report copy does not hold, 1 if a report no longer matches, 3 if one is superseded and not corrected."
    )
  )

// ---------------------------------------------------------------------------------------------
// schema
// ---------------------------------------------------------------------------------------------

const schema = Command.make("schema", {}, () => Output.stdout(`${JSON.stringify(JsonSchemas.document(), null, 2)}\n`)).pipe(
  Command.withDescription(
    "Prints the JSON Schema (draft 2020-12) of every command and every event, for other languages and for forms: titled in Chinese and English, dates and times with their calendar, personal data marked (x-fulian). See docs/reference/json-schema.md."
  )
)

// ---------------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------------

/** The `fulian` command with all its subcommands. */
export const command = Command.make("fulian").pipe(
  Command.withDescription("fulian: a community women's federation's work (社区妇联工作) as an event-sourced record: commands, ledgers, reports."),
  Command.withSubcommands([demo, exec, report, history, ledgers, rebuild, verify, schema]),
  Command.withGlobalFlags([Store.StoreFlag, Store.ProjectionsFlag, TimeZoneFlag, ReaderFlag, PurposeFlag, Progress.ProgressFlag])
)

const describeError = (error: unknown): string =>
  typeof error === "object" && error !== null && "message" in error && typeof error.message === "string" && error.message !== ""
    ? `${(error as { _tag?: string })._tag ?? "Error"}: ${error.message}`
    : String(error)

/**
 * Where the CLI module's own output goes: help asked for (`--help`) and the version to stdout;
 * a command line that does not parse, or names no command, is a short hint on stderr — what is
 * wrong, and where the help is — so that `fulian report … > report.md` never captures a page
 * of help.
 */
const presenter = CliOutput.layerPresenter({
  present: (event) =>
    event._tag === "Version" || (event._tag === "Help" && event.reason === "Requested")
      ? CliOutput.defaultPresenter.present(event)
      : Effect.gen(function*() {
        const formatter = yield* CliOutput.Formatter
        const path = event.commandPath.join(" ")
        if (event._tag === "InvalidInvocation") yield* Console.error(formatter.formatErrors(event.errors).trim())
        else yield* Console.error(`${path}: name a command: ${(event.helpDoc.subcommands ?? []).flatMap((g) => g.commands.map((c) => c.name)).join(", ")}`)
        yield* Console.error(`Run "${path} --help" for its commands and flags.`)
      })
})

/**
 * Runs a command line (the arguments after `fulian`) and answers with its exit code, having
 * written its output and any error.
 */
export const main = (args: ReadonlyArray<string>): Effect.Effect<number, never, Command.Environment> =>
  Command.runWith(command, { version })(args).pipe(
    Effect.provide(presenter),
    // The built-in flags but the interactive wizard, which needs a terminal read key by key.
    Effect.provide(CliConfig.layer({ builtIns: CliConfig.defaults.builtIns.filter((flag) => flag !== GlobalFlag.Wizard) })),
    Effect.exit,
    Effect.flatMap((exit): Effect.Effect<number, never, Stdio.Stdio> => {
      if (Exit.isSuccess(exit)) return Effect.succeed(0)
      if (Cause.hasInterruptsOnly(exit.cause)) return Effect.succeed(130)
      const error = Cause.squash(exit.cause)
      if (error instanceof ExitCode) return Effect.succeed(error.code)
      // The help and the parse errors were already shown by the CLI module.
      if (CliError.isCliError(error)) return Effect.succeed(2)
      if (error instanceof UsageError) return Effect.as(Output.stderr(`fulian: ${error.message}`), 1)
      if (Cause.hasFails(exit.cause)) return Effect.as(Output.stderr(`fulian: ${describeError(error)}`), 1)
      return Effect.as(Output.stderr(`fulian: unexpected failure\n${Cause.pretty(exit.cause)}`), 70)
    })
  )
