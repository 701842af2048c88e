/**
 * Every read path — the Effect API, the Promise facade and `fulian` — × readers of every kind
 * (DOMAIN.md §10: reading is authorized too): a community's chair reads its case until it was
 * handed up, the street from then on and the report sent to it; a sibling community nothing of
 * either; a representative her own household's line and nothing of the case; the district's
 * auditor everything, masked unless she gives a purpose; one whom the records do not back, a
 * typed refusal. The three paths answer alike.
 *
 * The world is entered with dates relative to today (committees elected weeks ago), so that
 * its people are in office whenever this runs.
 */
import * as path from "node:path"
import { Effect, Layer } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import * as Client from "@fulian/client/Client"
import type { Role } from "@fulian/core/Actor"
import * as Policy from "@fulian/core/Policy"
import * as Reading from "@fulian/core/Reading"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as MemoryProjectionStore from "@fulian/projections/MemoryProjectionStore"
import * as Attestation from "@fulian/reports/Attestation"
import * as Report from "@fulian/reports/Report"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import * as SqliteKeyStore from "@fulian/store-sqlite/SqliteKeyStore"
import { fulian, tempDir } from "./support/Run.ts"

const daysAgo = (n: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() - n * 86_400_000))
const as = (person: string, role: Role, organization: string) => ({ person, role, organization }) as const
const committee = (organizationId: string, by: ReturnType<typeof as>, members: ReadonlyArray<readonly [string, "chair" | "member"]>, on: string) => ({
  _tag: "ElectExecutiveCommittee",
  actor: by,
  termId: `${organizationId}-t`,
  organizationId,
  congressSession: "妇女代表大会",
  electedOn: on,
  startsOn: on,
  residentsCommitteeElectedOn: on,
  members: members.map(([personId, position]) => ({ personId, name: personId, position }))
})

const cadreD = as("cadre-d", "upper-cadre", "d")
const cadreS = as("cadre-s", "upper-cadre", "s")
const chair = (o: string) => as(`chair-${o}`, "chair", o)

/** d > s > c1, c2: committees, an auditor of d, households, a representative, a case of c1 handed up to s, a case of c2. */
const world = (): ReadonlyArray<Record<string, unknown>> => [
  { _tag: "RegisterOrganization", actor: cadreD, occurredAt: daysAgo(60), organizationId: "d", name: "区妇联", level: "district" },
  committee("d", cadreD, [["chair-d", "chair"], ["cadre-d", "member"]], daysAgo(60)),
  { _tag: "RegisterOrganization", actor: cadreD, occurredAt: daysAgo(59), organizationId: "s", name: "街道妇联", level: "street", parentId: "d" },
  committee("s", cadreD, [["chair-s", "chair"], ["cadre-s", "member"]], daysAgo(58)),
  ...["c1", "c2"].flatMap((c) => [
    { _tag: "RegisterOrganization", actor: cadreS, occurredAt: daysAgo(57), organizationId: c, name: `社区 ${c}`, level: "community", parentId: "s" },
    committee(c, cadreS, [[`chair-${c}`, "chair"]], daysAgo(56)),
    { _tag: "RegisterHousehold", actor: chair(c), occurredAt: daysAgo(50), householdId: `${c}-h1`, organizationId: c, headName: "王芳", address: "青波巷 3 号", circumstances: [] }
  ]),
  { _tag: "AppointAuditor", actor: chair("d"), occurredAt: daysAgo(55), organizationId: "d", auditorId: "auditor-d", name: "审计员" },
  { _tag: "ElectRepresentative", actor: chair("c1"), organizationId: "c1", representativeId: "rep-c1", name: "代表", congressSession: "妇女代表大会", electedOn: daysAgo(50) },
  { _tag: "LinkHousehold", actor: chair("c1"), occurredAt: daysAgo(49), organizationId: "c1", representativeId: "rep-c1", householdId: "c1-h1" },
  ...["c1", "c2"].map((c) => ({
    _tag: "RegisterCase",
    actor: chair(c),
    occurredAt: `${daysAgo(40)}T10:00:00+08:00`,
    caseId: `k-${c}`,
    organizationId: c,
    receivedAt: `${daysAgo(40)}T09:00:00+08:00`,
    channel: "visit",
    category: "domestic-violence",
    sudden: true,
    typicalInfringement: false,
    householdIds: [`${c}-h1`],
    parties: [{ partyId: "p1", name: "李梅" }],
    narrative: "自述遭丈夫殴打"
  })),
  { _tag: "EscalateCase", actor: chair("c1"), occurredAt: `${daysAgo(40)}T11:00:00+08:00`, caseId: "k-c1", to: "s", reason: "突发案件，报街道" }
]

