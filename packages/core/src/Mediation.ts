/**
 * 调解委员会 / 调解社 and 调解员名册: an organization's mediation committee or society (DOMAIN.md
 * §4; seed 003 §二: the 巾帼 mediation society of a street, with 12 volunteer mediators, a head
 * 社长 and a legal adviser 法律指导员) and its roster of mediators (调解员) — the volunteers and
 * cadres who mediate its disputes. The roster is what backs the mediator role (DOMAIN.md §10: "a
 * mediator only on the roster"): a person acts as a mediator of an organization only while she is
 * on its roster.
 *
 * Stream: `mediators-{organizationId}`, one per organization. The committee and its roster are
 * one consistency boundary because their rules span both: no one is appointed twice, and the
 * head is a mediator serving on the roster on the day she is appointed head — so a head cannot be
 * appointed while, concurrently, her leaving is recorded. The cost is that every change to the
 * committee or the roster of one organization is serialized, which at a dozen mediators is none.
 *
 * Decisions where DOMAIN.md is silent:
 * - The executive committee establishes the committee, appoints mediators, the head and the legal
 *   adviser, and records mediators leaving.
 * - An organization has at most one mediation committee; it is established once, with its name.
 *   Mediators may be appointed before it is (the roster predates the committee in old records);
 *   a head and an adviser need it.
 * - The head (社长) must be a mediator serving on the roster (seed 003: she 全面负责 the society's
 *   work and keeps the mediators in touch with one another). Appointing another head replaces
 *   the one before. When the head leaves the roster, the committee is left without a head until
 *   another is appointed; her leaving is not refused and no separate event is recorded: the
 *   state and the ledger show the committee headless from the day she left.
 * - The legal adviser (法律指导员) may be an outside lawyer, not on the roster (seed 003: 定期邀请
 *   法律专家); a mediator may also be the adviser. She is recorded by her person id only, with no
 *   name, so that the roster's erasure rules need not know of her. Appointing another adviser
 *   replaces the one before.
 * - A mediator is recorded as a volunteer (义务调解员) or a cadre (妇女干部) on appointment; the
 *   kind is optional, so appointments recorded before it stay readable (their kind is unknown).
 * - A mediator who left may be appointed again; her record keeps the latest appointment.
 * - Hotlines and duty posts are places of the organization (DOMAIN.md §1), not modelled here;
 *   the mediators' trainings are the trainings' own records. Each mediator's register (调解登记)
 *   is a ledger of the mediation sessions that name her.
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

/** 调解员类别: a volunteer mediator (义务调解员, seed 003) or a women's cadre (妇女干部). */
export const MediatorKind = Schema.Literals(["volunteer", "cadre"])

/** A mediator's kind. */
export type MediatorKind = typeof MediatorKind.Type

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** A person was appointed a mediator of the organization (聘任调解员), as a volunteer or a cadre when told. */
export const MediatorAppointed = Schema.TaggedStruct("MediatorAppointed", {
  organizationId: Schema.NonEmptyString,
  mediatorId: Schema.NonEmptyString,
  name: personal(Schema.NonEmptyString, subjects.person("mediatorId")),
  appointedOn: LocalDate,
  kind: Schema.optional(MediatorKind)
})

/** A mediator left the roster. */
export const MediatorLeft = Schema.TaggedStruct("MediatorLeft", {
  organizationId: Schema.NonEmptyString,
  mediatorId: Schema.NonEmptyString,
  leftOn: LocalDate
})

/** 成立调解委员会 / 调解社: the organization's mediation committee was established, with its name. */
export const MediationCommitteeEstablished = Schema.TaggedStruct("MediationCommitteeEstablished", {
  organizationId: Schema.NonEmptyString,
  name: Schema.NonEmptyString,
  establishedOn: LocalDate
})

/** 社长: a serving mediator was appointed head of the committee, in place of any head before her. */
export const CommitteeHeadAppointed = Schema.TaggedStruct("CommitteeHeadAppointed", {
  organizationId: Schema.NonEmptyString,
  mediatorId: Schema.NonEmptyString,
  appointedOn: LocalDate
})

/** 法律指导员: a person (a mediator or an outside lawyer) was appointed the committee's legal adviser, in place of any before her. */
export const LegalAdviserAppointed = Schema.TaggedStruct("LegalAdviserAppointed", {
  organizationId: Schema.NonEmptyString,
  adviserId: Schema.NonEmptyString,
  appointedOn: LocalDate
})

/** The events of a mediation committee and its roster. */
export const Event = Schema.Union([MediatorAppointed, MediatorLeft, MediationCommitteeEstablished, CommitteeHeadAppointed, LegalAdviserAppointed])

/** An event of a mediation committee and its roster. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Appoints a mediator, on the day of `occurredAt` (or today), as a volunteer or a cadre when told. */
export const AppointMediator = Schema.TaggedStruct("AppointMediator", {
  ...CommandFields,
  organizationId: Id,
  mediatorId: PersonId,
  name: personal(Name),
  kind: Schema.optional(MediatorKind)
})

