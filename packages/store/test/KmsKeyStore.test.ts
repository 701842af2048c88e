/**
 * The key store of docs/how-to/plug-in-a-kms.md: envelope encryption, where a platform's KMS
 * holds the key-encryption key and a table of the platform's holds the wrapped data keys. Here
 * a stand-in KMS (AES-256-GCM under a key in memory) and a table in memory take their places,
 * and the store runs the conformance suite. The regions between `#region` and `#endregion`
 * are the code of the how-to, which the last test checks word for word.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Effect, Layer, Schema } from "effect"
import { describe, expect, it } from "vitest"

// #region kms
import * as KeyStore from "@fulian/store/KeyStore"

/** Why the KMS refused or failed. Its detail must never hold a key. */
export class KmsError extends Schema.TaggedError<KmsError>()("KmsError", { detail: Schema.String }) {}

/** What the platform's KMS offers: wrapping a data key under its key-encryption key, and unwrapping it. */
export interface Kms {
  /** Encrypts `key` under the key-encryption key, bound to `subject` (as additional authenticated data). */
  readonly wrap: (key: Uint8Array, subject: string) => Effect.Effect<Uint8Array, KmsError>
  /** Decrypts a wrapped key; fails for a wrapped key of another subject. */
  readonly unwrap: (wrapped: Uint8Array, subject: string) => Effect.Effect<Uint8Array, KmsError>
}
// #endregion kms

