import { describe, expect, it } from "vitest"
import * as Document from "../src/Document.ts"

describe("Numbers as a report writes them (千分位)", () => {
  it("groups the digits by three with a comma in zh-CN, as in seed 003's 2,166 yuan", () => {
    expect(Document.formatNumber(2166, "zh-CN")).toBe("2,166")
    expect(Document.formatNumber(1234567, "zh-CN")).toBe("1,234,567")
    expect(Document.formatNumber(817, "zh-CN")).toBe("817")
    expect(Document.formatNumber(0, "zh-CN")).toBe("0")
    expect(Document.formatNumber(-4200, "zh-CN")).toBe("-4,200")
  })

  it("writes sums of money with two decimals, grouped the same way, and English alike", () => {
    expect(Document.formatYuan(12516.5, "zh-CN")).toBe("12,516.50")
    expect(Document.formatYuan(10000, "en")).toBe("10,000.00")
    expect(Document.formatYuan(0.1 + 0.2, "zh-CN")).toBe("0.30")
    expect(Document.formatNumber(1234.5, "en")).toBe("1,234.5")
    expect(Document.formatNumber(1234.5678, "zh-CN", 1)).toBe("1,234.6")
  })

  it("leaves what is not a finite number as it is", () => {
    expect(Document.formatNumber(Number.NaN, "zh-CN")).toBe("NaN")
    expect(Document.formatNumber(1e21, "en")).toBe("1e+21")
  })
})

describe("Tables of this month and the year to date", () => {
  it("are measures in two columns, 本月 and 累计, marked as such for a renderer", () => {
    expect(Document.periodMeasures("t", [["metric.activities", 2, 25]], "table.summary")).toEqual({
      key: "t",
      title: "table.summary",
      kind: "periods",
      item: "col.item",
      columns: ["col.thisMonth", "col.yearToDate"],
      rows: [{ item: { label: "metric.activities" }, values: [2, 25] }]
    })
  })
})
