/**
 * Personal data (个人信息): names, addresses, case narratives, visit notes, free-text reasons.
 * Each such field is marked in the schemas with `personal`, and, in the events, with whose it
 * is — its data subject (`SubjectOf`) — so that the personal data of one subject can be found,
 * encrypted with the subject's own key and erased, from the schemas alone, without changing
 * stored events (DOMAIN.md §10 Privacy). The core declares what is personal and whose; it does
 * no cryptography (see `@fulian/privacy`).
 *
 * Subjects are strings naming what the data is about, from the event itself:
 *
 * | subject | what it covers |
 * | --- | --- |
 * | `household:{householdId}` | a household's head, address, and the notes of visits to it; the name of a person nominated for a title with her household |
 * | `party:{caseId}:{partyId}` | a party to a case: name, contact |
 * | `case:{caseId}` | a case's narrative, address, findings, sessions, results, summaries (of an information report too) and notes |
 * | `person:{personId}` | a committee member's, representative's, volunteer's, mediator's or auditor's name, a volunteer's service descriptions; the name of a person nominated for a title without a household |
 * | `meeting:{meetingId}` | a meeting's minutes and notes |
 * | `training:{organizationId}/{trainingId}` | a training's trainer (the organization's id escaped, as in its stream) |
 * | `donation:{donationId}`, `relief:{reliefId}` | a donor, a recipient |
 * | `record:{stream}` | the free-text reasons of a stream's records (of a case, household, meeting or training: its subject; of an activity, donation or relief: `record:activities-{organizationId}`); among them `record:places-{organizationId}`, `record:reception-{organizationId}`, `record:work-plan-{organizationId}` |
 *
 * @since 0.1.0
 */
import { Schema, SchemaAST } from "effect"
import * as RecordIds from "./internal/RecordIds.ts"

/** The annotation key that marks a field as personal data. */
export const annotationKey = "fulian/personalData"

/**
 * Whose a personal field is: its subject, from the event (as stored) and the object that
 * holds the field (the event itself, or an element of one of its lists, such as a party).
 */
export type SubjectOf = (event: Readonly<Record<string, unknown>>, holder: Readonly<Record<string, unknown>>) => string

/** What erased personal data reads as, everywhere: the text that stands in for it. */
export const erased = "[已删除]"

/**
 * Marks a schema's values as personal data, and, for a field of an event, whose: `subject`
 * gives the subject's id from the event (see the module's table). Commands mark personal
 * fields without a subject: they are not stored.
 */
export const personal = <S extends Schema.Top>(schema: S, subject?: SubjectOf): S["Rebuild"] =>
  schema.annotate({ [annotationKey]: subject ?? true } as Schema.Annotations.Bottom<S["Type"], S["~type.parameters"]>)

/** The subject functions of the common kinds, for `personal`. */
export const subjects = {
  /** A household, by the event's `householdId`. */
  household: ((event) => `household:${String(event.householdId)}`) satisfies SubjectOf,
  /** A case, by the event's `caseId`. */
  case: ((event) => `case:${String(event.caseId)}`) satisfies SubjectOf,
  /** A party to a case: the event's `caseId` and the party's `partyId`. */
  party: ((event, holder) => `party:${String(event.caseId)}:${String(holder.partyId)}`) satisfies SubjectOf,
  /** A person, by a field of the event (or of the list element that holds the name). */
  person: (field: string): SubjectOf => (event, holder) => `person:${String(holder[field] ?? event[field])}`,
  /** A meeting, by the event's `meetingId`. */
  meeting: ((event) => `meeting:${String(event.meetingId)}`) satisfies SubjectOf
} as const

/**
 * The subject of the free-text reasons of a stream's records: its case, household, meeting or
 * training (`training-{org}/{id}`: `training:{org}/{id}`, its trainer's subject), else the
 * stream. An activity, donation or relief of its own stream (`activity-{org}/{id}`, …) has the
 * subject of its organization's activities records, `record:activities-{org}`, as it had when
 * they were kept in one stream.
 */
export const reasonSubject = (stream: string): string => {
  for (const category of ["case", "household", "meeting", "training"] as const) {
    if (stream.startsWith(`${category}-`)) return `${category}:${stream.slice(category.length + 1)}`
  }
  for (const category of ["activity", "donation", "relief"] as const) {
    const organization = stream.startsWith(`${category}-`) ? RecordIds.organizationOf(stream.slice(category.length + 1)) : undefined
    if (organization !== undefined) return `record:activities-${organization}`
  }
  return `record:${stream}`
}

