import { describe, expect, it } from "vitest"
import * as Activity from "@fulian/core/Activity"
import * as Policy from "@fulian/core/Policy"
import * as Activities from "../../src/ledgers/Activities.ts"
import { given, on } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults
const chair = (organization: string) => ({ person: `chair@${organization}`, role: "chair", organization } as const)

const held = (organizationId: string, activityId: string, kind: Activity.ActivityKind, heldOn: string, participants: number, beneficiaries: number, theme?: string) =>
  on(Activity.aggregate, organizationId, [
    Activity.ActivityRecorded.make({ organizationId, activityId, kind, title: `活动 ${activityId}`, heldOn, participants, beneficiaries, ...(theme ? { theme } : {}) })
  ], { at: `${heldOn}T12:00:00+08:00`, actor: chair(organizationId) })

const donation = (donationId: string, amount: number, on_: string) =>
  on(Activity.aggregate, "c1", [
    Activity.DonationRecorded.make({ organizationId: "c1", donationId, amount, purpose: "健康同行·关爱女性 救助专项资金", on: on_, donor: "Li Ming" })
  ], { at: `${on_}T12:00:00+08:00`, actor: chair("c1") })

const relief = (reliefId: string, amount: number, on_: string) =>
  on(Activity.aggregate, "c1", [
    Activity.ReliefGiven.make({ organizationId: "c1", reliefId, amount, purpose: "六一慰问孤儿", on: on_, recipient: "Zhou Xiaoyu" })
  ], { at: `${on_}T12:00:00+08:00`, actor: chair("c1") })

const world = [
  held("c1", "a1", "legal-lecture", "2026-03-08", 40, 40, "法制宣传月"),
  held("c1", "a2", "festival", "2026-03-07", 500, 500, "魅力女性月"),
  held("c1", "a3", "legal-lecture", "2026-11-01", 10, 12, "法制宣传月"),
  held("c1", "old", "legal-lecture", "2025-12-31", 40, 40),
  held("c2", "b1", "health-screening", "2026-09-15", 817, 817),
  donation("d1", 2166, "2026-05-10"),
  donation("d2", 0.1, "2026-05-11"),
  donation("d3", 0.2, "2026-05-12"),
  donation("old", 999, "2025-06-01"),
  relief("r1", 500, "2026-05-31"),
  relief("r2", 500, "2026-05-31")
]
const year = { from: "2026-01-01", to: "2026-12-31" }

