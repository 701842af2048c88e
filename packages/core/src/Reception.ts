/**
 * 信访接待日: an organization's reception days (DOMAIN.md §4; seed 000 §四(五)6 and seed 002
 * 妇联制度: 建立信访接待日制度) — the days it schedules for receiving letters and visits, each
 * with the leader who receives (a committee member in office on that day) and, optionally, the
 * place (a women's home, a rights station, §1). A case received on a reception day is registered
 * with the channel `reception-day`, naming the day (`Case.RegisterCase`), and the case's
 * registration checks the day against this roster.
 *
 * Stream: `reception-{organizationId}`, one per organization. The rules span all its days (one
 * reception day a date, an id used once), and a case's registration loads this one stream to
 * find the day it names: a reception day is the organization's because it is in its stream.
 *
 * Decisions where DOMAIN.md is silent:
 * - The executive committee schedules reception days, in advance or after the fact (补录); the
 *   scheduling is a fact of its day, the reception day is a date of the command.
 * - One reception day a date per organization: two leaders receiving on the same day are one
 *   reception day, and the ledger and the cases name it once.
 * - The leader must sit on the organization's committee in office on the reception day itself
 *   (a day beyond the present term's end is refused until the next committee is elected).
 * - A place, when given, is one of the organization's places open on the reception day
 *   (`Place.requireOpen`, which joins the places' stream to the append's check).
 * - A reception day is not cancelled or moved here: one scheduled by mistake and never held
 *   simply receives no case.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import { Id, PersonId } from "./Input.ts"
import * as Organization from "./Organization.ts"
import * as Place from "./Place.ts"
import * as Term from "./Term.ts"
import { LocalDate } from "./Time.ts"

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** 安排信访接待日: a reception day was scheduled, with the leader who receives and, optionally, the place. */
export const ReceptionDayScheduled = Schema.TaggedStruct("ReceptionDayScheduled", {
  organizationId: Schema.NonEmptyString,
  receptionDayId: Schema.NonEmptyString,
  on: LocalDate,
  leaderId: Schema.NonEmptyString,
  placeId: Schema.optional(Schema.NonEmptyString)
})

/** The events of an organization's reception days. */
export const Event = Schema.Union([ReceptionDayScheduled])

/** An event of an organization's reception days. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** 安排信访接待日: schedules a reception day on `on`, received by `leaderId` (a committee member in office that day). */
export const ScheduleReceptionDay = Schema.TaggedStruct("ScheduleReceptionDay", {
  ...CommandFields,
  organizationId: Id,
  receptionDayId: Id,
  on: LocalDate,
  leaderId: PersonId,
  placeId: Schema.optional(Id)
})

/** The commands of reception days. */
export const Command = Schema.Union([ScheduleReceptionDay])

/** A command of reception days. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** 信访接待日: one reception day as scheduled. */
export interface ReceptionDay {
  readonly on: LocalDate
  readonly leaderId: string
  readonly placeId: string | undefined
}

/** An organization's reception days, by id. */
export interface State {
  readonly days: ReadonlyMap<string, ReceptionDay>
}

/** The reception days aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "reception",
  events: Event,
  initial: { days: new Map() },
  evolve: (state, event) => ({
    days: new Map(state.days).set(event.receptionDayId, { on: event.on, leaderId: event.leaderId, placeId: event.placeId })
  })
}

/** A reception day of the organization, by id; `undefined` when it has none of that id. */
export const dayOf = (state: State, receptionDayId: string): ReceptionDay | undefined => state.days.get(receptionDayId)

/** The organization's reception day on a date, if one is scheduled. */
export const dayOn = (state: State, on: LocalDate): string | undefined => {
  for (const [id, day] of state.days) if (day.on === on) return id
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a command about reception days was refused. */
export class ReceptionRejected extends Schema.TaggedError<ReceptionRejected>()("ReceptionRejected", {
  reason: Schema.Literals(["AlreadyScheduled", "DayAlreadyScheduled", "LeaderNotInOffice"]),
  organizationId: Schema.String,
  receptionDayId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

const forbid = (command: Command) =>
  Effect.fail(new Unauthorized({ command: command._tag, actor: command.actor, rule: "an organization's reception days are scheduled by its executive committee" }))

/** Decides a command about reception days, given the organization's days and its committee's terms. */
export const decide = (command: Command, state: State, terms: Term.State): Effect.Effect<ReadonlyArray<Event>, ReceptionRejected | Unauthorized> => {
  const { actor, organizationId, receptionDayId, on, leaderId } = command
  if (actor.organization !== organizationId || !isCommittee(actor.role)) return forbid(command)
  const refuse = (reason: ReceptionRejected["reason"], detail: string) =>
    Effect.fail(new ReceptionRejected({ reason, organizationId, receptionDayId, detail }))
  if (state.days.has(receptionDayId)) return refuse("AlreadyScheduled", `reception day ${receptionDayId} of ${organizationId} is already scheduled`)
  const taken = dayOn(state, on)
  if (taken !== undefined) return refuse("DayAlreadyScheduled", `${organizationId} already has a reception day on ${on} (${taken})`)
  if (!Term.membersOn(terms, on).some((seat) => seat.personId === leaderId)) {
    return refuse("LeaderNotInOffice", `the leader who receives on a reception day sits on the committee in office, and ${leaderId} is not on ${organizationId}'s committee on ${on}`)
  }
  return Effect.succeed([ReceptionDayScheduled.make({ organizationId, receptionDayId, on, leaderId, placeId: command.placeId })])
}

/** The handlers of reception day commands. */
export const handlers = {
  ScheduleReceptionDay: (command: typeof ScheduleReceptionDay.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      // The scope first: nothing is read for an organization the actor does not act for.
      if (command.actor.organization !== command.organizationId) return yield* forbid(command)
      const state = yield* ctx.load(aggregate, command.organizationId)
      yield* Organization.loadRegistered(ctx, command.organizationId)
      const terms = yield* ctx.load(Term.aggregate, command.organizationId)
      const events = yield* decide(command, state, terms)
      if (command.placeId !== undefined) yield* Place.requireOpen(ctx, command.organizationId, command.placeId, command.on)
      return [emit(aggregate, command.organizationId, events)]
    })
}

/** Who may give each command at all: the executive committee. */
export const permissions = {
  ScheduleReceptionDay: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): the day it was scheduled. */
export const times = {
  ScheduleReceptionDay: "day"
} as const satisfies Record<Command["_tag"], FactTime>
