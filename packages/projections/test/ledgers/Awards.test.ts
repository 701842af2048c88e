import { describe, it } from "vitest"
import * as Award from "@fulian/core/Award"
import * as Policy from "@fulian/core/Policy"
import * as Awards from "../../src/ledgers/Awards.ts"
import { given, type Given, on } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults
const chair = { person: "wang-fang", role: "chair", organization: "c1" } as const

const criteria = [
  { criterionId: "love-country", name: "爱国守法", maxScore: 20 },
  { criterionId: "harmony", name: "夫妻和睦、尊老爱幼", maxScore: 40 },
  { criterionId: "learning", name: "学习进取", maxScore: 40 }
]

const campaign = (campaignId: string, year: number, title = "五好文明家庭", organizationId = "c1") =>
  on(Award.aggregate, campaignId, [Award.AwardCampaignOpened.make({ campaignId, organizationId, year, title, criteria, threshold: 80 })], {
    at: `${year}-03-01T09:00:00Z`,
    actor: { ...chair, organization: organizationId }
  })

/** Nominated, scored and conferred on `conferredOn`. */
const conferred = (campaignId: string, householdId: string, conferredOn: string, score = 90): Given =>
  on(Award.aggregate, campaignId, [
    Award.HouseholdNominated.make({ campaignId, householdId }),
    Award.NomineeScored.make({ campaignId, householdId, scores: [{ criterionId: "love-country", score: 20 }, { criterionId: "harmony", score: 35 }, { criterionId: "learning", score: score - 55 }] }),
    Award.AwardConferred.make({ campaignId, householdId, total: score, conferredOn })
  ], { at: `${conferredOn}T09:00:00Z`, actor: chair })

const rechecked = (campaignId: string, householdId: string, outcome: Award.RecheckOutcome, recheckedOn: string, reason: string) =>
  on(Award.aggregate, campaignId, [Award.AwardRechecked.make({ campaignId, householdId, outcome, recheckedOn })], {
    at: `${recheckedOn}T09:00:00Z`,
    actor: chair,
    reason
  })

const dueAt = (asOf: string, p: Policy.PolicyShape = policy) => (s: Awards.State) =>
  Awards.rows(s, { asOf, policy: p }).awards.map((a) => [a.householdId, a.recheckDueOn, a.flags])

