import { Effect } from "effect"
import * as TestClock from "effect/testing/TestClock"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore } from "@fulian/store/EventStore"
import * as Domain from "../src/Domain.ts"
import * as Meeting from "../src/Meeting.ts"
import * as Organization from "../src/Organization.ts"
import * as Term from "../src/Term.ts"
import { toMillis } from "../src/Time.ts"
import { runInterleaved } from "./support/Concurrency.ts"
import { actor, given, seed } from "./support/Spec.ts"

const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const t1 = Term.ExecutiveCommitteeElected.make({
  termId: "t1",
  organizationId: "c1",
  congressSession: "第五届妇代会第一次会议",
  electedOn: "2026-01-10",
  startsOn: "2026-01-10",
  endsOn: "2029-01-10",
  residentsCommitteeElectedOn: "2026-01-05",
  members: [
    { personId: "p1", name: "Li Hua", position: "chair" },
    { personId: "p2", name: "Zhang Min", position: "vice-chair" },
    { personId: "p3", name: "Wang Fang", position: "member" }
  ]
})

const chair = actor("chair", "c1", "p1")
const plenary = Meeting.MeetingScheduled.make({ meetingId: "m1", organizationId: "c1", kind: "plenary", date: "2026-06-10", topic: "Third-quarter work" })
const notified = (personId: string, notifiedOn = "2026-06-05") => Meeting.MemberNotified.make({ meetingId: "m1", personId, notifiedOn })
const allNotified = [notified("p1"), notified("p2"), notified("p3")]
const heldEvent = Meeting.MeetingHeld.make({ meetingId: "m1", heldOn: "2026-06-10", attendees: ["p1", "p2", "p3"], minutes: "Discussed the third-quarter plan." })
const hold = {
  _tag: "RecordMeetingHeld",
  actor: chair,
  meetingId: "m1",
  heldOn: "2026-06-10",
  attendees: ["p1", "p2", "p3"],
  minutes: "Discussed the third-quarter plan."
} as const
const decision = Meeting.DecisionTaken.make({ meetingId: "m1", decisionId: "d1", text: "Visit every empty-nest household", ownerId: "p2", dueOn: "2026-07-10" })
const take = { _tag: "TakeDecision", actor: chair, meetingId: "m1", decisionId: "d1", text: "Visit every empty-nest household", ownerId: "p2", dueOn: "2026-07-10" } as const
const followUp = { _tag: "FollowUpDecision", actor: chair, meetingId: "m1", decisionId: "d1", status: "in-progress", followedUpOn: "2026-06-20" } as const

/** The community with its committee in office and meeting m1 (a plenary) with the given events. */
const meeting = (...events: ReadonlyArray<Meeting.Event>) =>
  given(Organization.aggregate, "c1", [community]).and(Term.aggregate, "c1", [t1]).and(Meeting.aggregate, "m1", [plenary, ...events])
const onMeetingDay = "2026-06-10T18:00:00.000+08:00"

describe("Meeting: scheduling and notifying (§6 会前通知每个委员)", () => {
  const schedule = { _tag: "ScheduleMeeting", actor: chair, meetingId: "m1", organizationId: "c1", kind: "plenary", date: "2026-06-10", topic: "Third-quarter work" } as const

  it("schedules a meeting of the organization with its topic", () =>
    given(Organization.aggregate, "c1", [community]).when(schedule).then([plenary]))

  it("refuses scheduling for another organization, or by a role outside the committee", async () => {
    await given(Organization.aggregate, "c1", [community]).when({ ...schedule, actor: actor("chair", "c2") }).thenFails("Unauthorized")
    await given(Organization.aggregate, "c1", [community]).when({ ...schedule, actor: actor("representative", "c1") }).thenFails("Unauthorized")
    await given(Organization.aggregate, "c1", [community]).when({ ...schedule, actor: actor("upper-cadre", "s1") }).thenFails("Unauthorized")
  })

  it("refuses a meeting of an unregistered organization", () =>
    given(Organization.aggregate, "s1", []).when(schedule).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses scheduling a meeting twice or without a topic", async () => {
    await meeting().when(schedule).thenFails("MeetingRejected", "AlreadyScheduled")
    await given(Organization.aggregate, "c1", [community]).when({ ...schedule, topic: " " }).thenFails("MeetingRejected", "NoTopic")
  })

  it("records that a member was notified of the topic", () =>
    meeting().when({ _tag: "NotifyMemberOfMeeting", actor: chair, meetingId: "m1", personId: "p3", notifiedOn: "2026-06-01" })
      .then([notified("p3", "2026-06-01")]))

  it("refuses a notification of an unscheduled or held meeting, twice, dated after today, or by another organization", async () => {
    const notify = { _tag: "NotifyMemberOfMeeting", actor: chair, meetingId: "m1", personId: "p3", notifiedOn: "2026-06-01" } as const
    await given(Organization.aggregate, "c1", [community]).when(notify).thenFails("MeetingRejected", "NotScheduled")
    await meeting(...allNotified, heldEvent).at(onMeetingDay).when({ ...notify, personId: "p9" }).thenFails("MeetingRejected", "AlreadyHeld")
    await meeting(notified("p3")).when(notify).thenFails("MeetingRejected", "AlreadyNotified")
    await meeting().when({ ...notify, notifiedOn: "2026-06-02" }).thenFails("TimeRejected", "InFuture")
    await meeting().when({ ...notify, actor: actor("chair", "c2") }).thenFails("MeetingRejected", "NotScheduled")
  })
})

