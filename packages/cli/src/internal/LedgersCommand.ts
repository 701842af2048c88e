/**
 * `fulian ledgers`: the ledgers (台帐) drawn as of now or a date, in a format. The renderers of
 * the binary formats (PDF, XLSX) are loaded only for those formats.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import * as Policy from "@fulian/core/Policy"
import * as Reading from "@fulian/core/Reading"
import * as Ledgers from "@fulian/projections/Ledgers"
import * as Html from "@fulian/reports/Html"
import * as Tabular from "@fulian/reports/Tabular"
import * as LedgerText from "../LedgerText.ts"
import { dateFlag, emit, needsOut, readerOf, withStore, type Written } from "./Run.ts"

/** The flags of `fulian ledgers`. */
export interface Input {
  readonly asOf: Option.Option<string>
  readonly asRecordedOn: Option.Option<string>
  readonly format: "text" | "json" | "md" | "markdown" | "csv" | "html" | "pdf" | "xlsx"
  readonly out: Option.Option<string>
  readonly lang: Option.Option<"zh" | "zh-CN" | "en">
}

/** Draws the ledgers the reader of `--as` may read, as of now or a date, and writes them in the format asked for. */
export const run = (c: Input) =>
  withStore(Effect.gen(function*() {
    const policy = yield* Policy.Policy
    const scope = yield* Reading.scopeOf(yield* readerOf("fulian ledgers"))
    const asOf = yield* dateFlag("as-of", c.asOf)
    const asRecordedOn = yield* dateFlag("as-recorded-on", c.asRecordedOn)
    yield* needsOut(c.format, c.out)
    // Now, from the kept projections, caught up; as of a date, folded from the log.
    const drawn = yield* Ledgers.draw({ policy, asOf, asRecordedOn })
    const lang = Option.getOrUndefined(Option.map(c.lang, (l): LedgerText.Lang => (l === "en" ? "en" : "zh")))
    const options = { policy, scope, asRecordedOn, lang }
    const written: Written = yield* Effect.gen(function*() {
      switch (c.format) {
        case "text":
          return { text: LedgerText.all(drawn, options) }
        case "json":
          return { text: `${JSON.stringify(LedgerText.rowsOf(drawn, options), (_, v) => (v instanceof Set ? [...v] : v instanceof Map ? Object.fromEntries(v) : v), 2)}\n` }
        case "md":
        case "markdown":
          return { text: Tabular.markdown(LedgerText.tabular(drawn, options)) }
        case "csv":
          return { text: Tabular.csv(LedgerText.tabular(drawn, options), { headers: LedgerText.csvHeaders(lang), bom: true }) }
        case "html":
          return { text: Html.page(LedgerText.tabular(drawn, options)) }
        case "pdf": {
          const Pdf = yield* Effect.promise(() => import("@fulian/reports/Pdf"))
          return { bytes: yield* Pdf.fromHtml(Html.page(LedgerText.tabular(drawn, options))), format: c.format }
        }
        case "xlsx": {
          const Xlsx = yield* Effect.promise(() => import("@fulian/reports/Xlsx"))
          return { bytes: yield* Xlsx.workbook(LedgerText.tabular(drawn, options)), format: c.format }
        }
      }
    })
    yield* emit("ledgers", written, c.out)
  }))
