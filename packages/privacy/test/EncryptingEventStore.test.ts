/**
 * Personal data that can be erased (DOMAIN.md §10, PIPL art. 47): stored encrypted under each
 * data subject's key, read back in plain, and after `ErasePersonalData` read as `[已删除]`
 * everywhere — while every decision stays in the history, and no plaintext of the subject is
 * left in the SQLite file, its write-ahead log or the ledgers' projection store.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Clock, Effect, Layer } from "effect"
import * as fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import * as Domain from "@fulian/core/Domain"
import * as PersonalData from "@fulian/core/PersonalData"
import * as Policy from "@fulian/core/Policy"
import * as Reading from "@fulian/core/Reading"
import * as Ledgers from "@fulian/projections/Ledgers"
import { EventStore } from "@fulian/store/EventStore"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as MemoryKeyStore from "@fulian/store/MemoryKeyStore"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import * as SqliteKeyStore from "@fulian/store-sqlite/SqliteKeyStore"
import * as SqliteProjectionStore from "@fulian/store-sqlite/SqliteProjectionStore"
import * as EncryptingEventStore from "../src/EncryptingEventStore.ts"

/** The clock the stores below stamp `recordedAt` with: the real one. */
const clock = Effect.runSync(Clock.clockWith(Effect.succeed))
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fulian-privacy-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const cadre = { person: "cadre", role: "upper-cadre", organization: "s1" } as const
const chair = { person: "chair", role: "chair", organization: "c1" } as const
const streetChair = { person: "cadre", role: "chair", organization: "s1" } as const

/** A street and a community with their committees: the setting of every test. */
const setting: ReadonlyArray<Domain.Command> = [
  { _tag: "RegisterOrganization", actor: cadre, occurredAt: "2025-01-02", organizationId: "s1", name: "北山街道", level: "street" },
  {
    _tag: "ElectExecutiveCommittee",
    actor: cadre,
    termId: "s1-t",
    organizationId: "s1",
    congressSession: "妇代会",
    electedOn: "2025-01-02",
    startsOn: "2025-01-02",
    residentsCommitteeElectedOn: "2025-01-02",
    members: [{ personId: "cadre", name: "周红", position: "chair" }]
  },
  { _tag: "RegisterOrganization", actor: cadre, occurredAt: "2025-01-03", organizationId: "c1", name: "青波社区", level: "community", parentId: "s1" },
  {
    _tag: "ElectExecutiveCommittee",
    actor: cadre,
    termId: "c1-t",
    organizationId: "c1",
    congressSession: "妇代会",
    electedOn: "2025-01-03",
    startsOn: "2025-01-03",
    residentsCommitteeElectedOn: "2025-01-03",
    members: [{ personId: "chair", name: "陈静", position: "chair" }]
  }
]

/** A household of c1 with a head whose name is unique to it, and a case naming her as a party. */
const householdOf = (n: number, name: string): Domain.Command => ({
  _tag: "RegisterHousehold",
  actor: chair,
  occurredAt: "2025-02-01",
  householdId: `h${n}`,
  organizationId: "c1",
  headName: name,
  address: `青波巷 ${n} 号`,
  circumstances: []
})
const caseOf = (n: number, name: string): Domain.Command => ({
  _tag: "RegisterCase",
  actor: chair,
  occurredAt: "2025-03-01T10:00:00+08:00",
  caseId: `k${n}`,
  organizationId: "c1",
  receivedAt: "2025-03-01T09:00:00+08:00",
  channel: "visit",
  category: "domestic-violence",
  sudden: false,
  typicalInfringement: false,
  householdIds: [`h${n}`],
  parties: [{ partyId: "p1", name }],
  narrative: `${name}自述遭丈夫殴打`
})
const erase = (subject: string, by: typeof chair | typeof streetChair = chair): Domain.Command =>
  ({ _tag: "ErasePersonalData", actor: by, organizationId: by.organization, subject, reason: "本人申请删除个人信息" })

const memory = EncryptingEventStore.layer.pipe(Layer.provide(Layer.merge(MemoryEventStore.layer, MemoryKeyStore.layer)))
const run = <A, E>(layer: Layer.Layer<EventStore, unknown>, effect: Effect.Effect<A, E, EventStore | Policy.Policy>) =>
  Effect.runPromise(Effect.scoped(effect.pipe(Effect.provide(Layer.merge(layer, Policy.layer())))) as Effect.Effect<A, never>)
