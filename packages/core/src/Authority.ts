/**
 * 职权有据: roles backed by the records (DOMAIN.md §10). The platform authenticates a person;
 * fulian checks that the records show her in the role she claims, for the organization she
 * claims, on the day the command's fact happened (§0: every rule is judged on when things
 * happened, so a paper register copied in later is judged on its own dates):
 *
 * | role | the records that back it |
 * | --- | --- |
 * | chair, vice-chair | the seat of that position in the organization's term in office that day (or, recording an election, among the members it elects) |
 * | executive member | any seat of the organization's term in office that day (chair and vice-chairs are members too) |
 * | representative | elected in the community by that day and not stepped down before it |
 * | volunteer | joined the organization's volunteers by that day and not left |
 * | mediator | on the organization's mediators' roster that day (`Mediation`) |
 * | upper-level cadre | a seat in the committee in office of her own organization that day — the federation above the one she acts on: every command a cadre may give acts on an organization below her own (registering one, recording its first committee or its filing, assigning it a case), never on her own |
 * | auditor | gives no command |
 *
 * Bootstrapping, the one path that no record backs, as narrow as it can be: the top
 * organization of a deployment is registered by a cadre acting for it, once, while the
 * deployment has none (`Organization`); and its first committee is recorded by a cadre acting
 * for it, while it has none. From then on every role is backed: that committee's members act
 * as its cadres below it, record the organizations below and their first committees, and so on
 * down.
 *
 * The records are read without joining the append's version check: a command racing with its
 * actor's removal from office may still be applied, as it would have been a moment earlier.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { EventStoreError } from "@fulian/store/EventStore"
import type { Actor } from "./Actor.ts"
import { Unauthorized } from "./Command.ts"
import * as Case from "./Case.ts"
import type { DecisionContext } from "./Decider.ts"
import * as Mediation from "./Mediation.ts"
import * as Organization from "./Organization.ts"
import * as Representation from "./Representation.ts"
import * as Term from "./Term.ts"
import type { LocalDate } from "./Time.ts"
import * as Volunteer from "./Volunteer.ts"

/** What a standing check needs to know of a command. */
export interface Claim {
  readonly _tag: string
  readonly actor: Actor
  /** For `RegisterOrganization`: the organization registered, and its parent. */
  readonly organizationId?: unknown
  readonly parentId?: unknown
  /** For `ElectExecutiveCommittee`: the committee elected, which may record its own election. */
  readonly members?: ReadonlyArray<{ readonly personId: string; readonly position: string }>
  /** The households a command names, which a representative must hold. */
  readonly householdId?: unknown
  readonly householdIds?: ReadonlyArray<string>
  /** The case a command acts on, whose households a representative must hold. */
  readonly caseId?: unknown
}

/** Whether the actor is among the members a command elects, in the position her role claims. */
const electedBy = (claim: Claim): boolean =>
  claim._tag === "ElectExecutiveCommittee" && claim.organizationId === claim.actor.organization &&
  (claim.members ?? []).some((m) =>
    m.personId === claim.actor.person && (claim.actor.role === "executive-member" || m.position === claim.actor.role))

/** Whether a person held a seat of the term in office on a date, in the position her role claims. */
export const inOffice = (terms: Term.State, actor: Actor, on: LocalDate): boolean =>
  Term.membersOn(terms, on).some((seat) =>
    seat.personId === actor.person &&
    (actor.role === "executive-member" || seat.position === actor.role)
  )

/** Whether a representative served a community on a date. */
export const serving = (roster: Representation.State, person: string, on: LocalDate): boolean => {
  const r = roster.representatives.get(person)
  return r !== undefined && r.electedOn <= on && (r.active || (r.steppedDownOn !== undefined && on < r.steppedDownOn))
}

const refuse = (claim: Claim, rule: string) =>
  Effect.fail(new Unauthorized({ command: claim._tag, actor: claim.actor, rule }))

/**
 * The households a representative's command reaches: those it names, or those of the case it
 * acts on.
 */
