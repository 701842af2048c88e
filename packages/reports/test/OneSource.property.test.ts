/**
 * One source of truth (DOMAIN.md §9: 台帐与报表相符): over random valid histories — cases
 * registered and assigned up and down the chain, escalated to the district, mediated (sessions
 * naming the holder's rostered mediators by id, or none), resolved, reopened and resolved again,
 * followed up; representatives elected, linking and visiting households, stepping down;
 * activities of every kind the summary counts apart (screenings, the three checks,
 * family-education lectures, consultations, charity drives …), some marking a festival, some
 * with publicity counts; donations naming a charity drive of their organization or none, relief
 * for a few purposes; mediation committees established, mediators appointed (volunteer, cadre
 * or neither) in the streets and communities, made head, leaving — every figure of the monthly
 * report and of the half-year and annual summaries that a ledger also shows equals what
 * counting the ledger's own rows gives, for every organization's area and period (two drawn per
 * history and area, and the district's summary of the first year):
 *
 * - cases, contact visits, elections, activities and participants (as before), and activities
 *   by kind (monthly, 累计 and summary), the summary's health figures (screenings, 两癌筛查,
 *   三查, lectures, consultations), by festival, publicity counts and activities by month;
 * - the summary's donations and relief, donations per drive (with the drive's title) and
 *   relief per purpose, in the order shown;
 * - the summary's mediators figures (committees, serving mediators and of them volunteers and
 *   cadres, appointed, left, sessions naming the area's mediators, agreements, cases mediated,
 *   sessions per mediator, trainings) against the mediators ledger's registers.
 *
 * Not covered: the volunteers' pairs by circumstance (no volunteers or pairs in these histories),
 * mediators' trainings other than none (no trainings are given here) and legal advisers. The
 * property also checks that some summary showed each new figure as something, not nothing.
 *
 * The counting below is written here, apart from the ledgers' `figures` that the reports read,
 * as a reader of the ledger would count its rows: a definition changed on one side only fails
 * the property.
 */
import { Effect, Layer } from "effect"
import * as TestClock from "effect/testing/TestClock"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Activity from "@fulian/core/Activity"
import * as Case from "@fulian/core/Case"
import * as CommandHandler from "@fulian/core/CommandHandler"
import * as Domain from "@fulian/core/Domain"
import * as Household from "@fulian/core/Household"
import * as Organization from "@fulian/core/Organization"
import * as Policy from "@fulian/core/Policy"
import * as CoreReport from "@fulian/core/Report"
import * as Representation from "@fulian/core/Representation"
import * as Term from "@fulian/core/Term"
import { calendarOf, type DateRange } from "@fulian/core/Time"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as MemoryProjectionStore from "@fulian/projections/MemoryProjectionStore"
import * as Projection from "@fulian/projections/Projection"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import type * as MonthlyReport from "../src/MonthlyReport.ts"
import * as Report from "../src/Report.ts"
import type * as WorkSummary from "../src/WorkSummary.ts"
import { on, seed } from "./support/Events.ts"

const policy = Policy.defaults
const calendar = calendarOf(policy)

/** The chain: a district, two streets, three communities. */
const parents: Readonly<Record<string, string | undefined>> = { d1: undefined, s1: "d1", s2: "d1", c1: "s1", c2: "s1", c3: "s2" }
const levels: Readonly<Record<string, Organization.Level>> = { d1: "district", s1: "street", s2: "street", c1: "community", c2: "community", c3: "community" }
const organizations = Object.keys(parents)
const communities = ["c1", "c2", "c3"]
const householdsOf = (community: string) => [1, 2, 3, 4].map((n) => `${community}-h${n}`)

const world = [
  ...organizations.flatMap((id) =>
    on(Organization.aggregate, id, Organization.OrganizationRegistered.make({ organizationId: id, name: `妇联 ${id}`, level: levels[id]!, ...(parents[id] ? { parentId: parents[id] } : {}) }))),
  ...communities.flatMap((c) => householdsOf(c).flatMap((householdId) =>
    on(Household.aggregate, householdId, Household.HouseholdRegistered.make({ householdId, organizationId: c, headName: "户主", address: "地址", circumstances: [] })))),
  // Each organization's committee, in office throughout, whose chair gives the commands.
  ...organizations.flatMap((id) =>
    on(Term.aggregate, id, Term.ExecutiveCommitteeElected.make({
      termId: `${id}-term`,
      organizationId: id,
      congressSession: `${id} 妇代会`,
      electedOn: "2020-01-01",
      startsOn: "2020-01-01",
      endsOn: "2999-12-31",
      residentsCommitteeElectedOn: "2020-01-01",
      members: [{ personId: `chair@${id}`, name: "主席", position: "chair" }]
    })))
]

