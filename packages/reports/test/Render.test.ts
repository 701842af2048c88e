import { readFileSync } from "node:fs"
import { join } from "node:path"
import * as Activity from "@fulian/core/Activity"
import * as Case from "@fulian/core/Case"
import * as Meeting from "@fulian/core/Meeting"
import * as Organization from "@fulian/core/Organization"
import * as Representation from "@fulian/core/Representation"
import * as CoreReport from "@fulian/core/Report"
import { describe, expect, it } from "vitest"
import type { Document } from "../src/Document.ts"
import * as Labels from "../src/Labels.ts"
import * as Render from "../src/Render.ts"
import * as Report from "../src/Report.ts"
import type * as WorkSummary from "../src/WorkSummary.ts"
import { figures } from "./support/Events.ts"
import { streetYear } from "./support/StreetYear.ts"
import { parseCsv } from "./support/Csv.ts"

const computed = (request: Report.Request): Report.Computed =>
  ({ request, position: streetYear.length, timeZone: "Asia/Shanghai", content: Report.contentOf(request, figures(request, streetYear)) })
const annual = computed({ organizationId: "s1", kind: "annual", period: "2023" })
const monthly = computed({ organizationId: "s1", kind: "monthly", period: "2023-08" })
const attested = { reportId: "s1-2023", sentTo: "d1", submittedAt: "2024-01-10T08:00:00.000Z", position: 321, contentHash: "ab".repeat(32) }

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/


/** The text a report takes from the records (names, themes, titles), which no label translates. */
const recordText = (content: WorkSummary.Content): ReadonlyArray<string> => [
  content.organizationName,
  ...content.byOrganization.map((o) => o.name),
  ...content.activities.byTheme.map((t) => t.theme),
  ...content.awards.campaigns.map((c) => c.title),
  ...content.elections.terms.map((t) => t.name),
  ...content.donations.byDrive.flatMap((d) => (d.title === undefined ? [] : [d.title])),
  ...content.donations.reliefByPurpose.map((r) => r.purpose)
]

describe("The label table", () => {
  const enumerations: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
    ["activityKind", Activity.ActivityKind.literals],
    ["category", Case.Category.literals],
    ["resolution", Case.Resolution.literals],
    ["sessionOutcome", Case.SessionOutcome.literals],
    ["visitMethod", Representation.VisitMethod.literals],
    ["meetingKind", Meeting.Kind.literals],
    ["level", Organization.Level.literals],
    ["kind", CoreReport.Kind.literals]
  ]

  it.each(enumerations)("labels every literal of %s in both languages", (prefix, literals) => {
    for (const literal of literals) {
      const key = `${prefix}.${literal}` as Labels.LabelKey
      expect(Labels.labels[key], key).toBeDefined()
    }
  })

  it("has a Chinese and an English text for every key, the Chinese in Chinese and the English without it", () => {
    for (const [key, texts] of Object.entries(Labels.labels)) {
      expect(texts["zh-CN"].length, key).toBeGreaterThan(0)
      expect(texts.en.length, key).toBeGreaterThan(0)
      if (!key.startsWith("heading")) expect(texts["zh-CN"], key).toMatch(CJK)
      expect(texts.en, key).not.toMatch(CJK)
    }
  })

  it("fills placeholders, and leaves one with no value as written", () => {
    expect(Labels.label("heading", "en", { organization: "Qijiashan", kind: "Annual work summary", period: "2023" })).toBe("Qijiashan: Annual work summary (2023)")
    expect(Labels.label("heading", "zh-CN", { organization: "戚家山街道妇联" })).toBe("戚家山街道妇联{kind}（{period}）")
    expect(Labels.label("kind.monthly")).toBe("月报")
  })

  it("is the only place with words: the document builders and renderers hold no Chinese outside comments", () => {
    for (const file of ["Render.ts", "Document.ts", "MonthlyReport.ts", "WorkSummary.ts", "Report.ts", "Attestation.ts", "Figures.ts"]) {
      const code = readFileSync(join(import.meta.dirname, "..", "src", file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "")
      expect(code, file).not.toMatch(CJK)
    }
  })
})

