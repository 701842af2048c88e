import { expect, it } from "vitest"
import { quickstart } from "../src/main.ts"

it("runs the README's quick start", async () => {
  const lines = await quickstart()
  // Dates of the facts as the example gives them; recordedAt is the store's, in UTC.
  expect(lines[0]).toMatch(/^1 HouseholdRegistered by chen \(chair\); happened \d{4}-\d\d-\d\d, recorded \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  expect(lines[1]).toMatch(/^2 HouseholdCircumstancesChanged by chen \(chair\) because the daughter moved back home; happened \d{4}-\d\d-\d\d, recorded \d{4}-/)
  expect(lines[2]).toMatch(/^refused: InvalidCommand: .*organizationId/)
})
