/**
 * The formats people use, over the street's year (seed 003): the HTML page (self-contained, A4,
 * the header's facts and attestation, numbers grouped, money with two decimals, the records'
 * text escaped), its charts (ECharts' SVG, chosen from the document), the workbook (read back
 * with exceljs: the document's own figures, as numbers), the CSV with its byte-order mark, and
 * the tables in a language (`Tabular`) they are all written from.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import ExcelJS from "exceljs"
import { describe, expect, it } from "vitest"
import * as Charts from "../src/Charts.ts"
import type { Cell, Document, Table } from "../src/Document.ts"
import * as Html from "../src/Html.ts"
import * as Labels from "../src/Labels.ts"
import * as Pdf from "../src/Pdf.ts"
import * as Render from "../src/Render.ts"
import * as Report from "../src/Report.ts"
import * as Tabular from "../src/Tabular.ts"
import * as Xlsx from "../src/Xlsx.ts"
import { figures } from "./support/Events.ts"
import { streetYear } from "./support/StreetYear.ts"
import { parseCsv } from "./support/Csv.ts"

const computed = (request: Report.Request): Report.Computed =>
  ({ request, position: streetYear.length, timeZone: "Asia/Shanghai", content: Report.contentOf(request, figures(request, streetYear)) })
const annual = computed({ organizationId: "s1", kind: "annual", period: "2023" })
const monthly = computed({ organizationId: "s1", kind: "monthly", period: "2023-08" })
const attested: Report.Attested = { reportId: "s1-2023", sentTo: "d1", submittedAt: "2024-01-10T08:00:00.000Z", position: 321, contentHash: "ab".repeat(32) }
const annualDoc = Report.document(annual.content, attested)
const monthlyDoc = Report.document(monthly.content)

/** Every table of a document, by key. */
const tablesOf = (doc: Document): Map<string, Table> => new Map(doc.sections.flatMap((s) => s.tables.map((t) => [t.key, t] as const)))

/** A document with a monthly series, a plan beside results and a share, and text that must be escaped. */
const made: Document = {
  kind: "kind.annual",
  organization: "<b>河西</b> & \"东\"",
  period: "2025",
  header: [{ label: "header.organization", value: "<b>河西</b> & \"东\"" }, { label: "header.period", value: "2025" }],
  sections: [{
    key: "activities",
    title: "section.activities",
    paragraphs: ["全年开展<i>巾帼</i>活动 & 讲座。", "Second paragraph."],
    tables: [
      {
        key: "activities.byMonth",
        item: "col.item",
        columns: ["col.count", "col.participants"],
        rows: ["2025-01", "2025-02", "2025-03"].map((m, i) => ({ item: m, values: [i + 1, 1000 * (i + 1) + 234] }))
      },
      {
        key: "plan.results",
        kind: "targets",
        item: "col.item",
        columns: ["col.value", "col.count"],
        rows: [{ item: "<script>alert(1)</script>", values: [12, 9] }, { item: { label: "metric.activities" }, values: [30, 41] }]
      },
      {
        key: "donations.byTheme",
        kind: "breakdown",
        item: "col.theme",
        columns: ["col.value"],
        rows: [{ item: "助学", values: [{ yuan: 12345.5 }] }, { item: "救助", values: [{ yuan: 2000 }] }]
      }
    ]
  }]
}

it("the writers hold no Chinese outside comments: every word they show is a label (Labels) or the records' own", () => {
  for (const file of ["Tabular.ts", "Html.ts", "Charts.ts", "Xlsx.ts", "Pdf.ts"]) {
    const code = readFileSync(join(import.meta.dirname, "..", "src", file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "")
    expect(code, file).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/)
  }
})

