import { execFileSync } from "node:child_process"
import { inspect } from "node:util"
import { Effect, Layer, ManagedRuntime } from "effect"
import { expect, it } from "vitest"
import { KeyStore, type KeyStoreError } from "@fulian/store/KeyStore"
import * as KeyStoreConformance from "@fulian/testing/KeyStoreConformance"
import * as PostgresEventStore from "../src/PostgresEventStore.ts"
import * as PostgresKeyStore from "../src/PostgresKeyStore.ts"
import * as Server from "./support/Server.ts"

const schemas = {
  conformance: Server.freshSchema("keys"),
  erased: Server.freshSchema("keys_erased"),
  errors: Server.freshSchema("keys_errors"),
  vacuum: Server.freshSchema("keys_vacuum")
}

const stores = (schema: string, options: PostgresKeyStore.Options = {}) => {
  const events = PostgresEventStore.layer({ url: Server.url, schema, maxConnections: 4 })
  return Layer.merge(events, Layer.provide(PostgresKeyStore.layer(options), events))
}

const withKeys = async <A>(schema: string, f: Effect.Effect<A, unknown, KeyStore>, options?: PostgresKeyStore.Options): Promise<A> => {
  const runtime = ManagedRuntime.make(stores(schema, options))
  try {
    return await runtime.runPromise(f)
  } finally {
    await runtime.dispose()
  }
}

