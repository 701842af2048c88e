/**
 * A report or the ledgers as an Excel workbook (电子表格, .xlsx), written with exceljs: a first
 * sheet of the facts (organization, period, submission and attestation), then one sheet a
 * section (a report's sections, or one a ledger), each headed by the title and its section,
 * then its paragraphs and tables. Numbers are numbers (grouped in thousands by their number
 * format), money has two decimals, columns are as wide as their text (Chinese characters
 * counted twice), and every sheet prints on A4, fitted to the page's width.
 *
 *   const bytes = yield* Xlsx.document(doc, { locale: "zh-CN" })
 *   const bytes = yield* Xlsx.workbook(tabular)
 *
 * Sheet names follow Excel's rules: at most 31 characters, none of `[]:*?/\`, and unique.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type ExcelJS from "exceljs"
import type { Document } from "./Document.ts"
import { defaultLocale, type Locale } from "./Labels.ts"
import { isYuan, ofDocument, type Tabular, type Value } from "./Tabular.ts"

/** Why a workbook could not be written. */
export class XlsxError extends Schema.TaggedError<XlsxError>()("XlsxError", {
  reason: Schema.Literals(["WriteFailed"]),
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** The number formats: counts grouped in thousands, fractions to two places, money always with two decimals. */
export const numberFormats = { count: "#,##0", fraction: "#,##0.0#", yuan: "#,##0.00" } as const

/** The longest name Excel takes for a sheet. */
const maxSheetName = 31

/**
 * A name Excel takes for a sheet, unique among `taken` (which it joins): the characters
 * `[]:*?/\` replaced, cut to 31 characters, and numbered when another sheet has it.
 */
export const sheetName = (wanted: string, taken: Set<string>): string => {
  const clean = wanted.replace(/[[\]:*?/\\]/g, "_").replace(/^'+|'+$/g, "").trim() || "Sheet"
  let name = clean.slice(0, maxSheetName)
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`
    name = `${clean.slice(0, maxSheetName - suffix.length)}${suffix}`
  }
  taken.add(name.toLowerCase())
  return name
}

const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u

/** The width of text in a spreadsheet's columns: Chinese and full-width characters two. */
const widthOf = (s: string): number => [...s].reduce((n, c) => n + (wide.test(c) ? 2 : 1), 0)

const cellValue = (value: Value | undefined): string | number | null =>
  value === undefined ? null : isYuan(value) ? value.yuan : value

const formatOf = (value: Value | undefined): string | undefined =>
  isYuan(value) ? numberFormats.yuan : typeof value === "number" ? (Number.isInteger(value) ? numberFormats.count : numberFormats.fraction) : undefined

const shownWidth = (value: Value | undefined): number =>
  value === undefined ? 0 : isYuan(value) ? value.yuan.toFixed(2).length + 3 : typeof value === "number" ? String(value).length + 2 : widthOf(value)

const band = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF3EFEA" } } as const

/** Adds a sheet set for A4, with its column widths kept as rows are added. */
const sheet = (workbook: ExcelJS.Workbook, name: string) => {
  const ws = workbook.addWorksheet(name, {
    pageSetup: { paperSize: 9 as ExcelJS.PaperSize, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 }
  })
  const widths: Array<number> = []
  /** A row of values: numbers as numbers with their formats; `measured` rows set the columns' widths. */
  const row = (values: ReadonlyArray<Value | undefined>, style: { readonly bold?: boolean; readonly size?: number; readonly fill?: boolean; readonly measured?: boolean } = {}) => {
    const added = ws.addRow(values.map(cellValue))
    values.forEach((value, i) => {
      const cell = added.getCell(i + 1)
      const format = formatOf(value)
      if (format !== undefined) cell.numFmt = format
      if (style.bold === true || style.size !== undefined) cell.font = { bold: style.bold === true, ...(style.size === undefined ? {} : { size: style.size }) }
      if (style.fill === true) cell.fill = band
      if (style.measured !== false) widths[i] = Math.max(widths[i] ?? 0, shownWidth(value))
    })
    return added
  }
  const finish = () => widths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.min(60, Math.max(8, w + 2))))
  return { ws, row, finish }
}

/** Anything laid out as `Tabular` as a workbook: the facts' sheet, then a sheet a section. Answers the file's bytes. */
export const workbook = (t: Tabular): Effect.Effect<Uint8Array, XlsxError> =>
  Effect.tryPromise({
    try: async () => {
      // Loaded when a workbook is written: nothing else of fulian pays for it (some 30 MB).
      const { default: Excel } = await import("exceljs")
      const book = new Excel.Workbook()
      book.creator = "fulian"
      const taken = new Set<string>()
      const facts = sheet(book, sheetName(t.factsTitle, taken))
      facts.row([t.title], { bold: true, size: 14, measured: false })
      facts.row([])
      for (const f of t.facts) facts.row([f.label, f.value])
      facts.finish()
      for (const section of t.sections) {
        const s = sheet(book, sheetName(section.title, taken))
        s.row([t.title], { bold: true, size: 12, measured: false })
        s.row([section.title], { bold: true, size: 12, measured: false })
        for (const p of section.paragraphs ?? []) s.row([p], { measured: false })
        for (const table of section.tables) {
          s.row([])
          if (table.title !== undefined) s.row([table.title], { bold: true, measured: false })
          s.row(table.columns, { bold: true, fill: true })
          if (table.rows.length === 0 && table.total === undefined) s.row([t.none])
          for (const r of table.rows) s.row(table.columns.map((_, i) => r[i]))
          if (table.total !== undefined) s.row(table.columns.map((_, i) => table.total![i]), { bold: true })
        }
        s.finish()
      }
      return new Uint8Array(await book.xlsx.writeBuffer() as unknown as Uint8Array)
    },
    catch: (error) => new XlsxError({ reason: "WriteFailed", detail: `the workbook could not be written: ${error instanceof Error ? error.message : String(error)}` })
  })

/** Options of `document`. */
export interface Options {
  /** The language of the labels (default zh-CN). */
  readonly locale?: Locale | undefined
}

/** A report (`Document`) as a workbook in a language. */
export const document = (doc: Document, options: Options = {}): Effect.Effect<Uint8Array, XlsxError> =>
  workbook(ofDocument(doc, options.locale ?? defaultLocale))
