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
      relief: { count: 2, yuan: 1000 }
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
})
