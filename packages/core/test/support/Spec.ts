/**
 * Given/when/then specifications of the domain, run through the real command handler on the
 * in-memory store with a test clock:
 *
 *   given(Organization.aggregate, "street-1", [registered]).when(command).then([events])
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

interface Given {
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

/** Strips the envelope of each outcome event. */
const eventsOf = (outcome: { readonly events: ReadonlyArray<{ readonly event: Domain.Event }> }) =>
  outcome.events.map((e) => e.event)

class Scenario {
  constructor(readonly given_: ReadonlyArray<Given>, readonly options: { now?: string; policy?: Partial<Policy.PolicyShape> } = {}) {}
  /** More events, in another stream. */
  and<S, E extends Domain.Event>(aggregate: Aggregate<S, E>, id: string, events: ReadonlyArray<E>): Scenario {
    return new Scenario([...this.given_, { stream: streamName(aggregate, id), events }], this.options)
  }
  /** The time and policy in force. */
  at(now: string, policy?: Partial<Policy.PolicyShape>): Scenario {
    return new Scenario(this.given_, { now, ...(policy ? { policy } : {}) })
  }
  when(command: Domain.Command) {
    const outcome = (cmd: Domain.Command) => run(Effect.flatMap(seed(this.given_), () => Effect.result(Domain.execute(cmd))), this.options)
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
