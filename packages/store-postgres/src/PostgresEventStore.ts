/**
 * The PostgreSQL event store, for servers, on `@effect/sql-pg`.
 *
 *   import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
 *   const store = PostgresEventStore.layer({ url: "postgres://app@db.example/fulian" })
 *
 * It follows the reference store (`@fulian/store/MemoryEventStore`) step for step. Each
 * append is one call of a PL/pgSQL function made by the migrations, so one round trip and
 * one transaction. Its global order is gap-free for readers without serializing writers:
 * a position is the appending transaction's id and the event's place in the append, and
 * `readAll` shows only events of transactions older than every transaction still running,
 * so no event can ever appear below a position a reader has passed. The argument is in
 * docs/explanation/global-order.md; the cost is that a long-running writing transaction
 * anywhere in the cluster holds followers back (a delay, never a loss).
 *
 * Snapshots (`EventStore.Snapshot`) are rows of a `snapshots` table (migration 8), one per
 * stream; writing one is one statement, which checks the stream's version and keeps a later
 * snapshot of the same schema version.
 *
 * Followers are woken (`LogChanges`) by `NOTIFY`: a trigger on the events table announces
 * every inserting statement on the schema's channel (`Migrations.channelOf`), which PostgreSQL
 * delivers at commit, whoever the writer — while some store listens: a NOTIFY serializes
 * every commit behind one lock, so appends make it only while a listener holds a lease
 * (`Migrations`, version 9). The store LISTENs on one connection of its pool, taken when the
 * first follower waits and kept until the store closes. A wake-up is only a
 * hint: `readAll` may not show the event yet when an older transaction is still in flight
 * (the gap-free filter above), and that transaction's end is not announced, so a follower
 * keeps a fallback poll. If the listening connection drops, it is opened again after a
 * second; commits meanwhile are not heard, so every waiter is woken when it is back.
 *
 * @since 0.1.0
 */
import { Clock, Config, Context, Effect, Layer, Queue, Redacted, Schedule, Scope } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as PgTypes from "@effect/sql-pg/PgTypes"
import {
  commandIdReused,
  corruptEvent,
  EventStore,
  EventStoreError,
  type EventStoreShape,
  type ExpectedVersion,
  invalidRequest,
  type RecordedEvent,
  sameCommand,
  storeUnavailable,
  validateSnapshot,
  validateWrites,
  versionMatches,
  wrongExpectedVersion
} from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"
import * as LogChanges from "@fulian/store/LogChanges"
import { connectionProblem } from "./Connection.ts"
import { arrayParameter, channelOf, migrate, namesOf } from "./Migrations.ts"
import * as Position from "./Position.ts"

/** The schema a store uses when none is given. */
export const defaultSchema = "fulian"

/** The environment variable `layerConfig` reads the connection string from. */
export const urlVariable = "FULIAN_PG_URL"

/** Where a store keeps its data and how it treats its schema. */
export interface StoreOptions {
  /** The PostgreSQL schema holding the store's tables (default `fulian`). */
  readonly schema?: string | undefined
  /** Apply pending migrations when the store starts (default true). */
  readonly migrate?: boolean | undefined
}

/** Options of `layer`: the server to connect to, and the store's options. */
export interface Options extends StoreOptions {
  /** A connection string, e.g. `postgres://user:password@host:5432/database`. */
  readonly url: string | Redacted.Redacted<string>
  /** The most connections the store's pool opens (default 10). */
  readonly maxConnections?: number | undefined
  /** How long to wait for a connection to open (default 5 seconds). */
  readonly connectTimeoutMillis?: number | undefined
}

/** The PostgreSQL store: the generic operations, plus what is particular to it. */
export interface PostgresEventStoreShape extends EventStoreShape {
  /** The schema the store uses. */
  readonly schema: string
  /** Applies pending migrations (the store does it on start unless told not to). */
  readonly migrate: Effect.Effect<void, EventStoreError>
  /** The store's SQL client, for the projection store on the same pool. */
  readonly sql: SqlClient
}

/** The PostgreSQL store as a service of its own, for code that needs its schema or migrations. */
export class PostgresEventStore extends Context.Service<PostgresEventStore, PostgresEventStoreShape>()(
  "fulian/PostgresEventStore"
) {}

