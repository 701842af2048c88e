/**
 * The guarantees of issue 3, as tests every SQL event store adapter runs against its real
 * database, written once here:
 *
 *   import * as Guarantees from "@fulian/testing/Guarantees"
 *   Guarantees.suite({ name: "SQLite", layer, corrupt, childScript, childArgs })
 *
 * - No lost update: concurrent command handlers on one stream, through the real domain.
 * - Atomicity: multi-stream appends are all or nothing, also when the writing process is
 *   killed with SIGKILL in the middle.
 * - Idempotency: a command id appends at most once, through the store and the handler, and a
 *   different command with a used id is refused.
 * - No valid command lost to contention: valid commands sent at once to one stream, from one
 *   process or from several, are all applied, or refused past the bound with a typed conflict;
 *   the store holds exactly the events of those reported applied.
 * - Gap-free global order: writer processes append concurrently while a follower pages
 *   through the log from position 0; it must see every event once, in stream order.
 * - Bad stored data: invalid JSON, an unknown type and a schema version with no upcast are
 *   typed errors naming the stream and position, never skipped.
 *
 * Concurrency is real: the writers of the order and atomicity tests are separate processes
 * (the adapter's `childScript`, which calls `childAppendLoop`), and the handlers of the
 * lost-update and idempotency tests are spread over several connections, each one a separate
 * build of `layer`, with their store operations interleaved at random.
 *
 * @since 0.1.0
 */
import { type ChildProcess, spawn } from "node:child_process"
import { createRequire } from "node:module"
import { pathToFileURL } from "node:url"
import { Effect, Layer, ManagedRuntime } from "effect"
import * as fc from "fast-check"
import { v4 as uuidv4, v7 as uuidv7 } from "uuid"
import { afterAll, afterEach, describe, expect, it } from "vitest"
import * as CommandHandler from "@fulian/core/CommandHandler"
import * as Domain from "@fulian/core/Domain"
import * as Household from "@fulian/core/Household"
import * as Policy from "@fulian/core/Policy"
import * as Representation from "@fulian/core/Representation"
import { calendarOf } from "@fulian/core/Time"
import { EventStore, type EventStoreError, type EventStoreShape, type RecordedEvent } from "@fulian/store/EventStore"
import * as GuaranteesChild from "./GuaranteesChild.ts"
import { CHILD_ENV, type ChildConfig, type LinkReport, loopStreams, testEvent, type WriterReport } from "./GuaranteesChild.ts"

/**
 * The entry point of the adapter's child script (see `GuaranteesChild`, the lighter module
 * to import it from).
 */
export const childAppendLoop = GuaranteesChild.childAppendLoop

/** How the bad-data test damages a stored event. */
export type Corruption = "invalid-json" | "unknown-type" | "future-schema-version"

/** An adapter under test, with what the suite needs to reach its storage directly. */
export interface Subject {
  readonly name: string
  /**
   * A fresh, isolated store (its own file / schema) for the whole suite. The suite builds it
   * several times, at once, for several connections: every build must reach the same storage.
   */
  readonly layer: Layer.Layer<EventStore, unknown>
  /**
   * Writes bad data straight into storage for the event at (stream, version): invalid JSON
   * data, an unknown type, or a schema version above the current one. Give this or `damaging`.
   */
  readonly corrupt?: ((stream: string, version: number, how: Corruption) => Promise<void>) | undefined
  /**
   * Where a stored event cannot be changed afterwards (KurrentDB's events are immutable),
   * instead of `corrupt`: a store over the same storage whose appends write their events
   * damaged as `how` says, and where the last event it damaged went.
   */
  readonly damaging?: ((how: Corruption) => Damaging) | undefined
  /**
   * Path of a script of the adapter's own (a few lines: build the same isolated store from
   * process.argv/env and call `childAppendLoop(layer)`, imported from the lighter
   * `@fulian/testing/GuaranteesChild`); run with tsx in child processes, as the writers of
   * the order test and as writers killed with SIGKILL mid-append. The suite tells each child
   * its part through the environment; the script need not know.
   */
  readonly childScript: string
  /** Arguments for that child script so it opens the same store. */
  readonly childArgs: ReadonlyArray<string>
  /** Writer processes of the gap-free global-order test (default 8). */
  readonly writers?: number
  /** Events each writer appends (default 2,500). */
  readonly eventsPerWriter?: number
  /** How many times a writer is killed in the atomicity test (default 4). */
  readonly kills?: number
  /** Processes of the cross-process contention test, 50 commands each (default 8). */
  readonly contendingProcesses?: number
}

