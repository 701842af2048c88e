/**
 * fulian's event store on KurrentDB (formerly EventStoreDB), through the official gRPC client
 * `@kurrent/kurrentdb-client` 1.x.
 *
 *   import * as KurrentEventStore from "@fulian/store-kurrentdb/KurrentEventStore"
 *   program.pipe(Effect.provide(KurrentEventStore.layer({ connectionString: "kurrentdb://localhost:2113?tls=false" })))
 *
 * How the contract maps onto KurrentDB (see `@fulian/store/MemoryEventStore`, the reference):
 * - **Streams.** A fulian stream is the KurrentDB stream of the same name. Names starting with
 *   `$` (KurrentDB's system streams) or `fulian:` (this adapter's own streams, below) are
 *   refused with `InvalidRequest`.
 * - **Versions.** fulian version v is KurrentDB revision v − 1. An expected version n > 0 is
 *   expected revision n − 1; 0 and `"no-stream"` are `no_stream`, sent as they are: the
 *   server's check is the atomic one. `"any"` is sent as the exact revision read just before,
 *   retried if another writer moved the stream, so each append knows the versions it writes.
 *   After a conflict the adapter reads the streams' current revisions, and answers a version
 *   that does not match with `WrongExpectedVersion` (with the actual version).
 * - **Events.** Data is the canonical JSON text (`Integrity.storedTexts`) as a JSON event.
 *   Data that is a JSON string is marked `fulian.data: "string"` in the envelope: the client
 *   reads data that is not valid JSON as its raw text, and unmarked text is read as corrupt.
 *   The event id is the KurrentDB event id (the server's idempotent retry of a write). The
 *   envelope is the event's metadata, a map of strings (as multi-stream append requires):
 *   `fulian.event: "1"`, `fulian.schemaVersion`, and `fulian.metadata`, the canonical JSON of
 *   `EventMetadata` with the store's `recordedAt`. An event without that envelope (not written
 *   by fulian) or with data that is not JSON is read as `CorruptEvent`.
 * - **Positions.** A fulian position is the event's *prepare* position in `$all` (its own
 *   place in the transaction file: unique, and increasing along `$all` for appends, whose
 *   events are contiguous in the log). `$all` is ordered by (commit, prepare) and a read
 *   from a position includes it, so `readAll({ after })` reads from the event's
 *   (commit, prepare) and drops every event at or before `after`: a follower resumes exactly
 *   after the last event it saw, skipping nothing and seeing nothing twice. The commit half
 *   of positions the store has handed out is remembered; for one it has not seen (a follower
 *   resuming in a new process), it reads `$all` backwards from just after the position to find
 *   the event's commit position (`commitOf`): the events of one append share a commit
 *   position below their prepare positions, and a read from (p, p) would skip the rest of it.
 * - **Appends over several streams** (and every append with a command id, whose record is a
 *   second stream) use the client's `multiStreamAppend` (KurrentDB 25.1 and later): one
 *   request per stream with its exact expected revision; a stream only checked (no events) is
 *   a request with no records. On an older server the client refuses, and the append fails
 *   with `InvalidRequest` saying which server version it needs. An append to one stream
 *   without a command id is a plain `appendToStream` (any server).
 * - **Command ids.** A command id is recorded as one event in the stream
 *   `fulian:command-<id>`, written with expected state `no_stream` in the same atomic
 *   (multi-stream) append as the command's events: `{ commandHash, writes: [{ stream,
 *   fromVersion, count }] }`. A repeated id makes its append conflict on that stream; the
 *   adapter then reads the record and answers with the events it names (same hash) or
 *   `CommandIdReused`. Two racing appends of one id cannot both create it, and the loser reads
 *   the winner's record. (The record is read only after a conflict, not before every append.)
 * - **Hash links.** The hash covers the event's position, which KurrentDB assigns at commit,
 *   after the request is sent: it cannot be stored inside the event. The adapter computes it
 *   when it reads, from the stored form and its stream's previous hash (`Integrity.eventHash`;
 *   hashes already computed are kept in memory, bounded). KurrentDB events are immutable, so
 *   every read gives the same hash; what a stored hash would add — evidence that the stored
 *   form has not changed since the append — a signed checkpoint's root gives.
 * - **Snapshots** are events of the stream `fulian:snapshot-<stream>`; the last one is the
 *   snapshot, and the stream's metadata (`$maxCount: 1`, set before its first event) lets the
 *   server remove the earlier ones. A write reads the last one, keeps it when `snapshotReplaces` says so, and
 *   otherwise appends at the revision it read (retrying if another writer came first).
 * - **Errors.** The client's errors are classified by their `type` into `EventStoreError`:
 *   wrong expected version and consistency violations → `WrongExpectedVersion`; unsupported
 *   feature, invalid argument, size limits, deleted or tombstoned streams → `InvalidRequest`;
 *   everything else (unavailable, timeouts, not leader, access denied, unknown) →
 *   `StoreUnavailable`, with the client's error as the cause.
 * - **Wake-ups** (`LogChanges`): a catch-up subscription to `$all` from its end, opened by the
 *   first follower that waits; every event committed after it, by any writer, wakes the
 *   followers (a hint: they read `$all` again), and so do appends through this store.
 * - `$all` holds events this adapter skips: system streams (`$…`) and its own `fulian:…`
 *   streams. A read of the log continues past pages of them, so an empty page means the end.
 *
 * @since 0.1.0
 */