/** Records a mediator leaving the roster, on the day of `occurredAt` (or today). A head who leaves leaves the committee headless. */
export const RecordMediatorLeaving = Schema.TaggedStruct("RecordMediatorLeaving", {
  ...CommandFields,
  organizationId: Id,
  mediatorId: PersonId
})

/** 成立调解社: establishes the organization's mediation committee, with its name, on the day of `occurredAt` (or today). */
export const EstablishMediationCommittee = Schema.TaggedStruct("EstablishMediationCommittee", {
  ...CommandFields,
  organizationId: Id,
  name: Name
})

/** 任命社长: appoints a serving mediator head of the committee, on the day of `occurredAt` (or today). */
export const AppointCommitteeHead = Schema.TaggedStruct("AppointCommitteeHead", {
  ...CommandFields,
  organizationId: Id,
  mediatorId: PersonId
})

/** 聘请法律指导员: appoints the committee's legal adviser (on the roster or not), on the day of `occurredAt` (or today). */
export const AppointLegalAdviser = Schema.TaggedStruct("AppointLegalAdviser", {
  ...CommandFields,
  organizationId: Id,
  adviserId: PersonId
})

/** The commands of mediation committees and their rosters. */
export const Command = Schema.Union([AppointMediator, RecordMediatorLeaving, EstablishMediationCommittee, AppointCommitteeHead, AppointLegalAdviser])

/** A command of mediation committees and their rosters. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** The committee itself: its name and the day it was established. */
export interface Committee {
  readonly name: string
  readonly establishedOn: LocalDate
}

/** Who holds a post of the committee (head or legal adviser), since when. */
export interface Post {
  readonly personId: string
  readonly appointedOn: LocalDate
}

/** An organization's mediation committee and its mediators. */
export interface State {
  /** Each mediator's latest appointment, by id. */
  readonly mediators: Roster.Roster
  /** Each mediator's kind, by id, where her appointment told it. */
  readonly kinds: ReadonlyMap<string, MediatorKind>
  readonly committee: Committee | undefined
  /** The head (社长), while she serves; none before the first or after she left the roster. */
  readonly head: Post | undefined
  /** The legal adviser (法律指导员). */
  readonly adviser: Post | undefined
}

const evolve = (state: State, event: Event): State => {
  switch (event._tag) {
    case "MediatorAppointed": {
      const kinds = new Map(state.kinds)
      if (event.kind === undefined) kinds.delete(event.mediatorId)
      else kinds.set(event.mediatorId, event.kind)
      return { ...state, mediators: Roster.appoint(state.mediators, event.mediatorId, event.appointedOn), kinds }
    }
    case "MediatorLeft":
      return {
        ...state,
        mediators: Roster.leave(state.mediators, event.mediatorId, event.leftOn),
        head: state.head?.personId === event.mediatorId ? undefined : state.head
      }
    case "MediationCommitteeEstablished":
      return { ...state, committee: { name: event.name, establishedOn: event.establishedOn } }
    case "CommitteeHeadAppointed":
      return { ...state, head: { personId: event.mediatorId, appointedOn: event.appointedOn } }
    case "LegalAdviserAppointed":
      return { ...state, adviser: { personId: event.adviserId, appointedOn: event.appointedOn } }
  }
}

