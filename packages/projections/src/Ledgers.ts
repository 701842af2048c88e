/**
 * Every ledger (台帐) of DOMAIN.md §9, each a projection of the events with queries that turn
 * its state into rows and flags, and rows into the figures of a period ("台帐与报表相符,
 * 报表与实际相符": nothing is kept by hand, and a report reads its figures off the ledgers):
 *
 *   const drawn = yield* Ledgers.draw({ policy: Policy.defaults, asOf: "2026-06-30" })
 *   const area = Ledgers.Organizations.area(drawn.states.organizations, "qingshan")
 *   const cases = Ledgers.Cases.rows(drawn.states.cases, { asOf: drawn.asOf, policy, within: area })
 *
 * Ledgers are drawn as of any date, in both senses (DOMAIN.md §0, §9): as the facts stood on a
 * date (`asOf`: what had happened by then, whenever it was recorded) and as the records stood
 * on a date (`asRecordedOn`: what had been recorded by then). Drawn as of now, they are read
 * from the kept projections, caught up; drawn as of a past date, they are folded from the log
 * in memory, keeping only those events.
 *
 * Each ledger's projection is made for the federation's calendar (the policy's time zone),
 * whose local days it counts in.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import type { Envelope } from "@fulian/core/CommandHandler"
import type * as Domain from "@fulian/core/Domain"
import type { Policy, PolicyShape } from "@fulian/core/Policy"
import * as Reading from "@fulian/core/Reading"
import { type Calendar, calendarOf, isLocalDate, judgedAt, toMillis } from "@fulian/core/Time"
import type { EventStore, EventStoreError } from "@fulian/store/EventStore"
import * as Projection from "./Projection.ts"
import * as Activities from "./ledgers/Activities.ts"
import * as Assessments from "./ledgers/Assessments.ts"
import * as Awards from "./ledgers/Awards.ts"
import * as Cases from "./ledgers/Cases.ts"
import * as HouseholdContact from "./ledgers/HouseholdContact.ts"
import * as Mediators from "./ledgers/Mediators.ts"
import * as Meetings from "./ledgers/Meetings.ts"
import * as Organizations from "./ledgers/Organizations.ts"
import * as Places from "./ledgers/Places.ts"
import * as Plans from "./ledgers/Plans.ts"
import * as Study from "./ledgers/Study.ts"
import * as Terms from "./ledgers/Terms.ts"
import type { Area } from "./ledgers/Ledger.ts"
import * as Volunteers from "./ledgers/Volunteers.ts"

export {
  /** 活动台帐: activities held, donations and relief. */
  Activities,
  /** 考核评比台帐: assessments and their scores. */
  Assessments,
  /** 评比表彰台帐: campaigns, awards conferred, re-checks due, revoked, by year. */
  Awards,
  /** 案件台帐: cases, their flags, and where they were resolved. */
  Cases,
  /** 联系户台帐: representatives' households and visits; households without a representative. */
  HouseholdContact,
  /** 调解员台帐: the mediation committee, its roster, and each mediator's register of sessions and trainings. */
  Mediators,
  /** 会议台帐: meetings held and missed, decisions overdue. */
  Meetings,
  /** 组织台帐: the organizations and their chain, the areas ledgers are drawn for. */
  Organizations,
  /** 阵地台帐: women's homes, activity rooms, rights stations and points, hotlines and duty posts, open or closed. */
  Places,
  /** 工作计划台帐: each organization's plan for the year, its targets, amendments, and who has none. */
  Plans,
  /** 学习培训台帐: each person's study sessions, trainings and hours per year, and who missed most. */
  Study,
  /** 换届台帐: terms, filing, synchronization, elections coming up. */
  Terms,
  /** 巾帼志愿者台帐: volunteers and their pairs. */
  Volunteers
}

/** The projection of every ledger, in a calendar, by ledger. */
export const projections = (calendar: Calendar) => ({
  organizations: Organizations.projection(calendar),
  places: Places.projection(calendar),
  householdContact: HouseholdContact.projection(calendar),
  cases: Cases.projection(calendar),
  activities: Activities.projection(calendar),
  terms: Terms.projection(calendar),
  awards: Awards.projection(calendar),
  meetings: Meetings.projection(calendar),
  study: Study.projection(calendar),
  plans: Plans.projection(calendar),
  volunteers: Volunteers.projection(calendar),
  mediators: Mediators.projection(calendar),
  assessments: Assessments.projection(calendar)
})

