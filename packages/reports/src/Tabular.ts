/**
 * Tables in a language (表格): a report (`Document`) or the ledgers (台帐) with every word
 * already written out, and every number still a number. The shape the HTML (`Html`), the
 * spreadsheet (`Xlsx`) and the ledgers' CSV and Markdown are written from, so that a report
 * and the ledgers print and export the same way.
 *
 *   const t = Tabular.ofDocument(doc, "zh-CN")
 *   Html.page(t)      // a page for A4
 *   Xlsx.workbook(t)  // a workbook, one sheet a section
 *
 * A report gets here through `ofDocument`, which looks its labels up (`Labels`) and marks the
 * tables worth a chart (`Charts.kindOf`); the ledgers through `@fulian/cli/LedgerText`, which
 * lays them out from the same rows it prints for the terminal.
 *
 * @since 0.1.0
 */
import * as Charts from "./Charts.ts"
import type { Cell, Document } from "./Document.ts"
import { label, type Locale } from "./Labels.ts"

/** A value of a table: a number, a sum of money in yuan (元, shown with two decimals), or text. */
export type Value = number | string | { readonly yuan: number }

/** A table: its key, its title, its column headers (the first is the items'), its rows, and its total row, if any. */
export interface Table {
  readonly key: string
  readonly title?: string | undefined
  readonly columns: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<Value>>
  /** The 合计 row, kept apart so that a chart leaves it out and a page sets it off. */
  readonly total?: ReadonlyArray<Value> | undefined
  /** How the table is best seen as a chart, if at all (`Charts.Kind`). */
  readonly chart?: Charts.Kind | undefined
}

/** A section: its key, its title, paragraphs of text (findings, the chair's narrative), and its tables. */
export interface Section {
  readonly key: string
  readonly title: string
  readonly paragraphs?: ReadonlyArray<string> | undefined
  readonly tables: ReadonlyArray<Table>
}

/** A fact about the whole (organization, period, submission, attestation), labelled. */
export interface Fact {
  /** A stable key (`header.position`), for programs and tests. */
  readonly key: string
  readonly label: string
  readonly value: Value
}

/** A report or the ledgers in a language: a title, facts about it, and its sections. */
export interface Tabular {
  readonly locale: Locale
  readonly title: string
  /** The heading of the facts' block (`报表信息`). */
  readonly factsTitle: string
  readonly facts: ReadonlyArray<Fact>
  readonly sections: ReadonlyArray<Section>
  /** The words a page needs around the tables: what an empty table shows. */
  readonly none: string
}

/** Whether a value is a sum of money. */
export const isYuan = (value: Value | undefined): value is { readonly yuan: number } => typeof value === "object" && "yuan" in value

/** A value as plain text: numbers as written, money with two decimals (for CSV and Markdown). */
export const plain = (value: Value | undefined): string =>
  value === undefined ? "" : typeof value === "string" ? value : typeof value === "number" ? String(value) : value.yuan.toFixed(2)

const valueOf = (cell: Cell, locale: Locale): Value =>
  typeof cell === "object" && "label" in cell ? label(cell.label, locale) : cell

const isTotal = (cell: Cell | undefined): boolean => typeof cell === "object" && "label" in cell && cell.label === "total"

/** A report in a language: its labels looked up, its 合计 rows set apart, its charts chosen. */
export const ofDocument = (doc: Document, locale: Locale): Tabular => ({
  locale,
  title: label("heading", locale, { organization: doc.organization, kind: label(doc.kind, locale), period: doc.period }),
  factsTitle: label("section.header", locale),
  facts: doc.header.map((h) => ({ key: h.label, label: label(h.label, locale), value: valueOf(h.value, locale) })),
  none: label("none", locale),
  sections: doc.sections.map((section) => ({
    key: section.key,
    title: label(section.title, locale),
    ...(section.paragraphs === undefined ? {} : { paragraphs: section.paragraphs }),
    tables: section.tables.map((table): Table => {
      const last = table.rows[table.rows.length - 1]
      const rows = last !== undefined && isTotal(last.item) ? table.rows.slice(0, -1) : table.rows
      const line = (r: Document["sections"][number]["tables"][number]["rows"][number]) => [r.item, ...r.values].map((c) => valueOf(c, locale))
      return {
        key: table.key,
        title: table.title === undefined ? undefined : label(table.title, locale),
        columns: [table.item, ...table.columns].map((k) => label(k, locale)),
        rows: rows.map(line),
        total: rows === table.rows ? undefined : line(last!),
        chart: Charts.kindOf(table)
      }
    })
  }))
})

const markdownCell = (s: string): string => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ")

/** As Markdown: the title, the facts, then a heading a section, its paragraphs and its tables (numbers right-aligned). */
export const markdown = (t: Tabular): string => {
  const out: Array<string> = [`# ${t.title}`, ""]
  const line = (cells: ReadonlyArray<string>) => `| ${cells.map(markdownCell).join(" | ")} |`
  if (t.facts.length > 0) {
    out.push(...t.facts.map((f) => `- ${f.label}: ${plain(f.value)}`), "")
  }
  for (const section of t.sections) {
    out.push(`## ${section.title}`, "")
    for (const p of section.paragraphs ?? []) out.push(p, "")
    for (const table of section.tables) {
      if (table.title !== undefined) out.push(`### ${table.title}`, "")
      const rows = [...table.rows, ...(table.total === undefined ? [] : [table.total])]
      const align = table.columns.map((_, i) => (i > 0 && rows.length > 0 && rows.every((r) => typeof r[i] === "number" || isYuan(r[i])) ? "---:" : "---"))
      out.push(line(table.columns), `| ${align.join(" | ")} |`)
      if (rows.length === 0) out.push(line([t.none, ...table.columns.slice(1).map(() => "")]))
      for (const r of rows) out.push(line(table.columns.map((_, i) => plain(r[i]))))
      out.push("")
    }
  }
  return `${out.join("\n").trimEnd()}\n`
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, "\"\"")}"` : s)

/** Options of `csv`. */
export interface CsvOptions {
  /** The headers of the five columns: section, table, item, measure, value. */
  readonly headers: readonly [string, string, string, string, string]
  /** Start with a UTF-8 byte-order mark (U+FEFF), which spreadsheet programs need to read Chinese. */
  readonly bom?: boolean | undefined
}

/**
 * As CSV (RFC 4180, CRLF line ends), one value a line — section, table, item, measure, value —
 * as `Render.csv` writes a report, so a spreadsheet can filter and pivot it. A paragraph is a
 * line of its own under its section, in the item column.
 */
export const csv = (t: Tabular, options: CsvOptions): string => {
  const lines: Array<ReadonlyArray<string>> = [options.headers]
  for (const f of t.facts) lines.push([t.factsTitle, "", f.label, "", plain(f.value)])
  for (const section of t.sections) {
    for (const p of section.paragraphs ?? []) lines.push([section.title, "", p, "", ""])
    for (const table of section.tables) {
      for (const row of [...table.rows, ...(table.total === undefined ? [] : [table.total])]) {
        const item = plain(row[0])
        if (table.columns.length <= 1) lines.push([section.title, table.title ?? "", item, "", ""])
        table.columns.slice(1).forEach((column, i) => lines.push([section.title, table.title ?? "", item, column, plain(row[i + 1])]))
      }
    }
  }
  return `${options.bom === true ? "\uFEFF" : ""}${lines.map((l) => l.map(csvField).join(",")).join("\r\n")}\r\n`
}