const chairOf = (organization: string) => ({ person: `chair@${organization}`, role: "chair", organization } as const)

/** One random step: what to do, with indices into what exists when it runs. */
const step = fc.record({
  kind: fc.constantFrom(
    "register", "register", "assign", "escalate", "escalate", "session", "resolve", "resolve", "followUp", "reopen", "archive", "result",
    "elect", "link", "link", "visit", "visit", "visit", "stepDown", "activity", "activity", "activity", "activity",
    "donate", "donate", "relief", "establish", "establish", "appoint", "appoint", "appoint", "leaveRoster", "head", "session"
  ),
  organization: fc.nat(5),
  pick: fc.nat(1000),
  variant: fc.nat(7),
  extra: fc.nat(1000),
  hours: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 400 }))
})

type Step = typeof step extends fc.Arbitrary<infer A> ? A : never

const categories: ReadonlyArray<Case.Category> = ["ordinary-dispute", "rights-infringement", "domestic-violence", "other"]
const resolutions: ReadonlyArray<Case.Resolution> = ["mediated-agreement", "assisted", "referred-to-court", "referred-to-police", "withdrawn"]
const outcomes: ReadonlyArray<Case.SessionOutcome> = ["agreement-reached", "no-agreement", "adjourned"]
const kinds: ReadonlyArray<Activity.ActivityKind> = [
  "festival", "legal-lecture", "health-lecture", "health-screening", "skills-training",
  "cancer-screening", "three-checks", "family-education", "health-consultation", "legal-consultation", "charity-drive", "charity-drive"
]
const festivals = Activity.Festival.literals
const purposes = ["助学", "慰问困难妇女", "医疗救助"]
const mediatorKinds = ["volunteer", "cadre", undefined] as const
const methods: ReadonlyArray<Representation.VisitMethod> = ["home-visit", "phone", "daily-contact", "talk"]

/** The command of a step, given the cases and representatives made so far and today's local date. */
interface Known {
  readonly cases: Array<string>
  readonly representatives: Array<readonly [community: string, representativeId: string]>
  /** The household each representative keeps contact with, by household. */
  readonly links: Map<string, string>
  /** Every activity recorded, with its organization and kind (a donation names a charity drive of its own organization). */
  readonly activities: Array<readonly [organization: string, activityId: string, kind: Activity.ActivityKind]>
  /** The mediators on each organization's roster. */
  readonly mediators: Array<readonly [organization: string, mediatorId: string]>
}

