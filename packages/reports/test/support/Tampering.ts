/**
 * The tampering property, shared by the SQLite and PostgreSQL suites: a street's year sent up
 * in two reports (each with its signed checkpoint), a few records after the last one; then the
 * stored rows tampered with as someone with write access to the database would — alter any
 * field, delete, insert a forged event, reorder, rewrite or delete an attestation — with or
 * without recomputing every hash link afterwards (the algorithm is public; the signing key is
 * not). Verification must find every change made at or before the last checkpoint.
 *
 * The rows are tampered with in JavaScript and written back whole, so one set of operations
 * serves both stores; each store says how it reads and writes its rows.
 */
import { randomUUID } from "node:crypto"
import { Effect, Layer } from "effect"
import * as fc from "fast-check"
import { expect } from "vitest"
import * as TestClock from "effect/testing/TestClock"
import * as Activity from "@fulian/core/Activity"
import * as Policy from "@fulian/core/Policy"
import { toMillis } from "@fulian/core/Time"
import { canonicalJson } from "@fulian/store/CanonicalJson"
import type { EventStore } from "@fulian/store/EventStore"
import type { KeyStore } from "@fulian/store/KeyStore"
import * as Integrity from "@fulian/store/Integrity"
import * as MemoryKeyStore from "@fulian/store/MemoryKeyStore"
import * as StoredLog from "@fulian/store/StoredLog"
import * as Attestation from "../../src/Attestation.ts"
import * as Checkpoints from "../../src/Checkpoints.ts"
import { on, seed } from "./Events.ts"
import { streetYear } from "./StreetYear.ts"

/** A stored row, as both stores keep it (PostgreSQL's extra columns ride along). */
export interface Row {
  readonly position: number
  readonly stream: string
  readonly version: number
  readonly event_id: string
  readonly type: string
  readonly schema_version: number
  readonly data: string
  readonly metadata: string
  readonly hash: string | null
  readonly [column: string]: unknown
}

const NOW = "2024-01-10T08:00:00.000Z"
const chair = { person: "chair-s1", role: "chair", organization: "s1" } as const

/** A lecture of the street. */
const lecture = (n: number, heldOn: string) =>
  on(Activity.aggregate, "s1", Activity.ActivityRecorded.make({
    organizationId: "s1",
    activityId: `after-${n}`,
    kind: "legal-lecture",
    title: `年初讲座${n}`,
    heldOn,
    participants: 20 + n,
    beneficiaries: 20 + n
  }))

/** Runs an effect as of the test's day, with the key store, the stored log and the default policy. */
export const runOn = <A, E>(
  store: Layer.Layer<EventStore, unknown>,
  effect: Effect.Effect<A, E, EventStore | StoredLog.StoredLog | KeyStore | Policy.Policy>
): Promise<A> =>
  Effect.runPromise(
    Effect.gen(function*() {
      yield* TestClock.setTime(toMillis(NOW))
      return yield* effect
    }).pipe(
      Effect.provide(
        Layer.mergeAll(StoredLog.layer, MemoryKeyStore.layer).pipe(
          Layer.provideMerge(store),
          Layer.merge(Policy.layer()),
          Layer.merge(TestClock.layer())
        )
      ),
      Effect.scoped
    ) as Effect.Effect<A, never>
  )

/** The chair's paragraphs sent with the annual report. */
export const narrative = [
  { section: "overview", text: "全年工作总体情况。" },
  { section: "problems", text: "存在的问题。" }
]

/**
 * The records: the street's year, its June report sent up; five December lectures, the annual
 * report sent up; then two lectures of the new year.
 */
export const world = Effect.gen(function*() {
  yield* seed(streetYear)
  yield* Attestation.submit({ request: { organizationId: "s1", kind: "monthly", period: "2023-06" }, reportId: "s1-2023-06", actor: chair })
  yield* seed([1, 2, 3, 4, 5].flatMap((n) => lecture(n, `2023-12-1${n}`)))
  yield* Attestation.submit({ request: { organizationId: "s1", kind: "annual", period: "2023" }, reportId: "s1-2023", actor: chair, narrative })
  yield* seed([6, 7].flatMap((n) => lecture(n, "2024-01-08")))
})

