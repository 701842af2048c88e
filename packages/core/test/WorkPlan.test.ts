import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Domain from "../src/Domain.ts"
import * as Meeting from "../src/Meeting.ts"
import * as Organization from "../src/Organization.ts"
import * as WorkPlan from "../src/WorkPlan.ts"
import { actor, given } from "./support/Spec.ts"

const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const chair = actor("chair", "c1", "p1")

/** A meeting of c1 of a kind, scheduled and held on a day. */
const meeting = (meetingId: string, kind: Meeting.Kind, heldOn: string, organizationId = "c1"): ReadonlyArray<Meeting.Event> => [
  Meeting.MeetingScheduled.make({ meetingId, organizationId, kind, date: heldOn, topic: "妇女代表大会" }),
  Meeting.MeetingHeld.make({
    meetingId,
    heldOn,
    attendees: ["p1", "p2"],
    minutes: "审议工作报告和工作计划",
    ...(kind === "congress" ? { workReport: "2025年工作报告", workPlan: "2026年工作计划" } : {})
  })
]

const targets = [
  { targetId: "legal", measure: "legal-lectures", comparator: "at-least", value: 4, text: "全年开展法制讲座4场" },
  { targetId: "mediation", measure: "mediation-success-rate", comparator: "at-least", value: 90 },
  { targetId: "visits", measure: "contact-visits-per-household-per-month", comparator: "at-least", value: 1 },
  { targetId: "home", text: "建好用好妇女之家" }
] as const

const adopt = { _tag: "AdoptWorkPlan", actor: chair, organizationId: "c1", year: 2026, meetingId: "cg-2026", targets } as const

const adopted = WorkPlan.WorkPlanAdopted.make({ organizationId: "c1", year: 2026, meetingId: "cg-2026", adoptedOn: "2026-01-16", targets })

const onCongressDay = "2026-01-16T18:00:00.000+08:00"

/** c1 with its congress of 16 January 2026 held, and the plans of c1 given. */
const congress = (...plans: ReadonlyArray<WorkPlan.Event>) =>
  given(Organization.aggregate, "c1", [community])
    .and(Meeting.aggregate, "cg-2026", meeting("cg-2026", "congress", "2026-01-16"))
    .and(WorkPlan.aggregate, "c1", plans)
    .at(onCongressDay)

describe("WorkPlan: the congress adopts the year's plan (§6 工作计划)", () => {
  it("records the plan adopted at the congress, its measured and free-text targets", () => congress().when(adopt).then([adopted]))

  it("records a plan entered later as of the congress's day, and refuses another day", async () => {
    const later = congress().at("2026-02-03T10:00:00.000+08:00")
    await later.when(adopt).thenFails("WorkPlanRejected", "NotAtCongress")
    await later.when({ ...adopt, occurredAt: "2026-01-15" }).thenFails("WorkPlanRejected", "NotAtCongress")
    await later.when({ ...adopt, occurredAt: "2026-01-16" }).then([adopted])
  })

  it("refuses a plan not adopted by a held congress of the organization", async () => {
    const base = given(Organization.aggregate, "c1", [community]).at(onCongressDay)
    await base.when(adopt).thenFails("WorkPlanRejected", "NotACongress")
    await base.and(Meeting.aggregate, "cg-2026", meeting("cg-2026", "plenary", "2026-01-16")).when(adopt).thenFails("WorkPlanRejected", "NotACongress")
    await base.and(Meeting.aggregate, "cg-2026", meeting("cg-2026", "congress", "2026-01-16").slice(0, 1)).when(adopt).thenFails("WorkPlanRejected", "NotACongress")
    await base.and(Meeting.aggregate, "cg-2026", meeting("cg-2026", "congress", "2026-01-16", "c2")).when(adopt).thenFails("WorkPlanRejected", "NotACongress")
  })

  it("adopts the plan of the congress's year or of the next, no other", async () => {
    await congress().when({ ...adopt, year: 2027 }).then([{ ...adopted, year: 2027 }])
    await congress().when({ ...adopt, year: 2025 }).thenFails("WorkPlanRejected", "WrongYear")
    await congress().when({ ...adopt, year: 2028 }).thenFails("WorkPlanRejected", "WrongYear")
  })

  it("is recorded by the organization's own executive committee only", async () => {
    await congress().when({ ...adopt, actor: actor("vice-chair", "c1", "p2") }).then([adopted])
    await congress().when({ ...adopt, actor: actor("chair", "c2") }).thenFails("Unauthorized")
    await congress().when({ ...adopt, actor: actor("representative", "c1") }).thenFails("Unauthorized")
    await congress().when({ ...adopt, actor: actor("upper-cadre", "s1") }).thenFails("Unauthorized")
  })
})

