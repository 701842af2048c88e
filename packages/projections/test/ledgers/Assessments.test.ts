import { describe, it } from "vitest"
import * as Assessment from "@fulian/core/Assessment"
import * as Policy from "@fulian/core/Policy"
import * as Assessments from "../../src/ledgers/Assessments.ts"
import { given, on } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults
const asOf = "2026-12-31T12:00:00Z"
const chair = { person: "chair@s1", role: "chair", organization: "s1" } as const

const criteria = [
  { criterionId: "organization", name: "组织建设", maxScore: 30 },
  { criterionId: "rights", name: "维权工作", maxScore: 40 },
  { criterionId: "activities", name: "活动开展", maxScore: 30 }
]

const assessment = (events: ReadonlyArray<Assessment.Event>, at: string, assessmentId = "s1-2026-year-end", reason?: string) =>
  on(Assessment.aggregate, assessmentId, events, { at, actor: chair, ...(reason ? { reason } : {}) })

const opened = (assessmentId: string, period: Assessment.Period, year = 2026) =>
  Assessment.AssessmentOpened.make({ assessmentId, organizationId: "s1", period, year, criteria, assessees: ["c1", "c2", "c3"] })
const scored = (assesseeId: string, organization: number, rights: number, activities: number, assessmentId = "s1-2026-year-end") =>
  Assessment.AssessmentScored.make({
    assessmentId,
    assesseeId,
    // Scored in another order than the criteria: the ledger shows them in the criteria's order.
    scores: [{ criterionId: "activities", score: activities }, { criterionId: "organization", score: organization }, { criterionId: "rights", score: rights }]
  })
const inOrder = (organization: number, rights: number, activities: number) => [
  { criterionId: "organization", score: organization },
  { criterionId: "rights", score: rights },
  { criterionId: "activities", score: activities }
]

