/**
 * 调解员名册: an organization's roster of mediators (调解员) — the volunteers and cadres who
 * mediate its disputes (seed 003: a mediation society of 12 volunteer mediators). The roster is
 * what backs the mediator role (DOMAIN.md §10: "a mediator only on the roster"): a person acts
 * as a mediator of an organization only while she is on its roster.
 *
 * Stream: `mediators-{organizationId}`, one per organization, so that no one is appointed twice.
 *
 * Decisions where DOMAIN.md is silent:
 * - The executive committee appoints mediators and records their leaving.
 * - A mediator who left may be appointed again; her record keeps the latest appointment.
 * - This is the roster only: the mediation committee's head, legal adviser, registers and
 *   trainings are still to be modelled (the mediation committee of DOMAIN.md §4).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import * as Organization from "./Organization.ts"
import { Id, Name, PersonId } from "./Input.ts"
import { personal, subjects } from "./PersonalData.ts"
import * as Roster from "./internal/Roster.ts"
import { LocalDate } from "./Time.ts"

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** A person was appointed a mediator of the organization (聘任调解员). */
export const MediatorAppointed = Schema.TaggedStruct("MediatorAppointed", {
  organizationId: Schema.NonEmptyString,
  mediatorId: Schema.NonEmptyString,
  name: personal(Schema.NonEmptyString, subjects.person("mediatorId")),
  appointedOn: LocalDate
})

/** A mediator left the roster. */
export const MediatorLeft = Schema.TaggedStruct("MediatorLeft", {
  organizationId: Schema.NonEmptyString,
  mediatorId: Schema.NonEmptyString,
  leftOn: LocalDate
})

/** The events of a mediators' roster. */
export const Event = Schema.Union([MediatorAppointed, MediatorLeft])

/** An event of a mediators' roster. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Appoints a mediator, on the day of `occurredAt` (or today). */
export const AppointMediator = Schema.TaggedStruct("AppointMediator", {
  ...CommandFields,
  organizationId: Id,
  mediatorId: PersonId,
  name: personal(Name)
})

/** Records a mediator leaving the roster, on the day of `occurredAt` (or today). */
export const RecordMediatorLeaving = Schema.TaggedStruct("RecordMediatorLeaving", {
  ...CommandFields,
  organizationId: Id,
  mediatorId: PersonId
})

/** The commands of mediators' rosters. */
export const Command = Schema.Union([AppointMediator, RecordMediatorLeaving])

/** A command of mediators' rosters. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** An organization's mediators: each one's latest appointment, by id. */
export interface State {
  readonly mediators: Roster.Roster
}

/** The mediators' roster aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "mediators",
  events: Event,
  initial: { mediators: new Map() },
  evolve: (state, event) => ({
    mediators: event._tag === "MediatorAppointed"
      ? Roster.appoint(state.mediators, event.mediatorId, event.appointedOn)
      : Roster.leave(state.mediators, event.mediatorId, event.leftOn)
  })
}

/** Whether a person was on the roster on a date: appointed by then, and not left before it. */
export const servingOn = (state: State, mediatorId: string, on: LocalDate): boolean => Roster.servingOn(state.mediators, mediatorId, on)

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a command about mediators was refused. */
export class MediationRejected extends Schema.TaggedError<MediationRejected>()("MediationRejected", {
  reason: Schema.Literals(["AlreadyAppointed", "NotAMediator", "DateOutOfOrder"]),
  organizationId: Schema.String,
  mediatorId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** Decides a command about the organization's mediators, on the day of its fact. */
export const decide = (command: Command, state: State, on: LocalDate): Effect.Effect<ReadonlyArray<Event>, MediationRejected | Unauthorized> => {
  const { actor, organizationId, mediatorId } = command
  if (actor.organization !== organizationId || !isCommittee(actor.role)) {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "an organization's mediators are appointed by its executive committee" }))
  }
  const refuse = (refusal: Roster.Refusal | undefined) =>
    refusal === undefined
      ? undefined
      : Effect.fail(new MediationRejected({ reason: refusal.reason === "NotOnRoster" ? "NotAMediator" : refusal.reason, organizationId, mediatorId, detail: refusal.detail }))
  switch (command._tag) {
    case "AppointMediator":
      return refuse(Roster.checkAppointment(state.mediators, mediatorId, on, `a mediator of ${organizationId}`)) ??
        Effect.succeed([MediatorAppointed.make({ organizationId, mediatorId, name: command.name, appointedOn: on })])
    case "RecordMediatorLeaving":
      return refuse(Roster.checkLeaving(state.mediators, mediatorId, on, `a mediator of ${organizationId}`)) ??
        Effect.succeed([MediatorLeft.make({ organizationId, mediatorId, leftOn: on })])
  }
}

const handle = (command: Command, ctx: DecisionContext) =>
  Effect.gen(function*() {
    const state = yield* ctx.load(aggregate, command.organizationId)
    yield* Organization.loadRegistered(ctx, command.organizationId)
    return [emit(aggregate, command.organizationId, yield* decide(command, state, ctx.occurred.on))]
  })

/** The handlers of mediators' roster commands. */
export const handlers = {
  AppointMediator: (command: typeof AppointMediator.Type, ctx: DecisionContext) => handle(command, ctx),
  RecordMediatorLeaving: (command: typeof RecordMediatorLeaving.Type, ctx: DecisionContext) => handle(command, ctx)
}

/** Who may give each command at all: the executive committee. */
export const permissions = {
  AppointMediator: ["chair", "vice-chair", "executive-member"],
  RecordMediatorLeaving: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): on a day. */
export const times = {
  AppointMediator: "day",
  RecordMediatorLeaving: "day"
} as const satisfies Record<Command["_tag"], FactTime>
