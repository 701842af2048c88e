/**
 * A world of organizations, committees, rosters and records for the authority tests: who may
 * give which command, and who may read what (DOMAIN.md §10).
 */
import * as Assessment from "../../src/Assessment.ts"
import * as Audit from "../../src/Audit.ts"
import * as Award from "../../src/Award.ts"
import * as Case from "../../src/Case.ts"
import type * as Domain from "../../src/Domain.ts"
import * as Household from "../../src/Household.ts"
import * as Mediation from "../../src/Mediation.ts"
import * as Meeting from "../../src/Meeting.ts"
import * as Organization from "../../src/Organization.ts"
import * as Representation from "../../src/Representation.ts"
import * as Term from "../../src/Term.ts"
import * as Volunteer from "../../src/Volunteer.ts"
import type { Given } from "./Spec.ts"

// ---------------------------------------------------------------------------------------------
// The world: d1 > s1, s2; s1 > c1, c2; s2 > c3; c1 > b1. Every organization but b1 has a
// committee in office (chair@X, vice-chair@X, executive-member@X, and upper-cadre@X, a member
// who acts below it as its cadre); every community households, a representative
// (representative@X, linked to X-h1) and a second one (r2@X); every organization a volunteer
// (volunteer@X), a mediator (mediator@X) and an auditor (auditor@X). c1 holds a case, runs a campaign and a meeting; s1
// assesses c1 and c2.
// ---------------------------------------------------------------------------------------------

export const parents: Readonly<Record<string, string | undefined>> = { d1: undefined, s1: "d1", s2: "d1", c1: "s1", c2: "s1", c3: "s2", b1: "c1" }
export const levels: Readonly<Record<string, Organization.Level>> = { d1: "district", s1: "street", s2: "street", c1: "community", c2: "community", c3: "community", b1: "building" }
export const organizations = Object.keys(parents)
export const communities = ["c1", "c2", "c3"]
export const since = "2020-01-01"
export const criteria = [{ criterionId: "k", name: "Criterion", maxScore: 10 }]

/** Events of one stream. */
export const on = (aggregate: { readonly category: string }, id: string, ...events: ReadonlyArray<Domain.Event>): Given =>
  ({ stream: `${aggregate.category}-${id}`, events })

export const world: ReadonlyArray<Given> = [
  ...organizations.map((id) =>
    on(Organization.aggregate, id, Organization.OrganizationRegistered.make({ organizationId: id, name: id, level: levels[id]!, ...(parents[id] ? { parentId: parents[id] } : {}) }))),
  on(Organization.deployment, Organization.deploymentId, Organization.TopOrganizationRegistered.make({ organizationId: "d1" })),
  ...organizations.filter((id) => id !== "b1").map((id) =>
    on(Term.aggregate, id, Term.ExecutiveCommitteeElected.make({
      termId: `${id}-t`,
      organizationId: id,
      congressSession: "congress",
      electedOn: since,
      startsOn: since,
      endsOn: "2999-12-31",
      residentsCommitteeElectedOn: since,
      members: [
        { personId: `chair@${id}`, name: "主席", position: "chair" },
        { personId: `vice-chair@${id}`, name: "副主席", position: "vice-chair" },
        { personId: `executive-member@${id}`, name: "执委", position: "member" },
        { personId: `upper-cadre@${id}`, name: "干部", position: "member" }
      ]
    }))),
  ...organizations.map((id) =>
    on(Audit.aggregate, id, Audit.AuditorAppointed.make({ organizationId: id, auditorId: `auditor@${id}`, name: "审计员", appointedOn: since }))),
  ...organizations.map((id) =>
    on(Mediation.aggregate, id, Mediation.MediatorAppointed.make({ organizationId: id, mediatorId: `mediator@${id}`, name: "调解员", appointedOn: since }))),
  ...communities.flatMap((c) => [
    ...[1, 2, 3].map((n) =>
      on(Household.aggregate, `${c}-h${n}`, Household.HouseholdRegistered.make({ householdId: `${c}-h${n}`, organizationId: c, headName: "户主", address: "地址", circumstances: ["low-income"] }))),
    on(Representation.aggregate, c,
      Representation.RepresentativeElected.make({ organizationId: c, representativeId: `representative@${c}`, name: "代表", congressSession: "congress", electedOn: since }),
      Representation.RepresentativeElected.make({ organizationId: c, representativeId: `r2@${c}`, name: "代表二", congressSession: "congress", electedOn: since }),
      Representation.HouseholdLinked.make({ organizationId: c, representativeId: `representative@${c}`, householdId: `${c}-h1`, on: since }))
  ]),
  ...organizations.map((id) =>
    on(Volunteer.aggregate, id, Volunteer.VolunteerJoined.make({ organizationId: id, volunteerId: `volunteer@${id}`, name: "志愿者", consentGivenOn: since }))),
  on(Case.aggregate, "k1", Case.CaseRegistered.make({
    caseId: "k1",
    organizationId: "c1",
    level: "community",
    receivedAt: "2026-05-30T09:00:00.000+08:00",
    registeredAt: "2026-05-30T10:00:00.000+08:00",
    channel: "visit",
    category: "ordinary-dispute",
    sudden: false,
    typicalInfringement: false,
    householdIds: ["c1-h1"],
    parties: [{ partyId: "p1", name: "当事人" }],
    narrative: "邻里纠纷"
  })),
  on(Award.aggregate, "aw1",
    Award.AwardCampaignOpened.make({ campaignId: "aw1", organizationId: "c1", year: 2026, title: "五好文明家庭", criteria, threshold: 5 }),
    Award.HouseholdNominated.make({ campaignId: "aw1", householdId: "c1-h2" })),
  on(Meeting.aggregate, "m1", Meeting.MeetingScheduled.make({ meetingId: "m1", organizationId: "c1", kind: "monthly", date: "2026-05-30", topic: "学习" })),
  on(Assessment.aggregate, "as1", Assessment.AssessmentOpened.make({ assessmentId: "as1", organizationId: "s1", period: "half-year", year: 2026, criteria, assessees: ["c1", "c2"] }))
]