describe("Meeting: holding meetings (§6)", () => {
  it("holds a plenary once every committee member was notified of its topic", () =>
    meeting(...allNotified).at(onMeetingDay).when(hold).then([heldEvent]))

  it("refuses a plenary when a committee member was not notified, naming her", async () => {
    const error = await meeting(notified("p1"), notified("p2")).at(onMeetingDay).when(hold).thenFails("MeetingRejected", "MembersNotNotified")
    expect((error as unknown as Meeting.MeetingRejected).personIds).toEqual(["p3"])
    expect(error.message).toContain("Wang Fang (p3)")
    expect(error.message).not.toContain("p2")
  })

  it("does not count a notification dated after the plenary as 会前通知", () =>
    meeting(notified("p1"), notified("p2"), notified("p3", "2026-06-11")).at("2026-06-12T08:00:00.000Z")
      .when(hold)
      .thenFails("MeetingRejected", "MembersNotNotified"))

  it("counts a notification dated on the day of the plenary", () =>
    meeting(notified("p1"), notified("p2"), notified("p3", "2026-06-10")).at(onMeetingDay).when(hold).then([heldEvent]))

  it("requires the members in office on the day: a by-elected member, and not one who left", async () => {
    const joined = Term.MemberByElected.make({
      termId: "t1",
      member: { personId: "p4", name: "Zhao Li", position: "member" },
      congressSession: "第五届妇代会第二次会议",
      electedOn: "2026-06-01"
    })
    const left = Term.MemberLeft.make({ termId: "t1", personId: "p3", leftOn: "2026-06-01" })
    const base = given(Organization.aggregate, "c1", [community]).at(onMeetingDay)
    await base.and(Term.aggregate, "c1", [t1, joined]).and(Meeting.aggregate, "m1", [plenary, ...allNotified])
      .when(hold)
      .thenFails("MeetingRejected", "MembersNotNotified")
    await base.and(Term.aggregate, "c1", [t1, left]).and(Meeting.aggregate, "m1", [plenary, notified("p1"), notified("p2")])
      .when(hold)
      .then([heldEvent])
  })

  // No committee in office that day: no one may hold it, so the standing check refuses first.
  it("refuses a plenary when no committee is in office that day", () =>
    given(Organization.aggregate, "c1", [community]).and(Meeting.aggregate, "m1", [plenary, ...allNotified]).at(onMeetingDay)
      .unbacked()
      .when(hold)
      .thenFails("Unauthorized"))

  it("holds a monthly study meeting with its minutes, without notifications", () =>
    given(Organization.aggregate, "c1", [community])
      .and(Meeting.aggregate, "m1", [{ ...plenary, kind: "monthly", topic: "Study the new regulations" }])
      .at(onMeetingDay)
      .when(hold)
      .then([heldEvent]))

  it("refuses a meeting without minutes or attendees", async () => {
    await meeting(...allNotified).at(onMeetingDay).when({ ...hold, minutes: " " }).thenFails("MeetingRejected", "NoMinutes")
    await meeting(...allNotified).at(onMeetingDay).when({ ...hold, attendees: [] }).thenFails("MeetingRejected", "NoAttendees")
  })

  it("holds the congress with its report of the year's work and plan for the next, and refuses it without them", async () => {
    const congress = given(Organization.aggregate, "c1", [community])
      .and(Meeting.aggregate, "m1", [{ ...plenary, kind: "congress", topic: "Annual congress" }])
      .at(onMeetingDay)
    const withReport = { ...hold, workReport: "The year's work", workPlan: "Next year's plan" }
    await congress.when(withReport).then([{ ...heldEvent, workReport: "The year's work", workPlan: "Next year's plan" }])
    await congress.when({ ...withReport, workPlan: "" }).thenFails("MeetingRejected", "NoCongressReport")
    await congress.when(hold).thenFails("MeetingRejected", "NoCongressReport")
  })

  it("refuses holding an unscheduled meeting, twice, or dated after today", async () => {
    await given(Organization.aggregate, "c1", [community]).at(onMeetingDay).when(hold).thenFails("MeetingRejected", "NotScheduled")
    await meeting(...allNotified, heldEvent).at(onMeetingDay).when(hold).thenFails("MeetingRejected", "AlreadyHeld")
    // 23:59 on 9 June in Beijing is still the day before the meeting; 07:30 on 10 June (23:30 UTC on the 9th) is its day.
    await meeting(...allNotified).at("2026-06-09T15:59:00.000Z").when(hold).thenFails("TimeRejected", "InFuture")
    await meeting(...allNotified).at("2026-06-09T23:30:00.000Z").when(hold).then([heldEvent])
  })

  it("refuses a meeting recorded by another organization's chair or a representative", async () => {
    await meeting(...allNotified).at(onMeetingDay).when({ ...hold, actor: actor("chair", "c2") }).thenFails("MeetingRejected", "NotScheduled")
    await meeting(...allNotified).at(onMeetingDay).when({ ...hold, actor: actor("representative", "c1") }).thenFails("Unauthorized")
  })
})

