import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore } from "@fulian/store/EventStore"
import * as Award from "../src/Award.ts"
import { fold, streamName } from "../src/Decider.ts"
import * as Domain from "../src/Domain.ts"
import * as Household from "../src/Household.ts"
import * as Organization from "../src/Organization.ts"
import { runInterleaved } from "./support/Concurrency.ts"
import { actor, backed, given, nothing, seed } from "./support/Spec.ts"

const street = Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Beishan Street", level: "street" })
const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const other = Organization.OrganizationRegistered.make({ organizationId: "c2", name: "Hefang Community", level: "community", parentId: "s1" })
const household = (householdId: string, organizationId = "c1") =>
  Household.HouseholdRegistered.make({ householdId, organizationId, headName: "Wang Fang", address: "3-201 Qingbo Lane", circumstances: [] })
const violence = (householdId: string, resolvedOn: string) =>
  Household.DomesticViolenceSubstantiated.make({ householdId, caseId: `case-${householdId}-${resolvedOn}`, resolvedOn })

const criteria = [
  { criterionId: "virtue", name: "尊老爱幼", maxScore: 10 },
  { criterionId: "harmony", name: "邻里团结", maxScore: 10 }
]
const opened = Award.AwardCampaignOpened.make({ campaignId: "k1", organizationId: "c1", year: 2026, title: "2026 五好文明家庭", criteria, threshold: 15 })
const nominated = (householdId = "h1") => Award.HouseholdNominated.make({ campaignId: "k1", householdId })
const scores = (virtue: number, harmony: number) => [{ criterionId: "virtue", score: virtue }, { criterionId: "harmony", score: harmony }]
const scored = (virtue: number, harmony: number, householdId = "h1") =>
  Award.NomineeScored.make({ campaignId: "k1", householdId, scores: scores(virtue, harmony) })
const conferred = (conferredOn = "2026-06-01", total = 16, householdId = "h1") =>
  Award.AwardConferred.make({ campaignId: "k1", householdId, total, conferredOn })
const rechecked = (outcome: Award.RecheckOutcome, recheckedOn: string, householdId = "h1") =>
  Award.AwardRechecked.make({ campaignId: "k1", householdId, outcome, recheckedOn })
const closed = Award.AwardCampaignClosed.make({ campaignId: "k1", closedOn: "2026-05-30" })

const chair = actor("chair", "c1")
const open = {
  _tag: "OpenAwardCampaign",
  actor: chair,
  campaignId: "k1",
  organizationId: "c1",
  year: 2026,
  title: "2026 五好文明家庭",
  criteria,
  threshold: 15
} as const
const nominate = (householdId = "h1", by = actor("representative", "c1")) =>
  ({ _tag: "NominateHousehold", actor: by, campaignId: "k1", householdId }) as const
const score = (virtue: number, harmony: number, extra: Partial<typeof Award.ScoreNominee.Type> = {}) =>
  ({ _tag: "ScoreNominee", actor: actor("executive-member", "c1"), campaignId: "k1", householdId: "h1", scores: scores(virtue, harmony), ...extra }) as const
const confer = (extra: Partial<typeof Award.ConferAward.Type> = {}) =>
  ({ _tag: "ConferAward", actor: chair, campaignId: "k1", householdId: "h1", ...extra }) as const
const recheck = (outcome: Award.RecheckOutcome, extra: Partial<typeof Award.RecheckAward.Type> = {}) =>
  ({ _tag: "RecheckAward", actor: chair, campaignId: "k1", householdId: "h1", outcome, reason: "复查: 入户走访核实", ...extra }) as const
const close = { _tag: "CloseAwardCampaign", actor: chair, campaignId: "k1" } as const

/** Organizations s1 > c1, c2 and households h1 (c1), h2 (c2). */
const world = () =>
  given(Organization.aggregate, "s1", [street])
    .and(Organization.aggregate, "c1", [community])
    .and(Organization.aggregate, "c2", [other])
    .and(Household.aggregate, "h1", [household("h1")])
    .and(Household.aggregate, "h2", [household("h2", "c2")])
const campaign = (...events: ReadonlyArray<Award.Event>) => world().and(Award.aggregate, "k1", [opened, ...events])

