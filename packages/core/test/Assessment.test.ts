import { describe, expect, it } from "vitest"
import * as Assessment from "../src/Assessment.ts"
import { fold } from "../src/Decider.ts"
import * as Organization from "../src/Organization.ts"
import { actor, given, nothing } from "./support/Spec.ts"

const district = Organization.OrganizationRegistered.make({ organizationId: "d1", name: "Beilun District", level: "district" })
const street = Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Qijiashan Street", level: "street", parentId: "d1" })
const otherStreet = Organization.OrganizationRegistered.make({ organizationId: "s2", name: "Xiaogang Street", level: "street", parentId: "d1" })
const community = (organizationId: string, parentId = "s1") =>
  Organization.OrganizationRegistered.make({ organizationId, name: `Community ${organizationId}`, level: "community", parentId })
const building = Organization.OrganizationRegistered.make({ organizationId: "b1", name: "Building 3", level: "building", parentId: "c1" })

const criteria = [
  { criterionId: "org", name: "组织建设", maxScore: 30 },
  { criterionId: "rights", name: "维权工作", maxScore: 40 },
  { criterionId: "activities", name: "活动开展", maxScore: 30 }
]
const opened = Assessment.AssessmentOpened.make({
  assessmentId: "as1",
  organizationId: "s1",
  period: "year-end",
  year: 2026,
  criteria,
  assessees: ["c1", "c2", "c3"]
})
const scores = (org: number, rights: number, activities: number) => [
  { criterionId: "org", score: org },
  { criterionId: "rights", score: rights },
  { criterionId: "activities", score: activities }
]
const scored = (assesseeId: string, org: number, rights: number, activities: number) =>
  Assessment.AssessmentScored.make({ assessmentId: "as1", assesseeId, scores: scores(org, rights, activities) })

const chair = actor("chair", "s1")
const open = {
  _tag: "OpenAssessment",
  actor: chair,
  assessmentId: "as1",
  organizationId: "s1",
  period: "year-end",
  year: 2026,
  criteria,
  assessees: ["c1", "c2", "c3"]
} as const
const score = (assesseeId: string, org: number, rights: number, activities: number, extra: Partial<typeof Assessment.ScoreAssessee.Type> = {}) =>
  ({ _tag: "ScoreAssessee", actor: actor("executive-member", "s1"), assessmentId: "as1", assesseeId, scores: scores(org, rights, activities), ...extra }) as const
const conclude = { _tag: "ConcludeAssessment", actor: chair, assessmentId: "as1" } as const

/** d1 > s1, s2; s1 > c1, c2, c3; s2 > c4; c1 > b1. */
const world = () =>
  given(Organization.aggregate, "d1", [district])
    .and(Organization.aggregate, "s1", [street])
    .and(Organization.aggregate, "s2", [otherStreet])
    .and(Organization.aggregate, "c1", [community("c1")])
    .and(Organization.aggregate, "c2", [community("c2")])
    .and(Organization.aggregate, "c3", [community("c3")])
    .and(Organization.aggregate, "c4", [community("c4", "s2")])
    .and(Organization.aggregate, "b1", [building])
const assessment = (...events: ReadonlyArray<Assessment.Event>) => world().and(Assessment.aggregate, "as1", [opened, ...events])

