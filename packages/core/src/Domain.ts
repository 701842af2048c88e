/**
 * The whole domain of DOMAIN.md as one value: every command, every event, their handlers and
 * the role check of §10. `Fulian.execute` runs a command of it against an `EventStore`.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { EventStore, EventStoreError } from "@fulian/store/EventStore"
import type { Role } from "./Actor.ts"
import { InvalidCommand, type Problem, Unauthorized } from "./Command.ts"
import * as CommandHandler from "./CommandHandler.ts"
import * as EventCodec from "./EventCodec.ts"
import * as Household from "./Household.ts"
import * as Organization from "./Organization.ts"
import type { Policy } from "./Policy.ts"

/** Every command of the domain. */
export const Command = Schema.Union([
  Organization.Command,
  Household.Command
])

/** A command of the domain. */
export type Command = typeof Command.Type

/** Every event of the domain. */
export const Event = Schema.Union([
  Organization.Event,
  Household.Event
])

/** An event of the domain. */
export type Event = typeof Event.Type

/** Every refusal by a rule of the domain. */
export type DomainError =
  | Unauthorized
  | Organization.OrganizationRejected
  | Household.HouseholdRejected

/** Which roles may give each command (§10 Authority). */
export const permissions: { readonly [K in Command["_tag"]]: ReadonlyArray<Role> } = {
  ...Organization.permissions,
  ...Household.permissions
}

/** The stored form of the domain's events. */
export const codec = EventCodec.make(Event)

/** The domain as the command handler runs it. */
export const domain: CommandHandler.Domain<Command, Event, DomainError> = {
  codec,
  handlers: {
    ...Organization.handlers,
    ...Household.handlers
  },
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

const problemsOf = (error: Schema.SchemaError): ReadonlyArray<Problem> => {
  const lines = error.message.split("\n")
  const problems: Array<Problem> = []
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i + 1]?.match(/^\s+at (.*)$/)
    if (/^\s+at /.test(lines[i]!)) continue
    const path = at ? at[1]!.replace(/^\[|\]$/g, "").split("][").map((p) => p.replace(/^"|"$/g, "")).join(".") : ""
    problems.push({ path, message: lines[i]!.trim() })
  }
  return problems
}

/**
 * Decodes a command from outside (JSON from a web form or a file): a bad one fails with
 * `InvalidCommand`, naming each field and what was expected.
 */
export const decodeCommand = (input: unknown): Effect.Effect<Command, InvalidCommand> =>
  Schema.decodeUnknownEffect(Command)(input, { errors: "all", onExcessProperty: "error" }).pipe(
    Effect.mapError((error) => new InvalidCommand({ problems: problemsOf(error) }))
  )
