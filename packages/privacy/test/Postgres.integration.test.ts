/**
 * Erasure on PostgreSQL (DOMAIN.md §10): a history entered through the encrypting store into a
 * schema of its own, some subjects erased; then a `pg_dump` of the schema holds no plaintext of
 * anyone's personal data (only ciphertext and, for the erased, no key), the erased read as
 * `[已删除]` and the others as they were, and every decision stays.
 */
import { execFileSync } from "node:child_process"
import { Effect, Layer } from "effect"
import { expect, it } from "vitest"
import * as Domain from "@fulian/core/Domain"
import * as PersonalData from "@fulian/core/PersonalData"
import * as Policy from "@fulian/core/Policy"
import { EventStore } from "@fulian/store/EventStore"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
import * as PostgresKeyStore from "@fulian/store-postgres/PostgresKeyStore"
import * as Server from "../../store-postgres/test/support/Server.ts"
import * as EncryptingEventStore from "../src/EncryptingEventStore.ts"

const schema = Server.freshSchema("privacy")
const cadre = { person: "cadre", role: "upper-cadre", organization: "s1" } as const
const chair = { person: "chair", role: "chair", organization: "c1" } as const
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date())
const committee = (organizationId: string, personId: string): Domain.Command => ({
  _tag: "ElectExecutiveCommittee",
  actor: cadre,
  termId: `${organizationId}-t`,
  organizationId,
  congressSession: "妇代会",
  electedOn: today,
  startsOn: today,
  residentsCommitteeElectedOn: today,
  members: [{ personId, name: `委员${personId}`, position: "chair" }]
})
const names = ["王秀兰", "李梅", "赵芳"].map((n) => `${n}${Math.random().toString(36).slice(2, 7)}`)

const dump = (): string | undefined => {
  try {
    return execFileSync("pg_dump", [`--schema=${schema}`, "--no-owner", Server.url], { encoding: "utf8", maxBuffer: 1 << 28 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw error
  }
}

await Server.describeWithServer("Erasure on PostgreSQL", [schema], () => {
  it("leaves no plaintext in a pg_dump of the schema; the erased read as erased, the others as they were; every decision stays", async () => {
    const events = PostgresEventStore.layer({ url: Server.url, schema })
    const store = Layer.provide(EncryptingEventStore.layer, Layer.merge(events, Layer.provide(PostgresKeyStore.layer(), events)))
    const read = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      for (const c of [
        { _tag: "RegisterOrganization", actor: cadre, organizationId: "s1", name: "北山街道", level: "street" },
        committee("s1", "cadre"),
        { _tag: "RegisterOrganization", actor: cadre, organizationId: "c1", name: "青波社区", level: "community", parentId: "s1" },
        committee("c1", "chair"),
        ...names.map((headName, i): Domain.Command => ({
          _tag: "RegisterHousehold", actor: chair, householdId: `h${i}`, organizationId: "c1", headName, address: `青波巷 ${i} 号`, circumstances: []
        })),
        { _tag: "ErasePersonalData", actor: chair, organizationId: "c1", subject: "household:h0", reason: "本人申请删除个人信息" }
      ] as ReadonlyArray<Domain.Command>) yield* Domain.execute(c)
      const store = yield* EventStore
      return {
        h0: yield* store.readStream("household-h0"),
        h1: yield* store.readStream("household-h1"),
        log: yield* store.readAll({ after: 0, limit: 1000 })
      }
    }).pipe(Effect.provide(Layer.merge(store, Policy.layer())))) as unknown as Effect.Effect<{ h0: ReadonlyArray<{ data: unknown }>; h1: ReadonlyArray<{ data: unknown }>; log: ReadonlyArray<{ type: string }> }>)
    expect((read.h0[0]!.data as { headName: string }).headName).toBe(PersonalData.erased)
    expect((read.h1[0]!.data as { headName: string }).headName).toBe(names[1])
    expect(read.log.map((e) => e.type).filter((t) => t === "HouseholdRegistered")).toHaveLength(3)
    expect(read.log.at(-1)!.type).toBe("PersonalDataErased")
    const dumped = dump()
    if (dumped === undefined) return console.warn("pg_dump is not installed: the dump of the schema was not checked")
    for (const name of names) expect(dumped).not.toContain(name)
    expect(dumped).toContain("HouseholdRegistered")
  })
})
