/**
 * Snapshots as properties (docs/explanation/stream-growth.md), for every aggregate that takes
 * them: for random histories, the state loaded from a snapshot and the events after it is the
 * state of the whole stream; a snapshot of another schema version is ignored; the state holds
 * no personal data, and no decision reads one — so a snapshot has nothing an erasure must reach.
 * And through the command handler: snapshots are taken as a stream grows, and a store that
 * fails to write one fails no command.
 */
import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore, type EventStoreShape, storeUnavailable } from "@fulian/store/EventStore"
import * as Activity from "../src/Activity.ts"
import * as Assessment from "../src/Assessment.ts"
import * as Audit from "../src/Audit.ts"
import * as Award from "../src/Award.ts"
import * as Case from "../src/Case.ts"
import * as CommandHandler from "../src/CommandHandler.ts"
import { type Aggregate, fold, streamName } from "../src/Decider.ts"
import * as Domain from "../src/Domain.ts"
import * as Erasure from "../src/Erasure.ts"
import * as Household from "../src/Household.ts"
import * as Mediation from "../src/Mediation.ts"
import * as Meeting from "../src/Meeting.ts"
import * as Organization from "../src/Organization.ts"
import { defaults } from "../src/Policy.ts"
import * as ReadLog from "../src/ReadLog.ts"
import * as Report from "../src/Report.ts"
import * as Representation from "../src/Representation.ts"
import * as Signing from "../src/Signing.ts"
import * as Term from "../src/Term.ts"
import * as Volunteer from "../src/Volunteer.ts"
import { actor, backed, run, seed } from "./support/Spec.ts"

const modules = { Activity, Assessment, Audit, Award, Case, Erasure, Household, Mediation, Meeting, Organization, ReadLog, Report, Representation, Signing, Term, Volunteer }

/** Every aggregate of the domain's modules that takes snapshots. */
const snapshotted = Object.values(modules).flatMap((module) =>
  Object.values(module).filter((v): v is Aggregate<unknown, Domain.Event> =>
    typeof v === "object" && v !== null && "category" in v && "evolve" in v && (v as Aggregate<unknown, Domain.Event>).snapshots !== undefined)
)