describe("Markdown", () => {
  it("writes the annual summary in Chinese by default", () => {
    const md = Report.render(annual, "markdown")
    expect(md.split("\n")[0]).toBe("# 戚家山街道妇联年度工作总结（2023）")
    expect(md).toContain("## 活动开展")
    expect(md).toContain("### 按活动类型")
    expect(md).toContain("| 活动类型 | 次数 | 参与人数 | 受益人数 |\n| --- | ---: | ---: | ---: |")
    expect(md).toContain("| 其他健康检查 | 2 | 5,017 | 5,017 |")
    expect(md).toContain("| 合计 | 25 | 6,977 | 6,877 |")
    expect(md).toContain("| 魅力女性月 | 2 | 560 | 560 |")
    expect(md).toContain("| 调解成功 | 15 |")
    expect(md).toContain("| 募集金额（元） | 12,516.50 |")
    expect(md).toContain("| 十佳好婆媳 | 2023 | 10 | 0 | 0 |")
    // A year is not a quantity: its digits are not grouped.
    expect(md).not.toContain("2,023")
    expect(md).toContain("| 层级 | 街道（乡镇） |")
    expect(md).not.toMatch(/[A-Za-z]/)
  })

  it("writes the annual summary in English, with only the records' own text left in Chinese", () => {
    const md = Report.render(annual, "markdown", { locale: "en" })
    expect(md.split("\n")[0]).toBe("# 戚家山街道妇联: Annual work summary (2023)")
    expect(md).toContain("## Activities")
    expect(md).toContain("| Kind of activity | Count | Participants | Beneficiaries |")
    expect(md).toContain("| Other health checks | 2 | 5,017 | 5,017 |")
    expect(md).toContain("| Mediated agreement | 15 |")
    expect(md).toContain("| Amount raised (yuan) | 12,516.50 |")
    let rest = md
    for (const text of recordText(annual.content as WorkSummary.Content)) rest = rest.split(text).join("")
    expect(rest).not.toMatch(CJK)
  })

  it("writes the monthly report in both languages, an empty table as none", () => {
    const zh = Report.render(monthly, "markdown")
    expect(zh.split("\n")[0]).toBe("# 戚家山街道妇联月报（2023-08）")
    expect(zh).toContain("| 新登记案件（含上级交办） | 2 |")
    expect(zh).toContain("| 家庭暴力 | 1 |")
    expect(zh).toContain("### 本期未召开月例会的组织\n\n| 组织 |\n| --- |\n| 东升社区 |")
    const en = Report.render(monthly, "markdown", { locale: "en" })
    expect(en.split("\n")[0]).toBe("# 戚家山街道妇联: Monthly report (2023-08)")
    expect(en).toContain("| Cases registered (incl. assigned from above) | 2 |")
    expect(en).toContain("| Domestic violence | 1 |")
    const quiet = computed({ organizationId: "s1", kind: "monthly", period: "2023-01" })
    expect(Report.render(quiet, "markdown", { locale: "en" })).toContain("| Kind of activity | Count | Participants | Beneficiaries |\n| --- | ---: | ---: | ---: |\n| Total | 0 | 0 | 0 |")
    const doc: Document = { kind: "kind.monthly", organization: "X", period: "2024-01", header: [], sections: [{ key: "s", title: "section.awards", tables: [{ key: "t", item: "col.campaign", columns: ["col.conferred"], rows: [] }] }] }
    expect(Render.markdown(doc)).toContain("| 评比项目 | 表彰 |\n| --- | ---: |\n| 无 |  |")
  })

  it("shows the attestation in the header of a report sent up", () => {
    const md = Report.render(annual, "markdown", { attested })
    expect(md).toContain("| 计算所据日志位置 | 321 |")
    expect(md).toContain(`| 内容哈希（SHA-256） | ${"ab".repeat(32)} |`)
    expect(Report.render(annual, "markdown", { attested, locale: "en" })).toContain("| Computed from log position | 321 |")
  })

  it("escapes a table's separator inside a cell", () => {
    const doc: Document = { kind: "kind.annual", organization: "A|B", period: "2024", header: [{ label: "header.organization", value: "A|B" }], sections: [] }
    expect(Render.markdown(doc, { locale: "en" })).toContain("| Organization | A\\|B |")
  })
})