type Reader = Reading.Reader
const readers: Readonly<Record<string, Reader>> = {
  "c1's chair": { actor: chair("c1") },
  "c2's chair": { actor: chair("c2") },
  "the street's chair": { actor: chair("s") },
  "c1's representative": { actor: as("rep-c1", "representative", "c1") },
  "the district's auditor": { actor: as("auditor-d", "auditor", "d") },
  "the district's auditor, with a purpose": { actor: as("auditor-d", "auditor", "d"), purpose: "年度抽查" },
  "one claiming c1's chair": { actor: as("impostor", "chair", "c1") }
}

/** What each reader reads of c1's case, and whether she may read c1's monthly report. */
const expected: Readonly<Record<string, { readonly history: ReadonlyArray<string> | "ReadRefused"; readonly report: boolean }>> = {
  "c1's chair": { history: ["CaseRegistered", "CaseEscalated"], report: true },
  "c2's chair": { history: [], report: false },
  "the street's chair": { history: ["CaseEscalated"], report: true },
  "c1's representative": { history: [], report: false },
  "the district's auditor": { history: ["CaseRegistered", "CaseEscalated"], report: true },
  "the district's auditor, with a purpose": { history: ["CaseRegistered", "CaseEscalated"], report: true },
  "one claiming c1's chair": { history: "ReadRefused", report: false }
}

const flag = (r: Reader) => ["--as", `${r.actor.person}:${r.actor.role}@${r.actor.organization}`, ...(r.purpose === undefined ? [] : ["--purpose", r.purpose])]
const month = daysAgo(40).slice(0, 7)
const request: Report.Request = { organizationId: "c1", kind: "monthly", period: month }

