/**
 * The building blocks of command fields: what a command from outside (a web form, a line of a
 * JSON-lines file, another program) may carry, and how much of it. Every command schema of the
 * domain is built from them, so that one rule holds for every field of its kind (`kinds`):
 * ids and persons (`Id`, `PersonId`), names, titles, lines, texts, narratives and documents,
 * each with its most characters, and lists (`List`) with their most items.
 *
 * "Blank" is empty or only whitespace (spaces, tabs, line breaks, the ideographic space
 * U+3000). Characters are Unicode code points: a Chinese character counts one. A field too
 * long, blank or malformed is refused with `InvalidCommand`, whose problem names the field and
 * the limit (`{ path: "reason", message: "at most 2000 characters" }`). Every field of every
 * command, with its kind and limit, is listed in docs/reference/domain.md, generated from these
 * schemas.
 *
 * Events keep their own, looser schemas: they are a storage format, and an event stored
 * before a limit was set must still be read. The limits hold for new commands only.
 *
 * @since 0.1.0
 */
import { Schema, SchemaAST } from "effect"
import { years } from "./Time.ts"

/**
 * Each kind of text field: the block that builds it, what it accepts, and its most characters
 * (Unicode code points).
 */
export const kinds = {
  id: {
    block: "Id",
    accepts: "an identifier (of an organization, household, case, meeting, term, report, …): not blank, no space or line break at either end, no control character",
    limit: 128
  },
  person: {
    block: "PersonId",
    accepts: "a person's identifier (the actor, a committee member, a representative, a volunteer, a decision's owner, an attendee), as an id",
    limit: 128
  },
  name: { block: "Name", accepts: "a person's or an organization's name: not blank", limit: 100 },
  title: { block: "Title", accepts: "a title or topic (of an activity, a campaign, a meeting, a criterion), a congress session: not blank", limit: 200 },
  line: { block: "Line", accepts: "an address, or a way to reach someone: not blank", limit: 200 },
  text: {
    block: "Text",
    accepts: "a reason, a note, a decision's text, a purpose, a summary: not blank (`TextOrEmpty`: a visit's notes, which may be left empty)",
    limit: 2_000
  },
  narrative: {
    block: "Narrative",
    accepts: "a case narrative, an investigation's findings and opinion, a mediation's notes, a result reported, a meeting's minutes: not blank",
    limit: 10_000
  },
  document: { block: "Document", accepts: "a congress's report of the year's work or plan for the next: not blank", limit: 20_000 }
} as const

/** The annotation key under which a field's kind and limit are recorded (see `fieldOf`). */
export const annotationKey = "fulian/input"

/** What kind of field a schema is, and its limit: characters for text, items for a list. */
export interface Field {
  readonly kind: keyof typeof kinds | "list"
  readonly limit: number
  /** True when a text may be empty or blank (a visit's notes). */
  readonly blankAllowed?: boolean
}

/** The kind and limit of a field built from these blocks, or `undefined` for any other schema. */
export const fieldOf = (ast: SchemaAST.AST): Field | undefined => SchemaAST.resolve(ast)?.[annotationKey] as Field | undefined

const BLANK_MESSAGE = "must not be blank"

// A text with more than twice its limit in UTF-16 units is over it whatever it holds: only the
// length is reported, and a hostile 10 MB text is not scanned whole by the other checks.
const farOver = (s: string, limit: number): boolean => s.length > 2 * limit

const notBlank = (limit: number) =>
  Schema.makeFilter((s: string) => farOver(s, limit) || /\S/.test(s) || BLANK_MESSAGE, {
    expected: "a text that is not blank",
    toJsonSchema: () => ({ pattern: "\\S" })
  })

const CONTROL = /[\u0000-\u001f\u007f]/
const SPACE = /\s/

const isIdText = (limit: number) => (s: string): true | string =>
  farOver(s, limit)
    ? true
    : !/\S/.test(s)
    ? BLANK_MESSAGE
    : SPACE.test(s[0]!) || SPACE.test(s[s.length - 1]!)
    ? "must not begin or end with a space or a line break"
    : CONTROL.test(s)
    ? "must not contain a control character (a line break, a tab, …)"
    : true

const idText = (limit: number) =>
  Schema.makeFilter(isIdText(limit), {
    expected: "an id: not blank, no space or line break at either end, no control character",
    toJsonSchema: () => ({ pattern: "^[^\\s\\u0000-\\u001f\\u007f](?:[^\\u0000-\\u001f\\u007f]*[^\\s\\u0000-\\u001f\\u007f])?$" })
  })