import {
  type AllStreamSubscription,
  BACKWARDS,
  END,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START,
  type AppendStreamState,
  type EventData,
  type Position
} from "@kurrent/kurrentdb-client"
import { Clock, Config, Context, Effect, Layer } from "effect"
import * as EventStore from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"
import * as LogChanges from "@fulian/store/LogChanges"

/** Options of the KurrentDB store. */
export interface Options {
  /** A KurrentDB connection string, `kurrentdb://host:2113?tls=false` or with credentials and TLS. */
  readonly connectionString: string
}

/** The KurrentDB store: the generic operations, its wake-ups, and the client it talks through. */
export interface KurrentEventStoreShape extends EventStore.EventStoreShape, LogChanges.LogChangesShape {
  readonly client: KurrentDBClient
  /** Ends the subscription of the wake-ups (if one was opened) and disposes of the client. */
  readonly close: () => Promise<void>
}

/** The KurrentDB store as its own service, for adapter-specific use (its client). */
export class KurrentEventStore extends Context.Service<KurrentEventStore, KurrentEventStoreShape>()("fulian/KurrentEventStore") {}

/** The prefix of the streams this adapter keeps for itself (command records, snapshots). */
export const ownPrefix = "fulian:"

/** The stream recording a command id. */
export const commandStream = (commandId: string): string => `${ownPrefix}command-${commandId}`

/** The stream keeping a stream's snapshots. */
export const snapshotStream = (stream: string): string => `${ownPrefix}snapshot-${stream}`

/** Whether a `$all` event belongs to a stream the log of fulian leaves out: KurrentDB's system streams and this adapter's own. */
export const skippedStream = (stream: string): boolean => stream.startsWith("$") || stream.startsWith(ownPrefix)

/** The KurrentDB expected state for a stream at fulian version `version` (0: no stream). */
export const expectedState = (version: number): AppendStreamState => (version === 0 ? NO_STREAM : BigInt(version - 1))

/** The fulian version of a stream whose last revision the server reports (`no_stream` or a revision). */
export const versionOfState = (state: unknown): number =>
  typeof state === "bigint" ? Number(state) + 1 : typeof state === "number" ? state + 1 : 0

/**
 * The metadata of a stored event: the fulian envelope, a map of strings. `dataIsString` marks
 * data that is a JSON string: the client reads data that is not valid JSON as its raw text, a
 * string too, and only the mark tells the two apart.
 */