describe("Assessment: opening (§8)", () => {
  it("opens a year-end assessment of the organizations directly below", () =>
    world().when(open).then([opened]))

  it("opens a half-year assessment", () =>
    world().when({ ...open, period: "half-year" }).then([Assessment.AssessmentOpened.make({ ...opened, period: "half-year" })]))

  it("refuses an organization two levels below", () =>
    world().when({ ...open, assessees: ["c1", "b1"] }).thenFails("AssessmentRejected", "NotDirectlyBelow"))

  it("refuses an organization under another parent", () =>
    world().when({ ...open, assessees: ["c1", "c4"] }).thenFails("AssessmentRejected", "NotDirectlyBelow"))

  it("refuses the assessor itself, or the organization above it", async () => {
    await world().when({ ...open, assessees: ["s1"] }).thenFails("AssessmentRejected", "NotDirectlyBelow")
    await world().when({ ...open, assessees: ["d1"] }).thenFails("AssessmentRejected", "NotDirectlyBelow")
  })

  it("refuses an unregistered assessee", () =>
    world().when({ ...open, assessees: ["c1", "c9"] }).thenFails("AssessmentRejected", "AssesseeNotRegistered"))

  it("refuses an assessment of no one", () =>
    world().when({ ...open, assessees: [] }).thenFails("AssessmentRejected", "NoAssessees"))

  it("refuses an assessee listed twice", () =>
    world().when({ ...open, assessees: ["c1", "c1"] }).thenFails("AssessmentRejected", "DuplicateAssessee"))

  it("refuses an assessment without criteria, with a criterion twice, or with a maximum not above 0", async () => {
    await world().when({ ...open, criteria: [] }).thenFails("AssessmentRejected", "NoCriteria")
    await world().when({ ...open, criteria: [criteria[0]!, criteria[0]!] }).thenFails("AssessmentRejected", "DuplicateCriterion")
    await world().when({ ...open, criteria: [{ criterionId: "x", name: "x", maxScore: -1 }] }).thenFails("AssessmentRejected", "InvalidMaxScore")
  })

  it("refuses a year that is not whole", () =>
    world().when({ ...open, year: 2026.5 }).thenFails("AssessmentRejected", "InvalidYear"))

  it("refuses opening twice", () =>
    assessment().when(open).thenFails("AssessmentRejected", "AlreadyOpened"))

  it("refuses an unregistered assessor", () =>
    nothing().when(open).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses a representative opening an assessment (role)", () =>
    world().when({ ...open, actor: actor("representative", "s1") }).thenFails("Unauthorized"))

  it("refuses a community's chair opening an assessment for its street", () =>
    world().when({ ...open, actor: actor("chair", "c1") }).thenFails("Unauthorized"))
})

describe("Assessment: scoring criterion by criterion (§8)", () => {
  it("scores an assessee on every criterion, up to each maximum", () =>
    assessment().when(score("c1", 30, 40, 30)).then([scored("c1", 30, 40, 30)]))

  it("refuses scoring an organization not assessed", () =>
    assessment().when(score("c4", 1, 1, 1)).thenFails("AssessmentRejected", "NotAnAssessee"))

  it("refuses a score above a criterion's maximum, or below 0", async () => {
    await assessment().when(score("c1", 31, 40, 30)).thenFails("AssessmentRejected", "ScoreOutOfRange")
    await assessment().when(score("c1", -1, 40, 30)).thenFails("AssessmentRejected", "ScoreOutOfRange")
  })

  it("refuses a scoring that leaves a criterion out", () =>
    assessment().when({ ...score("c1", 1, 1, 1), scores: scores(1, 1, 1).slice(0, 2) }).thenFails("AssessmentRejected", "CriterionNotScored"))

  it("refuses a score on an unknown criterion, or a criterion scored twice", async () => {
    await assessment().when({ ...score("c1", 1, 1, 1), scores: [...scores(1, 1, 1), { criterionId: "x", score: 1 }] })
      .thenFails("AssessmentRejected", "UnknownCriterion")
    await assessment().when({ ...score("c1", 1, 1, 1), scores: [...scores(1, 1, 1), { criterionId: "org", score: 1 }] })
      .thenFails("AssessmentRejected", "CriterionScoredTwice")
  })

  it("refuses re-scoring without a reason, and re-scores with one", async () => {
    await assessment(scored("c1", 10, 10, 10)).when(score("c1", 20, 20, 20)).thenFails("AssessmentRejected", "ReasonRequired")
    await assessment(scored("c1", 10, 10, 10)).when(score("c1", 20, 20, 20, { reason: "复核更正" })).then([scored("c1", 20, 20, 20)])
  })

  it("refuses scoring after conclusion", () =>
    assessment(scored("c1", 1, 1, 1), scored("c2", 1, 1, 1), scored("c3", 1, 1, 1),
      Assessment.AssessmentConcluded.make({ assessmentId: "as1", ranking: [], concludedOn: "2026-06-01" }))
      .when(score("c1", 2, 2, 2, { reason: "late" }))
      .thenFails("AssessmentRejected", "AlreadyConcluded"))

  it("refuses scoring an assessment never opened", () =>
    world().when(score("c1", 1, 1, 1)).thenFails("AssessmentRejected", "NotOpened"))

  it("refuses an assessee scoring itself", () =>
    assessment().when(score("c1", 30, 40, 30, { actor: actor("chair", "c1") })).thenFails("AssessmentRejected", "NotOpened"))

  it("refuses a representative of the assessor scoring (role)", () =>
    assessment().when(score("c1", 30, 40, 30, { actor: actor("representative", "s1") })).thenFails("Unauthorized"))
})