describe("every read path × every reader (DOMAIN.md §10)", () => {
  const file = path.join(tempDir(), "reads.db")
  const store = ["--store", `sqlite:${file}`]
  const layer = Layer.mergeAll(SqliteEventStore.layer({ filename: file }), MemoryProjectionStore.layer, Policy.layer())
  const effect = <A, E>(program: Effect.Effect<A, E, never>) => Effect.runPromise(Effect.result(program))
  let client: Client.Client

  beforeAll(async () => {
    client = Client.make({ store: SqliteEventStore.layer({ filename: file }), keys: SqliteKeyStore.layer() })
    for (const command of world()) await client.execute(command)
    await client.submitReport({ request, reportId: `c1-${month}`, actor: chair("c1") })
    return () => client.dispose()
  })

  for (const [who, reader] of Object.entries(readers)) {
    const want = expected[who]!
    it(`${who}: the history of c1's case, alike by the Effect API, the facade and fulian history`, async () => {
      const byEffect = await effect(Reading.readStream(reader, "case-k-c1").pipe(Effect.provide(layer), Effect.scoped))
      const byFacade = await client.readStream(reader, "case-k-c1").then((events) => events, (error: { _tag: string }) => error._tag)
      const byCli = await fulian(["history", "case-k-c1", "--format", "json", ...flag(reader), ...store])
      const tags = (events: ReadonlyArray<{ readonly type: string }>) => events.map((e) => e.type)
      if (want.history === "ReadRefused") {
        expect(byEffect._tag === "Failure" && byEffect.failure._tag).toBe("ReadRefused")
        expect(byFacade).toBe("ReadRefused")
        expect(byCli.code).toBe(1)
        expect(byCli.stderr).toContain("ReadRefused")
        return
      }
      expect(byEffect._tag === "Success" && tags(byEffect.success)).toEqual(want.history)
      expect(typeof byFacade !== "string" && tags(byFacade)).toEqual(want.history)
      const cliTags = byCli.code === 0 ? byCli.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { type: string }).type) : []
      expect(cliTags).toEqual(want.history)
      // Personal data: masked for an auditor who gave no purpose, whatever the path.
      const shown = `${JSON.stringify(typeof byFacade === "string" ? [] : byFacade)} ${byCli.stdout}`
      expect(shown.includes("自述遭丈夫殴打")).toBe(want.history.includes("CaseRegistered") && !(reader.actor.role === "auditor" && reader.purpose === undefined))
    })

    it(`${who}: c1's monthly report, and its verification, alike by every path`, async () => {
      const byEffect = await effect(Report.computeFor(reader, request).pipe(Effect.provide(layer), Effect.scoped))
      const byFacade = await client.report(reader, request).then(() => "ok", (error: { _tag: string }) => error._tag)
      const byCli = await fulian(["report", "monthly", "--org", "c1", "--year", month.slice(0, 4), "--month", String(Number(month.slice(5))), "--format", "json", ...flag(reader), ...store])
      const verified = await client.verifyReport(reader, "c1", `c1-${month}`).then((v) => (v.matches ? "ok" : "mismatch"), (error: { _tag: string }) => error._tag)
      const verifiedByCli = await fulian(["verify", "--org", "c1", ...flag(reader), ...store])
      const byEffectVerified = await effect(Attestation.verifyFor(reader, "c1", `c1-${month}`).pipe(Effect.provide(layer), Effect.scoped))
      expect(byEffect._tag).toBe(want.report ? "Success" : "Failure")
      if (byEffect._tag === "Failure") expect(byEffect.failure._tag).toBe("ReadRefused")
      expect(byFacade).toBe(want.report ? "ok" : "ReadRefused")
      expect(byCli.code).toBe(want.report ? 0 : 1)
      expect(verified).toBe(want.report ? "ok" : "ReadRefused")
      expect(byEffectVerified._tag).toBe(want.report ? "Success" : "Failure")
      expect(verifiedByCli.code).toBe(want.report ? 0 : 1)
    })
  }

  it("draws each reader the ledger rows she may read, by the facade and by fulian ledgers", async () => {
    const caseIds = async (reader: Reader) => (await client.ledgers(reader)).cases.cases.map((c) => c.caseId)
    expect(await caseIds(readers["c1's chair"]!)).toEqual(["k-c1"])
    expect(await caseIds(readers["c2's chair"]!)).toEqual(["k-c2"])
    expect(await caseIds(readers["the street's chair"]!)).toEqual(["k-c1"])
    expect(await caseIds(readers["c1's representative"]!)).toEqual([])
    expect((await caseIds(readers["the district's auditor"]!)).sort()).toEqual(["k-c1", "k-c2"])
    const representative = await client.ledgers(readers["c1's representative"]!)
    expect(representative.householdContact.representatives.map((r) => [r.representativeId, r.householdIds])).toEqual([["rep-c1", ["c1-h1"]]])
    expect(representative.householdContact.communities).toEqual([])
    const byEffect = await effect(Ledgers.drawFor(readers["c2's chair"]!, { policy: Policy.defaults }).pipe(Effect.provide(layer), Effect.scoped))
    expect(byEffect._tag === "Success" && byEffect.success.cases.cases.map((c) => c.caseId)).toEqual(["k-c2"])
    const text = await fulian(["ledgers", ...flag(readers["c2's chair"]!), ...store])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain("as read by chair-c2 (chair, c2)")
    expect(text.stdout).not.toContain("k-c1")
    const refused = await fulian(["ledgers", ...flag(readers["one claiming c1's chair"]!), ...store])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain("ReadRefused")
  })

  it("asks fulian for the reader when none is given", async () => {
    const none = await fulian(["history", "case-k-c1", ...store])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain("--as person:role@organization")
  })
})
