/**
 * The ledgers DOMAIN.md §1, §4, §5 and §6 added, as `fulian ledgers` lays them out (`LedgerText`):
 * places (阵地台帐), mediators (调解员台帐), study and training (学习培训台帐) and work plans (工作计划台帐),
 * the monthly meetings without study, and a revoked title named by its nominee — in Chinese
 * with no English word but the records' own ids, in English, and in the bilingual text.
 */
import { Effect, Layer } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import * as Award from "@fulian/core/Award"
import * as Mediation from "@fulian/core/Mediation"
import * as Meeting from "@fulian/core/Meeting"
import * as Organization from "@fulian/core/Organization"
import * as Place from "@fulian/core/Place"
import * as Policy from "@fulian/core/Policy"
import type * as Reading from "@fulian/core/Reading"
import * as Term from "@fulian/core/Term"
import * as Training from "@fulian/core/Training"
import * as WorkPlan from "@fulian/core/WorkPlan"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as MemoryProjectionStore from "@fulian/projections/MemoryProjectionStore"
import { appendAll, type Given, on, specStore } from "../../projections/test/support/ProjectionSpec.ts"
import * as LedgerText from "../src/LedgerText.ts"

const chair = (organization: string) => ({ person: `chair@${organization}`, role: "chair", organization } as const)
const criteria = [{ criterionId: "k", name: "学习", maxScore: 10 }]

/** A street and two communities: places, a mediation committee with a head and one without, study, a plan, a revoked title. */
const world: ReadonlyArray<Given> = [
  on(Organization.aggregate, "s1", [Organization.OrganizationRegistered.make({ organizationId: "s1", name: "青山街道妇联", level: "street" })], { at: "2026-01-02T00:00:00Z" }),
  ...["c1", "c2"].map((c, i) =>
    on(Organization.aggregate, c, [Organization.OrganizationRegistered.make({ organizationId: c, name: `社区${c}`, level: "community", parentId: "s1" })], { at: `2026-01-02T00:0${i + 1}:00Z` })),
  on(Term.aggregate, "c1", [Term.ExecutiveCommitteeElected.make({ termId: "c1-t", organizationId: "c1", congressSession: "妇代会", electedOn: "2026-01-05", startsOn: "2026-01-05", endsOn: "2029-01-05", residentsCommitteeElectedOn: "2026-01-04", members: [{ personId: "wang-fang", name: "王芳", position: "chair" }, { personId: "li-na", name: "李娜", position: "member" }] })], { at: "2026-01-05T01:00:00Z", actor: chair("s1") }),
  on(Place.aggregate, "c1", [
    Place.PlaceRegistered.make({ organizationId: "c1", placeId: "home", kind: "womens-home", name: "东升社区妇女之家", openedOn: "2019-03-08" }),
    Place.PlaceRegistered.make({ organizationId: "c1", placeId: "line", kind: "mediation-hotline", name: "东升调解热线", number: "0571-8888-1234", openedOn: "2020-01-01" }),
    Place.PlaceClosed.make({ organizationId: "c1", placeId: "line", closedOn: "2026-01-31" })
  ], { at: "2026-01-06T01:00:00Z", actor: chair("c1") }),
  on(Mediation.aggregate, "c1", [
    Mediation.MediationCommitteeEstablished.make({ organizationId: "c1", name: "东升巾帼调解社", establishedOn: "2026-01-06" }),
    Mediation.MediatorAppointed.make({ organizationId: "c1", mediatorId: "yu-min", name: "于敏", appointedOn: "2026-01-06", kind: "volunteer" }),
    Mediation.CommitteeHeadAppointed.make({ organizationId: "c1", mediatorId: "yu-min", appointedOn: "2026-01-07" }),
    Mediation.LegalAdviserAppointed.make({ organizationId: "c1", adviserId: "lawyer-li", appointedOn: "2026-01-07" })
  ], { at: "2026-01-07T01:00:00Z", actor: chair("c1") }),
  on(Mediation.aggregate, "c2", [
    Mediation.MediationCommitteeEstablished.make({ organizationId: "c2", name: "桂花调解委员会", establishedOn: "2026-01-08" }),
    Mediation.MediatorAppointed.make({ organizationId: "c2", mediatorId: "gao-xia", name: "高霞", appointedOn: "2026-01-08", kind: "cadre" })
  ], { at: "2026-01-08T01:00:00Z", actor: chair("c2") }),
  on(Meeting.aggregate, "c1-m01", [
    Meeting.MeetingScheduled.make({ meetingId: "c1-m01", organizationId: "c1", kind: "monthly", date: "2026-01-20", topic: "月例会" }),
    Meeting.MeetingHeld.make({ meetingId: "c1-m01", heldOn: "2026-01-20", attendees: ["wang-fang"], minutes: "议事" })
  ], { at: "2026-01-20T08:00:00Z", actor: chair("c1") }),
  on(Training.aggregate, Training.recordId("c1", "tr1"), [
    Training.TrainingRecorded.make({ organizationId: "c1", trainingId: "tr1", topic: "人民调解业务", trainer: "区司法局", heldOn: "2026-01-21", hours: 3, attendees: [{ personId: "yu-min", capacity: "mediator" }, { personId: "wang-fang", capacity: "committee-member" }] })
  ], { at: "2026-01-21T08:00:00Z", actor: chair("c1") }),
  on(WorkPlan.aggregate, "c1", [
    WorkPlan.WorkPlanAdopted.make({ organizationId: "c1", year: 2026, meetingId: "c1-congress", adoptedOn: "2026-01-10", targets: [{ targetId: "legal", measure: "legal-lectures", comparator: "at-least", value: 4 }, { targetId: "homes", text: "建好妇女之家" }] })
  ], { at: "2026-01-22T08:00:00Z", actor: chair("c1") }),
  on(Award.aggregate, "stars", [
    Award.AwardCampaignOpened.make({ campaignId: "stars", organizationId: "s1", year: 2026, title: "学习之星", criteria, threshold: 5, nomineeKind: "person" }),
    Award.PersonNominated.make({ campaignId: "stars", personId: "star", name: "赵美兰", organizationId: "c1" }),
    Award.TitleNomineeScored.make({ campaignId: "stars", nomineeId: "star", scores: [{ criterionId: "k", score: 9 }] }),
    Award.TitleConferred.make({ campaignId: "stars", nomineeId: "star", total: 9, conferredOn: "2026-01-25" }),
    Award.TitleRechecked.make({ campaignId: "stars", nomineeId: "star", outcome: "revoked", recheckedOn: "2026-02-10" })
  ], { at: "2026-02-10T08:00:00Z", actor: chair("s1") })
]

