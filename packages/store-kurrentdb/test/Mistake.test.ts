/**
 * The suites catch a mistake in the adapter's use of the client (issue 13's acceptance): with
 * every append sent at the expected revision `any` (`fixtures/Mistaken.conformance.ts`), the
 * conformance suite against the stand-in fails — under concurrent appends, where the adapter's
 * own read of the stream cannot stand in for the server's check.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { createRequire } from "node:module"
import { expect, it } from "vitest"

const root = path.resolve(import.meta.dirname, "../../..")
const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs")

it("fails the conformance suite when the adapter appends at the expected revision any", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fulian-mistake-"))
  const report = path.join(dir, "report.json")
  let exitCode = 0
  try {
    execFileSync(process.execPath, [vitest, "run", "--config", "packages/store-kurrentdb/test/fixtures/vitest.config.ts", "--reporter=json", `--outputFile=${report}`], {
      cwd: root,
      stdio: "ignore"
    })
  } catch (error) {
    exitCode = (error as { status: number }).status
  }
  expect(exitCode).toBe(1)
  let results: { testResults: ReadonlyArray<{ assertionResults: ReadonlyArray<{ title: string; status: string }> }> }
  try {
    results = JSON.parse(fs.readFileSync(report, "utf8"))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const failed = results.testResults.flatMap((f) => f.assertionResults).filter((t) => t.status === "failed").map((t) => t.title)
  expect(failed).toContain("keeps the global order consistent with every stream's versions under concurrent appends")
}, 120_000)
