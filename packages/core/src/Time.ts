/**
 * Time as the federation keeps it (DOMAIN.md §0).
 *
 * Two kinds of value: a **local date** (`2025-03-08`, 日期), for things that happen on a day of
 * the federation's own calendar, and an **instant** (`2025-03-08T09:30:00+08:00`, 时刻), a
 * moment written with its offset from UTC. Both are checked as real: no 30 February, no
 * `T24:00`, years 1900–2999.
 *
 * Days are the federation's local days, in the named time zone of its policy (default
 * `Asia/Shanghai`): "today", every deadline counted in days, every month, quarter, half-year
 * and year of a ledger or report. A `Calendar` turns instants into local dates and back, on
 * effect's `DateTime` with named zones; date arithmetic (`addDays`, `daysBetween`, …) works on
 * local dates and needs no zone. There is no UTC shortcut: 07:30 on 8 March in Beijing is 8
 * March, though it is still 7 March in UTC.
 *
 * The present comes from Effect's `Clock`, through the command handler; nothing here reads the
 * wall clock.
 *
 * @since 0.1.0
 */
// Not the `effect` index, which loads every module of effect: the command line reads
// `defaultTimeZone` to parse its flags, and would pay for all of them on `fulian --version`.
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"

/** The federation's time zone when its policy names none: China's. */
export const defaultTimeZone = "Asia/Shanghai"

const MINUTE = 60_000
const DAY = 86_400_000

// ---------------------------------------------------------------------------------------------
// Civil dates as day numbers (days since 1970-01-01), proleptic Gregorian: exact and fast,
// with no Date objects. After H. Hinnant's days_from_civil / civil_from_days.
// ---------------------------------------------------------------------------------------------