describe("Award campaign: opening (§5)", () => {
  it("opens a campaign for a year with its criteria and threshold", () =>
    world().when(open).then([opened]))

  it("refuses opening a campaign twice", () =>
    campaign().when(open).thenFails("AwardRejected", "CampaignAlreadyOpened"))

  it("refuses a campaign of an unregistered organization", () =>
    nothing().when(open).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses a campaign without criteria", () =>
    world().when({ ...open, criteria: [], threshold: 0 }).thenFails("AwardRejected", "NoCriteria"))

  it("refuses a criterion listed twice", () =>
    world().when({ ...open, criteria: [criteria[0]!, criteria[0]!] }).thenFails("AwardRejected", "DuplicateCriterion"))

  it("refuses a criterion whose maximum is not above 0", () =>
    world().when({ ...open, criteria: [criteria[0]!, { criterionId: "x", name: "x", maxScore: 0 }] }).thenFails("AwardRejected", "InvalidMaxScore"))

  it("refuses a threshold above the most the criteria give, and accepts one equal to it", async () => {
    await world().when({ ...open, threshold: 20.5 }).thenFails("AwardRejected", "InvalidThreshold")
    await world().when({ ...open, threshold: 20 }).then([Award.AwardCampaignOpened.make({ ...opened, threshold: 20 })])
  })

  it("refuses a negative threshold", () =>
    world().when({ ...open, threshold: -1 }).thenFails("AwardRejected", "InvalidThreshold"))

  it("refuses a year that is not a whole year", () =>
    world().when({ ...open, year: 2026.5 }).thenFails("AwardRejected", "InvalidYear"))

  it("refuses a malformed campaign at the boundary (decoding)", async () => {
    const r = await Effect.runPromise(Effect.result(Domain.decodeCommand({ ...open, criteria: [{ criterionId: "x", name: "x", maxScore: -1 }] })))
    expect(r._tag).toBe("Failure")
  })

  it("refuses a representative opening a campaign (role)", () =>
    world().when({ ...open, actor: actor("representative", "c1") }).thenFails("Unauthorized"))

  it("refuses a chair opening a campaign for another organization", () =>
    world().when({ ...open, actor: actor("chair", "s1") }).thenFails("Unauthorized"))
})

describe("Award campaign: nomination (§5)", () => {
  it("nominates a registered household of the campaign's organization", () =>
    campaign().when(nominate()).then([nominated()]))

  it("nominates, for a street's campaign, a household of a community below, recommended by that community", () =>
    world()
      .and(Award.aggregate, "k1", [Award.AwardCampaignOpened.make({ ...opened, organizationId: "s1", title: "十佳好婆媳" })])
      .when(nominate("h1", actor("chair", "c1")))
      .then([nominated()]))

  it("refuses a household of another organization", () =>
    campaign().when(nominate("h2")).thenFails("HouseholdRejected", "NotRegistered"))

  it("refuses a nomination from an organization outside the household's chain", () =>
    world()
      .and(Award.aggregate, "k1", [Award.AwardCampaignOpened.make({ ...opened, organizationId: "s1" })])
      .when(nominate("h1", actor("chair", "c2")))
      .thenFails("HouseholdRejected", "NotRegistered"))

  it("refuses a nomination by a representative of a sibling community", () =>
    campaign().when(nominate("h1", actor("representative", "c2"))).thenFails("HouseholdRejected", "NotRegistered"))

  it("refuses an unregistered household", () =>
    campaign().when(nominate("h9")).thenFails("HouseholdRejected", "NotRegistered"))

  it("refuses nominating a household twice (one award per household per campaign)", () =>
    campaign(nominated()).when(nominate()).thenFails("AwardRejected", "AlreadyNominated"))

  it("refuses a household with domestic violence substantiated in the campaign year, not one with it the year before", async () => {
    await campaign().and(Household.aggregate, "h1", [violence("h1", "2026-01-01")])
      .when(nominate()).thenFails("AwardRejected", "IneligibleDomesticViolence")
    await campaign().and(Household.aggregate, "h1", [violence("h1", "2025-12-31")])
      .when(nominate()).then([nominated()])
  })

  it("refuses a nomination in a closed campaign", () =>
    campaign(closed).when(nominate()).thenFails("AwardRejected", "CampaignClosed"))

  it("refuses a nomination in a campaign never opened", () =>
    world().when(nominate()).thenFails("AwardRejected", "CampaignNotOpened"))

  it("refuses a volunteer nominating (role)", () =>
    campaign().when(nominate("h1", actor("volunteer", "c1"))).thenFails("Unauthorized"))
})

