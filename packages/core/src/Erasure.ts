/**
 * 删除个人信息: erasing one data subject's personal data (DOMAIN.md §10 Privacy; PIPL art. 47),
 * as a decision like any other: who erased whose data, when and why is recorded; the data
 * itself becomes unreadable everywhere, and the decisions, times and roles of the history stay.
 *
 * The decision is the core's; the erasing is done below it, at the store boundary
 * (`@fulian/privacy`): each subject's personal data is stored encrypted with the subject's own
 * key, and recording `PersonalDataErased` destroys the key (crypto-shredding). What "subject"
 * means — a household, a party to a case, a case's texts, a person — is `PersonalData`'s table.
 *
 * Stream: `erasures-{organizationId}`, the erasing organization's.
 *
 * Decisions where DOMAIN.md is silent:
 * - The chair of the organization whose records hold the data erases it, or the chair of an
 *   organization above it (the upper level); a reason is required.
 * - A subject is erased by the organization whose records hold it or one above: a household
 *   of its area, a case (or a party to it) that one of its area's organizations held, a person
 *   on its committees, roster of representatives, volunteers, mediators or auditors, its
 *   meetings, trainings, donations and relief, and the reasons of its records (its places,
 *   reception days and work plans among them). One it cannot reach is answered as one it does
 *   not hold, naming nothing.
 * - A person nominated for a title without a household (`Award.PersonNominated`) is known to
 *   the records only in the campaign's stream, which no id of hers leads to: her erasure names
 *   the campaign (`campaignId`), and is held by the organization she is counted in or one
 *   above it. A person nominated with her household is erased with the household.
 * - Erasing a subject twice is refused (`AlreadyErased`); it changes nothing.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { EventStoreError } from "@fulian/store/EventStore"
import type { Actor } from "./Actor.ts"
import * as Activity from "./Activity.ts"
import * as Assessment from "./Assessment.ts"
import * as Audit from "./Audit.ts"
import * as Award from "./Award.ts"
import * as Case from "./Case.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import * as Household from "./Household.ts"
import { Id, Text } from "./Input.ts"
import * as Mediation from "./Mediation.ts"
import * as Meeting from "./Meeting.ts"
import * as Organization from "./Organization.ts"
import * as Representation from "./Representation.ts"
import * as Term from "./Term.ts"
import * as Training from "./Training.ts"
import * as Volunteer from "./Volunteer.ts"

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** A subject's personal data was erased (who, when and why are the event's metadata; none of the data). */
export const PersonalDataErased = Schema.TaggedStruct("PersonalDataErased", {
  organizationId: Schema.NonEmptyString,
  subject: Schema.NonEmptyString
})

/** The events of erasures. */
export const Event = Schema.Union([PersonalDataErased])

/** An event of erasures. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * Erases a subject's personal data, for a stated reason. `subject` names it as `PersonalData`
 * does: `household:h1`, `case:k1`, `party:k1:p1`, `person:li-na`, `meeting:m1`,
 * `training:{organizationId}/{trainingId}`, `donation:d1`, `relief:r1` or `record:{stream}`;
 * another form is a subject the organization does not hold. A person known to the records only
 * as a nominee for a title (without a household) is named with the campaign she was nominated
 * in (`campaignId`).
 */
export const ErasePersonalData = Schema.TaggedStruct("ErasePersonalData", {
  ...CommandFields,
  organizationId: Id,
  subject: Id,
  reason: Text,
  /** For `person:{personId}` nominated for a title without a household: the campaign she was nominated in. */
  campaignId: Schema.optional(Id)
})

/** The commands of erasures. */
export const Command = Schema.Union([ErasePersonalData])

/** A command of erasures. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State and decide
// ---------------------------------------------------------------------------------------------

/** The subjects an organization has erased. */
export interface State {
  readonly subjects: ReadonlySet<string>
}

/** The erasures aggregate: stream `erasures-{organizationId}`. */
export const aggregate: Aggregate<State, Event> = {
  category: "erasures",
  events: Event,
  initial: { subjects: new Set() },
  evolve: (state, event) => ({ subjects: new Set(state.subjects).add(event.subject) })
}

