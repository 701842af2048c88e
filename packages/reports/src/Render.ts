/**
 * Writes a report (`Document`) as Markdown, CSV, JSON or HTML in a language. Every word comes
 * from the label table (`Labels`); nothing here is in any language.
 *
 * - Markdown: a heading, the header as a table, then a heading per section, its paragraphs
 *   (the chair's narrative) and a table per table, numbers right-aligned and written for people
 *   as every page writes them (`Document.formatNumber`: `1,234`, money `12,516.50`).
 * - CSV (RFC 4180, CRLF line ends): one value a line — section, table, item, measure, value —
 *   so a spreadsheet can filter and pivot it; a paragraph is a line of its own, in the item
 *   column. `bom: true` starts it with a UTF-8 byte-order mark, which spreadsheet programs
 *   need to read Chinese text correctly (`fulian report` always asks for it). Numbers stay plain
 *   (`1234`, money `12516.50`), for programs and spreadsheets to read.
 * - JSON: the same tables with their words in the language, plus `data` (the report's content
 *   and attestation, under stable English keys) for programs.
 * - HTML: a self-contained page for A4 with its charts (`Html`).
 *
 * The binary formats are modules of their own: `Xlsx` (a workbook) and `Pdf` (the HTML printed
 * by headless Chromium).
 *
 * @since 0.1.0
 */
import { type Cell, type Document, formatNumber, formatYuan, type Table } from "./Document.ts"
import * as Html from "./Html.ts"
import { defaultLocale, label, type Locale } from "./Labels.ts"

/** The output formats written as text. */
export const formats = ["markdown", "csv", "json", "html"] as const

/** An output format. */
export type Format = (typeof formats)[number]

/** How to render. */
export interface Options {
  /** The language of the labels (default zh-CN). */
  readonly locale?: Locale | undefined
  /** CSV only: start with a UTF-8 byte-order mark. */
  readonly bom?: boolean | undefined
  /** JSON only: machine-readable data to include as `data`. */
  readonly data?: unknown
}

/** A cell as plain text in a language, for machines (CSV): numbers as written, money with two decimals, labels looked up. */
export const text = (cell: Cell, locale: Locale): string => {
  if (typeof cell === "string") return cell
  if (typeof cell === "number") return String(cell)
  if ("yuan" in cell) return cell.yuan.toFixed(2)
  return label(cell.label, locale)
}

/**
 * A cell as people read it (Markdown), as the HTML page writes it: numbers grouped in thousands
 * (`Document.formatNumber`: `1,234`), money with two decimals (`12,516.50`), labels looked up.
 */
export const display = (cell: Cell, locale: Locale): string => {
  if (typeof cell === "number") return formatNumber(cell, locale)
  if (typeof cell === "object" && "yuan" in cell) return formatYuan(cell.yuan, locale)
  return text(cell, locale)
}

const jsonValue = (cell: Cell, locale: Locale): string | number =>
  typeof cell === "number" ? cell : typeof cell === "object" && "yuan" in cell ? cell.yuan : text(cell, locale)

/** The heading of a document: organization, kind and period. */
export const heading = (doc: Document, locale: Locale): string =>
  label("heading", locale, { organization: doc.organization, kind: label(doc.kind, locale), period: doc.period })

/** Numbers and sums are right-aligned in Markdown; text and labels left. */
const isNumeric = (cell: Cell | undefined): boolean => typeof cell === "number" || (typeof cell === "object" && "yuan" in cell)

const markdownCell = (s: string): string => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ")

const markdownTable = (table: Table, locale: Locale): ReadonlyArray<string> => {
  const header = [table.item, ...table.columns].map((k) => markdownCell(label(k, locale)))
  const line = (cells: ReadonlyArray<string>) => `| ${cells.join(" | ")} |`
  const rows = table.rows.length === 0
    ? [[label("none", locale), ...table.columns.map(() => "")]]
    : table.rows.map((r) => [r.item, ...r.values].map((c) => markdownCell(display(c, locale))))
  const align = table.columns.map((_, i) => (table.rows.every((r) => isNumeric(r.values[i])) ? "---:" : "---"))
  return [line(header), line(["---", ...align]), ...rows.map(line)]
}