describe("Award campaign: scoring criterion by criterion (§5)", () => {
  it("scores a nominee on every criterion, up to each maximum", () =>
    campaign(nominated()).when(score(10, 5)).then([scored(10, 5)]))

  it("refuses a score above a criterion's maximum", () =>
    campaign(nominated()).when(score(10.5, 5)).thenFails("AwardRejected", "ScoreOutOfRange"))

  it("refuses a negative score", () =>
    campaign(nominated()).when(score(-1, 5)).thenFails("AwardRejected", "ScoreOutOfRange"))

  it("refuses a scoring that leaves a criterion unscored", () =>
    campaign(nominated())
      .when({ ...score(1, 1), scores: [{ criterionId: "virtue", score: 9 }] })
      .thenFails("AwardRejected", "CriterionNotScored"))

  it("refuses a score on an unknown criterion", () =>
    campaign(nominated())
      .when({ ...score(1, 1), scores: [...scores(9, 9), { criterionId: "wealth", score: 1 }] })
      .thenFails("AwardRejected", "UnknownCriterion"))

  it("refuses a criterion scored twice", () =>
    campaign(nominated())
      .when({ ...score(1, 1), scores: [...scores(9, 9), { criterionId: "virtue", score: 1 }] })
      .thenFails("AwardRejected", "CriterionScoredTwice"))

  it("refuses scoring a household not nominated", () =>
    campaign().when(score(9, 9)).thenFails("AwardRejected", "NotNominated"))

  it("refuses a re-scoring without a reason, and accepts one with a reason", async () => {
    await campaign(nominated(), scored(5, 5)).when(score(9, 9)).thenFails("AwardRejected", "ReasonRequired")
    await campaign(nominated(), scored(5, 5)).when(score(9, 9, { reason: "误记更正" })).then([scored(9, 9)])
  })

  it("refuses scoring after the award is conferred, or revoked", async () => {
    await campaign(nominated(), scored(8, 8), conferred())
      .when(score(9, 9, { reason: "r" })).thenFails("AwardRejected", "AlreadyConferred")
    await campaign(nominated(), scored(8, 8), conferred(), rechecked("revoked", "2026-06-01"))
      .when(score(9, 9, { reason: "r" })).thenFails("AwardRejected", "AwardRevoked")
  })

  it("refuses scoring in a closed campaign", () =>
    campaign(nominated(), closed).when(score(9, 9)).thenFails("AwardRejected", "CampaignClosed"))

  it("refuses a representative scoring (role)", () =>
    campaign(nominated()).when(score(9, 9, { actor: actor("representative", "c1") })).thenFails("Unauthorized"))

  it("refuses the street's chair scoring a community's campaign", () =>
    campaign(nominated()).when(score(9, 9, { actor: actor("chair", "s1") })).thenFails("AwardRejected", "CampaignNotOpened"))
})

describe("Award campaign: conferral (表彰, §5)", () => {
  it("confers the award on a nominee at the threshold, dated today", () =>
    campaign(nominated(), scored(7.5, 7.5)).when(confer()).then([conferred("2026-06-01", 15)]))

  it("confers the award on the date given", () =>
    campaign(nominated(), scored(8, 8)).when(confer({ on: "2026-05-20" })).then([conferred("2026-05-20", 16)]))

  it("refuses a nominee below the threshold", () =>
    campaign(nominated(), scored(7.5, 7)).when(confer()).thenFails("AwardRejected", "BelowThreshold"))

  it("judges the threshold on the latest scoring", () =>
    campaign(nominated(), scored(9, 9), scored(7, 7)).when(confer()).thenFails("AwardRejected", "BelowThreshold"))

  it("refuses a nominee not yet scored", () =>
    campaign(nominated()).when(confer()).thenFails("AwardRejected", "NotScored"))

  it("refuses a household not nominated", () =>
    campaign().when(confer()).thenFails("AwardRejected", "NotNominated"))

  it("refuses conferring twice (one award per household per campaign)", () =>
    campaign(nominated(), scored(8, 8), conferred()).when(confer()).thenFails("AwardRejected", "AlreadyConferred"))

  it("refuses conferring again an award once revoked", () =>
    campaign(nominated(), scored(8, 8), conferred(), rechecked("revoked", "2026-06-01"))
      .when(confer()).thenFails("AwardRejected", "AwardRevoked"))

  it("refuses a household with domestic violence substantiated in the campaign year", () =>
    campaign(nominated(), scored(8, 8)).and(Household.aggregate, "h1", [violence("h1", "2026-03-08")])
      .when(confer()).thenFails("AwardRejected", "IneligibleDomesticViolence"))

  it("does not bar a household for a finding in the year before the campaign", () =>
    campaign(nominated(), scored(8, 8)).and(Household.aggregate, "h1", [violence("h1", "2025-12-31")])
      .when(confer()).then([conferred()]))

  it("refuses, for a campaign of last year conferred this year, a finding made since the campaign year", () =>
    world()
      .and(Award.aggregate, "k1", [Award.AwardCampaignOpened.make({ ...opened, year: 2025 }), nominated(), scored(8, 8)])
      .and(Household.aggregate, "h1", [violence("h1", "2026-01-10")])
      .when(confer())
      .thenFails("AwardRejected", "IneligibleDomesticViolence"))

  it("refuses a conferral dated in the future, and accepts today", async () => {
    // 23:59 on 1 June in Beijing (15:59 UTC), and 00:00 on 2 June (16:00 UTC on the 1st).
    await campaign(nominated(), scored(8, 8)).at("2026-06-01T15:59:00.000Z").when(confer({ on: "2026-06-02" }))
      .thenFails("TimeRejected", "InFuture")
    await campaign(nominated(), scored(8, 8)).at("2026-06-01T16:00:00.000Z").when(confer({ on: "2026-06-02" }))
      .then([conferred("2026-06-02")])
  })

  it("refuses a conferral dated before the campaign year", () =>
    campaign(nominated(), scored(8, 8)).when(confer({ on: "2025-12-31" })).thenFails("AwardRejected", "DateBeforeCampaignYear"))

  it("refuses a conferral in a closed campaign", () =>
    campaign(nominated(), scored(8, 8), closed).when(confer()).thenFails("AwardRejected", "CampaignClosed"))

  it("refuses a representative conferring (only the executive committee confers)", () =>
    campaign(nominated(), scored(8, 8)).when(confer({ actor: actor("representative", "c1") })).thenFails("Unauthorized"))

  it("refuses the committee of another organization conferring", () =>
    campaign(nominated(), scored(8, 8)).when(confer({ actor: actor("chair", "c2") })).thenFails("AwardRejected", "CampaignNotOpened"))

  it("refuses a conferral when a domestic-violence finding lands concurrently (decided again, then refused)", () =>
    fc.assert(
      fc.asyncProperty(fc.infiniteStream(fc.nat(4)), async (yields) => {
        const householdStream = streamName(Household.aggregate, "h1")
        const outcome = await runInterleaved(
          Effect.gen(function*() {
            yield* seed([
              { stream: streamName(Organization.aggregate, "s1"), events: [street] },
              { stream: streamName(Organization.aggregate, "c1"), events: [community] },
              { stream: householdStream, events: [household("h1")] },
              { stream: streamName(Award.aggregate, "k1"), events: [opened, nominated(), scored(8, 8)] },
              ...backed(chair)
            ])
            const store = yield* EventStore
            const finding = Effect.gen(function*() {
              // As a case resolution would: append the finding on the household's stream.
              const current = yield* store.readStream(householdStream)
              yield* store.append([{
                stream: householdStream,
                expected: current.length,
                events: [{
                  eventId: "0190a0b0-0000-7000-8000-000000000001",
                  ...Domain.codec.encode(violence("h1", "2026-05-30")),
                  metadata: { actor: actor("mediator", "c1"), occurredAt: "2026-06-01T08:00:00.000Z", commandId: "0190a0b0-0000-7000-8000-000000000002", causationId: "x", correlationId: "x" }
                }]
              }])
            })
            const [conferral] = yield* Effect.all([Effect.result(Domain.execute(confer())), finding], { concurrency: "unbounded" })
            const log = yield* store.readAll({ after: 0, limit: 1000 })
            return { conferral, log }
          }),
          yields[Symbol.iterator]()
        )
        const position = (type: string) => outcome.log.find((e) => e.type === type)?.position
        if (outcome.conferral._tag === "Success") {
          // Conferred only if the finding came after it.
          expect(position("AwardConferred")!).toBeLessThan(position("DomesticViolenceSubstantiated")!)
        } else {
          expect(outcome.conferral.failure).toMatchObject({ _tag: "AwardRejected", reason: "IneligibleDomesticViolence" })
          expect(position("AwardConferred")).toBeUndefined()
        }
      }),
      { numRuns: 60 }
    ))
})

