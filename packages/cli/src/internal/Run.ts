/**
 * What the subcommands that open a store share: the store of `--store` with the policy of
 * `--time-zone` and the progress bar of `--progress` (`withStore`), the reader of `--as` and
 * `--purpose`, the date flags, and where their output goes (standard output or `--out`).
 *
 * Loaded with the first subcommand that needs it, never to parse a command line.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { Effect, Layer, Option, Schema } from "effect"
import { type Actor, Role } from "@fulian/core/Actor"
import * as Policy from "@fulian/core/Policy"
import type * as Reading from "@fulian/core/Reading"
import { calendarOf, judgedAt } from "@fulian/core/Time"
import { EventStore, type EventStoreError, lastEventOf, type RecordedEvent } from "@fulian/store/EventStore"
import * as TracedEventStore from "@fulian/store/TracedEventStore"
import { UsageError } from "../Failure.ts"
import { PurposeFlag, ReaderFlag, TimeZoneFlag } from "../GlobalFlags.ts"
import * as Output from "../Output.ts"
import * as Progress from "../Progress.ts"
import * as Store from "../Store.ts"

/** Reads `person:role@organization`. */
export const parseReader = (text: string): Effect.Effect<Actor, UsageError> => {
  const match = /^([^:@]+):([^:@]+)@(.+)$/.exec(text)
  if (match === null) return Effect.fail(new UsageError({ detail: `--as is person:role@organization (e.g. huang-yulan:chair@qingshan), not ${text}` }))
  const [, person, role, organization] = match
  if (!Schema.is(Role)(role)) return Effect.fail(new UsageError({ detail: `${role} is not a role; roles are ${Role.literals.join(", ")}` }))
  return Effect.succeed({ person: person!, role, organization: organization! })
}

/** The reader of `--as` and `--purpose`, which every command that reads needs. */
export const readerOf = (what: string) =>
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
export const commandLinePolicy = Effect.gen(function*() {
  const timeZone = yield* TimeZoneFlag
  return yield* Policy.make({ timeZone }).pipe(Effect.mapError((e) => new UsageError({ detail: `--time-zone: ${e.detail}` })))
})

/**
 * What a program runs in: the store named by `--store` as `open` opens it (for KurrentDB, with
 * the projections database of `--projections`), the policy of `--time-zone` and a progress bar.
 * Only a command that writes records (`creates`: `exec`) may create a SQLite file that is not
 * there: one that reads refuses, leaving no empty file behind. For KurrentDB that is the
 * projections database, which holds the personal-data keys: read without them, every event's
 * personal data would show as erased.
 */
const layerOf = <ROut, E>(open: (spec: Store.Spec, projections: Store.ProjectionsSpec) => Layer.Layer<ROut, E>, creates: boolean) =>
  Effect.gen(function*() {
    const spec = yield* Store.StoreFlag
    const projections = yield* Store.ProjectionsFlag
    if (spec._tag === "sqlite" && !creates && !fs.existsSync(spec.filename)) {
      return yield* new UsageError({ detail: `there is no store at ${Store.describe(spec)}: fulian demo or fulian exec makes one (or name another with --store)` })
    }
    if (spec._tag === "kurrentdb" && projections._tag === "sqlite" && !creates && !fs.existsSync(projections.filename)) {
      return yield* new UsageError({
        detail: `there is no projections database at ${Store.describe(projections)} for the events in ${Store.describe(spec)}: it keeps their personal-data keys, without which every person's data would read as erased. Name the one fulian demo or fulian exec used with --projections (they make one)`
      })
    }
    const mode = yield* Progress.ProgressFlag
    const policy = yield* commandLinePolicy
    // FULIAN_OTLP_URL (a collector's traces endpoint): the run's spans are exported there, the last when it ends.
    const otlp = process.env["FULIAN_OTLP_URL"]
    return Layer.mergeAll(
      open(spec, projections),
      Layer.succeed(Policy.Policy, policy),
      Progress.layer(mode),
      otlp === undefined || otlp === "" ? Layer.empty : TracedEventStore.otlp({ url: otlp, serviceName: "fulian-cli" })
    )
  })

/**
 * Runs `program` against the store named by `--store` with its ledgers' projection store
 * (`Store.layer`), the policy of `--time-zone` and a progress bar; `creates` lets it create a
 * SQLite store (or a KurrentDB store's projections database) that is not there.
 */
export const withStore = <A, E, R>(program: Effect.Effect<A, E, R>, options: { readonly creates?: boolean } = {}) =>
  Effect.flatMap(
    layerOf((spec, projections) => Store.layer(spec, { projections }), options.creates === true),
    (layer) => Effect.provide(program, layer)
  )

/**
 * Runs `program` as `withStore` does, on the events and keys alone (`Store.eventsLayer`): for a
 * command that reads no ledger, and reads what it reads once (`readsOnce`).
 */
export const withEvents = <A, E, R>(program: Effect.Effect<A, E, R>) =>
  Effect.flatMap(
    layerOf((spec, projections) => Store.eventsLayer(spec, { projections, readsOnce: true }), false),
    (layer) => Effect.provide(program, layer)
  )

/** Checks the value of a date flag: a real date or an instant with its offset. */
export const dateFlag = (name: string, value: Option.Option<string>) =>
  Effect.gen(function*() {
    if (Option.isNone(value)) return undefined
    const policy = yield* Policy.Policy
    if (judgedAt(value.value, calendarOf(policy)) === undefined) {
      return yield* new UsageError({ detail: `--${name} is a date (2025-06-30) or an ISO 8601 time with its offset (2025-06-30T18:00:00+08:00), not ${value.value}` })
    }
    return value.value
  })

/**
 * The last event of the log, or `undefined` for an empty one: the store finds its position
 * without reading the log (`lastPosition`), so this costs the same however long the log.
 */
export const lastEvent: Effect.Effect<RecordedEvent | undefined, EventStoreError, EventStore> = EventStore.use(lastEventOf)

/**
 * The number of events in the log, read through: what `fulian rebuild`'s progress bar counts
 * to (positions are not a count on PostgreSQL).
 */
export const eventCount = Effect.gen(function*() {
  const store = yield* EventStore
  let after = 0
  let count = 0
  for (;;) {
    const page = yield* store.readAll({ after, limit: 5000 })
    if (page.length === 0) return count
    count += page.length
    after = page[page.length - 1]!.position
  }
})

/** What a command writes: text, or the bytes of a binary format (PDF, XLSX). */
export type Written = { readonly text: string } | { readonly bytes: Uint8Array; readonly format: string }

/**
 * Writes a command's output: to `--out` when given (and says so on standard error), else text
 * to standard output. Binary output is never written to standard output, which is a terminal
 * as often as a file: without `--out` it is refused before anything is computed (`needsOut`).
 */
export const emit = (command: string, written: Written, out: Option.Option<string>) =>
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
export const needsOut = (format: string, out: Option.Option<string>) =>
  (format === "pdf" || format === "xlsx") && Option.isNone(out)
    ? Effect.fail(new UsageError({ detail: `--format ${format} is a binary file: name it with --out <file> (it is never written to standard output)` }))
    : Effect.void
