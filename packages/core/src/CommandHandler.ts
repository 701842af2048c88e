/**
 * Command handling: resolve when the command's fact happened, load what the decision needs,
 * decide, and append with the versions that were read; on a conflict decide again, a bounded
 * number of times.
 *
 * Command ids. A command id given by the caller is recorded with the append, together with a
 * hash of the command: SHA-256 of its canonical JSON without the id — its type, every field
 * and the actor — computed in plain TypeScript (`internal/sha256.ts`), so the core needs no
 * platform API and no asynchronous turn for it. A repeat of the same command appends nothing
 * new and is answered with its first outcome, even when the rules would now refuse it; a
 * different command sent with a used id (another payload, another actor) is refused with
 * `CommandIdReused`, writes nothing, and learns nothing of the first. The store makes the check
 * atomic with the append. A command without an id gets one of its own (in every event's
 * metadata) and is not deduplicated — give one wherever a command may be sent twice.
 *
 * Contention. The first attempt is optimistic: nothing is locked while it loads and decides.
 * Its append, and every later attempt from load to append, holds an in-process lock on each
 * stream it writes at a version it read (one lock table per store handle; locks are waited for
 * only by an execution that holds none, in sorted order, so they cannot deadlock). So the
 * commands of one process on one stream queue instead of racing, and a retry conflicts only
 * with a writer outside the process (another process, another store handle): then it waits a
 * random, doubling delay (`backoff`, on Effect's `Clock` and `Random`) before deciding again.
 * Past `maxAttempts` the conflict is returned, typed.
 *
 * Two times (DOMAIN.md §0). The business time of the fact (`occurredAt`: given by the command,
 * its own date of the fact, or now by Effect's `Clock`) is resolved once, before anything is
 * read, and refused when it lies in the future; the decision is made on it, and it is written
 * to every event's metadata. When the events were recorded is the store's to stamp
 * (`recordedAt`), never the caller's.
 *
 * States kept. The state each decision was made on is kept per store handle
 * (`StateCacheCapacity`), for aggregates folded without personal data. On a command's first
 * attempt, a stream it loads to write is taken as kept, unread (the append checks its
 * version); a stream it only reads is read from the state kept on. A conflict, a refusal or an
 * empty decision on a state not read is decided again on what is read
 * (`docs/explanation/stream-growth.md`).
 *
 * Snapshots. An aggregate that opts in (`Aggregate.snapshots`) is loaded from its stream's
 * snapshot and the events after it, its state folded from events without their personal data
 * (`PersonalData.without`), so that a snapshot holds none and survives no erasure. After a
 * command is done, each such stream it read that has grown `every` events past the snapshot it
 * was loaded from gets a new one, of the state at its new version. A snapshot that cannot be
 * read, or is of another schema version, is ignored (the stream is read whole); one that
 * cannot be written is left unwritten: neither ever fails the command (a `fulian.snapshot`
 * span and a warning in the log say so).
 *
 * Tracing. Every command runs in one span tree on Effect's tracer (free of I/O here; a tracer
 * installed by the program exports it, `docs/how-to/trace-commands.md`): `fulian.command <Tag>`
 * with the command's tag and id, the actor's role and organization, the attempts made, the
 * streams written and the outcome; under it a `fulian.attempt` per decision, holding
 * `fulian.decide` (with a `fulian.load` per stream read, as the decision reads them, with
 * the version of the snapshot it started from, `fulian.snapshot`, 0 for none), `fulian.append`,
 * and a `fulian.snapshot` per snapshot written. No personal data goes into a span: no person, no name, no field of the
 * command but its tag and id, and a failure is recorded by its tag and reason only — its
 * message may name people (`Unauthorized` names the actor), so it is withheld (`traced`).
 *
 * @since 0.1.0
 */
import { Cause, Clock, Context, Duration, Effect, Exit, Random, Result, Tracer } from "effect"
import {
  EventStore,
  type EventStoreError,
  invalidRequest,
  type NewEvent,
  type RecordedEvent,
  sameCommand,
  type StreamWrite
} from "@fulian/store/EventStore"
import type { Actor } from "./Actor.ts"
import { CommandIdReused, TimeRejected, type Unauthorized } from "./Command.ts"
import {
  type Aggregate,
  type DecisionContext,
  type Emit,
  type FactTime,
  fold,
  type Handler,
  type Occurred,
  type Snapshots,
  streamName
} from "./Decider.ts"
import type { EventCodec } from "./EventCodec.ts"
import { Policy } from "./Policy.ts"
import { commandHash } from "./internal/commandHash.ts"
import * as DecidedStates from "./internal/DecidedStates.ts"
import { uuidV7 } from "./internal/ids.ts"
import * as StateJson from "./internal/StateJson.ts"
import * as PersonalData from "./PersonalData.ts"
import * as StreamLocks from "./internal/StreamLocks.ts"
import { type Calendar, calendarOf, isInstant, toMillis } from "./Time.ts"

