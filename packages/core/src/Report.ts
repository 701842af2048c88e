/**
 * 报表上报: the periodic reports an organization sends up to its parent — the monthly report
 * (月报), the half-year summary (半年小结) and the annual work summary (年度工作总结) — recorded
 * with what they were computed from, so that anyone can later recompute one and prove it
 * matched the records ("台帐与报表相符,报表与实际相符", seed 002; DOMAIN.md §9).
 *
 * Stream: `report-{organizationId}`: one stream per organization, where its report ids are
 * kept unique.
 *
 * The core only records the attestation: the log position the report was computed from and
 * the hash of its content. Computing the content and its hash (the sha256 of a canonical JSON)
 * is done outside the core (`@fulian/reports`), which passes them in; the core stays pure.
 *
 * The report also records the calendar it was computed in (`timeZone`: its months and years
 * are that zone's local days), so that it is recomputed on the same days.
 *
 * Corrections (DOMAIN.md §0). A record entered late, dated inside a period already reported,
 * supersedes the report sent for it (`@fulian/reports` shows that); the organization then
 * sends a corrected report, which names the report it corrects (`corrects`). Both stay on
 * record.
 *
 * Narrative (DOMAIN.md §9: paragraphs written by the chair kept with the report). A report may
 * be sent with the chair's paragraphs (`narrative`: the overview, remarks on a section, the
 * problems 存在的问题, next year's plan 明年工作打算), each keyed by the section it belongs to,
 * and with their hash (`narrativeHash`: the sha256 of their canonical JSON, computed outside
 * the core as `contentHash` is). The hash is kept apart from the content's so that the figures
 * can still be verified after the paragraphs are erased. The paragraphs are free text written by
 * a cadre, which may name people (seed 003's own summary names a sick pupil): they are
 * personal data, of the subject of the free text of the sender's report records
 * (`record:report-{organizationId}`), erasable; their hash is not, so an erased narrative reads
 * as erased, and an altered one no longer has its hash.
 *
 * Layout (版式). What a report's content holds, and so its hash, is set by the code that computes
 * it; when that changes (sections added, 本月/累计 columns), a report sent before no longer has
 * its hash when recomputed by the new code, which is not tampering. So a report records the
 * layout it was computed with (`layout`, a number given by `@fulian/reports`; absent: layout 1,
 * the first), and is recomputed with that layout, or, where the code no longer computes it,
 * verified by its signed checkpoint alone.
 *
 * Decisions where DOMAIN.md is silent:
 * - A report is submitted by the executive committee (chair, vice-chair, executive member) of
 *   its organization, and sent to the organization's direct parent only (逐级上报, as cases
 *   are); an organization with no parent sends nothing up.
 * - A period is written `YYYY-MM` for a monthly report, `YYYY-H1` or `YYYY-H2` for a
 *   half-year one, `YYYY` for an annual one; a period that has not begun on the day the report
 *   is sent is refused.
 * - A report id is used once per organization. A second report of a period already reported
 *   must name the latest report of that period as the one it corrects; a report that names
 *   one it corrects must be of the same kind and period.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, emitAppendOnly, type FactTime, momentOf, type Occurred } from "./Decider.ts"
import type { Upcast } from "./EventCodec.ts"
import { Id, List, Narrative } from "./Input.ts"
import * as Organization from "./Organization.ts"
import { personal, type SubjectOf } from "./PersonalData.ts"
import { addDays, Instant, type LocalDate, years } from "./Time.ts"

/** The kinds of report: monthly 月报, half-year 半年小结, annual 年度工作总结. */
export const Kind = Schema.Literals(["monthly", "half-year", "annual"])

/** A kind of report. */
export type Kind = typeof Kind.Type

const periodPatterns: { readonly [K in Kind]: RegExp } = {
  monthly: /^\d{4}-(0[1-9]|1[0-2])$/,
  "half-year": /^\d{4}-H[12]$/,
  annual: /^\d{4}$/
}

/** A report period: `2026-03` (a month), `2026-H1` (a half-year) or `2026` (a year) (报告期). */
export const Period = Schema.String.check(
  Schema.makeFilter((s: string) => Object.values(periodPatterns).some((p) => p.test(s)), {
    expected: "a period written YYYY-MM, YYYY-H1, YYYY-H2 or YYYY"
  })
)

