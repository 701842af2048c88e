/**
 * A street federation (街道妇联) and its first committee, elected today, as lines for `fulian
 * exec`: the cadre who registers it sits on it as its chair, so that her role is backed by the
 * records whenever a test runs.
 */

/** Today's local date in the federation's time zone. */
export const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date())

/** The cadre who registers the street and chairs its committee. */
export const cadre = { person: "zhou", role: "upper-cadre", organization: "s1" } as const

/** The top organization, a street. */
export const street = { _tag: "RegisterOrganization", actor: cadre, organizationId: "s1", name: "北山街道妇联", level: "street" }

/** The street's first committee, by the cadre who registered it and sits on it. */
export const streetCommittee = {
  _tag: "ElectExecutiveCommittee",
  actor: cadre,
  termId: "s1-1",
  organizationId: "s1",
  congressSession: "北山街道第一届妇女代表大会第一次会议",
  electedOn: today,
  startsOn: today,
  residentsCommitteeElectedOn: today,
  members: [{ personId: "zhou", name: "周红", position: "chair" }]
}
