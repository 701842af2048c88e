/**
 * 标签: the title of every command and every event of the domain, and of every field of them, in
 * Chinese (zh-CN) and English, and the words `fulian schema` describes them with: the roles that
 * may give a command and how it says when its fact happened. The JSON Schema document
 * (`JsonSchemas`) takes its titles and descriptions from here and from the domain
 * (`Domain.permissions`, `Domain.times`), so a form built from it can label each command and
 * each of its fields in either language.
 *
 * The languages are those of the reports' labels (`@fulian/reports/Labels`), and the Chinese
 * words the glossary's (妇女代表, 联系户, 台帐, 换届, 备案 …). The tables of commands and events
 * are typed by the domain's own tags: a command or event added to the domain without its titles
 * does not compile. Fields are labelled by name (`fields`), once for every command and event
 * that has a field of that name, with `overrides` where a field means something else in one
 * (`kind` of an activity, of a meeting, of a report); a test checks that every field of every
 * command and event has its titles, and that no label is left over.
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
  RewardAssessee: { "zh-CN": "考核奖励", en: "Reward an assessee" },
  OpenAwardCampaign: { "zh-CN": "开展评比表彰活动", en: "Open an award campaign" },
  NominateHousehold: { "zh-CN": "推荐（申报）家庭", en: "Nominate a household" },
  NominatePerson: { "zh-CN": "推荐（申报）个人", en: "Nominate a person" },
  NominateUnit: { "zh-CN": "推荐（申报）集体", en: "Nominate a unit" },
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
  ReportCaseInformation: { "zh-CN": "信息报告（向上一级报告案情）", en: "Inform the level above of a case" },
  AcknowledgeCaseInformation: { "zh-CN": "信息报告已收悉", en: "Acknowledge a case's information report" },
  ScheduleReceptionDay: { "zh-CN": "安排信访接待日", en: "Schedule a reception day" },
  AppointMediator: { "zh-CN": "聘任调解员", en: "Appoint a mediator" },
  RecordMediatorLeaving: { "zh-CN": "登记调解员离任", en: "Record a mediator leaving" },
  EstablishMediationCommittee: { "zh-CN": "成立调解社", en: "Establish the mediation committee" },
  AppointCommitteeHead: { "zh-CN": "任命调解社社长", en: "Appoint the mediation committee's head" },
  AppointLegalAdviser: { "zh-CN": "聘请法律指导员", en: "Appoint the mediation committee's legal adviser" },
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
  RecordReserveCadre: { "zh-CN": "登记后备干部", en: "Record a reserve cadre" },
  RemoveReserveCadre: { "zh-CN": "移出后备干部", en: "Remove a reserve cadre" },
  RegisterPlace: { "zh-CN": "登记阵地", en: "Register a place" },
  ClosePlace: { "zh-CN": "撤销阵地", en: "Close a place" },
  ScheduleMeeting: { "zh-CN": "安排会议（召开通知）", en: "Schedule a meeting" },
  NotifyMemberOfMeeting: { "zh-CN": "会前通知", en: "Notify a person of a meeting" },
  RecordMeetingHeld: { "zh-CN": "记录会议召开（会议记录）", en: "Record a meeting held" },
  TakeDecision: { "zh-CN": "记录会议决定事项", en: "Record a decision taken" },
  FollowUpDecision: { "zh-CN": "会后检查落实", en: "Follow up a decision" },
  RecordTraining: { "zh-CN": "记载培训", en: "Record a training" },
  AdoptWorkPlan: { "zh-CN": "通过年度工作计划", en: "Record the year's work plan adopted" },
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
  AssessmentRewardGiven: { "zh-CN": "考核奖励已给予", en: "Assessment reward given" },
  AwardCampaignOpened: { "zh-CN": "评比表彰活动已开展", en: "Award campaign opened" },
  HouseholdNominated: { "zh-CN": "家庭已推荐", en: "Household nominated" },
  PersonNominated: { "zh-CN": "个人已推荐", en: "Person nominated" },
  UnitNominated: { "zh-CN": "集体已推荐", en: "Unit nominated" },
  NomineeScored: { "zh-CN": "候选家庭已打分", en: "Nominee scored" },
  TitleNomineeScored: { "zh-CN": "候选个人或集体已打分", en: "Person or unit nominee scored" },
  AwardConferred: { "zh-CN": "已表彰", en: "Award conferred" },
  TitleConferred: { "zh-CN": "荣誉称号已授予", en: "Title conferred on a person or unit" },
  AwardRechecked: { "zh-CN": "表彰已复查", en: "Award re-checked" },
  TitleRechecked: { "zh-CN": "荣誉称号已复查", en: "Title re-checked" },
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
  CaseInformationReported: { "zh-CN": "案情已向上一级报告", en: "Case information reported up" },
  CaseInformationAcknowledged: { "zh-CN": "信息报告已收悉", en: "Case information acknowledged" },
  ReceptionDayScheduled: { "zh-CN": "信访接待日已安排", en: "Reception day scheduled" },
  MediatorAppointed: { "zh-CN": "调解员已聘任", en: "Mediator appointed" },
  MediatorLeft: { "zh-CN": "调解员已离任", en: "Mediator left" },
  MediationCommitteeEstablished: { "zh-CN": "调解社已成立", en: "Mediation committee established" },
  CommitteeHeadAppointed: { "zh-CN": "调解社社长已任命", en: "Mediation committee's head appointed" },
  LegalAdviserAppointed: { "zh-CN": "法律指导员已聘请", en: "Legal adviser appointed" },
  AuditorAppointed: { "zh-CN": "审计员已聘任", en: "Auditor appointed" },
  AuditorLeft: { "zh-CN": "审计员已离任", en: "Auditor left" },
  PersonalDataErased: { "zh-CN": "个人信息已删除", en: "Personal data erased" },
  SigningKeyRegistered: { "zh-CN": "签名公钥已登记", en: "Signing key registered" },
  HouseholdRegistered: { "zh-CN": "家庭户已登记", en: "Household registered" },
  HouseholdCircumstancesChanged: { "zh-CN": "家庭情况已变更", en: "Household circumstances changed" },
  DomesticViolenceSubstantiated: { "zh-CN": "家庭暴力已查实", en: "Domestic violence substantiated" },
  DomesticViolenceFindingWithdrawn: { "zh-CN": "家庭暴力查实认定已撤销", en: "Domestic-violence finding withdrawn" },
  ExecutiveCommitteeElected: { "zh-CN": "执委会已换届选举", en: "Executive committee elected" },
  ElectionFiled: { "zh-CN": "换届已报上级妇联备案", en: "Election filed" },
  MemberByElected: { "zh-CN": "执委已增补", en: "Member by-elected" },
  MemberLeft: { "zh-CN": "执委已离任", en: "Member left the committee" },
  TermEnded: { "zh-CN": "任期已结束", en: "Term ended" },
  ReserveCadreRecorded: { "zh-CN": "后备干部已登记", en: "Reserve cadre recorded" },
  ReserveCadreRemoved: { "zh-CN": "后备干部已移出", en: "Reserve cadre removed" },
  PlaceRegistered: { "zh-CN": "阵地已登记", en: "Place registered" },
  PlaceClosed: { "zh-CN": "阵地已撤销", en: "Place closed" },
  MeetingScheduled: { "zh-CN": "会议已安排", en: "Meeting scheduled" },
  MemberNotified: { "zh-CN": "已会前通知", en: "Person notified of a meeting" },
  MeetingHeld: { "zh-CN": "会议已召开", en: "Meeting held" },
  DecisionTaken: { "zh-CN": "会议决定事项已作出", en: "Decision taken" },
  DecisionFollowedUp: { "zh-CN": "决定事项已检查落实", en: "Decision followed up" },
  TrainingRecorded: { "zh-CN": "培训已记载", en: "Training recorded" },
  WorkPlanAdopted: { "zh-CN": "年度工作计划已通过", en: "Work plan adopted" },
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

/** A field's title, and where the title needs it, its description, in each language. */
export interface FieldLabel {
  readonly title: Label
  readonly description?: Label
}

