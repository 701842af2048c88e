/**
 * 妇女代表联系户: a community's women's representatives (妇女代表), the households each keeps
 * contact with (联系户) and the contact visits she makes (DOMAIN.md §2 "representative
 * elected" and §3 "household linked"; seed 000 §四(一), seed 002 妇联制度(一)).
 *
 * Stream: `representation-{organizationId}`, one per community, holding its representatives,
 * the links of its households to them and the contact visits.
 *
 * Why one stream per community: the two rules of §3 span two kinds of entity — at most
 * `maxHouseholdsPerRepresentative` (5) households per representative, and at most one active
 * representative per household — and both must hold when two cadres link at the same moment.
 * A stream per representative would see the first rule but not the second (two representatives'
 * streams could each take the same household); a stream per household, the second but not the
 * first. With every representative and every link of the community in one stream, each link
 * decision is made on the whole picture and appended with the version it read as the expected
 * version: if anyone linked, unlinked or stepped down meanwhile, the append fails and the
 * decision is made again on the new state, so no interleaving can break either rule. The price
 * is that every command of a community is serialized on one stream; a community has some tens
 * of representatives and a handful of cadres, so conflicts are rare and a retry is cheap.
 * Households themselves (registration, circumstances) stay in their own `household-{id}`
 * streams; a link also checks the household's stream version, so it is decided on the
 * household as read.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, committeeRoles } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit } from "./Decider.ts"
import * as Household from "./Household.ts"
import * as Organization from "./Organization.ts"
import { personal } from "./PersonalData.ts"
import type { PolicyShape } from "./Policy.ts"
import { dateOf, LocalDate } from "./Time.ts"

/**
 * 联系的方式, how a representative keeps contact: home visit 串门家访, phone 电话, daily contact
 * in work and life 日常工作、生产、生活的接触, talk 聊天谈心.
 */
export const VisitMethod = Schema.Literals(["home-visit", "phone", "daily-contact", "talk"])

/** A way of keeping contact with a household. */
export type VisitMethod = typeof VisitMethod.Type

/**
 * 联系的内容, what a contact visit was about: policy outreach 宣传政策, the household's living
 * situation 了解思想、工作、生活情况, appeals heard 倾心呼声, mutual aid 互助互帮.
 */
export const VisitTopic = Schema.Literals(["policy-outreach", "living-situation", "appeals-heard", "mutual-aid"])

/** A topic of a contact visit. */
export type VisitTopic = typeof VisitTopic.Type

const topicOrder: ReadonlyArray<VisitTopic> = ["policy-outreach", "living-situation", "appeals-heard", "mutual-aid"]

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/**
 * 选举产生妇女代表: the congress (妇代会) elected or confirmed a representative, at the session
 * cited. Electing a serving representative again (a later congress confirming her) keeps her
 * households.
 */
export const RepresentativeElected = Schema.TaggedStruct("RepresentativeElected", {
  organizationId: Schema.NonEmptyString,
  representativeId: Schema.NonEmptyString,
  name: personal(Schema.NonEmptyString),
  congressSession: Schema.NonEmptyString,
  electedOn: LocalDate
})

/**
 * A representative stepped down (卸任). The same decision first unlinks each of her households
 * (`HouseholdUnlinked`), so she never holds a link once she has stepped down.
 */
export const RepresentativeSteppedDown = Schema.TaggedStruct("RepresentativeSteppedDown", {
  organizationId: Schema.NonEmptyString,
  representativeId: Schema.NonEmptyString,
  on: LocalDate
})

/** 联系户: a household was linked to a representative, who keeps contact with it from that day. */
export const HouseholdLinked = Schema.TaggedStruct("HouseholdLinked", {
  organizationId: Schema.NonEmptyString,
  representativeId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  on: LocalDate
})

/** A household's link to a representative ended (by a cadre, or because she stepped down). */
export const HouseholdUnlinked = Schema.TaggedStruct("HouseholdUnlinked", {
  organizationId: Schema.NonEmptyString,
  representativeId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  on: LocalDate
})