describe("the awards ledger (评比表彰台帐)", () => {
  it("shows each conferred award's line, with its re-checks and the reason of the last", () => {
    given(
      Awards.projection,
      campaign("fg-2026", 2026),
      conferred("fg-2026", "h1", "2026-12-20"),
      on(Award.aggregate, "fg-2026", [Award.HouseholdNominated.make({ campaignId: "fg-2026", householdId: "h9" })], { at: "2026-12-01T09:00:00Z", actor: chair }),
      rechecked("fg-2026", "h1", "confirmed", "2027-12-22", "复查: 家庭和睦如故")
    ).then((s) => Awards.rows(s, { asOf: "2028-01-01", policy }), {
      campaigns: [{
        campaignId: "fg-2026",
        organizationId: "c1",
        year: 2026,
        title: "五好文明家庭",
        nomineeKind: "household",
        closed: false,
        nominees: 2,
        rewards: 0,
        rewardYuan: 0,
        lateEntries: 0,
        flags: []
      }],
      awards: [{
        campaignId: "fg-2026",
        organizationId: "c1",
        year: 2026,
        title: "五好文明家庭",
        nomineeKind: "household",
        nomineeId: "h1",
        householdId: "h1",
        total: 90,
        conferredOn: "2026-12-20",
        status: "confirmed",
        rechecks: [{ outcome: "confirmed", recheckedOn: "2027-12-22" }],
        lastCheckedOn: "2027-12-22",
        recheckDueOn: "2028-12-22",
        flags: []
      }],
      byYear: [{ year: 2026, conferred: 1, confirmed: 1, revoked: 0, recheckDue: 0 }]
    })
  })

  describe("复查: an award is due for re-check policy.awardRecheckYears (1) after its conferral or last re-check", () => {
    it("is not due the day before, and due on the day", () => {
      given(Awards.projection, campaign("fg-2026", 2026), conferred("fg-2026", "h1", "2026-12-20"))
        .then(dueAt("2027-12-19T23:59:59+08:00"), [["h1", "2027-12-20", []]])
        .then(dueAt("2027-12-20T00:00:00+08:00"), [["h1", "2027-12-20", ["recheck-due"]]])
        .then(dueAt("2027-12-20", { ...policy, awardRecheckYears: 2 }), [["h1", "2028-12-20", []]])
    })

    it("is due again a year after a confirming re-check, not before", () => {
      given(Awards.projection, campaign("fg-2026", 2026), conferred("fg-2026", "h1", "2026-12-20"), rechecked("fg-2026", "h1", "confirmed", "2028-01-05", "复查合格"))
        .then(dueAt("2028-01-06"), [["h1", "2029-01-05", []]])
        .then(dueAt("2029-01-04"), [["h1", "2029-01-05", []]])
        .then(dueAt("2029-01-05"), [["h1", "2029-01-05", ["recheck-due"]]])
    })

    it("is never due once revoked", () => {
      given(
        Awards.projection,
        campaign("fg-2026", 2026),
        conferred("fg-2026", "h1", "2026-12-20"),
        rechecked("fg-2026", "h1", "revoked", "2027-06-01", "家庭暴力查实,撤销称号")
      ).then((s) => Awards.rows(s, { asOf: "2030-01-01", policy }).awards.map((a) => [a.status, a.revokedOn, a.recheckDueOn, a.flags]), [
        ["revoked", "2027-06-01", undefined, []]
      ])
    })
  })

  it("counts conferred, confirmed, revoked and re-checks due by campaign year", () => {
    const spec = given(
      Awards.projection,
      campaign("fg-2025", 2025),
      conferred("fg-2025", "h1", "2025-12-20"),
      conferred("fg-2025", "h2", "2025-12-20"),
      conferred("fg-2025", "h3", "2025-12-20"),
      rechecked("fg-2025", "h1", "confirmed", "2026-12-10", "复查合格"),
      rechecked("fg-2025", "h2", "revoked", "2026-12-10", "已迁出本社区"),
      campaign("tp-2026", 2026, "十佳好婆媳", "s1"),
      on(Award.aggregate, "tp-2026", [
        Award.HouseholdNominated.make({ campaignId: "tp-2026", householdId: "h4" }),
        Award.NomineeScored.make({ campaignId: "tp-2026", householdId: "h4", scores: [{ criterionId: "love-country", score: 20 }, { criterionId: "harmony", score: 40 }, { criterionId: "learning", score: 35 }] }),
        Award.AwardConferred.make({ campaignId: "tp-2026", householdId: "h4", total: 95, conferredOn: "2026-05-20" })
      ], { at: "2026-05-20T09:00:00Z", actor: { person: "chair@s1", role: "chair", organization: "s1" } })
    )
    spec.then((s) => Awards.rows(s, { asOf: "2027-01-01", policy }).byYear, [
      { year: 2025, conferred: 3, confirmed: 1, revoked: 1, recheckDue: 1 },
      { year: 2026, conferred: 1, confirmed: 0, revoked: 0, recheckDue: 0 }
    ])
    spec.then((s) => Awards.rows(s, { asOf: "2027-06-01", policy, within: { organizationId: "s1", ids: new Set(["s1"]) } }).byYear, [
      { year: 2026, conferred: 1, confirmed: 0, revoked: 0, recheckDue: 1 }
    ])
    // A period's figures: conferred, and re-checks dated in it, by campaign.
    spec.then((s) => Awards.figures(Awards.rows(s, { asOf: "2026-12-31", policy }), { from: "2026-01-01", to: "2026-12-31" }), {
      conferred: 1,
      confirmed: 1,
      revoked: 1,
      campaigns: [
        { campaignId: "fg-2025", title: "五好文明家庭", year: 2025, organizationId: "c1", conferred: 0, confirmed: 1, revoked: 1 },
        { campaignId: "tp-2026", title: "十佳好婆媳", year: 2026, organizationId: "s1", conferred: 1, confirmed: 0, revoked: 0 }
      ]
    })
  })

  describe("titles for persons and units, and their rewards (奖励)", () => {
    const street = { person: "chair@s1", role: "chair", organization: "s1" } as const
    const scores = [{ criterionId: "love-country", score: 20 }, { criterionId: "harmony", score: 35 }, { criterionId: "learning", score: 35 }]
    const persons = on(Award.aggregate, "jx-2026", [
      Award.AwardCampaignOpened.make({ campaignId: "jx-2026", organizationId: "s1", year: 2026, title: "十佳好媳妇", criteria, threshold: 80, nomineeKind: "person" }),
      Award.PersonNominated.make({ campaignId: "jx-2026", personId: "p1", name: "李秀英", householdId: "h1", organizationId: "c1" }),
      Award.PersonNominated.make({ campaignId: "jx-2026", personId: "p2", name: "陈桂兰", organizationId: "c2" }),
      Award.TitleNomineeScored.make({ campaignId: "jx-2026", nomineeId: "p1", scores }),
      Award.TitleNomineeScored.make({ campaignId: "jx-2026", nomineeId: "p2", scores }),
      Award.TitleConferred.make({ campaignId: "jx-2026", nomineeId: "p1", total: 90, conferredOn: "2026-12-20", reward: { kind: "money", amount: 200.1 } }),
      Award.TitleConferred.make({ campaignId: "jx-2026", nomineeId: "p2", total: 90, conferredOn: "2026-12-20", reward: { kind: "money", amount: 300.2, description: "奖金" } })
    ], { at: "2026-12-20T09:00:00Z", actor: street })
    const units = on(Award.aggregate, "wmg-2026", [
      Award.AwardCampaignOpened.make({ campaignId: "wmg-2026", organizationId: "s1", year: 2026, title: "巾帼文明岗", criteria, threshold: 80, nomineeKind: "unit" }),
      Award.UnitNominated.make({ campaignId: "wmg-2026", unitId: "c1-window", unitKind: "post", unitName: "便民服务窗口", organizationId: "c1" }),
      Award.TitleNomineeScored.make({ campaignId: "wmg-2026", nomineeId: "c1-window", scores }),
      Award.TitleConferred.make({ campaignId: "wmg-2026", nomineeId: "c1-window", total: 90, conferredOn: "2027-01-05", reward: { kind: "plaque", description: "铜牌" } })
    ], { at: "2027-01-05T09:00:00Z", actor: street })
    const spec = given(Awards.projection, campaign("fg-2026", 2026), conferred("fg-2026", "h1", "2026-12-20"), persons, units)

    it("shows each award with its nominee's kind, and its reward", () =>
      spec.then((s) => Awards.rows(s, { asOf: "2027-01-10", policy }).awards.map((a) => [a.campaignId, a.nomineeKind, a.nomineeId, a.nomineeHouseholdId, a.nomineeOrganizationId, a.unitKind, a.reward]), [
        ["fg-2026", "household", "h1", undefined, undefined, undefined, undefined],
        ["jx-2026", "person", "p1", "h1", "c1", undefined, { kind: "money", amount: 200.1 }],
        ["jx-2026", "person", "p2", undefined, "c2", undefined, { kind: "money", amount: 300.2, description: "奖金" }],
        ["wmg-2026", "unit", "c1-window", undefined, "c1", "post", { kind: "plaque", description: "铜牌" }]
      ]))

    it("totals each campaign's rewards and their money, to the fen", () =>
      spec.then((s) => Awards.rows(s, { asOf: "2027-01-10", policy }).campaigns.map((c) => [c.campaignId, c.nomineeKind, c.rewards, c.rewardYuan]), [
        ["fg-2026", "household", 0, 0],
        ["jx-2026", "person", 2, 500.3],
        ["wmg-2026", "unit", 1, 0]
      ]))

    it("gives a period's rewards by campaign, for a report", () =>
      spec.then((s) => Awards.rewards(Awards.rows(s, { asOf: "2027-01-10", policy }), { from: "2026-01-01", to: "2026-12-31" }), {
        rewards: 2,
        yuan: 500.3,
        campaigns: [{
          campaignId: "jx-2026",
          title: "十佳好媳妇",
          year: 2026,
          organizationId: "s1",
          nomineeKind: "person",
          byKind: { certificate: 0, plaque: 0, money: 2, goods: 0 },
          yuan: 500.3,
          lines: [
            { nomineeKind: "person", nomineeId: "p1", conferredOn: "2026-12-20", reward: { kind: "money", amount: 200.1 } },
            { nomineeKind: "person", nomineeId: "p2", conferredOn: "2026-12-20", reward: { kind: "money", amount: 300.2, description: "奖金" } }
          ]
        }]
      }))

    it("keeps no nominated person's name (personal data)", () =>
      spec.then((s) => JSON.stringify(s).includes("李秀英"), false))
  })
})
