/**
 * Late entries (补录) as the ledgers count them: lags folded record by record (`addLag`) and
 * merged (`mergeLags`) count, under any policy, exactly the records entered more days late
 * than it allows — a lag beyond the longest a policy may set counting as late under all — and
 * stay `[days, records]` pairs in order of days, each day once. Lags are values: adding to or
 * merging some never changes them.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { maxLateEntryDays } from "@fulian/core/Policy"
import { addLag, type Lags, lateEntries, mergeLags } from "../../src/ledgers/Ledger.ts"

/** Days a record was entered after its fact: mostly within a year, some far beyond. */
const lag = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: maxLateEntryDays + 1 }), fc.integer({ min: 0, max: 5_000 }))
const policyDays = fc.integer({ min: 0, max: maxLateEntryDays })

const folded = (lags: ReadonlyArray<number>): Lags | undefined => lags.reduce<Lags | undefined>(addLag, undefined)
const late = (lags: ReadonlyArray<number>, allowed: number) => lags.filter((d) => d > allowed).length

const wellFormed = (lags: Lags | undefined) => {
  for (const [i, [days, records]] of (lags ?? []).entries()) {
    expect(days).toBeGreaterThanOrEqual(1)
    expect(days).toBeLessThanOrEqual(maxLateEntryDays + 1)
    expect(records).toBeGreaterThanOrEqual(1)
    if (i > 0) expect(days).toBeGreaterThan(lags![i - 1]![0])
  }
}

describe("lags (补录 counts)", () => {
  it("count the records entered later than any policy allows, as pairs in order of days", () => {
    fc.assert(fc.property(fc.array(lag, { maxLength: 40 }), policyDays, (lags, allowed) => {
      const counted = folded(lags)
      wellFormed(counted)
      expect(lateEntries(counted, { lateEntryDays: allowed })).toBe(late(lags, allowed))
    }))
  })

  it("merged, count the records of both, as one fold of all of them would", () => {
    fc.assert(fc.property(fc.array(lag, { maxLength: 30 }), fc.array(lag, { maxLength: 30 }), policyDays, (a, b, allowed) => {
      const merged = mergeLags(folded(a), folded(b))
      wellFormed(merged)
      expect(merged).toEqual(folded([...a, ...b]))
      expect(lateEntries(merged, { lateEntryDays: allowed })).toBe(late(a, allowed) + late(b, allowed))
    }))
  })

  it("are values: adding and merging leave the lags they were given as they were", () => {
    fc.assert(fc.property(fc.array(lag, { minLength: 1, maxLength: 20 }), lag, (lags, more) => {
      const before = folded(lags)
      const copy = structuredClone(before)
      addLag(before, more)
      mergeLags(before, before)
      expect(before).toEqual(copy)
    }))
  })
})