/** Whether a string is a connection URL the client can use. */
const checkUrl = (url: string): EventStoreError | undefined => {
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
      return storeUnavailable(`connection URL must start with postgres:// (got ${parsed.protocol}//…)`)
    }
    return undefined
  } catch {
    return storeUnavailable("connection URL is not a valid URL")
  }
}

/** Turns a driver error into the store's one error type. */
export const classify = (error: SqlError, operation: string): EventStoreError => {
  const reason = error.reason
  const code = (reason.cause as { readonly code?: unknown } | undefined)?.code
  if (code === "FU001" || code === "FU002") return invalidRequest(reason.message ?? String(code))
  // Class 22 is "data exception": a value PostgreSQL refuses, such as a NUL in a stream name.
  if (typeof code === "string" && code.startsWith("22")) {
    return invalidRequest(`${operation}: PostgreSQL refused a value: ${reason.message ?? code}`)
  }
  const connecting = connectionProblem(error)
  if (connecting !== undefined) return storeUnavailable(`${operation}: cannot connect: ${connecting}`, error)
  return storeUnavailable(`${operation}: ${reason._tag}: ${reason.message ?? "no message"}`, error)
}

const isUniqueViolationOf = (error: SqlError, constraint: string): boolean =>
  error.reason._tag === "UniqueViolation" && error.reason.constraint === constraint

type Row = ReadonlyArray<unknown>

const columns = "position, stream, version, event_id, type, schema_version, data, metadata, hash"

/** Reads one stored row (selected as `columns`, as values) into an event, or says why it cannot. */
const decodeRow = (row: Row): RecordedEvent | EventStoreError => {
  const position = Number(row[0] as bigint)
  const stream = row[1] as string
  let data: unknown
  let metadata: unknown
  try {
    data = JSON.parse(row[6] as string)
  } catch (e) {
    return corruptEvent(stream, position, `data is not valid JSON: ${(e as Error).message}`)
  }
  try {
    metadata = JSON.parse(row[7] as string)
  } catch (e) {
    return corruptEvent(stream, position, `metadata is not valid JSON: ${(e as Error).message}`)
  }
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    return corruptEvent(stream, position, "metadata is not a JSON object")
  }
  return {
    eventId: row[3] as string,
    stream,
    version: row[2] as number,
    position,
    type: row[4] as string,
    schemaVersion: row[5] as number,
    data,
    metadata: metadata as RecordedEvent["metadata"],
    // A row stored without its link reads with none; verifying the log stops at it.
    hash: (row[8] as string | null) ?? ""
  }
}

const decodeRows = (rows: ReadonlyArray<Row>): Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreError> => {
  const events: Array<RecordedEvent> = new Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const decoded = decodeRow(rows[i]!)
    if ("_tag" in decoded) return Effect.fail(decoded)
    events[i] = decoded
  }
  return Effect.succeed(events)
}

const int8 = (n: number): PgTypes.Parameter => PgTypes.int8(BigInt(n))
const arrayOf = arrayParameter

const expectedParameter = (expected: ExpectedVersion): bigint | null =>
  expected === "any" ? null : expected === "no-stream" ? 0n : BigInt(expected)

const isInt32 = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= -2147483648 && (n as number) <= 2147483647

/**
 * Refuses a database whose transaction ids are behind the stored positions, as after the
 * data was restored into a new cluster: new appends would get positions below old ones.
 */
const checkTransactionIds = (sql: SqlClient, schema: string, schemaName: string) =>
  Effect.flatMap(
    Effect.mapError(
      sql.unsafe(`SELECT (SELECT max(position) FROM ${schema}.events) >> ${Position.ordinalBits} AS stored,
        pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next`).values,
      (e) => classify(e, "check transaction ids")
    ),
    (rows) => {
      const [stored, next] = rows[0] as [bigint | null, bigint]
      return stored !== null && stored >= next
        ? Effect.fail(storeUnavailable(
          `schema ${schemaName} holds events of transaction ${stored}, but this cluster's next transaction id is ${next}: ` +
            `were the data restored into another cluster? Raise the transaction id epoch (pg_resetwal -e) above the stored one`
        ))
        : Effect.void
    }
  )

/** How often an append is tried when its versions were stale at insert (see `append`). */
const maxAttempts = 20

/**
 * Makes the store on the `SqlClient` in context, which must be PostgreSQL's, and migrates its
 * schema unless told not to.
 *
 * Hazard: an append must be a transaction of its own. Inside a transaction that already wrote
 * (or is not read committed), the append refuses with `InvalidRequest`, because an
 * earlier-taken transaction id would break the global order.
 */
