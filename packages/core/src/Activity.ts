/**
 * 活动: the activities an organization holds — 巾帼建功, 五好文明家庭 creation, 双学双比,
 * festival events (三八, 六一 …), legal and health lectures and consultations, two-cancer
 * screenings and the three checks, family-education lectures, skills training at the 妇女之家,
 * charity drives — and the donations it receives and the relief it gives (DOMAIN.md §7; seed 000
 * items 2 and §四(六), seed 003 §一, §四 and §五).
 *
 * Streams: one per record — `activity-{organizationId}/{activityId}`,
 * `donation-{organizationId}/{donationId}`, `relief-{organizationId}/{reliefId}` (the
 * organization's id escaped, `RecordIds`) — each holding its one event, appended with the
 * version read, 0: so an id is used once per organization, and a decision reads only the
 * records it names, however many the organization holds. A donation that names its charity
 * drive checks that activity's own stream (one record), never a list of the drive's donations:
 * the totals per drive are the ledger's sum, not an invariant a decision holds.
 *
 * Before records had streams of their own, an organization's were kept in one stream,
 * `activities-{organizationId}` (`aggregate`), which every command read whole. That stream is
 * no longer written; its records stay as they are, and their ids stay taken: a decision
 * consults it too (from its snapshot: it never grows), and an organization that has none
 * reads nothing there.
 *
 * Kinds that seed 003 counts separately are kinds of their own (`ActivityKind`): two-cancer
 * screenings `cancer-screening` and the three checks `three-checks` apart from other health
 * checks `health-screening`; family-education lectures (母亲讲堂/家长学校) `family-education`
 * apart from `skills-training`; health and legal consultations apart from the lectures. Kinds
 * were only added: a stored event keeps its kind and that kind's meaning (`health-screening`
 * recorded before the split stays a health check, whatever it was, and is counted as such).
 * Which festival an activity marks is a field of its own (`festival`), not a kind per festival,
 * so that the kinds stay the work done and the festivals the occasions.
 *
 * Decisions where DOMAIN.md is silent:
 * - Activities, donations and relief are recorded by the executive committee (chair,
 *   vice-chair, executive member) of the organization, after the fact: a date in the future
 *   is refused (a plan is not a record).
 * - `festival` names the festival an activity marks (seed 003 holds its activities "利用相关节日
 *   契机"): any kind may name one (a 三八 legal lecture, a 六一 charity sale), and an activity
 *   of kind `festival` need not (records made before the field existed do not); the ledger counts
 *   activities per festival named.
 * - Publicity and consultation (宣传咨询) are counted on the activity that did them: materials
 *   handed out, consultations given, enterprises and staff reached — each optional, a whole
 *   number from 0, on any kind (a health consultation hands out leaflets; 团队医生进企业 reaches
 *   enterprises and their staff).
 * - Amounts are in yuan, above 0, to the fen (at most two decimals).
 * - A charity drive (募捐活动) is opened first, as an activity of kind `charity-drive`; a
 *   donation names it by `activityId` and takes its title from it, so the totals per drive
 *   cannot be split by a title spelled two ways. A donation naming an activity of another kind
 *   is refused. A donation need not name a drive (a gift to the fund outside any drive).
 * - Relief names its purpose (free text, as the register has it: 六一慰问孤儿) and its
 *   recipient only as personal data (seed 003 gives relief to orphans and a sick pupil, who are
 *   not necessarily registered households); the ledger totals it per purpose.
 * - An activity may name the place (`placeId`, 阵地) where it was held: one of the organization's
 *   places, open on the day it was held (`Place.requireOpen`). Only a decision that names a place
 *   reads the organization's places stream (`places-{organizationId}`, as long as its list of
 *   places, not its activities), and joins its version check: a place closed at the same moment
 *   is not used after its closing.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import { Id, Name, Text, Title } from "./Input.ts"
import * as RecordIds from "./internal/RecordIds.ts"
import * as Organization from "./Organization.ts"
import { personal } from "./PersonalData.ts"
import * as Place from "./Place.ts"
import { LocalDate } from "./Time.ts"

/**
 * Kinds of activity (活动类型): 巾帼建功 `women-achievement`, 五好文明家庭 creation
 * `five-good-family`, 双学双比 `learn-and-compete`, festival events (三八, 六一 …) `festival`,
 * 法制讲座 `legal-lecture`, 健康讲座 `health-lecture`, 健康检查 `health-screening` (health checks
 * other than the two below), 妇女之家技能培训 `skills-training`, 爱心募捐 `charity-drive`, and
 * `other`; and, counted apart since seed 003 counts them apart: 两癌筛查 `cancer-screening`,
 * 三查 `three-checks`, 母亲讲堂/家长学校 `family-education`, 健康咨询 `health-consultation`,
 * 法律咨询 `legal-consultation`. (Only ever add to this list: stored events keep their kind.)
 */