const commandOf = (s: Step, n: number, known: Known, now: number) =>
  Effect.gen(function*() {
    const today = calendar.dateOf(now)
    const organization = organizations[s.organization]!
    const caseId = known.cases[s.pick % Math.max(1, known.cases.length)]
    const state = caseId === undefined ? undefined : (yield* CommandHandler.load(Domain.codec, Case.aggregate, caseId)).state
    const holder = state !== undefined && state.registered ? state.holder : organization
    const category = categories[s.variant % categories.length]!
    const facts = {
      channel: "visit" as const,
      category,
      sudden: s.variant % 3 === 0,
      typicalInfringement: false,
      householdIds: category === "domestic-violence" && levels[organization] === "community" ? [householdsOf(organization)[s.pick % 4]!] : [],
      parties: [{ partyId: "p1", name: "当事人" }],
      narrative: "纠纷"
    }
    const community = communities[s.organization % 3]!
    const serving = known.representatives.filter(([c]) => c === community)
    const representative = serving[s.pick % Math.max(1, serving.length)]
    const linked = [...known.links].filter(([, r]) => r === representative?.[1]).map(([h]) => h)
    // Mediators are appointed in the streets and communities, often where a case is held; a session names some of its holder's roster.
    const mediating = s.extra % 2 === 0 && levels[holder] !== "district" ? holder : organizations[1 + (s.organization % 5)]!
    const rosterOf = (o: string) => known.mediators.filter(([m]) => m === o).map(([, id]) => id)
    const roster = rosterOf(mediating)
    const holders = rosterOf(holder)
    // One, two or three of them (a session naming two is one session, in two registers), or none.
    const named = s.extra % 4 === 0 || holders.length === 0
      ? undefined
      : [...holders.slice(s.pick % holders.length), ...holders].slice(0, Math.min(holders.length, 1 + (s.extra % 3)))
    const amount = (s.pick % 300) + 1 + (s.extra % 100) / 100
    switch (s.kind) {
      case "register":
        return { _tag: "RegisterCase", actor: chairOf(organization), caseId: `k${n}`, organizationId: organization, receivedAt: calendar.instantOf(now - (s.variant % 2) * 30 * 3_600_000), ...facts } satisfies Domain.Command
      case "assign": {
        const children = organizations.filter((o) => parents[o] === organization)
        const to = children[s.pick % Math.max(1, children.length)] ?? "c1"
        return { _tag: "AssignCase", actor: { ...chairOf(organization), role: "upper-cadre" }, caseId: `k${n}`, assignedBy: organization, organizationId: to, ...facts, householdIds: [] } satisfies Domain.Command
      }
      case "escalate":
        return { _tag: "EscalateCase", actor: chairOf(holder), caseId: caseId ?? "none", to: parents[holder] ?? "none", reason: "本级确实解决不了" } satisfies Domain.Command
      case "session":
        return {
          _tag: "RecordMediationSession",
          actor: chairOf(holder),
          caseId: caseId ?? "none",
          heldOn: today,
          mediators: ["调解员"],
          ...(named === undefined ? {} : { mediatorIds: named }),
          outcome: outcomes[s.variant % 3]!,
          notes: "调解"
        } satisfies Domain.Command
      case "resolve": {
        const needsFinding = state?.registered === true && (state.category === "rights-infringement" || state.category === "domestic-violence")
        return {
          _tag: "ResolveCase",
          actor: chairOf(holder),
          caseId: caseId ?? "none",
          resolvedOn: today,
          resolution: resolutions[s.variant % resolutions.length]!,
          ...(needsFinding ? { substantiated: s.variant % 2 === 0 } : {})
        } satisfies Domain.Command
      }
      case "followUp":
        return { _tag: "RecordFollowUpVisit", actor: chairOf(holder), caseId: caseId ?? "none", visitedOn: today, notes: "回访" } satisfies Domain.Command
      case "reopen":
        return { _tag: "ReopenCase", actor: chairOf(holder), caseId: caseId ?? "none", reason: "反复" } satisfies Domain.Command
      case "archive":
        return { _tag: "ArchiveCase", actor: chairOf(holder), caseId: caseId ?? "none" } satisfies Domain.Command
      case "result":
        return {
          _tag: "ReportCaseResult",
          actor: chairOf(holder),
          caseId: caseId ?? "none",
          to: state?.registered === true && state.assignment ? state.assignment.assignedBy : "none",
          result: "已处理"
        } satisfies Domain.Command
      case "elect":
        return { _tag: "ElectRepresentative", actor: chairOf(community), organizationId: community, representativeId: `r${n}`, name: "代表", congressSession: `s${n}`, electedOn: today } satisfies Domain.Command
      case "link":
        return {
          _tag: "LinkHousehold", actor: chairOf(community), organizationId: community, representativeId: representative?.[1] ?? "none", householdId: householdsOf(community)[s.pick % 4]!
        } satisfies Domain.Command
      case "visit":
        return {
          _tag: "RecordContactVisit",
          actor: chairOf(community),
          organizationId: community,
          representativeId: representative?.[1] ?? "none",
          householdId: linked[s.pick % Math.max(1, linked.length)] ?? householdsOf(community)[s.pick % 4]!,
          visitedOn: today,
          method: methods[s.variant % 4]!,
          topics: ["living-situation"],
          notes: "走访"
        } satisfies Domain.Command
      case "stepDown":
        return { _tag: "StepDownRepresentative", actor: chairOf(community), organizationId: community, representativeId: representative?.[1] ?? "none", reason: "卸任" } satisfies Domain.Command
      case "activity":
        return {
          _tag: "RecordActivity",
          actor: chairOf(organization),
          organizationId: organization,
          activityId: `a${n}`,
          kind: kinds[s.extra % kinds.length]!,
          title: `活动 a${n}`,
          heldOn: today,
          participants: s.pick % 90,
          beneficiaries: s.pick % 50,
          ...(s.extra % 3 === 0 ? { festival: festivals[(s.pick + s.variant) % festivals.length]! } : {}),
          ...(s.variant % 4 === 1 ? { materialsHandedOut: s.pick % 200, consultationsGiven: s.extra % 30 } : {}),
          ...(s.variant % 4 === 2 ? { enterprisesReached: s.extra % 7, staffReached: s.pick % 120 } : {})
        } satisfies Domain.Command
      case "donate": {
        // Mostly to a charity drive, given by its organization; now and then to none, or (refused) naming another kind of activity.
        const drives = known.activities.filter(([, , k]) => k === "charity-drive" || s.extra % 10 === 0)
        const [by, drive] = s.variant % 3 === 0 ? [organization, undefined] : drives[s.pick % Math.max(1, drives.length)] ?? [organization, undefined]
        return {
          _tag: "RecordDonation", actor: chairOf(by), organizationId: by, donationId: `d${n}`, amount, purpose: "爱心募捐", on: today,
          ...(drive === undefined ? {} : { activityId: drive })
        } satisfies Domain.Command
      }
      case "relief":
        return {
          _tag: "RecordRelief", actor: chairOf(organization), organizationId: organization, reliefId: `f${n}`, amount, purpose: purposes[s.variant % purposes.length]!, on: today
        } satisfies Domain.Command
      case "establish":
        return { _tag: "EstablishMediationCommittee", actor: chairOf(mediating), organizationId: mediating, name: `${mediating} 调解社` } satisfies Domain.Command
      case "appoint": {
        const kind = mediatorKinds[s.variant % 3]
        return {
          _tag: "AppointMediator", actor: chairOf(mediating), organizationId: mediating, mediatorId: `m${n}`, name: "调解员", ...(kind === undefined ? {} : { kind })
        } satisfies Domain.Command
      }
      case "leaveRoster":
        return { _tag: "RecordMediatorLeaving", actor: chairOf(mediating), organizationId: mediating, mediatorId: roster[s.pick % Math.max(1, roster.length)] ?? "none" } satisfies Domain.Command
      case "head":
        return { _tag: "AppointCommitteeHead", actor: chairOf(mediating), organizationId: mediating, mediatorId: roster[s.pick % Math.max(1, roster.length)] ?? "none" } satisfies Domain.Command
    }
  })