/** The street's auditor, with a purpose: she reads every row of the area. */
const scope: Reading.Scope = { reader: { actor: { person: "sun-li", role: "auditor", organization: "s1" }, purpose: "抽查" }, organization: "s1", as: "auditor", masked: false }
const policy = Policy.defaults

describe("fulian ledgers: places, mediators, study and plans (LedgerText)", () => {
  let drawn: Ledgers.Drawn
  let text: { readonly zh: string; readonly en: string; readonly bilingual: string }

  beforeAll(async () => {
    drawn = await Effect.runPromise(Effect.gen(function*() {
      yield* appendAll(world)
      return yield* Ledgers.draw({ policy, asOf: "2026-03-01" })
    }).pipe(Effect.provide(Layer.merge(specStore, MemoryProjectionStore.layer))))
    text = {
      zh: LedgerText.all(drawn, { policy, scope, lang: "zh" }),
      en: LedgerText.all(drawn, { policy, scope, lang: "en" }),
      bilingual: LedgerText.all(drawn, { policy, scope })
    }
  })

  it("lays out each new ledger in Chinese, its kinds and flags named in Chinese, and no English word but the records' ids", () => {
    const { zh } = text
    for (const heading of ["阵地台帐", "学习培训台帐", "工作计划台帐", "调解员台帐"]) expect(zh).toContain(`\n${heading}\n`)
    expect(zh).toMatch(/c1 +home +妇女之家 +东升社区妇女之家 +— +2019-03-08 +— +在用 +—/)
    expect(zh).toMatch(/c1 +line +调解热线 +东升调解热线 +0571-8888-1234 +2020-01-01 +2026-01-31 +已停用/)
    expect(zh).toContain("在用阵地：妇女之家 1")
    expect(zh).toMatch(/c1 +东升巾帼调解社 +2026-01-06 +yu-min +lawyer-li +1 +1 +0 +0 +1 +0 +—/)
    expect(zh).toMatch(/c2 +桂花调解委员会 +2026-01-08 +— +— +1 +0 +1 +0 +0 +0 +未设社长/)
    expect(zh).toMatch(/c1 +yu-min +志愿者 +社长 +是 +0 +1 +3/)
    expect(zh).toContain("月例会未记学习内容：c1-m01")
    expect(zh).toMatch(/c1 +1 +0 +1 +3 +li-na/)
    expect(zh).toMatch(/c1 +li-na +0 +1 +0 +0 +缺席学习最多/)
    expect(zh).toMatch(/c1 +wang-fang +1 +1 +1 +3 +—/)
    expect(zh).toMatch(/c1 +2026 +c1-congress +2026-01-10 +无 +2/)
    expect(zh).toMatch(/c1 +legal +法制讲座（场） +不少于 +4/)
    expect(zh).toMatch(/c1 +homes +建好妇女之家 +— +—/)
    expect(zh).toContain("2026 年未通过工作计划：c2、s1")
    expect(zh).toContain("撤销：star（个人），学习之星，2026-02-10")
    const ids = ["c1-congress", "c1-m01", "c1-t", "c1", "c2", "s1", "home", "line", "yu-min", "lawyer-li", "gao-xia", "wang-fang", "li-na", "legal", "homes", "star", "sun-li", "stars", "fulian history campaign-", "Asia/Shanghai"]
    // Longest first, so that an id is not cut by a shorter one.
    const english = [...ids].sort((a, b) => b.length - a.length).reduce((t, id) => t.replaceAll(id, " "), zh).match(/[A-Za-z]+/g) ?? []
    expect(english).toEqual([])
  })

  it("lays them out in English, and in the bilingual text with the rows' own codes", () => {
    const { en, bilingual } = text
    for (const heading of ["Places", "Study and training", "Work plans", "Mediators"]) expect(en).toContain(`\n${heading}\n`)
    expect(en).toMatch(/c1 +home +women's home +东升社区妇女之家/)
    expect(en).toMatch(/c2 +桂花调解委员会 .* headless/)
    expect(en).toContain("monthly meetings without study: c1-m01")
    expect(en).toMatch(/c1 +legal +Legal lectures +At least +4/)
    expect(en).toContain("revoked: star (person), 学习之星, on 2026-02-10")
    expect(bilingual).toContain("\n阵地台帐 Places\n")
    expect(bilingual).toMatch(/c1 +home +womens-home/)
    expect(bilingual).toMatch(/c1 +li-na +0 +1 +0 +0 +missed-most/)
  })
})
