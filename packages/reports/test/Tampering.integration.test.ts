/**
 * Tamper evidence on the real PostgreSQL (DOMAIN.md §10 Integrity): the property of the SQLite
 * suite, on rows rewritten in a schema of its own — any tampering at or before the last
 * checkpoint is found, and the first broken event named when the links show it.
 */
import { Effect } from "effect"
import * as fc from "fast-check"
import { beforeAll, expect, it } from "vitest"
import * as PgTypes from "@effect/sql-pg/PgTypes"
import { arrayParameter } from "@fulian/store-postgres/Migrations"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
import * as Server from "../../store-postgres/test/support/Server.ts"
import { expectFound, type Row, runOn, tamper, tampers, verifyAll, world } from "./support/Tampering.ts"

const schema = Server.freshSchema("tamper")
const layer = () => PostgresEventStore.layer({ url: Server.url, schema })
const columns = ["position", "stream", "version", "event_id", "type", "schema_version", "data", "metadata", "hash", "command_id", "command_hash"] as const

/** The stored rows, in the order of the log. */
const rowsNow = async (): Promise<ReadonlyArray<Row>> =>
  (await Server.query<Record<string, unknown>>(
    `SELECT position::text AS position, stream, version, event_id, type, schema_version, data, metadata, hash, command_id, command_hash
     FROM "${schema}".events ORDER BY position`
  )).map((r) => ({ ...r, position: Number(r.position) }) as unknown as Row)

/** Replaces every stored row by `rows`, in one transaction. */
const store = (rows: ReadonlyArray<Row>) =>
  Server.withSql((sql) => sql.withTransaction(Effect.andThen(
    sql.unsafe(`DELETE FROM "${schema}".events`),
    sql.unsafe(
    `INSERT INTO "${schema}".events (${columns.join(", ")})
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
    [
      arrayParameter(rows.map((r) => BigInt(r.position)), PgTypes.OID.int8),
      ...(["stream"] as const).map((c) => arrayParameter(rows.map((r) => r[c]), PgTypes.OID.text)),
      arrayParameter(rows.map((r) => r.version), PgTypes.OID.int4),
      ...(["event_id", "type"] as const).map((c) => arrayParameter(rows.map((r) => r[c]), PgTypes.OID.text)),
      arrayParameter(rows.map((r) => r.schema_version), PgTypes.OID.int4),
      ...(["data", "metadata", "hash", "command_id", "command_hash"] as const).map((c) => arrayParameter(rows.map((r) => (r[c] ?? null) as string | null), PgTypes.OID.text))
    ])
  )))

await Server.describeWithServer("tamper evidence on PostgreSQL", [schema], () => {
  let rows: ReadonlyArray<Row>

  beforeAll(async () => {
    await runOn(layer(), world)
    rows = await rowsNow()
  })

  it("verifies the records as written, and as written back by the test's own writer", async () => {
    const written = await runOn(layer(), verifyAll)
    expect(written.integrity.broken).toBeUndefined()
    expect(written.integrity.checkpoints.map((c) => [c.reportId, c.problem])).toEqual([["s1-2023-06", undefined], ["s1-2023", undefined]])
    expect(written.holds).toBe(true)
    await store(rows)
    expect((await runOn(layer(), verifyAll)).holds).toBe(true)
  })

  it("finds any tampering at or before the last checkpoint, and names the first broken event", async () => {
    await fc.assert(
      fc.asyncProperty(tampers, async (t) => {
        const tampered = tamper(rows, t)
        await store(tampered.rows)
        try {
          expectFound(rows, t, tampered, await runOn(layer(), verifyAll))
        } finally {
          await store(rows)
        }
      }),
      { numRuns: 30, seed: 20261130 }
    )
  })

  it("the receiver's copy decides: a sender's attestation rewritten, with its stream's links recomputed, is found", async () => {
    await store(tamper(rows, { kind: "rewrite-attestation", report: "s1-2023", copy: "ReportSubmitted", field: "contentHash", rehash: true }).rows)
    try {
      const result = await runOn(layer(), verifyAll)
      expect(result.integrity.broken).toBeUndefined()
      expect(result.integrity.copies).toEqual([{ from: "s1", receiver: "d1", reportId: "s1-2023", problem: "differ" }])
    } finally {
      await store(rows)
    }
  })
})
