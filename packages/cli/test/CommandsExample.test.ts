/**
 * examples/commands.jsonl, the README's first file of commands: a street and a community with
 * their committees, households, an activity and a meeting. `fulian exec` applies every line,
 * and running it again applies nothing twice (each line carries its command id).
 */
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { expect, it } from "vitest"
import { fulian, tempDir } from "./support/Run.ts"

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "examples", "commands.jsonl")
const dir = tempDir()

it("runs examples/commands.jsonl through exec: every line applied, and again, nothing twice", async () => {
  const store = ["--store", `sqlite:${path.join(dir, "first.db")}`]
  const first = await fulian(["exec", file, ...store])
  expect(first.code, first.stdout + first.stderr).toBe(0)
  const results = first.stdout.trim().split("\n").map((l) => JSON.parse(l) as { ok: boolean; duplicate: boolean })
  expect(results.length).toBe(9)
  expect(results.every((r) => r.ok && !r.duplicate)).toBe(true)
  const again = await fulian(["exec", file, ...store])
  expect(again.code).toBe(0)
  expect(again.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { duplicate: boolean }).duplicate)).toEqual(results.map(() => true))
  const ledgers = await fulian(["ledgers", "--as", "sun-yan:chair@hexi", ...store])
  expect(ledgers.code).toBe(0)
  expect(ledgers.stdout).toContain("无联系代表 without a representative: hexi-h01, hexi-h02")
  expect(ledgers.stdout).toMatch(/festival +1 +30 +30/)
  // The same rows for programs: JSON, only what the reader may read.
  const json = await fulian(["ledgers", "--format", "json", "--as", "sun-yan:chair@hexi", ...store])
  const rows = JSON.parse(json.stdout) as { period: { from: string }; householdContact: { communities: ReadonlyArray<{ organizationId: string; households: number; withoutRepresentative: ReadonlyArray<string> }> } }
  expect(rows.householdContact.communities).toEqual([expect.objectContaining({ organizationId: "hexi", households: 2, withoutRepresentative: ["hexi-h01", "hexi-h02"] })])
})