/** Everything verification checks: links, checkpoints and copies, and each report against the records. */
export const verifyAll = Effect.gen(function*() {
  const integrity = yield* Checkpoints.verify()
  const loaded = yield* Effect.result(Attestation.submitted("s1"))
  // Reports that cannot even be read back no longer match anything.
  const reports = loaded._tag === "Success" ? loaded.success : []
  const mismatched: Array<string> = loaded._tag === "Success" ? [] : ["the reports sent up cannot be read"]
  for (const report of reports) {
    const verified = yield* Effect.result(Attestation.verifyAttestation(report, reports))
    if (verified._tag === "Failure" || !verified.success.matches) mismatched.push(report.reportId)
  }
  return { integrity, mismatched, holds: Checkpoints.holds(integrity) && mismatched.length === 0 }
})

// ---------------------------------------------------------------------------------------------
// Tampering
// ---------------------------------------------------------------------------------------------

/** A field of a row, and how it is altered. */
const fields = ["event_id", "type", "schema_version", "stream", "data", "actor", "occurredAt", "recordedAt", "reason", "hash"] as const

/** One way of tampering with the rows. */
export type Tamper =
  | { readonly kind: "alter"; readonly at: number; readonly field: typeof fields[number]; readonly rehash: boolean }
  | { readonly kind: "delete"; readonly at: number; readonly rehash: boolean }
  | { readonly kind: "insert"; readonly at: number; readonly rehash: boolean }
  | { readonly kind: "swap"; readonly at: number; readonly other: number; readonly rehash: boolean }
  | {
    readonly kind: "rewrite-attestation"
    readonly report: "s1-2023-06" | "s1-2023"
    readonly copy: "ReportSubmitted" | "ReportReceived" | "both"
    readonly field: "root" | "signature" | "size" | "contentHash" | "position" | "narrativeHash" | "narrative" | "layout"
    readonly rehash: boolean
  }
  | { readonly kind: "delete-attestation"; readonly copy: "ReportSubmitted" | "ReportReceived" | "both"; readonly rehash: boolean }

/** Random tampering; `at` and `other` are fractions of the rows at or before the last checkpoint. */
export const tampers: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({ kind: fc.constant("alter" as const), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), field: fc.constantFrom(...fields), rehash: fc.boolean() })
    .filter((t) => !(t.field === "hash" && t.rehash)),
  fc.record({ kind: fc.constant("delete" as const), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), rehash: fc.boolean() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), rehash: fc.boolean() }),
  fc.record({
    kind: fc.constant("swap" as const),
    at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    other: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    rehash: fc.boolean()
  }),
  fc.record({
    kind: fc.constant("rewrite-attestation" as const),
    report: fc.constantFrom("s1-2023-06" as const, "s1-2023" as const),
    copy: fc.constantFrom("ReportSubmitted" as const, "ReportReceived" as const, "both" as const),
    field: fc.constantFrom("root" as const, "signature" as const, "size" as const, "contentHash" as const, "position" as const, "narrativeHash" as const, "narrative" as const),
    rehash: fc.boolean()
  }),
  fc.record({ kind: fc.constant("delete-attestation" as const), copy: fc.constantFrom("ReportSubmitted" as const, "ReportReceived" as const, "both" as const), rehash: fc.boolean() })
)

/** Another value of the same kind: a changed number, text or flag. */
const changed = (value: unknown): unknown =>
  typeof value === "number" ? value + 1 : typeof value === "boolean" ? !value : typeof value === "string" ? `${value}改` : "forged"

/** The data with one value changed: the first field, in key order, that holds a plain value. */
const alterData = (text: string): string => {
  const data = JSON.parse(text) as Record<string, unknown>
  const key = Object.keys(data).sort().find((k) => k !== "_tag" && ["string", "number", "boolean"].includes(typeof data[k]))
  return JSON.stringify(key === undefined ? { ...data, forged: true } : { ...data, [key]: changed(data[key]) })
}

const alterMetadata = (text: string, field: "actor" | "occurredAt" | "recordedAt" | "reason"): string => {
  const metadata = JSON.parse(text) as Record<string, unknown>
  const value = field === "actor"
    ? { ...(metadata.actor as object), person: "forger" }
    : field === "reason"
    ? `${String(metadata.reason ?? "")}（改）`
    : String(metadata[field]).replace(/^(\d{4})/, (y) => String(Number(y) - 1))
  return JSON.stringify({ ...metadata, [field]: value })
}

