import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Domain from "../src/Domain.ts"

const fail = (input: unknown) => Effect.runPromise(Effect.flip(Domain.decodeCommand(input)))

describe("commands from outside (JSON from a form or a file)", () => {
  const good = {
    _tag: "RegisterHousehold",
    actor: { person: "li", role: "chair", organization: "c1" },
    householdId: "h1",
    organizationId: "c1",
    headName: "Li Na",
    address: "1-101",
    circumstances: ["low-income"]
  }

  it("decodes a good command", async () => {
    expect(await Effect.runPromise(Domain.decodeCommand(JSON.parse(JSON.stringify(good))))).toEqual(good)
  })

  it("names a field of the wrong kind and what was expected", async () => {
    const error = await fail({ ...good, actor: { ...good.actor, role: "queen" } })
    expect(error._tag).toBe("InvalidCommand")
    expect(error.problems.some((p) => p.path === "actor.role")).toBe(true)
    expect(error.message).toContain("actor.role")
  })

  it("names a missing field", async () => {
    const { householdId: _, ...missing } = good
    const error = await fail(missing)
    expect(error.problems.map((p) => p.path)).toContain("householdId")
  })

  it("names every bad field at once", async () => {
    const error = await fail({ ...good, householdId: "", circumstances: ["rich"] })
    const paths = error.problems.map((p) => p.path)
    expect(paths).toContain("householdId")
    expect(paths.some((p) => p.startsWith("circumstances"))).toBe(true)
  })

  it("refuses an unknown command type and a field the command does not have", async () => {
    expect((await fail({ ...good, _tag: "DeleteEverything" }))._tag).toBe("InvalidCommand")
    // A typo is answered with the command it was near.
    const typo = await fail({ ...good, _tag: "RegisterHouseold" })
    expect(typo.problems).toEqual([{ path: "_tag", message: expect.stringContaining("did you mean RegisterHousehold?") }])
    const error = await fail({ ...good, isAdmin: true })
    expect(error.problems.map((p) => p.path)).toContain("isAdmin")
  })

  it("refuses a malformed command id", async () => {
    const error = await fail({ ...good, commandId: "not-a-uuid" })
    expect(error.problems.map((p) => p.path)).toContain("commandId")
  })

  it("refuses input that is not an object", async () => {
    expect((await fail("RegisterHousehold"))._tag).toBe("InvalidCommand")
    expect((await fail(null))._tag).toBe("InvalidCommand")
  })
})