/** `pg_dump` of one schema, as text; `undefined` when no `pg_dump` is installed. */
const dump = (schema: string): string | undefined => {
  try {
    return execFileSync("pg_dump", [`--schema=${schema}`, "--no-owner", Server.url], { encoding: "latin1", maxBuffer: 1 << 28 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw error
  }
}

/**
 * The bytes of the table's file as they are on disk after a checkpoint, read by the server
 * (`pg_read_binary_file`, which needs a superuser); `undefined` when the test's role may not.
 */
const tableFile = async (schema: string): Promise<Uint8Array | undefined> => {
  const [role] = await Server.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
  if (role?.rolsuper !== true) return undefined
  await Server.query("CHECKPOINT")
  const [row] = await Server.query<{ file: Uint8Array }>(
    `SELECT pg_read_binary_file(pg_relation_filepath('"${schema}".data_keys')) AS file`
  )
  // A copy: the driver's value is a view of a buffer it may use again.
  return new Uint8Array(row!.file)
}

/**
 * Checks that the table's file holds none of the destroyed keys and every kept one. A
 * transaction of another test file, open since before a destroy, keeps the old row versions
 * alive, and VACUUM FULL copies them along: once such transactions have ended, destroying
 * again removes them, as the store's documentation tells operators to do.
 */
const expectGone = async (
  schema: string,
  erased: ReadonlyArray<string>,
  kept: ReadonlyArray<string>,
  bytes: (subject: string) => Uint8Array
) => {
  let file = await tableFile(schema)
  if (file === undefined) return console.warn("the test's role is not a superuser: the table's file was not read")
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const left = erased.filter((subject) => KeyStoreConformance.holdsKey(file!, bytes(subject)))
    if (left.length === 0) break
    await new Promise((resolve) => setTimeout(resolve, 500))
    await withKeys(schema, KeyStore.use((s) => s.destroy(left[0]!)))
    file = (await tableFile(schema))!
  }
  expect(erased.filter((subject) => KeyStoreConformance.holdsKey(file!, bytes(subject)))).toEqual([])
  expect(kept.every((subject) => KeyStoreConformance.holdsKey(file!, bytes(subject)))).toBe(true)
}

const hasLongHex = (text: string) => /[0-9a-f]{32}/i.test(text)

await Server.describeWithServer("PostgreSQL key store", Object.values(schemas), () => {
  KeyStoreConformance.suite("PostgreSQL", stores(schemas.conformance), { twin: stores(schemas.conformance) })

  it("leaves no destroyed key in the table, its file, or a pg_dump of the schema", async () => {
    const schema = schemas.erased
    const subjects = Array.from({ length: 200 }, (_, i) => KeyStoreConformance.uniqueSubject(`erased${i}`))
    const keys = await withKeys(schema, KeyStore.use((s) => s.obtain(subjects)))
    const bytes = (subject: string) => KeyStoreConformance.bytesOf(keys.get(subject)!)
    const before = await tableFile(schema)
    if (before !== undefined) expect(subjects.every((subject) => KeyStoreConformance.holdsKey(before, bytes(subject)))).toBe(true)
    // First every row of the first page at once, then rows among live ones.
    const places = await Server.query<{ subject: string; page: number }>(
      `SELECT subject, (ctid::text::point)[0]::int AS page FROM "${schema}".data_keys`
    )
    const firstPage = places.filter((p) => p.page === 0).map((p) => p.subject)
    expect(firstPage.length).toBeGreaterThan(10)
    const rest = subjects.filter((subject, i) => !firstPage.includes(subject) && i % 3 === 0)
    const erased = [...firstPage, ...rest]
    const kept = subjects.filter((subject) => !erased.includes(subject))

    await withKeys(schema, KeyStore.use((s) => Effect.forEach(firstPage, (subject) => s.destroy(subject), { concurrency: "unbounded" })))
    await expectGone(schema, firstPage, kept, bytes)
    await withKeys(schema, KeyStore.use((s) => Effect.forEach(rest, (subject) => s.destroy(subject), { concurrency: 4 })))
    await expectGone(schema, erased, kept, bytes)

    const rows = await Server.query<{ subject: string; key: Uint8Array | null; destroyed_at: unknown }>(
      `SELECT subject, key, destroyed_at FROM "${schema}".data_keys`
    )
    const tombstones = rows.filter((row) => erased.includes(row.subject))
    expect(tombstones.length).toBe(erased.length)
    expect(tombstones.every((row) => row.key === null && row.destroyed_at !== null)).toBe(true)
    const dumped = dump(schema)
    if (dumped === undefined) {
      console.warn("pg_dump is not installed: the dump of the schema was not checked")
    } else {
      expect(erased.filter((subject) => KeyStoreConformance.showsKey(dumped, bytes(subject)))).toEqual([])
      expect(kept.every((subject) => KeyStoreConformance.showsKey(dumped, bytes(subject)))).toBe(true)
    }
  })

  it("needs VACUUM FULL: a plain VACUUM leaves the bytes of dead row versions in the table's file", async () => {
    const table = `"${schemas.vacuum}".plain_vacuum`
    await Server.query(`CREATE SCHEMA "${schemas.vacuum}"`)
    await Server.query(`CREATE TABLE ${table} (subject text PRIMARY KEY, key bytea)`)
    await Server.query(`INSERT INTO ${table} SELECT 's' || g, decode(md5(g::text) || md5((-g)::text), 'hex') FROM generate_series(1, 400) g`)
    const file = async () => {
      await Server.query("CHECKPOINT")
      const [row] = await Server.query<{ file: Uint8Array }>(`SELECT pg_read_binary_file(pg_relation_filepath('${table}')) AS file`)
      return new Uint8Array(row!.file)
    }
    const [role] = await Server.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if (role?.rolsuper !== true) return console.warn("the test's role is not a superuser: the table's file was not read")
    const victims = (await Server.query<{ key: Uint8Array }>(`SELECT key FROM ${table} WHERE (ctid::text::point)[0] = 0`)).map((r) => new Uint8Array(r.key))
    await Server.query(`UPDATE ${table} SET key = NULL WHERE (ctid::text::point)[0] = 0`)
    await Server.query(`VACUUM ${table}`)
    const afterVacuum = await file()
    expect(victims.filter((key) => KeyStoreConformance.holdsKey(afterVacuum, key)).length).toBeGreaterThan(0)
    await Server.query(`VACUUM (FULL) ${table}`)
    const afterFull = await file()
    expect(victims.filter((key) => KeyStoreConformance.holdsKey(afterFull, key))).toEqual([])
  })

  it("fails a destroy with StoreUnavailable while another session holds the table, and finishes it when destroyed again", async () => {
    const schema = schemas.errors
    const subject = KeyStoreConformance.uniqueSubject("held")
    const runtime = ManagedRuntime.make(stores(schema, { lockTimeoutMillis: 300 }))
    const session = await Server.session()
    try {
      const key = KeyStoreConformance.bytesOf((await runtime.runPromise(KeyStore.use((s) => s.obtain([subject])))).get(subject)!)
      // A read left open, as a long pg_dump or report would hold it.
      await session.query("BEGIN")
      await session.query(`SELECT count(*) FROM "${schema}".data_keys`)
      const error = await runtime.runPromise(KeyStore.use((s) => Effect.flip(s.destroy(subject))))
      expect(error.reason._tag).toBe("StoreUnavailable")
      expect(error.message).toContain("is destroyed")
      expect(error.message).toContain("destroy it again")
      expect(error.message).toContain("55P03")
      expect(KeyStoreConformance.showsKey(inspect(error, { depth: 20 }), key)).toBe(false)
      expect([...(await runtime.runPromise(KeyStore.use((s) => s.get([subject])))).destroyed]).toEqual([subject])
      await session.query("COMMIT")
      await runtime.runPromise(KeyStore.use((s) => s.destroy(subject)))
    } finally {
      await session.close()
      await runtime.dispose()
    }
  })

  it("reports a stored key that cannot be used as CorruptKey, without its bytes", async () => {
    const schema = schemas.errors
    const [short, zeros] = [KeyStoreConformance.uniqueSubject("short"), KeyStoreConformance.uniqueSubject("zeros")]
    await withKeys(schema, KeyStore.use((s) => s.obtain([short, zeros])))
    await Server.query(`UPDATE "${schema}".data_keys SET key = '\\x0102030405060708090a0b0c0d0e0f10' WHERE subject = $1`, [short])
    await Server.query(`UPDATE "${schema}".data_keys SET key = '\\x${"00".repeat(32)}' WHERE subject = $1`, [zeros])
    const errors = await withKeys(schema, KeyStore.use((s) => Effect.forEach([short, zeros], (subject) => Effect.flip(s.get([subject])))))
    expect(errors.map((e) => e.reason)).toEqual([
      expect.objectContaining({ _tag: "CorruptKey", subject: short }),
      expect.objectContaining({ _tag: "CorruptKey", subject: zeros })
    ])
    expect(errors[0]!.message).toContain("16 bytes long")
    expect(errors[0]!.message).not.toContain("0102030405")
  })

  it("classifies a failing server as StoreUnavailable, and never passes on the server's words about a row holding a key", async () => {
    const schema = schemas.errors
    const runtime = ManagedRuntime.make(stores(schema))
    try {
      const store = await runtime.runPromise(KeyStore.use(Effect.succeed))
      // A trigger that quotes the row it refuses, key included, in its message and detail.
      await Server.query(`CREATE FUNCTION "${schema}".quote_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused %', encode(NEW.key, 'hex') USING DETAIL = NEW::text; END $$`)
      await Server.query(`CREATE TRIGGER quote_row BEFORE INSERT ON "${schema}".data_keys FOR EACH ROW EXECUTE FUNCTION "${schema}".quote_row()`)
      const refused: KeyStoreError = await Effect.runPromise(Effect.flip(store.obtain([KeyStoreConformance.uniqueSubject("quoted")])))
      expect(refused.reason._tag).toBe("StoreUnavailable")
      expect(refused.message).toContain("P0001")
      for (const text of [refused.message, String(refused), JSON.stringify(refused), inspect(refused, { depth: 20, showHidden: true })]) {
        expect(hasLongHex(text)).toBe(false)
        expect(text).not.toContain("refused")
      }
      await Server.query(`DROP TRIGGER quote_row ON "${schema}".data_keys`)
      // A table gone: the server's message is kept where no key was sent.
      await Server.query(`ALTER TABLE "${schema}".data_keys RENAME TO data_keys_away`)
      const missing: KeyStoreError = await Effect.runPromise(Effect.flip(store.get([KeyStoreConformance.uniqueSubject("missing")])))
      expect(missing.reason._tag).toBe("StoreUnavailable")
      expect(missing.message).toContain("42P01")
      await Server.query(`ALTER TABLE "${schema}".data_keys_away RENAME TO data_keys`)
    } finally {
      await runtime.dispose()
    }
  })
})
