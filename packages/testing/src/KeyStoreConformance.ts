/**
 * The conformance suite every key store runs, unchanged:
 *
 *   import * as KeyStoreConformance from "@fulian/testing/KeyStoreConformance"
 *   KeyStoreConformance.suite("memory", MemoryKeyStore.layer)
 *
 * It needs vitest and fast-check. Every test uses subjects of its own, so the suite can run
 * against storage that holds other keys; it never assumes the store is empty. It also exports
 * the checks an adapter's own tests need to show that a key left no copy behind
 * (`holdsKey`) and that no text shows one (`showsKey`).
 *
 * @since 0.1.0
 */
import { Buffer } from "node:buffer"
import { inspect } from "node:util"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import * as fc from "fast-check"
import { v4 as uuidv4 } from "uuid"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type DataKey, KeyStore, type KeyStoreError, keyLength, maxSubjectBytes } from "@fulian/store/KeyStore"

/** Options of the suite. */
export interface SuiteOptions {
  /** Runs of the random-operations property (default 25). */
  readonly propertyRuns?: number
  /**
   * A second store over the same storage (another connection, pool or process), so that
   * concurrent operations also race between two stores, as two processes would.
   */
  readonly twin?: Layer.Layer<KeyStore, unknown> | undefined
}

/** A subject no other test uses. */
export const uniqueSubject = (label = "s"): string => `conformance:${label}:${uuidv4()}`

/** A key's bytes. */
export const bytesOf = (key: DataKey): Uint8Array => Redacted.value(key.key)

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex")

/**
 * The texts a leaked key would most likely be written as: hexadecimal (either case, and each
 * half), base64, base64url, the decimal list of an inspected array, and the raw bytes as
 * Latin-1 (each half).
 */
export const keyTexts = (key: Uint8Array): ReadonlyArray<string> => {
  const half = key.length / 2
  const halves = [key.subarray(0, half), key.subarray(half)]
  return [
    ...halves.flatMap((h) => [hex(h), hex(h).toUpperCase(), Buffer.from(h).toString("latin1")]),
    Buffer.from(key).toString("base64"),
    Buffer.from(key).toString("base64url"),
    Array.from(key).join(",")
  ]
}

/**
 * Whether a text shows a key in any form of `keyTexts`, also once its white space is removed
 * (an inspected array or buffer spreads its bytes over padded columns).
 */
export const showsKey = (text: string, key: Uint8Array): boolean => {
  const squeezed = text.replace(/\s+/g, "")
  return keyTexts(key).some((form) => text.includes(form) || squeezed.includes(form))
}

/**
 * Whether raw bytes (a database file, its write-ahead log, a dump) hold a key, or either half
 * of it, as bytes or in any form of `keyTexts`.
 */
export const holdsKey = (bytes: Uint8Array, key: Uint8Array): boolean => {
  const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const half = key.length / 2
  return haystack.indexOf(key.subarray(0, half)) !== -1 || haystack.indexOf(key.subarray(half)) !== -1 ||
    keyTexts(key).some((form) => haystack.indexOf(form, 0, "latin1") !== -1)
}

/** Every way a value is shown to people and logs: its string, its JSON, its inspection. */
const renderings = (value: unknown): ReadonlyArray<string> => [
  String(value),
  JSON.stringify(value, (_, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v)) ?? "",
  inspect(value, { depth: 20, showHidden: true, getters: true })
]

const expectHidden = (value: unknown, keys: ReadonlyArray<Uint8Array>) => {
  for (const text of renderings(value)) for (const key of keys) expect(showsKey(text, key)).toBe(false)
}

type Op =
  | { readonly kind: "obtain"; readonly subjects: ReadonlyArray<number>; readonly twin: boolean }
  | { readonly kind: "get"; readonly subjects: ReadonlyArray<number>; readonly twin: boolean }
  | { readonly kind: "destroy"; readonly subject: number; readonly twin: boolean }

const poolSize = 5

const opArbitrary: fc.Arbitrary<Op> = (() => {
  const subjects = fc.uniqueArray(fc.nat(poolSize - 1), { minLength: 1, maxLength: 3 })
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("obtain" as const), subjects, twin: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("get" as const), subjects, twin: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("destroy" as const), subject: fc.nat(poolSize - 1), twin: fc.boolean() }) }
  )
})()

/**
 * Defines the conformance tests of a key store under `describe(name)`. The layer (and the
 * twin, if given) is built once for the suite and released after it.
 */
