/**
 * `fulian exec` applies the good lines of a JSON-lines file, reports the bad ones with a typed
 * error, and leaves nothing of a refused line in the store; `fulian history` reads back who did
 * what, when and why.
 */
import * as path from "node:path"
import Database from "better-sqlite3"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import type * as Exec from "@fulian/cli/Exec"
import * as Domain from "@fulian/core/Domain"
import * as Organization from "@fulian/core/Organization"
import * as Representation from "@fulian/core/Representation"
import * as Term from "@fulian/core/Term"
import { EventStore, type StreamWrite } from "@fulian/store/EventStore"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import { fulian, tempDir } from "./support/Run.ts"
import { cadre, street, streetCommittee, today } from "./support/Street.ts"

const chair = { person: "chen", role: "chair", organization: "c1" }
const household = { _tag: "RegisterHousehold", actor: chair, householdId: "h1", organizationId: "c1", headName: "王芳", address: "青波巷 3 号", circumstances: ["empty-nest-elderly"] }

/** The file: good lines, and bad lines of every kind, among them one that would have written two streams. */
const lines = [
  street,
  streetCommittee,
  { _tag: "RegisterOrganization", actor: cadre, organizationId: "c1", name: "青波社区妇联", level: "community", parentId: "s1" },
  // Her committee, whose chair gives the commands below (roles are backed by the records).
  {
    _tag: "ElectExecutiveCommittee",
    actor: cadre,
    termId: "c1-1",
    organizationId: "c1",
    congressSession: "青波社区第一届妇女代表大会第一次会议",
    electedOn: today,
    startsOn: today,
    residentsCommitteeElectedOn: today,
    members: [{ personId: "chen", name: "陈静", position: "chair" }]
  },
  { ...household, address: undefined, circumstances: undefined },
  "this is not JSON",
  { ...household, reason: "新迁入本社区" },
  {
    _tag: "RegisterCase",
    actor: chair,
    caseId: "dv-1",
    organizationId: "c1",
    receivedAt: `${today}T00:00:00+08:00`,
    channel: "visit",
    category: "domestic-violence",
    sudden: false,
    typicalInfringement: false,
    householdIds: ["h1"],
    parties: [{ partyId: "p1", name: "王芳" }],
    narrative: "自述遭丈夫殴打"
  },
  { _tag: "ResolveCase", actor: chair, caseId: "dv-1", resolvedOn: today, resolution: "referred-to-police" },
  { _tag: "ResolveCase", actor: chair, reason: "公安机关出具告诫书", caseId: "dv-1", resolvedOn: today, resolution: "referred-to-police", substantiated: true },
  { ...household, householdId: "h2", actor: { ...chair, organization: "c2" } },
  "",
  { _tag: "RegisterOrganization", actor: cadre, organizationId: "c3", name: "柳岸社区妇联", level: "community", parentId: "s1", colour: "red" }
].map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n")

