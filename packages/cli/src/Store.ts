/**
 * Where `fulian` keeps the events: `--store sqlite:<file>` (the embedded default,
 * `sqlite:fulian.db`), `--store postgres:<url>`, where the URL may name the PostgreSQL schema
 * of the store's tables with `?schema=<name>` (default `fulian`), or `--store
 * kurrentdb:<connection string>` (a KurrentDB cluster, through `@fulian/store-kurrentdb`).
 *
 * On SQLite and PostgreSQL the ledgers' read models (the projection store) and the
 * personal-data keys (the key store) are kept beside the events, in the same file or schema.
 * KurrentDB keeps only the events: the read models and the keys go to the database that
 * `--projections sqlite:<file>|postgres:<url>` names (default `sqlite:fulian.db`). The keys
 * cannot live in KurrentDB, because erasure destroys a key at once, and a KurrentDB event can
 * only be deleted by a later scavenge. That database is opened as a store of its own, so it
 * also gets the (empty) events tables of its adapter; one that already holds events is refused,
 * since it is a store, not the side database of a KurrentDB log. It belongs to one KurrentDB:
 * its checkpoints are positions in that log and its keys are of that log's people, which
 * nothing checks; for another KurrentDB (or one started afresh), name a fresh one.
 *
 * Each adapter is loaded only when a command opens a store of its kind (`internal/OpenStore.ts`):
 * SQLite's driver, the PostgreSQL client and KurrentDB's gRPC client, and with them the
 * encrypting layer of `@fulian/privacy`. Reading the flags loads none of them, so `fulian
 * --version`, a command's help and a command on another store do not pay for them.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Flag, GlobalFlag } from "effect/cli"
import type { ProjectionStore } from "@fulian/projections/Projection"
import type { EventStore, EventStoreError } from "@fulian/store/EventStore"
import type { KeyStore, KeyStoreError } from "@fulian/store/KeyStore"
import type { StoredLog } from "@fulian/store/StoredLog"
import type { Durability } from "@fulian/store-sqlite/SqliteEventStore"
import type { UsageError } from "./Failure.ts"

/** A store named on the command line. */
export type Spec =
  | { readonly _tag: "sqlite"; readonly filename: string }
  | { readonly _tag: "postgres"; readonly url: Redacted.Redacted<string>; readonly schema?: string | undefined }
  | { readonly _tag: "kurrentdb"; readonly connectionString: Redacted.Redacted<string> }

/** A database that can keep projections and keys (`--projections`): SQLite or PostgreSQL, not KurrentDB. */
export type ProjectionsSpec = Extract<Spec, { readonly _tag: "sqlite" | "postgres" }>

/** The store used when none is named: the embedded SQLite file `fulian.db` in the working directory. */
export const defaultSpec = "sqlite:fulian.db"

/** Where the projections and keys of a KurrentDB store are kept when `--projections` names nowhere: `fulian.db` in the working directory. */
export const defaultProjectionsSpec = "sqlite:fulian.db"

// The protocols the KurrentDB client's connection-string parser accepts (`esdb` is deprecated there, with a warning).
const kurrentProtocol = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//

const kurrentExample = "kurrentdb:kurrentdb://localhost:2113?tls=false"

const parseSqlite = (text: string): ProjectionsSpec | undefined => {
  if (!text.startsWith("sqlite:")) return undefined
  const filename = text.slice("sqlite:".length)
  if (filename.length === 0) throw new Error("sqlite: needs a file name, as in sqlite:fulian.db")
  return { _tag: "sqlite", filename }
}

const parsePostgres = (text: string): ProjectionsSpec | undefined => {
  const url = /^postgres(ql)?:\/\//.test(text) ? text : text.startsWith("postgres:") ? text.slice("postgres:".length) : undefined
  if (url === undefined) return undefined
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error("postgres: needs a connection URL, as in postgres:postgres://user@host:5432/fulian")
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new Error("postgres: needs a connection URL, as in postgres:postgres://user@host:5432/fulian")
  }
  const schema = parsed.searchParams.get("schema") ?? undefined
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`${schema} is not a PostgreSQL schema name`)
  parsed.searchParams.delete("schema")
  return { _tag: "postgres", url: Redacted.make(parsed.toString()), schema }
}

const parseKurrent = (text: string): Spec | undefined => {
  // A bare connection string is tried first: `kurrentdb://…` itself starts with `kurrentdb:`.
  const connectionString = kurrentProtocol.test(text) ? text : text.startsWith("kurrentdb:") ? text.slice("kurrentdb:".length) : undefined
  if (connectionString === undefined) return undefined
  const protocol = kurrentProtocol.exec(connectionString)
  // Only the outline is checked here; the client's own parser reads the rest when the store is opened.
  if (protocol === null || /^($|[?/,])/.test(connectionString.slice(protocol[0].length))) {
    throw new Error(`kurrentdb: needs a KurrentDB connection string naming a host, as in ${kurrentExample}`)
  }
  return { _tag: "kurrentdb", connectionString: Redacted.make(connectionString) }
}

/**
 * Reads a store spec: `sqlite:<file>`, `postgres:<url>` (a `postgres://…` or `postgresql://…`
 * URL may also be given alone), or `kurrentdb:<connection string>` (a `kurrentdb://…`,
 * `kurrentdb+discover://…`, `esdb://…` or `esdb+discover://…` string may also be given alone,
 * as may the client's `kurrent` and `kdb` spellings). Throws a readable message otherwise.
 */
export const parse = (text: string): Spec => {
  const spec = parseSqlite(text) ?? parsePostgres(text) ?? parseKurrent(text)
  if (spec === undefined) {
    throw new Error(`a store is sqlite:<file> or postgres:<url>, or kurrentdb:<connection string> for KurrentDB, not ${JSON.stringify(text)}`)
  }
  return spec
}

