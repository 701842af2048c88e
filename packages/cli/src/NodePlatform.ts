/**
 * The Node.js services that effect's CLI module runs on (`Command.Environment`): standard I/O,
 * the file system, paths, the terminal, and `runMain`.
 *
 * Effect 4.1 keeps these in the separate `@effect/platform-node` package (`NodeServices`,
 * `NodeRuntime.runMain`), which this workspace does not install; this module is the small part
 * of it that `fulian` needs. Child processes are not used, so spawning one is a defect.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import * as readline from "node:readline"
import * as ByteSize from "effect/ByteSize"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Path from "effect/Path"
import * as PlatformError from "effect/PlatformError"
import * as Runtime from "effect/Runtime"
import * as Sink from "effect/Sink"
import * as Stdio from "effect/Stdio"
import * as Stream from "effect/Stream"
import * as Terminal from "effect/Terminal"
import { ChildProcessSpawner } from "effect/process"

const systemError = (method: string, path: string, error: unknown): PlatformError.PlatformError => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return PlatformError.systemError({
    module: "FileSystem",
    method,
    _tag: code === "ENOENT" ? "NotFound" : code === "EACCES" || code === "EPERM" ? "PermissionDenied" : "Unknown",
    description: error instanceof Error ? error.message : String(error),
    pathOrDescriptor: path
  })
}

/**
 * The file system operations the CLI's path flags and arguments use (existence, type, reading);
 * the others fail as a no-op file system does.
 */
export const fileSystem: FileSystem.FileSystem = FileSystem.makeNoop({
  access: (path) =>
    Effect.try({ try: () => fs.accessSync(path), catch: (error) => systemError("access", path, error) }),
  exists: (path) => Effect.sync(() => fs.existsSync(path)),
  readFile: (path) =>
    Effect.try({ try: () => new Uint8Array(fs.readFileSync(path)), catch: (error) => systemError("readFile", path, error) }),
  readFileString: (path) =>
    Effect.try({ try: () => fs.readFileSync(path, "utf8"), catch: (error) => systemError("readFileString", path, error) }),
  stat: (path) =>
    Effect.try({
      try: () => {
        const s = fs.statSync(path)
        return {
          type: s.isFile() ? "File" : s.isDirectory() ? "Directory" : s.isSymbolicLink() ? "SymbolicLink" : "Unknown",
          size: ByteSize.bytes(s.size)
        } as unknown as FileSystem.File.Info
      },
      catch: (error) => systemError("stat", path, error)
    })
})

const writeSink = (stream: NodeJS.WriteStream): Sink.Sink<void, string | Uint8Array, never, PlatformError.PlatformError> =>
  Sink.forEach((chunk: string | Uint8Array) =>
    Effect.callback<void>((resume) => {
      stream.write(chunk, () => resume(Effect.void))
    })
  )

/** Standard I/O of this process: its arguments (after the script), stdout, stderr, stdin. */
export const stdio = (args: ReadonlyArray<string> = process.argv.slice(2)): Stdio.Stdio =>
  Stdio.make({
    args: Effect.succeed(args),
    stdinIsTerminal: Effect.sync(() => process.stdin.isTTY === true),
    stdoutIsTerminal: Effect.sync(() => process.stdout.isTTY === true),
    stderrIsTerminal: Effect.sync(() => process.stderr.isTTY === true),
    stdout: () => writeSink(process.stdout),
    stderr: () => writeSink(process.stderr),
    // Made on first use: touching process.stdin opens it.
    stdin: Stream.suspend(() =>
      Stream.fromAsyncIterable(
        process.stdin as AsyncIterable<Uint8Array>,
        (error) =>
          PlatformError.systemError({
            module: "Stdio",
            method: "stdin",
            _tag: "Unknown",
            description: error instanceof Error ? error.message : String(error)
          })
      )
    )
  })

/** The terminal: its size, and reading a line (prompts); key-by-key input is not supported. */
export const terminal: Terminal.Terminal = Terminal.make({
  columns: Effect.sync(() => process.stdout.columns ?? 80),
  rows: Effect.sync(() => process.stdout.rows ?? 24),
  size: Effect.die("fulian: terminal resize events are not supported"),
  readInput: Effect.die("fulian: key-by-key terminal input is not supported"),
  readLine: Effect.callback<string, Terminal.QuitError>((resume) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout })
    rl.once("line", (line) => {
      rl.close()
      resume(Effect.succeed(line))
    })
    rl.once("SIGINT", () => {
      rl.close()
      resume(Effect.fail(new Terminal.QuitError()))
    })
    return Effect.sync(() => rl.close())
  }),
  display: (text) => Effect.callback((resume) => {
    process.stdout.write(text, () => resume(Effect.void))
  })
})

/**
 * Everything `Command.run` needs, for this process; a test gives its own `Stdio` to read what
 * a command wrote.
 */
export const layer = (io: Stdio.Stdio = stdio()) =>
  Layer.mergeAll(
    Layer.succeed(FileSystem.FileSystem, fileSystem),
    Path.layer,
    Layer.succeed(Stdio.Stdio, io),
    Layer.succeed(Terminal.Terminal, terminal),
    Layer.succeed(
      ChildProcessSpawner.ChildProcessSpawner,
      ChildProcessSpawner.make(() => Effect.die("fulian does not spawn child processes"))
    )
  )

/**
 * Runs the program as this process's main fiber: Ctrl-C interrupts it (its finalizers close the
 * store), and the exit code is 0 on success, 130 when interrupted, and the error's exit code
 * (1 by default) on failure.
 */
export const runMain: <E, A>(effect: Effect.Effect<A, E>) => void = Runtime.makeRunMain(({ fiber, teardown }) => {
  const interrupt = () => fiber.interruptUnsafe()
  process.once("SIGINT", interrupt)
  process.once("SIGTERM", interrupt)
  fiber.addObserver((exit) => {
    process.off("SIGINT", interrupt)
    process.off("SIGTERM", interrupt)
    // A program that ends well may have set its own exit code (`fulian exec` with refused lines).
    teardown(exit, (code) => {
      if (code !== 0 || process.exitCode === undefined) process.exitCode = code
    })
  })
})
