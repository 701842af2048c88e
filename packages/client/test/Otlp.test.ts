/**
 * Spans exported over OTLP/HTTP (JSON) with Effect's own exporter, from the client and from
 * the Effect API: a small receiver on 127.0.0.1 takes what a collector would (POST
 * /v1/traces), and holds the command's span tree once the client (or the program's layer) is
 * done. The regions between `#region` and `#endregion` are the code of
 * docs/how-to/trace-commands.md, which the last test checks word for word.
 */
import { readFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { Effect, Layer } from "effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as OtlpSerialization from "effect/observability/OtlpSerialization"
import * as OtlpTracer from "effect/observability/OtlpTracer"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import * as Domain from "@fulian/core/Domain"
import * as Policy from "@fulian/core/Policy"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as MemoryKeyStore from "@fulian/store/MemoryKeyStore"
import * as TracedEventStore from "@fulian/store/TracedEventStore"
import * as Client from "../src/Client.ts"

/** An OTLP attribute as it travels in JSON. */
interface KeyValue {
  readonly key: string
  readonly value: { readonly stringValue?: string; readonly intValue?: number | string; readonly boolValue?: boolean; readonly arrayValue?: { readonly values: ReadonlyArray<KeyValue["value"]> } }
}

interface OtlpSpan {
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId?: string
  readonly name: string
  readonly attributes: ReadonlyArray<KeyValue>
  readonly status: { readonly code: number; readonly message?: string }
}

interface Received {
  readonly path: string
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  readonly body: {
    readonly resourceSpans: ReadonlyArray<{
      readonly resource: { readonly attributes: ReadonlyArray<KeyValue> }
      readonly scopeSpans: ReadonlyArray<{ readonly spans: ReadonlyArray<OtlpSpan> }>
    }>
  }
}

/** An attribute's plain value. */
const plain = (value: KeyValue["value"]): unknown =>
  value.arrayValue !== undefined
    ? value.arrayValue.values.map(plain)
    : value.stringValue ?? (value.intValue === undefined ? value.boolValue : Number(value.intValue))

const attributesOf = (attributes: ReadonlyArray<KeyValue>) => Object.fromEntries(attributes.map((a) => [a.key, plain(a.value)]))

let server: Server
let url: string
let received: Array<Received>

beforeEach(async () => {
  received = []
  server = createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) })
      response.writeHead(200, { "content-type": "application/json" }).end("{}")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`
})

afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())))

const cadre = { person: "zhou-hong", role: "upper-cadre", organization: "s1" } as const

describe("OTLP export", () => {
  it("sends the command's span tree, with its attributes, when the client is disposed", async () => {
    // #region client
    const fulian = Client.make({
      store: MemoryEventStore.layer,
      keys: MemoryKeyStore.layer,
      tracing: { otlp: { url, serviceName: "fulian-test", headers: { "x-api-key": "k" } } }
    })
    // #endregion client
    const outcome = await fulian.execute({ _tag: "RegisterOrganization", actor: cadre, organizationId: "s1", name: "北山街道", level: "street" })
    // The export runs every few seconds: nothing has been sent yet, and dispose sends the rest.
    await fulian.dispose()

    expect(received.length).toBeGreaterThan(0)
    expect(received.every((r) => r.path === "/v1/traces" && r.headers["content-type"] === "application/json" && r.headers["x-api-key"] === "k")).toBe(true)
    const resource = attributesOf(received[0]!.body.resourceSpans[0]!.resource.attributes)
    expect(resource["service.name"]).toBe("fulian-test")
    const spans = received.flatMap((r) => r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)))

    const [command, ...others] = spans.filter((s) => s.name === "fulian.command RegisterOrganization")
    expect(others).toEqual([])
    expect(command!.parentSpanId).toBeUndefined()
    expect(command!.status.code).toBe(1)
    expect(attributesOf(command!.attributes)).toEqual({
      "fulian.command.tag": "RegisterOrganization",
      "fulian.command.id": outcome.commandId,
      "fulian.actor.role": "upper-cadre",
      "fulian.actor.organization": "s1",
      "fulian.attempts": 1,
      "fulian.outcome": "applied",
      "fulian.streams": ["organization-s1", "deployment-top"],
      "fulian.events": 2
    })
    // One tree: every other span of the trace descends from the command's.
    const tree = spans.filter((s) => s.traceId === command!.traceId)
    const byId = new Map(tree.map((s) => [s.spanId, s]))
    const depth = (s: OtlpSpan): number => (s.parentSpanId === undefined ? 0 : 1 + depth(byId.get(s.parentSpanId)!))
    expect(tree.every((s) => s === command || depth(s) > 0)).toBe(true)
    const names = new Set(tree.map((s) => s.name))
    for (const name of ["fulian.attempt", "fulian.decide", "fulian.load", "fulian.append", "fulian.store.readStream", "fulian.store.append"]) {
      expect(names).toContain(name)
    }
    // The person who gave the command is in no span.
    expect(JSON.stringify(spans)).not.toContain(cadre.person)
  })

  it("exports a refused command and a refused read with their errors' tags, and not their messages", async () => {
    const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer, tracing: { otlp: { url } } })
    // An auditor may not register an organization, nor may a reader the records do not back
    // read: each error's message names her.
    await expect(fulian.execute({ _tag: "RegisterOrganization", actor: { ...cadre, role: "auditor" }, organizationId: "s1", name: "北山街道", level: "street" }))
      .rejects.toMatchObject({ _tag: "Unauthorized", message: expect.stringContaining(cadre.person) })
    await expect(fulian.readAll({ actor: cadre }, 0, 10)).rejects.toMatchObject({ _tag: "ReadRefused", message: expect.stringContaining(cadre.person) })
    await fulian.dispose()
    const spans = received.flatMap((r) => r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)))
    const [command] = spans.filter((s) => s.name === "fulian.command RegisterOrganization")
    expect(attributesOf(command!.attributes)).toMatchObject({ "fulian.outcome": "refused", "fulian.error.tag": "Unauthorized", "fulian.attempts": 0 })
    expect(command!.status).toEqual({ code: 2, message: "Unauthorized" })
    const [read] = spans.filter((s) => s.name === "fulian.client.readAll")
    expect(attributesOf(read!.attributes)).toEqual({ "fulian.actor.role": "upper-cadre", "fulian.actor.organization": "s1" })
    expect(read!.status).toEqual({ code: 2, message: "ReadRefused" })
    // What the read asked the store sits under it, in its trace.
    const stored = spans.filter((s) => s.name.startsWith("fulian.store."))
    expect(stored.length).toBeGreaterThan(0)
    expect(stored.every((s) => s.traceId === read!.traceId)).toBe(true)
    expect(attributesOf(received[0]!.body.resourceSpans[0]!.resource.attributes)["service.name"]).toBe("fulian")
    expect(JSON.stringify(received)).not.toContain(cadre.person)
  })

  it("sends the spans of the Effect API, with a tracer layer of the program's", async () => {
    const registerStreet: Domain.Command = { _tag: "RegisterOrganization", actor: cadre, organizationId: "s1", name: "北山街道", level: "street" }
    // #region effect
    const tracing = OtlpTracer.layer({ url, resource: { serviceName: "fulian" } }).pipe(
      Layer.provide(Layer.merge(OtlpSerialization.layerJson, FetchHttpClient.layer))
    )
    const store = TracedEventStore.layer.pipe(Layer.provide(MemoryEventStore.layer))
    // The layer's scope closes when the program ends, and the spans still buffered are sent.
    await Effect.runPromise(Domain.execute(registerStreet).pipe(Effect.provide(Layer.mergeAll(store, Policy.layer(), tracing))))
    // #endregion effect
    const spans = received.flatMap((r) => r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)))
    const [command] = spans.filter((s) => s.name === "fulian.command RegisterOrganization")
    expect(attributesOf(command!.attributes)).toMatchObject({ "fulian.outcome": "applied", "fulian.attempts": 1, "fulian.streams": ["organization-s1", "deployment-top"] })
    expect(spans.filter((s) => s.name === "fulian.store.append").map((s) => s.traceId)).toEqual([command!.traceId])
  })
})

describe("docs/how-to/trace-commands.md", () => {
  it("shows only code of this file, word for word", () => {
    const here = fileURLToPath(import.meta.url)
    const source = readFileSync(here, "utf8")
    const doc = readFileSync(new URL("../../../docs/how-to/trace-commands.md", import.meta.url), "utf8")
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    expect(blocks.length).toBe(2)
    // A region as the page shows it: without the indentation it has in its test.
    const regions = [...source.matchAll(/^( *)\/\/ #region (\w+)\n([\s\S]*?)\n *\/\/ #endregion \2/gm)]
      .map((m) => m[3]!.split("\n").map((line) => line.slice(m[1]!.length)).join("\n"))
    for (const block of blocks) {
      expect(regions.includes(block.replace(/\n$/, "")), `this block of the how-to is not a region of ${here}:\n${block}`).toBe(true)
    }
  })
})
