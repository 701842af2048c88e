import { describe, it } from "vitest"
import * as Place from "@fulian/core/Place"
import * as Policy from "@fulian/core/Policy"
import * as Places from "../../src/ledgers/Places.ts"
import { given, on } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults

const home = (organizationId: string) =>
  Place.PlaceRegistered.make({ organizationId, placeId: `${organizationId}-home`, kind: "womens-home", name: `${organizationId} 妇女之家`, openedOn: "2019-03-08" })
const hotline = Place.PlaceRegistered.make({
  organizationId: "c1",
  placeId: "c1-hotline",
  kind: "mediation-hotline",
  name: "调解热线",
  number: "0571-88001234",
  openedOn: "2026-02-01"
})
const closed = Place.PlaceClosed.make({ organizationId: "c2", placeId: "c2-home", closedOn: "2026-05-01" })

const world = [
  on(Place.aggregate, "c2", [home("c2")], { at: "2019-03-08T10:00:00Z" }),
  // Copied in from the paper register (补录): opened in 2019, recorded in 2026.
  on(Place.aggregate, "c1", [home("c1")], { at: "2019-03-08T09:00:00Z", recordedAt: "2026-01-05T09:00:00Z" }),
  on(Place.aggregate, "c1", [hotline], { at: "2026-02-01T09:00:00Z" }),
  on(Place.aggregate, "c2", [closed], { at: "2026-05-01T09:00:00Z" })
]

describe("the places ledger (阵地台帐)", () => {
  it("shows each place of each organization: its kind, its number, its days, whether it is open, and its organization's places entered late", () => {
    given(Places.projection, ...world).then((s) => Places.rows(s, { asOf: "2026-06-01", policy }), [
      { organizationId: "c1", placeId: "c1-home", kind: "womens-home", name: "c1 妇女之家", openedOn: "2019-03-08", open: true, flags: ["entered-late"] },
      { organizationId: "c1", placeId: "c1-hotline", kind: "mediation-hotline", name: "调解热线", number: "0571-88001234", openedOn: "2026-02-01", open: true, flags: ["entered-late"] },
      { organizationId: "c2", placeId: "c2-home", kind: "womens-home", name: "c2 妇女之家", openedOn: "2019-03-08", closedOn: "2026-05-01", open: false, flags: [] }
    ])
  })

  it("counts the places open on a date, by kind, for an area", () => {
    const spec = given(Places.projection, ...world)
    spec.then((s) => Places.figures(Places.rows(s, { asOf: "2026-04-30", policy })), {
      openByKind: { "womens-home": 2, "activity-room": 0, "rights-station": 0, "rights-point": 0, "mediation-hotline": 1, "duty-post": 0 },
      open: 3
    })
    spec.then((s) => Places.figures(Places.rows(s, { asOf: "2026-05-01", policy })).open, 2)
    spec.then((s) => Places.figures(Places.rows(s, { asOf: "2026-01-31", policy, within: { organizationId: "c1", ids: new Set(["c1"]) } })).open, 1)
  })
})
