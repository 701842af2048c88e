/**
 * The PostgreSQL server the integration tests run against, and how each test file isolates
 * itself: a schema of its own, dropped afterwards.
 *
 * The server is `FULIAN_PG_URL`, or postgres://postgres@127.0.0.1:5432/test. When it cannot
 * be reached the tests do not run, and a test named for that says so and why — except in CI
 * (the `CI` variable set), where an unreachable server fails the run.
 */
import { Effect, Exit, Redacted, Scope } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqlClient } from "effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import { randomUUID } from "node:crypto"
import { afterAll, describe, it } from "vitest"

/** The connection string of the test server. */
export const url: string = process.env.FULIAN_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/** The test server's connection string without a password, for messages. */
export const shownUrl: string = url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")

/** Runs an effect with a short-lived client of the test server. */
export const withSql = <A, E>(
  f: (sql: SqlClient) => Effect.Effect<A, E>
): Promise<A> =>
  Effect.runPromise(
    Effect.scoped(Effect.flatMap(
      PgClient.make({ url: Redacted.make(url), maxConnections: 2, connectTimeout: 3_000 }),
      f
    )).pipe(Effect.provide(Reactivity.layer)) as Effect.Effect<A, unknown>
  )

/** Runs SQL text on the test server and returns its rows. */
export const query = <Row extends object = Record<string, unknown>>(
  text: string,
  params: ReadonlyArray<unknown> = []
): Promise<ReadonlyArray<Row>> => withSql((sql) => sql.unsafe<Row>(text, params).unprepared)

/** A session of its own on the test server: one connection, statements run one at a time. */
export interface Session {
  readonly query: <Row extends object = Record<string, unknown>>(
    text: string,
    params?: ReadonlyArray<unknown>
  ) => Promise<ReadonlyArray<Row>>
  readonly close: () => Promise<void>
}

/** Opens a session on one connection, for tests that hold a transaction open by hand. */
export const session = async (): Promise<Session> => {
  const scope = Effect.runSync(Scope.make())
  const sql = await Effect.runPromise(
    PgClient.makeClient({ url: Redacted.make(url), connectTimeout: 3_000 }).pipe(
      Effect.provide(Reactivity.layer),
      Scope.provide(scope)
    )
  )
  return {
    query: <Row extends object>(text: string, params: ReadonlyArray<unknown> = []) =>
      Effect.runPromise(sql.unsafe<Row>(text, params).unprepared),
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

/** Why the server cannot be used, or `undefined` when it answers. */
export const problem: Promise<string | undefined> = query("SELECT 1").then(
  () => undefined,
  (e: unknown) => (e instanceof Error ? e.message : String(e))
)

/** A schema name no other test file uses. */
export const freshSchema = (label: string): string => `test_${label}_${randomUUID().replaceAll("-", "").slice(0, 12)}`

/** Drops a test schema and everything in it. */
export const dropSchema = (schema: string): Promise<unknown> => query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)

/**
 * Defines a file's PostgreSQL tests when the server answers; otherwise one test that says
 * they did not run and why, which fails in CI. `schemas` lists the schemas the file makes,
 * dropped after its tests.
 */
export const describeWithServer = async (
  name: string,
  schemas: ReadonlyArray<string>,
  body: () => void
): Promise<void> => {
  const why = await problem
  if (why === undefined) {
    describe(name, body)
    afterAll(() => Promise.all(schemas.map(dropSchema)))
    return
  }
  const message = `PostgreSQL tests NOT RUN: cannot reach ${shownUrl} (${why}). ` +
    `Start the server or point FULIAN_PG_URL at one.`
  describe(`${name} — ${message}`, () => {
    it(process.env.CI ? "PostgreSQL must be reachable in CI" : "reports that the PostgreSQL tests did not run", () => {
      if (process.env.CI) throw new Error(message)
      console.warn(message)
    })
  })
}