export const make = (options: StoreOptions = {}): Effect.Effect<PostgresEventStoreShape, EventStoreError, SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    // `recordedAt` comes from the clock in force when the store is made, not from a caller's.
    const clock = yield* Clock.clockWith(Effect.succeed)
    const schemaName = options.schema ?? defaultSchema
    const { schema } = namesOf(schemaName)
    const migrateSchema = Effect.provideService(migrate(schemaName), SqlClient, sql)
    if (options.migrate ?? true) yield* migrateSchema
    yield* checkTransactionIds(sql, schema, schemaName)

    const appendSql = `SELECT ${schema}.append($1::text[], $2::bigint[], $3::boolean[],
      $4::integer[], $5::integer[], $6::text[], $7::text[], $8::integer[], $9::text[], $10::text[], $11::text[], $12::text, $13::text)`
    const appendOneSql = `SELECT ${schema}.append_one($1::text, $2::bigint, $3::text, $4::text, $5::integer, $6::text,
      $7::text, $8::text, $9::text, $10::text)`
    const readStreamSql = `SELECT ${columns} FROM ${schema}.events WHERE stream = $1 AND version >= $2 ORDER BY version LIMIT $3`
    // The gap-free filter: only events of transactions below the snapshot's xmin, all of which
    // have ended, so nothing can still appear below what this returns. pg_current_snapshot()
    // is the statement's own snapshot, the one the rows are read with.
    const readAllSql = `SELECT ${columns} FROM ${schema}.events
      WHERE position > $1
        AND position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${Position.ordinalBits})
      ORDER BY position LIMIT $2`
    // The last position `readAll` shows, under the same filter (an index scan from the end).
    const lastPositionSql = `SELECT coalesce(max(position), 0) FROM ${schema}.events
      WHERE position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${Position.ordinalBits})`
    const readAppendSql = `SELECT ${columns} FROM ${schema}.events WHERE position >= $1 AND position < $2 ORDER BY position`
    // The command id and hash are on the first event of its append; the rest share its transaction.
    const readCommandSql = `SELECT ${columns}, command_hash FROM ${schema}.events
      WHERE position >= (SELECT c.position FROM ${schema}.events c WHERE c.command_id = $1)
        AND position < (SELECT c.position FROM ${schema}.events c WHERE c.command_id = $1) + ${Position.maxEventsPerAppend}
      ORDER BY position`

    const readSnapshotSql = `SELECT version, schema_version, state FROM ${schema}.snapshots WHERE stream = $1`
    // The stream's version and the upsert in one statement; the row is kept when the stored
    // one is of the same schema version and later (`snapshotReplaces`).
    const writeSnapshotSql = `WITH head AS (SELECT coalesce(max(version), 0) AS version FROM ${schema}.events WHERE stream = $1),
      written AS (
        INSERT INTO ${schema}.snapshots (stream, version, schema_version, state)
        SELECT $1, $2, $3, $4 FROM head WHERE $2 BETWEEN 1 AND head.version
        ON CONFLICT (stream) DO UPDATE SET version = excluded.version, schema_version = excluded.schema_version, state = excluded.state
        WHERE snapshots.schema_version <> excluded.schema_version OR snapshots.version <= excluded.version
        RETURNING 1)
      SELECT version FROM head`

    const query = (text: string, params: ReadonlyArray<unknown>, operation: string) =>
      Effect.mapError(sql.unsafe(text, params).values, (e) => classify(e, operation))

    const readAppend = (base: number) =>
      Effect.flatMap(
        query(readAppendSql, [int8(base), int8(base + Position.maxEventsPerAppend)], "read an append"),
        decodeRows
      )

    const readCommand: EventStoreShape["readCommand"] = (commandId) =>
      Effect.flatMap(query(readCommandSql, [PgTypes.text(commandId)], "read a command"), (rows) =>
        rows.length === 0
          ? Effect.succeed(undefined)
          : Effect.map(decodeRows(rows), (events) => ({ events, commandHash: (rows[0]![9] as string | null) ?? undefined })))

    const append: EventStoreShape["append"] = (writes, appendOptions) =>
      Effect.gen(function*() {
        const invalid = validateWrites(writes)
        if (invalid) return yield* Effect.fail(invalid)
        const commandId = appendOptions?.commandId
        const commandHash = commandId === undefined ? undefined : appendOptions?.commandHash
        const recordedAt = new globalThis.Date(clock.currentTimeMillisUnsafe()).toISOString()

        const eventWrite: Array<number> = []
        const eventOffset: Array<number> = []
        const ids: Array<string> = []
        const types: Array<string> = []
        const schemaVersions: Array<number> = []
        const data: Array<string> = []
        const metadata: Array<string> = []
        const idents: Array<string> = []
        for (let w = 0; w < writes.length; w++) {
          const events = writes[w]!.events
          for (let i = 0; i < events.length; i++) {
            const e = events[i]!
            const texts = Integrity.storedTexts(writes[w]!.stream, e, recordedAt)
            if (texts instanceof EventStoreError) return yield* Effect.fail(texts)
            if (!isInt32(e.schemaVersion)) {
              return yield* Effect.fail(invalidRequest(`event ${e.eventId}: schema version ${e.schemaVersion} is not a whole number`))
            }
            eventWrite.push(w + 1)
            eventOffset.push(i + 1)
            ids.push(e.eventId)
            types.push(e.type)
            schemaVersions.push(e.schemaVersion)
            data.push(texts.data)
            metadata.push(texts.metadata)
            idents.push(Integrity.newEventIdentityText(writes[w]!.stream, e))
          }
        }
        if (ids.length > Position.maxEventsPerAppend) {
          return yield* Effect.fail(invalidRequest(
            `an append holds at most ${Position.maxEventsPerAppend} events (got ${ids.length})`
          ))
        }
        const one = writes.length === 1 && ids.length === 1
        const params = one
          ? [
            PgTypes.text(writes[0]!.stream),
            PgTypes.int8(expectedParameter(writes[0]!.expected)),
            PgTypes.text(ids[0]!),
            PgTypes.text(types[0]!),
            PgTypes.int4(schemaVersions[0]!),
            PgTypes.text(data[0]!),
            PgTypes.text(metadata[0]!),
            PgTypes.text(idents[0]!),
            PgTypes.text(commandId ?? null),
            PgTypes.text(commandHash ?? null)
          ]
          : [
            arrayOf(writes.map((w) => w.stream), PgTypes.OID.text),
            arrayOf(writes.map((w) => expectedParameter(w.expected)), PgTypes.OID.int8),
            arrayOf(writes.map((w) => w.events.length > 0), PgTypes.OID.bool),
            arrayOf(eventWrite, PgTypes.OID.int4),
            arrayOf(eventOffset, PgTypes.OID.int4),
            arrayOf(ids, PgTypes.OID.text),
            arrayOf(types, PgTypes.OID.text),
            arrayOf(schemaVersions, PgTypes.OID.int4),
            arrayOf(data, PgTypes.OID.text),
            arrayOf(metadata, PgTypes.OID.text),
            arrayOf(idents, PgTypes.OID.text),
            PgTypes.text(commandId ?? null),
            PgTypes.text(commandHash ?? null)
          ]

        const duplicateOf = (base: number) =>
          Effect.map(readAppend(base), (events) => ({ events, duplicate: true }))

        for (let attempt = 1;; attempt++) {
          const result = yield* Effect.result(sql.unsafe(one ? appendOneSql : appendSql, params).values)
          if (result._tag === "Failure") {
            const error = result.failure
            if (commandId !== undefined && isUniqueViolationOf(error, "events_command")) {
              // Another append with this command id committed while this one ran.
              const first = yield* readCommand(commandId)
              if (first !== undefined && !sameCommand(first.commandHash, commandHash)) return yield* Effect.fail(commandIdReused(commandId))
              if (first !== undefined) return { events: first.events, duplicate: true }
            }
            // Only a row written around the stream locks (by hand, or by another program)
            // can collide here; the next attempt reads the versions again.
            if (isUniqueViolationOf(error, "events_stream_version") && attempt < maxAttempts) continue
            return yield* Effect.fail(classify(error, "append"))
          }
          // [status, first position, the versions read…, the hashes written…]: see the append function.
          const answer = (result.success[0] as [ReadonlyArray<string | null>])[0]
          const status = Number(answer[0])
          const first = Number(answer[1])
          const actual = answer.slice(2, 2 + writes.length).map(Number)
          const hashes = answer.slice(2 + writes.length) as ReadonlyArray<string>
          if (status === 1) return yield* duplicateOf(first)
          if (status === 3) return yield* Effect.fail(commandIdReused(commandId!))
          if (status === 2) {
            for (let w = 0; w < actual.length; w++) {
              const write = writes[w]!
              if (!versionMatches(write.expected, actual[w]!)) {
                return yield* Effect.fail(wrongExpectedVersion(write.stream, write.expected, actual[w]!))
              }
            }
            return yield* Effect.fail(storeUnavailable("append reported a conflict on no stream"))
          }
          const events: Array<RecordedEvent> = new Array(ids.length)
          for (let i = 0; i < ids.length; i++) {
            const w = eventWrite[i]! - 1
            events[i] = {
              eventId: ids[i]!,
              stream: writes[w]!.stream,
              version: actual[w]! + eventOffset[i]!,
              position: first + i,
              type: types[i]!,
              schemaVersion: schemaVersions[i]!,
              // Parsed back from what was stored, so the caller gets exactly what a reader will.
              data: JSON.parse(data[i]!),
              metadata: JSON.parse(metadata[i]!),
              hash: hashes[i]!
            }
          }
          return { events, duplicate: false }
        }
      })

    const readStream: EventStoreShape["readStream"] = (stream, readOptions) =>
      Effect.flatMap(
        query(
          readStreamSql,
          [
            PgTypes.text(stream),
            PgTypes.int4(Math.max(1, Math.min(2147483647, Math.ceil(readOptions?.fromVersion ?? 1)))),
            // NULL: no limit.
            readOptions?.limit === undefined ? null : PgTypes.int8(BigInt(Math.max(0, Math.floor(readOptions.limit))))
          ],
          "read a stream"
        ),
        decodeRows
      )

    const readAll: EventStoreShape["readAll"] = ({ after, limit }) =>
      limit < 1
        ? Effect.succeed([])
        : Effect.flatMap(
          query(readAllSql, [int8(Math.max(0, Math.floor(after))), int8(Math.floor(limit))], "read the log"),
          decodeRows
        )

    const lastPosition: NonNullable<EventStoreShape["lastPosition"]> = () =>
      Effect.map(query(lastPositionSql, [], "read the end of the log"), (rows) => Number(rows[0]![0] as bigint))

    const readSnapshot: NonNullable<EventStoreShape["readSnapshot"]> = (stream) =>
      Effect.flatMap(query(readSnapshotSql, [PgTypes.text(stream)], "read a snapshot"), (rows) => {
        if (rows.length === 0) return Effect.succeed(undefined)
        const [version, schemaVersion, text] = rows[0] as [number, number, string]
        try {
          return Effect.succeed({ stream, version, schemaVersion, state: JSON.parse(text) as unknown })
        } catch (e) {
          return Effect.fail(corruptEvent(stream, 0, `its snapshot is not valid JSON: ${(e as Error).message}`))
        }
      })

    const writeSnapshot: NonNullable<EventStoreShape["writeSnapshot"]> = (snapshot) =>
      Effect.gen(function*() {
        // Every check but the stream's version, which the statement makes against the stored one.
        const text = validateSnapshot(snapshot, Math.max(1, snapshot.version))
        if (typeof text !== "string") return yield* Effect.fail(text)
        if (!isInt32(snapshot.version) || !isInt32(snapshot.schemaVersion)) {
          return yield* Effect.fail(invalidRequest(`snapshot of ${snapshot.stream}: its versions are not 32-bit whole numbers`))
        }
        const rows = yield* query(
          writeSnapshotSql,
          [PgTypes.text(snapshot.stream), PgTypes.int4(snapshot.version), PgTypes.int4(snapshot.schemaVersion), PgTypes.text(text)],
          "write a snapshot"
        )
        const head = Number((rows[0] as [number | bigint | string])[0])
        if (snapshot.version > head) return yield* Effect.fail(validateSnapshot(snapshot, head) as EventStoreError)
      })

    return {
      schema: schemaName,
      migrate: migrateSchema,
      sql,
      append,
      readStream,
      readAll,
      readCommand,
      lastPosition,
      readSnapshot,
      writeSnapshot
    }
  })