describe("Assessment: conclusion and ranking (§8)", () => {
  it("ranks the assessees by their latest totals, equal totals sharing a rank", () =>
    assessment(scored("c1", 20, 30, 20), scored("c3", 30, 30, 10), scored("c2", 30, 40, 30), scored("c2", 25, 35, 10))
      .when(conclude)
      .then([Assessment.AssessmentConcluded.make({
        assessmentId: "as1",
        ranking: [
          { organizationId: "c1", total: 70, rank: 1 },
          { organizationId: "c2", total: 70, rank: 1 },
          { organizationId: "c3", total: 70, rank: 1 }
        ],
        concludedOn: "2026-06-01"
      })]))

  it("ranks higher totals first", () =>
    assessment(scored("c1", 10, 10, 10), scored("c2", 30, 40, 30), scored("c3", 20, 20, 20))
      .when({ ...conclude, on: "2026-05-31" })
      .then([Assessment.AssessmentConcluded.make({
        assessmentId: "as1",
        ranking: [
          { organizationId: "c2", total: 100, rank: 1 },
          { organizationId: "c3", total: 60, rank: 2 },
          { organizationId: "c1", total: 30, rank: 3 }
        ],
        concludedOn: "2026-05-31"
      })]))

  it("refuses concluding before every assessee is scored", () =>
    assessment(scored("c1", 1, 1, 1), scored("c2", 1, 1, 1)).when(conclude).thenFails("AssessmentRejected", "NotAllScored"))

  it("refuses concluding twice", () =>
    assessment(scored("c1", 1, 1, 1), scored("c2", 1, 1, 1), scored("c3", 1, 1, 1),
      Assessment.AssessmentConcluded.make({ assessmentId: "as1", ranking: [], concludedOn: "2026-06-01" }))
      .when(conclude)
      .thenFails("AssessmentRejected", "AlreadyConcluded"))

  it("refuses a conclusion dated after today", () =>
    assessment(scored("c1", 1, 1, 1), scored("c2", 1, 1, 1), scored("c3", 1, 1, 1))
      .when({ ...conclude, on: "2026-06-02" })
      .thenFails("TimeRejected", "InFuture"))

  it("refuses the committee of another organization concluding", () =>
    assessment(scored("c1", 1, 1, 1), scored("c2", 1, 1, 1), scored("c3", 1, 1, 1))
      .when({ ...conclude, actor: actor("chair", "d1") })
      .thenFails("AssessmentRejected", "NotOpened"))

  it("ranks competition-style: 1, 1, 3", () => {
    expect(Assessment.rankingOf(new Map([["a", 5], ["b", 9], ["c", 9], ["d", 1]]))).toEqual([
      { organizationId: "b", total: 9, rank: 1 },
      { organizationId: "c", total: 9, rank: 1 },
      { organizationId: "a", total: 5, rank: 3 },
      { organizationId: "d", total: 1, rank: 4 }
    ])
  })

  it("lists the assessees not yet scored, and keeps the ranking once concluded", () => {
    const state = fold(Assessment.aggregate, [opened, scored("c2", 1, 1, 1)])
    expect(Assessment.unscored(state)).toEqual(["c1", "c3"])
    const ranking = [{ organizationId: "c2", total: 3, rank: 1 }]
    expect(fold(Assessment.aggregate, [opened, Assessment.AssessmentConcluded.make({ assessmentId: "as1", ranking, concludedOn: "2026-06-01" })]).ranking).toEqual(ranking)
  })
})

