/**
 * 检查点: checkpoints of the whole log, signed by the organization that sends a report up and
 * held by the one it is sent to, and the verification of the records against them (DOMAIN.md
 * §10 Integrity; seed 002: 台帐与报表相符，报表与实际相符).
 *
 * Every stored event is hash-linked to the one before it in its stream (`Integrity`, in the
 * store); a checkpoint at a position is the root over every stream's head there, which the
 * sender signs with its key (`Signing`) and sends up with its report. `verify` reads the log
 * as stored (`StoredLog`: personal data as ciphertext, so an erasure breaks nothing) from the
 * start, checks every link, and at each checkpoint a receiver holds, that the root of the
 * heads there is the one signed, and that the signature is the sender's by a key the receiver
 * holds. It needs only the records and the public keys.
 *
 * What it detects: any event altered, removed, inserted or reordered — by its links, or, for
 * the last events of a stream (which links alone cannot vouch for), by the first checkpoint
 * after them. What it cannot: a whole store replaced together with its keys; events after the
 * last checkpoint a receiver holds, removed together with the links after them.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Domain from "@fulian/core/Domain"
import type { Policy } from "@fulian/core/Policy"
import * as Reading from "@fulian/core/Reading"
import type * as CoreReport from "@fulian/core/Report"
import { canonicalJson } from "@fulian/store/CanonicalJson"
import type { EventStore, EventStoreError, RecordedEvent } from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"
import { StoredLog } from "@fulian/store/StoredLog"
import * as Signing from "./Signing.ts"

const PAGE = 2000

/**
 * The checkpoint of the whole log at a position (the last one of a report's computation):
 * the root over every stream's head there, for the sender to sign. Fails with the first
 * broken event when the log up to it does not hold.
 */
export const rootAt = (position: number): Effect.Effect<{ readonly size: number; readonly root: string }, Integrity.IntegrityError | EventStoreError, StoredLog> =>
  Effect.gen(function*() {
    const log = yield* StoredLog
    const verifier = Integrity.verifier()
    for (let after = 0; after < position;) {
      const page = yield* log.readAll({ after, limit: PAGE })
      if (page.length === 0) break
      for (const event of page) {
        if (event.position > position) break
        const broken = verifier.check(event)
        if (broken !== undefined) return yield* Effect.fail(broken)
      }
      after = page[page.length - 1]!.position
    }
    const reached = verifier.verified()
    return { size: reached.position, root: Integrity.root(reached.heads) }
  })

/** A signed checkpoint of the log at a position, by an organization's key. */
export const signedAt = (
  key: Signing.SigningKey,
  position: number
): Effect.Effect<CoreReport.Checkpoint, Integrity.IntegrityError | EventStoreError, StoredLog> =>
  Effect.map(rootAt(position), (at) => ({ ...at, signature: key.sign(at) }))

/** What is wrong with a checkpoint a receiver holds. */
export type CheckpointProblem =
  /** The log holds no event at the checkpoint's position: events were removed or moved. */
  | "no-event-at-size"
  /** The root of the heads at its position is not the one signed: the log before it changed. */
  | "root"
  /** The signature is not the sender's, by a key registered before the report was received (or given to `verify`). */
  | "signature"
  /** The checkpoint is not at the position its report records (the two were sent together). */
  | "not-at-position"

/** A checkpoint a receiver holds, and whether the records still match it. */
export interface CheckedCheckpoint {
  /** The organization that holds it (the report was sent to it). */
  readonly receiver: string
  readonly from: string
  readonly reportId: string
  readonly checkpoint: CoreReport.Checkpoint
  readonly problem?: CheckpointProblem | undefined
}

/**
 * What is wrong with the two copies of a report sent up (the sender's `ReportSubmitted`, the
 * receiver's `ReportReceived`, written in one append): one is missing, or they differ.
 */
export interface CopyProblem {
  readonly from: string
  readonly receiver: string
  readonly reportId: string
  readonly problem: "no-receiver-copy" | "no-sender-copy" | "differ"
}

