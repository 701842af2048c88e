/**
 * The command lines on a KurrentDB store (`--store kurrentdb:<connection string>`), with the
 * ledgers and the personal-data keys in a SQLite file (`--projections sqlite:<file>`): the demo
 * seeds the year into KurrentDB, the reads decrypt with the keys of that file, the ledgers are
 * rebuilt into it and none of the events are, the report verifies, and `exec` writes events
 * that a plain KurrentDB client reads back. Against `@fulian/testing/KurrentStandIn`, a test
 * double of the server that the real client talks to over a socket; the demo's 1,871 commands
 * take a few minutes there.
 *
 * Also: the KurrentDB client is loaded only by a command on a KurrentDB store.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { FORWARDS, KurrentDBClient, START } from "@kurrent/kurrentdb-client"
import Database from "better-sqlite3"
import { Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Demo from "@fulian/cli/Demo"
import * as Store from "@fulian/cli/Store"
import * as Policy from "@fulian/core/Policy"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as KurrentStandIn from "@fulian/testing/KurrentStandIn"
import { fulian, tempDir, type Ran } from "./support/Run.ts"

describe("Store.parse and Store.describe for KurrentDB", () => {
  it("reads kurrentdb:<connection string>, and a connection string alone in each of the client's protocols", () => {
    const spec = Store.parse("kurrentdb:kurrentdb://db.example:2113?tls=false")
    expect(spec._tag).toBe("kurrentdb")
    expect(spec._tag === "kurrentdb" && Redacted.value(spec.connectionString)).toBe("kurrentdb://db.example:2113?tls=false")
    for (const bare of ["kurrentdb://db.example:2113?tls=false", "esdb://db.example:2113", "kurrentdb+discover://cluster.example:2113", "esdb+discover://cluster.example"]) {
      const parsed = Store.parse(bare)
      expect(parsed._tag === "kurrentdb" && Redacted.value(parsed.connectionString), bare).toBe(bare)
      expect(Store.parse(`kurrentdb:${bare}`)).toEqual(parsed)
    }
  })

  it("refuses a kurrentdb: spec that is not a connection string naming a host, saying what one looks like", () => {
    for (const bad of ["kurrentdb:", "kurrentdb:localhost:2113", "kurrentdb:kurrentdb://", "kurrentdb:kurrentdb://?tls=false"]) {
      expect(() => Store.parse(bad), bad).toThrow("kurrentdb: needs a KurrentDB connection string naming a host, as in kurrentdb:kurrentdb://localhost:2113?tls=false")
    }
    expect(() => Store.parse("mysql://db")).toThrow("a store is sqlite:<file> or postgres:<url>, or kurrentdb:<connection string> for KurrentDB")
  })

  it("shows a connection string without its password, and keeps it out of the spec's printed form", () => {
    const spec = Store.parse("kurrentdb:kurrentdb://admin:changeit@db1.example:2113,db2.example:2113?tls=true&nodePreference=leader")
    expect(Store.describe(spec)).toBe("kurrentdb:kurrentdb://admin:***@db1.example:2113,db2.example:2113?tls=true&nodePreference=leader")
    expect(String(spec._tag === "kurrentdb" && spec.connectionString)).not.toContain("changeit")
    expect(Store.describe(Store.parse("esdb://db.example:2113?tls=false"))).toBe("kurrentdb:esdb://db.example:2113?tls=false")
  })

  it("takes sqlite: or postgres: for --projections, and refuses KurrentDB there", () => {
    expect(Store.parseProjections("sqlite:ledgers.db")).toEqual({ _tag: "sqlite", filename: "ledgers.db" })
    expect(Store.describe(Store.parseProjections("postgres://app:secret@db.example/fulian?schema=side"))).toBe("postgres:postgres://app:***@db.example/fulian?schema=side")
    for (const kurrent of ["kurrentdb:kurrentdb://db.example:2113", "esdb://db.example:2113"]) {
      expect(() => Store.parseProjections(kurrent), kurrent).toThrow("--projections cannot be KurrentDB")
    }
    expect(() => Store.parseProjections("ledgers.db")).toThrow("--projections is sqlite:<file> or postgres:<url>")
  })

  it("answers --projections kurrentdb:… on the command line with the reason, and exit 2", async () => {
    const ran = await fulian(["ledgers", "--projections", "kurrentdb:kurrentdb://db.example:2113", "--as", "zhou:chair@s1"])
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain("--projections cannot be KurrentDB")
  })
})

describe("fulian on KurrentDB (protocol stand-in), with its ledgers and keys in SQLite", () => {
  const dir = tempDir()
  const side = path.join(dir, "projections.db")
  let standIn: KurrentStandIn.StandIn
  let at: ReadonlyArray<string>
  let demo: Ran
  const auditor = ["--as", "sun-li:auditor@binhai", "--purpose", "测试"]

  beforeAll(async () => {
    standIn = await KurrentStandIn.start()
    at = ["--store", `kurrentdb:${standIn.connectionString}`, "--projections", `sqlite:${side}`]
    const started = performance.now()
    demo = await fulian(["demo", ...at])
    console.log(`fulian demo against the KurrentDB stand-in: ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }, 600_000)

  afterAll(async () => {
    await standIn?.stop()
  })

  it("seeds the demo year into KurrentDB and prints its summary, saying where the ledgers and keys are", () => {
    expect(demo.stderr).toBe("")
    expect(demo.code).toBe(0)
    expect(demo.stdout).toContain(`${Demo.street.name}年度工作总结`)
    expect(demo.stdout).toContain(`entered into kurrentdb:${standIn.connectionString} (its ledgers and keys in sqlite:${side})`)
    expect(demo.stdout).toContain("EscalateCase → CaseRejected")
  })

  it("reads a case's history with the keys of the projections database: the erased victim is erased, the other party is not", async () => {
    const history = await fulian(["history", "case-guihua-2025-dv", "--format", "json", ...auditor, ...at])
    expect(history.stderr).toBe("")
    expect(history.code).toBe(0)
    const entries = history.stdout.trim().split("\n").map((l) => JSON.parse(l) as { type: string; data: { parties?: ReadonlyArray<{ name: string }> } })
    expect(entries.map((e) => e.type)).toEqual(["CaseRegistered", "InvestigationRecorded", "CaseResolved", "FollowUpVisitRecorded", "CaseArchived"])
    expect(entries[0]!.data.parties!.map((p) => p.name)).toEqual(["[已删除]", "李凤英"])
    const text = await fulian(["history", "case-qingbo-2025-leak", ...auditor, ...at])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/when: happened 2025-04-03 09:40; recorded 2025-04-03 09:40/)
  })

  it("keeps personal data in KurrentDB encrypted: the other party's name is in no event as KurrentDB holds it", async () => {
    const client = KurrentDBClient.connectionString(standIn.connectionString)
    try {
      const texts: Array<string> = []
      for await (const resolved of client.readStream("case-guihua-2025-dv", { direction: FORWARDS, fromRevision: START })) {
        texts.push(JSON.stringify(resolved.event?.data))
      }
      expect(texts.length).toBe(5)
      expect(texts.some((t) => t.includes("李凤英") || t.includes("马艳"))).toBe(false)
    } finally {
      await client.dispose()
    }
  })

  it("draws the ledgers", async () => {
    const ledgers = await fulian(["ledgers", "--as-of", "2025-12-31", ...auditor, ...at])
    expect(ledgers.stderr).toBe("")
    expect(ledgers.code).toBe(0)
    for (const ledger of ["联系户台帐", "案件台帐", "活动台帐", "换届台帐"]) expect(ledgers.stdout).toContain(ledger)
    expect(ledgers.stdout).toContain("补录 entered more than 7 days after it happened: liuan (15)")
  })

  it("computes a report", async () => {
    const report = await fulian(["report", "annual", "--org", Demo.street.id, "--year", "2025", "--format", "json", "--lang", "en", ...auditor, ...at])
    expect(report.stderr).toBe("")
    expect(report.code).toBe(0)
    expect(JSON.parse(report.stdout).data.content.kind).toBe("annual")
  })

  it("rebuilds the ledgers into the projections database, where none of the events are", async () => {
    const rebuilt = await fulian(["rebuild", ...at])
    expect(rebuilt.code).toBe(0)
    expect(rebuilt.stderr).toContain(`in kurrentdb:${standIn.connectionString}, kept in the projections database sqlite:${side}`)
    const file = new Database(side, { readonly: true, fileMustExist: true })
    try {
      const kept = file.prepare("SELECT name FROM projection_checkpoints ORDER BY name").all() as Array<{ name: string }>
      expect(kept.map((r) => r.name)).toEqual(Ledgers.all(Policy.defaults).map((p) => p.name).sort())
      expect((file.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n).toBe(0)
      // The keys are there: one per data subject, the erased victim's destroyed.
      expect((file.prepare("SELECT count(*) AS n FROM data_keys").get() as { n: number }).n).toBeGreaterThan(0)
    } finally {
      file.close()
    }
  })

  it("verifies every hash link, the district's checkpoint and the report sent up", async () => {
    const verified = await fulian(["verify", ...auditor, ...at])
    expect(verified.code).toBe(0)
    expect(verified.stdout).toMatch(/^links +1,8\d\d events: every hash link holds$/m)
    expect(verified.stdout).toMatch(/^checkpoint +qingshan-annual-2025 .*: root [0-9a-f]{16}… and the sender's signature hold$/m)
    expect(verified.stdout).toMatch(/^ok +qingshan-annual-2025/m)
  })

  it("writes a command of exec into KurrentDB, where a plain client reads it back with fulian's envelope", async () => {
    // Dated in the demo year, when ma-hui's committee is in office (its term ends in 2026).
    const line = JSON.stringify({
      _tag: "RegisterOrganization",
      occurredAt: "2025-12-30",
      actor: { person: "ma-hui", role: "upper-cadre", organization: "binhai" },
      organizationId: "beishan",
      name: "北山街道妇联",
      level: "street",
      parentId: "binhai"
    })
    const ran = await fulian(["exec", ...at], line)
    expect(ran.stderr).toContain("fulian exec: 1 applied")
    expect(ran.code).toBe(0)
    const result = JSON.parse(ran.stdout) as { ok: true; events: ReadonlyArray<{ stream: string; version: number; position: number; type: string }> }
    const written = result.events[0]!
    const client = KurrentDBClient.connectionString(standIn.connectionString)
    try {
      const read: Array<{ type: string; revision: bigint; prepare: bigint | undefined; metadata: unknown }> = []
      for await (const resolved of client.readStream(written.stream, { direction: FORWARDS, fromRevision: START })) {
        const e = resolved.event!
        read.push({ type: e.type, revision: e.revision, prepare: e.position?.prepare, metadata: e.metadata })
      }
      expect(read.length).toBe(written.version)
      const last = read[read.length - 1]!
      expect(last).toMatchObject({ type: written.type, revision: BigInt(written.version - 1), prepare: BigInt(written.position) })
      expect(last.metadata).toMatchObject({ "fulian.event": "1" })
    } finally {
      await client.dispose()
    }
    const history = await fulian(["history", written.stream, ...auditor, ...at])
    expect(history.code).toBe(0)
    expect(history.stdout).toContain("北山街道妇联")
  })

  it("refuses a command that reads when --projections names a SQLite file that is not there, and creates none", async () => {
    const absent = path.join(dir, "absent.db")
    const elsewhere = ["--store", `kurrentdb:${standIn.connectionString}`, "--projections", `sqlite:${absent}`]
    for (const args of [["ledgers", ...auditor], ["history", "case-qingbo-2025-leak", ...auditor], ["verify", ...auditor], ["report", "annual", "--org", "qingshan", "--year", "2025", ...auditor], ["rebuild"]]) {
      const ran = await fulian([...args, ...elsewhere])
      expect(ran.code, args.join(" ")).toBe(1)
      expect(ran.stderr, args.join(" ")).toContain(`there is no projections database at sqlite:${absent} for the events in kurrentdb:${standIn.connectionString}`)
      expect(ran.stderr, args.join(" ")).toContain("personal-data keys")
      expect(fs.existsSync(absent), args.join(" ")).toBe(false)
    }
  })

  it("refuses a projections database that holds events of its own: it is a store, not KurrentDB's side database", async () => {
    const store = path.join(dir, "a-store.db")
    const line = JSON.stringify({ _tag: "RegisterOrganization", actor: { person: "zhou", role: "upper-cadre", organization: "s1" }, organizationId: "s1", name: "北山街道妇联", level: "street" })
    expect((await fulian(["exec", "--store", `sqlite:${store}`], line)).code).toBe(0)
    const ran = await fulian(["ledgers", ...auditor, "--store", `kurrentdb:${standIn.connectionString}`, "--projections", `sqlite:${store}`])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toContain(`sqlite:${store} holds events of its own`)
  })

  it("will not seed the demo again into a KurrentDB that holds it", async () => {
    const again = await fulian(["demo", ...at])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain(`kurrentdb:${standIn.connectionString} already holds the demo`)
  })
})

describe("loading the KurrentDB client", () => {
  const dir = tempDir()

  /** The packages of `watched` loaded by a run of `fulian <args>` in a process of its own. */
  const loadedBy = (args: ReadonlyArray<string>, watched: ReadonlyArray<string>): ReadonlyArray<string> => {
    const out = execFileSync(process.execPath, ["--conditions=fulian:source", "--import", "tsx", "--input-type=module", "-e", `
const { Effect } = await import("effect")
const Cli = await import("@fulian/cli/Cli")
const NodePlatform = await import("@fulian/cli/NodePlatform")
const args = ${JSON.stringify(args)}
await Effect.runPromise(Cli.main(args).pipe(Effect.provide(NodePlatform.layer(NodePlatform.stdio(args)))))
const { createRequire } = await import("node:module")
const cache = Object.keys(createRequire(import.meta.url).cache)
console.log("\\nloaded: " + JSON.stringify(${JSON.stringify(watched)}.filter((m) => cache.some((k) => k.includes("/node_modules/" + m + "/")))))
process.exit(0)`], { cwd: import.meta.dirname, encoding: "utf8", input: "", stdio: "pipe" })
    return JSON.parse(out.split("\nloaded: ").pop()!.trim()) as ReadonlyArray<string>
  }

  const watched = ["@kurrent/kurrentdb-client", "@grpc/grpc-js"]

  it("loads neither the KurrentDB client nor gRPC for a command on SQLite, nor for --version", () => {
    expect(loadedBy(["exec", "--store", `sqlite:${path.join(dir, "lazy.db")}`], watched)).toEqual([])
    expect(loadedBy(["--version"], watched)).toEqual([])
  })

  it("loads them when a command opens a KurrentDB store", () => {
    // The client connects only when asked something: exec with no lines opens the store and asks nothing.
    const conn = "kurrentdb://127.0.0.1:1?tls=false"
    expect(loadedBy(["exec", "--store", `kurrentdb:${conn}`, "--projections", `sqlite:${path.join(dir, "lazy-side.db")}`], watched)).toEqual(watched)
  })
})
