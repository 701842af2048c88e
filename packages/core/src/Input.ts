/**
 * The building blocks of command fields: what a command from outside (a web form, a line of a
 * JSON-lines file, another program) may carry, and how much of it. Every command schema of the
 * domain is built from them, so that one rule holds for every field of its kind:
 *
 * | block | accepts | at most |
 * | --- | --- | --- |
 * | `Id` | an identifier: not blank, no space at either end, no control character | 128 characters |
 * | `PersonId` | a person's identifier, as `Id` | 128 characters |
 * | `Name` | a person's or an organization's name: not blank | 100 characters |
 * | `Title` | a title or topic (of an activity, a campaign, a meeting, a criterion): not blank | 200 characters |
 * | `Line` | an address or a way to reach someone: not blank | 200 characters |
 * | `Text` | a reason, a note, a decision, a result: not blank | 2,000 characters |
 * | `Narrative` | a case narrative, an investigation's findings, minutes: not blank | 10,000 characters |
 * | `Document` | a congress's work report or work plan: not blank | 20,000 characters |
 * | `List(item, max)` | a list of at most `max` items | as each field says |
 *
 * "Blank" is empty or only whitespace (spaces, tabs, line breaks, the ideographic space
 * U+3000). Characters are Unicode code points: a Chinese character counts one. A field too
 * long, blank or malformed is refused with `InvalidCommand`, whose problem names the field and
 * the limit (`{ path: "reason", message: "at most 2000 characters" }`). The limits of every
 * field of every command are listed in docs/reference/domain.md, generated from these schemas.
 *
 * Events keep their own, looser schemas: they are a storage format, and an event stored
 * before a limit was set must still be read. The limits hold for new commands only.
 *
 * @since 0.1.0
 */
import { Schema, SchemaAST } from "effect"
import { years } from "./Time.ts"

/** The size limits of command fields, in characters (Unicode code points). */
export const limits = {
  id: 128,
  name: 100,
  title: 200,
  line: 200,
  text: 2_000,
  narrative: 10_000,
  document: 20_000
} as const

/** The annotation key under which a field's kind and limit are recorded (see `fieldOf`). */
export const annotationKey = "fulian/input"

/** What kind of field a schema is, and its limit: characters for text, items for a list. */
export interface Field {
  readonly kind: "id" | "person" | "name" | "title" | "line" | "text" | "narrative" | "document" | "list"
  readonly limit: number
  /** True when a text may be empty or blank (a visit's notes). */
  readonly blankAllowed?: boolean
}

/** The kind and limit of a field built from these blocks, or `undefined` for any other schema. */
export const fieldOf = (ast: SchemaAST.AST): Field | undefined => SchemaAST.resolve(ast)?.[annotationKey] as Field | undefined

const BLANK_MESSAGE = "must not be blank"

const notBlank = Schema.makeFilter((s: string) => /\S/.test(s) || BLANK_MESSAGE, {
  expected: "a text that is not blank",
  toJsonSchema: () => ({ pattern: "\\S" })
})

const CONTROL = /[\u0000-\u001f\u007f]/

const isIdText = (s: string): true | string =>
  !/\S/.test(s)
    ? BLANK_MESSAGE
    : /^\s|\s$/.test(s)
    ? "must not begin or end with a space or a line break"
    : CONTROL.test(s)
    ? "must not contain a control character (a line break, a tab, …)"
    : true

const idText = Schema.makeFilter(isIdText, {
  expected: "an id: not blank, no space at either end, no control character",
  toJsonSchema: () => ({ pattern: "^[^\\s\\u0000-\\u001f\\u007f](?:[^\\u0000-\\u001f\\u007f]*[^\\s\\u0000-\\u001f\\u007f])?$" })
})

// The length check comes last: it carries the field's annotation, where `personal` adds its own.
const atMost = (field: Field) =>
  Schema.isMaxCodePoints(field.limit, { message: `at most ${field.limit} characters`, [annotationKey]: field })