/** Runs the steps under a test clock, from 1 January 2025, 08:00 Beijing time. */
const history = (steps: ReadonlyArray<Step>) =>
  Effect.gen(function*() {
    yield* seed(world)
    let now = Date.parse("2025-01-01T08:00:00+08:00")
    const known: Known = { cases: [], representatives: [], links: new Map(), activities: [], mediators: [] }
    let applied = 0
    const done: Array<string> = []
    for (const [n, s] of steps.entries()) {
      now += s.hours * 3_600_000
      yield* TestClock.setTime(now)
      const command = yield* commandOf(s, n, known, now)
      const result = yield* Effect.result(Domain.execute(command))
      if (result._tag === "Failure") continue
      applied++
      done.push(command._tag === "EscalateCase" && levels[command.to] === "district" ? "EscalateToDistrict" : command._tag)
      if (command._tag === "RecordMediationSession" && command.mediatorIds !== undefined) done.push("SessionNamingMediators")
      if (command._tag === "RecordDonation" && command.activityId !== undefined) done.push("DonationToDrive")
      if (command._tag === "RecordActivity") known.activities.push([command.organizationId, command.activityId, command.kind])
      if (command._tag === "AppointMediator") known.mediators.push([command.organizationId, command.mediatorId])
      if (command._tag === "RecordMediatorLeaving") {
        known.mediators.splice(known.mediators.findIndex(([o, m]) => o === command.organizationId && m === command.mediatorId), 1)
      }
      if (command._tag === "RegisterCase" || command._tag === "AssignCase") known.cases.push(command.caseId)
      if (command._tag === "ElectRepresentative") known.representatives.push([command.organizationId, command.representativeId])
      if (command._tag === "LinkHousehold") known.links.set(command.householdId, command.representativeId)
      if (command._tag === "StepDownRepresentative") {
        known.representatives.splice(known.representatives.findIndex(([, r]) => r === command.representativeId), 1)
        for (const [h, r] of known.links) if (r === command.representativeId) known.links.delete(h)
      }
    }
    return { applied, done, lastDay: calendar.dateOf(now) }
  })

