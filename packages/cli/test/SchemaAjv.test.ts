/**
 * The document `fulian schema` prints, read by a standard validator as the document's own
 * `$comment` says to: ajv for draft 2020-12 in strict mode, with ajv-formats, its
 * `discriminator` option and fulian's one annotation keyword (`x-fulian`), nothing else.
 *
 * It compiles; every command of the domain (`every-command.jsonl`) validates, and so does every
 * event the domain records (the demo year entered in memory, and the few kinds it does not
 * record), as the store encodes it; a command with one field wrong, missing or unknown fails
 * with a few errors, all about that field, as `Domain.decodeCommand` fails it; impossible dates
 * and times fail by the pattern alone and by the format alone, and the patterns accept what the
 * domain's `Time` accepts and nothing else.
 */
import { Ajv2020 } from "ajv/dist/2020.js"
import addFormats from "ajv-formats"
import { Effect, Exit, Layer } from "effect"
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import * as Demo from "@fulian/cli/Demo"
import * as JsonSchemas from "@fulian/cli/JsonSchemas"
import * as Assessment from "@fulian/core/Assessment"
import * as Audit from "@fulian/core/Audit"
import * as Award from "@fulian/core/Award"
import * as Case from "@fulian/core/Case"
import * as Domain from "@fulian/core/Domain"
import * as Household from "@fulian/core/Household"
import * as Mediation from "@fulian/core/Mediation"
import * as Place from "@fulian/core/Place"
import * as Policy from "@fulian/core/Policy"
import * as ReadLog from "@fulian/core/ReadLog"
import * as Reception from "@fulian/core/Reception"
import * as Report from "@fulian/core/Report"
import * as Signing from "@fulian/core/Signing"
import * as Term from "@fulian/core/Term"
import * as Time from "@fulian/core/Time"
import * as Training from "@fulian/core/Training"
import * as Volunteer from "@fulian/core/Volunteer"
import * as WorkPlan from "@fulian/core/WorkPlan"
import { EventStore } from "@fulian/store/EventStore"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import { everyCommand, leaves, setAt } from "../../core/test/support/EveryCommand.ts"

/** What ajv says of an invalid value. */
interface Failure {
  readonly instancePath: string
  readonly keyword: string
  readonly message?: string
  readonly params: Record<string, unknown>
}

/** A validator of the document, set up as its `$comment` says, and nothing more. */
const strictAjv = () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true, discriminator: true })
  addFormats.default(ajv)
  ajv.addVocabulary([JsonSchemas.keyword])
  return ajv
}

const document = JsonSchemas.document()
const ajv = strictAjv()
ajv.addSchema(document, "fulian")
const validator = (pointer: string) => {
  const validate = ajv.getSchema(`fulian${pointer}`)
  if (validate === undefined) throw new Error(`no schema at ${pointer}`)
  return (value: unknown): ReadonlyArray<Failure> => (validate(value) ? [] : (validate.errors ?? []) as ReadonlyArray<Failure>)
}
const anything = validator("#")
const aCommand = validator("#/$defs/Command")
const anEvent = validator("#/$defs/Event")

const decodes = (input: unknown): boolean => Exit.isSuccess(Effect.runSyncExit(Domain.decodeCommand(input)))

const pointerOf = (path: ReadonlyArray<string>) => path.map((p) => `/${p}`).join("")

/**
 * Whether an error is about the field at `path`: inside it, or, from the object that holds it,
 * naming it as missing, unknown or the tag.
 */
const names = (error: Failure, path: ReadonlyArray<string>): boolean => {
  const field = pointerOf(path)
  if (error.instancePath === field || error.instancePath.startsWith(`${field}/`)) return true
  const last = path[path.length - 1]
  return error.instancePath === pointerOf(path.slice(0, -1)) &&
    [error.params.missingProperty, error.params.additionalProperty, error.params.tag].includes(last)
}