describe("fulian exec", () => {
  const dir = tempDir()
  const db = path.join(dir, "exec.db")
  const file = path.join(dir, "commands.jsonl")
  let ran: Awaited<ReturnType<typeof fulian>>
  let results: ReadonlyArray<Exec.Result>

  beforeAll(async () => {
    const fs = await import("node:fs")
    fs.writeFileSync(file, `${lines}\n`)
    ran = await fulian(["exec", file, "--store", `sqlite:${db}`])
    results = ran.stdout.trim().split("\n").map((l) => JSON.parse(l))
  })

  it("answers every non-blank line with one JSON result line, in order, and exits 1 when some were refused", () => {
    expect(ran.code).toBe(1)
    expect(results.map((r) => [r.line, r.ok])).toEqual([
      [1, true], [2, true], [3, true], [4, true], [5, false], [6, false], [7, true], [8, true], [9, false], [10, true], [11, false], [13, false]
    ])
    expect(ran.stderr).toContain("7 applied, 5 refused")
  })

  it("gives each refused line a typed error: InvalidCommand naming the fields, or the domain's error", () => {
    const error = (line: number) => (results.find((r) => r.line === line) as Exec.Refused).error
    expect(error(5)._tag).toBe("InvalidCommand")
    expect((error(5).problems as ReadonlyArray<{ path: string }>).map((p) => p.path)).toEqual(["address", "circumstances"])
    expect(error(6)).toMatchObject({ _tag: "InvalidCommand", problems: [{ path: "" }] })
    expect(error(6).message).toContain("not JSON")
    expect(error(9)).toMatchObject({ _tag: "CaseRejected", reason: "SubstantiationRequired" })
    expect(error(11)._tag).toBe("Unauthorized")
    expect(error(13)._tag).toBe("InvalidCommand")
    expect(JSON.stringify(error(13))).toContain("colour")
  })

  it("applies the good lines and leaves nothing of the refused ones in the store", () => {
    const applied = results.filter((r): r is Exec.Applied => r.ok)
    const store = new Database(db, { readonly: true })
    try {
      const rows = store.prepare("SELECT stream, type, metadata FROM events ORDER BY position").all() as Array<{ stream: string; type: string; metadata: string }>
      expect(rows.length).toBe(applied.reduce((n, r) => n + r.events.length, 0))
      expect(rows.map((r) => r.type)).toEqual([
        "OrganizationRegistered",
        "TopOrganizationRegistered",
        "ExecutiveCommitteeElected",
        "OrganizationRegistered",
        "ExecutiveCommitteeElected",
        "HouseholdRegistered",
        "CaseRegistered",
        "CaseResolved",
        "DomesticViolenceSubstantiated"
      ])
      // Every event belongs to a command reported as applied; the resolution wrote both its streams.
      const commandIds = new Set(applied.map((r) => r.commandId))
      for (const r of rows) expect(commandIds.has(JSON.parse(r.metadata).commandId)).toBe(true)
      expect(applied.find((r) => r.line === 10)!.events.map((e) => e.stream)).toEqual(["case-dv-1", "household-h1"])
      expect(rows.some((r) => r.stream === "household-h2" || r.stream === "organization-c3")).toBe(false)
    } finally {
      store.close()
    }
  })

  it("reads standard input, and a repeated command id appends nothing new", async () => {
    const line = JSON.stringify({
      _tag: "RegisterOrganization",
      commandId: "01960000-0000-7000-8000-000000000001",
      actor: cadre,
      organizationId: "c4",
      name: "桂花社区妇联",
      level: "community",
      parentId: "s1"
    })
    const again = await fulian(["exec", "--store", `sqlite:${db}`], `${line}\n${line}\n`)
    expect(again.code).toBe(0)
    const [first, second] = again.stdout.trim().split("\n").map((l) => JSON.parse(l) as Exec.Applied)
    expect(first).toMatchObject({ line: 1, ok: true, duplicate: false })
    expect(second).toMatchObject({ line: 2, ok: true, duplicate: true, events: first!.events })
  })

  it("history shows every decision on a stream with who, when and why", async () => {
    const text = await fulian(["history", "household-h1", "--as", "chen:chair@c1", "--store", `sqlite:${db}`])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain("household-h1 (times in Asia/Shanghai)")
    expect(text.stdout).toMatch(/\n2 events\n$/)
    expect(text.stdout).toContain("who:  chen (chair, c1)")
    expect(text.stdout).toContain("why:  新迁入本社区")
    expect(text.stdout).toContain("why:  公安机关出具告诫书")
    expect(text.stdout).toContain("DomesticViolenceSubstantiated")

    const json = await fulian(["history", "case-dv-1", "--format", "json", "--as", "chen:chair@c1", "--store", `sqlite:${db}`])
    const entries = json.stdout.trim().split("\n").map((l) => JSON.parse(l))
    expect(entries.map((e) => [e.version, e.type, e.actor.person, e.reason])).toEqual([
      [1, "CaseRegistered", "chen", undefined],
      [2, "CaseResolved", "chen", "公安机关出具告诫书"]
    ])
    expect(entries[1].occurredAt.slice(0, 10)).toBe(today)
    expect(entries[1].commandId).toBe(entries[1].correlationId)
  })

  it("history of a stream with no events says so and exits 1", async () => {
    const none = await fulian(["history", "dv-1", "--as", "chen:chair@c1", "--store", `sqlite:${db}`])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain("no events in stream dv-1")
  })

  it("refuses a store spec it cannot read, as a command-line error", async () => {
    const bad = await fulian(["history", "case-dv-1", "--store", "mysql:x"])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("a store is sqlite:<file> or postgres:<url>")
  })
})

describe("fulian exec, given a file saved with a byte order mark", () => {
  const dir = tempDir()
  const committee = streetCommittee
  const text = `\uFEFF${JSON.stringify(street)}\r\n${JSON.stringify(committee)}\r\n`

  it("reads the first line as JSON, from a file and from standard input", async () => {
    const fs = await import("node:fs")
    const file = path.join(dir, "bom.jsonl")
    fs.writeFileSync(file, text)
    const fromFile = await fulian(["exec", file, "--store", `sqlite:${path.join(dir, "file.db")}`])
    expect(fromFile.code).toBe(0)
    expect(fromFile.stdout.trim().split("\n").map((l) => (JSON.parse(l) as Exec.Result).ok)).toEqual([true, true])
    const fromStdin = await fulian(["exec", "--store", `sqlite:${path.join(dir, "stdin.db")}`], text)
    expect(fromStdin.code).toBe(0)
    expect(fromStdin.stderr).toContain("2 applied")
  })

  it("still refuses a byte order mark inside the file, as not JSON", async () => {
    const ran = await fulian(["exec", "--store", `sqlite:${path.join(dir, "inside.db")}`], `${JSON.stringify(street)}\n\uFEFF${JSON.stringify(committee)}\n`)
    expect(ran.code).toBe(1)
    const second = JSON.parse(ran.stdout.trim().split("\n")[1]!) as Exec.Refused
    expect(second.error.message).toContain("not JSON")
  })
})

