/**
 * `fulian schema` prints one valid JSON Schema document naming every command and event of the
 * domain; the `fulian` executable runs the same command line as a child process.
 */
import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import * as Domain from "@fulian/core/Domain"
import { fulian } from "./support/Run.ts"

const root = path.resolve(import.meta.dirname, "../../..")

interface Document {
  readonly $schema: string
  readonly $defs: Record<string, { readonly oneOf?: ReadonlyArray<{ $ref: string }>; readonly properties?: Record<string, { enum?: ReadonlyArray<string> }>; readonly required?: ReadonlyArray<string>; readonly additionalProperties?: boolean }>
}

const eventTags = [...Domain.codec.types]

describe("fulian schema", () => {
  it("prints a JSON Schema document with every command and every event", async () => {
    const ran = await fulian(["schema"])
    expect(ran.code).toBe(0)
    const doc = JSON.parse(ran.stdout) as Document
    expect(doc.$schema).toBe("https://json-schema.org/draft/2020-12/schema")
    expect(Domain.commandTags.length).toBeGreaterThan(40)
    expect(doc.$defs.Command!.oneOf!.map((r) => r.$ref)).toEqual(Domain.commandTags.map((t) => `#/$defs/command.${t}`))
    expect(new Set(doc.$defs.Event!.oneOf!.map((r) => r.$ref))).toEqual(new Set(eventTags.map((t) => `#/$defs/event.${t}`)))
    for (const tag of Domain.commandTags) {
      const command = doc.$defs[`command.${tag}`]!
      expect(command.properties!._tag!.enum).toEqual([tag])
      expect(command.required).toContain("actor")
    }
  })

  it("describes what exec accepts: no unknown property, and an optional field left out rather than null", async () => {
    const doc = JSON.parse((await fulian(["schema"])).stdout) as Document
    const donation = doc.$defs["command.RecordDonation"]!
    expect(donation.additionalProperties).toBe(false)
    expect(donation.required).not.toContain("donor")
    expect(JSON.stringify(donation.properties!.donor)).not.toContain("null")
  })

  it("states the rules of input: not blank, the most characters and items of each field", async () => {
    const doc = JSON.parse((await fulian(["schema"])).stdout) as { $defs: Record<string, { properties: Record<string, Record<string, unknown>> }> }
    const election = doc.$defs["command.ElectExecutiveCommittee"]!.properties
    expect(election.congressSession).toMatchObject({ type: "string", pattern: "\\S", maxLength: 200 })
    expect(election.members).toMatchObject({ type: "array", maxItems: 200 })
    const id = new RegExp(election.termId!.pattern as string, "u")
    expect(["t1", "第一届 2026", " t1", "t1\n", "\u3000"].map((s) => id.test(s))).toEqual([true, true, false, false, false])
    expect(election.termId!.maxLength).toBe(128)
  })

  it("runs as the fulian executable", () => {
    const stdout = execFileSync(process.execPath, [path.join(root, "packages/cli/bin/fulian.js"), "schema"], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024
    })
    expect(Object.keys((JSON.parse(stdout) as Document).$defs)).toContain("command.RegisterOrganization")
  })
})
