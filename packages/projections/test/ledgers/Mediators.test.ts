import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import * as Case from "@fulian/core/Case"
import * as Mediation from "@fulian/core/Mediation"
import * as Place from "@fulian/core/Place"
import * as Policy from "@fulian/core/Policy"
import * as Training from "@fulian/core/Training"
import * as Mediators from "../../src/ledgers/Mediators.ts"
import * as MemoryProjectionStore from "../../src/MemoryProjectionStore.ts"
import * as Projection from "../../src/Projection.ts"
import { appendAll, given, on, plain, specCalendar, specStore } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults
const asOf = "2026-12-31T12:00:00Z"
const chair = (organization: string) => ({ person: `chair@${organization}`, role: "chair", organization } as const)

const roster = (events: ReadonlyArray<Mediation.Event>, at: string, organizationId = "s1", recordedAt?: string) =>
  on(Mediation.aggregate, organizationId, events, { at, actor: chair(organizationId), ...(recordedAt ? { recordedAt } : {}) })
const appointed = (mediatorId: string, appointedOn: string, kind?: Mediation.MediatorKind, organizationId = "s1") =>
  Mediation.MediatorAppointed.make({ organizationId, mediatorId, name: `Mediator ${mediatorId}`, appointedOn, ...(kind ? { kind } : {}) })
const left = (mediatorId: string, leftOn: string) => Mediation.MediatorLeft.make({ organizationId: "s1", mediatorId, leftOn })

const session = (caseId: string, heldOn: string, outcome: Case.SessionOutcome, mediatorIds?: ReadonlyArray<string>) =>
  on(Case.aggregate, caseId, [
    Case.MediationSessionHeld.make({
      caseId,
      organizationId: "s1",
      heldOn,
      mediators: ["俞敏"],
      outcome,
      notes: "双方各让一步",
      ...(mediatorIds ? { mediatorIds } : {})
    })
  ], { at: `${heldOn}T09:00:00Z`, actor: chair("s1") })

const training = (trainingId: string, heldOn: string, hours: number, attendees: ReadonlyArray<Training.Attendee>) =>
  on(Training.aggregate, Training.recordId("s1", trainingId), [
    Training.TrainingRecorded.make({ organizationId: "s1", trainingId, topic: "婚姻法学习", trainer: "王律师", heldOn, hours, attendees })
  ], { at: `${heldOn}T09:00:00Z`, actor: chair("s1") })

const place = (placeId: string, kind: Place.Kind, name: string, number?: string) =>
  Place.PlaceRegistered.make({ organizationId: "s1", placeId, kind, name, openedOn: "2026-01-05", ...(number ? { number } : {}) })

/** Seed 003 §二: a street's women's mediation society, its head and legal adviser, hotline and duty post. */
const world = [
  roster([
    Mediation.MediationCommitteeEstablished.make({ organizationId: "s1", name: "青山街道巾帼调解社", establishedOn: "2026-01-05" }),
    appointed("m1", "2026-01-05", "volunteer"),
    appointed("m2", "2026-01-05", "volunteer"),
    appointed("m3", "2026-01-05", "cadre"),
    appointed("m4", "2026-01-05")
  ], "2026-01-05T09:00:00Z"),
  roster([
    Mediation.CommitteeHeadAppointed.make({ organizationId: "s1", mediatorId: "m1", appointedOn: "2026-01-10" }),
    Mediation.LegalAdviserAppointed.make({ organizationId: "s1", adviserId: "lawyer-wang", appointedOn: "2026-01-10" })
  ], "2026-01-10T09:00:00Z"),
  on(Place.aggregate, "s1", [
    place("hotline", "mediation-hotline", "巾帼调解热线", "0574-8888"),
    place("duty", "duty-post", "周三坐堂"),
    place("home", "womens-home", "妇女之家")
  ], { at: "2026-01-11T09:00:00Z", actor: chair("s1") }),
  session("k0", "2025-12-20", "agreement-reached", ["m2"]),
  session("k1", "2026-02-10", "agreement-reached", ["m1", "m2", "m2"]),
  session("k1", "2026-03-01", "no-agreement", ["m2"]),
  session("k2", "2026-03-05", "adjourned"),
  session("k3", "2026-07-01", "agreement-reached", ["m3"]),
  training("t1", "2026-03-15", 3, [{ personId: "m2", capacity: "mediator" }, { personId: "m3", capacity: "mediator" }, { personId: "r1", capacity: "representative" }]),
  training("t2", "2026-04-01", 1.5, [{ personId: "m2", capacity: "mediator" }]),
  training("t3", "2026-04-02", 2, [{ personId: "m1", capacity: "volunteer" }]),
  roster([left("m1", "2026-05-01")], "2026-05-01T09:00:00Z"),
  roster([appointed("c-m1", "2026-02-01", "volunteer", "c1")], "2026-02-01T09:00:00Z", "c1", "2026-02-20T09:00:00Z")
]

const noTrainings = { trainings: [], trainingHours: 0 }

