/**
 * Each organization's signing key (DOMAIN.md §10 Integrity): made in the key store, its public
 * half registered with the level above; a checkpoint signed with it verifies with that public
 * key only, and not once its size or root is changed.
 */
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import * as Domain from "@fulian/core/Domain"
import * as Policy from "@fulian/core/Policy"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as MemoryKeyStore from "@fulian/store/MemoryKeyStore"
import * as Signing from "../src/Signing.ts"

const layer = Layer.mergeAll(MemoryEventStore.layer, MemoryKeyStore.layer, Policy.layer())
const run = <A, E>(effect: Effect.Effect<A, E, Layer.Success<typeof layer>>) => Effect.runPromise(effect.pipe(Effect.provide(layer)) as Effect.Effect<A>)
const root = "ab".repeat(32)
/** Today, local: the committees are elected on it, so they are in office whenever this runs. */
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date())

describe("Signing keys and signed checkpoints", () => {
  it("signs a checkpoint that verifies with the organization's public key, and not once changed, nor with another's key", async () => {
    const [c1, c2] = await run(Effect.all([Signing.keyOf("c1"), Signing.keyOf("c2")]))
    const checkpoint = { size: 42, root, signature: c1.sign({ size: 42, root }) }
    expect(Signing.verifies([c1.publicKey], "c1", checkpoint)).toBe(true)
    expect(Signing.verifies([c1.publicKey], "c1", { ...checkpoint, size: 43 })).toBe(false)
    expect(Signing.verifies([c1.publicKey], "c1", { ...checkpoint, root: "cd".repeat(32) })).toBe(false)
    expect(Signing.verifies([c1.publicKey], "c2", checkpoint)).toBe(false)
    expect(Signing.verifies([c2.publicKey], "c1", checkpoint)).toBe(false)
  })

  it("keeps one key per organization, and registers its public half with the level above, once", async () => {
    const cadre = { person: "cadre", role: "upper-cadre", organization: "s1" } as const
    const { again, keys, key } = await run(Effect.gen(function*() {
      for (const command of [
        { _tag: "RegisterOrganization", actor: cadre, organizationId: "s1", name: "北山街道", level: "street" },
        { _tag: "ElectExecutiveCommittee", actor: cadre, termId: "s1-t", organizationId: "s1", congressSession: "妇代会", electedOn: today, startsOn: today, residentsCommitteeElectedOn: today, members: [{ personId: "cadre", name: "周红", position: "chair" }] },
        { _tag: "RegisterOrganization", actor: cadre, organizationId: "c1", name: "青波社区", level: "community", parentId: "s1" },
        { _tag: "ElectExecutiveCommittee", actor: cadre, termId: "c1-t", organizationId: "c1", congressSession: "妇代会", electedOn: today, startsOn: today, residentsCommitteeElectedOn: today, members: [{ personId: "chair", name: "陈静", position: "chair" }] }
      ] as ReadonlyArray<Domain.Command>) yield* Domain.execute(command)
      const chair = { person: "chair", role: "chair", organization: "c1" } as const
      const key = yield* Signing.registered("c1", chair)
      const again = yield* Signing.registered("c1", chair)
      return { key, again, keys: yield* Signing.registeredKeys("c1") }
    }))
    expect(again.publicKey).toBe(key.publicKey)
    expect(keys).toEqual([key.publicKey])
  })
})
