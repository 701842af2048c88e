/**
 * The Promise facade, for civic platforms not written with Effect. It is thin: the same
 * commands, the same behaviour and the same error classes as the Effect API (`Domain`,
 * `Ledgers`, `Report`, `Attestation`), with every failure thrown as the typed error itself
 * (`InvalidCommand`, `Unauthorized`, `TimeRejected`, `CommandIdReused`, an aggregate's
 * `…Rejected`, `ReportError`, `EventStoreError`).
 *
 *   const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
 *   await fulian.execute({ ...jsonFromAForm, occurredAt: "2025-03-01T10:00:00+08:00" })
 *   const chair = { actor: { person: "huang-yulan", role: "chair", organization: "qingshan" } }
 *   const ledgers = await fulian.ledgers(chair, { asOf: "2025-06-30" })
 *   const summary = await fulian.report(chair, { organizationId: "qingshan", kind: "annual", period: "2025" })
 *   await fulian.dispose()
 *
 * Every read takes its reader (DOMAIN.md §10, `Reading`): the records must back her, and she
 * reads only what her role and organization entitle her to.
 *
 * Two times (DOMAIN.md §0): a command says when its fact happened with `occurredAt` (a paper
 * register copied in later keeps its real dates); when it was recorded is the store's to
 * stamp. Ledgers and reports are drawn as of any date in both senses: `asOf` (as the facts
 * stood) and `asRecordedOn` (as the records stood). Days are the local days of the policy's
 * time zone (`Asia/Shanghai` by default).
 *
 * Tracing: every call runs in a span tree on Effect's tracer — a command's from
 * `CommandHandler.execute`, a read's under `fulian.client.<call>` — with a span around each call
 * to the store (`TracedEventStore`). With `tracing.otlp` the client exports them over OTLP/HTTP
 * (JSON) with Effect's own exporter; without it they cost next to nothing
 * (`docs/how-to/trace-commands.md`). No span carries personal data.
 *
 * @since 0.1.0
 */
import { Cause, Context, Effect, Exit, Layer, ManagedRuntime, Option } from "effect"
import type { InvalidCommand } from "@fulian/core/Command"
import type { Envelope, ExecuteOptions, Outcome } from "@fulian/core/CommandHandler"
import * as Domain from "@fulian/core/Domain"
import * as Policy from "@fulian/core/Policy"
import * as Reading from "@fulian/core/Reading"
import { calendarOf, judgedAt } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as MemoryProjectionStore from "@fulian/projections/MemoryProjectionStore"
import type { ProjectionStore } from "@fulian/projections/Projection"
import * as Attestation from "@fulian/reports/Attestation"
import * as Checkpoints from "@fulian/reports/Checkpoints"
import * as Report from "@fulian/reports/Report"
import * as EncryptingEventStore from "@fulian/privacy/EncryptingEventStore"
import type { EventStore, EventStoreError } from "@fulian/store/EventStore"
import type { KeyStore } from "@fulian/store/KeyStore"
import { LogChanges, type LogChangesShape } from "@fulian/store/LogChanges"
import type { StoredLog } from "@fulian/store/StoredLog"
import * as TracedEventStore from "@fulian/store/TracedEventStore"

/** Options of a client. */
export interface ClientOptions<S> {
  /** The store to use: a layer such as `MemoryEventStore.layer` or an adapter's `layer(...)`. */
  readonly store: Layer.Layer<EventStore | S, unknown>
  /**
   * Where the data subjects' keys are kept (DOMAIN.md §10: personal data is stored encrypted
   * under each subject's key, and erased by destroying it): `MemoryKeyStore.layer` beside a
   * memory store, an adapter's key store beside its event store (`SqliteKeyStore.layer()`, in
   * the same file), or a platform's own KMS.
   */
  readonly keys: Layer.Layer<KeyStore, unknown, EventStore | S>
  /**
   * Where the ledgers' projections are kept between calls (default: in memory, caught up from
   * the log on first use): an adapter's projection store keeps them across restarts.
   */
  readonly projections?: Layer.Layer<ProjectionStore, unknown, EventStore | S>
  /** Policy numbers and time zone that differ from DOMAIN.md's defaults. */
  readonly policy?: Partial<Policy.PolicyShape>
  /** Where the client's spans go (default: nowhere, at next to no cost). */
  readonly tracing?: Tracing
}

/** Where a client's spans go. */
export interface Tracing {
  /**
   * Export them over OTLP/HTTP as JSON with Effect's own exporter (no OpenTelemetry SDK): in
   * batches every few seconds, and the rest when the client is disposed.
   */
  readonly otlp?: TracedEventStore.OtlpOptions | undefined
}

/** Which records ledgers and reports are drawn from: as of any date, in both senses. */
export interface AsOf {
  /** As the facts stood on a date (`2025-06-30`, to the end of that local day) or at a moment. */
  readonly asOf?: string | undefined
  /** As the records stood on a date (to the end of that local day) or at a moment. */
  readonly asRecordedOn?: string | undefined
}


