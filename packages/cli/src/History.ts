/**
 * `fulian history <stream>`: every decision recorded on one stream — a case, a household, a
 * community's representation, a term, a campaign — with who made it (person, role,
 * organization), when it happened and when it was recorded (in the federation's local time,
 * marked 补录 when it was entered later than the policy's days), why (the reason, where one was
 * given), and the command that caused it: the audit trail of DOMAIN.md §10, read from the
 * envelope metadata.
 *
 * Streams are named `<category>-<id>`: `case-qingbo-2025-leak`, `household-guihua-h07`,
 * `representation-qingbo`, `term-qingshan`, `campaign-qingshan-2024-five-good`.
 *
 * @since 0.1.0
 */
import { Effect, Stream } from "effect"
import type { Policy, PolicyShape } from "@fulian/core/Policy"
import * as Reading from "@fulian/core/Reading"
import { calendarOf, daysBetween, isLocalDate } from "@fulian/core/Time"
import type { EventStore, EventStoreError, RecordedEvent } from "@fulian/store/EventStore"

/** One entry of a stream's history, as `--format json` writes it (one JSON object a line). */
export interface Entry {
  readonly stream: string
  readonly version: number
  readonly position: number
  readonly type: string
  /** When the fact happened: an instant with its offset, or a local date. */
  readonly occurredAt: string
  /** When the store recorded it (UTC). */
  readonly recordedAt: string
  /** Whole local days from the day it happened to the day it was recorded. */
  readonly daysLate: number
  /** 补录: recorded more than the policy's `lateEntryDays` after it happened. */
  readonly enteredLate: boolean
  readonly actor: { readonly person: string; readonly role: string; readonly organization: string }
  readonly reason?: string
  readonly commandId: string
  readonly causationId: string
  readonly correlationId: string
  readonly data: unknown
}

/**
 * A stream's history as a reader may read it, oldest first, read from the store page by page
 * (`Reading.streamEvents`): memory holds one page, however long the stream. Each event is
 * decoded, so an unreadable one fails the read.
 */
export const stream = (
  reader: Reading.Reader,
  name: string,
  policy: PolicyShape
): Stream.Stream<Entry, Reading.ReadRefused | EventStoreError, EventStore | Policy> =>
  Stream.map(Reading.streamEvents(reader, name), (e) => entryOf(e, policy))

/**
 * A stream's history as a reader may read it (`Reading.readStream`), oldest first, all at once;
 * each event is decoded, so an unreadable one fails the read.
 */
export const read = (
  reader: Reading.Reader,
  stream: string,
  policy: PolicyShape
): Effect.Effect<ReadonlyArray<Entry>, Reading.ReadRefused | EventStoreError, EventStore | Policy> =>
  Effect.map(Reading.readStream(reader, stream), (events) => events.map((e) => entryOf(e, policy)))

/** The history entry of a stored event, with how late it was entered by the policy's calendar and days. */
export const entryOf = (r: RecordedEvent, policy: PolicyShape): Entry => {
  const m = r.metadata
  const calendar = calendarOf(policy)
  const happenedOn = isLocalDate(m.occurredAt) ? m.occurredAt : calendar.dateOf(m.occurredAt)
  const daysLate = daysBetween(happenedOn, calendar.dateOf(m.recordedAt))
  return {
    stream: r.stream,
    version: r.version,
    position: r.position,
    type: r.type,
    occurredAt: m.occurredAt,
    recordedAt: m.recordedAt,
    daysLate,
    enteredLate: daysLate > policy.lateEntryDays,
    actor: { person: m.actor.person, role: m.actor.role, organization: m.actor.organization },
    ...(m.reason === undefined ? {} : { reason: m.reason }),
    commandId: m.commandId,
    causationId: m.causationId,
    correlationId: m.correlationId,
    data: r.data
  }
}

/**
 * The history as text for people: a block per event, with who, when it happened and when it
 * was recorded (local time of the policy's zone; 补录 when entered late), why and what.
 */
export const text = (stream: string, entries: ReadonlyArray<Entry>, policy: PolicyShape): string => {
  if (entries.length === 0) return `${stream}: no events\n`
  return [heading(stream, policy), ...entries.map((e) => block(e, policy)), footing(entries.length)].join("")
}

/** The first lines of the history as text: the stream and the time zone its times are in. */
export const heading = (stream: string, policy: PolicyShape): string => `${stream} (times in ${calendarOf(policy).zone})\n\n`

/** The last line of the history as text: how many events it showed. */
export const footing = (count: number): string => `${count} event${count === 1 ? "" : "s"}\n`

/** One event of the history as text: who, when it happened and was recorded, why and what. */
export const block = (e: Entry, policy: PolicyShape): string => {
  const calendar = calendarOf(policy)
  const happened = isLocalDate(e.occurredAt) ? e.occurredAt : calendar.format(e.occurredAt)
  const late = e.enteredLate ? `  补录 entered late, ${e.daysLate} days after` : ""
  return [
    `#${e.version}  ${e.type}  (position ${e.position})`,
    `    who:  ${e.actor.person} (${e.actor.role}, ${e.actor.organization})`,
    `    when: happened ${happened}; recorded ${calendar.format(e.recordedAt)}${late}`,
    `    why:  ${e.reason ?? "—"}`,
    `    command ${e.commandId}${e.correlationId === e.commandId ? "" : `, part of ${e.correlationId}`}`,
    `    data: ${JSON.stringify(e.data)}`,
    "",
    ""
  ].join("\n")
}

/** One entry as a JSON line. */
export const jsonLine = (e: Entry): string => `${JSON.stringify(e)}\n`

/** The history as JSON lines: one `Entry` a line. */
export const jsonLines = (entries: ReadonlyArray<Entry>): string => entries.map(jsonLine).join("")
