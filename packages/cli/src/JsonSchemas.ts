/**
 * `fulian schema`: the JSON Schema (draft 2020-12) of every command and every event of the
 * domain, for programs in other languages and for forms that build commands.
 *
 * One document: `$defs` holds each command as `command.<Tag>` and each event as `event.<Tag>`,
 * and `Command` and `Event`, each a `oneOf` over its own; the document itself accepts either.
 * The store keeps an event as `{ type: _tag, schemaVersion, data }`, the data being its other
 * fields: `event.<Tag>` describes `{ _tag, ...data }` at the current schema version.
 *
 * The schemas come from the domain's own `effect/Schema` definitions
 * (`Schema.toJsonSchemaDocument`), so they cannot drift from what `exec` accepts. Adjustments
 * make them say exactly that, and say it to a strict validator:
 *
 * - A command accepts no property it does not define (`decodeCommand` refuses excess
 *   properties), and an optional field is left out rather than given as `null` (the JSON
 *   codec's `null` for a missing value is not accepted by `decodeCommand`).
 * - The rules of input (`Input`) are stated: a text that is not blank and an id with no space
 *   at either end as a `pattern`, the most characters of a text as `maxLength` (code points, as
 *   `decodeCommand` counts them), the most items of a list as `maxItems`. A list of at least
 *   one item is `items` with `minItems`, not a one-item tuple (`prefixItems`) that strict ajv
 *   refuses to read as a list.
 * - A date (`Time.LocalDate`) is `format: "date"`, an instant (`Time.Instant`) `format:
 *   "date-time"`, when a fact happened (`Time.OccurredAt`) either; each with a `pattern`
 *   (`patterns`) that holds the calendar too — no 30 February, no 29 February outside a leap
 *   year, years 1900–2999 — because draft 2020-12 makes `format` an annotation that many
 *   validators do not check. An instant is written with its seconds, as RFC 3339's date-time
 *   is (`2025-03-08T09:30:00+08:00`): the domain also reads `09:30+08:00`, the schema asks for
 *   the standard form. They are found in the effect AST by their check (the `Time` filter).
 * - `Command` and `Event` (and the document) are told apart by `_tag` with a `discriminator`
 *   (OpenAPI's keyword, which ajv reads with its `discriminator` option): a validator that
 *   knows it checks only the branch the tag names, so a wrong field gives a few errors about
 *   that field, not some for every command. A validator that does not know it reads the same
 *   `oneOf`, with the same verdict and more errors.
 * - Titles and descriptions in Chinese and English (`SchemaLabels`): each command's says which
 *   roles may give it (`Domain.permissions`) and how it says when its fact happened
 *   (`Domain.times`); each event's its stored schema version and its personal data. Every field
 *   of every command and event (and of the structs and list items inside them) has its title
 *   too, and a description where it needs one (a date's or a time's says how to write it), so a
 *   form can be built from the document in either language.
 *
 * What JSON Schema has no keyword for is said under one annotation keyword of fulian's own,
 * `x-fulian` (`keyword`, its content `Annotation`): a command's tag, roles and time of the
 * fact; an event's tag and schema version; the titles in each language, of the definitions and
 * of their fields; and on each personal field (`Domain.personalFields`, DOMAIN.md §10) that it
 * is personal and, for an event, whose — the data subject's kind and how its id is made from
 * the event (`case:{caseId}`). One keyword rather than several, and not a standard one bent to
 * the purpose (`writeOnly`, `$comment` mean other things): a validator is told once to read it
 * as an annotation. It never changes a verdict. A strict ajv reads the document so (the
 * document's `$comment` says it too): `new Ajv2020({ strict: true, discriminator: true })`,
 * `addFormats(ajv)` (ajv-formats: `uuid`, `date`, `date-time`), `ajv.addVocabulary(["x-fulian"])`.
 * Validators that follow draft 2020-12 (unknown keywords are annotations) need nothing.
 *
 * Checks of the domain that JSON Schema does not state (an amount to the fen, rules between
 * fields) are left to the domain's decoder, the final authority.
 *
 * @since 0.1.0
 */
