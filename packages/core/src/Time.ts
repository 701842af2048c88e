/**
 * Dates and instants as the domain records them: calendar dates (`2026-03-08`) for things
 * that happen on a day, UTC instants (`2026-03-08T09:30:00.000Z`) for moments. The present
 * comes from Effect's `Clock` through the command handler, never from the wall clock here.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const DAY = 86_400_000

const isRealDate = (s: string): boolean => {
  const t = Date.parse(`${s}T00:00:00.000Z`)
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s
}

/** A calendar date, `YYYY-MM-DD` (日期). */
export const LocalDate = Schema.String.check(
  Schema.makeFilter((s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDate(s), {
    expected: "a date written YYYY-MM-DD"
  })
)

/** A calendar date, `YYYY-MM-DD`. */
export type LocalDate = typeof LocalDate.Type

/** A moment in UTC, ISO 8601 (时间). */
export const Instant = Schema.String.check(
  Schema.makeFilter((s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
    expected: "an ISO 8601 time such as 2026-03-08T09:30:00Z"
  })
)

/** A moment in UTC, ISO 8601. */
export type Instant = typeof Instant.Type

/** Milliseconds since the epoch of a date (its UTC midnight) or an instant. */
export const toMillis = (dateOrInstant: string): number =>
  Date.parse(dateOrInstant.length === 10 ? `${dateOrInstant}T00:00:00.000Z` : dateOrInstant)

/** The instant of epoch milliseconds, as ISO 8601 UTC. */
export const instantOf = (millis: number): Instant => new Date(millis).toISOString()

/** The UTC calendar date of epoch milliseconds or of an instant. */
export const dateOf = (at: number | string): LocalDate =>
  new Date(typeof at === "number" ? at : toMillis(at)).toISOString().slice(0, 10)

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string | number, to: string | number): number => {
  const a = typeof from === "number" ? from : toMillis(from)
  const b = typeof to === "number" ? to : toMillis(to)
  return Math.floor((b - a) / DAY)
}

/** A date plus a number of days. */
export const addDays = (date: string, days: number): LocalDate => dateOf(toMillis(date) + days * DAY)

/** A date plus a number of years; 29 February falls to 28 February in a common year. */
export const addYears = (date: LocalDate, years: number): LocalDate => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  const target = `${String(y + years).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
  return isRealDate(target) ? target : addDays(target.slice(0, 8) + "28", 0)
}

/** The year of a date or instant. */
export const yearOf = (dateOrInstant: string): number => Number(dateOrInstant.slice(0, 4))
