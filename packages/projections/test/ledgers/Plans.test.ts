import { describe, it } from "vitest"
import * as Policy from "@fulian/core/Policy"
import * as WorkPlan from "@fulian/core/WorkPlan"
import * as Plans from "../../src/ledgers/Plans.ts"
import { given, on } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults

const adopted = (organizationId: string, year: number, meetingId: string, adoptedOn: string, targets: ReadonlyArray<WorkPlan.TargetRecord>, amends?: string) =>
  on(WorkPlan.aggregate, organizationId, [
    WorkPlan.WorkPlanAdopted.make({ organizationId, year, meetingId, adoptedOn, targets, ...(amends ? { amends } : {}) })
  ], { at: `${adoptedOn}T17:00:00+08:00`, actor: { person: "p1", role: "chair", organization: organizationId } })

const plan2026 = [
  { targetId: "legal", measure: "legal-lectures", comparator: "at-least", value: 4, text: "全年开展法制讲座4场" },
  { targetId: "home", text: "建好用好妇女之家" }
] as const

const expected = [
  { organizationId: "s1", level: "street" },
  { organizationId: "c1", level: "community" },
  { organizationId: "c2", level: "community" },
  { organizationId: "b1", level: "building" }
] as const

const world = [
  adopted("c1", 2026, "c1-cg-2026", "2026-01-16", plan2026),
  adopted("c1", 2027, "c1-cg-2026-12", "2026-12-20", [{ targetId: "legal", measure: "legal-lectures", comparator: "at-least", value: 5 }]),
  adopted("s1", 2026, "s1-cg-2025-12", "2025-12-28", [{ targetId: "rate", measure: "mediation-success-rate", comparator: "at-least", value: 90 }])
]

describe("the plans ledger (工作计划台帐)", () => {
  it("lists each organization's plan for the year with its targets, measured or free text", () => {
    given(Plans.projection, ...world).then((s) => Plans.rows(s, { asOf: "2026-03-01", policy }), {
      year: 2026,
      plans: [
        {
          organizationId: "c1",
          year: 2026,
          meetingId: "c1-cg-2026",
          adoptedOn: "2026-01-16",
          amended: [],
          targets: [
            { kind: "measured", targetId: "legal", measure: "legal-lectures", comparator: "at-least", value: 4, text: "全年开展法制讲座4场" },
            { kind: "text", targetId: "home", text: "建好用好妇女之家" }
          ]
        },
        {
          organizationId: "s1",
          year: 2026,
          meetingId: "s1-cg-2025-12",
          adoptedOn: "2025-12-28",
          amended: [],
          targets: [{ kind: "measured", targetId: "rate", measure: "mediation-success-rate", comparator: "at-least", value: 90 }]
        }
      ],
      withoutPlan: []
    })
  })

  it("shows the targets of the latest adoption, and the adoptions it amended", () => {
    const amendment = adopted("c1", 2026, "c1-cg-2026-06", "2026-06-20", [{ targetId: "legal", measure: "legal-lectures", comparator: "at-least", value: 6 }], "c1-cg-2026")
    const c1 = (asOf: string) => (s: Plans.State) => {
      const plan = Plans.rows(s, { asOf, policy }).plans.find((p) => p.organizationId === "c1")!
      return [plan.meetingId, plan.amended, plan.targets.map((t) => (t.kind === "measured" ? t.value : t.text))]
    }
    given(Plans.projection, ...world, amendment)
      .then(c1("2026-06-30"), ["c1-cg-2026-06", [{ meetingId: "c1-cg-2026", adoptedOn: "2026-01-16" }], [6]])
      // As the facts stood before the amendment's congress, the first plan was in force.
      .then(c1("2026-06-19"), ["c1-cg-2026", [], [4, "建好用好妇女之家"]])
  })

  it("lists the organizations above the building level without a plan for the year, once it has begun", () => {
    const spec = given(Plans.projection, ...world)
    spec.then((s) => Plans.rows(s, { asOf: "2026-03-01", policy, organizations: expected }).withoutPlan, ["c2"])
    spec.then((s) => Plans.rows(s, { asOf: "2026-03-01", policy, year: 2027, organizations: expected }).withoutPlan, [])
    spec.then((s) => Plans.rows(s, { asOf: "2027-01-01", policy, organizations: expected }), {
      year: 2027,
      plans: [{
        organizationId: "c1",
        year: 2027,
        meetingId: "c1-cg-2026-12",
        adoptedOn: "2026-12-20",
        amended: [],
        targets: [{ kind: "measured", targetId: "legal", measure: "legal-lectures", comparator: "at-least", value: 5 }]
      }],
      withoutPlan: ["c2", "s1"]
    })
  })

  it("draws one organization's plans", () => {
    given(Plans.projection, ...world).then((s) => {
      const rows = Plans.rows(s, { asOf: "2026-03-01", policy, within: { organizationId: "c2", ids: new Set(["c2"]) }, organizations: expected })
      return [rows.plans.length, rows.withoutPlan]
    }, [0, ["c2"]])
  })
})
