/**
 * 巾帼志愿者: an organization's women volunteers, who join of their own will (自愿参加为原则,
 * seed 000 item 2), are paired with households in need (结对帮扶; seed 003: volunteers paired
 * with 5 empty-nest elderly households) and log their service (DOMAIN.md §7).
 *
 * Stream: `volunteers-{organizationId}`: one stream per organization, where its volunteers and
 * their pairs are kept (so no pair is made twice, even under concurrent commands).
 *
 * Decisions where DOMAIN.md is silent:
 * - Joining records consent: the command must say `consent: true`, and the date consent was
 *   given (today by default). A volunteer who left may join again, with consent again.
 * - A volunteer is paired with a registered household of her organization or of one below it
 *   (a street's volunteers serve the households of its communities), and only with a household
 *   in need: one with at least one circumstance (low-income, empty-nest elderly, left-behind
 *   children, disability, single parent).
 * - Service for a household is logged only while the volunteer is paired with it; service
 *   without a household (便民服务) needs no pair. Hours are above 0 and at most 24 a day.
 * - The executive committee of the organization records joining, pairs and leaving; a
 *   volunteer may also log her own service and record her own leaving (she acts as herself when
 *   `actor.person` is her `volunteerId`, in the volunteer role, for the organization).
 * - Leaving ends all her pairs.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import * as Household from "./Household.ts"
import { Id, Name, PersonId, Text } from "./Input.ts"
import * as Organization from "./Organization.ts"
import { personal, subjects } from "./PersonalData.ts"
import { LocalDate } from "./Time.ts"

/** Hours of one service: above 0, at most a day. */
const Hours = Schema.Finite.check(Schema.isGreaterThan(0), Schema.isLessThanOrEqualTo(24))

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** A volunteer joined, of her own will: the date she gave her consent is recorded. */
export const VolunteerJoined = Schema.TaggedStruct("VolunteerJoined", {
  organizationId: Schema.NonEmptyString,
  volunteerId: Schema.NonEmptyString,
  name: personal(Schema.NonEmptyString, subjects.person("volunteerId")),
  consentGivenOn: LocalDate
})

/** A volunteer was paired with a household in need (结对帮扶). */
export const VolunteerPaired = Schema.TaggedStruct("VolunteerPaired", {
  organizationId: Schema.NonEmptyString,
  volunteerId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  pairedOn: LocalDate
})

/** A pair of a volunteer and a household ended. */
export const VolunteerUnpaired = Schema.TaggedStruct("VolunteerUnpaired", {
  organizationId: Schema.NonEmptyString,
  volunteerId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  unpairedOn: LocalDate
})

/** A volunteer's service was logged (志愿服务记录), for a paired household or the community. */
export const VolunteerServiceLogged = Schema.TaggedStruct("VolunteerServiceLogged", {
  organizationId: Schema.NonEmptyString,
  volunteerId: Schema.NonEmptyString,
  householdId: Schema.optional(Schema.NonEmptyString),
  on: LocalDate,
  hours: Hours,
  description: personal(Schema.NonEmptyString, subjects.person("volunteerId"))
})

/** A volunteer left; her pairs end with it. */
export const VolunteerLeft = Schema.TaggedStruct("VolunteerLeft", {
  organizationId: Schema.NonEmptyString,
  volunteerId: Schema.NonEmptyString,
  leftOn: LocalDate
})

/** The events of an organization's volunteers. */
export const Event = Schema.Union([VolunteerJoined, VolunteerPaired, VolunteerUnpaired, VolunteerServiceLogged, VolunteerLeft])

/** An event of an organization's volunteers. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * Records a volunteer joining the organization. `consent` must be `true` (自愿参加为原则);
 * `consentGivenOn` defaults to the day of `occurredAt`, or today.
 */
export const EnrollVolunteer = Schema.TaggedStruct("EnrollVolunteer", {
  ...CommandFields,
  organizationId: Id,
  volunteerId: PersonId,
  name: personal(Name),
  consent: Schema.Boolean,
  consentGivenOn: Schema.optional(LocalDate)
})

/** Pairs an active volunteer with a household in need (`on` defaults to the day of `occurredAt`, or today). */
export const PairVolunteer = Schema.TaggedStruct("PairVolunteer", {
  ...CommandFields,
  organizationId: Id,
  volunteerId: PersonId,
  householdId: Id,
  on: Schema.optional(LocalDate)
})

/** Ends a pair of a volunteer and a household (`on` defaults to the day of `occurredAt`, or today). */
export const UnpairVolunteer = Schema.TaggedStruct("UnpairVolunteer", {
  ...CommandFields,
  organizationId: Id,
  volunteerId: PersonId,
  householdId: Id,
  on: Schema.optional(LocalDate)
})

/** Logs an active volunteer's service, for a paired household or none (`on` defaults to the day of `occurredAt`, or today). */
export const LogVolunteerService = Schema.TaggedStruct("LogVolunteerService", {
  ...CommandFields,
  organizationId: Id,
  volunteerId: PersonId,
  householdId: Schema.optional(Id),
  on: Schema.optional(LocalDate),
  hours: Hours,
  description: personal(Text)
})

