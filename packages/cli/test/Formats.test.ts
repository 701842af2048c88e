/**
 * `fulian report` and `fulian ledgers` in the formats people use, over the demo year:
 * `--format html|pdf|xlsx|csv|md|json` and `--lang zh-CN|en`; the binary formats (pdf, xlsx)
 * only to a file named by `--out`, refused before anything is computed without one; CSV with a
 * byte-order mark; the ledgers' workbook and CSV carrying the same figures as their JSON rows.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import ExcelJS from "exceljs"
import { beforeAll, describe, expect, it } from "vitest"
import * as Xlsx from "@fulian/reports/Xlsx"
import { fulian, tempDir } from "./support/Run.ts"
import { parseCsv } from "../../reports/test/support/Csv.ts"

const dir = tempDir()
const store = ["--store", `sqlite:${path.join(dir, "demo.db")}`, "--as", "sun-li:auditor@binhai", "--purpose", "测试"]
const annual = ["report", "annual", "--org", "qingshan", "--year", "2025"]
const asOf = ["--as-of", "2025-12-31"]


const workbook = async (file: string) => {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(fs.readFileSync(file) as unknown as ExcelJS.Buffer)
  return book
}

/** Every row of a sheet as values. */
const rowsOf = (sheet: ExcelJS.Worksheet): Array<Array<ExcelJS.CellValue>> =>
  Array.from({ length: sheet.rowCount }, (_, i) => (sheet.getRow(i + 1).values as Array<ExcelJS.CellValue>).slice(1))

/** The volunteers' ledger as the JSON rows give it: organization → serving, left, pairs, households paired, hours. */
interface VolunteersJson {
  readonly volunteers: { readonly organizations: ReadonlyArray<{ organizationId: string; serving: number; left: number; pairs: number; householdsPaired: number; hours: number }> }
}

beforeAll(async () => {
  const seeded = await fulian(["demo", ...store])
  expect(seeded.code, seeded.stderr).toBe(0)
}, 60_000)