describe("Award re-check (复查, §5)", () => {
  it("confirms a conferred award, with a reason", () =>
    campaign(nominated(), scored(8, 8), conferred("2025-12-20")).when(recheck("confirmed")).then([rechecked("confirmed", "2026-06-01")]))

  it("revokes a conferred award, with a reason", () =>
    campaign(nominated(), scored(8, 8), conferred("2025-12-20")).when(recheck("revoked")).then([rechecked("revoked", "2026-06-01")]))

  it("records the re-check's reason with the event (who, when and why)", async () => {
    const outcome = await campaign(nominated(), scored(8, 8), conferred("2025-12-20"))
      .when(recheck("revoked", { reason: "复查: 家庭成员违法, 撤销称号" }))
      .then([rechecked("revoked", "2026-06-01")])
    expect(outcome.events[0]!.metadata).toMatchObject({ reason: "复查: 家庭成员违法, 撤销称号", actor: chair })
  })

  it("re-checks a confirmed award again", () =>
    campaign(nominated(), scored(8, 8), conferred("2025-12-20"), rechecked("confirmed", "2026-01-10"))
      .when(recheck("revoked")).then([rechecked("revoked", "2026-06-01")]))

  it("refuses a re-check without a reason (confirming or revoking)", async () => {
    const { reason: _, ...withoutReason } = recheck("revoked")
    await campaign(nominated(), scored(8, 8), conferred()).when(withoutReason).thenFails("AwardRejected", "ReasonRequired")
    await campaign(nominated(), scored(8, 8), conferred()).when({ ...withoutReason, outcome: "confirmed" }).thenFails("AwardRejected", "ReasonRequired")
  })

  it("refuses re-checking an award never conferred", async () => {
    await campaign(nominated(), scored(8, 8)).when(recheck("confirmed")).thenFails("AwardRejected", "NotConferred")
    await campaign().when(recheck("revoked")).thenFails("AwardRejected", "NotConferred")
  })

  it("keeps a revoked award revoked: it is neither confirmed nor revoked again", async () => {
    const revoked = campaign(nominated(), scored(8, 8), conferred("2025-12-20"), rechecked("revoked", "2026-01-10"))
    await revoked.when(recheck("confirmed")).thenFails("AwardRejected", "AwardRevoked")
    await revoked.when(recheck("revoked")).thenFails("AwardRejected", "AwardRevoked")
  })

  it("refuses confirming an award of a household with domestic violence substantiated since, but lets it be revoked", async () => {
    const since = campaign(nominated(), scored(8, 8), conferred("2026-02-01")).and(Household.aggregate, "h1", [violence("h1", "2026-04-01")])
    await since.when(recheck("confirmed")).thenFails("AwardRejected", "IneligibleDomesticViolence")
    await since.when(recheck("revoked")).then([rechecked("revoked", "2026-06-01")])
  })

  it("refuses a re-check dated before the award's last check, and accepts the same day", async () => {
    const confirmed = campaign(nominated(), scored(8, 8), conferred("2025-12-20"), rechecked("confirmed", "2026-03-01"))
    await confirmed.when(recheck("confirmed", { on: "2026-02-28" })).thenFails("AwardRejected", "DateBeforeLastCheck")
    await confirmed.when(recheck("confirmed", { on: "2026-03-01" })).then([rechecked("confirmed", "2026-03-01")])
  })

  it("refuses a re-check dated in the future", () =>
    campaign(nominated(), scored(8, 8), conferred("2025-12-20")).when(recheck("confirmed", { on: "2026-06-02" })).thenFails("TimeRejected", "InFuture"))

  it("re-checks the awards of a closed campaign", () =>
    campaign(nominated(), scored(8, 8), conferred("2026-05-01"), closed).when(recheck("confirmed")).then([rechecked("confirmed", "2026-06-01")]))

  it("refuses a representative re-checking (only the executive committee re-checks)", () =>
    campaign(nominated(), scored(8, 8), conferred()).when(recheck("revoked", { actor: actor("representative", "c1") })).thenFails("Unauthorized"))

  it("refuses the committee of another organization re-checking", () =>
    campaign(nominated(), scored(8, 8), conferred()).when(recheck("revoked", { actor: actor("vice-chair", "s1") })).thenFails("AwardRejected", "CampaignNotOpened"))
})

