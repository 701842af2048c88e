/**
 * The federation's calendar (DOMAIN.md §0): local days in a named zone, never UTC days, and
 * dates and instants that are real.
 */
import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Time from "../src/Time.ts"

const beijing = Time.calendar("Asia/Shanghai")

describe("Local days (DOMAIN.md §0)", () => {
  it("starts China's day at 00:00 Beijing time, 16:00 UTC the day before", () => {
    expect(beijing.dateOf("2026-03-07T15:59:59.999Z")).toBe("2026-03-07")
    expect(beijing.dateOf("2026-03-07T16:00:00.000Z")).toBe("2026-03-08")
    expect(beijing.dateOf("2026-03-08T07:30:00+08:00")).toBe("2026-03-08")
    expect(beijing.startOf("2026-03-08")).toBe(Date.parse("2026-03-07T16:00:00Z"))
    expect(beijing.endOf("2026-03-08")).toBe(Date.parse("2026-03-08T15:59:59.999Z"))
    // 23:30 on 31 December in Beijing is still that year; 00:30 on 1 January is the next.
    expect(beijing.dateOf("2025-12-31T15:30:00Z")).toBe("2025-12-31")
    expect(beijing.dateOf("2025-12-31T16:30:00Z")).toBe("2026-01-01")
  })

  it("writes instants and times for people in the zone's own offset", () => {
    const millis = Date.parse("2026-06-01T23:00:00Z")
    expect(beijing.instantOf(millis)).toBe("2026-06-02T07:00:00.000+08:00")
    expect(beijing.format(millis)).toBe("2026-06-02 07:00")
    expect(beijing.format("2026-06-01T23:00:05Z")).toBe("2026-06-02 07:00:05")
    expect(Time.calendar("UTC").instantOf(millis)).toBe("2026-06-01T23:00:00.000+00:00")
  })

  it("counts deadlines in local days: 15 days from 07:00 on 2 June end on 17 June", () => {
    const assigned = beijing.dateOf("2026-06-01T23:00:00Z")
    expect(assigned).toBe("2026-06-02")
    expect(Time.addDays(assigned, 15)).toBe("2026-06-17")
  })

  it("knows days of zones that change their clocks, around midnight too", () => {
    const newYork = Time.calendar("America/New_York")
    // Clocks go forward at 02:00 on 9 March 2025: that day has 23 hours.
    expect(newYork.endOf("2025-03-09") + 1 - newYork.startOf("2025-03-09")).toBe(23 * 3_600_000)
    expect(newYork.startOf("2025-03-09")).toBe(Date.parse("2025-03-09T05:00:00Z"))
    expect(newYork.startOf("2025-03-10")).toBe(Date.parse("2025-03-10T04:00:00Z"))
    // Chile skipped 00:00–00:59 on 8 September 2024: the day began at 01:00 (-03).
    const santiago = Time.calendar("America/Santiago")
    expect(santiago.startOf("2024-09-08")).toBe(Date.parse("2024-09-08T04:00:00Z"))
    expect(santiago.dateOf(santiago.startOf("2024-09-08") - 1)).toBe("2024-09-07")
  })

  it("agrees with the zone database on the local date of any moment, in any zone", () =>
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("1950-01-01T00:00:00Z"), max: Date.parse("2100-01-01T00:00:00Z") }),
        fc.constantFrom("Asia/Shanghai", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago", "UTC"),
        (millis, zone) => {
          const calendar = Time.calendar(zone)
          const expected = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(millis)
          const date = calendar.dateOf(millis)
          expect(date).toBe(expected)
          expect(calendar.startOf(date)).toBeLessThanOrEqual(millis)
          expect(calendar.endOf(date)).toBeGreaterThanOrEqual(millis)
          expect(calendar.dateOf(calendar.startOf(date) - 1)).not.toBe(date)
          expect(Time.toMillis(calendar.instantOf(millis))).toBe(millis)
        }
      ),
      { numRuns: 2000 }
    ))
})

describe("Date arithmetic on local dates", () => {
  it("adds days across months and years, and counts the days between", () => {
    expect(Time.addDays("2025-12-31", 1)).toBe("2026-01-01")
    expect(Time.addDays("2024-02-28", 1)).toBe("2024-02-29")
    expect(Time.addDays("2026-03-01", -1)).toBe("2026-02-28")
    expect(Time.daysBetween("2025-12-31", "2026-01-02")).toBe(2)
    expect(Time.daysBetween("2026-01-02", "2025-12-31")).toBe(-2)
    expect(Time.endOfMonth("2024-02-10")).toBe("2024-02-29")
    expect(Time.monthOf("2024-02-10")).toBe("2024-02")
  })

  it("adds years, 29 February falling to 28 February", () => {
    expect(Time.addYears("2024-02-29", 1)).toBe("2025-02-28")
    expect(Time.addYears("2024-02-29", 4)).toBe("2028-02-29")
    expect(Time.addYears("2026-05-20", 3)).toBe("2029-05-20")
  })

  it("round-trips days and counts", () =>
    fc.assert(fc.property(fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: -5000, max: 5000 }), (n, k) => {
      const date = Time.addDays("1900-01-01", n)
      expect(Time.isLocalDate(date)).toBe(true)
      expect(Time.daysBetween(date, Time.addDays(date, k))).toBe(k)
    })))
})

