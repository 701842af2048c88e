/**
 * The charting and spreadsheet libraries are loaded only when a chart is drawn or a workbook
 * written: importing the reports (as every command of the CLI does) and writing Markdown pays
 * for neither.
 */
import { execFileSync } from "node:child_process"
import { expect, it } from "vitest"

const loadedAfter = (script: string): ReadonlyArray<string> => {
  const out = execFileSync(process.execPath, ["--conditions=fulian:source", "--import", "tsx", "--input-type=module", "-e", `${script}
const { createRequire } = await import("node:module")
const cache = Object.keys(createRequire(import.meta.url).cache)
console.log(JSON.stringify(["echarts", "exceljs"].filter((m) => cache.some((k) => k.includes("/node_modules/" + m + "/")))))`], { cwd: import.meta.dirname, encoding: "utf8" })
  return JSON.parse(out.trim().split("\n").pop()!) as ReadonlyArray<string>
}

it("loads neither echarts nor exceljs to import the reports and write Markdown", () => {
  expect(loadedAfter(`
const Render = await import("@fulian/reports/Render")
const doc = { kind: "kind.annual", organization: "X", period: "2025", header: [], sections: [{ key: "s", title: "section.activities", tables: [{ key: "t.byKind", kind: "breakdown", item: "col.kind", columns: ["col.count"], rows: [{ item: "a", values: [1] }, { item: "b", values: [2] }] }] }] }
Render.markdown(doc)
await import("@fulian/reports/Xlsx")
await import("@fulian/reports/Html")`)).toEqual([])
})

it("loads each when it is needed: echarts for a page with a chart, exceljs for a workbook", () => {
  expect(loadedAfter(`
const Html = await import("@fulian/reports/Html")
const doc = { kind: "kind.annual", organization: "X", period: "2025", header: [], sections: [{ key: "s", title: "section.activities", tables: [{ key: "t.byKind", kind: "breakdown", item: "col.kind", columns: ["col.count"], rows: [{ item: "a", values: [1] }, { item: "b", values: [2] }] }] }] }
if (!Html.document(doc).includes("<svg")) throw new Error("no chart")`)).toEqual(["echarts"])
  expect(loadedAfter(`
const { Effect } = await import("effect")
const Xlsx = await import("@fulian/reports/Xlsx")
const doc = { kind: "kind.annual", organization: "X", period: "2025", header: [], sections: [] }
await Effect.runPromise(Xlsx.document(doc))`)).toEqual(["exceljs"])
})
