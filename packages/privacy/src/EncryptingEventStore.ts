/**
 * 个人信息加密存储: an event store whose personal data is erasable (DOMAIN.md §10 Privacy).
 * It sits between the codec and any adapter, so every adapter gets it for free:
 *
 *   const store = EncryptingEventStore.layer.pipe(Layer.provide(Layer.merge(SqliteEventStore.layer(…), SqliteKeyStore.layer(…))))
 *
 * On the way in, every personal value of an event (the fields the core marks `personal`, each
 * with its data subject, and the free-text `reason` of its metadata) is encrypted with its
 * subject's own key (AES-256-GCM, the subject as authenticated data) from the `KeyStore`;
 * everything else — types, ids, dates, roles, the shape of the history — is stored as it is.
 * On the way out it is decrypted. Appending `PersonalDataErased` destroys the subject's key
 * first (crypto-shredding): from then on each of its values reads as `PersonalData.erased`
 * (`[已删除]`), in every read, by every reader, while the ciphertext stays where it was — so
 * the stored bytes, and the hashes that cover them, never change.
 *
 * Snapshots (`EventStore.Snapshot`) pass through as they are, neither encrypted nor
 * decrypted: the command handler folds a snapshot's state from events without their personal
 * data (`CommandHandler`, `docs/explanation/stream-growth.md`), so a snapshot holds none, and
 * nothing of a subject survives its erasure there.
 *
 * Values stored in plain before this layer was put in front of a store are read as they are,
 * and cannot be erased by it.
 *
 * Hazard: the key is destroyed before the erasure's append. If that append then fails (the
 * store down), the data is erased and the record of it is missing until the command is run
 * again (it is safe to repeat).
 *
 * @since 0.1.0
 */
import { Effect, Layer, Redacted } from "effect"
import * as Domain from "@fulian/core/Domain"
import * as PersonalData from "@fulian/core/PersonalData"
import {
  corruptEvent,
  EventStore,
  EventStoreError,
  type EventStoreShape,
  type NewEvent,
  type RecordedEvent,
  StoreUnavailable
} from "@fulian/store/EventStore"
import { type DataKey, type Keys, KeyStore, type KeyStoreError, type KeyStoreShape } from "@fulian/store/KeyStore"
import * as StoredLogs from "@fulian/store/StoredLog"
import type { StoredLog } from "@fulian/store/StoredLog"
import * as Cipher from "./internal/Cipher.ts"

/** A personal value of an event: in its data (at a place) or its reason, with its subject. */
interface Place {
  readonly at: ReadonlyArray<string | number> | "reason"
  readonly subject: string
  readonly value: string
}

const placesOf = (stream: string, type: string, data: unknown, reason: string | undefined): ReadonlyArray<Place> => {
  const fields = Domain.personalFields.get(type)
  const found: Array<Place> = fields === undefined ? [] : [...PersonalData.find(data, fields)]
  if (reason !== undefined) found.push({ at: "reason", subject: PersonalData.reasonSubject(stream), value: reason })
  return found
}

/** An event with the values at its places replaced. */
const rewrite = <E extends { readonly data: unknown; readonly metadata: { readonly reason?: string | undefined } }>(
  event: E,
  places: ReadonlyArray<Place>,
  to: (place: Place) => string
): E => {
  const inData = places.filter((p): p is Place & { at: ReadonlyArray<string | number> } => p.at !== "reason")
  const reason = places.find((p) => p.at === "reason")
  return {
    ...event,
    data: PersonalData.replace(event.data, inData.map((p) => ({ at: p.at, value: to(p) }))),
    ...(reason === undefined ? {} : { metadata: { ...event.metadata, reason: to(reason) } })
  }
}

const unavailable = (error: KeyStoreError) =>
  new EventStoreError({ reason: new StoreUnavailable({ detail: `key store: ${error.message}` }) })

