/**
 * 报表上报与核验: sending a report up with proof of what it was computed from, and checking
 * that proof later ("台帐与报表相符,报表与实际相符", seed 002; DOMAIN.md §9).
 *
 *   const { attestation } = yield* Attestation.submit({ request, reportId: "s1-2023", actor })
 *   const verification = yield* Attestation.verify("s1", "s1-2023")
 *   verification.matches // false once an event the report counted was altered in the store
 *
 * `submit` computes the report at the end of the log, hashes its content (sha256 of its
 * canonical JSON), signs a checkpoint of the whole log at its position with the
 * organization's key (`Checkpoints`, `Signing`), and records all three with the position and
 * its calendar through the domain's `SubmitReport` command (`@fulian/core/Report`), which
 * checks who may send it and where; the organization it goes to records its own copy.
 * `verify` recomputes the report from the events up to the recorded position, in the recorded
 * calendar, and compares hashes.
 *
 * What the hash proves: that the figures of the report are what the log up to that position
 * gives. An event altered in a way no figure depends on (the wording of a note) does not
 * change them; personal data is never in a report, so erasing it does not either.
 *
 * The chair's narrative (报告正文, DOMAIN.md §9). `submit` may send paragraphs with the report
 * (`narrative`, keyed by the report's sections: `Report.narrativeSections`); they are recorded
 * with the attestation, with their own hash (`narrativeHash`, the sha256 of their canonical
 * JSON), in the sender's and the receiver's copies. `verify` checks the recorded paragraphs
 * against that hash: an altered paragraph fails verification. The paragraphs are personal data
 * (free text written by a cadre, which may name people); erased, they read as erased, the
 * figures still verify, and the verification says the narrative was erased rather than altered.
 * Their hash is kept apart from the content's so that erasing them leaves the figures provable.
 *
 * Layouts (版式). What a report's content holds changed when seed 003's sections, 本月/累计 and
 * the plan targets came (layout 2, `Report.currentLayout`); a report sent before records no
 * layout and was computed with layout 1. `submit` records the layout, and `verify` recomputes
 * the content in the layout recorded (`Report.inLayout`), so a report sent before a layout
 * changed is checked as it was sent, not called altered. Layout 1 holds a subset of today's
 * figures and is still computed. A report of a layout this version does not compute (retired,
 * or from a later version) has the outcome `layout-retired`: its figures cannot be recomputed
 * here, but the parts that do not depend on the layout still are — the event at its position,
 * its narrative against its hash, and, in `Checkpoints.verify` (the first part of
 * `fulian verify`), its signed checkpoint, which proves whether the records it was computed
 * from are unchanged.
 *
 * Superseded reports (DOMAIN.md §0). Records entered after a report was sent may be dated
 * inside its period (补录: a paper register copied in late). The report still matches the log
 * up to its position, but no longer tells the truth of its period: `verify` recomputes it from
 * the whole log as well, and when that differs it says the report is superseded, and by how
 * many later records of its area dated on or before the period's end. The organization then
 * sends a corrected report (`submit` with `corrects`), which names the one it corrects.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { Effect } from "effect"
import type { Actor } from "@fulian/core/Actor"
import * as CanonicalJson from "@fulian/core/CanonicalJson"
import type { InvalidCommand } from "@fulian/core/Command"
import * as CommandHandler from "@fulian/core/CommandHandler"
import * as Domain from "@fulian/core/Domain"
import * as Organization from "@fulian/core/Organization"
import * as PersonalData from "@fulian/core/PersonalData"
import * as Reading from "@fulian/core/Reading"
import type { Policy } from "@fulian/core/Policy"
import * as CoreReport from "@fulian/core/Report"
import type { Envelope } from "@fulian/core/CommandHandler"
import * as Ledgers from "@fulian/projections/Ledgers"
import { EventStore, type EventStoreError } from "@fulian/store/EventStore"
import type * as Integrity from "@fulian/store/Integrity"
import { type KeyStore, type KeyStoreError } from "@fulian/store/KeyStore"
import type { StoredLog } from "@fulian/store/StoredLog"
import * as Checkpoints from "./Checkpoints.ts"
import * as Report from "./Report.ts"
import * as Signing from "./Signing.ts"

/** The canonical JSON of a value (see `@fulian/core/CanonicalJson`), which content hashes are computed on. */
export const canonicalJson = CanonicalJson.canonicalJson

/** The content hash of a report: the sha256 of its content's canonical JSON, as 64 lowercase hex digits. */
export const contentHash = (content: Report.Content): string => sha256(canonicalJson(content))

/**
 * The content hash of a report in a layout (`Report.inLayout`): what a report sent with that
 * layout recorded; `undefined` for a layout this version does not compute.
 */
