/**
 * Every field of every command and event in `fulian schema`'s document — and every field of the
 * structs and list items inside them — has a title in Chinese and in English, as the document
 * gives its two languages (`title: "zh / en"`, each apart under `x-fulian`'s `labels`), so a
 * form can be built from it in either language; a field's description, where it has one, is
 * given the same way. The labels are one per field name (`SchemaLabels.fields`), with overrides
 * where a field means something else in one command, and none is left over.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import * as JsonSchemas from "@fulian/cli/JsonSchemas"
import * as SchemaLabels from "@fulian/cli/SchemaLabels"
import * as Domain from "@fulian/core/Domain"

type Node = { readonly [key: string]: unknown }
type Tag = Domain.Command["_tag"] | Domain.Event["_tag"]

const document = JsonSchemas.document() as { readonly $defs: { readonly [name: string]: Node } }

/** Every field of a definition, at any depth, with its path (`parties.*.name`) and its schema. */
const fieldsOf = (schema: unknown, path: ReadonlyArray<string> = []): ReadonlyArray<readonly [ReadonlyArray<string>, Node]> => {
  if (typeof schema !== "object" || schema === null) return []
  const s = schema as Node
  return [
    ...["anyOf", "oneOf", "allOf"].flatMap((key) => (Array.isArray(s[key]) ? (s[key] as ReadonlyArray<unknown>).flatMap((b) => fieldsOf(b, path)) : [])),
    ...fieldsOf(s.items, [...path, "*"]),
    ...Object.entries((s.properties ?? {}) as { readonly [name: string]: Node }).flatMap(([name, property]) => [
      [[...path, name], property] as const,
      ...fieldsOf(property, [...path, name])
    ])
  ]
}

const definitions: ReadonlyArray<readonly [Tag, Node]> = [
  ...Domain.commandTags.map((tag) => [tag, document.$defs[`command.${tag}`]!] as const),
  ...[...Domain.codec.types].map((tag) => [tag as Tag, document.$defs[`event.${tag}`]!] as const)
]

const han = /\p{Script=Han}/u
const english = /^[A-Z][ -~]*$/

describe("the titles of the fields in fulian schema's document", () => {
  it("gives every field of every command a title in Chinese and in English", () => {
    const untitled: Array<string> = []
    let checked = 0
    for (const tag of Domain.commandTags) {
      for (const [path, field] of fieldsOf(document.$defs[`command.${tag}`])) {
        checked++
        const labels = (field["x-fulian"] as JsonSchemas.Annotation | undefined)?.labels
        const zh = labels?.["zh-CN"].title
        const en = labels?.en.title
        if (zh === undefined || !han.test(zh)) untitled.push(`${tag} ${path.join(".")}: no title in Chinese`)
        if (en === undefined || !english.test(en)) untitled.push(`${tag} ${path.join(".")}: no title in English`)
        if (field.title !== `${zh} / ${en}`) untitled.push(`${tag} ${path.join(".")}: title ${JSON.stringify(field.title)} is not both`)
      }
    }
    expect(untitled).toEqual([])
    // The envelope (actor and its three fields, commandId, …) of each command, and the fields of its structs and lists.
    expect(checked).toBeGreaterThan(Domain.commandTags.length * 10)
  })

  it("gives every field of every event its titles too, and a field's description in both languages where it has one", () => {
    const wrong: Array<string> = []
    for (const [tag, definition] of definitions) {
      for (const [path, field] of fieldsOf(definition)) {
        const labels = (field["x-fulian"] as JsonSchemas.Annotation | undefined)?.labels
        if (labels === undefined || !han.test(labels["zh-CN"].title) || !english.test(labels.en.title)) {
          wrong.push(`${tag} ${path.join(".")}: no titles`)
          continue
        }
        const zh = labels["zh-CN"].description
        const en = labels.en.description
        if ((zh === undefined) !== (en === undefined) || (zh !== undefined && (!han.test(zh) || !/^[A-Z`]/.test(en!)))) {
          wrong.push(`${tag} ${path.join(".")}: a description in one language only`)
        }
        if (field.description !== (zh === undefined ? undefined : `${zh}\n${en}`)) wrong.push(`${tag} ${path.join(".")}: description is not both`)
      }
    }
    expect(wrong).toEqual([])
  })

  it("labels a field by its name wherever it appears, and by its override where it means something else", () => {
    const title = (definition: string, ...path: ReadonlyArray<string>) =>
      fieldsOf(document.$defs[definition]).find(([p]) => p.join(".") === path.join("."))?.[1].title
    expect(title("command.RegisterHousehold", "headName")).toBe("户主姓名 / Head of household's name")
    expect(title("command.LinkHousehold", "representativeId")).toBe("妇女代表编号 / Representative id")
    for (const tag of ["RegisterHousehold", "RecordActivity", "RegisterCase", "SubmitReport"]) {
      expect(title(`command.${tag}`, "organizationId")).toBe("组织编号 / Organization id")
      expect(title(`command.${tag}`, "actor", "role")).toBe("角色 / Role")
    }
    expect(title("command.RecordActivity", "kind")).toBe("活动类型 / Kind of activity")
    expect(title("command.ScheduleMeeting", "kind")).toBe("类型 / Kind")
    expect(title("command.SubmitReport", "kind")).toBe("报表类型 / Kind of report")
    expect(title("command.SubmitReport", "position")).toBe("计算所据日志位置 / Computed from log position")
    expect(title("command.ElectExecutiveCommittee", "members", "*", "position")).toBe("职务 / Position")
    expect(title("command.OpenAssessment", "criteria", "*", "name")).toBe("标准名称 / Criterion")
    expect(title("command.RegisterCase", "parties", "*", "name")).toBe("当事人姓名 / Party's name")
    expect(title("command.ElectExecutiveCommittee", "members", "*", "name")).toBe("姓名 / Name")
    expect(title("command.RegisterOrganization", "name")).toBe("组织名称 / Organization's name")
    // A date keeps the description of how a date is written, after its own.
    const elected = fieldsOf(document.$defs["command.ElectExecutiveCommittee"]).find(([p]) => p.join(".") === "residentsCommitteeElectedOn")![1]
    expect(elected.description).toMatch(/^社区居委会的换届日期.*日期 YYYY-MM-DD.*\nThe day the residents' committee was elected.*A date YYYY-MM-DD/s)
  })

  it("is shown in the reference as the document has it", () => {
    const reference = fs.readFileSync(path.resolve(import.meta.dirname, "../../../docs/reference/json-schema.md"), "utf8")
    const shown = JSON.parse(`{${/```json\n([\s\S]*?)\n```/.exec(reference)![1]}}`) as { readonly headName: Node }
    expect(shown.headName).toEqual((document.$defs["command.RegisterHousehold"]!.properties as { readonly headName: Node }).headName)
  })

  it("leaves no label unused: every field name labels a field, every override overrides one", () => {
    const paths = definitions.flatMap(([tag, definition]) => fieldsOf(definition).map(([path]) => [tag, path] as const))
    const used = new Set(paths.map(([tag, path]) => SchemaLabels.fieldLabel(tag, path)))
    expect(Object.entries(SchemaLabels.fields).filter(([, label]) => !used.has(label)).map(([name]) => name)).toEqual([])
    const present = new Set(paths.map(([tag, path]) => `${tag} ${path.join(".")}`))
    const overridden = Object.entries(SchemaLabels.overrides).flatMap(([tag, table]) => Object.keys(table ?? {}).map((path) => `${tag} ${path}`))
    expect(overridden.filter((o) => !present.has(o))).toEqual([])
  })
})
