/**
 * `fulian schema` prints one valid JSON Schema document naming every command and event of the
 * domain, each with its title in Chinese and English, each personal field marked with whose it
 * is; the `fulian` executable runs the same command line as a child process. (How a standard
 * validator reads the document: SchemaAjv.test.ts.)
 */
import { execFileSync } from "node:child_process"
import * as path from "node:path"
import type { Schema } from "effect"
import { describe, expect, it } from "vitest"
import * as JsonSchemas from "@fulian/cli/JsonSchemas"
import * as SchemaLabels from "@fulian/cli/SchemaLabels"
import * as Domain from "@fulian/core/Domain"
import { tagsOf } from "@fulian/core/EventCodec"
import * as PersonalData from "@fulian/core/PersonalData"
import { fulian } from "./support/Run.ts"

const root = path.resolve(import.meta.dirname, "../../..")

interface Document {
  readonly $schema: string
  readonly $defs: Record<string, { readonly oneOf?: ReadonlyArray<{ $ref: string }>; readonly properties?: Record<string, { enum?: ReadonlyArray<string> }>; readonly required?: ReadonlyArray<string>; readonly additionalProperties?: boolean }>
}

const eventTags = [...Domain.codec.types]

/** A command's or event's definition, with its titles. */
interface Labelled {
  readonly title: string
  readonly description: string
  readonly "x-fulian": JsonSchemas.Annotation & { readonly labels: NonNullable<JsonSchemas.Annotation["labels"]> }
}

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

  it("gives every command and every event a title and a description in Chinese and in English", () => {
    const doc = JsonSchemas.document() as { $defs: Record<string, Labelled> }
    const han = /\p{Script=Han}/u
    const definitions = [
      ...Domain.commandTags.map((tag) => [tag, doc.$defs[`command.${tag}`]] as const),
      ...[...Domain.codec.types].map((tag) => [tag, doc.$defs[`event.${tag}`]] as const)
    ]
    for (const [tag, definition] of definitions) {
      const labels = definition?.["x-fulian"]?.labels
      expect(labels?.["zh-CN"].title, `${tag}: a title in Chinese`).toMatch(han)
      expect(labels?.en.title, `${tag}: a title in English`).toMatch(/^[A-Z][ -~]+$/)
      expect(labels?.["zh-CN"].description, tag).toMatch(han)
      expect(labels?.en.description, tag).toMatch(/^[A-Z][ -~]+$/)
      expect(definition!.title).toBe(`${labels!["zh-CN"].title} / ${labels!.en.title}`)
      expect(definition!.description).toBe(`${labels!["zh-CN"].description}\n${labels!.en.description}`)
    }
    // No title is another's: each names its own command or event, in each language.
    for (const kind of [SchemaLabels.commands, SchemaLabels.events]) {
      for (const locale of ["zh-CN", "en"] as const) {
        const titles = Object.values(kind).map((label) => label[locale])
        expect(new Set(titles).size, locale).toBe(titles.length)
      }
    }
  })

  it("says which roles may give each command and how it says when its fact happened, as the domain does", () => {
    const doc = JsonSchemas.document() as { $defs: Record<string, Labelled> }
    for (const tag of Domain.commandTags) {
      const definition = doc.$defs[`command.${tag}`]!
      expect(definition["x-fulian"]).toMatchObject({ command: tag, roles: Domain.permissions[tag], factTime: Domain.times[tag] })
      for (const role of Domain.permissions[tag]) {
        expect(definition["x-fulian"].labels["zh-CN"].description).toContain(SchemaLabels.roles[role]["zh-CN"])
        expect(definition["x-fulian"].labels.en.description).toContain(SchemaLabels.roles[role].en)
      }
    }
    expect(doc.$defs["command.RecordActivity"]!.description).toContain("its `heldOn`")
    expect(doc.$defs["event.ReportSubmitted"]!["x-fulian"]).toMatchObject({ event: "ReportSubmitted", schemaVersion: 3 })
  })

  it("marks every personal field, and only those, with whose it is in an event", () => {
    const doc = JsonSchemas.document() as { $defs: Record<string, Labelled> }
    const marked = (schema: unknown, path: ReadonlyArray<string> = []): ReadonlyArray<readonly [string, unknown]> => {
      if (typeof schema !== "object" || schema === null) return []
      const s = schema as Record<string, unknown>
      return [
        ...(s["x-fulian"] !== undefined && "personal" in (s["x-fulian"] as object) ? [[path.join("."), (s["x-fulian"] as JsonSchemas.Annotation).personal] as const] : []),
        ...Object.entries((s.properties ?? {}) as Record<string, unknown>).flatMap(([name, p]) => marked(p, [...path, name])),
        ...marked(s.items, [...path, "*"])
      ]
    }
    for (const tag of Domain.codec.types) {
      const fields = Domain.personalFields.get(tag) ?? []
      const marks = new Map(marked(doc.$defs[`event.${tag}`]))
      expect([...marks.keys()].sort(), tag).toEqual(fields.map((f) => f.path.join(".")).sort())
      for (const [, personal] of marks) {
        const { subject, subjectId } = personal as { subject: string; subjectId: string }
        // A record subject names a stream, whose name may begin with its category (`record:report-{organizationId}`).
        expect(subjectId, tag).toMatch(new RegExp(`^${subject}:([a-z]+(-[a-z]+)*-)?\\{\\w+\\}`))
      }
    }
    expect(new Map(marked(doc.$defs["event.CaseRegistered"])).get("parties.*.name")).toEqual({ subject: "party", subjectId: "party:{caseId}:{partyId}" })
    expect(new Map(marked(doc.$defs["event.HouseholdRegistered"])).get("address")).toEqual({ subject: "household", subjectId: "household:{householdId}" })
    expect(new Map(marked(doc.$defs["event.MemberByElected"])).get("member.name")).toEqual({ subject: "person", subjectId: "person:{personId}" })
    expect(new Map(marked(doc.$defs["event.DonationRecorded"])).get("donor")).toEqual({ subject: "donation", subjectId: "donation:{donationId}" })
    // A command's personal fields are marked without a subject: the events it records say whose.
    // Its reason is kept in the events' metadata, as personal data of their stream's subject.
    const commands = new Map<string, Schema.Top>()
    const walk = (schema: Schema.Top): void => {
      if ("members" in schema && Array.isArray(schema.members)) (schema.members as ReadonlyArray<Schema.Top>).forEach(walk)
      else for (const tag of tagsOf(schema)) commands.set(tag, schema)
    }
    walk(Domain.Command)
    for (const tag of Domain.commandTags) {
      const marks = new Map(marked(doc.$defs[`command.${tag}`]))
      const expected = [...PersonalData.paths(commands.get(tag)!).map((p) => p.join(".")), "reason"]
      expect([...marks.keys()].sort(), tag).toEqual(expected.sort())
      for (const [, personal] of marks) expect(personal, tag).toEqual({})
    }
    expect([...new Map(marked(doc.$defs["command.RegisterCase"])).keys()].sort())
      .toEqual(["address", "narrative", "parties.*.contact", "parties.*.name", "reason"])
  })

  it("prints the document JsonSchemas makes", async () => {
    expect(JSON.parse((await fulian(["schema"])).stdout)).toEqual(JSON.parse(JSON.stringify(JsonSchemas.document())))
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
