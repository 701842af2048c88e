/**
 * Prints the tables of docs/reference/domain.md from the code: every command with the roles
 * that may give it and how it says when its fact happened, every event with its personal-data
 * fields. A test checks that the document holds exactly this output:
 *
 *   npx tsx scripts/domain-reference.ts
 */
import * as Activity from "@fulian/core/Activity"
import * as Assessment from "@fulian/core/Assessment"
import * as Award from "@fulian/core/Award"
import * as Case from "@fulian/core/Case"
import * as Domain from "@fulian/core/Domain"
import { tagsOf } from "@fulian/core/EventCodec"
import * as Household from "@fulian/core/Household"
import * as Mediation from "@fulian/core/Mediation"
import * as Meeting from "@fulian/core/Meeting"
import * as Organization from "@fulian/core/Organization"
import * as PersonalData from "@fulian/core/PersonalData"
import * as Report from "@fulian/core/Report"
import * as Representation from "@fulian/core/Representation"
import * as Term from "@fulian/core/Term"
import type { Schema } from "effect"
import * as Volunteer from "@fulian/core/Volunteer"

const modules = { Organization, Household, Term, Representation, Case, Mediation, Award, Meeting, Activity, Volunteer, Assessment, Report }

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
  return out.join("\n")
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(tables())
