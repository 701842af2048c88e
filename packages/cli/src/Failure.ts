/**
 * How a `fulian` command ends when it does not succeed: a mistake at the command line, explained
 * (`UsageError`, exit code 1), or an exit code whose reason was already written (`ExitCode`: a
 * refused line of `exec`, a report that `verify` found changed).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/** A mistake of the person at the command line, explained in `message`; exit code 1. */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", { detail: Schema.String }) {
  override get message(): string {
    return this.detail
  }
}

/** Ends the command with an exit code, its reason already written. */
export class ExitCode extends Schema.TaggedError<ExitCode>()("ExitCode", { code: Schema.Number }) {}
