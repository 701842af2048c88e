import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import type { DecisionContext } from "../src/Decider.ts"
import { fold } from "../src/Decider.ts"
import * as Organization from "../src/Organization.ts"
import * as Place from "../src/Place.ts"
import * as Policy from "../src/Policy.ts"
import { calendarOf } from "../src/Time.ts"
import { actor, given, nothing } from "./support/Spec.ts"

const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const chair = actor("chair", "c1")

const register = {
  _tag: "RegisterPlace",
  actor: chair,
  organizationId: "c1",
  placeId: "home",
  kind: "womens-home",
  name: "青波社区妇女之家",
  openedOn: "2019-03-08"
} as const

const home = Place.PlaceRegistered.make({ organizationId: "c1", placeId: "home", kind: "womens-home", name: "青波社区妇女之家", openedOn: "2019-03-08" })
const hotline = Place.PlaceRegistered.make({
  organizationId: "c1",
  placeId: "hotline",
  kind: "mediation-hotline",
  name: "青波调解热线",
  number: "0571-88001234",
  openedOn: "2025-01-06"
})
const close = { _tag: "ClosePlace", actor: chair, organizationId: "c1", placeId: "home", closedOn: "2026-05-01" } as const

const registered = () => given(Organization.aggregate, "c1", [community])
const withPlaces = (...events: ReadonlyArray<Place.Event>) => registered().and(Place.aggregate, "c1", events)

describe("Place: the places of the work (§1 阵地)", () => {
  it("registers a place of the organization, open from the day it opened, by its committee", () => registered().when(register).then([home]))

  it("registers a mediation hotline with its number", () =>
    registered()
      .when({ ...register, placeId: "hotline", kind: "mediation-hotline", name: "青波调解热线", number: "0571-88001234", openedOn: "2025-01-06" })
      .then([hotline]))

  it("refuses a mediation hotline without its number", () =>
    registered().when({ ...register, placeId: "hotline", kind: "mediation-hotline" }).thenFails("PlaceRejected", "NumberRequired"))

  it("refuses a place id the organization already has", () => withPlaces(home).when(register).thenFails("PlaceRejected", "AlreadyRegistered"))

  it("refuses a place of an unregistered organization", () => nothing().when(register).thenFails("OrganizationRejected", "NotRegistered"))

  it("refuses a place registered by another organization's committee, or by a representative", async () => {
    await registered().when({ ...register, actor: actor("chair", "c2") }).thenFails("Unauthorized")
    await registered().when({ ...register, actor: actor("representative", "c1") }).thenFails("Unauthorized")
  })

  it("refuses an opening dated after today", () => registered().when({ ...register, openedOn: "2026-06-02" }).thenFails("TimeRejected", "InFuture"))

  it("closes a place, once, on or after the day it opened", async () => {
    await withPlaces(home).when(close).then([Place.PlaceClosed.make({ organizationId: "c1", placeId: "home", closedOn: "2026-05-01" })])
    await withPlaces(home, Place.PlaceClosed.make({ organizationId: "c1", placeId: "home", closedOn: "2026-04-01" })).when(close)
      .thenFails("PlaceRejected", "AlreadyClosed")
    await withPlaces(home).when({ ...close, closedOn: "2019-03-07" }).thenFails("PlaceRejected", "DateBeforeOpening")
    await withPlaces(home).when({ ...close, placeId: "room" }).thenFails("PlaceRejected", "UnknownPlace")
    await withPlaces(home).when({ ...close, actor: actor("chair", "c2") }).thenFails("Unauthorized")
  })
})

describe("Place.requireOpen: what other decisions check when they name a place", () => {
  const state = fold(Place.aggregate, [home, hotline, Place.PlaceClosed.make({ organizationId: "c1", placeId: "home", closedOn: "2026-05-01" })])
  /** A decision context whose places are these (and none of any other organization). */
  const ctx = {
    now: 0,
    today: "2026-06-01",
    occurred: { on: "2026-06-01", at: undefined, text: "2026-06-01" },
    calendar: calendarOf(Policy.defaults),
    policy: Policy.defaults,
    load: (_aggregate: unknown, id: string) => Effect.succeed(id === "c1" ? state : Place.aggregate.initial),
    read: (_aggregate: unknown, id: string) => Effect.succeed(id === "c1" ? state : Place.aggregate.initial)
  } as unknown as DecisionContext
  const check = (organizationId: string, placeId: string, on: string) =>
    Effect.runSync(Effect.result(Place.requireOpen(ctx, organizationId, placeId, on)))
  const reason = (organizationId: string, placeId: string, on: string) => {
    const r = check(organizationId, placeId, on)
    return r._tag === "Failure" ? (r.failure as Place.PlaceRejected).reason : "open"
  }

  it("answers a place of the organization open that day", () => {
    const r = check("c1", "hotline", "2026-06-01")
    expect(r._tag === "Success" ? r.success.number : undefined).toBe("0571-88001234")
    expect(reason("c1", "home", "2019-03-08")).toBe("open")
    expect(reason("c1", "home", "2026-04-30")).toBe("open")
  })

  it("refuses a place before its opening or from its closing", () => {
    expect(reason("c1", "home", "2019-03-07")).toBe("NotOpen")
    expect(reason("c1", "home", "2026-05-01")).toBe("NotOpen")
  })

  it("refuses a place that is not the organization's", () => {
    expect(reason("c2", "hotline", "2026-06-01")).toBe("UnknownPlace")
    expect(reason("c1", "room", "2026-06-01")).toBe("UnknownPlace")
  })
})
