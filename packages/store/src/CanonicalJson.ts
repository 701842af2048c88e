/**
 * Canonical JSON: one text for equal data, whatever the order of its keys — for hashes that
 * are stored and compared later (a command's hash, kept with its command id; a report's
 * content hash, sent up with it; an event's hash link, `Integrity`). An event's data and
 * metadata are stored in this form. The form is part of the stored data: never change it.
 *
 * @since 0.1.0
 */

/**
 * The canonical JSON of a value: object keys sorted (by UTF-16 code units), no whitespace,
 * `undefined` members left out as JSON leaves them out, and an object with `toJSON` (a `Date`)
 * written as what it gives, as JSON does. Equal data gives equal text. Throws a `TypeError`
 * for what JSON cannot hold (`NaN`, infinities, functions, bigints).
 */
export const canonicalJson = (value: unknown): string => {
  if (typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON())
  }
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value)
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no ${value}`)
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`
  }
  throw new TypeError(`canonical JSON has no ${typeof value}`)
}