export const envelope = (schemaVersion: number, metadataText: string, dataIsString = false): Record<string, string> => ({
  "fulian.event": "1",
  "fulian.schemaVersion": String(schemaVersion),
  "fulian.metadata": metadataText,
  ...(dataIsString ? { "fulian.data": "string" } : {})
})

/** A raw event as the client gives it, the parts this adapter reads. */
export interface RawEvent {
  readonly streamId: string
  readonly id: string
  readonly revision: bigint
  readonly type: string
  readonly data: unknown
  readonly metadata: unknown
  readonly isJson: boolean
  readonly position?: Position | undefined
}

/** An event read back, before its hash link is computed. */
export type Unhashed = Omit<EventStore.RecordedEvent, "hash">

/**
 * Reads a raw KurrentDB event as a fulian event, or says why it cannot: not written by fulian
 * (no envelope), data that is not JSON, or no position.
 */
export const decode = (raw: RawEvent): Unhashed | EventStore.EventStoreError => {
  const position = raw.position === undefined ? 0 : Number(raw.position.prepare)
  const corrupt = (detail: string) => EventStore.corruptEvent(raw.streamId, position, detail)
  const meta = raw.metadata as Record<string, unknown> | undefined
  if (meta === null || typeof meta !== "object" || meta["fulian.event"] !== "1" || typeof meta["fulian.metadata"] !== "string") {
    return corrupt(`event ${raw.id} (${raw.type}) was not written by fulian: its metadata has no fulian envelope`)
  }
  if (raw.position === undefined) return corrupt(`event ${raw.id}: the server gave no position for it`)
  const schemaVersion = Number(meta["fulian.schemaVersion"])
  if (!Number.isInteger(schemaVersion)) return corrupt(`event ${raw.id}: schema version ${String(meta["fulian.schemaVersion"])} is not a whole number`)
  if (!raw.isJson) return corrupt(`event ${raw.id}: its data is not JSON`)
  // The client hands over data that does not parse as JSON as its raw text.
  if (typeof raw.data === "string" && meta["fulian.data"] !== "string") return corrupt(`event ${raw.id}: its data is not valid JSON`)
  let metadata: EventStore.EventMetadata
  try {
    metadata = JSON.parse(meta["fulian.metadata"] as string)
  } catch (error) {
    return corrupt(`event ${raw.id}: its fulian metadata is not JSON: ${(error as Error).message}`)
  }
  return {
    eventId: raw.id,
    stream: raw.streamId,
    version: Number(raw.revision) + 1,
    position,
    type: raw.type,
    schemaVersion,
    data: raw.data,
    metadata
  }
}

/** The `type` of a client error (its `ErrorType`), or undefined for anything else. */
const typeOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && typeof (error as { type?: unknown }).type === "string" ? (error as { type: string }).type : undefined

/** Whether a client error says an expected revision or consistency check did not hold. */
export const isConflict = (error: unknown): boolean => {
  const type = typeOf(error)
  return type === "wrong-expected-version" || type === "append-consistency-violation"
}

/** Classifies a client error (other than a version conflict, which `append` answers itself) into an `EventStoreError`. */
export const classify = (what: string, error: unknown): EventStore.EventStoreError => {
  if (error instanceof EventStore.EventStoreError) return error
  const e = error as { feature?: string; minimumVersion?: string; streamName?: string; stream?: string }
  switch (typeOf(error)) {
    case "unsupported":
      return EventStore.invalidRequest(`${what}: this KurrentDB server does not support ${e.feature}, which needs KurrentDB ${e.minimumVersion} or later`)
    case "invalid-argument":
    case "maximum-append-size-exceeded":
    case "transaction-max-size-exceeded":
    case "append-record-size-exceeded":
      return EventStore.invalidRequest(`${what}: the server refused the request (${typeOf(error)})`)
    case "stream-deleted":
    case "stream-tombstoned":
      return EventStore.invalidRequest(`${what}: stream ${e.streamName ?? e.stream ?? "?"} was deleted in KurrentDB`)
    default:
      return EventStore.storeUnavailable(`${what}: KurrentDB ${typeOf(error) ?? "request"} failed: ${(error as Error)?.message ?? String(error)}`, error)
  }
}

