/**
 * The domain core does no I/O and reads no wall clock: it imports only effect, uuid, the store
 * contract and its own modules, and time comes from Effect's Clock. This test fails if that
 * is broken.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const srcDir = join(import.meta.dirname, "..", "src")
const files = readdirSync(srcDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"))
const sources = files.map((f) => ({ file: f, text: readFileSync(join(srcDir, f), "utf8") }))

/** Every module specifier a file imports or re-exports, statically or dynamically. */
const importsOf = (text: string): ReadonlyArray<string> =>
  [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)].map((m) => m[1]!)

const allowed = (specifier: string) =>
  specifier.startsWith("./") || specifier.startsWith("../") || specifier === "effect" || specifier.startsWith("effect/") ||
  specifier === "uuid" || specifier === "@fulian/store/EventStore" || specifier === "@fulian/store/CanonicalJson"

describe("the domain core", () => {
  it("has sources to check", () => {
    expect(files.length).toBeGreaterThan(5)
  })

  it.each(sources)("$file imports no driver, file system, network or process module", ({ text }) => {
    const forbidden = importsOf(text).filter((s) => !allowed(s))
    expect(forbidden).toEqual([])
    expect(importsOf(text).filter((s) => /^(node:)?(fs|net|http|https|child_process|worker_threads|dgram|tls)(\/|$)|sqlite|pg|kurrent|effect\/(sql|http|net|process|socket)/.test(s))).toEqual([])
  })

  it.each(sources)("$file does not read the wall clock", ({ text }) => {
    expect(text).not.toMatch(/Date\.now\s*\(|new\s+Date\s*\(\s*\)|performance\.now\s*\(|process\.hrtime|Clock\.currentTimeMillis\s*\(\s*\)\s*=>/)
  })

  it("detects what it forbids", () => {
    expect(importsOf(`import { x } from "node:fs"\nconst y = await import("pg")`)).toEqual(["node:fs", "pg"])
    expect(allowed("node:fs")).toBe(false)
    expect("const t = Date.now()").toMatch(/Date\.now\s*\(/)
  })
})