export const suite = <E>(name: string, layer: Layer.Layer<KeyStore, E>, options: SuiteOptions = {}): void => {
  describe(`KeyStore conformance: ${name}`, () => {
    let runtime: ManagedRuntime.ManagedRuntime<KeyStore, unknown>
    let twinRuntime: ManagedRuntime.ManagedRuntime<KeyStore, unknown>
    beforeAll(() => {
      runtime = ManagedRuntime.make(layer)
      twinRuntime = options.twin === undefined ? runtime : ManagedRuntime.make(options.twin)
    })
    afterAll(async () => {
      if (twinRuntime !== runtime) await twinRuntime.dispose()
      await runtime.dispose()
    })
    const run = <A>(effect: Effect.Effect<A, unknown, KeyStore>): Promise<A> => runtime.runPromise(effect)
    const stores = () => Promise.all([runtime, twinRuntime].map((r) => r.runPromise(KeyStore.useSync((s) => s))))

    it("creates a key of 32 random bytes on a subject's first obtain, and gives the same key after", () =>
      run(Effect.gen(function*() {
        const s = yield* KeyStore
        const subject = uniqueSubject()
        const first = yield* s.obtain([subject])
        expect([...first.keys()]).toEqual([subject])
        const key = first.get(subject)!
        expect(key.subject).toBe(subject)
        expect(Redacted.isRedacted(key.key)).toBe(true)
        expect(bytesOf(key)).toBeInstanceOf(Uint8Array)
        expect(bytesOf(key).length).toBe(keyLength)
        expect(bytesOf(key).some((b) => b !== 0)).toBe(true)
        const again = yield* s.obtain([subject, subject])
        expect([...again.keys()]).toEqual([subject])
        expect(hex(bytesOf(again.get(subject)!))).toBe(hex(bytesOf(key)))
        const read = yield* s.get([subject])
        expect(hex(bytesOf(read.keys.get(subject)!))).toBe(hex(bytesOf(key)))
        expect([...read.destroyed]).toEqual([])
        expect((yield* s.obtain([])).size).toBe(0)
      })))

    it("creates nothing on get: a subject never obtained is neither keyed nor destroyed", () =>
      run(Effect.gen(function*() {
        const s = yield* KeyStore
        const subject = uniqueSubject()
        for (let i = 0; i < 2; i++) {
          const read = yield* s.get([subject])
          expect(read.keys.size).toBe(0)
          expect(read.destroyed.size).toBe(0)
        }
        expect((yield* s.obtain([subject])).has(subject)).toBe(true)
        expect((yield* s.get([])).keys.size).toBe(0)
      })))

    it("gives each subject a key of its own, the same however the subjects are grouped", () =>
      run(Effect.gen(function*() {
        const s = yield* KeyStore
        const subjects = Array.from({ length: 40 }, (_, i) => uniqueSubject(`many${i}`))
        subjects.push(`conformance:王芳:${uuidv4()}`, `conformance:case:k1:party:p1:${uuidv4()}`)
        const together = yield* s.obtain(subjects)
        expect(together.size).toBe(subjects.length)
        const keys = subjects.map((subject) => hex(bytesOf(together.get(subject)!)))
        expect(new Set(keys).size).toBe(subjects.length)
        for (const subject of subjects) expect(bytesOf(together.get(subject)!).length).toBe(keyLength)
        const alone = yield* Effect.forEach([...subjects].reverse(), (subject) => s.obtain([subject]))
        expect(alone.map((m, i) => hex(bytesOf(m.get(subjects[subjects.length - 1 - i]!)!))).reverse()).toEqual(keys)
        const read = yield* s.get(subjects)
        expect(subjects.map((subject) => hex(bytesOf(read.keys.get(subject)!)))).toEqual(keys)
      })))

    it("obtains keys for a large batch of subjects in one call", () =>
      run(Effect.gen(function*() {
        const s = yield* KeyStore
        const subjects = Array.from({ length: 1000 }, (_, i) => uniqueSubject(`batch${i}`))
        const obtained = yield* s.obtain(subjects)
        expect(obtained.size).toBe(subjects.length)
        const read = yield* s.get(subjects)
        expect(read.keys.size).toBe(subjects.length)
        for (const subject of subjects) expect(hex(bytesOf(read.keys.get(subject)!))).toBe(hex(bytesOf(obtained.get(subject)!)))
      })))

    it("destroys a key for good: get names the subject destroyed, obtain leaves it out, and destroying again changes nothing", () =>
      run(Effect.gen(function*() {
        const s = yield* KeyStore
        const [erased, kept] = [uniqueSubject("erased"), uniqueSubject("kept")]
        const before = yield* s.obtain([erased, kept])
        yield* s.destroy(erased)
        for (let i = 0; i < 3; i++) {
          const read = yield* s.get([erased, kept])
          expect([...read.keys.keys()]).toEqual([kept])
          expect([...read.destroyed]).toEqual([erased])
          expect(hex(bytesOf(read.keys.get(kept)!))).toBe(hex(bytesOf(before.get(kept)!)))
          const obtained = yield* s.obtain([erased, kept])
          expect([...obtained.keys()]).toEqual([kept])
          expect(hex(bytesOf(obtained.get(kept)!))).toBe(hex(bytesOf(before.get(kept)!)))
          yield* s.destroy(erased)
        }
        expect((yield* s.obtain([erased])).size).toBe(0)
      })))

    it("keeps a tombstone for a subject destroyed before it ever had a key: obtain gives it none", () =>
      run(Effect.gen(function*() {
        const s = yield* KeyStore
        const subject = uniqueSubject("never")
        yield* s.destroy(subject)
        expect((yield* s.obtain([subject])).size).toBe(0)
        const read = yield* s.get([subject])
        expect(read.keys.size).toBe(0)
        expect([...read.destroyed]).toEqual([subject])
        yield* s.destroy(subject)
        expect((yield* s.obtain([subject])).size).toBe(0)
      })))

    it("gives one key to concurrent obtains of new subjects, in any order, through either store", async () => {
      const [one, two] = await stores()
      const subjects = [uniqueSubject("race-a"), uniqueSubject("race-b"), uniqueSubject("race-c")]
      const orders = [[0, 1, 2], [2, 1, 0], [1, 2, 0], [0, 2, 1], [2, 0, 1], [1, 0, 2]]
      const results = await run(Effect.all(
        Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? one! : two!).obtain(orders[i % orders.length]!.map((k) => subjects[k]!))),
        { concurrency: "unbounded" }
      ))
      for (const subject of subjects) {
        const seen = new Set(results.map((r) => hex(bytesOf(r.get(subject)!))))
        expect(seen.size).toBe(1)
      }
    })

    it("refuses malformed subjects with InvalidRequest, creating and destroying nothing", () =>
      run(Effect.gen(function*() {
        const s = yield* KeyStore
        const valid = uniqueSubject("valid")
        const bad = ["", "a\u0000b", "lone\uD800surrogate", "x".repeat(maxSubjectBytes + 1), "台".repeat(Math.floor(maxSubjectBytes / 3) + 1)]
        for (const subject of bad) {
          for (const attempt of [s.obtain([valid, subject]), s.get([valid, subject]), s.destroy(subject)]) {
            const error: KeyStoreError = yield* Effect.flip(attempt as Effect.Effect<unknown, KeyStoreError>)
            expect(error._tag).toBe("KeyStoreError")
            expect(error.reason._tag).toBe("InvalidRequest")
            expect(error.message.length).toBeGreaterThan(0)
          }
        }
        const read = yield* s.get([valid])
        expect(read.keys.size + read.destroyed.size).toBe(0)
        // The longest subject allowed, counted in UTF-8 bytes (台 takes three).
        const prefix = uniqueSubject("long")
        const longest = prefix + "台".repeat(Math.floor((maxSubjectBytes - prefix.length) / 3)) + "x".repeat((maxSubjectBytes - prefix.length) % 3)
        expect(new TextEncoder().encode(longest).length).toBe(maxSubjectBytes)
        expect((yield* s.obtain([longest])).size).toBe(1)
      })))

    it("never shows a key in its errors, strings, JSON or inspection", () =>
      run(Effect.gen(function*() {
        const s = yield* KeyStore
        const [a, b] = [uniqueSubject("shown-a"), uniqueSubject("shown-b")]
        const obtained = yield* s.obtain([a, b])
        const keys = [bytesOf(obtained.get(a)!), bytesOf(obtained.get(b)!)]
        // The checks find a key where one is shown.
        expect(showsKey(inspect(keys[0]), keys[0]!)).toBe(true)
        expect(showsKey(inspect(Buffer.from(keys[0]!)), keys[0]!)).toBe(true)
        expect(showsKey(JSON.stringify(Array.from(keys[1]!)), keys[1]!)).toBe(true)
        yield* s.destroy(b)
        const read = yield* s.get([a, b])
        expectHidden(obtained, keys)
        expectHidden([...obtained.values()], keys)
        expectHidden(obtained.get(a), keys)
        expectHidden(obtained.get(a)!.key, keys)
        expectHidden(read, keys)
        const errors = yield* Effect.forEach([s.obtain([a, ""]), s.get([a, "\u0000"]), s.destroy("")], (attempt) =>
          Effect.flip(attempt as Effect.Effect<unknown, KeyStoreError>))
        for (const error of errors) {
          expectHidden(error, keys)
          expectHidden(error.message, keys)
        }
      })))

    it("keeps one key per subject and every tombstone under random operations, alone or concurrent (against a model)", () =>
      fc.assert(
        fc.asyncProperty(fc.array(opArbitrary, { minLength: 1, maxLength: 14 }), fc.boolean(), async (ops, concurrent) => {
          const [one, two] = await stores()
          const names = Array.from({ length: poolSize }, (_, i) => uniqueSubject(`p${i}`))
          const storeOf = (op: Op) => (op.twin ? two! : one!)
          const runOp = (op: Op): Effect.Effect<Map<number, string> | { keys: Map<number, string>; destroyed: Set<number> } | undefined, KeyStoreError> => {
            const toIds = (m: ReadonlyMap<string, DataKey>) => new Map([...m].map(([subject, key]) => [names.indexOf(subject), hex(bytesOf(key))]))
            switch (op.kind) {
              case "obtain":
                return Effect.map(storeOf(op).obtain(op.subjects.map((i) => names[i]!)), toIds)
              case "get":
                return Effect.map(storeOf(op).get(op.subjects.map((i) => names[i]!)), (r) => ({
                  keys: toIds(r.keys),
                  destroyed: new Set([...r.destroyed].map((subject) => names.indexOf(subject)))
                }))
              case "destroy":
                return Effect.as(storeOf(op).destroy(names[op.subject]!), undefined)
            }
          }
          const results = await run(
            concurrent ? Effect.all(ops.map(runOp), { concurrency: "unbounded" }) : Effect.forEach(ops, runOp)
          )
          const obtained = new Set(ops.flatMap((op) => (op.kind === "obtain" ? op.subjects : [])))
          const destroyed = new Set(ops.flatMap((op) => (op.kind === "destroy" ? [op.subject] : [])))
          // Every key ever answered for a subject is one and the same.
          const seen = new Map<number, string>()
          const sameKey = (id: number, key: string) => {
            expect(seen.get(id) ?? key).toBe(key)
            seen.set(id, key)
          }
          if (!concurrent) {
            // One at a time, each answer is the reference model's.
            const model = new Map<number, "key" | "destroyed">()
            ops.forEach((op, i) => {
              const result = results[i]
              if (op.kind === "destroy") return void model.set(op.subject, "destroyed")
              const asked = new Set(op.subjects)
              if (op.kind === "obtain") for (const id of asked) if (!model.has(id)) model.set(id, "key")
              const keys = op.kind === "obtain" ? result as Map<number, string> : (result as { keys: Map<number, string> }).keys
              expect(new Set(keys.keys())).toEqual(new Set([...asked].filter((id) => model.get(id) === "key")))
              if (op.kind === "get") {
                expect((result as { destroyed: Set<number> }).destroyed).toEqual(new Set([...asked].filter((id) => model.get(id) === "destroyed")))
              }
              for (const [id, key] of keys) sameKey(id, key)
            })
          } else {
            ops.forEach((op, i) => {
              const result = results[i]
              if (op.kind === "destroy") return
              const keys = op.kind === "obtain" ? result as Map<number, string> : (result as { keys: Map<number, string> }).keys
              for (const [id, key] of keys) sameKey(id, key)
              // An obtain gives every subject not destroyed meanwhile; a get gives only what was obtained or destroyed.
              if (op.kind === "obtain") for (const id of op.subjects) if (!destroyed.has(id)) expect(keys.has(id)).toBe(true)
              if (op.kind === "get") {
                const gone = (result as { destroyed: Set<number> }).destroyed
                for (const id of keys.keys()) expect(obtained.has(id) && !gone.has(id)).toBe(true)
                for (const id of gone) expect(destroyed.has(id)).toBe(true)
              }
            })
          }
          // Afterwards: a tombstone for each destroyed subject, the key seen for every other obtained one.
          const after = await run(KeyStore.use((s) => s.get(names)))
          expect(new Set(after.destroyed)).toEqual(new Set([...destroyed].map((id) => names[id]!)))
          expect(new Set(after.keys.keys())).toEqual(new Set([...obtained].filter((id) => !destroyed.has(id)).map((id) => names[id]!)))
          for (const [subject, key] of after.keys) sameKey(names.indexOf(subject), hex(bytesOf(key)))
          expect((await run(KeyStore.use((s) => s.obtain(names)))).size).toBe(poolSize - destroyed.size)
        }),
        { numRuns: options.propertyRuns ?? 25 }
      ))
  })
}
