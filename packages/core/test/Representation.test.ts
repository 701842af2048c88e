import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore, type EventStoreShape } from "@fulian/store/EventStore"
import { fold, streamName } from "../src/Decider.ts"
import * as Domain from "../src/Domain.ts"
import * as Household from "../src/Household.ts"
import * as Organization from "../src/Organization.ts"
import { defaults } from "../src/Policy.ts"
import * as Representation from "../src/Representation.ts"
import { toMillis } from "../src/Time.ts"
import { actor, backed, given, nothing, run, seed } from "./support/Spec.ts"

// The specifications run at Spec's NOW, 2026-06-01T08:00Z: today is 2026-06-01.
const TODAY = "2026-06-01"

const street = Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Beishan Street", level: "street" })
const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const householdOf = (householdId: string, organizationId = "c1") =>
  Household.HouseholdRegistered.make({ householdId, organizationId, headName: `Head of ${householdId}`, address: `${householdId} Qingbo Lane`, circumstances: [] })

const elected = (representativeId: string, congressSession = "2026 congress", electedOn = "2026-03-08") =>
  Representation.RepresentativeElected.make({ organizationId: "c1", representativeId, name: `Name of ${representativeId}`, congressSession, electedOn })
const linked = (representativeId: string, householdId: string, on = "2026-05-01") =>
  Representation.HouseholdLinked.make({ organizationId: "c1", representativeId, householdId, on })
const unlinked = (representativeId: string, householdId: string, on = TODAY) =>
  Representation.HouseholdUnlinked.make({ organizationId: "c1", representativeId, householdId, on })
const steppedDown = (representativeId: string, on = TODAY) =>
  Representation.RepresentativeSteppedDown.make({ organizationId: "c1", representativeId, on })
const visited = (representativeId: string, householdId: string, visitedOn = TODAY) =>
  Representation.ContactVisitRecorded.make({
    organizationId: "c1",
    representativeId,
    householdId,
    visitedOn,
    method: "home-visit",
    topics: ["living-situation"],
    notes: ""
  })

const chair = actor("chair", "c1")
const member = actor("executive-member", "c1")

const households = [
  ...["h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"].map((h) => ({ stream: streamName(Household.aggregate, h), events: [householdOf(h)] })),
  { stream: streamName(Household.aggregate, "hx"), events: [householdOf("hx", "c2")] }
]

/** The roster stream of c1 with these events, and households h1…h8 of c1, hx of c2. */
const givenRepresentation = (events: ReadonlyArray<Representation.RosterEvent>) => {
  let scenario = given(Representation.aggregate, "c1", events)
  for (const { events, stream } of households) scenario = scenario.and(Household.aggregate, stream.slice("household-".length), events)
  return scenario
}

const ROSTER = streamName(Representation.aggregate, "c1")
const VISITS = streamName(Representation.contactLog, "c1")

/** The types of a stream's events, as stored. */
const typesIn = (stream: string) => Effect.map(EventStore.use((s) => s.readStream(stream)), (events) => events.map((e) => e.type))

const elect = {
  _tag: "ElectRepresentative",
  actor: chair,
  organizationId: "c1",
  representativeId: "r1",
  name: "Name of r1",
  congressSession: "2026 congress",
  electedOn: "2026-03-08"
} as const
const stepDown = { _tag: "StepDownRepresentative", actor: chair, reason: "moved to another city", organizationId: "c1", representativeId: "r1" } as const
const link = (representativeId: string, householdId: string) =>
  ({ _tag: "LinkHousehold", actor: member, organizationId: "c1", representativeId, householdId }) as const
const unlink = (representativeId: string, householdId: string) =>
  ({ _tag: "UnlinkHousehold", actor: member, organizationId: "c1", representativeId, householdId }) as const
const visit = (representativeId: string, householdId: string, visitedOn = TODAY) =>
  ({
    _tag: "RecordContactVisit",
    actor: actor("representative", "c1", representativeId),
    organizationId: "c1",
    representativeId,
    householdId,
    visitedOn,
    method: "home-visit",
    topics: ["living-situation"],
    notes: ""
  }) as const