/** Reads the value of `--projections`: `sqlite:<file>` or `postgres:<url>`, as `parse` reads them; refuses KurrentDB. */
export const parseProjections = (text: string): ProjectionsSpec => {
  if (parseKurrent(text) !== undefined) {
    throw new Error(
      "--projections cannot be KurrentDB: the ledgers and the personal-data keys of a KurrentDB store are kept in sqlite:<file> or postgres:<url>, where erasure can destroy a key at once"
    )
  }
  const spec = parseSqlite(text) ?? parsePostgres(text)
  if (spec === undefined) throw new Error(`--projections is sqlite:<file> or postgres:<url>, not ${JSON.stringify(text)}`)
  return spec
}

/** The store spec as shown to people, as `--store` takes it: the file, or the server without its password. */
export const describe = (spec: Spec): string => {
  if (spec._tag === "sqlite") return `sqlite:${spec.filename}`
  if (spec._tag === "kurrentdb") {
    // The credentials as the client reads them: `user:password@` right after the protocol.
    return `kurrentdb:${Redacted.value(spec.connectionString).replace(/^([^:]+:\/\/)([^:]+):([^@]+)@/, "$1$2:***@")}`
  }
  const u = new URL(Redacted.value(spec.url))
  if (u.password !== "") u.password = "***"
  if (spec.schema !== undefined) u.searchParams.set("schema", spec.schema)
  return `postgres:${u.toString()}`
}

/**
 * Where the ledgers' read models are kept for a store: the store itself, or for KurrentDB the
 * projections database (its `describe`d form either way).
 */
export const describeProjections = (spec: Spec, projections: ProjectionsSpec | undefined): string =>
  spec._tag === "kurrentdb" ? describe(projections ?? parseProjections(defaultProjectionsSpec)) : describe(spec)

/** Options of opening a store. */
export interface OpenOptions {
  /**
   * SQLite only: `"normal"` relaxes the sync of every commit (still atomic and crash-safe for
   * the process); the demo's seeding uses it. For a KurrentDB store, it applies to a SQLite
   * projections database. Default `"full"`.
   */
  readonly durability?: Durability | undefined
  /**
   * KurrentDB only: where the ledgers' read models and the personal-data keys are kept
   * (`--projections`). Default `sqlite:fulian.db`, as the flag's.
   */
  readonly projections?: ProjectionsSpec | undefined
  /**
   * SQLite only: the command reads what it reads once, in order (`fulian history`), so the
   * connection keeps a page cache of 2,048 KiB (SQLite's own default) instead of the driver's
   * 16,000, which such a read fills to no use.
   */
  readonly readsOnce?: boolean | undefined
}

const opening = (spec: Spec, options: OpenOptions) =>
  Effect.flatMap(Effect.promise(() => import("./internal/OpenStore.ts")), (OpenStore) => OpenStore.open(spec, options))

/**
 * The event store a spec names, opened for the scope of the program that uses it, with
 * personal data encrypted under each data subject's key (`@fulian/privacy`, DOMAIN.md §10), and
 * beside the events the key store and the projection store of the ledgers: in the same SQLite
 * file, or in the same PostgreSQL schema (their own tables); for KurrentDB, in the database
 * `options.projections` names. Fails with a `UsageError` when that database holds events.
 */
export const layer = (
  spec: Spec,
  options: OpenOptions = {}
): Layer.Layer<EventStore | StoredLog | KeyStore | ProjectionStore, EventStoreError | KeyStoreError | UsageError> =>
  Layer.unwrap(Effect.gen(function*() {
    const opened = yield* opening(spec, options)
    return Layer.merge(opened.events, yield* opened.projections)
  }))

/**
 * The store of `layer` without the ledgers' projection store, for a command that reads only
 * events (`fulian history`): its adapter and the projections package are not loaded.
 */
export const eventsLayer = (
  spec: Spec,
  options: OpenOptions = {}
): Layer.Layer<EventStore | StoredLog | KeyStore, EventStoreError | KeyStoreError | UsageError> =>
  Layer.unwrap(Effect.map(opening(spec, options), (opened) => opened.events))

/** The global `--store` setting of every command. */
export const StoreFlag = GlobalFlag.Setting("store")({
  flag: Flag.String("store").pipe(
    Flag.withDescription(
      `Where the events are: sqlite:<file> (the embedded store), postgres:<url>, or kurrentdb:<connection string> (a KurrentDB cluster, e.g. ${kurrentExample}; its ledgers and keys are kept where --projections says) (default ${defaultSpec})`
    ),
    Flag.withMetavar("sqlite:<file>|postgres:<url>|kurrentdb:<conn>"),
    Flag.withDefault(defaultSpec),
    Flag.mapTryCatch(parse, (error) => (error instanceof Error ? error.message : String(error)))
  )
})

/** The global `--projections` setting: where a KurrentDB store's ledgers and keys are kept. */
export const ProjectionsFlag = GlobalFlag.Setting("projections")({
  flag: Flag.String("projections").pipe(
    Flag.withDescription(
      `Where a KurrentDB --store keeps the ledgers' read models and the personal-data keys: sqlite:<file> or postgres:<url> (default ${defaultProjectionsSpec}). The keys are kept here because erasure destroys a person's key at once, which KurrentDB cannot do (its events go only at a scavenge); give every command on that KurrentDB the same one, as without its keys the personal data reads as erased. Ignored with a sqlite or postgres --store, whose ledgers and keys stay with its events.`
    ),
    Flag.withMetavar("sqlite:<file>|postgres:<url>"),
    Flag.withDefault(defaultProjectionsSpec),
    Flag.mapTryCatch(parseProjections, (error) => (error instanceof Error ? error.message : String(error)))
  )
})
