/**
 * Properties of cases over random command sequences on the chain building → community →
 * street → district → city (with a sibling community and street to step sideways to): where
 * escalations go, what a closed case accepts, and that a substantiated domestic-violence
 * resolution lands on the households in the same append.
 */
import { Clock, Effect } from "effect"
import * as TestClock from "effect/testing/TestClock"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { v7 as uuidv7 } from "uuid"
import { EventStore, type RecordedEvent } from "@fulian/store/EventStore"
import type { Role } from "../src/Actor.ts"
import * as Case from "../src/Case.ts"
import { load } from "../src/CommandHandler.ts"
import * as Domain from "../src/Domain.ts"
import * as Household from "../src/Household.ts"
import * as Organization from "../src/Organization.ts"
import * as Policy from "../src/Policy.ts"
import { addDays, calendarOf, type LocalDate, toMillis } from "../src/Time.ts"
import { backed, NOW, run, seed } from "./support/Spec.ts"

const organizations: ReadonlyArray<typeof Organization.OrganizationRegistered.Type> = [
  Organization.OrganizationRegistered.make({ organizationId: "y1", name: "City", level: "city" }),
  Organization.OrganizationRegistered.make({ organizationId: "d1", name: "District", level: "district", parentId: "y1" }),
  Organization.OrganizationRegistered.make({ organizationId: "s1", name: "Street", level: "street", parentId: "d1" }),
  Organization.OrganizationRegistered.make({ organizationId: "s2", name: "Other street", level: "street", parentId: "d1" }),
  Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Community", level: "community", parentId: "s1" }),
  Organization.OrganizationRegistered.make({ organizationId: "c2", name: "Other community", level: "community", parentId: "s1" }),
  Organization.OrganizationRegistered.make({ organizationId: "b1", name: "Building", level: "building", parentId: "c1" })
]
const byId = new Map(organizations.map((o) => [o.organizationId, o]))
const parentOf = (id: string) => byId.get(id)?.parentId
const orgIds = organizations.map((o) => o.organizationId)
const householdIds = ["h1", "h2", "h3"]
const calendar = calendarOf(Policy.defaults)

// Everyone the steps may name is backed by the records (DOMAIN.md §10) in every organization:
// the refusals the property sees are the case's rules and the role and scope checks.
const people = orgIds.flatMap((organization) => [
  ...(["chair", "vice-chair", "executive-member", "representative", "volunteer"] as const).map((role) => ({ person: `${role}@${organization}`, role, organization })),
  { person: "p", role: "chair" as const, organization }
])

const given = seed([
  ...organizations.map((o) => ({ stream: `organization-${o.organizationId}`, events: [o] })),
  ...backed(...people),
  ...householdIds.map((householdId) => ({
    stream: `household-${householdId}`,
    events: [Household.HouseholdRegistered.make({ householdId, organizationId: "c1", headName: "Head", address: "Lane", circumstances: [] })]
  }))
])

// ---------------------------------------------------------------------------------------------
// Random cases and command sequences
// ---------------------------------------------------------------------------------------------

const start = (category: fc.Arbitrary<Case.Category>) =>
  fc.record({
    assigned: fc.boolean(),
    at: fc.constantFrom("b1", "c1", "c1", "s1", "d1", "y1"),
    category,
    sudden: fc.boolean(),
    typical: fc.boolean(),
    households: fc.subarray(householdIds, { minLength: 1 }),
    receivedHoursAgo: fc.integer({ min: 0, max: 48 })
  })

type Start = ReturnType<typeof start> extends fc.Arbitrary<infer A> ? A : never

const Kind = [
  "investigate",
  "request",
  "mediate",
  "escalate",
  "report",
  "resolve",
  "follow-up",
  "reopen",
  "archive",
  "register-again"
] as const

// Most steps are well-formed (the holder, a permitted role, today's date, the finding the
// category needs), so that sequences get through the whole lifecycle; the rest are noise: any
// organization, any role, dates off by a day, any target and finding.
const step = fc.record({
  // The steps that lead to a closed case are drawn more often, so that runs reach it.
  kind: fc.constantFrom(...Kind, "resolve", "follow-up", "follow-up", "archive", "archive", "archive"),
  clean: fc.integer({ min: 0, max: 9 }),
  otherOrg: fc.constantFrom(...orgIds),
  role: fc.constantFrom<Role>("chair", "chair", "executive-member", "upper-cadre", "mediator", "representative", "volunteer"),
  variant: fc.nat(9),
  withReason: fc.boolean(),
  dayShift: fc.constantFrom(0, 0, 0, 0, -1, 1),
  advanceHours: fc.integer({ min: 0, max: 72 })
})

type Step = typeof step extends fc.Arbitrary<infer A> ? A : never

const scenario = (category: fc.Arbitrary<Case.Category>) =>
  fc.record({ start: start(category), steps: fc.array(step, { minLength: 5, maxLength: 40, size: "max" }) })

const anyCategory = fc.constantFrom<Case.Category>("ordinary-dispute", "rights-infringement", "domestic-violence", "other")

