import { Schema } from "effect"
import fc from "fast-check"
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

describe("blanking an event's personal data", () => {
  /** Data with values along some paths: objects, arrays, strings and other values where the paths lead, and beside them. */
  const along = (paths: ReadonlyArray<ReadonlyArray<string>>, depth = 0): fc.Arbitrary<unknown> => {
    const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null), fc.constant(""))
    const live = paths.filter((p) => p.length > depth)
    if (live.length === 0) return leaf
    const heads = [...new Set(live.map((p) => p[depth]!))]
    const inner = along(live, depth + 1)
    const arrays = heads.includes("*") ? [fc.array(inner, { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b", "c"), inner, { maxKeys: 3 })] : []
    const named = heads.filter((h) => h !== "*")
    const objects = fc.record(Object.fromEntries([...named.map((h) => [h, along(live.filter((p) => p[depth] === h), depth + 1)]), ["other", leaf]]), { requiredKeys: [] })
    return fc.oneof(objects, leaf, ...arrays)
  }

  it("gives what replacing each personal value found by an empty text gives, for every event type's fields and any data along them", () => {
    for (const [tag, fields] of Domain.personalFields) {
      fc.assert(fc.property(along(fields.map((f) => f.path)), (data) => {
        const given = structuredClone(data)
        const found = PersonalData.find(data, fields)
        expect(PersonalData.blank(data, fields), tag).toEqual(PersonalData.replace(data, found.map((f) => ({ at: f.at, value: "" }))))
        // The data given is left as it was.
        expect(data, tag).toEqual(given)
      }), { numRuns: 200 })
    }
  })
})

describe("the subject of a stream's reasons", () => {
  it("is a training's own subject for a training, and the stream's record for places, reception days and plans", () => {
    expect(PersonalData.reasonSubject("training-c1/tr1")).toBe("training:c1/tr1")
    expect(PersonalData.reasonSubject("case-k1")).toBe("case:k1")
    for (const stream of ["places-c1", "reception-c1", "work-plan-c1"]) expect(PersonalData.reasonSubject(stream)).toBe(`record:${stream}`)
  })
})
