/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, synchronous and with no platform API but
 * `TextEncoder`, so that the core hashes a command anywhere it runs, without an asynchronous
 * turn per command (`crypto.subtle.digest` takes one, and cost a command on the memory store
 * about twice what this does).
 * Checked against the standard's test vectors and against Node's own implementation.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])

const W = new Uint32Array(64)
const H = new Uint32Array(8)
const encoder = new TextEncoder()
// Reused for every message: the UTF-8 bytes and their padding, without an allocation per hash.
let buffer = new Uint8Array(4096)

/** The SHA-256 digest of a text's UTF-8 bytes, in lowercase hex. */
export const sha256Hex = (text: string): string => {
  if (buffer.length < text.length * 3 + 72) buffer = new Uint8Array(text.length * 6 + 72)
  const length = encoder.encodeInto(text, buffer).written
  // The message, a 1 bit, zeros, and its length in bits as 64 bits: whole blocks of 64 bytes.
  const end = Math.ceil((length + 9) / 64) * 64
  const padded = buffer
  padded.fill(0, length, end)
  padded[length] = 0x80
  const bits = length * 8
  padded[end - 5] = bits / 0x100000000
  padded[end - 4] = bits >>> 24
  padded[end - 3] = bits >>> 16
  padded[end - 2] = bits >>> 8
  padded[end - 1] = bits
  H.set([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])
  for (let offset = 0; offset < end; offset += 64) {
    for (let t = 0; t < 16; t++) {
      const i = offset + t * 4
      W[t] = (padded[i]! << 24) | (padded[i + 1]! << 16) | (padded[i + 2]! << 8) | padded[i + 3]!
    }
    for (let t = 16; t < 64; t++) {
      const x = W[t - 15]!
      const y = W[t - 2]!
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)
      W[t] = W[t - 16]! + s0 + W[t - 7]! + s1
    }
    let a = H[0]!
    let b = H[1]!
    let c = H[2]!
    let d = H[3]!
    let e = H[4]!
    let f = H[5]!
    let g = H[6]!
    let h = H[7]!
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
      h = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    H[0] = H[0]! + a
    H[1] = H[1]! + b
    H[2] = H[2]! + c
    H[3] = H[3]! + d
    H[4] = H[4]! + e
    H[5] = H[5]! + f
    H[6] = H[6]! + g
    H[7] = H[7]! + h
  }
  let hex = ""
  for (let i = 0; i < 8; i++) hex += H[i]!.toString(16).padStart(8, "0")
  return hex
}
