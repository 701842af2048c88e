/**
 * 签名密钥: each organization's signing key (Ed25519), with which it signs the checkpoints of
 * the log it sends up with its reports (DOMAIN.md §10 Integrity). The private key stays where
 * the keys of personal data are kept (`KeyStore`, under the subject `signing:{organizationId}`);
 * the public key is registered, by an event, with the level above — in the parent's own
 * records, where the sender cannot rewrite it — so that the parent can check every checkpoint
 * the sender signs. The top organization, which has no level above, registers it in its own.
 *
 * Stream: `signing-keys-{organizationId}`, the receiving (parent) organization's.
 *
 * Decisions where DOMAIN.md is silent:
 * - The committee registers its organization's key (the key itself is made outside the core,
 *   `@fulian/reports`); a new registration adds a key, and a checkpoint is good if any key the
 *   parent holds for the sender verifies it (a key is never withdrawn: old checkpoints stay
 *   verifiable).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import { Id } from "./Input.ts"
import * as Organization from "./Organization.ts"

/** An Ed25519 public key, its 32 bytes in base64. */
export const PublicKey = Schema.String.check(Schema.isPattern(/^[A-Za-z0-9+/]{43}=$/, { message: "an Ed25519 public key in base64 (44 characters)" }))

/** The subject under which an organization's private signing key is kept in the key store. */
export const keySubject = (organizationId: string): string => `signing:${organizationId}`

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** An organization's public signing key was registered with the level above. */
export const SigningKeyRegistered = Schema.TaggedStruct("SigningKeyRegistered", {
  organizationId: Schema.NonEmptyString,
  publicKey: PublicKey
})

/** The events of signing keys. */
export const Event = Schema.Union([SigningKeyRegistered])

/** An event of signing keys. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Registers an organization's public signing key with the level above. */
export const RegisterSigningKey = Schema.TaggedStruct("RegisterSigningKey", {
  ...CommandFields,
  organizationId: Id,
  publicKey: PublicKey
})

/** The commands of signing keys. */
export const Command = Schema.Union([RegisterSigningKey])

/** A command of signing keys. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State and decide
// ---------------------------------------------------------------------------------------------

/** The public keys an organization holds, by the organization they are of. */
export interface State {
  readonly keys: ReadonlyMap<string, ReadonlyArray<string>>
}

/** The signing keys aggregate: stream `signing-keys-{holder}` (the parent, or the top organization itself). */
export const aggregate: Aggregate<State, Event> = {
  category: "signing-keys",
  events: Event,
  initial: { keys: new Map() },
  evolve: (state, event) => ({
    keys: new Map(state.keys).set(event.organizationId, [...(state.keys.get(event.organizationId) ?? []), event.publicKey])
  })
}

/** The organization that holds another's public keys: its parent, or itself at the top. */
export const holderOf = (organization: Organization.State): string | undefined =>
  organization.registered ? organization.parentId ?? organization.organizationId : undefined

/** Why a signing key was refused. */
export class SigningRejected extends Schema.TaggedError<SigningRejected>()("SigningRejected", {
  reason: Schema.Literals(["AlreadyRegistered"]),
  organizationId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** Decides a key's registration, given the keys the holder has of the organization. */
export const decide = (command: Command, state: State): Effect.Effect<ReadonlyArray<Event>, SigningRejected | Unauthorized> => {
  const { actor, organizationId, publicKey } = command
  if (actor.organization !== organizationId || !isCommittee(actor.role)) {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "an organization's signing key is registered by its executive committee" }))
  }
  if ((state.keys.get(organizationId) ?? []).includes(publicKey)) {
    return Effect.fail(new SigningRejected({ reason: "AlreadyRegistered", organizationId, detail: `this key of ${organizationId} is registered already` }))
  }
  return Effect.succeed([SigningKeyRegistered.make({ organizationId, publicKey })])
}

/** The handlers of signing key commands. */
export const handlers = {
  RegisterSigningKey: (command: typeof RegisterSigningKey.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const organization = yield* Organization.loadRegistered(ctx, command.organizationId)
      const holder = holderOf(organization)!
      const state = yield* ctx.load(aggregate, holder)
      return [emit(aggregate, holder, yield* decide(command, state))]
    })
}

/** Who may give each command at all: the committee. */
export const permissions = {
  RegisterSigningKey: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): a key is registered at a moment. */
export const times = {
  RegisterSigningKey: "moment"
} as const satisfies Record<Command["_tag"], FactTime>
