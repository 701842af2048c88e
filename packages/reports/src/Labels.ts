/**
 * 标签: every word a rendered report shows, in Chinese (zh-CN, the default) and English, in
 * one table. Renderers look labels up here and write none of their own, so a language is
 * added (or a word changed) in this file only.
 *
 *   Labels.label("kind.annual")                 // "年度工作总结"
 *   Labels.label("kind.annual", "en")           // "Annual work summary"
 *   Labels.label("heading", "en", { organization: "Qijiashan Street", kind: "…", period: "2023" })
 *
 * @since 0.1.0
 */

/** The languages of the labels. */
export const locales = ["zh-CN", "en"] as const

/** A language of the labels: `zh-CN` (简体中文, the default) or `en`. */
export type Locale = (typeof locales)[number]

/** The language used when none is asked for. */
export const defaultLocale: Locale = "zh-CN"

/** Whether a string names a language of the labels. */
export const isLocale = (s: string): s is Locale => (locales as ReadonlyArray<string>).includes(s)

/**
 * The label table. A label may hold `{name}` placeholders, filled by `label`'s `values`.
 * Keys of enumerations are `{enumeration}.{literal}` with the core's own literals.
 */
export const labels = {
  // Titles and header
  "heading": { "zh-CN": "{organization}{kind}（{period}）", en: "{organization}: {kind} ({period})" },
  "kind.monthly": { "zh-CN": "月报", en: "Monthly report" },
  "kind.half-year": { "zh-CN": "半年工作小结", en: "Half-year work summary" },
  "kind.annual": { "zh-CN": "年度工作总结", en: "Annual work summary" },
  "header.organization": { "zh-CN": "组织", en: "Organization" },
  "header.level": { "zh-CN": "层级", en: "Level" },
  "header.period": { "zh-CN": "报告期", en: "Period" },
  "header.from": { "zh-CN": "起始日期", en: "From" },
  "header.to": { "zh-CN": "截止日期", en: "To" },
  "header.reportId": { "zh-CN": "报表编号", en: "Report id" },
  "header.sentTo": { "zh-CN": "报送单位", en: "Sent to" },
  "header.submittedAt": { "zh-CN": "上报时间", en: "Submitted at" },
  "header.position": { "zh-CN": "计算所据日志位置", en: "Computed from log position" },
  "header.contentHash": { "zh-CN": "内容哈希（SHA-256）", en: "Content hash (SHA-256)" },
  "header.corrects": { "zh-CN": "更正报表", en: "Corrects report" },
  "header.yearToDateFrom": { "zh-CN": "累计起始日期", en: "Year to date from" },
  "header.attestation": { "zh-CN": "报送与核验", en: "Submission and attestation" },
  "none": { "zh-CN": "无", en: "None" },
  "total": { "zh-CN": "合计", en: "Total" },

  // CSV columns
  "csv.section": { "zh-CN": "栏目", en: "Section" },
  "csv.table": { "zh-CN": "表", en: "Table" },
  "csv.item": { "zh-CN": "项目", en: "Item" },
  "csv.measure": { "zh-CN": "指标", en: "Measure" },
  "csv.value": { "zh-CN": "数值", en: "Value" },

  // Sections
  "section.header": { "zh-CN": "报表信息", en: "Report" },
  "section.cases": { "zh-CN": "信访维权案件", en: "Cases" },
  "section.visits": { "zh-CN": "妇女代表联系户走访", en: "Representatives' contact visits" },
  "section.activities": { "zh-CN": "活动开展", en: "Activities" },
  "section.health": { "zh-CN": "妇女健康", en: "Women's health" },
  "section.mediation": { "zh-CN": "矛盾纠纷调解与维权", en: "Mediation and rights protection" },
  "section.volunteers": { "zh-CN": "巾帼志愿者与结对帮扶", en: "Volunteers and pairs" },
  "section.donations": { "zh-CN": "募捐与救助", en: "Donations and relief" },
  "section.awards": { "zh-CN": "评比表彰", en: "Awards" },
  "section.elections": { "zh-CN": "换届选举", en: "Elections" },
  "section.meetings": { "zh-CN": "会议", en: "Meetings" },
  "section.organizations": { "zh-CN": "组织建设", en: "Organizations" },
  "section.byOrganization": { "zh-CN": "分组织情况", en: "By organization" },
  "section.overview": { "zh-CN": "总体情况", en: "Overview" },
  "section.mothers": { "zh-CN": "母亲素养工程（家庭教育）", en: "The mothers' programme (family education)" },
  "section.care": { "zh-CN": "关爱特殊人群：志愿服务与募捐救助", en: "Care: volunteers, donations and relief" },
  "section.targets": { "zh-CN": "年度工作目标完成情况", en: "The year's targets and results" },
  "section.problems": { "zh-CN": "存在的问题", en: "Problems" },
  "section.next-year": { "zh-CN": "明年工作打算", en: "Next year's plan" },
  "section.next-month": { "zh-CN": "下月工作安排", en: "Next month's plan" },

  // Tables
  "table.summary": { "zh-CN": "概况", en: "Summary" },
  "table.byKind": { "zh-CN": "按活动类型", en: "By kind of activity" },
  "table.byTheme": { "zh-CN": "按主题", en: "By theme" },
  "table.byMonth": { "zh-CN": "活动按月统计", en: "Activities by month" },
  "table.byCategory": { "zh-CN": "按案件类别", en: "By category" },
  "table.byOutcome": { "zh-CN": "调解场次结果", en: "Outcomes of mediation sessions" },
  "table.byResolution": { "zh-CN": "结案方式", en: "How cases were resolved" },
  "table.byLevel": { "zh-CN": "结案层级（小事不出社区，大事不出街道）", en: "Level where cases were resolved" },
  "table.byMethod": { "zh-CN": "按联系方式", en: "By method" },
  "table.campaigns": { "zh-CN": "评比项目", en: "Campaigns" },
  "table.terms": { "zh-CN": "执委会换届", en: "Committees elected" },
  "table.withoutMonthlyMeeting": { "zh-CN": "本期未召开月例会的组织", en: "Organizations that held no monthly meeting" },
  "table.organizations": { "zh-CN": "妇联组织", en: "Federation organizations" },
  "table.elections": { "zh-CN": "换届选举", en: "Elections" },
  "table.meetings": { "zh-CN": "会议与学习", en: "Meetings" },
  "table.contactVisits": { "zh-CN": "妇女代表联系户", en: "Representatives' contact visits" },
  "table.volunteers": { "zh-CN": "巾帼志愿者与结对帮扶", en: "Volunteers and pairs" },
  "table.donations": { "zh-CN": "募捐与救助", en: "Donations and relief" },
  "table.donationsByDrive": { "zh-CN": "分项募捐", en: "Donations per drive" },
  "table.targets": { "zh-CN": "年度目标与完成情况", en: "Targets and results" },
  "table.byFestival": { "zh-CN": "节日活动", en: "Festival events" },
  "table.publicity": { "zh-CN": "宣传咨询", en: "Publicity and consultation" },
  "table.twoNew": { "zh-CN": "两新组织妇建", en: "Women's organizations of enterprises and social organizations" },
  "table.building": { "zh-CN": "妇女干部队伍（进两委、后备干部）", en: "Cadres: chairs on the residents' committee, reserve cadres" },
  "table.mediators": { "zh-CN": "调解组织与调解员", en: "Mediation committee and mediators" },
  "table.perMediator": { "zh-CN": "调解员调解登记", en: "Sessions per mediator" },
  "table.study": { "zh-CN": "学习培训", en: "Study and training" },
  "table.assessments": { "zh-CN": "考核评比", en: "Assessments" },
  "table.ranking": { "zh-CN": "考核排名与奖励", en: "Rankings and rewards" },

  // Columns
  "col.item": { "zh-CN": "项目", en: "Item" },
  "col.value": { "zh-CN": "数值", en: "Value" },
  "col.count": { "zh-CN": "次数", en: "Count" },
  "col.cases": { "zh-CN": "件数", en: "Cases" },
  "col.participants": { "zh-CN": "参与人数", en: "Participants" },
  "col.beneficiaries": { "zh-CN": "受益人数", en: "Beneficiaries" },
  "col.kind": { "zh-CN": "活动类型", en: "Kind of activity" },
  "col.theme": { "zh-CN": "主题", en: "Theme" },
  "col.month": { "zh-CN": "月份", en: "Month" },
  "col.category": { "zh-CN": "案件类别", en: "Category" },
  "col.outcome": { "zh-CN": "调解结果", en: "Outcome" },
  "col.resolution": { "zh-CN": "结案方式", en: "Resolution" },
  "col.level": { "zh-CN": "层级", en: "Level" },
  "col.method": { "zh-CN": "联系方式", en: "Method" },
  "col.organization": { "zh-CN": "组织", en: "Organization" },
  "col.campaign": { "zh-CN": "评比项目", en: "Campaign" },
  "col.year": { "zh-CN": "年度", en: "Year" },
  "col.conferred": { "zh-CN": "表彰", en: "Conferred" },
  "col.confirmed": { "zh-CN": "复查确认", en: "Confirmed on re-check" },
  "col.revoked": { "zh-CN": "复查撤销", en: "Revoked on re-check" },
  "col.electedOn": { "zh-CN": "选举日期", en: "Elected on" },
  "col.members": { "zh-CN": "执委人数", en: "Members" },
  "col.activities": { "zh-CN": "活动", en: "Activities" },
  "col.casesReceived": { "zh-CN": "新登记案件", en: "Cases registered" },
  "col.casesResolved": { "zh-CN": "结案", en: "Cases resolved" },
  "col.openCases": { "zh-CN": "期末未结", en: "Open at end" },
  "col.contactVisits": { "zh-CN": "走访", en: "Contact visits" },
  "col.meetingsHeld": { "zh-CN": "会议", en: "Meetings held" },
  "col.thisMonth": { "zh-CN": "本月", en: "This month" },
  "col.yearToDate": { "zh-CN": "累计", en: "Year to date" },
  "col.drive": { "zh-CN": "募捐项目", en: "Drive" },
  "col.amount": { "zh-CN": "金额（元）", en: "Amount (yuan)" },
  "col.target": { "zh-CN": "工作目标", en: "Target" },
  "col.measure": { "zh-CN": "指标", en: "Measure" },
  "col.planned": { "zh-CN": "计划值", en: "Planned" },
  "col.actual": { "zh-CN": "完成值", en: "Actual" },
  "col.met": { "zh-CN": "完成情况", en: "Met" },
  "col.festival": { "zh-CN": "节日", en: "Festival" },
  "col.mediator": { "zh-CN": "调解员编号", en: "Mediator id" },
  "col.sessions": { "zh-CN": "调解场次", en: "Sessions" },
  "col.assessment": { "zh-CN": "考核", en: "Assessment" },
  "col.assessee": { "zh-CN": "被考核组织", en: "Assessed organization" },
  "col.total": { "zh-CN": "总分", en: "Total score" },
  "col.rank": { "zh-CN": "名次", en: "Rank" },
  "col.reward": { "zh-CN": "奖励", en: "Reward" },
  "col.concludedOn": { "zh-CN": "考核日期", en: "Concluded on" },
  "target.met": { "zh-CN": "已完成", en: "Met" },
  "target.notMet": { "zh-CN": "未完成", en: "Not met" },
  "target.notMeasured": { "zh-CN": "不计量", en: "Not measured" },
  "drive.none": { "zh-CN": "未列入募捐项目", en: "Not for a drive" },
  "section.awardsAssessments": { "zh-CN": "评比表彰与考核", en: "Awards and assessments" },
  "col.comparator": { "zh-CN": "要求", en: "Comparator" },
  "rewardKind.certificate": { "zh-CN": "证书", en: "Certificate" },
  "rewardKind.plaque": { "zh-CN": "奖牌", en: "Plaque" },
  "rewardKind.money": { "zh-CN": "奖金", en: "Money" },
  "rewardKind.goods": { "zh-CN": "奖品", en: "Goods" },
  "assessmentPeriod.half-year": { "zh-CN": "半年小结考核", en: "Half-year assessment" },
  "assessmentPeriod.year-end": { "zh-CN": "年终大检查", en: "Year-end inspection" },
  "table.awardRewards": { "zh-CN": "表彰奖励", en: "Rewards given with awards" },
  "col.nomineeKind": { "zh-CN": "表彰对象", en: "Nominees" },
  "col.rewards": { "zh-CN": "奖励（项）", en: "Rewards" },
  "nomineeKind.household": { "zh-CN": "家庭", en: "Households" },
  "nomineeKind.person": { "zh-CN": "个人", en: "Persons" },
  "nomineeKind.unit": { "zh-CN": "集体", en: "Units" },
  "target.noFigure": { "zh-CN": "无台帐数据", en: "No ledger figure" },
  "comparator.at-least": { "zh-CN": "不少于", en: "At least" },
  "comparator.at-most": { "zh-CN": "不超过", en: "At most" },

  // Measures of plan targets (WorkPlan.Measure)
  "measure.activities-held": { "zh-CN": "开展活动（场）", en: "Activities held" },
  "measure.legal-lectures": { "zh-CN": "法制讲座（场）", en: "Legal lectures" },
  "measure.health-lectures": { "zh-CN": "健康讲座（场）", en: "Health lectures" },
  "measure.health-screenings": { "zh-CN": "健康检查（场）", en: "Health screenings" },
  "measure.cancer-screenings": { "zh-CN": "两癌筛查（场）", en: "Two-cancer screenings" },
  "measure.skills-trainings": { "zh-CN": "技能培训（场）", en: "Skills trainings" },
  "measure.monthly-meetings-held": { "zh-CN": "月例会（次）", en: "Monthly meetings held" },
  "measure.plenaries-held": { "zh-CN": "全委会（次）", en: "Plenaries held" },
  "measure.trainings-held": { "zh-CN": "培训（期）", en: "Trainings held" },
  "measure.mediation-success-rate": { "zh-CN": "调解成功率（%）", en: "Mediation success rate (%)" },
  "measure.contact-visits-per-household-per-month": { "zh-CN": "妇女代表每户每月走访（次）", en: "Contact visits per household per month" },
  "measure.volunteer-service-hours": { "zh-CN": "志愿服务时长（小时）", en: "Hours of volunteer service" },

  // Measures
  "metric.casesReceived": { "zh-CN": "新登记案件（含上级交办）", en: "Cases registered (incl. assigned from above)" },
  "metric.casesAssignedFromAbove": { "zh-CN": "其中：上级交办", en: "of which assigned from above" },
  "metric.casesResolved": { "zh-CN": "结案", en: "Cases resolved" },
  "metric.escalations": { "zh-CN": "逐级上报", en: "Escalations" },
  "metric.escalatedOut": { "zh-CN": "上报至本级以上", en: "Handed up beyond this organization" },
  "metric.openAtEnd": { "zh-CN": "期末未结案件", en: "Cases open at the end of the period" },
  "metric.reopened": { "zh-CN": "反复重开", en: "Cases reopened" },
  "metric.followUpVisits": { "zh-CN": "纠纷回访", en: "Follow-up visits" },
  "metric.mediationSessions": { "zh-CN": "调解场次", en: "Mediation sessions" },
  "metric.casesMediated": { "zh-CN": "调解案件", en: "Cases mediated" },
  "metric.substantiated": { "zh-CN": "查实", en: "Substantiated" },
  "metric.contactVisits": { "zh-CN": "走访次数", en: "Visits" },
  "metric.householdsVisited": { "zh-CN": "走访户数", en: "Households visited" },
  "metric.activities": { "zh-CN": "活动次数", en: "Activities held" },
  "metric.participants": { "zh-CN": "参与人次", en: "Participants" },
  "metric.beneficiaries": { "zh-CN": "受益人次", en: "Beneficiaries" },
  "metric.screenings": { "zh-CN": "健康检查（筛查）", en: "Health screenings held" },
  "metric.screened": { "zh-CN": "受检妇女人次", en: "Women screened" },
  "metric.healthLectures": { "zh-CN": "女性健康知识讲座", en: "Health lectures" },
  "metric.lectureParticipants": { "zh-CN": "讲座参与人次", en: "Lecture attendance" },
  "metric.volunteersJoined": { "zh-CN": "新加入志愿者", en: "Volunteers joined" },
  "metric.volunteersLeft": { "zh-CN": "退出志愿者", en: "Volunteers left" },
  "metric.volunteersActive": { "zh-CN": "期末在册志愿者", en: "Volunteers at the end of the period" },
  "metric.pairsMade": { "zh-CN": "新结对", en: "Pairs made" },
  "metric.pairsAtEnd": { "zh-CN": "期末结对", en: "Pairs at the end of the period" },
  "metric.householdsPaired": { "zh-CN": "结对帮扶户数", en: "Households paired" },
  "metric.services": { "zh-CN": "志愿服务次数", en: "Services logged" },
  "metric.serviceHours": { "zh-CN": "志愿服务时长（小时）", en: "Hours of service" },
  "metric.donations": { "zh-CN": "募捐笔数", en: "Donations received" },
  "metric.donated": { "zh-CN": "募集金额（元）", en: "Amount raised (yuan)" },
  "metric.relief": { "zh-CN": "救助笔数", en: "Relief given" },
  "metric.reliefGiven": { "zh-CN": "救助金额（元）", en: "Amount of relief (yuan)" },
  "metric.conferred": { "zh-CN": "表彰", en: "Awards conferred" },
  "metric.confirmed": { "zh-CN": "复查确认", en: "Confirmed on re-check" },
  "metric.revoked": { "zh-CN": "复查撤销", en: "Revoked on re-check" },
  "metric.committeesElected": { "zh-CN": "执委会换届选举", en: "Committees elected" },
  "metric.electionsFiled": { "zh-CN": "换届报上级备案", en: "Elections filed with the level above" },
  "metric.membersByElected": { "zh-CN": "增补执委", en: "Members by-elected" },
  "metric.representativesElected": { "zh-CN": "选举（确认）妇女代表", en: "Representatives elected" },
  "metric.decisionsTaken": { "zh-CN": "会议决定事项", en: "Decisions taken" },
  "metric.decisionsDone": { "zh-CN": "决定事项已落实", en: "Decisions done" },
  "metric.organizations": { "zh-CN": "组织数", en: "Organizations" },
  "metric.cancerScreenings": { "zh-CN": "两癌筛查（场）", en: "Two-cancer screenings held" },
  "metric.cancerScreened": { "zh-CN": "两癌筛查受检妇女人次", en: "Women screened for the two cancers" },
  "metric.threeChecks": { "zh-CN": "三查（场）", en: "Three-checks sessions held" },
  "metric.threeChecksScreened": { "zh-CN": "三查受检妇女人次", en: "Women given the three checks" },
  "metric.healthConsultations": { "zh-CN": "健康咨询（场）", en: "Health consultations held" },
  "metric.materialsHandedOut": { "zh-CN": "发放宣传资料（份）", en: "Materials handed out (copies)" },
  "metric.consultationsGiven": { "zh-CN": "接受咨询（人次）", en: "Consultations given" },
  "metric.enterprisesReached": { "zh-CN": "进企业（家）", en: "Enterprises reached" },
  "metric.staffReached": { "zh-CN": "受益企业职工（人）", en: "Enterprise staff reached" },
  "metric.twoNewEnterprise": { "zh-CN": "企业妇女组织", en: "Women's organizations of enterprises" },
  "metric.twoNewSocial": { "zh-CN": "社会组织妇女组织", en: "Women's organizations of social organizations" },
  "metric.twoNewTotal": { "zh-CN": "两新组织妇女组织合计", en: "Women's organizations of both, in all" },
  "metric.organizationsBelow": { "zh-CN": "下属组织数", en: "Organizations below" },
  "metric.chairsInOffice": { "zh-CN": "主席在任", en: "Chairs in office" },
  "metric.chairsOnResidentsCommittee": { "zh-CN": "主席进两委", en: "Chairs on the residents' committee" },
  "metric.reserveCadres": { "zh-CN": "后备干部", en: "Reserve cadres" },
  "metric.mediationCommittees": { "zh-CN": "调解组织", en: "Mediation committees" },
  "metric.mediators": { "zh-CN": "在册调解员", en: "Mediators serving" },
  "metric.volunteerMediators": { "zh-CN": "其中：义务调解员", en: "of which volunteers" },
  "metric.cadreMediators": { "zh-CN": "其中：干部调解员", en: "of which cadres" },
  "metric.mediatorsAppointed": { "zh-CN": "新聘调解员", en: "Mediators appointed" },
  "metric.mediatorsLeft": { "zh-CN": "离任调解员", en: "Mediators who left" },
  "metric.mediatorSessions": { "zh-CN": "调解员参与调解场次", en: "Sessions with the committee's mediators" },
  "metric.mediatorAgreements": { "zh-CN": "其中：达成协议", en: "of which agreement reached" },
  "metric.mediatorCases": { "zh-CN": "调解员调解案件", en: "Cases mediated by them" },
  "metric.mediatorTrainings": { "zh-CN": "调解员培训（期）", en: "Trainings of mediators" },
  "metric.mediatorTrainingHours": { "zh-CN": "调解员培训时长（小时）", en: "Hours of mediators' training" },
  "metric.monthlyMeetingsHeld": { "zh-CN": "月例会", en: "Monthly meetings held" },
  "metric.withStudy": { "zh-CN": "其中：有学习内容", en: "of which with study" },
  "metric.trainings": { "zh-CN": "培训（期）", en: "Trainings given" },
  "metric.trainingHours": { "zh-CN": "培训时长（小时）", en: "Hours of training" },
  "metric.trainingAttendances": { "zh-CN": "培训人次", en: "Attendances at trainings" },
  "metric.assessments": { "zh-CN": "完成考核", en: "Assessments concluded" },
  "metric.assessmentRewards": { "zh-CN": "考核奖励", en: "Rewards given on assessments" },
  "metric.assessmentRewardYuan": { "zh-CN": "考核奖金（元）", en: "Reward money (yuan)" },

  // Levels (Organization.Level)
  "level.building": { "zh-CN": "楼栋", en: "Building" },
  "level.community": { "zh-CN": "村（社区）", en: "Community" },
  "level.street": { "zh-CN": "街道（乡镇）", en: "Street" },
  "level.district": { "zh-CN": "区（县）", en: "District" },
  "level.city": { "zh-CN": "市", en: "City" },

  // Kinds of activity (Activity.ActivityKind)
  "activityKind.women-achievement": { "zh-CN": "巾帼建功", en: "Women's achievement" },
  "activityKind.five-good-family": { "zh-CN": "五好文明家庭创建", en: "Five-Good Family creation" },
  "activityKind.learn-and-compete": { "zh-CN": "双学双比", en: "Learn and compete" },
  "activityKind.festival": { "zh-CN": "节日活动", en: "Festival events" },
  "activityKind.legal-lecture": { "zh-CN": "法制讲座", en: "Legal lectures" },
  "activityKind.health-lecture": { "zh-CN": "健康讲座", en: "Health lectures" },
  "activityKind.health-screening": { "zh-CN": "健康检查（两癌筛查）", en: "Health screenings" },
  "activityKind.skills-training": { "zh-CN": "技能培训", en: "Skills training" },
  "activityKind.charity-drive": { "zh-CN": "爱心募捐", en: "Charity drives" },
  "activityKind.other": { "zh-CN": "其他", en: "Other" },
  "activityKind.cancer-screening": { "zh-CN": "两癌筛查", en: "Two-cancer screenings" },
  "activityKind.three-checks": { "zh-CN": "三查", en: "Three checks" },
  "activityKind.family-education": { "zh-CN": "母亲讲堂（家长学校）", en: "Family-education lectures" },
  "activityKind.health-consultation": { "zh-CN": "健康咨询", en: "Health consultations" },
  "activityKind.legal-consultation": { "zh-CN": "法律咨询", en: "Legal consultations" },

  // Festivals (Activity.Festival)
  "festival.new-year": { "zh-CN": "元旦", en: "New Year's Day" },
  "festival.spring-festival": { "zh-CN": "春节", en: "Spring Festival" },
  "festival.lantern-festival": { "zh-CN": "元宵节", en: "Lantern Festival" },
  "festival.womens-day": { "zh-CN": "三八妇女节", en: "Women's Day (8 March)" },
  "festival.mothers-day": { "zh-CN": "母亲节", en: "Mother's Day" },
  "festival.childrens-day": { "zh-CN": "六一儿童节", en: "Children's Day (1 June)" },
  "festival.dragon-boat": { "zh-CN": "端午节", en: "Dragon Boat Festival" },
  "festival.qixi": { "zh-CN": "七夕", en: "Qixi Festival" },
  "festival.mid-autumn": { "zh-CN": "中秋节", en: "Mid-Autumn Festival" },
  "festival.double-ninth": { "zh-CN": "重阳节", en: "Double Ninth Festival" },
  "festival.national-day": { "zh-CN": "国庆节", en: "National Day" },

  // Case categories (Case.Category)
  "category.ordinary-dispute": { "zh-CN": "矛盾纠纷", en: "Ordinary disputes" },
  "category.rights-infringement": { "zh-CN": "侵权", en: "Rights infringements" },
  "category.domestic-violence": { "zh-CN": "家庭暴力", en: "Domestic violence" },
  "category.other": { "zh-CN": "其他", en: "Other" },

  // Resolutions (Case.Resolution)
  "resolution.mediated-agreement": { "zh-CN": "调解成功", en: "Mediated agreement" },
  "resolution.assisted": { "zh-CN": "帮扶答复", en: "Assisted or answered" },
  "resolution.referred-to-court": { "zh-CN": "引导诉讼", en: "Referred to court" },
  "resolution.referred-to-police": { "zh-CN": "移交公安", en: "Referred to the police" },
  "resolution.referred-to-department": { "zh-CN": "移交有关部门", en: "Referred to a department" },
  "resolution.withdrawn": { "zh-CN": "撤回", en: "Withdrawn" },
  "resolution.other": { "zh-CN": "其他", en: "Other" },

  // Outcomes of mediation sessions (Case.SessionOutcome)
  "sessionOutcome.agreement-reached": { "zh-CN": "达成协议", en: "Agreement reached" },
  "sessionOutcome.no-agreement": { "zh-CN": "未达成协议", en: "No agreement" },
  "sessionOutcome.adjourned": { "zh-CN": "择期再调", en: "Adjourned" },

  // Methods of contact (Representation.VisitMethod)
  "visitMethod.home-visit": { "zh-CN": "串门家访", en: "Home visit" },
  "visitMethod.phone": { "zh-CN": "电话", en: "Phone" },
  "visitMethod.daily-contact": { "zh-CN": "日常接触", en: "Daily contact" },
  "visitMethod.talk": { "zh-CN": "聊天谈心", en: "Talk" },

  // Kinds of meeting (Meeting.Kind)
  "meetingKind.monthly": { "zh-CN": "月例会", en: "Monthly meetings" },
  "meetingKind.plenary": { "zh-CN": "季度全委会", en: "Quarterly plenaries" },
  "meetingKind.congress": { "zh-CN": "妇女代表大会", en: "Women's congresses" }
} as const satisfies Record<string, Readonly<Record<Locale, string>>>

/** The key of a label. */
export type LabelKey = keyof typeof labels

/**
 * The label of a key in a language, with its `{name}` placeholders filled from `values`
 * (a placeholder with no value is left as written).
 */
export const label = (key: LabelKey, locale: Locale = defaultLocale, values: Readonly<Record<string, string | number>> = {}): string =>
  labels[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
