/**
 * The key store contract: one data key per data subject, for erasure by crypto-shredding.
 *
 * Personal fields of events are encrypted with the key of the subject they are about before
 * they are stored. Erasing the subject destroys its key: the events stay in the log, unchanged,
 * but their personal fields can never be read again. The key store knows subjects only as
 * opaque strings (`household:h1`, `case:k1:party:p1`); what a subject is belongs to the domain.
 *
 * A subject is in one of three states, and only moves forward:
 *
 *   unknown ──obtain──▶ keyed ──destroy──▶ destroyed
 *      └───────────────────destroy──────────────▲
 *
 * - `obtain` creates a key (32 bytes from a CSPRNG) for an unknown subject, atomically: two
 *   callers obtaining a new subject at the same moment, in one process or two, get the same
 *   key (insert if absent, then read). A destroyed subject is left out of the answer.
 * - `get` creates nothing; it answers the keys that exist, and names the destroyed subjects,
 *   so a reader tells "erased" (in `destroyed`) from "never had a key" (in neither) — the
 *   difference between "personal data was erased" and "there was none".
 * - `destroy` is irreversible and idempotent. It leaves a tombstone, so the subject never gets
 *   a key again, and removes the key's bytes from the store's own files as far as its
 *   technology allows (each adapter says how far; copies in backups and logs taken before are
 *   out of its reach).
 *
 * Keys never appear in errors, logs, or the string and JSON forms of anything: a `DataKey`
 * holds its bytes as a `Redacted`, shown as `<redacted:data key>`; `Redacted.value` gives them
 * to the code that encrypts.
 *
 * @since 0.1.0
 */
import { Context, Effect, Redacted, Schema } from "effect"

/** The length of every data key in bytes: an AES-256 key. */
export const keyLength = 32

/** The most bytes a subject takes in UTF-8: longer ids are refused, as no store indexes them all. */
export const maxSubjectBytes = 1024

/** A subject's data key. `key` holds 32 bytes; `Redacted.value(key)` gives them. */
export interface DataKey {
  readonly subject: string
  readonly key: Redacted.Redacted<Uint8Array>
}

/** What `get` answers: the subjects' keys, and which of the subjects asked for were destroyed. */
export interface Keys {
  /** The keys of the subjects that have one. */
  readonly keys: ReadonlyMap<string, DataKey>
  /** The subjects whose key was destroyed (erased). A subject in neither never had a key. */
  readonly destroyed: ReadonlySet<string>
}

/** The reason the storage itself failed: connection lost, disk full, lock timeout, … */
export class StoreUnavailable extends Schema.TaggedClass<StoreUnavailable>()("StoreUnavailable", {
  detail: Schema.String
}) {}

/** The reason a stored key cannot be used: not 32 bytes, not bytes at all, or zeroed. */
export class CorruptKey extends Schema.TaggedClass<CorruptKey>()("CorruptKey", {
  subject: Schema.String,
  detail: Schema.String
}) {}

/** The reason a request was malformed: an empty subject, one with a NUL, one too long, … */
export class InvalidRequest extends Schema.TaggedClass<InvalidRequest>()("InvalidRequest", {
  detail: Schema.String
}) {}

/** Why a key store operation failed. */
export const KeyStoreErrorReason = Schema.Union([StoreUnavailable, CorruptKey, InvalidRequest])

/** Why a key store operation failed. */
export type KeyStoreErrorReason = typeof KeyStoreErrorReason.Type

/**
 * The one error type of every key store operation; `reason` says what went wrong. Its message
 * and fields never hold key bytes; an adapter keeps a driver's error as `cause` only when that
 * error cannot hold any either.
 */
export class KeyStoreError extends Schema.TaggedError<KeyStoreError>()("KeyStoreError", {
  reason: KeyStoreErrorReason,
  cause: Schema.optional(Schema.Defect())
}) {
  override get message(): string {
    const r = this.reason
    switch (r._tag) {
      case "StoreUnavailable":
        return `key store unavailable: ${r.detail}`
      case "CorruptKey":
        return `the stored key of subject ${r.subject} cannot be used: ${r.detail}`
      case "InvalidRequest":
        return `invalid key store request: ${r.detail}`
    }
  }
}

