/**
 * 图表: the charts of a report, for where a trend or a share is easier seen than read —
 * activities by month, cases by category and by the level that resolved them, plan beside
 * result — drawn by Apache ECharts' server-side renderer to SVG text: no browser and no DOM
 * are needed to make them, and the SVG is inlined in the page (`Html`).
 *
 *   Charts.kindOf(table)   // "share" for cases by category
 *   Charts.svg(table)      // <svg data-chart="mediation.byCategory" …>…</svg>
 *
 * A chart shows the table's own figures (its 合计 row left out) under the table's own words,
 * so it can never say something the table does not. Animation is off: the SVG is the chart's
 * final state.
 *
 * @since 0.1.0
 */
import { createRequire } from "node:module"
import type * as ECharts from "echarts"
import type { Table as DocumentTable } from "./Document.ts"
import { isYuan, type Table, type Value } from "./Tabular.ts"

/**
 * How a table is seen as a chart: `series`, a trend over its rows in order (a line a
 * numeric column); `share`, the parts of a whole (a pie of its first numeric column);
 * `bars`, its numeric columns side by side for each row (plan beside result).
 */
export type Kind = "series" | "share" | "bars"

/** Keys (their last part) of the breakdowns that are parts of a whole. */
const shares = new Set(["byCategory", "byLevel", "byResolution", "byOutcome", "byMethod", "byKind"])

/**
 * Which chart a report's table gets, if any. By what the document says the table is
 * (`Document.TableKind`): a `trend` (a value a month) is a series, a `breakdown` a share, the
 * year's `targets` bars (planned beside actual). A table of no kind, or of `periods` (本月 and
 * 累计 of different measures, which no one chart shows), is charted by its key when it is a
 * breakdown all the same — `….byMonth` a series, `….byCategory`, `….byLevel`, `….byKind`, … a
 * share — and not at all otherwise.
 */
export const kindOf = (table: DocumentTable): Kind | undefined => {
  switch (table.kind) {
    case "trend":
      return "series"
    case "breakdown":
      return "share"
    case "targets":
      return "bars"
  }
  const last = table.key.split(".").pop() ?? ""
  if (/^byMonth$|ByMonth$/.test(last)) return "series"
  if (shares.has(last)) return "share"
  return undefined
}

/** The size of a chart, in CSS pixels. */
export interface Size {
  readonly width?: number | undefined
  readonly height?: number | undefined
}

/** The fonts of the charts' text: Chinese first, as the page's (`Html`). */
export const fontFamily = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", sans-serif"

// Loaded on the first chart, synchronously (a page is made in one go): a report read as
// Markdown or JSON, and every command of the CLI that draws no chart, never pays for it (some
// 40 MB and half a second).
let loaded: typeof ECharts | undefined
const echarts = (): typeof ECharts => (loaded ??= createRequire(import.meta.url)("echarts") as typeof ECharts)

/** The most parts a share is drawn with as a ring; more are drawn as bars. */
const maxSlices = 6

const numberOf = (value: Value | undefined): number | undefined =>
  typeof value === "number" ? value : typeof value === "object" ? value.yuan : undefined

const escapeAttribute = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/**
 * The columns (by index) of numbers or sums of money — those with a number in most rows — and
 * the rows with a number in each of them: a target written as words alone has no bar.
 */
const figuresOf = (table: Table): { readonly columns: ReadonlyArray<number>; readonly rows: Table["rows"] } => {
  const columns = table.columns.flatMap((_, i) =>
    i > 0 && table.rows.length > 0 && table.rows.filter((r) => numberOf(r[i]) !== undefined).length * 2 >= table.rows.length ? [i] : [])
  return { columns, rows: table.rows.filter((r) => columns.every((i) => numberOf(r[i]) !== undefined)) }
}