export const layoutHash = (content: Report.Content, layout: number): string | undefined => {
  const held = Report.inLayout(content, layout)
  return held === undefined ? undefined : sha256(canonicalJson(held))
}

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex")

/**
 * The hash of a report's narrative: the sha256 of the canonical JSON of its paragraphs (each
 * `{ section, text }`, in order), as 64 lowercase hex digits.
 */
export const narrativeHash = (narrative: Report.Narrative): string =>
  createHash("sha256").update(canonicalJson(narrative.map((p) => ({ section: p.section, text: p.text }))), "utf8").digest("hex")

/** What to send up. */
export interface SubmitInput {
  readonly request: Report.Request
  /** The report's id, unique within its organization (`{organizationId}-{kind}-{period}` is a good one). */
  readonly reportId: string
  /** Who sends it: a committee member of the organization. */
  readonly actor: Actor
  readonly reason?: string
  readonly commandId?: string
  /** For a corrected report: the id of the report of the same period it corrects. */
  readonly corrects?: string
  /** When it is sent, if not now: a moment with its offset (a report sent on paper, entered later). */
  readonly occurredAt?: string
  /** The chair's paragraphs sent with it (报告正文), each naming a section of the report (`Report.narrativeSections`). */
  readonly narrative?: Report.Narrative
}

/** A report sent up: as computed, and as recorded. */
export interface Submitted {
  readonly report: Report.Computed
  readonly attestation: CoreReport.Submitted
}

/**
 * Computes a report at the end of the log, in the policy's calendar, and sends it up to the
 * organization's parent, recording the position, the calendar and the content hash
 * (`ReportSubmitted`). Refused as the domain refuses `SubmitReport` (not the committee, no
 * parent, a report id used before, a second report of a period that does not name the one it
 * corrects, …), and with `InvalidCommand` when an id or the reason breaks the rules of input
 * (`Input`: blank, too long).
 */
export const submit = (
  input: SubmitInput
): Effect.Effect<
  Submitted,
  Report.ReportError | InvalidCommand | Domain.DomainError | EventStoreError | KeyStoreError | Integrity.IntegrityError,
  EventStore | StoredLog | KeyStore | Policy
> =>
  Effect.gen(function*() {
    // The organization's signing key, registered with the level above the first time (by the
    // sender, who must be on its committee): before the report is computed, so that it counts.
    const narrative = input.narrative ?? []
    const unknown = Report.unknownSections(input.request.kind, narrative)
    if (unknown.length > 0) {
      return yield* new Report.ReportError({
        reason: "UnknownNarrativeSection",
        detail: `the ${input.request.kind} report has no section ${unknown.join(", ")}: a paragraph names one of ${Report.narrativeSections(input.request.kind).join(", ")}`
      })
    }
    const key = yield* Signing.registered(input.request.organizationId, input.actor, input.occurredAt)
    const report = yield* Report.compute(input.request)
    // Signed only over a log whose every link holds: a broken one fails here, naming its first broken event.
    const checkpoint = yield* Checkpoints.signedAt(key, report.position)
    const organization = yield* CommandHandler.load(Domain.codec, Organization.aggregate, input.request.organizationId)
    // Decoded, not made: an id or reason from the caller that breaks a rule of `Input` is an
    // `InvalidCommand`, not a defect.
    const command = yield* Domain.decodeCommand({
      _tag: "SubmitReport",
      actor: input.actor,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
      ...(input.commandId === undefined ? {} : { commandId: input.commandId }),
      ...(input.occurredAt === undefined ? {} : { occurredAt: input.occurredAt }),
      ...(input.corrects === undefined ? {} : { corrects: input.corrects }),
      reportId: input.reportId,
      organizationId: input.request.organizationId,
      kind: input.request.kind,
      period: input.request.period,
      position: report.position,
      contentHash: contentHash(report.content),
      checkpoint,
      ...(narrative.length === 0 ? {} : { narrative, narrativeHash: narrativeHash(narrative) }),
      layout: Report.currentLayout,
      // An organization with no parent is refused by the domain (NoParent) before `sentTo` is read.
      sentTo: organization.state.parentId ?? input.request.organizationId
    })
    const outcome = yield* Domain.execute(command)
    const recorded = outcome.events.map((e) => e.event).find((e): e is typeof CoreReport.ReportSubmitted.Type => e._tag === "ReportSubmitted")!
    const { _tag, ...attestation } = recorded
    return { report, attestation }
  })

/** The reports an organization has sent up, oldest first. */
export const submitted = (organizationId: string): Effect.Effect<ReadonlyArray<CoreReport.Submitted>, EventStoreError, EventStore> =>
  Effect.map(CommandHandler.load(Domain.codec, CoreReport.aggregate, organizationId), ({ state }) => state.reports)

