/**
 * An aggregate's state as JSON, for its snapshots: a `Map` is `{ "@map": [[key, value], …] }`,
 * a `Set` is `{ "@set": [value, …] }`, objects and arrays are themselves, and an `undefined`
 * property is left out (as `JSON.stringify` leaves it out). Anything else — a class instance, a
 * `Date`, a `bigint`, a number JSON cannot hold, an object of its own with an `@map` or `@set`
 * key — is refused with a thrown error: such a state cannot be snapshotted as it is.
 */

const MAP = "@map"
const SET = "@set"

/** The state as JSON-compatible data; throws for a value it cannot represent faithfully. */
export const encode = (value: unknown): unknown => {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`a state holds ${value}, which JSON cannot hold`)
    return value
  }
  if (typeof value !== "object") throw new Error(`a state holds a ${typeof value}, which JSON cannot hold`)
  if (value instanceof Map) return { [MAP]: [...value].map(([k, v]) => [encode(k), encode(v)]) }
  if (value instanceof Set) return { [SET]: [...value].map(encode) }
  if (Array.isArray(value)) return value.map(encode)
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) throw new Error("a state holds an instance of a class, which JSON cannot hold")
  if (MAP in value || SET in value) throw new Error(`a state holds an object with a key ${MAP} or ${SET}, which its JSON could not tell from a Map or a Set`)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encode(v)
  return out
}

/** The state that `encode` made JSON of. */
export const decode = (json: unknown): unknown => {
  if (json === null || typeof json !== "object") return json
  if (Array.isArray(json)) return json.map(decode)
  const record = json as Record<string, unknown>
  const entries = record[MAP]
  if (Array.isArray(entries)) return new Map(entries.map((e: ReadonlyArray<unknown>) => [decode(e[0]), decode(e[1])]))
  const values = record[SET]
  if (Array.isArray(values)) return new Set(values.map(decode))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(record)) out[k] = decode(v)
  return out
}