/** Where a subscription starts, and how it waits for new events. */
export interface SubscribeOptions {
  /** The position to read after (default 0: the whole log the reader may read). */
  readonly after?: number | undefined
  /** How many events of the log a read looks at (default 500). */
  readonly pageSize?: number | undefined
  /**
   * How long to wait, in ms, before looking again when caught up: the fallback when the store
   * wakes followers (`LogChanges`: default 1000), the only way when it does not (default 200).
   */
  readonly pollInterval?: number | undefined
  /** Ends the subscription when aborted. */
  readonly signal?: AbortSignal | undefined
}

/** A pause that ends early when `signal` aborts. */
const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener("abort", done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener("abort", done, { once: true })
  })

/** The store's wake-ups, when its layer provides `LogChanges`: the client's own handle on them. */
class Wakeups extends Context.Service<Wakeups, Option.Option<LogChangesShape>>()("fulian/client/Wakeups") {}

/** A fulian client: run commands, read history, draw ledgers and reports. */
export interface Client {
  /**
   * Decodes a command (a plain object, e.g. JSON from a web form) and executes it. Rejects
   * with `InvalidCommand` naming each bad field, `TimeRejected` for a time of its fact that
   * cannot be, `CommandIdReused` for a `commandId` another command used, or with the domain's
   * or the store's error.
   */
  readonly execute: (command: unknown, options?: ExecuteOptions) => Promise<Outcome<Domain.Event>>
  /**
   * `execute`, typed: a command of the domain's union (`Domain.Command`), so that a field the
   * command does not have, a missing one or a value of the wrong kind does not compile. It is
   * decoded all the same (the rules of input: blank texts, limits), as `execute` does.
   */
  readonly executeCommand: (command: Domain.Command, options?: ExecuteOptions) => Promise<Outcome<Domain.Event>>
  /**
   * The events the reader may read after a position, then each new one as it is recorded: an
   * async iterator for live read models and feeds. When caught up it waits until the store says
   * something new may have been committed (a store with `LogChanges`), or `pollInterval` ms
   * have passed (default 1000 with wake-ups, 200 without), and reads again. It ends when the loop leaves it (`break`), when `signal`
   * aborts, or when the client is disposed; a read it is refused rejects the loop.
   */
  readonly subscribe: (reader: Reading.Reader, options?: SubscribeOptions) => AsyncIterable<Envelope<Domain.Event>>
  /**
   * A stream's events that the reader may read, decoded, in version order: the history of one
   * case, household, term … as far as she is entitled to it (none, when she is not).
   */
  readonly readStream: (reader: Reading.Reader, stream: string) => Promise<ReadonlyArray<Envelope<Domain.Event>>>
  /** The reader's page of the global log after a position: the events she may read of the next `limit`. */
  readonly readAll: (reader: Reading.Reader, after: number, limit: number) => Promise<Reading.Page>
  /** The rows and flags of every ledger that the reader may read: now, or as of a date in either sense. */
  readonly ledgers: (reader: Reading.Reader, options?: AsOf) => Promise<Ledgers.Rows>
  /** A report (monthly, half-year or annual) computed from the records, for a reader entitled to it. */
  readonly report: (reader: Reading.Reader, request: Report.Request, options?: AsOf) => Promise<Report.Computed>
  /**
   * Computes a report and sends it up to the organization's parent, recording what it was
   * computed from and a checkpoint of the whole log there, signed with the organization's key
   * (made in the key store, and registered with the parent, the first time).
   */
  readonly submitReport: (input: Attestation.SubmitInput) => Promise<Attestation.Submitted>
  /** Verifies a report sent up, for a reader entitled to it: whether it still matches the records, and whether later records supersede it. */
  readonly verifyReport: (reader: Reading.Reader, organizationId: string, reportId: string) => Promise<Attestation.Verification>
  /**
   * Verifies the records themselves, for a reader entitled to it: every event's hash link (the
   * first broken event named), every checkpoint held by a receiver and both copies of every
   * report she may read (`Checkpoints.verify`; `keys`: the senders' public keys as the caller
   * holds them, to check signatures against instead of the keys registered in the records).
   */
  readonly verifyRecords: (reader: Reading.Reader, keys?: ReadonlyMap<string, ReadonlyArray<string>>) => Promise<Checkpoints.Verification>
  /** Releases the store (closes files and connections), and sends the spans not yet exported. */
  readonly dispose: () => Promise<void>
}

/** Anything a client call can reject with. */
export type ClientError = InvalidCommand | Domain.DomainError | Reading.ReadRefused | Report.ReportError | Policy.InvalidPolicy | EventStoreError

