import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { canonicalJson } from "../src/CanonicalJson.ts"
import * as Integrity from "../src/Integrity.ts"

/**
 * The first implementation, kept as the specification of the stored form: the faster one must
 * give the same text for every value (hashes stored with it are compared forever).
 */
const reference = (value: unknown): string => {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value)
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no ${value}`)
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : reference(v))).join(",")}]`
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(",")}}`
  }
  throw new TypeError(`canonical JSON has no ${typeof value}`)
}

/** The same value with every object's keys given in reverse order. */
const reversed = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(reversed)
    : typeof value === "object" && value !== null
    ? Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reversed((value as Record<string, unknown>)[k])]))
    : value

describe("canonical JSON", () => {
  it("gives one text for equal data, whatever the order of keys, that reads back as the data, as the first implementation did", () =>
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const text = canonicalJson(value)
      expect(text).toBe(reference(value))
      expect(canonicalJson(reversed(value))).toBe(text)
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)))
      expect(canonicalJson(JSON.parse(text))).toBe(text)
    }), { numRuns: 1000 }))

  it("sorts keys by UTF-16 code units, few or many, of any characters", () =>
    fc.assert(fc.property(fc.dictionary(fc.string({ unit: "binary", maxLength: 4 }), fc.integer(), { maxKeys: 40 }), (value) => {
      expect(canonicalJson(value)).toBe(reference(value))
      expect(canonicalJson(reversed(value))).toBe(reference(value))
    }), { numRuns: 500 }))

  it("leaves out undefined members, writes undefined items as null, and writes what toJSON gives", () => {
    expect(canonicalJson({ b: 1, a: undefined, c: [undefined, 2], d: new Date(Date.UTC(2026, 0, 2)) }))
      .toBe(`{"b":1,"c":[null,2],"d":"2026-01-02T00:00:00.000Z"}`)
  })

  it("refuses what JSON cannot hold", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 1n, () => 1, undefined, { a: [Symbol("s")] }]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError)
    }
  })

  it("writes an event's identity line as the canonical JSON of its four fields", () =>
    fc.assert(fc.property(
      fc.string({ unit: "binary" }),
      fc.oneof(fc.integer(), fc.double()),
      fc.string({ unit: "binary" }),
      fc.string({ unit: "binary" }),
      (eventId, schemaVersion, stream, type) => {
        const expected = (() => {
          try {
            return reference({ eventId, schemaVersion, stream, type })
          } catch (error) {
            return error
          }
        })()
        if (expected instanceof TypeError) {
          expect(() => Integrity.identityText({ eventId, schemaVersion, stream, type })).toThrow(TypeError)
          return
        }
        expect(Integrity.identityText({ eventId, schemaVersion, stream, type })).toBe(expected)
        expect(Integrity.newEventIdentityText(stream, { eventId, schemaVersion, type, data: {}, metadata: {} as never })).toBe(expected)
      }
    ), { numRuns: 500 }))
})
