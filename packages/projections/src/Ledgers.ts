/**
 * Every ledger (台帐) of DOMAIN.md §9, each a projection of the events with a query that turns
 * its state into rows and flags ("台帐与报表相符,报表与实际相符": nothing is kept by hand):
 *
 *   const stored = yield* Projection.catchUp(Ledgers.Cases.projection)
 *   const ledger = Ledgers.Cases.rows(stored.state, { asOf: "2026-06-30T16:00:00Z", policy: Policy.defaults })
 *
 * `all` lists their projections, for `rebuild` and the command-line tool to run them together.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { EventStore, EventStoreError } from "@fulian/store/EventStore"
import * as Projection from "./Projection.ts"
import * as Assessments from "./ledgers/Assessments.ts"
import * as Awards from "./ledgers/Awards.ts"
import * as Cases from "./ledgers/Cases.ts"
import * as HouseholdContact from "./ledgers/HouseholdContact.ts"
import * as Meetings from "./ledgers/Meetings.ts"
import * as Terms from "./ledgers/Terms.ts"
import * as Volunteers from "./ledgers/Volunteers.ts"

export {
  /** 考核评比台帐: assessments and their scores. */
  Assessments,
  /** 评比表彰台帐: awards conferred, re-checks due, revoked, by year. */
  Awards,
  /** 案件台帐: cases, their flags, and where they were resolved. */
  Cases,
  /** 联系户台帐: representatives' households and visits; households without a representative. */
  HouseholdContact,
  /** 会议台帐: meetings missed and decisions overdue. */
  Meetings,
  /** 换届台帐: terms, filing, synchronization, elections coming up. */
  Terms,
  /** 巾帼志愿者台帐: volunteers and their pairs. */
  Volunteers
}

/** The projection of every ledger, in a fixed order; their names are unique. */
export const all: ReadonlyArray<Projection.Projection<any>> = [
  HouseholdContact.projection,
  Cases.projection,
  Terms.projection,
  Awards.projection,
  Meetings.projection,
  Volunteers.projection,
  Assessments.projection
]

/** A ledger's projection by its name, or `undefined`. */
export const byName = (name: string): Projection.Projection<any> | undefined => all.find((p) => p.name === name)

/** Brings every ledger up to the end of the log from its checkpoint, one after the other. */
export const catchUpAll = (
  options: Projection.RunOptions = {}
): Effect.Effect<
  ReadonlyArray<Projection.Stored<unknown>>,
  EventStoreError | Projection.ProjectionStoreError,
  EventStore | Projection.ProjectionStore
> => Effect.forEach(all, (projection) => Projection.catchUp(projection, options))

/** Rebuilds every ledger from zero, one after the other. */
export const rebuildAll = (
  options: Projection.RunOptions = {}
): Effect.Effect<
  ReadonlyArray<Projection.Stored<unknown>>,
  EventStoreError | Projection.ProjectionStoreError,
  EventStore | Projection.ProjectionStore
> => Effect.forEach(all, (projection) => Projection.rebuild(projection, options))
