/**
 * Given/when/then specifications of the domain, run through the real command handler on the
 * in-memory store with a test clock:
 *
 *   given(Organization.aggregate, "street-1", [registered]).when(command).then([events])
 *
 * The records that back the command's actor (DOMAIN.md §10, `Authority.standing`) are seeded
 * too — a committee term with her seat (for a cadre, on her own organization's committee), her
 * election as a representative, her joining as a volunteer, her appointment as a mediator —
 * unless the scenario gives that stream itself, or says `.unbacked()` to test standing.
 */
import { Effect, Layer } from "effect"
import * as TestClock from "effect/testing/TestClock"
import { expect } from "vitest"
import { v7 as uuidv7 } from "uuid"
import { EventStore } from "@fulian/store/EventStore"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import type { Aggregate } from "../../src/Decider.ts"
import { streamName } from "../../src/Decider.ts"
import * as Domain from "../../src/Domain.ts"
import * as Mediation from "../../src/Mediation.ts"
import * as Organization from "../../src/Organization.ts"
import * as Representation from "../../src/Representation.ts"
import * as Term from "../../src/Term.ts"
import * as Volunteer from "../../src/Volunteer.ts"
import * as Policy from "../../src/Policy.ts"
import { toMillis } from "../../src/Time.ts"

/** The default "now" of specifications (08:00 UTC), written as the domain writes instants: in the federation's offset. */
export const NOW = "2026-06-01T16:00:00.000+08:00"

/**
 * Runs an effect with a fresh memory store, default policy and a test clock set to `now`; the
 * store stamps `recordedAt` from the same test clock.
 */
export const run = <A, E>(
  effect: Effect.Effect<A, E, EventStore | Policy.Policy>,
  options: { now?: string; policy?: Partial<Policy.PolicyShape> } = {}
): Promise<A> =>
  Effect.runPromise(
    Effect.gen(function*() {
      yield* TestClock.setTime(toMillis(options.now ?? NOW))
      return yield* effect
    }).pipe(
      Effect.provide(Layer.mergeAll(Layer.provideMerge(MemoryEventStore.layer, TestClock.layer()), Policy.layer(options.policy))),
      Effect.scoped
    ) as Effect.Effect<A, E>
  )

/** Events of one stream, seeded as if earlier commands had made them. */
export interface Given {
  readonly stream: string
  readonly events: ReadonlyArray<Domain.Event>
}

const actorOfSetup = { person: "setup", role: "upper-cadre", organization: "setup" } as const

/** Appends events as if earlier commands had made them. */
export const seed = (given: ReadonlyArray<Given>) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    for (const g of given) {
      if (g.events.length === 0) continue
      yield* store.append([{
        stream: g.stream,
        expected: "any",
        events: g.events.map((e) => ({
          eventId: uuidv7(),
          ...Domain.codec.encode(e),
          metadata: { actor: actorOfSetup, occurredAt: NOW, commandId: uuidv7(), causationId: "seed", correlationId: "seed" }
        }))
      }])
    }
  })

type Options = { now?: string; policy?: Partial<Policy.PolicyShape>; unbacked?: boolean }

/**
 * The records that back several actors (see the module's header): one stream each, the
 * committee members of one organization in one term.
 */
export const backed = (...actors: ReadonlyArray<Domain.Command["actor"]>): ReadonlyArray<Given> => {
  const byStream = new Map<string, Given>()
  for (const a of actors) {
    const g = backing(a)
    if (g === undefined) continue
    const before = byStream.get(g.stream)
    if (before === undefined) byStream.set(g.stream, g)
    else if (before.events[0]?._tag === "ExecutiveCommitteeElected" && g.events[0]?._tag === "ExecutiveCommitteeElected") {
      const [term, seat] = [before.events[0], g.events[0].members[0]!]
      if (!term.members.some((m) => m.personId === seat.personId)) {
        byStream.set(g.stream, { stream: g.stream, events: [{ ...term, members: [...term.members, seat] }] })
      }
    } else if (!before.events.some((e) => JSON.stringify(e) === JSON.stringify(g.events[0]))) {
      byStream.set(g.stream, { stream: g.stream, events: [...before.events, ...g.events] })
    }
  }
  return [...byStream.values()]
}

