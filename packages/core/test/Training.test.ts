import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Domain from "../src/Domain.ts"
import * as Organization from "../src/Organization.ts"
import * as PersonalData from "../src/PersonalData.ts"
import * as Place from "../src/Place.ts"
import * as Reading from "../src/Reading.ts"
import * as Training from "../src/Training.ts"
import { actor, given } from "./support/Spec.ts"

const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const chair = actor("chair", "c1", "p1")
const onTheDay = "2026-05-12T18:00:00.000+08:00"

const record = {
  _tag: "RecordTraining",
  actor: chair,
  organizationId: "c1",
  trainingId: "t1",
  topic: "人民调解业务培训",
  trainer: "区司法局 王律师",
  heldOn: "2026-05-12",
  hours: 3,
  attendees: [
    { personId: "p2", capacity: "committee-member" },
    { personId: "r1", capacity: "representative" },
    { personId: "m1", capacity: "mediator" },
    { personId: "v1", capacity: "volunteer" }
  ],
  placeId: "c1-womens-home"
} as const

const recorded = Training.TrainingRecorded.make({
  organizationId: "c1",
  trainingId: "t1",
  topic: "人民调解业务培训",
  trainer: "区司法局 王律师",
  heldOn: "2026-05-12",
  hours: 3,
  attendees: record.attendees,
  placeId: "c1-womens-home"
})

const womensHome = Place.PlaceRegistered.make({ organizationId: "c1", placeId: "c1-womens-home", kind: "womens-home", name: "青波社区妇女之家", openedOn: "2020-03-08" })

const { placeId: _placeId, ...withoutPlace } = record
const { placeId: _recordedPlace, ...recordedWithoutPlace } = recorded

/** c1, registered, with its women's home. */
const organization = () => given(Organization.aggregate, "c1", [community]).and(Place.aggregate, "c1", [womensHome]).at(onTheDay)

describe("Training: recording a training (§6 培训)", () => {
  it("records a training with its topic, trainer, day, hours, place, and each attendee's capacity", () =>
    organization().when(record).then([recorded]))

  it("records a training that names no place", () =>
    given(Organization.aggregate, "c1", [community]).at(onTheDay).when(withoutPlace).then([recordedWithoutPlace]))

  it("names only a place of the organization's own, open on the day", async () => {
    await organization().when({ ...record, placeId: "c1-rights-station" }).thenFails("PlaceRejected", "UnknownPlace")
    const closed = Place.PlaceClosed.make({ organizationId: "c1", placeId: "c1-womens-home", closedOn: "2026-05-01" })
    await organization().and(Place.aggregate, "c1", [womensHome, closed]).when(record).thenFails("PlaceRejected", "NotOpen")
    const opened = Place.PlaceRegistered.make({ ...womensHome, openedOn: "2026-05-13" })
    await given(Organization.aggregate, "c1", [community]).and(Place.aggregate, "c1", [opened]).at("2026-05-20T10:00:00.000+08:00")
      .when(record)
      .thenFails("PlaceRejected", "NotOpen")
  })

  it("keeps a training id once per organization, and lets another organization use it", async () => {
    await organization().and(Training.aggregate, Training.recordId("c1", "t1"), [recorded]).when(record).thenFails("TrainingRejected", "DuplicateTraining")
    const other = Organization.OrganizationRegistered.make({ organizationId: "c2", name: "Other Community", level: "community", parentId: "s1" })
    await organization().and(Organization.aggregate, "c2", [other]).and(Training.aggregate, Training.recordId("c1", "t1"), [recorded])
      .when({ ...withoutPlace, actor: actor("chair", "c2", "q1"), organizationId: "c2" })
      .then([{ ...recordedWithoutPlace, organizationId: "c2" }])
  })

  it("refuses hours of 0 or less, or more than a day's training; accepts a full day", async () => {
    await organization().when({ ...record, hours: 0 }).thenFails("TrainingRejected", "InvalidHours")
    await organization().when({ ...record, hours: -2 }).thenFails("TrainingRejected", "InvalidHours")
    await organization().when({ ...record, hours: 12.5 }).thenFails("TrainingRejected", "InvalidHours")
    await organization().when({ ...record, hours: Training.maxHoursPerDay }).then([{ ...recorded, hours: 12 }])
    await organization().when({ ...record, hours: 0.5 }).then([{ ...recorded, hours: 0.5 }])
  })

  it("refuses an attendee listed twice, naming her, even in two capacities", async () => {
    const error = await organization()
      .when({ ...record, attendees: [...record.attendees, { personId: "r1", capacity: "volunteer" }] })
      .thenFails("TrainingRejected", "RepeatedAttendee")
    expect((error as unknown as Training.TrainingRejected).personIds).toEqual(["r1"])
    expect(error.message).toContain("r1")
  })

  it("refuses a training without attendees, topic or trainer", async () => {
    await organization().when({ ...record, attendees: [] as never }).thenFails("TrainingRejected", "NoAttendees")
    await organization().when({ ...record, topic: " " }).thenFails("TrainingRejected", "NoTopic")
    await organization().when({ ...record, trainer: "\u3000" }).thenFails("TrainingRejected", "NoTrainer")
  })

  it("refuses a training dated after today", () =>
    organization().when({ ...record, heldOn: "2026-05-13" }).thenFails("TimeRejected", "InFuture"))

  it("refuses a training of an unregistered organization", () =>
    given(Organization.aggregate, "s1", []).at(onTheDay).when(record).thenFails("OrganizationRejected", "NotRegistered"))

  it("is recorded by the organization's own executive committee only", async () => {
    await organization().when({ ...record, actor: actor("executive-member", "c1", "p3") }).then([recorded])
    await organization().when({ ...record, actor: actor("chair", "c2") }).thenFails("Unauthorized")
    await organization().when({ ...record, actor: actor("representative", "c1") }).thenFails("Unauthorized")
    await organization().when({ ...record, actor: actor("mediator", "c1") }).thenFails("Unauthorized")
    await organization().when({ ...record, actor: actor("upper-cadre", "s1") }).thenFails("Unauthorized")
  })

  it("refuses from outside hours beyond a day, an attendee without a capacity, and no attendee", async () => {
    const { actor: _, ...fields } = record
    const input = { ...fields, actor: { person: "p1", role: "chair", organization: "c1" } }
    const problems = async (command: unknown) =>
      (await Effect.runPromise(Effect.flip(Domain.decodeCommand(command)))).problems.map((p) => p.path)
    expect(await problems({ ...input, hours: 13 })).toEqual(["hours"])
    expect(await problems({ ...input, attendees: [{ personId: "p2" }] })).toEqual(["attendees.0.capacity"])
    expect(await problems({ ...input, attendees: [] })).toEqual(["attendees.0"])
  })

  it("keeps the trainer as personal data of the training's record, and its stream as the organization's", () => {
    const fields = Domain.personalFields.get("TrainingRecorded") ?? []
    expect(fields.map((f) => f.path)).toEqual([["trainer"]])
    expect(PersonalData.find(Domain.codec.encode(recorded).data, fields)).toEqual([
      { at: ["trainer"], subject: "training:c1/t1", value: "区司法局 王律师" }
    ])
    expect(Reading.streamParts("training-c1/t1")).toEqual({ category: "training", id: "c1/t1" })
    expect(Training.organizationOfStream("training-c1/t1")).toBe("c1")
  })
})