describe("Tabular: the tables in a language", () => {
  it("looks the labels up, keeps numbers and money as they are, and sets the 合计 row apart", () => {
    const t = Tabular.ofDocument(annualDoc, "zh-CN")
    expect(t.title).toBe("戚家山街道妇联年度工作总结（2023）")
    expect(t.facts).toContainEqual({ key: "header.position", label: "计算所据日志位置", value: 321 })
    const byKind = t.sections.flatMap((s) => s.tables).find((x) => x.key === "activities.byKind")!
    const source = tablesOf(annualDoc).get("activities.byKind")!
    expect(byKind.columns).toEqual(["活动类型", "次数", "参与人数", "受益人数"])
    expect(byKind.rows.length).toBe(source.rows.length - 1)
    expect(byKind.total).toEqual(["合计", ...source.rows[source.rows.length - 1]!.values])
    expect(byKind.chart).toBe("share")
    const en = Tabular.ofDocument(annualDoc, "en")
    expect(en.facts.find((f) => f.key === "header.position")!.label).toBe("Computed from log position")
  })

  it("writes Markdown with the total last and an empty table as none", () => {
    const md = Tabular.markdown(Tabular.ofDocument(made, "en"))
    expect(md).toContain("| Item | Count | Participants |\n| --- | ---: | ---: |\n| 2025-01 | 1 | 1234 |")
    expect(md).toContain("| 助学 | 12345.50 |")
  })
})

describe("Charts", () => {
  it("chooses a chart from the table's hint, key or columns", () => {
    const t = tablesOf(made)
    expect(Charts.kindOf(t.get("activities.byMonth")!)).toBe("series")
    expect(Charts.kindOf(t.get("plan.results")!)).toBe("bars")
    const { kind: _, ...plain } = t.get("plan.results")!
    expect(Charts.kindOf(plain)).toBeUndefined()
    expect(Charts.kindOf(tablesOf(annualDoc).get("mediation.byCategory")!)).toBe("share")
    expect(Charts.kindOf(tablesOf(annualDoc).get("mediation.byLevel")!)).toBe("share")
    expect(Charts.kindOf(tablesOf(annualDoc).get("mediation.summary")!)).toBeUndefined()
    expect(Charts.kindOf(t.get("donations.byTheme")!)).toBe("share")
    expect(Charts.kindOf({ ...t.get("activities.byMonth")!, key: "activities.months", kind: "trend" })).toBe("series")
    expect(Charts.kindOf({ ...t.get("activities.byMonth")!, key: "activities.summary", kind: "periods" })).toBeUndefined()
  })

  it("draws a table as SVG, marked with its key, with its series named in the text, and nothing for all zeros", () => {
    const t = Tabular.ofDocument(made, "en").sections[0]!.tables
    const series = Charts.svg(t[0]!)!
    expect(series.startsWith("<svg data-chart=\"activities.byMonth\" data-chart-kind=\"series\"")).toBe(true)
    expect(series).toContain(">Count<")
    expect(series).toContain(">Participants<")
    expect(series).toContain("2025-02")
    const bars = Charts.svg(t[1]!)!
    expect(bars).toContain("data-chart=\"plan.results\"")
    expect(bars).not.toContain("<script>")
    expect(bars).toContain("&lt;script&gt;")
    expect(Charts.svg({ ...t[0]!, rows: t[0]!.rows.map((r) => [r[0]!, 0, 0]) })).toBeUndefined()
    expect(Charts.svg({ ...t[0]!, chart: undefined })).toBeUndefined()
    // A share whose first column (本月) is all zeros is drawn from the next (累计), never as an empty ring.
    const share = { ...t[0]!, chart: "share" as const, columns: ["Kind", "This month", "Year to date"], rows: [["Lectures", 0, 3], ["Drives", 0, 1]] }
    const ring = Charts.svg(share)!
    expect(ring).toContain(">Year to date<")
    expect(ring).toContain(">Lectures<")
    expect(ring).toContain("3 (75%)")
    // A sum of money is what a drive's share is of, not its count.
    const drives = Charts.svg({ ...share, columns: ["Drive", "Count", "Amount"], rows: [["Fund", 1, { yuan: 2166 }], ["Pupil", 8, { yuan: 10380.5 }]] })!
    expect(drives).toContain(">Amount<")
    expect(drives).toContain("10380.5 (")
    // More than six parts are bars, not a ring of slivers.
    const many = Charts.svg({ ...share, rows: Array.from({ length: 9 }, (_, i) => [`Kind ${i}`, 0, i + 1]) })!
    expect(many).not.toContain("(11.11%)")
    expect(many).toContain(">Kind 8<")
    expect(many).toMatch(/<path d="M[^"]*"[^>]*fill="#c23531"/)
    // A target written as words alone has no bar; the others still do.
    const words = Charts.svg({ ...t[1]!, rows: [...t[1]!.rows, ["Words only", "—", "—"]] })!
    expect(words).toContain("Activities held")
    expect(words).not.toContain("Words only")
  })
})