/** Every hash recomputed, in the order of the log, as an attacker who knows the algorithm would. */
const rehashed = (rows: ReadonlyArray<Row>): Array<Row> => {
  const heads = new Map<string, string>()
  return [...rows].sort((a, b) => a.position - b.position).map((row) => {
    const hash = Integrity.hashOfText(
      heads.get(row.stream) ?? Integrity.genesis,
      row.version,
      row.position,
      Integrity.identityText({ eventId: row.event_id, schemaVersion: row.schema_version, stream: row.stream, type: row.type }),
      canonicalJson(JSON.parse(row.data)),
      canonicalJson(JSON.parse(row.metadata))
    )
    heads.set(row.stream, hash)
    return { ...row, hash }
  })
}

/** Renumbers a stream's versions from 1 in the order of the log (after a deletion or insertion). */
const renumbered = (rows: ReadonlyArray<Row>, stream: string): Array<Row> => {
  let version = 0
  return [...rows].sort((a, b) => a.position - b.position).map((row) => (row.stream === stream ? { ...row, version: ++version } : row))
}

/** The rows after tampering, and the forged row, which links correctly by construction. */
export const tamper = (original: ReadonlyArray<Row>, t: Tamper): { readonly rows: ReadonlyArray<Row>; readonly forged?: Row | undefined } => {
  const rows = [...original].sort((a, b) => a.position - b.position)
  const received = rows.filter((r) => r.type === "ReportReceived")
  const lastSize = Math.max(...received.map((r) => (JSON.parse(r.data) as { checkpoint: { size: number } }).checkpoint.size))
  const candidates = rows.filter((r) => r.position <= lastSize)
  const pick = (fraction: number) => candidates[Math.floor(fraction * candidates.length)]!
  const finish = (result: Array<Row>, forged?: Row) => ({ rows: t.rehash ? rehashed(result) : result, forged })
  const replace = (target: Row, by: Partial<Row>) => rows.map((r) => (r === target ? { ...r, ...by } : r))
  switch (t.kind) {
    case "alter": {
      const r = pick(t.at)
      const by: Partial<Row> = t.field === "event_id"
        ? { event_id: randomUUID() }
        : t.field === "type"
        ? { type: r.type === "ActivityRecorded" ? "MeetingHeld" : "ActivityRecorded" }
        : t.field === "schema_version"
        ? { schema_version: r.schema_version + 1 }
        : t.field === "stream"
        ? { stream: `${r.stream}-moved` }
        : t.field === "data"
        ? { data: alterData(r.data) }
        : t.field === "hash"
        ? { hash: Integrity.hashOfText(Integrity.genesis, 1, 1, "forged", "{}", "{}") }
        : { metadata: alterMetadata(r.metadata, t.field) }
      // An event moved to another stream takes the next version there, its old stream closing up behind it.
      return finish(t.field === "stream" && t.rehash ? renumbered(renumbered(replace(r, by), r.stream), `${r.stream}-moved`) : replace(r, by))
    }
    case "delete": {
      const r = pick(t.at)
      const without = rows.filter((x) => x !== r)
      return finish(t.rehash ? renumbered(without, r.stream) : without)
    }
    case "insert": {
      // A back-dated event forged after `r` in its stream: the stream's later versions move up
      // one, and so do positions, where the next one is taken. Before the last checkpoint.
      const r = candidates.slice(0, -1)[Math.floor(t.at * (candidates.length - 1))]!
      const taken = new Set(rows.map((x) => x.position))
      const position = r.position + 1
      const moved = rows.map((x) => ({
        ...x,
        ...(taken.has(position) && x.position >= position ? { position: x.position + 1 } : {}),
        ...(x.stream === r.stream && x.version > r.version ? { version: x.version + 1 } : {})
      }))
      const base: Row = { ...r, position, version: r.version + 1, event_id: randomUUID(), data: alterData(r.data), metadata: alterMetadata(r.metadata, "occurredAt") }
      const forged: Row = {
        ...base,
        ...(typeof r.command_id === "string" ? { command_id: null, command_hash: null } : {}),
        hash: Integrity.hashOfText(
          r.hash ?? "",
          base.version,
          base.position,
          Integrity.identityText({ eventId: base.event_id, schemaVersion: base.schema_version, stream: base.stream, type: base.type }),
          canonicalJson(JSON.parse(base.data)),
          canonicalJson(JSON.parse(base.metadata))
        )
      }
      return finish([...moved, forged].sort((a, b) => a.position - b.position), forged)
    }
    case "swap": {
      const a = pick(t.at)
      let b = pick(t.other)
      if (b === a) b = candidates[(candidates.indexOf(a) + 1) % candidates.length]!
      const swapped = rows.map((r) => (r === a ? { ...r, position: b.position } : r === b ? { ...r, position: a.position } : r))
      // An attacker who rehashes also puts the versions back in order, so that the links hold.
      return finish(t.rehash ? renumbered(renumbered(swapped, a.stream), b.stream) : swapped)
    }
    case "rewrite-attestation": {
      const targets = rows.filter((r) =>
        (t.copy === "both" || r.type === t.copy) && (r.type === "ReportSubmitted" || r.type === "ReportReceived") &&
        (JSON.parse(r.data) as { reportId: string }).reportId === t.report)
      return finish(rows.map((r) => {
        if (!targets.includes(r)) return r
        const data = JSON.parse(r.data) as Record<string, unknown> & { checkpoint: Record<string, unknown> }
        const field = t.field
        // A narrative rewritten with its hash recomputed, as a forger who knows how it is hashed would.
        const forged = [{ section: "overview", text: "改写的总体情况。" }]
        // A layout this version does not compute: the forger hopes to be told "retired", not "altered".
        const next = field === "layout"
          ? { ...data, layout: 9 }
          : field === "narrative"
          ? { ...data, narrative: forged, narrativeHash: Attestation.narrativeHash(forged) }
          : field === "narrativeHash"
          ? { ...data, narrativeHash: "0".repeat(64) }
          : field === "contentHash" || field === "position"
          ? { ...data, [field]: field === "position" ? (data.position as number) - 1 : "0".repeat(64) }
          : { ...data, checkpoint: { ...data.checkpoint, [field]: field === "size" ? (data.checkpoint.size as number) - 1 : field === "root" ? "f".repeat(64) : `${"B".repeat(86)}==` } }
        return { ...r, data: JSON.stringify(next) }
      }))
    }
    case "delete-attestation": {
      // The first report's copies: both at or before the last checkpoint.
      const gone = rows.filter((r) =>
        (t.copy === "both" || r.type === t.copy) && (r.type === "ReportSubmitted" || r.type === "ReportReceived") &&
        (JSON.parse(r.data) as { reportId: string }).reportId === "s1-2023-06")
      let without = rows.filter((r) => !gone.includes(r))
      if (t.rehash) for (const g of gone) without = renumbered(without, g.stream)
      return finish(without)
    }
  }
}

