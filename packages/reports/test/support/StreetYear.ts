/**
 * A street federation's year, after seed 003 (戚家山街道妇联 2023年工作总结), as events: the five
 * themed months of activities, 817 women given the free 两癌 screening and 4200 the 三查, eight
 * health lectures, three legal lectures, five 母亲讲堂 lectures reaching 400 mothers; the
 * mediation society's fifteen disputes settled; volunteers paired with five empty-nest
 * households; 2166 yuan raised for women in difficulty and over ten thousand for a sick pupil,
 * 500 yuan each to two orphans; the 十佳好婆媳; the community elections; the monthly meetings.
 *
 * Around it, what a report must leave out: another street, the year before, and a case handed
 * up to the district.
 */
import * as Activity from "@fulian/core/Activity"
import * as Award from "@fulian/core/Award"
import * as Case from "@fulian/core/Case"
import * as Meeting from "@fulian/core/Meeting"
import * as Organization from "@fulian/core/Organization"
import * as Representation from "@fulian/core/Representation"
import * as Term from "@fulian/core/Term"
import * as Volunteer from "@fulian/core/Volunteer"
import { caseRegistered, type Given, on } from "./Events.ts"

/** The communities of the street. */
export const communities = [
  { id: "c1", name: "东升社区" },
  { id: "c2", name: "蔚斗社区" },
  { id: "c3", name: "联合社区" },
  { id: "c4", name: "渡头村" },
  { id: "c5", name: "青峙村" }
] as const

const organizations: ReadonlyArray<Given> = [
  ...on(Organization.aggregate, "d1", Organization.OrganizationRegistered.make({ organizationId: "d1", name: "北仑区妇联", level: "district" })),
  ...on(Organization.aggregate, "s1", Organization.OrganizationRegistered.make({ organizationId: "s1", name: "戚家山街道妇联", level: "street", parentId: "d1" })),
  ...on(Organization.aggregate, "s2", Organization.OrganizationRegistered.make({ organizationId: "s2", name: "小港街道妇联", level: "street", parentId: "d1" })),
  ...communities.flatMap((c) =>
    on(Organization.aggregate, c.id, Organization.OrganizationRegistered.make({ organizationId: c.id, name: c.name, level: "community", parentId: "s1" }))),
  ...on(Organization.aggregate, "c6", Organization.OrganizationRegistered.make({ organizationId: "c6", name: "红联社区", level: "community", parentId: "s2" }))
]

let activityNo = 0
const activity = (
  organizationId: string,
  kind: Activity.ActivityKind,
  title: string,
  heldOn: string,
  participants: number,
  beneficiaries: number,
  theme?: string
): ReadonlyArray<Given> =>
  on(Activity.aggregate, organizationId, Activity.ActivityRecorded.make({
    organizationId,
    activityId: `a${++activityNo}`,
    kind,
    title,
    heldOn,
    participants,
    beneficiaries,
    ...(theme === undefined ? {} : { theme })
  }))

const activities: ReadonlyArray<Given> = [
  ...activity("s1", "festival", "庆祝三八妇女节文艺汇演", "2023-03-07", 500, 500, "魅力女性月"),
  ...activity("s1", "women-achievement", "我身边的魅力女性征文比赛", "2023-03-20", 60, 60, "魅力女性月"),
  ...activity("s1", "five-good-family", "爱·家庭主题摄影比赛", "2023-04-15", 120, 120, "欢乐家庭月"),
  ...activity("c1", "festival", "温馨母亲节插花送妈妈", "2023-05-12", 40, 40, "欢乐家庭月"),
  ...activity("s1", "other", "健康1+1亲子登山比赛", "2023-05-20", 200, 200, "欢乐家庭月"),
  ...activity("s1", "other", "假日学校主题活动", "2023-07-20", 150, 150, "七彩少儿月"),
  ...activity("s1", "health-screening", "两癌免费筛查", "2023-09-15", 817, 817, "健康关心月"),
  ...activity("s1", "health-screening", "三查服务", "2023-10-15", 4200, 4200, "健康关心月"),
  ...[1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) =>
    activity(communities[(n - 1) % 5]!.id, "health-lecture", "女性健康知识讲座", `2023-${String(n + 2).padStart(2, "0")}-18`, 30, 30)),
  ...[1, 2, 3].flatMap((n) => activity("s1", "legal-lecture", "妇女法制知识讲座", `2023-11-0${n}`, 50, 50, "法制宣传月")),
  ...[1, 2, 3, 4, 5].flatMap((n) => activity("s1", "skills-training", "戚家母亲讲堂", `2023-0${n + 3}-25`, 80, 80, "母亲素养工程")),
  ...activity("s1", "charity-drive", "健康同行·关爱女性募捐", "2023-06-01", 100, 0),
  // Not this street's year: the year before, and another street.
  ...activity("s1", "festival", "庆祝三八妇女节", "2022-03-08", 300, 300, "魅力女性月"),
  ...activity("s2", "festival", "庆祝三八妇女节", "2023-03-08", 250, 250, "魅力女性月")
]

