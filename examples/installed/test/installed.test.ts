/**
 * fulian as a user installs it (issue "An embeddable library"): every package built and
 * packed; the tarballs installed into a fresh project outside the workspace (third-party
 * packages from the registry); then used from a plain Node ESM program (no TypeScript runner),
 * from a TypeScript program compiled by tsc (NodeNext, strict, library declarations checked)
 * and run with plain node, and through the `fulian` bin. A project that installs the packages
 * holds no test runner and no bundler among its runtime dependencies.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.join(here, "..", "..", "..")
const consumer = path.join(here, "..", "consumer")
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fulian-installed-"))
const project = path.join(dir, "project")
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const packages = fs.readdirSync(path.join(root, "packages"))
const run = (file: string, args: ReadonlyArray<string>, cwd: string) =>
  execFileSync(file, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 })
const npm = (args: ReadonlyArray<string>, cwd: string) => run(process.platform === "win32" ? "npm.cmd" : "npm", args, cwd)

describe("the packages as installed", () => {
  const tarballs = new Map<string, string>()

  beforeAll(() => {
    run(process.execPath, [path.join(root, "scripts", "build.mjs")], root)
    const packed = JSON.parse(npm(["pack", ...packages.flatMap((p) => ["-w", `packages/${p}`]), "--pack-destination", dir, "--json"], root)) as Array<{ name: string; filename: string }>
    for (const p of packed) tarballs.set(p.name, path.join(dir, p.filename))
    // Everything but the test suites' package, which brings vitest by design.
    const dependencies = Object.fromEntries([...tarballs].filter(([name]) => name !== "@fulian/testing").map(([name, file]) => [name, `file:${file}`]))
    fs.mkdirSync(project)
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies, devDependencies: { "@types/node": "^20.19.0" } }, null, 2))
    for (const f of fs.readdirSync(consumer)) fs.copyFileSync(path.join(consumer, f), path.join(project, f))
    npm(["install", "--no-audit", "--no-fund", "--loglevel=error", "--ignore-scripts"], project)
    // The one native addon, SQLite's driver: the workspace's own build when it is the same
    // version (compiling it again from source takes minutes here), else built as npm would.
    const addon = (at: string) => path.join(at, "node_modules", "better-sqlite3")
    const versionOf = (at: string) => (JSON.parse(fs.readFileSync(path.join(addon(at), "package.json"), "utf8")) as { version: string }).version
    if (versionOf(project) === versionOf(root) && fs.existsSync(path.join(addon(root), "build", "Release", "better_sqlite3.node"))) {
      fs.cpSync(path.join(addon(root), "build", "Release", "better_sqlite3.node"), path.join(addon(project), "build", "Release", "better_sqlite3.node"))
    } else {
      npm(["rebuild", "better-sqlite3"], project)
    }
  }, 600_000)

  it("packs every package with its compiled code, declarations, README and LICENSE, and no sources or tests", () => {
    expect([...tarballs.keys()].sort()).toEqual(packages.map((p) => JSON.parse(fs.readFileSync(path.join(root, "packages", p, "package.json"), "utf8")).name).sort())
    for (const [name, file] of tarballs) {
      const entries = run("tar", ["-tzf", file], dir).split("\n").filter((e) => e.length > 0)
      expect(entries, name).toContain("package/README.md")
      expect(entries, name).toContain("package/LICENSE")
      expect(entries.some((e) => /^package\/dist\/.+\.js$/.test(e)), name).toBe(true)
      expect(entries.some((e) => /^package\/dist\/.+\.d\.ts$/.test(e)), name).toBe(true)
      expect(entries.filter((e) => e.startsWith("package/src/") || e.startsWith("package/test/")), name).toEqual([])
    }
  })

  it("installs no test runner and no bundler among the runtime dependencies", () => {
    const tree = npm(["ls", "--omit=dev", "--all", "--parseable"], project)
    for (const tool of ["vitest", "vite", "fast-check", "esbuild", "tsx", "typescript", "rollup"]) {
      expect(tree.split("\n").filter((line) => line.endsWith(`${path.sep}node_modules${path.sep}${tool}`)), tool).toEqual([])
    }
  })

  it("runs from plain Node ESM: commands on SQLite, the ledgers, a report sent up sealed, the records verified", () => {
    const out = JSON.parse(run(process.execPath, ["main.mjs", "plain.db"], project))
    expect(out).toEqual({ ledgers: out.ledgers, households: true, report: true, sealed: true, verified: true })
    expect(out.ledgers).toBeGreaterThan(5)
    // The ledgers' rows are in the file, written there by the projection store's thread.
    const db = new Database(path.join(project, "plain.db"), { readonly: true })
    expect((db.prepare("SELECT count(*) AS n FROM projection_rows").get() as { n: number }).n).toBeGreaterThan(0)
    db.close()
  })

  it("compiles with tsc (NodeNext, strict, the libraries' declarations checked) and runs with plain node", () => {
    run(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], project)
    expect(JSON.parse(run(process.execPath, [path.join("dist", "typed.js"), "typed.db"], project))).toEqual({ events: 2, links: true })
  })

  it("runs the fulian bin with plain node", () => {
    const schema = JSON.parse(run(process.execPath, [path.join("node_modules", ".bin", "fulian"), "schema"], project)) as { $schema: string }
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema")
  })
})
