/**
 * The scale curve (`npm run bench -- --stores scale`): what a command costs as the store grows.
 * On SQLite (a file in a temporary directory, synchronous=NORMAL) and PostgreSQL (a schema of its
 * own, dropped afterwards), a store is seeded with 10,000, then 100,000, then 1,000,000 events of
 * a street's ordinary work (`bench/ledgers-worker.ts`, phase `seed`); at each size, commands that
 * write fresh records (`RegisterHousehold` and `RecordActivity` by a community's chair, decoded
 * from JSON and executed one after another, phase `commands`) are timed, twice, in child
 * processes. The cost at 10,000 events is the baseline of the larger sizes, in the same run.
 * Issue 12's target: a command costs the same at any size (within 1.5×).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { run } from "./ledgers.ts"

/** Seeds each size in turn and times commands at each; prints the curve. */
export const runScale = async (options: { readonly scale: number; readonly pgUrl: string }): Promise<void> => {
  const sizes = [10_000, 100_000, 1_000_000]
  const commands = String(Math.max(50, Math.round(400 * options.scale)))
  console.log(`\nthe scale curve: ${commands} commands on fresh records, in stores of ${sizes.map((n) => n.toLocaleString("en-US")).join(", ")} events`)
  const dir = mkdtempSync(join(tmpdir(), "fulian-scale-"))
  const schema = `bench_scale_${process.pid}`
  try {
    for (const store of ["sqlite", "postgres"] as const) {
      const where = store === "sqlite" ? ["--file", join(dir, "scale.db")] : ["--schema", schema, "--pg-url", options.pgUrl]
      let seeded = 0
      let baseline: number | undefined
      for (const size of sizes) {
        const added = await run(["--phase", "seed", "--store", store, "--events", String(size - seeded), "--from", String(seeded), ...where])
        seeded += added.events
        const rates = [
          (await run(["--phase", "commands", "--store", store, "--events", commands, ...where])).rate,
          (await run(["--phase", "commands", "--store", store, "--events", commands, ...where])).rate
        ]
        const rate = Math.max(...rates)
        baseline ??= rate
        console.log(
          `  ${store.padEnd(8)} ${seeded.toLocaleString("en-US").padStart(9)} events stored: ${Math.round(rate).toLocaleString("en-US").padStart(6)} commands/s` +
            `  (${(1000 / rate).toFixed(2)} ms each; cost ${(baseline / rate).toFixed(2)}× that at ${sizes[0]!.toLocaleString("en-US")})`
        )
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await run(["--phase", "drop", "--store", "postgres", "--events", "0", "--schema", schema, "--pg-url", options.pgUrl]).catch(() => undefined)
  }
}