/** The fields every command has, as the handler reads them. */
export interface CommandLike {
  readonly _tag: string
  readonly commandId?: string | undefined
  readonly actor: Actor
  readonly occurredAt?: string | undefined
  readonly reason?: string | undefined
  readonly correlationId?: string | undefined
  readonly causationId?: string | undefined
}

/** A domain as the command handler runs it: its codec, its handlers, its authority rules. */
export interface Domain<C extends CommandLike, E extends { readonly _tag: string }, Err> {
  readonly codec: EventCodec<E>
  readonly handlers: { readonly [K in C["_tag"]]: Handler<Extract<C, { readonly _tag: K }>, Err> }
  /** The role check made before anything is read; `undefined` when the actor may try. */
  readonly authorize: (command: C) => Unauthorized | undefined
  /**
   * Whether the records back the actor's role on the day of the fact, and reach what she
   * names (DOMAIN.md §10): checked after `authorize`, before each decision, in its context.
   * A domain without roles backed by records (a test's) leaves it out.
   */
  readonly standing?: (command: C, context: DecisionContext) => Effect.Effect<void, Err | Unauthorized | EventStoreError>
  /** How each command type says when its fact happened. */
  readonly times: { readonly [K in C["_tag"]]: FactTime }
}

/** A stored event with its decoded domain event. */
export interface Envelope<E> extends RecordedEvent {
  readonly event: E
}

/**
 * The envelope of a stored event and its decoded event. Made by copying and then setting
 * `event`, not as `{ ...recorded, event }`: in Node 20's V8 a spread that adds a key the
 * source lacks is several times slower, and its objects outlive the young generation, so a long
 * read promoted every event it decoded (docs/explanation/stream-growth.md, "Memory").
 */
export const envelopeOf = <E>(recorded: RecordedEvent, event: E): Envelope<E> => {
  const envelope = Object.assign({}, recorded) as { -readonly [K in keyof Envelope<E>]: Envelope<E>[K] }
  envelope.event = event
  return envelope
}

/** What a command did. */
export interface Outcome<E> {
  readonly commandId: string
  /** The events it appended (for a repeated command id, the events of its first run). */
  readonly events: ReadonlyArray<Envelope<E>>
  /** True when this command id had run before and nothing new was appended. */
  readonly duplicate: boolean
}

/** Options of `execute`. */
export interface ExecuteOptions {
  /** How many times a decision is made before a conflict is given up (default 10). */
  readonly maxAttempts?: number
  /**
   * How long to wait before deciding again after a conflict that the in-process queue could
   * not prevent (another process wrote the stream): a random time up to `initial`, doubling at
   * each such conflict up to `max` (defaults 10 ms and 500 ms). Slept on Effect's `Clock`.
   */
  readonly backoff?: {
    readonly initial?: Duration.Input | undefined
    readonly max?: Duration.Input | undefined
  } | undefined
}

/** The default `backoff` of `execute`. */
export const defaultBackoff = { initial: Duration.millis(10), max: Duration.millis(500) } as const

const decodeAll = <E extends { readonly _tag: string }>(codec: EventCodec<E>, events: ReadonlyArray<RecordedEvent>) =>
  Effect.forEach(events, (r) => Effect.map(codec.decode(r), (event) => envelopeOf(r, event)))

/** Reads a stream and folds it into the aggregate's state, with the version read (in a `fulian.load` span). */
export const load = <S, E extends { readonly _tag: string }>(
  codec: EventCodec<any>,
  aggregate: Aggregate<S, E>,
  id: string
): Effect.Effect<{ readonly state: S; readonly version: number }, EventStoreError, EventStore> =>
  Effect.suspend(() => {
    const stream = streamName(aggregate, id)
    return traced("fulian.load", { "fulian.stream": stream }, Effect.gen(function*() {
      const store = yield* EventStore
      const recorded = yield* store.readStream(stream)
      const events = yield* Effect.forEach(recorded, (r) => codec.decode(r) as Effect.Effect<E, EventStoreError>)
      yield* annotate("fulian.version", recorded.length)
      return { state: fold(aggregate, events), version: recorded.length }
    }))
  })

/** A stream as a decision loaded it: its state, the version read, and the snapshot's version it started from (0: none). */
export interface Folded<S> {
  readonly state: S
  readonly version: number
  readonly snapshot: number
}

const strippers = new WeakMap<object, <E extends { readonly _tag: string }>(event: E) => E>()

/** The function that leaves an aggregate's events without their personal data, made once per aggregate. */
const stripperOf = (aggregate: Aggregate<any, any>) => {
  let strip = strippers.get(aggregate)
  if (strip === undefined) strippers.set(aggregate, strip = PersonalData.without(aggregate.events))
  return strip
}

