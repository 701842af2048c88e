/**
 * The whole domain of DOMAIN.md as one value: every command, every event, their handlers and
 * the role check of §10. `Fulian.execute` runs a command of it against an `EventStore`.
 *
 * @since 0.1.0
 */
import { Effect, Schema, SchemaIssue } from "effect"
import type { EventStore, EventStoreError } from "@fulian/store/EventStore"
import type { Role } from "./Actor.ts"
import { type CommandIdReused, InvalidCommand, type Problem, type TimeRejected, Unauthorized } from "./Command.ts"
import type { FactTime } from "./Decider.ts"
import * as CommandHandler from "./CommandHandler.ts"
import * as Activity from "./Activity.ts"
import * as Authority from "./Authority.ts"
import * as Assessment from "./Assessment.ts"
import * as Audit from "./Audit.ts"
import * as Award from "./Award.ts"
import * as Case from "./Case.ts"
import * as Erasure from "./Erasure.ts"
import * as EventCodec from "./EventCodec.ts"
import * as Household from "./Household.ts"
import { oversized } from "./Input.ts"
import * as Mediation from "./Mediation.ts"
import * as Reception from "./Reception.ts"
import * as Meeting from "./Meeting.ts"
import * as Organization from "./Organization.ts"
import * as Place from "./Place.ts"
import * as PersonalData from "./PersonalData.ts"
import * as ReadLog from "./ReadLog.ts"
import * as Representation from "./Representation.ts"
import * as Report from "./Report.ts"
import * as Signing from "./Signing.ts"
import * as Term from "./Term.ts"
import * as Training from "./Training.ts"
import * as Volunteer from "./Volunteer.ts"
import * as WorkPlan from "./WorkPlan.ts"
import type { Policy } from "./Policy.ts"

/** Every command of the domain. */
export const Command = Schema.Union([
  Organization.Command,
  Activity.Command,
  Assessment.Command,
  Award.Command,
  Volunteer.Command,
  Case.Command,
  Mediation.Command,
  Reception.Command,
  Audit.Command,
  Erasure.Command,
  Signing.Command,
  Household.Command,
  Term.Command,
  Place.Command,
  Meeting.Command,
  Training.Command,
  WorkPlan.Command,
  Representation.Command,
  Report.Command
])

/** A command of the domain. */
export type Command = typeof Command.Type

/** Every event of the domain. */
export const Event = Schema.Union([
  Organization.Event,
  Organization.DeploymentEvent,
  ReadLog.Event,
  Activity.Event,
  Assessment.Event,
  Award.Event,
  Volunteer.Event,
  Case.Event,
  Mediation.Event,
  Reception.Event,
  Audit.Event,
  Erasure.Event,
  Signing.Event,
  Household.Event,
  Term.Event,
  Place.Event,
  Meeting.Event,
  Training.Event,
  WorkPlan.Event,
  Representation.Event,
  Report.Event
])

/** An event of the domain. */
export type Event = typeof Event.Type

/** Every refusal of a command: by a rule of the domain, for its authority or its time, or for a command id used by another command. */
export type DomainError =
  | Unauthorized
  | TimeRejected
  | CommandIdReused
  | Organization.OrganizationRejected
  | Activity.ActivityRejected
  | Assessment.AssessmentRejected
  | Award.AwardRejected
  | Volunteer.VolunteerRejected
  | Case.CaseRejected
  | Mediation.MediationRejected
  | Reception.ReceptionRejected
  | Audit.AuditRejected
  | Erasure.ErasureRejected
  | Signing.SigningRejected
  | Household.HouseholdRejected
  | Term.TermRejected
  | Term.ReserveCadreRejected
  | Place.PlaceRejected
  | Meeting.MeetingRejected
  | Training.TrainingRejected
  | WorkPlan.WorkPlanRejected
  | Representation.RepresentationRejected
  | Report.ReportRejected

