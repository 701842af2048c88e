/**
 * 查阅记录: the log of reads of sensitive records (DOMAIN.md §10: "reads of sensitive records
 * (cases) are themselves logged"). `Reading` appends to it; no decision reads it.
 *
 * Stream: `reads-{organizationId}`, the reader's organization's.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { Aggregate } from "./Decider.ts"

// NOTE: event tags and fields are a storage format kept forever; change them only by adding a
// schema version with an upcast (see EventCodec).

/** 查阅记录: a reader read a case's records (who and when are the event's metadata). */
export const CaseRead = Schema.TaggedStruct("CaseRead", {
  organizationId: Schema.NonEmptyString,
  caseId: Schema.NonEmptyString,
  purpose: Schema.optional(Schema.String)
})

/** The events of a read log. */
export const Event = Schema.Union([CaseRead])

/** An event of a read log. */
export type Event = typeof Event.Type

/** The read log of an organization's readers: stream `reads-{organizationId}`, which no decision reads. */
export const readLog: Aggregate<ReadonlyArray<Event>, Event> = {
  category: "reads",
  events: Event,
  initial: [],
  evolve: (state, event) => [...state, event]
}
