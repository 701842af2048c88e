/**
 * The in-memory event store: the reference implementation of the contract.
 *
 * Read this first to write an adapter. Everything an adapter must do is here, in order:
 * validate the request, answer a known command id (its first events if the command hash is
 * the same, `CommandIdReused` if not), check every expected version, then write all events or none, giving each the next version of its stream and the
 * next global position, its hash linked to its stream's last one (`Integrity`), and `recordedAt` from the store's own clock (the `Clock` its layer was
 * built with, not the caller's, so no writer can set when a record was made). A snapshot is kept
 * per stream, as JSON text, unless a later one of the same schema version is there. The conformance suite
 * (`@fulian/testing/Conformance`) checks the same behaviour against every adapter.
 *
 * All state lives in one JavaScript object and every operation runs synchronously inside
 * `Effect.sync`, so each append is atomic and positions are committed in order. Each append
 * that writes wakes every follower waiting in `LogChanges.changed`.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer } from "effect"
import * as EventStore from "./EventStore.ts"
import * as Integrity from "./Integrity.ts"
import * as LogChanges from "./LogChanges.ts"

/** Makes a fresh, empty in-memory store that stamps `recordedAt` from `clock`, with its wake-ups. */
export const make = (clock: Clock.Clock): EventStore.EventStoreShape & LogChanges.LogChangesShape => {
  const signal = LogChanges.makeSignal()
  const log: Array<EventStore.RecordedEvent> = []
  const streams = new Map<string, Array<EventStore.RecordedEvent>>()
  const commands = new Map<string, EventStore.CommandRecord>()
  const snapshots = new Map<string, { readonly version: number; readonly schemaVersion: number; readonly text: string }>()

  const append: EventStore.EventStoreShape["append"] = (writes, options) =>
    Effect.suspend((): Effect.Effect<EventStore.AppendResult, EventStore.EventStoreError> => {
      const invalid = EventStore.validateWrites(writes)
      if (invalid) return Effect.fail(invalid)
      const { commandId, commandHash } = options ?? {}
      const done = commandId === undefined ? undefined : commands.get(commandId)
      if (done && !EventStore.sameCommand(done.commandHash, commandHash)) return Effect.fail(EventStore.commandIdReused(commandId!))
      if (done) return Effect.succeed({ events: done.events, duplicate: true })
      for (const w of writes) {
        const actual = streams.get(w.stream)?.length ?? 0
        if (!EventStore.versionMatches(w.expected, actual)) {
          return Effect.fail(EventStore.wrongExpectedVersion(w.stream, w.expected, actual))
        }
      }
      const recordedAt = new globalThis.Date(clock.currentTimeMillisUnsafe()).toISOString()
      const texts: Array<Array<{ readonly data: string; readonly metadata: string }>> = []
      for (const w of writes) {
        const stored = w.events.map((e) => Integrity.storedTexts(w.stream, e, recordedAt))
        const refused = stored.find((s) => s instanceof EventStore.EventStoreError)
        if (refused !== undefined) return Effect.fail(refused as EventStore.EventStoreError)
        texts.push(stored as Array<{ readonly data: string; readonly metadata: string }>)
      }
      const written: Array<EventStore.RecordedEvent> = []
      writes.forEach((w, i) => {
        const stream = streams.get(w.stream) ?? []
        w.events.forEach((e, j) => {
          const { data, metadata } = texts[i]![j]!
          const version = stream.length + 1
          const position = log.length + 1
          const previous = stream[stream.length - 1]?.hash ?? Integrity.genesis
          const recorded: EventStore.RecordedEvent = {
            eventId: e.eventId,
            stream: w.stream,
            version,
            position,
            type: e.type,
            schemaVersion: e.schemaVersion,
            // Parsed from the stored text, as other stores read it back: no caller can mutate what was stored.
            data: JSON.parse(data),
            metadata: JSON.parse(metadata),
            hash: Integrity.hashOfText(previous, version, position, Integrity.newEventIdentityText(w.stream, e), data, metadata)
          }
          stream.push(recorded)
          log.push(recorded)
          written.push(recorded)
        })
        if (stream.length > 0) streams.set(w.stream, stream)
      })
      if (commandId !== undefined) commands.set(commandId, { events: written, commandHash })
      if (written.length > 0) signal.wake()
      return Effect.succeed({ events: written, duplicate: false })
    })

  return {
    append,
    readStream: (stream, options) =>
      Effect.sync(() => {
        const from = Math.max(0, (options?.fromVersion ?? 1) - 1)
        return (streams.get(stream) ?? []).slice(from, options?.limit === undefined ? undefined : from + Math.max(0, options.limit))
      }),
    readAll: ({ after, limit }) => Effect.sync(() => log.slice(Math.max(0, after), Math.max(0, after) + limit)),
    readCommand: (commandId) => Effect.sync(() => commands.get(commandId)),
    lastPosition: () => Effect.sync(() => log.length),
    readSnapshot: (stream) =>
      Effect.sync(() => {
        const found = snapshots.get(stream)
        return found && { stream, version: found.version, schemaVersion: found.schemaVersion, state: JSON.parse(found.text) }
      }),
    writeSnapshot: (snapshot) =>
      Effect.suspend(() => {
        const text = EventStore.validateSnapshot(snapshot, streams.get(snapshot.stream)?.length ?? 0)
        if (typeof text !== "string") return Effect.fail(text)
        const { stream, version, schemaVersion } = snapshot
        if (EventStore.snapshotReplaces(snapshot, snapshots.get(stream))) snapshots.set(stream, { version, schemaVersion, text })
        return Effect.void
      }),
    changed: signal.changed
  }
}

/** A layer with a fresh in-memory store, stamping `recordedAt` from the `Clock` it is built with, and its wake-ups. */
export const layer: Layer.Layer<EventStore.EventStore | LogChanges.LogChanges> = Layer.effectContext(Clock.clockWith((clock) => {
  const store = make(clock)
  return Effect.succeed(Context.make(EventStore.EventStore, store).pipe(Context.add(LogChanges.LogChanges, store)))
}))
