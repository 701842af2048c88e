/**
 * How the `fulian` process asks V8 to size its heap: a process of its own, so it may set V8's
 * flags for itself, as a library never does for the program that embeds it. Measured, with the
 * figures, in docs/explanation/stream-growth.md ("The command line's heap").
 *
 * - The old generation grows to 1.5× what a full collection found alive, not up to 4×
 *   (`--heap-growing-percent=50`), while the modules load and for `history`; to 2× for every
 *   other command (`--heap-growing-percent=100`). A rebuild of every ledger over 1,000,000
 *   events peaked at about 200 MB with 1.5×, against 294–474 MB with V8's own factor; once a
 *   rebuild promoted less, 2× made it 6–11% faster than 1.5× for 10–18 MB more (196–214 MB).
 * - The young generation stays at its starting size while the modules load, and for `history`,
 *   which streams its pages (`--semi-space-growth-factor=1`); every other command lets it grow
 *   again as V8 does (doubling): a rebuild was a little faster so (about 4%), and no smaller
 *   held.
 *
 * Both flags are read by V8 at each collection, so setting them once the process runs takes
 * effect (unlike `--max-old-space-size` or `--max-semi-space-size`, fixed when the heap is
 * made). A flag given to Node on its command line (`node --heap-growing-percent=0 …/fulian`;
 * Node does not take these in `NODE_OPTIONS`) is left as given.
 *
 * @since 0.1.0
 */
import { setFlagsFromString } from "node:v8"

/** Whether Node was given this flag on its command line. */
const given = (flag: string): boolean => {
  const spellings = [`--${flag}`, `--${flag.replaceAll("-", "_")}`]
  return process.execArgv.some((word) => spellings.some((s) => word === s || word.startsWith(`${s}=`)))
}

const set = (flag: string, value: number): void => {
  if (!given(flag)) setFlagsFromString(`--${flag}=${value}`)
}

let held = false

/**
 * At the start of the `fulian` executable (`main.ts`), before its other modules load: the old
 * generation held to 1.5× what is alive, the young one at its starting size.
 */
export const atStart = (): void => {
  set("heap-growing-percent", 50)
  set("semi-space-growth-factor", 1)
  held = true
}

/**
 * For a command that folds many events: the young generation may grow again, as V8 lets it by
 * default, and the old one to twice what is alive. Nothing is set in a process that did not
 * start as `fulian` (`atStart`): a program or a test that runs `Cli.main` keeps its own heap as
 * it is.
 */
export const forFolding = (): void => {
  if (!held) return
  set("semi-space-growth-factor", 2)
  set("heap-growing-percent", 100)
}
