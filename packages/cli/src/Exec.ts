/**
 * `fulian exec`: commands from JSON lines (a file or standard input) run against a store, one
 * result line of JSON per command, in order.
 *
 * Each line is one command, decoded (`Domain.decodeCommand`) and executed (`Domain.execute`) on
 * its own: a command's events are appended atomically or not at all, so a line that is refused —
 * not JSON, an `InvalidCommand` naming the bad fields, or the domain's error — writes nothing,
 * and the lines after it still run. Blank lines are skipped, and so is a byte order mark (U+FEFF)
 * at the start of the file; a line longer than `maxLineLength` is refused without being parsed.
 * A line with a `commandId` that ran before answers with its first outcome and appends nothing
 * (`"duplicate": true`), so a file can be run again safely; a line changed since, under the same
 * id, is another command and is refused (`CommandIdReused`).
 *
 *   {"line":1,"ok":true,"command":"RegisterOrganization","commandId":"…","duplicate":false,"events":[{"stream":"organization-qingshan","version":1,"position":1,"type":"OrganizationRegistered"}]}
 *   {"line":2,"ok":false,"command":"RegisterHousehold","error":{"_tag":"InvalidCommand","message":"invalid command: address: required, but missing","problems":[…]}}
 *
 * @since 0.1.0
 */
import { Effect, Stream } from "effect"
import * as Domain from "@fulian/core/Domain"
import { InvalidCommand } from "@fulian/core/Command"
import type { Policy } from "@fulian/core/Policy"
import type { EventStore } from "@fulian/store/EventStore"

/** A command that was applied (or had been, for a repeated command id). */
export interface Applied {
  readonly line: number
  readonly ok: true
  readonly command: string
  readonly commandId: string
  /** True when this command id had run before: nothing new was written. */
  readonly duplicate: boolean
  readonly events: ReadonlyArray<{ readonly stream: string; readonly version: number; readonly position: number; readonly type: string }>
}

/** A line that was refused; nothing of it was written. */
export interface Refused {
  readonly line: number
  readonly ok: false
  /** The command's `_tag`, when the line had one. */
  readonly command?: string
  /** The typed error: its `_tag`, a readable `message`, and its own fields (`problems`, `reason`, …). */
  readonly error: { readonly _tag: string; readonly message: string; readonly [field: string]: unknown }
}

/** The result of one line. */
export type Result = Applied | Refused

/** How many lines were applied and refused. */
export interface Summary {
  readonly applied: number
  readonly refused: number
}

/** A typed error as plain JSON: its tag, message and fields (without a cause). */
export const errorJson = (error: { readonly _tag: string; readonly message: string }): Refused["error"] => {
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(error)) {
    if (key === "cause" || key === "_tag" || key === "message" || key === "stack") continue
    try {
      fields[key] = JSON.parse(JSON.stringify(value))
    } catch {
      fields[key] = String(value)
    }
  }
  return { _tag: error._tag, message: error.message, ...fields }
}

/**
 * The longest line `exec` reads, in characters (UTF-16 units): more than twice the largest
 * command the rules of input allow (a congress held with 1,000 attendees, its minutes, report
 * and plan: some 200,000), and short enough to parse in a few tens of milliseconds whatever it
 * holds. A longer line is refused unread.
 */
export const maxLineLength = 500_000

const tagOf = (input: unknown): string | undefined => {
  const tag = typeof input === "object" && input !== null ? (input as { _tag?: unknown })._tag : undefined
  return typeof tag === "string" ? tag : undefined
}

/**
 * Runs one line: parses it as JSON, decodes the command and executes it. `undefined` for a
 * blank line. Never fails: a refusal is a `Refused` result.
 */
export const runLine = (text: string, line: number): Effect.Effect<Result | undefined, never, EventStore | Policy> => {
  if (text.length > maxLineLength) {
    const problem = new InvalidCommand({
      problems: [{ path: "", message: `a line of at most ${maxLineLength} characters, not ${text.length}: no command is that long` }]
    })
    return Effect.succeed({ line, ok: false, error: errorJson(problem) })
  }
  if (text.trim() === "") return Effect.succeed(undefined)
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch (error) {
    const problem = new InvalidCommand({ problems: [{ path: "", message: `not JSON: ${(error as Error).message}` }] })
    return Effect.succeed({ line, ok: false, error: errorJson(problem) })
  }
  const command = tagOf(input)
  const refused = (error: { readonly _tag: string; readonly message: string }): Refused =>
    command === undefined ? { line, ok: false, error: errorJson(error) } : { line, ok: false, command, error: errorJson(error) }
  return Domain.decodeCommand(input).pipe(
    Effect.flatMap((decoded) => Domain.execute(decoded)),
    Effect.map((outcome): Result => ({
      line,
      ok: true,
      command: command!,
      commandId: outcome.commandId,
      duplicate: outcome.duplicate,
      events: outcome.events.map((e) => ({ stream: e.stream, version: e.version, position: e.position, type: e.type }))
    })),
    Effect.catch((error) => Effect.succeed(refused(error)))
  )
}

/**
 * Runs every line of a stream in order, handing each result to `onResult`. A byte order mark
 * at the start of the first line is skipped.
 */
export const runLines = <E, R, R2>(
  lines: Stream.Stream<string, E, R>,
  onResult: (result: Result) => Effect.Effect<void, never, R2>
): Effect.Effect<Summary, E, R | R2 | EventStore | Policy> =>
  Effect.suspend(() => {
    let applied = 0
    let refused = 0
    return Stream.zipWithIndex(lines).pipe(
      Stream.runForEach(([text, index]) =>
        // A file saved "with BOM" (as Windows editors do) starts with U+FEFF: not part of the JSON.
        Effect.flatMap(runLine(index === 0 && text.startsWith("\uFEFF") ? text.slice(1) : text, index + 1), (result) => {
          if (result === undefined) return Effect.void
          if (result.ok) applied++
          else refused++
          return onResult(result)
        })
      ),
      Effect.map((): Summary => ({ applied, refused }))
    )
  })
