/**
 * The event store contract: the small interface every storage adapter implements.
 *
 * A store keeps streams of events. Each event has a version within its stream (1, 2, 3, …)
 * and a position in the one global log (increasing, gap-free as seen by readers: a reader
 * that has seen position p never later finds an event below p appear). Appends are atomic,
 * over one stream or several, each with an expected version. An append may carry a command
 * id, recorded with a hash of the command: an id appends at most once, and is answered with
 * its first events only for the same hash (`CommandIdReused` for another). Every event is
 * stored with a hash of its stored form linked to its stream's previous event (`Integrity`).
 * A store may also keep one snapshot per stream (`Snapshot`): a state a reader folded from the
 * stream's first events, so that a later load reads only the events after it.
 *
 * @since 0.1.0
 */
import { Context, Duration, Effect, Fiber, Option, Schema, Stream } from "effect"
import { LogChanges } from "./LogChanges.ts"

/**
 * Who did something: a person, acting in a role, for an organization. The store does not
 * interpret roles; the domain core does.
 */
export interface Actor {
  readonly person: string
  readonly role: string
  readonly organization: string
}

/**
 * What every event carries besides its data: who, when, why and because of which command.
 *
 * Two times: `occurredAt`, when the fact happened (the business time, given by the writer),
 * and `recordedAt`, when the store recorded it. The store stamps `recordedAt` itself from its
 * own clock — the `Clock` its layer was built with — at the append; whatever a writer puts
 * there is ignored.
 */
export interface EventMetadata {
  readonly actor: Actor
  /**
   * When the fact happened: an ISO 8601 instant with its offset (`2025-03-08T09:30:00.000+08:00`),
   * or a local date (`2025-03-08`) where the fact is a date.
   */
  readonly occurredAt: string
  /** When the store recorded it: an ISO 8601 instant in UTC, from the store's own clock. */
  readonly recordedAt: string
  /** Why, where the decision needs a reason. */
  readonly reason?: string | undefined
  /** The command that produced this event; a command id appends at most once. */
  readonly commandId: string
  /** The message (command or event id) that directly caused this one. */
  readonly causationId: string
  /** The id shared by every message of one piece of work. */
  readonly correlationId: string
}

/**
 * An event to append: the store gives it a stream, version, position and `recordedAt` (a
 * `recordedAt` in the metadata given is not the writer's to set, and is replaced).
 */
export interface NewEvent {
  /** A uuid v7, chosen by the writer. */
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  /** JSON-compatible data. */
  readonly data: unknown
  readonly metadata: Omit<EventMetadata, "recordedAt">
}

/** An event as stored: the envelope every reader receives. */
export interface RecordedEvent {
  readonly eventId: string
  readonly stream: string
  /** 1 for a stream's first event. */
  readonly version: number
  /** Position in the global log; increasing in commit order. */
  readonly position: number
  readonly type: string
  readonly schemaVersion: number
  readonly data: unknown
  readonly metadata: EventMetadata
  /**
   * The hash of the event as stored, linked to the one before it in its stream (`Integrity`:
   * the layout, and how a log is verified). The store computes it, in the append that writes
   * the event; a reader that changes the data (decrypting it) leaves it as stored.
   */
  readonly hash: string
}

/**
 * What the writer expects of a stream before its append: any state, no stream yet, or
 * exactly this version (0 also means no stream yet).
 */
export type ExpectedVersion = "any" | "no-stream" | number

/**
 * One stream's part of an append. With no events it only checks the expected version, so a
 * decision can be made conditional on a stream it read but does not change.
 */
export interface StreamWrite {
  readonly stream: string
  readonly expected: ExpectedVersion
  readonly events: ReadonlyArray<NewEvent>
}

/** Options of an append. */
export interface AppendOptions {
  /**
   * The command this append carries out, recorded with the append. If an append with this
   * command id was already made, nothing is written: when its `commandHash` is the same (both
   * absent counts as the same), the result holds the events of that first append
   * (`duplicate: true`); otherwise the append fails with `CommandIdReused`. Either answer comes
   * before any version check, and is atomic with the append that records the id.
   */
  readonly commandId?: string | undefined
  /**
   * What the command was, as an opaque text the writer computes (the command handler gives a
   * hash of the command): it tells a retry of the command from another command sent with the
   * same id. Recorded with `commandId`; ignored without it.
   */
  readonly commandHash?: string | undefined
}

/** What `readCommand` finds for a command id: the events its append wrote, and its hash. */
export interface CommandRecord {
  readonly events: ReadonlyArray<RecordedEvent>
  /** The `commandHash` given with the append; `undefined` when none was (or it was recorded before hashes were kept). */
  readonly commandHash: string | undefined
}

