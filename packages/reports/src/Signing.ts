/**
 * 签名: an organization's Ed25519 signing key, and the signatures of the checkpoints it sends
 * up with its reports (DOMAIN.md §10 Integrity). The private key is the 32-byte seed kept in
 * the key store under the subject `signing:{organizationId}` (`@fulian/core/Signing`), made
 * the first time it is needed; it never leaves this module. The public key is registered with
 * the level above by the domain's `RegisterSigningKey`.
 *
 * @since 0.1.0
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto"
import { Effect, Redacted } from "effect"
import type { Actor } from "@fulian/core/Actor"
import type { InvalidCommand } from "@fulian/core/Command"
import * as CommandHandler from "@fulian/core/CommandHandler"
import * as Domain from "@fulian/core/Domain"
import * as Organization from "@fulian/core/Organization"
import type { Policy } from "@fulian/core/Policy"
import * as CoreReport from "@fulian/core/Report"
import * as CoreSigning from "@fulian/core/Signing"
import type { EventStore, EventStoreError } from "@fulian/store/EventStore"
import { KeyStore, type KeyStoreError } from "@fulian/store/KeyStore"

// The DER prefixes of an Ed25519 private key (PKCS #8) and public key (SPKI), before their 32 bytes.
const pkcs8Prefix = Buffer.from("302e020100300506032b657004220420", "hex")
const spkiPrefix = Buffer.from("302a300506032b6570032100", "hex")

/** An organization's signing key: its public half (base64), and signing with the private half. */
export interface SigningKey {
  readonly organizationId: string
  readonly publicKey: string
  /** Signs a checkpoint of the log with the private key: the signature, in base64. */
  readonly sign: (checkpoint: { readonly size: number; readonly root: string }) => string
}

const publicOf = (privateKey: KeyObject): string =>
  (createPublicKey(privateKey).export({ format: "der", type: "spki" }) as Buffer).subarray(spkiPrefix.length).toString("base64")

/** The organization's signing key, made (in the key store) the first time it is asked for. */
export const keyOf = (organizationId: string): Effect.Effect<SigningKey, KeyStoreError, KeyStore> =>
  Effect.gen(function*() {
    const subject = CoreSigning.keySubject(organizationId)
    const found = (yield* (yield* KeyStore).obtain([subject])).get(subject)
    if (found === undefined) {
      // A destroyed signing key is never made again: its organization signs no more.
      return yield* Effect.die(new Error(`the signing key of ${organizationId} was destroyed`))
    }
    const privateKey = createPrivateKey({ key: Buffer.concat([pkcs8Prefix, Buffer.from(Redacted.value(found.key))]), format: "der", type: "pkcs8" })
    return {
      organizationId,
      publicKey: publicOf(privateKey),
      sign: (checkpoint) => sign(null, Buffer.from(CoreReport.checkpointNote(organizationId, checkpoint), "utf8"), privateKey).toString("base64")
    }
  })

/** Whether a checkpoint's signature is the organization's, by one of its public keys. */
export const verifies = (
  publicKeys: ReadonlyArray<string>,
  organizationId: string,
  checkpoint: CoreReport.Checkpoint
): boolean => {
  const note = Buffer.from(CoreReport.checkpointNote(organizationId, checkpoint), "utf8")
  const signature = Buffer.from(checkpoint.signature, "base64")
  return publicKeys.some((key) => {
    try {
      const publicKey = createPublicKey({ key: Buffer.concat([spkiPrefix, Buffer.from(key, "base64")]), format: "der", type: "spki" })
      return verify(null, note, publicKey, signature)
    } catch {
      return false
    }
  })
}

/** The public keys of an organization, as the organization that holds them (its parent) keeps them. */
export const registeredKeys = (organizationId: string): Effect.Effect<ReadonlyArray<string>, EventStoreError, EventStore> =>
  Effect.gen(function*() {
    const organization = (yield* CommandHandler.load(Domain.codec, Organization.aggregate, organizationId)).state
    const holder = CoreSigning.holderOf(organization)
    if (holder === undefined) return []
    return (yield* CommandHandler.load(Domain.codec, CoreSigning.aggregate, holder)).state.keys.get(organizationId) ?? []
  })

/**
 * The organization's signing key, registered with the level above if it is not yet (by the
 * actor, who must be on its committee; at `occurredAt`, a moment, if not now).
 */
export const registered = (
  organizationId: string,
  actor: Actor,
  occurredAt?: string
): Effect.Effect<SigningKey, KeyStoreError | EventStoreError | Domain.DomainError | InvalidCommand, KeyStore | EventStore | Policy> =>
  Effect.gen(function*() {
    const key = yield* keyOf(organizationId)
    if (!(yield* registeredKeys(organizationId)).includes(key.publicKey)) {
      // Decoded, not made: an actor from the caller that breaks a rule of input is an `InvalidCommand`.
      yield* Domain.execute(yield* Domain.decodeCommand({
        _tag: "RegisterSigningKey",
        actor,
        organizationId,
        publicKey: key.publicKey,
        ...(occurredAt === undefined ? {} : { occurredAt })
      }))
    }
    return key
  })
