/**
 * The record tells the truth whenever it is entered (DOMAIN.md §0, issue "The record tells the
 * truth"): one year of a street's records — the demo year, `demo/2025.jsonl`, every command with
 * its `occurredAt` — entered three ways gives the same ledgers and the same annual summary,
 * except the marks of what was entered late (补录):
 *
 * 1. in one sitting, long after, through the Promise facade;
 * 2. day by day, each line when it happened, under a `TestClock` (the store stamping from the
 *    same test clock);
 * 3. in one sitting through `fulian exec`, into a real SQLite file.
 */
import * as path from "node:path"
import { Effect, Layer } from "effect"
import * as TestClock from "effect/testing/TestClock"
import { beforeAll, describe, expect, it } from "vitest"
import * as Client from "@fulian/client/Client"
import * as Demo from "@fulian/cli/Demo"
import * as Exec from "@fulian/cli/Exec"
import * as Policy from "@fulian/core/Policy"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as Report from "@fulian/reports/Report"
import type { EventStore } from "@fulian/store/EventStore"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as MemoryKeyStore from "@fulian/store/MemoryKeyStore"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import { fulian, tempDir } from "./support/Run.ts"

const policy = Policy.defaults
const annual: Report.Request = { organizationId: Demo.street.id, kind: "annual", period: String(Demo.year) }
const asOf = `${Demo.year}-12-31`

/** What the three ways are compared on: every ledger's rows, and the annual summary. */
interface Drawn {
  readonly ledgers: Ledgers.Rows
  readonly summary: Report.Content
}

/** The same rows without the marks of what was entered late, which differ from one way to another. */
const withoutLateMarks = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutLateMarks).filter((v) => v !== "entered-late")
  if (value === null || typeof value !== "object") return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (k === "lateEntries") out[k] = 0
    else if (k === "enteredLate") out[k] = []
    else out[k] = withoutLateMarks(v)
  }
  return out
}

/** The ledgers and the summary of what a store holds. */
const drawFrom = Effect.gen(function*() {
  const drawn = yield* Ledgers.fold({ policy, asOf })
  const report = yield* Report.compute(annual)
  return { ledgers: Ledgers.rowsOf(drawn, { policy }), summary: report.content } satisfies Drawn
})

/** Every case with a late-entry mark, and every other row marked so, by ledger. */
const marked = (rows: Ledgers.Rows) => ({
  cases: rows.cases.enteredLate.length,
  communities: rows.householdContact.communities.filter((c) => c.lateEntries > 0).map((c) => [c.organizationId, c.lateEntries]),
  terms: rows.terms.filter((t) => t.flags.includes("entered-late")).map((t) => t.organizationId)
})

describe("one year of a street's records, entered three ways (the record tells the truth)", () => {
  const lines = Demo.lines()
  // Made as the suite is collected: a hook registered from inside `beforeAll` would never run.
  const dir = tempDir()
  let facade: Drawn
  let dayByDay: Drawn
  let exec: Drawn

  beforeAll(async () => {
    // 1. In one sitting, today, through the Promise facade.
    const client = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
    let refused = 0
    for (const line of lines) await client.execute(JSON.parse(line)).catch(() => refused++)
    expect(refused).toBe(Demo.expectedRefusals.length)
    // Read as the district's auditor, who reads every row of the district's area.
    facade = { ledgers: await client.ledgers(Demo.auditor, { asOf }), summary: (await client.report(Demo.auditor, annual)).content }
    await client.dispose()

    // 2. Day by day under a TestClock: each line when it happened (the clock never goes back).
    dayByDay = await Effect.runPromise(Effect.gen(function*() {
      let now = 0
      for (const [i, line] of lines.entries()) {
        const at = Demo.happenedAt(line, policy)
        if (at !== undefined && at > now) yield* TestClock.setTime((now = at))
        yield* Exec.runLine(line, i + 1)
      }
      return yield* drawFrom
    }).pipe(
      Effect.provide(Layer.mergeAll(Layer.provideMerge(MemoryEventStore.layer, TestClock.layer()), Policy.layer())),
      Effect.scoped
    ) as Effect.Effect<Drawn>)

    // 3. The same file through `fulian exec`, into a SQLite file, today.
    const file = path.join(dir, "year.db")
    const ran = await fulian(["exec", Demo.file, "--store", `sqlite:${file}`])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toContain(`${lines.length - Demo.expectedRefusals.length} applied, ${Demo.expectedRefusals.length} refused`)
    exec = await Effect.runPromise(drawFrom.pipe(
      Effect.provide(Layer.mergeAll(SqliteEventStore.layer({ filename: file }), Policy.layer())),
      Effect.scoped
    ) as Effect.Effect<Drawn, never, never>)
  }, 120_000)

  it("holds every command kind that has a deadline or a flag", () => {
    const kinds = new Set(lines.map((l) => (JSON.parse(l) as { _tag: string })._tag))
    for (const kind of [
      "RegisterCase", "AssignCase", "EscalateCase", "ReportCaseResult", "ResolveCase", "RecordFollowUpVisit", "ReopenCase", "ArchiveCase",
      "ElectExecutiveCommittee", "FileElection", "ConferAward", "RecheckAward", "RecordMeetingHeld", "TakeDecision", "FollowUpDecision",
      "ElectRepresentative", "LinkHousehold", "StepDownRepresentative", "RecordContactVisit", "RecordActivity", "EnrollVolunteer", "PairVolunteer"
    ]) expect(kinds, kind).toContain(kind)
    expect(lines.every((l) => typeof (JSON.parse(l) as { occurredAt?: unknown }).occurredAt === "string")).toBe(true)
  })

  it("gives the same ledgers and annual summary entered day by day as in one sitting, except the late-entry marks", () => {
    expect(withoutLateMarks(facade.ledgers)).toEqual(withoutLateMarks(dayByDay.ledgers))
    expect(facade.summary).toEqual(dayByDay.summary)
    // The flags of the year are there, judged on when things happened, not when they were entered.
    expect(dayByDay.ledgers.cases.urgentNotEscalated).toEqual(["fenglin-2025-typical"])
    expect(dayByDay.ledgers.cases.lateRegistrations).toEqual(["liuan-2025-08"])
    expect(facade.ledgers.cases.lateRegistrations).toEqual(["liuan-2025-08"])
  })

  it("gives the same through fulian exec", () => {
    expect(withoutLateMarks(exec.ledgers)).toEqual(withoutLateMarks(facade.ledgers))
    expect(exec.summary).toEqual(facade.summary)
  })

  it("marks as entered late what was: all of it in one sitting, only the paper register and the old terms day by day", () => {
    // The district's and the street's earlier terms and each community's of 2022, copied in when
    // the year began; a term ledger's late marks are its organization's, so every term of an
    // organization with one shares them.
    const communities = ["dongsheng", "fenglin", "guihua", "liuan", "qingbo"]
    expect(marked(dayByDay.ledgers)).toEqual({
      cases: 0,
      communities: [["liuan", 15]],
      terms: ["binhai", "qingshan", ...communities].flatMap((c) => [c, c]).sort()
    })
    const sitting = marked(facade.ledgers)
    expect(sitting.cases).toBe(facade.ledgers.cases.cases.length)
    expect(sitting.communities.length).toBe(5)
    expect(marked(exec.ledgers)).toEqual(sitting)
  })
})