/** The records that back an actor, as one stream of events (see the module's header). */
export const backing = (actor: Domain.Command["actor"], command?: Domain.Command): Given | undefined => {
  const { person, organization } = actor
  const since = "1900-01-01"
  switch (actor.role) {
    case "chair":
    case "vice-chair":
    case "executive-member":
      return {
        stream: streamName(Term.aggregate, organization),
        events: [Term.ExecutiveCommitteeElected.make({
          termId: `${organization}-backing`,
          organizationId: organization,
          congressSession: "backing",
          electedOn: since,
          startsOn: since,
          endsOn: "2999-12-31",
          residentsCommitteeElectedOn: since,
          members: [{ personId: person, name: person, position: actor.role === "executive-member" ? "member" : actor.role }]
        })]
      }
    case "representative": {
      // The households the command names are hers (a representative reaches only her own).
      const named: ReadonlyArray<string> = command === undefined || command._tag === "RegisterHousehold"
        ? []
        : "householdIds" in command ? command.householdIds : "householdId" in command ? [command.householdId as string] : []
      return {
        stream: streamName(Representation.aggregate, organization),
        events: [
          Representation.RepresentativeElected.make({ organizationId: organization, representativeId: person, name: person, congressSession: "backing", electedOn: since }),
          ...named.map((householdId) => Representation.HouseholdLinked.make({ organizationId: organization, representativeId: person, householdId, on: since }))
        ]
      }
    }
    case "volunteer":
      return {
        stream: streamName(Volunteer.aggregate, organization),
        events: [Volunteer.VolunteerJoined.make({ organizationId: organization, volunteerId: person, name: person, consentGivenOn: since })]
      }
    case "mediator":
      return {
        stream: streamName(Mediation.aggregate, organization),
        events: [Mediation.MediatorAppointed.make({ organizationId: organization, mediatorId: person, name: person, appointedOn: since })]
      }
    case "upper-cadre":
      // A cadre of the federation above: a seat on its committee in office.
      return backing({ person, role: "executive-member", organization })
    case "auditor":
      return undefined
  }
}

/** Strips the envelope of each outcome event. */
const eventsOf = (outcome: { readonly events: ReadonlyArray<{ readonly event: Domain.Event }> }) =>
  outcome.events.map((e) => e.event)

class Scenario {
  constructor(readonly given_: ReadonlyArray<Given>, readonly options: Options = {}) {}
  /** More events, in another stream. */
  and<S, E extends Domain.Event>(aggregate: Aggregate<S, E>, id: string, events: ReadonlyArray<E>): Scenario {
    return new Scenario([...this.given_, { stream: streamName(aggregate, id), events }], this.options)
  }
  /** The time and policy in force. */
  at(now: string, policy?: Partial<Policy.PolicyShape>): Scenario {
    return new Scenario(this.given_, { ...this.options, now, ...(policy ? { policy } : {}) })
  }
  /** Seeds nothing to back the actor: her standing is what the given streams say. */
  unbacked(): Scenario {
    return new Scenario(this.given_, { ...this.options, unbacked: true })
  }
  when(command: Domain.Command) {
    // The bootstrap (a top organization registered by a cadre acting for it) needs no backing.
    const bootstrap = (command._tag === "RegisterOrganization" && command.parentId === undefined) ||
      (command._tag === "ElectExecutiveCommittee" && command.actor.role === "upper-cadre" && command.organizationId === command.actor.organization)
    const backs = this.options.unbacked === true || bootstrap ? undefined : backing(command.actor, command)
    const given = backs === undefined || this.given_.some((g) => g.stream === backs.stream) ? this.given_ : [backs, ...this.given_]
    const outcome = (cmd: Domain.Command) => run(Effect.flatMap(seed(given), () => Effect.result(Domain.execute(cmd))), this.options)
    return {
      /** The command appends exactly these events. */
      then: async (expected: ReadonlyArray<Domain.Event>) => {
        const r = await outcome(command)
        if (r._tag === "Failure") throw new Error(`expected events, got ${String(r.failure)}`)
        expect(eventsOf(r.success)).toEqual(expected)
        return r.success
      },
      /** The command is refused with this error tag and, for domain rejections, this reason. */
      thenFails: async (tag: string, reason?: string) => {
        const r = await outcome(command)
        if (r._tag === "Success") throw new Error(`expected ${tag}${reason ? `(${reason})` : ""}, got events ${JSON.stringify(eventsOf(r.success))}`)
        const error = r.failure as { _tag: string; reason?: unknown; message: string }
        expect(error._tag).toBe(tag)
        if (reason !== undefined) expect(error.reason).toBe(reason)
        expect(error.message.length).toBeGreaterThan(0)
        return error
      }
    }
  }
}

/** Starts a specification with the events of one stream. */
export const given = <S, E extends Domain.Event>(aggregate: Aggregate<S, E>, id: string, events: ReadonlyArray<E>): Scenario =>
  new Scenario([{ stream: streamName(aggregate, id), events }])

/** Starts a specification with no prior events. */
export const nothing = (): Scenario => new Scenario([])

/** An actor in a role for an organization. */
export const actor = (role: Domain.Command["actor"]["role"], organization: string, person = `${role}@${organization}`) =>
  ({ person, role, organization }) as const