const facts = (s: Start) => ({
  channel: "visit" as const,
  category: s.category,
  sudden: s.sudden,
  typicalInfringement: s.typical && (s.category === "rights-infringement" || s.category === "domestic-violence"),
  householdIds: s.households,
  parties: [{ partyId: "p1", name: "Party One" }, { partyId: "p2", name: "Party Two" }],
  narrative: "What happened"
})

const first = (s: Start, now: number): Case.Command => {
  const parent = parentOf(s.at)
  return s.assigned && parent !== undefined
    ? { _tag: "AssignCase", actor: { person: "p", role: "upper-cadre", organization: parent }, caseId: "k1", assignedBy: parent, organizationId: s.at, ...facts(s) }
    : {
      _tag: "RegisterCase",
      actor: { person: "p", role: "chair", organization: s.at },
      caseId: "k1",
      organizationId: s.at,
      receivedAt: calendar.instantOf(now - s.receivedHoursAgo * 3_600_000),
      ...facts(s)
    }
}

const tagOf = {
  investigate: "RecordCaseInvestigation",
  request: "RecordHigherMediationRequest",
  mediate: "RecordMediationSession",
  escalate: "EscalateCase",
  report: "ReportCaseResult",
  resolve: "ResolveCase",
  "follow-up": "RecordFollowUpVisit",
  reopen: "ReopenCase",
  archive: "ArchiveCase",
  "register-again": "RegisterCase"
} as const satisfies Record<(typeof Kind)[number], Case.Command["_tag"]>

const commandOf = (s: Step, state: Case.State, start: Start, now: number): Case.Command => {
  const clean = s.clean < 8
  const holder = state.registered ? state.holder : start.at
  const organization = clean ? holder : s.otherOrg
  const permitted = Case.permissions[tagOf[s.kind]]
  const role = clean ? permitted[s.variant % permitted.length]! : s.role
  const actor = { person: `${role}@${organization}`, role, organization }
  const date: LocalDate = addDays(calendar.dateOf(now), clean ? 0 : s.dayShift)
  const reason = clean || s.withReason ? { reason: "Cannot be solved at this level" } : {}
  const base = { actor, caseId: "k1", ...reason }
  switch (s.kind) {
    case "investigate":
      return { _tag: "RecordCaseInvestigation", ...base, findings: "Findings", preliminaryOpinion: "Opinion" }
    case "request":
      return { _tag: "RecordHigherMediationRequest", ...base, partyId: ["p1", "p2", "p9"][s.variant % 3]!, requestedOn: date }
    case "mediate":
      return { _tag: "RecordMediationSession", ...base, heldOn: date, mediators: ["M"], outcome: "adjourned", notes: "Notes" }
    case "escalate": {
      const parent = parentOf(holder)
      const targets = [parent, parent && parentOf(parent), "c2", holder, s.otherOrg]
      return { _tag: "EscalateCase", ...base, to: (clean ? parent : targets[s.variant % targets.length]) ?? s.otherOrg }
    }
    case "report": {
      const to = state.registered && state.assignment && (clean || s.variant < 5) ? state.assignment.assignedBy : s.otherOrg
      return { _tag: "ReportCaseResult", ...base, to, result: "Result" }
    }
    case "resolve": {
      const needsFinding = start.category === "rights-infringement" || start.category === "domestic-violence"
      const substantiated = clean ? (needsFinding ? s.variant % 2 === 0 : undefined) : [undefined, true, false][s.variant % 3]
      return {
        _tag: "ResolveCase",
        ...base,
        resolvedOn: date,
        resolution: "mediated-agreement",
        ...(substantiated === undefined ? {} : { substantiated })
      }
    }
    case "follow-up":
      return { _tag: "RecordFollowUpVisit", ...base, visitedOn: date, notes: "Notes" }
    case "reopen":
      return { _tag: "ReopenCase", ...base, reason: "Relapse" }
    case "archive":
      return { _tag: "ArchiveCase", ...base }
    case "register-again":
      return { ...first(start, now), actor }
  }
}

/** One command of a run: the case before it, the command, and what it did. */
interface Entry {
  readonly before: Case.State
  readonly command: Case.Command
  readonly succeeded: boolean
  /** The events the command appended, as the store recorded them (none if it failed). */
  readonly written: ReadonlyArray<RecordedEvent>
  /** The case's and its households' streams after the command. */
  readonly streams: ReadonlyMap<string, ReadonlyArray<RecordedEvent>>
}

/** Runs a scenario through the real command handler on the in-memory store. */
const trace = (scenario: { readonly start: Start; readonly steps: ReadonlyArray<Step> }) =>
  run(Effect.gen(function*() {
    yield* given
    const store = yield* EventStore
    const entries: Array<Entry> = []
    const execute = (command: Case.Command, before: Case.State) =>
      Effect.gen(function*() {
        const commandId = uuidv7()
        const result = yield* Effect.result(Domain.execute({ ...command, commandId }))
        const streams = new Map<string, ReadonlyArray<RecordedEvent>>()
        for (const stream of ["case-k1", ...householdIds.map((h) => `household-${h}`)]) streams.set(stream, yield* store.readStream(stream))
        entries.push({
          before,
          command,
          succeeded: result._tag === "Success",
          written: (yield* store.readCommand(commandId))?.events ?? [],
          streams
        })
      })
    yield* execute(first(scenario.start, toMillis(NOW)), { registered: false })
    for (const s of scenario.steps) {
      yield* TestClock.adjust(`${s.advanceHours} hours`)
      const before = (yield* load(Domain.codec, Case.aggregate, "k1")).state
      yield* execute(commandOf(s, before, scenario.start, yield* Clock.currentTimeMillis), before)
    }
    return entries
  }))