const money: ReadonlyArray<Given> = [
  ...on(Activity.aggregate, "s1",
    Activity.DonationRecorded.make({ organizationId: "s1", donationId: "d1", amount: 2166, purpose: "健康同行·关爱女性救助专项资金", on: "2023-06-05", activityId: "a25" }),
    Activity.DonationRecorded.make({ organizationId: "s1", donationId: "d2", amount: 10350.5, purpose: "情暖白血病患儿共拥蓝天爱心募捐", on: "2023-08-20", donor: "社会各界" }),
    Activity.ReliefGiven.make({ organizationId: "s1", reliefId: "r1", amount: 500, purpose: "六一慰问孤儿", on: "2023-05-31", recipient: "孤儿甲" }),
    Activity.ReliefGiven.make({ organizationId: "s1", reliefId: "r2", amount: 500, purpose: "六一慰问孤儿", on: "2023-05-31", recipient: "孤儿乙" }),
    Activity.DonationRecorded.make({ organizationId: "s1", donationId: "d0", amount: 999, purpose: "上年募捐", on: "2022-12-31" }))
]

const at = (date: string, time = "09:00") => `${date}T${time}:00.000Z`
const party = { partyId: "p1", name: "当事人" } as const

/** An ordinary dispute registered at a community, mediated and settled there. */
const settledDispute = (n: number): ReadonlyArray<Given> => {
  const community = communities[n % 5]!.id
  const caseId = `k${n}`
  const month = String((n % 11) + 1).padStart(2, "0")
  const adjournedFirst = n % 7 === 0
  return on(Case.aggregate, caseId,
    caseRegistered({
      caseId,
      organizationId: community,
      level: "community",
      receivedAt: at(`2023-${month}-03`),
      registeredAt: at(`2023-${month}-03`, "15:00"),
      parties: [party],
      narrative: "邻里纠纷"
    }),
    ...(adjournedFirst
      ? [Case.MediationSessionHeld.make({ caseId, organizationId: community, heldOn: `2023-${month}-05`, mediators: ["大阿嫂"], outcome: "adjourned", notes: "择期再调" })]
      : []),
    Case.MediationSessionHeld.make({ caseId, organizationId: community, heldOn: `2023-${month}-10`, mediators: ["大阿嫂"], outcome: "agreement-reached", notes: "达成协议" }),
    Case.CaseResolved.make({ caseId, organizationId: community, resolvedOn: `2023-${month}-10`, resolution: "mediated-agreement" }),
    Case.FollowUpVisitRecorded.make({ caseId, visitedOn: `2023-${month}-20`, notes: "回访良好" }))
}

const cases: ReadonlyArray<Given> = [
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].flatMap(settledDispute),
  // A domestic-violence case, sudden: handed up to the street the same day, resolved there, substantiated.
  ...on(Case.aggregate, "k-dv",
    caseRegistered({
      caseId: "k-dv",
      organizationId: "c2",
      level: "community",
      receivedAt: at("2023-08-01"),
      registeredAt: at("2023-08-01", "10:00"),
      channel: "hotline",
      category: "domestic-violence",
      sudden: true,
      typicalInfringement: true,
      householdIds: ["h-dv"],
      parties: [party],
      narrative: "家暴求助"
    }),
    Case.CaseEscalated.make({ caseId: "k-dv", from: "c2", to: "s1", toLevel: "street", escalatedAt: at("2023-08-01", "12:00"), basis: "sudden-or-typical" }),
    Case.CaseResolved.make({ caseId: "k-dv", organizationId: "s1", resolvedOn: "2023-08-15", resolution: "referred-to-police", substantiated: true })),
  // A rights case the street could not settle: handed up to the district, resolved there.
  ...on(Case.aggregate, "k-up",
    caseRegistered({
      caseId: "k-up",
      organizationId: "s1",
      level: "street",
      receivedAt: at("2023-09-04"),
      channel: "letter",
      category: "rights-infringement",
      parties: [party],
      narrative: "劳动权益"
    }),
    Case.CaseEscalated.make({ caseId: "k-up", from: "s1", to: "d1", toLevel: "district", escalatedAt: at("2023-09-20"), basis: "stated-reason", reason: "涉及多部门" }),
    Case.CaseResolved.make({ caseId: "k-up", organizationId: "d1", resolvedOn: "2023-10-30", resolution: "referred-to-department", substantiated: false })),
  // Registered in late December, still open at the year's end, resolved in January.
  ...on(Case.aggregate, "k-open",
    caseRegistered({
      caseId: "k-open",
      organizationId: "c3",
      level: "community",
      receivedAt: at("2023-12-20"),
      channel: "found-in-household-visit",
      category: "other",
      parties: [party],
      narrative: "求助"
    }),
    Case.CaseResolved.make({ caseId: "k-open", organizationId: "c3", resolvedOn: "2024-01-08", resolution: "assisted" })),
  // Another street's case.
  ...on(Case.aggregate, "k-s2", caseRegistered({ caseId: "k-s2", organizationId: "c6", level: "community", receivedAt: at("2023-05-04"), parties: [party] }))
]