/** A report period. */
export type Period = typeof Period.Type

/** A period's year is one a date may have (`Time.years`): a command gives no report of year 0000. */
const inYears = Schema.makeFilter((period: string) => {
  const year = /^\d{4}/.test(period) ? Number(period.slice(0, 4)) : undefined
  return year === undefined || (year >= years.first && year <= years.last)
}, { expected: `a period of a year from ${years.first} to ${years.last}` })

/** The first and last day of a period, both included. */
export interface DateRange {
  readonly from: LocalDate
  readonly to: LocalDate
}

const pad = (n: number) => String(n).padStart(2, "0")

/**
 * The days a period of a kind covers, or `undefined` when the period is not written as that
 * kind's periods are (`2026-03` is not an annual period).
 */
export const dateRange = (kind: Kind, period: string): DateRange | undefined => {
  if (!periodPatterns[kind].test(period)) return undefined
  const year = period.slice(0, 4)
  const month = (first: number, months: number): DateRange => {
    const lastMonth = first + months - 1
    const next = lastMonth === 12 ? `${String(Number(year) + 1).padStart(4, "0")}-01-01` : `${year}-${pad(lastMonth + 1)}-01`
    return { from: `${year}-${pad(first)}-01`, to: addDays(next, -1) }
  }
  switch (kind) {
    case "monthly":
      return month(Number(period.slice(5, 7)), 1)
    case "half-year":
      return month(period.endsWith("H1") ? 1 : 7, 6)
    case "annual":
      return month(1, 12)
  }
}

/** A content hash: the sha256 of the report's canonical JSON, as 64 lowercase hex digits. */
export const ContentHash = Schema.String.check(
  Schema.makeFilter((s: string) => /^[0-9a-f]{64}$/.test(s), { expected: "a sha256 hash as 64 lowercase hex digits" })
)

/**
 * 版式: the layout (content version) a report was computed with, a whole number from 1, which
 * `@fulian/reports` numbers. A report that records none was computed with layout 1.
 */
export const Layout = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

/** The layout of reports that record none: those sent before reports recorded their layout. */
export const firstLayout = 1

/** The layout a report was computed with: the one it records, else `firstLayout`. */
export const layoutOf = (report: { readonly layout?: number | undefined }): number => report.layout ?? firstLayout

/** A position in the global event log: a whole number from 1. */
const Position = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

/**
 * 签名检查点: the sender's signed checkpoint of the whole log at a report's position — the
 * position (`size`), the root over every stream's head there (`root`, see the store's
 * `Integrity`), and the sender's Ed25519 signature over the note `fulian checkpoint`,
 * organization, size and root, one a line (`checkpointNote`), in base64.
 */
export const Checkpoint = Schema.Struct({
  size: Position,
  root: ContentHash,
  signature: Schema.String.check(Schema.isPattern(/^[A-Za-z0-9+/]{86}==$/, { message: "an Ed25519 signature in base64 (88 characters)" }))
})

/** A signed checkpoint of the log. */
export type Checkpoint = typeof Checkpoint.Type

/** The text a checkpoint's signature is over: origin, size and root, one a line (a signed note). */
export const checkpointNote = (organizationId: string, checkpoint: { readonly size: number; readonly root: string }): string =>
  `fulian checkpoint\n${organizationId}\n${checkpoint.size}\n${checkpoint.root}\n`

/**
 * A paragraph of a report's narrative as recorded, its text personal data of `subject`: the
 * free text of the sending organization's report records (`record:report-{organizationId}`,
 * a subject `Erasure` lets the sender, or one above it, erase).
 */
const paragraphOf = (subject: SubjectOf) =>
  Schema.Struct({
    section: Schema.NonEmptyString,
    text: personal(Schema.NonEmptyString, subject)
  })

/**
 * 报告正文段落: one paragraph the chair wrote for a report, and the section of the report it
 * belongs to (`overview`, a section's key such as `mediation`, `problems`, `next-year`), as
 * recorded in the sender's copy. Paragraphs of a section are kept in the order given.
 */
export const NarrativeParagraph = paragraphOf((event) => `record:report-${String(event.organizationId)}`)

/** The same paragraph in the receiver's copy, where the sender is `from`. */
const ReceivedParagraph = paragraphOf((event) => `record:report-${String(event.from)}`)