/** What an append did. */
export interface AppendResult {
  /** The events written, or, for a repeated command id, the events the first append wrote. */
  readonly events: ReadonlyArray<RecordedEvent>
  /** True when the command id had been appended before and nothing new was written. */
  readonly duplicate: boolean
}

/** The reason a stream's version did not match. */
export class WrongExpectedVersion extends Schema.TaggedClass<WrongExpectedVersion>()("WrongExpectedVersion", {
  stream: Schema.String,
  expected: Schema.Union([Schema.Literals(["any", "no-stream"]), Schema.Number]),
  actual: Schema.Number
}) {}

/**
 * The reason an append was refused because its command id was already recorded for another
 * command (another `commandHash`). Nothing was written. It names the id the caller gave, and
 * nothing of the command that used it first.
 */
export class CommandIdReused extends Schema.TaggedClass<CommandIdReused>()("CommandIdReused", {
  commandId: Schema.String
}) {}

/** The reason a stored event could not be read back: bad JSON, an unknown type, … */
export class CorruptEvent extends Schema.TaggedClass<CorruptEvent>()("CorruptEvent", {
  stream: Schema.String,
  position: Schema.Number,
  detail: Schema.String
}) {}

/** The reason an append request was malformed (no writes, a stream written twice, …). */
export class InvalidRequest extends Schema.TaggedClass<InvalidRequest>()("InvalidRequest", {
  detail: Schema.String
}) {}

/** The reason the storage itself failed: connection lost, disk full, … */
export class StoreUnavailable extends Schema.TaggedClass<StoreUnavailable>()("StoreUnavailable", {
  detail: Schema.String
}) {}

/** Why an event store operation failed. */
export const EventStoreErrorReason = Schema.Union([WrongExpectedVersion, CommandIdReused, CorruptEvent, InvalidRequest, StoreUnavailable])

/** Why an event store operation failed. */
export type EventStoreErrorReason = typeof EventStoreErrorReason.Type

/** The one error type of every store operation; `reason` says what went wrong. */
export class EventStoreError extends Schema.TaggedError<EventStoreError>()("EventStoreError", {
  reason: EventStoreErrorReason,
  cause: Schema.optional(Schema.Defect())
}) {
  override get message(): string {
    const r = this.reason
    switch (r._tag) {
      case "WrongExpectedVersion":
        return `stream ${r.stream}: expected version ${r.expected}, but it is at ${r.actual}`
      case "CommandIdReused":
        return `command id ${r.commandId} was already used by another command; nothing was written`
      case "CorruptEvent":
        return `stream ${r.stream}, position ${r.position}: stored event cannot be read: ${r.detail}`
      case "InvalidRequest":
        return `invalid append: ${r.detail}`
      case "StoreUnavailable":
        return `store unavailable: ${r.detail}`
    }
  }
}

/** Options for reading the global log. */
export interface ReadAllOptions {
  /** Read events with a position strictly greater than this (0 reads from the start). */
  readonly after: number
  /** At most this many events. */
  readonly limit: number
}

/**
 * A stream's state at one of its versions, kept beside the stream so that a load reads the
 * snapshot and then only the events after `version`. The store does not interpret `state`;
 * the reader that wrote it says what shape it has (`schemaVersion`), and a reader of another
 * shape ignores it. A snapshot is a cache: it may be missing, and a reader that finds none
 * (or one it cannot use) reads the whole stream.
 */
export interface Snapshot {
  readonly stream: string
  /** The stream's version the state is of: 1 or more, at most the stream's version. */
  readonly version: number
  /** The version of the state's shape, as its writer numbers it: a whole number. */
  readonly schemaVersion: number
  /** The state, JSON-compatible data. */
  readonly state: unknown
}

/** Which events of a stream `readStream` reads: from a version, and at most how many (a page). */
export interface ReadStreamOptions {
  /** The first version read (default 1). */
  readonly fromVersion?: number | undefined
  /** At most this many events (default: all from `fromVersion`). */
  readonly limit?: number | undefined
}