/** What a reader of the ledgers counts of a period, from their rows. */
const counted = (rows: Ledgers.Rows, area: ReadonlySet<string>, period: DateRange) => {
  const inPeriod = (d: string | undefined) => d !== undefined && period.from <= d && d <= period.to
  const cases = rows.cases.cases
  const resolved = cases.filter((c) => c.status !== "open" && inPeriod(c.resolvedOn))
  const escalations = cases.flatMap((c) => c.escalations).filter((e) => inPeriod(e.on) && area.has(e.from))
  const sessions = cases.flatMap((c) => c.sessions.map((s) => ({ ...s, caseId: c.caseId }))).filter((s) => inPeriod(s.on) && area.has(s.organizationId))
  const months = rows.householdContact.communities.flatMap((c) => c.visitsByMonth)
    .filter((m) => period.from.slice(0, 7) <= m.month && m.month <= period.to.slice(0, 7))
  const activities = rows.activities.activities.filter((a) => inPeriod(a.heldOn))
  const byLevel: Record<string, number> = {}
  for (const c of resolved) byLevel[c.resolvedAtLevel!] = (byLevel[c.resolvedAtLevel!] ?? 0) + 1
  const reach = (of: ReadonlyArray<Ledgers.Activities.ActivityRow>) => ({
    count: of.length,
    participants: of.reduce((n, a) => n + a.participants, 0),
    beneficiaries: of.reduce((n, a) => n + a.beneficiaries, 0)
  })
  const ofKind = (kind: Activity.ActivityKind) => activities.filter((a) => a.kind === kind)
  // Money is added in fen, as a treasurer adds a column of yuan and fen.
  const money = (of: ReadonlyArray<Ledgers.Activities.MoneyRow>) => ({ count: of.length, yuan: of.reduce((n, r) => n + Math.round(r.amount * 100), 0) / 100 })
  const donations = rows.activities.donations.filter((d) => inPeriod(d.on))
  const relief = rows.activities.relief.filter((r) => inPeriod(r.on))
  // Lines by the day each was first given in the period, then by their key; donations naming no drive last.
  const lines = (of: ReadonlyArray<Ledgers.Activities.MoneyRow>, key: (r: Ledgers.Activities.MoneyRow) => ReadonlyArray<string>) => {
    const keys = [...new Set(of.map((r) => JSON.stringify(key(r))))]
    const first = (k: string) => of.filter((r) => JSON.stringify(key(r)) === k).map((r) => r.on).sort()[0]!
    const order = (k: string) => [first(k), ...JSON.parse(k) as Array<string>].join("\u0000")
    return keys.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
      .map((k) => ({ key: JSON.parse(k) as Array<string>, ...money(of.filter((r) => JSON.stringify(key(r)) === k)) }))
  }
  const drives = lines(donations.filter((d) => d.activityId !== undefined), (d) => [d.organizationId, d.activityId!]).map(({ key: [organizationId, activityId], ...m }) => {
    const drive = rows.activities.activities.find((a) => a.organizationId === organizationId && a.activityId === activityId)
    return { organizationId, activityId, ...(drive === undefined ? {} : { title: drive.title }), ...m }
  })
  const undriven = donations.filter((d) => d.activityId === undefined)
  // The months of the period, each with the activities held in it.
  const calendarMonths: Array<string> = []
  for (let m = period.from.slice(0, 7); m <= period.to.slice(0, 7); m = m.endsWith("-12") ? `${Number(m.slice(0, 4)) + 1}-01` : `${m.slice(0, 5)}${String(Number(m.slice(5)) + 1).padStart(2, "0")}`) calendarMonths.push(m)
  // The mediators' registers: a session is one event of its case, however many registers name it.
  const registers = rows.mediators.mediators
  const serving = registers.filter((m) => m.serving)
  const sessionsHeld = new Map(registers.flatMap((m) => m.sessions).filter((s) => inPeriod(s.heldOn)).map((s) => [`${s.caseId}#${s.version}`, s]))
  const trainingsAttended = new Map(registers.flatMap((m) => m.trainings.filter((t) => inPeriod(t.heldOn)).map((t) => [`${m.mediatorId}#${t.organizationId}#${t.trainingId}`, t])))
  return {
    received: cases.filter((c) => inPeriod(c.registeredOn)).length,
    assignedFromAbove: cases.filter((c) => inPeriod(c.registeredOn) && c.origin === "assigned" && !area.has(c.assignedBy!)).length,
    resolved: resolved.length,
    resolvedAtLevel: byLevel,
    substantiated: resolved.filter((c) => c.substantiated === true).length,
    escalations: escalations.length,
    escalatedOut: escalations.filter((e) => !area.has(e.to)).length,
    sessions: sessions.length,
    casesMediated: new Set(sessions.map((s) => s.caseId)).size,
    followUpVisits: cases.flatMap((c) => c.followUpVisits).filter(inPeriod).length,
    reopened: cases.flatMap((c) => c.reopenings).filter((r) => inPeriod(r.on)).length,
    openAtEnd: cases.filter((c) => c.status === "open").length,
    visits: months.reduce((n, m) => n + m.visits, 0),
    householdsVisited: new Set(months.flatMap((m) => m.householdIds)).size,
    representativesElected: rows.householdContact.communities.flatMap((c) => c.representativesElected).filter((e) => inPeriod(e.electedOn)).length,
    activities: activities.length,
    participants: activities.reduce((n, a) => n + a.participants, 0),
    byKind: Activity.ActivityKind.literals.filter((k) => ofKind(k).length > 0).map((kind) => ({ kind, ...reach(ofKind(kind)) })),
    health: {
      screenings: ofKind("health-screening").length,
      screened: reach(ofKind("health-screening")).beneficiaries,
      lectures: ofKind("health-lecture").length,
      lectureParticipants: reach(ofKind("health-lecture")).participants,
      cancerScreenings: ofKind("cancer-screening").length,
      cancerScreened: reach(ofKind("cancer-screening")).beneficiaries,
      threeChecks: ofKind("three-checks").length,
      threeChecksScreened: reach(ofKind("three-checks")).beneficiaries,
      consultations: ofKind("health-consultation").length
    },
    byFestival: festivals.map((festival) => ({ festival, ...reach(activities.filter((a) => a.festival === festival)) })).filter((f) => f.count > 0),
    publicity: Object.fromEntries(Activity.publicityCounts.map((c) => [c, activities.reduce((n, a) => n + (a[c] ?? 0), 0)])),
    byMonth: calendarMonths.map((month) => {
      const of = rows.activities.activities.filter((a) => a.heldOn.slice(0, 7) === month && inPeriod(a.heldOn))
      return { month, count: of.length, participants: reach(of).participants }
    }),
    donations: donations.length,
    donated: money(donations).yuan,
    relief: relief.length,
    reliefGiven: money(relief).yuan,
    byDrive: [...drives, ...(undriven.length === 0 ? [] : [money(undriven)])],
    reliefByPurpose: lines(relief, (r) => [r.purpose]).map(({ key: [purpose], ...m }) => ({ purpose: purpose!, ...m })),
    mediators: {
      committees: rows.mediators.committees.filter((c) => c.name !== undefined)
        .map((c) => ({ organizationId: c.organizationId, name: c.name!, headId: c.headId, adviserId: c.adviserId })),
      mediators: serving.length,
      volunteerMediators: serving.filter((m) => m.kind === "volunteer").length,
      cadreMediators: serving.filter((m) => m.kind === "cadre").length,
      appointed: registers.flatMap((m) => m.appointedOn).filter(inPeriod).length,
      left: registers.flatMap((m) => m.leftOn).filter(inPeriod).length,
      sessions: sessionsHeld.size,
      agreements: [...sessionsHeld.values()].filter((s) => s.outcome === "agreement-reached").length,
      casesMediated: new Set([...sessionsHeld.values()].map((s) => s.caseId)).size,
      sessionsPerMediator: Object.fromEntries(registers.map((m) => [`${m.organizationId}/${m.mediatorId}`, m.sessions.filter((s) => inPeriod(s.heldOn)).length])),
      trainings: new Set([...trainingsAttended.values()].map((t) => `${t.organizationId}#${t.trainingId}`)).size,
      trainingHours: [...trainingsAttended.values()].reduce((n, t) => n + Math.round(t.hours * 100), 0) / 100
    }
  }
}