const executeAll = (commands: ReadonlyArray<Domain.Command>) => Effect.forEach(commands, (c) => Domain.execute(c), { discard: true })

describe("Personal data stored encrypted, read in plain", () => {
  it("reads back what was written, while the store below holds only ciphertext of every personal field and reason", async () => {
    const inner = MemoryEventStore.make(clock)
    const both = Layer.merge(Layer.succeed(EventStore, inner), MemoryKeyStore.layer)
    const { read, raw } = await run(EncryptingEventStore.layer.pipe(Layer.provide(both)), Effect.gen(function*() {
      yield* executeAll([
        ...setting,
        householdOf(1, "王秀兰"),
        caseOf(1, "王秀兰"),
        { _tag: "ChangeHouseholdCircumstances", actor: chair, householdId: "h1", circumstances: [], reason: "女儿搬回家住" }
      ])
      const read = yield* (yield* EventStore).readStream("case-k1")
      return { read, raw: yield* inner.readAll({ after: 0, limit: 1000 }) }
    }))
    expect((read[0]!.data as { parties: ReadonlyArray<{ name: string }> }).parties[0]!.name).toBe("王秀兰")
    const stored = JSON.stringify(raw)
    for (const plain of ["王秀兰", "自述遭丈夫殴打", "青波巷 1 号", "女儿搬回家住", "陈静", "周红"]) expect(stored).not.toContain(plain)
    // What is not personal stays readable below: types, ids, dates, roles.
    expect(stored).toContain("CaseRegistered")
    expect(stored).toContain("domestic-violence")
  })

  it("refuses a personal value altered in the store, or moved to another subject, as a corrupt event naming where", async () => {
    const inner = MemoryEventStore.make(clock)
    const keys = MemoryKeyStore.make()
    const error = await run(Layer.succeed(EventStore, EncryptingEventStore.make(inner, keys)), Effect.gen(function*() {
      yield* executeAll([...setting, householdOf(1, "王秀兰"), householdOf(2, "李梅")])
      const [one] = yield* inner.readStream("household-h1")
      const [two] = yield* inner.readStream("household-h2")
      // Below the layer, h2's head is given h1's ciphertext.
      const moved = { ...two!, data: { ...(two!.data as object), headName: (one!.data as { headName: string }).headName } }
      const reading = EncryptingEventStore.make({ ...inner, readStream: () => Effect.succeed([moved]) }, keys)
      return yield* Effect.flip(reading.readStream("household-h2"))
    }))
    expect(error.reason).toMatchObject({ _tag: "CorruptEvent", stream: "household-h2" })
    expect(error.message).toContain("household:h2")
  })
})

