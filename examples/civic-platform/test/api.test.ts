/**
 * The platform's HTTP API, over plain `fetch`: a command's outcome and its typed errors (400
 * `InvalidCommand` with its problems, 403 `Unauthorized`, 409 a domain's refusal, 401 without
 * an actor), authorized reads (a reader of another organization sees none of the community's
 * households), the event feed, and the JSON Schema.
 */
import { afterAll, beforeAll, expect, it } from "vitest"
import { start, type Started } from "../src/main.ts"

let platform: Started
beforeAll(async () => {
  platform = await start()
})
afterAll(async () => {
  await platform?.close()
})

/** A response's JSON, loosely typed: the tests check its shape. */
const json = (response: Response): Promise<any> => response.json()
const as = (actor: string) => ({ "content-type": "application/json", "x-fulian-actor": actor })
const hexiChair = as("sun-yan:chair@hexi")
const household = (householdId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ _tag: "RegisterHousehold", householdId, organizationId: "hexi", headName: "刘桂兰", address: "河西路12号", circumstances: ["empty-nest-elderly"], ...extra })
const post = (headers: Record<string, string>, body: string) => fetch(`${platform.url}/commands`, { method: "POST", headers, body })

it("answers a command with its outcome, the actor taken from the platform's header", async () => {
  const response = await post(hexiChair, household("api-h1", { actor: { person: "someone-else", role: "chair", organization: "dongsheng" } }))
  expect(response.status).toBe(200)
  const outcome = await json(response)
  expect(outcome.events).toEqual([expect.objectContaining({ stream: "household-api-h1", type: "HouseholdRegistered", version: 1 })])
})

it("answers the typed errors with their status", async () => {
  const invalid = await post(hexiChair, household("api-h2", { headName: "  ", circumstances: ["rich"] }))
  expect(invalid.status).toBe(400)
  const body = await json(invalid)
  expect(body._tag).toBe("InvalidCommand")
  expect(body.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(["headName", "circumstances.0"]))

  const notJson = await post(hexiChair, "not json")
  expect([notJson.status, (await json(notJson))._tag]).toEqual([400, "InvalidCommand"])

  const otherCommunity = await post(as("zhao-min:chair@dongsheng"), household("api-h3"))
  expect([otherCommunity.status, (await json(otherCommunity))._tag]).toEqual([403, "Unauthorized"])

  const again = await post(hexiChair, household("api-h1"))
  expect(again.status).toBe(409)
  expect(await json(again)).toMatchObject({ _tag: "HouseholdRejected", reason: "AlreadyRegistered" })

  const anonymous = await fetch(`${platform.url}/commands`, { method: "POST", body: household("api-h4") })
  expect([anonymous.status, (await json(anonymous))._tag]).toEqual([401, "Unauthenticated"])
})

it("reads only what the reader may read", async () => {
  await post(hexiChair, household("api-h5"))
  const hexi = await json(await fetch(`${platform.url}/households`, { headers: hexiChair }))
  expect(hexi.households.map((h: { householdId: string }) => h.householdId)).toEqual(expect.arrayContaining(["api-h1", "api-h5"]))
  expect(hexi.count).toBe(hexi.households.length)
  expect(hexi.households[0].headName).toBe("刘桂兰")

  // 东升社区's chair, backed by the records, sees none of 河西社区's households.
  const dongsheng = await json(await fetch(`${platform.url}/households`, { headers: as("zhao-min:chair@dongsheng") }))
  expect(dongsheng).toMatchObject({ households: [], count: 0 })
  const ledgers = await json(await fetch(`${platform.url}/ledgers?as=zhao-min:chair@dongsheng`))
  expect(ledgers.householdContact.communities).toEqual([])

  // A role the records do not give her is refused.
  const claimed = await fetch(`${platform.url}/households`, { headers: as("nobody:chair@hexi") })
  expect([claimed.status, (await json(claimed))._tag]).toEqual([403, "ReadRefused"])
})

it("feeds the new events the reader may read as server-sent events, and ends when she leaves", async () => {
  const { position } = await json(await fetch(`${platform.url}/households`, { headers: hexiChair }))
  const leave = new AbortController()
  const response = await fetch(`${platform.url}/events?after=${position}`, { headers: hexiChair, signal: leave.signal })
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/)
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  await post(hexiChair, household("api-h6"))
  let text = ""
  while (!text.includes("api-h6")) text += (await reader.read()).value ?? ""
  expect(text).toMatch(/id: \d+\nevent: HouseholdRegistered\ndata: \{.*"householdId":"api-h6"/)
  expect(text).not.toContain("api-h5") // only events after the position asked for
  leave.abort()
})

it("serves the JSON Schema document", async () => {
  const schema = await json(await fetch(`${platform.url}/schema`))
  expect(schema.$defs["command.RegisterHousehold"].title).toBe("登记家庭户 / Register a household")
})