/** A paragraph of a report's narrative. */
export type NarrativeParagraph = typeof NarrativeParagraph.Type

/** The most paragraphs a report's narrative may have. */
export const narrativeLimit = 200

/** A report's narrative as a command gives it: at most `narrativeLimit` paragraphs, each not blank. */
const NarrativeInput = List(Schema.Struct({ section: Id, text: personal(Narrative) }), narrativeLimit)

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/**
 * 报表上报: a report was sent up to the parent organization. `position` is the global log
 * position it was computed from (every event up to it, none after); `contentHash` the sha256
 * of its content's canonical JSON; `timeZone` the calendar its days were counted in;
 * `corrects` the earlier report of the same period that it corrects, if any.
 *
 * Schema version 2 added `timeZone` and `corrects`; version 1 reports were computed on UTC
 * days, and are read with `timeZone: "UTC"`. Version 3 added the sender's signed `checkpoint`
 * of the log at `position` (DOMAIN.md §10 Integrity); reports sent before have none. The
 * optional `narrative` (personal data) and its `narrativeHash` were added later, without a new
 * version: a report sent before has none. So was the optional `layout` it was computed with
 * (absent: layout 1, the layout of every report sent before it was added).
 */
export const ReportSubmitted = Schema.TaggedStruct("ReportSubmitted", {
  reportId: Schema.NonEmptyString,
  organizationId: Schema.NonEmptyString,
  kind: Kind,
  period: Period,
  position: Position,
  contentHash: ContentHash,
  sentTo: Schema.NonEmptyString,
  submittedAt: Instant,
  timeZone: Schema.NonEmptyString,
  corrects: Schema.optional(Schema.NonEmptyString),
  checkpoint: Schema.optional(Checkpoint),
  narrative: Schema.optional(Schema.Array(NarrativeParagraph)),
  narrativeHash: Schema.optional(ContentHash),
  layout: Schema.optional(Layout)
})

/**
 * 收到报表: the receiving organization's own record of a report sent up to it — what it was
 * computed from, its hash and the sender's signed checkpoint. Kept in the receiver's stream,
 * so that rewriting the sender's copy proves nothing.
 */
export const ReportReceived = Schema.TaggedStruct("ReportReceived", {
  organizationId: Schema.NonEmptyString,
  from: Schema.NonEmptyString,
  reportId: Schema.NonEmptyString,
  kind: Kind,
  period: Period,
  position: Position,
  contentHash: ContentHash,
  submittedAt: Instant,
  timeZone: Schema.NonEmptyString,
  corrects: Schema.optional(Schema.NonEmptyString),
  checkpoint: Schema.optional(Checkpoint),
  narrative: Schema.optional(Schema.Array(ReceivedParagraph)),
  narrativeHash: Schema.optional(ContentHash),
  /** The layout the report was computed with (absent: layout 1). */
  layout: Schema.optional(Layout)
})

/** The current schema version of each report event above 1 (see `EventCodec`). */
export const versions = { ReportSubmitted: 3 } as const

/** The upcasts of older report events to the next version. */
export const upcasts: Readonly<Record<string, Readonly<Record<number, Upcast>>>> = {
  ReportSubmitted: { 1: (data) => ({ ...(data as object), timeZone: "UTC" }), 2: (data) => data }
}

/** The events of an organization's reports. */
export const Event = Schema.Union([ReportSubmitted, ReportReceived])

/** An event of an organization's reports. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * Sends a report up to the organization's parent, recording the log position it was
 * computed from and its content hash (both computed outside the core, in the calendar of the
 * policy in force), and, for a corrected report, the report it corrects.
 */
export const SubmitReport = Schema.TaggedStruct("SubmitReport", {
  ...CommandFields,
  reportId: Id,
  organizationId: Id,
  kind: Kind,
  period: Period.check(inYears),
  position: Position,
  contentHash: ContentHash,
  sentTo: Id,
  corrects: Schema.optional(Id),
  /** The sender's signed checkpoint of the log at `position` (made outside the core: `@fulian/reports`). */
  checkpoint: Schema.optional(Checkpoint),
  /** The chair's paragraphs, keyed by section (报告正文: overview, remarks, problems, next year's plan). */
  narrative: Schema.optional(NarrativeInput),
  /** The sha256 of the narrative's canonical JSON, given with the narrative (computed outside the core: `@fulian/reports`). */
  narrativeHash: Schema.optional(ContentHash),
  /** The layout (content version) the report was computed with, as `@fulian/reports` numbers it; absent: layout 1. */
  layout: Schema.optional(Layout)
})