describe("the activities ledger (活动台帐)", () => {
  it("lists every activity held, donation received and relief given, by day", () => {
    given(Activities.projection, ...world).then((s) => {
      const rows = Activities.rows(s, { asOf: "2026-12-31", policy })
      return [rows.activities.map((a) => [a.activityId, a.heldOn, a.title]), rows.donations.map((d) => [d.id, d.amount, d.purpose]), rows.relief.length, rows.organizations]
    }, [
      [["old", "2025-12-31", "活动 old"], ["a2", "2026-03-07", "活动 a2"], ["a1", "2026-03-08", "活动 a1"], ["b1", "2026-09-15", "活动 b1"], ["a3", "2026-11-01", "活动 a3"]],
      [["old", 999, "健康同行·关爱女性 救助专项资金"], ["d1", 2166, "健康同行·关爱女性 救助专项资金"], ["d2", 0.1, "健康同行·关爱女性 救助专项资金"], ["d3", 0.2, "健康同行·关爱女性 救助专项资金"]],
      2,
      [
        { organizationId: "c1", activities: 4, donations: 4, relief: 2, lateEntries: 0, flags: [] },
        { organizationId: "c2", activities: 1, donations: 0, relief: 0, lateEntries: 0, flags: [] }
      ]
    ])
  })

  it("counts a year's activities by kind, theme and organization, and the money received and given, to the fen", () => {
    given(Activities.projection, ...world).then((s) => Activities.figures(Activities.rows(s, { asOf: "2026-12-31", policy }), year), {
      all: { count: 4, participants: 1367, beneficiaries: 1369 },
      byKind: [
        { kind: "festival", count: 1, participants: 500, beneficiaries: 500 },
        { kind: "legal-lecture", count: 2, participants: 50, beneficiaries: 52 },
        { kind: "health-screening", count: 1, participants: 817, beneficiaries: 817 }
      ],
      byTheme: [
        { theme: "魅力女性月", firstHeldOn: "2026-03-07", count: 1, participants: 500, beneficiaries: 500 },
        { theme: "法制宣传月", firstHeldOn: "2026-03-08", count: 2, participants: 50, beneficiaries: 52 }
      ],
      byOrganization: { c1: { count: 3, participants: 550, beneficiaries: 552 }, c2: { count: 1, participants: 817, beneficiaries: 817 } },
      donations: { count: 3, yuan: 2166.3 },
      relief: { count: 2, yuan: 1000 },
      byFestival: [],
      publicity: { materialsHandedOut: 0, consultationsGiven: 0, enterprisesReached: 0, staffReached: 0 },
      publicityByKind: [],
      donationsByDrive: [{ count: 3, yuan: 2166.3 }],
      reliefByPurpose: [{ purpose: "六一慰问孤儿", count: 2, yuan: 1000 }]
    })
  })

  it("draws an area's activities only, and marks what was entered late (补录)", () => {
    given(Activities.projection, ...world, { ...held("c2", "b2", "other", "2026-10-01", 5, 5), meta: { at: "2026-10-01T12:00:00+08:00", recordedAt: "2026-11-01T12:00:00+08:00", actor: chair("c2") } })
      .then((s) => Activities.rows(s, { asOf: "2026-12-31", policy, within: { organizationId: "c2", ids: new Set(["c2"]) } }).organizations, [
        { organizationId: "c2", activities: 2, donations: 0, relief: 0, lateEntries: 1, flags: ["entered-late"] }
      ])
  })

  it("keeps no donor's or recipient's name in its state", () => {
    const text = JSON.stringify(given(Activities.projection, ...world).stored)
    expect(text).not.toContain("Li Ming")
    expect(text).not.toContain("Zhou Xiaoyu")
  })

  describe("seed 003's figures, counted apart (§7)", () => {
    const activity = (activityId: string, kind: Activity.ActivityKind, heldOn: string, people: number, extra: Partial<typeof Activity.ActivityRecorded.Type> = {}, organizationId = "qingshan") =>
      on(Activity.ownActivity, Activity.recordId(organizationId, activityId), [
        Activity.ActivityRecorded.make({ organizationId, activityId, kind, title: `活动 ${activityId}`, heldOn, participants: people, beneficiaries: people, ...extra })
      ], { at: `${heldOn}T20:00:00+08:00`, actor: chair(organizationId) })
    const gift = (donationId: string, amount: number, day: string, activityId?: string) =>
      on(Activity.ownDonation, Activity.recordId("qingshan", donationId), [
        Activity.DonationRecorded.make({ organizationId: "qingshan", donationId, amount, purpose: "募捐", on: day, ...(activityId === undefined ? {} : { activityId }) })
      ], { at: `${day}T21:00:00+08:00`, actor: chair("qingshan") })
    const given_ = (reliefId: string, amount: number, day: string, purpose: string) =>
      on(Activity.ownRelief, Activity.recordId("qingshan", reliefId), [
        Activity.ReliefGiven.make({ organizationId: "qingshan", reliefId, amount, purpose, on: day, recipient: "Zhou Xiaoyu" })
      ], { at: `${day}T21:00:00+08:00`, actor: chair("qingshan") })
    const figuresOf = (s: Activities.State) => Activities.figures(Activities.rows(s, { asOf: "2026-12-31", policy }), year)

    it("counts two-cancer screenings, the three checks and other health checks each apart, and health consultations apart from lectures", () => {
      given(Activities.projection,
        activity("s1", "cancer-screening", "2026-06-30", 817),
        activity("s2", "three-checks", "2026-10-31", 4200),
        activity("s3", "health-screening", "2026-09-18", 500),
        activity("h1", "health-lecture", "2026-09-10", 35),
        activity("h2", "health-consultation", "2026-09-06", 200),
        activity("m1", "family-education", "2026-04-18", 80),
        activity("k1", "skills-training", "2026-06-12", 25)
      ).then((s) => figuresOf(s).byKind.map((k) => [k.kind, k.count, k.participants]), [
        ["health-lecture", 1, 35],
        ["health-screening", 1, 500],
        ["skills-training", 1, 25],
        ["cancer-screening", 1, 817],
        ["three-checks", 1, 4200],
        ["family-education", 1, 80],
        ["health-consultation", 1, 200]
      ])
    })

    it("counts activities by the festival they mark, whatever their kind, in the order of festivals", () => {
      given(Activities.projection,
        activity("f1", "festival", "2026-05-30", 60, { festival: "childrens-day" }),
        activity("f2", "festival", "2026-03-07", 500, { festival: "womens-day" }),
        activity("f3", "legal-lecture", "2026-03-08", 40, { festival: "womens-day" }),
        activity("f4", "festival", "2026-10-29", 30, { festival: "double-ninth" }),
        activity("f5", "festival", "2026-05-10", 45),
        activity("f6", "festival", "2025-03-08", 99, { festival: "womens-day" })
      ).then((s) => figuresOf(s).byFestival, [
        { festival: "womens-day", count: 2, participants: 540, beneficiaries: 540 },
        { festival: "childrens-day", count: 1, participants: 60, beneficiaries: 60 },
        { festival: "double-ninth", count: 1, participants: 30, beneficiaries: 30 }
      ])
    })

    it("sums what publicity and consultation reached, in all and by kind", () => {
      given(Activities.projection,
        activity("p1", "health-consultation", "2026-09-06", 200, { materialsHandedOut: 500, consultationsGiven: 20 }),
        activity("p2", "health-screening", "2026-09-18", 500, { enterprisesReached: 6, staffReached: 500 }),
        activity("p3", "legal-consultation", "2026-11-01", 50, { materialsHandedOut: 300, consultationsGiven: 12 }),
        activity("p4", "legal-consultation", "2026-11-02", 20, { consultationsGiven: 3 }),
        activity("p5", "legal-lecture", "2026-11-03", 60),
        activity("p6", "health-consultation", "2025-09-06", 200, { materialsHandedOut: 999 })
      ).then((s) => {
        const f = figuresOf(s)
        return [f.publicity, f.publicityByKind]
      }, [
        { materialsHandedOut: 800, consultationsGiven: 35, enterprisesReached: 6, staffReached: 500 },
        [
          { kind: "health-screening", materialsHandedOut: 0, consultationsGiven: 0, enterprisesReached: 6, staffReached: 500 },
          { kind: "health-consultation", materialsHandedOut: 500, consultationsGiven: 20, enterprisesReached: 0, staffReached: 0 },
          { kind: "legal-consultation", materialsHandedOut: 300, consultationsGiven: 15, enterprisesReached: 0, staffReached: 0 }
        ]
      ])
    })

    it("reports donations per drive, titled by the drive, with those naming no drive apart, and the total beside them", () => {
      given(Activities.projection,
        activity("fund", "charity-drive", "2025-12-20", 180, { title: "“健康同行·关爱女性”救助专项资金募捐" }),
        activity("pupil", "charity-drive", "2026-10-12", 420, { title: "“情暖白血病患儿 共拥蓝天”爱心募捐" }),
        gift("f-old", 100, "2025-12-20", "fund"),
        gift("f1", 1500, "2026-03-10", "fund"),
        gift("f2", 666, "2026-03-11", "fund"),
        gift("p1", 3000, "2026-10-12", "pupil"),
        gift("p2", 7000.5, "2026-10-13", "pupil"),
        gift("loose", 50, "2026-01-05")
      ).then((s) => {
        const f = figuresOf(s)
        return [f.donationsByDrive, f.donations]
      }, [
        [
          { organizationId: "qingshan", activityId: "fund", title: "“健康同行·关爱女性”救助专项资金募捐", count: 2, yuan: 2166 },
          { organizationId: "qingshan", activityId: "pupil", title: "“情暖白血病患儿 共拥蓝天”爱心募捐", count: 2, yuan: 10000.5 },
          { count: 1, yuan: 50 }
        ],
        { count: 5, yuan: 12216.5 }
      ])
    })

    it("reports relief per purpose, by the day each was first given", () => {
      given(Activities.projection,
        given_("o1", 500, "2026-06-01", "六一慰问孤儿"),
        given_("o2", 500, "2026-06-01", "六一慰问孤儿"),
        given_("w1", 300, "2026-01-20", "春节慰问困难妇女"),
        given_("w2", 200.25, "2026-01-21", "春节慰问困难妇女"),
        given_("w0", 999, "2025-01-20", "春节慰问困难妇女")
      ).then((s) => figuresOf(s).reliefByPurpose, [
        { purpose: "春节慰问困难妇女", count: 2, yuan: 500.25 },
        { purpose: "六一慰问孤儿", count: 2, yuan: 1000 }
      ])
    })

    it("keeps an activity's festival, publicity counts and place in its row", () => {
      given(Activities.projection,
        activity("a1", "health-consultation", "2026-09-06", 200, { festival: "mid-autumn", materialsHandedOut: 500, placeId: "dongsheng-square" })
      ).then((s) => Activities.rows(s, { asOf: "2026-12-31", policy }).activities, [{
        organizationId: "qingshan",
        activityId: "a1",
        kind: "health-consultation",
        title: "活动 a1",
        heldOn: "2026-09-06",
        participants: 200,
        beneficiaries: 200,
        festival: "mid-autumn",
        materialsHandedOut: 500,
        placeId: "dongsheng-square"
      }])
    })
  })
})