describe("Representation: electing representatives (§2)", () => {
  it("records a representative elected by the congress, citing the session", () =>
    given(Organization.aggregate, "c1", [community]).when(elect).then([elected("r1")]))

  it("lets an executive member or a vice-chair record the election", async () => {
    await given(Organization.aggregate, "c1", [community]).when({ ...elect, actor: member }).then([elected("r1")])
    await given(Organization.aggregate, "c1", [community]).when({ ...elect, actor: actor("vice-chair", "c1") }).then([elected("r1")])
  })

  it("requires the congress session to be cited", async () => {
    const { _tag, actor: a, ...rest } = elect
    const { congressSession, ...withoutSession } = rest
    const missing = await Effect.runPromise(Effect.result(Domain.decodeCommand({ _tag, actor: a, ...withoutSession })))
    expect(missing._tag).toBe("Failure")
    if (missing._tag === "Failure") expect(missing.failure.problems.map((p) => p.path)).toContain("congressSession")
    const empty = await Effect.runPromise(Effect.result(Domain.decodeCommand({ ...elect, congressSession: "" })))
    expect(empty._tag).toBe("Failure")
    const cited = await Effect.runPromise(Effect.result(Domain.decodeCommand(elect)))
    expect(cited._tag).toBe("Success")
  })

  it("refuses an election in an unregistered organization", () =>
    nothing().when(elect).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses representatives of an organization that is not a community", () =>
    given(Organization.aggregate, "s1", [street])
      .when({ ...elect, actor: actor("chair", "s1"), organizationId: "s1" })
      .thenFails("RepresentationRejected", "NotACommunity"))

  it("refuses an election dated after today, and accepts one dated today", async () => {
    await given(Organization.aggregate, "c1", [community]).when({ ...elect, electedOn: "2026-06-02" })
      .thenFails("TimeRejected", "InFuture")
    await given(Organization.aggregate, "c1", [community]).when({ ...elect, electedOn: TODAY })
      .then([elected("r1", "2026 congress", TODAY)])
  })

  it("refuses electing a serving representative again by the same session", () =>
    given(Organization.aggregate, "c1", [community]).and(Representation.aggregate, "c1", [elected("r1")])
      .when(elect)
      .thenFails("RepresentationRejected", "AlreadyElected"))

  it("records a later congress confirming a serving representative, who keeps her households", async () => {
    const confirmed = elected("r1", "2027 congress", "2026-05-20")
    await given(Organization.aggregate, "c1", [community]).and(Representation.aggregate, "c1", [elected("r1"), linked("r1", "h1")])
      .when({ ...elect, congressSession: "2027 congress", electedOn: "2026-05-20" })
      .then([confirmed])
    const state = fold(Representation.aggregate, [elected("r1"), linked("r1", "h1"), confirmed])
    expect(Representation.householdsOf(state, "r1")).toEqual(["h1"])
    expect(state.representatives.get("r1")?.congressSession).toBe("2027 congress")
  })

  it("records a former representative elected again", () =>
    given(Organization.aggregate, "c1", [community]).and(Representation.aggregate, "c1", [elected("r1"), steppedDown("r1", "2026-04-01")])
      .when({ ...elect, congressSession: "2026 by-election", electedOn: "2026-05-01" })
      .then([elected("r1", "2026 by-election", "2026-05-01")]))

  it("refuses an election dated before her recorded election or stepping down", async () => {
    await given(Organization.aggregate, "c1", [community]).and(Representation.aggregate, "c1", [elected("r1")])
      .when({ ...elect, congressSession: "2025 congress", electedOn: "2026-03-07" })
      .thenFails("RepresentationRejected", "ElectionOutOfOrder")
    await given(Organization.aggregate, "c1", [community]).and(Representation.aggregate, "c1", [elected("r1"), steppedDown("r1", "2026-04-01")])
      .when({ ...elect, congressSession: "2026 by-election", electedOn: "2026-03-31" })
      .thenFails("RepresentationRejected", "ElectionOutOfOrder")
  })

  it("refuses an election recorded by a role other than the committee (role check)", async () => {
    for (const role of ["representative", "mediator", "volunteer", "upper-cadre", "auditor"] as const) {
      await given(Organization.aggregate, "c1", [community]).when({ ...elect, actor: actor(role, "c1") }).thenFails("Unauthorized")
    }
  })

  it("refuses an election recorded by the chair of another organization", () =>
    given(Organization.aggregate, "c1", [community]).when({ ...elect, actor: actor("chair", "c2") }).thenFails("Unauthorized"))
})