/** The commands of reports. */
export const Command = Schema.Union([SubmitReport])

/** A command of reports. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A report as submitted: what it covers, what it was computed from, and where it went. */
export interface Submitted {
  readonly reportId: string
  readonly organizationId: string
  readonly kind: Kind
  readonly period: Period
  readonly position: number
  readonly contentHash: string
  readonly sentTo: string
  readonly submittedAt: Instant
  /** The calendar (IANA time zone) its days were counted in. */
  readonly timeZone: string
  /** The earlier report of the same period that this one corrects. */
  readonly corrects?: string | undefined
  /** The sender's signed checkpoint of the log at `position`, for reports sent with one. */
  readonly checkpoint?: Checkpoint | undefined
  /** The chair's paragraphs sent with it, if any. */
  readonly narrative?: ReadonlyArray<NarrativeParagraph> | undefined
  /** The sha256 of the narrative's canonical JSON, when it was sent with one. */
  readonly narrativeHash?: string | undefined
  /** The layout it was computed with; absent: layout 1 (`layoutOf`). */
  readonly layout?: number | undefined
}

/** An organization's submitted reports, in the order they were submitted. */
export interface State {
  readonly reports: ReadonlyArray<Submitted>
}

/** The reports aggregate: an organization's reports sent up, stream `report-{organizationId}`. */
export const aggregate: Aggregate<State, Event> = {
  category: "report",
  events: Event,
  initial: { reports: [] },
  evolve: (state, event) => {
    switch (event._tag) {
      case "ReportSubmitted": {
        const { _tag, ...submitted } = event
        return { reports: [...state.reports, submitted] }
      }
      case "ReportReceived":
        return state
    }
  }
}

/** A report as the organization it was sent to received it. */
export type Received = Omit<typeof ReportReceived.Type, "_tag">

/** The reports received by an organization, in the order they came. */
export interface ReceivedState {
  readonly reports: ReadonlyArray<Received>
}

/**
 * The reports an organization received from those below it: stream
 * `reports-received-{organizationId}`, a log that no decision reads (a report is sent without
 * reading what its receiver received), appended with `emitAppendOnly`.
 */
