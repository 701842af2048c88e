/**
 * 培训: the trainings an organization gives its committee members (执委), women's
 * representatives (妇女代表), mediators (调解员) and volunteers (巾帼志愿者) — DOMAIN.md §6
 * (学习制度 and 培训), seed 000 §四(三)2, seed 003 §二.2 (the mediators' trainings) and §三.1 (the
 * cadres' trainings), seeds 001 and 004. A training is recorded with its topic, its trainer, the
 * day it was held, its hours, and who attended it in which capacity; the study ledger
 * (`Study`) adds each person's sessions and hours up per year.
 *
 * Stream: one per training, `training-{organizationId}/{trainingId}` (the organization's id
 * escaped, as `Activity`'s records are), holding its one event, appended with the version read,
 * 0: so a training id is used once per organization, and recording one reads nothing else of
 * the organization's. Nothing spans two trainings, so nothing needs a wider boundary.
 *
 * Decisions where DOMAIN.md is silent:
 * - Trainings are recorded by the organization's executive committee (chair, vice-chair,
 *   executive member), after the fact: a date in the future is refused (a plan is not a
 *   record).
 * - A training is recorded per day it was held: its hours are above 0 and at most
 *   `maxHoursPerDay` (12). A course of several days is several records.
 * - Each attendee is listed once, with the one capacity she attended in. The capacity is
 *   taken as given and not checked against the rosters: a street trains the committee members
 *   and representatives of its communities, whose records are the communities', not its own.
 * - The trainer (a lawyer of the judicial bureau, a doctor, the chair herself) is named as
 *   personal data: it may be a person's name. Its subject is the training,
 *   `training:{organizationId}/{trainingId}` (the organization's id escaped, as in the stream).
 * - A training may name the place it was held (`placeId`: a women's home, a rights station):
 *   one of the organization's own places, open on the day (`Place.requireOpen`). Only a
 *   training that names a place reads the places' stream.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import { Id, Name, NonEmptyList, PersonId, Title } from "./Input.ts"
import * as RecordIds from "./internal/RecordIds.ts"
import * as Organization from "./Organization.ts"
import { personal } from "./PersonalData.ts"
import * as Place from "./Place.ts"
import { LocalDate } from "./Time.ts"

/**
 * The capacity an attendee attended in: committee member 执委 `committee-member`, women's
 * representative 妇女代表 `representative`, mediator 调解员 `mediator`, volunteer 巾帼志愿者
 * `volunteer`.
 */
export const Capacity = Schema.Literals(["committee-member", "representative", "mediator", "volunteer"])

/** A capacity an attendee attended in. */
export type Capacity = typeof Capacity.Type

/** The most hours one training day is recorded with (培训学时). */
export const maxHoursPerDay = 12

/** The most attendees a training records: a street's training of all its communities' representatives seats some hundreds. */
export const maxAttendees = 500

/** Hours of one training day: above 0, at most `maxHoursPerDay`. */
export const Hours = Schema.Finite.check(Schema.isGreaterThan(0), Schema.isLessThanOrEqualTo(maxHoursPerDay))

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** 参训人员: a person who attended a training, and the capacity she attended in. */
export const Attendee = Schema.Struct({
  personId: Schema.NonEmptyString,
  capacity: Capacity
})

/** A person who attended a training. */
export type Attendee = typeof Attendee.Type

/** The subject of a training's personal data (its trainer): `training:{organizationId}/{trainingId}`. */
export const subject = (event: Readonly<Record<string, unknown>>): string =>
  `training:${RecordIds.join(String(event.organizationId), String(event.trainingId))}`

/** 培训记载: a training was held, with its topic, trainer, day, hours and attendees. */
export const TrainingRecorded = Schema.TaggedStruct("TrainingRecorded", {
  organizationId: Schema.NonEmptyString,
  trainingId: Schema.NonEmptyString,
  topic: Schema.NonEmptyString,
  trainer: personal(Schema.NonEmptyString, subject),
  heldOn: LocalDate,
  hours: Schema.Finite,
  attendees: Schema.Array(Attendee),
  placeId: Schema.optional(Schema.NonEmptyString)
})

/** The events of trainings. */
export const Event = Schema.Union([TrainingRecorded])

/** An event of trainings. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Records a training held by the actor's organization, on the day it was held (`heldOn`). */
export const RecordTraining = Schema.TaggedStruct("RecordTraining", {
  ...CommandFields,
  organizationId: Id,
  trainingId: Id,
  topic: Title,
  trainer: personal(Name),
  heldOn: LocalDate,
  hours: Hours,
  attendees: NonEmptyList(Schema.Struct({ personId: PersonId, capacity: Capacity }), maxAttendees),
  placeId: Schema.optional(Id)
})

