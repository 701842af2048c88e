/**
 * `fulian history <stream>`: every decision recorded on one stream — a case, a household, a
 * community's representation, a term, a campaign — with who made it (person, role,
 * organization), when it happened and when it was recorded, why (the reason, where one was
 * given), and the command that caused it: the audit trail of DOMAIN.md §10, read from the
 * envelope metadata.
 *
 * Streams are named `<category>-<id>`: `case-qingbo-2025-leak`, `household-guihua-h07`,
 * `representation-qingbo`, `term-qingshan`, `campaign-qingshan-2024-five-good`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Domain from "@fulian/core/Domain"
import { EventStore, type EventStoreError, type RecordedEvent } from "@fulian/store/EventStore"

/** One entry of a stream's history, as `--format json` writes it (one JSON object a line). */
export interface Entry {
  readonly stream: string
  readonly version: number
  readonly position: number
  readonly type: string
  readonly occurredAt: string
  readonly recordedAt: string
  readonly actor: { readonly person: string; readonly role: string; readonly organization: string }
  readonly reason?: string
  readonly commandId: string
  readonly causationId: string
  readonly correlationId: string
  readonly data: unknown
}

/** A stream's history, oldest first; each event is decoded, so an unreadable one fails the read. */
export const read = (stream: string): Effect.Effect<ReadonlyArray<Entry>, EventStoreError, EventStore> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const recorded = yield* store.readStream(stream)
    return yield* Effect.forEach(recorded, (r) => Effect.as(Domain.codec.decode(r), entryOf(r)))
  })

/** The history entry of a stored event. */
export const entryOf = (r: RecordedEvent): Entry => {
  const m = r.metadata
  return {
    stream: r.stream,
    version: r.version,
    position: r.position,
    type: r.type,
    occurredAt: m.occurredAt,
    recordedAt: m.recordedAt,
    actor: { person: m.actor.person, role: m.actor.role, organization: m.actor.organization },
    ...(m.reason === undefined ? {} : { reason: m.reason }),
    commandId: m.commandId,
    causationId: m.causationId,
    correlationId: m.correlationId,
    data: r.data
  }
}

/** The history as text for people: a block per event, with who, when, why and what. */
export const text = (stream: string, entries: ReadonlyArray<Entry>): string => {
  if (entries.length === 0) return `${stream}: no events\n`
  const lines: Array<string> = [`${stream}: ${entries.length} event${entries.length === 1 ? "" : "s"}`, ""]
  for (const e of entries) {
    lines.push(`#${e.version}  ${e.type}  (position ${e.position})`)
    lines.push(`    who:  ${e.actor.person} (${e.actor.role}, ${e.actor.organization})`)
    lines.push(`    when: ${e.occurredAt}${e.recordedAt === e.occurredAt ? "" : `, recorded ${e.recordedAt}`}`)
    lines.push(`    why:  ${e.reason ?? "—"}`)
    lines.push(`    command ${e.commandId}${e.correlationId === e.commandId ? "" : `, part of ${e.correlationId}`}`)
    lines.push(`    data: ${JSON.stringify(e.data)}`)
    lines.push("")
  }
  return lines.join("\n")
}

/** The history as JSON lines: one `Entry` a line. */
export const jsonLines = (entries: ReadonlyArray<Entry>): string => entries.map((e) => `${JSON.stringify(e)}\n`).join("")