const field = (zh: string, en: string, description?: Label): FieldLabel =>
  description === undefined ? { title: { "zh-CN": zh, en } } : { title: { "zh-CN": zh, en }, description }

/**
 * The label of every field of the commands and events, by its name: one label for a name
 * wherever it appears. A field of a nested struct or of a list's items is labelled by its
 * name too, or, where it needs its own, by `parent.name` (`criteria.name`, the criterion's
 * name; `parties.name`, a party's), which is looked up first.
 */
export const fields: { readonly [name: string]: FieldLabel } = {
  // What every command carries (`Command.CommandFields`), and the tag.
  "_tag": field("类型", "Type", {
    "zh-CN": "命令或事件的类型，固定为其名称。",
    en: "The type of the command or event: its name, always."
  }),
  "commandId": field("命令编号", "Command id", {
    "zh-CN": "调用方为命令选定的 UUID：同一命令重发时据此只执行一次。",
    en: "A UUID the caller chooses for the command, so that a retry of the same command is executed once."
  }),
  "actor": field("下达人", "Actor", {
    "zh-CN": "谁下达命令：人员、角色和她所代表的组织；以记录为准核对其角色。",
    en: "Who gives the command: the person, her role and the organization she acts for; the records must back the role."
  }),
  "person": field("人员编号", "Person id"),
  "role": field("角色", "Role"),
  "actor.organization": field("所代表的组织编号", "Organization she acts for"),
  "occurredAt": field("发生时间", "When it happened"),
  "reason": field("理由", "Reason", {
    "zh-CN": "作出决定的理由（某些决定必须说明）；属个人信息。",
    en: "Why the decision was made (some decisions need one); personal data."
  }),
  "correlationId": field("关联编号", "Correlation id", {
    "zh-CN": "把同一业务的若干命令联系在一起的编号，由调用方给出。",
    en: "An id that ties together the commands of one piece of work, given by the caller."
  }),
  "causationId": field("起因编号", "Causation id", {
    "zh-CN": "引起本命令的命令或事件的编号，由调用方给出。",
    en: "The id of the command or event that caused this one, given by the caller."
  }),

  // Organizations (妇联组织) and their places.
  "organizationId": field("组织编号", "Organization id"),
  "name": field("姓名", "Name"),
  "level": field("层级", "Level"),
  "parentId": field("上级组织编号", "Parent organization id"),

  // Activities (活动), donations and relief.
  "activityId": field("活动编号", "Activity id"),
  "kind": field("类型", "Kind"),
  "title": field("名称", "Title"),
  "heldOn": field("举行日期", "Held on"),
  "participants": field("参与人数", "Participants"),
  "beneficiaries": field("受益人数", "Beneficiaries"),
  "theme": field("主题", "Theme"),
  "donationId": field("募捐编号", "Donation id"),
  "amount": field("金额（元）", "Amount (yuan)"),
  "purpose": field("用途", "Purpose"),
  "on": field("日期", "On"),
  "donor": field("捐赠人", "Donor"),
  "reliefId": field("救助编号", "Relief id"),
  "recipient": field("受助人", "Recipient"),
  "festival": field("所逢节日", "Festival marked"),
  "materialsHandedOut": field("发放宣传资料（份）", "Materials handed out"),
  "consultationsGiven": field("接受咨询（人次）", "Consultations given"),
  "enterprisesReached": field("走进企业（家）", "Enterprises reached"),
  "staffReached": field("受益企业职工（人）", "Staff reached"),

  // Assessments (考核评比) and awards (评比表彰).
  "assessmentId": field("考核评比编号", "Assessment id"),
  "period": field("考核期", "Period assessed"),
  "year": field("年度", "Year"),
  "criteria": field("考核标准", "Criteria"),
  "criterionId": field("标准编号", "Criterion id"),
  "criteria.name": field("标准名称", "Criterion"),
  "maxScore": field("满分", "Most points"),
  "assessees": field("被考核组织", "Organizations assessed"),
  "assesseeId": field("被考核组织编号", "Organization assessed"),
  "scores": field("逐条打分", "Scores"),
  "score": field("得分", "Score"),
  "ranking": field("排名", "Ranking"),
  "total": field("总分", "Total"),
  "rank": field("名次", "Rank"),
  "concludedOn": field("完成日期", "Concluded on"),
  "campaignId": field("评比表彰活动编号", "Campaign id"),
  "threshold": field("表彰分数线", "Total needed for the award", {
    "zh-CN": "达到此总分的家庭可予表彰。",
    en: "A household scored at or above this total may be conferred the award."
  }),
  "householdId": field("家庭户编号", "Household id"),
  "outcome": field("复查结果", "Outcome of the re-check"),
  "conferredOn": field("表彰日期", "Conferred on"),
  "recheckedOn": field("复查日期", "Re-checked on"),
  "closedOn": field("结束日期", "Closed on"),
  "nomineeKind": field("评比对象", "Kind of nominee", {
    "zh-CN": "本次评比推荐的对象：家庭（household，默认）、个人（person）或集体（unit）。",
    en: "What the campaign takes as nominees: households (the default), persons or units."
  }),
  "nomineeId": field("候选对象编号", "Nominee id", {
    "zh-CN": "个人或集体评比中候选对象的编号（推荐时给出的个人或集体编号）；家庭评比用家庭户编号。",
    en: "In a person or unit campaign, the nominee's id given at nomination; a household campaign names households by household id."
  }),
  "unitId": field("集体编号", "Unit id"),
  "unitKind": field("集体类型", "Kind of unit", {
    "zh-CN": "岗位（post，如巾帼文明岗）、楼栋（building）或组织（organization，如示范社区）。",
    en: "A post (such as a 巾帼文明岗), a building, or an organization (such as a model community)."
  }),
  "unitName": field("集体名称", "Unit's name"),
  "reward": field("奖励", "Reward", {
    "zh-CN": "随表彰给予的奖励：证书、奖牌（牌匾）、奖金（须写金额）或奖品。",
    en: "The reward given with the title: a certificate, a plaque, money (with its amount) or goods."
  }),
  "reward.kind": field("奖励类型", "Kind of reward"),
  "reward.amount": field("奖金金额（元）", "Money given (yuan)"),
  "reward.description": field("奖励说明", "Description of the reward"),
  "givenOn": field("奖励日期", "Given on"),

  // Volunteers (巾帼志愿者).
  "volunteerId": field("志愿者编号", "Volunteer id"),
  "consent": field("本人自愿参加", "Consent given", {
    "zh-CN": "志愿者以自愿参加为原则：须为 true。",
    en: "Volunteers join of their own will: it must be true."
  }),
  "consentGivenOn": field("自愿参加声明日期", "Consent given on"),
  "hours": field("服务时长（小时）", "Hours"),
  "description": field("服务内容", "Service given"),
  "pairedOn": field("结对日期", "Paired on"),
  "unpairedOn": field("解除结对日期", "Unpaired on"),

  // Cases (信访案件 / 维权案件 / 矛盾纠纷) and mediation (调解).
  "caseId": field("案件编号", "Case id"),
  "receivedAt": field("收到时间", "Received at"),
  "registeredAt": field("登记时间", "Registered at"),
  "channel": field("来源渠道", "Channel"),
  "category": field("案件类别", "Category"),
  "sudden": field("突发性案件", "Sudden case", {
    "zh-CN": "突发性案件须在登记后及时上报（默认 24 小时内）。",
    en: "A sudden case must be reported up promptly after its registration (by default within 24 hours)."
  }),
  "typicalInfringement": field("典型侵权案件", "Typical rights infringement", {
    "zh-CN": "典型侵权案件（仅限侵权和家庭暴力类）须在登记后及时上报（默认 24 小时内）。",
    en: "A typical rights-infringement case (rights infringement or domestic violence only) must be reported up promptly after its registration (by default within 24 hours)."
  }),
  "householdIds": field("涉及的家庭户", "Households concerned"),
  "parties": field("当事人", "Parties"),
  "partyId": field("当事人编号", "Party id"),
  "parties.name": field("当事人姓名", "Party's name"),
  "contact": field("联系方式", "Contact"),
  "narrative": field("案情", "Narrative"),
  "address": field("地址", "Address"),
  "assignedBy": field("交办单位编号", "Assigned by"),
  "dueOn": field("落实期限", "Due on"),
  "findings": field("调查材料", "Findings"),
  "preliminaryOpinion": field("初步意见", "Preliminary opinion"),
  "recordedOn": field("记录日期", "Recorded on"),
  "requestedOn": field("要求日期", "Requested on"),
  "mediators": field("调解员", "Mediators"),
  "mediatorIds": field("调解员编号（名册）", "Mediators' ids (on the roster)", {
    "zh-CN": "参加本次调解的调解员编号，每人须在调解当天在本组织调解员名册上。",
    en: "The ids of the session's mediators, each on the organization's mediators' roster on the day of the session."
  }),
  "receptionDayId": field("信访接待日编号", "Reception day id", {
    "zh-CN": "在信访接待日收到的案件（来源渠道 reception-day）须注明接待日，且收到日期即接待日。",
    en: "A case received on a reception day (channel reception-day) names the day, which is the day it was received."
  }),
  "leaderId": field("接待领导编号", "Receiving leader's id", {
    "zh-CN": "接待日当天在任的执委会成员。",
    en: "A member of the committee in office on the reception day."
  }),
  "acknowledgedAt": field("收悉时间", "Acknowledged at"),
  "notes": field("走访记录", "Notes of the visit"),
  "from": field("报送单位编号", "From"),
  "to": field("报送至（交办单位编号）", "Reported to"),
  "toLevel": field("上报至层级", "Level handed up to"),
  "escalatedAt": field("上报时间", "Escalated at"),
  "basis": field("上报依据", "Basis"),
  "result": field("处理结果", "Result"),
  "reportedAt": field("上报时间", "Reported at"),
  "resolvedOn": field("结案日期", "Resolved on"),
  "resolution": field("结案方式", "Resolution"),
  "substantiated": field("查实", "Substantiated"),
  "summary": field("结案摘要", "Summary"),
  "visitedOn": field("走访日期", "Visited on"),
  "reopenedAt": field("重开时间", "Reopened at"),
  "archivedOn": field("归档日期", "Archived on"),
  "mediatorId": field("调解员编号", "Mediator id"),
  "appointedOn": field("聘任日期", "Appointed on"),
  "adviserId": field("法律指导员编号", "Legal adviser's id", {
    "zh-CN": "法律指导员可以是调解员，也可以是外聘律师等不在调解员名册上的人。",
    en: "The legal adviser may be a mediator, or an outside lawyer not on the roster."
  }),
  "establishedOn": field("成立日期", "Established on"),
  "auditorId": field("审计员编号", "Auditor id"),

  // Privacy (个人信息) and integrity.
  "subject": field("信息主体", "Data subject", {
    "zh-CN": "个人信息所属的主体，如 household:h1、case:k1、party:k1:p1、person:li-na。",
    en: "Whose personal data: household:h1, case:k1, party:k1:p1, person:li-na, …"
  }),
  "publicKey": field("签名公钥", "Public key", {
    "zh-CN": "组织的 Ed25519 签名公钥（32 字节，base64）。",
    en: "The organization's Ed25519 public signing key (32 bytes, base64)."
  }),

  // Households (户) and representatives (妇女代表).
  "headName": field("户主姓名", "Head of household's name"),
  "circumstances": field("家庭情况", "Circumstances"),
  "representativeId": field("妇女代表编号", "Representative id"),
  "method": field("走访方式", "Method of contact"),
  "topics": field("走访内容", "Topics"),

  // Elections (换届): terms and the executive committee (执委会).
  "termId": field("届次编号", "Term id"),
  "congressSession": field("妇代会会次", "Congress session", {
    "zh-CN": "投票选举的妇女代表大会会次，如“第三届妇女代表大会第一次会议”。",
    en: "The session of the women's congress (妇代会) that voted."
  }),
  "electedOn": field("选举日期", "Elected on"),
  "startsOn": field("任期开始日期", "Term starts on"),
  "endsOn": field("任期届满日期", "Term ends on"),
  "residentsCommitteeElectedOn": field("居委会换届日期", "Residents' committee elected on", {
    "zh-CN": "社区居委会的换届日期：任期开始与之相差过远（默认超过 90 天）的标为未同步换届。",
    en: "The day the residents' committee was elected: a term starting too far from it (by default more than 90 days) is flagged as not synchronized."
  }),
  "members": field("执委", "Members"),
  "member": field("增补的执委", "Member by-elected"),
  "personId": field("人员编号", "Person id"),
  "position": field("职务", "Position"),
  "filedOn": field("备案日期", "Filed on"),
  "filedWith": field("备案单位编号", "Filed with"),
  "leftOn": field("离任日期", "Left on"),
  "endedOn": field("任期结束日期", "Ended on"),

  // Meetings (会议) and decisions (决定事项).
  "meetingId": field("会议编号", "Meeting id"),
  "date": field("会议日期", "Date of the meeting"),
  "topic": field("议题", "Topic"),
  "notifiedOn": field("通知日期", "Notified on"),
  "attendees": field("出席人员", "Attendees"),
  "minutes": field("会议记录", "Minutes"),
  "workReport": field("工作报告", "Work report"),
  "workPlan": field("工作计划", "Work plan"),
  "decisionId": field("决定事项编号", "Decision id"),
  "text": field("决定事项", "Decision"),
  "ownerId": field("负责人编号", "Owner id"),
  "status": field("落实情况", "Status"),
  "note": field("落实情况说明", "Note"),
  "followedUpOn": field("检查落实日期", "Followed up on"),
  "study": field("学习内容", "Study", {
    "zh-CN": "学习制度：会议学习的主题和材料；月例会应记载。",
    en: "What the meeting studied: its topic and material; a monthly meeting should record it."
  }),
  "study.topic": field("学习主题", "Topic studied"),
  "material": field("学习材料", "Material studied"),

  // Trainings (培训).
  "trainingId": field("培训编号", "Training id"),
  "trainer": field("授课人", "Trainer"),
  "capacity": field("参训身份", "Capacity attended in"),
  "placeId": field("场所编号", "Place id"),

  // Places (阵地), organization building (组织建设).
  "number": field("电话号码", "Telephone number"),
  "openedOn": field("启用日期", "Opened on"),
  "removedOn": field("移出日期", "Removed on"),
  "onResidentsCommittee": field("进两委", "Also on the residents' committee", {
    "zh-CN": "该执委是否同时任社区居委会（村委会）成员；不填视为否。",
    en: "Whether the member also sits on the residents' (villagers') committee; absent counts as no."
  }),

  // Work plans (工作计划) and their targets.
  "targets": field("目标任务", "Targets", {
    "zh-CN": "计划的目标：可计量的（指标、比较方式、数值）或文字表述的（仅文字）。",
    en: "The plan's targets: measured (a measure, a comparator, a value) or free text (a text alone)."
  }),
  "targetId": field("目标编号", "Target id"),
  "measure": field("计量指标", "Measure"),
  "comparator": field("比较方式", "Comparator"),
  "value": field("目标数值", "Target value"),
  "targets.text": field("目标表述", "Target as worded"),
  "adoptedOn": field("通过日期", "Adopted on"),
  "amends": field("所修订计划的妇代会编号", "Amends the plan of congress"),

  // Reports (报表) sent up, and their signed checkpoints.
  "reportId": field("报表编号", "Report id"),
  "contentHash": field("内容哈希（SHA-256）", "Content hash (SHA-256)", {
    "zh-CN": "报表内容（规范 JSON）的 SHA-256，64 位小写十六进制。",
    en: "The SHA-256 of the report's content (canonical JSON), 64 lowercase hex digits."
  }),
  "sentTo": field("报送单位编号", "Sent to"),
  "submittedAt": field("上报时间", "Submitted at"),
  "timeZone": field("时区", "Time zone"),
  "corrects": field("更正报表", "Corrects report", {
    "zh-CN": "本报表所更正的同期报表的编号。",
    en: "The id of the report of the same period that this one corrects."
  }),
  "checkpoint": field("签名检查点", "Signed checkpoint", {
    "zh-CN": "上报单位对 position 处日志的签名检查点。",
    en: "The sender's signed checkpoint of the log at `position`."
  }),
  "narrativeHash": field("正文哈希（SHA-256）", "Narrative hash (SHA-256)", {
    "zh-CN": "报告正文段落（规范 JSON）的 SHA-256，64 位小写十六进制；与正文一同上报。",
    en: "The SHA-256 of the narrative's paragraphs (canonical JSON), 64 lowercase hex digits; sent with the narrative."
  }),
  "layout": field("报表版式", "Report layout", {
    "zh-CN": "计算报表内容所用的版式（内容版本）；缺省为版式 1。",
    en: "The layout (content version) the report's content was computed with; absent: layout 1."
  }),
  "section": field("所属栏目", "Section"),
  "size": field("日志事件数", "Size of the log"),
  "root": field("日志根哈希", "Root hash of the log"),
  "signature": field("签名", "Signature")
}

