/**
 * Spans around every store call, for any adapter: wrap a store's operations (`make`) or the
 * `EventStore` in context (`layer`), and each append and read runs in a span on Effect's
 * tracer — exported wherever the program installs a tracer (OTLP: `docs/how-to/trace-commands.md`),
 * and nearly free where none is.
 *
 * | span | attributes |
 * | --- | --- |
 * | `fulian.store.append` | `fulian.streams` (every stream of the append), `fulian.events`, and when it ends `fulian.duplicate` |
 * | `fulian.store.readStream` | `fulian.stream`, `fulian.from_version`, and when it ends `fulian.count` |
 * | `fulian.store.readAll` | `fulian.after`, `fulian.limit`, and when it ends `fulian.count` |
 * | `fulian.store.readCommand` | `fulian.command.id`, and when it ends `fulian.found` |
 * | `fulian.store.lastPosition` | when it ends `fulian.position` |
 * | `fulian.store.readSnapshot` | `fulian.stream`, and when it ends `fulian.snapshot.version` (0: none) |
 * | `fulian.store.writeSnapshot` | `fulian.stream`, `fulian.snapshot.version`, `fulian.snapshot.schema_version` |
 *
 * Stream names, versions, positions and command ids only: never an event's data or metadata.
 * A failure reaches the span as its tag and reason (`EventStoreError: StoreUnavailable`), not
 * its message, which can carry a driver's text about the rows it touched; the caller gets the
 * error itself (`traced`, the span discipline of every fulian span).
 *
 * @since 0.1.0
 */
import { Cause, Effect, Exit, Layer, Result } from "effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as OtlpExporter from "effect/observability/OtlpExporter"
import * as OtlpSerialization from "effect/observability/OtlpSerialization"
import * as OtlpTracer from "effect/observability/OtlpTracer"
import { EventStore, type EventStoreShape } from "./EventStore.ts"

/** Wraps a store so that each of its operations runs in a span (see the module's header). */
export const make = (store: EventStoreShape): EventStoreShape => ({
  ...snapshots(store),
  append: (writes, options) =>
    traced(
      "fulian.store.append",
      { "fulian.streams": writes.map((w) => w.stream), "fulian.events": writes.reduce((n, w) => n + w.events.length, 0) },
      Effect.tap(store.append(writes, options), (result) => Effect.annotateCurrentSpan("fulian.duplicate", result.duplicate))
    ),
  readStream: (stream, options) =>
    traced(
      "fulian.store.readStream",
      { "fulian.stream": stream, "fulian.from_version": options?.fromVersion ?? 1 },
      Effect.tap(store.readStream(stream, options), (events) => Effect.annotateCurrentSpan("fulian.count", events.length))
    ),
  readAll: (options) =>
    traced(
      "fulian.store.readAll",
      { "fulian.after": options.after, "fulian.limit": options.limit },
      Effect.tap(store.readAll(options), (events) => Effect.annotateCurrentSpan("fulian.count", events.length))
    ),
  readCommand: (commandId) =>
    traced(
      "fulian.store.readCommand",
      { "fulian.command.id": commandId },
      Effect.tap(store.readCommand(commandId), (found) => Effect.annotateCurrentSpan("fulian.found", found !== undefined))
    ),
  ...lastPosition(store)
})

/** The store's `lastPosition`, traced; none where the store has none. */
const lastPosition = ({ lastPosition }: EventStoreShape): Pick<EventStoreShape, "lastPosition"> =>
  lastPosition === undefined ? {} : {
    lastPosition: () =>
      traced("fulian.store.lastPosition", {}, Effect.tap(lastPosition(), (position) => Effect.annotateCurrentSpan("fulian.position", position)))
  }

