/**
 * A report or the ledgers as one HTML page that prints well on A4 (网页版报表): self-contained
 * (its CSS inline, its charts inline SVG, no script, nothing fetched), for reading on screen,
 * printing, or turning into PDF (`Pdf`).
 *
 *   Html.document(doc, { locale: "zh-CN" })   // a report
 *   Html.page(tabular)                        // anything laid out as `Tabular` (the ledgers)
 *
 * The page starts with the title (organization, kind, period) and the facts of the header —
 * organization, period and, for a report sent up, its submission and attestation (the log
 * position it was computed from and its content hash) in a box of their own — and repeats the
 * title and the page number in the margins of every printed page. A section's paragraphs (the
 * chair's narrative) come before its tables. Numbers are grouped in thousands as every renderer
 * writes them (`Document.formatNumber`), money with two decimals; the fonts are Chinese first.
 * Every text taken from the records is escaped.
 *
 * @since 0.1.0
 */
import * as Charts from "./Charts.ts"
import { type Document, formatNumber, formatYuan } from "./Document.ts"
import { defaultLocale, label, type Locale } from "./Labels.ts"
import { isYuan, ofDocument, type Table, type Tabular, type Value } from "./Tabular.ts"

/** Escapes text for HTML content and attribute values. */
export const escape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")

/** Text as a CSS string, safe inside a `<style>` element. */
const cssString = (s: string): string => `"${s.replace(/[\\"]/g, "\\$&").replace(/[\r\n]+/g, " ").replace(/</g, "\\3C ")}"`

/** The facts of a report sent up: where it went and what it was computed from. */
const attestationFacts = new Set(["header.reportId", "header.sentTo", "header.submittedAt", "header.corrects", "header.position", "header.contentHash"])

/** How numbers are written, as every renderer writes them (`Document.formatNumber`): grouped in thousands; money with two decimals. */
const numbers = (locale: Locale) => (value: Value | undefined): string =>
  value === undefined ? "" : typeof value === "number" ? formatNumber(value, locale) : isYuan(value) ? formatYuan(value.yuan, locale) : value

const isNumeric = (value: Value | undefined): boolean => typeof value === "number" || isYuan(value)

/** The page's style: A4 with margins, the title and page number in the margins, Chinese fonts first. */
const style = (title: string, locale: Locale): string => `
@page {
  size: A4;
  margin: 18mm 16mm 20mm;
  @top-right { content: ${cssString(title)}; font-size: 8pt; color: #777; }
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #777; }
}
:root {
  --ink: #1f1f1f; --muted: #666; --rule: #c8c8c8; --accent: #b0262c; --band: #f6f3ef;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  color: var(--ink);
  font-size: 10.5pt;
  line-height: 1.6;
  ${locale === "zh-CN" ? "text-align: justify; word-break: normal; line-break: strict;" : ""}
}
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 12mm 14mm; max-width: 210mm; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 17pt; line-height: 1.35; margin: 0 0 4mm; padding-bottom: 3mm; border-bottom: 2px solid var(--accent); text-align: center; letter-spacing: ${locale === "zh-CN" ? "0.05em" : "0"}; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; padding-left: 2.5mm; border-left: 4px solid var(--accent); break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; color: #333; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2mm; text-indent: ${locale === "zh-CN" ? "2em" : "0"}; }
.facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 1mm 4mm; margin: 0 0 3mm; font-size: 9.5pt; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.attestation { border: 1px solid var(--rule); background: var(--band); padding: 2mm 3mm; margin: 0 0 4mm; font-size: 9pt; break-inside: avoid; }
.attestation h2 { font-size: 10pt; border: 0; padding: 0; margin: 0 0 1mm; }
.attestation dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 0; }
.attestation dt { color: var(--muted); }
.attestation dd { margin: 0; font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", Menlo, Consolas, monospace; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; font-size: 9.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid var(--rule); padding: 1mm 2mm; vertical-align: top; text-align: left; }
thead th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
th { overflow-wrap: break-word; hyphens: auto; }
table.wide { font-size: 8.5pt; }
table.wide th, table.wide td { padding: 0.8mm 1.2mm; }
tfoot td { font-weight: 600; background: #faf9f7; }
td.none { color: var(--muted); text-align: center; }
figure { margin: 0 0 4mm; }
figure.chart { break-inside: avoid; page-break-inside: avoid; text-align: center; }
figure.chart svg { max-width: 100%; height: auto; }
@media print { body { padding: 0; max-width: none; } }
`

