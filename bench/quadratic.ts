/**
 * `tsx bench/quadratic.ts [n]`: the checks of the command path that once grew with the square
 * of a list's length, timed on a list of n (default 80,000) — far beyond what a command may
 * carry (`Input.List`), so they are called here directly, past the decoder:
 *
 * - `Term.decide` of an election of n members (the DuplicateMember check);
 * - `Assessment.rankingOf` of n assessees with distinct totals (the ranking of ConcludeAssessment);
 * - `Domain.decodeCommand` of that election, refused for its length before its members are read.
 */
import { Effect } from "effect"
import * as Assessment from "@fulian/core/Assessment"
import * as Domain from "@fulian/core/Domain"
import * as Policy from "@fulian/core/Policy"
import * as Term from "@fulian/core/Term"

const n = Number(process.argv[2] ?? 80_000)
const time = <A>(label: string, f: () => A): A => {
  const start = performance.now()
  const result = f()
  console.log(`${label}: ${(performance.now() - start).toFixed(1)} ms`)
  return result
}

const members = Array.from({ length: n }, (_, i) => ({ personId: `p${i}`, name: `member ${i}`, position: i === 0 ? "chair" as const : "member" as const }))
const election = {
  _tag: "ElectExecutiveCommittee" as const,
  actor: { person: "zhou", role: "upper-cadre" as const, organization: "s1" },
  termId: "t1",
  organizationId: "c1",
  congressSession: "第一届妇女代表大会",
  electedOn: "2026-01-10",
  startsOn: "2026-01-10",
  residentsCommitteeElectedOn: "2026-01-10",
  members
}
const community = { registered: true, organizationId: "c1", name: "青波社区妇联", level: "community", parentId: "s1" } as const

const decided = time(`Term.decide, an election of ${n} members`, () =>
  Effect.runSync(Effect.result(Term.decide(election, Term.aggregate.initial, community, Policy.defaults))))
console.log(`  ${decided._tag}`)
time(`Assessment.rankingOf, ${n} assessees`, () => Assessment.rankingOf(new Map(members.map((m, i) => [m.personId, i]))))
const refused = time(`Domain.decodeCommand, an election of ${n} members`, () =>
  Effect.runSync(Effect.flip(Domain.decodeCommand(election))))
console.log(`  ${JSON.stringify(refused.problems)}`)
