/**
 * Where `fulian` writes: results to standard output, messages to standard error, both through
 * effect's `Stdio` service, so a test (or an embedding program) can run a command line in
 * process and read what it wrote.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Stdio from "effect/Stdio"
import * as Stream from "effect/Stream"

/** Writes text to standard output as it is (no newline added). */
export const stdout = (text: string): Effect.Effect<void, never, Stdio.Stdio> =>
  Stdio.Stdio.use((stdio) => Effect.orDie(Stream.run(Stream.make(text), stdio.stdout())))

/** Writes a line to standard error. */
export const stderr = (line: string): Effect.Effect<void, never, Stdio.Stdio> =>
  Stdio.Stdio.use((stdio) => Effect.orDie(Stream.run(Stream.make(`${line}\n`), stdio.stderr())))
