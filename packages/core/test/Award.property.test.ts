/**
 * Properties of award campaigns over random sequences of nominations, scorings, conferrals,
 * re-checks, domestic-violence findings and closing, run through the real command handler:
 * each command's outcome and the final state agree with a simple model, a revoked award is
 * never confirmed or conferred again, and no award is conferred below the threshold or on a
 * household with a domestic-violence finding in the campaign year. Each runs in a household
 * campaign and in a person campaign (十佳好媳妇), where person `p-h1` is nominated with her
 * household h1: the same rules hold, the 零家庭暴力 bar through her household.
 */
import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore, type RecordedEvent } from "@fulian/store/EventStore"
import * as Award from "../src/Award.ts"
import { fold, streamName } from "../src/Decider.ts"
import * as Domain from "../src/Domain.ts"
import * as Household from "../src/Household.ts"
import * as Organization from "../src/Organization.ts"
import * as Representation from "../src/Representation.ts"
import { actor, backed, run, seed } from "./support/Spec.ts"

const THRESHOLD = 15
const households = ["h1", "h2"] as const
type H = (typeof households)[number]

type Op =
  | { readonly kind: "nominate"; readonly h: H }
  | { readonly kind: "score"; readonly h: H; readonly virtue: number; readonly harmony: number; readonly reason: boolean; readonly intruder: boolean }
  | { readonly kind: "confer"; readonly h: H; readonly intruder: boolean }
  | { readonly kind: "recheck"; readonly h: H; readonly outcome: Award.RecheckOutcome; readonly reason: boolean; readonly intruder: boolean }
  | { readonly kind: "violence"; readonly h: H; readonly year: 2025 | 2026 }
  | { readonly kind: "close" }

const h = fc.constantFrom(...households)
const intruder = fc.integer({ min: 0, max: 9 }).map((n) => n === 0)
// Weighted so that sequences often get as far as conferral and re-check: closing (which ends
// most of the story) is rare, and scores mostly land near the threshold.
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("nominate" as const), h }), weight: 12 },
  {
    arbitrary: fc.record({
      kind: fc.constant("score" as const),
      h,
      virtue: fc.oneof({ arbitrary: fc.integer({ min: 4, max: 10 }), weight: 4 }, { arbitrary: fc.constantFrom(-1, 11), weight: 1 }),
      harmony: fc.integer({ min: 4, max: 10 }),
      reason: fc.boolean(),
      intruder
    }),
    weight: 20
  },
  { arbitrary: fc.record({ kind: fc.constant("confer" as const), h, intruder }), weight: 20 },
  {
    arbitrary: fc.record({
      kind: fc.constant("recheck" as const),
      h,
      outcome: fc.constantFrom("confirmed" as const, "revoked" as const),
      reason: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
      intruder
    }),
    weight: 24
  },
  { arbitrary: fc.record({ kind: fc.constant("violence" as const), h, year: fc.constantFrom(2025 as const, 2026 as const) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("close" as const) }), weight: 1 }
)

/** The campaign's kind: households, or persons each named with her household. */
type Kind = "household" | "person"
const kind = fc.constantFrom<Kind>("household", "person")
/** The person nominee of a household, in a person campaign. */
const personOf = (h: H) => `p-${h}`
/** The household of a nominee named in an event (a household, or a person `p-{household}`). */
const householdOf = (nomineeId: string) => nomineeId.replace(/^p-/, "")

const opened = Award.AwardCampaignOpened.make({
  campaignId: "k1",
  organizationId: "c1",
  year: 2026,
  title: "2026 五好文明家庭",
  criteria: [{ criterionId: "virtue", name: "尊老爱幼", maxScore: 10 }, { criterionId: "harmony", name: "邻里团结", maxScore: 10 }],
  threshold: THRESHOLD
})

const commandOf = (o: Exclude<Op, { kind: "violence" }>, campaign: Kind): Domain.Command => {
  const who = "intruder" in o && o.intruder ? actor("representative", "c1") : actor("executive-member", "c1")
  if (o.kind === "close") return { _tag: "CloseAwardCampaign", actor: actor("chair", "c1"), campaignId: "k1" }
  const nominee = campaign === "household" ? { householdId: o.h } : { nomineeId: personOf(o.h) }
  switch (o.kind) {
    case "nominate":
      return campaign === "household"
        ? { _tag: "NominateHousehold", actor: actor("representative", "c1"), campaignId: "k1", householdId: o.h }
        : { _tag: "NominatePerson", actor: actor("representative", "c1"), campaignId: "k1", personId: personOf(o.h), name: "李秀英", householdId: o.h }
    case "score":
      return {
        _tag: "ScoreNominee",
        actor: who,
        campaignId: "k1",
        ...nominee,
        scores: [{ criterionId: "virtue", score: o.virtue }, { criterionId: "harmony", score: o.harmony }],
        ...(o.reason ? { reason: "更正" } : {})
      }
    case "confer":
      return { _tag: "ConferAward", actor: who, campaignId: "k1", ...nominee }
    case "recheck":
      return { _tag: "RecheckAward", actor: who, campaignId: "k1", ...nominee, outcome: o.outcome, ...(o.reason ? { reason: "复查" } : {}) }
  }
}