describe("Award campaign: closing (§5)", () => {
  it("closes a campaign", () =>
    campaign().when(close).then([Award.AwardCampaignClosed.make({ campaignId: "k1", closedOn: "2026-06-01" })]))

  it("refuses closing twice", () =>
    campaign(closed).when(close).thenFails("AwardRejected", "CampaignClosed"))

  it("refuses closing a campaign never opened", () =>
    world().when(close).thenFails("AwardRejected", "CampaignNotOpened"))

  it("refuses a closing dated in the future", () =>
    campaign().when({ ...close, on: "2026-06-02" }).thenFails("TimeRejected", "InFuture"))

  it("refuses a representative closing a campaign", () =>
    campaign().when({ ...close, actor: actor("representative", "c1") }).thenFails("Unauthorized"))
})

describe("Awards due for re-check (§5, policy: yearly)", () => {
  const state = (...events: ReadonlyArray<Award.Event>) => fold(Award.aggregate, [opened, ...events])

  it("lists a conferred award from its anniversary on, not the day before", () => {
    const s = state(nominated(), scored(8, 8), conferred("2025-12-20"))
    expect(Award.dueForRecheck(s, "2026-12-19", { awardRecheckYears: 1 })).toEqual([])
    expect(Award.dueForRecheck(s, "2026-12-20", { awardRecheckYears: 1 })).toEqual([{ campaignId: "k1", nomineeId: "h1", kind: "household", dueOn: "2026-12-20" }])
  })

  it("counts from the last re-check", () => {
    const s = state(nominated(), scored(8, 8), conferred("2025-12-20"), rechecked("confirmed", "2026-12-22"))
    expect(Award.dueForRecheck(s, "2027-12-21", { awardRecheckYears: 1 })).toEqual([])
    expect(Award.dueForRecheck(s, "2027-12-22", { awardRecheckYears: 1 })).toHaveLength(1)
  })

  it("follows the policy's number of years", () => {
    const s = state(nominated(), scored(8, 8), conferred("2025-12-20"))
    expect(Award.dueForRecheck(s, "2027-12-19", { awardRecheckYears: 2 })).toEqual([])
    expect(Award.dueForRecheck(s, "2027-12-20", { awardRecheckYears: 2 })).toHaveLength(1)
  })

  it("never lists a revoked award, nor a nominee without an award", () => {
    const s = state(nominated(), scored(8, 8), conferred("2025-12-20"), rechecked("revoked", "2026-01-05"), nominated("h2"))
    expect(Award.dueForRecheck(s, "2030-01-01", { awardRecheckYears: 1 })).toEqual([])
  })
})

