/**
 * The Promise facade, for civic platforms not written with Effect. It is thin: the same
 * commands, the same behaviour and the same error classes as the Effect API (`Domain`,
 * `Ledgers`, `Report`, `Attestation`), with every failure thrown as the typed error itself
 * (`InvalidCommand`, `Unauthorized`, `TimeRejected`, `CommandIdReused`, an aggregate's
 * `…Rejected`, `ReportError`, `EventStoreError`).
 *
 *   const fulian = Client.make({ store: MemoryEventStore.layer })
 *   await fulian.execute({ ...jsonFromAForm, occurredAt: "2025-03-01T10:00:00+08:00" })
 *   const ledgers = await fulian.ledgers({ asOf: "2025-06-30" })
 *   const summary = await fulian.report({ organizationId: "qingshan", kind: "annual", period: "2025" })
 *   await fulian.dispose()
 *
 * Two times (DOMAIN.md §0): a command says when its fact happened with `occurredAt` (a paper
 * register copied in later keeps its real dates); when it was recorded is the store's to
 * stamp. Ledgers and reports are drawn as of any date in both senses: `asOf` (as the facts
 * stood) and `asRecordedOn` (as the records stood). Days are the local days of the policy's
 * time zone (`Asia/Shanghai` by default).
 *
 * @since 0.1.0
 */
import { Cause, Effect, Exit, Layer, ManagedRuntime } from "effect"
import type { InvalidCommand } from "@fulian/core/Command"
import type { Envelope, ExecuteOptions, Outcome } from "@fulian/core/CommandHandler"
import * as Domain from "@fulian/core/Domain"
import * as Policy from "@fulian/core/Policy"
import { calendarOf, judgedAt } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as MemoryProjectionStore from "@fulian/projections/MemoryProjectionStore"
import type { ProjectionStore } from "@fulian/projections/Projection"
import * as Attestation from "@fulian/reports/Attestation"
import * as Report from "@fulian/reports/Report"
import { EventStore, type EventStoreError, type RecordedEvent } from "@fulian/store/EventStore"

/** Options of a client. */
export interface ClientOptions<E> {
  /** The store to use: a layer such as `MemoryEventStore.layer` or an adapter's `layer(...)`. */
  readonly store: Layer.Layer<EventStore, E>
  /**
   * Where the ledgers' projections are kept between calls (default: in memory, caught up from
   * the log on first use): an adapter's projection store keeps them across restarts.
   */
  readonly projections?: Layer.Layer<ProjectionStore, E>
  /** Policy numbers and time zone that differ from DOMAIN.md's defaults. */
  readonly policy?: Partial<Policy.PolicyShape>
}

/** Which records ledgers and reports are drawn from: as of any date, in both senses. */
export interface AsOf {
  /** As the facts stood on a date (`2025-06-30`, to the end of that local day) or at a moment. */
  readonly asOf?: string | undefined
  /** As the records stood on a date (to the end of that local day) or at a moment. */
  readonly asRecordedOn?: string | undefined
}

/** Options of `ledgers`. */
export interface LedgerOptions extends AsOf {
  /** Only the area of this organization: it and every organization below it. */
  readonly within?: string | undefined
}

/** A fulian client: run commands, read history, draw ledgers and reports. */
export interface Client {
  /**
   * Decodes a command (a plain object, e.g. JSON from a web form) and executes it. Rejects
   * with `InvalidCommand` naming each bad field, `TimeRejected` for a time of its fact that
   * cannot be, `CommandIdReused` for a `commandId` another command used, or with the domain's
   * or the store's error.
   */
  readonly execute: (command: unknown, options?: ExecuteOptions) => Promise<Outcome<Domain.Event>>
  /** A stream's events, decoded, in version order: the full history of one case, household, term … */
  readonly readStream: (stream: string) => Promise<ReadonlyArray<Envelope<Domain.Event>>>
  /** A page of the global log, decoded, after a position. */
  readonly readAll: (after: number, limit: number) => Promise<ReadonlyArray<Envelope<Domain.Event>>>
  /** Every ledger's rows and flags: now, or as of a date in either sense, of every organization or of one's area. */
  readonly ledgers: (options?: LedgerOptions) => Promise<Ledgers.Rows>
  /** A report (monthly, half-year or annual) computed from the records: now, or as of a date in either sense. */
  readonly report: (request: Report.Request, options?: AsOf) => Promise<Report.Computed>
  /** Computes a report and sends it up to the organization's parent, recording what it was computed from. */
  readonly submitReport: (input: Attestation.SubmitInput) => Promise<Attestation.Submitted>
  /** Verifies a report sent up: whether it still matches the records, and whether later records supersede it. */
  readonly verifyReport: (organizationId: string, reportId: string) => Promise<Attestation.Verification>
  /** Releases the store (closes files and connections). */
  readonly dispose: () => Promise<void>
}

/** Anything a client call can reject with. */
export type ClientError = InvalidCommand | Domain.DomainError | Report.ReportError | Policy.InvalidPolicy | EventStoreError

const decodeAll = (events: ReadonlyArray<RecordedEvent>) =>
  Effect.forEach(events, (r) => Effect.map(Domain.codec.decode(r), (event): Envelope<Domain.Event> => ({ ...r, event })))

/** Makes a client over a store. */
export const make = <E>(options: ClientOptions<E>): Client => {
  const runtime = ManagedRuntime.make(Layer.mergeAll(
    options.store,
    options.projections ?? MemoryProjectionStore.layer,
    Policy.layer(options.policy)
  ))
  const run = async <A>(effect: Effect.Effect<A, unknown, EventStore | ProjectionStore | Policy.Policy>): Promise<A> => {
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
  return {
    execute: (command, executeOptions) =>
      run(Effect.flatMap(Domain.decodeCommand(command), (decoded) => Domain.execute(decoded, executeOptions))),
    readStream: (stream) => run(EventStore.use((store) => Effect.flatMap(store.readStream(stream), decodeAll))),
    readAll: (after, limit) => run(EventStore.use((store) => Effect.flatMap(store.readAll({ after, limit }), decodeAll))),
    ledgers: (ledgerOptions = {}) =>
      run(Effect.gen(function*() {
        const policy = yield* Policy.Policy
        yield* checkDates(policy, ledgerOptions)
        const drawn = yield* Ledgers.draw({ policy, asOf: ledgerOptions.asOf, asRecordedOn: ledgerOptions.asRecordedOn })
        return Ledgers.rowsOf(drawn, { policy, within: ledgerOptions.within })
      })),
    report: (request, asOf = {}) => run(Report.compute(request, asOf)),
    submitReport: (input) => run(Attestation.submit(input)),
    verifyReport: (organizationId, reportId) => run(Attestation.verify(organizationId, reportId)),
    dispose: () => runtime.dispose()
  }
}