/** The document as Markdown. */
export const markdown = (doc: Document, options: Options = {}): string => {
  const locale = options.locale ?? defaultLocale
  const out: Array<string> = [`# ${heading(doc, locale)}`, ""]
  out.push(...markdownTable({
    key: "header",
    item: "col.item",
    columns: ["col.value"],
    rows: doc.header.map((h) => ({ item: { label: h.label }, values: [h.value] }))
  }, locale))
  for (const section of doc.sections) {
    out.push("", `## ${label(section.title, locale)}`)
    for (const paragraph of section.paragraphs ?? []) out.push("", paragraph)
    for (const table of section.tables) {
      out.push("")
      if (table.title !== undefined) out.push(`### ${label(table.title, locale)}`, "")
      out.push(...markdownTable(table, locale))
    }
  }
  return `${out.join("\n")}\n`
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, "\"\"")}"` : s)

/** The document as CSV: section, table, item, measure, value — one value a line. */
export const csv = (doc: Document, options: Options = {}): string => {
  const locale = options.locale ?? defaultLocale
  const lines: Array<ReadonlyArray<string>> = [
    (["csv.section", "csv.table", "csv.item", "csv.measure", "csv.value"] as const).map((k) => label(k, locale))
  ]
  const headerSection = label("section.header", locale)
  for (const h of doc.header) lines.push([headerSection, "", label(h.label, locale), label("col.value", locale), text(h.value, locale)])
  for (const section of doc.sections) {
    const sectionTitle = label(section.title, locale)
    for (const paragraph of section.paragraphs ?? []) lines.push([sectionTitle, "", paragraph, "", ""])
    for (const table of section.tables) {
      const tableTitle = table.title === undefined ? "" : label(table.title, locale)
      for (const row of table.rows) {
        const item = text(row.item, locale)
        if (table.columns.length === 0) lines.push([sectionTitle, tableTitle, item, "", ""])
        table.columns.forEach((column, i) => {
          const value = row.values[i]
          lines.push([sectionTitle, tableTitle, item, label(column, locale), value === undefined ? "" : text(value, locale)])
        })
      }
    }
  }
  return `${options.bom === true ? "\uFEFF" : ""}${lines.map((l) => l.map(csvField).join(",")).join("\r\n")}\r\n`
}

/** The document as JSON: its tables in the language, and `data` as given. */
export const json = (doc: Document, options: Options = {}): string => {
  const locale = options.locale ?? defaultLocale
  return `${JSON.stringify({
    locale,
    title: heading(doc, locale),
    header: doc.header.map((h) => ({ key: h.label, label: label(h.label, locale), value: jsonValue(h.value, locale) })),
    sections: doc.sections.map((section) => ({
      key: section.key,
      title: label(section.title, locale),
      ...(section.paragraphs === undefined ? {} : { paragraphs: section.paragraphs }),
      tables: section.tables.map((table) => ({
        key: table.key,
        ...(table.title === undefined ? {} : { title: label(table.title, locale) }),
        columns: [table.item, ...table.columns].map((k) => ({ key: k, label: label(k, locale) })),
        rows: table.rows.map((r) => [jsonValue(r.item, locale), ...r.values.map((c) => jsonValue(c, locale))])
      }))
    })),
    ...(options.data === undefined ? {} : { data: options.data })
  }, null, 2)}\n`
}

/** The document in a format. */
export const render = (doc: Document, format: Format, options: Options = {}): string => {
  switch (format) {
    case "markdown":
      return markdown(doc, options)
    case "csv":
      return csv(doc, options)
    case "json":
      return json(doc, options)
    case "html":
      return Html.document(doc, { locale: options.locale })
  }
}