describe("Award state (evolve)", () => {
  it("folds a campaign's history into its nominees and awards", () => {
    const s = fold(Award.aggregate, [opened, nominated(), scored(8, 8), conferred("2025-12-20"), rechecked("confirmed", "2026-12-20"), closed])
    expect(s.closed).toBe(true)
    expect(s.nominees.get("h1")).toEqual({
      nomineeId: "h1",
      kind: "household",
      householdId: "h1",
      scores: scores(8, 8),
      total: 16,
      award: {
        conferredOn: "2025-12-20",
        total: 16,
        status: "confirmed",
        lastCheckedOn: "2026-12-20",
        rechecks: [{ outcome: "confirmed", recheckedOn: "2026-12-20" }]
      }
    })
  })
})

// ---------------------------------------------------------------------------------------------
// Titles for persons and units (seed 000 §四(四)3, seed 001, seed 004), and the reward.
// ---------------------------------------------------------------------------------------------

const personCampaign = Award.AwardCampaignOpened.make({ ...opened, title: "2026 十佳好媳妇", nomineeKind: "person" })
const unitCampaign = Award.AwardCampaignOpened.make({ ...opened, organizationId: "s1", title: "2026 巾帼文明岗", nomineeKind: "unit" })
const persons = (...events: ReadonlyArray<Award.Event>) => world().and(Award.aggregate, "k1", [personCampaign, ...events])
const units = (...events: ReadonlyArray<Award.Event>) => world().and(Award.aggregate, "k1", [unitCampaign, ...events])
const personNominated = (extra: { householdId?: string; organizationId?: string } = { householdId: "h1" }) =>
  Award.PersonNominated.make({ campaignId: "k1", personId: "p1", name: "李秀英", organizationId: "c1", ...extra })
const nominatePerson = (extra: Partial<typeof Award.NominatePerson.Type> = { householdId: "h1" }) =>
  ({ _tag: "NominatePerson", actor: actor("representative", "c1"), campaignId: "k1", personId: "p1", name: "李秀英", ...extra }) as const
const postNominated = Award.UnitNominated.make({ campaignId: "k1", unitId: "post-1", unitKind: "post", unitName: "便民服务窗口", organizationId: "c1" })
const nominateUnit = (extra: Partial<typeof Award.NominateUnit.Type> = {}) =>
  ({ _tag: "NominateUnit", actor: actor("chair", "c1"), campaignId: "k1", unitId: "post-1", unitKind: "post", unitName: "便民服务窗口", organizationId: "c1", ...extra }) as const
const titleScored = (virtue: number, harmony: number, nomineeId = "p1") =>
  Award.TitleNomineeScored.make({ campaignId: "k1", nomineeId, scores: scores(virtue, harmony) })
const titleConferred = (extra: Partial<typeof Award.TitleConferred.Type> = {}) =>
  Award.TitleConferred.make({ campaignId: "k1", nomineeId: "p1", total: 16, conferredOn: "2026-06-01", ...extra })
const scorePerson = (virtue: number, harmony: number, extra: Partial<typeof Award.ScoreNominee.Type> = {}) =>
  ({ _tag: "ScoreNominee", actor: actor("executive-member", "c1"), campaignId: "k1", nomineeId: "p1", scores: scores(virtue, harmony), ...extra }) as const
const conferPerson = (extra: Partial<typeof Award.ConferAward.Type> = {}) =>
  ({ _tag: "ConferAward", actor: chair, campaignId: "k1", nomineeId: "p1", ...extra }) as const
const recheckPerson = (outcome: Award.RecheckOutcome, extra: Partial<typeof Award.RecheckAward.Type> = {}) =>
  ({ _tag: "RecheckAward", actor: chair, campaignId: "k1", nomineeId: "p1", outcome, reason: "复查: 入户走访核实", ...extra }) as const

describe("Award campaign for persons and units: what a campaign takes (§5)", () => {
  it("opens a campaign that takes persons", () =>
    world().when({ ...open, title: "2026 十佳好媳妇", nomineeKind: "person" }).then([personCampaign]))

  it("keeps a campaign opened without a kind as a household campaign", () =>
    expect(fold(Award.aggregate, [opened]).nomineeKind).toBe("household"))

  it("refuses a household nominated into a person campaign", () =>
    persons().when(nominate()).thenFails("AwardRejected", "NomineeKindMismatch"))

  it("refuses a person nominated into a household campaign", () =>
    campaign().when(nominatePerson()).thenFails("AwardRejected", "NomineeKindMismatch"))

  it("refuses a unit nominated into a person campaign", () =>
    persons().when(nominateUnit()).thenFails("AwardRejected", "NomineeKindMismatch"))

  it("refuses naming a household where the campaign takes persons, and a nominee id where it takes households", async () => {
    await persons(personNominated()).when(score(8, 8)).thenFails("AwardRejected", "NomineeKindMismatch")
    await campaign(nominated()).when(scorePerson(8, 8, { nomineeId: "h1" })).thenFails("AwardRejected", "NomineeKindMismatch")
  })

  it("refuses a command that names no nominee, or names it twice", async () => {
    const { householdId: _h, ...unnamed } = score(8, 8)
    await persons(personNominated()).when(unnamed).thenFails("AwardRejected", "NomineeNotNamed")
    await persons(personNominated()).when({ ...score(8, 8), nomineeId: "p1" }).thenFails("AwardRejected", "NomineeNotNamed")
  })
})