describe("fulian report --format", () => {
  it("refuses pdf and xlsx without --out, before computing or sending anything up", async () => {
    for (const format of ["pdf", "xlsx"]) {
      const ran = await fulian([...annual, "--format", format, ...store])
      expect(ran.code).toBe(1)
      expect(ran.stdout).toBe("")
      expect(ran.stderr).toContain(`--format ${format} is a binary file: name it with --out <file>`)
    }
    const submit = await fulian(["report", "annual", "--org", "qingshan", "--format", "xlsx", "--submit", "--actor", "x", ...store])
    expect(submit.code).toBe(1)
    expect(submit.stderr).not.toContain("sent")
  })

  it("shows the chair's paragraphs from --narrative as a draft, and refuses a file that is not paragraphs of the report's sections", async () => {
    const file = path.join(dir, "narrative.json")
    fs.writeFileSync(file, JSON.stringify([{ section: "problems", text: "部分社区调解员培训不足。" }, { section: "next-year", text: "明年每季度开展一次调解员培训。" }]))
    const draft = await fulian([...annual, "--narrative", file, ...store])
    expect(draft.code, draft.stderr).toBe(0)
    expect(draft.stdout).toContain("## 存在的问题\n\n部分社区调解员培训不足。")
    expect(draft.stdout).toContain("明年每季度开展一次调解员培训。")
    fs.writeFileSync(file, JSON.stringify([{ section: "weather", text: "晴" }]))
    const unknown = await fulian([...annual, "--narrative", file, ...store])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain("--narrative: the annual report has no section weather")
    fs.writeFileSync(file, JSON.stringify({ problems: "不是列表" }))
    const notAList = await fulian([...annual, "--narrative", file, ...store])
    expect(notAList.code).toBe(1)
    expect(notAList.stderr).toContain("must hold a list of paragraphs")
  })

  it("writes HTML for A4 with charts in either language, to standard output or a file; md is markdown", async () => {
    const zh = await fulian([...annual, "--format", "html", ...store])
    expect(zh.code, zh.stderr).toBe(0)
    expect(zh.stdout).toContain("<html lang=\"zh-CN\">")
    expect(zh.stdout).toContain("<h1>青山街道妇联年度工作总结（2025）</h1>")
    expect(zh.stdout).toMatch(/<svg data-chart="mediation\.byLevel"/)
    const file = path.join(dir, "annual.html")
    const en = await fulian([...annual, "--format", "html", "--lang", "en", "--out", file, ...store])
    expect(en.code, en.stderr).toBe(0)
    expect(en.stdout).toBe("")
    expect(en.stderr).toContain(`fulian report: wrote ${file}`)
    expect(fs.readFileSync(file, "utf8")).toContain("<h1>青山街道妇联: Annual work summary (2025)</h1>")
    expect((await fulian([...annual, "--format", "md", ...store])).stdout).toBe((await fulian([...annual, "--format", "markdown", ...store])).stdout)
  })

  it("writes XLSX whose figures are the JSON report's", async () => {
    const file = path.join(dir, "annual.xlsx")
    const ran = await fulian([...annual, "--format", "xlsx", "--lang", "en", "--out", file, ...store])
    expect(ran.code, ran.stderr).toBe(0)
    const json = JSON.parse((await fulian([...annual, "--format", "json", "--lang", "en", ...store])).stdout) as {
      sections: ReadonlyArray<{ title: string; tables: ReadonlyArray<{ key: string; rows: ReadonlyArray<ReadonlyArray<string | number>> }> }>
    }
    const book = await workbook(file)
    expect(book.worksheets[0]!.name).toBe("Report")
    let numbers = 0
    for (const section of json.sections) {
      const sheet = book.worksheets.find((w) => w.name === Xlsx.sheetName(section.title, new Set()))!
      const rows = rowsOf(sheet)
      for (const table of section.tables) {
        for (const row of table.rows) {
          expect(rows, `${table.key}: ${row.join(", ")}`).toContainEqual(row)
          numbers += row.filter((v) => typeof v === "number").length
        }
      }
    }
    expect(numbers).toBeGreaterThan(50)
  })

  it("writes PDF through headless Chromium", async () => {
    const file = path.join(dir, "monthly.pdf")
    const ran = await fulian(["report", "monthly", "--org", "qingshan", "--year", "2025", "--month", "6", "--format", "pdf", "--out", file, ...store])
    expect(ran.code, ran.stderr).toBe(0)
    const bytes = fs.readFileSync(file)
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-")
    expect(bytes.length).toBeGreaterThan(20_000)
  })

  it("writes CSV with a byte-order mark in both languages, its figures parsing back", async () => {
    const json = JSON.parse((await fulian([...annual, "--format", "json", ...store])).stdout) as { sections: ReadonlyArray<{ title: string; tables: ReadonlyArray<{ title?: string; columns: ReadonlyArray<{ label: string }>; rows: ReadonlyArray<ReadonlyArray<string | number>> }> }> }
    for (const lang of ["zh-CN", "en"]) {
      const ran = await fulian([...annual, "--format", "csv", "--lang", lang, ...store])
      expect(ran.stdout.charCodeAt(0)).toBe(0xfeff)
    }
    const rows = parseCsv((await fulian([...annual, "--format", "csv", ...store])).stdout.slice(1))
    expect(rows[0]).toEqual(["栏目", "表", "项目", "指标", "数值"])
    for (const section of json.sections) {
      for (const table of section.tables) {
        for (const row of table.rows) {
          row.slice(1).forEach((value, i) => {
            if (typeof value !== "number") return
            const at = [section.title, table.title ?? "", String(row[0]), table.columns[i + 1]!.label]
            // The same item may stand in two untitled tables of a section: one of its lines has the value.
            const lines = rows.filter((r) => at.every((k, j) => r[j] === k))
            expect(lines.length, at.join(" / ")).toBeGreaterThan(0)
            expect(lines.some((r) => Math.abs(Number(r[4]) - value) < 0.005), `${at.join(" / ")}: ${value}`).toBe(true)
          })
        }
      }
    }
  })
})