/**
 * What verifying a report concluded: `matches` (recomputed, it has its recorded hash; it may
 * still be `superseded`), `altered` (it does not match: a record it was computed from, its
 * narrative or its attestation changed, or the records can no longer be read), or
 * `layout-retired` (computed with a layout this version does not compute: its figures cannot be
 * recomputed here, and its signed checkpoint, checked by `Checkpoints.verify`, is what proves the
 * records it was computed from unchanged).
 */
export type Outcome = "matches" | "altered" | "layout-retired"

/** The outcome of verifying a report sent up. */
export interface Verification {
  readonly attestation: CoreReport.Submitted
  /** What verification concluded (`matches` is `outcome === "matches"`). */
  readonly outcome: Outcome
  /** The layout the report was computed with (1 when it records none). */
  readonly layout: number
  /** The hash of the report recomputed at the recorded position in its recorded layout, if it could be recomputed. */
  readonly recomputedHash: string | undefined
  /** Whether the recomputed report has the recorded hash. */
  readonly matches: boolean
  /** Why it does not match; absent when it does. */
  readonly problem?: string | undefined
  /** The report as recomputed, if it could be (laid out in the current layout, for reading). */
  readonly report?: Report.Computed | undefined
  /**
   * Whether records entered after the report was sent, dated on or before its period's end,
   * change it: the report no longer tells the truth of its period (only when it `matches`).
   */
  readonly superseded: boolean
  /** How many records of its area, dated on or before the period's end, were entered after it and change a ledger. */
  readonly laterRecords: number
  /** The report as it reads now, with those records, when superseded. */
  readonly current?: Report.Computed | undefined
  /** The report of the same period that corrects this one, if one was sent. */
  readonly correctedBy?: string | undefined
  /**
   * The narrative sent with the report, checked against its recorded hash: `verified`,
   * `erased` (personal data erased since: nothing left to check, nothing altered), or `altered`
   * (then the report does not match); absent when none was sent.
   */
  readonly narrative?: NarrativeCheck | undefined
}

/** What checking a recorded narrative against its hash found. */
export type NarrativeCheck = "verified" | "erased" | "altered"

/** Checks the narrative recorded with an attestation against its recorded hash. */
export const checkNarrative = (attestation: CoreReport.Submitted): NarrativeCheck | undefined => {
  const { narrative, narrativeHash: recorded } = attestation
  if (narrative === undefined && recorded === undefined) return undefined
  if (narrative === undefined || recorded === undefined) return "altered"
  if (narrativeHash(narrative) === recorded) return "verified"
  return narrative.some((p) => p.text === PersonalData.erased) ? "erased" : "altered"
}

/**
 * Verifies a report sent up: recomputes it from the events up to the recorded position and
 * compares its hash with the recorded one, then recomputes it from every record to see whether
 * later records supersede it. A log that no longer holds the event at that position (the last
 * one the report was computed from), or holds an event that can no longer be read, does not
 * match.
 */
export const verify = (
  organizationId: string,
  reportId: string
): Effect.Effect<Verification, Report.ReportError | EventStoreError, EventStore | Policy> =>
  Effect.gen(function*() {
    const reports = yield* submitted(organizationId)
    const attestation = reports.find((r) => r.reportId === reportId)
    if (attestation === undefined) {
      return yield* new Report.ReportError({ reason: "ReportNotFound", detail: `${organizationId} has sent up no report ${reportId}` })
    }
    return yield* verifyAttestation(attestation, reports)
  })

/**
 * `verify`, for a reader: the committee of the organization that sent the report, of the one
 * it was sent to, or an auditor of either or above. Refused with `Reading.ReadRefused`
 * otherwise, or when the records do not back the reader.
 */
export const verifyFor = (
  reader: Reading.Reader,
  organizationId: string,
  reportId: string
): Effect.Effect<Verification, Report.ReportError | Reading.ReadRefused | EventStoreError, EventStore | Policy> =>
  Effect.gen(function*() {
    const scope = yield* Reading.scopeOf(reader)
    yield* Reading.mayReadReportsOf(scope, organizationId)
    return yield* verify(organizationId, reportId)
  })

/** The organization fields of an event's data: who it names. */
const namedOrganizations = (data: unknown): ReadonlyArray<string> => {
  const d = data as Record<string, unknown>
  return ["organizationId", "from", "to", "assignedBy"].flatMap((k) => (typeof d[k] === "string" ? [d[k] as string] : []))
}

/**
 * Whether a record concerns an area: given by one of its organizations, naming one, or about
 * a case first held in it.
 */
const concerns = (envelope: Envelope<Domain.Event>, area: Ledgers.Organizations.Area, caseArea: (caseId: string) => boolean): boolean =>
  area.ids.has(envelope.metadata.actor.organization) ||
  namedOrganizations(envelope.data).some((id) => area.ids.has(id)) ||
  (envelope.stream.startsWith("case-") && caseArea(envelope.stream.slice("case-".length)))

