import { readFileSync } from "node:fs"
import { join } from "node:path"
import { expect, it } from "vitest"
import * as Domain from "../src/Domain.ts"
import { listedCommandTags, tables } from "../../../scripts/domain-reference.ts"

it("docs/reference/domain.md lists every command with its roles and every event with its personal data", () => {
  const doc = readFileSync(join(import.meta.dirname, "../../../docs/reference/domain.md"), "utf8")
  const generated = doc.split("<!-- generated: begin -->\n")[1]?.split("<!-- generated: end -->")[0]
  // Regenerate with: npx tsx scripts/domain-reference.ts
  expect(generated?.trim()).toBe(tables().trim())
})

it("the reference generator lists every module of the domain", () => {
  expect([...listedCommandTags()].sort()).toEqual([...Domain.commandTags].sort())
})
