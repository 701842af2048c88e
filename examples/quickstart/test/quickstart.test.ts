import { expect, it } from "vitest"
import { quickstart } from "../src/main.ts"

it("runs the README's quick start", async () => {
  const lines = await quickstart()
  expect(lines[0]).toBe("1 HouseholdRegistered by chen (chair)")
  expect(lines[1]).toBe("2 HouseholdCircumstancesChanged by chen (chair) because the daughter moved back home")
  expect(lines[2]).toMatch(/^refused: InvalidCommand: .*organizationId/)
})