export const received: Aggregate<ReceivedState, Event> = {
  category: "reports-received",
  events: Event,
  initial: { reports: [] },
  evolve: (state, event) => {
    if (event._tag !== "ReportReceived") return state
    const { _tag, ...report } = event
    return { reports: [...state.reports, report] }
  }
}

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a report command was refused. */
export class ReportRejected extends Schema.TaggedError<ReportRejected>()("ReportRejected", {
  reason: Schema.Literals([
    "DuplicateReport",
    "PeriodDoesNotMatchKind",
    "PeriodNotBegun",
    "InvalidAttestation",
    "NoParent",
    "NotTheParent",
    "CorrectionRequired",
    "NotACorrection"
  ]),
  organizationId: Schema.String,
  reportId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/**
 * Decides `SubmitReport`, given the organization's reports, the organization itself
 * (registered), when it is sent (its moment) and the calendar its days are counted in.
 */
export const decide = (
  command: Command,
  state: State,
  organization: Organization.State,
  occurred: Occurred,
  timeZone: string
): Effect.Effect<ReadonlyArray<Event>, ReportRejected | Unauthorized> => {
  const { organizationId, reportId, actor } = command
  const submittedAt = momentOf(occurred)
  const reject = (reason: ReportRejected["reason"], detail: string) =>
    Effect.fail(new ReportRejected({ reason, organizationId, reportId, detail }))
  if (actor.organization !== organizationId || !isCommittee(actor.role)) {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "a report is submitted by the executive committee of its own organization" }))
  }
  if (state.reports.some((r) => r.reportId === reportId)) return reject("DuplicateReport", `report ${reportId} of ${organizationId} is already submitted`)
  const range = dateRange(command.kind, command.period)
  if (range === undefined) return reject("PeriodDoesNotMatchKind", `${command.period} is not a period of a ${command.kind} report`)
  if (range.from > occurred.on) {
    return reject("PeriodNotBegun", `the period ${command.period} begins on ${range.from}, after the report is sent (${occurred.on})`)
  }
  if (!Number.isInteger(command.position) || command.position < 1 || !/^[0-9a-f]{64}$/.test(command.contentHash)) {
    return reject("InvalidAttestation", "a report records a log position (a whole number from 1) and a sha256 content hash (64 lowercase hex digits)")
  }
  if (command.checkpoint !== undefined && command.checkpoint.size !== command.position) {
    return reject("InvalidAttestation", `the checkpoint sent with a report is of the log at the report's position (${command.position}), not at ${command.checkpoint.size}`)
  }
  if ((command.narrative !== undefined && command.narrative.length > 0) !== (command.narrativeHash !== undefined)) {
    return reject("InvalidAttestation", "a report's narrative is sent with its hash (narrativeHash), and a narrative hash only with paragraphs")
  }
  if (organization.parentId === undefined) {
    return reject("NoParent", `${organizationId} has no parent organization to send a report up to`)
  }
  if (command.sentTo !== organization.parentId) {
    return reject("NotTheParent", `a report goes up level by level: ${organizationId} sends it to ${organization.parentId}, not to ${command.sentTo}`)
  }
  const earlier = reportsFor(state, command.kind, command.period)
  const latest = earlier[earlier.length - 1]
  if (command.corrects !== undefined) {
    const corrected = reportById(state, command.corrects)
    if (corrected === undefined || corrected.kind !== command.kind || corrected.period !== command.period) {
      return reject("NotACorrection", `${command.corrects} is not a ${command.kind} report of ${organizationId} for ${command.period}: a corrected report names the report of its period that it corrects`)
    }
    if (corrected.reportId !== latest!.reportId) {
      return reject("NotACorrection", `${command.corrects} was already corrected by ${latest!.reportId}: correct the latest report of ${command.period}`)
    }
  } else if (latest !== undefined) {
    return reject("CorrectionRequired", `${organizationId} already sent ${latest.reportId} for ${command.period}: a second report of the period is a correction, and names the report it corrects`)
  }
  const common = {
    reportId,
    kind: command.kind,
    period: command.period,
    position: command.position,
    contentHash: command.contentHash,
    submittedAt,
    timeZone,
    ...(command.corrects === undefined ? {} : { corrects: command.corrects }),
    ...(command.checkpoint === undefined ? {} : { checkpoint: command.checkpoint }),
    ...(command.narrativeHash === undefined ? {} : { narrative: command.narrative, narrativeHash: command.narrativeHash }),
    ...(command.layout === undefined ? {} : { layout: command.layout })
  }
  return Effect.succeed([
    ReportSubmitted.make({ ...common, organizationId, sentTo: command.sentTo }),
    ReportReceived.make({ ...common, organizationId: command.sentTo, from: organizationId })
  ])
}

/** The handlers of report commands. */
export const handlers = {
  SubmitReport: (command: typeof SubmitReport.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.organizationId)
      const organization = yield* Organization.loadRegistered(ctx, command.organizationId)
      const events = yield* decide(command, state, organization, ctx.occurred, ctx.calendar.zone)
      // The sender's copy in its stream; the receiver's in its own (a report is sent to it),
      // a log of every report from below that no rule reads: appended without loading it.
      return [
        emit(aggregate, command.organizationId, events.filter((e) => e._tag === "ReportSubmitted")),
        emitAppendOnly(received, command.sentTo, events.filter((e) => e._tag === "ReportReceived"))
      ]
    })
}

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  SubmitReport: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): a report is sent at a moment, which it records. */
export const times = {
  SubmitReport: "moment"
} as const satisfies Record<Command["_tag"], FactTime>

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/** A submitted report of the organization, by its id. */
export const reportById = (state: State, reportId: string): Submitted | undefined => state.reports.find((r) => r.reportId === reportId)

/** The reports submitted for one kind and period, oldest first (a corrected one comes later). */
export const reportsFor = (state: State, kind: Kind, period: Period): ReadonlyArray<Submitted> =>
  state.reports.filter((r) => r.kind === kind && r.period === period)
