/**
 * `FULIAN_OTLP_URL`: a run of `fulian` exports its spans over OTLP/HTTP to the collector named,
 * the last ones when it ends — one tree per command, with no person in it.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import * as path from "node:path"
import { afterAll, expect, it } from "vitest"
import { fulian, tempDir } from "./support/Run.ts"

const dir = tempDir()
const bodies: Array<string> = []
const collector = createServer((request, response) => {
  let body = ""
  request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")))
  request.on("end", () => {
    bodies.push(body)
    response.writeHead(200, { "content-type": "application/json" }).end("{}")
  })
})
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())))

it("exports the spans of a run to FULIAN_OTLP_URL, one tree per command, with no person in them", async () => {
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve))
  process.env["FULIAN_OTLP_URL"] = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`
  try {
    const line = JSON.stringify({ _tag: "RegisterOrganization", actor: { person: "zhou-hong", role: "upper-cadre", organization: "s1" }, organizationId: "s1", name: "北山街道妇联", level: "street" })
    expect((await fulian(["exec", "--store", `sqlite:${path.join(dir, "traced.db")}`], line)).code).toBe(0)
  } finally {
    delete process.env["FULIAN_OTLP_URL"]
  }
  const spans = bodies.flatMap((b) =>
    (JSON.parse(b) as { resourceSpans: ReadonlyArray<{ scopeSpans: ReadonlyArray<{ spans: ReadonlyArray<{ name: string; spanId: string; parentSpanId?: string }> }> }> })
      .resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)))
  const root = spans.find((s) => s.name === "fulian.command RegisterOrganization")
  expect(root).toBeDefined()
  const children = spans.filter((s) => s.parentSpanId === root!.spanId).map((s) => s.name)
  expect(children).toContain("fulian.attempt")
  expect(spans.map((s) => s.name)).toContain("fulian.store.append")
  expect(bodies.join("")).not.toContain("zhou-hong")
})
