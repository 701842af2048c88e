/**
 * AES-256-GCM for one personal value, bound to its subject: the stored form is
 * `enc1:` + base64url(iv ‖ tag ‖ ciphertext), and the subject is the additional authenticated
 * data, so a value cannot be moved to another subject unnoticed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto"

/** The prefix of an encrypted value (and of nothing a person types, in practice). */
export const prefix = "enc1:"

/** Whether a stored value is one of ours (else it was stored in plain, before encryption). */
export const isEncrypted = (value: string): boolean => value.startsWith(prefix)

/** Encrypts a value for a subject with the subject's key. */
export const encrypt = (key: Uint8Array, subject: string, value: string): string => {
  const iv = randomBytes(12)
  const cipher = createCipheriv("aes-256-gcm", key, iv)
  cipher.setAAD(Buffer.from(subject, "utf8"))
  const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()])
  return `${prefix}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`
}

/** Decrypts a value of a subject; `undefined` when it does not authenticate (altered, or another subject's). */
export const decrypt = (key: Uint8Array, subject: string, stored: string): string | undefined => {
  try {
    const raw = Buffer.from(stored.slice(prefix.length), "base64url")
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12))
    decipher.setAAD(Buffer.from(subject, "utf8"))
    decipher.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8")
  } catch {
    return undefined
  }
}
