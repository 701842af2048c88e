/**
 * The Promise facade, for civic platforms not written with Effect. It is thin: the same
 * commands, the same behaviour and the same error classes as the Effect API (`Domain`), with
 * every failure thrown as the typed error itself (`InvalidCommand`, `Unauthorized`, an
 * aggregate's `…Rejected`, `EventStoreError`).
 *
 *   const fulian = Client.make({ store: MemoryEventStore.layer })
 *   const outcome = await fulian.execute(jsonFromAForm)
 *   await fulian.dispose()
 *
 * @since 0.1.0
 */
import { Cause, Effect, Exit, Layer, ManagedRuntime } from "effect"
import { EventStore, type EventStoreError, type RecordedEvent } from "@fulian/store/EventStore"
import type { InvalidCommand } from "./Command.ts"
import type { Envelope, ExecuteOptions, Outcome } from "./CommandHandler.ts"
import * as Domain from "./Domain.ts"
import * as Policy from "./Policy.ts"

/** Options of a client. */
export interface ClientOptions<E> {
  /** The store to use: a layer such as `MemoryEventStore.layer` or an adapter's `layer(...)`. */
  readonly store: Layer.Layer<EventStore, E>
  /** Policy numbers that differ from DOMAIN.md's defaults. */
  readonly policy?: Partial<Policy.PolicyShape>
}

/** A fulian client: run commands, read history. */
export interface Client {
  /**
   * Decodes a command (a plain object, e.g. JSON from a web form) and executes it. Rejects
   * with `InvalidCommand` naming each bad field, or with the domain's or the store's error.
   */
  readonly execute: (command: unknown, options?: ExecuteOptions) => Promise<Outcome<Domain.Event>>
  /** A stream's events, decoded, in version order: the full history of one case, household, term … */
  readonly readStream: (stream: string) => Promise<ReadonlyArray<Envelope<Domain.Event>>>
  /** A page of the global log, decoded, after a position. */
  readonly readAll: (after: number, limit: number) => Promise<ReadonlyArray<Envelope<Domain.Event>>>
  /** Releases the store (closes files and connections). */
  readonly dispose: () => Promise<void>
}

/** Anything a client call can reject with. */
export type ClientError = InvalidCommand | Domain.DomainError | EventStoreError

const decodeAll = (events: ReadonlyArray<RecordedEvent>) =>
  Effect.forEach(events, (r) => Effect.map(Domain.codec.decode(r), (event): Envelope<Domain.Event> => ({ ...r, event })))

/** Makes a client over a store. */
export const make = <E>(options: ClientOptions<E>): Client => {
  const runtime = ManagedRuntime.make(Layer.mergeAll(options.store, Policy.layer(options.policy)))
  const run = async <A>(effect: Effect.Effect<A, unknown, EventStore | Policy.Policy>): Promise<A> => {
    const exit = await runtime.runPromiseExit(effect)
    if (Exit.isSuccess(exit)) return exit.value
    // Throw the typed error itself, not a wrapper, so callers can test `_tag` and `instanceof`.
    throw Cause.squash(exit.cause)
  }
  return {
    execute: (command, executeOptions) =>
      run(Effect.flatMap(Domain.decodeCommand(command), (decoded) => Domain.execute(decoded, executeOptions))),
    readStream: (stream) => run(EventStore.use((store) => Effect.flatMap(store.readStream(stream), decodeAll))),
    readAll: (after, limit) => run(EventStore.use((store) => Effect.flatMap(store.readAll({ after, limit }), decodeAll))),
    dispose: () => runtime.dispose()
  }
}
