/**
 * `fulian demo`: the main job a newcomer sees first. It enters the demo year — a realistic
 * 2025 of a street women's federation and its five communities, modelled on seed 003 — into the
 * store, sends the street's annual work summary up to the district with the chair's narrative
 * (so `fulian verify` has a report to check), and prints the summary and the main ledgers.
 *
 * The year is data, not code: `demo/2025.jsonl`, one command a line, each with the time its
 * fact happened (`occurredAt`), in the order the cadres entered them. It runs through the same
 * path as `fulian exec` (`Exec.runLine`): the largest example of how a platform feeds fulian.
 * A line that the rules refuse writes nothing; the year holds two on purpose (a hand-up without
 * the three conditions, a nomination barred by 零家庭暴力), which the demo shows.
 *
 * The demo is a replay of the year as it was entered: the store's own clock (which stamps
 * `recordedAt`) is moved, line by line, to the time each line was entered — when its fact
 * happened, or, for a line entered after a later one, that line's time (the clock never goes
 * back). So most records are recorded on the day they happened, and the March visits of one
 * community, copied in from a paper register on 20 April, are marked 补录. This is the one place
 * where a store is given a clock other than the system's, and it says so in its output.
 *
 * It never overwrites records it did not write: a store that already holds events is started
 * afresh only when they are an earlier demo's (its first event is part of the demo's work,
 * `correlationId`) and the store is a SQLite file, which is then removed and created again;
 * anything else is refused (an earlier demo on PostgreSQL or KurrentDB too). On KurrentDB the
 * ledgers and the personal-data keys go to the projections database (`--projections`).
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { fileURLToPath } from "node:url"
import { Clock, Effect, Layer } from "effect"
import type { Actor } from "@fulian/core/Actor"
import * as Policy from "@fulian/core/Policy"
import * as Reading from "@fulian/core/Reading"
import { calendarOf, isInstant, isLocalDate, toMillis } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as Attestation from "@fulian/reports/Attestation"
import type { Locale } from "@fulian/reports/Labels"
import * as Report from "@fulian/reports/Report"
import { EventStore } from "@fulian/store/EventStore"
import * as Exec from "./Exec.ts"
import { UsageError } from "./Failure.ts"
import * as LedgerText from "./LedgerText.ts"
import * as Output from "./Output.ts"
import * as Progress from "./Progress.ts"
import * as Store from "./Store.ts"

/** The year the demo covers. */
export const year = 2025

/**
 * The correlation id every command of the demo carries: entering the year is one piece of
 * work, and a store whose first event carries it holds a demo.
 */
export const correlationId = `fulian-demo-${year}`

/** The street federation whose year it is; its annual work summary is the demo's report. */
export const street = { id: "qingshan", name: "青山街道妇联" } as const

/** The demo year's commands, one JSON object a line, in the order they were entered. */
export const file: string = fileURLToPath(new URL(`../demo/${year}.jsonl`, import.meta.url))

/**
 * The chair's paragraphs sent with the annual summary (报告正文: the overview, remarks on some of
 * seed 003's sections, the problems 存在的问题 and next year's plan 明年工作打算), as data beside
 * the year: a JSON array of `{ section, text }`, each naming a section of the report.
 */
export const narrativeFile: string = fileURLToPath(new URL(`../demo/${year}-narrative.json`, import.meta.url))

/** The chair's narrative of the demo year's annual summary. */
export const narrative = (): Report.Narrative => JSON.parse(fs.readFileSync(narrativeFile, "utf8")) as Report.Narrative

/** The lines of the demo year (blank lines left out). */
export const lines = (): ReadonlyArray<string> => fs.readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "")

/** The refusals the year holds on purpose: the rules it shows at work, by command and error. */
export const expectedRefusals: ReadonlyArray<readonly [command: string, error: string]> = [
  ["EscalateCase", "CaseRejected"],
  ["NominateHousehold", "AwardRejected"]
]

