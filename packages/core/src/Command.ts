/**
 * What every command carries besides its own fields, and the errors any command can meet
 * before its aggregate decides: a malformed command and an actor without authority.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Actor } from "./Actor.ts"

/**
 * The fields common to every command: its id (a retried command with the same id appends
 * nothing new), its actor, the reason where the decision needs one, and the ids that tie it
 * to the work it is part of.
 */
export const CommandFields = {
  commandId: Schema.optional(Schema.String.check(Schema.isUUID(undefined, { expected: "a UUID" }))),
  actor: Actor,
  reason: Schema.optional(Schema.NonEmptyString),
  correlationId: Schema.optional(Schema.NonEmptyString),
  causationId: Schema.optional(Schema.NonEmptyString)
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