/** What `verify` found. */
export interface Verification {
  /** The first event whose link is broken, if any. */
  readonly broken?: Integrity.IntegrityError | undefined
  /** Every checkpoint the receivers hold, in the order of their positions, each checked. */
  readonly checkpoints: ReadonlyArray<CheckedCheckpoint>
  /** Reports whose two copies do not agree. */
  readonly copies: ReadonlyArray<CopyProblem>
  /** How many events were checked (up to the first broken one). */
  readonly events: number
}

/** Options of `verify`. */
export interface VerifyOptions {
  /** Only the checkpoints and copies these organizations hold or sent (default: all). */
  readonly organizations?: ReadonlySet<string> | undefined
  /**
   * The senders' public keys as the verifier holds them outside the records (organization →
   * keys, base64). When given, a signature is checked against these only, not against the keys
   * registered in the log: a log rewritten together with a key registered in it then fails.
   */
  readonly keys?: ReadonlyMap<string, ReadonlyArray<string>> | undefined
}

/** The fields both copies of a report carry, to compare them. */
const common = (r: CoreReport.Received | CoreReport.Submitted) =>
  canonicalJson({
    reportId: r.reportId,
    kind: r.kind,
    period: r.period,
    position: r.position,
    contentHash: r.contentHash,
    submittedAt: r.submittedAt,
    timeZone: r.timeZone,
    corrects: r.corrects,
    checkpoint: r.checkpoint,
    narrativeHash: r.narrativeHash,
    layout: r.layout
  })

/**
 * Verifies the records: every link of the log, every checkpoint a receiver holds (its root and
 * its signature), and that both copies of every report sent up agree. It reads the log as
 * stored, twice: once for what the receivers hold, once to check every event.
 */