/** The same figures, as a report shows them. */
const shown = (content: Report.Content) => {
  const nonZero = (r: Readonly<Partial<Record<string, number>>>) => Object.fromEntries(Object.entries(r).filter(([, n]) => n !== undefined && n > 0))
  if (content.kind === "monthly") {
    const m = content as MonthlyReport.Content
    return {
      received: m.cases.received,
      assignedFromAbove: m.cases.assignedFromAbove,
      resolved: m.cases.resolved,
      escalations: m.cases.escalations,
      escalatedOut: m.cases.escalatedOut,
      sessions: m.cases.mediationSessions,
      followUpVisits: m.cases.followUpVisits,
      reopened: m.cases.reopened,
      openAtEnd: m.cases.openAtEnd,
      visits: m.visits.contactVisits,
      householdsVisited: m.visits.householdsVisited,
      activities: m.activities.count,
      participants: m.activities.participants,
      byKind: m.activities.byKind
    }
  }
  const w = content as WorkSummary.Content
  return {
    received: w.mediation.received,
    assignedFromAbove: w.mediation.assignedFromAbove,
    resolved: w.mediation.resolved,
    resolvedAtLevel: nonZero(w.mediation.resolvedAtLevel),
    substantiated: w.mediation.substantiated,
    escalatedOut: w.mediation.escalatedOut,
    sessions: w.mediation.sessions,
    casesMediated: w.mediation.casesMediated,
    followUpVisits: w.mediation.followUpVisits,
    openAtEnd: w.mediation.openAtEnd,
    visits: w.contact.visits,
    householdsVisited: w.contact.householdsVisited,
    representativesElected: w.elections.representativesElected,
    activities: w.activities.count,
    participants: w.activities.participants,
    byKind: w.activities.byKind,
    health: w.health,
    byFestival: w.activities.byFestival,
    publicity: w.activities.publicity,
    byMonth: w.activities.byMonth,
    donations: w.donations.donations,
    donated: w.donations.donated,
    relief: w.donations.relief,
    reliefGiven: w.donations.reliefGiven,
    byDrive: w.donations.byDrive,
    reliefByPurpose: w.donations.reliefByPurpose,
    mediators: {
      ...w.mediators,
      sessionsPerMediator: Object.fromEntries(w.mediators.sessionsPerMediator.map((m) => [`${m.organizationId}/${m.mediatorId}`, m.sessions]))
    }
  }
}