import { Schema, SchemaAST } from "effect"
import type { Role } from "@fulian/core/Actor"
import type { FactTime } from "@fulian/core/Decider"
import * as Domain from "@fulian/core/Domain"
import { tagsOf } from "@fulian/core/EventCodec"
import * as PersonalData from "@fulian/core/PersonalData"
import * as Time from "@fulian/core/Time"
import type { Locale } from "@fulian/reports/Labels"
import * as SchemaLabels from "./SchemaLabels.ts"

/** A JSON Schema, as plain JSON. */
export type JsonSchema = { readonly [key: string]: unknown }

/** The one annotation keyword of fulian's own in the document; its content is an `Annotation`. */
export const keyword = "x-fulian"

/**
 * What the `x-fulian` annotation says, wherever it appears. It only describes: a validator
 * reads it as an annotation and no verdict depends on it.
 */
export interface Annotation {
  /** On a command's definition: its `_tag`. */
  readonly command?: string
  /** On an event's definition: its `_tag`. */
  readonly event?: string
  /** On an event's definition: the schema version it is stored with (`schemaVersion`). */
  readonly schemaVersion?: number
  /** On a command's definition: the roles that may give it (§10). */
  readonly roles?: ReadonlyArray<Role>
  /**
   * On a command's definition: how it says when its fact happened — `"moment"`, `"day"`, or
   * the field of its own date (`{ field: "heldOn", optional?: true }`).
   */
  readonly factTime?: FactTime
  /**
   * On a command's or event's definition and on each of its fields: its title in each language,
   * and its description (a definition's always; a field's where it has one). The standard
   * `title` and `description` hold both languages, `"zh / en"` and `"zh\nen"`.
   */
  readonly labels?: { readonly [L in Locale]: { readonly title: string; readonly description?: string } }
  /**
   * On a field: it is personal data (个人信息). On an event's field, whose: `subject` the kind of
   * data subject (`household`, `case`, `party`, `person`, `meeting`, `training`, `donation`,
   * `relief`, `record`), and `subjectId` how the subject's id is made from the event
   * (`party:{caseId}:{partyId}`, the braces naming fields of the event or of the list element
   * that holds the value). A subject that depends on the event is given as it is when every
   * field is present (`PersonNominated.name`: `household:{householdId}`; without a household,
   * `person:{personId}`, as `docs/reference/json-schema.md` says). A command
   * is not stored as it is given: its personal fields say no subject, the events it records do
   * (its `reason`, kept in their metadata, is personal data of their stream's subject,
   * `PersonalData.reasonSubject`).
   */
  readonly personal?: { readonly subject?: string; readonly subjectId?: string }
}

// A date YYYY-MM-DD of years 1900–2999 that is on the calendar: 31, 30 or 28 days a month, and
// 29 February in a leap year (a multiple of 4 but not of 100, or of 400: 2000, 2400, 2800).
const DATE = "(?:(?:19|2\\d)\\d\\d-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))" +
  "|(?:(?:19|2\\d)(?:0[48]|[2468][048]|[13579][26])|2[048]00)-02-29)"
// A time of day with its seconds (RFC 3339), and its offset: Z, or at most ±14:59 (as `Time`).
const TIME = "(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?"
const OFFSET = "(?:Z|[+-](?:0\\d|1[0-4]):[0-5]\\d)"

/**
 * The patterns of a date and an instant: each accepts what the domain's `Time.isLocalDate` and
 * `Time.isInstant` accept (an instant with its seconds), and nothing else.
 */
export const patterns = {
  date: `^${DATE}$`,
  instant: `^${DATE}T${TIME}${OFFSET}$`
} as const

type TimeKind = "date" | "instant" | "occurredAt"

const both = (zh: string, en: string): string => `${zh} / ${en}`

