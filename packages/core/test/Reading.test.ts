/**
 * Reading is authorized too (DOMAIN.md §10): every read path of the Effect API × every role
 * and scope. A representative reads her own households, not another's; a community reads its
 * case until it is escalated away, and the street from then on; the street reads what was
 * reported to it; an auditor reads everything of her area, with personal data masked unless
 * she gives a purpose; reads of cases are logged; a reader the records do not back is refused.
 */
import { Effect, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore } from "@fulian/store/EventStore"
import type { Role } from "../src/Actor.ts"
import * as Case from "../src/Case.ts"
import * as CoreReport from "../src/Report.ts"
import * as Reading from "../src/Reading.ts"
import { run, seed } from "./support/Spec.ts"
import { on, world } from "./support/World.ts"

const reader = (role: Role, organization: string, purpose?: string): Reading.Reader => ({
  actor: { person: `${role}@${organization}`, role, organization },
  ...(purpose === undefined ? {} : { purpose })
})

/** The case k1 handed up from c1 to s1, and a report of c1 sent to s1. */
const more = [
  on(Case.aggregate, "k1", Case.CaseEscalated.make({ caseId: "k1", from: "c1", to: "s1", toLevel: "street", escalatedAt: "2026-05-31T10:00:00.000+08:00", basis: "sudden-or-typical" })),
  on(CoreReport.aggregate, "c1", CoreReport.ReportSubmitted.make({
    reportId: "c1-2026-04",
    organizationId: "c1",
    kind: "monthly",
    period: "2026-04",
    position: 10,
    contentHash: "0".repeat(64),
    sentTo: "s1",
    submittedAt: "2026-05-05T10:00:00.000+08:00",
    timeZone: "Asia/Shanghai"
  }))
]

/** What a reader reads of a stream: the tags of its events, in order (or the refusal's tag). */
const tagsRead = (who: Reading.Reader, stream: string, extra = more) =>
  run(Effect.gen(function*() {
    yield* seed([...world, ...extra])
    const read = yield* Effect.result(Reading.readStream(who, stream))
    return read._tag === "Success" ? read.success.map((e) => e.event._tag) : read.failure._tag
  }))

describe("Reading a stream's history: who reads what (§10)", () => {
  const cases: ReadonlyArray<readonly [string, Reading.Reader, string, ReadonlyArray<string> | string]> = [
    // The case: c1 while it held it, up to handing it up; s1 from the handing up.
    ["the holder, before it handed the case up", reader("chair", "c1"), "case-k1", ["CaseRegistered", "CaseEscalated"]],
    ["its mediator, likewise", reader("mediator", "c1"), "case-k1", ["CaseRegistered", "CaseEscalated"]],
    ["the street it was handed up to, from then on", reader("executive-member", "s1"), "case-k1", ["CaseEscalated"]],
    ["a sibling community", reader("chair", "c2"), "case-k1", []],
    ["the district above, to which nothing was handed", reader("chair", "d1"), "case-k1", []],
    ["a representative, even of the case's household", reader("representative", "c1"), "case-k1", []],
    ["a volunteer", reader("volunteer", "c1"), "case-k1", []],
    ["the street's auditor", reader("auditor", "s1"), "case-k1", ["CaseRegistered", "CaseEscalated"]],
    ["another street's auditor", reader("auditor", "s2"), "case-k1", []],
    // Households: the community, and the representative of her own only.
    ["the community's committee", reader("vice-chair", "c1"), "household-c1-h2", ["HouseholdRegistered"]],
    ["a representative, her own household", reader("representative", "c1"), "household-c1-h1", ["HouseholdRegistered"]],
    ["a representative, another's household", reader("representative", "c1"), "household-c1-h2", []],
    ["a representative with no household, any", { actor: { person: "r2@c1", role: "representative", organization: "c1" } }, "household-c1-h1", []],
    ["the street above", reader("chair", "s1"), "household-c1-h1", []],
    // The roster: the committee all of it; a representative her own records only.
    ["the community's committee, the roster", reader("chair", "c1"), "representation-c1", ["RepresentativeElected", "RepresentativeElected", "HouseholdLinked"]],
    ["a representative, her own records of the roster", reader("representative", "c1"), "representation-c1", ["RepresentativeElected", "HouseholdLinked"]],
    // Committees: the organization's own, and the one above it (filed with it).
    ["the community, its committee", reader("chair", "c1"), "term-c1", ["ExecutiveCommitteeElected"]],
    ["the street, a community's committee", reader("chair", "s1"), "term-c1", ["ExecutiveCommitteeElected"]],
    ["the district, a community's committee two levels down", reader("chair", "d1"), "term-c1", []],
    // A report sent up: the sender and the organization it was sent to.
    ["the sender, its report", reader("chair", "c1"), "report-c1", ["ReportSubmitted"]],
    ["the street, the report sent to it", reader("chair", "s1"), "report-c1", ["ReportSubmitted"]],
    ["a sibling, that report", reader("chair", "c2"), "report-c1", []],
    // The organization's own records.
    ["the community, its campaign", reader("chair", "c1"), "campaign-aw1", ["AwardCampaignOpened", "HouseholdNominated"]],
    ["the street, a community's campaign", reader("chair", "s1"), "campaign-aw1", []],
    ["a volunteer, her own record", reader("volunteer", "c1"), "volunteers-c1", ["VolunteerJoined"]],
    ["the organizations, to anyone backed", reader("volunteer", "c3"), "organization-c1", ["OrganizationRegistered"]],
    // A claim the records do not back.
    ["one who claims the chair of c1", { actor: { person: "impostor", role: "chair", organization: "c1" } }, "case-k1", "ReadRefused"],
    ["one who claims to audit s1", { actor: { person: "impostor", role: "auditor", organization: "s1" } }, "case-k1", "ReadRefused"]
  ]
  for (const [what, who, stream, expected] of cases) {
    it(`${what}: ${stream}`, async () => {
      expect(await tagsRead(who, stream)).toEqual(expected)
    })
  }

  for (const [what, who, stream] of cases) {
    it(`${what}: ${stream}, read a page of one event at a time, as read whole`, async () => {
      const [whole, paged] = await run(Effect.gen(function*() {
        yield* seed([...world, ...more])
        const whole = yield* Effect.result(Reading.readStream(who, stream))
        const paged = yield* Effect.result(Stream.runCollect(Reading.streamEvents(who, stream, { pageSize: 1 })))
        return [whole, paged] as const
      }))
      if (whole._tag === "Failure") expect(paged._tag === "Failure" && paged.failure._tag).toBe(whole.failure._tag)
      else expect(paged._tag === "Success" && [...paged.success]).toEqual(whole.success)
    })
  }

  it("answers a stream she may not read as one that does not exist", async () => {
    expect(await tagsRead(reader("chair", "c2"), "case-k1")).toEqual(await tagsRead(reader("chair", "c2"), "case-nothing"))
  })
})