/**
 * Loads a stream as a decision reads it (in a `fulian.load` span): for an aggregate with
 * snapshots, from its snapshot (when there is one of its schema version) and the events after
 * it, folded without their personal data; for any other, as `load` does.
 */
export const loadForDecision = <S, E extends { readonly _tag: string }>(
  codec: EventCodec<any>,
  aggregate: Aggregate<S, E>,
  id: string
): Effect.Effect<Folded<S>, EventStoreError, EventStore> => {
  const snapshots = aggregate.snapshots
  if (snapshots === undefined) return Effect.map(load(codec, aggregate, id), (loaded) => ({ ...loaded, snapshot: 0 }))
  return Effect.suspend(() => {
    const stream = streamName(aggregate, id)
    const strip = stripperOf(aggregate)
    return traced("fulian.load", { "fulian.stream": stream }, Effect.gen(function*() {
      const store = yield* EventStore
      let state = aggregate.initial
      let snapshot = 0
      // A snapshot that cannot be read or decoded is as none: the stream is read whole.
      const found = store.readSnapshot === undefined ? undefined : yield* Effect.orElseSucceed(store.readSnapshot(stream), () => undefined)
      if (found !== undefined && found.schemaVersion === snapshots.schemaVersion) {
        try {
          state = StateJson.decode(found.state) as S
          snapshot = found.version
        } catch {
          state = aggregate.initial
        }
      }
      const recorded = yield* store.readStream(stream, snapshot > 0 ? { fromVersion: snapshot + 1 } : undefined)
      for (const r of recorded) state = aggregate.evolve(state, strip((yield* codec.decode(r)) as E))
      const version = recorded.length > 0 ? recorded[recorded.length - 1]!.version : snapshot
      yield* annotate({ "fulian.version": version, "fulian.snapshot": snapshot })
      return { state, version, snapshot }
    }))
  })
}

/**
 * How many streams' states the command handler keeps per store instance (default 10,000), so
 * that a command on a stream it decided on before reads only the events appended since — by
 * this process or any other — instead of the stream, or its snapshot and tail. Only the states
 * of aggregates folded without personal data are kept (those with snapshots, and those whose
 * events hold no personal field), so an erasure never has to reach them. 0 keeps none:
 * `Effect.provideService(CommandHandler.StateCacheCapacity, 0)`.
 */
export const StateCacheCapacity: Context.Reference<number> = Context.Reference<number>("fulian/CommandHandler/StateCacheCapacity", {
  defaultValue: () => 10_000
})

/**
 * Loads a stream from a state kept of it (`DecidedStates`): the events after its version,
 * folded without their personal data onto it (in a `fulian.load` span, whose
 * `fulian.cached` is the version it started from). A stream whose first event read is not
 * the next one (a store emptied under the same handle) is read as `loadForDecision` reads it.
 */
const loadAfter = <S, E extends { readonly _tag: string }>(
  codec: EventCodec<any>,
  aggregate: Aggregate<S, E>,
  id: string,
  entry: DecidedStates.Entry
): Effect.Effect<Folded<S>, EventStoreError, EventStore> =>
  Effect.suspend(() => {
    const stream = streamName(aggregate, id)
    const strip = stripperOf(aggregate)
    return traced("fulian.load", { "fulian.stream": stream, "fulian.cached": entry.version }, Effect.gen(function*() {
      const store = yield* EventStore
      const recorded = yield* store.readStream(stream, { fromVersion: entry.version + 1 })
      if (recorded.length > 0 && recorded[0]!.version !== entry.version + 1) return yield* loadForDecision(codec, aggregate, id)
      let state = entry.state as S
      for (const r of recorded) state = aggregate.evolve(state, strip((yield* codec.decode(r)) as E))
      const version = recorded.length > 0 ? recorded[recorded.length - 1]!.version : entry.version
      yield* annotate({ "fulian.version": version, "fulian.snapshot": entry.snapshot })
      return { state, version, snapshot: entry.snapshot }
    }))
  })

/**
 * Takes a new snapshot of a stream a decision loaded, if it has grown `every` events past the
 * snapshot it was loaded from (`from`): of its state after the command (`next`). Gives the
 * version of the last snapshot known of the stream: the new one, or `from`. Never fails: a
 * snapshot not written is traced and logged, and the next load reads more.
 */
const snapshotAfter = (
  stream: string,
  aggregate: Aggregate<any, any>,
  from: number,
  next: { readonly state: unknown; readonly version: number }
): Effect.Effect<number, never, EventStore> =>
  Effect.suspend(() => {
    const snapshots = aggregate.snapshots
    const version = next.version
    if (snapshots === undefined || version - from < snapshots.every) return Effect.succeed(from)
    return traced("fulian.snapshot", { "fulian.stream": stream, "fulian.snapshot.version": version }, snapshotTo(stream, snapshots, next.state, version)).pipe(
      Effect.as(version),
      Effect.catchCause((cause) => {
        const { tag, reason } = failureOf(cause)
        return Effect.as(Effect.logWarning(`snapshot of ${stream} at version ${version} not taken: ${reason === undefined ? tag : `${tag}: ${reason}`}`), from)
      })
    )
  })