describe("Meeting: study at the monthly meeting (§6 学习制度)", () => {
  const monthly = () =>
    given(Organization.aggregate, "c1", [community])
      .and(Meeting.aggregate, "m1", [{ ...plenary, kind: "monthly", topic: "Study the law" }])
      .at(onMeetingDay)
  const study = { topic: "学习《妇女权益保障法》", material: "《中华人民共和国妇女权益保障法》(2022年修订)" }

  it("records what a monthly meeting studied, beside who attended", () =>
    monthly().when({ ...hold, study }).then([{ ...heldEvent, study }]))

  it("records a study without material, as a talk may have none", () =>
    monthly().when({ ...hold, study: { topic: "学习十九大精神" } }).then([{ ...heldEvent, study: { topic: "学习十九大精神" } }]))

  it("refuses a study record that names no topic", () =>
    monthly().when({ ...hold, study: { topic: " " } }).thenFails("MeetingRejected", "NoStudyTopic"))

  it("holds a monthly meeting without a study record, which the ledger flags instead", async () => {
    await monthly().when(hold).then([heldEvent])
    const state = (kind: Meeting.Kind, held: Meeting.Event) =>
      [{ ...plenary, kind }, held].reduce(Meeting.aggregate.evolve, Meeting.aggregate.initial)
    expect(Meeting.heldWithoutStudy(state("monthly", heldEvent))).toBe(true)
    expect(Meeting.heldWithoutStudy(state("monthly", { ...heldEvent, study }))).toBe(false)
    expect(Meeting.heldWithoutStudy(state("plenary", heldEvent))).toBe(false)
    expect(Meeting.heldWithoutStudy([{ ...plenary, kind: "monthly" as const }].reduce(Meeting.aggregate.evolve, Meeting.aggregate.initial))).toBe(false)
  })

  it("reads a meeting held event stored before studies were recorded", async () => {
    const stored = Domain.codec.encode(heldEvent)
    expect(stored.data).not.toHaveProperty("study")
    const decoded = await Effect.runPromise(Domain.codec.decode({ ...stored, eventId: "e1", stream: "meeting-m1", version: 2, position: 3, metadata: {} } as never))
    expect(decoded).toEqual(heldEvent)
  })
})

