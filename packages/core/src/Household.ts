/**
 * 户 / 家庭: a household of a community, with the circumstances other parts of the domain use
 * (DOMAIN.md §3), and the domestic-violence findings that make it ineligible for awards in
 * that year (§5, "零家庭暴力").
 *
 * Stream: `household-{householdId}`. Links to representatives and contact visits live in the
 * community's `Representation` stream, where the 3–5 rule is kept.
 *
 * Domestic-violence findings (查实) are written here only by the resolution of a
 * domestic-violence case that names the household — a case names only households of the
 * organization that registers it, or is assigned it (`Case`) — in the same atomic append as the
 * resolution. A finding can be withdrawn: when a reopened case is resolved as not
 * substantiated, its finding is withdrawn (`DomesticViolenceFindingWithdrawn`), and the
 * household's eligibility follows each case's latest finding. Decision where DOMAIN.md is
 * silent: a case found substantiated again after reopening keeps one finding, dated by its
 * latest resolution (the year it bars is that resolution's year).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { Actor } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import { Id, Line, List, Name } from "./Input.ts"
import * as Organization from "./Organization.ts"
import { personal, subjects } from "./PersonalData.ts"
import { LocalDate, yearOf } from "./Time.ts"

/**
 * Circumstances (家庭情况): low-income 低保, empty-nest elderly 空巢老人, left-behind children
 * 留守儿童, disability 残疾, single parent 单亲.
 */
export const Circumstance = Schema.Literals(["low-income", "empty-nest-elderly", "left-behind-children", "disability", "single-parent"])

/** A circumstance of a household. */
export type Circumstance = typeof Circumstance.Type

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** A household of a community was registered (登记). */
export const HouseholdRegistered = Schema.TaggedStruct("HouseholdRegistered", {
  householdId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  headName: personal(Schema.NonEmptyString, subjects.household),
  address: personal(Schema.NonEmptyString, subjects.household),
  circumstances: Schema.Array(Circumstance)
})

/** A household's circumstances changed; the list replaces the former one. */
export const HouseholdCircumstancesChanged = Schema.TaggedStruct("HouseholdCircumstancesChanged", {
  householdId: Schema.NonEmptyString,
  circumstances: Schema.Array(Circumstance)
})

/**
 * A domestic-violence case concerning this household was resolved as substantiated (查实);
 * appended by the case's resolution in the same atomic append.
 */
export const DomesticViolenceSubstantiated = Schema.TaggedStruct("DomesticViolenceSubstantiated", {
  householdId: Schema.NonEmptyString,
  caseId: Schema.NonEmptyString,
  resolvedOn: LocalDate
})

/**
 * 撤销查实认定: a reopened domestic-violence case concerning this household was resolved as not
 * substantiated, which withdraws the case's earlier finding; appended by that resolution in the
 * same atomic append.
 */
export const DomesticViolenceFindingWithdrawn = Schema.TaggedStruct("DomesticViolenceFindingWithdrawn", {
  householdId: Schema.NonEmptyString,
  caseId: Schema.NonEmptyString,
  resolvedOn: LocalDate
})

/** A finding of a case written to a household: substantiated, or withdrawn. */
export type Finding = typeof DomesticViolenceSubstantiated.Type | typeof DomesticViolenceFindingWithdrawn.Type

/** The events of a household. */
export const Event = Schema.Union([HouseholdRegistered, HouseholdCircumstancesChanged, DomesticViolenceSubstantiated, DomesticViolenceFindingWithdrawn])

/** An event of a household. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Registers a household of the actor's community. */
export const RegisterHousehold = Schema.TaggedStruct("RegisterHousehold", {
  ...CommandFields,
  householdId: Id,
  organizationId: Id,
  headName: personal(Name),
  address: personal(Line),
  circumstances: List(Circumstance, Circumstance.literals.length)
})

/** Records a household's current circumstances. */
export const ChangeHouseholdCircumstances = Schema.TaggedStruct("ChangeHouseholdCircumstances", {
  ...CommandFields,
  householdId: Id,
  circumstances: List(Circumstance, Circumstance.literals.length)
})

/** The commands of households. */
export const Command = Schema.Union([RegisterHousehold, ChangeHouseholdCircumstances])

/** A command of households. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A household as known from its events. */
export interface State {
  readonly registered: boolean
  readonly organizationId: string
  readonly circumstances: ReadonlyArray<Circumstance>
  /** The findings that stand: each case's latest substantiated resolution, with its year. */
  readonly domesticViolenceFindings: ReadonlyArray<{ readonly caseId: string; readonly year: number }>
  /** Years in which a domestic-violence case of the household stands substantiated. */
  readonly domesticViolenceYears: ReadonlyArray<number>
}

const withFindings = (state: State, findings: State["domesticViolenceFindings"]): State => ({
  ...state,
  domesticViolenceFindings: findings,
  domesticViolenceYears: [...new Set(findings.map((f) => f.year))]
})

