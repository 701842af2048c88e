/**
 * PDF (便携文档) of a page (`Html`), printed by headless Chromium on A4 with its backgrounds,
 * through playwright-core. Both are optional: playwright-core is an optional peer dependency,
 * loaded only when a PDF is asked for, and Chromium is the one installed on the machine
 * (`Options.executablePath`, else the `FULIAN_CHROMIUM` environment variable, else
 * `/usr/bin/chromium`). Without either, the answer is a `PdfError` saying which is missing.
 *
 *   const bytes = yield* Pdf.fromHtml(Html.document(doc))
 *
 * The page's own `@page` rules (size, margins, the title and page number in the margins) are
 * what the PDF follows.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { Effect, Schema } from "effect"

/** Where Chromium is looked for when no path is given and `FULIAN_CHROMIUM` is not set. */
export const defaultChromium = "/usr/bin/chromium"

/** Why a PDF could not be made. */
export class PdfError extends Schema.TaggedError<PdfError>()("PdfError", {
  reason: Schema.Literals(["PlaywrightUnavailable", "ChromiumNotFound", "LaunchFailed", "PrintFailed"]),
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** How to print. */
export interface Options {
  /** The Chromium to run (default: `FULIAN_CHROMIUM`, else `/usr/bin/chromium`). */
  readonly executablePath?: string | undefined
}

/** The Chromium a PDF would be printed with. */
export const chromiumPath = (options: Options = {}): string => {
  const fromEnv = process.env["FULIAN_CHROMIUM"]
  return options.executablePath ?? (fromEnv === undefined || fromEnv === "" ? defaultChromium : fromEnv)
}

type Playwright = typeof import("playwright-core")
type Browser = Awaited<ReturnType<Playwright["chromium"]["launch"]>>

const causeOf = (error: unknown): string => (error instanceof Error ? error.message.split("\n")[0]! : String(error))

/** Loads playwright-core, which is optional. */
const playwright = Effect.tryPromise({
  try: (): Promise<Playwright> => import("playwright-core"),
  catch: (error) =>
    new PdfError({ reason: "PlaywrightUnavailable", detail: `making a PDF needs the package playwright-core, which could not be loaded (${causeOf(error)}): install it beside @fulian/reports` })
})

/** A page of HTML printed to PDF on A4, backgrounds included: the PDF's bytes. */
export const fromHtml = (html: string, options: Options = {}): Effect.Effect<Uint8Array, PdfError> =>
  Effect.gen(function*() {
    const executablePath = chromiumPath(options)
    if (!fs.existsSync(executablePath)) {
      return yield* new PdfError({
        reason: "ChromiumNotFound",
        detail: `making a PDF needs Chromium, and there is none at ${executablePath}: install it, or name it with FULIAN_CHROMIUM`
      })
    }
    const { chromium } = yield* playwright
    return yield* Effect.acquireUseRelease(
      Effect.tryPromise({
        try: () => chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] }),
        catch: (error) => new PdfError({ reason: "LaunchFailed", detail: `Chromium at ${executablePath} did not start: ${causeOf(error)}` })
      }),
      (browser: Browser) =>
        Effect.tryPromise({
          try: async () => {
            const page = await browser.newPage()
            await page.setContent(html, { waitUntil: "load" })
            await page.emulateMedia({ media: "print" })
            return new Uint8Array(await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true }))
          },
          catch: (error) => new PdfError({ reason: "PrintFailed", detail: `Chromium could not print the page: ${causeOf(error)}` })
        }),
      (browser) => Effect.promise(() => browser.close())
    )
  })