/** 走访记录: a representative's contact visit to one of her households. */
export const ContactVisitRecorded = Schema.TaggedStruct("ContactVisitRecorded", {
  organizationId: Schema.NonEmptyString,
  representativeId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  visitedOn: LocalDate,
  method: VisitMethod,
  topics: Schema.Array(VisitTopic),
  notes: personal(Schema.String)
})

/** The events of a community's representation. */
export const Event = Schema.Union([
  RepresentativeElected,
  RepresentativeSteppedDown,
  HouseholdLinked,
  HouseholdUnlinked,
  ContactVisitRecorded
])

/** An event of a community's representation. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * Records that the community's congress elected (or confirmed) a representative; given by the
 * community's chair, a vice-chair or an executive member, citing the congress session.
 */
export const ElectRepresentative = Schema.TaggedStruct("ElectRepresentative", {
  ...CommandFields,
  organizationId: Schema.NonEmptyString,
  representativeId: Schema.NonEmptyString,
  name: personal(Schema.NonEmptyString),
  congressSession: Schema.NonEmptyString,
  electedOn: LocalDate
})

/** Records that a representative stepped down, today; the reason is required. Ends her links. */
export const StepDownRepresentative = Schema.TaggedStruct("StepDownRepresentative", {
  ...CommandFields,
  reason: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  representativeId: Schema.NonEmptyString
})

/** Links a household of the community to a representative, from today. */
export const LinkHousehold = Schema.TaggedStruct("LinkHousehold", {
  ...CommandFields,
  organizationId: Schema.NonEmptyString,
  representativeId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString
})

/** Ends a household's link to its representative, today. */
export const UnlinkHousehold = Schema.TaggedStruct("UnlinkHousehold", {
  ...CommandFields,
  organizationId: Schema.NonEmptyString,
  representativeId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString
})

/**
 * Records a contact visit to a household linked to the representative. A representative
 * records her own visits; a committee member may record them for her.
 */
export const RecordContactVisit = Schema.TaggedStruct("RecordContactVisit", {
  ...CommandFields,
  organizationId: Schema.NonEmptyString,
  representativeId: Schema.NonEmptyString,
  householdId: Schema.NonEmptyString,
  visitedOn: LocalDate,
  method: VisitMethod,
  topics: Schema.Array(VisitTopic),
  notes: personal(Schema.String)
})

/** The commands of a community's representation. */
export const Command = Schema.Union([
  ElectRepresentative,
  StepDownRepresentative,
  LinkHousehold,
  UnlinkHousehold,
  RecordContactVisit
])

/** A command of a community's representation. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A representative of the community, serving or former. */
export interface Representative {
  readonly representativeId: string
  readonly name: string
  /** The congress session of her latest election or confirmation. */
  readonly congressSession: string
  readonly electedOn: LocalDate
  readonly active: boolean
  readonly steppedDownOn?: LocalDate | undefined
}

/** A household's current link to a representative, with the visits made under it. */
export interface Link {
  readonly householdId: string
  readonly representativeId: string
  readonly linkedOn: LocalDate
  /** Contact visits recorded since this link was made. */
  readonly visits: number
  readonly lastVisitedOn?: LocalDate | undefined
}

/**
 * A community's representation as known from its events. Visits are kept as counts, not as
 * a list: the stream holds every visit, and a list in the state would make each fold
 * quadratic in the stream's length.
 */
export interface State {
  /** The community; empty until the first event. */
  readonly organizationId: string
  /** Every representative ever elected, by id. */
  readonly representatives: ReadonlyMap<string, Representative>
  /** The current links, by household id: a household has at most one. */
  readonly links: ReadonlyMap<string, Link>
  /** Visits by month (`YYYY-MM` of the visit date), then by representative id. */
  readonly visitsByMonth: ReadonlyMap<string, ReadonlyMap<string, number>>
}

const monthOf = (date: LocalDate): string => date.slice(0, 7)