const volunteers: ReadonlyArray<Given> = on(Volunteer.aggregate, "s1",
  ...[1, 2, 3, 4, 5, 6].map((n) => Volunteer.VolunteerJoined.make({ organizationId: "s1", volunteerId: `v${n}`, name: `志愿者${n}`, consentGivenOn: "2023-02-01" })),
  ...[1, 2, 3, 4, 5, 6].map((n) => Volunteer.VolunteerPaired.make({ organizationId: "s1", volunteerId: `v${n}`, householdId: `h${n}`, pairedOn: "2023-02-10" })),
  ...[1, 2, 3, 4, 5].map((n) =>
    Volunteer.VolunteerServiceLogged.make({ organizationId: "s1", volunteerId: `v${n}`, householdId: `h${n}`, on: "2023-03-01", hours: 2.5, description: "清扫卫生、添购生活用品" })),
  Volunteer.VolunteerLeft.make({ organizationId: "s1", volunteerId: "v6", leftOn: "2023-11-30" }))

const tenBest = Award.AwardCampaignOpened.make({
  campaignId: "tb-2023",
  organizationId: "s1",
  year: 2023,
  title: "十佳好婆媳",
  criteria: [{ criterionId: "c", name: "孝老爱亲", maxScore: 100 }],
  threshold: 80
})
const fiveGood2022 = Award.AwardCampaignOpened.make({
  campaignId: "fg-2022",
  organizationId: "c1",
  year: 2022,
  title: "五好文明家庭",
  criteria: [{ criterionId: "c", name: "五好", maxScore: 100 }],
  threshold: 80
})

const awards: ReadonlyArray<Given> = [
  ...on(Award.aggregate, "fg-2022",
    fiveGood2022,
    Award.HouseholdNominated.make({ campaignId: "fg-2022", householdId: "h11" }),
    Award.HouseholdNominated.make({ campaignId: "fg-2022", householdId: "h12" }),
    Award.AwardConferred.make({ campaignId: "fg-2022", householdId: "h11", total: 90, conferredOn: "2022-12-20" }),
    Award.AwardConferred.make({ campaignId: "fg-2022", householdId: "h12", total: 85, conferredOn: "2022-12-20" }),
    Award.AwardRechecked.make({ campaignId: "fg-2022", householdId: "h11", outcome: "confirmed", recheckedOn: "2023-12-10" }),
    Award.AwardRechecked.make({ campaignId: "fg-2022", householdId: "h12", outcome: "revoked", recheckedOn: "2023-12-10" })),
  ...on(Award.aggregate, "tb-2023",
    tenBest,
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((n) => [
      Award.HouseholdNominated.make({ campaignId: "tb-2023", householdId: `t${n}` }),
      Award.AwardConferred.make({ campaignId: "tb-2023", householdId: `t${n}`, total: 90, conferredOn: "2023-05-10" })
    ]))
]

