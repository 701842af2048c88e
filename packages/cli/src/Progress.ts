/**
 * 进度条: the progress bar `fulian` draws on standard error during long work (seeding the demo,
 * importing commands, rebuilding the ledgers), so standard output stays clean for the results.
 *
 * `--progress auto` (the default) draws only when standard error is a terminal; `always` also
 * writes to a file or pipe (one line per step of 10%); `never` draws nothing.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stdio from "effect/Stdio"
import * as Stream from "effect/Stream"
import { Flag, GlobalFlag } from "effect/cli"

/** When to draw progress. */
export type Mode = "auto" | "always" | "never"

/** The global `--progress` setting. */
export const ProgressFlag = GlobalFlag.Setting("progress")({
  flag: Flag.Literals("progress", ["auto", "always", "never"] as const).pipe(
    Flag.withDescription("Draw a progress bar on standard error: when it is a terminal (auto), always, or never"),
    Flag.withDefault("auto" as Mode)
  )
})

/** A bar in progress. */
export interface Bar {
  /** Sets how much is done (of `total`; for an unknown total, a count). */
  readonly update: (done: number) => Effect.Effect<void>
  /** Ends the bar, leaving its last state on its line. */
  readonly finish: Effect.Effect<void>
}

/** Where bars are drawn. */
export interface ProgressShape {
  /** Whether bars are drawn at all: when not, a command need not find the total of its work. */
  readonly draws: boolean
  /** Starts a bar with a label and the total amount of work (`undefined` when not known). */
  readonly start: (label: string, total: number | undefined) => Effect.Effect<Bar>
}

/** The progress service. */
export class Progress extends Context.Service<Progress, ProgressShape>()("fulian/cli/Progress") {}

const WIDTH = 28

/** One line of a bar: `label [#########-----]  62%  1113/1797`. */
export const line = (label: string, done: number, total: number | undefined): string => {
  if (total === undefined || total <= 0) return `${label} … ${done}`
  const ratio = Math.min(1, Math.max(0, done / total))
  const filled = Math.round(ratio * WIDTH)
  return `${label} [${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${done}/${total}`
}

/**
 * Bars written to a stream. On a terminal the bar redraws itself in place whenever its percent
 * changes; elsewhere (mode `always`) it writes a line at every step of 10%.
 */
export const make = (write: (text: string) => Effect.Effect<void>, isTerminal: boolean, mode: Mode): ProgressShape => {
  const draws = mode === "always" || (mode === "auto" && isTerminal)
  return {
    draws,
    start: (label, total) =>
      Effect.sync((): Bar => {
        if (!draws) return { update: () => Effect.void, finish: Effect.void }
        let shown = -1
        let last = 0
        const step = (done: number) =>
          total === undefined ? Math.floor(done / 100) : Math.floor((done / Math.max(1, total)) * (isTerminal ? 100 : 10))
        return {
          update: (done) =>
            Effect.suspend(() => {
              last = done
              const s = step(done)
              if (s === shown) return Effect.void
              shown = s
              return write(isTerminal ? `\r${line(label, done, total)}\x1b[K` : `${line(label, done, total)}\n`)
            }),
          finish: Effect.suspend(() => {
            if (isTerminal) return write(`\r${line(label, last, total)}\x1b[K\n`)
            return step(last) !== shown ? write(`${line(label, last, total)}\n`) : Effect.void
          })
        }
      })
  }
}

/** Bars on standard error (of the `Stdio` service), drawn as `mode` says. */
export const layer = (mode: Mode): Layer.Layer<Progress, never, Stdio.Stdio> =>
  Layer.effect(
    Progress,
    Effect.gen(function*() {
      const stdio = yield* Stdio.Stdio
      const isTerminal = yield* stdio.stderrIsTerminal
      return make((text) => Effect.orDie(Stream.run(Stream.make(text), stdio.stderr())), isTerminal, mode)
    })
  )

/** No bars at all. */
export const layerNone: Layer.Layer<Progress> = Layer.succeed(Progress, make(() => Effect.void, false, "never"))

/** Runs `f` with a bar that it updates, finishing the bar however `f` ends. */
export const withBar = <A, E, R>(
  label: string,
  total: number | undefined,
  f: (bar: Bar) => Effect.Effect<A, E, R>
): Effect.Effect<A, E, R | Progress> =>
  Effect.gen(function*() {
    const progress = yield* Progress
    const bar = yield* progress.start(label, total)
    return yield* Effect.ensuring(f(bar), bar.finish)
  })
