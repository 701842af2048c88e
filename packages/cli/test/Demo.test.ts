/**
 * `fulian demo` enters a year through the domain, from its data file as `exec` runs it, and
 * prints the annual summary and the ledgers; the report it sends up verifies against the events
 * until one of them is altered in the database, and is superseded by a record of its year
 * entered later until a corrected report is sent; `report`, `ledgers` and `history` read the
 * same store, in the federation's local time.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Effect } from "effect"
import Database from "better-sqlite3"
import { beforeAll, describe, expect, it } from "vitest"
import * as Demo from "@fulian/cli/Demo"
import * as Domain from "@fulian/core/Domain"
import * as Policy from "@fulian/core/Policy"
import * as Ledgers from "@fulian/projections/Ledgers"
import { fulian, tempDir } from "./support/Run.ts"

/** The person id of the chair in a committee's history, as `fulian history --format json` prints it. */
const chairOf = (history: string): string => {
  for (const line of history.trim().split("\n")) {
    const members = (JSON.parse(line) as { data: { members?: ReadonlyArray<{ personId: string; position: string }> } }).data.members ?? []
    const chair = members.find((m) => m.position === "chair")
    if (chair !== undefined) return chair.personId
  }
  throw new Error("no chair in this history")
}

describe("fulian demo", () => {
  const dir = tempDir()
  const db = path.join(dir, "demo.db")
  // Read as the district's auditor, appointed in the year's records, who reads the whole district (with a purpose: unmasked).
  const store = ["--store", `sqlite:${db}`, "--as", "sun-li:auditor@binhai", "--purpose", "测试"]
  let demo: Awaited<ReturnType<typeof fulian>>

  beforeAll(async () => {
    demo = await fulian(["demo", ...store])
  }, 60_000)

  it("prints the annual summary, the rules it showed at work, and the main ledgers", () => {
    expect(demo.code).toBe(0)
    expect(demo.stdout).toContain(`${Demo.street.name}年度工作总结`)
    expect(demo.stdout).toContain("EscalateCase → CaseRejected")
    expect(demo.stdout).toContain("NominateHousehold → AwardRejected")
    for (const ledger of ["联系户台帐", "案件台帐", "活动台帐", "换届台帐", "评比表彰台帐", "会议台帐", "巾帼志愿者台帐", "考核评比台帐"]) {
      expect(demo.stdout).toContain(ledger)
    }
    // The flags the year was written to raise.
    for (const flag of ["not-synchronized", "filing-overdue", "month-without-meeting", "(overdue)", "fenglin-2025-typical", "撤销 revoked: guihua-h07"]) {
      expect(demo.stdout).toContain(flag)
    }
    // The paper register copied in late, and the street's term of 2023 entered in 2025.
    expect(demo.stdout).toContain("补录 entered more than 7 days after it happened: liuan (15)")
    expect(demo.stdout).toContain("election-due-soon, entered-late")
  })

  it("recorded every line of the year's data file through the domain, each when it was entered, with when it happened", () => {
    const file = new Database(db, { readonly: true })
    try {
      const rows = file.prepare("SELECT type, metadata FROM events ORDER BY position").all() as Array<{ type: string; metadata: string }>
      const metadata = rows.map((r) => JSON.parse(r.metadata) as { occurredAt: string; recordedAt: string; commandId: string })
      const commands = new Set(metadata.map((m) => m.commandId))
      // The year's lines, the street's signing key registered with the district, and the report sent up.
      expect(commands.size).toBe(Demo.lines().length - Demo.expectedRefusals.length + 2)
      expect(metadata.every((m) => /^20(2[0-5])-/.test(m.occurredAt))).toBe(true)
      // Recorded through the year, day by day: never before the fact, and never in another year.
      expect(metadata.every((m) => m.recordedAt >= "2024-12-31T16:00:00.000Z" && m.recordedAt < "2025-12-31T16:00:00.000Z")).toBe(true)
      expect(metadata.every((m) => Date.parse(m.recordedAt) >= Date.parse(m.occurredAt.length === 10 ? `${m.occurredAt}T00:00:00+08:00` : m.occurredAt))).toBe(true)
      // The year ends with its report sent up: recorded by the sender and by the level above.
      expect(rows.slice(-2).map((r) => r.type)).toEqual(["ReportSubmitted", "ReportReceived"])
    } finally {
      file.close()
    }
  })

  it("is data: every line of the year is a command that decodes, with the time it happened", async () => {
    for (const line of Demo.lines()) {
      const command = await Effect.runPromise(Domain.decodeCommand(JSON.parse(line)))
      expect(command.occurredAt, line.slice(0, 120)).toMatch(/^20(2[0-5])-\d\d-\d\d/)
    }
  })

  it("uses the grown domain: the mediation society, places, 两新组织, 进两委, titles for persons, plans, trainings, reception days, information reports", () => {
    const commands = Demo.lines().map((l) => JSON.parse(l) as Record<string, unknown> & { _tag: string })
    const kinds = new Set(commands.map((c) => c._tag))
    for (const kind of [
      "EstablishMediationCommittee", "AppointCommitteeHead", "AppointLegalAdviser", "RegisterPlace", "RecordReserveCadre", "NominatePerson",
      "RewardAssessee", "AdoptWorkPlan", "RecordTraining", "ScheduleReceptionDay", "ReportCaseInformation", "AcknowledgeCaseInformation"
    ]) expect(kinds, kind).toContain(kind)
    expect(commands.some((c) => c._tag === "RegisterOrganization" && c.kind === "enterprise")).toBe(true)
    expect(commands.some((c) => c._tag === "RegisterCase" && c.channel === "reception-day")).toBe(true)
    expect(commands.filter((c) => c._tag === "RecordMediationSession").every((c) => Array.isArray(c.mediatorIds) && c.mediatorIds.length > 0)).toBe(true)
    expect(commands.filter((c) => c._tag === "RecordActivity" && c.kind === "festival").every((c) => typeof c.festival === "string")).toBe(true)
    // Sent with the annual summary: the chair's overview, problems and next year's plan.
    expect(Demo.narrative().map((p) => p.section)).toEqual(expect.arrayContaining(["overview", "problems", "next-year"]))
  })

  it("refuses a store that holds records other than the demo's, and leaves them alone", async () => {
    const other = path.join(dir, "other.db")
    const line = JSON.stringify({ _tag: "RegisterOrganization", actor: { person: "zhou", role: "upper-cadre", organization: "s1" }, organizationId: "s1", name: "北山街道妇联", level: "street" })
    expect((await fulian(["exec", "--store", `sqlite:${other}`], line)).code).toBe(0)
    const refused = await fulian(["demo", "--store", `sqlite:${other}`])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain("not the demo's")
    const file = new Database(other, { readonly: true })
    // The organization, and the deployment's record of its top organization.
    expect((file.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n).toBe(2)
    file.close()
  })

  it("reports a month of a community as JSON in English", async () => {
    const report = await fulian(["report", "monthly", "--org", "dongsheng", "--year", "2025", "--month", "3", "--format", "json", "--lang", "en", ...store])
    expect(report.code).toBe(0)
    const json = JSON.parse(report.stdout)
    expect(json.locale).toBe("en")
    expect(json.data.content.kind).toBe("monthly")
  })

  it("reports the year of the latest fact in the log when no year is given", async () => {
    const report = await fulian(["report", "annual", "--org", "dongsheng", "--format", "json", ...store])
    expect(report.code).toBe(0)
    // The demo's records are of 2025, whatever year it is run in.
    const header = (JSON.parse(report.stdout) as { header: ReadonlyArray<{ key: string; value: string }> }).header
    expect(Object.fromEntries(header.map((h) => [h.key, h.value]))).toMatchObject({ "header.from": "2025-01-01", "header.to": "2025-12-31" })
  })

  it("will not send a report up without saying who sends it", async () => {
    const report = await fulian(["report", "annual", "--org", "qingshan", "--submit", ...store])
    expect(report.code).toBe(1)
    expect(report.stderr).toContain("--submit needs --actor")
  })

  const eventsInFile = () => {
    const file = new Database(db, { readonly: true })
    try {
      return (file.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n
    } finally {
      file.close()
    }
  }

  it("rebuilds every ledger from zero, drawing its progress, and keeps them in the SQLite file", async () => {
    const rebuilt = await fulian(["rebuild", "--progress", "always", ...store])
    expect(rebuilt.code).toBe(0)
    const file = new Database(db, { readonly: true })
    try {
      const last = (file.prepare("SELECT max(position) AS p FROM events").get() as { p: number }).p
      for (const projection of Ledgers.all(Policy.defaults)) expect(rebuilt.stdout).toMatch(new RegExp(`${projection.name} +${projection.version} +${last}\\b`))
      const kept = file.prepare("SELECT name, checkpoint FROM projection_checkpoints").all() as Array<{ name: string; checkpoint: number }>
      expect(new Set(kept.filter((k) => k.checkpoint === last).map((k) => k.name))).toEqual(new Set(Ledgers.all(Policy.defaults).map((p) => p.name)))
    } finally {
      file.close()
    }
    expect(rebuilt.stderr).toContain("rebuild [")
    expect(rebuilt.stderr).toContain("100%")
    expect(rebuilt.stderr).toContain(`from the ${eventsInFile()} events of the log`)
  })

  it("rebuilds without a bar, and without reading the log through for one, counting the events it rebuilt from", async () => {
    const rebuilt = await fulian(["rebuild", "--progress", "never", ...store])
    expect(rebuilt.code).toBe(0)
    expect(rebuilt.stderr).not.toContain("rebuild [")
    expect(rebuilt.stderr).toContain(`from the ${eventsInFile()} events of the log`)
  })

  it("draws the ledgers as the facts stood at a past date", async () => {
    const midYear = await fulian(["ledgers", "--as-of", "2025-06-30", ...store])
    const yearEnd = await fulian(["ledgers", "--as-of", "2025-12-31", ...store])
    expect(midYear.code).toBe(0)
    expect(midYear.stdout).toContain("as the facts stood on 2025-06-30 (Asia/Shanghai)")
    expect(yearEnd.stdout).toContain("qingshan-2025-year-end")
    expect(midYear.stdout).not.toContain("qingshan-2025-year-end")
    expect(yearEnd.stdout).toContain("fenglin-2025-typical")
    expect(midYear.stdout).not.toContain("fenglin-2025-typical")
  })

  it("draws the ledgers as the records stood: before the paper register was copied in, March had fewer visits", async () => {
    const visitsOf = (text: string) => Number(/^ {2}liuan +\d+ +\d+ +\d+ +\d+ +(\d+)$/m.exec(text)![1])
    const facts = await fulian(["ledgers", "--as-of", "2025-03-31", ...store])
    const records = await fulian(["ledgers", "--as-of", "2025-03-31", "--as-recorded-on", "2025-04-01", ...store])
    expect(records.stdout).toContain("as recorded by 2025-04-01")
    expect(visitsOf(facts.stdout) - visitsOf(records.stdout)).toBe(15)
    const bad = await fulian(["ledgers", "--as-of", "2025-02-30", ...store])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain("--as-of is a date")
  })

  it("shows a case's history with when each fact happened and when it was recorded, in local time", async () => {
    const history = await fulian(["history", "case-qingbo-2025-leak", ...store])
    expect(history.code).toBe(0)
    expect(history.stdout).toContain("(times in Asia/Shanghai)")
    expect(history.stdout).toMatch(/when: happened 2025-04-03 09:40; recorded 2025-04-03 09:40/)
    const json = await fulian(["history", "liuan", ...store])
    expect(json.code).toBe(1)
    const visits = await fulian(["history", "contact-visits-liuan", "--format", "json", ...store])
    const late = visits.stdout.trim().split("\n").map((l) => JSON.parse(l) as { enteredLate: boolean; daysLate: number }).filter((e) => e.enteredLate)
    expect(late.length).toBe(15)
    expect(late.every((e) => e.daysLate > 7)).toBe(true)
  })

  it("erased the domestic-violence victim at the year's end: her name is nowhere in the file, her case's decisions all stay, and the report still verifies", async () => {
    const bytes = Buffer.concat([db, `${db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)))
    expect(bytes.includes(Buffer.from("马艳", "utf8"))).toBe(false)
    const history = await fulian(["history", "case-guihua-2025-dv", "--format", "json", ...store])
    expect(history.code).toBe(0)
    const entries = history.stdout.trim().split("\n").map((l) => JSON.parse(l) as { type: string; actor: { person: string }; occurredAt: string; data: { parties?: ReadonlyArray<{ name: string }> } })
    expect(entries.map((e) => e.type)).toEqual(["CaseRegistered", "InvestigationRecorded", "CaseResolved", "FollowUpVisitRecorded", "CaseArchived"])
    expect(entries[0]!.data.parties!.map((p) => p.name)).toEqual(["[已删除]", "李凤英"])
    expect(entries.every((e) => e.actor.person !== "" && e.occurredAt !== "")).toBe(true)
    expect(history.stdout).not.toContain("马艳")
    const erasure = await fulian(["history", "erasures-guihua", "--format", "json", ...store])
    expect(JSON.parse(erasure.stdout.trim())).toMatchObject({ type: "PersonalDataErased", actor: { person: "xu-qiaoyun" }, data: { subject: "party:guihua-2025-dv:p1" } })
    expect((await fulian(["verify", ...store])).code).toBe(0)
  })

  it("erasing a person after the report was sent up leaves every hash link, the district's checkpoint and the report verifiable", async () => {
    const copy = path.join(dir, "erased-after.db")
    for (const suffix of ["", "-wal"]) if (fs.existsSync(`${db}${suffix}`)) fs.copyFileSync(`${db}${suffix}`, `${copy}${suffix}`)
    const there = ["--store", `sqlite:${copy}`, "--as", "sun-li:auditor@binhai", "--purpose", "测试"]
    const chair = chairOf((await fulian(["history", "term-dongsheng", "--format", "json", ...there])).stdout)
    const erase = JSON.stringify({
      _tag: "ErasePersonalData",
      actor: { person: chair, role: "chair", organization: "dongsheng" },
      occurredAt: "2025-12-31T20:00:00+08:00",
      organizationId: "dongsheng",
      subject: "household:dongsheng-h01",
      reason: "户主申请删除其个人信息"
    })
    expect((await fulian(["exec", ...there], erase)).code).toBe(0)
    const history = await fulian(["history", "household-dongsheng-h01", "--format", "json", ...there])
    expect(history.stdout).not.toContain("赵凤英")
    const verified = await fulian(["verify", ...there])
    expect(verified.stdout).toMatch(/^links +1,8\d\d events: every hash link holds$/m)
    expect(verified.stdout).toMatch(/^checkpoint +qingshan-annual-2025 .*and the sender's signature hold$/m)
    expect(verified.stdout).toMatch(/^ok +qingshan-annual-2025/m)
    expect(verified.code).toBe(0)
  })

  it("verify says a report is superseded by a record of its year entered later, until a corrected report is sent", async () => {
    const other = path.join(dir, "superseded.db")
    const there = ["--store", `sqlite:${other}`, "--as", "sun-li:auditor@binhai", "--purpose", "测试"]
    expect((await fulian(["demo", ...there])).code).toBe(0)
    const late = JSON.stringify({
      _tag: "RecordActivity",
      actor: { person: "chen-jing", role: "chair", organization: "dongsheng" },
      occurredAt: "2025-12-20T15:00:00+08:00",
      organizationId: "dongsheng",
      activityId: "dongsheng-2025-paper-1220",
      kind: "legal-lecture",
      title: "补录: 十二月法律讲座",
      heldOn: "2025-12-20",
      participants: 30,
      beneficiaries: 30
    })
    const chair = (await fulian(["history", "term-dongsheng", "--format", "json", ...there])).stdout
    const chairId = chairOf(chair)
    expect((await fulian(["exec", ...there], late.replace("chen-jing", chairId))).code).toBe(0)
    const superseded = await fulian(["verify", ...there])
    expect(superseded.code).toBe(3)
    expect(superseded.stdout).toMatch(/^SUPERSEDED +qingshan-annual-2025 .*1 record of its area/m)
    const street = (await fulian(["history", "term-qingshan", "--format", "json", ...there])).stdout
    const streetChair = chairOf(street)
    // The street's term of 2023 ended in March 2026: its next committee, re-elected today, sends the correction.
    const members = JSON.parse(street.trim().split("\n")[0]!).data.members
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date())
    const reelected = JSON.stringify({
      _tag: "ElectExecutiveCommittee",
      actor: { person: streetChair, role: "chair", organization: "qingshan" },
      termId: "qingshan-4",
      organizationId: "qingshan",
      congressSession: "青山街道第四届妇女代表大会第一次会议",
      electedOn: today,
      startsOn: today,
      residentsCommitteeElectedOn: today,
      members
    })
    expect((await fulian(["exec", ...there], reelected)).code).toBe(0)
    const corrected = await fulian(["report", "annual", "--org", "qingshan", "--year", "2025", "--submit", "--actor", streetChair, "--report-id", "qingshan-annual-2025-b", "--corrects", "qingshan-annual-2025", ...there])
    expect(corrected.code).toBe(0)
    const after = await fulian(["verify", ...there])
    expect(after.code).toBe(0)
    expect(after.stdout).toMatch(/^corrected +qingshan-annual-2025 .*corrected by qingshan-annual-2025-b/m)
    expect(after.stdout).toMatch(/^ok +qingshan-annual-2025-b/m)
    // The corrected report is sealed like the first: both checkpoints the district holds hold.
    expect(after.stdout.match(/^checkpoint +qingshan-annual-2025(-b)? .*hold$/gm)?.length).toBe(2)
  }, 60_000)

  it("verify passes on the report sent up, and fails once an event it counted is altered in the database, naming it", async () => {
    const passed = await fulian(["verify", ...store])
    expect(passed.code).toBe(0)
    expect(passed.stdout).toMatch(/^links +1,8\d\d events: every hash link holds$/m)
    expect(passed.stdout).toMatch(/^checkpoint +qingshan-annual-2025 \(from qingshan to binhai, checkpoint at position \d+\): root [0-9a-f]{16}… and the sender's signature hold$/m)
    expect(passed.stdout).toMatch(/^ok +qingshan-annual-2025/m)

    const file = new Database(db)
    let altered: { position: number; stream: string; version: number }
    try {
      const row = file.prepare("SELECT position, stream, version, data FROM events WHERE type = 'ActivityRecorded' ORDER BY position LIMIT 1").get() as { position: number; stream: string; version: number; data: string }
      altered = row
      const data = JSON.parse(row.data)
      file.prepare("UPDATE events SET data = ? WHERE position = ?").run(JSON.stringify({ ...data, participants: data.participants + 1 }), row.position)
    } finally {
      file.close()
    }

    const failed = await fulian(["verify", ...store])
    // The broken link names the altered event, and exits 4; the report no longer matches either.
    expect(failed.code).toBe(4)
    expect(failed.stdout).toContain(`BROKEN      stream ${altered.stream}, version ${altered.version}, position ${altered.position}: its hash is not the hash of what is stored`)
    expect(failed.stdout).toMatch(/^MISMATCH +qingshan-annual-2025/m)
    expect(failed.stderr).toContain(`the hash link of position ${altered.position} is broken`)
  })
})
