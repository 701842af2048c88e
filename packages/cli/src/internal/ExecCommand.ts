/**
 * `fulian exec [file]`: runs commands from JSON lines against the store, in order (`Exec`),
 * writing one JSON result line per command.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { Effect, Option, Stdio, Stream } from "effect"
import * as Exec from "../Exec.ts"
import { ExitCode, UsageError } from "../Failure.ts"
import * as Output from "../Output.ts"
import * as Progress from "../Progress.ts"
import { withStore } from "./Run.ts"

/** The arguments of `fulian exec`. */
export interface Input {
  readonly file: Option.Option<string>
}

/** Runs the lines of the file (or of standard input); exits 1 if any was refused. */
export const run = ({ file }: Input) =>
  withStore(Effect.gen(function*() {
    const path = Option.getOrUndefined(file)
    let lines: Stream.Stream<string, unknown>
    let total: number | undefined
    if (path === undefined || path === "-") {
      const stdio = yield* Stdio.Stdio
      lines = stdio.stdin.pipe(Stream.decodeText(), Stream.splitLines)
    } else {
      const text = yield* Effect.try({
        try: () => fs.readFileSync(path, "utf8"),
        catch: (error) => new UsageError({ detail: `cannot read ${path}: ${(error as Error).message}` })
      })
      const all = text.split(/\r?\n/)
      if (all[all.length - 1] === "") all.pop()
      lines = Stream.fromIterable(all)
      total = all.length
    }
    const summary = yield* Progress.withBar("exec", total, (bar) => {
      let done = 0
      return Exec.runLines(lines, (result) =>
        Effect.andThen(Output.stdout(`${JSON.stringify(result)}\n`), bar.update(++done)))
    })
    if (summary.refused > 0) {
      yield* Output.stderr(`fulian exec: ${summary.applied} applied, ${summary.refused} refused (nothing of a refused line was written)`)
      return yield* new ExitCode({ code: 1 })
    }
    yield* Output.stderr(`fulian exec: ${summary.applied} applied`)
  }), { creates: true })