/**
 * Where verification must first find the links broken, for tampering without rehashing: the
 * first row (in log order) that is not one of the original rows as it was, the forged one
 * aside (it links by construction); for a deletion, the next event of the deleted one's
 * stream. `undefined` when the links alone cannot see it (the last event of a stream removed,
 * an event forged at its stream's end): the checkpoints must.
 */
export const firstBroken = (original: ReadonlyArray<Row>, tampered: ReadonlyArray<Row>, forged: Row | undefined): number | undefined => {
  const key = (r: Row) => canonicalJson([r.position, r.stream, r.version, r.event_id, r.type, r.schema_version, r.data, r.metadata, r.hash])
  const before = new Set(original.map(key))
  const positions = tampered.filter((r) => r !== forged && !before.has(key(r))).map((r) => r.position)
  const after = new Set(tampered.map(key))
  for (const deleted of original.filter((r) => !after.has(key(r)) && !tampered.some((x) => x.event_id === r.event_id))) {
    const next = tampered.filter((r) => r.stream === deleted.stream && r.position > deleted.position).sort((a, b) => a.position - b.position)[0]
    if (next !== undefined) positions.push(next.position)
  }
  return positions.length === 0 ? undefined : Math.min(...positions)
}

/**
 * What verification must have found after tampering `t` turned `original` into `tampered`:
 * something, always; without rehashing, the first broken event where the links show it; with
 * every link recomputed, no broken link (the signed checkpoints, a report's copies or its
 * figures must then show it).
 */
export const expectFound = (
  original: ReadonlyArray<Row>,
  t: Tamper,
  tampered: { readonly rows: ReadonlyArray<Row>; readonly forged?: Row | undefined },
  result: Effect.Success<typeof verifyAll>
): void => {
  const what = JSON.stringify(t)
  expect(result.holds, what).toBe(false)
  if (t.rehash) return void expect(result.integrity.broken, what).toBeUndefined()
  const first = firstBroken(original, tampered.rows, tampered.forged)
  if (first !== undefined) expect(result.integrity.broken?.position, what).toBe(first)
}