describe("WorkPlan: amending the plan", () => {
  const amended = () =>
    congress(adopted).and(Meeting.aggregate, "cg-2026-2", meeting("cg-2026-2", "congress", "2026-06-20")).at("2026-06-20T18:00:00.000+08:00")
  const amend = { ...adopt, meetingId: "cg-2026-2", targets: [{ targetId: "legal", measure: "legal-lectures", comparator: "at-least", value: 6 }], reason: "上级要求增加法制讲座" } as const

  it("lets a later congress replace the year's targets, with a reason, naming the plan it amends", async () => {
    const outcome = await amended().when(amend).then([
      WorkPlan.WorkPlanAdopted.make({ organizationId: "c1", year: 2026, meetingId: "cg-2026-2", adoptedOn: "2026-06-20", targets: amend.targets, amends: "cg-2026" })
    ])
    const state = [adopted, outcome.events[0]!.event as WorkPlan.Event].reduce(WorkPlan.aggregate.evolve, WorkPlan.aggregate.initial)
    expect(WorkPlan.inForce(state, 2026)?.targets).toEqual(amend.targets)
    expect(state.years.get(2026)?.map((a) => a.meetingId)).toEqual(["cg-2026", "cg-2026-2"])
    expect(WorkPlan.inForce(state, 2027)).toBeUndefined()
  })

  it("refuses an amendment without a reason", async () => {
    const { reason: _, ...withoutReason } = amend
    await amended().when(withoutReason).thenFails("WorkPlanRejected", "AmendmentWithoutReason")
    await amended().when({ ...withoutReason, reason: " " }).thenFails("WorkPlanRejected", "AmendmentWithoutReason")
  })

  it("refuses the same congress adopting the year's plan twice, or an earlier congress amending it", async () => {
    await congress(adopted).when({ ...amend, meetingId: "cg-2026" }).thenFails("WorkPlanRejected", "AlreadyAdopted")
    const earlier = given(Organization.aggregate, "c1", [community])
      .and(Meeting.aggregate, "cg-2025-12", meeting("cg-2025-12", "congress", "2025-12-20"))
      .and(WorkPlan.aggregate, "c1", [adopted])
      .at("2026-01-20T18:00:00.000+08:00")
    await earlier.when({ ...amend, meetingId: "cg-2025-12", occurredAt: "2025-12-20" }).thenFails("WorkPlanRejected", "NotLater")
  })

  it("keeps each year's plan apart: a plan for the next year is no amendment", () =>
    amended().when({ ...amend, year: 2027, reason: undefined as never }).then([
      WorkPlan.WorkPlanAdopted.make({ organizationId: "c1", year: 2027, meetingId: "cg-2026-2", adoptedOn: "2026-06-20", targets: amend.targets })
    ]))
})

