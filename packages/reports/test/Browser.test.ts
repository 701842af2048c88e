/**
 * The report's page in Debian's Chromium (playwright-core): the annual work summary (sent up,
 * so with its attestation) and the monthly report of the street's year (seed 003), in Chinese
 * and English, load with nothing fetched and no error, fit the width of A4, carry their charts
 * (SVG marked with their tables' keys, their series named), and print to PDF (`Pdf`).
 *
 * The annual summary carries the chair's narrative (overview, remarks, problems).
 *
 * Full-page screenshots are saved under `packages/reports/test-artifacts/` (gitignored), which
 * the test creates. This machine has no Chinese font, so the Chinese text shows as boxes there.
 */
import { mkdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"
import { chromium, type Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Document } from "../src/Document.ts"
import * as Html from "../src/Html.ts"
import * as Labels from "../src/Labels.ts"
import * as Pdf from "../src/Pdf.ts"
import * as Report from "../src/Report.ts"
import { figures } from "./support/Events.ts"
import { streetYear } from "./support/StreetYear.ts"

const artifacts = join(dirname(fileURLToPath(import.meta.url)), "..", "test-artifacts")

const contentOf = (request: Report.Request) => Report.contentOf(request, figures(request, streetYear))
const attested: Report.Attested = { reportId: "s1-2023", sentTo: "d1", submittedAt: "2024-01-10T08:00:00.000Z", position: 321, contentHash: "ab".repeat(32), timeZone: "Asia/Shanghai" }
const narrative = [
  { section: "overview", text: "2023年，街道妇联围绕中心、服务大局，组织开展主题活动，维护妇女儿童合法权益。" },
  { section: "mediation", text: "调解会全年调处矛盾纠纷，做到小事不出社区、大事不出街道。" },
  { section: "problems", text: "基层妇联经费不足，志愿者队伍有待壮大。" }
]
const annual = Report.document(contentOf({ organizationId: "s1", kind: "annual", period: "2023" }), attested, narrative)
const monthly = Report.document(contentOf({ organizationId: "s1", kind: "monthly", period: "2023-08" }))

/** A4's width at 96 CSS pixels an inch. */
const a4Width = Math.round((210 / 25.4) * 96)

let browser: Browser
beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] })
})
afterAll(async () => {
  await browser?.close()
})

/** Opens a page of HTML: what it requested beyond itself and what errors it raised. */
const open = async (html: string) => {
  const page = await browser.newPage({ viewport: { width: a4Width, height: 1123 } })
  const requests: Array<string> = []
  const errors: Array<string> = []
  page.on("request", (r) => void (r.url().startsWith("data:") || r.url() === "about:blank" ? undefined : requests.push(r.url())))
  page.on("pageerror", (e) => void errors.push(e.message))
  page.on("console", (m) => void (m.type() === "error" ? errors.push(m.text()) : undefined))
  await page.setContent(html, { waitUntil: "load" })
  return { page, requests, errors }
}

/** The chart keys of a page, and the text of each chart. */
const chartsOn = async (page: Awaited<ReturnType<typeof open>>["page"]) =>
  Object.fromEntries(await page.locator("svg[data-chart]").evaluateAll((svgs) => svgs.map((s) => [s.getAttribute("data-chart"), s.textContent ?? ""])))

describe.each([
  ["annual-zh-CN", annual, "zh-CN"],
  ["annual-en", annual, "en"],
  ["monthly-zh-CN", monthly, "zh-CN"]
] as const)("%s", (name, doc: Document, locale) => {
  it("loads with nothing fetched, fits A4's width, carries its charts, and prints to PDF", async () => {
    const html = Html.document(doc, { locale })
    const { page, requests, errors } = await open(html)
    try {
      await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true })
      expect(requests).toEqual([])
      expect(errors).toEqual([])
      expect(await page.textContent("h1")).toBe(Labels.label("heading", locale, { organization: doc.organization, kind: Labels.label(doc.kind, locale), period: doc.period }))
      // Printed, nothing is wider than the page.
      await page.emulateMedia({ media: "print" })
      expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(a4Width)

      const charts = await chartsOn(page)
      const keys = Object.keys(charts)
      if (doc === annual) {
        expect(keys).toEqual(expect.arrayContaining(["activities.byKind", "mediation.byCategory", "mediation.byLevel", "mediation.byResolution"]))
        // The share of cases by the level that resolved them names its levels and its measure.
        expect(charts["mediation.byLevel"]).toContain(Labels.label("col.cases", locale))
        expect(charts["mediation.byLevel"]).toContain(Labels.label("level.community", locale))
        expect(await page.locator("[data-fact='header.contentHash']").textContent()).toBe("ab".repeat(32))
        // The chair's narrative: the overview first, a section's remarks above its tables.
        expect(await page.locator("[data-section='overview'] p").textContent()).toBe(narrative[0]!.text)
        expect(await page.locator("[data-section='mediation'] p").textContent()).toBe(narrative[1]!.text)
      } else {
        expect(keys).toEqual(expect.arrayContaining(["cases.byCategory", "activities.byKind"]))
        expect(charts["cases.byCategory"]).toContain(Labels.label("category.domestic-violence", locale))
      }
      // Each chart sits beside the table it draws.
      for (const key of keys) expect(await page.locator(`[data-table="${key}"]`).count()).toBe(1)
    } finally {
      await page.close()
    }
    const pdf = await Effect.runPromise(Pdf.fromHtml(html))
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe("%PDF-")
    expect(pdf.length).toBeGreaterThan(20_000)
  })
})

it("draws a monthly series and a plan beside its result as lines and bars, their series named", async () => {
  const doc: Document = {
    kind: "kind.annual",
    organization: "Hexi",
    period: "2025",
    header: [{ label: "header.organization", value: "Hexi" }],
    sections: [{
      key: "activities",
      title: "section.activities",
      tables: [
        {
          key: "activities.byMonth",
          item: "col.item",
          columns: ["col.count", "col.participants"],
          rows: Array.from({ length: 12 }, (_, i) => ({ item: `2025-${String(i + 1).padStart(2, "0")}`, values: [(i * 7) % 5 + 1, 40 + ((i * 13) % 9) * 10] }))
        },
        { key: "plan.results", kind: "targets", item: "col.target", columns: ["col.planned", "col.actual"], rows: [{ item: { label: "metric.activities" }, values: [30, 41] }, { item: { label: "metric.screened" }, values: [800, 817] }] }
      ]
    }]
  }
  const { page, errors } = await open(Html.document(doc, { locale: "en" }))
  try {
    await page.screenshot({ path: join(artifacts, "series-and-bars.png"), fullPage: true })
    expect(errors).toEqual([])
    const charts = await chartsOn(page)
    expect(charts["activities.byMonth"]).toContain("Participants")
    expect(charts["activities.byMonth"]).toContain("2025-12")
    expect(charts["plan.results"]).toContain("Planned")
    expect(charts["plan.results"]).toContain("Actual")
    expect(await page.locator("svg[data-chart='activities.byMonth'] path").count()).toBeGreaterThan(2)
  } finally {
    await page.close()
  }
})
