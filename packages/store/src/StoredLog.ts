/**
 * The log as it is stored: the events exactly as the adapter holds them, before any layer in
 * front of the store changes what they read as (decrypting personal data: `@fulian/privacy`).
 * It is what the hash links and checkpoints of the log are computed and verified over
 * (`Integrity`), and it is for verification and adapters only — it is not authorized reading
 * (`@fulian/core/Reading` is).
 *
 * @since 0.1.0
 */
import { Context, Layer } from "effect"
import { EventStore, type EventStoreShape } from "./EventStore.ts"

/** The stored log: the adapter's own reads, undecorated. */
export class StoredLog extends Context.Service<StoredLog, EventStoreShape>()("fulian/StoredLog") {}

/** The stored log of a store with nothing in front of it: the event store itself. */
export const layer: Layer.Layer<StoredLog, never, EventStore> = Layer.effect(StoredLog, EventStore.useSync((store) => store))