/** How each kind of date and time is written, and its description (which each field of the kind gets, after its own). */
const timeSchemas: { readonly [K in TimeKind]: { readonly schema: JsonSchema; readonly description: SchemaLabels.Label } } = {
  date: {
    schema: { format: "date", pattern: patterns.date },
    description: {
      "zh-CN": "日期 YYYY-MM-DD，联合会日历中的一天（1900–2999 年）",
      en: "A date YYYY-MM-DD, a day of the federation's calendar (years 1900–2999)"
    }
  },
  instant: {
    schema: { format: "date-time", pattern: patterns.instant },
    description: {
      "zh-CN": "时刻，带秒和时差，如 2025-03-08T09:30:00+08:00",
      en: "A moment with its seconds and offset from UTC, such as 2025-03-08T09:30:00+08:00"
    }
  },
  occurredAt: {
    schema: { anyOf: [{ format: "date", pattern: patterns.date }, { format: "date-time", pattern: patterns.instant }] },
    description: {
      "zh-CN": "事实发生的时间：日期（2025-03-08）或带秒和时差的时刻（2025-03-08T09:30:00+08:00）",
      en: "When the fact happened: a date (2025-03-08) or a moment with its seconds and offset (2025-03-08T09:30:00+08:00)"
    }
  }
}

const filtersOf = (checks: ReadonlyArray<SchemaAST.Check<any>> | undefined): ReadonlyArray<SchemaAST.Filter<any>> =>
  (checks ?? []).flatMap((c) => (c._tag === "Filter" ? [c] : filtersOf(c.checks)))

// A field is a date, an instant or a time of the fact when it carries `Time`'s own check: its
// filter's function (an annotated copy of the check keeps it).
const timeChecks = new Map<unknown, TimeKind>([
  ...filtersOf(Time.LocalDate.ast.checks).map((f) => [f.run, "date"] as const),
  ...filtersOf(Time.Instant.ast.checks).map((f) => [f.run, "instant"] as const),
  ...filtersOf(Time.OccurredAt.ast.checks).map((f) => [f.run, "occurredAt"] as const)
])

const timeKindOf = (ast: SchemaAST.AST): TimeKind | undefined =>
  filtersOf(ast.checks).map((f) => timeChecks.get(f.run)).find((kind) => kind !== undefined)

const placesOf = PersonalData.placesOf

type Mutable = Record<string, unknown>

/**
 * The typed JSON Schemas at a path of a JSON Schema (through `properties`, `items` for `*`, and
 * every branch of `anyOf`/`oneOf`/`allOf`), to annotate in place. A path that reaches none is
 * a defect: the generated schema no longer has the shape its effect schema has.
 */
const nodesAt = (root: Mutable, path: ReadonlyArray<string>, where: string): ReadonlyArray<Mutable> => {
  const found: Array<Mutable> = []
  const visit = (node: unknown, rest: ReadonlyArray<string>): void => {
    if (typeof node !== "object" || node === null) return
    const n = node as Mutable
    if ("$ref" in n) throw new Error(`${where}: ${path.join(".")} is a $ref, which the document does not expect`)
    for (const key of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(n[key])) for (const b of n[key]) visit(b, rest)
    if (rest.length === 0) return void ("type" in n && found.push(n))
    const [head, ...tail] = rest
    if (head === "*") {
      visit(n.items, tail)
      if (Array.isArray(n.prefixItems)) for (const item of n.prefixItems) visit(item, tail)
      if (n.type === "object") visit(n.additionalProperties, tail)
    } else visit((n.properties as Mutable | undefined)?.[head!], tail)
  }
  visit(root, path)
  if (found.length === 0) throw new Error(`${where}: no JSON Schema at ${path.join(".")}`)
  return found
}

const isNull = (s: unknown): boolean =>
  typeof s === "object" && s !== null && (s as JsonSchema).type === "null" && Object.keys(s).length === 1

/**
 * A generated schema made to say what the decoder accepts, and readable by a strict validator,
 * throughout: the `null` alternative the JSON codec gives optional properties is dropped
 * (`anyOf: [T, null]` becomes `T`), and a list of at least one item, generated as a one-item
 * tuple followed by more of the same (`prefixItems: [T], items: T`), becomes `items: T`, its
 * `minItems` kept.
 */