const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-03-${String(d).padStart(2, "0")}`)
const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0)
const oneOf = <A>(values: ReadonlyArray<A>) => fc.constantFrom(...values)

const people = ["p1", "p2", "p3"]
const households = ["h1", "h2", "h3"]

/** Random events of each aggregate that takes snapshots, personal data included. */
const histories: ReadonlyMap<Aggregate<any, any>, fc.Arbitrary<Domain.Event>> = new Map<Aggregate<any, any>, fc.Arbitrary<Domain.Event>>([
  [Volunteer.aggregate, fc.oneof(
    fc.record({ volunteerId: oneOf(people), name: text, consentGivenOn: day }).map((f) => Volunteer.VolunteerJoined.make({ organizationId: "o1", ...f })),
    fc.record({ volunteerId: oneOf(people), householdId: oneOf(households), pairedOn: day }).map((f) => Volunteer.VolunteerPaired.make({ organizationId: "o1", ...f })),
    fc.record({ volunteerId: oneOf(people), householdId: oneOf(households), unpairedOn: day }).map((f) => Volunteer.VolunteerUnpaired.make({ organizationId: "o1", ...f })),
    fc.record({ volunteerId: oneOf(people), householdId: fc.option(oneOf(households), { nil: undefined }), on: day, hours: fc.integer({ min: 1, max: 48 }).map((h) => h / 2), description: text })
      .map(({ householdId, ...f }) => Volunteer.VolunteerServiceLogged.make({ organizationId: "o1", ...f, ...(householdId === undefined ? {} : { householdId }) })),
    fc.record({ volunteerId: oneOf(people), leftOn: day }).map((f) => Volunteer.VolunteerLeft.make({ organizationId: "o1", ...f }))
  )],
  [Representation.aggregate, fc.oneof(
    fc.record({ representativeId: oneOf(people), name: text, congressSession: oneOf(["2023", "2026"]), electedOn: day })
      .map((f) => Representation.RepresentativeElected.make({ organizationId: "o1", ...f })),
    fc.record({ representativeId: oneOf(people), on: day }).map((f) => Representation.RepresentativeSteppedDown.make({ organizationId: "o1", ...f })),
    fc.record({ representativeId: oneOf(people), householdId: oneOf(households), on: day }).map((f) => Representation.HouseholdLinked.make({ organizationId: "o1", ...f })),
    fc.record({ representativeId: oneOf(people), householdId: oneOf(households), on: day }).map((f) => Representation.HouseholdUnlinked.make({ organizationId: "o1", ...f }))
  )],
  [Activity.aggregate, fc.oneof(
    fc.record({ activityId: oneOf(["a1", "a2", "a3", "a4"]), title: text, heldOn: day, participants: fc.nat(99), beneficiaries: fc.nat(99) })
      .map((f) => Activity.ActivityRecorded.make({ organizationId: "o1", kind: "festival", ...f })),
    fc.record({ donationId: oneOf(["d1", "d2"]), amount: fc.integer({ min: 1, max: 99999 }).map((fen) => fen / 100), purpose: text, on: day, donor: fc.option(text, { nil: undefined }) })
      .map(({ donor, ...f }) => Activity.DonationRecorded.make({ organizationId: "o1", ...f, ...(donor === undefined ? {} : { donor }) })),
    fc.record({ reliefId: oneOf(["r1", "r2"]), amount: fc.integer({ min: 1, max: 99999 }).map((fen) => fen / 100), purpose: text, on: day, recipient: fc.option(text, { nil: undefined }) })
      .map(({ recipient, ...f }) => Activity.ReliefGiven.make({ organizationId: "o1", ...f, ...(recipient === undefined ? {} : { recipient }) }))
  )]
])

/** The store in context, without its snapshots: every load reads the whole stream. */
const withoutSnapshots = <A, E>(effect: Effect.Effect<A, E, EventStore>) =>
  Effect.flatMap(EventStore, (store) =>
    Effect.provideService(effect, EventStore, { ...store, readSnapshot: undefined, writeSnapshot: undefined } satisfies EventStoreShape))

describe("Snapshots of every aggregate that takes them", () => {
  it("are taken of the aggregates whose streams grow with history and decisions read: volunteers, rosters and the former activities stream", () => {
    expect(snapshotted.map((a) => a.category).sort()).toEqual(["activities", "representation", "volunteers"])
    for (const aggregate of snapshotted) expect(histories.has(aggregate), aggregate.category).toBe(true)
  })

  for (const aggregate of snapshotted) {
    const events = histories.get(aggregate)!
    const stream = streamName(aggregate, "o1")

    it(`${aggregate.category}: the state from a snapshot and the events after it is the state of the whole stream; another schema version is ignored`, () =>
      fc.assert(
        fc.asyncProperty(fc.array(events, { maxLength: 40 }), fc.nat(), async (history, cut) => {
          const k = cut % (history.length + 1)
          await run(Effect.gen(function*() {
            yield* seed([{ stream, events: history.slice(0, k) }])
            yield* CommandHandler.writeSnapshot(aggregate, "o1", yield* CommandHandler.loadForDecision(Domain.codec, aggregate, "o1"))
            yield* seed([{ stream, events: history.slice(k) }])
            const fromSnapshot = yield* CommandHandler.loadForDecision(Domain.codec, aggregate, "o1")
            const whole = yield* withoutSnapshots(CommandHandler.loadForDecision(Domain.codec, aggregate, "o1"))
            expect(fromSnapshot.snapshot).toBe(k)
            expect(fromSnapshot.version).toBe(history.length)
            expect(fromSnapshot.state).toEqual(whole.state)
            // The whole stream's state is the fold of its events without their personal data.
            expect(whole.state).toEqual(fold(aggregate, history.map(Domain.withoutPersonalData)))
            // A snapshot of another shape, at any version, is not read.
            const store = yield* EventStore
            if (history.length > 0) {
              yield* store.writeSnapshot!({ stream, version: history.length, schemaVersion: aggregate.snapshots!.schemaVersion + 1, state: { bogus: true } })
              expect(yield* CommandHandler.loadForDecision(Domain.codec, aggregate, "o1")).toEqual({ ...whole, snapshot: 0 })
            }
          }))
        }),
        { numRuns: 60 }
      ))
  }

  it("volunteers and the former activities stream: the state is the same with or without personal data, so a snapshot holds none", () => {
    for (const aggregate of [Volunteer.aggregate, Activity.aggregate] as ReadonlyArray<Aggregate<unknown, Domain.Event>>) {
      fc.assert(fc.property(fc.array(histories.get(aggregate)!, { maxLength: 40 }), (history) => {
        expect(fold(aggregate, history.map(Domain.withoutPersonalData))).toEqual(fold(aggregate, history))
      }))
    }
  })

  it("rosters: no decision reads a personal field — every command decides the same on the roster with its names and without", () => {
    const command = fc.oneof(
      fc.record({ representativeId: oneOf(people), name: text, congressSession: oneOf(["2023", "2026"]), electedOn: day })
        .map((f) => ({ _tag: "ElectRepresentative" as const, actor: actor("chair", "o1"), organizationId: "o1", ...f })),
      fc.record({ representativeId: oneOf(people), reason: text }).map((f) => ({ _tag: "StepDownRepresentative" as const, actor: actor("chair", "o1"), organizationId: "o1", ...f })),
      fc.record({ representativeId: oneOf(people), householdId: oneOf(households) }).map((f) => ({ _tag: "LinkHousehold" as const, actor: actor("chair", "o1"), organizationId: "o1", ...f })),
      fc.record({ representativeId: oneOf(people), householdId: oneOf(households) }).map((f) => ({ _tag: "UnlinkHousehold" as const, actor: actor("chair", "o1"), organizationId: "o1", ...f })),
      fc.record({ representativeId: oneOf(people), householdId: oneOf(households), visitedOn: day, notes: text })
        .map((f) => ({ _tag: "RecordContactVisit" as const, actor: actor("representative", "o1", f.representativeId), organizationId: "o1", method: "phone" as const, topics: ["appeals-heard" as const], ...f }))
    )
    const organization = Organization.aggregate.evolve(Organization.aggregate.initial, Organization.OrganizationRegistered.make({ organizationId: "o1", name: "o1", level: "community", parentId: "s1" }))
    fc.assert(fc.property(fc.array(histories.get(Representation.aggregate)!, { maxLength: 40 }), command, day, oneOf(households), (history, c, on, h) => {
      const household = Household.aggregate.evolve(Household.aggregate.initial, Household.HouseholdRegistered.make({ householdId: h, organizationId: "o1", headName: "x", address: "x", circumstances: [] }))
      const inputs = { on, policy: defaults, organization: organization as Required<Organization.State>, household }
      const decided = (events: ReadonlyArray<Domain.Event>) =>
        Effect.runSync(Effect.result(Representation.decide(c, fold(Representation.aggregate, events as ReadonlyArray<Representation.RosterEvent>), inputs)))
      expect(decided(history.map(Domain.withoutPersonalData))).toEqual(decided(history))
    }))
  })
})

describe("Snapshots taken by the command handler", () => {
  const member = actor("executive-member", "c1")
  const community = { stream: streamName(Organization.aggregate, "c1"), events: [Organization.OrganizationRegistered.make({ organizationId: "c1", name: "c1", level: "community", parentId: "s1" })] }
  const joined = { stream: streamName(Volunteer.aggregate, "c1"), events: [Volunteer.VolunteerJoined.make({ organizationId: "c1", volunteerId: "v1", name: "王芳", consentGivenOn: "2026-01-05" })] }
  const service = (n: number) => ({ _tag: "LogVolunteerService" as const, actor: member, organizationId: "c1", volunteerId: "v1", on: "2026-03-08", hours: 1 + (n % 4), description: `服务 ${n}` })
  const every = Volunteer.aggregate.snapshots!.every

  it("takes one as a stream grows, from which the next decisions load only the events after it", () =>
    run(Effect.gen(function*() {
      yield* seed([community, joined, ...backed(member)])
      const store = yield* EventStore
      for (let n = 1; n <= every + 3; n++) yield* Domain.execute(service(n))
      const snapshot = yield* store.readSnapshot!(streamName(Volunteer.aggregate, "c1"))
      expect(snapshot).toMatchObject({ version: every, schemaVersion: Volunteer.aggregate.snapshots!.schemaVersion })
      // No name of hers is in it.
      expect(JSON.stringify(snapshot)).not.toContain("王芳")
      const loaded = yield* CommandHandler.loadForDecision(Domain.codec, Volunteer.aggregate, "c1")
      expect(loaded).toMatchObject({ version: every + 4, snapshot: every })
      expect(loaded.state.volunteers.get("v1")!.hours).toBe(Array.from({ length: every + 3 }, (_, i) => 1 + ((i + 1) % 4)).reduce((a, b) => a + b, 0))
    })))

  it("fails no command when the store cannot write a snapshot", () =>
    run(Effect.gen(function*() {
      yield* seed([community, joined, ...backed(member)])
      const store = yield* EventStore
      const failing: EventStoreShape = { ...store, writeSnapshot: () => Effect.fail(storeUnavailable("disk full")) }
      for (let n = 1; n <= every + 1; n++) yield* Effect.provideService(Domain.execute(service(n)), EventStore, failing)
      expect(yield* store.readSnapshot!(streamName(Volunteer.aggregate, "c1"))).toBeUndefined()
      expect((yield* store.readStream(streamName(Volunteer.aggregate, "c1"))).length).toBe(every + 2)
    })))
})
