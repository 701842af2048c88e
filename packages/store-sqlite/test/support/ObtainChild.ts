/**
 * A child process of the key store's race between processes: opens the file named by its
 * first argument, says "ready", waits for a line on its input, obtains the rounds of subjects
 * given as JSON in its second argument (one call per round), and prints each subject's key
 * fingerprint (a SHA-256, never the key) as JSON.
 */
import { createHash } from "node:crypto"
import { once } from "node:events"
import { Effect, Layer, Redacted } from "effect"
import { KeyStore } from "@fulian/store/KeyStore"
import * as SqliteEventStore from "../../src/SqliteEventStore.ts"
import * as SqliteKeyStore from "../../src/SqliteKeyStore.ts"

const [filename, rounds] = [process.argv[2]!, JSON.parse(process.argv[3]!) as ReadonlyArray<ReadonlyArray<string>>]
const events = SqliteEventStore.layer({ filename, busyTimeout: 20_000 })
const keys = Layer.provide(SqliteKeyStore.layer({ busyTimeout: 20_000 }), events)

const fingerprints = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
  const store = yield* KeyStore
  yield* Effect.promise(async () => {
    process.stdout.write("ready\n")
    await once(process.stdin, "data")
  })
  const obtained = yield* Effect.forEach(rounds, (subjects) => store.obtain(subjects))
  return Object.fromEntries(obtained.flatMap((round) => [...round]).map(([subject, key]) => [subject, createHash("sha256").update(Redacted.value(key.key)).digest("hex")]))
})).pipe(Effect.provide(keys)))
process.stdout.write(`${JSON.stringify(fingerprints)}\n`)
process.stdin.destroy()