/** A store that writes damaged events (see `Subject.damaging`). */
export interface Damaging {
  /**
   * A store over the suite's storage whose appends write each event of a fulian stream damaged
   * (its data no JSON object, an unknown type, or a schema version above the current one), and
   * anything the adapter keeps beside them (a command id's record) intact.
   */
  readonly layer: Layer.Layer<EventStore, unknown>
  /** The stream, version and position of the last event it damaged, read from storage directly. */
  readonly last: () => Promise<{ readonly stream: string; readonly version: number; readonly position: number }>
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Runs the store operations of a connection after a random number of yields each. */
const interleaved = (store: EventStoreShape, yields: () => number, onConflict: () => void): EventStoreShape => {
  const pause = Effect.suspend(() => {
    let effect: Effect.Effect<void> = Effect.void
    for (let i = yields(); i > 0; i--) effect = Effect.andThen(effect, Effect.yieldNow)
    return effect
  })
  return {
    append: (writes, options) =>
      pause.pipe(
        Effect.andThen(store.append(writes, options)),
        Effect.tapError((e) => (e.reason._tag === "WrongExpectedVersion" ? Effect.sync(onConflict) : Effect.void))
      ),
    readStream: (stream, options) => Effect.andThen(pause, store.readStream(stream, options)),
    readAll: (options) => Effect.andThen(pause, store.readAll(options)),
    readCommand: (id) => Effect.andThen(pause, store.readCommand(id))
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

interface Child {
  readonly process: ChildProcess
  readonly lines: Array<string>
  readonly stderr: () => string
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>
  /** Resolves when a line satisfying `test` was printed; rejects if the child exits first. */
  readonly waitFor: (test: (line: string) => boolean, timeoutMs: number) => Promise<string>
}

/**
 * The arguments of `node` for a child process running a TypeScript script: through tsx, and,
 * when this suite itself runs from fulian's sources (in fulian's own workspace), with the
 * `fulian:source` export condition, so that the child loads the same code as its parent.
 */
export const childNodeArgs = (script: string, args: ReadonlyArray<string>): Array<string> => [
  ...(import.meta.url.endsWith(".ts") ? ["--conditions=fulian:source"] : []),
  "--import",
  pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href,
  script,
  ...args
]

const spawnChild = (subject: Subject, config: ChildConfig): Child => {
  // node --import tsx, not the tsx CLI: the CLI runs the script in a grandchild that a
  // SIGKILL of the CLI would leave running.
  const proc = spawn(process.execPath, childNodeArgs(subject.childScript, subject.childArgs), {
    env: { ...process.env, [CHILD_ENV]: JSON.stringify(config) },
    stdio: ["pipe", "pipe", "pipe"]
  })
  const lines: Array<string> = []
  let err = ""
  let pending = ""
  const waiters = new Set<() => void>()
  proc.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk
    const parts = pending.split("\n")
    pending = parts.pop()!
    lines.push(...parts)
    for (const w of waiters) w()
  })
  proc.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on("exit", (code, signal) => {
      for (const w of waiters) w()
      resolve({ code, signal })
    })
  )
  const waitFor = (test: (line: string) => boolean, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find(test)
        if (found !== undefined) return done(() => resolve(found))
        if (proc.exitCode !== null || proc.signalCode !== null) {
          return done(() => reject(new Error(`child exited (${proc.exitCode ?? proc.signalCode}) before the line expected:\n${err}`)))
        }
      }
      const timer = setTimeout(() => done(() => reject(new Error(`child printed no expected line in ${timeoutMs} ms:\n${err}`))), timeoutMs)
      const done = (f: () => void) => {
        clearTimeout(timer)
        waiters.delete(check)
        f()
      }
      waiters.add(check)
      check()
    })
  return { process: proc, lines, stderr: () => err, exited, waitFor }
}

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

type Runtime = ManagedRuntime.ManagedRuntime<EventStore | Policy.Policy, unknown>

/**
 * The street every community of the suite is registered under (a deployment has one top
 * organization); its own for each run, since a server's storage (KurrentDB's) may outlive a run.
 */
const street = `guarantees-street-${uuidv4()}`
const cadre = (person = "cadre") => ({ person, role: "upper-cadre", organization: street }) as const