/** When the street sends its annual summary up: the last afternoon of the year, Beijing time. */
export const reportSubmittedAt = `${year}-12-31T17:30:00+08:00`

/** The moment the ledgers are drawn at after the demo: the end of the year's last day. */
export const ledgersAsOf = `${year}-12-31`

/** An organization's chair in the demo year, as `--as` takes her: person:chair@organization. */
const chairOf = (organizationId: string): string => {
  let chair = ""
  for (const line of lines()) {
    const command = JSON.parse(line) as { _tag: string; organizationId?: string; members?: ReadonlyArray<{ personId: string; position: string }> }
    if (command._tag === "ElectExecutiveCommittee" && command.organizationId === organizationId) {
      chair = command.members!.find((m) => m.position === "chair")!.personId
    }
  }
  return `${chair}:chair@${organizationId}`
}

/** The street's chair, as the actor who sends its annual summary up: from the year's election of the street's committee. */
export const streetChair = (): Actor => {
  for (const line of lines()) {
    const command = JSON.parse(line) as { _tag: string; organizationId?: string; members?: ReadonlyArray<{ personId: string; position: string }> }
    if (command._tag === "ElectExecutiveCommittee" && command.organizationId === street.id) {
      const chair = command.members!.find((m) => m.position === "chair")!
      return { person: chair.personId, role: "chair", organization: street.id }
    }
  }
  throw new Error(`the demo year elects no committee of ${street.id}`)
}

/**
 * The district's auditor, appointed in the year's records, who reads every record of the
 * district's area (DOMAIN.md §10): the demo prints the ledgers as she reads them.
 */
export const auditor: Reading.Reader = {
  actor: { person: "sun-li", role: "auditor", organization: "binhai" },
  purpose: `${year}年度台帐抽查`
}

/**
 * A store clock that a replay moves forward: it reads the time it was last moved to, and never
 * goes back. Sleeping still takes real time.
 */
export const replayClock = (start: number) => {
  const live = Clock.Clock.defaultValue()
  let now = start
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: () => now,
    currentTimeMillis: Effect.sync(() => now),
    currentTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: live.monotonicTimeNanos,
    sleep: (duration) => live.sleep(duration)
  }
  return { clock, moveTo: (millis: number) => void (now = Math.max(now, millis)) }
}

/** When a line's fact happened, as a moment (a date: the start of that local day), if the line says. */
export const happenedAt = (line: string, policy: Pick<Policy.PolicyShape, "timeZone">): number | undefined => {
  let occurredAt: unknown
  try {
    occurredAt = (JSON.parse(line) as { occurredAt?: unknown }).occurredAt
  } catch {
    return undefined
  }
  if (typeof occurredAt !== "string") return undefined
  if (isInstant(occurredAt)) return toMillis(occurredAt)
  return isLocalDate(occurredAt) ? calendarOf(policy).startOf(occurredAt) : undefined
}

/** A refusal of the demo year: the rule that was shown at work. */
export interface Refusal {
  readonly line: number
  readonly command: string
  readonly error: string
  readonly message: string
}

/** What entering the year did. */
export interface Seeded {
  readonly commands: number
  readonly events: number
  readonly refusals: ReadonlyArray<Refusal>
}

/**
 * Enters every line of the year through `Exec.runLine`, moving the store's clock to each
 * line's time first. Fails with a `UsageError` if the refusals are not the ones the year holds
 * on purpose (the data and the rules disagree).
 */