/** The year to date (累计) of a monthly report, as it shows it. */
const shownYearToDate = (content: MonthlyReport.Content) => {
  const y = content.yearToDate
  return {
    received: y.cases.received,
    assignedFromAbove: y.cases.assignedFromAbove,
    resolved: y.cases.resolved,
    escalations: y.cases.escalations,
    escalatedOut: y.cases.escalatedOut,
    sessions: y.cases.mediationSessions,
    followUpVisits: y.cases.followUpVisits,
    reopened: y.cases.reopened,
    openAtEnd: y.cases.openAtEnd,
    visits: y.visits.contactVisits,
    householdsVisited: y.visits.householdsVisited,
    activities: y.activities.count,
    participants: y.activities.participants,
    byKind: y.activities.byKind
  }
}

/** The periods a history touches: its months, half-years and years. */
const periodsOf = (lastDay: string): ReadonlyArray<readonly [CoreReport.Kind, string]> => {
  const out: Array<readonly [CoreReport.Kind, string]> = []
  for (let y = 2025; y <= Number(lastDay.slice(0, 4)); y++) {
    out.push(["annual", String(y)], ["half-year", `${y}-H1`], ["half-year", `${y}-H2`])
    for (let m = 1; m <= 12; m++) {
      const period = `${y}-${String(m).padStart(2, "0")}`
      if (period <= lastDay.slice(0, 7)) out.push(["monthly", period])
    }
  }
  return out
}

