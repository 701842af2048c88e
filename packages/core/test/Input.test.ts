/**
 * Strict input: every field of every command is checked as its kind says (`Input`), and a
 * refusal names the field. Run over one valid command of every kind
 * (`support/every-command.jsonl`), field by field.
 */
import { Effect, type Schema, type SchemaAST } from "effect"
import { describe, expect, it } from "vitest"
import * as Domain from "../src/Domain.ts"
import { CommandFields } from "../src/Command.ts"
import * as Input from "../src/Input.ts"
import * as Report from "../src/Report.ts"
import * as Signing from "../src/Signing.ts"
import * as Time from "../src/Time.ts"
import { everyCommand, example, type Json, leaves, lists, setAt } from "./support/EveryCommand.ts"

const schemaOf = (tag: string): Schema.Top => {
  const found = (Domain.Command.members as ReadonlyArray<Schema.Top & { members?: ReadonlyArray<Schema.Top> }>)
    .flatMap((m) => m.members ?? [m])
    .find((m) => (m.ast as SchemaAST.Objects).propertySignatures.some((p) => p.name === "_tag" && (p.type as SchemaAST.Literal).literal === tag))
  return found!
}

/** The schema node at a path of a command: through structs, lists and optional fields. */
const astAt = (ast: SchemaAST.AST, path: ReadonlyArray<string>): SchemaAST.AST => {
  if (ast._tag === "Union") return astAt(ast.types.find((t) => t._tag !== "Undefined")!, path)
  if (path.length === 0) return ast
  const [key, ...rest] = path as [string, ...Array<string>]
  if (ast._tag === "Objects") return astAt(ast.propertySignatures.find((p) => p.name === key)!.type, rest)
  if (ast._tag === "Arrays") return astAt(ast.elements[Number(key)] ?? ast.rest[0]!, rest)
  throw new Error(`no field ${key} in a ${ast._tag}`)
}

const decode = (input: unknown) => Effect.runSync(Effect.result(Domain.decodeCommand(input)))

/** The problems of a refused input; fails the test if it was accepted. */
const problems = (input: unknown): ReadonlyArray<{ readonly path: string; readonly message: string }> => {
  const result = decode(input)
  if (result._tag === "Success") throw new Error(`accepted: ${JSON.stringify(input).slice(0, 300)}`)
  expect(result.failure._tag).toBe("InvalidCommand")
  return result.failure.problems
}

/**
 * The time of a call in ms: the fastest of three when the first is not under 100 ms, so that a
 * pause of the garbage collector (after building a 10 MB input) is not counted as the call's.
 */
const fastest = (call: () => unknown): number => {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < 3 && best >= 100; i++) {
    const start = performance.now()
    call()
    best = Math.min(best, performance.now() - start)
  }
  return best
}

const accepted = (input: unknown) => {
  const result = decode(input)
  if (result._tag === "Failure") throw new Error(`refused: ${result.failure.message}`)
}

describe("one valid command of every kind", () => {
  it("covers every command of the domain, and each decodes", () => {
    expect(everyCommand.map((c) => c._tag).sort()).toEqual([...Domain.commandTags].sort())
    for (const command of everyCommand) accepted(command)
  })
})

describe("dates and instants are real (Time: years 1900–2999, no 30 February, no T24:00)", () => {
  const badDates = ["0000-01-01", "1899-12-31", "3000-01-01", "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-5", "2026-01-01T00:00Z", ""]
  const badInstants = [
    "2026-02-30T10:00:00Z",
    "2026-03-01T24:00Z",
    "2026-03-01T24:00:00Z",
    "2026-03-01T23:60:00Z",
    "2026-03-01T23:59:60Z",
    "2026-03-01T12:00:00+15:00",
    "2026-03-01T12:00:00+08:60",
    "2026-03-01T12:00:00",
    "0000-01-01T00:00:00Z",
    "2026-03-01"
  ]
  const cases: ReadonlyArray<readonly [string, string, ReadonlyArray<Json>]> = [
    ["ScheduleMeeting", "date", badDates],
    ["TakeDecision", "dueOn", badDates],
    ["ConferAward", "on", badDates],
    ["RegisterCase", "receivedAt", badInstants],
    ["RegisterOrganization", "occurredAt", [...badDates.filter((d) => d !== "2026-01-01T00:00Z"), ...badInstants.filter((i) => i !== "2026-03-01")]],
    ["SubmitReport", "period", ["0000-01", "1899-12", "3000", "2026-13", "2026-00", "2026-H3", "26-01", ""]],
    ["OpenAwardCampaign", "year", ["2025", 1948, 3000, 10_000, 2025.5, Number.NaN]],
    ["OpenAssessment", "year", [1948, 3000, 10_000]]
  ]
  it.each(cases)("%s refuses a %s that cannot be", (tag, field, values) => {
    for (const value of values) expect(new Set(problems(setAt(example(tag), [field], value)).map((p) => p.path))).toEqual(new Set([field]))
  })

  it("accepts the first and last days, 29 February of a leap year, and every offset a zone has", () => {
    for (const date of ["1900-01-01", "2999-12-31", "2024-02-29", "2000-02-29"]) accepted(setAt(example("ConferAward"), ["on"], date))
    for (const instant of ["2026-03-01T23:59:59.999999999+14:00", "2026-03-01T00:00-12:00", "2026-03-01T05:45:00+05:45"]) {
      accepted(setAt(example("RegisterCase"), ["receivedAt"], instant))
    }
    accepted(setAt(example("SubmitReport"), ["period"], "2999-H2"))
    expect(Time.years).toEqual({ first: 1900, last: 2999 })
  })
})