describe("An auditor's purpose, and the log of case reads (§10)", () => {
  it("masks personal data for an auditor who gives no purpose, and shows it to one who does", async () => {
    const [bare, withPurpose] = await run(Effect.gen(function*() {
      yield* seed(world)
      return [
        yield* Reading.readStream(reader("auditor", "s1"), "case-k1"),
        yield* Reading.readStream(reader("auditor", "s1", "年度案件抽查"), "case-k1")
      ] as const
    }))
    const registered = (e: (typeof bare)[number]) => e.event as Case.Event & { readonly narrative: string; readonly parties: ReadonlyArray<{ name: string }> }
    expect(registered(bare[0]!).narrative).toBe(Reading.masked)
    expect(registered(bare[0]!).parties[0]!.name).toBe(Reading.masked)
    expect(JSON.stringify(bare[0]!.data)).not.toContain("邻里纠纷")
    expect(registered(withPurpose[0]!).narrative).toBe("邻里纠纷")
  })

  it("records who read which case, when and why, in the reader's organization's read log", async () => {
    const log = await run(Effect.gen(function*() {
      yield* seed(world)
      yield* Reading.readStream(reader("chair", "c1"), "case-k1")
      yield* Reading.readStream(reader("auditor", "s1", "年度案件抽查"), "case-k1")
      // Reading what one may not read, or a household, logs nothing.
      yield* Reading.readStream(reader("chair", "c2"), "case-k1")
      yield* Reading.readStream(reader("chair", "c1"), "household-c1-h1")
      const store = yield* EventStore
      return [...yield* store.readStream("reads-c1"), ...yield* store.readStream("reads-s1"), ...yield* store.readStream("reads-c2")]
    }))
    expect(log.map((e) => [e.type, e.metadata.actor.person, (e.data as { caseId: string }).caseId, e.metadata.reason])).toEqual([
      ["CaseRead", "chair@c1", "k1", undefined],
      ["CaseRead", "auditor@s1", "k1", "年度案件抽查"]
    ])
  })
})

describe("Reading the log a page at a time (§10)", () => {
  it("gives each reader only the events she may read, and where the next page starts", async () => {
    const pages = await run(Effect.gen(function*() {
      yield* seed([...world, ...more])
      const c1 = yield* Reading.readAll(reader("chair", "c1"), { after: 0, limit: 1000 })
      const rep = yield* Reading.readAll(reader("representative", "c1"), { after: 0, limit: 1000 })
      const auditor = yield* Reading.readAll(reader("auditor", "d1"), { after: 0, limit: 1000 })
      const store = yield* EventStore
      const log = yield* store.readAll({ after: 0, limit: 10_000 })
      // Her own read was logged after her page.
      const read = log.filter((e) => e.position <= auditor.next)
      return { c1, rep, auditor, total: read.length, last: read.at(-1)!.position, loggedAfter: log.at(-1)!.stream }
    }))
    expect(pages.c1.events.every((e) => !e.stream.startsWith("household-c2") && !e.stream.startsWith("term-c2"))).toBe(true)
    expect(pages.c1.events.some((e) => e.stream === "case-k1")).toBe(true)
    expect(new Set(pages.rep.events.map((e) => e.stream))).toEqual(new Set(["organization-d1", "organization-s1", "organization-s2", "organization-c1", "organization-c2", "organization-c3", "organization-b1", "deployment-top", "household-c1-h1", "representation-c1"]))
    // The district's auditor reads everything below the district, the read logs too (who read
    // which case is hers to audit); the page ends where the log does.
    expect(pages.auditor.events.length).toBe(pages.total)
    expect(pages.auditor.next).toBe(pages.last)
    expect(pages.loggedAfter).toBe("reads-d1")
  })

  it("cannot be called without a reader", () => {
    // @ts-expect-error: every public read takes its reader
    const unscoped = () => Reading.readStream("case-k1")
    // @ts-expect-error: every public read takes its reader
    const unscopedPage = () => Reading.readAll({ after: 0, limit: 10 })
    expect([unscoped, unscopedPage].length).toBe(2)
  })
})