/** Which roles may give each command (§10 Authority). */
export const permissions: { readonly [K in Command["_tag"]]: ReadonlyArray<Role> } = {
  ...Organization.permissions,
  ...Activity.permissions,
  ...Assessment.permissions,
  ...Award.permissions,
  ...Volunteer.permissions,
  ...Case.permissions,
  ...Mediation.permissions,
  ...Reception.permissions,
  ...Audit.permissions,
  ...Erasure.permissions,
  ...Signing.permissions,
  ...Household.permissions,
  ...Term.permissions,
  ...Place.permissions,
  ...Meeting.permissions,
  ...Training.permissions,
  ...WorkPlan.permissions,
  ...Representation.permissions,
  ...Report.permissions
}

/** How each command says when its fact happened (DOMAIN.md §0; see `Decider.FactTime`). */
export const times: { readonly [K in Command["_tag"]]: FactTime } = {
  ...Organization.times,
  ...Activity.times,
  ...Assessment.times,
  ...Award.times,
  ...Volunteer.times,
  ...Case.times,
  ...Mediation.times,
  ...Reception.times,
  ...Audit.times,
  ...Erasure.times,
  ...Signing.times,
  ...Household.times,
  ...Term.times,
  ...Place.times,
  ...Meeting.times,
  ...Training.times,
  ...WorkPlan.times,
  ...Representation.times,
  ...Report.times
}

/** The stored form of the domain's events, with the schema versions and upcasts of those that changed. */
export const codec = EventCodec.make(Event, {
  versions: { ...Report.versions },
  upcasts: { ...Report.upcasts }
})

/** The domain as the command handler runs it. */
export const domain: CommandHandler.Domain<Command, Event, DomainError> = {
  codec,
  times,
  handlers: {
    ...Organization.handlers,
    ...Activity.handlers,
    ...Assessment.handlers,
    ...Award.handlers,
    ...Volunteer.handlers,
    ...Case.handlers,
    ...Mediation.handlers,
    ...Reception.handlers,
    ...Audit.handlers,
    ...Erasure.handlers,
    ...Signing.handlers,
    ...Household.handlers,
    ...Term.handlers,
    ...Place.handlers,
    ...Meeting.handlers,
    ...Training.handlers,
    ...WorkPlan.handlers,
    ...Representation.handlers,
    ...Report.handlers
  },
  standing: Authority.standing,
  authorize: (command) => {
    const allowed = permissions[command._tag]
    return allowed.includes(command.actor.role)
      ? undefined
      : new Unauthorized({
        command: command._tag,
        actor: command.actor,
        rule: `only ${allowed.join(", ")} may ${command._tag}`
      })
  }
}

/** Runs one command: role check, load, decide, append (see `CommandHandler.execute`). */
export const execute = (
  command: Command,
  options?: CommandHandler.ExecuteOptions
): Effect.Effect<CommandHandler.Outcome<Event>, DomainError | EventStoreError, EventStore | Policy> =>
  CommandHandler.execute(domain, command, options)

// Effect's Standard Schema formatter walks the issue tree and gives each leaf its path as
// keys, with the message of the check that failed (`Input`'s "at most 2000 characters").
const issuesOf = SchemaIssue.makeFormatterStandardSchemaV1({
  leafHook: (issue) => (issue._tag === "MissingKey" ? "required, but missing" : SchemaIssue.defaultLeafHook(issue))
})

const problemsOf = (issue: SchemaIssue.Issue): ReadonlyArray<Problem> =>
  issuesOf(issue).issues.map((i) => ({
    path: (i.path ?? []).map((key) => String(typeof key === "object" ? key.key : key)).join("."),
    message: i.message
  }))

const commandSchemas = (() => {
  const byTag = new Map<string, Schema.Top>()
  const walk = (schema: Schema.Top): void => {
    if ("members" in schema && Array.isArray(schema.members)) (schema.members as ReadonlyArray<Schema.Top>).forEach(walk)
    else for (const tag of EventCodec.tagsOf(schema)) byTag.set(tag, schema)
  }
  walk(Command)
  return byTag
})()