describe("Representation: stepping down (§2)", () => {
  it("ends her links in the same decision: each household unlinked, then she steps down", () =>
    givenRepresentation([elected("r1"), elected("r2"), linked("r1", "h1"), linked("r2", "h2"), linked("r1", "h3")])
      .when(stepDown)
      .then([unlinked("r1", "h1"), unlinked("r1", "h3"), steppedDown("r1")]))

  it("steps down a representative without households", () =>
    givenRepresentation([elected("r1")]).when(stepDown).then([steppedDown("r1")]))

  it("frees her households for another representative", () =>
    givenRepresentation([elected("r1"), elected("r2"), linked("r1", "h1"), unlinked("r1", "h1"), steppedDown("r1")])
      .when(link("r2", "h1"))
      .then([linked("r2", "h1", TODAY)]))

  it("requires a reason", async () => {
    const { reason, ...withoutReason } = stepDown
    const r = await Effect.runPromise(Effect.result(Domain.decodeCommand(withoutReason)))
    expect(r._tag).toBe("Failure")
    if (r._tag === "Failure") expect(r.failure.problems.map((p) => p.path)).toContain("reason")
  })

  it("refuses stepping down someone who is not a representative", () =>
    givenRepresentation([]).when(stepDown).thenFails("RepresentationRejected", "NotARepresentative"))

  it("refuses stepping down twice", () =>
    givenRepresentation([elected("r1"), steppedDown("r1", "2026-05-01")]).when(stepDown).thenFails("RepresentationRejected", "SteppedDown"))

  it("refuses the representative herself or another organization's chair recording it", async () => {
    await givenRepresentation([elected("r1")]).when({ ...stepDown, actor: actor("representative", "c1", "r1") }).thenFails("Unauthorized")
    await givenRepresentation([elected("r1")]).when({ ...stepDown, actor: actor("chair", "c2") }).thenFails("Unauthorized")
  })
})