describe("Award campaign for persons: nomination (个人荣誉称号, §5)", () => {
  it("nominates a person by name with her household", () =>
    persons().when(nominatePerson()).then([personNominated()]))

  it("nominates a person without a household, counted in the nominating organization", () =>
    persons().when(nominatePerson({})).then([Award.PersonNominated.make({ campaignId: "k1", personId: "p1", name: "李秀英", organizationId: "c1" })]))

  it("nominates, for a street's campaign, a person of a community below, recommended by that community", () =>
    world()
      .and(Award.aggregate, "k1", [Award.AwardCampaignOpened.make({ ...personCampaign, organizationId: "s1" })])
      .when(nominatePerson({ actor: actor("chair", "c2"), householdId: "h2" }))
      .then([personNominated({ householdId: "h2", organizationId: "c2" })]))

  it("refuses a person's household outside the nominating organization's area", () =>
    persons().when(nominatePerson({ householdId: "h2" })).thenFails("HouseholdRejected", "NotRegistered"))

  it("refuses a person nominated by an organization outside the campaign's area", () =>
    persons().when(nominatePerson({ actor: actor("chair", "c2") })).thenFails("AwardRejected", "CampaignNotOpened"))

  it("refuses nominating the same person twice (one award per nominee per campaign)", () =>
    persons(personNominated()).when(nominatePerson({})).thenFails("AwardRejected", "AlreadyNominated"))

  it("refuses a person whose household had domestic violence substantiated in the campaign year (零家庭暴力, through her household)", async () => {
    await persons().and(Household.aggregate, "h1", [violence("h1", "2026-02-01")])
      .when(nominatePerson()).thenFails("AwardRejected", "IneligibleDomesticViolence")
    await persons().and(Household.aggregate, "h1", [violence("h1", "2025-12-31")])
      .when(nominatePerson()).then([personNominated()])
  })
})

describe("Award campaign for units: nomination (集体荣誉称号, §5)", () => {
  it("nominates a post of the community, for the street's campaign", () =>
    units().when(nominateUnit()).then([postNominated]))

  it("nominates an organization as a unit, without a name", () =>
    units().when(nominateUnit({ unitId: "c1", unitKind: "organization", unitName: undefined }))
      .then([Award.UnitNominated.make({ campaignId: "k1", unitId: "c1", unitKind: "organization", organizationId: "c1" })]))

  it("refuses a post or a building without its name", () =>
    units().when(nominateUnit({ unitKind: "building", unitName: undefined })).thenFails("AwardRejected", "UnitNameRequired"))

  it("refuses a unit of a sibling community", () =>
    units().when(nominateUnit({ organizationId: "c2" })).thenFails("AwardRejected", "UnitOutOfReach"))

  it("refuses a unit of an unregistered organization", () =>
    units().when(nominateUnit({ organizationId: "c9" })).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses a unit in a campaign of another area", () =>
    world().and(Award.aggregate, "k1", [Award.AwardCampaignOpened.make({ ...unitCampaign, organizationId: "c2" })])
      .when(nominateUnit()).thenFails("AwardRejected", "CampaignNotOpened"))

  it("refuses nominating the same unit twice", () =>
    units(postNominated).when(nominateUnit()).thenFails("AwardRejected", "AlreadyNominated"))
})