const markOf = (ast: SchemaAST.AST): SubjectOf | true | undefined => {
  // A refined schema (with checks) keeps its annotations on its last check, not on the node.
  for (const a of [ast.annotations, ...(ast.checks ?? []).map((c) => c.annotations)]) {
    const mark = (a as Record<string, unknown> | undefined)?.[annotationKey]
    if (mark === true || typeof mark === "function") return mark as SubjectOf | true
  }
  return undefined
}


/** A personal field of a schema: its path (`*` for any element or key) and whose it is. */
export interface Field {
  readonly path: ReadonlyArray<string>
  /** Its subject, for an event's field; `undefined` for a command's. */
  readonly subject: SubjectOf | undefined
}

/**
 * Every place in a schema where `found` says something: its path (`*` for any element of a
 * list or value of a record) and what `found` said. The walk goes through objects, lists,
 * unions, suspended and declared schemas and encodings, and stops at a place once `found`
 * answers there. For other walks of the schemas too (the JSON Schema's dates).
 */
export const placesOf = <A>(
  schema: Schema.Top,
  found: (ast: SchemaAST.AST) => A | undefined
): ReadonlyArray<{ readonly path: ReadonlyArray<string>; readonly value: A }> => {
  const places: Array<{ readonly path: ReadonlyArray<string>; readonly value: A }> = []
  const walk = (ast: SchemaAST.AST, path: ReadonlyArray<string>, seen: ReadonlySet<SchemaAST.AST>): void => {
    if (seen.has(ast)) return
    const value = found(ast)
    if (value !== undefined) return void places.push({ path, value })
    const next = new Set(seen).add(ast)
    switch (ast._tag) {
      case "Objects":
        for (const p of ast.propertySignatures) walk(p.type, [...path, String(p.name)], next)
        for (const i of ast.indexSignatures) walk(i.type, [...path, "*"], next)
        break
      case "Arrays":
        for (const e of [...ast.elements, ...ast.rest]) walk(e, [...path, "*"], next)
        break
      case "Union":
        for (const t of ast.types) walk(t, path, next)
        break
      case "Suspend":
        walk(ast.thunk(), path, next)
        break
      case "Declaration":
        for (const t of ast.typeParameters) walk(t, path, next)
        break
      default:
        break
    }
    if (ast.encoding) for (const link of ast.encoding) walk(link.to, path, next)
  }
  walk(schema.ast, [], new Set())
  return places
}

/** Every personal field of a schema, with its subject (see `paths`): each path once. */
export const fields = (schema: Schema.Top): ReadonlyArray<Field> => {
  const found = new Map<string, Field>()
  for (const { path, value } of placesOf(schema, markOf)) {
    if (!found.has(path.join("."))) found.set(path.join("."), { path, subject: value === true ? undefined : value })
  }
  return [...found.values()]
}

/** One personal value found in an event's data: where, whose, and the value. */
export interface Found {
  /** Its place in the data: keys and array indices. */
  readonly at: ReadonlyArray<string | number>
  readonly subject: string
  readonly value: string
}

/**
 * Every personal string value of an event's data, with its subject, by the fields of its
 * schema (`fields`). A field without a subject is refused as a defect: every personal field of
 * an event must say whose it is.
 */
export const find = (data: unknown, eventFields: ReadonlyArray<Field>): ReadonlyArray<Found> => {
  const out: Array<Found> = []
  const root = (data ?? {}) as Record<string, unknown>
  for (const field of eventFields) {
    const visit = (value: unknown, rest: ReadonlyArray<string>, at: ReadonlyArray<string | number>, holder: Record<string, unknown>): void => {
      if (rest.length === 0) {
        if (typeof value === "string") {
          if (field.subject === undefined) throw new Error(`personal field ${field.path.join(".")} of an event says not whose it is`)
          out.push({ at, subject: field.subject(root, holder), value })
        }
        return
      }
      const [head, ...tail] = rest
      if (Array.isArray(value)) {
        if (head === "*") value.forEach((v, i) => visit(v, tail, [...at, i], typeof v === "object" && v !== null && tail.length > 0 ? v as Record<string, unknown> : holder))
        return
      }
      if (value === null || typeof value !== "object") return
      const record = value as Record<string, unknown>
      if (head === "*") for (const [k, v] of Object.entries(record)) visit(v, tail, [...at, k], record)
      else if (head! in record) visit(record[head!], tail, [...at, head!], record)
    }
    visit(root, field.path, [], root)
  }
  return out
}