/** The commands of trainings. */
export const Command = Schema.Union([RecordTraining])

/** A command of trainings. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A training as recorded (without its trainer, personal data the ledgers do not keep). */
export interface TrainingRecord {
  readonly organizationId: string
  readonly topic: string
  readonly heldOn: LocalDate
  readonly hours: number
  readonly attendees: ReadonlyArray<Attendee>
  readonly placeId?: string | undefined
}

/** A training's stream: the training, once recorded. */
export interface State {
  readonly training: TrainingRecord | undefined
}

/** The training aggregate: stream `training-{organizationId}/{trainingId}` (its id from `recordId`). */
export const aggregate: Aggregate<State, Event> = {
  category: "training",
  events: Event,
  initial: { training: undefined },
  evolve: (_state, event) => ({
    training: {
      organizationId: event.organizationId,
      topic: event.topic,
      heldOn: event.heldOn,
      hours: event.hours,
      attendees: event.attendees,
      placeId: event.placeId
    }
  })
}

/** The id of a training's stream: the organization's id, escaped, a `/`, and the training's id. */
export const recordId: (organizationId: string, trainingId: string) => string = RecordIds.join

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a training command was refused. */
export class TrainingRejected extends Schema.TaggedError<TrainingRejected>()("TrainingRejected", {
  reason: Schema.Literals(["DuplicateTraining", "InvalidHours", "NoAttendees", "RepeatedAttendee", "NoTopic", "NoTrainer"]),
  organizationId: Schema.String,
  trainingId: Schema.String,
  detail: Schema.String,
  /** For `RepeatedAttendee`: the persons listed more than once. */
  personIds: Schema.optional(Schema.Array(Schema.String))
}) {
  override get message(): string {
    return this.detail
  }
}

const blank = (s: string) => s.trim() === ""

/**
 * Decides a training command, given the training's stream. (Its `heldOn` is its fact's day,
 * which the command handler refuses when in the future.)
 */
export const decide = (command: Command, state: State): Effect.Effect<ReadonlyArray<Event>, TrainingRejected | Unauthorized> => {
  const { actor, organizationId, trainingId } = command
  const reject = (reason: TrainingRejected["reason"], detail: string, personIds?: ReadonlyArray<string>) =>
    Effect.fail(new TrainingRejected({ reason, organizationId, trainingId, detail, ...(personIds ? { personIds } : {}) }))
  if (actor.organization !== organizationId || !isCommittee(actor.role)) {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "trainings are recorded by the organization's own executive committee" }))
  }
  if (state.training !== undefined) return reject("DuplicateTraining", `training ${trainingId} is already recorded by ${organizationId}`)
  if (blank(command.topic)) return reject("NoTopic", "a training is recorded with its topic (培训主题)")
  if (blank(command.trainer)) return reject("NoTrainer", "a training is recorded with who gave it (授课人)")
  if (!Number.isFinite(command.hours) || command.hours <= 0 || command.hours > maxHoursPerDay) {
    return reject("InvalidHours", `a training day lasts more than 0 and at most ${maxHoursPerDay} hours, not ${command.hours}: a course of several days is recorded day by day`)
  }
  if (command.attendees.length === 0) return reject("NoAttendees", "a training records who attended it (参训人员)")
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const a of command.attendees) (seen.has(a.personId) ? repeated : seen).add(a.personId)
  if (repeated.size > 0) {
    return reject("RepeatedAttendee", `each attendee is listed once, with the capacity she attended in; listed more than once: ${[...repeated].join(", ")}`, [...repeated])
  }
  const { _tag, commandId, actor: _actor, reason, correlationId, causationId, ...fields } = command
  return Effect.succeed([TrainingRecorded.make(fields)])
}

/** The handlers of training commands. */
export const handlers = {
  RecordTraining: (command: typeof RecordTraining.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const id = recordId(command.organizationId, command.trainingId)
      const state = yield* ctx.load(aggregate, id)
      yield* Organization.loadRegistered(ctx, command.organizationId)
      const events = yield* decide(command, state)
      // Checked after the decision, so that another organization's actor learns nothing of its places.
      if (command.placeId !== undefined) yield* Place.requireOpen(ctx, command.organizationId, command.placeId, command.heldOn)
      return [emit(aggregate, id, events)]
    })
}

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  RecordTraining: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): on the day the training was held. */
export const times = {
  RecordTraining: { field: "heldOn" }
} as const satisfies Record<Command["_tag"], FactTime>

/** The organization whose training a stream holds (`training-{organizationId}/{trainingId}`), or `undefined`. */
export const organizationOfStream = (stream: string): string | undefined =>
  stream.startsWith(`${aggregate.category}-`) ? RecordIds.organizationOf(stream.slice(aggregate.category.length + 1)) : undefined