/** Every ledger's projection, by ledger. */
export type Projections = ReturnType<typeof projections>

/** Every ledger's state, by ledger. */
export type States = { readonly [K in keyof Projections]: Projections[K] extends Projection.Projection<infer S> ? S : never }

/** The projection of every ledger in the calendar of a policy, in a fixed order; their names are unique. */
export const all = (policy: Pick<PolicyShape, "timeZone">): ReadonlyArray<Projection.Projection<any>> =>
  Object.values(projections(calendarOf(policy)))

/**
 * Brings every ledger up to the end of the log from its checkpoint, in one pass over the log,
 * holding only the rows of the events at hand; answers where each one is (`draw` gives states).
 */
export const catchUpAll = (
  policy: Pick<PolicyShape, "timeZone">,
  options: Projection.RunOptions = {}
): Effect.Effect<
  ReadonlyArray<Projection.Checkpoint>,
  EventStoreError | Projection.ProjectionStoreError,
  EventStore | Projection.ProjectionStore
> => Projection.advanceMany(all(policy), options)

/** Rebuilds every ledger from zero, in one pass over the log, holding only the rows of the events at hand. */
export const rebuildAll = (
  policy: Pick<PolicyShape, "timeZone">,
  options: Projection.RunOptions = {}
): Effect.Effect<
  ReadonlyArray<Projection.Checkpoint>,
  EventStoreError | Projection.ProjectionStoreError,
  EventStore | Projection.ProjectionStore
> => Projection.rebuildMany(all(policy), options)

/** Which records ledgers are drawn from. */
export interface DrawOptions {
  /** The policy in force: its time zone is the calendar the ledgers count in. */
  readonly policy: PolicyShape
  /**
   * As the facts stood on a date (`2025-06-30`: everything that happened by the end of that
   * local day) or at a moment: only records of facts that had happened by then, whenever they
   * were recorded. The ledgers' deadlines are judged then too.
   */
  readonly asOf?: string | undefined
  /** As the records stood on a date (to the end of that local day) or at a moment: only what had been recorded by then. */
  readonly asRecordedOn?: string | undefined
  /** Only the records up to this position of the log. */
  readonly upTo?: number | undefined
  /** Told of every record folded, and whether it changed any ledger (`fold` only). */
  readonly onApplied?: ((event: Envelope<Domain.Event>, changed: boolean) => void) | undefined
}

/** Every ledger's state as drawn, and what it was drawn from. */
export interface Drawn {
  readonly states: States
  /** The moment the ledgers are judged at (the `asOf` given, or now), as a date or instant. */
  readonly asOf: string
  /** The position of the last record of the log read. */
  readonly position: number
}

/** Why ledgers could not be drawn: a date that is not one. */
export class DrawError extends Error {
  readonly _tag = "DrawError"
  constructor(readonly field: "asOf" | "asRecordedOn", readonly value: string) {
    super(`${field} is a date (2025-06-30) or an ISO 8601 time with its offset, not ${JSON.stringify(value)}`)
  }
}

/**
 * Whether a record is kept by a drawing as of `asOf` (its fact had happened by then) and as
 * recorded by `asRecordedOn` (it had been recorded by then), in a calendar. A fact given as a
 * date counts as happened by any moment of that day.
 */
export const keeps = (
  calendar: Calendar,
  options: { readonly asOf?: string | undefined; readonly asRecordedOn?: string | undefined }
): ((envelope: Envelope<Domain.Event>) => boolean) => {
  const facts = options.asOf === undefined ? undefined : judgedAt(options.asOf, calendar)
  const records = options.asRecordedOn === undefined ? undefined : judgedAt(options.asRecordedOn, calendar)
  if (options.asOf !== undefined && facts === undefined) throw new DrawError("asOf", options.asOf)
  if (options.asRecordedOn !== undefined && records === undefined) throw new DrawError("asRecordedOn", options.asRecordedOn)
  return (envelope) => {
    if (records !== undefined && toMillis(envelope.metadata.recordedAt) > records.millis) return false
    if (facts === undefined) return true
    const occurredAt = envelope.metadata.occurredAt
    return isLocalDate(occurredAt) ? occurredAt <= facts.date : toMillis(occurredAt) <= facts.millis
  }
}