describe("fulian ledgers --format", () => {
  let json: VolunteersJson

  beforeAll(async () => {
    json = JSON.parse((await fulian(["ledgers", "--format", "json", ...asOf, ...store])).stdout) as VolunteersJson
  })

  it("writes a workbook of the ledgers, a sheet a ledger, with the JSON rows' figures as numbers", async () => {
    const file = path.join(dir, "ledgers.xlsx")
    const ran = await fulian(["ledgers", "--format", "xlsx", "--out", file, ...asOf, ...store])
    expect(ran.code, ran.stderr).toBe(0)
    const book = await workbook(file)
    expect(book.worksheets.map((w) => w.name)).toEqual(["台帐说明", "阵地台帐", "联系户台帐", "案件台帐", "活动台帐", "换届台帐", "评比表彰台帐", "会议台帐", "学习培训台帐", "工作计划台帐", "巾帼志愿者台帐", "调解员台帐", "考核评比台帐"])
    const volunteers = rowsOf(book.getWorksheet("巾帼志愿者台帐")!)
    expect(json.volunteers.organizations.length).toBeGreaterThan(0)
    for (const o of json.volunteers.organizations) {
      expect(volunteers).toContainEqual([o.organizationId, o.serving, o.left, o.pairs, o.householdsPaired, o.hours])
    }
    // Flags named in the language asked for.
    const en = path.join(dir, "ledgers-en.xlsx")
    expect((await fulian(["ledgers", "--format", "xlsx", "--lang", "en", "--out", en, ...asOf, ...store])).code).toBe(0)
    const terms = rowsOf((await workbook(en)).getWorksheet("Terms")!).flat().map(String)
    expect(terms.some((v) => v.includes("not synchronized, entered late"))).toBe(true)
    const zhTerms = rowsOf(book.getWorksheet("换届台帐")!).flat().map(String)
    expect(zhTerms.some((v) => v.includes("未与居委会同步换届、补录"))).toBe(true)
  })

  it("writes CSV with a byte-order mark, HTML and Markdown of the same tables, in Chinese unless --lang en", async () => {
    const csv = await fulian(["ledgers", "--format", "csv", ...asOf, ...store])
    expect(csv.code, csv.stderr).toBe(0)
    expect(csv.stdout.charCodeAt(0)).toBe(0xfeff)
    const rows = parseCsv(csv.stdout.slice(1))
    expect(rows[0]).toEqual(["栏目", "表", "项目", "指标", "数值"])
    for (const o of json.volunteers.organizations) {
      expect(rows).toContainEqual(["巾帼志愿者台帐", "", o.organizationId, "在册", String(o.serving)])
    }
    expect(rows.some((r) => r[0] === "联系户台帐" && r[2]!.startsWith("补录（发生后超过 7 天才录入）：liuan（15）"))).toBe(true)
    const html = await fulian(["ledgers", "--format", "html", "--lang", "en", ...asOf, ...store])
    expect(html.stdout).toContain("<html lang=\"en\">")
    expect(html.stdout).toContain("<h2>Volunteers</h2>")
    expect(html.stdout).toContain("entered late (more than 7 days after it happened): liuan (15)")
    const md = await fulian(["ledgers", "--format", "md", "--lang", "zh-CN", ...asOf, ...store])
    expect(md.stdout).toContain("## 巾帼志愿者台帐")
    expect((await fulian(["ledgers", "--format", "md", "--lang", "zh", ...asOf, ...store])).stdout).toBe(md.stdout)
  })

  it("refuses xlsx and pdf without --out, and keeps the text as the default", async () => {
    for (const format of ["xlsx", "pdf"]) {
      const ran = await fulian(["ledgers", "--format", format, ...asOf, ...store])
      expect(ran.code).toBe(1)
      expect(ran.stderr).toContain(`--format ${format} is a binary file: name it with --out <file>`)
    }
    expect((await fulian(["ledgers", ...asOf, ...store])).stdout).toContain("\n联系户台帐 Household contact\n")
  })
})