/**
 * The personal fields of every event type that has any, with whose each is (`PersonalData`):
 * what the store boundary encrypts with each subject's key, and what projections leave out.
 */
export const personalFields: ReadonlyMap<string, ReadonlyArray<PersonalData.Field>> = (() => {
  const byTag = new Map<string, ReadonlyArray<PersonalData.Field>>()
  const walk = (schema: Schema.Top): void => {
    if ("members" in schema && Array.isArray(schema.members)) (schema.members as ReadonlyArray<Schema.Top>).forEach(walk)
    else {
      const fields = PersonalData.fields(schema)
      if (fields.length > 0) for (const tag of EventCodec.tagsOf(schema)) byTag.set(tag, fields)
    }
  }
  walk(Event)
  return byTag
})()

/**
 * An event with its personal data left out (each personal text empty): for projections and
 * read models, which keep no personal data (DOMAIN.md §10), so that nothing of it survives an
 * erasure there.
 */
export const withoutPersonalData = <E extends Event>(event: E): E => {
  const fields = personalFields.get(event._tag)
  if (fields === undefined) return event
  return PersonalData.blank(event, fields)
}

/** The `_tag` of every command, in the order the modules list them. */
export const commandTags: ReadonlyArray<Command["_tag"]> = [...commandSchemas.keys()] as Array<Command["_tag"]>

/** Edit distance between two short texts (case ignored), for suggesting a command type. */
const distance = (a: string, b: string): number => {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const row = [i]
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1))
    }
    previous = row
  }
  return previous[y.length]!
}

/**
 * The message for a `_tag` that names no command: the tag quoted briefly, and the nearest
 * command types when some are near. The whole list is not repeated: it grows with the domain,
 * and `Domain.commandTags` (or `fulian schema`) gives it.
 */
const unknownTag = (tag: string): string => {
  const quoted = JSON.stringify(tag.length > 64 ? `${tag.slice(0, 64)}…` : tag)
  // Only a short tag is compared: a long one is no typo, and comparing it would cost its length squared.
  const near = tag.length > 64 ? [] : commandTags
    .map((t) => ({ t, d: distance(tag, t) }))
    .filter(({ d, t }) => d <= Math.max(2, Math.floor(t.length / 4)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ t }) => t)
  const suggestion = near.length > 0 ? `; did you mean ${near.join(" or ")}?` : ""
  return `unknown command type ${quoted}${suggestion} (the ${commandTags.length} command types are in Domain.commandTags)`
}

/**
 * Decodes a command from outside (JSON from a web form or a file): a bad one fails with
 * `InvalidCommand`, naming each field and what was expected. A list longer than its limit
 * (`Input.List`), or an object with many fields it should not have, is refused before it is
 * decoded, with that problem alone (`Input.oversized`).
 */
export const decodeCommand = (input: unknown): Effect.Effect<Command, InvalidCommand> => {
  const tag = typeof input === "object" && input !== null ? (input as { _tag?: unknown })._tag : undefined
  const schema = typeof tag === "string" ? commandSchemas.get(tag) : undefined
  if (schema === undefined) {
    // The tag is the caller's: shown only if it is a short text, never serialized whole.
    const message = typeof input !== "object" || input === null
      ? "a command is an object with a _tag naming its type"
      : typeof tag !== "string"
      ? `a command's _tag is a text naming its type, one of the ${commandTags.length} in Domain.commandTags`
      : unknownTag(tag)
    return Effect.fail(new InvalidCommand({ problems: [{ path: "_tag", message }] }))
  }
  const tooLarge = oversized(schema, input)
  if (tooLarge.length > 0) return Effect.fail(new InvalidCommand({ problems: tooLarge }))
  return Schema.decodeUnknownEffect(schema)(input, { errors: "all", onExcessProperty: "error" }).pipe(
    Effect.mapError((error) => new InvalidCommand({ problems: problemsOf(error.issue) }))
  ) as Effect.Effect<Command, InvalidCommand>
}