describe("Erasure (ErasePersonalData)", () => {
  it("makes every value of the subject read as erased, everywhere, while the decisions stay; other subjects are untouched", async () => {
    const { history, auditor, other, log } = await run(memory, Effect.gen(function*() {
      yield* executeAll([...setting, householdOf(1, "王秀兰"), caseOf(1, "王秀兰"), householdOf(2, "李梅"), caseOf(2, "李梅")])
      yield* executeAll([erase("party:k1:p1"), erase("case:k1"), erase("household:h1")])
      const store = yield* EventStore
      return {
        history: yield* store.readStream("case-k1"),
        auditor: yield* Effect.succeed([]),
        other: yield* store.readStream("case-k2"),
        log: yield* store.readAll({ after: 0, limit: 1000 })
      }
    }))
    const registered = history[0]!.data as { parties: ReadonlyArray<{ name: string }>; narrative: string; category: string }
    expect(registered.parties[0]!.name).toBe(PersonalData.erased)
    expect(registered.narrative).toBe(PersonalData.erased)
    expect(registered.category).toBe("domestic-violence")
    expect(history[0]!.metadata.actor).toEqual(chair)
    expect((other[0]!.data as { parties: ReadonlyArray<{ name: string }> }).parties[0]!.name).toBe("李梅")
    expect(auditor).toEqual([])
    // The erasures are decisions in the history: who, which subject, why; none of the data.
    const erasures = log.filter((e) => e.type === "PersonalDataErased")
    expect(erasures.map((e) => (e.data as { subject: string }).subject)).toEqual(["party:k1:p1", "case:k1", "household:h1"])
    expect(erasures.every((e) => e.metadata.reason === "本人申请删除个人信息")).toBe(true)
    expect(JSON.stringify(log)).not.toContain("王秀兰")
  })

  it("stores no more personal data of an erased subject: what comes later for it is erased as it comes in", async () => {
    const inner = MemoryEventStore.make(clock)
    const later = await run(Layer.succeed(EventStore, EncryptingEventStore.make(inner, MemoryKeyStore.make())), Effect.gen(function*() {
      yield* executeAll([...setting, householdOf(1, "王秀兰"), erase("household:h1")])
      yield* Domain.execute({ _tag: "ChangeHouseholdCircumstances", actor: chair, householdId: "h1", circumstances: ["low-income"], reason: "王秀兰住院了" })
      return yield* inner.readStream("household-h1")
    }))
    expect(later[1]!.metadata.reason).toBe(PersonalData.erased)
    expect(JSON.stringify(later)).not.toContain("王秀兰")
  })

  it("reaches the new records' personal data: a trainer, a nominee without a household, the reasons of places, reception days, trainings and plans", async () => {
    const texts = { trainer: "李明律师", trainingReason: "应王桂香要求补录", place: "刘翠英捐出自家房屋", reception: "应孙玉梅要求加开", plan: "按周秀珍建议通过", nominee: "赵美兰" }
    const inner = MemoryEventStore.make(clock)
    const encrypting = Layer.succeed(EventStore, EncryptingEventStore.make(inner, MemoryKeyStore.make()))
    const { log, raw, ledgers } = await run(encrypting, Effect.gen(function*() {
      yield* executeAll([
        ...setting,
        { _tag: "RegisterPlace", actor: chair, organizationId: "c1", placeId: "home", kind: "womens-home", name: "青波社区妇女之家", openedOn: "2025-02-01", reason: texts.place },
        { _tag: "ScheduleReceptionDay", actor: chair, occurredAt: "2025-02-10", organizationId: "c1", receptionDayId: "rd1", on: "2025-02-15", leaderId: "chair", placeId: "home", reason: texts.reception },
        {
          _tag: "RecordTraining",
          actor: chair,
          organizationId: "c1",
          trainingId: "tr1",
          topic: "反家暴法",
          trainer: texts.trainer,
          heldOn: "2025-03-01",
          hours: 2,
          attendees: [{ personId: "chair", capacity: "committee-member" }],
          reason: texts.trainingReason
        },
        { _tag: "ScheduleMeeting", actor: chair, occurredAt: "2025-01-20", meetingId: "congress", organizationId: "c1", kind: "congress", date: "2025-01-25", topic: "妇代会" },
        { _tag: "RecordMeetingHeld", actor: chair, meetingId: "congress", heldOn: "2025-01-25", attendees: ["chair"], minutes: "通过年度计划", workReport: "上年工作报告", workPlan: "本年工作计划" },
        { _tag: "AdoptWorkPlan", actor: chair, occurredAt: "2025-01-25", organizationId: "c1", year: 2025, meetingId: "congress", targets: [{ targetId: "t", measure: "legal-lectures", comparator: "at-least", value: 4 }], reason: texts.plan },
        { _tag: "OpenAwardCampaign", actor: chair, occurredAt: "2025-04-01", campaignId: "stars", organizationId: "c1", year: 2025, title: "学习之星", criteria: [{ criterionId: "k", name: "学习", maxScore: 10 }], threshold: 5, nomineeKind: "person" },
        { _tag: "NominatePerson", actor: chair, occurredAt: "2025-04-02", campaignId: "stars", personId: "zhao", name: texts.nominee }
      ])
      const store = yield* EventStore
      const before = JSON.stringify(yield* store.readAll({ after: 0, limit: 1000 }))
      for (const text of Object.values(texts)) expect(before).toContain(text)
      yield* executeAll([
        erase("training:c1/tr1"),
        erase("record:places-c1"),
        erase("record:reception-c1"),
        erase("record:work-plan-c1"),
        { ...erase("person:zhao"), campaignId: "stars" } as Domain.Command
      ])
      const drawn = yield* Ledgers.fold({ policy: Policy.defaults })
      return { log: yield* store.readAll({ after: 0, limit: 1000 }), raw: yield* inner.readAll({ after: 0, limit: 1000 }), ledgers: Ledgers.rowsOf(drawn, { policy: Policy.defaults }) }
    }))
    for (const where of [JSON.stringify(log), JSON.stringify(raw), JSON.stringify(ledgers)]) {
      for (const text of Object.values(texts)) expect(where).not.toContain(text)
    }
    const of = (type: string) => log.find((e) => e.type === type)!
    expect((of("TrainingRecorded").data as { trainer: string }).trainer).toBe(PersonalData.erased)
    expect((of("PersonNominated").data as { name: string }).name).toBe(PersonalData.erased)
    for (const type of ["PlaceRegistered", "ReceptionDayScheduled", "TrainingRecorded", "WorkPlanAdopted"]) expect(of(type).metadata.reason, type).toBe(PersonalData.erased)
    // The decisions stay: the place, the day, the hours, the targets.
    expect(of("PlaceRegistered").data).toMatchObject({ name: "青波社区妇女之家", kind: "womens-home" })
    expect(of("TrainingRecorded").data).toMatchObject({ topic: "反家暴法", hours: 2 })
    expect(ledgers.places.map((p) => p.placeId)).toEqual(["home"])
  })

  it("lets the street's chair erase what a community below it holds", async () => {
    const read = await run(memory, Effect.gen(function*() {
      yield* executeAll([...setting, householdOf(1, "王秀兰"), erase("household:h1", streetChair)])
      return yield* (yield* EventStore).readStream("household-h1")
    }))
    expect((read[0]!.data as { headName: string }).headName).toBe(PersonalData.erased)
  })
})

