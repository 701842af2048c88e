/**
 * Prints the tables of docs/reference/domain.md from the code: every command with the roles
 * that may give it and how it says when its fact happened, every event with its personal-data
 * fields, and every field of every command with its kind and limit (`Input`). A test checks
 * that the document holds exactly this output:
 *
 *   node --conditions=fulian:source --import tsx scripts/domain-reference.ts
 */
import * as Activity from "@fulian/core/Activity"
import * as Assessment from "@fulian/core/Assessment"
import * as Audit from "@fulian/core/Audit"
import * as Award from "@fulian/core/Award"
import * as Case from "@fulian/core/Case"
import * as Domain from "@fulian/core/Domain"
import * as Erasure from "@fulian/core/Erasure"
import { tagsOf } from "@fulian/core/EventCodec"
import * as Household from "@fulian/core/Household"
import * as Input from "@fulian/core/Input"
import * as Mediation from "@fulian/core/Mediation"
import * as Reception from "@fulian/core/Reception"
import * as Meeting from "@fulian/core/Meeting"
import * as Organization from "@fulian/core/Organization"
import * as PersonalData from "@fulian/core/PersonalData"
import * as Place from "@fulian/core/Place"
import * as Report from "@fulian/core/Report"
import * as Signing from "@fulian/core/Signing"
import * as Representation from "@fulian/core/Representation"
import * as Term from "@fulian/core/Term"
import * as Training from "@fulian/core/Training"
import * as WorkPlan from "@fulian/core/WorkPlan"
import type { Schema, SchemaAST } from "effect"
import * as Volunteer from "@fulian/core/Volunteer"

const modules = { Organization, Place, Household, Term, Representation, Case, Reception, Mediation, Award, Meeting, Training, WorkPlan, Activity, Volunteer, Assessment, Audit, Erasure, Report, Signing }

/** Every command tag of the listed modules: a test compares it with the domain's. */
export const listedCommandTags = (): ReadonlyArray<string> => Object.values(modules).flatMap((mod) => tagsOf(mod.Command))

/** The generated tables, as Markdown. */
export const tables = (): string => {
  const out: Array<string> = []
  for (const [name, mod] of Object.entries(modules)) {
    const categories = Object.values(mod as Record<string, unknown>)
      .filter((v): v is { category: string } => typeof v === "object" && v !== null && "category" in v && "evolve" in v)
      .map((a) => `\`${a.category}-{id}\``)
    out.push(
      `### ${name} — ${categories.length > 1 ? "streams" : "stream"} ${categories.join(", ")}`,
      "",
      "| command | roles that may give it | when its fact happened |",
      "| --- | --- | --- |"
    )
    for (const tag of tagsOf(mod.Command)) {
      const time = Domain.times[tag as Domain.Command["_tag"]]
      const when = time === "moment"
        ? "a moment: `occurredAt` with its time"
        : time === "day"
        ? "a day: `occurredAt`, a date or a time"
        : `its \`${time.field}\`${time.optional === true ? " (else a day, as `occurredAt`)" : ""}`
      out.push(`| \`${tag}\` | ${Domain.permissions[tag as Domain.Command["_tag"]].join(", ")} | ${when} |`)
    }
    out.push("", "| event | personal data |", "| --- | --- |")
    // A module's events, and those of another stream it keeps (the deployment's top organization).
    const events = [mod.Event, ...("DeploymentEvent" in mod ? [mod.DeploymentEvent] : [])] as ReadonlyArray<Schema.Top>
    for (const tag of events.flatMap(tagsOf)) {
      const schema = (mod as unknown as Record<string, Schema.Top>)[tag]!
      out.push(`| \`${tag}\` | ${PersonalData.paths(schema).map((p) => p.join(".")).join(", ") || "—"} |`)
    }
    out.push("")
  }
  out.push(...inputTables())
  return out.join("\n")
}

const count = (n: number) => n.toLocaleString("en-US")

/** The kinds of field of `Input`, and every limited field of every command with its limit. */
const inputTables = (): ReadonlyArray<string> => {
  const out = [
    "### Input — what each field of a command may hold",
    "",
    "| kind | block | accepts | at most |",
    "| --- | --- | --- | --- |",
    ...Object.entries(Input.kinds).map(([kind, k]) => `| ${kind} | \`Input.${k.block}\` | ${k.accepts} | ${count(k.limit)} characters |`),
    "| list | `Input.List` | a list of items of its own kind | as many items as its field says |",
    "",
    "| field | kind | at most | commands |",
    "| --- | --- | --- | --- |"
  ]
  const rows = new Map<string, { readonly field: string; readonly kind: string; readonly limit: string; readonly tags: Array<string> }>()
  const allTags = Object.values(modules).flatMap((mod) => tagsOf(mod.Command))
  for (const [, mod] of Object.entries(modules)) {
    for (const tag of tagsOf(mod.Command)) {
      const walk = (ast: SchemaAST.AST, path: string): void => {
        const field = Input.fieldOf(ast)
        if (field !== undefined) {
          const kind = field.blankAllowed === true ? `${field.kind}, may be empty` : field.kind
          const limit = `${count(field.limit)} ${field.kind === "list" ? "items" : "characters"}`
          const key = `${path}|${kind}|${limit}`
          const row = rows.get(key) ?? { field: path, kind, limit, tags: [] }
          if (!row.tags.includes(tag)) row.tags.push(tag)
          rows.set(key, row)
        }
        if (ast._tag === "Objects") for (const p of ast.propertySignatures) walk(p.type, path === "" ? String(p.name) : `${path}.${String(p.name)}`)
        else if (ast._tag === "Arrays") for (const e of [...ast.elements, ...ast.rest]) walk(e, `${path}.*`)
        else if (ast._tag === "Union") for (const t of ast.types) walk(t, path)
      }
      walk((mod as unknown as Record<string, Schema.Top>)[tag]!.ast, "")
    }
  }
  const sorted = [...rows.values()].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0))
  for (const row of sorted) {
    const commands = row.tags.length === allTags.length ? "every command" : row.tags.map((t) => `\`${t}\``).join(", ")
    out.push(`| \`${row.field}\` | ${row.kind} | ${row.limit} | ${commands} |`)
  }
  out.push("")
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(tables())
