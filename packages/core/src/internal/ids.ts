/**
 * uuid v7 ids at the time the Clock gives, with random bits drawn from a pool: the uuid
 * package asks the system for 16 random bytes per id, which showed as a tenth of the command
 * handler's time.
 */
import { v7 } from "uuid"

const pool = new Uint8Array(16 * 512)
let next = pool.length

const rng = (): Uint8Array => {
  if (next === pool.length) {
    globalThis.crypto.getRandomValues(pool)
    next = 0
  }
  // A copy: uuid may keep the array it is given.
  const bytes = pool.slice(next, next + 16)
  next += 16
  return bytes
}

/** A uuid v7 for the given epoch milliseconds. */
export const uuidV7 = (msecs: number): string => v7({ msecs, rng })
