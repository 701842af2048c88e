/**
 * Runs a `fulian` command line in this process, as `main.ts` would, and collects what it wrote
 * to standard output and standard error, with its exit code.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Console, Effect, Sink, Stdio, Stream } from "effect"
import { afterAll } from "vitest"
import * as Cli from "@fulian/cli/Cli"
import * as NodePlatform from "@fulian/cli/NodePlatform"

/** What a command line did. */
export interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const decoder = new TextDecoder()
const text = (chunk: string | Uint8Array) => (typeof chunk === "string" ? chunk : decoder.decode(chunk))

/** Runs `fulian <args>` with `stdin` as standard input; `onStdout` sees each chunk as it is written. */
export const fulian = async (
  args: ReadonlyArray<string>,
  stdin = "",
  options: { readonly onStdout?: (chunk: string) => void } = {}
): Promise<Ran> => {
  let stdout = ""
  let stderr = ""
  const io = Stdio.make({
    args: Effect.succeed(args),
    stdout: () =>
      Sink.forEach((chunk: string | Uint8Array) =>
        Effect.sync(() => {
          const written = text(chunk)
          stdout += written
          options.onStdout?.(written)
        })
      ),
    stderr: () => Sink.forEach((chunk: string | Uint8Array) => Effect.sync(() => void (stderr += text(chunk)))),
    stdin: Stream.make(new TextEncoder().encode(stdin))
  })
  // The CLI module writes help and parse errors through the console.
  const console: Console.Console = {
    ...globalThis.console,
    log: (...parts: ReadonlyArray<unknown>) => void (stdout += `${parts.join(" ")}\n`),
    error: (...parts: ReadonlyArray<unknown>) => void (stderr += `${parts.join(" ")}\n`)
  }
  const code = await Effect.runPromise(
    Cli.main(args).pipe(Effect.provide(NodePlatform.layer(io)), Effect.provideService(Console.Console, console))
  )
  return { code, stdout, stderr }
}

/** A fresh temporary directory, removed after the tests of the suite that asks for it. */
export const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fulian-cli-"))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}