// #region table
/** The platform's table of wrapped keys: per subject, its wrapped key, or `null` once destroyed. */
export interface WrappedKeys {
  /** Inserts each row whose subject has none yet, atomically: `INSERT … ON CONFLICT DO NOTHING`. */
  readonly insertIfAbsent: (
    rows: ReadonlyArray<{ readonly subject: string; readonly wrapped: Uint8Array }>
  ) => Effect.Effect<void, KeyStore.KeyStoreError>
  /** The rows of these subjects; a subject with no row is absent from the map. */
  readonly read: (subjects: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, Uint8Array | null>, KeyStore.KeyStoreError>
  /** Sets the subject's row to `null` (inserting it if need be), then purges old copies of the row. */
  readonly tombstone: (subject: string) => Effect.Effect<void, KeyStore.KeyStoreError>
}
// #endregion table

// #region store
/** A key store whose data keys are wrapped by the KMS and kept, wrapped, in the table. */
export const make = (kms: Kms, table: WrappedKeys): KeyStore.KeyStoreShape => {
  const failed = (error: KmsError) => KeyStore.storeUnavailable(`KMS: ${error.detail}`)
  const checked = <A>(subjects: ReadonlyArray<string>, f: (unique: ReadonlyArray<string>) => Effect.Effect<A, KeyStore.KeyStoreError>) =>
    Effect.suspend(() => {
      const invalid = KeyStore.validateSubjects(subjects)
      return invalid ? Effect.fail(invalid) : f([...new Set(subjects)])
    })

  const unwrapAll = (subjects: ReadonlyArray<string>, rows: ReadonlyMap<string, Uint8Array | null>) =>
    Effect.gen(function*() {
      const keys = new Map<string, KeyStore.DataKey>()
      const destroyed = new Set<string>()
      for (const subject of subjects) {
        const wrapped = rows.get(subject)
        if (wrapped === null) destroyed.add(subject)
        if (wrapped === null || wrapped === undefined) continue
        const bytes = yield* Effect.mapError(kms.unwrap(wrapped, subject), failed)
        const key = KeyStore.readKey(subject, bytes)
        bytes.fill(0)
        if (KeyStore.isKeyStoreError(key)) return yield* Effect.fail(key)
        keys.set(subject, key)
      }
      return { keys, destroyed }
    })

  const wrapNew = (subject: string) =>
    Effect.suspend(() => {
      const key = globalThis.crypto.getRandomValues(new Uint8Array(KeyStore.keyLength))
      return kms.wrap(key, subject).pipe(
        Effect.map((wrapped) => ({ subject, wrapped })),
        Effect.mapError(failed),
        Effect.ensuring(Effect.sync(() => key.fill(0)))
      )
    })

  return {
    obtain: (subjects) =>
      checked(subjects, (unique) =>
        Effect.gen(function*() {
          const rows = yield* table.read(unique)
          const missing = unique.filter((subject) => !rows.has(subject))
          if (missing.length === 0) return (yield* unwrapAll(unique, rows)).keys
          // Insert if absent, then read: a racing process's key, if it came first, is the one kept.
          yield* table.insertIfAbsent(yield* Effect.forEach(missing, wrapNew))
          return (yield* unwrapAll(unique, yield* table.read(unique))).keys
        })),
    get: (subjects) => checked(subjects, (unique) => Effect.flatMap(table.read(unique), (rows) => unwrapAll(unique, rows))),
    destroy: (subject) => checked([subject], () => table.tombstone(subject))
  }
}
// #endregion store

/** A stand-in for a KMS: AES-256-GCM under a key-encryption key that never leaves it. */
const standInKms = (): Kms => {
  const kek = randomBytes(32)
  return {
    wrap: (key, subject) =>
      Effect.sync(() => {
        const iv = randomBytes(12)
        const cipher = createCipheriv("aes-256-gcm", kek, iv).setAAD(Buffer.from(subject))
        const sealed = Buffer.concat([iv, cipher.update(key), cipher.final(), cipher.getAuthTag()])
        return new Uint8Array(sealed)
      }),
    unwrap: (wrapped, subject) =>
      Effect.try({
        try: () => {
          const decipher = createDecipheriv("aes-256-gcm", kek, wrapped.subarray(0, 12)).setAAD(Buffer.from(subject))
          decipher.setAuthTag(wrapped.subarray(wrapped.length - 16))
          return new Uint8Array(Buffer.concat([decipher.update(wrapped.subarray(12, wrapped.length - 16)), decipher.final()]))
        },
        catch: () => new KmsError({ detail: "the wrapped key does not unwrap under this subject" })
      })
  }
}

/** A stand-in for the platform's table, in memory. */
const inMemoryTable = () => {
  const rows = new Map<string, Uint8Array | null>()
  const table: WrappedKeys = {
    insertIfAbsent: (inserted) => Effect.sync(() => inserted.forEach(({ subject, wrapped }) => rows.has(subject) || rows.set(subject, wrapped))),
    read: (subjects) => Effect.sync(() => new Map(subjects.filter((s) => rows.has(s)).map((s) => [s, rows.get(s)!]))),
    tombstone: (subject) => Effect.sync(() => void rows.set(subject, null))
  }
  return { rows, table }
}

// #region conformance
import * as KeyStoreConformance from "@fulian/testing/KeyStoreConformance"

KeyStoreConformance.suite("envelope encryption", Layer.sync(KeyStore.KeyStore, () => make(standInKms(), inMemoryTable().table)))
// #endregion conformance

describe("a key store over a KMS", () => {
  it("keeps only wrapped keys in its table, each bound to its subject", async () => {
    const { rows, table } = inMemoryTable()
    const store = make(standInKms(), table)
    const [a, b] = [KeyStoreConformance.uniqueSubject("a"), KeyStoreConformance.uniqueSubject("b")]
    const keys = await Effect.runPromise(store.obtain([a, b]))
    for (const [subject, key] of keys) expect(KeyStoreConformance.holdsKey(rows.get(subject)!, KeyStoreConformance.bytesOf(key))).toBe(false)
    // A's wrapped key copied into b's row does not unwrap as b's.
    rows.set(b, rows.get(a)!)
    const error = await Effect.runPromise(Effect.flip(store.get([b])))
    expect(error.reason._tag).toBe("StoreUnavailable")
    expect(error.message).toContain("does not unwrap")
  })
})

describe("docs/how-to/plug-in-a-kms.md", () => {
  it("shows only code of this file, word for word", () => {
    const here = fileURLToPath(import.meta.url)
    const source = readFileSync(here, "utf8")
    const doc = readFileSync(new URL("../../../docs/how-to/plug-in-a-kms.md", import.meta.url), "utf8")
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    expect(blocks.length).toBeGreaterThanOrEqual(4)
    const regions = [...source.matchAll(/\/\/ #region (\w+)\n([\s\S]*?)\n\/\/ #endregion \1/g)].map((m) => m[2]!)
    for (const block of blocks) {
      expect(regions.includes(block.replace(/\n$/, "")), `this block of the how-to is not a region of ${here}:\n${block}`).toBe(true)
    }
  })
})