describe("one source of truth: the reports' figures are the ledgers' (DOMAIN.md §9)", () => {
  it("gives every figure a ledger also shows, for every area and period of random histories, as counting the ledger's rows does", async () => {
    let applied = 0
    let compared = 0
    let monthsCompared = 0
    const done = new Set<string>()
    // The new figures were compared where they are not nothing: some summary showed each.
    const shownSomewhere = new Set<string>()
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 30, maxLength: 100 }), async (steps) => {
        await Effect.runPromise(Effect.gen(function*() {
          const ran = yield* history(steps)
          applied += ran.applied
          for (const tag of ran.done) done.add(tag)
          const periods = periodsOf(ran.lastDay)
          for (const organizationId of ["d1", "s1", "c1", "c3"]) {
            // Two periods a history: a month and a longer one, drawn at random but fixed by the steps;
            // and the district's summary of the first year, which shows most of what the history did.
            const drawnPeriods = [periods[steps.length % periods.length]!, periods[(steps[0]!.pick) % periods.length]!]
            for (const [kind, period] of organizationId === "d1" ? [...drawnPeriods, ["annual", "2025"] as const] : drawnPeriods) {
              const range = CoreReport.dateRange(kind, period)!
              const report = yield* Report.compute({ organizationId, kind, period })
              const drawn = yield* Ledgers.fold({ policy, asOf: range.to })
              const rows = Ledgers.rowsOf(drawn, { policy, within: organizationId })
              const area = Ledgers.Organizations.area(drawn.states.organizations, organizationId).ids
              const expected = counted(rows, area, range)
              const actual = shown(report.content)
              for (const [figure, value] of Object.entries(actual)) {
                expect(value, `${organizationId} ${kind} ${period}: ${figure}`).toEqual(expected[figure as keyof typeof expected])
              }
              if (report.content.kind === "monthly") {
                // 累计: counting the same ledger rows (drawn at the month's end) from January 1.
                const yearToDate = counted(rows, area, { from: `${range.to.slice(0, 4)}-01-01`, to: range.to })
                for (const [figure, value] of Object.entries(shownYearToDate(report.content))) {
                  expect(value, `${organizationId} ${kind} ${period} year to date: ${figure}`).toEqual(yearToDate[figure as keyof typeof yearToDate])
                }
                monthsCompared++
              }
              if (report.content.kind !== "monthly") {
                const e = expected
                const some: Record<string, boolean> = {
                  drive: e.byDrive.some((d) => "activityId" in d),
                  undriven: e.byDrive.some((d) => !("activityId" in d)),
                  reliefByPurpose: e.reliefByPurpose.length > 1,
                  byFestival: e.byFestival.length > 1,
                  publicity: Object.values(e.publicity).every((n) => n > 0),
                  byMonth: e.byMonth.filter((m) => m.count > 0).length > 1,
                  cancerScreenings: e.health.cancerScreenings > 0,
                  threeChecks: e.health.threeChecks > 0,
                  consultations: e.health.consultations > 0,
                  mediators: e.mediators.volunteerMediators > 0 && e.mediators.cadreMediators > 0,
                  mediatorsLeft: e.mediators.left > 0,
                  committees: e.mediators.committees.some((c) => c.headId !== undefined),
                  mediatorSessions: e.mediators.sessions > 0 && e.mediators.casesMediated > 0,
                  sessionsNamingTwo: Object.values(e.mediators.sessionsPerMediator).reduce((n, k) => n + k, 0) > e.mediators.sessions
                }
                for (const [figure, isSome] of Object.entries(some)) if (isSome) shownSomewhere.add(figure)
              }
              compared++
            }
          }
        }).pipe(
          Effect.provide(Layer.mergeAll(Layer.provideMerge(MemoryEventStore.layer, TestClock.layer()), Policy.layer())),
          Effect.scoped
        ) as Effect.Effect<void, never, never>)
      }),
      // A fixed seed: the checks below that the histories reached every figure failed for some
      // random seeds (a session naming two rostered mediators is a rare draw in 40 histories).
      { numRuns: 40, seed: 20251231 }
    )
    // The histories did things: the property was not checked on empty ledgers.
    expect(applied).toBeGreaterThan(40 * 10)
    expect(compared).toBe(40 * 9)
    expect(monthsCompared).toBeGreaterThan(0)
    for (
      const kind of [
        "AssignCase", "EscalateToDistrict", "ReopenCase", "ResolveCase", "RecordMediationSession", "StepDownRepresentative", "RecordContactVisit", "RecordActivity",
        "RecordDonation", "DonationToDrive", "RecordRelief", "EstablishMediationCommittee", "AppointMediator", "AppointCommitteeHead", "RecordMediatorLeaving",
        "SessionNamingMediators"
      ]
    ) {
      expect(done, `${kind} in ${[...done].join(" ")}`).toContain(kind)
    }
    for (const figure of ["drive", "undriven", "reliefByPurpose", "byFestival", "publicity", "byMonth", "cancerScreenings", "threeChecks", "consultations", "mediators", "mediatorsLeft", "committees", "mediatorSessions", "sessionsNamingTwo"]) {
      expect(shownSomewhere, figure).toContain(figure)
    }
  }, 240_000)

  it("keeps every ledger as rows in a projection store, page by page, holding no row between pages, as the ledgers folded in memory", async () => {
    let compared = 0
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 20, maxLength: 70 }), fc.integer({ min: 1, max: 7 }), async (steps, pageSize) => {
        await Effect.runPromise(Effect.gen(function*() {
          yield* history(steps)
          const all = Ledgers.all(policy)
          // Caught up in pages, every row let go after each page: a row a ledger reads but does not declare fails.
          yield* Ledgers.catchUpAll(policy, { pageSize, cacheRows: 0 })
          const kept = yield* Effect.forEach(all, (p) => Effect.map(Projection.load(p), (s) => Projection.toJson(p, s!.state)))
          const folded = yield* Projection.foldMany(Object.fromEntries(all.map((p) => [p.name, p])))
          expect(kept).toEqual(all.map((p) => Projection.toJson(p, folded.states[p.name])))
          compared++
        }).pipe(
          Effect.provide(Layer.mergeAll(Layer.provideMerge(MemoryEventStore.layer, TestClock.layer()), Policy.layer(), MemoryProjectionStore.layer)),
          Effect.scoped
        ) as Effect.Effect<void, never, never>)
      }),
      { numRuns: 25 }
    )
    expect(compared).toBe(25)
  }, 240_000)
})

