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

  // Tables
  "table.summary": { "zh-CN": "概况", en: "Summary" },
  "table.byKind": { "zh-CN": "按活动类型", en: "By kind of activity" },
  "table.byTheme": { "zh-CN": "按主题", en: "By theme" },
  "table.byCategory": { "zh-CN": "按案件类别", en: "By category" },
  "table.byOutcome": { "zh-CN": "调解场次结果", en: "Outcomes of mediation sessions" },
  "table.byResolution": { "zh-CN": "结案方式", en: "How cases were resolved" },
  "table.byLevel": { "zh-CN": "结案层级（小事不出社区，大事不出街道）", en: "Level where cases were resolved" },
  "table.byMethod": { "zh-CN": "按联系方式", en: "By method" },
  "table.campaigns": { "zh-CN": "评比项目", en: "Campaigns" },
  "table.terms": { "zh-CN": "执委会换届", en: "Committees elected" },
  "table.withoutMonthlyMeeting": { "zh-CN": "本期未召开月例会的组织", en: "Organizations that held no monthly meeting" },

  // Columns
  "col.item": { "zh-CN": "项目", en: "Item" },
  "col.value": { "zh-CN": "数值", en: "Value" },
  "col.count": { "zh-CN": "次数", en: "Count" },
  "col.cases": { "zh-CN": "件数", en: "Cases" },
  "col.participants": { "zh-CN": "参与人数", en: "Participants" },
  "col.beneficiaries": { "zh-CN": "受益人数", en: "Beneficiaries" },
  "col.kind": { "zh-CN": "活动类型", en: "Kind of activity" },
  "col.theme": { "zh-CN": "主题", en: "Theme" },
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
