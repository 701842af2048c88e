/**
 * The `fulian` executable sizes V8's heap for itself (`Heap`): `history` runs with the young
 * generation at its starting size, so a long history stays small; a flag given to Node on its
 * command line is left as given. Observed in a process of its own, from the size of V8's new
 * space as the process exits.
 */
import { spawnSync } from "node:child_process"
import * as path from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { fulian, tempDir } from "./support/Run.ts"
import { street, streetCommittee } from "./support/Street.ts"

const main = path.join(import.meta.dirname, "..", "src", "main.ts")
// Writes the size of V8's new space (both semi-spaces) to standard error as the process exits.
const newSpaceAtExit = `data:text/javascript,${encodeURIComponent(
  "import v8 from 'node:v8'; process.on('exit', () => process.stderr.write('new space ' + v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size + '\\n'))"
)}`
const MB = 1024 * 1024

describe("the executable's heap", () => {
  const dir = tempDir()
  const file = path.join(dir, "heap.db")

  beforeAll(async () => {
    // The street's chair reads its history.
    const lines = [street, streetCommittee].map((line) => JSON.stringify(line)).join("\n")
    expect((await fulian(["exec", "--store", `sqlite:${file}`], lines)).code).toBe(0)
  })

  /** The new space's size as `fulian history` exits, with these flags given to Node. */
  const newSpaceOfHistory = (nodeFlags: ReadonlyArray<string>): number => {
    const args = ["history", "organization-s1", "--store", `sqlite:${file}`, "--as", "zhou:chair@s1", "--format", "json"]
    const run = spawnSync(process.execPath, ["--conditions=fulian:source", "--import", "tsx", ...nodeFlags, "--import", newSpaceAtExit, main, ...args], {
      encoding: "utf8"
    })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain("OrganizationRegistered")
    const size = /new space (\d+)/.exec(run.stderr)
    expect(size, run.stderr).not.toBeNull()
    return Number(size![1])
  }

  it("keeps the young generation near its starting size for history, where loading the modules alone grows it to 32 MB", () => {
    expect(newSpaceOfHistory([])).toBeLessThanOrEqual(8 * MB)
  })

  it("leaves a flag given to Node as given", () => {
    expect(newSpaceOfHistory(["--semi-space-growth-factor=2"])).toBeGreaterThan(8 * MB)
  })
})