describe("no blank text, id or person", () => {
  const blanks = ["", " ", "   ", "\t\n", "\u3000", "\u00a0 ", "\r\n"]

  it("refuses a blank value in every text field of every command, naming the field", () => {
    let checked = 0
    for (const command of everyCommand) {
      for (const [path, value] of leaves(command)) {
        if (typeof value !== "string" || path[0] === "_tag") continue
        const field = Input.fieldOf(astAt(schemaOf(command._tag).ast, path))
        for (const blank of blanks) {
          if (field?.blankAllowed === true) {
            accepted(setAt(command, path, blank))
          } else {
            const found = problems(setAt(command, path, blank))
            expect(found.map((p) => p.path), `${command._tag} ${path.join(".")} ${JSON.stringify(blank)}`).toEqual([path.join(".")])
          }
        }
        checked++
      }
    }
    expect(checked).toBeGreaterThan(300)
  })

  it("says a blank reason, congress session or person is blank", () => {
    expect(problems(setAt(example("StepDownRepresentative"), ["reason"], " "))).toEqual([{ path: "reason", message: "must not be blank" }])
    expect(problems(setAt(example("ReopenCase"), ["reason"], "\u3000"))).toEqual([{ path: "reason", message: "must not be blank" }])
    expect(problems(setAt(example("ElectExecutiveCommittee"), ["congressSession"], "  "))).toEqual([{ path: "congressSession", message: "must not be blank" }])
    expect(problems(setAt(example("ElectRepresentative"), ["congressSession"], "\t"))).toEqual([{ path: "congressSession", message: "must not be blank" }])
    expect(problems(setAt(example("RegisterOrganization"), ["actor", "person"], " "))).toEqual([{ path: "actor.person", message: "must not be blank" }])
    expect(problems(setAt(example("RegisterOrganization"), ["actor", "organization"], ""))).toEqual([{ path: "actor.organization", message: "must not be blank" }])
  })

  it("refuses an id with a space or line break at either end, or a control character; accepts one with a space inside", () => {
    const register = example("RegisterHousehold")
    for (const id of [" h1", "h1 ", "h1\n", "h\u00001", "h\u001b1"]) {
      expect(problems(setAt(register, ["householdId"], id)).map((p) => p.path)).toEqual(["householdId"])
    }
    expect(problems(setAt(register, ["householdId"], " h1"))[0]!.message).toBe("must not begin or end with a space or a line break")
    accepted(setAt(register, ["householdId"], "青波 3-101"))
  })

  it("accepts visit notes left empty", () => {
    accepted(setAt(example("RecordContactVisit"), ["notes"], ""))
  })
})