/** The representation aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "representation",
  events: Event,
  initial: { organizationId: "", representatives: new Map(), links: new Map(), visitsByMonth: new Map() },
  evolve: (state, event) => {
    switch (event._tag) {
      case "RepresentativeElected": {
        const representatives = new Map(state.representatives)
        representatives.set(event.representativeId, {
          representativeId: event.representativeId,
          name: event.name,
          congressSession: event.congressSession,
          electedOn: event.electedOn,
          active: true
        })
        return { ...state, organizationId: event.organizationId, representatives }
      }
      case "RepresentativeSteppedDown": {
        const former = state.representatives.get(event.representativeId)
        if (former === undefined) return state
        const representatives = new Map(state.representatives)
        representatives.set(event.representativeId, { ...former, active: false, steppedDownOn: event.on })
        return { ...state, representatives }
      }
      case "HouseholdLinked": {
        const links = new Map(state.links)
        links.set(event.householdId, {
          householdId: event.householdId,
          representativeId: event.representativeId,
          linkedOn: event.on,
          visits: 0
        })
        return { ...state, links }
      }
      case "HouseholdUnlinked": {
        if (state.links.get(event.householdId)?.representativeId !== event.representativeId) return state
        const links = new Map(state.links)
        links.delete(event.householdId)
        return { ...state, links }
      }
      case "ContactVisitRecorded": {
        let links = state.links
        const link = state.links.get(event.householdId)
        if (link?.representativeId === event.representativeId) {
          const copy = new Map(state.links)
          const last = link.lastVisitedOn === undefined || event.visitedOn > link.lastVisitedOn ? event.visitedOn : link.lastVisitedOn
          copy.set(event.householdId, { ...link, visits: link.visits + 1, lastVisitedOn: last })
          links = copy
        }
        const month = monthOf(event.visitedOn)
        const byRepresentative = new Map(state.visitsByMonth.get(month))
        byRepresentative.set(event.representativeId, (byRepresentative.get(event.representativeId) ?? 0) + 1)
        const visitsByMonth = new Map(state.visitsByMonth)
        visitsByMonth.set(month, byRepresentative)
        return { ...state, links, visitsByMonth }
      }
    }
  }
}

/** The households currently linked to a representative, in the order they were linked. */
export const householdsOf = (state: State, representativeId: string): ReadonlyArray<string> => {
  const households: Array<string> = []
  for (const link of state.links.values()) if (link.representativeId === representativeId) households.push(link.householdId)
  return households
}

/** The representative a household is currently linked to, if any. */
export const representativeOf = (state: State, householdId: string): string | undefined =>
  state.links.get(householdId)?.representativeId

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/**
 * Why a representation command was refused: `reason` names the rule, `detail` says it so a
 * cadre can read it (the limit, the representative a household is linked to, …).
 */