const snapshotTo = (stream: string, snapshots: Snapshots, state: unknown, version: number): Effect.Effect<void, EventStoreError, EventStore> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    if (store.writeSnapshot === undefined) return
    const json = yield* Effect.try({
      try: () => StateJson.encode(state),
      catch: (error) => invalidRequest(`snapshot of ${stream}: ${(error as Error).message}`)
    })
    yield* store.writeSnapshot({ stream, version, schemaVersion: snapshots.schemaVersion, state: json })
  })

/**
 * Writes the snapshot of a stream as a decision loaded it (`loadForDecision`: its state, folded
 * without personal data, and its version), whatever its length. The command handler takes
 * snapshots itself as streams grow; this is for tools and tests. Nothing is written for an
 * aggregate without snapshots, or a store without them.
 */
export const writeSnapshot = <S, E extends { readonly _tag: string }>(
  aggregate: Aggregate<S, E>,
  id: string,
  loaded: { readonly state: S; readonly version: number }
): Effect.Effect<void, EventStoreError, EventStore> =>
  aggregate.snapshots === undefined || loaded.version < 1
    ? Effect.void
    : snapshotTo(streamName(aggregate, id), aggregate.snapshots, loaded.state, loaded.version)

/**
 * When a command's fact happened, by its `FactTime`: its `occurredAt`, its own date of the
 * fact, or `now`. Refused (`TimeRejected`, naming the field) when that lies after `now` — a
 * date, after today in the calendar — when a `"moment"` command gives only a date, or when
 * `occurredAt` falls on another day than the command's own date of the fact.
 */
export const resolveOccurred = (
  command: CommandLike,
  time: FactTime,
  now: number,
  calendar: Calendar
): Effect.Effect<Occurred, TimeRejected> => {
  const reject = (reason: TimeRejected["reason"], field: string, detail: string) =>
    Effect.fail(new TimeRejected({ reason, command: command._tag, field, detail }))
  const today = calendar.dateOf(now)
  const where = `in ${calendar.zone}`
  const field = typeof time === "object" ? time.field : undefined
  const ownDate = field === undefined ? undefined : (command as unknown as Record<string, unknown>)[field]
  if (typeof ownDate === "string" && ownDate > today) {
    return reject("InFuture", field!, `${ownDate} is after today (${today} ${where}): a fact is recorded once it has happened`)
  }
  const given = command.occurredAt
  let occurred: Occurred
  if (given !== undefined) {
    if (isInstant(given)) {
      const millis = toMillis(given)
      if (millis > now) {
        return reject("InFuture", "occurredAt", `${calendar.format(millis)} is after now (${calendar.format(now)} ${where}): a fact is recorded once it has happened`)
      }
      const at = calendar.instantOf(millis)
      occurred = { on: calendar.dateOf(millis), at, text: at }
    } else {
      if (time === "moment") {
        return reject("MomentRequired", "occurredAt", `${command._tag} records the moment it happened: give the time with its offset, e.g. ${given}T09:30:00+08:00`)
      }
      if (given > today) return reject("InFuture", "occurredAt", `${given} is after today (${today} ${where}): a fact is recorded once it has happened`)
      occurred = { on: given, at: undefined, text: given }
    }
    if (typeof ownDate === "string" && ownDate !== occurred.on) {
      return reject("DatesDisagree", "occurredAt", `it falls on ${occurred.on} ${where}, but ${field} is ${ownDate}: the fact happened on one day`)
    }
  } else if (typeof ownDate === "string") {
    occurred = { on: ownDate, at: undefined, text: ownDate }
  } else {
    const at = calendar.instantOf(now)
    occurred = { on: today, at, text: at }
  }
  return Effect.succeed(occurred)
}

/**
 * Executes one command: the role check, when its fact happened, then load, decide and append,
 * deciding again when a stream it read changed before the append, at most `maxAttempts`
 * times; past that the conflict is returned as an `EventStoreError` with reason
 * `WrongExpectedVersion`.
 *
 * A command with a caller's `commandId` is recorded with a hash of the command (see the module
 * header); a repeat of the same command is answered with its first outcome (`duplicate`), and
 * another command with that id fails with `CommandIdReused`, writing nothing.
 *
 * It runs in one span tree, `fulian.command <Tag>` (see the module header).
 */