describe("Assessment: rewards after the ranking (考核奖励, §8)", () => {
  const concluded = Assessment.AssessmentConcluded.make({
    assessmentId: "as1",
    ranking: [{ organizationId: "c2", total: 90, rank: 1 }, { organizationId: "c1", total: 80, rank: 2 }, { organizationId: "c3", total: 70, rank: 3 }],
    concludedOn: "2026-05-30"
  })
  const all = [scored("c1", 25, 30, 25), scored("c2", 30, 35, 25), scored("c3", 20, 30, 20), concluded] as const
  const reward = (assesseeId: string, extra: Partial<typeof Assessment.RewardAssessee.Type> = {}) =>
    ({ _tag: "RewardAssessee", actor: chair, assessmentId: "as1", assesseeId, title: "先进社区妇联", reward: { kind: "money", amount: 1000 }, ...extra }) as const
  const given = (assesseeId: string, givenOn = "2026-06-01") =>
    Assessment.AssessmentRewardGiven.make({ assessmentId: "as1", assesseeId, title: "先进社区妇联", reward: { kind: "money", amount: 1000 }, givenOn })

  it("gives a ranked assessee of a concluded assessment its reward and title", () =>
    assessment(...all).when(reward("c2")).then([given("c2")]))

  it("records a reward without a title, on the date given", () =>
    assessment(...all).when(reward("c1", { title: undefined, reward: { kind: "certificate" }, on: "2026-05-31" }))
      .then([Assessment.AssessmentRewardGiven.make({ assessmentId: "as1", assesseeId: "c1", reward: { kind: "certificate" }, givenOn: "2026-05-31" })]))

  it("refuses a reward before the assessment is concluded", () =>
    assessment(scored("c1", 25, 30, 25)).when(reward("c1")).thenFails("AssessmentRejected", "NotConcluded"))

  it("refuses a reward to an organization not ranked in it", () =>
    assessment(...all).when(reward("c4")).thenFails("AssessmentRejected", "NotAnAssessee"))

  it("refuses a second reward to the same assessee", () =>
    assessment(...all, given("c2")).when(reward("c2")).thenFails("AssessmentRejected", "AlreadyRewarded"))

  it("refuses money without its amount", () =>
    assessment(...all).when(reward("c2", { reward: { kind: "money" } })).thenFails("AssessmentRejected", "InvalidReward"))

  it("refuses a reward dated before the conclusion", () =>
    assessment(...all).when(reward("c2", { on: "2026-05-29" })).thenFails("AssessmentRejected", "DateBeforeConclusion"))

  it("refuses a reward by a representative, or by another organization", async () => {
    await assessment(...all).when(reward("c2", { actor: actor("representative", "s1") })).thenFails("Unauthorized")
    await assessment(...all).when(reward("c2", { actor: actor("chair", "s2") })).thenFails("AssessmentRejected", "NotOpened")
  })

  it("folds the rewards given, by assessee", () => {
    const s = fold(Assessment.aggregate, [opened, ...all, given("c2")])
    expect(s.concludedOn).toBe("2026-05-30")
    expect(s.rewards.get("c2")).toEqual({ title: "先进社区妇联", reward: { kind: "money", amount: 1000 }, givenOn: "2026-06-01" })
  })
})
