import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Activity from "../src/Activity.ts"
import * as Domain from "../src/Domain.ts"
import * as Organization from "../src/Organization.ts"
import * as PersonalData from "../src/PersonalData.ts"
import * as Place from "../src/Place.ts"
import { actor, given, nothing } from "./support/Spec.ts"

const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const lecture = Activity.ActivityRecorded.make({
  organizationId: "c1",
  activityId: "a1",
  kind: "legal-lecture",
  title: "妇女权益保障法讲座",
  heldOn: "2026-03-08",
  participants: 40,
  beneficiaries: 40,
  theme: "法制宣传月"
})
const record = {
  _tag: "RecordActivity",
  actor: actor("executive-member", "c1"),
  organizationId: "c1",
  activityId: "a1",
  kind: "legal-lecture",
  title: "妇女权益保障法讲座",
  heldOn: "2026-03-08",
  participants: 40,
  beneficiaries: 40,
  theme: "法制宣传月"
} as const
const donation = Activity.DonationRecorded.make({ organizationId: "c1", donationId: "d1", amount: 2166, purpose: "健康同行·关爱女性 救助专项资金", on: "2026-05-10", donor: "Li Ming" })
const donate = {
  _tag: "RecordDonation",
  actor: actor("chair", "c1"),
  organizationId: "c1",
  donationId: "d1",
  amount: 2166,
  purpose: "健康同行·关爱女性 救助专项资金",
  on: "2026-05-10",
  donor: "Li Ming"
} as const
const relief = Activity.ReliefGiven.make({ organizationId: "c1", reliefId: "r1", amount: 500, purpose: "六一慰问孤儿", on: "2026-05-31", recipient: "Zhou Xiaoyu" })
const give = {
  _tag: "RecordRelief",
  actor: actor("vice-chair", "c1"),
  organizationId: "c1",
  reliefId: "r1",
  amount: 500,
  purpose: "六一慰问孤儿",
  on: "2026-05-31",
  recipient: "Zhou Xiaoyu"
} as const

const registered = () => given(Organization.aggregate, "c1", [community])

describe("Activities (§7)", () => {
  it("records an activity with its kind, date, participants and beneficiaries", () =>
    registered().when(record).then([lecture]))

  it("records an activity without a theme, with no one counted", () => {
    const { theme: _, ...plain } = record
    const { theme: __, ...event } = lecture
    return registered().when({ ...plain, participants: 0, beneficiaries: 0 }).then([Activity.ActivityRecorded.make({ ...event, participants: 0, beneficiaries: 0 })])
  })

  it("refuses an activity id already recorded", () =>
    registered().and(Activity.aggregate, "c1", [lecture]).when(record).thenFails("ActivityRejected", "DuplicateActivity"))

  it("refuses a negative number of participants", () =>
    registered().when({ ...record, participants: -1 }).thenFails("ActivityRejected", "InvalidCount"))

  it("refuses a number of beneficiaries that is not whole", () =>
    registered().when({ ...record, beneficiaries: 2.5 }).thenFails("ActivityRejected", "InvalidCount"))

  it("refuses an activity dated after today, and records one held today, in the federation's calendar", async () => {
    // 23:30 on 7 March in Beijing (15:30 UTC) is the day before; 07:30 on 8 March (23:30 UTC on the 7th) is the day.
    await registered().at("2026-03-07T15:30:00.000Z").when(record).thenFails("TimeRejected", "InFuture")
    await registered().at("2026-03-07T23:30:00.000Z").when(record).then([lecture])
  })

  it("refuses an activity of an unregistered organization", () =>
    nothing().when(record).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses a representative recording an activity (role)", () =>
    registered().when({ ...record, actor: actor("representative", "c1") }).thenFails("Unauthorized"))

  it("refuses a committee member of another organization", () =>
    registered().when({ ...record, actor: actor("chair", "s1") }).thenFails("Unauthorized"))

  it("refuses a malformed activity at the boundary (decoding)", async () => {
    const r = await Effect.runPromise(Effect.result(Domain.decodeCommand({ ...record, participants: -3 })))
    expect(r._tag === "Failure" && r.failure._tag).toBe("InvalidCommand")
  })
})