const identifier = (kind: "id" | "person") => Schema.String.check(idText, atMost({ kind, limit: limits.id }))

const text = (kind: Exclude<Field["kind"], "id" | "person" | "list">, limit: number) =>
  Schema.String.check(notBlank, atMost({ kind, limit }))

/** An identifier of an organization, household, case, meeting, term, … (at most 128 characters). */
export const Id = identifier("id")

/** A person's identifier: an actor, a committee member, a decision's owner (at most 128 characters). */
export const PersonId = identifier("person")

/** A person's or an organization's name (at most 100 characters). */
export const Name = text("name", limits.name)

/** A title or topic: of an activity, a campaign, a meeting, a criterion (at most 200 characters). */
export const Title = text("title", limits.title)

/** An address, or a way to reach someone (a telephone number, …) (at most 200 characters). */
export const Line = text("line", limits.line)

/** A reason, a note, a decision's text, a result, a purpose (at most 2,000 characters). */
export const Text = text("text", limits.text)

/** A free text that may be left empty or blank, as a visit's notes (at most 2,000 characters). */
export const TextOrEmpty = Schema.String.check(atMost({ kind: "text", limit: limits.text, blankAllowed: true }))

/** A case narrative, an investigation's findings, a meeting's minutes (at most 10,000 characters). */
export const Narrative = text("narrative", limits.narrative)

/** A congress's report of the year's work or plan for the next (at most 20,000 characters). */
export const Document = text("document", limits.document)

const atMostItems = (limit: number) =>
  Schema.isMaxLength(limit, { message: `at most ${limit} items`, [annotationKey]: { kind: "list", limit } satisfies Field })

/**
 * A list of at most `max` items. A longer list is refused before its items are read
 * (`oversizedLists`), so a list of a million items costs no more than one of `max + 1`.
 */
export const List = <S extends Schema.Top>(item: S, max: number) => Schema.Array(item).check(atMostItems(max))

/** A list of at least one and at most `max` items (as `List`). */
export const NonEmptyList = <S extends Schema.Top>(item: S, max: number) => Schema.NonEmptyArray(item).check(atMostItems(max))

/**
 * A year of the federation's work (a campaign's, an assessment's): from 1949, the year the
 * federation was founded, to the last year a date may have (`Time.years.last`).
 */
export const Year = Schema.Int.check(Schema.isBetween({ minimum: 1949, maximum: years.last }))

/** One problem found by `oversizedLists`: the list's path and its limit. */
export interface OversizedList {
  readonly path: string
  readonly message: string
}

/**
 * The lists of an input that are longer than its schema allows, found without decoding their
 * items. Schema checks a list's length only after every item, and a hostile list of a million
 * bad items would cost seconds and a million problems; this looks at lengths first.
 */
export const oversizedLists = (schema: Schema.Top, input: unknown): ReadonlyArray<OversizedList> => {
  const found = new Map<string, OversizedList>()
  const walk = (ast: SchemaAST.AST, value: unknown, path: ReadonlyArray<string | number>): void => {
    switch (ast._tag) {
      case "Objects":
        if (typeof value !== "object" || value === null || Array.isArray(value)) return
        for (const p of ast.propertySignatures) {
          if (Object.hasOwn(value, p.name)) walk(p.type, (value as Record<PropertyKey, unknown>)[p.name], [...path, String(p.name)])
        }
        return
      case "Arrays": {
        if (!Array.isArray(value)) return
        const field = fieldOf(ast)
        if (field?.kind === "list" && value.length > field.limit) {
          const at = path.join(".")
          found.set(at, { path: at, message: `at most ${field.limit} items` })
          return
        }
        value.forEach((item, i) => {
          const element = ast.elements[i] ?? ast.rest[0]
          if (element !== undefined) walk(element, item, [...path, i])
        })
        return
      }
      case "Union":
        for (const member of ast.types) walk(member, value, path)
        return
      case "Suspend":
        return walk(ast.thunk(), value, path)
      default:
        return
    }
  }
  walk(schema.ast, input, [])
  return [...found.values()]
}