export class RepresentationRejected extends Schema.TaggedError<RepresentationRejected>()("RepresentationRejected", {
  reason: Schema.Literals([
    "NotACommunity",
    "ElectedInFuture",
    "ElectionOutOfOrder",
    "AlreadyElected",
    "NotARepresentative",
    "SteppedDown",
    "HouseholdOfAnotherOrganization",
    "AlreadyLinked",
    "HouseholdHasRepresentative",
    "RepresentativeAtLimit",
    "NotLinked",
    "VisitInFuture",
    "VisitBeforeLink"
  ]),
  organizationId: Schema.String,
  representativeId: Schema.String,
  householdId: Schema.optional(Schema.String),
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** What a decision needs besides the command and the state. */
export interface DecideInput {
  /** Now, in epoch milliseconds: the date of links, unlinks and stepping down is its date. */
  readonly now: number
  readonly policy: PolicyShape
  /** The community, for `ElectRepresentative`. */
  readonly organization?: Organization.State | undefined
  /** The household, for `LinkHousehold`. */
  readonly household?: Household.State | undefined
}

const forbid = (command: Command, rule: string) =>
  Effect.fail(new Unauthorized({ command: command._tag, actor: command.actor, rule }))

/**
 * The organization-scope rule: only the community's own people act on its representation.
 * `decide` checks it; handlers check it also before reading any other stream, so that no one
 * outside the community learns which of its households are registered.
 */
export const checkScope = (command: Command): Effect.Effect<void, Unauthorized> =>
  command.actor.organization === command.organizationId
    ? Effect.void
    : forbid(command, "a community's representatives and their households are kept by that community")

/** Decides a representation command on the community's state. */
export const decide = (
  command: Command,
  state: State,
  input: DecideInput
): Effect.Effect<ReadonlyArray<Event>, RepresentationRejected | Household.HouseholdRejected | Unauthorized> =>
  Effect.flatMap(checkScope(command), () => decideInScope(command, state, input))

const decideInScope = (
  command: Command,
  state: State,
  input: DecideInput
): Effect.Effect<ReadonlyArray<Event>, RepresentationRejected | Household.HouseholdRejected | Unauthorized> => {
  const { organizationId, representativeId } = command
  // NOTE: "today" is the UTC date of now, as everywhere in the domain (Time.ts); between
  // 00:00 and 08:00 Beijing time it is still yesterday.
  const today = dateOf(input.now)
  const reject = (reason: RepresentationRejected["reason"], detail: string, householdId?: string) =>
    Effect.fail(new RepresentationRejected({ reason, organizationId, representativeId, householdId, detail }))
  const representative = state.representatives.get(representativeId)
  const serving = () =>
    representative === undefined
      ? reject("NotARepresentative", `${representativeId} is not a representative of ${organizationId}`)
      : representative.active
      ? Effect.succeed(representative)
      : reject("SteppedDown", `representative ${representativeId} stepped down on ${representative.steppedDownOn}`)

  switch (command._tag) {
    case "ElectRepresentative": {
      if (input.organization?.level !== "community") {
        return reject("NotACommunity", `representatives who link households are elected in a community, and ${organizationId} is not one`)
      }
      if (command.electedOn > today) {
        return reject("ElectedInFuture", `the election of ${representativeId} is dated ${command.electedOn}, after today (${today})`)
      }
      if (representative !== undefined) {
        const latest = representative.steppedDownOn !== undefined && representative.steppedDownOn > representative.electedOn
          ? representative.steppedDownOn
          : representative.electedOn
        if (command.electedOn < latest) {
          return reject(
            "ElectionOutOfOrder",
            `the election of ${representativeId} is dated ${command.electedOn}, before her record of ${latest}`
          )
        }
        if (representative.active && representative.congressSession === command.congressSession) {
          return reject("AlreadyElected", `${representativeId} already serves by the election of ${command.congressSession}`)
        }
      }
      return Effect.succeed([
        RepresentativeElected.make({
          organizationId,
          representativeId,
          name: command.name,
          congressSession: command.congressSession,
          electedOn: command.electedOn
        })
      ])
    }
    case "StepDownRepresentative":
      return Effect.map(serving(), (): ReadonlyArray<Event> => [
        ...householdsOf(state, representativeId).map((householdId) =>
          HouseholdUnlinked.make({ organizationId, representativeId, householdId, on: today })
        ),
        RepresentativeSteppedDown.make({ organizationId, representativeId, on: today })
      ])
    case "LinkHousehold": {
      const { householdId } = command
      return Effect.flatMap(serving(), (): Effect.Effect<ReadonlyArray<Event>, RepresentationRejected | Household.HouseholdRejected> => {
        const household = input.household
        if (household === undefined || !household.registered) {
          return Effect.fail(
            new Household.HouseholdRejected({ reason: "NotRegistered", householdId, detail: `household ${householdId} is not registered` })
          )
        }
        if (household.organizationId !== organizationId) {
          return reject("HouseholdOfAnotherOrganization", `household ${householdId} belongs to ${household.organizationId}, not ${organizationId}`, householdId)
        }
        const current = representativeOf(state, householdId)
        if (current === representativeId) {
          return reject("AlreadyLinked", `household ${householdId} is already linked to ${representativeId}`, householdId)
        }
        if (current !== undefined) {
          return reject(
            "HouseholdHasRepresentative",
            `household ${householdId} is already linked to representative ${current}; unlink it there first`,
            householdId
          )
        }
        const limit = input.policy.maxHouseholdsPerRepresentative
        if (householdsOf(state, representativeId).length >= limit) {
          return reject(
            "RepresentativeAtLimit",
            `representative ${representativeId} already keeps contact with ${limit} households, the most allowed (每位妇女代表联系3-5户)`,
            householdId
          )
        }
        return Effect.succeed([HouseholdLinked.make({ organizationId, representativeId, householdId, on: today })])
      })
    }
    case "UnlinkHousehold": {
      const { householdId } = command
      if (representativeOf(state, householdId) !== representativeId) {
        return reject("NotLinked", `household ${householdId} is not linked to ${representativeId}`, householdId)
      }
      return Effect.succeed([HouseholdUnlinked.make({ organizationId, representativeId, householdId, on: today })])
    }
    case "RecordContactVisit": {
      const { householdId, actor } = command
      if (actor.role === "representative" && actor.person !== representativeId) {
        return forbid(command, "a representative records only her own contact visits")
      }
      return Effect.flatMap(serving(), (): Effect.Effect<ReadonlyArray<Event>, RepresentationRejected> => {
        const link = state.links.get(householdId)
        if (link?.representativeId !== representativeId) {
          // A representative sees only her own households: do not tell her whose it is.
          return reject("NotLinked", `household ${householdId} is not linked to ${representativeId}`, householdId)
        }
        if (command.visitedOn > today) {
          return reject("VisitInFuture", `the visit is dated ${command.visitedOn}, after today (${today})`, householdId)
        }
        if (command.visitedOn < link.linkedOn) {
          return reject(
            "VisitBeforeLink",
            `the visit is dated ${command.visitedOn}, before household ${householdId} was linked to ${representativeId} on ${link.linkedOn}`,
            householdId
          )
        }
        return Effect.succeed([
          ContactVisitRecorded.make({
            organizationId,
            representativeId,
            householdId,
            visitedOn: command.visitedOn,
            method: command.method,
            topics: topicOrder.filter((t) => command.topics.includes(t)),
            notes: command.notes
          })
        ])
      })
    }
  }
}

/** The handlers of representation commands. */
export const handlers = {
  ElectRepresentative: (command: typeof ElectRepresentative.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.organizationId)
      yield* checkScope(command)
      const organization = yield* Organization.loadRegistered(ctx, command.organizationId)
      const events = yield* decide(command, state, { now: ctx.now, policy: ctx.policy, organization })
      return [emit(aggregate, command.organizationId, events)]
    }),
  StepDownRepresentative: (command: typeof StepDownRepresentative.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.organizationId)
      const events = yield* decide(command, state, { now: ctx.now, policy: ctx.policy })
      return [emit(aggregate, command.organizationId, events)]
    }),
  LinkHousehold: (command: typeof LinkHousehold.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.organizationId)
      yield* checkScope(command)
      const household = yield* Household.loadRegistered(ctx, command.householdId)
      const events = yield* decide(command, state, { now: ctx.now, policy: ctx.policy, household })
      return [emit(aggregate, command.organizationId, events)]
    }),
  UnlinkHousehold: (command: typeof UnlinkHousehold.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.organizationId)
      const events = yield* decide(command, state, { now: ctx.now, policy: ctx.policy })
      return [emit(aggregate, command.organizationId, events)]
    }),
  RecordContactVisit: (command: typeof RecordContactVisit.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.organizationId)
      const events = yield* decide(command, state, { now: ctx.now, policy: ctx.policy })
      return [emit(aggregate, command.organizationId, events)]
    })
}

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  ElectRepresentative: ["chair", "vice-chair", "executive-member"],
  StepDownRepresentative: ["chair", "vice-chair", "executive-member"],
  LinkHousehold: ["chair", "vice-chair", "executive-member"],
  UnlinkHousehold: ["chair", "vice-chair", "executive-member"],
  RecordContactVisit: ["chair", "vice-chair", "executive-member", "representative"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

// ---------------------------------------------------------------------------------------------
// Queries: the coverage ledger (联系户台帐)
// ---------------------------------------------------------------------------------------------

/**
 * What an actor may read of a community's representation (§10): its committee and auditors
 * read all of it; a representative only her own record, households and visits; anyone else,
 * and anyone of another organization, nothing (an upper level reads the reports sent to it).
 */
export const viewFor = (state: State, actor: Actor): Effect.Effect<State, Unauthorized> => {
  const refuse = (rule: string) => Effect.fail(new Unauthorized({ command: "ReadRepresentation", actor, rule }))
  if (actor.organization !== state.organizationId) return refuse("a community's representation is read by that community")
  if (committeeRoles.includes(actor.role) || actor.role === "auditor") return Effect.succeed(state)
  if (actor.role !== "representative") return refuse("representatives' households are read by the committee, auditors and the representative herself")
  const own = actor.person
  const representative = state.representatives.get(own)
  const visitsByMonth = new Map<string, ReadonlyMap<string, number>>()
  for (const [month, byRepresentative] of state.visitsByMonth) {
    const visits = byRepresentative.get(own)
    if (visits !== undefined) visitsByMonth.set(month, new Map([[own, visits]]))
  }
  return Effect.succeed({
    organizationId: state.organizationId,
    representatives: new Map(representative === undefined ? [] : [[own, representative]]),
    links: new Map([...state.links].filter(([, link]) => link.representativeId === own)),
    visitsByMonth
  })
}

/** One serving representative's line of the coverage ledger. */
export interface Coverage {
  readonly representativeId: string
  /** Her households, in the order they were linked. */
  readonly householdIds: ReadonlyArray<string>
  /** 未达标: fewer households than the 3–5 target's lower bound (allowed, but shown). */
  readonly underTarget: boolean
  /** She keeps contact with the most households allowed; a further link is refused. */
  readonly atLimit: boolean
}

/**
 * 联系户覆盖: households per serving representative against the 3–5 target
 * (`minHouseholdsPerRepresentative`–`maxHouseholdsPerRepresentative`), by representative id.
 */
export const coverage = (state: State, policy: PolicyShape): ReadonlyArray<Coverage> =>
  [...state.representatives.values()]
    .filter((r) => r.active)
    .map((r) => r.representativeId)
    .sort()
    .map((representativeId) => {
      const householdIds = householdsOf(state, representativeId)
      return {
        representativeId,
        householdIds,
        underTarget: householdIds.length < policy.minHouseholdsPerRepresentative,
        atLimit: householdIds.length >= policy.maxHouseholdsPerRepresentative
      }
    })

/**
 * Contact visits per month (`YYYY-MM` of the visit date), oldest first, of all representatives
 * or of one; months without visits are not listed.
 */
export const visitsPerMonth = (
  state: State,
  representativeId?: string
): ReadonlyArray<{ readonly month: string; readonly visits: number }> =>
  [...state.visitsByMonth]
    .map(([month, byRepresentative]) => ({
      month,
      visits: representativeId === undefined
        ? [...byRepresentative.values()].reduce((a, b) => a + b, 0)
        : byRepresentative.get(representativeId) ?? 0
    }))
    .filter((m) => m.visits > 0)
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))

/** 未走访: linked households with no contact visit recorded since they were linked. */
export const neverVisited = (state: State): ReadonlyArray<Link> =>
  [...state.links.values()].filter((link) => link.visits === 0)

/**
 * 无联系代表的户: the community's households (the ids of its registered households, from the
 * household streams) that no representative keeps contact with.
 */
export const withoutRepresentative = (state: State, registeredHouseholdIds: Iterable<string>): ReadonlyArray<string> =>
  [...new Set(registeredHouseholdIds)].filter((id) => !state.links.has(id))