describe("Donations and relief (§7)", () => {
  it("records a donation with its amount and purpose", () =>
    registered().when(donate).then([donation]))

  it("records a donation raised by a charity drive of the organization", () => {
    const drive = Activity.ActivityRecorded.make({ ...lecture, activityId: "drive", kind: "charity-drive" })
    return registered().and(Activity.aggregate, "c1", [drive])
      .when({ ...donate, activityId: "drive" })
      .then([Activity.DonationRecorded.make({ ...donation, activityId: "drive" })])
  })

  it("refuses a donation naming an activity not recorded", () =>
    registered().when({ ...donate, activityId: "nowhere" }).thenFails("ActivityRejected", "UnknownActivity"))

  it("refuses a donation id already recorded", () =>
    registered().and(Activity.aggregate, "c1", [donation]).when(donate).thenFails("ActivityRejected", "DuplicateDonation"))

  it("refuses an amount of 0, below 0 or finer than a fen, and accepts one fen", async () => {
    await registered().when({ ...donate, amount: 0 }).thenFails("ActivityRejected", "InvalidAmount")
    await registered().when({ ...donate, amount: -5 }).thenFails("ActivityRejected", "InvalidAmount")
    await registered().when({ ...donate, amount: 0.005 }).thenFails("ActivityRejected", "InvalidAmount")
    await registered().when({ ...donate, amount: 0.01 }).then([Activity.DonationRecorded.make({ ...donation, amount: 0.01 })])
  })

  it("refuses a donation dated after today", () =>
    registered().when({ ...donate, on: "2026-06-02" }).thenFails("TimeRejected", "InFuture"))

  it("refuses a representative recording a donation", () =>
    registered().when({ ...donate, actor: actor("representative", "c1") }).thenFails("Unauthorized"))

  it("records relief given with its amount and purpose", () =>
    registered().when(give).then([relief]))

  it("refuses a relief id already recorded", () =>
    registered().and(Activity.aggregate, "c1", [relief]).when(give).thenFails("ActivityRejected", "DuplicateRelief"))

  it("refuses relief of no amount", () =>
    registered().when({ ...give, amount: 0 }).thenFails("ActivityRejected", "InvalidAmount"))

  it("refuses relief dated after today", () =>
    registered().when({ ...give, on: "2026-06-02" }).thenFails("TimeRejected", "InFuture"))

  it("refuses relief recorded for another organization", () =>
    registered().when({ ...give, actor: actor("chair", "c2") }).thenFails("Unauthorized"))

  it("refuses an amount of 0 at the boundary (decoding)", async () => {
    const r = await Effect.runPromise(Effect.result(Domain.decodeCommand({ ...donate, amount: 0 })))
    expect(r._tag === "Failure" && r.failure._tag).toBe("InvalidCommand")
  })

  it("marks donors and recipients as personal data", () => {
    expect(PersonalData.paths(Activity.DonationRecorded)).toContainEqual(["donor"])
    expect(PersonalData.paths(Activity.ReliefGiven)).toContainEqual(["recipient"])
  })
})

