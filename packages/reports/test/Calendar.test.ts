/**
 * The federation's calendar (DOMAIN.md §0), end to end: commands given at set moments of a
 * `TestClock` around the ends of days, months, quarters and years — in Beijing time, which is
 * not UTC's — land in the right day of the ledgers and the right period of the reports.
 */
import { Effect, Layer } from "effect"
import * as TestClock from "effect/testing/TestClock"
import { describe, expect, it } from "vitest"
import * as Domain from "@fulian/core/Domain"
import * as Organization from "@fulian/core/Organization"
import * as Policy from "@fulian/core/Policy"
import * as Representation from "@fulian/core/Representation"
import * as Term from "@fulian/core/Term"
import { toMillis } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"
import type { EventStore } from "@fulian/store/EventStore"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import type * as MonthlyReport from "../src/MonthlyReport.ts"
import * as Report from "../src/Report.ts"
import type * as WorkSummary from "../src/WorkSummary.ts"
import { on, seed } from "./support/Events.ts"

const policy = Policy.defaults
const chair = { person: "chen", role: "chair", organization: "c1" } as const
const members = [{ personId: "chen", name: "陈静", position: "chair" as const }, { personId: "li", name: "李娜", position: "member" as const }]

/** A street and its community with a committee in office from 2025, and a representative with a household. */
const world = [
  ...on(Organization.aggregate, "s1", Organization.OrganizationRegistered.make({ organizationId: "s1", name: "北山街道妇联", level: "street" })),
  ...on(Organization.aggregate, "c1", Organization.OrganizationRegistered.make({ organizationId: "c1", name: "青波社区妇联", level: "community", parentId: "s1" })),
  // The street's committee, on which zhou sits: she acts below it as its cadre.
  ...on(Term.aggregate, "s1", Term.ExecutiveCommitteeElected.make({
    termId: "s1-t", organizationId: "s1", congressSession: "s1-2024", electedOn: "2024-01-05", startsOn: "2024-01-05", endsOn: "2027-01-05",
    residentsCommitteeElectedOn: "2024-01-05", members: [{ personId: "zhou", name: "周红", position: "chair" }]
  })),
  ...on(Term.aggregate, "c1", Term.ExecutiveCommitteeElected.make({
    termId: "t1", organizationId: "c1", congressSession: "c1-2025", electedOn: "2025-01-05", startsOn: "2025-01-05", endsOn: "2028-01-05",
    residentsCommitteeElectedOn: "2025-01-04", members
  })),
  ...on(Representation.aggregate, "c1",
    Representation.RepresentativeElected.make({ organizationId: "c1", representativeId: "r1", name: "王芳", congressSession: "c1-2025", electedOn: "2025-01-05" }),
    Representation.HouseholdLinked.make({ organizationId: "c1", representativeId: "r1", householdId: "h1", on: "2025-01-06" }))
]

/** Runs commands, each at its moment of the test clock (the store stamping from it too), then `read`. */
const at = <A, E>(
  steps: ReadonlyArray<readonly [moment: string, command: Domain.Command]>,
  read: Effect.Effect<A, E, EventStore | Policy.Policy>
): Promise<{ readonly results: ReadonlyArray<{ readonly _tag: string; readonly reason?: unknown }>; readonly read: A }> =>
  Effect.runPromise(Effect.gen(function*() {
    yield* seed(world)
    const results: Array<{ _tag: string; reason?: unknown }> = []
    for (const [moment, command] of steps) {
      yield* TestClock.setTime(toMillis(moment))
      const result = yield* Effect.result(Domain.execute(command))
      results.push(result._tag === "Success" ? { _tag: "Success" } : (result.failure as { _tag: string; reason?: unknown }))
    }
    return { results, read: yield* read }
  }).pipe(
    Effect.provide(Layer.mergeAll(Layer.provideMerge(MemoryEventStore.layer, TestClock.layer()), Policy.layer())),
    Effect.scoped
  ) as Effect.Effect<{ results: Array<{ _tag: string; reason?: unknown }>; read: A }>)

const monthly = (period: string) => Effect.map(Report.compute({ organizationId: "c1", kind: "monthly", period }), (r) => r.content as MonthlyReport.Content)
const annual = (period: string) => Effect.map(Report.compute({ organizationId: "s1", kind: "annual", period }), (r) => r.content as WorkSummary.Content)

const activity = (activityId: string, heldOn: string): Domain.Command => ({
  _tag: "RecordActivity", actor: chair, organizationId: "c1", activityId, kind: "legal-lecture", title: "法律讲座", heldOn, participants: 30, beneficiaries: 30
})
const registerCase = (caseId: string, receivedAt: string): Domain.Command => ({
  _tag: "RegisterCase", actor: chair, caseId, organizationId: "c1", receivedAt, channel: "visit", category: "other",
  sudden: false, typicalInfringement: false, householdIds: [], parties: [], narrative: "求助"
})
const visit = (visitedOn: string): Domain.Command => ({
  _tag: "RecordContactVisit", actor: { person: "r1", role: "representative", organization: "c1" }, organizationId: "c1", representativeId: "r1",
  householdId: "h1", visitedOn, method: "home-visit", topics: ["living-situation"], notes: "聊天谈心"
})