export const execute = <C extends CommandLike, E extends { readonly _tag: string }, Err>(
  domain: Domain<C, E, Err>,
  command: C,
  options: ExecuteOptions = {}
): Effect.Effect<Outcome<E>, Err | Unauthorized | TimeRejected | CommandIdReused | EventStoreError, EventStore | Policy> =>
  // Whether a tracer that exports is installed is asked once, here, not at every span and
  // attribute of the command: with Effect's native one the command runs without them.
  Effect.flatMap(Effect.tracer, (tracer) =>
    tracer === Tracer.nativeTracer
      ? run(domain, command, options, false)
      : traced(
        `fulian.command ${command._tag}`,
        {
          "fulian.command.tag": command._tag,
          "fulian.actor.role": command.actor.role,
          "fulian.actor.organization": command.actor.organization,
          "fulian.attempts": 0
        },
        Effect.onExit(run(domain, command, options, true), (exit) => Effect.annotateCurrentSpan(endOfCommand(exit)))
      ))

/** The attempt made: its outcome, or another attempt after the locks or the backoff. */
type Step<E> =
  | { readonly _tag: "Done"; readonly outcome: Outcome<E> }
  | { readonly _tag: "Queued"; readonly streams: ReadonlyArray<string> }
  | { readonly _tag: "Conflict"; readonly backoff: boolean }
  | { readonly _tag: "Unread" }