const normalized = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(normalized)
  if (typeof schema !== "object" || schema === null) return schema
  const out: Mutable = {}
  for (const [key, value] of Object.entries(schema)) out[key] = normalized(value)
  const properties = out.properties as Mutable | undefined
  if (properties !== undefined) {
    const required = new Set((out.required as ReadonlyArray<string> | undefined) ?? [])
    for (const [name, property] of Object.entries(properties)) {
      if (required.has(name)) continue
      const anyOf = (property as JsonSchema).anyOf
      if (Array.isArray(anyOf) && anyOf.some(isNull)) {
        const rest = anyOf.filter((a) => !isNull(a))
        const { anyOf: _, ...others } = property as JsonSchema
        properties[name] = rest.length === 1 ? { ...others, ...(rest[0] as JsonSchema) } : { ...others, anyOf: rest }
      }
    }
  }
  const prefixItems = out.prefixItems
  if (Array.isArray(prefixItems) && prefixItems.every((p) => JSON.stringify(p) === JSON.stringify(out.items))) {
    delete out.prefixItems
  }
  return out
}

/** The tagged structs of a union of unions, each with its tag. */
const membersOf = (schema: Schema.Top): ReadonlyArray<readonly [string, Schema.Top]> => {
  const found: Array<readonly [string, Schema.Top]> = []
  const walk = (s: Schema.Top): void => {
    if ("members" in s && Array.isArray(s.members)) (s.members as ReadonlyArray<Schema.Top>).forEach(walk)
    else for (const tag of tagsOf(s)) found.push([tag, s])
  }
  walk(schema)
  return found
}

// A proxy object whose every field reads as `{field}`: given to a subject function as the
// event and the holder of the value, it writes the subject's id with the fields it is made of.
const placeholders = new Proxy({}, { get: (_, key) => (typeof key === "string" ? `{${key}}` : undefined) }) as Readonly<Record<string, unknown>>

const personalOf = (field: PersonalData.Field): NonNullable<Annotation["personal"]> => {
  if (field.subject === undefined) return {}
  const subjectId = field.subject(placeholders, placeholders)
  return { subject: subjectId.split(":")[0]!, subjectId }
}

const annotate = (node: Mutable, annotation: Annotation): void => {
  node[keyword] = { ...(node[keyword] as Annotation | undefined), ...annotation }
}

/** A command's or event's title and description in each language: the standard keywords hold both, `x-fulian` each apart. */
interface Labelled {
  readonly title: string
  readonly description: string
  readonly labels: NonNullable<Annotation["labels"]>
}

const labelled = (title: SchemaLabels.Label, description: SchemaLabels.Label): Labelled => ({
  title: both(title["zh-CN"], title.en),
  description: `${description["zh-CN"]}\n${description.en}`,
  labels: {
    "zh-CN": { title: title["zh-CN"], description: description["zh-CN"] },
    en: { title: title.en, description: description.en }
  }
})

const personalText = (fields: ReadonlyArray<PersonalData.Field>): SchemaLabels.Label => {
  if (fields.length === 0) return { "zh-CN": "不含个人信息。", en: "It holds no personal data." }
  const list = fields.map((f) => {
    const personal = personalOf(f)
    return `${f.path.join(".")}${personal.subject === undefined ? "" : ` (${personal.subject})`}`
  })
  return { "zh-CN": `个人信息：${list.join("、")}。`, en: `Personal data: ${list.join(", ")}.` }
}

const commandText = (tag: Domain.Command["_tag"]): SchemaLabels.Label => {
  const title = SchemaLabels.commands[tag]
  const roles = SchemaLabels.rolesOf(Domain.permissions[tag])
  const when = SchemaLabels.factTime(Domain.times[tag])
  return {
    "zh-CN": `${title["zh-CN"]}（命令 ${tag}）。可下达的角色：${roles["zh-CN"]}。事实发生的时间：${when["zh-CN"]}。`,
    en: `${title.en} (the command ${tag}). Roles that may give it: ${roles.en}. When its fact happened: ${when.en}.`
  }
}

