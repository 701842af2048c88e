/**
 * The OpenAPI document the service serves at `/openapi.json`, derived from the same `HttpApi`
 * that serves the requests: OpenAPI 3.1; every route the service serves is in it and it names
 * no other (each operation it declares answers, a method or path it does not declare is a 404);
 * the body of `POST /commands` is `fulian schema`'s `Command`, whose definitions are the
 * document's components unchanged; and what the service answers is what the document says it
 * answers, checked by a validator against the document's own schemas.
 */
import { Ajv2020 } from "ajv/dist/2020.js"
import addFormats from "ajv-formats"
import { afterAll, beforeAll, expect, it } from "vitest"
import * as JsonSchemas from "@fulian/cli/JsonSchemas"
import { start, type Started } from "../src/main.ts"
import * as Seed from "../src/Seed.ts"

/** The parts of the document the test reads. */
interface Operation {
  readonly operationId: string
  readonly security: ReadonlyArray<Record<string, ReadonlyArray<string>>>
  readonly requestBody?: { readonly content: Record<string, { readonly schema: unknown }> }
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema: unknown }> }>
}
interface Document {
  readonly openapi: string
  readonly paths: Record<string, Record<string, Operation>>
  readonly components: { readonly schemas: Record<string, unknown>; readonly securitySchemes: Record<string, { readonly type: string; readonly name: string; readonly in: string }> }
}

let platform: Started
let document: Document
beforeAll(async () => {
  platform = await start()
  const response = await fetch(`${platform.url}/openapi.json`)
  expect(response.status).toBe(200)
  document = await response.json() as Document
})
afterAll(async () => {
  await platform?.close()
})

/** Every route the service serves: its API, its documents and its page (the README's table). */
const served = [
  "POST /commands",
  "GET /households",
  "GET /ledgers",
  "GET /reports",
  "GET /events",
  "GET /schema",
  "GET /openapi.json",
  "GET /"
]

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => [method.toUpperCase(), path, operation] as const))

const chair = { "content-type": "application/json", "x-fulian-actor": "sun-yan:chair@hexi" }

/** A request to a route, as the document declares it: with an actor where it asks for one, a body where it takes one. */
const request = (method: string, path: string, signal?: AbortSignal) =>
  fetch(`${platform.url}${path}${path === "/reports" ? "?organizationId=hexi&kind=annual&period=2025" : ""}`, {
    method,
    headers: chair,
    ...(method === "POST" ? { body: "{}" } : {}),
    ...(signal === undefined ? {} : { signal })
  })

it("is an OpenAPI 3.1 document of every route the service serves, and of no other", async () => {
  expect(document.openapi).toMatch(/^3\.1\.\d+$/)
  expect(operations().map(([method, path]) => `${method} ${path}`).sort()).toEqual([...served].sort())
  for (const [method, path] of operations()) {
    const leave = new AbortController()
    const response = await request(method, path, leave.signal)
    expect(response.status, `${method} ${path}`).not.toBe(404)
    leave.abort() // the feed does not end by itself
  }
  for (const [method, path] of [["GET", "/commands"], ["PUT", "/commands"], ["DELETE", "/households"], ["POST", "/ledgers"], ["GET", "/docs"], ["GET", "/commands/1"]] as const) {
    expect((await fetch(`${platform.url}${path}`, { method, headers: chair })).status, `${method} ${path}`).toBe(404)
  }
})

it("takes a command as fulian schema describes it: the body is its Command, its definitions the document's components", () => {
  const execute = document.paths["/commands"]!.post!
  expect(execute.requestBody!.content["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/Command" })
  const defs = JsonSchemas.document().$defs as Record<string, unknown>
  for (const [name, definition] of Object.entries(defs)) {
    const component = JSON.stringify(document.components.schemas[name]).replaceAll("\"#/components/schemas/", "\"#/$defs/")
    expect(component, name).toBe(JSON.stringify(definition))
  }
  // A validator reads it as fulian schema's: a command validates, one with a wrong field does not.
  const ajv = new Ajv2020({ strict: false, discriminator: true })
  addFormats.default(ajv)
  ajv.addVocabulary([JsonSchemas.keyword])
  ajv.addSchema(document as object, "openapi")
  const body = ajv.getSchema("openapi#/components/schemas/Command")!
  const command = { _tag: "RegisterHousehold", actor: { person: "sun-yan", role: "chair", organization: "hexi" }, householdId: "h1", organizationId: "hexi", headName: "刘桂兰", address: "河西路12号", circumstances: ["low-income"] }
  expect(body(command)).toBe(true)
  expect(body({ ...command, circumstances: ["rich"] })).toBe(false)
  expect(body({ ...command, occurredAt: "2025-02-30" })).toBe(false)
  // The titles a form is built from are there too, field by field.
  expect(document.components.schemas["command.RegisterHousehold"]).toMatchObject({
    title: "登记家庭户 / Register a household",
    properties: { headName: { title: "户主姓名 / Head of household's name" } }
  })
})