/** `execute`, inside the command's span; with `tracing`, in spans of its own and with their attributes. */
const run = <C extends CommandLike, E extends { readonly _tag: string }, Err>(
  domain: Domain<C, E, Err>,
  command: C,
  options: ExecuteOptions,
  tracing: boolean
): Effect.Effect<Outcome<E>, Err | Unauthorized | TimeRejected | CommandIdReused | EventStoreError, EventStore | Policy> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const policy = yield* Policy
    const refused = domain.authorize(command)
    if (refused) return yield* Effect.fail(refused)
    const handler = domain.handlers[command._tag as C["_tag"]] as unknown as Handler<C, Err>
    const calendar = calendarOf(policy)
    const firstNow = yield* Clock.currentTimeMillis
    const occurred = yield* resolveOccurred(command, domain.times[command._tag as C["_tag"]], firstNow, calendar)
    const given = command.commandId
    const commandId = given ?? uuidV7(firstNow)
    if (tracing) yield* annotate("fulian.command.id", commandId)
    const hash = given === undefined ? undefined : commandHash(command)
    const maxAttempts = options.maxAttempts ?? 10
    const reused = () => new CommandIdReused({ command: command._tag, commandId })
    // What this command id did before: the first outcome if it was this command, CommandIdReused
    // if it was another, undefined if it did nothing yet.
    const firstOutcome = (): Effect.Effect<Outcome<E> | undefined, CommandIdReused | EventStoreError> =>
      given === undefined
        ? Effect.succeed(undefined)
        : Effect.flatMap(store.readCommand(given), (done): Effect.Effect<Outcome<E> | undefined, CommandIdReused | EventStoreError> =>
          done === undefined
            ? Effect.succeed(undefined)
            : sameCommand(done.commandHash, hash)
            ? Effect.map(decodeAll(domain.codec, done.events), (events): Outcome<E> => ({ commandId, events, duplicate: true }))
            : Effect.fail(reused()))
    const locks = StreamLocks.of(store)
    const kept = DecidedStates.of(store)
    const capacity = yield* StateCacheCapacity
    const held = new Set<string>()
    const done = (outcome: Outcome<E>): Step<E> => ({ _tag: "Done", outcome })
    // One attempt: load, decide, append. It ends with the outcome, or says why to try again.
    // With `trust`, a stream it loads (to write, at the version it read) is taken as kept,
    // without a read: the append checks that version, and a refusal or an empty decision made
    // on a state not read is made again on one read (`Unread`).
    const decideAndAppend = (attempt: number, trust: boolean) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const versions = new Map<string, number>()
        // What this attempt has read, by stream: a stream loaded twice in one decision (by the
        // standing check and the handler) is read and folded once, at one version.
        const states = new Map<string, unknown>()
        // Every stream it read, as loaded, and whether its state is kept: for the snapshots taken
        // and the states kept after.
        const folded = new Map<string, { readonly aggregate: Aggregate<any, any>; readonly loaded: Folded<unknown>; readonly keep: boolean }>()
        // Whether a state was taken as kept, without a read (see `trust`).
        let unread = false
        // A stream's state, from the one kept of it when there is one (`StateCacheCapacity`).
        const loadKept = <S, E2 extends { readonly _tag: string }>(aggregate: Aggregate<S, E2>, id: string, toWrite: boolean) => {
          const stream = streamName(aggregate, id)
          const keep = capacity > 0 && DecidedStates.cacheable(aggregate)
          const entry = keep ? DecidedStates.get(kept, stream, aggregate) : undefined
          if (entry !== undefined && trust && toWrite) unread = true
          const loading = entry === undefined
            ? loadForDecision(domain.codec, aggregate, id)
            : trust && toWrite
            ? tracing
              ? traced("fulian.load", { "fulian.stream": stream, "fulian.cached": entry.version, "fulian.read": false, "fulian.version": entry.version, "fulian.snapshot": entry.snapshot },
                Effect.succeed({ state: entry.state as S, version: entry.version, snapshot: entry.snapshot }))
              : Effect.succeed({ state: entry.state as S, version: entry.version, snapshot: entry.snapshot })
            : loadAfter(domain.codec, aggregate, id, entry)
          return Effect.map(loading, (loaded) => {
            folded.set(stream, { aggregate, loaded, keep })
            if (keep) DecidedStates.put(kept, stream, { aggregate, ...loaded }, capacity)
            return loaded
          }).pipe(Effect.provideService(EventStore, store))
        }
        const context: DecisionContext = {
          now,
          today: calendar.dateOf(now),
          occurred,
          calendar,
          policy,
          load: <S, E2 extends { readonly _tag: string }>(aggregate: Aggregate<S, E2>, id: string) => {
            const stream = streamName(aggregate, id)
            if (versions.has(stream)) return Effect.succeed(states.get(stream) as S)
            return Effect.map(loadKept(aggregate, id, true), (loaded) => {
              versions.set(stream, loaded.version)
              states.set(stream, loaded.state)
              return loaded.state
            })
          },
          read: <S, E2 extends { readonly _tag: string }>(aggregate: Aggregate<S, E2>, id: string) => {
            const stream = streamName(aggregate, id)
            if (states.has(stream)) return Effect.succeed(states.get(stream) as S)
            return Effect.map(loadKept(aggregate, id, false), (loaded) => {
              states.set(stream, loaded.state)
              return loaded.state
            })
          }
        }
        const decide = domain.standing ? Effect.andThen(domain.standing(command, context), handler(command, context)) : handler(command, context)
        const decided = yield* Effect.result(tracing ? traced("fulian.decide", {}, decide) : decide)
        if (decided._tag === "Failure") {
          // A command retried after it succeeded may now be refused by the rules (the household
          // is linked already); its first outcome is the answer — if it is the same command.
          const first = yield* firstOutcome()
          if (first) return done(first)
          if (unread) return { _tag: "Unread" } satisfies Step<E>
          return yield* Effect.fail(decided.failure)
        }
        const emits: ReadonlyArray<Emit> = decided.success
        // After the command, each stream it read: a snapshot if it has grown enough, and its
        // state and version kept, with the events this command appended to it.
        const snapshotsAfter = (appended: ReadonlyArray<Envelope<E>>) =>
          Effect.forEach(folded, ([stream, { aggregate, keep, loaded }]) => {
            if (aggregate.snapshots === undefined && !keep) return Effect.void
            const own = appended.filter((e) => e.stream === stream)
            let state = loaded.state
            if (own.length > 0) {
              const strip = stripperOf(aggregate)
              for (const e of own) state = aggregate.evolve(state, strip(e.event))
            }
            const next = { state, version: own.length > 0 ? own[own.length - 1]!.version : loaded.version }
            return Effect.map(snapshotAfter(stream, aggregate, loaded.snapshot, next), (snapshot) => {
              if (keep) DecidedStates.put(kept, stream, { aggregate, ...next, snapshot }, capacity)
            })
          }, { discard: true }).pipe(Effect.provideService(EventStore, store))
        if (emits.every((e) => e.events.length === 0)) {
          const first = yield* firstOutcome()
          if (first === undefined && unread) return { _tag: "Unread" } satisfies Step<E>
          if (first === undefined) yield* snapshotsAfter([])
          return done(first ?? { commandId, events: [], duplicate: false })
        }
        const { writes, decided: ours } = buildWrites(domain.codec, command, commandId, now, occurred, versions, emits)
        // The streams it writes at a version it read are locked in this process while the
        // append runs and, after a conflict, through the next load, decide and append: the
        // commands of one process on a stream queue instead of racing. (Streams only checked,
        // like an organization every registration reads, are not: they rarely change, and
        // locking them would queue commands that do not conflict.) A stream another execution
        // holds was probably changed since it was read: rather than append on that read, wait
        // for every lock.
        const written = writes.flatMap((w) => (w.events.length > 0 && w.expected !== "any" ? [w.stream] : []))
        const unheld = written.filter((stream) => !held.has(stream))
        if (unheld.length > 0 && !StreamLocks.tryTake(locks, unheld, held) && attempt < maxAttempts) {
          if (tracing) yield* annotate("fulian.queued", true)
          return { _tag: "Queued", streams: [...held, ...written] } satisfies Step<E>
        }
        // Only a caller's command id can come back in a retry, so only it is recorded for
        // deduplication; an id made here is unique already and costs the store nothing.
        const append = store.append(writes, { commandId: given, commandHash: hash })
        const appended = yield* Effect.result(
          tracing
            ? traced(
              "fulian.append",
              {
                "fulian.streams": writes.flatMap((w) => (w.events.length > 0 ? [w.stream] : [])),
                "fulian.streams.checked": writes.flatMap((w) => (w.events.length === 0 ? [w.stream] : [])),
                "fulian.events": writes.reduce((n, w) => n + w.events.length, 0)
              },
              append
            )
            : append
        )
        if (appended._tag === "Success") {
          const { duplicate } = appended.success
          // The events just appended are the ones decided, in the order of `writes`: not decoded again.
          const events = duplicate
            ? yield* decodeAll(domain.codec, appended.success.events)
            : appended.success.events.map((r, i) => envelopeOf(r, ours[i]!))
          if (!duplicate) yield* snapshotsAfter(events)
          return done({ commandId, events, duplicate })
        }
        const error = appended.failure
        if (error.reason._tag === "CommandIdReused") return yield* Effect.fail(reused())
        if (error.reason._tag !== "WrongExpectedVersion" || attempt >= maxAttempts) return yield* Effect.fail(error)
        if (tracing) yield* annotate("fulian.conflict.stream", error.reason.stream)
        // A stream it held from load to append moved: another process (or store handle) wrote
        // it, and will again. Wait before deciding again, a random part of a doubling delay.
        // Any other conflict (a stream it read unlocked) is decided again at once.
        const moved = error.reason.stream
        // A stream shorter than its kept state (a store emptied under this handle) is read anew.
        if ((kept.entries.get(moved)?.version ?? 0) > error.reason.actual) kept.entries.delete(moved)
        return { _tag: "Conflict", backoff: held.has(moved) && !unheld.includes(moved) } satisfies Step<E>
      })
    const attempts = Effect.gen(function*() {
      // Only the first attempt trusts the states kept; one whose decision was not on states
      // read is made again on them, as the same attempt.
      for (let n = 1, waits = 0, trust = capacity > 0;;) {
        if (tracing) yield* annotate("fulian.attempts", n)
        const step: Step<E> = yield* (tracing ? traced("fulian.attempt", { "fulian.attempt": n }, decideAndAppend(n, trust)) : decideAndAppend(n, trust))
        if (step._tag === "Done") return step.outcome
        trust = false
        if (step._tag === "Unread") continue
        n++
        if (step._tag === "Queued") yield* StreamLocks.relock(locks, step.streams, held)
        else if (step.backoff) yield* pause(options.backoff, waits++)
        else yield* Effect.yieldNow
      }
    })
    // However the command ends, the locks it holds are released.
    return yield* Effect.ensuring(attempts, Effect.sync(() => StreamLocks.releaseAll(locks, held)))
  })

