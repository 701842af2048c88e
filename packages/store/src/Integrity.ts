/**
 * Hash links (哈希链): every stored event carries a hash over its stored form, linked to the
 * event before it in its stream, and a root over every stream's head commits to the whole log
 * up to a position — what a checkpoint signs (DOMAIN.md §10 Integrity).
 *
 * **Why a chain per stream.** A single chain over the global log would make every writer wait
 * for the one before it to know its predecessor's hash: on PostgreSQL, writers to different
 * streams would queue on one lock. An append already holds its streams' locks and reads their
 * versions, so linking to the stream's last event costs nothing more. What a chain per stream
 * cannot see — the last events of a stream removed, or events of different streams moved
 * against each other — the root of every stream's head at a position sees: a checkpoint.
 *
 * **What is hashed.** The event as stored, in this layout (UTF-8, lines joined by `\n`):
 *
 *   fulian-event-1
 *   <the hash of the stream's previous event, or 64 zeros for its first>
 *   <version>
 *   <position>
 *   <canonical JSON of {eventId, schemaVersion, stream, type}>
 *   <canonical JSON of the data as stored>
 *   <canonical JSON of the metadata as stored, recordedAt included>
 *
 * and the hash is its SHA-256 in lowercase hex. "As stored" means after any layer in front of
 * the store: personal data is hashed as the ciphertext the store holds, so destroying a key
 * (erasure) changes no hash. Canonical JSON (`CanonicalJson`) has no raw line break, so the
 * lines cannot run into each other. The layout is part of the stored data: never change it;
 * a new one is `fulian-event-2`.
 *
 * **The root.** A Merkle tree (as in RFC 6962: a leaf is hashed after a 0 byte, a node after
 * a 1 byte) over the heads of every stream with an event at or before the position, in the
 * order of their names, each head the canonical JSON `[stream, version, hash]`.
 *
 * @since 0.1.0
 */
import * as crypto from "node:crypto"
import { Schema } from "effect"
import { canonicalJson } from "./CanonicalJson.ts"
import { type EventStoreError, invalidRequest, type NewEvent, type RecordedEvent } from "./EventStore.ts"

/** The previous hash of a stream's first event. */
export const genesis: string = "0".repeat(64)

/** The first line of the hashed text: the layout's name and version. */
export const layout = "fulian-event-1"

/**
 * The stored form of a new event's data and metadata: their canonical JSON texts, the
 * metadata with the store's `recordedAt`. What is not JSON (`NaN`, a bigint, a cycle, no data
 * at all) is refused with `InvalidRequest` naming the event, before anything is written.
 */
export const storedTexts = (
  stream: string,
  event: NewEvent,
  recordedAt: string
): { readonly data: string; readonly metadata: string } | EventStoreError => {
  try {
    if (event.data === undefined) return invalidRequest(`stream ${stream}: event ${event.eventId} has no JSON data`)
    // Copied and set, not `{ ...event.metadata, recordedAt }` (see `CommandHandler.envelopeOf`).
    const metadata: Record<string, unknown> = Object.assign({}, event.metadata)
    metadata.recordedAt = recordedAt
    return { data: canonicalJson(event.data), metadata: canonicalJson(metadata) }
  } catch (error) {
    return invalidRequest(`stream ${stream}: event ${event.eventId} is not JSON: ${(error as Error).message}`)
  }
}

/** What identifies an event in its hash, besides its place. */
export interface EventIdentity {
  readonly eventId: string
  readonly schemaVersion: number
  readonly stream: string
  readonly type: string
}

/** The identity line of the hashed text (adapters that hash in the database send it along). */
export const identityText = (event: EventIdentity): string =>
  identityOf(event.eventId, event.schemaVersion, event.stream, event.type)

/** The identity line of a new event appended to a stream (`identityText`, with the stream it goes to). */
export const newEventIdentityText = (stream: string, event: NewEvent): string =>
  identityOf(event.eventId, event.schemaVersion, stream, event.type)

// The canonical JSON of the four identity fields, written in their sorted order without an
// object to sort; anything but text and a finite number takes `canonicalJson`'s own path.
const identityOf = (eventId: unknown, schemaVersion: unknown, stream: unknown, type: unknown): string =>
  typeof eventId === "string" && typeof schemaVersion === "number" && Number.isFinite(schemaVersion) &&
    typeof stream === "string" && typeof type === "string"
    ? `{"eventId":${JSON.stringify(eventId)},"schemaVersion":${JSON.stringify(schemaVersion)},"stream":${JSON.stringify(stream)},"type":${JSON.stringify(type)}}`
    : canonicalJson({ eventId, schemaVersion, stream, type })

// Node's one-shot `crypto.hash` (20.12 and later) takes half the time of `createHash` on an
// event's few hundred bytes: every append and every verification hashes each event once.
const oneShot: ((algorithm: string, data: string, encoding: "hex") => string) | undefined =
  typeof crypto.hash === "function" ? crypto.hash : undefined

/** SHA-256 of a text (UTF-8), in lowercase hex. */
const sha256 = (text: string): string =>
  oneShot !== undefined ? oneShot("sha256", text, "hex") : crypto.createHash("sha256").update(text, "utf8").digest("hex")

/**
 * The hash of an event from its parts as stored: its stream's previous hash, its place, its
 * identity line, and the canonical texts of its data and metadata.
 */