/** The command with one field changed fails, as the domain's decoder fails it, with a few errors all about that field. */
const refusedFor = (input: unknown, path: ReadonlyArray<string>, what: string) => {
  const errors = aCommand(input)
  expect(errors.length, `${what}: ${JSON.stringify(input)}`).toBeGreaterThan(0)
  expect(errors.length, `${what}: ${JSON.stringify(errors)}`).toBeLessThanOrEqual(5)
  for (const error of errors) expect(names(error, path), `${what}: ${JSON.stringify(error)}`).toBe(true)
  expect(anything(input).length, `${what}, read as the whole document`).toEqual(errors.length)
  expect(decodes(input), `${what}: the domain refuses it too`).toBe(false)
}

describe("the JSON Schema document, read by strict ajv (draft 2020-12)", () => {
  it("compiles with strict mode, formats and the x-fulian vocabulary; without them strict ajv names what it lacks", () => {
    expect(() => strictAjv().compile(document)).not.toThrow()
    const bare = new Ajv2020({ strict: true, discriminator: true })
    expect(() => bare.compile(document)).toThrow(/unknown format "uuid"|unknown keyword: "x-fulian"/)
  })

  it("accepts every command of the domain, as the domain's decoder does", () => {
    expect(everyCommand.map((c) => c._tag).sort()).toEqual([...Domain.commandTags].sort())
    for (const command of everyCommand) {
      expect(decodes(command), command._tag).toBe(true)
      expect(aCommand(command), command._tag).toEqual([])
      expect(anything(command), command._tag).toEqual([])
      expect(anEvent(command).length, `${command._tag} is no event`).toBeGreaterThan(0)
    }
  })

  it("refuses a command with one field of the wrong type, missing or unknown, with a few errors about that field only", () => {
    let checked = 0
    for (const command of everyCommand) {
      for (const [path] of leaves(command)) {
        refusedFor(setAt(command, path, null), path, `${command._tag} ${path.join(".")} null`)
        refusedFor(setAt(command, path, { wrong: true }), path, `${command._tag} ${path.join(".")} an object`)
        checked++
      }
      const definition = (document.$defs as Record<string, { required: ReadonlyArray<string> }>)[`command.${command._tag}`]!
      for (const field of definition.required.filter((f) => f !== "_tag")) {
        refusedFor(setAt(command, [field], undefined), [field], `${command._tag} without ${field}`)
      }
      refusedFor({ ...command, colour: "red" }, ["colour"], `${command._tag} with an unknown field`)
    }
    expect(checked).toBeGreaterThan(500)
  })

  it("refuses a command of no known type with one error naming its _tag", () => {
    const errors = aCommand({ ...everyCommand[0]!, _tag: "RegisterOrganisation" })
    expect(errors).toHaveLength(1)
    expect(errors[0]!.params.tag).toBe("_tag")
  })

  it("refuses impossible dates and times in every date and time field of every command, naming the field", () => {
    const impossible = {
      "date": ["2025-13-45", "2025-02-30", "2023-02-29", "1900-02-29", "1899-12-31", "3000-01-01", "last tuesday", "2025-3-8", "20250308", ""],
      "date-time": [
        "2025-13-45T09:30:00+08:00",
        "2025-02-30T09:30:00+08:00",
        "2025-03-08T24:00:00+08:00",
        "2025-03-08T09:60:00+08:00",
        "2025-03-08T09:30:60Z",
        "2025-03-08T09:30:00+15:00",
        "2025-03-08T09:30:00",
        "2025-03-08 09:30:00+08:00",
        "last tuesday"
      ]
    } as const
    let fields = 0
    for (const command of everyCommand) {
      const properties = (document.$defs as Record<string, { properties: Record<string, { format?: string; anyOf?: ReadonlyArray<{ format?: string }> }> }>)[`command.${command._tag}`]!.properties
      for (const [path, value] of leaves(command)) {
        const property = path.length === 1 ? properties[path[0]!] : undefined
        const formats = property === undefined ? [] : [property.format, ...(property.anyOf ?? []).map((a) => a.format)]
        if (typeof value !== "string" || !formats.some((f) => f === "date" || f === "date-time")) continue
        fields++
        const wrong = formats.includes("date") ? impossible.date : impossible["date-time"]
        for (const text of wrong) refusedFor(setAt(command, path, text), path, `${command._tag} ${path.join(".")} ${JSON.stringify(text)}`)
      }
    }
    // occurredAt of every command, and each command's own dates and moments (heldOn, receivedAt, …).
    expect(fields).toBeGreaterThan(everyCommand.length + 20)
  })

  it("asks for an instant's seconds, as RFC 3339 writes them, where the domain also reads hh:mm", () => {
    const command = everyCommand.find((c) => c._tag === "RegisterCase")!
    const withoutSeconds = setAt(command, ["receivedAt"], "2025-03-08T09:30+08:00")
    expect(decodes(withoutSeconds)).toBe(true)
    expect(aCommand(withoutSeconds).map((e) => e.instancePath)).toEqual(["/receivedAt", "/receivedAt"])
  })
})

