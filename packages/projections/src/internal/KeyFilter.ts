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

/** Two 32-bit hashes of a string (FNV-1a, and a multiplicative one), for double hashing. */
const hashes = (text: string): readonly [number, number] => {
  let a = 0x811c9dc5
  let b = 0x9e3779b9
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15)
  }
  return [a >>> 0, (b | 1) >>> 0]
}

/** A filter of the keys a run wrote. */
export interface KeyFilter {
  readonly bits: Uint32Array
}

/** An empty filter. */
export const make = (): KeyFilter => ({ bits: new Uint32Array(BITS >>> 5) })

/** Adds a key (mutates the filter: it belongs to one run). */
export const add = (filter: KeyFilter, key: string): void => {
  const [a, b] = hashes(key)
  for (let i = 0; i < 3; i++) {
    const bit = (a + i * b) & MASK
    filter.bits[bit >>> 5]! |= 1 << (bit & 31)
  }
}

/** Whether a key may have been added: `false` means it never was. */
export const mayHave = (filter: KeyFilter, key: string): boolean => {
  const [a, b] = hashes(key)
  for (let i = 0; i < 3; i++) {
    const bit = (a + i * b) & MASK
    if ((filter.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false
  }
  return true
}
