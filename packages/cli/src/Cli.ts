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
 * Parsing a command line, its help and `--version` load only effect's CLI module and the flags:
 * each subcommand's module (`internal/*Command.ts`) is loaded when it runs, and loads only what
 * it needs — the store's adapter that `--store` names, the projections for the ledgers, the
 * renderer of the format asked for. The modules read at start-up import effect's modules one by
 * one (`effect/Effect`): the `effect` index loads all of them, some ten megabytes more.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Stdio from "effect/Stdio"
import { Argument, CliConfig, CliError, CliOutput, Command, Flag, GlobalFlag } from "effect/cli"
import type { Locale } from "@fulian/reports/Labels"
import { ExitCode, UsageError } from "./Failure.ts"
import { PurposeFlag, ReaderFlag, TimeZoneFlag } from "./GlobalFlags.ts"
import * as Heap from "./internal/Heap.ts"
import * as Output from "./Output.ts"
import * as Progress from "./Progress.ts"
import * as Store from "./Store.ts"

/** The version `fulian --version` prints. */
export const version = "0.1.0"

/**
 * Runs a subcommand with its module, loaded when it runs; one that folds events (every one but
 * `history`, which streams) lets V8's heap grow more (`Heap.forFolding`).
 */
const load = <M, A, E, R>(module: () => Promise<M>, run: (m: M) => Effect.Effect<A, E, R>, streams = false): Effect.Effect<A, E, R> =>
  Effect.flatMap(Effect.promise(module), (m) => {
    if (!streams) Heap.forFolding()
    return run(m)
  })

// ---------------------------------------------------------------------------------------------
// Flags of several subcommands
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// demo
// ---------------------------------------------------------------------------------------------

const lang = Flag.Literals("lang", ["zh-CN", "en"] as const).pipe(
  Flag.withDescription("The language of the report's labels"),
  Flag.withDefault("zh-CN" as Locale)
)

const demo = Command.make("demo", { lang }, ({ lang }) =>
  load(() => Promise.all([import("./Demo.ts"), import("./internal/Run.ts")]), ([Demo, Run]) =>
    Effect.gen(function*() {
      const spec = yield* Store.StoreFlag
      const projections = yield* Store.ProjectionsFlag
      const mode = yield* Progress.ProgressFlag
      yield* Demo.run({ spec, projections, locale: lang, progress: mode, policy: yield* Run.commandLinePolicy })
    }))).pipe(
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
}, (c) => load(() => import("./internal/ExecCommand.ts"), (m) => m.run(c))).pipe(
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

const actorFlag = Flag.String("actor").pipe(
  Flag.withDescription("With --submit: who sends the report up, as person or person:role (role chair by default)"),
  Flag.withMetavar("person[:role]"),
  Flag.optional
)

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
}, (c) => load(() => import("./internal/ReportCommand.ts"), (m) => m.run(c))).pipe(
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
}, (c) => load(() => import("./internal/HistoryCommand.ts"), (m) => m.run(c), true)).pipe(Command.withDescription(
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
}, (c) => load(() => import("./internal/LedgersCommand.ts"), (m) => m.run(c))).pipe(Command.withDescription(
  "The ledgers (台帐) folded from the events, with their flags and the records entered late (补录), as of now, as the facts stood on a date (--as-of) or as the records stood on a date (--as-recorded-on); in Chinese (--lang zh), in English (--lang en), or bilingual (the default for text); as text, JSON, Markdown, CSV, HTML, PDF or XLSX (--format)."
))

const rebuild = Command.make("rebuild", {}, () => load(() => import("./internal/RebuildCommand.ts"), (m) => m.run)).pipe(
  Command.withDescription("Rebuilds every ledger projection from zero, from the first event to the last, with a progress bar. The ledgers are kept with the events, or for a KurrentDB store in the projections database (--projections).")
)

// ---------------------------------------------------------------------------------------------
// verify
// ---------------------------------------------------------------------------------------------

const verify = Command.make("verify", {
  org: Flag.String("org").pipe(Flag.withDescription("Only the reports this organization sent or received"), Flag.optional),
  reportId: Flag.String("report").pipe(Flag.withDescription("Only this report (by its id)"), Flag.optional),
  keys: Flag.String("keys").pipe(
    Flag.withDescription("A JSON file of the senders' public keys as you hold them ({\"qingshan\": \"<base64>\"}): signatures are checked against these, not against the keys registered in the records"),
    Flag.optional
  )
}, (c) => load(() => import("./internal/VerifyCommand.ts"), (m) => m.run(c))).pipe(
  Command.withDescription(
    "Verifies the records and the reports sent up: every event's hash link, every checkpoint a receiver holds (its root over the log and the sender's signature), both copies of every report, and each report recomputed from the events up to its position and from every record. Exits 4 if a link is broken (the first broken event is named), 5 if a checkpoint, signature or report copy does not hold, 1 if a report no longer matches, 3 if one is superseded and not corrected."
  )
)

// ---------------------------------------------------------------------------------------------
// schema
// ---------------------------------------------------------------------------------------------

const schema = Command.make("schema", {}, () =>
  load(() => import("./JsonSchemas.ts"), (JsonSchemas) => Output.stdout(`${JSON.stringify(JsonSchemas.document(), null, 2)}\n`))).pipe(
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