/** The attributes a command's span ends with: its outcome, the streams it wrote, its events. */
const endOfCommand = (exit: Exit.Exit<Outcome<unknown>, unknown>): Record<string, unknown> => {
  if (Exit.isSuccess(exit)) {
    const { events, duplicate } = exit.value
    return {
      "fulian.outcome": duplicate ? "duplicate" : "applied",
      "fulian.streams": [...new Set(events.map((e) => e.stream))],
      "fulian.events": events.length
    }
  }
  const { tag, reason } = failureOf(exit.cause)
  return {
    "fulian.outcome": tag === "EventStoreError" || tag === "Defect" ? "failed" : tag === "Interrupted" ? "interrupted" : "refused",
    "fulian.error.tag": tag,
    ...(reason === undefined ? {} : { "fulian.error.reason": reason })
  }
}

/**
 * What a span may say of a failure: the error's tag and its reason's tag, never the message or
 * any other field (a message may name people). NOTE: every error's `reason` is a literal or a
 * tagged class; one of free text would have to be left out here.
 */
const failureOf = (cause: Cause.Cause<unknown>): { readonly tag: string; readonly reason: string | undefined } => {
  const found = Cause.findError(cause)
  if (Result.isFailure(found)) return { tag: Cause.hasDies(cause) ? "Defect" : "Interrupted", reason: undefined }
  const error = found.success as { readonly _tag?: unknown; readonly reason?: unknown } | null | undefined
  const tag = typeof error?._tag === "string" ? error._tag : "Error"
  const reason = error?.reason
  return {
    tag,
    reason: typeof reason === "string" ? reason : typeof (reason as { _tag?: unknown } | undefined)?._tag === "string" ? (reason as { _tag: string })._tag : undefined
  }
}

/**
 * A failure as a span ends with it: named by its tag and reason only. A tracer exports what a
 * span failed with (OTLP: its message and stack as the span's status and an exception event),
 * and an error's message may name people — so the span sees this in its place, and the caller
 * the error itself (`traced`).
 */