/**
 * A copy of an event's data with every personal string value of its fields (`fields`) made
 * empty: what `find` then `replace` with `""` give, without the places and subjects found on the
 * way (a ledger blanks every event it folds). Only the objects and arrays on the way to a
 * value are copied. A field without a subject is refused as a defect, as `find` refuses it.
 */
export const blank = <T>(data: T, eventFields: ReadonlyArray<Field>): T => {
  let out: unknown = data
  for (const field of eventFields) out = blankAt(out, field, 0)
  return out as T
}

const blankAt = (value: unknown, field: Field, depth: number): unknown => {
  if (depth === field.path.length) {
    if (typeof value !== "string") return value
    if (field.subject === undefined) throw new Error(`personal field ${field.path.join(".")} of an event says not whose it is`)
    return ""
  }
  const head = field.path[depth]!
  if (Array.isArray(value)) {
    if (head !== "*") return value
    let copy: Array<unknown> | undefined
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i]
      const w = blankAt(v, field, depth + 1)
      if (w !== v) (copy ??= [...value])[i] = w
    }
    return copy ?? value
  }
  if (value === null || typeof value !== "object") return value
  const record = value as Record<string, unknown>
  if (head !== "*") {
    if (!(head in record)) return value
    const v = record[head]
    const w = blankAt(v, field, depth + 1)
    return w === v ? value : { ...record, [head]: w }
  }
  let copy: Record<string, unknown> | undefined
  for (const k in record) {
    if (!Object.hasOwn(record, k)) continue
    const v = record[k]
    const w = blankAt(v, field, depth + 1)
    if (w !== v) (copy ??= { ...record })[k] = w
  }
  return copy ?? value
}

/** A copy of `data` with the value at each place replaced (the places from `find`). */
export const replace = <T>(data: T, replacements: ReadonlyArray<{ readonly at: ReadonlyArray<string | number>; readonly value: string }>): T => {
  const set = (value: unknown, at: ReadonlyArray<string | number>, to: string): unknown => {
    if (at.length === 0) return to
    const [head, ...rest] = at
    if (Array.isArray(value)) return value.map((v, i) => (i === head ? set(v, rest, to) : v))
    if (value === null || typeof value !== "object") return value
    return { ...(value as Record<string, unknown>), [head!]: set((value as Record<string, unknown>)[head as string], rest, to) }
  }
  return replacements.reduce<unknown>((d, r) => set(d, r.at, r.value), data) as T
}

/**
 * The paths of every personal-data field of a schema: `["parties", "*", "name"]` for the
 * name of each party, `*` standing for any array element or record key.
 */
export const paths = (schema: Schema.Top): ReadonlyArray<ReadonlyArray<string>> => fields(schema).map((f) => f.path)

/**
 * A function that gives an event with its personal data left out (each personal text empty),
 * for the events of a schema (a union of tagged structs, or one): what the command handler
 * folds a snapshotted aggregate's state from, so that neither the state nor its snapshots hold
 * any personal data (`docs/explanation/stream-growth.md`).
 */
export const without = (schema: Schema.Top): (<E extends { readonly _tag: string }>(event: E) => E) => {
  const byTag = new Map<string, ReadonlyArray<Field>>()
  const walk = (s: Schema.Top): void => {
    if ("members" in s && Array.isArray(s.members)) (s.members as ReadonlyArray<Schema.Top>).forEach(walk)
    else {
      const found = fields(s)
      const tag = s.ast._tag === "Objects" ? s.ast.propertySignatures.find((p) => p.name === "_tag")?.type : undefined
      if (found.length > 0 && tag?._tag === "Literal") byTag.set(String(tag.literal), found)
    }
  }
  walk(schema)
  return (event) => {
    const found = byTag.get(event._tag)
    return found === undefined ? event : replace(event, find(event, found).map((f) => ({ at: f.at, value: "" })))
  }
}