describe("WorkPlan: targets", () => {
  const withTargets = (ts: ReadonlyArray<typeof WorkPlan.TargetInput.Type>) => congress().when({ ...adopt, targets: ts as never })

  it("refuses a target id used twice, naming it", async () => {
    const error = await withTargets([...targets, { targetId: "legal", text: "again" }]).thenFails("WorkPlanRejected", "RepeatedTarget")
    expect((error as unknown as WorkPlan.WorkPlanRejected).targetIds).toEqual(["legal"])
  })

  it("refuses a target neither wholly measured nor free text", async () => {
    await withTargets([{ targetId: "a", measure: "legal-lectures", comparator: "at-least" }]).thenFails("WorkPlanRejected", "IncompleteTarget")
    await withTargets([{ targetId: "a", measure: "legal-lectures", value: 4 }]).thenFails("WorkPlanRejected", "IncompleteTarget")
    await withTargets([{ targetId: "a", comparator: "at-least", value: 4, text: "四场" }]).thenFails("WorkPlanRejected", "IncompleteTarget")
    await withTargets([{ targetId: "a" }]).thenFails("WorkPlanRejected", "IncompleteTarget")
  })

  it("refuses a value that does not fit its measure: a count whole, a percentage to 100", async () => {
    await withTargets([{ targetId: "a", measure: "legal-lectures", comparator: "at-least", value: 4.5 }]).thenFails("WorkPlanRejected", "InvalidValue")
    const error = await withTargets([{ targetId: "m", measure: "mediation-success-rate", comparator: "at-least", value: 120 }]).thenFails("WorkPlanRejected", "InvalidValue")
    expect((error as unknown as WorkPlan.WorkPlanRejected).targetIds).toEqual(["m"])
    await withTargets([{ targetId: "a", measure: "volunteer-service-hours", comparator: "at-least", value: -1 }]).thenFails("WorkPlanRejected", "InvalidValue")
    await withTargets([{ targetId: "a", measure: "contact-visits-per-household-per-month", comparator: "at-least", value: 1.5 }])
      .then([{ ...adopted, targets: [{ targetId: "a", measure: "contact-visits-per-household-per-month", comparator: "at-least", value: 1.5 }] }])
  })

  it("refuses two targets of one measure the same way, and accepts a range", async () => {
    await withTargets([
      { targetId: "a", measure: "legal-lectures", comparator: "at-least", value: 4 },
      { targetId: "b", measure: "legal-lectures", comparator: "at-least", value: 6 }
    ]).thenFails("WorkPlanRejected", "ConflictingTargets")
    const range = [
      { targetId: "a", measure: "legal-lectures", comparator: "at-least", value: 4 },
      { targetId: "b", measure: "legal-lectures", comparator: "at-most", value: 12 }
    ] as const
    await withTargets(range).then([{ ...adopted, targets: range }])
  })

  it("refuses from outside a measure outside the closed set, and a plan without targets", async () => {
    const { actor: _, ...fields } = adopt
    const input = { ...fields, actor: { person: "p1", role: "chair", organization: "c1" } }
    const problems = async (command: unknown) =>
      (await Effect.runPromise(Effect.flip(Domain.decodeCommand(command)))).problems.map((p) => p.path)
    expect(await problems({ ...input, targets: [{ targetId: "a", measure: "happiness", comparator: "at-least", value: 1 }] })).toEqual(["targets.0.measure"])
    expect(await problems({ ...input, targets: [] })).toEqual(["targets.0"])
  })

  it("reads each stored target as measured or free text, and compares a figure with it", () => {
    const [legal, , , home] = adopted.targets.map(WorkPlan.targetOf)
    expect(legal).toEqual({ kind: "measured", targetId: "legal", measure: "legal-lectures", comparator: "at-least", value: 4, text: "全年开展法制讲座4场" })
    expect(home).toEqual({ kind: "text", targetId: "home", text: "建好用好妇女之家" })
    expect(WorkPlan.meets({ comparator: "at-least", value: 4 }, 4)).toBe(true)
    expect(WorkPlan.meets({ comparator: "at-least", value: 4 }, 3)).toBe(false)
    expect(WorkPlan.meets({ comparator: "at-most", value: 2 }, 2)).toBe(true)
    expect(WorkPlan.meets({ comparator: "at-most", value: 2 }, 3)).toBe(false)
    expect(Object.keys(WorkPlan.measures)).toEqual([...WorkPlan.Measure.literals])
  })
})
