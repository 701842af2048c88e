/**
 * `fulian verify`: the records verified (every hash link, every checkpoint a receiver holds, both
 * copies of every report) and each report sent up recomputed from them; the most serious
 * finding sets the exit code.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { Effect, Option } from "effect"
import * as Domain from "@fulian/core/Domain"
import * as Reading from "@fulian/core/Reading"
import type * as CoreReport from "@fulian/core/Report"
import * as Attestation from "@fulian/reports/Attestation"
import * as Checkpoints from "@fulian/reports/Checkpoints"
import { EventStore } from "@fulian/store/EventStore"
import { ExitCode, UsageError } from "../Failure.ts"
import * as Output from "../Output.ts"
import { readerOf, withStore } from "./Run.ts"

/** The flags of `fulian verify`. */
export interface Input {
  readonly org: Option.Option<string>
  readonly reportId: Option.Option<string>
  readonly keys: Option.Option<string>
}

/** Every report sent up, by any organization, in the order they were sent (read from the whole log). */
export const submittedReports = Effect.gen(function*() {
  const store = yield* EventStore
  const found: Array<CoreReport.Submitted> = []
  let after = 0
  for (;;) {
    const page = yield* store.readAll({ after, limit: 5000 })
    if (page.length === 0) return found
    for (const recorded of page) {
      if (recorded.type !== "ReportSubmitted") continue
      const event = yield* Domain.codec.decode(recorded)
      if (event._tag === "ReportSubmitted") {
        const { _tag, ...submitted } = event
        found.push(submitted)
      }
    }
    after = page[page.length - 1]!.position
  }
})

/** Reads `--keys`: a JSON file of the senders' public keys as the verifier holds them, organization → key or keys. */
const keysFile = (file: string) =>
  Effect.gen(function*() {
    const text = yield* Effect.try({
      try: () => fs.readFileSync(file, "utf8"),
      catch: (error) => new UsageError({ detail: `--keys: cannot read ${file}: ${(error as Error).message}` })
    })
    const parsed = yield* Effect.try({ try: () => JSON.parse(text) as unknown, catch: () => new UsageError({ detail: `--keys: ${file} is not JSON` }) })
    const keys = new Map<string, ReadonlyArray<string>>()
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return yield* new UsageError({ detail: `--keys: ${file} is a JSON object of organization ids to a public key or a list of them` })
    }
    for (const [org, value] of Object.entries(parsed)) {
      const list = typeof value === "string" ? [value] : value
      if (!Array.isArray(list) || !list.every((k) => typeof k === "string")) {
        return yield* new UsageError({ detail: `--keys: the keys of ${org} are a base64 text or a list of them` })
      }
      keys.set(org, list as ReadonlyArray<string>)
    }
    return keys
  })

/** What a checkpoint's problem means, for people. */
const checkpointProblem: Record<Checkpoints.CheckpointProblem, string> = {
  "no-event-at-size": "the log holds no event at its position: events were removed or moved",
  root: "the log up to its position is not the log that was signed: an event before it was altered, removed, inserted or moved",
  signature: "its signature is not the sender's by a key the receiver holds",
  "not-at-position": "it is not at the position its report records: one of them was rewritten"
}

/** What a copy problem means, for people. */
const copyProblem: Record<Checkpoints.CopyProblem["problem"], string> = {
  "no-receiver-copy": "the receiver's copy is missing",
  "no-sender-copy": "the sender's copy is missing",
  differ: "the sender's copy is not what the receiver holds"
}