const eventText = (tag: Domain.Event["_tag"]): SchemaLabels.Label => {
  const title = SchemaLabels.events[tag]
  const version = Domain.codec.versionOf(tag)
  const personal = personalText(Domain.personalFields.get(tag) ?? [])
  return {
    "zh-CN": `${title["zh-CN"]}（事件 ${tag}）。存储为 { type: "${tag}", schemaVersion: ${version}, data: 其余字段 }。${personal["zh-CN"]}`,
    en: `${title.en} (the event ${tag}). Stored as { type: "${tag}", schemaVersion: ${version}, data: the other fields }. ${personal.en}`
  }
}

/** A text in each language as one description: Chinese, then English on the next line. */
const twoLines = (label: SchemaLabels.Label): string => `${label["zh-CN"]}\n${label.en}`

/**
 * Titles every field of a command's or event's schema, in place, at any depth (the fields of
 * its structs and of its lists' items): `title` and, where it has one, `description` in both
 * languages, and each language apart under `x-fulian`'s `labels`. A field of a date or time
 * keeps the description of its kind (`described`), after its own. A field no label names is
 * left untitled; a test keeps there being none.
 */
const labelFields = (
  json: Mutable,
  tag: Domain.Command["_tag"] | Domain.Event["_tag"],
  described: ReadonlyMap<Mutable, SchemaLabels.Label>
): void => {
  const visit = (node: unknown, path: ReadonlyArray<string>): void => {
    if (typeof node !== "object" || node === null) return
    const n = node as Mutable
    for (const key of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(n[key])) for (const b of n[key]) visit(b, path)
    visit(n.items, [...path, "*"])
    if (Array.isArray(n.prefixItems)) for (const item of n.prefixItems) visit(item, [...path, "*"])
    for (const [name, property] of Object.entries((n.properties ?? {}) as Record<string, Mutable>)) {
      const at = [...path, name]
      visit(property, at)
      const label = SchemaLabels.fieldLabel(tag, at)
      if (label === undefined) continue
      const parts = [label.description, described.get(property)].filter((d) => d !== undefined)
      const description = parts.length === 0
        ? undefined
        : { "zh-CN": parts.map((d) => d["zh-CN"]).join(""), en: parts.map((d) => d.en).join(" ") }
      const { title: _, description: __, ...rest } = property
      for (const key of Object.keys(property)) delete property[key]
      Object.assign(property, {
        title: both(label.title["zh-CN"], label.title.en),
        ...(description === undefined ? {} : { description: twoLines(description) }),
        ...rest
      })
      annotate(property, {
        labels: {
          "zh-CN": { title: label.title["zh-CN"], ...(description === undefined ? {} : { description: description["zh-CN"] }) },
          en: { title: label.title.en, ...(description === undefined ? {} : { description: description.en }) }
        }
      })
    }
  }
  visit(json, [])
}

const ref = (name: string) => ({ $ref: `#/$defs/${name}` })

/** A `oneOf` over definitions, told apart by `_tag`. */
const byTag = (names: ReadonlyArray<string>) => ({
  type: "object",
  discriminator: { propertyName: "_tag" },
  oneOf: names.map(ref)
})