/** The operations every store adapter provides. */
export interface EventStoreShape {
  /** Appends atomically to one or more streams, each with its expected version. */
  readonly append: (
    writes: ReadonlyArray<StreamWrite>,
    options?: AppendOptions
  ) => Effect.Effect<AppendResult, EventStoreError>
  /** A stream's events in version order, from `fromVersion` (default 1). Empty if none. */
  readonly readStream: (stream: string, options?: ReadStreamOptions) => Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreError>
  /** A page of the global log in position order. */
  readonly readAll: (options: ReadAllOptions) => Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreError>
  /** The events a command id appended and its hash, or `undefined` if it appended nothing yet. */
  readonly readCommand: (commandId: string) => Effect.Effect<CommandRecord | undefined, EventStoreError>
  /**
   * The position of the last event of the log that `readAll` shows (0 when it shows none),
   * without reading the log. Optional: `lastPositionOf` reads the log through for a store (or
   * a wrapper of one) that leaves it out; every adapter of this repository has it (the
   * conformance suite checks it).
   */
  readonly lastPosition?: (() => Effect.Effect<number, EventStoreError>) | undefined
  /**
   * The stream's snapshot, or `undefined` if it has none. Optional: a store (or a wrapper of
   * one) without snapshots leaves both snapshot operations out, and every load then reads the
   * whole stream. Every adapter of this repository has them (the conformance suite checks it).
   */
  readonly readSnapshot?: ((stream: string) => Effect.Effect<Snapshot | undefined, EventStoreError>) | undefined
  /**
   * Keeps a snapshot of the stream, in place of the one it had — unless that one has the same
   * `schemaVersion` and a later `version`, which is kept (a slow writer never takes a snapshot
   * back). Refused with `InvalidRequest` when `version` is not between 1 and the stream's
   * version, or `schemaVersion` is not a whole number, or `state` is not JSON.
   */
  readonly writeSnapshot?: ((snapshot: Snapshot) => Effect.Effect<void, EventStoreError>) | undefined
}

/** The event store service. */
export class EventStore extends Context.Service<EventStore, EventStoreShape>()("fulian/EventStore") {}

/** Shorthand for a `WrongExpectedVersion` failure. */
export const wrongExpectedVersion = (stream: string, expected: ExpectedVersion, actual: number): EventStoreError =>
  new EventStoreError({ reason: new WrongExpectedVersion({ stream, expected, actual }) })

/** Shorthand for a `CommandIdReused` failure. */
export const commandIdReused = (commandId: string): EventStoreError =>
  new EventStoreError({ reason: new CommandIdReused({ commandId }) })

/**
 * Whether a repeated command id carries the command it was recorded for: the same hash, or
 * none on both sides. When it does, the repeat is answered with the first append's events;
 * when not, with `CommandIdReused`.
 */
export const sameCommand = (recorded: string | null | undefined, given: string | null | undefined): boolean =>
  (recorded ?? null) === (given ?? null)

/** Shorthand for an `InvalidRequest` failure. */
export const invalidRequest = (detail: string): EventStoreError =>
  new EventStoreError({ reason: new InvalidRequest({ detail }) })

/** Shorthand for a `CorruptEvent` failure. */
export const corruptEvent = (stream: string, position: number, detail: string): EventStoreError =>
  new EventStoreError({ reason: new CorruptEvent({ stream, position, detail }) })

/** Shorthand for a `StoreUnavailable` failure, keeping the driver's error as the cause. */
export const storeUnavailable = (detail: string, cause?: unknown): EventStoreError =>
  new EventStoreError({ reason: new StoreUnavailable({ detail }), cause })

/** Whether a stream at `actual` satisfies `expected`. */
export const versionMatches = (expected: ExpectedVersion, actual: number): boolean =>
  expected === "any" ? true : expected === "no-stream" ? actual === 0 : expected === actual

/** The default number of events a page of `streamEvents` or `logEvents` reads. */
export const defaultPageSize = 1000

/**
 * A stream's events, oldest first, read page by page, each page when the one before it has been
 * consumed: memory holds one page, however long the stream.
 */
export const streamEvents = (
  store: EventStoreShape,
  stream: string,
  options: { readonly fromVersion?: number | undefined; readonly pageSize?: number | undefined } = {}
): Stream.Stream<RecordedEvent, EventStoreError> => {
  const limit = Math.max(1, options.pageSize ?? defaultPageSize)
  return Stream.paginate(Math.max(1, options.fromVersion ?? 1), (fromVersion) =>
    Effect.map(store.readStream(stream, { fromVersion, limit }), (page) =>
      [page, page.length < limit ? Option.none() : Option.some(page[page.length - 1]!.version + 1)] as const))
}

/**
 * The log's events after a position, in position order, read page by page: memory holds one
 * page, however long the log.
 */
export const logEvents = (
  store: EventStoreShape,
  options: { readonly after?: number | undefined; readonly pageSize?: number | undefined } = {}
): Stream.Stream<RecordedEvent, EventStoreError> => {
  const limit = Math.max(1, options.pageSize ?? defaultPageSize)
  return Stream.paginate(Math.max(0, options.after ?? 0), (after) =>
    Effect.map(store.readAll({ after, limit }), (page) =>
      [page, page.length === 0 ? Option.none() : Option.some(page[page.length - 1]!.position)] as const))
}

/**
 * The position of the last event of the log (0 when it is empty): the store's own
 * `lastPosition`, or, for a store without it, the last one `readAll` shows, read through.
 */
