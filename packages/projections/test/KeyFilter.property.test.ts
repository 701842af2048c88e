/**
 * The filter of the rows a rebuild wrote (`internal/KeyFilter`): a rebuild takes its "no" for
 * "this row is not in the store", so a key added must never be answered "no" — whatever the
 * keys, however many. And it must answer "no" to most keys never added, or it spares nothing.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as KeyFilter from "../src/internal/KeyFilter.ts"

describe("the filter of the rows a run wrote", () => {
  it("never answers no for a key added", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("links", "households", "l"), fc.string({ unit: "binary", maxLength: 40 })), { maxLength: 2_000 }), (keys) => {
        const filter = KeyFilter.make()
        for (const [table, key] of keys) {
          const before = KeyFilter.mayHave(filter, table, key)
          // `add` answers what `mayHave` would have answered before it.
          expect(KeyFilter.add(filter, table, key)).toBe(before)
        }
        for (const [table, key] of keys) {
          expect(KeyFilter.mayHave(filter, table, key)).toBe(true)
          expect(KeyFilter.add(filter, table, key)).toBe(true)
        }
      }),
      { numRuns: 200 }
    )
  })

  it("answers no for nearly every key never added, at 200,000 keys added", () => {
    const filter = KeyFilter.make()
    for (let i = 0; i < 200_000; i++) KeyFilter.add(filter, "households", `h${i}`)
    let maybe = 0
    for (let i = 200_000; i < 300_000; i++) if (KeyFilter.mayHave(filter, "households", `h${i}`)) maybe++
    // The table is part of the key: the same keys of another table were never added.
    for (let i = 0; i < 100_000; i++) if (KeyFilter.mayHave(filter, "links", `h${i}`)) maybe++
    // About 1 in 400 in theory (3 hashes, 4,194,304 bits); a tenth of the keys would mean the
    // hashes are not spread.
    expect(maybe).toBeLessThan(2_000)
  })
})
