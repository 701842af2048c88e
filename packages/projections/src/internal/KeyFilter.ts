/**
 * A set of keys that may answer "maybe" but never forgets a key (a Bloom filter of fixed size,
 * 512 KiB): what a projection run wrote, so that a rebuild does not ask its store for rows it
 * knows were never written. A key never added is answered `false` most of the time (about 1 in
 * 400 answers "maybe" at 200,000 keys, 1 in 8 at a million); a key added is always `true`.
 *
 * Internal to the projection runner; not part of the API.
 *
 * @since 0.3.0
 */

const BITS = 1 << 22
const MASK = BITS - 1

// The two hashes of the key last given (FNV-1a, and a multiplicative one, for double hashing),
// set by `hash`: two numbers, not an array of them, since a run asks once or twice per row.
let h1 = 0
let h2 = 0

/** Hashes a row's table and key, as if joined by a character no table name holds (U+0000). */
const hash = (table: string, key: string): void => {
  let a = 0x811c9dc5
  let b = 0x9e3779b9
  for (let i = 0; i <= table.length + key.length; i++) {
    const c = i < table.length ? table.charCodeAt(i) : i === table.length ? 0 : key.charCodeAt(i - table.length - 1)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15)
  }
  h1 = a >>> 0
  h2 = (b | 1) >>> 0
}

/** A filter of the keys a run wrote. */
export interface KeyFilter {
  readonly bits: Uint32Array
}

/** An empty filter. */
export const make = (): KeyFilter => ({ bits: new Uint32Array(BITS >>> 5) })

/**
 * Adds a table's key (mutates the filter: it belongs to one run); answers whether it may have
 * been added before (`false`: it never was).
 */
export const add = (filter: KeyFilter, table: string, key: string): boolean => {
  hash(table, key)
  let before = true
  for (let i = 0; i < 3; i++) {
    const bit = (h1 + i * h2) & MASK
    const word = bit >>> 5
    const mask = 1 << (bit & 31)
    if ((filter.bits[word]! & mask) === 0) {
      before = false
      filter.bits[word]! |= mask
    }
  }
  return before
}

/** Whether a table's key may have been added: `false` means it never was. */
export const mayHave = (filter: KeyFilter, table: string, key: string): boolean => {
  hash(table, key)
  for (let i = 0; i < 3; i++) {
    const bit = (h1 + i * h2) & MASK
    if ((filter.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false
  }
  return true
}