/** The model: what each household has reached, which households are barred, and whether the campaign is closed. */
interface Model {
  readonly nominees: Map<H, { total?: number; status?: "conferred" | "confirmed" | "revoked" }>
  readonly barred: Set<H>
  closed: boolean
}

/** The model's answer to a command: "ok" or the refusal ("Unauthorized" or an AwardRejected reason). */
const expected = (m: Model, o: Exclude<Op, { kind: "violence" }>): string => {
  if ("intruder" in o && o.intruder) return "Unauthorized"
  if (o.kind === "close") return m.closed ? "CampaignClosed" : "ok"
  const n = m.nominees.get(o.h)
  switch (o.kind) {
    case "nominate":
      if (m.closed) return "CampaignClosed"
      if (n) return "AlreadyNominated"
      if (m.barred.has(o.h)) return "IneligibleDomesticViolence"
      return "ok"
    case "score":
      if (m.closed) return "CampaignClosed"
      if (!n) return "NotNominated"
      if (n.status) return n.status === "revoked" ? "AwardRevoked" : "AlreadyConferred"
      if (n.total !== undefined && !o.reason) return "ReasonRequired"
      if (o.virtue < 0 || o.virtue > 10) return "ScoreOutOfRange"
      return "ok"
    case "confer":
      if (m.closed) return "CampaignClosed"
      if (!n) return "NotNominated"
      if (n.status === "revoked") return "AwardRevoked"
      if (n.status) return "AlreadyConferred"
      if (n.total === undefined) return "NotScored"
      if (n.total < THRESHOLD) return "BelowThreshold"
      if (m.barred.has(o.h)) return "IneligibleDomesticViolence"
      return "ok"
    case "recheck":
      if (!n?.status) return "NotConferred"
      if (n.status === "revoked") return "AwardRevoked"
      if (!o.reason) return "ReasonRequired"
      if (o.outcome === "confirmed" && m.barred.has(o.h)) return "IneligibleDomesticViolence"
      return "ok"
  }
}

const apply = (m: Model, o: Exclude<Op, { kind: "violence" }>): void => {
  if (o.kind === "close") {
    m.closed = true
    return
  }
  const n = m.nominees.get(o.h) ?? {}
  switch (o.kind) {
    case "nominate":
      m.nominees.set(o.h, n)
      return
    case "score":
      m.nominees.set(o.h, { ...n, total: o.virtue + o.harmony })
      return
    case "confer":
      m.nominees.set(o.h, { ...n, status: "conferred" })
      return
    case "recheck":
      m.nominees.set(o.h, { ...n, status: o.outcome })
      return
  }
}

let eventSeq = 0
const violence = (householdId: H, year: number) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    eventSeq++
    const id = `0190a0b0-0000-7000-8000-${String(eventSeq).padStart(12, "0")}`
    yield* store.append([{
      stream: streamName(Household.aggregate, householdId),
      expected: "any",
      events: [{
        eventId: id,
        ...Domain.codec.encode(Household.DomesticViolenceSubstantiated.make({ householdId, caseId: `case-${eventSeq}`, resolvedOn: `${year}-03-01` })),
        metadata: { actor: actor("mediator", "c1"), occurredAt: "2026-06-01T08:00:00.000Z", commandId: id, causationId: id, correlationId: id }
      }]
    }])
  })

