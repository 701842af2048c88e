/**
 * The in-memory key store: the reference implementation of the key store contract.
 *
 * Read this first to write an adapter. Every operation checks its subjects
 * (`validateSubjects`) before anything else; `obtain` inserts a key for a subject that has no
 * row, then reads (so concurrent callers all get the one key inserted first); a destroyed
 * subject keeps a row without a key — its tombstone — so it is never given one again. The
 * conformance suite (`@fulian/testing/KeyStoreConformance`) checks the same behaviour against
 * every adapter.
 *
 * All state lives in one map and every operation runs synchronously, so each is atomic.
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import * as KeyStore from "./KeyStore.ts"

/** Makes a fresh, empty in-memory key store. */
export const make = (): KeyStore.KeyStoreShape => {
  // A subject's key, or null once destroyed (its tombstone). Callers get copies of the bytes,
  // so destroy can wipe the only one the store holds.
  const rows = new Map<string, Uint8Array | null>()

  const checked = <A>(subjects: ReadonlyArray<string>, f: () => A): Effect.Effect<A, KeyStore.KeyStoreError> =>
    Effect.suspend(() => {
      const invalid = KeyStore.validateSubjects(subjects)
      return invalid ? Effect.fail(invalid) : Effect.sync(f)
    })

  const keyOf = (subject: string): KeyStore.DataKey | undefined => {
    const key = rows.get(subject)
    return key ? KeyStore.dataKey(subject, key) : undefined
  }

  return {
    obtain: (subjects) =>
      checked(subjects, () => {
        const found = new Map<string, KeyStore.DataKey>()
        for (const subject of subjects) {
          if (!rows.has(subject)) rows.set(subject, globalThis.crypto.getRandomValues(new Uint8Array(KeyStore.keyLength)))
          const key = keyOf(subject)
          if (key) found.set(subject, key)
        }
        return found
      }),
    get: (subjects) =>
      checked(subjects, () => {
        const keys = new Map<string, KeyStore.DataKey>()
        const destroyed = new Set<string>()
        for (const subject of subjects) {
          const key = keyOf(subject)
          if (key) keys.set(subject, key)
          else if (rows.get(subject) === null) destroyed.add(subject)
        }
        return { keys, destroyed }
      }),
    destroy: (subject) =>
      checked([subject], () => {
        rows.get(subject)?.fill(0)
        rows.set(subject, null)
      })
  }
}

/** A layer with a fresh in-memory key store. */
export const layer: Layer.Layer<KeyStore.KeyStore> = Layer.sync(KeyStore.KeyStore, make)