/** A community of the suite's street, registered by the street's cadre. */
const community = (organizationId: string, person = "cadre"): Domain.Command => ({
  _tag: "RegisterOrganization",
  actor: cadre(person),
  organizationId,
  name: `Community ${organizationId}`,
  level: "community",
  parentId: street
})

const chairOf = (organizationId: string) => ({ person: `chair-${organizationId}`, role: "chair", organization: organizationId }) as const

/** The community's first committee, elected today by the street's cadre, with `chairOf` in the chair. */
const committee = (organizationId: string): Domain.Command => {
  const today = calendarOf(Policy.defaults).dateOf(Date.now())
  return {
    _tag: "ElectExecutiveCommittee",
    actor: cadre(),
    termId: `${organizationId}-term`,
    organizationId,
    congressSession: "first congress",
    electedOn: today,
    startsOn: today,
    residentsCommitteeElectedOn: today,
    members: [{ personId: chairOf(organizationId).person, name: "Chair", position: "chair" }]
  }
}

const registerHousehold = (organizationId: string, householdId: string): Domain.Command => ({
  _tag: "RegisterHousehold",
  actor: chairOf(organizationId),
  householdId,
  organizationId,
  headName: "王芳",
  address: "3-201 Qingbo Lane",
  circumstances: []
})

const electRepresentative = (organizationId: string, representativeId: string): Domain.Command => ({
  _tag: "ElectRepresentative",
  actor: chairOf(organizationId),
  organizationId,
  representativeId,
  name: `Representative ${representativeId}`,
  congressSession: "2020 congress",
  electedOn: calendarOf(Policy.defaults).dateOf(Date.now())
})

/**
 * The k-th link of the contention tests: household k to representative ⌊k / 5⌋, so that the
 * links of a community with k households and k / 5 representatives are all valid together.
 */
const contendedLink = (organizationId: string, k: number): Extract<Domain.Command, { _tag: "LinkHousehold" }> => ({
  _tag: "LinkHousehold",
  commandId: uuidv7(),
  actor: chairOf(organizationId),
  organizationId,
  representativeId: `${organizationId}-r${Math.floor(k / 5)}`,
  householdId: `${organizationId}-h${k}`
})

const expectCorrupt = (error: unknown, at: { readonly stream: string; readonly position: number }) => {
  const e = error as EventStoreError
  expect(e?._tag, String(error)).toBe("EventStoreError")
  expect(e.reason).toMatchObject({ _tag: "CorruptEvent", stream: at.stream, position: at.position })
  expect(e.message).toContain(at.stream)
  expect(e.message).toContain(String(at.position))
}

/**
 * Defines the guarantee tests of an adapter under `describe`. They run in order against the
 * one store of `subject.layer`; the bad-data test runs last, since it leaves events in the log
 * that can no longer be read.
 */
