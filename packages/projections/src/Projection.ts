/**
 * Projections: read models folded from the global event log, with the checkpoint (the log
 * position last applied) stored atomically with the read model, so a crash never counts an
 * event twice or skips one.
 *
 * A projection is a pure fold over the domain's events:
 *
 *   const casesPerOrganization = Projection.make({
 *     name: "cases-per-organization",
 *     version: 1,
 *     initial: {} as Record<string, number>,
 *     apply: (state, { event }) =>
 *       event._tag === "CaseRegistered"
 *         ? { ...state, [event.organizationId]: (state[event.organizationId] ?? 0) + 1 }
 *         : state
 *   })
 *
 * Its state must be plain JSON data (objects, arrays, strings, numbers, booleans, null): the
 * projection stores keep it as JSON. Run it with `catchUp`, `follow` or `rebuild`.
 *
 * @since 0.1.0
 */
import { Context, Duration, Effect, Schema } from "effect"
import type { Envelope } from "@fulian/core/CommandHandler"
import * as Domain from "@fulian/core/Domain"
import { EventStore, type EventStoreError } from "@fulian/store/EventStore"

/** A read model folded from the log. */
export interface Projection<S> {
  /** Unique name; the key of its stored state and checkpoint. */
  readonly name: string
  /** Bump it when `apply` changes meaning: a stored state of another version is rebuilt. */
  readonly version: number
  readonly initial: S
  /** Applies one event; pure. Events arrive in global log order, each exactly once. */
  readonly apply: (state: S, event: Envelope<Domain.Event>) => S
}

/** Defines a projection (an identity function that helps type inference). */
export const make = <S>(projection: Projection<S>): Projection<S> => projection

/** A projection's state as stored, with its checkpoint. */
export interface Stored<S> {
  readonly version: number
  /** The global position of the last event applied (0: none). */
  readonly checkpoint: number
  readonly state: S
}

/** Why a projection store failed. */
export class ProjectionStoreError extends Schema.TaggedError<ProjectionStoreError>()("ProjectionStoreError", {
  projection: Schema.String,
  detail: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  override get message(): string {
    return `projection ${this.projection}: ${this.detail}`
  }
}

/** A state as JSON text, for a projection store that keeps it as text or jsonb. */
export const encodeState = (projection: string, state: unknown): Effect.Effect<string, ProjectionStoreError> =>
  Effect.try({
    try: () => JSON.stringify(state),
    catch: (e) => new ProjectionStoreError({ projection, detail: `state is not JSON: ${(e as Error).message}` })
  })

/** A stored row back as `Stored`, failing with a typed error if its state is not JSON. */
export const decodeStored = (
  projection: string,
  row: { readonly version: number; readonly checkpoint: number; readonly state: string }
): Effect.Effect<Stored<unknown>, ProjectionStoreError> =>
  Effect.try({
    try: () => ({ version: row.version, checkpoint: row.checkpoint, state: JSON.parse(row.state) as unknown }),
    catch: () => new ProjectionStoreError({ projection, detail: "stored state is not valid JSON" })
  })

/** Where projections keep their state and checkpoint. */
export interface ProjectionStoreShape {
  readonly load: (name: string) => Effect.Effect<Stored<unknown> | undefined, ProjectionStoreError>
  /** Saves state and checkpoint together, atomically. */
  readonly save: (name: string, stored: Stored<unknown>) => Effect.Effect<void, ProjectionStoreError>
}

/** The projection store service. */
export class ProjectionStore extends Context.Service<ProjectionStore, ProjectionStoreShape>()("fulian/ProjectionStore") {}

/** Progress of a catch-up: the position reached and the head it is catching up to. */
export interface Progress {
  readonly projection: string
  readonly checkpoint: number
  readonly applied: number
}

/** Options of `catchUp` and `rebuild`. */
export interface RunOptions {
  /** Events read, applied and saved per step (default 500). */
  readonly pageSize?: number
  /** Called after each saved page. */
  readonly onProgress?: (progress: Progress) => Effect.Effect<void>
  /** Stop after this position (default: the end of the log). */
  readonly upTo?: number
}

const step = <S>(projection: Projection<S>, from: Stored<S>, options: RunOptions) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const projections = yield* ProjectionStore
    const limit = options.pageSize ?? 500
    let { state, checkpoint } = from
    let applied = 0
    for (;;) {
      let page = yield* store.readAll({ after: checkpoint, limit })
      if (options.upTo !== undefined) page = page.filter((e) => e.position <= options.upTo!)
      if (page.length === 0) return { version: projection.version, checkpoint, state } satisfies Stored<S>
      for (const recorded of page) {
        // A stored event that cannot be decoded stops the projection: skipping it would make
        // the ledger disagree with the records.
        const event = yield* Domain.codec.decode(recorded)
        state = projection.apply(state, { ...recorded, event })
      }
      checkpoint = page[page.length - 1]!.position
      applied += page.length
      yield* projections.save(projection.name, { version: projection.version, checkpoint, state })
      if (options.onProgress) yield* options.onProgress({ projection: projection.name, checkpoint, applied })
    }
  })

