/**
 * A report laid out for reading, in no language yet: a header and sections of tables whose
 * words are label keys (`Labels`) and whose values are numbers, sums of money, or text taken
 * from the records (names of organizations, themes, titles). `Render` writes it as Markdown,
 * CSV or JSON in a language.
 *
 * What a renderer finds beyond tables (all optional, so a renderer that knows none of it still
 * writes every figure):
 * - `Section.paragraphs`: the chair's narrative for the section (报告正文), free text as
 *   written, shown before its tables; a section may have paragraphs and no table (the overview,
 *   the problems 存在的问题, next year's plan 明年工作打算).
 * - `Table.kind`: what the table is, for a chart or a layout: `"periods"` (本月/累计 columns,
 *   the same figure for a month and the year to date), `"targets"` (the year's plan targets
 *   beside the results), `"breakdown"` (counts by one category, a share: a pie), `"trend"`
 *   (a value a month: a line).
 * - Whether a plan target was met is a label cell (`target.met`, `target.notMet`).
 * - `formatNumber`: how a number or sum of money is written in a language (zh-CN: `1,234`,
 *   `2,166.00`), the one function every renderer uses.
 *
 * @since 0.1.0
 */
import type { LabelKey, Locale } from "./Labels.ts"

/** A label to look up in the language of the output. */
export interface Label {
  readonly label: LabelKey
}

/** A sum of money in yuan (元), shown with two decimals. */
export interface Yuan {
  readonly yuan: number
}

/** One value of a table: a number, a sum of money, a label, or text from the records, shown as it is. */
export type Cell = number | string | Label | Yuan

/** A row: what it is about, then one value per column. */
export interface Row {
  readonly item: Cell
  readonly values: ReadonlyArray<Cell>
}

/**
 * What a table is, for a renderer that draws charts or lays tables out by kind:
 * `periods` — one figure a row, for this month (本月) and the year to date (累计);
 * `targets` — the year's plan targets beside the results (target, measure, planned, actual, met);
 * `breakdown` — counts of one thing by a category (a share: a pie or bars);
 * `trend` — a value for each month (a line). Tables of no kind are plain tables.
 */
export type TableKind = "periods" | "targets" | "breakdown" | "trend"

/** A table: its key, its title (when a section has several), the header of its first column and of the others. */
export interface Table {
  readonly key: string
  readonly title?: LabelKey
  /** What the table is, when a renderer may draw or lay it out by kind (see `TableKind`). */
  readonly kind?: TableKind
  readonly item: LabelKey
  readonly columns: ReadonlyArray<LabelKey>
  readonly rows: ReadonlyArray<Row>
}

/** A section of the report: its key, title, the chair's paragraphs for it (if any) and its tables. */
export interface Section {
  readonly key: string
  readonly title: LabelKey
  /** The chair's paragraphs for the section (报告正文), as written: shown before its tables. */
  readonly paragraphs?: ReadonlyArray<string>
  readonly tables: ReadonlyArray<Table>
}

/** A whole report, ready to render. */
export interface Document {
  /** The kind of report, as a label (`kind.annual`, …). */
  readonly kind: LabelKey
  /** The organization, as named in its records. */
  readonly organization: string
  readonly period: string
  /** Facts about the report itself: organization, period, and, once attested, position and hash. */
  readonly header: ReadonlyArray<{ readonly label: LabelKey; readonly value: Cell }>
  readonly sections: ReadonlyArray<Section>
}

/** A label cell. */
export const label = (key: LabelKey): Label => ({ label: key })

/** A table of single values, one measure a row: the shape of most summaries. */
export const measures = (
  key: string,
  rows: ReadonlyArray<readonly [LabelKey, Cell]>,
  title?: LabelKey
): Table => ({
  key,
  ...(title === undefined ? {} : { title }),
  item: "col.item",
  columns: ["col.value"],
  rows: rows.map(([item, value]) => ({ item: label(item), values: [value] }))
})

/** A table of counts, one labelled item a row under a single column: the shape of the breakdowns (by category, by outcome, …). */
export const countTable = (
  key: string,
  title: LabelKey,
  item: LabelKey,
  column: LabelKey,
  rows: ReadonlyArray<readonly [LabelKey, number]>
): Table => ({
  key,
  title,
  kind: "breakdown",
  item,
  columns: [column],
  rows: rows.map(([k, n]) => ({ item: label(k), values: [n] }))
})

/** A table of single values, one measure a row, for this month (本月) and the year to date (累计). */
export const periodMeasures = (
  key: string,
  rows: ReadonlyArray<readonly [LabelKey, Cell, Cell]>,
  title?: LabelKey
): Table => ({
  key,
  ...(title === undefined ? {} : { title }),
  kind: "periods",
  item: "col.item",
  columns: ["col.thisMonth", "col.yearToDate"],
  rows: rows.map(([item, month, year]) => ({ item: label(item), values: [month, year] }))
})

/** The thousands separator of each language: both group by three with a comma (a language added may not). */
const thousandsSeparators: { readonly [L in Locale]: string } = { "zh-CN": ",", en: "," }

/**
 * A number as a report writes it in a language (千分位): digits grouped by three with a comma,
 * as zh-CN and en both write them (`1,234`, `12,516.51`), and with `fractionDigits` decimals
 * when given (two for yuan). Every renderer writes numbers with this, so Markdown, HTML, PDF
 * and CSV agree; it depends on no runtime's locale data.
 */
export const formatNumber = (n: number, locale: Locale, fractionDigits?: number): string => {
  if (!Number.isFinite(n)) return String(n)
  const fixed = fractionDigits === undefined ? String(n) : n.toFixed(fractionDigits)
  if (/e/i.test(fixed)) return fixed
  const negative = fixed.startsWith("-")
  const [whole, fraction] = (negative ? fixed.slice(1) : fixed).split(".") as [string, string | undefined]
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousandsSeparators[locale])
  return `${negative ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`
}

/** A sum of money as a report writes it: `formatNumber` with two decimals (`2,166.00`). */
export const formatYuan = (yuan: number, locale: Locale): string => formatNumber(yuan, locale, 2)