const cells = (tag: "td" | "th", row: ReadonlyArray<Value>, width: number, format: (v: Value | undefined) => string): string =>
  Array.from({ length: width }, (_, i) => {
    const value = row[i]
    return `<${tag}${isNumeric(value) ? " class=\"num\"" : ""}>${escape(format(value))}</${tag}>`
  }).join("")

const tableHtml = (table: Table, t: Tabular, format: (v: Value | undefined) => string, charts: boolean): string => {
  const width = table.columns.length
  const numericColumn = (i: number) => i > 0 && table.rows.length > 0 && table.rows.every((r) => isNumeric(r[i]))
  const head = table.columns.map((c, i) => `<th${numericColumn(i) ? " class=\"num\"" : ""} scope="col">${escape(c)}</th>`).join("")
  const body = table.rows.length === 0 && table.total === undefined
    ? `<tr><td class="none" colspan="${width}">${escape(t.none)}</td></tr>`
    : table.rows.map((r) => `<tr>${cells("td", r, width, format)}</tr>`).join("\n")
  const foot = table.total === undefined ? "" : `<tfoot><tr>${cells("td", table.total, width, format)}</tr></tfoot>`
  const chart = charts ? Charts.svg(table) : undefined
  return [
    `<figure class="table" data-table="${escape(table.key)}">`,
    table.title === undefined ? "" : `<h3>${escape(table.title)}</h3>`,
    `<table${width > 6 ? " class=\"wide\"" : ""}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody>${foot}</table>`,
    "</figure>",
    chart === undefined ? "" : `<figure class="chart">${chart}</figure>`
  ].filter((s) => s !== "").join("\n")
}

/** Options of `page`. */
export interface PageOptions {
  /** Draw the charts of the tables that have a chart kind (default true). */
  readonly charts?: boolean | undefined
}

/** Anything laid out as `Tabular` as a page: title, facts, the attestation box, then each section's paragraphs, tables and charts. */
export const page = (t: Tabular, options: PageOptions = {}): string => {
  const format = numbers(t.locale)
  const charts = options.charts ?? true
  const plain = t.facts.filter((f) => !attestationFacts.has(f.key))
  const attested = t.facts.filter((f) => attestationFacts.has(f.key))
  const facts = (list: typeof plain) => list.map((f) => `<dt>${escape(f.label)}</dt><dd data-fact="${escape(f.key)}">${escape(format(f.value))}</dd>`).join("")
  return `<!DOCTYPE html>
<html lang="${t.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t.title)}</title>
<style>${style(t.title, t.locale)}</style>
</head>
<body>
<header>
<h1>${escape(t.title)}</h1>
${plain.length === 0 ? "" : `<dl class="facts">${facts(plain)}</dl>`}
${attested.length === 0 ? "" : `<section class="attestation"><h2>${escape(label("header.attestation", t.locale))}</h2><dl>${facts(attested)}</dl></section>`}
</header>
<main>
${t.sections.map((s) => [
    `<section data-section="${escape(s.key)}">`,
    `<h2>${escape(s.title)}</h2>`,
    ...(s.paragraphs ?? []).map((p) => `<p>${escape(p)}</p>`),
    ...s.tables.map((table) => tableHtml(table, t, format, charts)),
    "</section>"
  ].join("\n")).join("\n")}
</main>
</body>
</html>
`
}

/** Options of `document`. */
export interface Options extends PageOptions {
  /** The language of the labels (default zh-CN). */
  readonly locale?: Locale | undefined
}

/** A report (`Document`) as a page, in a language, with its charts. */
export const document = (doc: Document, options: Options = {}): string => page(ofDocument(doc, options.locale ?? defaultLocale), options)