const eventsOf = (entry: Entry) => entry.written.filter((r) => r.stream === "case-k1").map((r) => r.type)

describe("Case properties (§4)", () => {
  it("every successful escalation goes to the direct parent of the holder at that time, and only the holder acts", async () => {
    let escalations = 0
    await fc.assert(
      fc.asyncProperty(scenario(anyCategory), async (s) => {
        // The holder as this test knows it from the log, independently of the aggregate's state.
        let holder: string | undefined
        for (const entry of await trace(s)) {
          if (!entry.succeeded) {
            expect(entry.written).toEqual([])
            continue
          }
          if (entry.command._tag === "RegisterCase" || entry.command._tag === "AssignCase") {
            holder = entry.command.organizationId
            continue
          }
          expect(Case.heldBy(entry.before)).toBe(holder)
          expect(entry.command.actor.organization).toBe(holder)
          for (const record of entry.written.filter((r) => r.type === "CaseEscalated")) {
            const event = record.data as typeof Case.CaseEscalated.Encoded
            const parent = parentOf(holder!)
            expect(event.from).toBe(holder)
            expect(event.to).toBe(parent)
            expect(event.toLevel).toBe(byId.get(parent!)!.level)
            holder = event.to
            escalations++
          }
        }
      }),
      { numRuns: 80 }
    )
    expect(escalations).toBeGreaterThan(0)
  })

  it("a closed (archived) case accepts only reopening", async () => {
    let refusedWhileClosed = 0
    let reopenedFromClosed = 0
    await fc.assert(
      fc.asyncProperty(scenario(anyCategory), async (s) => {
        for (const entry of await trace(s)) {
          if (!entry.before.registered || entry.before.status !== "archived") continue
          if (entry.command._tag === "ReopenCase") {
            if (entry.succeeded) {
              expect(eventsOf(entry)).toEqual(["CaseReopened"])
              reopenedFromClosed++
            }
            continue
          }
          expect(entry.succeeded).toBe(false)
          expect(entry.written).toEqual([])
          refusedWhileClosed++
        }
      }),
      { numRuns: 80 }
    )
    expect(refusedWhileClosed).toBeGreaterThan(0)
    expect(reopenedFromClosed).toBeGreaterThan(0)
  })

  it("a domestic-violence resolution writes its finding, or withdraws the standing one, on every household of the case in the same append", async () => {
    let substantiated = 0
    let withdrawn = 0
    await fc.assert(
      fc.asyncProperty(scenario(fc.constant("domestic-violence")), async (s) => {
        for (const entry of await trace(s)) {
          if (!entry.succeeded || entry.command._tag !== "ResolveCase" || !entry.before.registered) continue
          const commandId = entry.written[0]!.metadata.commandId
          const resolved = entry.streams.get("case-k1")!.filter((r) => r.metadata.commandId === commandId)
          expect(resolved.map((r) => r.type)).toEqual(["CaseResolved"])
          const findings = householdIds.flatMap((h) => entry.streams.get(`household-${h}`)!.filter((r) => r.metadata.commandId === commandId))
          // The latest finding decides: a new one when substantiated, a withdrawal when the standing one is overturned.
          const standing = entry.before.resolution?.substantiated === true
          const expected = entry.command.substantiated === true
            ? "DomesticViolenceSubstantiated"
            : standing
            ? "DomesticViolenceFindingWithdrawn"
            : undefined
          if (expected === undefined) {
            expect(findings).toEqual([])
            continue
          }
          if (expected === "DomesticViolenceSubstantiated") substantiated++
          else withdrawn++
          expect(findings.map((r) => (r.data as { householdId: string }).householdId).sort()).toEqual([...entry.before.householdIds].sort())
          for (const finding of findings) {
            expect(finding.type).toBe(expected)
            expect((finding.data as { caseId: string }).caseId).toBe("k1")
          }
          // One append: the case's and the households' events are contiguous in the global log.
          const positions = [...resolved, ...findings].map((r) => r.position).sort((a, b) => a - b)
          expect(positions).toEqual(positions.map((_, i) => positions[0]! + i))
          expect(entry.written.map((r) => r.position).sort((a, b) => a - b)).toEqual(positions)
        }
      }),
      // A withdrawal needs a substantiated resolution, a reopening and a resolution not
      // substantiated, in that order: rare enough in random sequences that an unseeded run
      // sometimes draws none. Seeded, so that both counts below are met every run.
      { numRuns: 80, seed: 20_260_401 }
    )
    expect(substantiated).toBeGreaterThan(0)
    expect(withdrawn).toBeGreaterThan(0)
  })
})