// The length check comes last: it carries the field's annotation, where `personal` adds its own.
const atMost = (field: Field) =>
  Schema.isMaxCodePoints(field.limit, { message: `at most ${field.limit} characters`, [annotationKey]: field })

const identifier = (kind: "id" | "person") => Schema.String.check(idText(kinds[kind].limit), atMost({ kind, limit: kinds[kind].limit }))

const text = (kind: Exclude<keyof typeof kinds, "id" | "person">) =>
  Schema.String.check(notBlank(kinds[kind].limit), atMost({ kind, limit: kinds[kind].limit }))

/** An identifier of an organization, household, case, meeting, term, … (`kinds.id`). */
export const Id = identifier("id")

/** A person's identifier: an actor, a committee member, a decision's owner (`kinds.person`). */
export const PersonId = identifier("person")

/** A person's or an organization's name (`kinds.name`). */
export const Name = text("name")

/** A title or topic: of an activity, a campaign, a meeting, a criterion; a congress session (`kinds.title`). */
export const Title = text("title")

/** An address, or a way to reach someone (a telephone number, …) (`kinds.line`). */
export const Line = text("line")

/** A reason, a note, a decision's text, a purpose, a summary (`kinds.text`). */
export const Text = text("text")

/** A free text that may be left empty or blank, as a visit's notes (`kinds.text`). */
export const TextOrEmpty = Schema.String.check(atMost({ kind: "text", limit: kinds.text.limit, blankAllowed: true }))

/** A case narrative, an investigation's findings, a meeting's minutes (`kinds.narrative`). */
export const Narrative = text("narrative")

/** A congress's report of the year's work or plan for the next (`kinds.document`). */
export const Document = text("document")

const atMostItems = (limit: number) =>
  Schema.isMaxLength(limit, { message: `at most ${limit} items`, [annotationKey]: { kind: "list", limit } satisfies Field })

/**
 * A list of at most `max` items. A longer list is refused before its items are read
 * (`oversized`), so a list of a million items costs no more than one of `max + 1`.
 */
export const List = <S extends Schema.Top>(item: S, max: number) => Schema.Array(item).check(atMostItems(max))

/** A list of at least one and at most `max` items (as `List`). */
export const NonEmptyList = <S extends Schema.Top>(item: S, max: number) => Schema.NonEmptyArray(item).check(atMostItems(max))

/**
 * A year of the federation's work (a campaign's, an assessment's): from 1949, the year the
 * federation was founded, to the last year a date may have (`Time.years.last`).
 */
export const Year = Schema.Int.check(Schema.isBetween({ minimum: 1949, maximum: years.last }))

/** One problem found by `oversized`: the path of a list or object too large, and its limit. */
export interface Oversized {
  readonly path: string
  readonly message: string
}

/**
 * More fields than an object of the schema has, and the object is refused as a whole: past this
 * many excess properties, naming each one would cost more than it tells.
 */
const EXCESS_NAMED = 10

/**
 * The lists and objects of an input larger than its schema allows, found without decoding
 * them: a list longer than its limit (`List`), and an object with more than a few fields its
 * schema does not have. Schema checks a list's length only after every item, and names every
 * excess property: a hostile list of a million items, or an object of fifty thousand fields,
 * would cost seconds and as many problems. This looks at sizes first.
 */
export const oversized = (schema: Schema.Top, input: unknown): ReadonlyArray<Oversized> => {
  const found = new Map<string, Oversized>()
  const refuse = (path: ReadonlyArray<string | number>, message: string) => {
    const at = path.join(".")
    found.set(at, { path: at, message })
  }
  const walk = (ast: SchemaAST.AST, value: unknown, path: ReadonlyArray<string | number>): void => {
    switch (ast._tag) {
      case "Objects": {
        if (typeof value !== "object" || value === null || Array.isArray(value)) return
        const fields = Object.keys(value).length
        if (ast.indexSignatures.length === 0 && fields > ast.propertySignatures.length + EXCESS_NAMED) {
          return refuse(path, `at most ${ast.propertySignatures.length} fields, not ${fields}`)
        }
        for (const p of ast.propertySignatures) {
          if (Object.hasOwn(value, p.name)) walk(p.type, (value as Record<PropertyKey, unknown>)[p.name], [...path, String(p.name)])
        }
        return
      }
      case "Arrays": {
        if (!Array.isArray(value)) return
        const field = fieldOf(ast)
        if (field?.kind === "list" && value.length > field.limit) return refuse(path, `at most ${field.limit} items`)
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