/** The JSON Schema document of every command and event of the domain. */
export const document = (): JsonSchema => {
  const defs: Record<string, unknown> = {}
  const define = (name: string, schema: unknown) => {
    if (name in defs && JSON.stringify(defs[name]) !== JSON.stringify(schema)) {
      throw new Error(`two different JSON Schemas are named ${name}`)
    }
    defs[name] = schema
  }
  const add = (
    kind: "command" | "event",
    tag: string,
    schema: Schema.Top,
    personal: ReadonlyArray<readonly [ReadonlyArray<string>, NonNullable<Annotation["personal"]>]>,
    { title, description, labels }: Labelled,
    annotation: Annotation
  ): string => {
    const name = `${kind}.${tag}`
    const generated = Schema.toJsonSchemaDocument(schema, { onExcessProperty: kind === "command" ? "error" : "ignore" })
    for (const [definition, json] of Object.entries(generated.definitions)) define(definition, normalized(json))
    const json = normalized(generated.schema) as Mutable
    const described = new Map<Mutable, SchemaLabels.Label>()
    for (const { path, value } of placesOf(schema, timeKindOf)) {
      for (const node of nodesAt(json, path, name)) {
        if (node.type !== "string") throw new Error(`${name}: ${path.join(".")} is a date or time but not a string`)
        Object.assign(node, structuredClone(timeSchemas[value].schema), { description: twoLines(timeSchemas[value].description) })
        described.set(node, timeSchemas[value].description)
      }
    }
    for (const [path, value] of personal) for (const node of nodesAt(json, path, name)) annotate(node, { personal: value })
    labelFields(json, tag as Domain.Command["_tag"] | Domain.Event["_tag"], described)
    define(name, { title, description, ...json, [keyword]: { ...annotation, labels } satisfies Annotation })
    return name
  }
  const commands = membersOf(Domain.Command).map(([tag, schema]) => {
    const t = tag as Domain.Command["_tag"]
    // The reason is no field of any event: it is kept in the metadata of the events the
    // command records, where the store keeps it as personal data (`PersonalData.reasonSubject`).
    const personal = [...PersonalData.fields(schema).map((f) => [f.path, personalOf(f)] as const), [["reason"], {}] as const]
    return add("command", tag, schema, personal, labelled(SchemaLabels.commands[t], commandText(t)), {
      command: tag,
      roles: Domain.permissions[t],
      factTime: Domain.times[t]
    })
  })
  const events = membersOf(Domain.Event).map(([tag, schema]) => {
    const t = tag as Domain.Event["_tag"]
    const personal = (Domain.personalFields.get(tag) ?? []).map((f) => [f.path, personalOf(f)] as const)
    return add("event", tag, schema, personal, labelled(SchemaLabels.events[t], eventText(t)), {
      event: tag,
      schemaVersion: Domain.codec.versionOf(tag)
    })
  })
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $comment: "Generated by `fulian schema` from the domain's schemas. `x-fulian` is fulian's one annotation keyword (a command's roles and time of the fact, an event's schema version, titles in zh-CN and en, personal data and its subject); it never changes a verdict. `discriminator` (OpenAPI's) tells the `oneOf` branches apart by `_tag`. Formats: uuid, date, date-time; every date and time also has a pattern. Strict ajv reads it with new Ajv2020({ strict: true, discriminator: true }), addFormats(ajv) (ajv-formats) and ajv.addVocabulary([\"x-fulian\"]); a validator that follows draft 2020-12 needs nothing more.",
    title: both("fulian：命令与事件", "fulian: commands and events"),
    description:
      "社区妇联的每一条命令（以一行 JSON 交给 `fulian exec`）和它记录的每一个事件，以 `_tag` 区分。\nEvery command fulian accepts (give one as a JSON line to `fulian exec`) and every event it records, told apart by `_tag`.",
    ...byTag([...commands, ...events]),
    $defs: {
      Command: { title: both("命令", "Command"), description: "社区妇联的一条命令。\nA command of the domain.", ...byTag(commands) },
      Event: {
        title: both("事件", "Event"),
        description: "一个事件及其 `_tag`；存储为 { type: _tag, schemaVersion, data: 其余字段 }。\nAn event of the domain, with its `_tag`; stored as { type: _tag, schemaVersion, data: the other fields }.",
        ...byTag(events)
      },
      ...defs
    }
  }
}

/** The `_tag` of every command and every event, as the document defines them. */
export const tags = (): { readonly commands: ReadonlyArray<string>; readonly events: ReadonlyArray<string> } => ({
  commands: membersOf(Domain.Command).map(([tag]) => tag),
  events: membersOf(Domain.Event).map(([tag]) => tag)
})