/** Verifies the records and the reports sent up that the reader of `--as` may read, and answers with the exit code of the most serious finding. */
export const run = (c: Input) =>
  withStore(Effect.gen(function*() {
    const scope = yield* Reading.scopeOf(yield* readerOf("fulian verify"))
    const mayRead = (organizationId: string) => Effect.map(Effect.result(Reading.mayReadReportsOf(scope, organizationId)), (r) => r._tag === "Success")
    const picked = (reportId: string, ...organizations: ReadonlyArray<string>) =>
      (Option.isNone(c.org) || organizations.includes(c.org.value)) && (Option.isNone(c.reportId) || reportId === c.reportId.value)
    const keys = Option.isSome(c.keys) ? yield* keysFile(c.keys.value) : undefined

    // 1. The records themselves: every hash link, every checkpoint the receivers hold, both copies of every report.
    const integrity = yield* Checkpoints.verify({ keys })
    if (integrity.broken !== undefined) {
      const b = integrity.broken
      yield* Output.stdout(`BROKEN      stream ${b.stream}, version ${b.version}, position ${b.position}: ${b.detail}\n`)
    } else {
      yield* Output.stdout(`links       ${integrity.events.toLocaleString("en-US")} events: every hash link holds\n`)
    }
    let sealsBroken = 0
    for (const held of integrity.checkpoints) {
      if (!picked(held.reportId, held.from, held.receiver) || !(yield* mayRead(held.from))) continue
      const what = `${held.reportId} (from ${held.from} to ${held.receiver}, checkpoint at position ${held.checkpoint.size})`
      if (held.problem === undefined) {
        yield* Output.stdout(`checkpoint  ${what}: root ${held.checkpoint.root.slice(0, 16)}… and the sender's signature hold\n`)
      } else {
        sealsBroken++
        yield* Output.stdout(`CHECKPOINT  ${what}: ${checkpointProblem[held.problem]}\n`)
      }
    }
    for (const copy of integrity.copies) {
      if (!picked(copy.reportId, copy.from, copy.receiver) || !(yield* mayRead(copy.from))) continue
      sealsBroken++
      yield* Output.stdout(`COPY        ${copy.reportId} (from ${copy.from} to ${copy.receiver}): ${copyProblem[copy.problem]}\n`)
    }

    // 2. The reports: recomputed from the records, as the receiver holds them.
    const attestations = yield* submittedReports
    const chosen: Array<CoreReport.Submitted> = []
    for (const a of attestations) {
      if (!picked(a.reportId, a.organizationId, a.sentTo)) continue
      // Only the reports the reader may read: her organization's, those sent to it, or, for an auditor, her area's.
      if (yield* mayRead(a.organizationId)) chosen.push(a)
    }
    if (chosen.length === 0 && (Option.isSome(c.org) || Option.isSome(c.reportId))) {
      return yield* new UsageError({ detail: "no report sent up that you may read matches; send one with: fulian report annual --org <id> --submit --actor <person>" })
    }
    let failed = 0
    let superseded = 0
    let retired = 0
    for (const attestation of chosen) {
      const v = yield* Attestation.verifyAttestation(attestation, attestations.filter((a) => a.organizationId === attestation.organizationId))
      const what = `${attestation.reportId} (${attestation.organizationId} ${attestation.kind} ${attestation.period}, position ${attestation.position})`
      const later = `${v.laterRecords} record${v.laterRecords === 1 ? "" : "s"} of its area dated in or before its period ${v.laterRecords === 1 ? "was" : "were"} entered after it was sent`
      if (v.outcome === "layout-retired") {
        // Not altered: its figures cannot be recomputed by this version; its checkpoint line above says whether its records hold.
        retired++
        yield* Output.stdout(`layout      ${what}: ${v.problem ?? `computed with layout ${v.layout}`}\n`)
      } else if (!v.matches) {
        failed++
        yield* Output.stdout(`MISMATCH    ${what}: ${v.problem ?? "does not match"}\n`)
      } else if (v.superseded && v.correctedBy !== undefined) {
        yield* Output.stdout(`corrected   ${what}: superseded (${later}), corrected by ${v.correctedBy}\n`)
      } else if (v.superseded) {
        superseded++
        yield* Output.stdout(`SUPERSEDED  ${what}: matches the records it was computed from, but ${later}; send a corrected report (fulian report … --submit --corrects ${attestation.reportId})\n`)
      } else {
        yield* Output.stdout(`ok          ${what}: sha256 ${attestation.contentHash}\n`)
      }
    }
    const plural = (n: number) => `${n} of ${chosen.length} report${chosen.length === 1 ? "" : "s"}`
    // The most serious finding sets the exit code.
    if (integrity.broken !== undefined) {
      yield* Output.stderr(`fulian verify: the records were changed: the hash link of position ${integrity.broken.position} is broken`)
      return yield* new ExitCode({ code: 4 })
    }
    if (sealsBroken > 0) {
      yield* Output.stderr(`fulian verify: ${sealsBroken} checkpoint${sealsBroken === 1 ? "" : "s"} or report cop${sealsBroken === 1 ? "y does" : "ies do"} not hold: the records before them were changed`)
      return yield* new ExitCode({ code: 5 })
    }
    if (failed > 0) {
      yield* Output.stderr(`fulian verify: ${plural(failed)} no longer ${failed === 1 ? "matches" : "match"} the events`)
      return yield* new ExitCode({ code: 1 })
    }
    if (superseded > 0) {
      yield* Output.stderr(`fulian verify: ${plural(superseded)} superseded by records entered after ${superseded === 1 ? "it was" : "they were"} sent, not yet corrected`)
      return yield* new ExitCode({ code: 3 })
    }
    if (retired > 0) {
      yield* Output.stderr(`fulian verify: the records hold; ${plural(retired)} computed with a layout this version does not compute, checked by ${retired === 1 ? "its" : "their"} signed checkpoint only, the others match`)
      return
    }
    yield* Output.stderr(
      chosen.length === 0
        ? "fulian verify: the records hold; no report sent up to check"
        : chosen.length === 1 ? "fulian verify: the records hold, and the report matches them" : `fulian verify: the records hold, and all ${chosen.length} reports match them`
    )
  }))