describe("size limits on every text and list", () => {
  it("accepts every text at its limit and refuses one character more, naming the field and the limit", () => {
    const kinds = new Set<string>()
    for (const command of everyCommand) {
      for (const [path, value] of leaves(command)) {
        if (typeof value !== "string") continue
        const field = Input.fieldOf(astAt(schemaOf(command._tag).ast, path))
        if (field === undefined) continue
        kinds.add(field.kind)
        // A Chinese character, and a character outside the BMP (two UTF-16 units), each count one.
        accepted(setAt(command, path, "字".repeat(field.limit - 1) + "😀"))
        expect(problems(setAt(command, path, "字".repeat(field.limit + 1)))).toEqual([
          { path: path.join("."), message: `at most ${field.limit} characters` }
        ])
      }
    }
    expect([...kinds].sort()).toEqual(["document", "id", "line", "name", "narrative", "person", "text", "title"])
  })

  it("refuses a 10 MB reason at once, and says so briefly", () => {
    const huge = "理由".repeat(5_000_000)
    const found = problems({ ...example("ReopenCase"), reason: huge })
    expect(fastest(() => decode({ ...example("ReopenCase"), reason: huge }))).toBeLessThan(100)
    expect(found).toEqual([{ path: "reason", message: `at most ${Input.kinds.text.limit} characters` }])
  })

  it("accepts every list at its limit and refuses one item more, before reading its items", () => {
    let checked = 0
    for (const command of everyCommand) {
      for (const [path, list] of lists(command)) {
        const field = Input.fieldOf(astAt(schemaOf(command._tag).ast, path))
        expect(field?.kind, `${command._tag} ${path.join(".")}`).toBe("list")
        const over = Array.from({ length: field!.limit + 1 }, () => 42)
        expect(problems(setAt(command, path, over))).toEqual([{ path: path.join("."), message: `at most ${field!.limit} items` }])
        checked++
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10)
  })

  it("refuses a list of a million items as fast as one of a few", () => {
    const election = example("ElectExecutiveCommittee")
    const members = Array.from({ length: 1_000_000 }, (_, i) => ({ personId: ` p${i}`, name: i, position: "nobody" }))
    const found = problems({ ...election, members })
    expect(fastest(() => decode({ ...election, members }))).toBeLessThan(100)
    expect(found).toEqual([{ path: "members", message: "at most 200 items" }])
  })

  it("names each of a few excess properties, and refuses an object of thousands of fields at once, with one problem", () => {
    const register = example("RegisterHousehold")
    expect(problems({ ...register, colour: "red", size: 3 }).map((p) => p.path)).toEqual(["colour", "size"])
    const wide: Record<string, unknown> = { ...register, actor: { ...(register.actor as object) } }
    for (let i = 0; i < 50_000; i++) (wide.actor as Record<string, number>)[`k${i}`] = i
    const found = problems(wide)
    expect(fastest(() => decode(wide))).toBeLessThan(100)
    expect(found).toEqual([{ path: "actor", message: "at most 3 fields, not 50003" }])
  })

  it("reports only the length of a text far over its limit, without reading all of it", () => {
    expect(problems({ ...example("ArchiveCase"), caseId: " ".repeat(1_000_000) })).toEqual([{ path: "caseId", message: "at most 128 characters" }])
    expect(problems({ ...example("ArchiveCase"), caseId: " ".repeat(200) })).toEqual([
      { path: "caseId", message: "must not be blank" },
      { path: "caseId", message: "at most 128 characters" }
    ])
  })

  it("gives every text and list field of every command a limit; dates, hashes and UUIDs are bounded by their form", () => {
    const formats = new Set<SchemaAST.AST>([
      Time.LocalDate.ast,
      Time.Instant.ast,
      Time.OccurredAt.ast,
      Report.ContentHash.ast,
      Report.Checkpoint.fields.signature.ast,
      Signing.PublicKey.ast,
      Report.SubmitReport.fields.period.ast,
      astAt(CommandFields.commandId.ast, [])
    ])
    const unbounded: Array<string> = []
    const walk = (ast: SchemaAST.AST, path: string): void => {
      switch (ast._tag) {
        case "Objects":
          for (const p of ast.propertySignatures) walk(p.type, path === "" ? String(p.name) : `${path}.${String(p.name)}`)
          return
        case "Arrays":
          if (Input.fieldOf(ast)?.kind !== "list") unbounded.push(path)
          for (const e of [...ast.elements, ...ast.rest]) walk(e, `${path}.*`)
          return
        case "Union":
          for (const t of ast.types) walk(t, path)
          return
        case "String":
          if (Input.fieldOf(ast) === undefined && !formats.has(ast)) unbounded.push(path)
          return
        default:
          return
      }
    }
    for (const tag of Domain.commandTags) walk(schemaOf(tag).ast, tag)
    expect(unbounded).toEqual([])
  })
})

describe("problems built from Schema's issues, not its message text", () => {
  it("names an excess property exactly, whatever its name", () => {
    const odd = "x\n  at [\"actor\"][\"role\"]"
    const input = JSON.parse(JSON.stringify({ ...example("RegisterHousehold"), [odd]: 1 }))
    expect(problems(input)).toEqual([{ path: odd, message: "Expected no excess property" }])
    expect(problems(JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(example("ArchiveCase")).slice(1)}`)).map((p) => p.path)).toEqual(["__proto__"])
  })

  it("quotes an unknown command type briefly, however long, and never serializes one that is not a text", () => {
    const [problem] = problems({ ...example("ArchiveCase"), _tag: "Delete".repeat(1_000_000) })
    expect(problem!.path).toBe("_tag")
    expect(problem!.message.length).toBeLessThan(2_000)
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`)
    expect(problems({ ...example("ArchiveCase"), _tag: deep }).map((p) => p.path)).toEqual(["_tag"])
  })

  it("keeps paths into lists and the message for a missing field", () => {
    const campaign = example("OpenAwardCampaign")
    const criteria = campaign.criteria as ReadonlyArray<Record<string, Json>>
    const input = { ...campaign, criteria: [{ ...criteria[0], maxScore: 0 }, { name: "家风" }] }
    expect(problems(input)).toEqual([
      { path: "criteria.0.maxScore", message: "Expected a value greater than 0" },
      { path: "criteria.1.criterionId", message: "required, but missing" },
      { path: "criteria.1.maxScore", message: "required, but missing" }
    ])
  })
})