/** ECharts' option for a table seen as `kind`, or undefined when there is nothing to draw (no rows, or nothing but zeros). */
const optionOf = (whole: Table, kind: Kind): Record<string, unknown> | undefined => {
  const { columns, rows } = figuresOf(whole)
  const table = { ...whole, rows }
  if (columns.length === 0 || rows.length === 0 || rows.every((r) => columns.every((i) => numberOf(r[i]) === 0))) return undefined
  const items = table.rows.map((r) => String(r[0] ?? ""))
  const common = {
    animation: false,
    textStyle: { fontFamily },
    color: ["#c23531", "#2f4554", "#61a0a8", "#d48265", "#91c7ae", "#749f83", "#ca8622", "#bda29a", "#6e7074", "#546570"]
  }
  if (kind === "share") {
    // What is shared: a sum of money where the table has one (a drive's yuan, not its count),
    // else the first column with something in it (本月 may be all zeros where 累计 is not):
    // never an empty ring.
    const filled = columns.filter((i) => table.rows.some((r) => (numberOf(r[i]) ?? 0) > 0))
    const column = filled.find((i) => table.rows.some((r) => isYuan(r[i]))) ?? filled[0]!
    const parts = table.rows.map((r, i) => ({ name: items[i]!, value: numberOf(r[column]) ?? 0 })).filter((d) => d.value > 0)
    // Many parts make a ring of unreadable slivers: they are drawn as bars, largest first.
    if (parts.length > maxSlices) {
      const sorted = [...parts].sort((a, b) => a.value - b.value)
      return {
        ...common,
        title: { text: table.columns[column], left: "center", top: 4, textStyle: { fontSize: 13, fontFamily } },
        grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "value", axisLabel: { fontFamily } },
        yAxis: { type: "category", data: sorted.map((p) => p.name), axisLabel: { interval: 0, fontFamily } },
        series: [{ name: table.columns[column], type: "bar", label: { show: true, position: "right", fontFamily }, data: sorted.map((p) => p.value) }]
      }
    }
    return {
      ...common,
      title: { text: table.columns[column], left: "center", top: 4, textStyle: { fontSize: 13, fontFamily } },
      series: [{
        name: table.columns[column],
        type: "pie",
        radius: ["28%", "55%"],
        center: ["50%", "55%"],
        label: { formatter: "{b}\n{c} ({d}%)", fontFamily, width: 180, overflow: "break" },
        labelLayout: { hideOverlap: true },
        data: parts
      }]
    }
  }
  // Counts beside people (activities beside participants) differ tenfold and more: the larger go on an axis of their own, on the right.
  const largest = (i: number) => Math.max(...table.rows.map((r) => numberOf(r[i]) ?? 0))
  const first = largest(columns[0]!)
  const axisOf = (i: number) => (kind === "series" && first > 0 && largest(i) > 10 * first ? 1 : 0)
  const twoAxes = columns.some((i) => axisOf(i) === 1)
  return {
    ...common,
    legend: { top: 4, textStyle: { fontFamily } },
    grid: { left: 56, right: twoAxes ? 56 : 24, top: 40, bottom: 56 },
    xAxis: { type: "category", data: items, axisLabel: { interval: 0, rotate: items.length > 6 ? 30 : 0, fontFamily } },
    yAxis: twoAxes
      ? [{ type: "value", axisLabel: { fontFamily } }, { type: "value", axisLabel: { fontFamily }, splitLine: { show: false } }]
      : { type: "value", axisLabel: { fontFamily } },
    series: columns.map((i) => ({
      name: table.columns[i],
      type: kind === "series" ? "line" : "bar",
      yAxisIndex: axisOf(i),
      label: { show: kind === "bars", position: "top", fontFamily },
      data: table.rows.map((r) => numberOf(r[i]) ?? 0)
    }))
  }
}

/**
 * A table as a chart of its `chart` kind, in SVG text whose root carries
 * `data-chart="<table key>"` and `data-chart-kind`; or undefined when the table has no
 * chart kind or nothing to draw.
 */
export const svg = (table: Table, size: Size = {}): string | undefined => {
  if (table.chart === undefined) return undefined
  const option = optionOf(table, table.chart)
  if (option === undefined) return undefined
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, width: size.width ?? 640, height: size.height ?? 300 })
  try {
    chart.setOption(option)
    return chart.renderToSVGString().replace(
      /^<svg /,
      `<svg data-chart="${escapeAttribute(table.key)}" data-chart-kind="${table.chart}" role="img" aria-label="${escapeAttribute(table.title ?? table.columns[0] ?? table.key)}" `
    )
  } finally {
    chart.dispose()
  }
}
