/**
 * Opens the store of a spec (`Store.layer`, `Store.eventsLayer`): loaded only when a command
 * opens a store, and loading only the adapter that the spec names — SQLite's driver, the
 * PostgreSQL client or KurrentDB's gRPC client — and the projection store's only when the
 * command keeps or reads the ledgers.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Redacted } from "effect"
import * as EncryptingEventStore from "@fulian/privacy/EncryptingEventStore"
import type { ProjectionStore } from "@fulian/projections/Projection"
import { EventStore, type EventStoreError, storeUnavailable } from "@fulian/store/EventStore"
import type { KeyStore, KeyStoreError } from "@fulian/store/KeyStore"
import type { StoredLog } from "@fulian/store/StoredLog"
import * as TracedEventStore from "@fulian/store/TracedEventStore"
import { UsageError } from "../Failure.ts"
import { defaultProjectionsSpec, describe, type OpenOptions, parseProjections, type ProjectionsSpec, type Spec } from "../Store.ts"

/** A store opened: its events and keys, and the ledgers' projection store on the same connection, made when asked for. */
export interface Opened {
  readonly events: Layer.Layer<EventStore | StoredLog | KeyStore, EventStoreError | KeyStoreError | UsageError>
  /** Loads the projection store's adapter and makes its layer. */
  readonly projections: Effect.Effect<Layer.Layer<ProjectionStore, EventStoreError | UsageError>>
}

/** A SQLite or PostgreSQL database, once: its event store, its key store, and its projection store to be loaded. */
interface Database {
  readonly store: Layer.Layer<EventStore, EventStoreError | UsageError>
  readonly keys: Layer.Layer<KeyStore, EventStoreError | KeyStoreError | UsageError>
  readonly projections: Effect.Effect<Layer.Layer<ProjectionStore, EventStoreError | UsageError>>
}

/**
 * A SQLite or PostgreSQL database, opened once, with its key store and projection store on the
 * same connection (one layer instance serves them all: a layer is built once however often it is
 * provided). `sideOf` (a description of the KurrentDB store) checks that it holds no events: it
 * is then only the side database of that store.
 */
const database = (spec: ProjectionsSpec, options: OpenOptions, sideOf?: string): Effect.Effect<Database> => {
  const side = <A, E>(store: Layer.Layer<A | EventStore, E>) =>
    sideOf === undefined ? store : Layer.tap(store, (context: Context.Context<EventStore>) =>
      Effect.gen(function*() {
        const first = yield* Context.get(context, EventStore).readAll({ after: 0, limit: 1 })
        if (first.length > 0) {
          return yield* new UsageError({
            detail: `${describe(spec)} holds events of its own (it is a store: --store ${describe(spec)}), so it cannot also keep the ledgers and keys of the events in ${sideOf}: name another database with --projections`
          })
        }
      }))
  // A database's store, with its key store and its projection store (loaded when asked for) on it.
  const on = <S, E, EK, EP>(
    store: Layer.Layer<EventStore | S, E>,
    keys: Layer.Layer<KeyStore, EK, S>,
    projections: () => Promise<{ readonly layer: Layer.Layer<ProjectionStore, EP, S> }>
  ): {
    readonly store: Layer.Layer<EventStore, E>
    readonly keys: Layer.Layer<KeyStore, E | EK>
    readonly projections: Effect.Effect<Layer.Layer<ProjectionStore, E | EP>>
  } => ({
    store,
    keys: Layer.provide(keys, store),
    projections: Effect.map(Effect.promise(projections), (m) => Layer.provide(m.layer, store))
  })
  if (spec._tag === "sqlite") {
    return Effect.map(
      Effect.promise(() => Promise.all([import("@fulian/store-sqlite/SqliteEventStore"), import("@fulian/store-sqlite/SqliteKeyStore")])),
      ([SqliteEventStore, SqliteKeyStore]) =>
        on(side(SqliteEventStore.layer({ filename: spec.filename, durability: options.durability, pageCacheKib: options.readsOnce ? 2048 : undefined })), SqliteKeyStore.layer(), () =>
          import("@fulian/store-sqlite/SqliteProjectionStore"))
    )
  }
  return Effect.map(
    Effect.promise(() => Promise.all([import("@fulian/store-postgres/PostgresEventStore"), import("@fulian/store-postgres/PostgresKeyStore")])),
    ([PostgresEventStore, PostgresKeyStore]) =>
      on(side(PostgresEventStore.layer({ url: spec.url, schema: spec.schema })), PostgresKeyStore.layer(), () =>
        import("@fulian/store-postgres/PostgresProjectionStore"))
  )
}

/** The KurrentDB store, its adapter (and gRPC client) loaded when the layer is built. */
const kurrent = (connectionString: Redacted.Redacted<string>): Layer.Layer<EventStore, EventStoreError> =>
  Layer.unwrap(Effect.map(
    Effect.tryPromise({
      try: () => import("@fulian/store-kurrentdb/KurrentEventStore"),
      catch: (cause) =>
        storeUnavailable(`the KurrentDB adapter @fulian/store-kurrentdb could not be loaded (${cause instanceof Error ? cause.message : String(cause)})`, cause)
    }),
    (KurrentEventStore) => KurrentEventStore.layer({ connectionString: Redacted.value(connectionString) })
  ))

/**
 * Opens the store a spec names, as `Store.layer` describes: events with personal data
 * encrypted, the key store beside them, and the projection store when asked for.
 */
export const open = (spec: Spec, options: OpenOptions): Effect.Effect<Opened> =>
  Effect.gen(function*() {
    // The adapter's own calls are traced (spans cost little when no tracer is installed).
    if (spec._tag === "kurrentdb") {
      const side = yield* database(options.projections ?? parseProjections(defaultProjectionsSpec), options, describe(spec))
      const events = Layer.provideMerge(TracedEventStore.layer, kurrent(spec.connectionString))
      return { events: Layer.merge(Layer.provide(EncryptingEventStore.layer, Layer.merge(events, side.keys)), side.keys), projections: side.projections }
    }
    const own = yield* database(spec, options)
    const events = Layer.provideMerge(TracedEventStore.layer, own.store)
    return { events: Layer.merge(Layer.provide(EncryptingEventStore.layer, Layer.merge(events, own.keys)), own.keys), projections: own.projections }
  })