/** Makes a client over a store, its personal data encrypted under the keys of `keys`. */
export const make = <S = never>(options: ClientOptions<S>): Client => {
  // The adapter's own calls are traced: under the encrypting store, so a span times the storage.
  const store = Layer.provideMerge(TracedEventStore.layer, options.store)
  const keys = Layer.provide(options.keys, store)
  const otlp = options.tracing?.otlp
  const runtime = ManagedRuntime.make(Layer.mergeAll(
    Layer.provide(EncryptingEventStore.layer, Layer.merge(store, keys)),
    keys,
    options.projections === undefined ? MemoryProjectionStore.layer : Layer.provide(options.projections, store),
    Policy.layer(options.policy),
    otlp === undefined ? Layer.empty : TracedEventStore.otlp(otlp),
    Layer.provide(Layer.effect(Wakeups, Effect.serviceOption(LogChanges)), store)
  ))
  const run = async <A>(effect: Effect.Effect<A, unknown, EventStore | StoredLog | KeyStore | ProjectionStore | Policy.Policy | Wakeups>): Promise<A> => {
    const exit = await runtime.runPromiseExit(effect)
    if (Exit.isSuccess(exit)) return exit.value
    // Throw the typed error itself, not a wrapper, so callers can test `_tag` and `instanceof`.
    throw Cause.squash(exit.cause)
  }
  const checkDates = (policy: Policy.PolicyShape, asOf: AsOf) =>
    Effect.forEach([["asOf", asOf.asOf], ["asRecordedOn", asOf.asRecordedOn]] as const, ([field, value]) =>
      value === undefined || judgedAt(value, calendarOf(policy)) !== undefined
        ? Effect.void
        : Effect.fail(new Report.ReportError({ reason: "InvalidDate", detail: `${field} is a date (2025-06-30) or an ISO 8601 time with its offset, not ${JSON.stringify(value)}` })))
  // Ends every subscription when the client is disposed, so that the process can exit.
  const disposing = new AbortController()
  const execute = (command: unknown, executeOptions?: ExecuteOptions) =>
    run(Effect.flatMap(Domain.decodeCommand(command), (decoded) => Domain.execute(decoded, executeOptions)))
  return {
    execute,
    executeCommand: execute,
    subscribe: (reader, subscribeOptions = {}) => ({
      [Symbol.asyncIterator]: async function*() {
        const stop = subscribeOptions.signal === undefined ? disposing.signal : AbortSignal.any([disposing.signal, subscribeOptions.signal])
        const limit = subscribeOptions.pageSize ?? 500
        let wakeups: Option.Option<LogChangesShape>
        try {
          wakeups = await run(Wakeups)
        } catch (error) {
          if (stop.aborted) return
          throw error
        }
        const pollInterval = subscribeOptions.pollInterval ?? (Option.isSome(wakeups) ? 1000 : 200)
        // Ends the current wait for a wake-up (on leaving the loop too).
        let waiting: AbortController | undefined
        try {
          for (let after = subscribeOptions.after ?? 0; !stop.aborted;) {
            // Waits from before the read, so that a commit during the read wakes it too.
            waiting = new AbortController()
            const woken = Option.isSome(wakeups)
              ? runtime.runPromise(wakeups.value.changed, { signal: waiting.signal }).catch(() => {})
              : undefined
            let page: Reading.Page
            try {
              page = await run(Reading.readAll(reader, { after, limit }))
            } catch (error) {
              // A read cut short by the client's disposal ends the subscription; any other failure is the loop's.
              if (stop.aborted) return
              throw error
            }
            if (stop.aborted) return
            yield* page.events
            if (page.next > after) after = page.next
            else {
              // Whichever comes first; aborting `waiting` then ends the other.
              const polled = pause(pollInterval, AbortSignal.any([stop, waiting.signal]))
              await (woken === undefined ? polled : Promise.race([woken, polled]))
            }
            waiting.abort()
          }
        } finally {
          waiting?.abort()
        }
      }
    }),
    readStream: (reader, stream) => run(traced("readStream", reader.actor, Reading.readStream(reader, stream))),
    readAll: (reader, after, limit) => run(traced("readAll", reader.actor, Reading.readAll(reader, { after, limit }))),
    ledgers: (reader, ledgerOptions = {}) =>
      run(traced("ledgers", reader.actor, Effect.gen(function*() {
        const policy = yield* Policy.Policy
        yield* checkDates(policy, ledgerOptions)
        return yield* Ledgers.drawFor(reader, { policy, asOf: ledgerOptions.asOf, asRecordedOn: ledgerOptions.asRecordedOn })
      }))),
    report: (reader, request, asOf = {}) => run(traced("report", reader.actor, Report.computeFor(reader, request, asOf))),
    submitReport: (input) => run(traced("submitReport", input.actor, Attestation.submit(input))),
    verifyReport: (reader, organizationId, reportId) => run(traced("verifyReport", reader.actor, Attestation.verifyFor(reader, organizationId, reportId))),
    verifyRecords: (reader, keys) => run(traced("verifyRecords", reader.actor, Checkpoints.verifyFor(reader, { keys }))),
    dispose: () => {
      disposing.abort()
      return runtime.dispose()
    }
  }
}

/**
 * A client call in one span (`fulian.client.<call>`), so that the store calls of a read or a
 * report form one tree. It names the caller's role and organization, never the person, and a
 * failure by its tag only (`TracedEventStore.traced`).
 */
const traced = <A, E, R>(call: string, actor: { readonly role: string; readonly organization: string }, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  TracedEventStore.traced(`fulian.client.${call}`, { "fulian.actor.role": actor.role, "fulian.actor.organization": actor.organization }, effect)