class Withheld {
  readonly name: string
  readonly message: string
  readonly #exit: Exit.Exit<never, unknown>
  constructor(exit: Exit.Failure<unknown, unknown>) {
    const { tag, reason } = failureOf(exit.cause)
    this.name = tag
    this.message = reason === undefined ? tag : `${tag}: ${reason}`
    this.#exit = exit as Exit.Exit<never, unknown>
  }
  get exit(): Exit.Exit<never, unknown> {
    return this.#exit
  }
}

/**
 * Runs an effect in a span with these attributes; a failure reaches the span as `Withheld`, and
 * the caller unchanged. With Effect's native tracer (no tracer installed: it exports nothing),
 * no span is made: spans and their attributes cost about a fifth of a command on the embedded
 * store, and would reach no one.
 */
const traced = <A, Er, R>(name: string, attributes: Readonly<Record<string, unknown>>, effect: Effect.Effect<A, Er, R>): Effect.Effect<A, Er, R> =>
  Effect.flatMap(Effect.tracer, (tracer) =>
    tracer === Tracer.nativeTracer
      ? effect
      : Effect.exit(effect).pipe(
        Effect.flatMap((exit) => (Exit.isSuccess(exit) ? Effect.succeed(exit.value) : Effect.fail(new Withheld(exit)))),
        Effect.withSpan(name, { attributes }, { captureStackTrace: false }),
        Effect.catch((withheld) => withheld.exit as Exit.Exit<never, Er>)
      ))

/**
 * Adds attributes to the current span, as `Effect.annotateCurrentSpan` does, when a tracer is
 * installed. With Effect's native tracer, which exports nothing, no span is made (`traced`),
 * and nothing is added to a span of the caller's.
 */
function annotate(key: string, value: unknown): Effect.Effect<void>
function annotate(attributes: Readonly<Record<string, unknown>>): Effect.Effect<void>
function annotate(...args: [string, unknown] | [Readonly<Record<string, unknown>>]): Effect.Effect<void> {
  return whenTraced(() => (args.length === 2 ? Effect.annotateCurrentSpan(args[0], args[1]) : Effect.annotateCurrentSpan(args[0])))
}

/** Runs `effect` only when a tracer other than Effect's native one (which exports nothing) is installed. */
const whenTraced = (effect: () => Effect.Effect<void>): Effect.Effect<void> =>
  Effect.flatMap(Effect.tracer, (tracer) => (tracer === Tracer.nativeTracer ? Effect.void : effect()))

/** The wait before the next attempt after the `waits`-th conflict of a retry holding its streams. */
const pause = (backoff: ExecuteOptions["backoff"], waits: number): Effect.Effect<void> => {
  const initial = Duration.toMillis(Duration.fromInputUnsafe(backoff?.initial ?? defaultBackoff.initial))
  const max = Duration.toMillis(Duration.fromInputUnsafe(backoff?.max ?? defaultBackoff.max))
  const ceiling = Math.min(max, initial * 2 ** waits)
  return ceiling > 0 ? Effect.flatMap(Random.nextBetween(0, ceiling), (millis) => Effect.sleep(Duration.millis(millis))) : Effect.void
}

const buildWrites = <E extends { readonly _tag: string }>(
  codec: EventCodec<E>,
  command: CommandLike,
  commandId: string,
  now: number,
  occurred: Occurred,
  versions: ReadonlyMap<string, number>,
  emits: ReadonlyArray<Emit>
): { readonly writes: ReadonlyArray<StreamWrite>; readonly decided: ReadonlyArray<E> } => {
  const metadata: NewEvent["metadata"] = {
    actor: command.actor,
    occurredAt: occurred.text,
    reason: command.reason,
    commandId,
    causationId: command.causationId ?? commandId,
    correlationId: command.correlationId ?? commandId
  }
  const byStream = new Map<string, Array<NewEvent>>()
  const eventsOf = new Map<string, Array<E>>()
  for (const [stream] of versions) {
    byStream.set(stream, [])
    eventsOf.set(stream, [])
  }
  const appendOnly = new Set<string>()
  for (const emit of emits) {
    let list = byStream.get(emit.stream)
    if (list === undefined && emit.appendOnly === true) {
      list = []
      byStream.set(emit.stream, list)
      eventsOf.set(emit.stream, [])
      appendOnly.add(emit.stream)
    }
    if (list === undefined) throw new Error(`handler of ${command._tag} emitted to ${emit.stream} without loading it`)
    const own = eventsOf.get(emit.stream)!
    for (const event of emit.events) {
      list.push({ eventId: uuidV7(now), ...codec.encode(event as E), metadata })
      own.push(event as E)
    }
  }
  return {
    writes: [...byStream].map(([stream, events]) => ({
      stream,
      expected: appendOnly.has(stream) ? "any" : versions.get(stream)!,
      events
    })),
    decided: [...eventsOf.values()].flat()
  }
}
