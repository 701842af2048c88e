/**
 * 标签: the title of every command and every event of the domain, in Chinese (zh-CN) and English,
 * and the words `fulian schema` describes them with: the roles that may give a command and how
 * it says when its fact happened. The JSON Schema document (`JsonSchemas`) takes its titles and
 * descriptions from here and from the domain (`Domain.permissions`, `Domain.times`), so a form
 * built from it can label each command in either language.
 *
 * The languages are those of the reports' labels (`@fulian/reports/Labels`). The tables are
 * typed by the domain's own tags: a command or event added to the domain without its titles
 * does not compile, and a test checks the document for them too.
 *
 * @since 0.1.0
 */
import type { Role } from "@fulian/core/Actor"
import type { FactTime } from "@fulian/core/Decider"
import type * as Domain from "@fulian/core/Domain"
import type { Locale } from "@fulian/reports/Labels"

/** A text in each language of the labels. */
export type Label = { readonly [L in Locale]: string }

/** The roles of §10, as a cadre names them (主席, 副主席, …) and in English. */
export const roles: { readonly [R in Role]: Label } = {
  "chair": { "zh-CN": "主席", en: "chair" },
  "vice-chair": { "zh-CN": "副主席", en: "vice-chair" },
  "executive-member": { "zh-CN": "执委", en: "executive member" },
  "representative": { "zh-CN": "妇女代表", en: "women's representative" },
  "mediator": { "zh-CN": "调解员", en: "mediator" },
  "volunteer": { "zh-CN": "巾帼志愿者", en: "volunteer" },
  "upper-cadre": { "zh-CN": "上级妇联干部", en: "cadre of the federation above" },
  "auditor": { "zh-CN": "审计员", en: "auditor" }
}

/** The title of every command: what a cadre does when she gives it. */
export const commands: { readonly [K in Domain.Command["_tag"]]: Label } = {
  RegisterOrganization: { "zh-CN": "登记组织", en: "Register an organization" },
  RecordActivity: { "zh-CN": "记载活动", en: "Record an activity" },
  RecordDonation: { "zh-CN": "登记募捐", en: "Record a donation" },
  RecordRelief: { "zh-CN": "登记救助", en: "Record relief given" },
  OpenAssessment: { "zh-CN": "开展考核评比", en: "Open an assessment" },
  ScoreAssessee: { "zh-CN": "考核打分", en: "Score an assessee" },
  ConcludeAssessment: { "zh-CN": "完成考核评比", en: "Conclude an assessment" },
  OpenAwardCampaign: { "zh-CN": "开展评比表彰活动", en: "Open an award campaign" },
  NominateHousehold: { "zh-CN": "推荐（申报）家庭", en: "Nominate a household" },
  ScoreNominee: { "zh-CN": "逐条打分", en: "Score a nominee" },
  ConferAward: { "zh-CN": "表彰", en: "Confer an award" },
  RecheckAward: { "zh-CN": "复查登记", en: "Re-check an award" },
  CloseAwardCampaign: { "zh-CN": "结束评比表彰活动", en: "Close an award campaign" },
  EnrollVolunteer: { "zh-CN": "登记巾帼志愿者", en: "Enroll a volunteer" },
  PairVolunteer: { "zh-CN": "结对帮扶", en: "Pair a volunteer with a household" },
  UnpairVolunteer: { "zh-CN": "解除结对", en: "End a volunteer's pair" },
  LogVolunteerService: { "zh-CN": "记录志愿服务", en: "Log a volunteer's service" },
  RecordVolunteerLeaving: { "zh-CN": "登记志愿者退出", en: "Record a volunteer leaving" },
  RegisterCase: { "zh-CN": "来信来访登记", en: "Register a case" },
  AssignCase: { "zh-CN": "交办案件", en: "Assign a case to an organization below" },
  RecordCaseInvestigation: { "zh-CN": "记录调查材料和初步意见", en: "Record a case's investigation" },
  RecordHigherMediationRequest: { "zh-CN": "记录当事人要求上级调处", en: "Record a request for higher-level mediation" },
  RecordMediationSession: { "zh-CN": "记录调解", en: "Record a mediation session" },
  EscalateCase: { "zh-CN": "逐级上报案件", en: "Escalate a case" },
  ReportCaseResult: { "zh-CN": "上报处理结果", en: "Report a case's result" },
  ResolveCase: { "zh-CN": "结案", en: "Resolve a case" },
  RecordFollowUpVisit: { "zh-CN": "记录纠纷回访", en: "Record a follow-up visit" },
  ReopenCase: { "zh-CN": "案件反复重开", en: "Reopen a case" },
  ArchiveCase: { "zh-CN": "案件归档", en: "Archive a case" },
  AppointMediator: { "zh-CN": "聘任调解员", en: "Appoint a mediator" },
  RecordMediatorLeaving: { "zh-CN": "登记调解员离任", en: "Record a mediator leaving" },
  AppointAuditor: { "zh-CN": "聘任审计员", en: "Appoint an auditor" },
  RecordAuditorLeaving: { "zh-CN": "登记审计员离任", en: "Record an auditor leaving" },
  ErasePersonalData: { "zh-CN": "删除个人信息", en: "Erase personal data" },
  RegisterSigningKey: { "zh-CN": "登记签名公钥", en: "Register a signing key" },
  RegisterHousehold: { "zh-CN": "登记家庭户", en: "Register a household" },
  ChangeHouseholdCircumstances: { "zh-CN": "变更家庭情况", en: "Change a household's circumstances" },
  ElectExecutiveCommittee: { "zh-CN": "换届选举执委会", en: "Elect an executive committee" },
  FileElection: { "zh-CN": "换届报上级妇联备案", en: "File an election with the level above" },
  ByElectMember: { "zh-CN": "增补执委", en: "By-elect a member" },
  RecordMemberLeft: { "zh-CN": "登记执委离任", en: "Record a member leaving the committee" },
  EndTerm: { "zh-CN": "结束任期", en: "End a term" },
  ScheduleMeeting: { "zh-CN": "安排会议（召开通知）", en: "Schedule a meeting" },
  NotifyMemberOfMeeting: { "zh-CN": "会前通知", en: "Notify a person of a meeting" },
  RecordMeetingHeld: { "zh-CN": "记录会议召开（会议记录）", en: "Record a meeting held" },
  TakeDecision: { "zh-CN": "记录会议决定事项", en: "Record a decision taken" },
  FollowUpDecision: { "zh-CN": "会后检查落实", en: "Follow up a decision" },
  ElectRepresentative: { "zh-CN": "选举（确认）妇女代表", en: "Elect a women's representative" },
  StepDownRepresentative: { "zh-CN": "妇女代表卸任", en: "Record a representative stepping down" },
  LinkHousehold: { "zh-CN": "确定联系户", en: "Link a household to a representative" },
  UnlinkHousehold: { "zh-CN": "解除联系户", en: "Unlink a household from its representative" },
  RecordContactVisit: { "zh-CN": "记录走访", en: "Record a contact visit" },
  SubmitReport: { "zh-CN": "报表上报", en: "Send a report up" }
}

