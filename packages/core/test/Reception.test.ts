/**
 * Reception days (信访接待日, DOMAIN.md §4; seed 000 §四(五)6): the committee schedules them,
 * a committee member in office that day receives, one a date; a case received on one names it
 * (see Case.test.ts, "reception days").
 */
import { describe, expect, it } from "vitest"
import { fold } from "../src/Decider.ts"
import * as Organization from "../src/Organization.ts"
import * as Place from "../src/Place.ts"
import * as Reception from "../src/Reception.ts"
import * as Term from "../src/Term.ts"
import { actor, given } from "./support/Spec.ts"

const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const chair = actor("chair", "c1", "zhou-yan")
/** c1's committee: Zhou Yan (chair) and Li Na (member), who leaves on 1 June 2026. */
const committee = [
  Term.ExecutiveCommitteeElected.make({
    termId: "c1-2025",
    organizationId: "c1",
    congressSession: "2025 congress",
    electedOn: "2025-01-10",
    startsOn: "2025-01-10",
    endsOn: "2028-01-10",
    residentsCommitteeElectedOn: "2025-01-08",
    members: [{ personId: "zhou-yan", name: "Zhou Yan", position: "chair" }, { personId: "li-na", name: "Li Na", position: "member" }]
  }),
  Term.MemberLeft.make({ termId: "c1-2025", personId: "li-na", leftOn: "2026-06-01" })
]
/** c1's women's home, open since 2024, and its old activity room, closed on 1 May 2026. */
const places = [
  Place.PlaceRegistered.make({ organizationId: "c1", placeId: "c1-womens-home", kind: "womens-home", name: "Qingbo Women's Home", openedOn: "2024-03-08" }),
  Place.PlaceRegistered.make({ organizationId: "c1", placeId: "c1-old-room", kind: "activity-room", name: "Old activity room", openedOn: "2020-01-01" }),
  Place.PlaceClosed.make({ organizationId: "c1", placeId: "c1-old-room", closedOn: "2026-05-01" })
]
const world = (...days: ReadonlyArray<Reception.Event>) =>
  given(Organization.aggregate, "c1", [community]).and(Term.aggregate, "c1", committee).and(Place.aggregate, "c1", places).and(Reception.aggregate, "c1", days)

const schedule = (over: Partial<typeof Reception.ScheduleReceptionDay.Type> = {}): typeof Reception.ScheduleReceptionDay.Type => ({
  _tag: "ScheduleReceptionDay",
  actor: chair,
  organizationId: "c1",
  receptionDayId: "c1-rd-0515",
  on: "2026-05-15",
  leaderId: "li-na",
  ...over
})
const scheduled = (over: Partial<typeof Reception.ReceptionDayScheduled.Type> = {}) =>
  Reception.ReceptionDayScheduled.make({ organizationId: "c1", receptionDayId: "c1-rd-0515", on: "2026-05-15", leaderId: "li-na", ...over })

describe("Reception days (信访接待日, §4)", () => {
  it("schedules a reception day received by a committee member in office that day, with its place", () =>
    world().when(schedule({ placeId: "c1-womens-home" })).then([scheduled({ placeId: "c1-womens-home" })]))

  it("refuses a place that is not the organization's, or is closed on the reception day", async () => {
    await world().when(schedule({ placeId: "c2-womens-home" })).thenFails("PlaceRejected", "UnknownPlace")
    await world().when(schedule({ placeId: "c1-old-room" })).thenFails("PlaceRejected", "NotOpen")
  })

  it("schedules one in advance of the day", () =>
    world().when(schedule({ receptionDayId: "c1-rd-0720", on: "2026-07-20", leaderId: "zhou-yan" }))
      .then([scheduled({ receptionDayId: "c1-rd-0720", on: "2026-07-20", leaderId: "zhou-yan" })]))

  it("refuses a leader who is not on the committee", () =>
    world().when(schedule({ leaderId: "wang-stranger" })).thenFails("ReceptionRejected", "LeaderNotInOffice"))

  it("refuses a leader who has left the committee by the reception day", () =>
    world().when(schedule({ on: "2026-06-15" })).thenFails("ReceptionRejected", "LeaderNotInOffice"))

  it("refuses a reception day id used before", () =>
    world(scheduled()).when(schedule({ on: "2026-05-20" })).thenFails("ReceptionRejected", "AlreadyScheduled"))

  it("refuses a second reception day on the same date", () =>
    world(scheduled()).when(schedule({ receptionDayId: "c1-rd-0515-bis", leaderId: "zhou-yan" })).thenFails("ReceptionRejected", "DayAlreadyScheduled"))

  it("refuses scheduling for another organization", () =>
    world().when(schedule({ actor: actor("chair", "c2") })).thenFails("Unauthorized"))

  it("refuses a representative scheduling (role check)", () =>
    world().when(schedule({ actor: actor("representative", "c1") })).thenFails("Unauthorized"))

  it("finds a day by id and by date", () => {
    const state = fold(Reception.aggregate, [scheduled()])
    expect(Reception.dayOf(state, "c1-rd-0515")).toEqual({ on: "2026-05-15", leaderId: "li-na", placeId: undefined })
    expect(Reception.dayOn(state, "2026-05-15")).toBe("c1-rd-0515")
    expect(Reception.dayOf(state, "c1-rd-0516")).toBeUndefined()
  })
})
