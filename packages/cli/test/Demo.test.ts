/**
 * `fulian demo` seeds a year through the domain and prints the annual summary and the ledgers;
 * the report it sends up verifies against the events until one of them is altered in the
 * database; `report` and `ledgers` read the same store.
 */
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import * as path from "node:path"
import Database from "better-sqlite3"
import { beforeAll, describe, expect, it } from "vitest"
import * as DemoYear from "@fulian/cli/DemoYear"
import * as Ledgers from "@fulian/projections/Ledgers"
import { fulian, tempDir } from "./support/Run.ts"

const root = path.resolve(import.meta.dirname, "../../..")

describe("fulian demo", () => {
  const dir = tempDir()
  const db = path.join(dir, "demo.db")
  const store = ["--store", `sqlite:${db}`]
  let demo: Awaited<ReturnType<typeof fulian>>

  beforeAll(async () => {
    demo = await fulian(["demo", ...store])
  }, 60_000)

  it("prints the annual summary, the rules it showed at work, and the main ledgers", () => {
    expect(demo.code).toBe(0)
    expect(demo.stdout).toContain(`${DemoYear.street.name}年度工作总结`)
    expect(demo.stdout).toContain("EscalateCase → CaseRejected")
    expect(demo.stdout).toContain("NominateHousehold → AwardRejected")
    for (const ledger of ["联系户台帐", "案件台帐", "换届台帐", "评比表彰台帐", "会议台帐", "巾帼志愿者台帐", "考核评比台帐"]) {
      expect(demo.stdout).toContain(ledger)
    }
    // The flags the year was written to raise.
    for (const flag of ["not-synchronized", "filing-overdue", "month-without-meeting", "(overdue)", "fenglin-2025-typical", "撤销 revoked: guihua-h07"]) {
      expect(demo.stdout).toContain(flag)
    }
  })

  it("recorded every command of the plan through the domain, dated through the year", () => {
    const file = new Database(db, { readonly: true })
    try {
      const rows = file.prepare("SELECT type, metadata FROM events ORDER BY position").all() as Array<{ type: string; metadata: string }>
      const occurred = rows.map((r) => JSON.parse(r.metadata).occurredAt as string)
      const refused = DemoYear.plan().filter((s) => s.expect !== undefined).length
      const commands = new Set(rows.map((r) => JSON.parse(r.metadata).commandId as string))
      expect(commands.size).toBe(DemoYear.plan().length - refused + 1)
      expect(occurred.every((t) => t.startsWith(`${DemoYear.year}-`))).toBe(true)
      expect(occurred[0]! < `${DemoYear.year}-01-03`).toBe(true)
      expect(occurred[occurred.length - 1]! > `${DemoYear.year}-12-31`).toBe(true)
      expect(rows[rows.length - 1]!.type).toBe("ReportSubmitted")
    } finally {
      file.close()
    }
  })

  it("plans the same year in another process (the seeding is deterministic)", () => {
    const digest = (json: string) => createHash("sha256").update(json).digest("hex")
    const here = digest(JSON.stringify(DemoYear.plan()))
    const there = execFileSync(
      path.join(root, "node_modules/.bin/tsx"),
      ["--eval", "import * as D from '@fulian/cli/DemoYear'; process.stdout.write(JSON.stringify(D.plan()))"],
      { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }
    )
    expect(digest(there)).toBe(here)
  })

  it("refuses a store that holds records other than the demo's, and leaves them alone", async () => {
    const other = path.join(dir, "other.db")
    const line = JSON.stringify({ _tag: "RegisterOrganization", actor: { person: "zhou", role: "upper-cadre", organization: "s1" }, organizationId: "s1", name: "北山街道妇联", level: "street" })
    expect((await fulian(["exec", "--store", `sqlite:${other}`], line)).code).toBe(0)
    const refused = await fulian(["demo", "--store", `sqlite:${other}`])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain("not the demo's")
    const file = new Database(other, { readonly: true })
    expect((file.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n).toBe(1)
    file.close()
  })

  it("reports a month of a community as JSON in English", async () => {
    const report = await fulian(["report", "monthly", "--org", "dongsheng", "--year", "2025", "--month", "3", "--format", "json", "--lang", "en", ...store])
    expect(report.code).toBe(0)
    const json = JSON.parse(report.stdout)
    expect(json.locale).toBe("en")
    expect(json.data.content.kind).toBe("monthly")
  })

  it("will not send a report up without saying who sends it", async () => {
    const report = await fulian(["report", "annual", "--org", "qingshan", "--submit", ...store])
    expect(report.code).toBe(1)
    expect(report.stderr).toContain("--submit needs --actor")
  })

  it("rebuilds every ledger from zero, drawing its progress, and keeps them in the SQLite file", async () => {
    const rebuilt = await fulian(["rebuild", "--progress", "always", ...store])
    expect(rebuilt.code).toBe(0)
    const file = new Database(db, { readonly: true })
    try {
      const last = (file.prepare("SELECT max(position) AS p FROM events").get() as { p: number }).p
      for (const projection of Ledgers.all) expect(rebuilt.stdout).toMatch(new RegExp(`${projection.name} +${projection.version} +${last}\\b`))
      const kept = file.prepare("SELECT name, checkpoint FROM projections").all() as Array<{ name: string; checkpoint: number }>
      expect(new Set(kept.filter((k) => k.checkpoint === last).map((k) => k.name))).toEqual(new Set(Ledgers.all.map((p) => p.name)))
    } finally {
      file.close()
    }
    expect(rebuilt.stderr).toContain("rebuild [")
    expect(rebuilt.stderr).toContain("100%")
  })

  it("draws the ledgers as they stood at a past date", async () => {
    const midYear = await fulian(["ledgers", "--as-of", "2025-06-30", ...store])
    const yearEnd = await fulian(["ledgers", "--as-of", "2026-01-01", ...store])
    expect(midYear.code).toBe(0)
    expect(yearEnd.stdout).toContain("qingshan-2025-year-end")
    expect(midYear.stdout).not.toContain("qingshan-2025-year-end")
    expect(yearEnd.stdout).toContain("fenglin-2025-typical")
    expect(midYear.stdout).not.toContain("fenglin-2025-typical")
  })

  it("verify passes on the report sent up, and fails once an event it counted is altered in the database", async () => {
    const passed = await fulian(["verify", ...store])
    expect(passed.code).toBe(0)
    expect(passed.stdout).toMatch(/^ok +qingshan-annual-2025/)

    const file = new Database(db)
    try {
      const row = file.prepare("SELECT position, data FROM events WHERE type = 'ActivityRecorded' ORDER BY position LIMIT 1").get() as { position: number; data: string }
      const data = JSON.parse(row.data)
      file.prepare("UPDATE events SET data = ? WHERE position = ?").run(JSON.stringify({ ...data, participants: data.participants + 1 }), row.position)
    } finally {
      file.close()
    }

    const failed = await fulian(["verify", ...store])
    expect(failed.code).toBe(1)
    expect(failed.stdout).toMatch(/^MISMATCH +qingshan-annual-2025/)
    expect(failed.stderr).toContain("no longer matches")
  })
})