export const ActivityKind = Schema.Literals([
  "women-achievement",
  "five-good-family",
  "learn-and-compete",
  "festival",
  "legal-lecture",
  "health-lecture",
  "health-screening",
  "skills-training",
  "charity-drive",
  "other",
  "cancer-screening",
  "three-checks",
  "family-education",
  "health-consultation",
  "legal-consultation"
])

/** A kind of activity. */
export type ActivityKind = typeof ActivityKind.Type

/**
 * Festivals (节日) an activity may mark: 元旦 `new-year`, 春节 `spring-festival`, 元宵
 * `lantern-festival`, 三八妇女节 `womens-day`, 母亲节 `mothers-day`, 六一儿童节 `childrens-day`,
 * 端午 `dragon-boat`, 七夕 `qixi`, 中秋 `mid-autumn`, 重阳 `double-ninth`, 国庆 `national-day`.
 * (Only ever add to this list.)
 */
export const Festival = Schema.Literals([
  "new-year",
  "spring-festival",
  "lantern-festival",
  "womens-day",
  "mothers-day",
  "childrens-day",
  "dragon-boat",
  "qixi",
  "mid-autumn",
  "double-ninth",
  "national-day"
])

/** A festival an activity marks. */
export type Festival = typeof Festival.Type

/** A number of people or things: a whole number, 0 or more. */
const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * What a publicity and consultation (宣传咨询) reached, each optional: materials handed out
 * (发放宣传资料, copies), consultations given (接受咨询, times), enterprises reached (进企业, how
 * many) and their staff reached (企业职工, people).
 */
const PublicityFields = {
  materialsHandedOut: Schema.optional(Count),
  consultationsGiven: Schema.optional(Count),
  enterprisesReached: Schema.optional(Count),
  staffReached: Schema.optional(Count)
}

/** The names of the publicity counts of an activity, in the order the ledger reports them. */
export const publicityCounts = ["materialsHandedOut", "consultationsGiven", "enterprisesReached", "staffReached"] as const

/** One of the publicity counts of an activity. */
export type PublicityCount = typeof publicityCounts[number]

const isFen = (amount: number): boolean => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6

/** An amount of money in yuan (元): above 0, to the fen. */
export const Amount = Schema.Finite.check(
  Schema.isGreaterThan(0),
  Schema.makeFilter(isFen, { expected: "an amount in yuan with at most two decimals" })
)

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/**
 * An activity was held (活动记载): its kind, date, participants and beneficiaries; the festival it
 * marks, what its publicity reached and its place, where given (fields added later, optional).
 */
export const ActivityRecorded = Schema.TaggedStruct("ActivityRecorded", {
  organizationId: Schema.NonEmptyString,
  activityId: Schema.NonEmptyString,
  kind: ActivityKind,
  title: Schema.NonEmptyString,
  heldOn: LocalDate,
  participants: Count,
  beneficiaries: Count,
  theme: Schema.optional(Schema.NonEmptyString),
  festival: Schema.optional(Festival),
  ...PublicityFields,
  placeId: Schema.optional(Schema.NonEmptyString)
})

/** A donation was received (捐赠/募捐), with its amount and purpose, and the charity drive (`activityId`) that raised it, if any. */
export const DonationRecorded = Schema.TaggedStruct("DonationRecorded", {
  organizationId: Schema.NonEmptyString,
  donationId: Schema.NonEmptyString,
  amount: Amount,
  purpose: Schema.NonEmptyString,
  on: LocalDate,
  donor: Schema.optional(personal(Schema.NonEmptyString, (event) => `donation:${String(event.donationId)}`)),
  activityId: Schema.optional(Schema.NonEmptyString)
})

