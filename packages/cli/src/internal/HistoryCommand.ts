/**
 * `fulian history <stream>`: every decision recorded on a stream, written as it is read, a page
 * at a time (`History.stream`).
 *
 * @since 0.1.0
 */
import { Effect, Stream } from "effect"
import * as Policy from "@fulian/core/Policy"
import { UsageError } from "../Failure.ts"
import * as History from "../History.ts"
import * as Output from "../Output.ts"
import { readerOf, withEvents } from "./Run.ts"

/** The arguments of `fulian history`. */
export interface Input {
  readonly stream: string
  readonly format: "text" | "json"
}

/** Writes the stream's history as the reader of `--as` may read it; a stream with nothing she may read is refused. */
export const run = ({ stream, format }: Input) =>
  withEvents(Effect.gen(function*() {
    const policy = yield* Policy.Policy
    // Written as it is read, a page at a time: a stream of any length fits in memory. One run
    // of the history into standard output, not one write per page: a run per page keeps each
    // page past V8's young generation, and a long history took some 100 MB more.
    let count = 0
    const pages = Stream.mapArray(History.stream(yield* readerOf("fulian history"), stream, policy), (entries) => {
      const text = entries.map((e) => (format === "json" ? History.jsonLine(e) : History.block(e, policy))).join("")
      const head = count === 0 && format === "text" ? History.heading(stream, policy) : ""
      count += entries.length
      return [head + text]
    })
    yield* Output.stdoutStream(pages)
    if (count === 0) {
      return yield* new UsageError({
        detail: `no events in stream ${stream} that you may read; streams are named <category>-<id>, as in case-qingbo-2025-leak or household-guihua-h07`
      })
    }
    if (format === "text") yield* Output.stdout(History.footing(count))
  }))