describe("Kinds counted apart, festivals, publicity and places (§7; seed 003 §一, §四, §五)", () => {
  const screening = { ...record, activityId: "s1", title: "已婚妇女“两癌”免费筛查", theme: "妇女健康提升工程", participants: 817, beneficiaries: 817 } as const
  const recorded = (command: typeof record | typeof screening, extra: Partial<typeof Activity.ActivityRecorded.Type> = {}) => {
    const { _tag, actor: _, ...fields } = command
    return Activity.ActivityRecorded.make({ ...fields, ...extra })
  }

  it("records two-cancer screenings, the three checks, family-education lectures and health consultations as kinds of their own", async () => {
    for (const kind of ["cancer-screening", "three-checks", "family-education", "health-consultation", "legal-consultation"] as const) {
      await registered().when({ ...screening, kind }).then([recorded(screening, { kind })])
    }
  })

  it("keeps a health screening recorded before the split readable, as a health screening", async () => {
    const earlier = Activity.ActivityRecorded.make({ ...recorded(screening), kind: "health-screening" })
    const { events } = await registered().and(Activity.aggregate, "c1", [earlier]).when({ ...screening, activityId: "s2", kind: "three-checks" })
      .then([recorded(screening, { activityId: "s2", kind: "three-checks" })])
    expect(events.map((e) => e.stream)).toEqual(["activity-c1/s2"])
  })

  it("records the festival an activity marks, on an activity of any kind", async () => {
    await registered().when({ ...record, kind: "festival", festival: "womens-day" }).then([recorded(record, { kind: "festival", festival: "womens-day" })])
    await registered().when({ ...record, festival: "double-ninth" }).then([recorded(record, { festival: "double-ninth" })])
  })

  it("refuses a festival it does not know, at the boundary (decoding)", async () => {
    const decode = (festival: string) => Effect.runPromise(Effect.result(Domain.decodeCommand({ ...record, festival })))
    expect((await decode("womens-day"))._tag).toBe("Success")
    const r = await decode("三八")
    expect(r._tag === "Failure" && r.failure._tag).toBe("InvalidCommand")
  })

  it("records what publicity and consultation reached: materials, consultations, enterprises and staff", () => {
    const reached = { materialsHandedOut: 500, consultationsGiven: 20, enterprisesReached: 6, staffReached: 500 }
    return registered().when({ ...record, kind: "health-consultation", ...reached }).then([recorded(record, { kind: "health-consultation", ...reached })])
  })

  it("refuses a publicity count below 0 or not whole", async () => {
    await registered().when({ ...record, materialsHandedOut: -1 }).thenFails("ActivityRejected", "InvalidCount")
    await registered().when({ ...record, consultationsGiven: 2.5 }).thenFails("ActivityRejected", "InvalidCount")
    await registered().when({ ...record, enterprisesReached: -6 }).thenFails("ActivityRejected", "InvalidCount")
    await registered().when({ ...record, staffReached: 0.5 }).thenFails("ActivityRejected", "InvalidCount")
    await registered().when({ ...record, staffReached: 0 }).then([recorded(record, { staffReached: 0 })])
  })

  describe("the place it was held (阵地)", () => {
    const home = Place.PlaceRegistered.make({ organizationId: "c1", placeId: "qingbo-home", kind: "womens-home", name: "Qingbo Women's Home", openedOn: "2024-03-08" })
    const oldRoom = Place.PlaceRegistered.make({ organizationId: "c1", placeId: "old-room", kind: "activity-room", name: "Old activity room", openedOn: "2020-01-01" })
    const closed = Place.PlaceClosed.make({ organizationId: "c1", placeId: "old-room", closedOn: "2026-03-01" })
    const withPlaces = () => registered().and(Place.aggregate, "c1", [home, oldRoom, closed])

    it("records the place, one of the organization's, open on the day", () =>
      withPlaces().when({ ...record, placeId: "qingbo-home" }).then([recorded(record, { placeId: "qingbo-home" })]))

    it("refuses a place the organization has not registered, or another organization's", async () => {
      await withPlaces().when({ ...record, placeId: "nowhere" }).thenFails("PlaceRejected", "UnknownPlace")
      await registered().and(Place.aggregate, "c2", [{ ...home, organizationId: "c2" }])
        .when({ ...record, placeId: "qingbo-home" }).thenFails("PlaceRejected", "UnknownPlace")
    })

    it("refuses a place closed before the day, and one opened after it", async () => {
      await withPlaces().when({ ...record, placeId: "old-room" }).thenFails("PlaceRejected", "NotOpen")
      await withPlaces().when({ ...record, placeId: "old-room", heldOn: "2026-02-28" }).then([recorded(record, { placeId: "old-room", heldOn: "2026-02-28" })])
      await withPlaces().when({ ...record, placeId: "qingbo-home", heldOn: "2024-03-07" }).thenFails("PlaceRejected", "NotOpen")
    })

    it("refuses an actor of another organization before it looks at any place", () =>
      withPlaces().when({ ...record, placeId: "nowhere", actor: actor("chair", "c2") }).thenFails("Unauthorized"))
  })
})