/** Relief was given (救助/慰问金), with its amount and purpose. */
export const ReliefGiven = Schema.TaggedStruct("ReliefGiven", {
  organizationId: Schema.NonEmptyString,
  reliefId: Schema.NonEmptyString,
  amount: Amount,
  purpose: Schema.NonEmptyString,
  on: LocalDate,
  recipient: Schema.optional(personal(Schema.NonEmptyString, (event) => `relief:${String(event.reliefId)}`))
})

/** The events of an organization's activities. */
export const Event = Schema.Union([ActivityRecorded, DonationRecorded, ReliefGiven])

/** An event of an organization's activities. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * Records an activity held by the actor's organization: optionally the festival it marks, what
 * its publicity and consultation reached, and the place where it was held.
 */
export const RecordActivity = Schema.TaggedStruct("RecordActivity", {
  ...CommandFields,
  organizationId: Id,
  activityId: Id,
  kind: ActivityKind,
  title: Title,
  heldOn: LocalDate,
  participants: Count,
  beneficiaries: Count,
  theme: Schema.optional(Title),
  festival: Schema.optional(Festival),
  ...PublicityFields,
  placeId: Schema.optional(Id)
})

/** Records a donation received by the actor's organization, naming the charity drive (`activityId`, an activity of kind `charity-drive`) that raised it, if any. */
export const RecordDonation = Schema.TaggedStruct("RecordDonation", {
  ...CommandFields,
  organizationId: Id,
  donationId: Id,
  amount: Amount,
  purpose: Text,
  on: LocalDate,
  donor: Schema.optional(personal(Name)),
  activityId: Schema.optional(Id)
})

/** Records relief given by the actor's organization. */
export const RecordRelief = Schema.TaggedStruct("RecordRelief", {
  ...CommandFields,
  organizationId: Id,
  reliefId: Id,
  amount: Amount,
  purpose: Text,
  on: LocalDate,
  recipient: Schema.optional(personal(Name))
})

/** The commands of activities. */
export const Command = Schema.Union([RecordActivity, RecordDonation, RecordRelief])

/** A command of activities. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** An activity as recorded. */
export interface ActivityRecord {
  readonly kind: ActivityKind
  readonly heldOn: LocalDate
  readonly participants: number
  readonly beneficiaries: number
  readonly theme?: string | undefined
}

/** A sum of money received or given on a date. */
export interface MoneyRecord {
  readonly amount: number
  readonly on: LocalDate
}

/** An organization's activities, donations and relief as known from its events. */
export interface State {
  readonly activities: ReadonlyMap<string, ActivityRecord>
  readonly donations: ReadonlyMap<string, MoneyRecord>
  readonly relief: ReadonlyMap<string, MoneyRecord>
}

/**
 * The activities aggregate: an organization's activities, donations and relief, as folded from
 * its records (the ledgers fold it per organization). Its stream, `activities-{organizationId}`,
 * holds the records made before each had a stream of its own, and is no longer written; a
 * decision reads it from its snapshot.
 */
export const aggregate: Aggregate<State, Event> = {
  category: "activities",
  events: Event,
  snapshots: { schemaVersion: 1, every: 25 },
  initial: { activities: new Map(), donations: new Map(), relief: new Map() },
  evolve: (state, event) => {
    switch (event._tag) {
      case "ActivityRecorded":
        return {
          ...state,
          activities: new Map(state.activities).set(event.activityId, {
            kind: event.kind,
            heldOn: event.heldOn,
            participants: event.participants,
            beneficiaries: event.beneficiaries,
            theme: event.theme
          })
        }
      case "DonationRecorded":
        return { ...state, donations: new Map(state.donations).set(event.donationId, { amount: event.amount, on: event.on }) }
      case "ReliefGiven":
        return { ...state, relief: new Map(state.relief).set(event.reliefId, { amount: event.amount, on: event.on }) }
    }
  }
}

const recordOf = (category: string): Aggregate<State, Event> => ({
  category,
  events: Event,
  initial: aggregate.initial,
  evolve: aggregate.evolve
})