/** The title of every event: the fact it records. */
export const events: { readonly [K in Domain.Event["_tag"]]: Label } = {
  OrganizationRegistered: { "zh-CN": "组织已登记", en: "Organization registered" },
  TopOrganizationRegistered: { "zh-CN": "顶级组织已登记", en: "Top organization registered" },
  CaseRead: { "zh-CN": "案件查阅记录", en: "Case read" },
  ActivityRecorded: { "zh-CN": "活动已记载", en: "Activity recorded" },
  DonationRecorded: { "zh-CN": "募捐已登记", en: "Donation recorded" },
  ReliefGiven: { "zh-CN": "救助已发放", en: "Relief given" },
  AssessmentOpened: { "zh-CN": "考核评比已开展", en: "Assessment opened" },
  AssessmentScored: { "zh-CN": "考核已打分", en: "Assessee scored" },
  AssessmentConcluded: { "zh-CN": "考核评比已完成", en: "Assessment concluded" },
  AwardCampaignOpened: { "zh-CN": "评比表彰活动已开展", en: "Award campaign opened" },
  HouseholdNominated: { "zh-CN": "家庭已推荐", en: "Household nominated" },
  NomineeScored: { "zh-CN": "候选家庭已打分", en: "Nominee scored" },
  AwardConferred: { "zh-CN": "已表彰", en: "Award conferred" },
  AwardRechecked: { "zh-CN": "表彰已复查", en: "Award re-checked" },
  AwardCampaignClosed: { "zh-CN": "评比表彰活动已结束", en: "Award campaign closed" },
  VolunteerJoined: { "zh-CN": "巾帼志愿者已加入", en: "Volunteer joined" },
  VolunteerPaired: { "zh-CN": "已结对帮扶", en: "Volunteer paired" },
  VolunteerUnpaired: { "zh-CN": "结对已解除", en: "Volunteer unpaired" },
  VolunteerServiceLogged: { "zh-CN": "志愿服务已记录", en: "Volunteer service logged" },
  VolunteerLeft: { "zh-CN": "志愿者已退出", en: "Volunteer left" },
  CaseRegistered: { "zh-CN": "案件已登记", en: "Case registered" },
  CaseAssignedFromAbove: { "zh-CN": "上级已交办", en: "Case assigned from above" },
  InvestigationRecorded: { "zh-CN": "调查材料和初步意见已记录", en: "Investigation recorded" },
  HigherMediationRequested: { "zh-CN": "当事人已要求上级调处", en: "Higher-level mediation requested" },
  MediationSessionHeld: { "zh-CN": "已调解", en: "Mediation session held" },
  CaseEscalated: { "zh-CN": "案件已逐级上报", en: "Case escalated" },
  CaseResultReported: { "zh-CN": "处理结果已上报", en: "Case result reported" },
  CaseResolved: { "zh-CN": "已结案", en: "Case resolved" },
  FollowUpVisitRecorded: { "zh-CN": "已纠纷回访", en: "Follow-up visit recorded" },
  CaseReopened: { "zh-CN": "案件已反复重开", en: "Case reopened" },
  CaseArchived: { "zh-CN": "案件已归档", en: "Case archived" },
  MediatorAppointed: { "zh-CN": "调解员已聘任", en: "Mediator appointed" },
  MediatorLeft: { "zh-CN": "调解员已离任", en: "Mediator left" },
  AuditorAppointed: { "zh-CN": "审计员已聘任", en: "Auditor appointed" },
  AuditorLeft: { "zh-CN": "审计员已离任", en: "Auditor left" },
  PersonalDataErased: { "zh-CN": "个人信息已删除", en: "Personal data erased" },
  SigningKeyRegistered: { "zh-CN": "签名公钥已登记", en: "Signing key registered" },
  HouseholdRegistered: { "zh-CN": "家庭户已登记", en: "Household registered" },
  HouseholdCircumstancesChanged: { "zh-CN": "家庭情况已变更", en: "Household circumstances changed" },
  DomesticViolenceSubstantiated: { "zh-CN": "家庭暴力已查实", en: "Domestic violence substantiated" },
  ExecutiveCommitteeElected: { "zh-CN": "执委会已换届选举", en: "Executive committee elected" },
  ElectionFiled: { "zh-CN": "换届已报上级妇联备案", en: "Election filed" },
  MemberByElected: { "zh-CN": "执委已增补", en: "Member by-elected" },
  MemberLeft: { "zh-CN": "执委已离任", en: "Member left the committee" },
  TermEnded: { "zh-CN": "任期已结束", en: "Term ended" },
  MeetingScheduled: { "zh-CN": "会议已安排", en: "Meeting scheduled" },
  MemberNotified: { "zh-CN": "已会前通知", en: "Person notified of a meeting" },
  MeetingHeld: { "zh-CN": "会议已召开", en: "Meeting held" },
  DecisionTaken: { "zh-CN": "会议决定事项已作出", en: "Decision taken" },
  DecisionFollowedUp: { "zh-CN": "决定事项已检查落实", en: "Decision followed up" },
  RepresentativeElected: { "zh-CN": "妇女代表已选举产生", en: "Representative elected" },
  RepresentativeSteppedDown: { "zh-CN": "妇女代表已卸任", en: "Representative stepped down" },
  HouseholdLinked: { "zh-CN": "联系户已确定", en: "Household linked" },
  HouseholdUnlinked: { "zh-CN": "联系户已解除", en: "Household unlinked" },
  ContactVisitRecorded: { "zh-CN": "走访已记录", en: "Contact visit recorded" },
  ReportSubmitted: { "zh-CN": "报表已上报", en: "Report sent up" },
  ReportReceived: { "zh-CN": "报表已收到", en: "Report received" }
}

/** The roles that may give a command, in each language: `主席、副主席` and `chair, vice-chair`. */
export const rolesOf = (given: ReadonlyArray<Role>): Label => ({
  "zh-CN": given.map((r) => roles[r]["zh-CN"]).join("、"),
  en: given.map((r) => roles[r].en).join(", ")
})

/**
 * How a command says when its fact happened (`Decider.FactTime`, DOMAIN.md §0), in each
 * language: the words of the domain reference's last column.
 */
export const factTime = (time: FactTime): Label =>
  time === "moment"
    ? { "zh-CN": "一个时刻：occurredAt 须带时间和时差（默认现在）", en: "a moment: `occurredAt` with its time and offset (default now)" }
    : time === "day"
    ? { "zh-CN": "某一天：occurredAt 为日期或时刻（默认今天）", en: "a day: `occurredAt`, a date or a time (default now)" }
    : {
      "zh-CN": `其 ${time.field} 所载之日，另给的 occurredAt 须在同一天${time.optional === true ? "；未给出时按 occurredAt 之日（默认今天）" : ""}`,
      en: `its \`${time.field}\`, on which an \`occurredAt\` given too must fall${time.optional === true ? " (else the day of `occurredAt`, default today)" : ""}`
    }