describe("Representation: linking households (§3)", () => {
  it("links a household of the community to a representative, from today", () =>
    givenRepresentation([elected("r1")]).when(link("r1", "h1")).then([linked("r1", "h1", TODAY)]))

  it("links a 5th household, and refuses a 6th naming the representative and the limit", async () => {
    const four = ["h1", "h2", "h3", "h4"].map((h) => linked("r1", h))
    await givenRepresentation([elected("r1"), ...four]).when(link("r1", "h5")).then([linked("r1", "h5", TODAY)])
    const error = await givenRepresentation([elected("r1"), ...four, linked("r1", "h5")])
      .when(link("r1", "h6"))
      .thenFails("RepresentationRejected", "RepresentativeAtLimit")
    expect(error.message).toContain("r1")
    expect(error.message).toContain("5 households")
  })

  it("takes the limit from the policy", () =>
    givenRepresentation([elected("r1"), linked("r1", "h1"), linked("r1", "h2"), linked("r1", "h3")])
      .at("2026-06-01T08:00:00.000Z", { maxHouseholdsPerRepresentative: 3 })
      .when(link("r1", "h4"))
      .thenFails("RepresentationRejected", "RepresentativeAtLimit"))

  it("counts only her current households towards the limit", () =>
    givenRepresentation([elected("r1"), ...["h1", "h2", "h3", "h4", "h5"].map((h) => linked("r1", h)), unlinked("r1", "h2")])
      .when(link("r1", "h6"))
      .then([linked("r1", "h6", TODAY)]))

  it("refuses a household linked to another active representative, naming her", async () => {
    const error = await givenRepresentation([elected("r1"), elected("r2"), linked("r2", "h1")])
      .when(link("r1", "h1"))
      .thenFails("RepresentationRejected", "HouseholdHasRepresentative")
    expect(error.message).toContain("r2")
  })

  it("links a household to another representative once its link is ended", () =>
    givenRepresentation([elected("r1"), elected("r2"), linked("r2", "h1"), unlinked("r2", "h1")])
      .when(link("r1", "h1"))
      .then([linked("r1", "h1", TODAY)]))

  it("refuses linking a household to its own representative again", () =>
    givenRepresentation([elected("r1"), linked("r1", "h1")]).when(link("r1", "h1")).thenFails("RepresentationRejected", "AlreadyLinked"))

  it("refuses an unregistered household", () =>
    givenRepresentation([elected("r1")]).when(link("r1", "h9")).thenFails("HouseholdRejected", "NotRegistered"))

  it("refuses an unregistered household in decide itself, whatever the handler passes", async () => {
    const state = fold(Representation.aggregate, [elected("r1")])
    const r = await Effect.runPromise(Effect.result(Representation.decide(link("r1", "h1"), state, {
      on: TODAY,
      policy: defaults,
      household: Household.aggregate.initial
    })))
    expect(r._tag === "Failure" && r.failure).toMatchObject({ _tag: "HouseholdRejected", reason: "NotRegistered" })
  })

  it("refuses a household of another organization as it refuses an unknown one, naming neither's organization", async () => {
    const foreign = await givenRepresentation([elected("r1")]).when(link("r1", "hx")).thenFails("HouseholdRejected", "NotRegistered")
    const unknown = await givenRepresentation([elected("r1")]).when(link("r1", "h-unknown")).thenFails("HouseholdRejected", "NotRegistered")
    expect(foreign.message.replace("hx", "?")).toBe(unknown.message.replace("h-unknown", "?"))
    expect(foreign.message).not.toContain("c2")
  })

  it("refuses a representative who was never elected", () =>
    givenRepresentation([elected("r1")]).when(link("r2", "h1")).thenFails("RepresentationRejected", "NotARepresentative"))

  it("refuses a representative who stepped down", () =>
    givenRepresentation([elected("r1"), steppedDown("r1", "2026-05-01")]).when(link("r1", "h1")).thenFails("RepresentationRejected", "SteppedDown"))

  it("refuses a representative linking households herself (role check)", () =>
    givenRepresentation([elected("r1")]).when({ ...link("r1", "h1"), actor: actor("representative", "c1", "r1") }).thenFails("Unauthorized"))

  it("refuses a cadre of another organization, before telling her whether the household exists", async () => {
    await givenRepresentation([elected("r1")]).when({ ...link("r1", "h1"), actor: actor("chair", "c2") }).thenFails("Unauthorized")
    await givenRepresentation([elected("r1")]).when({ ...link("r1", "h9"), actor: actor("chair", "c2") }).thenFails("Unauthorized")
  })
})

describe("Representation: unlinking households (§3)", () => {
  it("ends a household's link, today", () =>
    givenRepresentation([elected("r1"), linked("r1", "h1")]).when(unlink("r1", "h1")).then([unlinked("r1", "h1")]))

  it("refuses unlinking a household that is not linked to that representative", async () => {
    await givenRepresentation([elected("r1"), elected("r2"), linked("r2", "h1")]).when(unlink("r1", "h1"))
      .thenFails("RepresentationRejected", "NotLinked")
    await givenRepresentation([elected("r1")]).when(unlink("r1", "h1")).thenFails("RepresentationRejected", "NotLinked")
  })

  it("refuses a representative or another organization unlinking", async () => {
    await givenRepresentation([elected("r1"), linked("r1", "h1")])
      .when({ ...unlink("r1", "h1"), actor: actor("representative", "c1", "r1") }).thenFails("Unauthorized")
    await givenRepresentation([elected("r1"), linked("r1", "h1")])
      .when({ ...unlink("r1", "h1"), actor: actor("executive-member", "c2") }).thenFails("Unauthorized")
  })
})