describe("fulian exec, given a line longer than any command", () => {
  const dir = tempDir()

  it("refuses it unread, naming its length, and runs the lines after it", async () => {
    const long = JSON.stringify({ ...street, reason: "理".repeat(600_000) })
    const ran = await fulian(["exec", "--store", `sqlite:${path.join(dir, "long.db")}`], `${long}\n${JSON.stringify(street)}\n`)
    const [first, second] = ran.stdout.trim().split("\n").map((l) => JSON.parse(l) as Exec.Result)
    expect(first).toMatchObject({ line: 1, ok: false, error: { _tag: "InvalidCommand", problems: [{ path: "" }] } })
    expect((first as Exec.Refused).error.message).toContain(`a line of at most 500000 characters, not ${long.length}`)
    expect(second).toMatchObject({ line: 2, ok: true })
  })
})

describe("fulian history, given a stream longer than a page", () => {
  const dir = tempDir()
  const db = path.join(dir, "visits.db")
  const visits = 250

  beforeAll(async () => {
    // Written to the store directly, as a log of contact visits grows over the years.
    const given = (stream: string, from: number, events: ReadonlyArray<Domain.Event>): StreamWrite => ({
      stream,
      expected: "any",
      events: events.map((event, k) => {
        const id = `00000000-0000-7000-8000-${(from + k).toString(16).padStart(12, "0")}`
        const metadata = { actor: { person: "chen", role: "chair", organization: "c1" }, occurredAt: "2025-03-01", commandId: id, causationId: id, correlationId: id }
        return { eventId: id, ...Domain.codec.encode(event), metadata }
      })
    })
    const writes = [
      given("organization-c1", 1, [Organization.OrganizationRegistered.make({ organizationId: "c1", name: "青波社区妇联", level: "community" })]),
      given("term-c1", 2, [Term.ExecutiveCommitteeElected.make({
        termId: "c1-1", organizationId: "c1", congressSession: "第一届", electedOn: "2025-01-01", startsOn: "2025-01-01", endsOn: "2099-01-01",
        residentsCommitteeElectedOn: "2025-01-01", members: [{ personId: "chen", name: "陈静", position: "chair" }]
      })]),
      given("contact-visits-c1", 3, Array.from({ length: visits }, (_, i) =>
        Representation.ContactVisitRecorded.make({ organizationId: "c1", representativeId: "r1", householdId: `h${i}`, visitedOn: "2025-03-01", method: "home-visit", topics: [], notes: "" })))
    ]
    await Effect.runPromise(Effect.provide(EventStore.use((store) => store.append(writes)), SqliteEventStore.layer({ filename: db })))
  })

  it("writes each event once, in order, as it reads them, a page at a time", async () => {
    const chunks: Array<string> = []
    const json = await fulian(["history", "contact-visits-c1", "--format", "json", "--as", "chen:chair@c1", "--store", `sqlite:${db}`], undefined, {
      onStdout: (chunk) => chunks.push(chunk)
    })
    expect(json.code).toBe(0)
    expect(json.stdout.trim().split("\n").map((l) => JSON.parse(l).version)).toEqual(Array.from({ length: visits }, (_, i) => i + 1))
    // Pages of 100: not one write at the end.
    expect(chunks.length).toBeGreaterThanOrEqual(3)
  })

  it("heads the text once and counts every event at its foot", async () => {
    const text = await fulian(["history", "contact-visits-c1", "--as", "chen:chair@c1", "--store", `sqlite:${db}`])
    expect(text.code).toBe(0)
    expect(text.stdout.startsWith("contact-visits-c1 (times in Asia/Shanghai)\n")).toBe(true)
    expect(text.stdout.split("(times in ").length).toBe(2)
    expect(text.stdout.match(/^#\d+ {2}ContactVisitRecorded/gm)?.map((l) => Number(l.slice(1).split(" ")[0]))).toEqual(Array.from({ length: visits }, (_, i) => i + 1))
    expect(text.stdout).toMatch(/\n250 events\n$/)
  })
})