export const seed = (options: {
  readonly moveClockTo: (millis: number) => void
  readonly onProgress?: (done: number) => Effect.Effect<void>
}) =>
  Effect.gen(function*() {
    const policy = yield* Policy.Policy
    const all = lines()
    let events = 0
    const refusals: Array<Refusal> = []
    for (let i = 0; i < all.length; i++) {
      const at = happenedAt(all[i]!, policy)
      if (at !== undefined) options.moveClockTo(at)
      const result = yield* Exec.runLine(all[i]!, i + 1)
      if (result?.ok === true) events += result.events.length
      else if (result?.ok === false) refusals.push({ line: i + 1, command: result.command ?? "", error: result.error._tag, message: result.error.message })
      if (options.onProgress) yield* options.onProgress(i + 1)
    }
    const unexpected = refusals.filter((r) => !expectedRefusals.some(([c, e]) => c === r.command && e === r.error))
    if (unexpected.length > 0 || refusals.length !== expectedRefusals.length) {
      return yield* new UsageError({
        detail: `the demo year does not run as written: ${refusals.map((r) => `line ${r.line} ${r.command} → ${r.error}: ${r.message}`).join("; ")}`
      })
    }
    return { commands: all.length, events, refusals } satisfies Seeded
  })

/** What the store holds before the demo: nothing, an earlier demo, or other records. */
/** The "Next" lines: each command, and what it shows beside it (below it when the command is long). */
const next = (lines: ReadonlyArray<readonly [string, string]>): ReadonlyArray<string> =>
  lines.flatMap(([command, what]) =>
    command.length < 48 ? [`  ${command.padEnd(48)} ${what}`] : [`  ${command}`, `  ${"".padEnd(48)} ${what}`])

const inspect = (spec: Store.Spec, projections: Store.ProjectionsSpec | undefined) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const first = yield* store.readAll({ after: 0, limit: 1 })
    if (first.length === 0) return "empty" as const
    return first[0]!.metadata.correlationId === correlationId ? "demo" as const : "other" as const
  }).pipe(Effect.provide(Store.layer(spec, { projections })))

/** Where the demo enters the year, for its messages: the store, and for KurrentDB where its ledgers and keys are kept. */
const whereOf = (options: Pick<Options, "spec" | "projections">): string =>
  options.spec._tag === "kurrentdb"
    ? `${Store.describe(options.spec)} (its ledgers and keys in ${Store.describeProjections(options.spec, options.projections)})`
    : Store.describe(options.spec)

/** Options of the demo. */
export interface Options {
  readonly spec: Store.Spec
  /** For a KurrentDB store, where its ledgers and keys are kept (default `sqlite:fulian.db`); ignored otherwise. */
  readonly projections?: Store.ProjectionsSpec | undefined
  /** The language of the report's labels. */
  readonly locale: Locale
  /** How the progress bar of the seeding is drawn (on standard error). */
  readonly progress: Progress.Mode
  /** The policy in force (its time zone). */
  readonly policy: Policy.PolicyShape
}