const elections: ReadonlyArray<Given> = [
  // The street's own committee, elected before the year and in office through it: its chair
  // sends the street's reports up (the records back her role).
  ...on(Term.aggregate, "s1",
    Term.ExecutiveCommitteeElected.make({
      termId: "s1-t2021",
      organizationId: "s1",
      congressSession: "s1-2021",
      electedOn: "2021-04-01",
      startsOn: "2021-04-01",
      endsOn: "2024-04-01",
      residentsCommitteeElectedOn: "2021-04-01",
      members: [{ personId: "chair-s1", name: "街道主席", position: "chair" }]
    }),
    Term.ElectionFiled.make({ termId: "s1-t2021", filedOn: "2021-04-10", filedWith: "d1" })),
  ...communities.flatMap((c, i) =>
    on(Term.aggregate, c.id,
      Term.ExecutiveCommitteeElected.make({
        termId: `${c.id}-t2023`,
        organizationId: c.id,
        congressSession: `${c.id}-2023`,
        electedOn: "2023-06-18",
        startsOn: "2023-06-18",
        endsOn: "2026-06-18",
        residentsCommitteeElectedOn: "2023-06-10",
        members: [1, 2, 3, 4, 5].map((m) => ({ personId: `${c.id}-m${m}`, name: `执委${m}`, position: m === 1 ? "chair" as const : "member" as const }))
      }),
      ...(i < 4 ? [Term.ElectionFiled.make({ termId: `${c.id}-t2023`, filedOn: "2023-07-01", filedWith: "s1" })] : []))),
  ...on(Term.aggregate, "c1", Term.MemberByElected.make({ termId: "c1-t2023", member: { personId: "c1-m6", name: "执委6", position: "member" }, congressSession: "c1-2023b", electedOn: "2023-10-08" })),
  ...on(Representation.aggregate, "c1",
    ...[1, 2, 3, 4].map((n) => Representation.RepresentativeElected.make({ organizationId: "c1", representativeId: `r${n}`, name: `代表${n}`, congressSession: "c1-2023", electedOn: "2023-06-18" })))
]

const meetings: ReadonlyArray<Given> = [
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].flatMap((m) => {
    const month = String(m).padStart(2, "0")
    return on(Meeting.aggregate, `s1-monthly-${month}`,
      Meeting.MeetingScheduled.make({ meetingId: `s1-monthly-${month}`, organizationId: "s1", kind: "monthly", date: `2023-${month}-05`, topic: "月工作例会" }),
      Meeting.MeetingHeld.make({ meetingId: `s1-monthly-${month}`, heldOn: `2023-${month}-05`, attendees: ["s1-chair"], minutes: "学习" }))
  }),
  ...on(Meeting.aggregate, "s1-congress",
    Meeting.MeetingScheduled.make({ meetingId: "s1-congress", organizationId: "s1", kind: "congress", date: "2023-01-15", topic: "妇女代表大会" }),
    Meeting.MeetingHeld.make({ meetingId: "s1-congress", heldOn: "2023-01-15", attendees: ["s1-chair"], minutes: "大会", workReport: "2022年工作报告", workPlan: "2023年工作计划" }),
    Meeting.DecisionTaken.make({ meetingId: "s1-congress", decisionId: "dec1", text: "制定幸福家庭5+5行动方案", ownerId: "s1-chair", dueOn: "2023-02-28" }),
    Meeting.DecisionTaken.make({ meetingId: "s1-congress", decisionId: "dec2", text: "成立妇女调解社", ownerId: "s1-chair", dueOn: "2023-03-31" }),
    Meeting.DecisionFollowedUp.make({ meetingId: "s1-congress", decisionId: "dec1", status: "done", followedUpOn: "2023-02-20" }),
    Meeting.DecisionFollowedUp.make({ meetingId: "s1-congress", decisionId: "dec2", status: "in-progress", followedUpOn: "2023-03-30" })),
  ...[1, 2, 3, 4].flatMap((q) =>
    on(Meeting.aggregate, `s1-plenary-${q}`,
      Meeting.MeetingScheduled.make({ meetingId: `s1-plenary-${q}`, organizationId: "s1", kind: "plenary", date: `2023-${String(q * 3).padStart(2, "0")}-25`, topic: "季度全委会" }),
      Meeting.MeetingHeld.make({ meetingId: `s1-plenary-${q}`, heldOn: `2023-${String(q * 3).padStart(2, "0")}-25`, attendees: ["s1-chair"], minutes: "全会" })))
]

const visits: ReadonlyArray<Given> = [
  ...on(Representation.aggregate, "c1",
    ...[1, 2, 3, 4].map((n) => Representation.HouseholdLinked.make({ organizationId: "c1", representativeId: `r${n}`, householdId: `hh${n}`, on: "2023-06-20" }))),
  ...on(Representation.contactLog, "c1",
  ...[1, 2, 3, 4].map((n) =>
    Representation.ContactVisitRecorded.make({ organizationId: "c1", representativeId: `r${n}`, householdId: `hh${n}`, visitedOn: "2023-07-02", method: "home-visit", topics: ["living-situation"], notes: "" })),
  Representation.ContactVisitRecorded.make({ organizationId: "c1", representativeId: "r1", householdId: "hh1", visitedOn: "2023-07-15", method: "phone", topics: ["policy-outreach"], notes: "" }))
]

/** The whole year, in the order it was recorded. */
export const streetYear: ReadonlyArray<Given> = [
  ...organizations,
  ...activities,
  ...money,
  ...cases,
  ...volunteers,
  ...awards,
  ...elections,
  ...meetings,
  ...visits
]
