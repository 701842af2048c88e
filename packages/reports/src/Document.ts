/**
 * A report laid out for reading, in no language yet: a header and sections of tables whose
 * words are label keys (`Labels`) and whose values are numbers, sums of money, or text taken
 * from the records (names of organizations, themes, titles). `Render` writes it as Markdown,
 * CSV or JSON in a language.
 *
 * @since 0.1.0
 */
import type { LabelKey } from "./Labels.ts"

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

/** A table: its key, its title (when a section has several), the header of its first column and of the others. */
export interface Table {
  readonly key: string
  readonly title?: LabelKey
  readonly item: LabelKey
  readonly columns: ReadonlyArray<LabelKey>
  readonly rows: ReadonlyArray<Row>
}

/** A section of the report: its key, title and tables. */
export interface Section {
  readonly key: string
  readonly title: LabelKey
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
  item,
  columns: [column],
  rows: rows.map(([k, n]) => ({ item: label(k), values: [n] }))
})