/** Every ledger's rows, as drawn (`rowsOf`). */
export interface Rows {
  /** The moment they are judged at. */
  readonly asOf: string
  /** The days the meetings ledger covers: the local year of `asOf`, to it. */
  readonly period: { readonly from: string; readonly to: string }
  readonly organizations: ReadonlyArray<Organizations.OrganizationRow>
  /** The places of the organizations, open or closed as of `asOf`. */
  readonly places: ReadonlyArray<Places.PlaceRow>
  readonly householdContact: HouseholdContact.Rows
  readonly cases: Cases.Rows
  readonly activities: Activities.Rows
  readonly terms: ReadonlyArray<Terms.TermRow>
  readonly awards: Awards.Rows
  readonly meetings: Meetings.Rows
  /** The study ledger of the year of `period`. */
  readonly study: Study.Rows
  /** The plans of the year of `period`. */
  readonly plans: Plans.Rows
  readonly volunteers: Volunteers.Rows
  readonly mediators: Mediators.Rows
  readonly assessments: ReadonlyArray<Assessments.AssessmentRow>
}

/**
 * The rows of every ledger as drawn, judged at the drawing's `asOf`: of every organization,
 * or of the area of one (`within`: it and those below it). The meetings ledger covers the
 * local year of `asOf` up to it, unless a `period` is given.
 */
export const rowsOf = (
  drawn: Drawn,
  options: { readonly policy: PolicyShape; readonly within?: string | undefined; readonly period?: { readonly from: string; readonly to: string } | undefined }
): Rows => {
  const { states } = drawn
  const query = { asOf: drawn.asOf, policy: options.policy }
  const at = judgedAt(drawn.asOf, calendarOf(options.policy))!
  const period = options.period ?? { from: `${at.date.slice(0, 4)}-01-01`, to: at.date }
  const within = options.within === undefined ? undefined : Organizations.area(states.organizations, options.within)
  const scoped = within === undefined ? query : { ...query, within }
  const organizations = Organizations.rows(states.organizations, scoped)
  return {
    asOf: drawn.asOf,
    period,
    organizations,
    places: Places.rows(states.places, scoped),
    householdContact: HouseholdContact.rows(states.householdContact, scoped),
    cases: Cases.rows(states.cases, scoped),
    activities: Activities.rows(states.activities, scoped),
    terms: Terms.rows(states.terms, scoped),
    awards: Awards.rows(states.awards, scoped),
    meetings: Meetings.rows(states.meetings, { ...scoped, period, organizations }),
    study: Study.rows(states.study, { ...scoped, year: Number(period.from.slice(0, 4)) }),
    plans: Plans.rows(states.plans, { ...scoped, year: Number(period.from.slice(0, 4)), organizations }),
    volunteers: Volunteers.rows(states.volunteers, scoped),
    mediators: Mediators.rows(states.mediators, scoped),
    assessments: Assessments.rows(states.assessments, scoped)
  }
}

/**
 * The rows of every ledger that a reader may read (DOMAIN.md §10; see `Reading`): of her own
 * organization — the cases it holds or first held, the committees of the organizations
 * directly below it (filed with it) as well as its own, every organization of its area — and
 * for a representative her own line of the household contact ledger, for a volunteer her own
 * record, for a mediator the cases and her own register (with her committee's line); its
 * places for its committee; an auditor reads every row of her organization's area.
 * Ledgers hold no personal data, so nothing is masked.
 */