/** Enters the year, sends the annual summary up, and prints it with the ledgers. */
export const run = (options: Options) =>
  Effect.gen(function*() {
    const { spec } = options
    const where = Store.describe(spec)
    const found = yield* inspect(spec, options.projections)
    if (found === "other") {
      return yield* new UsageError({ detail: `${where} already holds records that are not the demo's; give the demo a store of its own, e.g. --store sqlite:demo.db` })
    }
    if (found === "demo") {
      if (spec._tag === "kurrentdb") {
        return yield* new UsageError({ detail: `${where} already holds the demo; give it an empty KurrentDB, with a fresh --projections database, to seed it again` })
      }
      if (spec._tag !== "sqlite") {
        return yield* new UsageError({ detail: `${where} already holds the demo; give it an empty database to seed it again` })
      }
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${spec.filename}${suffix}`, { force: true })
      yield* Output.stderr(`fulian demo: starting afresh: removed the earlier demo in ${spec.filename}`)
    }
    yield* seedAndShow(options)
  })

/** Enters the year into the store, sends the report up, and prints; the store is opened here, on the replay clock. */
const seedAndShow = (options: Options) => {
  const replay = replayClock(Date.parse(`${year}-01-01T00:00:00+08:00`))
  return Effect.gen(function*() {
    const where = whereOf(options)
    const seeded = yield* Progress.withBar(`entering ${year}`, lines().length, (bar) =>
      seed({ moveClockTo: replay.moveTo, onProgress: (done) => bar.update(done) }))

    // The street's chair sends the annual work summary up on the last afternoon of the year, with her paragraphs.
    replay.moveTo(toMillis(reportSubmittedAt))
    const request: Report.Request = { organizationId: street.id, kind: "annual", period: String(year) }
    const submitted = yield* Attestation.submit({
      request,
      reportId: `${street.id}-annual-${year}`,
      actor: streetChair(),
      reason: `${year}年度工作总结报区妇联`,
      occurredAt: reportSubmittedAt,
      narrative: narrative()
    })

    const drawn = yield* Ledgers.draw({ policy: options.policy, asOf: ledgersAsOf })
    const ledgers = LedgerText.all(drawn, { policy: options.policy, scope: yield* Reading.scopeOf(auditor) })

    const a = submitted.attestation
    yield* Output.stdout([
      `fulian demo: the year ${year} of ${street.name} and its five communities, entered into ${where}:`,
      `  ${seeded.commands} commands given through the domain (the lines of demo/${year}.jsonl, as fulian exec runs them); ${seeded.events} events recorded.`,
      "  Then the street's chair sent the annual summary up, with her paragraphs and a checkpoint of the whole log signed with the street's key",
      "  (registered with the district first); the district keeps its own copy (fulian verify checks both, and every hash link).",
      "  A replay: each record is stamped as recorded on the day it was entered in the year; 柳岸's March visits,",
      "  copied in from a paper register on 20 April, are marked 补录 (entered late).",
      "",
      "The rules at work (refused as the year expected; nothing of them was written):",
      ...seeded.refusals.map((r) => `  ${r.command} → ${r.error}: ${r.message}`),
      "",
      `Sent up: ${a.reportId} → ${a.sentTo}, computed at log position ${a.position}, sha256 ${a.contentHash}.`,
      "",
      ""
    ].join("\n"))
    yield* Output.stdout(Report.render(submitted.report, "markdown", { locale: options.locale, attested: a }))
    yield* Output.stdout(`\n${ledgers}`)
    yield* Output.stdout([
      "",
      "Next (with npx fulian, or npx tsx packages/cli/src/main.ts, in the repository):",
      ...next([
        [`fulian history case-qingbo-${year}-leak --as ${chairOf("qingbo")}`, "every decision on a case: who, when it happened, when it was recorded, why"],
        [`fulian history case-qingbo-${year}-leak --as sun-li:auditor@binhai`, "the same read by the district's auditor: personal data masked (add --purpose …)"],
        [`fulian report monthly --org dongsheng --year ${year} --month 3 --lang en --as ${chairOf("dongsheng")}`, "a month's report, in English"],
        [`fulian ledgers --as-of ${year}-06-30 --as ${chairOf("dongsheng")}`, "a community's ledgers as the facts stood at mid-year"],
        [`fulian ledgers --as-of ${year}-03-31 --as-recorded-on ${year}-04-01 --as sun-li:auditor@binhai`, "and as the records stood then (before the paper register was copied in)"],
        ["fulian verify --as sun-li:auditor@binhai", "re-verify the report sent up against the events"],
        ["fulian schema", "the JSON Schema of every command and event"],
        [`fulian exec packages/cli/demo/${year}.jsonl`, "the year's commands, one JSON object a line (each entered late, today)"]
      ]),
      ""
    ].join("\n"))
  }).pipe(
    Effect.provide(Layer.mergeAll(
      Layer.provide(Store.layer(options.spec, { durability: "normal", projections: options.projections }), Layer.succeed(Clock.Clock, replay.clock)),
      Layer.succeed(Policy.Policy, options.policy),
      Progress.layer(options.progress)
    ))
  )
}