export const verify = (options: VerifyOptions = {}): Effect.Effect<Verification, EventStoreError, StoredLog> =>
  Effect.gen(function*() {
    const log = yield* StoredLog
    const concerned = (...organizations: ReadonlyArray<string>) =>
      options.organizations === undefined || organizations.some((o) => options.organizations!.has(o))
    // First what the receivers hold (the reports sent to them, where in the log they recorded
    // them, and the senders' keys registered with them), and the senders' copies.
    const held: Array<{ readonly report: CoreReport.Received; readonly at: number }> = []
    const sent = new Map<string, { readonly report: CoreReport.Submitted; readonly version: number }>()
    const registered: Array<{ readonly organizationId: string; readonly publicKey: string; readonly at: number }> = []
    const received = new Map<string, CoreReport.Received>()
    for (let after = 0;;) {
      const page = yield* log.readAll({ after, limit: PAGE })
      if (page.length === 0) break
      for (const event of page) {
        if (event.type !== "ReportReceived" && event.type !== "SigningKeyRegistered" && event.type !== "ReportSubmitted") continue
        const decoded = yield* Effect.result(Domain.codec.decode(event))
        // An event that cannot be read is the links' business: it is reported there.
        if (decoded._tag === "Failure") continue
        const e = decoded.success
        if (e._tag === "ReportReceived") {
          const { _tag, ...report } = e
          received.set(`${report.from}/${report.reportId}`, report)
          if (report.checkpoint !== undefined && concerned(report.organizationId, report.from)) held.push({ report, at: event.position })
        } else if (e._tag === "ReportSubmitted") {
          const { _tag, ...report } = e
          sent.set(`${report.organizationId}/${report.reportId}`, { report, version: event.schemaVersion })
        } else if (e._tag === "SigningKeyRegistered") {
          registered.push({ organizationId: e.organizationId, publicKey: e.publicKey, at: event.position })
        }
      }
      after = page[page.length - 1]!.position
    }
    const copies: Array<CopyProblem> = []
    for (const [key, { report, version }] of sent) {
      if (!concerned(report.organizationId, report.sentTo)) continue
      const other = received.get(key)
      // Reports sent before receivers kept a copy (schema version 3) have none.
      if (other === undefined && version < 3) continue
      const problem = other === undefined ? "no-receiver-copy" : common(other) !== common(report) ? "differ" : undefined
      if (problem !== undefined) copies.push({ from: report.organizationId, receiver: report.sentTo, reportId: report.reportId, problem })
    }
    for (const [key, report] of received) {
      if (!sent.has(key) && concerned(report.organizationId, report.from)) {
        copies.push({ from: report.from, receiver: report.organizationId, reportId: report.reportId, problem: "no-sender-copy" })
      }
    }
    const keysOf = (organizationId: string, before: number): ReadonlyArray<string> =>
      options.keys !== undefined
        ? options.keys.get(organizationId) ?? []
        : registered.filter((k) => k.organizationId === organizationId && k.at < before).map((k) => k.publicKey)

    const checked: Array<CheckedCheckpoint> = []
    const settle = ({ report }: { readonly report: CoreReport.Received }, problem: CheckpointProblem | undefined) =>
      checked.push({ receiver: report.organizationId, from: report.from, reportId: report.reportId, checkpoint: report.checkpoint!, problem })
    // A checkpoint is at its report's position (they are sent together): one apart from it was rewritten.
    for (const h of held) if (h.report.checkpoint!.size !== h.report.position) settle(h, "not-at-position")
    const pending = held.filter((h) => h.report.checkpoint!.size === h.report.position)
      .sort((a, b) => a.report.checkpoint!.size - b.report.checkpoint!.size)
    const verifier = Integrity.verifier()
    let broken: Integrity.IntegrityError | undefined
    const onEvent = (event: RecordedEvent) => {
      // Checkpoints whose position was passed without an event there lost that event.
      while (pending.length > 0 && pending[0]!.report.checkpoint!.size < event.position) settle(pending.shift()!, "no-event-at-size")
      broken = verifier.check(event)
      if (broken !== undefined) return
      if (pending.length === 0 || pending[0]!.report.checkpoint!.size !== event.position) return
      const root = Integrity.root(verifier.verified().heads)
      while (pending.length > 0 && pending[0]!.report.checkpoint!.size === event.position) {
        const held = pending.shift()!
        const checkpoint = held.report.checkpoint!
        settle(
          held,
          root !== checkpoint.root
            ? "root"
            : Signing.verifies(keysOf(held.report.from, held.at), held.report.from, checkpoint)
            ? undefined
            : "signature"
        )
      }
    }
    for (let after = 0; broken === undefined;) {
      const page = yield* log.readAll({ after, limit: PAGE })
      if (page.length === 0) break
      for (const event of page) {
        onEvent(event)
        if (broken !== undefined) break
      }
      after = page[page.length - 1]!.position
    }
    if (broken === undefined) for (const report of pending.splice(0)) settle(report, "no-event-at-size")
    return { broken, checkpoints: checked, copies, events: verifier.verified().count }
  })

/** Whether a verification found nothing wrong. */
export const holds = (verification: Verification): boolean =>
  verification.broken === undefined && verification.copies.length === 0 &&
  verification.checkpoints.every((c) => c.problem === undefined)

/**
 * `verify`, for a reader: the committee of an organization, or an auditor (`Reading`). Every
 * link is checked, and the first broken event named, whoever asks (it names a stream and a
 * place, nothing of its content); the checkpoints and report copies shown are those of
 * organizations whose reports she may read. Refused with `Reading.ReadRefused` when the records
 * do not back the reader.
 */
export const verifyFor = (
  reader: Reading.Reader,
  options: Omit<VerifyOptions, "organizations"> = {}
): Effect.Effect<Verification, Reading.ReadRefused | EventStoreError, StoredLog | EventStore | Policy> =>
  Effect.gen(function*() {
    const scope = yield* Reading.scopeOf(reader)
    const verification = yield* verify(options)
    const readable = new Map<string, boolean>()
    const mayRead = (organizationId: string) =>
      readable.has(organizationId)
        ? Effect.succeed(readable.get(organizationId)!)
        : Effect.map(Effect.result(Reading.mayReadReportsOf(scope, organizationId)), (r) => {
          readable.set(organizationId, r._tag === "Success")
          return r._tag === "Success"
        })
    return {
      ...verification,
      checkpoints: yield* Effect.filter(verification.checkpoints, (c) => mayRead(c.from)),
      copies: yield* Effect.filter(verification.copies, (c) => mayRead(c.from))
    }
  })