export const hashOfText = (
  previous: string,
  version: number,
  position: number,
  identity: string,
  data: string,
  metadata: string
): string => sha256(`${layout}\n${previous}\n${version}\n${position}\n${identity}\n${data}\n${metadata}`)

/** The hash an event should carry, given the hash of its stream's previous event. */
export const eventHash = (previous: string, event: Omit<RecordedEvent, "hash">): string =>
  hashOfText(previous, event.version, event.position, identityText(event), canonicalJson(event.data), canonicalJson(event.metadata))

/** A stream's last event as far as the log has been read: what the next one links to. */
export interface Head {
  readonly stream: string
  readonly version: number
  readonly position: number
  readonly hash: string
}

/**
 * The first broken event of a log: which one, and what is wrong with it.
 * - `hash`: the event is not the one that was stored after its predecessor — it was altered,
 *   or forged, or an event before it in its stream was.
 * - `version`: its version does not follow its stream's last one — an event was removed or
 *   inserted before it, or events were reordered.
 * - `position`: the log does not go forward — a position repeated or going back.
 */
export class IntegrityError extends Schema.TaggedError<IntegrityError>()("IntegrityError", {
  stream: Schema.String,
  version: Schema.Number,
  position: Schema.Number,
  reason: Schema.Literals(["hash", "version", "position"]),
  detail: Schema.String
}) {
  override get message(): string {
    return `stream ${this.stream}, version ${this.version}, position ${this.position}: ${this.detail}`
  }
}

/** How far a verifier got: the events checked, the last position, every stream's head there. */
export interface Verified {
  readonly count: number
  readonly position: number
  readonly heads: ReadonlyMap<string, Head>
}

/** Checks a log event by event, in position order (`verifier`). */
export interface Verifier {
  /** Checks the next event; the first broken one is returned, and the verifier does not move past it. */
  readonly check: (event: RecordedEvent) => IntegrityError | undefined
  /** What has been verified so far. */
  readonly verified: () => Verified
}

/**
 * A verifier of the log from its start, or from a point already verified (its heads then):
 * each event must go forward in position, follow its stream's last version, and carry the hash
 * of its stored form linked to its stream's last hash.
 */
export const verifier = (start: Verified = { count: 0, position: 0, heads: new Map() }): Verifier => {
  const heads = new Map(start.heads)
  let count = start.count
  let position = start.position
  const broken = (event: RecordedEvent, reason: IntegrityError["reason"], detail: string) =>
    new IntegrityError({ stream: event.stream, version: event.version, position: event.position, reason, detail })
  return {
    check: (event) => {
      if (!(event.position > position)) {
        return broken(event, "position", `its position does not come after the one before it (${position})`)
      }
      const head = heads.get(event.stream)
      const expected = (head?.version ?? 0) + 1
      if (event.version !== expected) {
        return broken(
          event,
          "version",
          event.version > expected
            ? `version ${expected} of the stream is missing before it (removed, or moved after it)`
            : `the stream is already at version ${head?.version ?? 0} (an event inserted or moved)`
        )
      }
      const { hash, ...stored } = event
      let computed: string
      try {
        computed = eventHash(head?.hash ?? genesis, stored)
      } catch (error) {
        return broken(event, "hash", `its stored form cannot be hashed: ${(error as Error).message}`)
      }
      if (computed !== hash) {
        return broken(event, "hash", "its hash is not the hash of what is stored, linked to the event before it in its stream: altered, forged, or stored without a link")
      }
      heads.set(event.stream, { stream: event.stream, version: event.version, position: event.position, hash })
      count++
      position = event.position
      return undefined
    },
    verified: () => ({ count, position, heads: new Map(heads) })
  }
}

/** Verifies a whole log given in position order: its heads at the end, or the first broken event. */
export const verifyLog = (events: Iterable<RecordedEvent>): { readonly verified: Verified; readonly broken?: IntegrityError | undefined } => {
  const v = verifier()
  for (const event of events) {
    const broken = v.check(event)
    if (broken !== undefined) return { verified: v.verified(), broken }
  }
  return { verified: v.verified() }
}

const leafHash = (head: Head): Buffer =>
  crypto.createHash("sha256").update(Buffer.from([0])).update(canonicalJson([head.stream, head.version, head.hash]), "utf8").digest()

const nodeHash = (left: Buffer, right: Buffer): Buffer =>
  crypto.createHash("sha256").update(Buffer.from([1])).update(left).update(right).digest()

/** The Merkle root of a list of leaf hashes (RFC 6962's split: the largest power of two below n). */
const merkle = (leaves: ReadonlyArray<Buffer>, from: number, to: number): Buffer => {
  const n = to - from
  if (n === 1) return leaves[from]!
  let k = 1
  while (k * 2 < n) k *= 2
  return nodeHash(merkle(leaves, from, from + k), merkle(leaves, from + k, to))
}

/**
 * The root over every stream's head (in the order of stream names), in lowercase hex: it
 * commits to every event of the log up to where the heads were taken. The root of no heads is
 * the SHA-256 of nothing.
 */
export const root = (heads: ReadonlyMap<string, Head> | Iterable<Head>): string => {
  const list = [...(heads instanceof Map ? heads.values() : heads as Iterable<Head>)]
    .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0))
  if (list.length === 0) return crypto.createHash("sha256").digest("hex")
  return merkle(list.map(leafHash), 0, list.length).toString("hex")
}