const householdsReached = (claim: Claim, context: DecisionContext): Effect.Effect<ReadonlyArray<string>, EventStoreError> => {
  // A new household is no one's yet; a visit's household is checked by the roster's own rules.
  if (claim._tag === "RegisterHousehold" || claim._tag === "RecordContactVisit") return Effect.succeed([])
  if (claim.householdIds !== undefined) return Effect.succeed(claim.householdIds)
  if (typeof claim.householdId === "string") return Effect.succeed([claim.householdId])
  if (typeof claim.caseId === "string") {
    return Effect.map(context.load(Case.aggregate, claim.caseId), (state) => (state.registered ? state.householdIds : []))
  }
  return Effect.succeed([])
}

/**
 * Checks that the records back the actor's role for her organization on the day of the fact,
 * and that a representative reaches only her own households (§10: she sees only those). The
 * refusal names only what she claimed, never what the records hold.
 */
export const standing = (claim: Claim, context: DecisionContext): Effect.Effect<void, Unauthorized | EventStoreError> =>
  Effect.gen(function*() {
    const { actor } = claim
    const { read } = context
    const on = context.occurred.on
    const where = `${actor.organization} on ${on}`
    switch (actor.role) {
      case "chair":
      case "vice-chair":
      case "executive-member": {
        if (electedBy(claim)) return
        const terms = yield* read(Term.aggregate, actor.organization)
        if (!inOffice(terms, actor, on)) {
          return yield* refuse(claim, `the records do not show ${actor.person} as ${actor.role} of the committee in office at ${where}`)
        }
        return
      }
      case "representative": {
        // Loaded with the append's check: the households she reaches must still be hers when it is stored.
        const roster = yield* context.load(Representation.aggregate, actor.organization)
        if (!serving(roster, actor.person, on)) {
          return yield* refuse(claim, `the records do not show ${actor.person} serving as a representative of ${where}`)
        }
        const reached = yield* householdsReached(claim, context)
        const notHers = reached.find((householdId) => Representation.representativeOf(roster, householdId) !== actor.person)
        // A command naming households reaches them all; one acting on a case, when the case names one of hers.
        const named = claim.householdIds !== undefined || typeof claim.householdId === "string"
        const refused = named
          ? notHers !== undefined
          : typeof claim.caseId === "string" && !reached.some((h) => Representation.representativeOf(roster, h) === actor.person)
        if (refused) {
          return yield* refuse(claim, `a representative acts only on her own households${named ? `, and ${notHers} is not one of hers` : ", and the case names none of hers"}`)
        }
        return
      }
      case "volunteer": {
        const volunteers = yield* read(Volunteer.aggregate, actor.organization)
        const record = volunteers.volunteers.get(actor.person)
        if (record === undefined || !record.active || record.consentGivenOn > on) {
          return yield* refuse(claim, `the records do not show ${actor.person} as a volunteer of ${where}`)
        }
        return
      }
      case "mediator": {
        const roster = yield* read(Mediation.aggregate, actor.organization)
        if (!Mediation.servingOn(roster, actor.person, on)) {
          return yield* refuse(claim, `the records do not show ${actor.person} on the mediators' roster of ${where}`)
        }
        return
      }
      case "upper-cadre": {
        if (claim.organizationId === actor.organization) {
          // The bootstrap: the top organization registered, and its first committee recorded,
          // by a cadre acting for it — each once, while there is none.
          if (claim._tag === "RegisterOrganization" && claim.parentId === undefined) return
          if (claim._tag === "ElectExecutiveCommittee") {
            const organization = yield* read(Organization.aggregate, actor.organization)
            const terms = yield* read(Term.aggregate, actor.organization)
            if (organization.registered && organization.parentId === undefined && terms.terms.length === 0) return
          }
        }
        const terms = yield* read(Term.aggregate, actor.organization)
        if (!Term.membersOn(terms, on).some((seat) => seat.personId === actor.person)) {
          return yield* refuse(claim, `the records do not show ${actor.person} on the committee in office at ${where}, whose cadre she claims to be`)
        }
        return
      }
      case "auditor":
        return yield* refuse(claim, "an auditor reads the records and gives no command")
    }
  })