describe("the mediators ledger (调解员台帐, §4)", () => {
  it("shows each committee with its name, head, adviser, roster by kind, hotlines and duty posts; a committee whose head left is flagged headless", () => {
    given(Mediators.projection, ...world).then((s) => Mediators.rows(s, { asOf, policy }).committees, [
      {
        organizationId: "c1",
        name: undefined,
        establishedOn: undefined,
        headId: undefined,
        headSince: undefined,
        adviserId: undefined,
        adviserSince: undefined,
        serving: 1,
        volunteers: 1,
        cadres: 0,
        left: 0,
        hotlines: [],
        dutyPosts: [],
        lateEntries: 1,
        flags: ["entered-late"]
      },
      {
        organizationId: "s1",
        name: "青山街道巾帼调解社",
        establishedOn: "2026-01-05",
        headId: undefined,
        headSince: undefined,
        adviserId: "lawyer-wang",
        adviserSince: "2026-01-10",
        serving: 3,
        volunteers: 1,
        cadres: 1,
        left: 1,
        hotlines: [{ placeId: "hotline", name: "巾帼调解热线", number: "0574-8888", openedOn: "2026-01-05", closedOn: undefined }],
        dutyPosts: [{ placeId: "duty", name: "周三坐堂", number: undefined, openedOn: "2026-01-05", closedOn: undefined }],
        lateEntries: 0,
        flags: ["headless"]
      }
    ])
  })

  it("shows the head while she serves", () => {
    given(Mediators.projection, ...world.slice(0, 2)).then((s) => {
      const [committee] = Mediators.rows(s, { asOf, policy }).committees
      return [committee?.headId, committee?.headSince, committee?.flags]
    }, ["m1", "2026-01-10", []])
  })

  it("keeps each mediator's register: the sessions that named her, counted per year, and the trainings she attended as a mediator", () => {
    const mediators = given(Mediators.projection, ...world).rows((s) => Mediators.rows(s, { asOf, policy }).mediators)
    expect(mediators.map((m) => [m.organizationId, m.mediatorId, m.serving, m.kind, m.head, m.adviser])).toEqual([
      ["c1", "c-m1", true, "volunteer", false, false],
      ["s1", "m1", false, "volunteer", false, false],
      ["s1", "m2", true, "volunteer", false, false],
      ["s1", "m3", true, "cadre", false, false],
      ["s1", "m4", true, undefined, false, false]
    ])
    const [, m1, m2, m3, m4] = mediators
    expect(m1).toMatchObject({
      appointedOn: ["2026-01-05"],
      leftOn: ["2026-05-01"],
      sessions: [{ caseId: "k1", version: 1, heldOn: "2026-02-10", outcome: "agreement-reached" }],
      sessionsByYear: [{ year: 2026, sessions: 1 }],
      // t3 she attended as a volunteer, not as a mediator.
      ...noTrainings
    })
    expect(m2).toMatchObject({
      sessions: [
        { caseId: "k0", version: 1, heldOn: "2025-12-20", outcome: "agreement-reached" },
        { caseId: "k1", version: 1, heldOn: "2026-02-10", outcome: "agreement-reached" },
        { caseId: "k1", version: 2, heldOn: "2026-03-01", outcome: "no-agreement" }
      ],
      sessionsByYear: [{ year: 2025, sessions: 1 }, { year: 2026, sessions: 2 }],
      trainings: [
        { organizationId: "s1", trainingId: "t1", heldOn: "2026-03-15", hours: 3 },
        { organizationId: "s1", trainingId: "t2", heldOn: "2026-04-01", hours: 1.5 }
      ],
      trainingHours: 4.5
    })
    expect(m3).toMatchObject({ sessionsByYear: [{ year: 2026, sessions: 1 }], trainingHours: 3 })
    expect(m4).toMatchObject({ sessions: [], sessionsByYear: [], ...noTrainings })
  })

  it("keeps a register for one named by sessions but not on the roster, and none for a session that named no mediator by id", () => {
    given(Mediators.projection, session("k9", "2026-02-01", "agreement-reached", ["x1"]), session("k8", "2026-02-02", "adjourned"))
      .then((s) => Mediators.rows(s, { asOf, policy }).mediators.map((m) => [m.organizationId, m.mediatorId, m.serving, m.sessions.length]), [
        ["s1", "x1", false, 1]
      ])
  })

  it("draws the committees and registers of an area only", () => {
    given(Mediators.projection, ...world).then((s) => {
      const rows = Mediators.rows(s, { asOf, policy, within: { organizationId: "c1", ids: new Set(["c1"]) } })
      return [rows.committees.map((c) => c.organizationId), rows.mediators.map((m) => m.mediatorId)]
    }, [["c1"], ["c-m1"]])
  })

  it("gives a report the figures of a period: mediators by kind, the committee's head and adviser, sessions once each, per mediator, and trainings", () => {
    given(Mediators.projection, ...world).then((s) => Mediators.figures(Mediators.rows(s, { asOf, policy }), { from: "2026-01-01", to: "2026-06-30" }), {
      committees: [{ organizationId: "s1", name: "青山街道巾帼调解社", headId: undefined, adviserId: "lawyer-wang" }],
      mediators: 4,
      volunteerMediators: 2,
      cadreMediators: 1,
      appointed: 5,
      left: 1,
      // k1's first session named m1 and m2: one session; k0's was in 2025, k3's in July, k2's named no one.
      sessions: 2,
      agreements: 1,
      casesMediated: 1,
      sessionsPerMediator: [
        { organizationId: "c1", mediatorId: "c-m1", sessions: 0 },
        { organizationId: "s1", mediatorId: "m1", sessions: 1 },
        { organizationId: "s1", mediatorId: "m2", sessions: 2 },
        { organizationId: "s1", mediatorId: "m3", sessions: 0 },
        { organizationId: "s1", mediatorId: "m4", sessions: 0 }
      ],
      trainings: 2,
      trainingHours: 7.5
    })
  })

  it("is kept as rows, loading only the rows each event names: caught up page by page with no row cached, it gives the state of one fold", async () => {
    const projection = Mediators.projection(specCalendar)
    const stored = await Effect.runPromise(Effect.gen(function*() {
      yield* appendAll(world)
      return yield* Projection.catchUp(projection, { pageSize: 2, cacheRows: 0 })
    }).pipe(Effect.provide(Layer.mergeAll(specStore, MemoryProjectionStore.layer))))
    expect(plain(projection, stored.state)).toEqual(plain(projection, given(Mediators.projection, ...world).state))
  })
})