describe("the federation's calendar, end to end (DOMAIN.md §0)", () => {
  it("accepts at 07:30 Beijing time on the 8th an activity held on the 8th, and counts it in that month; refuses it at 23:30 on the 7th", async () => {
    const { results, read } = await at([
      ["2025-03-07T15:30:00Z", activity("early", "2025-03-08")],
      ["2025-03-07T23:30:00Z", activity("a1", "2025-03-08")]
    ], monthly("2025-03"))
    expect(results.map((r) => [r._tag, r.reason])).toEqual([["TimeRejected", "InFuture"], ["Success", undefined]])
    expect(read.activities.count).toBe(1)
  })

  it("puts a case registered at 23:30 on 31 December into that year's summary, and one at 00:30 on 1 January into the next", async () => {
    const { read } = await at([
      ["2025-12-31T15:30:00Z", registerCase("old-year", "2025-12-31T15:00:00Z")],
      ["2025-12-31T16:30:00Z", registerCase("new-year", "2025-12-31T16:10:00Z")]
    ], Effect.all([annual("2025"), annual("2026")]))
    expect(read.map((s) => s.mediation.received)).toEqual([1, 1])
    expect(read.map((s) => s.mediation.openAtEnd)).toEqual([1, 2])
  })

  it("ends a deadline of 15 days from 07:00 on 2 June on 17 June: the result is overdue from 00:00 on the 18th, Beijing time", async () => {
    const assign: Domain.Command = {
      _tag: "AssignCase", actor: { person: "zhou", role: "upper-cadre", organization: "s1" }, caseId: "k1", assignedBy: "s1", organizationId: "c1",
      channel: "letter", category: "other", sudden: false, typicalInfringement: false, householdIds: [], parties: [], narrative: "交办"
    }
    const { read } = await at([["2025-06-01T23:00:00Z", assign]], Ledgers.fold({ policy }))
    const rows = (asOf: string) => Ledgers.Cases.rows(read.states.cases, { asOf, policy })
    expect(rows("2025-06-17").cases[0]!.resultDueOn).toBe("2025-06-17")
    expect(rows("2025-06-17T15:59:59Z").resultsOverdue).toEqual([])
    expect(rows("2025-06-17T16:00:00Z").resultsOverdue).toEqual(["k1"])
  })

  it("counts a visit at 23:50 on 31 March in March, and one at 00:10 on 1 April in April (month and quarter end)", async () => {
    const { read } = await at([
      ["2025-03-31T15:50:00Z", visit("2025-03-31")],
      ["2025-03-31T16:10:00Z", visit("2025-04-01")]
    ], Effect.all([monthly("2025-03"), monthly("2025-04")]))
    expect(read.map((m) => m.visits.contactVisits)).toEqual([1, 1])
  })

  it("flags a quarter without its plenary from 00:00 on 1 July Beijing time, not before, and not one held at 23:00 on 30 June", async () => {
    const plenary = (meetingId: string): ReadonlyArray<readonly [string, Domain.Command]> => [
      ["2025-06-20T02:00:00Z", { _tag: "ScheduleMeeting", actor: chair, meetingId, organizationId: "c1", kind: "plenary", date: "2025-06-30", topic: "季度全委会" }],
      ...members.map((m): readonly [string, Domain.Command] => ["2025-06-21T02:00:00Z", { _tag: "NotifyMemberOfMeeting", actor: chair, meetingId, personId: m.personId, notifiedOn: "2025-06-21" }])
    ]
    const quarters = (state: Ledgers.States, asOf: string) =>
      Ledgers.Meetings.rows(state.meetings, {
        asOf, policy, period: { from: "2025-04-01", to: "2025-06-30" }, organizations: [{ organizationId: "c1", level: "community" }]
      }).organizations[0]!.quartersWithoutPlenary
    const missed = await at(plenary("m1"), Ledgers.fold({ policy }))
    expect(quarters(missed.read.states, "2025-06-30T15:59:59Z")).toEqual([])
    expect(quarters(missed.read.states, "2025-06-30T16:00:00Z")).toEqual(["2025-Q2"])
    const held = await at([
      ...plenary("m2"),
      ["2025-06-30T15:00:00Z", { _tag: "RecordMeetingHeld", actor: chair, meetingId: "m2", heldOn: "2025-06-30", attendees: ["chen", "li"], minutes: "学习" }]
    ], Ledgers.fold({ policy }))
    expect(held.results.every((r) => r._tag === "Success")).toBe(true)
    expect(quarters(held.read.states, "2025-07-01")).toEqual([])
  })
})