describe("the assessments ledger (考核评比台帐)", () => {
  it("shows each assessee's scores criterion by criterion, total and standing rank, and who is unscored, while open", () => {
    given(
      Assessments.projection,
      assessment([opened("s1-2026-year-end", "year-end")], "2026-12-01T09:00:00Z"),
      assessment([scored("c2", 25, 35, 28)], "2026-12-10T09:00:00Z"),
      assessment([scored("c1", 28, 30, 25)], "2026-12-11T09:00:00Z")
    ).then((s) => Assessments.rows(s, { asOf, policy }), [{
      assessmentId: "s1-2026-year-end",
      organizationId: "s1",
      period: "year-end",
      year: 2026,
      criteria,
      concluded: false,
      assessees: [
        { organizationId: "c2", scores: inOrder(25, 35, 28), total: 88, rank: 1 },
        { organizationId: "c1", scores: inOrder(28, 30, 25), total: 83, rank: 2 },
        { organizationId: "c3", scores: [] }
      ],
      unscored: ["c3"],
      rewards: 0,
      rewardYuan: 0,
      lateEntries: 0,
      flags: []
    }])
  })

  it("shows the final ranking once concluded, equal totals sharing a rank, and a re-scoring replacing the first", () => {
    given(
      Assessments.projection,
      assessment([opened("s1-2026-year-end", "year-end")], "2026-12-01T09:00:00Z"),
      assessment([scored("c1", 28, 30, 25), scored("c2", 25, 35, 28), scored("c3", 20, 30, 20)], "2026-12-10T09:00:00Z"),
      assessment([scored("c3", 30, 33, 25)], "2026-12-12T09:00:00Z", "s1-2026-year-end", "复核: 维权台帐补交"),
      assessment([
        Assessment.AssessmentConcluded.make({
          assessmentId: "s1-2026-year-end",
          ranking: [{ organizationId: "c2", total: 88, rank: 1 }, { organizationId: "c3", total: 88, rank: 1 }, { organizationId: "c1", total: 83, rank: 3 }],
          concludedOn: "2026-12-20"
        })
      ], "2026-12-20T09:00:00Z")
    ).then((s) => Assessments.rows(s, { asOf, policy }).map((a) => [a.concluded, a.concludedOn, a.assessees.map((x) => [x.organizationId, x.total, x.rank]), a.unscored]), [
      [true, "2026-12-20", [["c2", 88, 1], ["c3", 88, 1], ["c1", 83, 3]], []]
    ])
  })

  it("lists assessments by year and period, and filters by year", () => {
    const spec = given(
      Assessments.projection,
      assessment([opened("s1-2026-year-end", "year-end")], "2026-12-01T09:00:00Z"),
      assessment([opened("s1-2026-half-year", "half-year")], "2026-07-01T09:00:00Z", "s1-2026-half-year"),
      assessment([opened("s1-2025-year-end", "year-end", 2025)], "2025-12-01T09:00:00Z", "s1-2025-year-end")
    )
    spec.then((s) => Assessments.rows(s, { asOf, policy }).map((a) => a.assessmentId), ["s1-2025-year-end", "s1-2026-half-year", "s1-2026-year-end"])
    spec.then((s) => Assessments.rows(s, { asOf, policy, year: 2026, within: { organizationId: "s1", ids: new Set(["s1"]) } }).map((a) => a.assessmentId), ["s1-2026-half-year", "s1-2026-year-end"])
    spec.then((s) => Assessments.rows(s, { asOf, policy, within: { organizationId: "s2", ids: new Set(["s2"]) } }), [])
  })

  describe("the ranking and the rewards given on it, for the assessing organization's work summary (§8)", () => {
    const concluded = (assessmentId: string, concludedOn: string) =>
      Assessment.AssessmentConcluded.make({
        assessmentId,
        ranking: [{ organizationId: "c2", total: 88, rank: 1 }, { organizationId: "c1", total: 83, rank: 2 }, { organizationId: "c3", total: 70, rank: 3 }],
        concludedOn
      })
    const spec = given(
      Assessments.projection,
      assessment([opened("s1-2026-half-year", "half-year")], "2026-07-01T09:00:00Z", "s1-2026-half-year"),
      assessment([scored("c1", 28, 30, 25, "s1-2026-half-year"), scored("c2", 25, 35, 28, "s1-2026-half-year"), scored("c3", 20, 30, 20, "s1-2026-half-year")], "2026-07-05T09:00:00Z", "s1-2026-half-year"),
      assessment([concluded("s1-2026-half-year", "2026-07-10")], "2026-07-10T09:00:00Z", "s1-2026-half-year"),
      assessment([
        Assessment.AssessmentRewardGiven.make({ assessmentId: "s1-2026-half-year", assesseeId: "c2", title: "先进社区妇联", reward: { kind: "money", amount: 800.1 }, givenOn: "2026-07-12" }),
        Assessment.AssessmentRewardGiven.make({ assessmentId: "s1-2026-half-year", assesseeId: "c1", reward: { kind: "money", amount: 500.2 }, givenOn: "2026-07-12" }),
        Assessment.AssessmentRewardGiven.make({ assessmentId: "s1-2026-half-year", assesseeId: "c3", reward: { kind: "certificate", description: "进步奖" }, givenOn: "2026-07-12" })
      ], "2026-07-12T09:00:00Z", "s1-2026-half-year"),
      assessment([opened("s1-2026-year-end", "year-end")], "2026-12-01T09:00:00Z")
    )

    it("shows each assessee's reward beside her rank, and the assessment's rewards in total", () =>
      spec.then((s) => Assessments.rows(s, { asOf, policy }).map((a) => [a.assessmentId, a.rewards, a.rewardYuan, a.assessees.map((x) => [x.organizationId, x.rank, x.reward?.title, x.reward?.reward.kind])]), [
        ["s1-2026-half-year", 3, 1300.3, [["c2", 1, "先进社区妇联", "money"], ["c1", 2, undefined, "money"], ["c3", 3, undefined, "certificate"]]],
        ["s1-2026-year-end", 0, 0, [["c1", undefined, undefined, undefined], ["c2", undefined, undefined, undefined], ["c3", undefined, undefined, undefined]]]
      ]))

    it("gives, for a period, each assessment concluded in it with its ranking and rewards", () =>
      spec.then((s) => Assessments.figures(Assessments.rows(s, { asOf, policy }), { from: "2026-01-01", to: "2026-12-31" }), {
        assessments: 1,
        rewards: 3,
        rewardYuan: 1300.3,
        lines: [{
          assessmentId: "s1-2026-half-year",
          organizationId: "s1",
          period: "half-year",
          year: 2026,
          concludedOn: "2026-07-10",
          ranking: [
            { organizationId: "c2", total: 88, rank: 1, title: "先进社区妇联", reward: { kind: "money", amount: 800.1 }, givenOn: "2026-07-12" },
            { organizationId: "c1", total: 83, rank: 2, reward: { kind: "money", amount: 500.2 }, givenOn: "2026-07-12" },
            { organizationId: "c3", total: 70, rank: 3, reward: { kind: "certificate", description: "进步奖" }, givenOn: "2026-07-12" }
          ],
          rewards: 3,
          rewardYuan: 1300.3
        }]
      }))

    it("leaves out assessments concluded outside the period", () =>
      spec.then((s) => Assessments.figures(Assessments.rows(s, { asOf, policy }), { from: "2026-07-11", to: "2026-12-31" }).assessments, 0))
  })
})