describe("Donations per drive (§7; seed 003 §五.2)", () => {
  const talk = Activity.ActivityRecorded.make({ ...lecture, activityId: "talk" })

  it("refuses a donation naming an activity that is not a charity drive", async () => {
    await registered().and(Activity.ownActivity, Activity.recordId("c1", "talk"), [talk])
      .when({ ...donate, activityId: "talk" })
      .thenFails("ActivityRejected", "NotACharityDrive")
    await registered().and(Activity.aggregate, "c1", [talk])
      .when({ ...donate, activityId: "talk" })
      .thenFails("ActivityRejected", "NotACharityDrive")
  })

  it("records a donation to a drive recorded before records had streams of their own", () => {
    const drive = Activity.ActivityRecorded.make({ ...lecture, activityId: "drive", kind: "charity-drive" })
    return registered().and(Activity.aggregate, "c1", [drive])
      .when({ ...donate, donationId: "d9", activityId: "drive" })
      .then([Activity.DonationRecorded.make({ ...donation, donationId: "d9", activityId: "drive" })])
  })
})

describe("Each record in a stream of its own (docs/explanation/stream-growth.md)", () => {
  const own = Activity.recordId

  it("keeps an activity, a donation and relief each in its own stream, under its organization", async () => {
    const streams = async (command: Parameters<ReturnType<typeof registered>["when"]>[0]) =>
      (await registered().when(command).then(
        command._tag === "RecordActivity" ? [lecture] : command._tag === "RecordDonation" ? [donation] : [relief]
      )).events.map((e) => e.stream)
    expect(await streams(record)).toEqual(["activity-c1/a1"])
    expect(await streams(donate)).toEqual(["donation-c1/d1"])
    expect(await streams(give)).toEqual(["relief-c1/r1"])
  })

  it("refuses an id recorded in its own stream, as one recorded in the organization's former stream", async () => {
    await registered().and(Activity.ownActivity, own("c1", "a1"), [lecture]).when(record).thenFails("ActivityRejected", "DuplicateActivity")
    await registered().and(Activity.ownDonation, own("c1", "d1"), [donation]).when(donate).thenFails("ActivityRejected", "DuplicateDonation")
    await registered().and(Activity.ownRelief, own("c1", "r1"), [relief]).when(give).thenFails("ActivityRejected", "DuplicateRelief")
  })

  it("records a donation naming a charity drive of its own stream, and not one of another organization", async () => {
    const drive = Activity.ActivityRecorded.make({ ...lecture, activityId: "drive", kind: "charity-drive" })
    await registered().and(Activity.ownActivity, own("c1", "drive"), [drive])
      .when({ ...donate, activityId: "drive" })
      .then([Activity.DonationRecorded.make({ ...donation, activityId: "drive" })])
    await registered().and(Activity.ownActivity, own("c2", "drive"), [{ ...drive, organizationId: "c2" }])
      .when({ ...donate, activityId: "drive" })
      .thenFails("ActivityRejected", "UnknownActivity")
  })

  it("lets another organization use the same id, even one whose id holds a slash", async () => {
    const other = Organization.OrganizationRegistered.make({ organizationId: "c1/a1", name: "Slash Community", level: "community", parentId: "s1" })
    const outcome = await registered().and(Organization.aggregate, "c1/a1", [other]).and(Activity.ownActivity, own("c1", "a1"), [lecture])
      .when({ ...record, organizationId: "c1/a1", actor: actor("chair", "c1/a1") })
      .then([Activity.ActivityRecorded.make({ ...lecture, organizationId: "c1/a1" })])
    expect(outcome.events.map((e) => e.stream)).toEqual(["activity-c1%2Fa1/a1"])
  })
})
