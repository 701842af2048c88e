import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import * as Domain from "../src/Domain.ts"
import { tagsOf } from "../src/EventCodec.ts"
import * as Household from "../src/Household.ts"
import * as PersonalData from "../src/PersonalData.ts"

describe("personal data is marked in the schemas", () => {
  it("finds the marked fields of an event", () => {
    expect(PersonalData.paths(Household.HouseholdRegistered).map((p) => p.join("."))).toEqual(["headName", "address"])
  })

  it("finds fields inside arrays and optional fields", () => {
    const S = Schema.Struct({
      parties: Schema.Array(Schema.Struct({ name: PersonalData.personal(Schema.String), role: Schema.String })),
      note: Schema.optional(PersonalData.personal(Schema.String))
    })
    expect(PersonalData.paths(S).map((p) => p.join("."))).toEqual(["parties.*.name", "note"])
  })

  it("finds none where none is marked", () => {
    expect(PersonalData.paths(Household.HouseholdCircumstancesChanged)).toEqual([])
  })

  it("lists every event type of the domain with its personal fields", () => {
    const byType = new Map(tagsOf(Domain.Event).map((t) => [t, [] as Array<string>]))
    expect(byType.size).toBeGreaterThan(3)
    expect(PersonalData.paths(Domain.Event).length).toBeGreaterThan(1)
  })
})

describe("the subject of a stream's reasons", () => {
  it("is a training's own subject for a training, and the stream's record for places, reception days and plans", () => {
    expect(PersonalData.reasonSubject("training-c1/tr1")).toBe("training:c1/tr1")
    expect(PersonalData.reasonSubject("case-k1")).toBe("case:k1")
    for (const stream of ["places-c1", "reception-c1", "work-plan-c1"]) expect(PersonalData.reasonSubject(stream)).toBe(`record:${stream}`)
  })
})