/** The operations every key store provides. */
export interface KeyStoreShape {
  /**
   * Each subject's key, created for a subject that never had one. A destroyed subject is left
   * out of the map: it never gets a key again.
   */
  readonly obtain: (subjects: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, DataKey>, KeyStoreError>
  /** The subjects' existing keys, and which of them were destroyed; creates nothing. */
  readonly get: (subjects: ReadonlyArray<string>) => Effect.Effect<Keys, KeyStoreError>
  /** Destroys a subject's key for good, leaving a tombstone; a subject with no key gets one too. Idempotent. */
  readonly destroy: (subject: string) => Effect.Effect<void, KeyStoreError>
}

/** The key store service. */
export class KeyStore extends Context.Service<KeyStore, KeyStoreShape>()("fulian/KeyStore") {}

/** Shorthand for a `StoreUnavailable` failure; `cause` must hold no key bytes. */
export const storeUnavailable = (detail: string, cause?: unknown): KeyStoreError =>
  new KeyStoreError({ reason: new StoreUnavailable({ detail }), cause })

/** Shorthand for a `CorruptKey` failure. */
export const corruptKey = (subject: string, detail: string): KeyStoreError =>
  new KeyStoreError({ reason: new CorruptKey({ subject, detail }) })

/** Shorthand for an `InvalidRequest` failure. */
export const invalidRequest = (detail: string): KeyStoreError => new KeyStoreError({ reason: new InvalidRequest({ detail }) })

const encoder = new TextEncoder()

/**
 * Checks subjects before any adapter touches storage. A subject is a non-empty string of at
 * most `maxSubjectBytes` bytes in UTF-8, without NUL and without a lone surrogate: stores
 * that keep text as UTF-8 cannot hold a NUL, and would turn two different ill-formed strings
 * into one subject.
 */
export const validateSubjects = (subjects: ReadonlyArray<string>): KeyStoreError | undefined => {
  for (const subject of subjects) {
    if (typeof subject !== "string" || subject.length === 0) return invalidRequest("a subject is empty or not a string")
    if (subject.includes("\u0000")) return invalidRequest("a subject contains NUL")
    if (/\p{Cs}/u.test(subject)) return invalidRequest("a subject is not well-formed Unicode (a lone surrogate)")
    const bytes = encoder.encode(subject).length
    if (bytes > maxSubjectBytes) return invalidRequest(`a subject is ${bytes} bytes long in UTF-8, more than ${maxSubjectBytes}`)
  }
  return undefined
}

/**
 * A subject's key from its bytes, copied into an array of its own: a driver's buffer may be a
 * view of a larger, shared one, and the holder of the original may wipe it.
 */
export const dataKey = (subject: string, bytes: Uint8Array): DataKey => ({
  subject,
  key: Redacted.make(new Uint8Array(bytes), { label: "data key" })
})

/**
 * A subject's key from what an adapter read back from storage: not bytes, not 32 of them, or
 * all zeros (a wiped key, never a random one) is `CorruptKey`.
 */
export const readKey = (subject: string, stored: unknown): DataKey | KeyStoreError => {
  if (!(stored instanceof Uint8Array)) return corruptKey(subject, "the stored key is not bytes")
  if (stored.length !== keyLength) return corruptKey(subject, `the stored key is ${stored.length} bytes long, not ${keyLength}`)
  if (stored.every((b) => b === 0)) return corruptKey(subject, "the stored key is all zeros")
  return dataKey(subject, stored)
}

/** Whether a value is a `KeyStoreError`, as `readKey` answers for bytes it refuses. */
export const isKeyStoreError = (u: unknown): u is KeyStoreError =>
  typeof u === "object" && u !== null && (u as { readonly _tag?: unknown })._tag === "KeyStoreError"

/**
 * The keys and tombstones an adapter read back, in the order of `subjects`: `stored` gives
 * each subject's stored key (`null` once destroyed; a subject it lacks has none yet). The
 * first key that cannot be used is the answer instead (`CorruptKey`, from `readKey`).
 */
export const keysFrom = (subjects: ReadonlyArray<string>, stored: ReadonlyMap<string, unknown>): Keys | KeyStoreError => {
  const keys = new Map<string, DataKey>()
  const destroyed = new Set<string>()
  for (const subject of subjects) {
    if (!stored.has(subject)) continue
    const bytes = stored.get(subject)
    if (bytes === null) {
      destroyed.add(subject)
      continue
    }
    const key = readKey(subject, bytes)
    if (isKeyStoreError(key)) return key
    keys.set(subject, key)
  }
  return { keys, destroyed }
}