it("names who acts as its security scheme, on every route but the documents and the page", () => {
  expect(document.components.securitySchemes.actor).toMatchObject({ type: "apiKey", name: "x-fulian-actor", in: "header" })
  expect(document.components.securitySchemes.as).toMatchObject({ type: "apiKey", name: "as", in: "query" })
  for (const [method, path, operation] of operations()) {
    const open = ["/schema", "/openapi.json", "/"].includes(path)
    expect(operation.security, `${method} ${path}`).toEqual(open ? [] : [{ actor: [] }, { as: [] }])
  }
})

it("answers as it declares: each status and body of these requests is one the document gives the route", async () => {
  // A validator of the document's own schemas (OpenAPI 3.1's are JSON Schema 2020-12; fulian's keyword and OpenAPI's discriminator as fulian schema asks).
  const ajv = new Ajv2020({ strict: false, discriminator: true, allErrors: true })
  addFormats.default(ajv)
  ajv.addVocabulary([JsonSchemas.keyword])
  ajv.addSchema(document as object, "openapi")
  const household = (householdId: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ _tag: "RegisterHousehold", householdId, organizationId: "hexi", headName: "刘桂兰", address: "河西路12号", circumstances: [], ...extra })
  const exchanges: ReadonlyArray<readonly [string, string, RequestInit]> = [
    ["POST", "/commands", { headers: chair, body: household("openapi-h1") }],
    ["POST", "/commands", { headers: chair, body: household("openapi-h1") }],
    ["POST", "/commands", { headers: chair, body: household("openapi-h2", { headName: " ", circumstances: ["rich"] }) }],
    ["POST", "/commands", { headers: { "x-fulian-actor": "zhao-min:chair@dongsheng" }, body: household("openapi-h3") }],
    ["POST", "/commands", { body: household("openapi-h4") }],
    ["GET", "/households", { headers: chair }],
    ["GET", "/households", { headers: { "x-fulian-actor": "nobody:chair@hexi" } }],
    ["GET", "/ledgers?as=sun-yan:chair@hexi", {}],
    ["GET", "/ledgers?asOf=2025-02-30", { headers: chair }],
    // This month's report: the seed registers the communities today.
    ["GET", `/reports?organizationId=hexi&kind=monthly&period=${Seed.today().slice(0, 7)}`, { headers: chair }],
    ["GET", "/reports?organizationId=hexi&kind=monthly&period=2025-13", { headers: chair }],
    ["GET", "/reports?organizationId=hexi&kind=weekly&period=2025", { headers: chair }],
    ["GET", "/events?after=abc", { headers: chair }]
  ]
  const statuses: Array<number> = []
  for (const [method, url, init] of exchanges) {
    const response = await fetch(`${platform.url}${url}`, { method, ...init })
    const operation = document.paths[url.split("?")[0]!]![method.toLowerCase()]!
    const declared = operation.responses[String(response.status)]
    expect(declared, `${method} ${url}: ${response.status} is declared`).toBeDefined()
    statuses.push(response.status)
    const text = await response.text()
    if (text === "") continue // a 400 of a query the route's schema refuses: declared with no content
    const at = `#/paths/${url.split("?")[0]!.replaceAll("/", "~1")}/${method.toLowerCase()}/responses/${response.status}/content/application~1json/schema`
    const validate = ajv.getSchema(`openapi${at}`)!
    expect(validate(JSON.parse(text)), `${method} ${url} ${response.status}: ${JSON.stringify(validate.errors)}`).toBe(true)
  }
  expect(statuses).toEqual([200, 409, 400, 403, 401, 200, 403, 200, 400, 200, 400, 400, 400])
  // The validator does check: an answer of another shape fails.
  expect(ajv.getSchema("openapi#/components/schemas/Outcome")!({ commandId: 1 })).toBe(false)
})