describe("Award campaign for persons and units: scoring, conferral and re-check (§5)", () => {
  it("scores a person criterion by criterion, and a re-scoring needs a reason", async () => {
    await persons(personNominated()).when(scorePerson(8, 8)).then([titleScored(8, 8)])
    await persons(personNominated(), titleScored(8, 8)).when(scorePerson(9, 9)).thenFails("AwardRejected", "ReasonRequired")
  })

  it("scores a unit the same way", () =>
    units(postNominated).when(scorePerson(8, 8, { actor: actor("chair", "s1"), nomineeId: "post-1" })).then([titleScored(8, 8, "post-1")]))

  it("refuses scoring a nominee not nominated", () =>
    persons().when(scorePerson(8, 8)).thenFails("AwardRejected", "NotNominated"))

  it("confers the title on a person at or above the threshold", () =>
    persons(personNominated(), titleScored(8, 8)).when(conferPerson()).then([titleConferred()]))

  it("refuses a person below the threshold", () =>
    persons(personNominated(), titleScored(7, 7)).when(conferPerson()).thenFails("AwardRejected", "BelowThreshold"))

  it("refuses conferring a person's title twice", () =>
    persons(personNominated(), titleScored(8, 8), titleConferred()).when(conferPerson()).thenFails("AwardRejected", "AlreadyConferred"))

  it("refuses the title to a person whose household had domestic violence substantiated since nomination", () =>
    persons(personNominated(), titleScored(8, 8)).and(Household.aggregate, "h1", [violence("h1", "2026-04-01")])
      .when(conferPerson()).thenFails("AwardRejected", "IneligibleDomesticViolence"))

  it("does not bar a person nominated without a household (the records hold none to judge her by)", () =>
    persons(personNominated({ organizationId: "c1" }), titleScored(8, 8)).and(Household.aggregate, "h1", [violence("h1", "2026-04-01")])
      .when(conferPerson()).then([titleConferred()]))

  it("re-checks a person's title: confirms it, or must revoke it after a finding in her household", async () => {
    await persons(personNominated(), titleScored(8, 8), titleConferred())
      .when(recheckPerson("confirmed")).then([Award.TitleRechecked.make({ campaignId: "k1", nomineeId: "p1", outcome: "confirmed", recheckedOn: "2026-06-01" })])
    await persons(personNominated(), titleScored(8, 8), titleConferred()).and(Household.aggregate, "h1", [violence("h1", "2026-05-01")])
      .when(recheckPerson("confirmed")).thenFails("AwardRejected", "IneligibleDomesticViolence")
    await persons(personNominated(), titleScored(8, 8), titleConferred()).and(Household.aggregate, "h1", [violence("h1", "2026-05-01")])
      .when(recheckPerson("revoked")).then([Award.TitleRechecked.make({ campaignId: "k1", nomineeId: "p1", outcome: "revoked", recheckedOn: "2026-06-01" })])
  })

  it("refuses re-checking a revoked title", () =>
    persons(personNominated(), titleScored(8, 8), titleConferred(), Award.TitleRechecked.make({ campaignId: "k1", nomineeId: "p1", outcome: "revoked", recheckedOn: "2026-06-01" }))
      .when(recheckPerson("confirmed")).thenFails("AwardRejected", "AwardRevoked"))

  it("folds a person's title and lists it for re-check by its nominee id", () => {
    const s = fold(Award.aggregate, [personCampaign, personNominated(), titleScored(8, 8), titleConferred({ conferredOn: "2025-12-20", reward: { kind: "certificate" } })])
    expect(s.nominees.get("p1")).toMatchObject({ nomineeId: "p1", kind: "person", householdId: "h1", organizationId: "c1", total: 16 })
    expect(s.nominees.get("p1")?.award?.reward).toEqual({ kind: "certificate" })
    expect(Award.dueForRecheck(s, "2026-12-20", { awardRecheckYears: 1 })).toEqual([{ campaignId: "k1", nomineeId: "p1", kind: "person", dueOn: "2026-12-20" }])
  })
})

describe("The reward that goes with a title (给予一定奖励, §5)", () => {
  it("records a money reward with a household's award", () =>
    campaign(nominated(), scored(8, 8)).when(confer({ reward: { kind: "money", amount: 200, description: "奖金" } }))
      .then([Award.AwardConferred.make({ ...conferred(), reward: { kind: "money", amount: 200, description: "奖金" } })]))

  it("records a plaque with a unit's title", () =>
    units(postNominated, titleScored(8, 8, "post-1"))
      .when({ _tag: "ConferAward", actor: actor("chair", "s1"), campaignId: "k1", nomineeId: "post-1", reward: { kind: "plaque", description: "巾帼文明岗铜牌" } })
      .then([titleConferred({ nomineeId: "post-1", reward: { kind: "plaque", description: "巾帼文明岗铜牌" } })]))

  it("refuses money without its amount, or in less than a fen", async () => {
    await campaign(nominated(), scored(8, 8)).when(confer({ reward: { kind: "money" } })).thenFails("AwardRejected", "InvalidReward")
    await campaign(nominated(), scored(8, 8)).when(confer({ reward: { kind: "money", amount: 10.005 } })).thenFails("AwardRejected", "InvalidReward")
  })

  it("accepts money in yuan and fen", () =>
    campaign(nominated(), scored(8, 8)).when(confer({ reward: { kind: "money", amount: 0.29 } }))
      .then([Award.AwardConferred.make({ ...conferred(), reward: { kind: "money", amount: 0.29 } })]))

  it("refuses an amount on a reward that is not money", () =>
    campaign(nominated(), scored(8, 8)).when(confer({ reward: { kind: "goods", amount: 50 } })).thenFails("AwardRejected", "InvalidReward"))

  it("totals only the money of rewards", () => {
    expect(Award.yuanOf({ kind: "money", amount: 300 })).toBe(300)
    expect(Award.yuanOf({ kind: "certificate" })).toBe(0)
    expect(Award.yuanOf(undefined)).toBe(0)
  })
})