export const rowsFor = (
  drawn: Drawn,
  options: { readonly policy: PolicyShape; readonly scope: Reading.Scope; readonly period?: { readonly from: string; readonly to: string } | undefined }
): Rows => {
  const { scope } = options
  const R = scope.organization
  if (scope.as === "auditor") return rowsOf(drawn, { policy: options.policy, within: R, period: options.period })
  const { states } = drawn
  const query = { asOf: drawn.asOf, policy: options.policy }
  const at = judgedAt(drawn.asOf, calendarOf(options.policy))!
  const period = options.period ?? { from: `${at.date.slice(0, 4)}-01-01`, to: at.date }
  const area = (ids: Iterable<string>): Area => ({ organizationId: R, ids: new Set(ids) })
  const nothing = { ...query, within: area([]) }
  const own = { ...query, within: area([R]) }
  const committee = scope.as === "committee"
  const organizations = Organizations.rows(states.organizations, { ...query, within: Organizations.area(states.organizations, R) })
  const children = organizations.filter((o) => o.parentId === R).map((o) => o.organizationId)
  const contact = HouseholdContact.rows(states.householdContact, committee || scope.as === "representative" ? own : nothing)
  const volunteers = Volunteers.rows(states.volunteers, committee || scope.as === "volunteer" ? own : nothing)
  const mediators = Mediators.rows(states.mediators, committee || scope.as === "mediator" ? own : nothing)
  const person = scope.reader.actor.person
  return {
    asOf: drawn.asOf,
    period,
    organizations,
    // Its places are the organization's own records, read by its committee (as `Reading` says).
    places: Places.rows(states.places, committee ? own : nothing),
    householdContact: scope.as === "representative"
      ? { representatives: contact.representatives.filter((r) => r.representativeId === person), communities: [] }
      : contact,
    cases: Cases.rows(states.cases, committee || scope.as === "mediator" ? { ...query, heldBy: R } : nothing),
    activities: Activities.rows(states.activities, committee ? own : nothing),
    terms: Terms.rows(states.terms, committee ? { ...query, within: area([R, ...children]) } : nothing),
    awards: Awards.rows(states.awards, committee ? own : nothing),
    meetings: Meetings.rows(states.meetings, { ...(committee ? own : nothing), period, organizations }),
    study: Study.rows(states.study, { ...(committee ? own : nothing), year: Number(period.from.slice(0, 4)) }),
    plans: Plans.rows(states.plans, {
      ...(committee ? own : nothing),
      year: Number(period.from.slice(0, 4)),
      organizations: committee ? organizations.filter((o) => o.organizationId === R) : []
    }),
    volunteers: scope.as === "volunteer"
      ? { volunteers: volunteers.volunteers.filter((v) => v.volunteerId === person), pairs: volunteers.pairs.filter((p) => p.volunteerId === person), organizations: [] }
      : volunteers,
    mediators: scope.as === "mediator" ? { ...mediators, mediators: mediators.mediators.filter((m) => m.mediatorId === person) } : mediators,
    assessments: Assessments.rows(states.assessments, committee ? own : nothing)
  }
}

/**
 * Draws the ledgers for a reader (DOMAIN.md §10): checks that the records back her, draws
 * every ledger (`draw`) and gives the rows she may read (`rowsFor`).
 */
export const drawFor = (
  reader: Reading.Reader,
  options: DrawOptions
): Effect.Effect<Rows, Reading.ReadRefused | EventStoreError | Projection.ProjectionStoreError, EventStore | Projection.ProjectionStore | Policy> =>
  Effect.gen(function*() {
    const scope = yield* Reading.scopeOf(reader)
    const drawn = yield* draw(options)
    return rowsFor(drawn, { policy: options.policy, scope })
  })

/**
 * Every ledger folded in memory from the log, keeping only the records `asOf`, `asRecordedOn`
 * and `upTo` keep, judged at `asOf` (else `asRecordedOn`, else now by the Clock). Dies with a
 * `DrawError` for a date that is not one: check user input with `Time.judgedAt` first.
 */
export const fold = (options: DrawOptions): Effect.Effect<Drawn, EventStoreError, EventStore> =>
  Effect.gen(function*() {
    const calendar = calendarOf(options.policy)
    const now = calendar.instantOf(yield* Clock.currentTimeMillis)
    const keep = yield* Effect.try({ try: () => keeps(calendar, options), catch: (e) => e }).pipe(Effect.orDie)
    const folded = yield* Projection.foldMany(projections(calendar), {
      upTo: options.upTo,
      keep,
      ...(options.onApplied === undefined ? {} : { onApplied: options.onApplied })
    })
    return { states: folded.states as States, asOf: options.asOf ?? options.asRecordedOn ?? now, position: folded.position }
  })

/**
 * Draws every ledger. With no `asOf`, `asRecordedOn` or `upTo`, from the kept projections,
 * caught up to the end of the log and judged now (by the Clock); otherwise folded in memory
 * (`fold`).
 */
export const draw = (
  options: DrawOptions
): Effect.Effect<Drawn, EventStoreError | Projection.ProjectionStoreError, EventStore | Projection.ProjectionStore> =>
  Effect.gen(function*() {
    if (options.asOf !== undefined || options.asRecordedOn !== undefined || options.upTo !== undefined) return yield* fold(options)
    const calendar = calendarOf(options.policy)
    const now = calendar.instantOf(yield* Clock.currentTimeMillis)
    const entries = Object.entries(projections(calendar))
    const stored = yield* Projection.catchUpMany(entries.map(([, projection]) => projection))
    const states = Object.fromEntries(entries.map(([key], i) => [key, stored[i]!.state]))
    return { states: states as unknown as States, asOf: now, position: Math.max(0, ...stored.map((s) => s.checkpoint)) }
  })