const isNotFound = (error: unknown) => typeOf(error) === "stream-not-found"

/** What a command stream's event holds. */
interface CommandData {
  readonly commandHash: string | null
  readonly writes: ReadonlyArray<{ readonly stream: string; readonly fromVersion: number; readonly count: number }>
}

/** Makes the store on a client, stamping `recordedAt` from `clock`. */
export const make = (client: KurrentDBClient, clock: Clock.Clock): KurrentEventStoreShape => {
  const hashes = new Map<string, string>()
  const commits = new Map<number, bigint>()
  const remember = <K, V>(map: Map<K, V>, key: K, value: V) => {
    if (map.size >= 100_000) map.clear()
    map.set(key, value)
  }
  const hashKey = (stream: string, version: number) => `${version}\u0000${stream}`

  const call = <A>(what: string, f: () => Promise<A>): Effect.Effect<A, EventStore.EventStoreError> =>
    Effect.tryPromise({ try: f, catch: (error) => classify(what, error) })

  /** Raw events of a stream from a version, at most `limit` (all when undefined), forwards. */
  const readRaw = (stream: string, fromVersion: number, limit?: number, backwards = false) =>
    call(`reading stream ${stream}`, async () => {
      const out: Array<RawEvent> = []
      try {
        for await (const resolved of client.readStream(stream, {
          fromRevision: backwards ? END : BigInt(Math.max(0, fromVersion - 1)),
          direction: backwards ? BACKWARDS : FORWARDS,
          ...(limit === undefined ? {} : { maxCount: limit })
        })) {
          if (resolved.event !== undefined) out.push(resolved.event as unknown as RawEvent)
        }
      } catch (error) {
        if (isNotFound(error)) return []
        throw error
      }
      return out
    })

  const currentVersion = (stream: string) =>
    Effect.map(readRaw(stream, 0, 1, true), (last) => (last.length === 0 ? 0 : Number(last[0]!.revision) + 1))

  /** Decodes raw events and links each to its stream's previous hash (read from the stream when not known). */
  const withHashes = (raws: ReadonlyArray<RawEvent>): Effect.Effect<Array<EventStore.RecordedEvent>, EventStore.EventStoreError> =>
    Effect.gen(function*() {
      const out: Array<EventStore.RecordedEvent> = []
      for (const raw of raws) {
        const event = decode(raw)
        if (event instanceof EventStore.EventStoreError) return yield* Effect.fail(event)
        // Older servers give stream reads no commit position (2^64 - 1): remember only a real one.
        if (raw.position !== undefined && raw.position.commit <= raw.position.prepare) remember(commits, event.position, raw.position.commit)
        let previous = event.version === 1 ? Integrity.genesis : hashes.get(hashKey(event.stream, event.version - 1))
        if (previous === undefined) {
          // Not known: link the stream's events before it, from its first (each hash needs the one before).
          const before = yield* withHashes(yield* readRaw(event.stream, 1, event.version - 1))
          previous = before[before.length - 1]?.hash ?? Integrity.genesis
        }
        let hash: string
        try {
          hash = Integrity.eventHash(previous, event)
        } catch (error) {
          return yield* Effect.fail(EventStore.corruptEvent(event.stream, event.position, `its stored form cannot be hashed: ${(error as Error).message}`))
        }
        remember(hashes, hashKey(event.stream, event.version), hash)
        out.push({ ...event, hash })
      }
      return out
    })

  const readStream: EventStore.EventStoreShape["readStream"] = (stream, options) => {
    const limit = options?.limit
    if (limit !== undefined && limit <= 0) return Effect.succeed([])
    return Effect.flatMap(readRaw(stream, Math.max(1, options?.fromVersion ?? 1), limit), withHashes)
  }

  const readCommand: EventStore.EventStoreShape["readCommand"] = (commandId) =>
    Effect.gen(function*() {
      const record = yield* readRaw(commandStream(commandId), 1, 1)
      if (record.length === 0) return undefined
      const data = record[0]!.data as CommandData
      const events: Array<EventStore.RecordedEvent> = []
      for (const w of data.writes) events.push(...(yield* readStream(w.stream, { fromVersion: w.fromVersion, limit: w.count })))
      return { events, commandHash: data.commandHash ?? undefined }
    })

  const answerCommand = (commandId: string, commandHash: string | undefined) =>
    Effect.map(readCommand(commandId), (done) =>
      done === undefined
        ? undefined
        : EventStore.sameCommand(done.commandHash, commandHash)
        ? { events: done.events, duplicate: true }
        : EventStore.commandIdReused(commandId))

  const append: EventStore.EventStoreShape["append"] = (writes, options) =>
    Effect.gen(function*() {
      const invalid = EventStore.validateWrites(writes)
      if (invalid) return yield* Effect.fail(invalid)
      const reserved = writes.find((w) => skippedStream(w.stream))
      if (reserved) return yield* Effect.fail(EventStore.invalidRequest(`stream ${reserved.stream}: names starting with "$" or "${ownPrefix}" are KurrentDB's or this adapter's own`))
      const { commandId, commandHash } = options ?? {}
      const recordedAt = new globalThis.Date(clock.currentTimeMillisUnsafe()).toISOString()
      const events: Array<Array<EventData>> = []
      for (const w of writes) {
        const list: Array<EventData> = []
        for (const e of w.events) {
          const texts = Integrity.storedTexts(w.stream, e, recordedAt)
          if (texts instanceof EventStore.EventStoreError) return yield* Effect.fail(texts)
          const data = JSON.parse(texts.data)
          list.push(jsonEvent({ id: e.eventId, type: e.type, data, metadata: envelope(e.schemaVersion, texts.metadata, typeof data === "string") }))
        }
        events.push(list)
      }
      const answered = () =>
        commandId === undefined ? Effect.succeed(undefined) : answerCommand(commandId, commandHash)
      for (let attempt = 0; ; attempt++) {
        // A command id seen before makes the append conflict on its record's stream (expected
        // no_stream): the record is read after a conflict, not before every append.
        const known = attempt === 0 ? undefined : yield* answered()
        if (known instanceof EventStore.EventStoreError) return yield* Effect.fail(known)
        if (known !== undefined) return known
        // The first attempt sends an exact expected version as it is (the server checks it);
        // "any", and every stream after a conflict, is read.
        const versions = yield* Effect.forEach(
          writes,
          (w) => (attempt === 0 && w.expected !== "any" ? Effect.succeed(w.expected === "no-stream" ? 0 : w.expected) : currentVersion(w.stream)),
          { concurrency: "unbounded" }
        )
        for (const [i, w] of writes.entries()) {
          if (!EventStore.versionMatches(w.expected, versions[i]!)) return yield* Effect.fail(EventStore.wrongExpectedVersion(w.stream, w.expected, versions[i]!))
        }
        const written = writes.flatMap((w, i) => (w.events.length === 0 ? [] : [{ stream: w.stream, fromVersion: versions[i]! + 1, count: w.events.length }]))
        // A stream only checked is sent with no records: its expected revision is checked with the others.
        const requests = writes.map((w, i) => ({ streamName: w.stream, events: events[i]!, expectedState: expectedState(versions[i]!) }))
        if (commandId !== undefined) {
          const data: CommandData = { commandHash: commandHash ?? null, writes: written }
          requests.push({ streamName: commandStream(commandId), events: [jsonEvent({ type: "fulian.CommandRecorded", data: data as never })], expectedState: NO_STREAM })
        }
        const sent = yield* Effect.result(call("appending", async () => {
          if (requests.length === 1) {
            await client.appendToStream(requests[0]!.streamName, requests[0]!.events, { streamState: requests[0]!.expectedState })
          } else {
            await client.multiStreamAppend(requests)
          }
        }).pipe(Effect.catchIf((e) => isConflict(e.cause), () => Effect.fail("conflict" as const))))
        if (sent._tag === "Failure") {
          if (sent.failure !== "conflict") return yield* Effect.fail(sent.failure)
          // Another writer came first: a command id it recorded, a version that moved, or an "any" stream to retry.
          if (attempt >= 50) return yield* Effect.fail(EventStore.storeUnavailable("appending: gave up after 50 conflicts with other writers"))
          continue
        }
        const read = yield* Effect.forEach(written, (w) => readStream(w.stream, { fromVersion: w.fromVersion, limit: w.count }))
        return { events: read.flat(), duplicate: false }
      }
    })

  /**
   * The commit position of the event at prepare position `prepare`, for a read resuming after
   * it: remembered, or found by reading `$all` backwards from just after it. The event found is
   * that one (its own commit), or the last of the append it belongs to, whose events share one
   * commit position and are contiguous in the log. `prepare` itself when there is no event there.
   */
  const commitOf = (prepare: number): Effect.Effect<bigint, EventStore.EventStoreError> => {
    const known = commits.get(prepare)
    if (known !== undefined) return Effect.succeed(known)
    const at = BigInt(prepare)
    return call("reading $all", async () => {
      for await (const resolved of client.readAll({ fromPosition: { commit: at, prepare: at + 1n }, maxCount: 1, direction: BACKWARDS, resolveLinkTos: false })) {
        const position = resolved.event?.position
        if (position !== undefined && position.commit <= at && at <= position.prepare) return position.commit
      }
      return at
    })
  }

  const readAll: EventStore.EventStoreShape["readAll"] = ({ after, limit }) =>
    Effect.gen(function*() {
      if (limit <= 0) return []
      const out: Array<RawEvent> = []
      let last = Math.max(0, after)
      let from: Position | typeof START = last === 0 ? START : { commit: yield* commitOf(last), prepare: BigInt(last) }
      const pageSize = limit + 1
      for (;;) {
        const page = yield* call("reading $all", async () => {
          const raws: Array<RawEvent> = []
          for await (const resolved of client.readAll({ fromPosition: from, maxCount: pageSize, direction: FORWARDS, resolveLinkTos: false })) {
            if (resolved.event !== undefined) raws.push(resolved.event as unknown as RawEvent)
          }
          return raws
        })
        for (const raw of page) {
          if (raw.position === undefined || Number(raw.position.prepare) <= last) continue
          last = Number(raw.position.prepare)
          from = raw.position
          if (!skippedStream(raw.streamId) && out.length < limit) out.push(raw)
        }
        if (out.length > 0 || page.length < pageSize) break
      }
      return yield* withHashes(out)
    })

  // From the end of $all backwards, past fulian's own streams and the server's.
  const lastPosition: NonNullable<EventStore.EventStoreShape["lastPosition"]> = () =>
    call("reading the end of $all", async () => {
      for await (const resolved of client.readAll({ fromPosition: END, direction: BACKWARDS, resolveLinkTos: false })) {
        const raw = resolved.event
        if (raw?.position !== undefined && !skippedStream(raw.streamId)) return Number(raw.position.prepare)
      }
      return 0
    })

  const readSnapshot: NonNullable<EventStore.EventStoreShape["readSnapshot"]> = (stream) =>
    Effect.map(readRaw(snapshotStream(stream), 0, 1, true), (last) => {
      if (last.length === 0) return undefined
      const data = last[0]!.data as { version: number; schemaVersion: number; state: unknown }
      return { stream, version: data.version, schemaVersion: data.schemaVersion, state: data.state }
    })

  const writeSnapshot: NonNullable<EventStore.EventStoreShape["writeSnapshot"]> = (snapshot) =>
    Effect.gen(function*() {
      const text = EventStore.validateSnapshot(snapshot, yield* currentVersion(snapshot.stream))
      if (typeof text !== "string") return yield* Effect.fail(text)
      const { stream, version, schemaVersion } = snapshot
      for (let attempt = 0; attempt < 50; attempt++) {
        const last = yield* readRaw(snapshotStream(stream), 0, 1, true)
        const stored = last[0]?.data as { version: number; schemaVersion: number } | undefined
        if (!EventStore.snapshotReplaces(snapshot, stored)) return
        const state: AppendStreamState = last.length === 0 ? NO_STREAM : last[0]!.revision
        if (last.length === 0) {
          // The stream keeps its last snapshot only: the server scavenges the ones before.
          yield* call(`limiting the snapshots of ${stream}`, () => client.setStreamMetadata(snapshotStream(stream), { maxCount: 1 }))
        }
        const done = yield* call(`writing the snapshot of ${stream}`, () =>
          client.appendToStream(snapshotStream(stream), jsonEvent({ type: "fulian.Snapshot", data: { version, schemaVersion, state: JSON.parse(text) } as never }), { streamState: state })
        ).pipe(Effect.as(true), Effect.catchIf((e) => isConflict(e.cause), () => Effect.succeed(false)))
        if (done) return
      }
      return yield* Effect.fail(EventStore.storeUnavailable(`writing the snapshot of ${stream}: gave up after 50 conflicts`))
    })

  // Wake-ups: a subscription to `$all` from its end (system events left out), opened by the
  // first waiter and kept until the store closes. Each event, and the subscription's
  // confirmation (a commit just before it may have been missed), wakes every waiter; so does a
  // dropped subscription, which the next waiter opens again.
  let subscription: AllStreamSubscription | undefined
  let closed = false
  const signal: LogChanges.Signal = LogChanges.makeSignal(() => {
    if (subscription !== undefined || closed) return
    const opened = client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() })
    subscription = opened
    const drop = () => {
      if (subscription === opened) subscription = undefined
      signal.wake()
    }
    opened.on("confirmation", signal.wake)
    opened.on("data", signal.wake)
    opened.on("error", drop)
    opened.on("end", drop)
  })
  const close = async () => {
    closed = true
    const open = subscription
    subscription = undefined
    if (open !== undefined) await open.unsubscribe().catch(() => undefined)
    await client.dispose()
  }

  return {
    client,
    close,
    changed: signal.changed,
    // An append through this store wakes its own waiters at once, before the subscription does.
    append: (writes, options) => Effect.tap(append(writes, options), () => Effect.sync(signal.wake)),
    readStream,
    readAll,
    readCommand,
    lastPosition,
    readSnapshot,
    writeSnapshot
  }
}

