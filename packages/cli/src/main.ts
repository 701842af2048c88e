/**
 * The `fulian` executable: runs the command line of this process (`Cli.main`) on Node.js and
 * exits with its exit code.
 *
 *   npx fulian demo                                  (the compiled bin, after `npm run build`)
 *   node --conditions=fulian:source --import tsx packages/cli/src/main.ts demo   (`npm start`: from the sources)
 *
 * @since 0.1.0
 */
import * as Heap from "./internal/Heap.ts"

// V8's heap is sized before the other modules load (`Heap`), so they are imported only then.
Heap.atStart()
const [Effect, Cli, NodePlatform] = await Promise.all([import("effect/Effect"), import("./Cli.ts"), import("./NodePlatform.ts")])

const args = process.argv.slice(2)
// Output piped into a program that stops reading (`fulian schema | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0)
    throw error
  })
}
NodePlatform.runMain(
  Cli.main(args).pipe(
    Effect.tap((code) => Effect.sync(() => void (process.exitCode = code))),
    Effect.provide(NodePlatform.layer(NodePlatform.stdio(args)))
  )
)
