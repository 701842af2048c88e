/**
 * `fulian demo`: the main job a newcomer sees first. It seeds the demo year (`DemoYear`) into
 * the store through the domain's commands, sends the street's annual work summary up to the
 * district (so `fulian verify` has a report to check), and prints the summary and the main
 * ledgers.
 *
 * It never overwrites records it did not write: a store that already holds events is started
 * afresh only when they are an earlier demo's (its first event is part of the demo's work,
 * `DemoYear.correlationId`) and the store is a SQLite file, which is then removed and created
 * again; anything else is refused.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { Clock, Effect, Layer } from "effect"
import * as Policy from "@fulian/core/Policy"
import * as Attestation from "@fulian/reports/Attestation"
import type { Locale } from "@fulian/reports/Labels"
import * as Report from "@fulian/reports/Report"
import { EventStore } from "@fulian/store/EventStore"
import * as DemoYear from "./DemoYear.ts"
import { UsageError } from "./Failure.ts"
import * as LedgerText from "./LedgerText.ts"
import * as Output from "./Output.ts"
import * as Progress from "./Progress.ts"
import * as Store from "./Store.ts"

/** The moment the demo's ledgers are drawn at: the first moment of the next year. */
export const ledgersAsOf = `${DemoYear.year + 1}-01-01T00:00:00.000Z`

/** What the store holds before the demo: nothing, an earlier demo, or other records. */
const inspect = (spec: Store.Spec) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const first = yield* store.readAll({ after: 0, limit: 1 })
    if (first.length === 0) return "empty" as const
    return first[0]!.metadata.correlationId === DemoYear.correlationId ? "demo" as const : "other" as const
  }).pipe(Effect.provide(Store.layer(spec)))

/** Options of the demo. */
export interface Options {
  readonly spec: Store.Spec
  /** The language of the report's labels. */
  readonly locale: Locale
  /** How the progress bar of the seeding is drawn (on standard error). */
  readonly progress: Progress.Mode
}

/** Seeds the year, sends the annual summary up, and prints it with the ledgers. */
export const run = (options: Options) =>
  Effect.gen(function*() {
    const { spec } = options
    const where = Store.describe(spec)
    const found = yield* inspect(spec)
    if (found === "other") {
      return yield* new UsageError({ detail: `${where} already holds records that are not the demo's; give the demo a store of its own, e.g. --store sqlite:demo.db` })
    }
    if (found === "demo") {
      if (spec._tag !== "sqlite") {
        return yield* new UsageError({ detail: `${where} already holds the demo; give it an empty database to seed it again` })
      }
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${spec.filename}${suffix}`, { force: true })
      yield* Output.stderr(`fulian demo: starting afresh: removed the earlier demo in ${spec.filename}`)
    }

    yield* seedAndShow(options)
  })

/** Seeds the year into the store, sends the report up, and prints; the store is opened here. */
const seedAndShow = (options: Options) =>
  Effect.gen(function*() {
    const where = Store.describe(options.spec)
    const seeded = yield* Progress.withBar(`seeding ${DemoYear.year}`, DemoYear.plan().length, (bar) =>
      DemoYear.seed({ onProgress: (done) => bar.update(done) }))

    // The street's chair sends the annual work summary up on the last afternoon of the year.
    const live = yield* Clock.clockWith(Effect.succeed)
    const { clock } = DemoYear.settableClock(DemoYear.reportSubmittedAt, live)
    const request: Report.Request = { organizationId: DemoYear.street.id, kind: "annual", period: String(DemoYear.year) }
    const submitted = yield* Attestation.submit({
      request,
      reportId: `${DemoYear.street.id}-annual-${DemoYear.year}`,
      actor: DemoYear.streetChair(),
      reason: `${DemoYear.year}年度工作总结报区妇联`
    }).pipe(Effect.provideService(Clock.Clock, clock))

    const ledgers = yield* LedgerText.all({ asOf: ledgersAsOf, policy: Policy.defaults })

    const a = submitted.attestation
    yield* Output.stdout([
      `fulian demo: the year ${DemoYear.year} of ${DemoYear.street.name} and its five communities, seeded into ${where}:`,
      `  ${seeded.commands} commands given through the domain; ${seeded.events + 1} events recorded, the report's included.`,
      "",
      "The rules at work (refused as the plan expected; nothing of them was written):",
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
      `  fulian history case-qingbo-${DemoYear.year}-leak           every decision on a case: who, when, why`,
      `  fulian report monthly --org dongsheng --year ${DemoYear.year} --month 3 --lang en`,
      "  fulian ledgers --as-of 2025-06-30                the ledgers as they stood at mid-year",
      "  fulian verify                                    re-verify the report sent up against the events",
      "  fulian schema                                    the JSON Schema of every command and event",
      "  fulian exec commands.jsonl                       give commands of your own, one JSON object a line",
      ""
    ].join("\n"))
  }).pipe(
    Effect.provide(Layer.mergeAll(
      Store.layer(options.spec, { durability: "normal" }),
      Policy.layer(),
      Progress.layer(options.progress)
    ))
  )
