/**
 * `fulian ledgers --lang`: the ledgers' text in Chinese (`zh`, the cadres' language: headings,
 * columns, findings, flags and kinds, with no English flag name left) or in English (`en`),
 * over the demo year; without `--lang`, the bilingual text it has always printed; and
 * `--format json` the same whatever the language.
 */
import * as path from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { fulian, tempDir } from "./support/Run.ts"

/** Every string in a JSON value: the records' own ids, names and codes. */
const stringsOf = (value: unknown): ReadonlyArray<string> =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
    ? value.flatMap(stringsOf)
    : typeof value === "object" && value !== null
    ? Object.values(value).flatMap(stringsOf)
    : []

/** Every flag a ledger row carries, from the rows as JSON (`flags` of any row). */
const flagsOf = (value: unknown): ReadonlyArray<string> =>
  Array.isArray(value)
    ? value.flatMap(flagsOf)
    : typeof value === "object" && value !== null
    ? Object.entries(value).flatMap(([key, v]) => (key === "flags" ? (v as ReadonlyArray<string>) : flagsOf(v)))
    : []

/** A text without the given strings (longest first, so an id is not cut by a shorter one). */
const without = (text: string, strings: Iterable<string>): string =>
  [...new Set(strings)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length).reduce((t, s) => t.replaceAll(s, " "), text)

const han = /\p{Script=Han}/u

describe("fulian ledgers --lang", () => {
  const dir = tempDir()
  // The district's auditor reads the whole district, with a purpose: every ledger has rows.
  const store = ["--store", `sqlite:${path.join(dir, "demo.db")}`, "--as", "sun-li:auditor@binhai", "--purpose", "测试"]
  const asOf = ["--as-of", "2025-12-31"]
  let data: ReadonlyArray<string> = []
  let flags: ReadonlyArray<string> = []
  let json = ""

  beforeAll(async () => {
    const seeded = await fulian(["demo", ...store])
    expect(seeded.code, seeded.stderr).toBe(0)
    const ran = await fulian(["ledgers", "--format", "json", ...asOf, ...store])
    expect(ran.code).toBe(0)
    json = ran.stdout
    data = [...stringsOf(JSON.parse(json)), "sun-li", "binhai", "Asia/Shanghai"]
    flags = [...new Set(flagsOf(JSON.parse(json)))]
  }, 60_000)

  it("writes the ledgers in Chinese with --lang zh, and no English flag name in them", async () => {
    const ran = await fulian(["ledgers", "--lang", "zh", ...asOf, ...store])
    expect(ran.code, ran.stderr).toBe(0)
    const text = ran.stdout
    for (const heading of ["阵地台帐", "联系户台帐", "案件台帐", "活动台帐", "换届台帐", "评比表彰台帐", "会议台帐", "学习培训台帐", "工作计划台帐", "巾帼志愿者台帐", "调解员台帐", "考核评比台帐"]) {
      expect(text).toContain(`\n${heading}\n`)
    }
    // The demo year raises these flags, each named in Chinese; the reports' words for the same things.
    expect(flags).toEqual(expect.arrayContaining(["entered-late", "filing-overdue", "not-synchronized", "election-due-soon", "month-without-meeting", "quarter-without-plenary", "year-without-congress", "decision-overdue", "under-target"]))
    for (const flag of [...flags, "recheck-due", "households-never-visited", "election-overdue"]) expect(text).not.toContain(flag)
    expect(text).toMatch(/fenglin-2025 +2025-02-21 +2028-02-21 +2025-03-03 +5 +未与居委会同步换届、补录/)
    expect(text).toMatch(/binhai-2023 +2023-02-15 +2026-02-15 +— +2 +备案逾期、即将换届、补录/)
    expect(text).toMatch(/节日活动 +12 +1155 +1020/)
    expect(text).toContain("  组织       月例会  季度全委会  妇女代表大会")
    expect(text).toContain("补录（发生后超过 7 天才录入）：liuan（15）")
    expect(text).toContain("阅读人：sun-li（审计员，binhai）")
    // Nothing in English but the records' own ids and names, the time zone and the command that explains a revocation.
    const english = without(text, [...data, "fulian history campaign-"]).match(/[A-Za-z]+/g) ?? []
    expect(english).toEqual([])
  })

  it("writes them in English with --lang en, and no Chinese but the records' own names", async () => {
    const ran = await fulian(["ledgers", "--lang", "en", ...asOf, ...store])
    expect(ran.code, ran.stderr).toBe(0)
    const text = ran.stdout
    for (const heading of ["Places", "Household contact", "Cases", "Activities", "Terms", "Awards", "Meetings", "Study and training", "Work plans", "Volunteers", "Mediators", "Assessments"]) {
      expect(text).toContain(`\n${heading}\n`)
    }
    expect(text).toMatch(/fenglin-2025 +2025-02-21 +2028-02-21 +2025-03-03 +5 +not synchronized, entered late/)
    expect(text).toMatch(/Festival events +12 +1155 +1020/)
    expect(text).toContain("entered late (more than 7 days after it happened): liuan (15)")
    expect(without(text, data)).not.toMatch(han)
  })

  it("takes zh-CN as report --lang writes it, and without --lang prints the bilingual text", async () => {
    const zh = await fulian(["ledgers", "--lang", "zh", ...asOf, ...store])
    expect((await fulian(["ledgers", "--lang", "zh-CN", ...asOf, ...store])).stdout).toBe(zh.stdout)
    const bilingual = (await fulian(["ledgers", ...asOf, ...store])).stdout
    expect(bilingual).toContain("台帐 Ledgers, as the facts stood on 2025-12-31 (Asia/Shanghai)")
    expect(bilingual).toContain("\n联系户台帐 Household contact\n")
    expect(bilingual).toContain("补录 entered more than 7 days after it happened: liuan (15)")
    expect(bilingual).toMatch(/fenglin-2025 +2025-02-21 +2028-02-21 +2025-03-03 +5 +not-synchronized, entered-late/)
    expect(bilingual).toMatch(/festival +12 +1155 +1020/)
    const wrong = await fulian(["ledgers", "--lang", "fr", ...asOf, ...store])
    expect(wrong.code).toBe(2)
  })

  it("prints the same JSON whatever the language", async () => {
    for (const lang of ["zh", "en"]) {
      expect((await fulian(["ledgers", "--format", "json", "--lang", lang, ...asOf, ...store])).stdout).toBe(json)
    }
  })
})