const daysFromCivil = (y: number, m: number, d: number): number => {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

const civilFromDays = (days: number): readonly [number, number, number] => {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return [m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d]
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0")

const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31

const dateText = (days: number): string => {
  const [y, m, d] = civilFromDays(days)
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`
}

/** The first and last year a date or instant may have. */
export const years = { first: 1900, last: 2999 } as const

const calendarDate = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)

const realDate = (y: number, m: number, d: number): boolean => y >= years.first && y <= years.last && calendarDate(y, m, d)

// The parsers below read characters rather than match a regular expression: every event a
// ledger folds has its dates read, and a match's array is garbage made per date.

/** Whether a character code is an ASCII digit. */
const isDigit = (code: number): boolean => code >= 48 && code <= 57

/** The number written by `n` ASCII digits from `at`, or -1 if one of them is not a digit (or is missing). */
const digitsAt = (text: string, at: number, n: number): number => {
  let value = 0
  for (let i = at; i < at + n; i++) {
    const code = text.charCodeAt(i)
    if (!isDigit(code)) return -1
    value = value * 10 + code - 48
  }
  return value
}

/**
 * `YYYY-MM-DD` at the start of a text, as the number y·10000 + m·100 + d (no array made), or -1
 * if it is not written so.
 */
const dateAt = (text: string): number => {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return -1
  const y = digitsAt(text, 0, 4)
  const m = digitsAt(text, 5, 2)
  const d = digitsAt(text, 8, 2)
  return y < 0 || m < 0 || d < 0 ? -1 : y * 10000 + m * 100 + d
}

/**
 * The day number of a date written YYYY-MM-DD, or `undefined` if it is not one; `inRange`
 * also asks for a year from `years.first` to `years.last` (input is checked so; arithmetic
 * may step outside).
 */
const dayNumber = (date: string, inRange = true): number | undefined => {
  const ymd = typeof date === "string" && date.length === 10 ? dateAt(date) : -1
  if (ymd < 0) return undefined
  const y = Math.floor(ymd / 10000)
  const m = Math.floor(ymd / 100) % 100
  const d = ymd % 100
  return (inRange ? realDate(y, m, d) : calendarDate(y, m, d)) ? daysFromCivil(y, m, d) : undefined
}

/**
 * Epoch milliseconds of an instant, or `undefined` if it is not a real one: `YYYY-MM-DDTHH:MM`,
 * then optionally `:SS` and after it a fraction of 1 to 9 digits (milliseconds kept), then `Z`
 * or an offset `±HH:MM` of at most 14 hours.
 */
const instantMillis = (text: string): number | undefined => {
  if (typeof text !== "string" || text.length < 17 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58) return undefined
  const ymd = dateAt(text)
  const h = digitsAt(text, 11, 2)
  const mi = digitsAt(text, 14, 2)
  if (ymd < 0 || h < 0 || mi < 0) return undefined
  const y = Math.floor(ymd / 10000)
  const mo = Math.floor(ymd / 100) % 100
  const d = ymd % 100
  let at = 16
  let s = 0
  let ms = 0
  if (text.charCodeAt(at) === 58) {
    s = digitsAt(text, at + 1, 2)
    if (s < 0) return undefined
    at += 3
    if (text.charCodeAt(at) === 46) {
      const start = ++at
      while (at - start < 9 && isDigit(text.charCodeAt(at))) at++
      if (at === start) return undefined
      for (let i = 0; i < 3; i++) ms = ms * 10 + (start + i < at ? text.charCodeAt(start + i) - 48 : 0)
    }
  }
  if (!realDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined
  const zone = text.charCodeAt(at)
  let offset = 0
  if (zone === 90) {
    if (at + 1 !== text.length) return undefined
  } else if (zone === 43 || zone === 45) {
    if (at + 6 !== text.length || text.charCodeAt(at + 3) !== 58) return undefined
    const oh = digitsAt(text, at + 1, 2)
    const om = digitsAt(text, at + 4, 2)
    if (oh < 0 || om < 0 || oh > 14 || om > 59) return undefined
    offset = (zone === 45 ? -1 : 1) * (oh * 60 + om) * MINUTE
  } else {
    return undefined
  }
  return daysFromCivil(y, mo, d) * DAY + ((h * 60 + mi) * 60 + s) * 1000 + ms - offset
}

/** Whether a text is a real local date `YYYY-MM-DD`. */
export const isLocalDate = (text: string): boolean => dayNumber(text) !== undefined

/** Whether a text is a real ISO 8601 instant with its offset (`Z` or `±hh:mm`). */
export const isInstant = (text: string): boolean => instantMillis(text) !== undefined

/** A local date, `YYYY-MM-DD` (日期): a day of the federation's calendar. */
export const LocalDate = Schema.String.check(
  Schema.makeFilter(isLocalDate, { expected: "a real date written YYYY-MM-DD (years 1900–2999)" })
)

/** A local date, `YYYY-MM-DD`. */
export type LocalDate = typeof LocalDate.Type

/** A moment, ISO 8601 with its offset: `2025-03-08T09:30:00+08:00` or `…Z` (时刻). */
export const Instant = Schema.String.check(
  Schema.makeFilter(isInstant, { expected: "a real ISO 8601 time with its offset, such as 2025-03-08T09:30:00+08:00" })
)

/** A moment, ISO 8601 with its offset. */
export type Instant = typeof Instant.Type

/**
 * When a fact happened (发生时间), as a command gives it: a moment with its offset, or a local
 * date where the fact is a date.
 */
export const OccurredAt = Schema.String.check(
  Schema.makeFilter((s: string) => isInstant(s) || isLocalDate(s), {
    expected: "when it happened: a time with its offset (2025-03-08T09:30:00+08:00) or a date (2025-03-08)"
  })
)

/** When a fact happened: an instant or a local date. */
export type OccurredAt = typeof OccurredAt.Type

/** Epoch milliseconds of an instant. A text that is not a real instant is a defect. */
export const toMillis = (instant: string): number => {
  const millis = instantMillis(instant)
  if (millis === undefined) throw new RangeError(`not an ISO 8601 instant with its offset: ${JSON.stringify(instant)}`)
  return millis
}

// ---------------------------------------------------------------------------------------------
// Date arithmetic: on local dates, with no zone.
// ---------------------------------------------------------------------------------------------

const daysOf = (date: LocalDate): number => {
  const days = dayNumber(date, false)
  if (days === undefined) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`)
  return days
}

/** A date plus a number of days. */
export const addDays = (date: LocalDate, days: number): LocalDate => dateText(daysOf(date) + days)

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: LocalDate, to: LocalDate): number => daysOf(to) - daysOf(from)

/** A date plus a number of years; 29 February falls to 28 February in a common year. */
export const addYears = (date: LocalDate, years: number): LocalDate => {
  const [y, m, d] = civilFromDays(daysOf(date))
  const year = y + years
  return `${pad(year, 4)}-${pad(m)}-${pad(Math.min(d, daysInMonth(year, m)))}`
}

/** The year of a date or instant. */
export const yearOf = (dateOrInstant: string): number => Number(dateOrInstant.slice(0, 4))

/** The month of a date, `YYYY-MM`. */
export const monthOf = (date: LocalDate): string => date.slice(0, 7)

/** The last day of the month of a date. */
export const endOfMonth = (date: LocalDate): LocalDate => {
  const [y, m] = civilFromDays(daysOf(date))
  return `${pad(y, 4)}-${pad(m)}-${pad(daysInMonth(y, m))}`
}

/** The days from `from` to `to`, both included; empty when `to` is before `from`. */
export interface DateRange {
  readonly from: LocalDate
  readonly to: LocalDate
}

/** Whether a date lies within a range (both ends included). */
export const within = (range: DateRange, date: LocalDate): boolean => range.from <= date && date <= range.to

// ---------------------------------------------------------------------------------------------
// The calendar: instants and local dates in a named zone.
// ---------------------------------------------------------------------------------------------

/**
 * A federation's calendar (历法): its named time zone, and the conversions between moments
 * and its local days. Get one with `calendar(zone)`.
 */