export const lastPositionOf = (store: EventStoreShape): Effect.Effect<number, EventStoreError> => {
  if (store.lastPosition !== undefined) return store.lastPosition()
  const from = (after: number): Effect.Effect<number, EventStoreError> =>
    Effect.flatMap(store.readAll({ after, limit: defaultPageSize }), (page) => (page.length === 0 ? Effect.succeed(after) : from(page[page.length - 1]!.position)))
  return from(0)
}

/** The last event of the log that `readAll` shows, or `undefined` when it shows none. */
export const lastEventOf = (store: EventStoreShape): Effect.Effect<RecordedEvent | undefined, EventStoreError> =>
  Effect.flatMap(lastPositionOf(store), (last) =>
    last === 0 ? Effect.succeed(undefined) : Effect.map(store.readAll({ after: last - 1, limit: 1 }), (page) => page[0]))

/**
 * Checks a snapshot before any adapter stores it, given the stream's version, and gives its
 * state as JSON text (the stored form); an `EventStoreError` when it is refused.
 */
export const validateSnapshot = (snapshot: Snapshot, streamVersion: number): string | EventStoreError => {
  const { stream, version, schemaVersion } = snapshot
  if (!Number.isInteger(schemaVersion)) return invalidRequest(`snapshot of ${stream}: schema version ${schemaVersion} is not a whole number`)
  if (!Number.isInteger(version) || version < 1 || version > streamVersion) {
    return invalidRequest(`snapshot of ${stream}: version ${version} is not between 1 and the stream's version, ${streamVersion}`)
  }
  let text: string | undefined
  try {
    text = JSON.stringify(snapshot.state)
  } catch (error) {
    return invalidRequest(`snapshot of ${stream}: its state is not JSON: ${(error as Error).message}`)
  }
  return text === undefined ? invalidRequest(`snapshot of ${stream}: its state is not JSON`) : text
}

/**
 * Whether a snapshot replaces the one a stream has: always, unless that one is of the same
 * schema version and a later stream version.
 */
export const snapshotReplaces = (
  given: { readonly version: number; readonly schemaVersion: number },
  stored: { readonly version: number; readonly schemaVersion: number } | undefined
): boolean => stored === undefined || stored.schemaVersion !== given.schemaVersion || stored.version <= given.version

/**
 * Checks an append request before any adapter touches storage: at least one write, each
 * stream once, and an event in it somewhere or a version to check.
 */
export const validateWrites = (writes: ReadonlyArray<StreamWrite>): EventStoreError | undefined => {
  if (writes.length === 0) return invalidRequest("no streams to write")
  const seen = new Set<string>()
  for (const w of writes) {
    if (w.stream.length === 0) return invalidRequest("a stream name is empty")
    if (seen.has(w.stream)) return invalidRequest(`stream ${w.stream} is written twice in one append`)
    seen.add(w.stream)
    if (typeof w.expected === "number" && (!Number.isInteger(w.expected) || w.expected < 0)) {
      return invalidRequest(`stream ${w.stream}: expected version ${w.expected} is not a whole number ≥ 0`)
    }
  }
  if (writes.every((w) => w.events.length === 0)) return invalidRequest("no events to append")
  return undefined
}

/**
 * Follows the global log from a position: every event after `after`, then new ones as they
 * are committed. When caught up it waits for the store's wake-up (`LogChanges`, where the
 * store provides it; the wait starts before each read, so a commit during the read counts) or
 * `pollInterval`, whichever comes first. Works on any adapter.
 */
export const follow = (options: {
  readonly after: number
  readonly pageSize?: number
  readonly pollInterval?: Duration.Input
}): Stream.Stream<RecordedEvent, EventStoreError, EventStore> =>
  Stream.unwrap(Effect.gen(function*() {
    const store = yield* EventStore
    const changes = yield* Effect.serviceOption(LogChanges)
    const limit = options.pageSize ?? 500
    const poll = options.pollInterval ?? Duration.millis(100)
    return Stream.paginate(options.after, (after: number) =>
      Effect.gen(function*() {
        const woken = Option.isSome(changes) ? yield* Effect.forkChild(changes.value.changed) : undefined
        const page = yield* Effect.onExit(store.readAll({ after, limit }), (exit) =>
          woken === undefined || (exit._tag === "Success" && exit.value.length === 0) ? Effect.void : Fiber.interrupt(woken))
        if (page.length > 0) return [page, Option.some(page[page.length - 1]!.position)] as const
        yield* woken === undefined ? Effect.sleep(poll) : Effect.ensuring(Effect.raceFirst(Fiber.join(woken), Effect.sleep(poll)), Fiber.interrupt(woken))
        return [page, Option.some(after)] as const
      }))
  }))