describe("Meeting: decisions and their follow-up (§6 会后检查落实)", () => {
  const held = () => meeting(...allNotified, heldEvent).at(onMeetingDay)
  const taken = () => meeting(...allNotified, heldEvent, decision).at("2026-06-20T18:00:00.000+08:00")

  it("takes a decision at a held meeting, with its owner and due date", () => held().when(take).then([decision]))

  it("takes a decision recorded later only as of the meeting's day", async () => {
    const later = meeting(...allNotified, heldEvent).at("2026-06-12T09:00:00.000+08:00")
    await later.when(take).thenFails("MeetingRejected", "DecisionNotAtMeeting")
    await later.when({ ...take, occurredAt: "2026-06-09" }).thenFails("MeetingRejected", "DecisionNotAtMeeting")
    await later.when({ ...take, occurredAt: "2026-06-10" }).then([decision])
  })

  it("refuses a decision of a meeting not held", () => meeting(...allNotified).when(take).thenFails("MeetingRejected", "NotHeld"))

  it("refuses a decision without an owner, due before the meeting, or with a taken id", async () => {
    await held().when({ ...take, ownerId: " " }).thenFails("MeetingRejected", "NoOwner")
    await held().when({ ...take, dueOn: "2026-06-09" }).thenFails("MeetingRejected", "DueBeforeMeeting")
    await held().when({ ...take, dueOn: "2026-06-10" }).then([{ ...decision, dueOn: "2026-06-10" }])
    await taken().when(take).thenFails("MeetingRejected", "DecisionIdTaken")
  })

  it("refuses a decision recorded by another organization", () =>
    held().when({ ...take, actor: actor("executive-member", "c2") }).thenFails("MeetingRejected", "NotScheduled"))

  it("records follow-ups of a decision of the meeting", () =>
    taken().when({ ...followUp, note: "Half of the households visited" })
      .then([Meeting.DecisionFollowedUp.make({ meetingId: "m1", decisionId: "d1", status: "in-progress", note: "Half of the households visited", followedUpOn: "2026-06-20" })]))

  it("refuses a follow-up of a decision not taken at this meeting", () =>
    taken().when({ ...followUp, decisionId: "d2" }).thenFails("MeetingRejected", "UnknownDecision"))

  it("refuses a follow-up of a done decision", async () => {
    const done = Meeting.DecisionFollowedUp.make({ meetingId: "m1", decisionId: "d1", status: "done", followedUpOn: "2026-06-15" })
    await meeting(...allNotified, heldEvent, decision, done).at("2026-06-20T18:00:00.000Z").when(followUp).thenFails("MeetingRejected", "AlreadyDone")
    const inProgress = { ...done, status: "in-progress" as const }
    await meeting(...allNotified, heldEvent, decision, inProgress).at("2026-06-20T18:00:00.000Z").when(followUp)
      .then([Meeting.DecisionFollowedUp.make({ meetingId: "m1", decisionId: "d1", status: "in-progress", followedUpOn: "2026-06-20" })])
  })

  it("refuses a follow-up dated before the meeting or after today", async () => {
    await taken().when({ ...followUp, followedUpOn: "2026-06-09" }).thenFails("MeetingRejected", "FollowUpBeforeMeeting")
    await taken().when({ ...followUp, followedUpOn: "2026-06-21" }).thenFails("TimeRejected", "InFuture")
  })

  it("refuses a follow-up by a volunteer or another organization", async () => {
    await taken().when({ ...followUp, actor: actor("volunteer", "c1") }).thenFails("Unauthorized")
    await taken().when({ ...followUp, actor: actor("chair", "c2") }).thenFails("MeetingRejected", "NotScheduled")
  })
})