/** The snapshot operations of a store, traced; none where the store has none. */
const snapshots = ({ readSnapshot, writeSnapshot }: EventStoreShape): Pick<EventStoreShape, "readSnapshot" | "writeSnapshot"> =>
  readSnapshot === undefined || writeSnapshot === undefined ? {} : {
    readSnapshot: (stream) =>
      traced(
        "fulian.store.readSnapshot",
        { "fulian.stream": stream },
        Effect.tap(readSnapshot(stream), (found) => Effect.annotateCurrentSpan("fulian.snapshot.version", found?.version ?? 0))
      ),
    writeSnapshot: (snapshot) =>
      traced(
        "fulian.store.writeSnapshot",
        { "fulian.stream": snapshot.stream, "fulian.snapshot.version": snapshot.version, "fulian.snapshot.schema_version": snapshot.schemaVersion },
        writeSnapshot(snapshot)
      )
  }

/** Decorates the `EventStore` in context: each of its operations runs in a span. */
export const layer: Layer.Layer<EventStore, never, EventStore> = Layer.effect(EventStore, EventStore.useSync(make))

/**
 * Runs an effect in a span with these attributes, as every fulian span runs: a failure reaches
 * the span as its tag and reason only (`EventStoreError: WrongExpectedVersion`), never its
 * message or fields — a tracer exports a failed span's message and stack, and a message may
 * name people or carry a driver's text — while the caller gets the error itself. For spans
 * outside the domain core (the client's); the core keeps its own copy, as it imports nothing
 * of the store but its contract.
 */
export const traced = <A, E, R>(name: string, attributes: Readonly<Record<string, unknown>>, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.exit(effect).pipe(
    Effect.flatMap((exit) => (Exit.isSuccess(exit) ? Effect.succeed(exit.value) : Effect.fail(new Withheld(exit)))),
    Effect.withSpan(name, { attributes }, { captureStackTrace: false }),
    Effect.catch((withheld) => withheld.exit as Exit.Exit<never, E>)
  )

/** A failure as a span ends with it: the error's tag and its reason's tag, nothing else. */
class Withheld {
  readonly name: string
  readonly message: string
  readonly #exit: Exit.Exit<never, unknown>
  constructor(exit: Exit.Failure<unknown, unknown>) {
    const found = Cause.findError(exit.cause)
    const error = Result.isSuccess(found) ? found.success as { readonly _tag?: unknown; readonly reason?: unknown } | null : undefined
    const tag = error === undefined ? (Cause.hasDies(exit.cause) ? "Defect" : "Interrupted") : typeof error?._tag === "string" ? error._tag : "Error"
    // A reason is a tag too: a literal (`InvalidDate`) or a tagged class (`WrongExpectedVersion`).
    // NOTE: a `reason` of free text would have to be left out here.
    const reason = typeof error?.reason === "string" ? error.reason : (error?.reason as { readonly _tag?: unknown } | undefined)?._tag
    this.name = tag
    this.message = typeof reason === "string" ? `${tag}: ${reason}` : tag
    this.#exit = exit as Exit.Exit<never, unknown>
  }
  get exit(): Exit.Exit<never, unknown> {
    return this.#exit
  }
}

/** Where spans are exported over OTLP/HTTP (see `otlp`). */
export interface OtlpOptions {
  /** The collector's traces endpoint, path included: `http://localhost:4318/v1/traces`. */
  readonly url: string
  /** The `service.name` of the resource the spans are reported under (default `fulian`). */
  readonly serviceName?: string | undefined
  /** Headers sent with each export, e.g. a vendor's API key. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * Effect's own OTLP tracer (no OpenTelemetry SDK), exporting JSON over `fetch` in batches; the
 * spans not yet sent go when the layer is released (a client's `dispose`, the end of a CLI run).
 */
export const otlp = (options: OtlpOptions): Layer.Layer<OtlpExporter.Flusher> =>
  OtlpTracer.layer({ url: options.url, resource: { serviceName: options.serviceName ?? "fulian" }, headers: options.headers }).pipe(
    Layer.provide(Layer.merge(OtlpSerialization.layerJson, FetchHttpClient.layer))
  )
