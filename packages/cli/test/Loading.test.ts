/**
 * What a command line loads, in a process of its own: parsing, help and `--version` load
 * effect's modules one by one (not the `effect` index, which loads all of them) and no module of
 * the domain, the stores or the reports; a command loads the adapter of the store it opens and
 * no other, and `history` not the ledgers' projection store. Each module loaded costs memory for
 * as long as the process runs: the effect index alone is some ten megabytes more than the
 * modules the command line needs.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { fulian, tempDir } from "./support/Run.ts"

describe("what a command line loads", () => {
  const dir = tempDir()
  const file = path.join(dir, "loading.db")
  const hooks = path.join(dir, "hooks.mjs")
  const register = path.join(dir, "register.mjs")

  beforeAll(async () => {
    // Each module's URL as it is resolved, appended to the file the child names.
    fs.writeFileSync(hooks, `import { appendFileSync } from "node:fs"
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context)
  appendFileSync(process.env.FULIAN_TEST_LOADED, resolved.url + "\\n")
  return resolved
}
`)
    fs.writeFileSync(register, `import { register } from "node:module"\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`)
    const line = JSON.stringify({ _tag: "RegisterOrganization", actor: { person: "zhou", role: "upper-cadre", organization: "s1" }, organizationId: "s1", name: "北山街道妇联", level: "street" })
    expect((await fulian(["exec", "--store", `sqlite:${file}`], line)).code).toBe(0)
  })

  let runs = 0
  /** The modules that `fulian <args>` loads: `@fulian/<package>/<Module>`, an installed package by its name, `effect` for effect's index. */
  const loadedBy = (args: ReadonlyArray<string>): ReadonlyArray<string> => {
    const loaded = path.join(dir, `loaded-${++runs}.txt`)
    execFileSync(process.execPath, ["--conditions=fulian:source", "--import", "tsx", "--import", pathToFileURL(register).href, "--input-type=module", "-e", `
const Effect = await import("effect/Effect")
const Cli = await import("@fulian/cli/Cli")
const NodePlatform = await import("@fulian/cli/NodePlatform")
const args = ${JSON.stringify(args)}
await Effect.runPromise(Cli.main(args).pipe(Effect.provide(NodePlatform.layer(NodePlatform.stdio(args)))))
process.exit(0)`], { cwd: import.meta.dirname, encoding: "utf8", input: "", stdio: "pipe", env: { ...process.env, FULIAN_TEST_LOADED: loaded } })
    const urls = fs.readFileSync(loaded, "utf8").split("\n").filter((u) => u !== "")
    return [...new Set(urls.flatMap((url) => {
      const own = /\/packages\/([^/]+)\/src\/(.+)\.ts$/.exec(url)
      if (own !== null) return [`@fulian/${own[1]}/${own[2]}`]
      const installed = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.+)$/.exec(url)
      if (installed === null) return []
      const [, name, file] = installed
      return [name !== "effect" ? name! : file === "dist/index.js" ? "effect" : `effect/${file}`]
    }))]
  }

  const heavy = (loaded: ReadonlyArray<string>) =>
    loaded.filter((m) => m === "effect" || /^@fulian\/(core\/(?!Time$)|store|privacy|projections|reports)/.test(m))

  it("loads neither the effect index nor the domain, a store or a report for --version and help", () => {
    for (const args of [["--version"], ["history", "--help"], ["report", "--help"]]) {
      expect(heavy(loadedBy(args)), args.join(" ")).toEqual([])
    }
  })

  it("loads the SQLite adapter for history on SQLite, and no other adapter, no projection store and no report", () => {
    const loaded = loadedBy(["history", "organization-s1", "--store", `sqlite:${file}`, "--as", "zhou:chair@s1"])
    expect(loaded).toContain("@fulian/store-sqlite/SqliteEventStore")
    expect(loaded).toContain("@fulian/privacy/EncryptingEventStore")
    expect(loaded.filter((m) => /^(@fulian\/(store-postgres|store-kurrentdb|reports)|@effect\/sql-pg|@kurrent)|ProjectionStore$/.test(m))).toEqual([])
  })

  it("loads no PDF or XLSX renderer for ledgers as text", () => {
    const loaded = loadedBy(["ledgers", "--store", `sqlite:${file}`, "--as", "zhou:chair@s1"])
    expect(loaded).toContain("@fulian/projections/Ledgers")
    expect(loaded.filter((m) => /^@fulian\/reports\/(Pdf|Xlsx)$|^(exceljs|playwright-core)$/.test(m))).toEqual([])
  })
})