/** How long a listener's lease lasts (`Migrations`, version 9), and how often it is renewed, in seconds. */
const lease = { seconds: 60, renewEvery: 20 } as const

/**
 * Wake-ups for followers of `schema`'s log (`LogChanges`), on `client`'s pool: the first
 * waiter starts a listener on the schema's channel, in `scope`, that holds one connection
 * until the scope closes. Appends announce themselves only while some store listens, so the
 * listener takes a lease in the schema (and renews it, and gives it back when it stops) after
 * its LISTEN is confirmed. Each time it has (re)confirmed the LISTEN and taken the lease, every
 * waiter is woken, since commits before were not heard; and again whenever it finds its lease
 * had lapsed (renewed too late). So a waiter misses no commit after it started waiting,
 * except while the connection is down or the lease lapsed (then it is woken when they are
 * back). The listener takes one of the pool's connections for good: a store that is followed
 * needs `maxConnections` of two or more.
 */
export const makeLogChanges = (client: PgClient.PgClient, schema: string, scope: Scope.Scope): LogChanges.LogChangesShape => {
  const channel = channelOf(schema)
  const names = namesOf(schema)
  const id = crypto.randomUUID()
  const takeLease = Effect.map(
    client.unsafe(`SELECT ${names.schema}.listen_lease($1, $2)`, [PgTypes.text(id), PgTypes.int4(lease.seconds)]).values,
    (rows) => (rows[0] as [boolean])[0]
  )
  const giveBack = Effect.ignore(Effect.timeoutOption(client.unsafe(`DELETE FROM ${names.schema}.listeners WHERE id = $1`, [PgTypes.text(id)]), "1 second"))
  // A renewal that fails is tried again at the next turn, which wakes every waiter if the lease lapsed meanwhile.
  const renew = Effect.forever(Effect.andThen(
    Effect.sleep(`${lease.renewEvery} seconds`),
    Effect.ignore(Effect.flatMap(takeLease, (live) => Effect.sync(() => live || signal.wake())))
  ))
  const listen = Effect.scoped(Effect.gen(function*() {
    const notifications = yield* client.listen(channel)
    yield* Effect.addFinalizer(() => giveBack)
    yield* takeLease
    signal.wake()
    yield* Effect.forkScoped(renew)
    for (;;) {
      yield* Queue.takeAll(notifications)
      signal.wake()
    }
  }))
  let listening = false
  const start = Effect.suspend(() => {
    if (listening) return Effect.void
    listening = true
    // It never ends: a dropped connection fails the queue (or the lease), and it listens again after a pause.
    return Effect.asVoid(Effect.forkIn(Effect.retry(listen, Schedule.spaced("1 second")), scope))
  })
  const signal = LogChanges.makeSignal()
  return { changed: Effect.andThen(start, signal.changed) }
}

