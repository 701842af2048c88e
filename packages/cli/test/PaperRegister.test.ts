/**
 * The how-to "Copy a paper register into fulian" works as written: its register is the file
 * beside it, `fulian exec` applies every line once, and the history and the ledgers show the
 * business times of the paper with the records marked 补录.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { fulian, type Ran, tempDir } from "./support/Run.ts"

const howTo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs/how-to")
const register = path.join(howTo, "paper-register.jsonl")

describe("docs/how-to/copy-a-paper-register.md", () => {
  const db = path.join(tempDir(), "qingbo.db")
  const store = ["--store", `sqlite:${db}`]
  // The street's auditor, appointed in the register, reads every record of its area.
  const reader = ["--as", "zhao-min:auditor@beishan"]
  let first: Ran
  let again: Ran

  beforeAll(async () => {
    first = await fulian(["exec", register, ...store])
    again = await fulian(["exec", register, ...store])
  })

  it("shows the register file exactly as it is", () => {
    const page = fs.readFileSync(path.join(howTo, "copy-a-paper-register.md"), "utf8")
    const block = /```jsonl\n([\s\S]*?)```/.exec(page)?.[1]
    expect(block).toBe(fs.readFileSync(register, "utf8"))
  })

  it("applies every line, and applies none twice when the file is copied in again", () => {
    expect(first.code, first.stderr).toBe(0)
    const lines = fs.readFileSync(register, "utf8").trim().split("\n").length
    const results = (ran: Ran) => ran.stdout.trim().split("\n").map((l) => JSON.parse(l) as { ok: boolean; duplicate: boolean })
    expect(results(first)).toHaveLength(lines)
    expect(results(first).every((r) => r.ok && !r.duplicate)).toBe(true)
    expect(again.code).toBe(0)
    expect(results(again).every((r) => r.ok && r.duplicate)).toBe(true)
  })

  it("refuses a line edited after it was applied, under its old id, and writes nothing", async () => {
    const [line] = fs.readFileSync(register, "utf8").trim().split("\n")
    const edited = JSON.stringify({ ...JSON.parse(line!), name: "北山街道妇女联合会" })
    const ran = await fulian(["exec", ...store], `${edited}\n`)
    expect(ran.code).toBe(1)
    const [result] = ran.stdout.trim().split("\n").map((l) => JSON.parse(l) as { ok: boolean; error: { _tag: string } })
    expect(result).toMatchObject({ ok: false, error: { _tag: "CommandIdReused" } })
    const history = await fulian(["history", "organization-beishan", ...store])
    expect(history.stdout).not.toContain("北山街道妇女联合会")
  })

  it("keeps the paper's time as when it happened, and marks the record 补录 with its reason", async () => {
    const ran = await fulian(["history", "case-qingbo-2025-02", ...reader, "--purpose", "核对补录", ...store])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain("happened 2025-03-17 09:00; recorded ")
    expect(ran.stdout).toMatch(/补录 entered late, \d+ days after/)
    expect(ran.stdout).toContain("why:  据纸质台帐补录")
  })

  it("counts the copied-in facts on their own days: the late registration is flagged, and every ledger lists what was entered late", async () => {
    const ran = await fulian(["ledgers", "--as-of", "2025-03-31", ...reader, ...store])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain("登记不及时 late registrations: qingbo-2025-02")
    expect(ran.stdout).toContain("2 cases: 1 open, 1 resolved")
    expect(ran.stdout).toContain("补录 entered more than 7 days after it happened: qingbo-2025-01 (3), qingbo-2025-02 (1)")
    expect(ran.stdout).toContain("补录 entered more than 7 days after it happened: qingbo (2)")
    // Before the second case was registered, as the facts stood, it was not there.
    const before = await fulian(["ledgers", "--as-of", "2025-03-15", ...reader, ...store])
    expect(before.stdout).toContain("late registrations: none")
    expect(before.stdout).toContain("1 cases: 0 open, 1 resolved")
  })

  it("writes the same ledgers all in Chinese with --lang zh, as the page says", async () => {
    const ran = await fulian(["ledgers", "--as-of", "2025-03-31", "--lang", "zh", ...reader, ...store])
    expect(ran.code, ran.stderr).toBe(0)
    expect(ran.stdout).toContain("登记不及时：qingbo-2025-02")
    expect(ran.stdout).toContain("补录（发生后超过 7 天才录入）：qingbo（2）")
  })
})
