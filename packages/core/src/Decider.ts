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
import type { Calendar, Instant, LocalDate } from "./Time.ts"

/** An aggregate: the events of its streams, its state and how events change it. */
export interface Aggregate<S, E extends { readonly _tag: string }> {
  /** The stream category: the stream of id `x` is `${category}-${x}`. */
  readonly category: string
  /** The schema of its events (a union of tagged structs). */
  readonly events: Schema.Codec<E, any>
  readonly initial: S
  /**
   * The state after an event: a new value, never the old one changed in place — states are
   * shared between decisions (`CommandHandler.StateCacheCapacity`), and a handler must not
   * change one either.
   */
  readonly evolve: (state: S, event: E) => S
  /**
   * Snapshots of its streams, for a long-lived stream that decisions read: the command
   * handler loads the snapshot and the events after it, and takes a new one as the stream
   * grows. An aggregate that opts in has its decisions made on the state folded from its
   * events without their personal data (so that no snapshot holds any: see
   * `docs/explanation/stream-growth.md`) — it opts in only where no decision reads a personal
   * field of its state.
   */
  readonly snapshots?: Snapshots | undefined
}

/** How an aggregate's streams are snapshotted (`Aggregate.snapshots`). */
export interface Snapshots {
  /**
   * The version of the state's shape. Raise it whenever `State` or `evolve` changes: a snapshot
   * of another version is ignored (the stream is read whole, and snapshotted anew).
   */
  readonly schemaVersion: number
  /** A new snapshot is taken once the stream has this many events past the one it was loaded from. */
  readonly every: number
}

/** The stream name of an aggregate's instance. */
export const streamName = (aggregate: { readonly category: string }, id: string): string => `${aggregate.category}-${id}`

/** A stream's state as loaded, with the version it was read at. */
export interface Loaded<S> {
  readonly state: S
  /** Number of events in the stream when read (0: no stream). */
  readonly version: number
}

/**
 * How a command says when its fact happened (DOMAIN.md §0), declared per command type:
 *
 * - `"moment"`: the fact happens at a time of day, which its events record (a case registered,
 *   escalated, reopened, a result or report sent): `occurredAt` must be an instant; default now.
 * - `"day"`: the fact happens on a day (a household linked, a case archived): `occurredAt` is a
 *   date or an instant; default now.
 * - `{ field }`: the command carries its own date of the fact (`heldOn`, `visitedOn`, …), which
 *   is when it happened; an `occurredAt` given too must fall on it. With `optional`, the field
 *   may be left out, and the command is then a `"day"` one.
 */
export type FactTime = "moment" | "day" | { readonly field: string; readonly optional?: boolean }

/** When the fact of a command happened, as the command handler resolved it. */
export interface Occurred {
  /** The local date of the fact in the federation's calendar. */
  readonly on: LocalDate
  /**
   * The moment of the fact, written in the calendar's offset, where it is known: given as an
   * instant, or now. Always set for a `"moment"` command.
   */
  readonly at: Instant | undefined
  /** As the events' metadata records it: the moment where known, else the date. */
  readonly text: string
}

/** What a handler has at hand: the times, the policy, and reading of streams. */
export interface DecisionContext {
  /** Now, from Effect's Clock, in epoch milliseconds: only for what is judged at the present. */
  readonly now: number
  /** Today: the local date of `now`. */
  readonly today: LocalDate
  /** When the command's fact happened: the business time its events record. */
  readonly occurred: Occurred
  /** The federation's calendar (the policy's time zone). */
  readonly calendar: Calendar
  readonly policy: PolicyShape
  /**
   * The current state of an aggregate instance. Its version becomes the expected version
   * of the append, so the decision is retried if the stream changes before it is stored.
   */
  readonly load: <S, E extends { readonly _tag: string }>(
    aggregate: Aggregate<S, E>,
    id: string
  ) => Effect.Effect<S, EventStoreError>
  /**
   * The current state of an aggregate instance, read outside the append's version check: for
   * what a decision only consults and may race harmlessly (whether the records back the
   * actor's role). Use `load` for anything a rule depends on.
   */
  readonly read: <S, E extends { readonly _tag: string }>(
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

/**
 * The moment of a `"moment"` command's fact. The command handler always resolves one for such
 * a command, so a missing one is a defect (a command type declared with the wrong `FactTime`).
 */
export const momentOf = (occurred: Occurred): Instant => {
  if (occurred.at === undefined) throw new Error("a moment command was resolved without its moment: check its FactTime")
  return occurred.at
}