describe("Representation: contact visits (§3)", () => {
  const linkedR1 = [elected("r1"), elected("r2"), linked("r1", "h1"), linked("r2", "h2")]

  it("records a representative's visit to her household, topics in their canonical order", () =>
    givenRepresentation(linkedR1)
      .when({ ...visit("r1", "h1"), method: "talk", topics: ["mutual-aid", "policy-outreach", "mutual-aid"], notes: "asked about the job fair" })
      .then([
        Representation.ContactVisitRecorded.make({
          organizationId: "c1",
          representativeId: "r1",
          householdId: "h1",
          visitedOn: TODAY,
          method: "talk",
          topics: ["policy-outreach", "mutual-aid"],
          notes: "asked about the job fair"
        })
      ]))

  it("lets a committee member record a visit for her", () =>
    givenRepresentation(linkedR1).when({ ...visit("r1", "h1"), actor: chair }).then([visited("r1", "h1")]))

  it("refuses a representative recording a visit for another representative", () =>
    givenRepresentation(linkedR1).when({ ...visit("r2", "h2"), actor: actor("representative", "c1", "r1") }).thenFails("Unauthorized"))

  it("refuses a visit to a household linked to another representative, without naming her", async () => {
    const error = await givenRepresentation(linkedR1).when(visit("r1", "h2")).thenFails("RepresentationRejected", "NotLinked")
    expect(error.message).not.toContain("r2")
  })

  it("refuses a visit to an unlinked household, or one whose link has ended", async () => {
    await givenRepresentation(linkedR1).when(visit("r1", "h3")).thenFails("RepresentationRejected", "NotLinked")
    await givenRepresentation([...linkedR1, unlinked("r1", "h1", "2026-05-20")]).when(visit("r1", "h1", "2026-05-10"))
      .thenFails("RepresentationRejected", "NotLinked")
  })

  it("refuses a visit dated after today, and accepts one dated today", async () => {
    await givenRepresentation(linkedR1).when(visit("r1", "h1", "2026-06-02")).thenFails("TimeRejected", "InFuture")
    await givenRepresentation(linkedR1).when(visit("r1", "h1", TODAY)).then([visited("r1", "h1", TODAY)])
  })

  it("refuses a visit dated before the link, and accepts one on the link's day", async () => {
    await givenRepresentation(linkedR1).when(visit("r1", "h1", "2026-04-30")).thenFails("RepresentationRejected", "VisitBeforeLink")
    await givenRepresentation(linkedR1).when(visit("r1", "h1", "2026-05-01")).then([visited("r1", "h1", "2026-05-01")])
  })

  it("refuses a visit by someone who is not a representative", () =>
    givenRepresentation(linkedR1).when({ ...visit("r3", "h1"), actor: chair }).thenFails("RepresentationRejected", "NotARepresentative"))

  it("refuses a visit by a representative who stepped down", () =>
    givenRepresentation([...linkedR1, unlinked("r1", "h1", "2026-05-20"), steppedDown("r1", "2026-05-20")])
      .when(visit("r1", "h1", "2026-05-10"))
      .thenFails("RepresentationRejected", "SteppedDown"))

  it("refuses a volunteer, an auditor, or a representative of another community", async () => {
    await givenRepresentation(linkedR1).when({ ...visit("r1", "h1"), actor: actor("volunteer", "c1", "r1") }).thenFails("Unauthorized")
    await givenRepresentation(linkedR1).when({ ...visit("r1", "h1"), actor: actor("auditor", "c1") }).thenFails("Unauthorized")
    await givenRepresentation(linkedR1).when({ ...visit("r1", "h1"), actor: actor("representative", "c2", "r1") }).thenFails("Unauthorized")
  })

  it("appends the visit to the community's visit log, contact-visits-c1, not to its roster", async () => {
    const outcome = await givenRepresentation(linkedR1).when(visit("r1", "h1")).then([visited("r1", "h1")])
    expect(outcome.events.map((e) => e.stream)).toEqual([VISITS])
    expect(VISITS).toBe("contact-visits-c1")
  })

  it("keeps the roster as it was however many visits are recorded, and decides a link without reading the visits", async () => {
    const { roster, visits, read } = await run(Effect.gen(function*() {
      yield* seed([{ stream: ROSTER, events: [...linkedR1, elected("r3")] }, ...households, ...backed(member)])
      const before = yield* typesIn(ROSTER)
      for (const day of ["2026-05-02", "2026-05-09", "2026-05-16", "2026-05-23"]) {
        yield* Domain.execute(visit("r1", "h1", day))
        yield* Domain.execute(visit("r2", "h2", day))
      }
      expect(yield* typesIn(ROSTER)).toEqual(before)
      // A link decision, with every stream it reads noted.
      const store = yield* EventStore
      const read: Array<string> = []
      const noting: EventStoreShape = { ...store, readStream: (stream, options) => Effect.andThen(Effect.sync(() => read.push(stream)), store.readStream(stream, options)) }
      yield* Domain.execute(link("r3", "h3")).pipe(Effect.provideService(EventStore, noting))
      return { roster: yield* typesIn(ROSTER), visits: yield* typesIn(VISITS), read }
    }))
    expect(visits).toEqual(Array(8).fill("ContactVisitRecorded"))
    expect(roster.filter((t) => t === "ContactVisitRecorded")).toEqual([])
    expect(roster.at(-1)).toBe("HouseholdLinked")
    expect(read).not.toContain(VISITS)
    expect(read).toContain(ROSTER)
  })

  it("decides a visit again when the roster changed after it was read: a visit racing the unlink of its household is refused", async () => {
    const { outcome, visits, roster } = await run(Effect.gen(function*() {
      yield* seed([{ stream: ROSTER, events: linkedR1 }])
      const store = yield* EventStore
      // The household is unlinked between the visit's decision and its append.
      let raced = false
      const racing: EventStoreShape = {
        ...store,
        append: (writes, options) =>
          raced
            ? store.append(writes, options)
            : Effect.andThen(
              Effect.andThen(Effect.sync(() => (raced = true)), seed([{ stream: ROSTER, events: [unlinked("r1", "h1")] }]).pipe(Effect.provideService(EventStore, store))),
              store.append(writes, options)
            )
      }
      const outcome = yield* Effect.result(Domain.execute(visit("r1", "h1"))).pipe(Effect.provideService(EventStore, racing))
      return { outcome, visits: yield* typesIn(VISITS), roster: yield* typesIn(ROSTER) }
    }))
    expect(outcome._tag === "Failure" && outcome.failure).toMatchObject({ _tag: "RepresentationRejected", reason: "NotLinked" })
    expect(visits).toEqual([])
    expect(roster.at(-1)).toBe("HouseholdUnlinked")
  })

  it("records a visit while other visits are recorded: the visit log is appended at any version", async () => {
    const recorded = await run(Effect.gen(function*() {
      yield* seed([{ stream: ROSTER, events: linkedR1 }, { stream: VISITS, events: [visited("r2", "h2", "2026-05-30")] }])
      const store = yield* EventStore
      // Another visit lands in the log between this visit's decision and its append.
      let raced = false
      const racing: EventStoreShape = {
        ...store,
        append: (writes, options) =>
          raced
            ? store.append(writes, options)
            : Effect.andThen(
              Effect.andThen(Effect.sync(() => (raced = true)), seed([{ stream: VISITS, events: [visited("r2", "h2", "2026-05-31")] }]).pipe(Effect.provideService(EventStore, store))),
              store.append(writes, options)
            )
      }
      yield* Domain.execute(visit("r1", "h1"), { maxAttempts: 1 }).pipe(Effect.provideService(EventStore, racing))
      return yield* EventStore.use((s) => s.readStream(VISITS))
    }))
    expect(recorded.map((e) => (e.data as { visitedOn: string }).visitedOn)).toEqual(["2026-05-30", "2026-05-31", TODAY])
  })

  it("marks visit notes and representatives' names as personal data", async () => {
    const { paths } = await import("../src/PersonalData.ts")
    expect(paths(Representation.ContactVisitRecorded)).toEqual([["notes"]])
    expect(paths(Representation.RepresentativeElected)).toEqual([["name"]])
  })
})