/**
 * A layer with the PostgreSQL store, as `EventStore` and as `PostgresEventStore`, with its
 * `LogChanges`, on a connection pool of its own. It migrates the schema on start; a server it
 * cannot reach fails the layer with `StoreUnavailable`.
 */
export const layer = (options: Options): Layer.Layer<PostgresEventStore | EventStore | LogChanges.LogChanges, EventStoreError> =>
  Layer.effectContext(Effect.gen(function*() {
    const url = Redacted.isRedacted(options.url) ? options.url : Redacted.make(options.url)
    const bad = checkUrl(Redacted.value(url))
    if (bad) return yield* Effect.fail(bad)
    const client = yield* PgClient.make({
      url,
      maxConnections: options.maxConnections,
      connectTimeout: options.connectTimeoutMillis ?? 5_000,
      applicationName: "fulian"
    }).pipe(
      Effect.provide(Reactivity.layer),
      Effect.mapError((e) => classify(e, "connect"))
    )
    const store = yield* Effect.provideService(make(options), SqlClient, client)
    const changes = makeLogChanges(client, store.schema, yield* Scope.Scope)
    return Context.make(PostgresEventStore, store).pipe(Context.add(EventStore, store), Context.add(LogChanges.LogChanges, changes))
  }))

/**
 * The configuration `layerConfig` reads by default: the connection string from
 * `FULIAN_PG_URL` (required) and the schema from `FULIAN_PG_SCHEMA` (default `fulian`).
 */
export const defaultConfig: Config.Config<Options> = Config.all({
  url: Config.Redacted(urlVariable),
  schema: Config.String("FULIAN_PG_SCHEMA").pipe(Config.withDefault(defaultSchema))
})

/** `layer`, with its options read from configuration (by default, `defaultConfig`). */
export const layerConfig = (
  config: Config.Config<Options> = defaultConfig
): Layer.Layer<PostgresEventStore | EventStore | LogChanges.LogChanges, EventStoreError | Config.ConfigError> =>
  Layer.unwrap(Effect.map(config, layer))