/** The mediation committee's aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "mediators",
  events: Event,
  initial: { mediators: new Map(), kinds: new Map(), committee: undefined, head: undefined, adviser: undefined },
  evolve
}

/** Whether a person was on the roster on a date: appointed by then, and not left before it. */
export const servingOn = (state: State, mediatorId: string, on: LocalDate): boolean => Roster.servingOn(state.mediators, mediatorId, on)

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a command about the mediation committee or its mediators was refused. */
export class MediationRejected extends Schema.TaggedError<MediationRejected>()("MediationRejected", {
  reason: Schema.Literals(["AlreadyAppointed", "NotAMediator", "DateOutOfOrder", "AlreadyEstablished", "NoCommittee"]),
  organizationId: Schema.String,
  /** The mediator, head or adviser the command names; empty for the committee itself. */
  mediatorId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** Decides a command about the organization's mediation committee and mediators, on the day of its fact. */
export const decide = (command: Command, state: State, on: LocalDate): Effect.Effect<ReadonlyArray<Event>, MediationRejected | Unauthorized> => {
  const { actor, organizationId } = command
  if (actor.organization !== organizationId || !isCommittee(actor.role)) {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "an organization's mediation committee and mediators are appointed by its executive committee" }))
  }
  const reject = (reason: MediationRejected["reason"], mediatorId: string, detail: string) =>
    Effect.fail(new MediationRejected({ reason, organizationId, mediatorId, detail }))
  const refuse = (mediatorId: string, refusal: Roster.Refusal | undefined) =>
    refusal === undefined ? undefined : reject(refusal.reason === "NotOnRoster" ? "NotAMediator" : refusal.reason, mediatorId, refusal.detail)
  // A post of the committee needs the committee, on or after the day it was established.
  const committeeFor = (personId: string, post: string) =>
    state.committee === undefined
      ? reject("NoCommittee", personId, `${organizationId} has no mediation committee yet: establish it before appointing its ${post}`)
      : on < state.committee.establishedOn
      ? reject("DateOutOfOrder", personId, `the mediation committee of ${organizationId} was established on ${state.committee.establishedOn}: its ${post} cannot be appointed on ${on}`)
      : undefined
  // Posts follow one another in time: a new holder is not appointed before the one she replaces.
  const after = (post: Post | undefined, personId: string, what: string) =>
    post === undefined
      ? undefined
      : post.personId === personId
      ? reject("AlreadyAppointed", personId, `${personId} is already the ${what} of the mediation committee of ${organizationId}`)
      : on < post.appointedOn
      ? reject("DateOutOfOrder", personId, `the ${what} was last appointed on ${post.appointedOn}: another cannot be appointed on ${on}`)
      : undefined
  switch (command._tag) {
    case "AppointMediator": {
      const { mediatorId, name, kind } = command
      return refuse(mediatorId, Roster.checkAppointment(state.mediators, mediatorId, on, `a mediator of ${organizationId}`)) ??
        Effect.succeed([MediatorAppointed.make({ organizationId, mediatorId, name, appointedOn: on, ...(kind === undefined ? {} : { kind }) })])
    }
    case "RecordMediatorLeaving": {
      const { mediatorId } = command
      return refuse(mediatorId, Roster.checkLeaving(state.mediators, mediatorId, on, `a mediator of ${organizationId}`)) ??
        Effect.succeed([MediatorLeft.make({ organizationId, mediatorId, leftOn: on })])
    }
    case "EstablishMediationCommittee":
      return state.committee !== undefined
        ? reject("AlreadyEstablished", "", `${organizationId} already has its mediation committee, ${state.committee.name}, established on ${state.committee.establishedOn}`)
        : Effect.succeed([MediationCommitteeEstablished.make({ organizationId, name: command.name, establishedOn: on })])
    case "AppointCommitteeHead": {
      const { mediatorId } = command
      return committeeFor(mediatorId, "head") ??
        (servingOn(state, mediatorId, on)
          ? undefined
          : reject("NotAMediator", mediatorId, `the head of the mediation committee is one of its mediators, and ${mediatorId} is not on the roster of ${organizationId} on ${on}`)) ??
        after(state.head, mediatorId, "head") ??
        Effect.succeed([CommitteeHeadAppointed.make({ organizationId, mediatorId, appointedOn: on })])
    }
    case "AppointLegalAdviser": {
      const { adviserId } = command
      return committeeFor(adviserId, "legal adviser") ?? after(state.adviser, adviserId, "legal adviser") ??
        Effect.succeed([LegalAdviserAppointed.make({ organizationId, adviserId, appointedOn: on })])
    }
  }
}

const handle = (command: Command, ctx: DecisionContext) =>
  Effect.gen(function*() {
    const state = yield* ctx.load(aggregate, command.organizationId)
    yield* Organization.loadRegistered(ctx, command.organizationId)
    return [emit(aggregate, command.organizationId, yield* decide(command, state, ctx.occurred.on))]
  })

/** The handlers of the mediation committee's commands. */
export const handlers = {
  AppointMediator: (command: typeof AppointMediator.Type, ctx: DecisionContext) => handle(command, ctx),
  RecordMediatorLeaving: (command: typeof RecordMediatorLeaving.Type, ctx: DecisionContext) => handle(command, ctx),
  EstablishMediationCommittee: (command: typeof EstablishMediationCommittee.Type, ctx: DecisionContext) => handle(command, ctx),
  AppointCommitteeHead: (command: typeof AppointCommitteeHead.Type, ctx: DecisionContext) => handle(command, ctx),
  AppointLegalAdviser: (command: typeof AppointLegalAdviser.Type, ctx: DecisionContext) => handle(command, ctx)
}

const committee = ["chair", "vice-chair", "executive-member"] as const

/** Who may give each command at all: the executive committee. */
export const permissions = {
  AppointMediator: committee,
  RecordMediatorLeaving: committee,
  EstablishMediationCommittee: committee,
  AppointCommitteeHead: committee,
  AppointLegalAdviser: committee
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): on a day. */
export const times = {
  AppointMediator: "day",
  RecordMediatorLeaving: "day",
  EstablishMediationCommittee: "day",
  AppointCommitteeHead: "day",
  AppointLegalAdviser: "day"
} as const satisfies Record<Command["_tag"], FactTime>
