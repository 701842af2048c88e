/**
 * 妇女代表联系户: a community's women's representatives (妇女代表), the households each keeps
 * contact with (联系户) and the contact visits she makes (DOMAIN.md §2 "representative
 * elected" and §3 "household linked"; seed 000 §四(一), seed 002 妇联制度(一)).
 *
 * Two streams per community:
 *
 * - `representation-{organizationId}` (`aggregate`), the roster: its representatives and the
 *   links of its households to them (`RepresentativeElected`, `RepresentativeSteppedDown`,
 *   `HouseholdLinked`, `HouseholdUnlinked`). Every command of the community loads it.
 * - `contact-visits-{organizationId}` (`contactLog`), the visit log: its contact visits
 *   (`ContactVisitRecorded`), append-only.
 *
 * Why the roster is one stream per community: the two rules of §3 span two kinds of entity — at
 * most `maxHouseholdsPerRepresentative` (5) households per representative, and at most one
 * active representative per household — and both must hold when two cadres link at the same
 * moment. A stream per representative would see the first rule but not the second (two
 * representatives' streams could each take the same household); a stream per household, the
 * second but not the first. With every representative and every link of the community in one
 * stream, each link decision is made on the whole picture and appended with the version it read
 * as the expected version: if anyone linked, unlinked or stepped down meanwhile, the append fails
 * and the decision is made again on the new state, so no interleaving can break either rule. The
 * price is that every roster command of a community is serialized on one stream; a community has
 * some tens of representatives and a handful of cadres, so conflicts are rare and a retry is
 * cheap. Households themselves (registration, circumstances) stay in their own `household-{id}`
 * streams; a link also checks the household's stream version, so it is decided on the household
 * as read.
 *
 * Why visits are a log of their own, appended without being read: no rule reads earlier visits.
 * A visit is decided on the roster alone (she serves, the household is linked to her, the visit
 * is not dated before the link), so the visit handler loads the roster and
 * appends the visit with `emitAppendOnly` — at any version of the log, which it never reads.
 * Visits are the bulk of a community's events (a community of 1,000 households and 200
 * representatives makes some 12,000 a year): kept in the roster stream, every link decision
 * would load them all, and the roster would grow without bound. The visit decision stays
 * conditional on the roster's version (the command handler checks every stream it loaded), so a
 * visit racing an unlink of its household is decided again on the roster with the unlink, and
 * refused: the log never holds a visit recorded after its household's link ended. Two visits
 * never conflict with each other.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, type Emit, emit, emitAppendOnly, type FactTime } from "./Decider.ts"
import * as Household from "./Household.ts"
import { Id, List, Name, PersonId, Text, TextOrEmpty, Title } from "./Input.ts"
import * as Organization from "./Organization.ts"
import { personal, subjects } from "./PersonalData.ts"
import type { PolicyShape } from "./Policy.ts"
import { LocalDate, monthOf } from "./Time.ts"

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
  name: personal(Schema.NonEmptyString, subjects.person("representativeId")),
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
  notes: personal(Schema.String, subjects.household)
})

/** A contact visit, as the visit log keeps it. */
export type ContactVisitRecorded = typeof ContactVisitRecorded.Type

/** The events of a community's roster (`representation-{organizationId}`): all but the visits. */
export const RosterEvent = Schema.Union([
  RepresentativeElected,
  RepresentativeSteppedDown,
  HouseholdLinked,
  HouseholdUnlinked
])

/** An event of a community's roster. */
export type RosterEvent = typeof RosterEvent.Type

/** The events of a community's representation: its roster's and its visit log's. */
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
  organizationId: Id,
  representativeId: PersonId,
  name: personal(Name),
  congressSession: Title,
  electedOn: LocalDate
})

/**
 * Records that a representative stepped down, on the day of `occurredAt` (default today); the
 * reason is required. Ends her links.
 */
export const StepDownRepresentative = Schema.TaggedStruct("StepDownRepresentative", {
  ...CommandFields,
  reason: Text,
  organizationId: Id,
  representativeId: PersonId
})