/** Runs the ops; returns each command's outcome ("ok" or its refusal) and the whole log. */
const runOps = (ops: ReadonlyArray<Op>, campaign: Kind) =>
  run(Effect.gen(function*() {
    yield* seed([
      { stream: streamName(Organization.aggregate, "s1"), events: [Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Street", level: "street" })] },
      { stream: streamName(Organization.aggregate, "c1"), events: [Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Community", level: "community", parentId: "s1" })] },
      ...households.map((id) => ({
        stream: streamName(Household.aggregate, id),
        events: [Household.HouseholdRegistered.make({ householdId: id, organizationId: "c1", headName: "n", address: "a", circumstances: [] })]
      })),
      { stream: streamName(Award.aggregate, "k1"), events: [campaign === "household" ? opened : Award.AwardCampaignOpened.make({ ...opened, nomineeKind: "person" })] },
      ...backed(actor("executive-member", "c1"), actor("chair", "c1")),
      {
        // c1's representative, whose households these are (she nominates only her own).
        stream: streamName(Representation.aggregate, "c1"),
        events: [
          Representation.RepresentativeElected.make({ organizationId: "c1", representativeId: "representative@c1", name: "r", congressSession: "s", electedOn: "2026-01-10" }),
          ...households.map((householdId) => Representation.HouseholdLinked.make({ organizationId: "c1", representativeId: "representative@c1", householdId, on: "2026-01-10" }))
        ]
      }
    ])
    const outcomes: Array<string> = []
    for (const o of ops) {
      if (o.kind === "violence") {
        yield* violence(o.h, o.year)
        outcomes.push("ok")
        continue
      }
      const r = yield* Effect.result(Domain.execute(commandOf(o, campaign)))
      outcomes.push(r._tag === "Success" ? "ok" : r.failure._tag === "AwardRejected" ? r.failure.reason : r.failure._tag)
    }
    const log = yield* (yield* EventStore).readAll({ after: 0, limit: 10_000 })
    return { outcomes, log }
  }))

const eventOf = (e: RecordedEvent) => ({ _tag: e.type, ...(e.data as object) }) as Domain.Event

describe("Award campaign properties (§5)", () => {
  it("agrees with a simple model, command by command and in its final state", () =>
    fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 20, maxLength: 60 }), kind, async (ops, campaign) => {
        const { outcomes, log } = await runOps(ops, campaign)
        const model: Model = { nominees: new Map(), barred: new Set(), closed: false }
        ops.forEach((o, i) => {
          if (o.kind === "violence") {
            if (o.year === 2026) model.barred.add(o.h)
            return
          }
          const want = expected(model, o)
          expect(outcomes[i], `op ${i}: ${JSON.stringify(o)}`).toBe(want)
          if (want === "ok") apply(model, o)
        })
        const state = fold(Award.aggregate, log.filter((e) => e.stream === "campaign-k1").map(eventOf) as Array<Award.Event>)
        expect(state.closed).toBe(model.closed)
        for (const id of households) {
          const n = state.nominees.get(campaign === "household" ? id : personOf(id))
          const m = model.nominees.get(id)
          expect(n === undefined, id).toBe(m === undefined)
          if (n && m) {
            expect(n.total).toBe(m.total)
            expect(n.award?.status).toBe(m.status)
          }
        }
      }),
      { numRuns: 100 }
    ))

  it("never confirms or confers again a revoked award, never confers below the threshold or on a barred household", () =>
    fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 20, maxLength: 60 }), kind, async (ops, campaign) => {
        const { log } = await runOps(ops, campaign)
        const revoked = new Set<string>()
        const conferred = new Set<string>()
        const barred = new Set<string>()
        const latestTotal = new Map<string, number>()
        for (const recorded of log) {
          const e = eventOf(recorded)
          // A household's events, or a person's (`Title…`), by the household they are judged by.
          const h = "nomineeId" in e ? householdOf(e.nomineeId) : "householdId" in e ? e.householdId ?? "" : ""
          switch (e._tag) {
            case "DomesticViolenceSubstantiated":
              if (e.resolvedOn.startsWith("2026")) barred.add(e.householdId)
              break
            case "NomineeScored":
            case "TitleNomineeScored":
              latestTotal.set(h, Award.totalOf(e.scores))
              break
            case "AwardConferred":
            case "TitleConferred":
              expect(revoked.has(h)).toBe(false)
              expect(conferred.has(h)).toBe(false)
              expect(barred.has(h)).toBe(false)
              expect(e.total).toBeGreaterThanOrEqual(THRESHOLD)
              expect(e.total).toBe(latestTotal.get(h))
              conferred.add(h)
              break
            case "AwardRechecked":
            case "TitleRechecked":
              expect(conferred.has(h)).toBe(true)
              expect(revoked.has(h)).toBe(false)
              if (e.outcome === "confirmed") expect(barred.has(h)).toBe(false)
              else revoked.add(h)
              break
            default:
              break
          }
        }
      }),
      { numRuns: 100 }
    ))
})