/**
 * Brings a projection up to the end of the log from its stored checkpoint (or from the start,
 * if it has none or was stored by another version), saving state and checkpoint after each
 * page. Returns the state reached.
 */
export const catchUp = <S>(
  projection: Projection<S>,
  options: RunOptions = {}
): Effect.Effect<Stored<S>, EventStoreError | ProjectionStoreError, EventStore | ProjectionStore> =>
  Effect.gen(function*() {
    const projections = yield* ProjectionStore
    const stored = yield* projections.load(projection.name)
    const from: Stored<S> = stored !== undefined && stored.version === projection.version
      ? (stored as Stored<S>)
      : { version: projection.version, checkpoint: 0, state: projection.initial }
    return yield* step(projection, from, options)
  })

/**
 * Rebuilds a projection from zero: its stored state is reset, then it catches up. If the
 * process stops in the middle, `catchUp` resumes from the last saved page and ends with the
 * same state as a clean rebuild.
 */
export const rebuild = <S>(
  projection: Projection<S>,
  options: RunOptions = {}
): Effect.Effect<Stored<S>, EventStoreError | ProjectionStoreError, EventStore | ProjectionStore> =>
  Effect.gen(function*() {
    const projections = yield* ProjectionStore
    const zero: Stored<S> = { version: projection.version, checkpoint: 0, state: projection.initial }
    yield* projections.save(projection.name, zero)
    return yield* step(projection, zero, options)
  })

/**
 * Follows the log: catches up, then keeps applying new events as they are committed, polling
 * every `pollInterval` when caught up. Runs until interrupted.
 */
export const follow = <S>(
  projection: Projection<S>,
  options: RunOptions & { readonly pollInterval?: Duration.Input } = {}
): Effect.Effect<never, EventStoreError | ProjectionStoreError, EventStore | ProjectionStore> =>
  Effect.forever(Effect.andThen(catchUp(projection, options), Effect.sleep(options.pollInterval ?? Duration.millis(200))))

/**
 * The state of a projection folded in memory over the log up to a position, without reading or
 * writing any projection store.
 */
export const foldUpTo = <S>(
  projection: Projection<S>,
  upTo: number,
  pageSize = 1000
): Effect.Effect<S, EventStoreError, EventStore> =>
  Effect.map(foldMany({ projection }, { upTo, pageSize }), (folded) => folded.states.projection)

/** Options of `foldMany`. */
export interface FoldOptions {
  /** Fold the events up to this position (default: the end of the log as it is read). */
  readonly upTo?: number | undefined
  /** Fold only the events this keeps (default: every one). */
  readonly keep?: (event: Envelope<Domain.Event>) => boolean
  /** Events read per page (default 1000). */
  readonly pageSize?: number
  /** Told of every event kept, and whether it changed any projection's state. */
  readonly onApplied?: (event: Envelope<Domain.Event>, changed: boolean) => void
}

/**
 * Several projections folded in memory in one pass over the log, without reading or writing
 * any projection store: what ledgers drawn as of a past date, and reports, are computed from.
 * Answers the states, and the position of the last event read (0 for an empty log).
 */
export const foldMany = <P extends Record<string, Projection<any>>>(
  projections: P,
  options: FoldOptions = {}
): Effect.Effect<
  { readonly states: { readonly [K in keyof P]: P[K] extends Projection<infer S> ? S : never }; readonly position: number },
  EventStoreError,
  EventStore
> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const entries = Object.entries(projections)
    const states: Record<string, unknown> = Object.fromEntries(entries.map(([k, p]) => [k, p.initial]))
    const upTo = options.upTo ?? Number.MAX_SAFE_INTEGER
    let after = 0
    for (;;) {
      const page = (yield* store.readAll({ after, limit: options.pageSize ?? 1000 })).filter((e) => e.position <= upTo)
      if (page.length === 0) return { states: states as never, position: after }
      for (const recorded of page) {
        const envelope = { ...recorded, event: yield* Domain.codec.decode(recorded) }
        if (options.keep !== undefined && !options.keep(envelope)) continue
        let changed = false
        for (const [k, p] of entries) {
          const next = p.apply(states[k], envelope)
          if (next !== states[k]) changed = true
          states[k] = next
        }
        options.onApplied?.(envelope, changed)
      }
      after = page[page.length - 1]!.position
    }
  })
