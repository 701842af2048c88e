/**
 * The command line as a newcomer meets it: a mistake is a short hint on stderr with exit 2
 * (so `fulian report … > report.md` never captures a page of help); help asked for is on
 * stdout; a command that only reads never creates a store.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { fulian, tempDir } from "./support/Run.ts"

describe("the fulian command line", () => {
  const dir = tempDir()

  it("answers an unknown flag with a short hint on stderr, nothing on stdout, and exit 2", async () => {
    const ran = await fulian(["ledgers", "--bogus"])
    expect(ran.code).toBe(2)
    expect(ran.stdout).toBe("")
    expect(ran.stderr).toContain("--bogus")
    expect(ran.stderr).toContain(`Run "fulian ledgers --help"`)
    expect(ran.stderr.length).toBeLessThan(400)
  })

  it("answers a missing command with the commands there are, on stderr, and exit 2", async () => {
    const ran = await fulian([])
    expect(ran.code).toBe(2)
    expect(ran.stdout).toBe("")
    expect(ran.stderr).toMatch(/name a command: demo, exec, report, history, ledgers, rebuild, verify, schema/)
  })

  it("has no interactive wizard: --wizard is an unknown flag", async () => {
    const ran = await fulian(["--wizard"])
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain("--wizard")
  })

  it("prints help asked for on stdout, and exits 0", async () => {
    const ran = await fulian(["verify", "--help"])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain("USAGE")
    expect(ran.stdout).toContain("fulian verify")
  })

  it("never creates a store for a command that only reads; exec makes one", async () => {
    const file = path.join(dir, "absent.db")
    const as = ["--as", "zhou:chair@s1"]
    for (const args of [["ledgers", ...as], ["history", "organization-s1", ...as], ["verify", ...as], ["report", "annual", "--org", "s1", "--year", "2025", ...as], ["rebuild"]]) {
      const ran = await fulian([...args, "--store", `sqlite:${file}`])
      expect(ran.code, args.join(" ")).toBe(1)
      expect(ran.stderr, args.join(" ")).toContain(`there is no store at sqlite:${file}`)
      expect(fs.existsSync(file), args.join(" ")).toBe(false)
    }
    const line = JSON.stringify({ _tag: "RegisterOrganization", actor: { person: "zhou", role: "upper-cadre", organization: "s1" }, organizationId: "s1", name: "北山街道妇联", level: "street" })
    expect((await fulian(["exec", "--store", `sqlite:${file}`], line)).code).toBe(0)
    expect(fs.existsSync(file)).toBe(true)
  })
})