/** An activity's own stream: `activity-{organizationId}/{activityId}` (its id from `recordId`). */
export const ownActivity: Aggregate<State, Event> = recordOf("activity")

/** A donation's own stream: `donation-{organizationId}/{donationId}` (its id from `recordId`). */
export const ownDonation: Aggregate<State, Event> = recordOf("donation")

/** Relief's own stream: `relief-{organizationId}/{reliefId}` (its id from `recordId`). */
export const ownRelief: Aggregate<State, Event> = recordOf("relief")

/** The id of a record's own stream: the organization's id, escaped, a `/`, and the record's id. */
export const recordId: (organizationId: string, id: string) => string = RecordIds.join

/**
 * The organization whose record a stream of activities holds: the `{organizationId}` of
 * `activities-{organizationId}` (records made before each had a stream of its own), or of a
 * record's own stream; `undefined` for any other stream.
 */
export const organizationOfStream = (stream: string): string | undefined => {
  if (stream.startsWith(`${aggregate.category}-`)) return stream.slice(aggregate.category.length + 1)
  for (const own of [ownActivity, ownDonation, ownRelief]) {
    if (stream.startsWith(`${own.category}-`)) return RecordIds.organizationOf(stream.slice(own.category.length + 1))
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/**
 * Which ids of an organization's records are taken, as a decision knows them (a `State` is one),
 * and, for an activity, its kind.
 */
export interface Known {
  readonly activities: {
    readonly has: (activityId: string) => boolean
    readonly get: (activityId: string) => { readonly kind: ActivityKind } | undefined
  }
  readonly donations: { readonly has: (donationId: string) => boolean }
  readonly relief: { readonly has: (reliefId: string) => boolean }
}

/** Why an activity command was refused. */
export class ActivityRejected extends Schema.TaggedError<ActivityRejected>()("ActivityRejected", {
  reason: Schema.Literals([
    "DuplicateActivity",
    "DuplicateDonation",
    "DuplicateRelief",
    "InvalidCount",
    "InvalidAmount",
    "UnknownActivity",
    "NotACharityDrive"
  ]),
  organizationId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0

/** A command's own fields, without those every command carries. */
const fieldsOf = <C extends Command>(command: C) => {
  const { _tag, commandId, actor, reason, correlationId, causationId, ...fields } = command
  return fields
}

/**
 * Decides an activity command, given which ids of the organization's records are taken. (Its
 * date — `heldOn`, `on` — is its fact's, which the command handler refuses when in the future.)
 */
export const decide = (
  command: Command,
  state: Known
): Effect.Effect<ReadonlyArray<Event>, ActivityRejected | Unauthorized> => {
  const { organizationId, actor } = command
  const reject = (reason: ActivityRejected["reason"], detail: string) =>
    Effect.fail(new ActivityRejected({ reason, organizationId, detail }))
  if (actor.organization !== organizationId || !isCommittee(actor.role)) {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "activities, donations and relief are recorded by the organization's own executive committee" }))
  }
  switch (command._tag) {
    case "RecordActivity": {
      if (state.activities.has(command.activityId)) return reject("DuplicateActivity", `activity ${command.activityId} is already recorded`)
      if (!isCount(command.participants) || !isCount(command.beneficiaries)) {
        return reject("InvalidCount", `participants and beneficiaries are whole numbers from 0, not ${command.participants} and ${command.beneficiaries}`)
      }
      for (const count of publicityCounts) {
        const n = command[count]
        if (n !== undefined && !isCount(n)) return reject("InvalidCount", `${count} is a whole number from 0, not ${n}`)
      }
      return Effect.succeed([ActivityRecorded.make(fieldsOf(command))])
    }
    case "RecordDonation": {
      if (state.donations.has(command.donationId)) return reject("DuplicateDonation", `donation ${command.donationId} is already recorded`)
      if (!Number.isFinite(command.amount) || command.amount <= 0 || !isFen(command.amount)) {
        return reject("InvalidAmount", `an amount is in yuan, above 0, to the fen, not ${command.amount}`)
      }
      if (command.activityId !== undefined) {
        const drive = state.activities.get(command.activityId)
        if (drive === undefined) return reject("UnknownActivity", `activity ${command.activityId} is not recorded by ${organizationId}`)
        if (drive.kind !== "charity-drive") {
          return reject("NotACharityDrive", `activity ${command.activityId} is a ${drive.kind}, not a charity drive (募捐活动): a donation is counted under the drive that raised it`)
        }
      }
      return Effect.succeed([DonationRecorded.make(fieldsOf(command))])
    }
    case "RecordRelief": {
      if (state.relief.has(command.reliefId)) return reject("DuplicateRelief", `relief ${command.reliefId} is already recorded`)
      if (!Number.isFinite(command.amount) || command.amount <= 0 || !isFen(command.amount)) {
        return reject("InvalidAmount", `an amount is in yuan, above 0, to the fen, not ${command.amount}`)
      }
      return Effect.succeed([ReliefGiven.make(fieldsOf(command))])
    }
  }
}

/** The record a command makes: its own stream's aggregate and id. */
const recordMade = (command: Command): readonly [Aggregate<State, Event>, string] => {
  switch (command._tag) {
    case "RecordActivity":
      return [ownActivity, command.activityId]
    case "RecordDonation":
      return [ownDonation, command.donationId]
    case "RecordRelief":
      return [ownRelief, command.reliefId]
  }
}

/** Whether an id is taken, and its record: in its record's own stream, or among the records kept before (`aggregate`). */
const takenIn = <A>(earlier: ReadonlyMap<string, A>, own: ReadonlyMap<string, A>) => ({
  has: (id: string) => own.has(id) || earlier.has(id),
  get: (id: string) => own.get(id) ?? earlier.get(id)
})

/**
 * Whether an organization holds a donation or relief record of this id: in its own stream, or
 * among the records kept before (for an erasure of its donor or recipient).
 */
export const holds = (ctx: DecisionContext, organizationId: string, kind: "donation" | "relief", id: string) =>
  Effect.gen(function*() {
    const own = yield* ctx.load(kind === "donation" ? ownDonation : ownRelief, recordId(organizationId, id))
    const earlier = yield* ctx.read(aggregate, organizationId)
    return kind === "donation" ? takenIn(earlier.donations, own.donations).has(id) : takenIn(earlier.relief, own.relief).has(id)
  })

const handle = (command: Command, ctx: DecisionContext) =>
  Effect.gen(function*() {
    const { organizationId } = command
    const [record, id] = recordMade(command)
    const own = yield* ctx.load(record, recordId(organizationId, id))
    yield* Organization.loadRegistered(ctx, organizationId)
    // The records kept before in one stream, which is no longer written: read from its snapshot.
    const earlier = yield* ctx.read(aggregate, organizationId)
    const drive = command._tag === "RecordDonation" && command.activityId !== undefined
      ? (yield* ctx.load(ownActivity, recordId(organizationId, command.activityId))).activities
      : aggregate.initial.activities
    const known: Known = {
      activities: takenIn(earlier.activities, record === ownActivity ? own.activities : drive),
      donations: takenIn(earlier.donations, own.donations),
      relief: takenIn(earlier.relief, own.relief)
    }
    const events = yield* decide(command, known)
    // After the decision, so that an actor refused sees nothing of the organization's places.
    if (command._tag === "RecordActivity" && command.placeId !== undefined) {
      yield* Place.requireOpen(ctx, organizationId, command.placeId, command.heldOn)
    }
    return [emit(record, recordId(organizationId, id), events)]
  })

/** The handlers of activity commands. */
export const handlers = {
  RecordActivity: (command: typeof RecordActivity.Type, ctx: DecisionContext) => handle(command, ctx),
  RecordDonation: (command: typeof RecordDonation.Type, ctx: DecisionContext) => handle(command, ctx),
  RecordRelief: (command: typeof RecordRelief.Type, ctx: DecisionContext) => handle(command, ctx)
}

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  RecordActivity: ["chair", "vice-chair", "executive-member"],
  RecordDonation: ["chair", "vice-chair", "executive-member"],
  RecordRelief: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): on the day the activity was held, the money given. */
export const times = {
  RecordActivity: { field: "heldOn" },
  RecordDonation: { field: "on" },
  RecordRelief: { field: "on" }
} as const satisfies Record<Command["_tag"], FactTime>