describe("Representation: the roster and the visit log", () => {
  it("keeps the four roster events in the roster's stream and visits in the visit log's", async () => {
    const { tagsOf } = await import("../src/EventCodec.ts")
    expect(Representation.aggregate.category).toBe("representation")
    expect(tagsOf(Representation.aggregate.events)).toEqual(["RepresentativeElected", "RepresentativeSteppedDown", "HouseholdLinked", "HouseholdUnlinked"])
    expect(Representation.contactLog.category).toBe("contact-visits")
    expect(tagsOf(Representation.contactLog.events)).toEqual(["ContactVisitRecorded"])
    expect(tagsOf(Representation.Event)).toEqual([...tagsOf(Representation.aggregate.events), "ContactVisitRecorded"])
  })

  it("leaves the roster as it is for a visit found in its stream (as stores kept them before the visit log)", () => {
    const roster = fold(Representation.aggregate, [elected("r1"), linked("r1", "h1")])
    const legacy = Representation.aggregate.evolve(roster, visited("r1", "h1") as unknown as Representation.RosterEvent)
    expect(legacy).toBe(roster)
  })

  it("folds a visit into the log copying only what it changes", () => {
    // A visit of r1 leaves the record of r2 as it was: the same object, not a copy.
    const log = fold(Representation.contactLog, [visited("r1", "h1", "2026-05-03"), visited("r2", "h4", "2026-05-21")])
    const after = Representation.contactLog.evolve(log, visited("r1", "h2", "2026-05-04"))
    expect(after.organizationId).toBe("c1")
    expect(Representation.shardedGet(after.representatives, "r2")).toBe(Representation.shardedGet(log.representatives, "r2"))
    expect(Representation.shardedGet(log.representatives, "r1")?.visitsByMonth.get("2026-05")).toBe(1)
    expect(Representation.shardedGet(after.representatives, "r1")?.visitsByMonth.get("2026-05")).toBe(2)
    expect(Representation.shardedEntries(after.representatives).map(([id]) => id)).toEqual(["r1", "r2"])
  })
})

