/**
 * The shape of every aggregate and of every command's handler.
 *
 * An aggregate is a consistency boundary kept in one stream per id: `initial`, `evolve`,
 * and a pure `decide` in its own module. A command's handler names the streams the decision
 * needs (`load`), calls `decide`, and says which events go to which stream (`emit`). The
 * command handler (`CommandHandler.execute`) then appends them all in one atomic append, with
 * the version it read of every stream it loaded as the expected version — so a decision that
 * spans several streams is still serializable: if any of them changed meanwhile, it is decided
 * again.
 *
 * @since 0.1.0
 */
import type { Effect, Schema } from "effect"
import type { EventStoreError } from "@fulian/store/EventStore"
import type { PolicyShape } from "./Policy.ts"

/** An aggregate: the events of its streams, its state and how events change it. */
export interface Aggregate<S, E extends { readonly _tag: string }> {
  /** The stream category: the stream of id `x` is `${category}-${x}`. */
  readonly category: string
  /** The schema of its events (a union of tagged structs). */
  readonly events: Schema.Codec<E, any>
  readonly initial: S
  readonly evolve: (state: S, event: E) => S
}

/** The stream name of an aggregate's instance. */
export const streamName = (aggregate: { readonly category: string }, id: string): string => `${aggregate.category}-${id}`

/** A stream's state as loaded, with the version it was read at. */
export interface Loaded<S> {
  readonly state: S
  /** Number of events in the stream when read (0: no stream). */
  readonly version: number
}

/** What a handler has at hand: the time, the policy, and reading of streams. */
export interface DecisionContext {
  /** Now, from Effect's Clock, in epoch milliseconds. */
  readonly now: number
  readonly policy: PolicyShape
  /**
   * The current state of an aggregate instance. Its version becomes the expected version
   * of the append, so the decision is retried if the stream changes before it is stored.
   */
  readonly load: <S, E extends { readonly _tag: string }>(
    aggregate: Aggregate<S, E>,
    id: string
  ) => Effect.Effect<S, EventStoreError>
}

/** Events to append to one aggregate instance. */
export interface Emit {
  readonly stream: string
  readonly events: ReadonlyArray<{ readonly _tag: string }>
  /**
   * Appended with expected version "any", without loading the stream: for a log that no
   * decision reads (contact visits), so that its length never slows a decision down.
   */
  readonly appendOnly?: boolean
}

/** Events of an aggregate instance, as a handler returns them. */
export const emit = <S, E extends { readonly _tag: string }>(
  aggregate: Aggregate<S, E>,
  id: string,
  events: ReadonlyArray<E>
): Emit => ({ stream: streamName(aggregate, id), events })

/**
 * Events for a log that no decision reads back: appended at any version, the stream not
 * loaded. Use it only where no rule depends on the stream's earlier events.
 */
export const emitAppendOnly = <S, E extends { readonly _tag: string }>(
  aggregate: Aggregate<S, E>,
  id: string,
  events: ReadonlyArray<E>
): Emit => ({ stream: streamName(aggregate, id), events, appendOnly: true })

/** The handler of one command type. */
export type Handler<C, Err> = (command: C, context: DecisionContext) => Effect.Effect<ReadonlyArray<Emit>, Err | EventStoreError>

/** Folds events into a state: the state of an aggregate after these events. */
export const fold = <S, E extends { readonly _tag: string }>(aggregate: Aggregate<S, E>, events: Iterable<E>): S => {
  let state = aggregate.initial
  for (const e of events) state = aggregate.evolve(state, e)
  return state
}