describe("HTML", () => {
  const page = Html.document(annualDoc)

  it("is one self-contained page for A4: inline style, no script, nothing fetched", () => {
    expect(page.startsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")).toBe(true)
    expect(page).toMatch(/@page \{\s*size: A4;/)
    expect(page).toContain("Noto Sans CJK SC")
    // A line chart clips to its grid with `clip-path="url(#…)"`: a reference inside the page, nothing fetched.
    expect(page).not.toMatch(/<script|<link|src=|@import|url\((?!#)/i)
    expect(page).not.toMatch(/href="http/)
  })

  it("heads the page with the organization, kind and period, and the submission and attestation of a report sent up", () => {
    expect(page).toContain("<h1>戚家山街道妇联年度工作总结（2023）</h1>")
    expect(page).toContain("<dd data-fact=\"header.organization\">戚家山街道妇联</dd>")
    expect(page).toContain("<dd data-fact=\"header.period\">2023</dd>")
    expect(page).toContain("<h2>报送与核验</h2>")
    expect(page).toContain("<dd data-fact=\"header.position\">321</dd>")
    expect(page).toContain(`<dd data-fact="header.contentHash">${"ab".repeat(32)}</dd>`)
    expect(page).toContain("<dd data-fact=\"header.sentTo\">d1</dd>")
    expect(Html.document(monthlyDoc)).not.toContain("报送与核验")
  })

  it("groups numbers in thousands and writes money with two decimals, right-aligned", () => {
    expect(Html.document(made, { locale: "zh-CN" })).toContain("<td class=\"num\">12,345.50</td>")
    expect(Html.document(made, { locale: "zh-CN" })).toContain("<td class=\"num\">2,000.00</td>")
    expect(Html.document(made, { locale: "zh-CN" })).toContain("<td class=\"num\">1,234</td>")
    // The street's year: the screenings' 5,017 women, in the total row of the activities.
    expect(page).toMatch(/<tfoot><tr><td>合计<\/td><td class="num">[\d,]+<\/td><td class="num">\d{1,3},\d{3}<\/td>/)
  })

  it("shows a section's paragraphs (the chair's narrative) before its tables", () => {
    const html = Html.document(made, { locale: "zh-CN" })
    expect(html).toContain("<h2>活动开展</h2>\n<p>全年开展&lt;i&gt;巾帼&lt;/i&gt;活动 &amp; 讲座。</p>\n<p>Second paragraph.</p>\n<figure class=\"table\"")
    const narrated = Html.document(Report.document(annual.content, attested, [{ section: "overview", text: "总体情况良好。" }, { section: "problems", text: "经费不足。" }]))
    expect(narrated).toMatch(/<section data-section="overview">\n<h2>[^<]+<\/h2>\n<p>总体情况良好。<\/p>\n<\/section>/)
    expect(narrated).toContain("<p>经费不足。</p>")
    expect(Tabular.markdown(Tabular.ofDocument(made, "en"))).toContain("## Activities\n\n全年开展<i>巾帼</i>活动 & 讲座。\n\nSecond paragraph.\n")
    expect(Render.markdown(made)).toContain("## 活动开展\n\n全年开展<i>巾帼</i>活动 & 讲座。\n")
    expect(Render.csv(made)).toContain("活动开展,,Second paragraph.,,\r\n")
    expect(JSON.parse(Render.json(made)).sections[0].paragraphs).toEqual(made.sections[0]!.paragraphs)
  })

  it("escapes the records' text everywhere", () => {
    const html = Html.document(made, { locale: "en" })
    expect(html).not.toContain("<b>河西</b>")
    expect(html).toContain("&lt;b&gt;河西&lt;/b&gt; &amp; &quot;东&quot;")
    expect(html).not.toContain("<script>alert(1)</script>")
    // In the CSS string of the printed pages' margin too.
    expect(html).not.toMatch(/<style>[^]*<b>[^]*<\/style>/)
  })

  it("draws the charts of the report's breakdowns, and none with charts: false", () => {
    const keys = [...page.matchAll(/<svg data-chart="([^"]+)"/g)].map((m) => m[1])
    expect(keys).toEqual(expect.arrayContaining(["activities.byKind", "mediation.byCategory", "mediation.byLevel"]))
    // The activities by month (count and participants), as a line: the table is a trend.
    expect(page).toContain("<svg data-chart=\"activities.byMonth\" data-chart-kind=\"series\"")
    expect(tablesOf(annualDoc).get("activities.byMonth")!.kind).toBe("trend")
    // Cases by category and by the level that resolved them, as shares.
    expect(page).toContain("<svg data-chart=\"mediation.byCategory\" data-chart-kind=\"share\"")
    expect(page).toContain("<svg data-chart=\"mediation.byLevel\" data-chart-kind=\"share\"")
    expect(Html.document(annualDoc, { charts: false })).not.toContain("<svg")
    // Render writes HTML too, so Report.render takes it.
    expect(Report.render(annual, "html", { locale: "en", attested })).toContain("<h2>Submission and attestation</h2>")
  })
})

/** A workbook's cells as values, sheet by sheet. */
const readBook = async (bytes: Uint8Array) => {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer)
  return book
}

/** Reads a sheet's tables in order: each call, the rows under the next header row equal to `columns`, up to an empty row. */
const tablesIn = (sheet: ExcelJS.Worksheet) => {
  const values = (n: number) => (sheet.getRow(n).values as Array<ExcelJS.CellValue>).slice(1)
  let cursor = 1
  return (columns: ReadonlyArray<string>): Array<Array<ExcelJS.CellValue>> => {
    for (let n = cursor; n <= sheet.rowCount; n++) {
      if (JSON.stringify(values(n)) !== JSON.stringify(columns)) continue
      const out: Array<Array<ExcelJS.CellValue>> = []
      let m = n + 1
      for (; m <= sheet.rowCount && values(m).length > 0; m++) out.push(values(m))
      cursor = m
      return out
    }
    throw new Error(`no table headed ${columns.join(", ")} in ${sheet.name} after row ${cursor}`)
  }
}

const expected = (cell: Cell, locale: Labels.Locale): string | number =>
  typeof cell === "object" ? ("yuan" in cell ? cell.yuan : Labels.label(cell.label, locale)) : cell

describe("XLSX", () => {
  it("writes the facts' sheet and a sheet a section, with the document's figures as numbers", async () => {
    const book = await readBook(await Effect.runPromise(Xlsx.document(annualDoc)))
    const names = book.worksheets.map((w) => w.name)
    expect(names[0]).toBe("报表信息")
    expect(names.slice(1)).toEqual(annualDoc.sections.map((s) => Labels.label(s.title)).map((n) => n.replace(/[[\]:*?/\\]/g, "_").slice(0, 31)))
    for (const name of names) expect(name).toMatch(/^[^[\]:*?/\\]{1,31}$/)
    const facts = book.getWorksheet("报表信息")!
    expect(facts.getCell("A1").value).toBe("戚家山街道妇联年度工作总结（2023）")
    const factRows = Array.from({ length: facts.rowCount }, (_, i) => (facts.getRow(i + 1).values as Array<ExcelJS.CellValue>).slice(1))
    expect(factRows).toContainEqual(["计算所据日志位置", 321])
    // Every table of every section, read back: the same values, numbers as numbers.
    let checked = 0
    annualDoc.sections.forEach((section, s) => {
      const next = tablesIn(book.worksheets[s + 1]!)
      for (const table of section.tables) {
        const rows = next([table.item, ...table.columns].map((k) => Labels.label(k)))
        const want = table.rows.map((r) => [r.item, ...r.values].map((c) => expected(c, "zh-CN")))
        expect(rows, table.key).toEqual(want.length === 0 ? [["无"]] : want)
        checked += want.flat().filter((v) => typeof v === "number").length
      }
    })
    expect(checked).toBeGreaterThan(50)
  })

  it("formats counts in thousands and money with two decimals, and widens the columns to their text", async () => {
    const book = await readBook(await Effect.runPromise(Xlsx.document(made)))
    const sheet = book.worksheets[1]!
    const cells: Array<ExcelJS.Cell> = []
    sheet.eachRow((row) => row.eachCell((cell) => void cells.push(cell)))
    const money = cells.find((c) => c.value === 12345.5)!
    expect(money.numFmt).toBe("#,##0.00")
    expect(cells.find((c) => c.value === 1234)!.numFmt).toBe("#,##0")
    expect(cells.map((c) => c.value)).toContain("全年开展<i>巾帼</i>活动 & 讲座。")
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(10)
    expect(sheet.pageSetup.paperSize).toBe(9)
  })

  it("names sheets as Excel requires: at most 31 characters, none of []:*?/\\, each once", () => {
    const taken = new Set<string>()
    expect(Xlsx.sheetName("a[b]:c*d?e/f\\g", taken)).toBe("a_b__c_d_e_f_g")
    const long = "x".repeat(40)
    expect(Xlsx.sheetName(long, taken)).toBe("x".repeat(31))
    expect(Xlsx.sheetName(long, taken)).toBe(`${"x".repeat(27)} (2)`)
    expect(Xlsx.sheetName("", taken)).toBe("Sheet")
  })
})


describe("CSV for spreadsheet programs", () => {
  it("starts a report's zh-CN CSV with the byte-order mark, and its figures parse back", () => {
    const text = Report.render(annual, "csv", { bom: true })
    expect(text.charCodeAt(0)).toBe(0xfeff)
    expect(new TextEncoder().encode(text).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
    const rows = parseCsv(text.slice(1))
    expect(rows[0]).toEqual(["栏目", "表", "项目", "指标", "数值"])
    const byLevel = tablesOf(annualDoc).get("mediation.byLevel")!
    for (const row of byLevel.rows) {
      const item = expected(row.item, "zh-CN")
      const line = rows.find((r) => r[1] === Labels.label(byLevel.title!) && r[2] === item)!
      expect(Number(line[4])).toBe(row.values[0])
    }
  })

  it("writes any tables the same way, one value a line, with or without the mark", () => {
    const t = Tabular.ofDocument(made, "zh-CN")
    const headers = ["栏目", "表", "项目", "指标", "数值"] as const
    const text = Tabular.csv(t, { headers, bom: true })
    expect(text.startsWith("\uFEFF栏目,表,项目,指标,数值\r\n")).toBe(true)
    const rows = parseCsv(text.slice(1))
    expect(rows).toContainEqual(["活动开展", "", "2025-03", "参与人数", "3234"])
    expect(rows).toContainEqual(["活动开展", "", "助学", "数值", "12345.50"])
    expect(rows).toContainEqual(["报表信息", "", "组织", "", "<b>河西</b> & \"东\""])
    expect(Tabular.csv(t, { headers }).startsWith("栏目")).toBe(true)
    expect(Render.formats).toContain("html")
  })
})

describe("PDF without Chromium", () => {
  it("answers a typed error naming where Chromium was looked for: the option, else FULIAN_CHROMIUM, else /usr/bin/chromium", async () => {
    const error = await Effect.runPromise(Effect.flip(Pdf.fromHtml("<p>x</p>", { executablePath: "/nonexistent/chromium" })))
    expect(error._tag).toBe("PdfError")
    expect(error.reason).toBe("ChromiumNotFound")
    expect(error.message).toContain("/nonexistent/chromium")
    const before = process.env["FULIAN_CHROMIUM"]
    try {
      process.env["FULIAN_CHROMIUM"] = "/opt/elsewhere/chromium"
      expect(Pdf.chromiumPath()).toBe("/opt/elsewhere/chromium")
      expect(Pdf.chromiumPath({ executablePath: "/x" })).toBe("/x")
      delete process.env["FULIAN_CHROMIUM"]
      expect(Pdf.chromiumPath()).toBe(Pdf.defaultChromium)
    } finally {
      if (before === undefined) delete process.env["FULIAN_CHROMIUM"]
      else process.env["FULIAN_CHROMIUM"] = before
    }
  })
})