describe("Real dates and instants only", () => {
  it("refuses dates that do not exist, and years out of range", () => {
    for (const bad of ["2026-02-30", "2026-13-01", "2026-00-10", "2025-02-29", "0000-01-01", "1899-12-31", "3000-01-01", "2026-2-3", "last tuesday", "2026-03-08T00:00:00Z"]) {
      expect(Time.isLocalDate(bad), bad).toBe(false)
      expect(Schema.is(Time.LocalDate)(bad), bad).toBe(false)
    }
    for (const good of ["2024-02-29", "1900-01-01", "2999-12-31"]) expect(Time.isLocalDate(good), good).toBe(true)
  })

  it("refuses instants that do not exist, or have no offset", () => {
    for (const bad of ["2026-02-30T10:00:00Z", "2026-03-08T24:00:00Z", "2026-03-08T23:60:00Z", "2026-03-08T09:30:00", "2026-03-08T09:30:00+15:00", "2026-03-08", "2026-03-08T09:30:61Z"]) {
      expect(Time.isInstant(bad), bad).toBe(false)
    }
    expect(Time.toMillis("2026-03-08T09:30:00+08:00")).toBe(Date.parse("2026-03-08T01:30:00Z"))
    expect(Time.toMillis("2026-03-08T09:30Z")).toBe(Date.parse("2026-03-08T09:30:00Z"))
    expect(Time.toMillis("2026-03-08T09:30:00.123456-05:30")).toBe(Date.parse("2026-03-08T15:00:00.123Z"))
  })

  it("reads dates and instants as the regular expressions of their forms do, for texts near and far from them", () => {
    // The forms, as regular expressions: what the character-reading parsers must agree with.
    const date = /^(\d{4})-(\d{2})-(\d{2})$/
    const instant = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/
    const inDays = (y: number, m: number, d: number) =>
      y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
    const expectedDate = (text: string) => {
      const m = date.exec(text)
      return m !== null && inDays(Number(m[1]), Number(m[2]), Number(m[3]))
    }
    const expectedMillis = (text: string) => {
      const m = instant.exec(text)
      if (m === null || !inDays(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return undefined
      if (m[8] !== "Z" && (Number(m[10]) > 14 || Number(m[11]) > 59)) return undefined
      const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"))
      const offset = m[8] === "Z" ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) * 60_000
      return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms) - offset
    }
    const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"))
    const form = fc.tuple(
      fc.integer({ min: 1890, max: 3005 }).map(String), two, two, two, two,
      fc.option(two), fc.option(fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 0, maxLength: 11 })),
      fc.constantFrom("Z", "+08:00", "-05:30", "+15:00", "+14:60", "", "z", "+0800")
    ).map(([y, mo, d, h, mi, s, f, z]) => `${y}-${mo}-${d}T${h}:${mi}${s === null ? "" : `:${s}${f === null ? "" : `.${f}`}`}${z}`)
    // A form, a date, or either with a character changed, cut or added.
    const text = fc.oneof(form, form.map((t) => t.slice(0, 10)), fc.string()).chain((t) =>
      fc.tuple(fc.constant(t), fc.nat({ max: t.length }), fc.constantFrom("", "0", "9", "-", ":", "T", "Z", ".", "٣", " "), fc.nat({ max: 1 }))
        .map(([t, at, c, cut]) => (cut === 1 ? t.slice(0, at) + c + t.slice(at + 1) : t.slice(0, at) + c + t.slice(at))))
    fc.assert(fc.property(fc.oneof(form, text), (t) => {
      expect(Time.isLocalDate(t), t).toBe(expectedDate(t))
      const millis = expectedMillis(t)
      expect(Time.isInstant(t), t).toBe(millis !== undefined)
      if (millis !== undefined) expect(Time.toMillis(t), t).toBe(millis)
    }), { numRuns: 20_000 })
  })

  it("takes either for when a fact happened", () => {
    expect(Schema.is(Time.OccurredAt)("2026-03-08")).toBe(true)
    expect(Schema.is(Time.OccurredAt)("2026-03-08T09:30:00+08:00")).toBe(true)
    expect(Schema.is(Time.OccurredAt)("2026-03-32")).toBe(false)
  })

  it("knows the zones the runtime knows", () => {
    expect(Time.isTimeZone("Asia/Shanghai")).toBe(true)
    expect(Time.isTimeZone("Mars/Olympus_Mons")).toBe(false)
  })
})
