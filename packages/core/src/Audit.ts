/**
 * 审计: an organization's auditors — the people who read the whole history of its decisions and
 * those of every organization below it, and give no command (DOMAIN.md §10). The roster is what
 * backs the auditor role: a person reads as an auditor of an organization only while she is on
 * its roster. An auditor sees personal data masked, unless she records the purpose of her read
 * (`Reading`).
 *
 * Stream: `auditors-{organizationId}`, one per organization, so that no one is appointed twice.
 *
 * Decisions where DOMAIN.md is silent: the executive committee appoints auditors and records
 * their leaving; an auditor who left may be appointed again, her record keeping the latest
 * appointment.
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

/** A person was appointed an auditor of the organization. */
export const AuditorAppointed = Schema.TaggedStruct("AuditorAppointed", {
  organizationId: Schema.NonEmptyString,
  auditorId: Schema.NonEmptyString,
  name: personal(Schema.NonEmptyString, subjects.person("auditorId")),
  appointedOn: LocalDate
})

/** An auditor left the roster. */
export const AuditorLeft = Schema.TaggedStruct("AuditorLeft", {
  organizationId: Schema.NonEmptyString,
  auditorId: Schema.NonEmptyString,
  leftOn: LocalDate
})

/** The events of an auditors' roster. */
export const Event = Schema.Union([AuditorAppointed, AuditorLeft])

/** An event of an auditors' roster. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Appoints an auditor, on the day of `occurredAt` (or today). */
export const AppointAuditor = Schema.TaggedStruct("AppointAuditor", {
  ...CommandFields,
  organizationId: Id,
  auditorId: PersonId,
  name: personal(Name)
})

/** Records an auditor leaving the roster, on the day of `occurredAt` (or today). */
export const RecordAuditorLeaving = Schema.TaggedStruct("RecordAuditorLeaving", {
  ...CommandFields,
  organizationId: Id,
  auditorId: PersonId
})

/** The commands of auditors' rosters. */
export const Command = Schema.Union([AppointAuditor, RecordAuditorLeaving])

/** A command of auditors' rosters. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** An organization's auditors: each one's latest appointment, by id. */
export interface State {
  readonly auditors: Roster.Roster
}

/** The auditors' roster aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "auditors",
  events: Event,
  initial: { auditors: new Map() },
  evolve: (state, event) => ({
    auditors: event._tag === "AuditorAppointed"
      ? Roster.appoint(state.auditors, event.auditorId, event.appointedOn)
      : Roster.leave(state.auditors, event.auditorId, event.leftOn)
  })
}

/** Whether a person was on the roster on a date: appointed by then, and not left before it. */
export const servingOn = (state: State, auditorId: string, on: LocalDate): boolean => Roster.servingOn(state.auditors, auditorId, on)

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a command about auditors was refused. */
export class AuditRejected extends Schema.TaggedError<AuditRejected>()("AuditRejected", {
  reason: Schema.Literals(["AlreadyAppointed", "NotAnAuditor", "DateOutOfOrder"]),
  organizationId: Schema.String,
  auditorId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** Decides a command about the organization's auditors, on the day of its fact. */
export const decide = (command: Command, state: State, on: LocalDate): Effect.Effect<ReadonlyArray<Event>, AuditRejected | Unauthorized> => {
  const { actor, organizationId, auditorId } = command
  if (actor.organization !== organizationId || !isCommittee(actor.role)) {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "an organization's auditors are appointed by its executive committee" }))
  }
  const refuse = (refusal: Roster.Refusal | undefined) =>
    refusal === undefined
      ? undefined
      : Effect.fail(new AuditRejected({ reason: refusal.reason === "NotOnRoster" ? "NotAnAuditor" : refusal.reason, organizationId, auditorId, detail: refusal.detail }))
  switch (command._tag) {
    case "AppointAuditor":
      return refuse(Roster.checkAppointment(state.auditors, auditorId, on, `an auditor of ${organizationId}`)) ??
        Effect.succeed([AuditorAppointed.make({ organizationId, auditorId, name: command.name, appointedOn: on })])
    case "RecordAuditorLeaving":
      return refuse(Roster.checkLeaving(state.auditors, auditorId, on, `an auditor of ${organizationId}`)) ??
        Effect.succeed([AuditorLeft.make({ organizationId, auditorId, leftOn: on })])
  }
}

const handle = (command: Command, ctx: DecisionContext) =>
  Effect.gen(function*() {
    const state = yield* ctx.load(aggregate, command.organizationId)
    yield* Organization.loadRegistered(ctx, command.organizationId)
    return [emit(aggregate, command.organizationId, yield* decide(command, state, ctx.occurred.on))]
  })

/** The handlers of auditors' roster commands. */
export const handlers = {
  AppointAuditor: (command: typeof AppointAuditor.Type, ctx: DecisionContext) => handle(command, ctx),
  RecordAuditorLeaving: (command: typeof RecordAuditorLeaving.Type, ctx: DecisionContext) => handle(command, ctx)
}

/** Who may give each command at all: the executive committee. */
export const permissions = {
  AppointAuditor: ["chair", "vice-chair", "executive-member"],
  RecordAuditorLeaving: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): on a day. */
export const times = {
  AppointAuditor: "day",
  RecordAuditorLeaving: "day"
} as const satisfies Record<Command["_tag"], FactTime>
