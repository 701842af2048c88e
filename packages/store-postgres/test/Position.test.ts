import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Position from "@fulian/store-postgres/Position"

describe("Position", () => {
  it("splits back into the transaction id and the place in the append", () =>
    fc.assert(fc.property(
      fc.integer({ min: 0, max: Position.maxTransaction }),
      fc.integer({ min: 0, max: Position.maxEventsPerAppend - 1 }),
      (transaction, ordinal) => {
        const position = Position.make(transaction, ordinal)
        expect(Number.isSafeInteger(position)).toBe(true)
        expect(Position.transactionOf(position)).toBe(transaction)
        expect(Position.ordinalOf(position)).toBe(ordinal)
      }
    )))

  it("orders by transaction id first, then by place in the append", () =>
    fc.assert(fc.property(
      fc.tuple(fc.integer({ min: 0, max: Position.maxTransaction }), fc.integer({ min: 0, max: Position.maxEventsPerAppend - 1 })),
      fc.tuple(fc.integer({ min: 0, max: Position.maxTransaction }), fc.integer({ min: 0, max: Position.maxEventsPerAppend - 1 })),
      ([t1, o1], [t2, o2]) => {
        const byParts = t1 === t2 ? Math.sign(o1 - o2) : Math.sign(t1 - t2)
        expect(Math.sign(Position.make(t1, o1) - Position.make(t2, o2))).toBe(byParts)
      }
    )))

  it("stays below 2^53 for every transaction id it accepts, and refuses the rest", () => {
    expect(Position.make(Position.maxTransaction, Position.maxEventsPerAppend - 1)).toBe(Number.MAX_SAFE_INTEGER)
    expect(Position.make(1234n, 5)).toBe(1234 * 1024 + 5)
    expect(Position.firstOf(7)).toBe(7 * 1024)
    expect(() => Position.make(Position.maxTransaction + 1, 0)).toThrow(RangeError)
    expect(() => Position.make(-1, 0)).toThrow(RangeError)
    expect(() => Position.make(1, Position.maxEventsPerAppend)).toThrow(RangeError)
    expect(() => Position.make(1, 0.5)).toThrow(RangeError)
  })
})