describe("CSV", () => {
  it("writes one value a line with localized section, table, item and measure", () => {
    const rows = parseCsv(Report.render(annual, "csv"))
    expect(rows[0]).toEqual(["栏目", "表", "项目", "指标", "数值"])
    expect(rows).toContainEqual(["报表信息", "", "组织", "数值", "戚家山街道妇联"])
    expect(rows).toContainEqual(["活动开展", "按活动类型", "法制讲座", "次数", "3"])
    expect(rows).toContainEqual(["活动开展", "按活动类型", "法制讲座", "参与人数", "150"])
    // Numbers stay plain in CSV, for spreadsheets and programs (Markdown groups them: 5,017).
    expect(rows).toContainEqual(["活动开展", "按活动类型", "其他健康检查", "参与人数", "5017"])
    expect(rows).toContainEqual(["关爱特殊人群：志愿服务与募捐救助", "募捐与救助", "募集金额（元）", "数值", "12516.50"])
    expect(rows).toContainEqual(["分组织情况", "", "联合社区", "期末未结", "1"])
    expect(rows.every((r) => r.length === 5)).toBe(true)
    const en = parseCsv(Report.render(annual, "csv", { locale: "en" }))
    expect(en[0]).toEqual(["Section", "Table", "Item", "Measure", "Value"])
    expect(en).toContainEqual(["Activities", "By kind of activity", "Legal lectures", "Count", "3"])
    expect(en).toContainEqual(["By organization", "", "联合社区", "Open at end", "1"])
    expect(en.length).toBe(rows.length)
  })

  it("writes the monthly report, an item of a table with no columns on a line of its own", () => {
    const rows = parseCsv(Report.render(monthly, "csv", { locale: "en" }))
    expect(rows).toContainEqual(["Cases", "Summary", "Escalations", "This month", "1"])
    expect(rows).toContainEqual(["Meetings", "Organizations that held no monthly meeting", "东升社区", "", ""])
  })

  it("quotes fields with commas, quotes or line breaks, ends lines with CRLF, and starts with a BOM on request", () => {
    const doc: Document = { kind: "kind.annual", organization: "x", period: "2024", header: [{ label: "header.organization", value: "A, \"B\"\nC" }], sections: [] }
    const text = Render.csv(doc, { locale: "en", bom: true })
    expect(text.startsWith("\uFEFFSection,Table,Item,Measure,Value\r\n")).toBe(true)
    expect(text).toContain("Report,,Organization,Value,\"A, \"\"B\"\"\nC\"\r\n")
    expect(parseCsv(text.slice(1))[1]).toEqual(["Report", "", "Organization", "Value", "A, \"B\"\nC"])
    expect(Render.csv(doc).startsWith("栏目")).toBe(true)
  })
})

describe("JSON", () => {
  it("writes the tables in the language, and the content under stable keys as data", () => {
    for (const locale of Labels.locales) {
      const json = JSON.parse(Report.render(annual, "json", { locale }))
      expect(json.locale).toBe(locale)
      expect(json.data).toEqual({ position: annual.position, content: annual.content })
      const table = json.sections.find((s: { key: string }) => s.key === "activities").tables[0]
      expect(table.key).toBe("activities.byKind")
      expect(table.columns.map((c: { key: string }) => c.key)).toEqual(["col.kind", "col.count", "col.participants", "col.beneficiaries"])
      expect(table.rows).toContainEqual([Labels.label("activityKind.legal-lecture", locale), 3, 150, 150])
      const donations = json.sections.find((s: { key: string }) => s.key === "care").tables.find((t: { key: string }) => t.key === "donations.summary")
      expect(donations.rows).toContainEqual([Labels.label("metric.donated", locale), 12516.5])
    }
    expect(JSON.parse(Report.render(monthly, "json", { locale: "en" })).title).toBe("戚家山街道妇联: Monthly report (2023-08)")
  })

  it("carries the attestation of a report sent up", () => {
    const json = JSON.parse(Report.render(annual, "json", { attested }))
    expect(json.data.attestation).toEqual(attested)
    expect(json.header).toContainEqual({ key: "header.position", label: "计算所据日志位置", value: 321 })
  })
})