/** Why an erasure was refused. */
export class ErasureRejected extends Schema.TaggedError<ErasureRejected>()("ErasureRejected", {
  reason: Schema.Literals(["NotHeld", "AlreadyErased"]),
  subject: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** The organization that owns a record stream, from its name, where the name says it. */
const ownerByStream: Readonly<Record<string, true>> = {
  organization: true,
  term: true,
  representation: true,
  "contact-visits": true,
  activities: true,
  volunteers: true,
  mediators: true,
  places: true,
  reception: true,
  "work-plan": true,
  auditors: true,
  erasures: true,
  reads: true,
  report: true
}

/** Whether `organizationId` (or one above it) holds the subject's records. */
const holds = (ctx: DecisionContext, organizationId: string, subject: string, campaignId: string | undefined): Effect.Effect<boolean, EventStoreError> =>
  Effect.gen(function*() {
    const colon = subject.indexOf(":")
    const kind = subject.slice(0, colon)
    const id = subject.slice(colon + 1)
    const inArea = (org: string | undefined) =>
      org === undefined ? Effect.succeed(false) : Effect.map(Organization.chainFrom(ctx, org), (chain) => chain.includes(organizationId))
    const caseHeld = (caseId: string) =>
      Effect.gen(function*() {
        const state = yield* ctx.load(Case.aggregate, caseId)
        if (!state.registered) return false
        for (const holder of state.holders) if (yield* inArea(holder)) return true
        return false
      })
    switch (kind) {
      case "household": {
        const household = yield* ctx.load(Household.aggregate, id)
        return household.registered && (yield* inArea(household.organizationId))
      }
      case "case":
        return yield* caseHeld(id)
      case "party": {
        const [caseId, partyId] = [id.slice(0, id.lastIndexOf(":")), id.slice(id.lastIndexOf(":") + 1)]
        const state = yield* ctx.load(Case.aggregate, caseId)
        return state.registered && state.partyIds.includes(partyId) && (yield* caseHeld(caseId))
      }
      case "person": {
        const [terms, roster, volunteers, mediators, auditors] = [
          yield* ctx.load(Term.aggregate, organizationId),
          yield* ctx.load(Representation.aggregate, organizationId),
          yield* ctx.load(Volunteer.aggregate, organizationId),
          yield* ctx.load(Mediation.aggregate, organizationId),
          yield* ctx.load(Audit.aggregate, organizationId)
        ]
        if (
          terms.terms.some((t) => t.seats.some((s) => s.personId === id)) || roster.representatives.has(id) ||
          volunteers.volunteers.has(id) || mediators.mediators.has(id) || auditors.auditors.has(id)
        ) return true
        if (campaignId === undefined) return false
        // A nominee for a title without a household: her name's subject is herself (with one, her household's).
        const nominee = (yield* ctx.load(Award.aggregate, campaignId)).nominees.get(id)
        return nominee !== undefined && nominee.kind === "person" && nominee.householdId === undefined && (yield* inArea(nominee.organizationId))
      }
      case "training": {
        const training = (yield* ctx.load(Training.aggregate, id)).training
        return training !== undefined && (yield* inArea(training.organizationId))
      }
      case "meeting": {
        const meeting = yield* ctx.load(Meeting.aggregate, id)
        return meeting.scheduled && (yield* inArea(meeting.organizationId))
      }
      case "donation":
      case "relief":
        return yield* Activity.holds(ctx, organizationId, kind, id)
      case "record": {
        const category = Object.keys(ownerByStream).sort((a, b) => b.length - a.length).find((c) => id.startsWith(`${c}-`))
        if (category !== undefined) return yield* inArea(id.slice(category.length + 1))
        if (id.startsWith("campaign-")) return yield* inArea((yield* ctx.load(Award.aggregate, id.slice("campaign-".length))).organizationId)
        if (id.startsWith("assessment-")) return yield* inArea((yield* ctx.load(Assessment.aggregate, id.slice("assessment-".length))).organizationId)
        return false
      }
      default:
        return false
    }
  })

/** Decides an erasure, given what the organization has erased and whether it holds the subject. */
export const decide = (command: Command, state: State, held: boolean): Effect.Effect<ReadonlyArray<Event>, ErasureRejected | Unauthorized> => {
  const { actor, organizationId, subject } = command
  if (actor.organization !== organizationId || actor.role !== "chair") {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "personal data is erased by the chair of the organization that holds it, or of one above it" }))
  }
  if (!held) return Effect.fail(new ErasureRejected({ reason: "NotHeld", subject, detail: `${organizationId} holds no personal data of ${subject}` }))
  if (state.subjects.has(subject)) return Effect.fail(new ErasureRejected({ reason: "AlreadyErased", subject, detail: `${organizationId} erased ${subject} already` }))
  return Effect.succeed([PersonalDataErased.make({ organizationId, subject })])
}

/** The handlers of erasure commands. */
export const handlers = {
  ErasePersonalData: (command: typeof ErasePersonalData.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      // The scope first: nothing is read for an organization the actor does not act for.
      if (command.actor.organization !== command.organizationId) {
        return [emit(aggregate, command.organizationId, yield* decide(command, aggregate.initial, false))]
      }
      const state = yield* ctx.load(aggregate, command.organizationId)
      const held = yield* holds(ctx, command.organizationId, command.subject, command.campaignId)
      return [emit(aggregate, command.organizationId, yield* decide(command, state, held))]
    })
}

/** Who may give each command at all: a chair (of the organization that holds the data, or of one above). */
export const permissions = {
  ErasePersonalData: ["chair"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): an erasure is made at a moment. */
export const times = {
  ErasePersonalData: "moment"
} as const satisfies Record<Command["_tag"], FactTime>