/** Records an active volunteer leaving; her pairs end (`on` defaults to the day of `occurredAt`, or today). */
export const RecordVolunteerLeaving = Schema.TaggedStruct("RecordVolunteerLeaving", {
  ...CommandFields,
  organizationId: Id,
  volunteerId: PersonId,
  on: Schema.optional(LocalDate)
})

/** The commands of volunteers. */
export const Command = Schema.Union([EnrollVolunteer, PairVolunteer, UnpairVolunteer, LogVolunteerService, RecordVolunteerLeaving])

/** A command of volunteers. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A volunteer as known from the organization's events. */
export interface VolunteerRecord {
  readonly active: boolean
  readonly consentGivenOn: LocalDate
  /** The households she is paired with now. */
  readonly pairs: ReadonlyArray<string>
  /** Hours of service logged, in all. */
  readonly hours: number
}

/** An organization's volunteers. */
export interface State {
  readonly volunteers: ReadonlyMap<string, VolunteerRecord>
}

/**
 * The volunteers aggregate. Its stream grows with every service logged, and every volunteer
 * command reads it: it is snapshotted (its state holds no personal data: no name, no
 * description; `docs/explanation/stream-growth.md`).
 */
export const aggregate: Aggregate<State, Event> = {
  category: "volunteers",
  events: Event,
  snapshots: { schemaVersion: 1, every: 25 },
  initial: { volunteers: new Map() },
  evolve: (state, event) => {
    const current = state.volunteers.get(event.volunteerId)
    const put = (record: VolunteerRecord): State => ({ volunteers: new Map(state.volunteers).set(event.volunteerId, record) })
    switch (event._tag) {
      case "VolunteerJoined":
        return put({ active: true, consentGivenOn: event.consentGivenOn, pairs: [], hours: current?.hours ?? 0 })
      case "VolunteerPaired":
        return current ? put({ ...current, pairs: [...current.pairs, event.householdId] }) : state
      case "VolunteerUnpaired":
        return current ? put({ ...current, pairs: current.pairs.filter((h) => h !== event.householdId) }) : state
      case "VolunteerServiceLogged":
        return current ? put({ ...current, hours: current.hours + event.hours }) : state
      case "VolunteerLeft":
        return current ? put({ ...current, active: false, pairs: [] }) : state
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a volunteer command was refused. */
export class VolunteerRejected extends Schema.TaggedError<VolunteerRejected>()("VolunteerRejected", {
  reason: Schema.Literals([
    "ConsentRequired",
    "AlreadyJoined",
    "NotAVolunteer",
    "NotActive",
    "HouseholdNotInNeed",
    "AlreadyPaired",
    "NotPaired",
    "InvalidHours",
    "DateBeforeJoining"
  ]),
  organizationId: Schema.String,
  volunteerId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** What a decision reads besides the organization's volunteers. */
export interface Inputs {
  /**
   * The day of the command's fact (its `on` or `consentGivenOn`, else the day of its
   * `occurredAt`, else today): the date its event records.
   */
  readonly on: LocalDate
  /** For a pairing: the household, of the organization or one below it. */
  readonly household?: Household.State
}

/** The scope of volunteer commands: the organization's committee; a volunteer, her own service and leaving. */
const mayAct = (command: Command) => {
  const { actor, organizationId, volunteerId } = command
  const herself = actor.role === "volunteer" && actor.person === volunteerId
  return actor.organization === organizationId &&
      (isCommittee(actor.role) || (herself && (command._tag === "LogVolunteerService" || command._tag === "RecordVolunteerLeaving")))
    ? undefined
    : Effect.fail(new Unauthorized({
      command: command._tag,
      actor,
      rule: "volunteers are recorded by their organization's executive committee; a volunteer logs only her own service and leaving"
    }))
}

/** Decides a volunteer command, given the organization's volunteers and what else it reads. */
export const decide = (
  command: Command,
  state: State,
  inputs: Inputs
): Effect.Effect<ReadonlyArray<Event>, VolunteerRejected | Unauthorized> => {
  const { organizationId, volunteerId, actor } = command
  const reject = (reason: VolunteerRejected["reason"], detail: string) =>
    Effect.fail(new VolunteerRejected({ reason, organizationId, volunteerId, detail }))
  const refused = mayAct(command)
  if (refused) return refused
  const date = inputs.on
  const volunteer = state.volunteers.get(volunteerId)

  if (command._tag === "EnrollVolunteer") {
    if (command.consent !== true) {
      return reject("ConsentRequired", `${volunteerId} joins only of her own will (自愿参加为原则): her consent must be recorded`)
    }
    if (volunteer?.active) return reject("AlreadyJoined", `${volunteerId} is already a volunteer of ${organizationId}`)
    return Effect.succeed([VolunteerJoined.make({ organizationId, volunteerId, name: command.name, consentGivenOn: date })])
  }

  if (!volunteer) return reject("NotAVolunteer", `${volunteerId} is not a volunteer of ${organizationId}`)
  if (!volunteer.active) return reject("NotActive", `${volunteerId} has left the volunteers of ${organizationId}`)
  if (date < volunteer.consentGivenOn) {
    return reject("DateBeforeJoining", `${volunteerId} joined on ${volunteer.consentGivenOn}; what she does as a volunteer is not dated ${date}`)
  }

  switch (command._tag) {
    case "PairVolunteer": {
      if ((inputs.household?.circumstances.length ?? 0) === 0) {
        return reject("HouseholdNotInNeed", `household ${command.householdId} has no circumstance of need recorded (low-income, empty-nest elderly, …)`)
      }
      if (volunteer.pairs.includes(command.householdId)) {
        return reject("AlreadyPaired", `${volunteerId} is already paired with household ${command.householdId}`)
      }
      return Effect.succeed([VolunteerPaired.make({ organizationId, volunteerId, householdId: command.householdId, pairedOn: date })])
    }
    case "UnpairVolunteer": {
      if (!volunteer.pairs.includes(command.householdId)) {
        return reject("NotPaired", `${volunteerId} is not paired with household ${command.householdId}`)
      }
      return Effect.succeed([VolunteerUnpaired.make({ organizationId, volunteerId, householdId: command.householdId, unpairedOn: date })])
    }
    case "LogVolunteerService": {
      if (!Number.isFinite(command.hours) || command.hours <= 0 || command.hours > 24) {
        return reject("InvalidHours", `a service lasts more than 0 and at most 24 hours, not ${command.hours}`)
      }
      if (command.householdId !== undefined && !volunteer.pairs.includes(command.householdId)) {
        return reject("NotPaired", `${volunteerId} serves household ${command.householdId} only once paired with it`)
      }
      return Effect.succeed([VolunteerServiceLogged.make({
        organizationId,
        volunteerId,
        ...(command.householdId === undefined ? {} : { householdId: command.householdId }),
        on: date,
        hours: command.hours,
        description: command.description
      })])
    }
    case "RecordVolunteerLeaving":
      return Effect.succeed([VolunteerLeft.make({ organizationId, volunteerId, leftOn: date })])
  }
}

const handle = (command: Command, ctx: DecisionContext) =>
  Effect.gen(function*() {
    const state = yield* ctx.load(aggregate, command.organizationId)
    yield* Organization.loadRegistered(ctx, command.organizationId)
    return [emit(aggregate, command.organizationId, yield* decide(command, state, { on: ctx.occurred.on }))]
  })

/** The handlers of volunteer commands. */
export const handlers = {
  EnrollVolunteer: (command: typeof EnrollVolunteer.Type, ctx: DecisionContext) => handle(command, ctx),
  PairVolunteer: (command: typeof PairVolunteer.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      // The scope first: no household is looked up for an organization the actor does not act for.
      const refused = mayAct(command)
      if (refused) return yield* refused
      const state = yield* ctx.load(aggregate, command.organizationId)
      yield* Organization.loadRegistered(ctx, command.organizationId)
      const household = yield* Household.loadInArea(ctx, command.householdId, command.organizationId)
      return [emit(aggregate, command.organizationId, yield* decide(command, state, { on: ctx.occurred.on, household }))]
    }),
  UnpairVolunteer: (command: typeof UnpairVolunteer.Type, ctx: DecisionContext) => handle(command, ctx),
  LogVolunteerService: (command: typeof LogVolunteerService.Type, ctx: DecisionContext) => handle(command, ctx),
  RecordVolunteerLeaving: (command: typeof RecordVolunteerLeaving.Type, ctx: DecisionContext) => handle(command, ctx)
}

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  EnrollVolunteer: ["chair", "vice-chair", "executive-member"],
  PairVolunteer: ["chair", "vice-chair", "executive-member"],
  UnpairVolunteer: ["chair", "vice-chair", "executive-member"],
  LogVolunteerService: ["chair", "vice-chair", "executive-member", "volunteer"],
  RecordVolunteerLeaving: ["chair", "vice-chair", "executive-member", "volunteer"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): on its own date (`consentGivenOn`, `on`) when given, else on a day. */
export const times = {
  EnrollVolunteer: { field: "consentGivenOn", optional: true },
  PairVolunteer: { field: "on", optional: true },
  UnpairVolunteer: { field: "on", optional: true },
  LogVolunteerService: { field: "on", optional: true },
  RecordVolunteerLeaving: { field: "on", optional: true }
} as const satisfies Record<Command["_tag"], FactTime>

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/** A volunteer paired with a household. */
export interface Pair {
  readonly volunteerId: string
  readonly householdId: string
}

/** The pairs in force (结对帮扶): each active volunteer with each household she serves. */
export const activePairs = (state: State): ReadonlyArray<Pair> =>
  [...state.volunteers].flatMap(([volunteerId, v]) => v.pairs.map((householdId) => ({ volunteerId, householdId })))

/** The ids of the volunteers who have not left. */
export const activeVolunteers = (state: State): ReadonlyArray<string> =>
  [...state.volunteers].filter(([, v]) => v.active).map(([id]) => id)