/** Links a household of the community to a representative, from the day of `occurredAt` (default today). */
export const LinkHousehold = Schema.TaggedStruct("LinkHousehold", {
  ...CommandFields,
  organizationId: Id,
  representativeId: PersonId,
  householdId: Id
})

/** Ends a household's link to its representative, on the day of `occurredAt` (default today). */
export const UnlinkHousehold = Schema.TaggedStruct("UnlinkHousehold", {
  ...CommandFields,
  organizationId: Id,
  representativeId: PersonId,
  householdId: Id
})

/**
 * Records a contact visit to a household linked to the representative. A representative
 * records her own visits; a committee member may record them for her.
 */
export const RecordContactVisit = Schema.TaggedStruct("RecordContactVisit", {
  ...CommandFields,
  organizationId: Id,
  representativeId: PersonId,
  householdId: Id,
  visitedOn: LocalDate,
  method: VisitMethod,
  topics: List(VisitTopic, VisitTopic.literals.length),
  notes: personal(TextOrEmpty)
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

/** A household's current link to a representative. */
export interface Link {
  readonly householdId: string
  readonly representativeId: string
  readonly linkedOn: LocalDate
}

/**
 * A community's roster as known from its `representation-` stream: who serves, and which
 * household is whose.
 *
 * Plain `Map`s, which the ledgers keep as JSON. `evolve` copies the map an event changes
 * (`links` for a link or an unlink, `representatives` for an election or a stepping down), at
 * a cost linear in the community's size; the roster holds only these decisions — a few per
 * household and per representative in a term, not the visits — so its fold stays small (some
 * tens of milliseconds for 1,000 households linked to 200 representatives).
 */
export interface State {
  /** The community; empty until the first event. */
  readonly organizationId: string
  /** Every representative ever elected, by id. */
  readonly representatives: ReadonlyMap<string, Representative>
  /** The current links, by household id, in the order they were made: a household has at most one. */
  readonly links: ReadonlyMap<string, Link>
}

/**
 * The roster aggregate: stream `representation-{organizationId}`. It grows with every election,
 * link and unlink of the community, and every visit reads it: it is snapshotted. Decisions see
 * it folded without personal data (a representative's `name` empty), which none of them reads
 * (`docs/explanation/stream-growth.md`).
 */
export const aggregate: Aggregate<State, RosterEvent> = {
  category: "representation",
  events: RosterEvent,
  snapshots: { schemaVersion: 1, every: 25 },
  initial: { organizationId: "", representatives: new Map(), links: new Map() },
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
        links.set(event.householdId, { householdId: event.householdId, representativeId: event.representativeId, linkedOn: event.on })
        return { ...state, links }
      }
      case "HouseholdUnlinked": {
        if (state.links.get(event.householdId)?.representativeId !== event.representativeId) return state
        const links = new Map(state.links)
        links.delete(event.householdId)
        return { ...state, links }
      }
      default:
        // No other event belongs in a roster stream; a visit there (as stores kept them before
        // visits had a log of their own) says nothing about the roster.
        return state
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
// The visit log
// ---------------------------------------------------------------------------------------------

/**
 * A map of many keys kept as a `Map` of small `Map`s (shards), by a hash of the key. State is
 * never mutated, so an `evolve` that changes one key of a plain `Map` copies all of it; here it
 * copies one shard and the index of shards. Still plain `Map`s of plain objects, as the ledgers
 * keep them (`Ledger.toJson`); read it with `shardedGet` and `shardedEntries`.
 */
export type Sharded<V> = ReadonlyMap<string, ReadonlyMap<string, V>>

const SHARDS = 32

/** The shard of a key: FNV-1a of its UTF-16 code units, modulo the shard count. */
const shardOf = (key: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return ((h >>> 0) % SHARDS).toString(36)
}

/** The value of a key of a sharded map, if set. */
export const shardedGet = <V>(map: Sharded<V>, key: string): V | undefined => map.get(shardOf(key))?.get(key)

/** Every key and value of a sharded map, sorted by key. */
export const shardedEntries = <V>(map: Sharded<V>): ReadonlyArray<readonly [string, V]> =>
  [...map.values()].flatMap((shard) => [...shard]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

const shardedSet = <V>(map: Sharded<V>, key: string, value: V): Sharded<V> => {
  const k = shardOf(key)
  const shard = new Map(map.get(k))
  shard.set(key, value)
  const shards = new Map(map)
  shards.set(k, shard)
  return shards
}

/** What the visit log keeps of one representative's visits. */
export interface RepresentativeVisits {
  /** Her visits by month (`YYYY-MM` of the visit date). */
  readonly visitsByMonth: ReadonlyMap<string, number>
  /**
   * The date of her latest visit to each household she has visited, by household id: the
   * latest by date, not by recording (a visit entered late, dated earlier, does not move it).
   */
  readonly lastVisitedOn: ReadonlyMap<string, LocalDate>
}

/**
 * A community's contact visits as known from its `contact-visits-` stream: counts and latest
 * dates, not a list (a list in the state would make each fold quadratic in the log's length);
 * no visit note. Folding a visit copies the index of shards, the shard of its representative
 * (about a 32nd of the representatives) and her own two maps (a count per month she visited in,
 * a date per household she visited), and nothing of the other representatives': its cost does
 * not grow with the number of visits in the log.
 */
export interface VisitLog {
  /** The community; empty until the first visit. */
  readonly organizationId: string
  /** Each representative's visits, by representative id. */
  readonly representatives: Sharded<RepresentativeVisits>
}

/**
 * The visit log aggregate: stream `contact-visits-{organizationId}`, appended with
 * `emitAppendOnly` and never loaded by a decision.
 */
export const contactLog: Aggregate<VisitLog, ContactVisitRecorded> = {
  category: "contact-visits",
  events: ContactVisitRecorded,
  initial: { organizationId: "", representatives: new Map() },
  evolve: (log, event) => {
    const before = shardedGet(log.representatives, event.representativeId)
    const month = monthOf(event.visitedOn)
    const visitsByMonth = new Map(before?.visitsByMonth)
    visitsByMonth.set(month, (visitsByMonth.get(month) ?? 0) + 1)
    const last = before?.lastVisitedOn.get(event.householdId)
    let lastVisitedOn = before?.lastVisitedOn ?? new Map<string, LocalDate>()
    if (last === undefined || event.visitedOn > last) {
      const copy = new Map(lastVisitedOn)
      copy.set(event.householdId, event.visitedOn)
      lastVisitedOn = copy
    }
    return {
      organizationId: event.organizationId,
      representatives: shardedSet(log.representatives, event.representativeId, { visitsByMonth, lastVisitedOn })
    }
  }
}

/** The date of a representative's latest visit to a household, if she visited it. */
export const lastVisitOf = (log: VisitLog, representativeId: string, householdId: string): LocalDate | undefined =>
  shardedGet(log.representatives, representativeId)?.lastVisitedOn.get(householdId)

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
    "ElectionOutOfOrder",
    "DateOutOfOrder",
    "AlreadyElected",
    "NotARepresentative",
    "SteppedDown",
    "AlreadyLinked",
    "HouseholdHasRepresentative",
    "RepresentativeAtLimit",
    "NotLinked",
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
  /** The day of the command's fact: the date of a link, an unlink or a stepping down. */
  readonly on: LocalDate
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
  const { on } = input
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
      return Effect.flatMap(serving(), (r): Effect.Effect<ReadonlyArray<Event>, RepresentationRejected> => {
        const links = [...state.links.values()].filter((l) => l.representativeId === representativeId)
        const latest = links.reduce((d, l) => (l.linkedOn > d ? l.linkedOn : d), r.electedOn)
        if (on < latest) {
          return reject("DateOutOfOrder", `${representativeId} cannot step down on ${on}: her record runs to ${latest} (her election or her latest link)`)
        }
        return Effect.succeed([
          ...links.map((l) => HouseholdUnlinked.make({ organizationId, representativeId, householdId: l.householdId, on })),
          RepresentativeSteppedDown.make({ organizationId, representativeId, on })
        ])
      })
    case "LinkHousehold": {
      const { householdId } = command
      return Effect.flatMap(serving(), (r): Effect.Effect<ReadonlyArray<Event>, RepresentationRejected | Household.HouseholdRejected> => {
        const household = input.household
        // Unknown and another community's get the same answer (§10: nothing of another organization).
        if (household === undefined || !household.registered || household.organizationId !== organizationId) {
          return Effect.fail(
            new Household.HouseholdRejected({ reason: "NotRegistered", householdId, detail: `no household ${householdId} is registered in ${organizationId}` })
          )
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
        if (on < r.electedOn) {
          return reject("DateOutOfOrder", `household ${householdId} cannot be linked on ${on}, before ${representativeId} was elected on ${r.electedOn}`, householdId)
        }
        return Effect.succeed([HouseholdLinked.make({ organizationId, representativeId, householdId, on })])
      })
    }
    case "UnlinkHousehold": {
      const { householdId } = command
      const link = state.links.get(householdId)
      if (link?.representativeId !== representativeId) {
        return reject("NotLinked", `household ${householdId} is not linked to ${representativeId}`, householdId)
      }
      if (on < link.linkedOn) {
        return reject("DateOutOfOrder", `household ${householdId} cannot be unlinked on ${on}, before it was linked on ${link.linkedOn}`, householdId)
      }
      return Effect.succeed([HouseholdUnlinked.make({ organizationId, representativeId, householdId, on })])
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

/**
 * Where a decision's events go: its visits to the community's visit log, appended at any
 * version without reading it; every other event to the roster, at the version read.
 */
const emitsOf = (organizationId: string, events: ReadonlyArray<Event>): ReadonlyArray<Emit> => {
  const roster: Array<RosterEvent> = []
  const visits: Array<ContactVisitRecorded> = []
  for (const event of events) {
    if (event._tag === "ContactVisitRecorded") visits.push(event)
    else roster.push(event)
  }
  return visits.length === 0
    ? [emit(aggregate, organizationId, roster)]
    : [emit(aggregate, organizationId, roster), emitAppendOnly(contactLog, organizationId, visits)]
}

/** A command decided on the roster alone. */
const onRoster = (command: Command, ctx: DecisionContext) =>
  Effect.gen(function*() {
    const state = yield* ctx.load(aggregate, command.organizationId)
    const events = yield* decide(command, state, { on: ctx.occurred.on, policy: ctx.policy })
    return emitsOf(command.organizationId, events)
  })

/** The handlers of representation commands. */
export const handlers = {
  ElectRepresentative: (command: typeof ElectRepresentative.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.organizationId)
      yield* checkScope(command)
      const organization = yield* Organization.loadRegistered(ctx, command.organizationId)
      const events = yield* decide(command, state, { on: ctx.occurred.on, policy: ctx.policy, organization })
      return emitsOf(command.organizationId, events)
    }),
  StepDownRepresentative: onRoster,
  LinkHousehold: (command: typeof LinkHousehold.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.organizationId)
      yield* checkScope(command)
      const household = yield* ctx.load(Household.aggregate, command.householdId)
      const events = yield* decide(command, state, { on: ctx.occurred.on, policy: ctx.policy, household })
      return emitsOf(command.organizationId, events)
    }),
  UnlinkHousehold: onRoster,
  // Decided on the roster, which is loaded (and so version-checked at the append); the visit
  // goes to the visit log, which is not loaded.
  RecordContactVisit: onRoster
}

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  ElectRepresentative: ["chair", "vice-chair", "executive-member"],
  StepDownRepresentative: ["chair", "vice-chair", "executive-member"],
  LinkHousehold: ["chair", "vice-chair", "executive-member"],
  UnlinkHousehold: ["chair", "vice-chair", "executive-member"],
  RecordContactVisit: ["chair", "vice-chair", "executive-member", "representative"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/**
 * When each command's fact happened (`FactTime`): an election and a visit on their own dates;
 * a link, an unlink or a stepping down on a day, which its event records.
 */
export const times = {
  ElectRepresentative: { field: "electedOn" },
  StepDownRepresentative: "day",
  LinkHousehold: "day",
  UnlinkHousehold: "day",
  RecordContactVisit: { field: "visitedOn" }
} as const satisfies Record<Command["_tag"], FactTime>

// ---------------------------------------------------------------------------------------------
// Queries: the coverage ledger (联系户台帐)
// ---------------------------------------------------------------------------------------------

/** What an actor may read of a community's representation: its roster and its visit log. */
export interface View {
  readonly roster: State
  readonly visits: VisitLog
}

/**
 * What an actor may read of a community's representation (§10), given its roster and its visit
 * log: its committee and auditors read all of it; a representative only her own record,
 * households and visits; anyone else, and anyone of another organization, nothing (an upper
 * level reads the reports sent to it). One function for both states, so that one rule decides
 * both; the community is the roster's (a visit log without visits has none yet).
 */
export const viewFor = (roster: State, visits: VisitLog, actor: Actor): Effect.Effect<View, Unauthorized> => {
  if (visits.organizationId !== "" && visits.organizationId !== roster.organizationId) {
    return Effect.die(new Error(`the visit log of ${visits.organizationId} is not of the roster of ${roster.organizationId}`))
  }
  const refuse = (rule: string) => Effect.fail(new Unauthorized({ command: "ReadRepresentation", actor, rule }))
  if (actor.organization !== roster.organizationId) return refuse("a community's representation is read by that community")
  if (isCommittee(actor.role) || actor.role === "auditor") return Effect.succeed({ roster, visits })
  if (actor.role !== "representative") return refuse("representatives' households are read by the committee, auditors and the representative herself")
  const own = actor.person
  const representative = roster.representatives.get(own)
  const ownVisits = shardedGet(visits.representatives, own)
  return Effect.succeed({
    roster: {
      organizationId: roster.organizationId,
      representatives: new Map(representative === undefined ? [] : [[own, representative]]),
      links: new Map([...roster.links].filter(([, link]) => link.representativeId === own))
    },
    visits: {
      organizationId: visits.organizationId,
      representatives: ownVisits === undefined ? new Map() : shardedSet(new Map(), own, ownVisits)
    }
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

const byMonth = (a: { readonly month: string }, b: { readonly month: string }) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)

/**
 * Contact visits per month (`YYYY-MM` of the visit date), oldest first, of all representatives
 * or of one, from the community's visit log; months without visits are not listed.
 */
export const visitsPerMonth = (
  log: VisitLog,
  representativeId?: string
): ReadonlyArray<{ readonly month: string; readonly visits: number }> => {
  const totals = new Map<string, number>()
  const add = (visits: RepresentativeVisits | undefined) => {
    if (visits !== undefined) for (const [month, n] of visits.visitsByMonth) totals.set(month, (totals.get(month) ?? 0) + n)
  }
  if (representativeId !== undefined) add(shardedGet(log.representatives, representativeId))
  else for (const shard of log.representatives.values()) for (const visits of shard.values()) add(visits)
  return [...totals].map(([month, visits]) => ({ month, visits })).filter((m) => m.visits > 0).sort(byMonth)
}

/**
 * 未走访: the roster's linked households with no contact visit in the visit log by their
 * current representative dated on or after the day of the link, in the order they were linked.
 * A visit she made under an earlier link of the same household (dated before this link) does
 * not count; nor does a visit by another representative.
 */
export const neverVisited = (roster: State, log: VisitLog): ReadonlyArray<Link> =>
  [...roster.links.values()].filter((link) => {
    const last = lastVisitOf(log, link.representativeId, link.householdId)
    return last === undefined || last < link.linkedOn
  })

/**
 * 无联系代表的户: the community's households (the ids of its registered households, from the
 * household streams) that no representative keeps contact with.
 */
export const withoutRepresentative = (state: State, registeredHouseholdIds: Iterable<string>): ReadonlyArray<string> =>
  [...new Set(registeredHouseholdIds)].filter((id) => !state.links.has(id))
