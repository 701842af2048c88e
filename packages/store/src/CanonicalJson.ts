/**
 * Canonical JSON: one text for equal data, whatever the order of its keys — for hashes that
 * are stored and compared later (a command's hash, kept with its command id; a report's
 * content hash, sent up with it; an event's hash link, `Integrity`). An event's data and
 * metadata are stored in this form. The form is part of the stored data: never change it.
 *
 * @since 0.1.0
 */

// Object keys as JSON strings, kept once made: an event's keys are the few names of its
// schema's fields, and quoting them again was a third of the time of an event's texts. Bounded,
// for data whose keys are its own (a map by id).
const quotedKeys = new Map<string, string>()
const quoted = (key: string): string => {
  let text = quotedKeys.get(key)
  if (text === undefined) {
    text = JSON.stringify(key)
    if (quotedKeys.size < 4096) quotedKeys.set(key, text)
  }
  return text
}

/**
 * An object's own keys sorted by UTF-16 code units, the default order of `sort` (`<` on strings
 * compares them so): by insertion for the few keys of an event's fields, which allocates nothing
 * more, where `sort` allocated a work array at every call (a tenth of a command's garbage).
 */
const sortedKeys = (value: object): Array<string> => {
  const keys = Object.keys(value)
  if (keys.length > 16) return keys.sort()
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!
    let j = i - 1
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!
      j--
    }
    keys[j + 1] = key
  }
  return keys
}

/**
 * The canonical JSON of a value: object keys sorted (by UTF-16 code units), no whitespace,
 * `undefined` members left out as JSON leaves them out, and an object with `toJSON` (a `Date`)
 * written as what it gives, as JSON does. Equal data gives equal text. Throws a `TypeError`
 * for what JSON cannot hold (`NaN`, infinities, functions, bigints).
 */
export const canonicalJson = (value: unknown): string => {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value)
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no ${value}`)
      return JSON.stringify(value)
    case "boolean":
      return value ? "true" : "false"
    case "object": {
      if (value === null) return "null"
      if (Array.isArray(value)) {
        let text = "["
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i]
          text += (i === 0 ? "" : ",") + (item === undefined ? "null" : canonicalJson(item))
        }
        return `${text}]`
      }
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return canonicalJson((value as { toJSON: () => unknown }).toJSON())
      const keys = sortedKeys(value)
      const record = value as Record<string, unknown>
      let text = "{"
      for (const key of keys) {
        const member = record[key]
        if (member === undefined) continue
        text += `${text.length === 1 ? "" : ","}${quoted(key)}:${canonicalJson(member)}`
      }
      return `${text}}`
    }
    default:
      throw new TypeError(`canonical JSON has no ${typeof value}`)
  }
}