/**
 * A layer with the KurrentDB store at `options.connectionString`, as `EventStore`, as
 * `KurrentEventStore` and with its `LogChanges`; the client is disposed with the layer.
 */
export const layer = (options: Options): Layer.Layer<EventStore.EventStore | KurrentEventStore | LogChanges.LogChanges, EventStore.EventStoreError> =>
  Layer.effectContext(
    Effect.map(
      Effect.acquireRelease(
        Clock.clockWith((clock) =>
          Effect.try({
            try: () => make(KurrentDBClient.connectionString(options.connectionString), clock),
            catch: (error) => EventStore.invalidRequest(`KurrentDB connection string: ${(error as Error).message}`)
          })),
        (store) => Effect.promise(() => store.close())
      ),
      (store) => Context.make(KurrentEventStore, store).pipe(Context.add(EventStore.EventStore, store), Context.add(LogChanges.LogChanges, store))
    )
  )

/**
 * The layer with options read from configuration, for example
 *
 *   KurrentEventStore.layerConfig({ connectionString: Config.String("FULIAN_KURRENTDB_URL") })
 */
export const layerConfig = (
  config: Config.Wrap<Options>
): Layer.Layer<EventStore.EventStore | KurrentEventStore | LogChanges.LogChanges, EventStore.EventStoreError | Config.ConfigError> =>
  Layer.unwrap(Effect.map(Config.unwrap(config), layer))
