/**
 * The same command lines on the PostgreSQL store (`--store postgres:<url>?schema=<name>`): the
 * demo seeds it, the ledgers are rebuilt into its schema, its report verifies, and stops
 * verifying once an event it counted is altered in the database. Needs the test server: `FULIAN_PG_URL`, or postgres://postgres@127.0.0.1:5432/test.
 */
import { randomUUID } from "node:crypto"
import { Effect, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as PgClient from "@effect/sql-pg/PgClient"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Demo from "@fulian/cli/Demo"
import * as Policy from "@fulian/core/Policy"
import * as Ledgers from "@fulian/projections/Ledgers"
import { fulian } from "./support/Run.ts"

const url = process.env.FULIAN_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const schema = `cli_${randomUUID().replaceAll("-", "").slice(0, 12)}`
const store = ["--store", `postgres:${url}${url.includes("?") ? "&" : "?"}schema=${schema}`, "--as", "sun-li:auditor@binhai"]

const query = <Row extends object>(text: string, params: ReadonlyArray<unknown> = []) =>
  Effect.runPromise(
    Effect.scoped(Effect.flatMap(
      PgClient.make({ url: Redacted.make(url), maxConnections: 1, connectTimeout: 3_000 }),
      (sql) => sql.unsafe<Row>(text, params).unprepared
    )).pipe(Effect.provide(Reactivity.layer)) as Effect.Effect<ReadonlyArray<Row>, unknown>
  )

describe("fulian on PostgreSQL", () => {
  let demo: Awaited<ReturnType<typeof fulian>>

  beforeAll(async () => {
    demo = await fulian(["demo", ...store])
  }, 60_000)

  afterAll(async () => {
    await query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  })

  it("seeds the demo year and prints its summary", () => {
    expect(demo.stderr).toBe("")
    expect(demo.code).toBe(0)
    expect(demo.stdout).toContain(`${Demo.street.name}年度工作总结`)
    expect(demo.stdout).toContain(`schema=${schema}`)
  })

  it("rebuilds the ledgers into the store's schema", async () => {
    const rebuilt = await fulian(["rebuild", ...store])
    expect(rebuilt.code).toBe(0)
    const kept = await query<{ name: string }>(`SELECT name FROM "${schema}".projection_checkpoints ORDER BY name`)
    expect(kept.map((r) => r.name)).toEqual(Ledgers.all(Policy.defaults).map((p) => p.name).sort())
  })

  it("verify passes, then fails once an event the report counted is altered in the database", async () => {
    const passed = await fulian(["verify", ...store])
    expect(passed.code).toBe(0)
    expect(passed.stdout).toMatch(/^links +1,8\d\d events: every hash link holds$/m)
    expect(passed.stdout).toMatch(/^checkpoint +qingshan-annual-2025 .*: root [0-9a-f]{16}… and the sender's signature hold$/m)
    expect(passed.stdout).toMatch(/^ok +qingshan-annual-2025/m)

    const [row] = await query<{ position: string; stream: string; version: number; data: string }>(
      `SELECT position::text AS position, stream, version, data FROM "${schema}".events WHERE type = 'DonationRecorded' ORDER BY position LIMIT 1`
    )
    const data = JSON.parse(row!.data)
    await query(`UPDATE "${schema}".events SET data = $1 WHERE position = $2::bigint`, [JSON.stringify({ ...data, amount: data.amount + 1 }), row!.position])

    const failed = await fulian(["verify", ...store])
    expect(failed.code).toBe(4)
    expect(failed.stdout).toContain(`BROKEN      stream ${row!.stream}, version ${row!.version}, position ${row!.position}:`)
    expect(failed.stdout).toMatch(/^MISMATCH +qingshan-annual-2025/m)
  })
})