export interface Calendar {
  /** The IANA name of the zone, e.g. `Asia/Shanghai`. */
  readonly zone: string
  /** The zone's offset from UTC at a moment, in minutes (480 for Beijing time). */
  readonly offsetMinutes: (millis: number) => number
  /** The local date of a moment (epoch ms, or an instant). */
  readonly dateOf: (at: number | Instant) => LocalDate
  /** The first moment of a local date, in epoch ms. */
  readonly startOf: (date: LocalDate) => number
  /** The last millisecond of a local date. */
  readonly endOf: (date: LocalDate) => number
  /** A moment as an instant written in the zone's offset: `2025-03-08T09:30:00.000+08:00`. */
  readonly instantOf: (millis: number) => Instant
  /** A moment for people, in local time: `2025-03-08 09:30` (with seconds when not 0). */
  readonly format: (at: number | Instant) => string
}

// Offsets change only at a zone's transitions, which fall on quarter hours of UTC; a cache by
// quarter hour keeps the zone database (Intl, through DateTime) out of every conversion.
const QUARTER = 15 * MINUTE
const CACHE_LIMIT = 50_000

const makeCalendar = (zone: string, timeZone: DateTime.TimeZone): Calendar => {
  const offsets = new Map<number, number>()
  const offsetMinutes = (millis: number): number => {
    const key = Math.floor(millis / QUARTER)
    let offset = offsets.get(key)
    if (offset === undefined) {
      offset = Math.round(DateTime.zonedOffset(DateTime.makeZonedUnsafe(key * QUARTER, { timeZone })) / MINUTE)
      if (offsets.size >= CACHE_LIMIT) offsets.clear()
      offsets.set(key, offset)
    }
    return offset
  }
  const millisOf = (at: number | Instant) => (typeof at === "number" ? at : toMillis(at))
  const dateOf = (at: number | Instant): LocalDate => {
    const millis = millisOf(at)
    return dateText(Math.floor((millis + offsetMinutes(millis) * MINUTE) / DAY))
  }
  const startOf = (date: LocalDate): number => {
    const local = daysOf(date) * DAY
    // Local midnight with the offset in force a day before and a day after; across a
    // transition at midnight only one of them starts the day (the earlier, when both do).
    const candidates = [local - offsetMinutes(local - DAY) * MINUTE, local - offsetMinutes(local + DAY) * MINUTE].sort((a, b) => a - b)
    return candidates.find((c) => dateOf(c) === date && dateOf(c - 1) !== date) ?? candidates[0]!
  }
  const instantOf = (millis: number): Instant => {
    const offset = offsetMinutes(millis)
    const local = millis + offset * MINUTE
    const days = Math.floor(local / DAY)
    const inDay = local - days * DAY
    const sign = offset < 0 ? "-" : "+"
    const abs = Math.abs(offset)
    return `${dateText(days)}T${pad(Math.floor(inDay / 3_600_000))}:${pad(Math.floor(inDay / MINUTE) % 60)}:${pad(Math.floor(inDay / 1000) % 60)}.${pad(inDay % 1000, 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  }
  const format = (at: number | Instant): string => {
    const text = instantOf(millisOf(at))
    const seconds = text.slice(16, 23)
    return `${text.slice(0, 10)} ${text.slice(11, 16)}${seconds === ":00.000" ? "" : text.slice(16, 19)}`
  }
  return {
    zone,
    offsetMinutes,
    dateOf,
    startOf,
    endOf: (date) => startOf(addDays(date, 1)) - 1,
    instantOf,
    format
  }
}

const calendars = new Map<string, Calendar>()

/** Whether a text names a time zone this runtime knows (`Asia/Shanghai`, `UTC`, …). */
export const isTimeZone = (zone: string): boolean => {
  if (calendars.has(zone)) return true
  try {
    DateTime.zoneMakeNamedUnsafe(zone)
    return true
  } catch {
    return false
  }
}

/** The calendar of a named time zone; an unknown zone is a defect (check with `isTimeZone`). */
export const calendar = (zone: string): Calendar => {
  let found = calendars.get(zone)
  if (found === undefined) {
    const timeZone = DateTime.zoneMakeNamedUnsafe(zone)
    found = makeCalendar(zone, timeZone)
    calendars.set(zone, found)
  }
  return found
}

/** The calendar of a policy (its `timeZone`). */
export const calendarOf = (policy: { readonly timeZone: string }): Calendar => calendar(policy.timeZone)

/**
 * A moment a query is judged at, from a date or an instant: a date means the end of that local
 * day (everything that happened on it counts), an instant that moment.
 */
export interface JudgedAt {
  /** The moment, in epoch ms. */
  readonly millis: number
  /** Its local date. */
  readonly date: LocalDate
}

/** The moment of a date (its last millisecond) or instant, in a calendar; `undefined` if it is neither. */
export const judgedAt = (dateOrInstant: string, cal: Calendar): JudgedAt | undefined => {
  if (isLocalDate(dateOrInstant)) return { millis: cal.endOf(dateOrInstant), date: dateOrInstant }
  const millis = instantMillis(dateOrInstant)
  return millis === undefined ? undefined : { millis, date: cal.dateOf(millis) }
}
