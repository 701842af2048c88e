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
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 40 }), { maxLength: 2_000 }), (keys) => {
        const filter = KeyFilter.make()
        for (const key of keys) KeyFilter.add(filter, key)
        for (const key of keys) expect(KeyFilter.mayHave(filter, key)).toBe(true)
      }),
      { numRuns: 200 }
    )
  })

  it("answers no for nearly every key never added, at 200,000 keys added", () => {
    const filter = KeyFilter.make()
    for (let i = 0; i < 200_000; i++) KeyFilter.add(filter, `households\u0000h${i}`)
    let maybe = 0
    for (let i = 200_000; i < 300_000; i++) if (KeyFilter.mayHave(filter, `households\u0000h${i}`)) maybe++
    // About 1 in 400 in theory (3 hashes, 4,194,304 bits); a tenth of the keys would mean the
    // hashes are not spread.
    expect(maybe).toBeLessThan(1_000)
  })
})
