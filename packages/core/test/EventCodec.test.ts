import { Cause, Effect, Exit, Option, Schema } from "effect"
import { describe, expect, it } from "vitest"
import type { RecordedEvent } from "@fulian/store/EventStore"
import * as Domain from "../src/Domain.ts"
import * as EventCodec from "../src/EventCodec.ts"
import * as Household from "../src/Household.ts"

const recorded = (type: string, schemaVersion: number, data: unknown): RecordedEvent => ({
  eventId: "e",
  stream: "household-h1",
  version: 1,
  position: 42,
  type,
  schemaVersion,
  data,
  metadata: { actor: { person: "p", role: "chair", organization: "c1" }, occurredAt: "", recordedAt: "", commandId: "c", causationId: "c", correlationId: "c" },
  hash: ""
})

const decodeError = (r: RecordedEvent, codec = Domain.codec) => Effect.runPromise(Effect.flip(codec.decode(r)))

describe("EventCodec", () => {
  const data = { householdId: "h1", circumstances: ["low-income"] }

  it("round-trips every event through its stored form", async () => {
    const event = Household.HouseholdCircumstancesChanged.make({ householdId: "h1", circumstances: ["low-income"] })
    const stored = Domain.codec.encode(event)
    expect(stored).toEqual({ type: "HouseholdCircumstancesChanged", schemaVersion: 1, data })
    expect(await Effect.runPromise(Domain.codec.decode(recorded(stored.type, 1, stored.data)))).toEqual(event)
  })

  it("refuses an unknown type, naming stream and position", async () => {
    const error = await decodeError(recorded("HouseholdTeleported", 1, data))
    expect(error.reason).toMatchObject({ _tag: "CorruptEvent", stream: "household-h1", position: 42 })
    expect(error.message).toContain("household-h1")
    expect(error.message).toContain("42")
  })

  it("refuses a schema version newer than the code knows", async () => {
    const error = await decodeError(recorded("HouseholdCircumstancesChanged", 2, data))
    expect(error.reason).toMatchObject({ _tag: "CorruptEvent", position: 42 })
    expect(error.message).toContain("newer")
  })

  it("refuses data that does not decode, naming the field", async () => {
    const bad = recorded("HouseholdCircumstancesChanged", 1, { householdId: "h1", circumstances: ["rich"] })
    const error = await decodeError(bad)
    expect(error.reason._tag).toBe("CorruptEvent")
    expect(error.message).toContain("circumstances")
    // `decodeExit`, which a projection run uses, fails with the same error.
    const exit = Domain.codec.decodeExit(bad)
    expect(Exit.isFailure(exit) && Option.getOrUndefined(Cause.findErrorOption(exit.cause))?.message).toBe(error.message)
    expect(Domain.codec.decodeExit(recorded("HouseholdCircumstancesChanged", 1, data))).toEqual(Exit.succeed({ _tag: "HouseholdCircumstancesChanged", ...data }))
  })

  const V2 = Schema.TaggedStruct("Renamed", { fullName: Schema.String })
  it("upcasts an older schema version", async () => {
    const codec = EventCodec.make(V2, { versions: { Renamed: 2 }, upcasts: { Renamed: { 1: (d) => ({ fullName: (d as { name: string }).name }) } } })
    expect(await Effect.runPromise(codec.decode(recorded("Renamed", 1, { name: "Zhao Min" })))).toEqual({ _tag: "Renamed", fullName: "Zhao Min" })
    expect(codec.encode({ _tag: "Renamed", fullName: "x" }).schemaVersion).toBe(2)
  })

  it("refuses an older schema version with no upcast", async () => {
    const codec = EventCodec.make(V2, { versions: { Renamed: 3 }, upcasts: { Renamed: { 1: (d) => d } } })
    const error = await decodeError(recorded("Renamed", 1, { name: "x" }), codec as never)
    expect(error.message).toContain("schema version 2 has no upcast to version 3")
  })
})
