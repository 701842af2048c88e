/**
 * Where `fulian` keeps the events: `--store sqlite:<file>` (the embedded default,
 * `sqlite:fulian.db`) or `--store postgres:<url>`, where the URL may name the PostgreSQL schema
 * of the store's tables with `?schema=<name>` (default `fulian`).
 *
 * @since 0.1.0
 */
import { Layer, Redacted } from "effect"
import { Flag, GlobalFlag } from "effect/cli"
import type { ProjectionStore } from "@fulian/projections/Projection"
import * as EncryptingEventStore from "@fulian/privacy/EncryptingEventStore"
import type { EventStore, EventStoreError } from "@fulian/store/EventStore"
import type { KeyStore, KeyStoreError } from "@fulian/store/KeyStore"
import type { StoredLog } from "@fulian/store/StoredLog"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
import * as PostgresKeyStore from "@fulian/store-postgres/PostgresKeyStore"
import * as PostgresProjectionStore from "@fulian/store-postgres/PostgresProjectionStore"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import * as TracedEventStore from "@fulian/store/TracedEventStore"
import * as SqliteKeyStore from "@fulian/store-sqlite/SqliteKeyStore"
import * as SqliteProjectionStore from "@fulian/store-sqlite/SqliteProjectionStore"

/** A store named on the command line. */
export type Spec =
  | { readonly _tag: "sqlite"; readonly filename: string }
  | { readonly _tag: "postgres"; readonly url: Redacted.Redacted<string>; readonly schema?: string | undefined }

/** The store used when none is named: the embedded SQLite file `fulian.db` in the working directory. */
export const defaultSpec = "sqlite:fulian.db"

/**
 * Reads a store spec: `sqlite:<file>`, or `postgres:<url>` (a `postgres://…` or
 * `postgresql://…` URL may also be given alone). Throws a readable message otherwise.
 */
export const parse = (text: string): Spec => {
  if (text.startsWith("sqlite:")) {
    const filename = text.slice("sqlite:".length)
    if (filename.length === 0) throw new Error("sqlite: needs a file name, as in sqlite:fulian.db")
    return { _tag: "sqlite", filename }
  }
  const url = /^postgres(ql)?:\/\//.test(text) ? text : text.startsWith("postgres:") ? text.slice("postgres:".length) : undefined
  if (url !== undefined) {
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
  throw new Error(`a store is sqlite:<file> or postgres:<url>, not ${JSON.stringify(text)}`)
}

/** The store spec as shown to people: the file, or the server without its password. */
export const describe = (spec: Spec): string => {
  if (spec._tag === "sqlite") return `sqlite:${spec.filename}`
  const u = new URL(Redacted.value(spec.url))
  if (u.password !== "") u.password = "***"
  if (spec.schema !== undefined) u.searchParams.set("schema", spec.schema)
  return `postgres:${u.toString()}`
}

/** Options of opening a store. */
export interface OpenOptions {
  /**
   * SQLite only: `"normal"` relaxes the sync of every commit (still atomic and crash-safe for
   * the process); the demo's seeding uses it. Default `"full"`.
   */
  readonly durability?: SqliteEventStore.Durability | undefined
}

/**
 * The event store a spec names, opened for the scope of the program that uses it, with
 * personal data encrypted under each data subject's key (`@fulian/privacy`, DOMAIN.md §10), and
 * beside the events the key store and the projection store of the ledgers: in the same SQLite
 * file, or in the same PostgreSQL schema (their own tables).
 */
export const layer = (
  spec: Spec,
  options: OpenOptions = {}
): Layer.Layer<EventStore | StoredLog | KeyStore | ProjectionStore, EventStoreError | KeyStoreError> => {
  // One connection (one layer instance) serves them all: a layer is built once however often it is provided.
  if (spec._tag === "sqlite") {
    // The adapter's own calls are traced (spans cost little when no tracer is installed).
    const events = Layer.provideMerge(TracedEventStore.layer, SqliteEventStore.layer({ filename: spec.filename, durability: options.durability }))
    const keys = Layer.provide(SqliteKeyStore.layer(), events)
    return Layer.mergeAll(Layer.provide(EncryptingEventStore.layer, Layer.merge(events, keys)), keys, Layer.provide(SqliteProjectionStore.layer, events))
  }
  const events = Layer.provideMerge(TracedEventStore.layer, PostgresEventStore.layer({ url: spec.url, schema: spec.schema }))
  const keys = Layer.provide(PostgresKeyStore.layer(), events)
  return Layer.mergeAll(Layer.provide(EncryptingEventStore.layer, Layer.merge(events, keys)), keys, Layer.provide(PostgresProjectionStore.layer, events))
}

/** The global `--store` setting of every command. */
export const StoreFlag = GlobalFlag.Setting("store")({
  flag: Flag.String("store").pipe(
    Flag.withDescription(`Where the events are: sqlite:<file> (the embedded store) or postgres:<url> (default ${defaultSpec})`),
    Flag.withMetavar("sqlite:<file>|postgres:<url>"),
    Flag.withDefault(defaultSpec),
    Flag.mapTryCatch(parse, (error) => (error instanceof Error ? error.message : String(error)))
  )
})
