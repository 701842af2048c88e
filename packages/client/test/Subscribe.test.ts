import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as MemoryKeyStore from "@fulian/store/MemoryKeyStore"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import * as SqliteKeyStore from "@fulian/store-sqlite/SqliteKeyStore"
import * as Client from "../src/Client.ts"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fulian-client-subscribe-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const cadre = { person: "zhou", role: "upper-cadre", organization: "s1" } as const
const auditor = { actor: { person: "auditor-s1", role: "auditor", organization: "s1" }, purpose: "测试" } as const
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date())

/** The street, its first committee and its auditor: four events the auditor may read. */
const staffStreet = async (fulian: Client.Client) => {
  await fulian.execute({ _tag: "RegisterOrganization", actor: cadre, organizationId: "s1", name: "北山街道", level: "street" })
  await fulian.execute({
    _tag: "ElectExecutiveCommittee",
    actor: cadre,
    termId: "s1-first",
    organizationId: "s1",
    congressSession: "北山街道第一届妇女代表大会第一次会议",
    electedOn: today,
    startsOn: today,
    residentsCommitteeElectedOn: today,
    members: [{ personId: "zhou", name: "周红", position: "chair" }]
  })
  await fulian.execute({ _tag: "AppointAuditor", actor: { ...cadre, role: "chair" }, occurredAt: today, organizationId: "s1", auditorId: "auditor-s1", name: "审计员" })
}

const onFile = (filename: string) => Client.make({ store: SqliteEventStore.layer({ filename }), keys: SqliteKeyStore.layer() })

describe("subscribe, woken by the store", () => {
  it("receives an event appended by another connection on the SQLite file at once, not after the fallback poll", async () => {
    const filename = path.join(dir, "subscribe.db")
    const writer = onFile(filename)
    const follower = onFile(filename)
    try {
      await staffStreet(writer)
      let caughtUp: () => void = () => {}
      const seenAll = new Promise<void>((resolve) => caughtUp = resolve)
      const seen: Array<string> = []
      let receivedAt = 0
      const following = (async () => {
        // The fallback poll is a minute: only a wake-up can bring the new event within the test.
        for await (const e of follower.subscribe(auditor, { pollInterval: 60_000 })) {
          seen.push(e.event._tag)
          if (seen.length === 4) caughtUp()
          if (seen.length === 5) {
            receivedAt = performance.now()
            break
          }
        }
      })()
      await seenAll
      // Let the subscription find itself caught up and wait.
      await new Promise((resolve) => setTimeout(resolve, 100))
      const appendedAt = performance.now()
      await writer.execute({ _tag: "RegisterOrganization", actor: cadre, organizationId: "c1", name: "青波社区", level: "community", parentId: "s1" })
      await following
      expect(seen.at(-1)).toBe("OrganizationRegistered")
      expect(receivedAt - appendedAt).toBeLessThan(1_000)
    } finally {
      await Promise.all([follower.dispose(), writer.dispose()])
    }
  }, 5_000)

  it("is woken by the client's own commands on a memory store (the store it waits on is the one written to)", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
    try {
      await staffStreet(fulian)
      let first: () => void = () => {}
      const started = new Promise<void>((resolve) => first = resolve)
      const following = (async () => {
        const seen: Array<string> = []
        for await (const e of fulian.subscribe(auditor, { pollInterval: 60_000 })) {
          seen.push(e.event._tag)
          first()
          if (e.event._tag === "OrganizationRegistered" && (e.event as { organizationId: string }).organizationId === "c1") return seen
        }
        return seen
      })()
      await started
      await new Promise((resolve) => setTimeout(resolve, 50))
      await fulian.execute({ _tag: "RegisterOrganization", actor: cadre, organizationId: "c1", name: "青波社区", level: "community", parentId: "s1" })
      expect((await following).at(-1)).toBe("OrganizationRegistered")
    } finally {
      await fulian.dispose()
    }
  }, 5_000)
})