describe("dates and times: format and pattern, each on its own", () => {
  const impossibleDates = ["2025-13-45", "2025-02-30", "2023-02-29", "2100-02-29", "last tuesday"]
  const possibleDates = ["2025-03-08", "2024-02-29", "2000-02-29", "2025-12-31"]

  it("ajv-formats' date format checks the calendar (its full mode)", () => {
    const date = strictAjv().compile({ type: "string", format: "date" })
    expect(impossibleDates.map((d) => date(d))).toEqual(impossibleDates.map(() => false))
    expect(possibleDates.map((d) => date(d))).toEqual(possibleDates.map(() => true))
  })

  it("the pattern alone refuses them too, for validators that take format as an annotation", () => {
    const date = new RegExp(JsonSchemas.patterns.date, "u")
    expect(impossibleDates.map((d) => date.test(d))).toEqual(impossibleDates.map(() => false))
    expect(possibleDates.map((d) => date.test(d))).toEqual(possibleDates.map(() => true))
  })

  it("the date pattern accepts exactly the dates Time.isLocalDate accepts, over every year, month and day around 1900–2999", () => {
    const date = new RegExp(JsonSchemas.patterns.date, "u")
    const pad = (n: number, width: number) => String(n).padStart(width, "0")
    let disagreements: Array<string> = []
    for (let y = 1890; y <= 3010; y++) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`
          if (date.test(text) !== Time.isLocalDate(text)) disagreements = [...disagreements, text]
        }
      }
    }
    expect(disagreements).toEqual([])
  })

  it("the instant pattern accepts exactly the instants with seconds Time.isInstant accepts", () => {
    const instant = new RegExp(JsonSchemas.patterns.instant, "u")
    const n = (max: number, width: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(width, "0"))
    const text = fc.tuple(
      fc.integer({ min: 1890, max: 3010 }).map(String),
      n(13, 2),
      n(32, 2),
      fc.constantFrom("T", "t", " "),
      n(25, 2),
      n(61, 2),
      fc.option(n(61, 2)),
      fc.option(fc.stringMatching(/^\.\d{0,11}$/)),
      fc.oneof(fc.constantFrom("Z", "z", ""), fc.tuple(fc.constantFrom("+", "-"), n(16, 2), n(61, 2)).map(([s, h, m]) => `${s}${h}:${m}`))
    ).map(([y, mo, d, t, h, mi, s, f, o]) => `${y}-${mo}-${d}${t}${h}:${mi}${s === null ? "" : `:${s}`}${s === null || f === null ? "" : f}${o}`)
    fc.assert(
      fc.property(text, (s) => instant.test(s) === (Time.isInstant(s) && /T\d\d:\d\d:\d\d/.test(s))),
      { numRuns: 20_000, seed: 20_260_308 }
    )
  })
})

/**
 * Events of the kinds the demo year does not record, made by their schemas and encoded by the
 * domain's codec as the store keeps them.
 */
const madeEvents: ReadonlyArray<Domain.Event> = [
  ReadLog.CaseRead.make({ organizationId: "qingbo", caseId: "qingbo-2025-leak", purpose: "年度台帐抽查" }),
  Volunteer.VolunteerUnpaired.make({ organizationId: "qingbo", volunteerId: "v-qb-01", householdId: "qb-h001", unpairedOn: "2025-11-20" }),
  Mediation.MediatorLeft.make({ organizationId: "qingbo", mediatorId: "m-qb-01", leftOn: "2025-06-30" }),
  Mediation.MediationCommitteeEstablished.make({ organizationId: "qingshan", name: "青山街道巾帼调解社", establishedOn: "2025-01-06" }),
  Mediation.CommitteeHeadAppointed.make({ organizationId: "qingshan", mediatorId: "luo-yue-e", appointedOn: "2025-01-07" }),
  Mediation.LegalAdviserAppointed.make({ organizationId: "qingshan", adviserId: "lawyer-wang", appointedOn: "2025-01-07" }),
  Audit.AuditorLeft.make({ organizationId: "dongsheng", auditorId: "auditor-1", leftOn: "2025-06-30" }),
  Signing.SigningKeyRegistered.make({ organizationId: "dongsheng", publicKey: "Gb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=" }),
  Household.HouseholdCircumstancesChanged.make({ householdId: "qb-h001", circumstances: ["empty-nest-elderly", "disability"] }),
  Term.TermEnded.make({ termId: "qingbo-t1", endedOn: "2025-12-30" }),
  Training.TrainingRecorded.make({
    organizationId: "qingshan",
    trainingId: "qingshan-2025-t01",
    topic: "人民调解业务培训",
    trainer: "区司法局律师",
    heldOn: "2025-05-12",
    hours: 3,
    attendees: [{ personId: "luo-yue-e", capacity: "mediator" }, { personId: "liu-xuemei", capacity: "committee-member" }]
  }),
  WorkPlan.WorkPlanAdopted.make({
    organizationId: "qingshan",
    year: 2025,
    meetingId: "qingshan-2025-congress",
    adoptedOn: "2025-01-16",
    targets: [{ targetId: "legal", measure: "legal-lectures", comparator: "at-least", value: 4, text: "全年开展法制讲座4场" }, { targetId: "homes", text: "建好妇女之家" }],
    amends: "qingshan-2024-congress"
  }),
  Place.PlaceRegistered.make({ organizationId: "qingbo", placeId: "qb-hotline", kind: "mediation-hotline", name: "青波社区调解热线", number: "0571-8888 1234", openedOn: "2019-03-08" }),
  Place.PlaceClosed.make({ organizationId: "qingbo", placeId: "qb-hotline", closedOn: "2025-12-31" }),
  Reception.ReceptionDayScheduled.make({ organizationId: "qingbo", receptionDayId: "qb-2025-03-15", on: "2025-03-15", leaderId: "chen-jing", placeId: "qb-home" }),
  Term.ReserveCadreRecorded.make({ organizationId: "qingbo", personId: "zhao-li", recordedOn: "2025-04-10" }),
  Term.ReserveCadreRemoved.make({ organizationId: "qingbo", personId: "zhao-li", removedOn: "2025-10-10" }),
  Case.CaseInformationReported.make({ caseId: "qingbo-2025-leak", from: "qingbo", to: "qingshan", reportedAt: "2025-05-06T10:00:00.000+08:00", summary: "突发纠纷，已到场处置" }),
  Case.CaseInformationAcknowledged.make({ caseId: "qingbo-2025-leak", by: "qingshan", acknowledgedAt: "2025-05-06T15:00:00.000+08:00" }),
  Household.DomesticViolenceFindingWithdrawn.make({ householdId: "qb-h001", caseId: "qingbo-2025-leak", resolvedOn: "2025-09-01" }),
  Award.PersonNominated.make({ campaignId: "qingshan-2025-stars", personId: "liu-xuemei", name: "刘雪梅", organizationId: "qingshan" }),
  Award.UnitNominated.make({ campaignId: "qingshan-2025-posts", unitId: "qb-post", unitKind: "post", unitName: "青波社区便民服务岗", organizationId: "qingbo" }),
  Award.TitleNomineeScored.make({ campaignId: "qingshan-2025-stars", nomineeId: "liu-xuemei", scores: [{ criterionId: "study", score: 9 }] }),
  Award.TitleConferred.make({ campaignId: "qingshan-2025-stars", nomineeId: "liu-xuemei", total: 9, conferredOn: "2025-12-20", reward: { kind: "money", amount: 200, description: "学习之星奖金" } }),
  Award.TitleRechecked.make({ campaignId: "qingshan-2025-stars", nomineeId: "liu-xuemei", outcome: "confirmed", recheckedOn: "2026-12-15" }),
  Assessment.AssessmentRewardGiven.make({ assessmentId: "qingshan-2025-year-end", assesseeId: "qingbo", title: "先进社区妇联", reward: { kind: "plaque" }, givenOn: "2025-12-28" }),
  Report.ReportSubmitted.make({
    reportId: "qingbo-half-year-2025-H1",
    organizationId: "qingbo",
    kind: "half-year",
    period: "2025-H1",
    position: 420,
    contentHash: "9f2b6c1d0e3a4f5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
    sentTo: "qingshan",
    submittedAt: "2025-07-05T10:00:00.000+08:00",
    timeZone: "Asia/Shanghai",
    checkpoint: { size: 420, root: "0".repeat(64), signature: `${"A".repeat(86)}==` }
  }),
  Report.ReportReceived.make({
    organizationId: "qingshan",
    from: "qingbo",
    reportId: "qingbo-half-year-2025-H1",
    kind: "half-year",
    period: "2025-H1",
    position: 420,
    contentHash: "9f2b6c1d0e3a4f5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
    submittedAt: "2025-07-05T10:00:00.000+08:00",
    timeZone: "Asia/Shanghai"
  })
]

describe("every event the domain records", () => {
  let stored: ReadonlyArray<{ readonly type: string; readonly schemaVersion: number; readonly data: unknown }> = []

  beforeAll(async () => {
    const replay = Demo.replayClock(Date.parse(`${Demo.year}-01-01T00:00:00+08:00`))
    const demo = await Effect.runPromise(
      Effect.gen(function*() {
        yield* Demo.seed({ moveClockTo: replay.moveTo })
        return yield* (yield* EventStore).readAll({ after: 0, limit: Number.MAX_SAFE_INTEGER })
      }).pipe(Effect.provide(Layer.mergeAll(Layer.succeed(EventStore, MemoryEventStore.make(replay.clock)), Policy.layer())))
    )
    stored = [...demo, ...madeEvents.map(Domain.codec.encode)]
  }, 60_000)

  it("has a sample of every kind: the demo year's, and the few made here", () => {
    expect(new Set(stored.map((e) => e.type))).toEqual(Domain.codec.types)
    expect(stored.length).toBeGreaterThan(1_000)
  })

  it("validates against its event's definition, as the store keeps it ({ _tag: type, ...data }), at the version the definition states", () => {
    for (const event of stored) {
      const json = { _tag: event.type, ...(event.data as object) }
      const definition = (document.$defs as Record<string, { "x-fulian": JsonSchemas.Annotation }>)[`event.${event.type}`]!
      expect(event.schemaVersion, event.type).toBe(definition["x-fulian"].schemaVersion)
      expect(anEvent(json), event.type).toEqual([])
      expect(anything(json), event.type).toEqual([])
      expect(aCommand(json).length, `${event.type} is no command`).toBeGreaterThan(0)
    }
  })

  it("refuses an event with an impossible date in one of its dates, naming it", () => {
    const visit = stored.find((e) => e.type === "ContactVisitRecorded")!
    const errors = anEvent({ _tag: visit.type, ...(visit.data as object), visitedOn: "2025-02-30" })
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.every((e) => e.instancePath === "/visitedOn")).toBe(true)
  })
})
