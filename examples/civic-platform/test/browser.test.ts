/**
 * The household register page in Debian's Chromium (playwright-core): the form is generated
 * from the JSON Schema, a household registered through it appears in the register, the
 * ledger's count follows the live event feed (a household registered by someone else shows up
 * without a reload), and an invalid submission shows the field's problem.
 *
 * Each field is captioned with its title from the schema, in Chinese and English.
 *
 * Screenshots are saved under `examples/civic-platform/test-artifacts/` (gitignored), which the
 * test creates.
 */
import { mkdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { chromium, type Browser } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import { start, type Started } from "../src/main.ts"

const artifacts = join(dirname(fileURLToPath(import.meta.url)), "..", "test-artifacts")

let platform: Started
let browser: Browser
beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  platform = await start()
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] })
})
afterAll(async () => {
  await browser?.close()
  await platform?.close()
})

it("registers a household through the generated form and follows the ledger live", async () => {
  const page = await browser.newPage()
  const pageErrors: Array<string> = []
  page.on("pageerror", (error) => pageErrors.push(error.message))
  await page.goto(`${platform.url}/?as=sun-yan:chair@hexi`)
  await page.waitForSelector("form[data-ready=true]")
  await page.waitForSelector("body[data-feed=open]")

  // The form is the schema's: its title, a field per property, a multiple select for the array of enums.
  expect(await page.textContent("#legend")).toBe("登记家庭户 / Register a household")
  expect(await page.locator("#fields label").allTextContents()).toEqual(expect.arrayContaining(["householdId *", "headName *", "address *", "circumstances *", "occurredAt"]))
  expect(await page.locator("select[name=circumstances] option").allTextContents()).toEqual(["low-income", "empty-nest-elderly", "left-behind-children", "disability", "single-parent"])
  expect(await page.inputValue("[name=organizationId]")).toBe("hexi")
  await expect.poll(() => page.textContent("#count")).toBe("0")

  await page.fill("[name=householdId]", "page-h1")
  await page.fill("[name=headName]", "王芳")
  await page.fill("[name=address]", "青波巷 3-201")
  await page.selectOption("[name=circumstances]", ["empty-nest-elderly", "low-income"])
  await page.screenshot({ path: join(artifacts, "1-filled.png"), fullPage: true })
  await page.click("button[type=submit]")
  await page.waitForSelector('li[data-household-id="page-h1"]')
  expect(await page.textContent('li[data-household-id="page-h1"]')).toContain("王芳 — 青波巷 3-201")
  await expect.poll(() => page.textContent("#count")).toBe("1")
  await page.screenshot({ path: join(artifacts, "2-registered.png"), fullPage: true })

  // Someone else registers a household: the page learns it from the feed, not from a reload.
  const feedEvents = Number(await page.getAttribute("body", "data-feed-events") ?? 0)
  await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true))
  const response = await fetch(`${platform.url}/commands`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-fulian-actor": "sun-yan:chair@hexi" },
    body: JSON.stringify({ _tag: "RegisterHousehold", householdId: "api-h9", organizationId: "hexi", headName: "刘桂兰", address: "河西路12号", circumstances: [] })
  })
  expect(response.status).toBe(200)
  await expect.poll(() => page.textContent("#count")).toBe("2")
  await page.waitForSelector('li[data-household-id="api-h9"]')
  expect(Number(await page.getAttribute("body", "data-feed-events"))).toBeGreaterThan(feedEvents)
  expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
  await page.screenshot({ path: join(artifacts, "3-live-count.png"), fullPage: true })

  // An invalid submission: the field's problem is shown beside it, and nothing is registered.
  await page.fill("[name=householdId]", "page-h2")
  await page.fill("[name=headName]", "   ")
  await page.fill("[name=address]", "青波巷 5-101")
  await page.click("button[type=submit]")
  await page.waitForSelector('[data-error-for="headName"]:not(:empty)')
  expect(await page.textContent('[data-error-for="headName"]')).toBe("must not be blank")
  expect(await page.textContent('[data-error-for="address"]')).toBe("")
  expect(await page.textContent("#status")).toMatch(/^InvalidCommand/)
  await page.screenshot({ path: join(artifacts, "4-invalid.png"), fullPage: true })
  expect(await page.locator('li[data-household-id="page-h2"]').count()).toBe(0)
  expect(await page.textContent("#count")).toBe("2")

  expect(pageErrors).toEqual([])
  await page.close()
})

it("captions each field of the generated form with its title from the schema, in Chinese and English", async () => {
  const page = await browser.newPage()
  await page.goto(`${platform.url}/?as=sun-yan:chair@hexi`)
  await page.waitForSelector("form[data-ready=true]")
  expect(await page.textContent('[data-caption-for="headName"]')).toBe("户主姓名 / Head of household's name")
  expect(await page.textContent('[data-caption-for="address"]')).toBe("家庭住址 / Household's address")
  expect(await page.textContent('[data-caption-for="circumstances"]')).toBe("家庭情况 / Circumstances")
  // The caption and the field's name together name the input, for a screen reader too.
  expect(await page.getAttribute("[name=headName]", "aria-labelledby")).toBe("caption-headName label-headName")
  await page.screenshot({ path: join(artifacts, "5-captions.png"), fullPage: true })
  await page.close()
})