describe("Representation: the coverage ledger (联系户台帐)", () => {
  const roster = [
    elected("r1"),
    elected("r2"),
    elected("r3"),
    ...["h1", "h2", "h3"].map((h) => linked("r1", h)),
    linked("r2", "h4"),
    linked("r2", "h5"),
    linked("r3", "h6"),
    unlinked("r3", "h6"),
    steppedDown("r3")
  ]
  // Recorded out of date order: visits are often entered after the fact.
  const visits = [
    visited("r1", "h2", "2026-06-01"),
    visited("r1", "h1", "2026-05-20"),
    visited("r1", "h1", "2026-05-03"),
    visited("r2", "h4", "2026-05-21")
  ]
  const state = fold(Representation.aggregate, roster)
  const log = fold(Representation.contactLog, visits)

  it("shows households per serving representative against the 3–5 target, both sides of each bound", () => {
    expect(Representation.coverage(state, defaults)).toEqual([
      { representativeId: "r1", householdIds: ["h1", "h2", "h3"], underTarget: false, atLimit: false },
      { representativeId: "r2", householdIds: ["h4", "h5"], underTarget: true, atLimit: false }
    ])
    const five = fold(Representation.aggregate, [elected("r1"), ...["h1", "h2", "h3", "h4"].map((h) => linked("r1", h))])
    expect(Representation.coverage(five, defaults)[0]?.atLimit).toBe(false)
    const full = fold(Representation.aggregate, [elected("r1"), ...["h1", "h2", "h3", "h4", "h5"].map((h) => linked("r1", h))])
    expect(Representation.coverage(full, defaults)[0]?.atLimit).toBe(true)
    expect(Representation.coverage(state, { ...defaults, minHouseholdsPerRepresentative: 4 })[0]?.underTarget).toBe(true)
  })

  it("counts visits per month, of all representatives or of one", () => {
    expect(Representation.visitsPerMonth(log)).toEqual([{ month: "2026-05", visits: 3 }, { month: "2026-06", visits: 1 }])
    expect(Representation.visitsPerMonth(log, "r1")).toEqual([{ month: "2026-05", visits: 2 }, { month: "2026-06", visits: 1 }])
    expect(Representation.visitsPerMonth(log, "r2")).toEqual([{ month: "2026-05", visits: 1 }])
    expect(Representation.visitsPerMonth(log, "r3")).toEqual([])
    expect(Representation.visitsPerMonth(Representation.contactLog.initial)).toEqual([])
  })

  it("keeps each representative's latest visit to each household by date, not by recording", () => {
    expect(Representation.lastVisitOf(log, "r1", "h1")).toBe("2026-05-20")
    expect(Representation.lastVisitOf(log, "r1", "h3")).toBeUndefined()
    expect(Representation.lastVisitOf(log, "r2", "h1")).toBeUndefined()
  })

  it("lists linked households with no visit by their representative since the day they were linked", () => {
    expect(Representation.neverVisited(state, log).map((l) => l.householdId)).toEqual(["h3", "h5"])
    expect(Representation.neverVisited(state, Representation.contactLog.initial).map((l) => l.householdId)).toEqual(["h1", "h2", "h3", "h4", "h5"])
    // Moved to r2: r1's visits do not count for her.
    const moved = fold(Representation.aggregate, [...roster, unlinked("r1", "h1"), linked("r2", "h1", TODAY)])
    expect(Representation.neverVisited(moved, log).map((l) => [l.householdId, l.representativeId])).toContainEqual(["h1", "r2"])
    // Linked to r1 anew today: her visits under the earlier link do not count; one today does.
    const relinked = fold(Representation.aggregate, [...roster, unlinked("r1", "h1"), linked("r1", "h1", TODAY)])
    expect(Representation.neverVisited(relinked, log).map((l) => l.householdId)).toContain("h1")
    const visitedToday = fold(Representation.contactLog, [...visits, visited("r1", "h1", TODAY)])
    expect(Representation.neverVisited(relinked, visitedToday).map((l) => l.householdId)).not.toContain("h1")
  })

  it("lists the community's households without a representative", () => {
    const registered = ["h1", "h2", "h3", "h4", "h5", "h6", "h7", "h7"]
    expect(Representation.withoutRepresentative(state, registered)).toEqual(["h6", "h7"])
  })

  it("shows a representative only her own households and visits; the committee and auditors all", async () => {
    const own = await Effect.runPromise(Representation.viewFor(state, log, actor("representative", "c1", "r2")))
    expect([...own.roster.representatives.keys()]).toEqual(["r2"])
    expect([...own.roster.links.keys()]).toEqual(["h4", "h5"])
    expect(Representation.visitsPerMonth(own.visits)).toEqual([{ month: "2026-05", visits: 1 }])
    expect(Representation.shardedEntries(own.visits.representatives).map(([id]) => id)).toEqual(["r2"])
    const none = await Effect.runPromise(Representation.viewFor(state, log, actor("representative", "c1", "r3")))
    expect(Representation.visitsPerMonth(none.visits)).toEqual([])
    for (const who of [actor("chair", "c1"), actor("auditor", "c1")]) {
      const all = await Effect.runPromise(Representation.viewFor(state, log, who))
      expect(all.roster).toBe(state)
      expect(all.visits).toBe(log)
    }
    // A community without visits yet is read as such.
    const empty = await Effect.runPromise(Representation.viewFor(state, Representation.contactLog.initial, actor("chair", "c1")))
    expect(empty.visits).toBe(Representation.contactLog.initial)
    for (const who of [actor("volunteer", "c1"), actor("upper-cadre", "s1"), actor("chair", "c2"), actor("representative", "c2", "r2")]) {
      const r = await Effect.runPromise(Effect.result(Representation.viewFor(state, log, who)))
      expect(r._tag === "Failure" && r.failure._tag).toBe("Unauthorized")
    }
  })
})