describe("Nothing left behind in a real SQLite file (DOMAIN.md §10)", () => {
  const subjectNames = fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 6 })

  it("leaves no plaintext of an erased subject in the file, its WAL or the ledgers' projection store; the rest reads as before; every decision stays", () =>
    fc.assert(
      fc.asyncProperty(subjectNames, fc.infiniteStream(fc.boolean()), async (ns, coin) => {
        const filename = path.join(dir, `erase-${Date.now()}-${Math.random().toString(36).slice(2)}.db`)
        const events = SqliteEventStore.layer({ filename, durability: "normal" })
        const keys = Layer.provide(SqliteKeyStore.layer(), events)
        const layer = Layer.merge(
          Layer.provide(EncryptingEventStore.layer, Layer.merge(events, keys)),
          Layer.provide(SqliteProjectionStore.layer, events)
        )
        // A name of its own for every household, so that a byte search finds only it.
        const nameOf = (n: number) => `户主${n}号${Math.random().toString(36).slice(2, 8)}`
        const names = new Map(ns.map((n) => [n, nameOf(n)]))
        const flips = coin[Symbol.iterator]()
        const erased = ns.filter(() => flips.next().value === true)
        const { before, after, ledgers } = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
          yield* executeAll([...setting, ...ns.flatMap((n) => [householdOf(n, names.get(n)!), caseOf(n, names.get(n)!)])])
          const store = yield* EventStore
          const count = (yield* store.readAll({ after: 0, limit: 10_000 })).length
          // The ledgers kept in the file, caught up before the erasure.
          yield* Ledgers.draw({ policy: Policy.defaults })
          yield* executeAll(erased.flatMap((n) => [erase(`household:h${n}`), erase(`party:k${n}:p1`), erase(`case:k${n}`)]))
          const log = yield* store.readAll({ after: 0, limit: 10_000 })
          const history = yield* Reading.readStream({ actor: chair }, `case-k${ns[0]}`)
          const ledgers = yield* Ledgers.draw({ policy: Policy.defaults })
          return { before: count, after: { log, history }, ledgers }
        }).pipe(Effect.provide(Layer.merge(layer, Policy.layer())))) as unknown as Effect.Effect<{ before: number; after: { log: ReadonlyArray<{ type: string; data: unknown }>; history: ReadonlyArray<unknown> }; ledgers: unknown }>)
        const bytes = Buffer.concat([filename, `${filename}-wal`, `${filename}-shm`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)))
        for (const n of ns) {
          // No name is stored in plain, erased or not; an erased one cannot be read back either.
          expect(bytes.includes(Buffer.from(names.get(n)!, "utf8"))).toBe(false)
          const shown = JSON.stringify(after.log)
          expect(shown.includes(names.get(n)!)).toBe(!erased.includes(n))
        }
        expect(JSON.stringify(ledgers)).not.toMatch(/户主\d号/)
        // Every decision is still there, and the erasures beside them.
        expect(after.log.length).toBe(before + erased.length * 3)
        expect(after.history.length).toBeGreaterThan(0)
        for (const f of [filename, `${filename}-wal`, `${filename}-shm`]) fs.rmSync(f, { force: true })
      }),
      { numRuns: 12 }
    ), 120_000)
})
