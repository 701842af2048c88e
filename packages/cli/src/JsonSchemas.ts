/**
 * `fulian schema`: the JSON Schema (draft 2020-12) of every command and every event of the
 * domain, for programs in other languages and for forms that build commands.
 *
 * One document: `$defs` holds each command as `command.<Tag>` and each event as `event.<Tag>`,
 * and `Command` and `Event` (a `oneOf` over them, told apart by `_tag`); the document itself
 * accepts either. Each event's definition also says its stored schema version
 * (`x-schemaVersion`): the store keeps an event as `{ type: _tag, schemaVersion, data }`, the
 * data being its other fields.
 *
 * The schemas come from the domain's own `effect/Schema` definitions
 * (`Schema.toJsonSchemaDocument`), so they cannot drift from what `exec` accepts. Two
 * adjustments make them say exactly that: a command accepts no property it does not define
 * (`decodeCommand` refuses excess properties), and an optional field is left out rather than
 * given as `null` (the JSON codec's `null` for a missing value is not accepted by `decodeCommand`).
 * The rules of input (`Input`) are stated too: a text that is not blank and an id with no space
 * at either end as a `pattern`, the most characters of a text as `maxLength` (code points, as
 * `decodeCommand` counts them), the most items of a list as `maxItems`. Checks of the domain
 * that JSON Schema does not state (a real calendar date `YYYY-MM-DD`, an ISO 8601 instant, an
 * amount to the fen) are left to the domain's decoder, the final authority.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Domain from "@fulian/core/Domain"
import { tagsOf } from "@fulian/core/EventCodec"

/** A JSON Schema, as plain JSON. */
export type JsonSchema = { readonly [key: string]: unknown }

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

const isNull = (s: unknown): boolean =>
  typeof s === "object" && s !== null && (s as JsonSchema).type === "null" && Object.keys(s).length === 1

/**
 * Drops the `null` alternative the JSON codec gives optional properties (`anyOf: [T, null]`
 * becomes `T`), throughout a schema.
 */
const withoutNullForOptional = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(withoutNullForOptional)
  if (typeof schema !== "object" || schema === null) return schema
  const s = schema as JsonSchema
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(s)) out[key] = withoutNullForOptional(value)
  const properties = out.properties as Record<string, unknown> | undefined
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
  return out
}

const ref = (name: string) => ({ $ref: `#/$defs/${name}` })

/** The JSON Schema document of every command and event of the domain. */
export const document = (): JsonSchema => {
  const defs: Record<string, unknown> = {}
  const define = (name: string, schema: unknown) => {
    if (name in defs && JSON.stringify(defs[name]) !== JSON.stringify(schema)) {
      throw new Error(`two different JSON Schemas are named ${name}`)
    }
    defs[name] = schema
  }
  const add = (kind: "command" | "event", tag: string, schema: Schema.Top, extra: JsonSchema = {}): string => {
    const generated = Schema.toJsonSchemaDocument(schema, {
      onExcessProperty: kind === "command" ? "error" : "ignore"
    })
    for (const [name, definition] of Object.entries(generated.definitions)) define(name, withoutNullForOptional(definition))
    const name = `${kind}.${tag}`
    define(name, { title: tag, ...(withoutNullForOptional(generated.schema) as JsonSchema), ...extra })
    return name
  }
  const commands = membersOf(Domain.Command).map(([tag, schema]) => add("command", tag, schema))
  const events = membersOf(Domain.Event).map(([tag, schema]) =>
    add("event", tag, schema, { "x-schemaVersion": Domain.codec.versionOf(tag) })
  )
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "fulian: commands and events",
    description:
      "Every command fulian accepts (give one as a JSON line to `fulian exec`) and every event it records. Commands and events are told apart by `_tag`.",
    anyOf: [ref("Command"), ref("Event")],
    $defs: {
      Command: { description: "A command of the domain.", oneOf: commands.map(ref) },
      Event: { description: "An event of the domain, with its `_tag`; stored as { type: _tag, schemaVersion, data: the other fields }.", oneOf: events.map(ref) },
      ...defs
    }
  }
}

/** The `_tag` of every command and every event, as the document defines them. */
export const tags = (): { readonly commands: ReadonlyArray<string>; readonly events: ReadonlyArray<string> } => ({
  commands: membersOf(Domain.Command).map(([tag]) => tag),
  events: membersOf(Domain.Event).map(([tag]) => tag)
})
