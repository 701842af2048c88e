/**
 * Where `fulian` writes: results to standard output, messages to standard error, both through
 * effect's `Stdio` service, so a test (or an embedding program) can run a command line in
 * process and read what it wrote.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Sink from "effect/Sink"
import * as Stdio from "effect/Stdio"
import * as Stream from "effect/Stream"

/** Writes text to standard output as it is (no newline added). */
export const stdout = (text: string): Effect.Effect<void, never, Stdio.Stdio> => stdoutStream(Stream.make(text))

/** Writes the texts of a stream to standard output as they come, in one run of it. */
export const stdoutStream = <E, R>(texts: Stream.Stream<string, E, R>): Effect.Effect<void, E, Stdio.Stdio | R> =>
  Stdio.Stdio.use((stdio) => Stream.run(texts, Sink.catchCause(stdio.stdout(), (cause) => Effect.die(Cause.squash(cause)))))

/** Writes a line to standard error. */
export const stderr = (line: string): Effect.Effect<void, never, Stdio.Stdio> =>
  Stdio.Stdio.use((stdio) => Effect.orDie(Stream.run(Stream.make(`${line}\n`), stdio.stderr())))
