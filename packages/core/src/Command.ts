/**
 * What every command carries besides its own fields, and the errors any command can meet
 * outside its aggregate's rules: a malformed command, an actor without authority, a time of
 * the fact that cannot be, and a command id already used by another command.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Actor } from "./Actor.ts"
import { Id, Text } from "./Input.ts"
import { OccurredAt } from "./Time.ts"

/**
 * The fields common to every command: its id (a retry of the command with the same id
 * appends nothing new; another command with that id is refused, `CommandIdReused`), its
 * actor, when its fact happened, the reason where the decision needs one, and the ids that tie
 * it to the work it is part of.
 *
 * `occurredAt` is the business time (DOMAIN.md §0): when the letter was received, the case
 * escalated, the household linked — a moment with its offset, or a date where the fact is a
 * date. It may lie in the past (a paper register copied in later, 补录) but never in the
 * future; without it the fact happened now, by Effect's `Clock`. A command that carries its
 * own date of the fact (`heldOn`, `visitedOn`, `resolvedOn`, …) happened on that date, and an
 * `occurredAt` it also gives must fall on it. When the fact was recorded is not the caller's
 * to say: the store stamps `recordedAt` itself.
 *
 * Like every field of a command, these are built from `Input`'s blocks: the reason is a `Text`
 * (it is copied into the metadata of every event the command appends, so its limit bounds
 * them all), the ids are `Id`s.
 */
export const CommandFields = {
  commandId: Schema.optional(Schema.String.check(Schema.isUUID(undefined, { expected: "a UUID" }))),
  actor: Actor,
  occurredAt: Schema.optional(OccurredAt),
  reason: Schema.optional(Text),
  correlationId: Schema.optional(Id),
  causationId: Schema.optional(Id)
}

/** One thing wrong with a command from outside: where, and what was expected. */
export interface Problem {
  /** The field, as a path (`actor.role`, `criteria.0.maxScore`); empty for the whole command. */
  readonly path: string
  readonly message: string
}

/** A command that does not decode: the problems name each field and what was expected. */
export class InvalidCommand extends Schema.TaggedError<InvalidCommand>()("InvalidCommand", {
  problems: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {
  override get message(): string {
    return `invalid command: ${this.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ")}`
  }
}

/**
 * 无权: the actor may not give this command, by her role or because it concerns an
 * organization she does not act for. `rule` says which rule of §10 refused it.
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  command: Schema.String,
  actor: Actor,
  rule: Schema.String
}) {
  override get message(): string {
    return `${this.actor.person} (${this.actor.role}, ${this.actor.organization}) may not ${this.command}: ${this.rule}`
  }
}

/**
 * 命令编号重复: the command's `commandId` was already used by another command — another type,
 * payload or actor. Nothing was written. The first command's outcome stays its own: this error
 * names the caller's command and the id it gave, and nothing of the other command. A retry of
 * the same command (the same fields and actor) is not refused: it is answered with its first
 * outcome.
 */
export class CommandIdReused extends Schema.TaggedError<CommandIdReused>()("CommandIdReused", {
  command: Schema.String,
  commandId: Schema.String
}) {
  override get message(): string {
    return `${this.command}: command id ${this.commandId} was already used by another command; nothing was written. ` +
      "Give each command an id of its own, and the same id only to a retry of the same command"
  }
}

/**
 * 时间不符: the time a command gives for its fact cannot be — it lies in the future
 * (`InFuture`), it is a date where the fact is a moment (`MomentRequired`: a case registered,
 * escalated or reopened, a report sent, happen at a time of day), or `occurredAt` falls on
 * another day than the command's own date of the fact (`DatesDisagree`). `field` names the
 * field that is wrong. Nothing is written.
 */
export class TimeRejected extends Schema.TaggedError<TimeRejected>()("TimeRejected", {
  reason: Schema.Literals(["InFuture", "MomentRequired", "DatesDisagree"]),
  command: Schema.String,
  field: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.command}: ${this.field}: ${this.detail}`
  }
}