/** The fields of a report as the command that sends it and both copies of what was sent name them. */
const reportFields = {
  kind: field("报表类型", "Kind of report"),
  narrative: field("报告正文", "Narrative", {
    "zh-CN": "主席撰写的正文段落（总体情况、各栏目说明、存在的问题、明年工作打算），每段注明所属栏目。",
    en: "The chair's paragraphs (overview, remarks on a section, problems, next year's plan), each with the section it belongs to."
  }),
  "narrative.*.text": field("段落", "Paragraph"),
  period: field("报告期", "Report period"),
  position: field("计算所据日志位置", "Computed from log position")
}

/**
 * A field's label where it means something else in one command or event than its name says
 * elsewhere, by the command's or event's tag and the field's path (`parties.*.name`).
 */
export const overrides: { readonly [K in Domain.Command["_tag"] | Domain.Event["_tag"]]?: { readonly [path: string]: FieldLabel } } = {
  RegisterOrganization: { name: field("组织名称", "Organization's name"), kind: field("组织类别（妇联或两新组织妇委会）", "Kind of organization (federation, enterprise's or social organization's)") },
  OrganizationRegistered: { name: field("组织名称", "Organization's name"), kind: field("组织类别（妇联或两新组织妇委会）", "Kind of organization (federation, enterprise's or social organization's)") },
  RegisterPlace: { name: field("阵地名称", "Place's name"), kind: field("阵地类型", "Kind of place") },
  PlaceRegistered: { name: field("阵地名称", "Place's name"), kind: field("阵地类型", "Kind of place") },
  RecordActivity: { kind: field("活动类型", "Kind of activity") },
  ActivityRecorded: { kind: field("活动类型", "Kind of activity") },
  SubmitReport: reportFields,
  ReportSubmitted: reportFields,
  ReportReceived: reportFields,
  RecordMediationSession: { outcome: field("调解结果", "Outcome of the session"), notes: field("调解记录", "Session notes") },
  MediationSessionHeld: { outcome: field("调解结果", "Outcome of the session"), notes: field("调解记录", "Session notes") },
  AppointMediator: { kind: field("调解员类别（义务调解员或妇女干部）", "Kind of mediator (volunteer or cadre)") },
  MediatorAppointed: { kind: field("调解员类别（义务调解员或妇女干部）", "Kind of mediator (volunteer or cadre)") },
  EstablishMediationCommittee: { name: field("调解社名称", "Name of the mediation committee") },
  MediationCommitteeEstablished: { name: field("调解社名称", "Name of the mediation committee") },
  AppointCommitteeHead: { mediatorId: field("社长（调解员编号）", "Head (a mediator's id)") },
  CommitteeHeadAppointed: { mediatorId: field("社长（调解员编号）", "Head (a mediator's id)") },
  RecordFollowUpVisit: { visitedOn: field("回访日期", "Follow-up visit on"), notes: field("回访记录", "Follow-up notes") },
  FollowUpVisitRecorded: { visitedOn: field("回访日期", "Follow-up visit on"), notes: field("回访记录", "Follow-up notes") },
  RegisterHousehold: { address: field("家庭住址", "Household's address") },
  HouseholdRegistered: { address: field("家庭住址", "Household's address") },
  AssignCase: { dueOn: field("上报处理结果期限", "Result due on") },
  CaseAssignedFromAbove: { dueOn: field("上报处理结果期限", "Result due on") },
  EscalateCase: { to: field("上报至（上一级组织编号）", "Handed up to") },
  CaseEscalated: { from: field("上报单位编号", "Handed up from"), to: field("上报至（上一级组织编号）", "Handed up to") },
  ReportCaseInformation: { to: field("报告至（上一级组织编号）", "Informed"), summary: field("报告内容", "What is reported") },
  CaseInformationReported: {
    from: field("报告单位编号", "Informed by"),
    to: field("报告至（上一级组织编号）", "Informed"),
    summary: field("报告内容", "What is reported")
  },
  CaseInformationAcknowledged: { by: field("收悉单位编号", "Acknowledged by") },
  ScheduleReceptionDay: { on: field("接待日期", "Reception day"), placeId: field("接待场所编号", "Place id") },
  ReceptionDayScheduled: {
    on: field("接待日期", "Reception day"),
    placeId: field("接待场所编号", "Place id"),
    receptionDayId: field("信访接待日编号", "Reception day id")
  },
  CaseRead: { purpose: field("查阅目的", "Purpose of the read") },
  VolunteerLeft: { leftOn: field("退出日期", "Left on") },
  RewardAssessee: { title: field("授予称号", "Title given") },
  AssessmentRewardGiven: { title: field("授予称号", "Title given") },
  RecordTraining: { topic: field("培训主题", "Topic of the training"), hours: field("培训学时（小时）", "Hours"), attendees: field("参训人员", "Attendees") },
  TrainingRecorded: { topic: field("培训主题", "Topic of the training"), hours: field("培训学时（小时）", "Hours"), attendees: field("参训人员", "Attendees") }
}

/**
 * The label of a field of a command or event: its override, else its label as `parent.name`,
 * else by its name — or nothing, for a field no table labels (a test keeps there being none).
 * `path` goes through lists as `*` (`["parties", "*", "name"]`).
 */
export const fieldLabel = (tag: Domain.Command["_tag"] | Domain.Event["_tag"], path: ReadonlyArray<string>): FieldLabel | undefined => {
  const own = (table: { readonly [key: string]: FieldLabel } | undefined, key: string) =>
    table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined
  const named = path.filter((p) => p !== "*")
  return own(overrides[tag], path.join(".")) ?? (named.length > 1 ? own(fields, named.slice(-2).join(".")) : undefined) ??
    own(fields, named[named.length - 1] ?? "")
}
