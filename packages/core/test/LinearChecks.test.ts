/**
 * The checks of the command path take time in proportion to their lists, not to the square of
 * them: an election's members checked for duplicates, an assessment's ranking. Called here
 * directly, past the decoder, with lists far longer than a command may carry (`Input.List`);
 * before, 80,000 members took 8 s and a ranking of 80,000 took 8 s (`tsx bench/quadratic.ts`).
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Assessment from "../src/Assessment.ts"
import * as Policy from "../src/Policy.ts"
import * as Term from "../src/Term.ts"

const n = 80_000

const election = (members: ReadonlyArray<Term.Member>): Term.Command => ({
  _tag: "ElectExecutiveCommittee",
  actor: { person: "zhou", role: "upper-cadre", organization: "s1" },
  termId: "t1",
  organizationId: "c1",
  congressSession: "第一届妇女代表大会",
  electedOn: "2026-01-10",
  startsOn: "2026-01-10",
  residentsCommitteeElectedOn: "2026-01-10",
  members
})
const community = { registered: true, organizationId: "c1", name: "青波社区妇联", level: "community", parentId: "s1" } as const

const timed = <A>(f: () => A): { readonly result: A; readonly ms: number } => {
  const start = performance.now()
  const result = f()
  return { result, ms: performance.now() - start }
}

describe("checks linear in their lists", () => {
  it(`finds the one member listed twice among ${n} in well under a second`, () => {
    const members = Array.from({ length: n }, (_, i): Term.Member => ({ personId: `p${i}`, name: `member ${i}`, position: i === 0 ? "chair" : "member" }))
    const { result, ms } = timed(() =>
      Effect.runSync(Effect.flip(Term.decide(election([...members, members[n - 1]!]), Term.aggregate.initial, community, Policy.defaults))))
    expect(result).toMatchObject({ _tag: "TermRejected", reason: "DuplicateMember", detail: `p${n - 1} is listed twice among the elected members` })
    expect(ms).toBeLessThan(1_000)
  })

  it(`ranks ${n} assessees in well under a second, equal totals sharing a rank`, () => {
    const { result, ms } = timed(() => Assessment.rankingOf(new Map(Array.from({ length: n }, (_, i) => [`o${i}`, i % 2 === 0 ? i : i - 1]))))
    expect(ms).toBeLessThan(1_000)
    expect(result.slice(0, 3).map((r) => [r.total, r.rank])).toEqual([[n - 2, 1], [n - 2, 1], [n - 4, 3]])
    expect(Assessment.rankingOf(new Map([["a", 90], ["b", 95], ["c", 90], ["d", 80]])).map((r) => [r.organizationId, r.rank])).toEqual([
      ["b", 1],
      ["a", 2],
      ["c", 2],
      ["d", 4]
    ])
  })
})
