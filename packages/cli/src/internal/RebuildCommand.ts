/**
 * `fulian rebuild`: every ledger projection rebuilt from zero, from the first event to the last.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Policy from "@fulian/core/Policy"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as Projection from "@fulian/projections/Projection"
import * as LedgerText from "../LedgerText.ts"
import * as Output from "../Output.ts"
import * as Progress from "../Progress.ts"
import * as Store from "../Store.ts"
import { eventCount, withStore } from "./Run.ts"

/**
 * Rebuilds every ledger projection from the first event to the last, in one pass, with a
 * progress bar. The log is read through first for the bar's total only when a bar is drawn.
 */
export const run = withStore(Effect.gen(function*() {
  const total = (yield* Progress.Progress).draws ? yield* eventCount : undefined
  const projections = Ledgers.all(yield* Policy.Policy)
  // Every ledger in one pass over the log: their progress moves together.
  let count = 0
  const results = yield* Progress.withBar("rebuild", total, (bar) =>
    Projection.rebuildMany(projections, {
      onProgress: (p) =>
        Effect.suspend(() => {
          count = Math.max(count, p.applied)
          return bar.update(p.applied)
        })
    }))
  const spec = yield* Store.StoreFlag
  const kept = Store.describeProjections(spec, yield* Store.ProjectionsFlag)
  yield* Output.stdout(`${LedgerText.table(
    ["ledger", "version", "checkpoint"],
    projections.map((p, i) => [p.name, p.version, results[i]!.checkpoint])
  )}\n`)
  yield* Output.stderr(
    spec._tag === "kurrentdb"
      ? `fulian rebuild: ${projections.length} ledgers rebuilt from the ${count} events of the log in ${Store.describe(spec)}, kept in the projections database ${kept}`
      : `fulian rebuild: ${projections.length} ledgers rebuilt from the ${count} events of the log, kept in ${kept}`
  )
}))