/** The household aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "household",
  events: Event,
  initial: { registered: false, organizationId: "", circumstances: [], domesticViolenceFindings: [], domesticViolenceYears: [] },
  evolve: (state, event) => {
    switch (event._tag) {
      case "HouseholdRegistered":
        return { ...state, registered: true, organizationId: event.organizationId, circumstances: event.circumstances }
      case "HouseholdCircumstancesChanged":
        return { ...state, circumstances: event.circumstances }
      case "DomesticViolenceSubstantiated":
        return withFindings(state, [
          ...state.domesticViolenceFindings.filter((f) => f.caseId !== event.caseId),
          { caseId: event.caseId, year: yearOf(event.resolvedOn) }
        ])
      case "DomesticViolenceFindingWithdrawn":
        return withFindings(state, state.domesticViolenceFindings.filter((f) => f.caseId !== event.caseId))
    }
  }
}

/**
 * Whether the household had a domestic-violence case substantiated in a year (ineligible for
 * awards then), by each case's latest finding: a withdrawn finding bars nothing.
 */
export const hadDomesticViolenceIn = (state: State, year: number): boolean => state.domesticViolenceYears.includes(year)

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a household command was refused. */
export class HouseholdRejected extends Schema.TaggedError<HouseholdRejected>()("HouseholdRejected", {
  reason: Schema.Literals(["AlreadyRegistered", "NotRegistered", "NotACommunity"]),
  householdId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

const reject = (reason: HouseholdRejected["reason"], householdId: string, detail: string) =>
  Effect.fail(new HouseholdRejected({ reason, householdId, detail }))

const forbid = (command: Command, rule: string) =>
  Effect.fail(new Unauthorized({ command: command._tag, actor: command.actor, rule }))

/** Decides a household command, given the household and (for registration) its organization. */
export const decide = (
  command: Command,
  state: State,
  organization?: Organization.State
): Effect.Effect<ReadonlyArray<Event>, HouseholdRejected | Unauthorized> => {
  switch (command._tag) {
    case "RegisterHousehold": {
      if (command.actor.organization !== command.organizationId) {
        return forbid(command, "households are registered by their own community")
      }
      if (state.registered) return reject("AlreadyRegistered", command.householdId, `household ${command.householdId} is already registered`)
      if (organization?.level !== "community") {
        return reject("NotACommunity", command.householdId, `households belong to a community, and ${command.organizationId} is not one`)
      }
      const { _tag, commandId, actor, reason, correlationId, causationId, ...fields } = command
      return Effect.succeed([HouseholdRegistered.make(fields)])
    }
    case "ChangeHouseholdCircumstances": {
      // Unknown and another community's get the same answer (§10: nothing of another organization).
      if (!state.registered || command.actor.organization !== state.organizationId) return notIn(command.householdId, command.actor.organization)
      return Effect.succeed([HouseholdCircumstancesChanged.make({ householdId: command.householdId, circumstances: command.circumstances })])
    }
  }
}

/** The handlers of household commands. */
export const handlers = {
  RegisterHousehold: (command: typeof RegisterHousehold.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.householdId)
      const organization = yield* Organization.loadRegistered(ctx, command.organizationId)
      return [emit(aggregate, command.householdId, yield* decide(command, state, organization))]
    }),
  ChangeHouseholdCircumstances: (command: typeof ChangeHouseholdCircumstances.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.householdId)
      return [emit(aggregate, command.householdId, yield* decide(command, state))]
    })
}

/** Loads a household that must be registered, for handlers of other aggregates. */
export const loadRegistered = (ctx: DecisionContext, householdId: string) =>
  Effect.flatMap(ctx.load(aggregate, householdId), (state) =>
    state.registered
      ? Effect.succeed(state)
      : reject("NotRegistered", householdId, `household ${householdId} is not registered`))

const notIn = (householdId: string, area: string) =>
  reject("NotRegistered", householdId, `no household ${householdId} is registered in ${area} or an organization below it`)

/**
 * Loads a household that an organization may name (DOMAIN.md §10: writes stay inside their
 * organization): registered in `area` or an organization below it. An unknown household and
 * one out of reach get the same refusal, which names nothing of another organization.
 */
export const loadInArea = (ctx: DecisionContext, householdId: string, area: string) =>
  Effect.gen(function*() {
    const state = yield* ctx.load(aggregate, householdId)
    if (!state.registered) return yield* notIn(householdId, area)
    if (state.organizationId !== area && !(yield* Organization.chainFrom(ctx, state.organizationId)).includes(area)) {
      return yield* notIn(householdId, area)
    }
    return state
  })

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  RegisterHousehold: ["chair", "vice-chair", "executive-member", "representative"],
  ChangeHouseholdCircumstances: ["chair", "vice-chair", "executive-member", "representative"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): on a day. */
export const times = {
  RegisterHousehold: "day",
  ChangeHouseholdCircumstances: "day"
} as const satisfies Record<Command["_tag"], FactTime>
