import { describe, expect, it } from "vitest"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as Client from "../src/Client.ts"
import { InvalidCommand, Unauthorized } from "../src/Command.ts"
import { OrganizationRejected } from "../src/Organization.ts"

const cadre = { person: "zhou", role: "upper-cadre", organization: "s1" }
const registerStreet = { _tag: "RegisterOrganization", actor: cadre, organizationId: "s1", name: "北山街道", level: "street" }

describe("the Promise facade", () => {
  it("executes commands and reads history, like the Effect API", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer })
    const outcome = await fulian.execute(registerStreet)
    expect(outcome.events.map((e) => e.event._tag)).toEqual(["OrganizationRegistered"])
    expect((await fulian.readStream("organization-s1")).map((e) => e.event)).toEqual(outcome.events.map((e) => e.event))
    expect((await fulian.readAll(0, 10)).length).toBe(1)
    await fulian.dispose()
  })

  it("rejects with the same typed errors, and writes nothing", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer })
    await expect(fulian.execute({ ...registerStreet, level: "galaxy" })).rejects.toBeInstanceOf(InvalidCommand)
    await expect(fulian.execute({ ...registerStreet, actor: { ...cadre, role: "auditor" } })).rejects.toBeInstanceOf(Unauthorized)
    await fulian.execute(registerStreet)
    const error = await fulian.execute(registerStreet).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OrganizationRejected)
    expect((error as OrganizationRejected).reason).toBe("AlreadyRegistered")
    expect((await fulian.readAll(0, 10)).length).toBe(1)
    await fulian.dispose()
  })

  it("keeps retried command ids idempotent", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer })
    const commandId = "0190f5c2-3b4a-7c3d-8e9f-0a1b2c3d4e5f"
    const first = await fulian.execute({ ...registerStreet, commandId })
    const again = await fulian.execute({ ...registerStreet, commandId })
    expect(again.duplicate).toBe(true)
    expect(again.events).toEqual(first.events)
    await fulian.dispose()
  })
})