export const suite = (subject: Subject): void => {
  if ((subject.corrupt === undefined) === (subject.damaging === undefined)) {
    throw new Error(`Guarantees.suite(${subject.name}): give corrupt or damaging, one of them`)
  }
  describe(`Event store guarantees: ${subject.name}`, () => {
    const runtimes: Array<Runtime> = []
    const children = new Set<Child>()
    const connect = (): Runtime => {
      const runtime = ManagedRuntime.make(Layer.merge(subject.layer, Policy.layer()))
      runtimes.push(runtime)
      return runtime
    }
    let main: Runtime | undefined
    let pool: Array<Runtime> | undefined
    /** Four more connections, for commands given at the same moment. */
    const connections = () => (pool ??= [connect(), connect(), connect(), connect()])
    const run = <A, E>(effect: Effect.Effect<A, E, EventStore | Policy.Policy>): Promise<A> => (main ??= connect()).runPromise(effect)
    const store = () => run(EventStore.useSync((s) => s))
    const flip = <A, E>(effect: Effect.Effect<A, E, EventStore | Policy.Policy>): Promise<E> => run(Effect.flip(effect))
    const start = (config: ChildConfig) => {
      const child = spawnChild(subject, config)
      children.add(child)
      void child.exited.then(() => children.delete(child))
      return child
    }
    const execute = (command: Domain.Command) =>
      run(Domain.execute(command)).catch((error) => {
        throw new Error(`setup command ${command._tag} failed: ${String(error)}`)
      })
    let streetRegistered: Promise<unknown> | undefined
    /**
     * The suite's street, registered once, with its first committee: its cadres (members of
     * it) register the communities below it and record their first committees.
     */
    const theStreet = () =>
      (streetRegistered ??= (async () => {
        await execute({ _tag: "RegisterOrganization", actor: cadre(), organizationId: street, name: "Guarantees Street", level: "street" })
        const today = calendarOf(Policy.defaults).dateOf(Date.now())
        await execute({
          _tag: "ElectExecutiveCommittee",
          actor: cadre(),
          termId: `${street}-term`,
          organizationId: street,
          congressSession: "first congress",
          electedOn: today,
          startsOn: today,
          residentsCommitteeElectedOn: today,
          members: [{ personId: "cadre", name: "Cadre", position: "chair" }, { personId: "another-cadre", name: "Another Cadre", position: "member" }]
        })
      })())
    /** A community with its committee in office, under the suite's street. */
    const staffed = async (organizationId: string) => {
      await theStreet()
      await execute(community(organizationId))
      await execute(committee(organizationId))
    }
    /** A community with this many households and a fifth as many representatives, for `contendedLink`. */
    const contendedCommunity = async (label: string, households: number) => {
      const org = `guarantee-${label}-${uuidv4()}`
      await staffed(org)
      await Promise.all(Array.from({ length: households }, (_, k) => execute(registerHousehold(org, `${org}-h${k}`))))
      await Promise.all(Array.from({ length: Math.ceil(households / 5) }, (_, r) => execute(electRepresentative(org, `${org}-r${r}`))))
      return org
    }

    afterEach(() => {
      for (const child of children) child.process.kill("SIGKILL")
    })
    afterAll(async () => {
      for (const runtime of runtimes) await runtime.dispose()
    })

    it("no lost update: concurrent handlers linking households in one community stream keep both limits", async () => {
      const stores = await Promise.all(connections().map((c) => c.runPromise(EventStore.useSync((s) => s))))
      let conflicts = 0
      await fc.assert(
        fc.asyncProperty(fc.infiniteStream(fc.nat(4)), async (yieldStream) => {
          const yields = yieldStream[Symbol.iterator]()
          const org = `guarantee-lost-${uuidv4()}`
          await staffed(org)
          const households = Array.from({ length: 8 }, (_, i) => `${org}-h${i}`)
          for (const householdId of households) await execute(registerHousehold(org, householdId))
          const representatives = ["r0", "r1"]
          for (const representativeId of representatives) await execute(electRepresentative(org, representativeId))
          // 16 links: every household to both representatives; each representative may take
          // at most 5 households, and a household at most one representative.
          const commands = households.flatMap((householdId) =>
            representatives.map((representativeId): Domain.Command => ({
              _tag: "LinkHousehold",
              commandId: uuidv7(),
              actor: chairOf(org),
              organizationId: org,
              representativeId,
              householdId
            }))
          )
          const outcomes = await Promise.all(commands.map((command, i) => {
            const connection = connections()[i % stores.length]!
            const wrapped = interleaved(stores[i % stores.length]!, () => yields.next().value ?? 0, () => conflicts++)
            const maxAttempts = [1, 2, 4, 10][i % 4]!
            return connection.runPromise(
              Effect.result(Domain.execute(command, { maxAttempts })).pipe(Effect.provideService(EventStore, wrapped))
            )
          }))
          const stream = `representation-${org}`
          const log = await run(EventStore.use((s) => s.readStream(stream)))
          const linked = log.filter((e) => e.type === "HouseholdLinked")
          const applied = new Map<string, RecordedEvent>()
          for (const [i, outcome] of outcomes.entries()) {
            const command = commands[i]! as Extract<Domain.Command, { _tag: "LinkHousehold" }>
            const first = await run(EventStore.use((s) => s.readCommand(command.commandId!)))
            if (outcome._tag === "Success") {
              expect(outcome.success.duplicate).toBe(false)
              expect(outcome.success.events.map((e) => e.type)).toEqual(["HouseholdLinked"])
              const event = outcome.success.events[0]!
              expect(event.data).toMatchObject({ householdId: command.householdId, representativeId: command.representativeId })
              applied.set(event.eventId, event)
              expect(first?.events.map((e) => e.eventId)).toEqual([event.eventId])
            } else {
              const error = outcome.failure as { _tag: string; reason: unknown }
              const typed = (error._tag === "EventStoreError" && (error.reason as { _tag: string })._tag === "WrongExpectedVersion") ||
                (error._tag === "RepresentationRejected" && ["HouseholdHasRepresentative", "RepresentativeAtLimit"].includes(error.reason as string))
              expect(typed, `command ${i} failed with ${String(outcome.failure)}`).toBe(true)
              expect(first).toBeUndefined()
            }
          }
          // Every applied command appended exactly once, and nothing else was appended.
          expect(linked.map((e) => e.eventId).sort()).toEqual([...applied.keys()].sort())
          expect(log.map((e) => e.version)).toEqual(log.map((_, k) => k + 1))
          // The invariants hold on the state folded from the stream.
          const state = await run(CommandHandler.load(Domain.codec, Representation.aggregate, org)).then((l) => l.state)
          for (const representativeId of representatives) {
            expect(Representation.householdsOf(state, representativeId).length).toBeLessThanOrEqual(5)
          }
          expect(state.links.size).toBe(applied.size)
          expect(new Set([...applied.values()].map((e) => (e.data as { householdId: string }).householdId)).size).toBe(applied.size)
        }),
        { numRuns: 5 }
      )
      // The interleaving really made handlers append on stale reads.
      expect(conflicts).toBeGreaterThan(0)
    })

    it("atomicity: a multi-stream append is all or nothing, also when the writing process is killed", async () => {
      const s = await store()
      const streams = [`guarantee-atomic-${uuidv4()}`, `guarantee-atomic-${uuidv4()}`, `guarantee-atomic-${uuidv4()}`]
      await run(s.append([{ stream: streams[2]!, expected: "no-stream", events: [testEvent("Seed", {}, uuidv7())] }]))
      const refused = await flip(s.append(streams.map((stream) => ({
        stream,
        expected: stream === streams[2] ? 0 : "no-stream",
        events: Array.from({ length: 50 }, () => testEvent("BatchPart", {}, uuidv7()))
      }))))
      expect(refused.reason._tag).toBe("WrongExpectedVersion")
      for (const stream of streams) expect((await run(s.readStream(stream))).length).toBe(stream === streams[2] ? 1 : 0)

      // The writers start together and each is killed at a random moment after its first commit.
      const runId = uuidv4()
      const runs = Array.from({ length: subject.kills ?? 4 }, (_, k) => `${runId}-${k}`)
      await Promise.all(runs.map(async (r, k) => {
        const child = start({ mode: "loop", run: r, seed: 1000 + k })
        await child.waitFor((line) => line === "ready", 60_000)
        await sleep(20 + Math.floor(Math.random() * 300))
        child.process.kill("SIGKILL")
        const exit = await child.exited
        expect(exit.signal).toBe("SIGKILL")
      }))
      const batches = new Map<string, { size: number; indexes: Set<number> }>()
      const versions = new Map<string, number>()
      let after = 0
      for (;;) {
        const page = await run(s.readAll({ after, limit: 1000 }))
        if (page.length === 0) break
        for (const e of page) {
          after = e.position
          const data = e.data as { run?: string; batch?: number; size?: number; index?: number }
          if (e.type !== "BatchPart" || data.run === undefined || !runs.includes(data.run)) continue
          const key = `${data.run}/${data.batch}`
          const batch = batches.get(key) ?? { size: data.size!, indexes: new Set<number>() }
          batch.indexes.add(data.index!)
          batches.set(key, batch)
          expect(e.version).toBe((versions.get(e.stream) ?? 0) + 1)
          versions.set(e.stream, e.version)
        }
      }
      // Every child committed at least its first batch, and every batch is whole.
      for (const r of runs) expect([...batches.keys()].some((k) => k.startsWith(`${r}/`))).toBe(true)
      for (const [key, batch] of batches) {
        expect(batch.indexes.size, `batch ${key}`).toBe(batch.size)
        expect(Math.max(...batch.indexes)).toBe(batch.size - 1)
      }
      // The store still takes appends on every stream the killed writers left.
      for (const r of runs) {
        for (const stream of loopStreams(r)) {
          const version = versions.get(stream) ?? 0
          const appended = await run(s.append([{ stream, expected: version, events: [testEvent("AfterKill", {}, uuidv7())] }]))
          expect(appended.events[0]!.version).toBe(version + 1)
        }
      }
    }, 120_000)

    it("idempotency: a command id appends once, through the store and through the command handler", async () => {
      const s = await store()
      const stream = `guarantee-idem-${uuidv4()}`
      const commandId = uuidv7()
      const first = await run(s.append([{ stream, expected: "no-stream", events: [testEvent("Once", {}, commandId)] }], { commandId }))
      const again = await run(s.append([{ stream, expected: "no-stream", events: [testEvent("Once", {}, commandId)] }], { commandId }))
      expect(again).toEqual({ events: first.events, duplicate: true })
      expect((await run(s.readStream(stream))).length).toBe(1)

      const org = `guarantee-idem-${uuidv4()}`
      await staffed(org)
      const register: Domain.Command = {
        _tag: "RegisterHousehold",
        commandId: uuidv7(),
        actor: chairOf(org),
        householdId: `${org}-h`,
        organizationId: org,
        headName: "李娜",
        address: "5-102 Qingbo Lane",
        circumstances: ["single-parent"]
      }
      const once = await run(Domain.execute(register))
      const twice = await run(Domain.execute(register))
      expect(once.duplicate).toBe(false)
      expect(twice.duplicate).toBe(true)
      expect(twice.events.map((e) => e.eventId)).toEqual(once.events.map((e) => e.eventId))
      // The same command on four connections at once: one appends, the others answer with it.
      const change: Domain.Command = {
        _tag: "ChangeHouseholdCircumstances",
        commandId: uuidv7(),
        actor: chairOf(org),
        householdId: `${org}-h`,
        circumstances: ["low-income"]
      }
      const outcomes = await Promise.all(connections().map((c) => c.runPromise(Domain.execute(change))))
      expect(outcomes.filter((o) => !o.duplicate).length).toBe(1)
      for (const o of outcomes) expect(o.events.map((e) => e.eventId)).toEqual(outcomes[0]!.events.map((e) => e.eventId))
      const household = await run(s.readStream(`household-${org}-h`))
      expect(household.map((e) => e.type)).toEqual(["HouseholdRegistered", "HouseholdCircumstancesChanged"])
      const state = await run(CommandHandler.load(Domain.codec, Household.aggregate, `${org}-h`))
      expect(state.state.circumstances).toEqual(["low-income"])
      // Four different commands with one id on four connections at once: one applies, the
      // others are refused with CommandIdReused and write nothing.
      const sharedId = uuidv7()
      const rivals = ["single-parent", "disability", "empty-nest-elderly", "low-income"].map((circumstance, i): Domain.Command => ({
        _tag: "RegisterHousehold",
        commandId: sharedId,
        actor: chairOf(org),
        householdId: `${org}-rival-${i}`,
        organizationId: org,
        headName: "李娜",
        address: "5-102 Qingbo Lane",
        circumstances: [circumstance as Household.Circumstance]
      }))
      const raced = await Promise.all(connections().map((c, i) => c.runPromise(Effect.result(Domain.execute(rivals[i]!)))))
      expect(raced.filter((r) => r._tag === "Success").length).toBe(1)
      for (const r of raced) if (r._tag === "Failure") expect(r.failure).toMatchObject({ _tag: "CommandIdReused", commandId: sharedId })
      const streams = await Promise.all(rivals.map((_, i) => run(s.readStream(`household-${org}-rival-${i}`))))
      expect(streams.map((events) => events.length).sort()).toEqual([0, 0, 0, 1])
    })

    it("no valid command lost to contention: 50 links sent at once to one roster through one store all apply", async () => {
      const org = await contendedCommunity("contention", 50)
      const s = await store()
      const commands = Array.from({ length: 50 }, (_, k) => contendedLink(org, k))
      const outcomes = await run(Effect.forEach(commands, (c) => Effect.result(Domain.execute(c)), { concurrency: "unbounded" }))
      expect(outcomes.flatMap((o, i) => (o._tag === "Failure" ? [`link ${i}: ${String(o.failure)}`] : []))).toEqual([])
      const linked = (await run(s.readStream(`representation-${org}`))).filter((e) => e.type === "HouseholdLinked")
      expect(linked.map((e) => e.metadata.commandId).sort()).toEqual(commands.map((c) => c.commandId).sort())
    })

    it("no valid command lost to contention across processes: each of 8 × 50 links is applied once or refused with a typed conflict", async ({ annotate }) => {
      const processes = subject.contendingProcesses ?? 8
      const perProcess = 50
      // The children start (slowly: each loads the domain) while the community is set up.
      const children = Array.from({ length: processes }, () => start({ mode: "link" }))
      const org = await contendedCommunity("processes", processes * perProcess)
      const s = await store()
      const plans = Array.from({ length: processes }, (_, p) => Array.from({ length: perProcess }, (_, i) => contendedLink(org, p * perProcess + i)))
      await Promise.all(children.map((c) => c.waitFor((line) => line === "ready", 60_000)))
      children.forEach((c, p) => c.process.stdin!.end(JSON.stringify(plans[p])))
      const reports = await Promise.all(children.map(async (c) => {
        const line = await c.waitFor((l) => l.startsWith("links "), 150_000)
        return JSON.parse(line.slice("links ".length)) as LinkReport
      }))
      const sent = reports.flat()
      expect(sent.map((r) => r.commandId).sort()).toEqual(plans.flat().map((c) => c.commandId).sort())
      // Every command was applied, or refused past the bound with a typed conflict.
      expect(sent.filter((r) => !r.applied && !(r.error === "EventStoreError" && r.reason === "WrongExpectedVersion"))).toEqual([])
      // The store holds exactly the events of the commands reported applied: none lost, none extra.
      const linked = (await run(s.readStream(`representation-${org}`))).filter((e) => e.type === "HouseholdLinked")
      const stored = new Map<string, Array<string>>()
      for (const e of linked) stored.set(e.metadata.commandId, [...(stored.get(e.metadata.commandId) ?? []), e.eventId])
      const applied = sent.filter((r) => r.applied)
      expect(linked.length).toBe(applied.length)
      for (const r of sent) expect(stored.get(r.commandId), `command ${r.commandId}`).toEqual(r.applied ? r.eventIds : undefined)
      // The rest met a writer in another process at every one of their attempts: with the
      // backoff they are few (7 to 16 of 400 on a loaded machine of two cores).
      await annotate(`${applied.length} of ${sent.length} applied, the rest refused past the bound`)
      expect(applied.length, `${applied.length} of ${sent.length} applied`).toBeGreaterThan(sent.length / 2)
    }, 240_000)

    it("gap-free global order: a follower paging from position 0 sees every event of concurrent writer processes once, in stream order", async () => {
      const writers = subject.writers ?? 8
      const perWriter = subject.eventsPerWriter ?? 2500
      const s = await store()
      const runId = uuidv4()
      const prefix = `guarantee-order-${runId}-`
      const children = Array.from({ length: writers }, (_, writer) =>
        start({ mode: "writer", run: runId, writer, events: perWriter, seed: 7 * writer + 1 }))
      await Promise.all(children.map((c) => c.waitFor((line) => line === "ready", 60_000)))
      let writing = writers
      const failures: Array<string> = []
      const exits = children.map((c, i) =>
        c.exited.then((exit) => {
          writing--
          if (exit.code !== 0) failures.push(`writer ${i} exited with ${exit.code ?? exit.signal}: ${c.stderr()}`)
        }))
      for (const c of children) c.process.stdin!.end("go\n")

      const seen: Array<RecordedEvent> = []
      const disorder: Array<string> = []
      const pageSizes = [1, 7, 50, 100, 250, 500]
      let after = 0
      let pagesWhileWriting = 0
      let idleSince: number | undefined
      for (let i = 0;; i++) {
        const done = writing === 0
        const limit = pageSizes[i % pageSizes.length]!
        const page = await run(s.readAll({ after, limit }))
        if (page.length > limit) disorder.push(`a page of ${page.length} events for a limit of ${limit}`)
        for (const e of page) {
          if (e.position <= after) disorder.push(`position ${e.position} after ${after}`)
          after = e.position
          if (e.stream.startsWith(prefix)) seen.push(e)
        }
        if (page.length > 0 && !done) pagesWhileWriting++
        // Done when the writers are and the follower has seen all they wrote — or gives up
        // after ten seconds. A committed event may show a moment after its append returned
        // (PostgreSQL shows it once the transactions that started before it have ended).
        if (page.length === 0 && done) {
          if (seen.length >= writers * perWriter) break
          if ((idleSince ??= performance.now()) < performance.now() - 10_000) break
        } else idleSince = undefined
        // Caught up: wait a little for more, as a real follower polls.
        if (page.length < limit) await sleep(2)
        else await new Promise((resolve) => setImmediate(resolve))
      }
      await Promise.all(exits)
      expect(failures).toEqual([])
      expect(disorder).toEqual([])
      expect(pagesWhileWriting, "the follower read while the writers wrote").toBeGreaterThan(0)

      const reports = children.map((c) => {
        const line = c.lines.find((l) => l.startsWith("report "))
        expect(line, `writer report: ${c.stderr()}`).toBeDefined()
        return JSON.parse(line!.slice("report ".length)) as WriterReport
      })
      const expected = new Map<string, number>()
      for (const r of reports) {
        for (const [stream, version] of Object.entries(r.own)) expected.set(stream, version)
        for (const [stream, n] of Object.entries(r.shared)) expected.set(stream, (expected.get(stream) ?? 0) + n)
      }
      const total = reports.reduce((a, r) => a + r.events, 0)
      expect(total).toBe(writers * perWriter)
      // Exactly once: no event id twice, and every stream's versions 1..n in log order.
      const unique = new Set(seen.map((e) => e.eventId)).size
      const versions = new Map<string, number>()
      const outOfOrder: Array<string> = []
      for (const e of seen) {
        const next = (versions.get(e.stream) ?? 0) + 1
        if (e.version !== next && outOfOrder.length < 5) {
          outOfOrder.push(`${e.stream}: version ${e.version} at position ${e.position}, expected version ${next}`)
        }
        versions.set(e.stream, e.version)
      }
      const summary = `the follower saw ${unique} of ${total} events (${seen.length - unique} twice); ` +
        `first versions out of order or skipped: ${outOfOrder.length === 0 ? "none" : outOfOrder.join("; ")}`
      expect({ seen: seen.length, unique, outOfOrder }, summary).toEqual({ seen: total, unique: total, outOfOrder: [] })
      expect(Object.fromEntries(versions)).toEqual(Object.fromEntries(expected))
      // A reader starting afresh now reads the same sequence.
      const again: Array<string> = []
      let from = seen[0]!.position - 1
      for (;;) {
        const page = await run(s.readAll({ after: from, limit: 1000 }))
        if (page.length === 0) break
        for (const e of page) if (e.stream.startsWith(prefix)) again.push(e.eventId)
        from = page[page.length - 1]!.position
      }
      expect(again).toEqual(seen.map((e) => e.eventId))
    }, 180_000)

    it("bad stored data: invalid JSON, an unknown type and a schema version with no upcast are typed errors naming the stream and position", async () => {
      const s = await store()
      const damaged = async (how: Corruption) => {
        const org = `guarantee-bad-${how}-${uuidv4()}`
        // With a command id of the caller's, so the store records it and readCommand finds it.
        await theStreet()
        if (subject.corrupt !== undefined) {
          const outcome = await execute({ ...community(org), commandId: uuidv7() })
          const event = outcome.events[0]!
          await subject.corrupt(event.stream, event.version, how)
          return { org, stream: event.stream, position: event.position, commandId: outcome.commandId }
        }
        // Written damaged: the append may fail when the store reads back what it wrote.
        const damaging = subject.damaging!(how)
        const runtime = ManagedRuntime.make(Layer.merge(damaging.layer, Policy.layer()))
        runtimes.push(runtime)
        const commandId = uuidv7()
        await runtime.runPromise(Effect.exit(Domain.execute({ ...community(org), commandId })))
        const at = await damaging.last()
        expect(at.version).toBe(1)
        return { org, stream: at.stream, position: at.position, commandId }
      }
      // Registering again must load the damaged stream: as a process does that has not decided
      // on it before (one that has keeps the state it decided on, read before the damage).
      const reload = (org: string) =>
        Effect.provideService(Domain.execute(community(org, "another-cadre")), CommandHandler.StateCacheCapacity, 0)

      const json = await damaged("invalid-json")
      expectCorrupt(await flip(s.readStream(json.stream)), json)
      expectCorrupt(await flip(s.readAll({ after: json.position - 1, limit: 10 })), json)
      expectCorrupt(await flip(s.readCommand(json.commandId)), json)
      expectCorrupt(await flip(reload(json.org)), json)

      for (const how of ["unknown-type", "future-schema-version"] as const) {
        const bad = await damaged(how)
        const [read] = await run(s.readStream(bad.stream))
        expect(read!.position).toBe(bad.position)
        expectCorrupt(await flip(Domain.codec.decode(read!)), bad)
        expectCorrupt(await flip(reload(bad.org)), bad)
        // A reader decoding the log stops at it with the same error: nothing is skipped.
        const page = await run(s.readAll({ after: bad.position - 1, limit: 10 }))
        expect(page[0]!.position).toBe(bad.position)
        expectCorrupt(await flip(Effect.forEach(page, Domain.codec.decode)), bad)
      }
    })
  })
}
