/**
 * The projection guarantee every SQL projection store runs: a projection killed (SIGKILL) in
 * the middle of a rebuild resumes from its last saved checkpoint and ends identical to a clean
 * rebuild — so its checkpoint is stored atomically with its read model.
 *
 *   ProjectionGuarantees.suite({ name, layer, childScript, childArgs })
 *
 * The child script builds the same store and calls `rebuildChild(layer)`.
 *
 * @since 0.1.0
 */
import { spawn } from "node:child_process"
import { Effect, type Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Domain from "@fulian/core/Domain"
import * as Policy from "@fulian/core/Policy"
import * as Projection from "@fulian/projections/Projection"
import * as HouseholdContact from "@fulian/projections/ledgers/HouseholdContact"
import { calendarOf } from "@fulian/core/Time"
import type { EventStore } from "@fulian/store/EventStore"
import { childNodeArgs } from "./Guarantees.ts"

/** What the suite runs against. */
export interface Subject {
  readonly name: string
  /** The event store and its projection store, on an isolated database. */
  readonly layer: Layer.Layer<EventStore | Projection.ProjectionStore, unknown>
  /** A script of the adapter's that builds the same layer and calls `rebuildChild(layer)`. */
  readonly childScript: string
  readonly childArgs: ReadonlyArray<string>
}

/**
 * A projection that notices a skipped or repeated event: it counts events by type and sums
 * their positions.
 */
export const fingerprint = Projection.make({
  name: "guarantee-fingerprint",
  version: 1,
  initial: { count: 0, positionSum: 0, byType: {} as Record<string, number> },
  apply: (state, { position, event }) => ({
    count: state.count + 1,
    positionSum: state.positionSum + position,
    byType: { ...state.byType, [event._tag]: (state.byType[event._tag] ?? 0) + 1 }
  })
})

/** A real ledger, in the default calendar. */
const ledger = HouseholdContact.projection(calendarOf(Policy.defaults))

/** The projections the suite rebuilds: the fingerprint and a real ledger. */
export const projections = [fingerprint, ledger] as const

const PAGE = 4

/** The child's work: rebuild each projection in small pages, printing each checkpoint. */
export const rebuildChild = async (layer: Layer.Layer<EventStore | Projection.ProjectionStore, unknown>): Promise<void> => {
  const runtime = ManagedRuntime.make(layer)
  for (const projection of projections) {
    await runtime.runPromise(Projection.rebuild(projection as Projection.Projection<unknown>, {
      pageSize: PAGE,
      onProgress: ({ checkpoint }) => Effect.sync(() => process.stdout.write(`${projection.name} ${checkpoint}\n`))
    }))
  }
  process.stdout.write("done\n")
  await runtime.dispose()
}

const actor = (role: Domain.Command["actor"]["role"], organization: string) => ({ person: `${role}@${organization}`, role, organization })

/** Commands that give a few hundred events across organizations, households and links. */
const seedCommands = (): ReadonlyArray<Domain.Command> => {
  const commands: Array<Domain.Command> = [
    { _tag: "RegisterOrganization", actor: actor("upper-cadre", "s1"), organizationId: "s1", name: "北山街道", level: "street" },
    // The street's first committee, recorded by the cadre who registered it, who sits on it.
    {
      _tag: "ElectExecutiveCommittee",
      actor: actor("upper-cadre", "s1"),
      termId: "s1-2025",
      organizationId: "s1",
      congressSession: "2025-1",
      electedOn: "2025-01-06",
      startsOn: "2025-01-06",
      residentsCommitteeElectedOn: "2025-01-06",
      members: [{ personId: actor("upper-cadre", "s1").person, name: "主席", position: "chair" }]
    },
    { _tag: "RegisterOrganization", actor: actor("upper-cadre", "s1"), organizationId: "c1", name: "青波社区", level: "community", parentId: "s1" },
    {
      _tag: "ElectExecutiveCommittee",
      actor: actor("upper-cadre", "s1"),
      termId: "c1-2025",
      organizationId: "c1",
      congressSession: "2025-1",
      electedOn: "2025-01-10",
      startsOn: "2025-01-10",
      residentsCommitteeElectedOn: "2025-01-10",
      members: [{ personId: actor("chair", "c1").person, name: "主席", position: "chair" }]
    }
  ]
  for (let r = 0; r < 12; r++) {
    commands.push({ _tag: "ElectRepresentative", actor: actor("chair", "c1"), organizationId: "c1", representativeId: `r${r}`, name: `代表${r}`, congressSession: "2025-1", electedOn: "2025-01-10" })
  }
  for (let h = 0; h < 60; h++) {
    commands.push({ _tag: "RegisterHousehold", actor: actor("chair", "c1"), householdId: `h${h}`, organizationId: "c1", headName: `户主${h}`, address: `青波巷 ${h}`, circumstances: [] })
    commands.push({ _tag: "ChangeHouseholdCircumstances", actor: actor("chair", "c1"), householdId: `h${h}`, circumstances: ["low-income"] })
    if (h < 48) commands.push({ _tag: "LinkHousehold", actor: actor("chair", "c1"), organizationId: "c1", representativeId: `r${h % 12}`, householdId: `h${h}` })
  }
  return commands
}

/** Defines the suite under `describe`. */
export const suite = (subject: Subject): void => {
  describe(`projection guarantees: ${subject.name}`, () => {
    let runtime: ManagedRuntime.ManagedRuntime<EventStore | Projection.ProjectionStore, unknown>
    let seeded = 0
    beforeAll(async () => {
      runtime = ManagedRuntime.make(subject.layer)
      const policy = Policy.layer()
      for (const command of seedCommands()) {
        seeded += (await runtime.runPromise(Effect.provide(Domain.execute(command), policy))).events.length
      }
    }, 120_000)
    afterAll(() => runtime.dispose())

    it("a projection killed in the middle of a rebuild resumes and ends identical to a clean rebuild", async () => {
      const child = spawn(process.execPath, childNodeArgs(subject.childScript, subject.childArgs), { stdio: ["ignore", "pipe", "pipe"] })
      let err = ""
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk))
      // Kill it once the real ledger is part-way through its rebuild.
      const killedAt = await new Promise<string>((resolve, reject) => {
        let out = ""
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          out += chunk
          const lines = out.split("\n").filter((l) => l.startsWith(ledger.name))
          if (lines.length >= 12) {
            child.kill("SIGKILL")
            resolve(lines[lines.length - 1]!)
          }
        })
        child.on("exit", (code) => reject(new Error(`the child ended (${code}) before it was killed: ${out.slice(-500)} ${err.slice(-2000)}`)))
      })
      await new Promise((resolve) => child.once("exit", resolve))
      expect(killedAt).toMatch(/ \d+$/)

      // A committed event may show in the log a moment after its append returned (PostgreSQL
      // shows it once the transactions that started before it have ended): wait for all.
      let head = 0
      for (let waited = 0; waited < 10_000; waited += 10) {
        const caughtUp = await runtime.runPromise(Projection.catchUp(fingerprint))
        head = caughtUp.checkpoint
        if (caughtUp.state.count >= seeded) break
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      for (const projection of projections) {
        const p = projection as Projection.Projection<unknown>
        const stored = await runtime.runPromise(Projection.load(p))
        if (p === ledger) {
          // It really was interrupted half-way, with a consistent state saved.
          expect(stored!.checkpoint).toBeGreaterThan(0)
          expect(stored!.checkpoint).toBeLessThan(head)
        }
        const resumed = await runtime.runPromise(Projection.catchUp(p, { pageSize: PAGE }))
        const clean = await runtime.runPromise(Projection.foldUpTo(p, head))
        expect(resumed.checkpoint).toBe(head)
        const json = (state: unknown) => JSON.parse(JSON.stringify(Projection.toJson(p, state)))
        expect(json(resumed.state)).toEqual(json(clean))
        const rebuilt = await runtime.runPromise(Projection.rebuild(p))
        expect(json(rebuilt.state)).toEqual(json(resumed.state))
      }
    }, 120_000)
  })
}