describe("Meeting: the flags of the meeting ledger", () => {
  const held = (kind: Meeting.Kind, heldOn: string): Meeting.HeldMeeting => ({ kind, heldOn })

  it("lists the months without a monthly meeting, counting only months wholly within the period", () => {
    const meetings = [
      held("monthly", "2026-01-01"),
      held("monthly", "2026-02-28"),
      held("plenary", "2026-03-15"),
      held("monthly", "2026-04-30"),
      held("monthly", "2026-06-30")
    ]
    expect(Meeting.monthsWithoutMonthlyMeeting(meetings, { from: "2026-01-01", to: "2026-06-30" })).toEqual(["2026-03", "2026-05"])
    expect(Meeting.monthsWithoutMonthlyMeeting(meetings, { from: "2026-01-02", to: "2026-06-29" })).toEqual(["2026-03", "2026-05"])
    expect(Meeting.monthsWithoutMonthlyMeeting([], { from: "2026-01-02", to: "2026-03-30" })).toEqual(["2026-02"])
    expect(Meeting.monthsWithoutMonthlyMeeting([], { from: "2025-12-01", to: "2026-01-31" })).toEqual(["2025-12", "2026-01"])
  })

  it("lists the quarters without a plenary", () => {
    const meetings = [held("plenary", "2026-03-31"), held("monthly", "2026-05-01"), held("plenary", "2026-07-01")]
    expect(Meeting.quartersWithoutPlenary(meetings, { from: "2026-01-01", to: "2026-12-31" })).toEqual(["2026-Q2", "2026-Q4"])
    expect(Meeting.quartersWithoutPlenary(meetings, { from: "2026-01-01", to: "2026-12-30" })).toEqual(["2026-Q2"])
    expect(Meeting.quartersWithoutPlenary([], { from: "2026-02-01", to: "2026-09-30" })).toEqual(["2026-Q2", "2026-Q3"])
  })

  it("lists the years without a congress", () => {
    const meetings = [held("congress", "2024-12-31"), held("plenary", "2025-06-01"), held("congress", "2026-01-01")]
    expect(Meeting.yearsWithoutCongress(meetings, { from: "2024-01-01", to: "2026-12-31" })).toEqual([2025])
    expect(Meeting.yearsWithoutCongress([], { from: "2024-01-02", to: "2026-12-31" })).toEqual([2025, 2026])
  })

  it("flags a decision overdue once its due date has passed and its latest follow-up is not done", () => {
    const state = (...events: ReadonlyArray<Meeting.Event>) => [plenary, heldEvent, decision, ...events].reduce(Meeting.aggregate.evolve, Meeting.aggregate.initial)
    const at = (date: string) => date
    const fu = (status: Meeting.FollowUpStatus, followedUpOn: string) =>
      Meeting.DecisionFollowedUp.make({ meetingId: "m1", decisionId: "d1", status, followedUpOn })
    expect(Meeting.overdueDecisions(state(), at("2026-07-10"))).toEqual([])
    expect(Meeting.overdueDecisions(state(), at("2026-07-11")).map((d) => d.decisionId)).toEqual(["d1"])
    expect(Meeting.overdueDecisions(state(fu("in-progress", "2026-07-01")), at("2026-07-11")).length).toBe(1)
    expect(Meeting.overdueDecisions(state(fu("done", "2026-07-01")), at("2026-07-11"))).toEqual([])
    expect(Meeting.overdueDecisions(state(fu("done", "2026-07-01"), fu("not-done", "2026-07-05")), at("2026-07-11")).length).toBe(1)
    expect(Meeting.heldMeetingOf(state())).toEqual({ kind: "plenary", heldOn: "2026-06-10" })
    expect(Meeting.heldMeetingOf([plenary].reduce(Meeting.aggregate.evolve, Meeting.aggregate.initial))).toBeUndefined()
  })
})

describe("Meeting: concurrency", () => {
  it("never holds a plenary on a committee that gained an un-notified member before it was decided", async () => {
    let bothSucceeded = 0
    let refused = 0
    await fc.assert(
      fc.asyncProperty(fc.infiniteStream(fc.nat(4)), async (yields) => {
        const { results, log } = await runInterleaved(
          Effect.gen(function*() {
            yield* seed([
              { stream: "organization-c1", events: [community] },
              { stream: "term-c1", events: [t1] },
              { stream: "meeting-m1", events: [plenary, ...allNotified] }
            ])
            yield* TestClock.setTime(toMillis(onMeetingDay))
            const byElect: Domain.Command = {
              _tag: "ByElectMember",
              actor: chair,
              organizationId: "c1",
              termId: "t1",
              member: { personId: "p4", name: "Zhao Li", position: "member" },
              congressSession: "第五届妇代会第二次会议",
              electedOn: "2026-06-01"
            }
            const results = yield* Effect.all([Effect.result(Domain.execute(hold)), Effect.result(Domain.execute(byElect))], {
              concurrency: "unbounded"
            })
            const store = yield* EventStore
            return { results, log: yield* store.readAll({ after: 0, limit: 100 }) }
          }),
          yields[Symbol.iterator]()
        )
        const [held, joined] = results
        expect(joined._tag).toBe("Success")
        if (held._tag === "Success") {
          bothSucceeded++
          // Serializable: the plenary was decided before the by-election was appended.
          const at = (type: string) => log.find((e) => e.type === type)!.position
          expect(at("MeetingHeld")).toBeLessThan(at("MemberByElected"))
        } else {
          refused++
          expect(held.failure).toMatchObject({ _tag: "MeetingRejected", reason: "MembersNotNotified", personIds: ["p4"] })
        }
      }),
      { numRuns: 50 }
    )
    expect(bothSucceeded).toBeGreaterThan(0)
    expect(refused).toBeGreaterThan(0)
  })
})