/** The store of `inner`, with personal data encrypted under the keys of `keys`. */
export const make = (inner: EventStoreShape, keys: KeyStoreShape): EventStoreShape => {
  // Plain effects, not a generator: a generator closed over a page keeps the page alive
  // through V8's young-generation collections, so every page read would be promoted to the old
  // generation (docs/explanation/stream-growth.md, "Memory").
  const decryptAll = (events: ReadonlyArray<RecordedEvent>): Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreError> => {
    const places = events.map((e) => placesOf(e.stream, e.type, e.data, e.metadata.reason).filter((p) => Cipher.isEncrypted(p.value)))
    const subjects = [...new Set(places.flatMap((ps) => ps.map((p) => p.subject)))]
    if (subjects.length === 0) return Effect.succeed(events)
    return Effect.flatMap(Effect.mapError(keys.get(subjects), unavailable), (found) => decryptWith(events, places, found))
  }
  const decryptWith = (
    events: ReadonlyArray<RecordedEvent>,
    places: ReadonlyArray<ReadonlyArray<Place>>,
    found: Keys
  ): Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreError> => {
    const out: Array<RecordedEvent> = []
    for (const [i, event] of events.entries()) {
      const at = places[i]!
      if (at.length === 0) {
        out.push(event)
        continue
      }
      const values = new Map<Place, string>()
      for (const place of at) {
        const key = found.keys.get(place.subject)
        if (key === undefined) {
          if (!found.destroyed.has(place.subject)) {
            return Effect.fail(corruptEvent(event.stream, event.position, `the key of ${place.subject}, whose personal data it holds, is missing from the key store`))
          }
          values.set(place, PersonalData.erased)
          continue
        }
        const plain = Cipher.decrypt(Redacted.value(key.key), place.subject, place.value)
        if (plain === undefined) {
          return Effect.fail(corruptEvent(event.stream, event.position, `personal data of ${place.subject} does not authenticate: it was altered, or moved from another subject`))
        }
        values.set(place, plain)
      }
      out.push(rewrite(event, at, (p) => values.get(p)!))
    }
    return Effect.succeed(out)
  }

  return {
    append: (writes, options) =>
      Effect.gen(function*() {
        // An erasure destroys its subject's key before it is recorded (see the module's hazard).
        for (const write of writes) {
          for (const event of write.events) {
            if (event.type === "PersonalDataErased") {
              yield* Effect.mapError(keys.destroy(String((event.data as { subject?: unknown }).subject)), unavailable)
            }
          }
        }
        const places = writes.map((w) => w.events.map((e) => placesOf(w.stream, e.type, e.data, e.metadata.reason)))
        const subjects = [...new Set(places.flat(2).map((p) => p.subject))]
        const obtained: ReadonlyMap<string, DataKey> = subjects.length === 0 ? new Map() : yield* Effect.mapError(keys.obtain(subjects), unavailable)
        // A value of a subject erased already is not stored at all: it is erased as it comes in.
        const encrypted = writes.map((w, i) => ({
          ...w,
          events: w.events.map((e, j): NewEvent =>
            rewrite(e, places[i]![j]!, (p) => {
              const key = obtained.get(p.subject)
              return key === undefined ? PersonalData.erased : Cipher.encrypt(Redacted.value(key.key), p.subject, p.value)
            }))
        }))
        const appended = yield* inner.append(encrypted, options)
        return { ...appended, events: yield* decryptAll(appended.events) }
      }),
    readStream: (stream, options) => Effect.flatMap(inner.readStream(stream, options), decryptAll),
    readAll: (options) => Effect.flatMap(inner.readAll(options), decryptAll),
    readCommand: (commandId) =>
      Effect.flatMap(inner.readCommand(commandId), (record) =>
        record === undefined ? Effect.succeed(undefined) : Effect.map(decryptAll(record.events), (events) => ({ ...record, events }))),
    readSnapshot: inner.readSnapshot,
    writeSnapshot: inner.writeSnapshot,
    // Positions carry no personal data.
    lastPosition: inner.lastPosition
  }
}

/**
 * The event store, with personal data encrypted: decorates the `EventStore` it is given, with
 * the keys of the `KeyStore` it is given; and the log as stored below it (`StoredLog`: the
 * ciphertext, over which the log's hash links are made and verified).
 */
export const layer: Layer.Layer<EventStore | StoredLog, never, EventStore | KeyStore> = Layer.merge(
  Layer.effect(
    EventStore,
    Effect.gen(function*() {
      return make(yield* EventStore, yield* KeyStore)
    })
  ),
  StoredLogs.layer
)