/**
 * Verifies one recorded attestation (see `verify`); `reports` are its organization's reports,
 * to find one that corrects it.
 */
export const verifyAttestation = (
  attestation: CoreReport.Submitted,
  reports: ReadonlyArray<CoreReport.Submitted> = []
): Effect.Effect<Verification, EventStoreError, EventStore | Policy> =>
  Effect.gen(function*() {
    const request: Report.Request = { organizationId: attestation.organizationId, kind: attestation.kind, period: attestation.period }
    const correctedBy = reports.find((r) => r.corrects === attestation.reportId)?.reportId
    const narrative = checkNarrative(attestation)
    const layout = CoreReport.layoutOf(attestation)
    const unchecked = {
      layout,
      superseded: false,
      laterRecords: 0,
      ...(correctedBy === undefined ? {} : { correctedBy }),
      ...(narrative === undefined ? {} : { narrative })
    }
    const altered = "altered" as const
    const store = yield* EventStore
    // The position recorded is that of the last event the report was computed from: it must still be there.
    const atPosition = Effect.map(store.readAll({ after: attestation.position - 1, limit: 1 }), (last) => last[0]?.position === attestation.position)
    const narrativeAltered = `the narrative recorded with report ${attestation.reportId} no longer has its recorded hash ${attestation.narrativeHash ?? "(none)"}`
    if (!Report.computedLayouts.includes(layout)) {
      // What does not depend on the layout is still checked here; the signed checkpoint in `Checkpoints.verify`.
      const problem = !(yield* atPosition)
        ? `the event at the recorded position ${attestation.position} is no longer in the log`
        : narrative === "altered"
        ? narrativeAltered
        : undefined
      if (problem !== undefined) return { attestation, outcome: altered, recomputedHash: undefined, matches: false, problem, ...unchecked }
      const which = layout > Report.currentLayout ? "a later version of fulian computes" : "this version of fulian no longer computes"
      return {
        attestation,
        outcome: "layout-retired" as const,
        recomputedHash: undefined,
        matches: false,
        problem: `computed with layout ${layout}, which ${which}; its figures cannot be recomputed here, but its signed checkpoint still proves whether the records it was computed from are unchanged`,
        ...unchecked
      }
    }
    const recomputed = yield* Effect.result(Report.compute(request, { upTo: attestation.position, timeZone: attestation.timeZone }))
    if (recomputed._tag === "Failure") {
      const error = recomputed.failure
      const unreadable = error._tag === "EventStoreError" && error.reason._tag === "CorruptEvent"
      if (!unreadable && error._tag === "EventStoreError") return yield* error
      return { attestation, outcome: altered, recomputedHash: undefined, matches: false, problem: error.message, ...unchecked }
    }
    const report = recomputed.success
    const recomputedHash = layoutHash(report.content, layout)!
    if (!(yield* atPosition)) {
      return { attestation, outcome: altered, recomputedHash, matches: false, problem: `the event at the recorded position ${attestation.position} is no longer in the log`, report, ...unchecked }
    }
    if (recomputedHash !== attestation.contentHash) {
      return {
        attestation,
        outcome: altered,
        recomputedHash,
        matches: false,
        problem: `the content recomputed at position ${attestation.position} in layout ${layout} has hash ${recomputedHash}, not the recorded ${attestation.contentHash}`,
        report,
        ...unchecked
      }
    }
    if (narrative === "altered") {
      return { attestation, outcome: altered, recomputedHash, matches: false, problem: narrativeAltered, report, ...unchecked }
    }
    // The report from every record: later records dated in its period may change it.
    const later: Array<Envelope<Domain.Event>> = []
    const now = yield* Report.computeWith(request, {
      timeZone: attestation.timeZone,
      onApplied: (envelope, changed) => {
        if (changed && envelope.position > attestation.position) later.push(envelope)
      }
    }).pipe(Effect.catchTag("ReportError", () => Effect.succeed(undefined)))
    if (now === undefined) return { attestation, outcome: "matches" as const, recomputedHash, matches: true, report, ...unchecked }
    const checked = narrative === undefined ? {} : { narrative }
    const cases = now.drawn.states.cases
    const firstHeldIn = (caseId: string) => now.area.ids.has(Ledgers.Cases.firstHolder(cases, caseId) ?? "")
    const laterRecords = later.filter((e) => concerns(e, now.area, firstHeldIn)).length
    const superseded = layoutHash(now.computed.content, layout) !== attestation.contentHash
    return {
      attestation,
      outcome: "matches" as const,
      layout,
      recomputedHash,
      matches: true,
      report,
      superseded,
      laterRecords,
      ...(superseded ? { current: now.computed } : {}),
      ...(correctedBy === undefined ? {} : { correctedBy }),
      ...checked
    }
  })
