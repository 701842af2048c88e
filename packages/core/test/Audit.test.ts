import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Audit from "../src/Audit.ts"
import * as Organization from "../src/Organization.ts"
import * as Reading from "../src/Reading.ts"
import { actor, given, nothing, run, seed } from "./support/Spec.ts"

const community = Organization.OrganizationRegistered.make({ organizationId: "c1", name: "Qingbo Community", level: "community", parentId: "s1" })
const chair = actor("chair", "c1")
const appoint = { _tag: "AppointAuditor", actor: chair, organizationId: "c1", auditorId: "m1", name: "Yu Min" } as const
const leave = { _tag: "RecordAuditorLeaving", actor: chair, organizationId: "c1", auditorId: "m1" } as const
const appointed = (on = "2026-06-01") => Audit.AuditorAppointed.make({ organizationId: "c1", auditorId: "m1", name: "Yu Min", appointedOn: on })
const left = (on = "2026-06-01") => Audit.AuditorLeft.make({ organizationId: "c1", auditorId: "m1", leftOn: on })
const roster = (...events: ReadonlyArray<Audit.Event>) =>
  given(Organization.aggregate, "c1", [community]).and(Audit.aggregate, "c1", events)

describe("Auditors' roster (审计员名册, §10)", () => {
  it("appoints an auditor, by the committee, on the day of the fact", () =>
    roster().when({ ...appoint, occurredAt: "2026-05-20" }).then([appointed("2026-05-20")]))

  it("refuses appointing a serving auditor again", () =>
    roster(appointed("2026-01-01")).when(appoint).thenFails("AuditRejected", "AlreadyAppointed"))

  it("appoints again one who left, not before she left", async () => {
    await roster(appointed("2026-01-01"), left("2026-03-01")).when(appoint).then([appointed()])
    await roster(appointed("2026-01-01"), left("2026-03-01")).when({ ...appoint, occurredAt: "2026-02-01" }).thenFails("AuditRejected", "DateOutOfOrder")
  })

  it("records an auditor leaving, not before her appointment, and only a serving one", async () => {
    await roster(appointed("2026-01-01")).when(leave).then([left()])
    await roster(appointed("2026-05-01")).when({ ...leave, occurredAt: "2026-04-01" }).thenFails("AuditRejected", "DateOutOfOrder")
    await roster().when(leave).thenFails("AuditRejected", "NotAnAuditor")
    await roster(appointed("2026-01-01"), left("2026-03-01")).when(leave).thenFails("AuditRejected", "NotAnAuditor")
  })

  it("is kept by the organization's own committee", async () => {
    await roster().when({ ...appoint, actor: actor("chair", "c2") }).thenFails("Unauthorized")
    await roster().when({ ...appoint, actor: actor("mediator", "c1") }).thenFails("Unauthorized")
  })

  it("refuses a roster of an unregistered organization", () =>
    nothing().when(appoint).thenFails("OrganizationRejected", "NotRegistered"))

  it("backs the auditor's reading: she reads while on the roster, not after she left", async () => {
    const read = (served: ReadonlyArray<Audit.Event>) =>
      run(Effect.gen(function*() {
        yield* seed([{ stream: "organization-c1", events: [community] }, { stream: "auditors-c1", events: served }])
        return yield* Effect.result(Reading.readStream({ actor: { person: "m1", role: "auditor", organization: "c1" } }, "organization-c1"))
      }))
    expect((await read([appointed("2026-01-01")]))._tag).toBe("Success")
    const gone = await read([appointed("2026-01-01"), left("2026-03-01")])
    expect(gone._tag === "Failure" && gone.failure._tag).toBe("ReadRefused")
  })
})
