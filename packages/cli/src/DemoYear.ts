/**
 * 示范年度: a realistic year (2025) of a street women's federation and its five communities, as
 * the commands its cadres would give, dated through the year — modelled on seed 003 (a street
 * federation's year-end summary). `plan` lists them; `seed` runs each through the domain
 * (`Domain.execute`) with Effect's `Clock` set to the moment it was given, so every event is
 * dated in the year and every rule of the domain applies.
 *
 * The year holds: the district and street above, five communities with committees elected
 * (terms: one not synchronized with the residents' committee, one filed late), representatives
 * and 16–24 households per community linked 3–5 per representative (one under target, some
 * households without a representative, one representative stepping down), contact visits;
 * cases — disputes mediated in the communities, an ordinary dispute handed up on the three
 * conditions (after a first attempt refused for want of a party's request), a sudden case
 * escalated within hours, a typical case escalated late, a domestic-violence case resolved as
 * substantiated, cases assigned from above, a relapse reopened; the Five-Good Civilized Family
 * campaigns (2024's conferred in January and re-checked in December, one award revoked after
 * the domestic-violence finding; 2025's scored and conferred, with the same household refused a
 * nomination) and 十佳好婆媳; monthly meetings, quarterly plenaries and congresses with decisions
 * and follow-ups; activities (三八, 六一, lectures, screenings, trainings, charity drives),
 * donations and relief; volunteers who join with consent and are paired with empty-nest
 * households; and the half-year and year-end assessments of the communities.
 *
 * The plan is deterministic: a fixed pseudo-random sequence, and command ids derived from it,
 * so two seeded stores hold the same commands and events (event ids aside, which the command
 * handler draws itself).
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import { v7 as uuidv7 } from "uuid"
import type { Actor } from "@fulian/core/Actor"
import type { EventStore, EventStoreError } from "@fulian/store/EventStore"
import * as Domain from "@fulian/core/Domain"
import type { Policy } from "@fulian/core/Policy"
import type { InvalidCommand } from "@fulian/core/Command"
import { addDays } from "@fulian/core/Time"

/** The year the demo covers. */
export const year = 2025

/**
 * The correlation id every command of the demo carries: seeding the year is one piece of work,
 * and a store whose first event carries it holds a demo.
 */
export const correlationId = `fulian-demo-${year}`

/** One command of the plan, with the moment it is given. */
export interface Step {
  /** When the command is given: the clock is set to this (epoch ms). */
  readonly at: number
  readonly command: Domain.Command
  /**
   * The `_tag` of the error the domain is expected to refuse it with: the demo shows a rule at
   * work (a hand-up without the three conditions, a nomination barred by 零家庭暴力).
   */
  readonly expect?: string
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small, well-mixed 32-bit generator; the same seed gives the same year. */
const generator = (seed: number) => {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(next() * items.length)]!
  const some = <A>(items: ReadonlyArray<A>, min: number, max: number): Array<A> => {
    const pool = [...items]
    const taken: Array<A> = []
    const n = Math.min(pool.length, int(min, max))
    for (let i = 0; i < n; i++) taken.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!)
    return taken
  }
  const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(next() * 256))
  return { next, int, pick, some, bytes }
}

// ---------------------------------------------------------------------------------------------
// People and places
// ---------------------------------------------------------------------------------------------

const surnames: ReadonlyArray<readonly [string, string]> = [
  ["王", "wang"], ["李", "li"], ["张", "zhang"], ["刘", "liu"], ["陈", "chen"], ["杨", "yang"], ["赵", "zhao"],
  ["黄", "huang"], ["周", "zhou"], ["吴", "wu"], ["徐", "xu"], ["孙", "sun"], ["胡", "hu"], ["朱", "zhu"],
  ["高", "gao"], ["林", "lin"], ["何", "he"], ["郭", "guo"], ["马", "ma"], ["罗", "luo"], ["戚", "qi"], ["俞", "yu"]
]
const givenNames: ReadonlyArray<readonly [string, string]> = [
  ["芳", "fang"], ["娟", "juan"], ["敏", "min"], ["静", "jing"], ["丽", "li"], ["艳", "yan"], ["霞", "xia"],
  ["秀英", "xiuying"], ["桂英", "guiying"], ["玉兰", "yulan"], ["丽华", "lihua"], ["美玲", "meiling"],
  ["红梅", "hongmei"], ["雪梅", "xuemei"], ["春燕", "chunyan"], ["海燕", "haiyan"], ["晓红", "xiaohong"],
  ["慧", "hui"], ["琳", "lin"], ["佳", "jia"], ["素珍", "suzhen"], ["月娥", "yue-e"], ["凤英", "fengying"], ["巧云", "qiaoyun"]
]

interface Person {
  readonly id: string
  readonly name: string
}

/** The 2025 calendar, as Beijing local times: `at("2025-03-07", "19:30")`. */
const at = (date: string, time: string): number => Date.parse(`${date}T${time}:00+08:00`)

const pad = (n: number, width = 2): string => String(n).padStart(width, "0")
const dateIn = (month: number, day: number): string => `${year}-${pad(month)}-${pad(day)}`

/** A community of the street, as the demo sets it up. */
interface CommunitySpec {
  readonly id: string
  readonly name: string
  readonly street: string
  /** Its congress: the election of its committee and representatives. */
  readonly electedOn: string
  readonly residentsCommitteeElectedOn: string
  readonly filedOn: string
  readonly households: number
  /** Households linked to each representative, in order. */
  readonly links: ReadonlyArray<number>
  /** The ordinal (第N届) of the congress that elects this year's committee. */
  readonly congressNumber: string
}

const communitySpecs: ReadonlyArray<CommunitySpec> = [
  { id: "dongsheng", name: "东升社区妇联", street: "东升路", electedOn: "2025-01-10", residentsCommitteeElectedOn: "2025-01-08", filedOn: "2025-01-17", households: 22, links: [5, 5, 4, 4, 2], congressNumber: "第五届" },
  { id: "qingbo", name: "青波社区妇联", street: "青波巷", electedOn: "2025-01-14", residentsCommitteeElectedOn: "2025-01-12", filedOn: "2025-01-21", households: 18, links: [5, 4, 4, 3], congressNumber: "第四届" },
  // Filed 47 days after the election: the term ledger shows it overdue (备案逾期).
  { id: "liuan", name: "柳岸社区妇联", street: "柳岸街", electedOn: "2025-01-17", residentsCommitteeElectedOn: "2025-01-15", filedOn: "2025-03-05", households: 20, links: [4, 4, 4, 4, 3], congressNumber: "第五届" },
  { id: "guihua", name: "桂花社区妇联", street: "桂花弄", electedOn: "2025-02-14", residentsCommitteeElectedOn: "2025-02-12", filedOn: "2025-02-21", households: 16, links: [4, 4, 4, 3], congressNumber: "第三届" },
  // The residents' committee was elected in October 2024: not synchronized (未同步换届).
  { id: "fenglin", name: "枫林社区妇联", street: "枫林路", electedOn: "2025-02-21", residentsCommitteeElectedOn: "2024-10-18", filedOn: "2025-03-03", households: 24, links: [4, 4, 4, 4, 4, 3], congressNumber: "第四届" }
]

/** The district above the street. */
export const district = { id: "binhai", name: "滨海区妇联" } as const

/** The street federation whose year it is; its annual work summary is the demo's report. */
export const street = { id: "qingshan", name: "青山街道妇联" } as const

const circumstanceSets: ReadonlyArray<ReadonlyArray<"low-income" | "empty-nest-elderly" | "left-behind-children" | "disability" | "single-parent">> = [
  [], [], [], [], [], [], ["empty-nest-elderly"], ["low-income"], ["left-behind-children"], ["disability"], ["single-parent"],
  ["low-income", "disability"], ["empty-nest-elderly", "low-income"]
]

const visitNotes: ReadonlyArray<string> = [
  "了解老人身体状况,提醒冬季防寒防滑",
  "宣传《反家庭暴力法》和妇女维权热线12338",
  "询问孩子暑期安排,介绍社区四点钟学校",
  "倾听婆媳之间的矛盾,劝导相互体谅",
  "帮助联系社区卫生服务中心预约两癌筛查",
  "了解家庭就业情况,介绍妇女之家技能培训",
  "宣传五好文明家庭评选标准,鼓励参与",
  "关心低保申报进展,协助准备材料",
  "与户主聊天谈心,了解生活困难",
  "宣传垃圾分类和移风易俗"
]

const studyTopics: ReadonlyArray<string> = [
  "学习全国两会精神与年度妇联工作要点",
  "学习《中华人民共和国妇女权益保障法》",
  "学习《反家庭暴力法》,部署三八维权周",
  "学习家庭家教家风建设有关论述",
  "学习《民法典》婚姻家庭编",
  "部署六一儿童节关爱活动",
  "学习基层妇联组织建设有关文件",
  "部署暑期七彩少儿月活动",
  "学习《未成年人保护法》",
  "部署健康关心月与两癌筛查",
  "学习法治宣传教育有关要求,部署法制宣传月",
  "年终总结与台帐整理"
]

/** Everything the plan is built from, drawn once from the fixed seed. */
const buildPlan = (): ReadonlyArray<Step> => {
  const random = generator(20250308)
  const steps: Array<{ at: number; seq: number; command: Domain.Command; expect?: string }> = []
  const add = (when: number, command: Domain.Command, expect?: string) => {
    steps.push(expect === undefined ? { at: when, seq: steps.length, command } : { at: when, seq: steps.length, command, expect })
  }

  const usedIds = new Set<string>()
  const person = (): Person => {
    for (;;) {
      const [s, sp] = random.pick(surnames)
      const [g, gp] = random.pick(givenNames)
      const id = `${sp}-${gp}`
      if (!usedIds.has(id)) {
        usedIds.add(id)
        return { id, name: `${s}${g}` }
      }
    }
  }
  const who = (p: Person, role: Actor["role"], organization: string): Actor => ({ person: p.id, role, organization })

  // -------------------------------------------------------------------------------------------
  // The organizations (§1), registered on the first working day of the year.
  // -------------------------------------------------------------------------------------------
  const districtCadre = person()
  const streetCadre = person()
  add(at("2025-01-02", "09:00"), {
    _tag: "RegisterOrganization",
    actor: who(districtCadre, "upper-cadre", district.id),
    organizationId: district.id,
    name: district.name,
    level: "district"
  })
  add(at("2025-01-02", "09:05"), {
    _tag: "RegisterOrganization",
    actor: who(districtCadre, "upper-cadre", district.id),
    organizationId: street.id,
    name: street.name,
    level: "street",
    parentId: district.id
  })
  communitySpecs.forEach((c, i) => {
    add(at("2025-01-02", `09:${pad(10 + i)}`), {
      _tag: "RegisterOrganization",
      actor: who(streetCadre, "upper-cadre", street.id),
      organizationId: c.id,
      name: c.name,
      level: "community",
      parentId: street.id
    })
  })

  // -------------------------------------------------------------------------------------------
  // The street's committee, elected in 2023 and recorded now; a vice-chair leaves in June and a
  // member is by-elected in September (增补).
  // -------------------------------------------------------------------------------------------
  const streetChair = person()
  const streetVice = [person(), person()]
  const streetMembers = [person(), person(), person(), person()]
  const streetTerm = "qingshan-3"
  const streetCongress = "青山街道第三届妇女代表大会"
  add(at("2025-01-02", "10:00"), {
    _tag: "ElectExecutiveCommittee",
    actor: who(districtCadre, "upper-cadre", district.id),
    reason: "补录2023年换届选举结果",
    termId: streetTerm,
    organizationId: street.id,
    congressSession: `${streetCongress}第一次会议`,
    electedOn: "2023-03-24",
    startsOn: "2023-03-24",
    residentsCommitteeElectedOn: "2023-03-24",
    members: [
      { personId: streetChair.id, name: streetChair.name, position: "chair" },
      ...streetVice.map((p) => ({ personId: p.id, name: p.name, position: "vice-chair" as const })),
      ...streetMembers.map((p) => ({ personId: p.id, name: p.name, position: "member" as const }))
    ]
  })
  add(at("2025-01-02", "10:10"), {
    _tag: "FileElection",
    actor: who(districtCadre, "upper-cadre", district.id),
    organizationId: street.id,
    termId: streetTerm,
    filedOn: "2023-04-07",
    filedWith: district.id
  })
  const streetNewMember = person()
  const streetCommittee = (date: string): ReadonlyArray<Person> => [
    streetChair,
    ...(date < "2025-06-30" ? streetVice : [streetVice[0]!]),
    ...streetMembers,
    ...(date >= "2025-09-12" ? [streetNewMember] : [])
  ]
  const streetChairActor = who(streetChair, "chair", street.id)
  const streetViceActor = who(streetVice[0]!, "vice-chair", street.id)
  add(at("2025-06-30", "16:00"), {
    _tag: "RecordMemberLeft",
    actor: streetChairActor,
    reason: "调任区妇联工作",
    organizationId: street.id,
    termId: streetTerm,
    personId: streetVice[1]!.id,
    leftOn: "2025-06-30"
  })
  add(at("2025-09-12", "16:30"), {
    _tag: "ByElectMember",
    actor: streetChairActor,
    reason: "补足执委会缺额",
    organizationId: street.id,
    termId: streetTerm,
    member: { personId: streetNewMember.id, name: streetNewMember.name, position: "member" },
    congressSession: `${streetCongress}第三次会议`,
    electedOn: "2025-09-12"
  })

  // -------------------------------------------------------------------------------------------
  // The communities: congress, committee, representatives, households and their links.
  // -------------------------------------------------------------------------------------------
  interface Community extends CommunitySpec {
    readonly chair: Person
    readonly vice: Person
    readonly members: ReadonlyArray<Person>
    readonly mediator: Person
    readonly representatives: Array<Person>
    readonly households: number
    readonly householdIds: ReadonlyArray<string>
    readonly circumstances: Map<string, ReadonlyArray<string>>
    /** Representative of each household, as linked. */
    readonly linkOf: Map<string, { representative: Person; since: string }>
  }
  const communities: Array<Community> = communitySpecs.map((spec) => {
    const circumstances = new Map<string, ReadonlyArray<string>>()
    const householdIds = Array.from({ length: spec.households }, (_, i) => `${spec.id}-h${pad(i + 1)}`)
    return {
      ...spec,
      chair: person(),
      vice: person(),
      members: [person(), person(), person()],
      mediator: person(),
      representatives: spec.links.map(() => person()),
      householdIds,
      circumstances,
      linkOf: new Map()
    }
  })
  const committeeOf = (c: Community) => [c.chair, c.vice, ...c.members]
  const chairOf = (c: Community) => who(c.chair, "chair", c.id)
  const viceOf = (c: Community) => who(c.vice, "vice-chair", c.id)
  const congressOf = (c: Community) => `${c.name.replace("妇联", "")}${c.congressNumber}妇女代表大会第一次会议`

  for (const c of communities) {
    // Households are registered in the first week of January, by the community's chair.
    c.householdIds.forEach((householdId, i) => {
      const fixed = i === 0 ? ["empty-nest-elderly"] as const : i === 1 ? ["empty-nest-elderly", "disability"] as const : undefined
      const circumstances = fixed ?? random.pick(circumstanceSets)
      c.circumstances.set(householdId, circumstances)
      const head = person()
      add(at(dateIn(1, 3 + communities.indexOf(c)), `${pad(9 + Math.floor(i / 6))}:${pad((i % 6) * 10)}`), {
        _tag: "RegisterHousehold",
        actor: chairOf(c),
        householdId,
        organizationId: c.id,
        headName: head.name,
        address: `${c.street}${random.int(1, 40)}号${random.int(1, 6)}幢${random.int(1, 6)}0${random.int(1, 4)}室`,
        circumstances: [...circumstances]
      })
    })

    // The congress: scheduled ten days before, held on the election day with the year's report
    // and plan; it elects the committee (recorded by the street's cadre, the first election on
    // record) and the representatives.
    const congressId = `${c.id}-${year}-congress`
    const scheduledOn = addDays(c.electedOn, -10) < "2025-01-03" ? "2025-01-03" : addDays(c.electedOn, -10)
    add(at(scheduledOn, "10:00"), {
      _tag: "ScheduleMeeting",
      actor: chairOf(c),
      meetingId: congressId,
      organizationId: c.id,
      kind: "congress",
      date: c.electedOn,
      topic: `${congressOf(c)}:换届选举,审议工作报告和工作计划`
    })
    add(at(c.electedOn, "11:30"), {
      _tag: "ElectExecutiveCommittee",
      actor: who(streetCadre, "upper-cadre", street.id),
      termId: `${c.id}-${year}`,
      organizationId: c.id,
      congressSession: congressOf(c),
      electedOn: c.electedOn,
      startsOn: c.electedOn,
      residentsCommitteeElectedOn: c.residentsCommitteeElectedOn,
      members: [
        { personId: c.chair.id, name: c.chair.name, position: "chair" },
        { personId: c.vice.id, name: c.vice.name, position: "vice-chair" },
        ...c.members.map((m) => ({ personId: m.id, name: m.name, position: "member" as const }))
      ]
    })
    add(at(c.electedOn, "15:00"), {
      _tag: "RecordMeetingHeld",
      actor: chairOf(c),
      meetingId: congressId,
      heldOn: c.electedOn,
      attendees: [...committeeOf(c).map((p) => p.id), ...c.representatives.map((p) => p.id)],
      minutes: `选举产生新一届执委会,主席${c.chair.name};确认妇女代表${c.representatives.length}名;审议通过工作报告和工作计划。`,
      workReport: `${year - 1}年${c.name}工作报告`,
      workPlan: `${year}年${c.name}工作计划:深化幸福家庭5+5行动,落实妇女代表联系户制度`
    })
    add(at(c.electedOn, "15:30"), {
      _tag: "TakeDecision",
      actor: chairOf(c),
      meetingId: congressId,
      decisionId: "d1",
      text: "建立妇女代表联系户台帐,每位代表联系3-5户",
      ownerId: c.vice.id,
      dueOn: addDays(c.electedOn, 45)
    })
    add(at(addDays(c.electedOn, 40), "16:00"), {
      _tag: "FollowUpDecision",
      actor: chairOf(c),
      meetingId: congressId,
      decisionId: "d1",
      status: "done",
      note: "联系户台帐已建立并报街道妇联",
      followedUpOn: addDays(c.electedOn, 40)
    })
    add(at(c.filedOn, "10:00"), {
      _tag: "FileElection",
      actor: chairOf(c),
      organizationId: c.id,
      termId: `${c.id}-${year}`,
      filedOn: c.filedOn,
      filedWith: street.id
    })
    c.representatives.forEach((r, i) => {
      add(at(c.electedOn, `16:${pad(i * 5)}`), {
        _tag: "ElectRepresentative",
        actor: chairOf(c),
        organizationId: c.id,
        representativeId: r.id,
        name: r.name,
        congressSession: congressOf(c),
        electedOn: c.electedOn
      })
    })

    // Links, in the week after the congress: the first households of the list, 3–5 each.
    let next = 0
    c.links.forEach((count, i) => {
      const r = c.representatives[i]!
      const linkedOn = addDays(c.electedOn, 3 + i)
      for (let k = 0; k < count; k++) {
        const householdId = c.householdIds[next++]!
        c.linkOf.set(householdId, { representative: r, since: linkedOn })
        add(at(linkedOn, `${pad(9 + k)}:${pad(i * 7)}`), {
          _tag: "LinkHousehold",
          actor: viceOf(c),
          organizationId: c.id,
          representativeId: r.id,
          householdId
        })
      }
    })
  }

  // A representative of 青波 moves away in August: her links end; two of her households are
  // taken over by others, the third waits for a new representative.
  const qingbo = communities.find((c) => c.id === "qingbo")!
  const leaving = qingbo.representatives[3]!
  const leavingOn = "2025-08-15"
  add(at(leavingOn, "10:00"), {
    _tag: "StepDownRepresentative",
    actor: chairOf(qingbo),
    reason: "迁居外地,不再担任妇女代表",
    organizationId: qingbo.id,
    representativeId: leaving.id
  })
  const orphaned = [...qingbo.linkOf].filter(([, l]) => l.representative === leaving).map(([h]) => h)
  orphaned.forEach((householdId, i) => {
    if (i < 2) {
      const r = qingbo.representatives[i + 1]!
      add(at("2025-08-18", `10:${pad(i * 10)}`), {
        _tag: "LinkHousehold",
        actor: viceOf(qingbo),
        reason: `原联系代表${leaving.name}迁居外地`,
        organizationId: qingbo.id,
        representativeId: r.id,
        householdId
      })
    }
  })
  const linkHistory = (c: Community, householdId: string): ReadonlyArray<{ representative: Person; from: string; to: string }> => {
    const link = c.linkOf.get(householdId)
    if (link === undefined) return []
    if (c !== qingbo || link.representative !== leaving) return [{ representative: link.representative, from: link.since, to: `${year}-12-31` }]
    const i = orphaned.indexOf(householdId)
    return [
      { representative: leaving, from: link.since, to: addDays(leavingOn, -1) },
      ...(i < 2 ? [{ representative: qingbo.representatives[i + 1]!, from: "2025-08-18", to: `${year}-12-31` }] : [])
    ]
  }

  // -------------------------------------------------------------------------------------------
  // Contact visits (联系户走访): every month or two; the last representative of 东升, elected to
  // replace none and new to the work, has not visited her two households yet.
  // -------------------------------------------------------------------------------------------
  for (const c of communities) {
    for (const householdId of c.householdIds) {
      for (const span of linkHistory(c, householdId)) {
        const r = span.representative
        if (c.id === "dongsheng" && r === c.representatives[4]) continue
        let day = addDays(span.from, random.int(4, 25))
        while (day <= span.to && day <= `${year}-12-28`) {
          add(at(day, `${pad(random.int(14, 19))}:${pad(random.int(0, 59))}`), {
            _tag: "RecordContactVisit",
            actor: who(r, "representative", c.id),
            organizationId: c.id,
            representativeId: r.id,
            householdId,
            visitedOn: day,
            method: random.pick(["home-visit", "home-visit", "phone", "daily-contact", "talk"] as const),
            topics: random.some(["policy-outreach", "living-situation", "appeals-heard", "mutual-aid"] as const, 1, 3),
            notes: random.pick(visitNotes)
          })
          day = addDays(day, random.int(24, 58))
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Meetings (§6): a monthly study meeting (桂花 skipped February for the Spring Festival), a
  // plenary each quarter with every committee member notified, the street's congress in January.
  // -------------------------------------------------------------------------------------------
  interface Org {
    readonly id: string
    readonly actor: Actor
    readonly committee: (date: string) => ReadonlyArray<Person>
    readonly skipMonths: ReadonlyArray<number>
  }
  const orgs: ReadonlyArray<Org> = [
    { id: street.id, actor: streetChairActor, committee: streetCommittee, skipMonths: [] },
    ...communities.map((c): Org => ({
      id: c.id,
      actor: chairOf(c),
      committee: () => committeeOf(c),
      skipMonths: c.id === "guihua" ? [2] : []
    }))
  ]
  for (const org of orgs) {
    for (let month = 1; month <= 12; month++) {
      if (org.skipMonths.includes(month)) continue
      const date = dateIn(month, random.int(8, 15))
      const meetingId = `${org.id}-${year}-m${pad(month)}`
      add(at(addDays(date, -5), "09:30"), {
        _tag: "ScheduleMeeting",
        actor: org.actor,
        meetingId,
        organizationId: org.id,
        kind: "monthly",
        date,
        topic: studyTopics[month - 1]!
      })
      add(at(date, "17:00"), {
        _tag: "RecordMeetingHeld",
        actor: org.actor,
        meetingId,
        heldOn: date,
        attendees: org.committee(date).filter((_, i) => i === 0 || random.next() > 0.1).map((p) => p.id),
        minutes: `${studyTopics[month - 1]};通报本月工作,布置下月任务。`
      })
    }
    const quarters = [[3, 26], [6, 24], [9, 23], [12, 19]] as const
    quarters.forEach(([month, day], q) => {
      const date = dateIn(month, day)
      const meetingId = `${org.id}-${year}-q${q + 1}`
      const topic = [
        "第一季度全委会:部署幸福家庭5+5行动与五好文明家庭创建",
        "第二季度全委会:半年工作小结,部署七彩少儿月",
        "第三季度全委会:部署健康关心月与法制宣传月",
        "第四季度全委会:年终总结,五好文明家庭评选与复查"
      ][q]!
      add(at(addDays(date, -7), "09:00"), {
        _tag: "ScheduleMeeting",
        actor: org.actor,
        meetingId,
        organizationId: org.id,
        kind: "plenary",
        date,
        topic
      })
      org.committee(date).forEach((p, i) => {
        add(at(addDays(date, -3), `10:${pad(i * 3)}`), {
          _tag: "NotifyMemberOfMeeting",
          actor: org.actor,
          meetingId,
          personId: p.id,
          notifiedOn: addDays(date, -3)
        })
      })
      const committee = org.committee(date)
      add(at(date, "16:30"), {
        _tag: "RecordMeetingHeld",
        actor: org.actor,
        meetingId,
        heldOn: date,
        attendees: committee.map((p) => p.id),
        minutes: `${topic}。与会委员逐项讨论并形成决定。`
      })
      const owner = committee[1 + (q % (committee.length - 1))]!
      const dueOn = addDays(date, 40)
      add(at(date, "17:00"), {
        _tag: "TakeDecision",
        actor: org.actor,
        meetingId,
        decisionId: "d1",
        text: [
          "各妇女代表完成一季度联系户走访并登记台帐",
          "组织半年工作检查,整理各类台帐",
          "完成辖区已婚妇女两癌筛查动员",
          "完成年度五好文明家庭评选推荐与复查"
        ][q]!,
        ownerId: owner.id,
        dueOn
      })
      // 枫林 never follows up its third-quarter decision: overdue in the meeting ledger.
      const forgotten = org.id === "fenglin" && q === 2
      if (!forgotten && q < 3) {
        add(at(addDays(date, 20), "15:00"), {
          _tag: "FollowUpDecision",
          actor: org.actor,
          meetingId,
          decisionId: "d1",
          status: "in-progress",
          followedUpOn: addDays(date, 20)
        })
        add(at(addDays(date, 38), "15:00"), {
          _tag: "FollowUpDecision",
          actor: org.actor,
          meetingId,
          decisionId: "d1",
          status: "done",
          note: "已按期落实",
          followedUpOn: addDays(date, 38)
        })
      }
    })
  }
  // The street's congress, in January: the 2024 report and the 2025 plan.
  const streetCongressId = `${street.id}-${year}-congress`
  add(at("2025-01-06", "09:00"), {
    _tag: "ScheduleMeeting",
    actor: streetChairActor,
    meetingId: streetCongressId,
    organizationId: street.id,
    kind: "congress",
    date: "2025-01-16",
    topic: `${streetCongress}第二次会议:审议${year - 1}年工作报告和${year}年工作计划`
  })
  add(at("2025-01-16", "16:00"), {
    _tag: "RecordMeetingHeld",
    actor: streetChairActor,
    meetingId: streetCongressId,
    heldOn: "2025-01-16",
    attendees: [...streetCommittee("2025-01-16").map((p) => p.id), ...communities.map((c) => c.chair.id)],
    minutes: "审议通过工作报告和工作计划;发布“幸福家庭5+5行动”方案。",
    workReport: `${year - 1}年青山街道妇联工作报告`,
    workPlan: `${year}年工作计划:以创幸福家庭、建和谐青山为目标,开展幸福家庭5+5行动`
  })
  add(at("2025-01-16", "16:30"), {
    _tag: "TakeDecision",
    actor: streetChairActor,
    meetingId: streetCongressId,
    decisionId: "d1",
    text: "制作并下发幸福家庭5+5行动宣传册600份",
    ownerId: streetVice[0]!.id,
    dueOn: "2025-02-28"
  })
  add(at("2025-02-25", "10:00"), {
    _tag: "FollowUpDecision",
    actor: streetChairActor,
    meetingId: streetCongressId,
    decisionId: "d1",
    status: "done",
    note: "600份宣传册已下发至各社区",
    followedUpOn: "2025-02-25"
  })
  add(at("2025-01-16", "16:35"), {
    _tag: "TakeDecision",
    actor: streetChairActor,
    meetingId: streetCongressId,
    decisionId: "d2",
    text: "成立“青山大阿嫂”妇女调解社",
    ownerId: streetChair.id,
    dueOn: "2025-03-31"
  })
  add(at("2025-03-06", "10:00"), {
    _tag: "FollowUpDecision",
    actor: streetChairActor,
    meetingId: streetCongressId,
    decisionId: "d2",
    status: "done",
    note: "调解社于三八维权周成立,义务调解员12名",
    followedUpOn: "2025-03-06"
  })

  // -------------------------------------------------------------------------------------------
  // Cases (§4).
  // -------------------------------------------------------------------------------------------
  const streetMediators = Array.from({ length: 3 }, () => person())
  const streetMediator = (i: number) => who(streetMediators[i % streetMediators.length]!, "mediator", street.id)
  const mediatorOf = (c: Community) => who(c.mediator, "mediator", c.id)
  const party = (id: string) => {
    const p = person()
    return { partyId: id, name: p.name }
  }
  const household = (c: Community, n: number) => c.householdIds[n - 1]!

  // Ordinary disputes mediated in the communities (小事不出社区), each followed up and archived.
  const disputes: ReadonlyArray<readonly [string, string]> = [
    ["邻里因楼道堆放杂物发生争执", "双方同意清理杂物,轮流打扫楼道"],
    ["婆媳因照看孙辈发生矛盾", "经劝导双方达成分工照看协议"],
    ["夫妻因家庭开支发生争吵", "双方约定家庭开支共同商量"],
    ["楼上楼下因噪音产生纠纷", "约定晚十点后不再装修施工"],
    ["兄妹因赡养老人费用分担发生纠纷", "签订赡养协议,按月分担费用"],
    ["邻居因宠物扰民发生争执", "宠物主人承诺文明养犬"]
  ]
  let disputeNo = 0
  communities.forEach((c, ci) => {
    for (let k = 0; k < 3; k++) {
      const [narrative, outcome] = disputes[(ci + k) % disputes.length]!
      const month = 2 + ci + k * 3
      if (month > 11) continue
      const day = random.int(3, 20)
      const received = dateIn(month, day)
      const caseId = `${c.id}-${year}-${pad(++disputeNo)}`
      const late = c.id === "liuan" && k === 1
      // 柳岸 registered one letter three days after it arrived: a late registration.
      const registeredOn = late ? addDays(received, 3) : received
      add(at(registeredOn, "10:15"), {
        _tag: "RegisterCase",
        actor: mediatorOf(c),
        caseId,
        organizationId: c.id,
        receivedAt: new Date(at(received, "09:20")).toISOString(),
        channel: late ? "letter" : random.pick(["visit", "hotline", "found-in-household-visit"] as const),
        category: "ordinary-dispute",
        sudden: false,
        typicalInfringement: false,
        householdIds: [household(c, 3 + k * 2)],
        parties: [party("p1"), party("p2")],
        narrative
      })
      const mediatedOn = addDays(registeredOn, random.int(2, 6))
      add(at(mediatedOn, "14:30"), {
        _tag: "RecordMediationSession",
        actor: mediatorOf(c),
        caseId,
        heldOn: mediatedOn,
        mediators: [c.mediator.name, c.chair.name],
        outcome: "agreement-reached",
        notes: outcome
      })
      add(at(mediatedOn, "16:00"), {
        _tag: "ResolveCase",
        actor: mediatorOf(c),
        caseId,
        resolvedOn: mediatedOn,
        resolution: "mediated-agreement",
        summary: outcome
      })
      // 桂花's November case still waits for its follow-up visit at year end: overdue in the ledger.
      if (month === 11) continue
      const visitedOn = addDays(mediatedOn, random.int(10, 25))
      add(at(visitedOn, "15:00"), {
        _tag: "RecordFollowUpVisit",
        actor: mediatorOf(c),
        caseId,
        visitedOn,
        notes: "回访双方,协议履行良好,矛盾未反复"
      })
      add(at(addDays(visitedOn, 3), "11:00"), { _tag: "ArchiveCase", actor: chairOf(c), caseId })
    }
  })

  // A dispute that relapsed: 东升, a marriage quarrel resolved in March, reopened in May.
  const dongsheng = communities[0]!
  {
    const caseId = `${dongsheng.id}-${year}-relapse`
    add(at("2025-03-03", "10:00"), {
      _tag: "RegisterCase",
      actor: mediatorOf(dongsheng),
      caseId,
      organizationId: dongsheng.id,
      receivedAt: new Date(at("2025-03-03", "09:00")).toISOString(),
      channel: "visit",
      category: "ordinary-dispute",
      sudden: false,
      typicalInfringement: false,
      householdIds: [household(dongsheng, 9)],
      parties: [party("p1"), party("p2")],
      narrative: "夫妻因丈夫沉迷赌博发生激烈争吵"
    })
    add(at("2025-03-06", "15:00"), {
      _tag: "RecordMediationSession",
      actor: mediatorOf(dongsheng),
      caseId,
      heldOn: "2025-03-06",
      mediators: [dongsheng.mediator.name],
      outcome: "agreement-reached",
      notes: "丈夫写下保证书"
    })
    add(at("2025-03-06", "16:00"), { _tag: "ResolveCase", actor: mediatorOf(dongsheng), caseId, resolvedOn: "2025-03-06", resolution: "mediated-agreement" })
    add(at("2025-03-25", "15:00"), { _tag: "RecordFollowUpVisit", actor: mediatorOf(dongsheng), caseId, visitedOn: "2025-03-25", notes: "家庭关系有所缓和" })
    add(at("2025-05-12", "09:30"), { _tag: "ReopenCase", actor: mediatorOf(dongsheng), reason: "丈夫再次赌博,妻子再次求助", caseId })
    add(at("2025-05-16", "15:00"), {
      _tag: "RecordMediationSession",
      actor: mediatorOf(dongsheng),
      caseId,
      heldOn: "2025-05-16",
      mediators: [dongsheng.mediator.name, dongsheng.chair.name, streetMediators[0]!.name],
      outcome: "agreement-reached",
      notes: "联系社区禁赌宣传志愿者共同帮教"
    })
    add(at("2025-05-16", "16:00"), { _tag: "ResolveCase", actor: mediatorOf(dongsheng), caseId, resolvedOn: "2025-05-16", resolution: "mediated-agreement" })
    add(at("2025-06-10", "15:00"), { _tag: "RecordFollowUpVisit", actor: mediatorOf(dongsheng), caseId, visitedOn: "2025-06-10", notes: "未再赌博,家庭和睦" })
    add(at("2025-06-12", "10:00"), { _tag: "ArchiveCase", actor: chairOf(dongsheng), caseId })
  }

  // An ordinary dispute handed up on the three conditions (矛盾不上交, 综治 三): 青波's water
  // leak. The first attempt, before any party asked for higher mediation, is refused.
  {
    const caseId = `${qingbo.id}-${year}-leak`
    add(at("2025-04-03", "09:40"), {
      _tag: "RegisterCase",
      actor: mediatorOf(qingbo),
      caseId,
      organizationId: qingbo.id,
      receivedAt: new Date(at("2025-04-03", "09:10")).toISOString(),
      channel: "visit",
      category: "ordinary-dispute",
      sudden: false,
      typicalInfringement: false,
      householdIds: [household(qingbo, 5), household(qingbo, 6)],
      parties: [party("p1"), party("p2")],
      narrative: "楼上卫生间长期渗漏,楼下住户要求赔偿装修损失,双方多次争吵"
    })
    add(at("2025-04-08", "16:00"), {
      _tag: "RecordCaseInvestigation",
      actor: mediatorOf(qingbo),
      caseId,
      findings: "经物业查看,渗漏系楼上防水层老化所致;损失约8000元",
      preliminaryOpinion: "建议楼上住户修复防水并适当补偿"
    })
    add(at("2025-04-15", "15:00"), {
      _tag: "RecordMediationSession",
      actor: mediatorOf(qingbo),
      caseId,
      heldOn: "2025-04-15",
      mediators: [qingbo.mediator.name, qingbo.chair.name],
      outcome: "no-agreement",
      notes: "双方对赔偿金额分歧较大"
    })
    add(at("2025-04-15", "17:00"), {
      _tag: "EscalateCase",
      actor: chairOf(qingbo),
      reason: "赔偿金额分歧大,社区调解两次未果",
      caseId,
      to: street.id
    }, "CaseRejected")
    add(at("2025-04-16", "10:00"), { _tag: "RecordHigherMediationRequest", actor: mediatorOf(qingbo), caseId, partyId: "p2", requestedOn: "2025-04-16" })
    add(at("2025-04-17", "09:00"), {
      _tag: "EscalateCase",
      actor: chairOf(qingbo),
      reason: "赔偿金额分歧大,社区调解未果,当事人要求街道调处",
      caseId,
      to: street.id
    })
    add(at("2025-04-24", "15:30"), {
      _tag: "RecordMediationSession",
      actor: streetMediator(0),
      caseId,
      heldOn: "2025-04-24",
      mediators: [streetMediators[0]!.name, streetMediators[1]!.name],
      outcome: "agreement-reached",
      notes: "楼上住户负责修复防水并补偿5000元"
    })
    add(at("2025-04-24", "17:00"), { _tag: "ResolveCase", actor: streetMediator(0), caseId, resolvedOn: "2025-04-24", resolution: "mediated-agreement", summary: "补偿5000元,修复防水" })
    add(at("2025-05-20", "15:00"), { _tag: "RecordFollowUpVisit", actor: streetMediator(1), caseId, visitedOn: "2025-05-20", notes: "防水已修复,补偿款已付清" })
    add(at("2025-05-28", "10:00"), { _tag: "ArchiveCase", actor: streetChairActor, caseId })
  }

  // A sudden case (突发性案件), escalated within two hours: women workers of a firm in 柳岸,
  // dismissed for pregnancy, gathered at the factory gate.
  const liuan = communities[2]!
  {
    const caseId = `${liuan.id}-${year}-sudden`
    add(at("2025-07-14", "08:50"), {
      _tag: "RegisterCase",
      actor: chairOf(liuan),
      caseId,
      organizationId: liuan.id,
      receivedAt: new Date(at("2025-07-14", "08:30")).toISOString(),
      channel: "hotline",
      category: "rights-infringement",
      sudden: true,
      typicalInfringement: false,
      householdIds: [household(liuan, 4)],
      parties: [party("p1"), party("p2"), party("p3")],
      narrative: "辖区企业三名女职工因怀孕被辞退,在厂门口聚集"
    })
    add(at("2025-07-14", "10:30"), { _tag: "EscalateCase", actor: chairOf(liuan), caseId, to: street.id })
    add(at("2025-07-18", "16:00"), {
      _tag: "RecordCaseInvestigation",
      actor: streetViceActor,
      caseId,
      findings: "企业以合同到期为由辞退孕期女职工,违反《妇女权益保障法》",
      preliminaryOpinion: "移交劳动保障监察部门依法处理"
    })
    add(at("2025-07-25", "16:00"), { _tag: "ResolveCase", actor: streetViceActor, caseId, resolvedOn: "2025-07-25", resolution: "referred-to-department", substantiated: true, summary: "劳动监察责令企业恢复劳动关系" })
    add(at("2025-08-12", "15:00"), { _tag: "RecordFollowUpVisit", actor: streetMediator(2), caseId, visitedOn: "2025-08-12", notes: "三名女职工已返岗" })
    add(at("2025-08-15", "10:00"), { _tag: "ArchiveCase", actor: streetChairActor, caseId })
  }

  // A typical infringement case in 枫林, escalated three days after registration: flagged.
  const fenglin = communities[4]!
  {
    const caseId = `${fenglin.id}-${year}-typical`
    add(at("2025-09-03", "10:00"), {
      _tag: "RegisterCase",
      actor: mediatorOf(fenglin),
      caseId,
      organizationId: fenglin.id,
      receivedAt: new Date(at("2025-09-03", "09:30")).toISOString(),
      channel: "visit",
      category: "rights-infringement",
      sudden: false,
      typicalInfringement: true,
      householdIds: [household(fenglin, 12)],
      parties: [party("p1")],
      narrative: "离异妇女被前夫家人强占住房,拒不归还"
    })
    add(at("2025-09-06", "11:00"), { _tag: "EscalateCase", actor: chairOf(fenglin), caseId, to: street.id })
    add(at("2025-09-20", "16:00"), { _tag: "ResolveCase", actor: streetViceActor, caseId, resolvedOn: "2025-09-20", resolution: "referred-to-court", substantiated: true, summary: "引导当事人提起诉讼,联系法律援助" })
    add(at("2025-10-15", "15:00"), { _tag: "RecordFollowUpVisit", actor: streetMediator(1), caseId, visitedOn: "2025-10-15", notes: "法院已立案,当事人情绪稳定" })
  }

  // A domestic-violence case in 桂花, found in a household visit, resolved as substantiated
  // (查实): the household, which had the 2024 award, is no longer eligible (零家庭暴力).
  const guihua = communities[3]!
  const violentHousehold = household(guihua, 7)
  {
    const caseId = `${guihua.id}-${year}-dv`
    const representative = guihua.linkOf.get(violentHousehold)!.representative
    add(at("2025-06-05", "18:00"), {
      _tag: "RegisterCase",
      actor: who(representative, "representative", guihua.id),
      caseId,
      organizationId: guihua.id,
      receivedAt: new Date(at("2025-06-05", "16:30")).toISOString(),
      channel: "found-in-household-visit",
      category: "domestic-violence",
      sudden: false,
      typicalInfringement: false,
      householdIds: [violentHousehold],
      parties: [party("p1"), party("p2")],
      narrative: "走访中发现妻子面部有伤,自述多次遭丈夫殴打"
    })
    add(at("2025-06-09", "16:00"), {
      _tag: "RecordCaseInvestigation",
      actor: chairOf(guihua),
      caseId,
      findings: "邻居证实多次听到打骂声,妻子有就医记录",
      preliminaryOpinion: "协助报警并申请告诫书"
    })
    add(at("2025-06-20", "16:00"), {
      _tag: "ResolveCase",
      actor: chairOf(guihua),
      caseId,
      resolvedOn: "2025-06-20",
      resolution: "referred-to-police",
      substantiated: true,
      summary: "公安机关出具家庭暴力告诫书"
    })
    add(at("2025-07-10", "15:00"), { _tag: "RecordFollowUpVisit", actor: who(representative, "representative", guihua.id), caseId, visitedOn: "2025-07-10", notes: "未再发生家暴,定期回访" })
    add(at("2025-07-14", "10:00"), { _tag: "ArchiveCase", actor: chairOf(guihua), caseId })
  }

  // Cases assigned from above (上级交办): one answered in time, one still owed at year end.
  {
    const caseId = `${street.id}-${year}-assigned-1`
    add(at("2025-03-18", "10:00"), {
      _tag: "AssignCase",
      actor: streetViceActor,
      caseId,
      assignedBy: street.id,
      organizationId: dongsheng.id,
      channel: "letter",
      category: "other",
      sudden: false,
      typicalInfringement: false,
      householdIds: [household(dongsheng, 2)],
      parties: [party("p1")],
      narrative: "来信反映一留守儿童放学后无人看管"
    })
    add(at("2025-03-21", "16:00"), {
      _tag: "RecordCaseInvestigation",
      actor: chairOf(dongsheng),
      caseId,
      findings: "儿童父母在外务工,由年迈祖母照看",
      preliminaryOpinion: "安排进入社区四点钟学校,结对志愿者"
    })
    add(at("2025-03-26", "16:00"), { _tag: "ResolveCase", actor: chairOf(dongsheng), caseId, resolvedOn: "2025-03-26", resolution: "assisted" })
    add(at("2025-03-27", "10:00"), { _tag: "ReportCaseResult", actor: chairOf(dongsheng), caseId, to: street.id, result: "已安排四点钟学校并结对志愿者" })
    add(at("2025-04-20", "15:00"), { _tag: "RecordFollowUpVisit", actor: mediatorOf(dongsheng), caseId, visitedOn: "2025-04-20", notes: "孩子按时到四点钟学校" })
    add(at("2025-04-22", "10:00"), { _tag: "ArchiveCase", actor: chairOf(dongsheng), caseId })
  }
  {
    const caseId = `${street.id}-${year}-assigned-2`
    add(at("2025-11-24", "10:00"), {
      _tag: "AssignCase",
      actor: streetViceActor,
      caseId,
      assignedBy: street.id,
      organizationId: qingbo.id,
      dueOn: "2025-12-15",
      channel: "hotline",
      category: "other",
      sudden: false,
      typicalInfringement: false,
      householdIds: [household(qingbo, 11)],
      parties: [party("p1")],
      narrative: "12338热线转来:单亲母亲申请困难救助"
    })
    add(at("2025-12-02", "16:00"), {
      _tag: "RecordCaseInvestigation",
      actor: chairOf(qingbo),
      caseId,
      findings: "家庭收入低于低保标准",
      preliminaryOpinion: "协助申请低保与春节慰问"
    })
  }

  // -------------------------------------------------------------------------------------------
  // Awards (§5): the 2024 Five-Good Civilized Families, conferred in January and re-checked in
  // December; 十佳好婆媳 in spring; the 2025 campaign at year end.
  // -------------------------------------------------------------------------------------------
  const fiveGoodCriteria = [
    { criterionId: "law", name: "爱国守法、热心公益", maxScore: 20 },
    { criterionId: "learning", name: "学习进取、爱岗敬业", maxScore: 20 },
    { criterionId: "equality", name: "男女平等、尊老爱幼", maxScore: 20 },
    { criterionId: "customs", name: "移风易俗、少生优生", maxScore: 20 },
    { criterionId: "thrift", name: "勤俭持家、保护环境", maxScore: 20 }
  ]
  const scoresFor = (criteria: ReadonlyArray<{ criterionId: string; maxScore: number }>, total: number) => {
    // Spreads a total over the criteria, each within its maximum, then moves a few points
    // between them so that no two nominees look alike; the total is kept exactly.
    const most = criteria.reduce((sum, c) => sum + c.maxScore, 0)
    const scores = criteria.map((c) => Math.floor((c.maxScore * total) / most))
    for (let i = 0, left = total - scores.reduce((a, b) => a + b, 0); left > 0; i = (i + 1) % criteria.length) {
      if (scores[i]! < criteria[i]!.maxScore) {
        scores[i]!++
        left--
      }
    }
    for (let k = 0; k < 4; k++) {
      const from = random.int(0, criteria.length - 1)
      const to = random.int(0, criteria.length - 1)
      if (from !== to && scores[from]! > 0 && scores[to]! < criteria[to]!.maxScore) {
        scores[from]!--
        scores[to]!++
      }
    }
    return criteria.map((c, i) => ({ criterionId: c.criterionId, score: scores[i]! }))
  }
  const campaign2024 = `${street.id}-2024-five-good`
  add(at("2025-01-06", "10:00"), {
    _tag: "OpenAwardCampaign",
    actor: streetChairActor,
    campaignId: campaign2024,
    organizationId: street.id,
    year: 2024,
    title: "2024年度五好文明家庭",
    criteria: fiveGoodCriteria,
    threshold: 85
  })
  const nominees2024 = communities.flatMap((c) => [household(c, 7), household(c, 10)])
  nominees2024.forEach((householdId, i) => {
    const c = communities[Math.floor(i / 2)]!
    add(at("2025-01-08", `${pad(9 + (i % 8))}:${pad(i * 3)}`), { _tag: "NominateHousehold", actor: chairOf(c), campaignId: campaign2024, householdId })
    // Three of ten fall short of the threshold.
    const total = i % 4 === 3 ? random.int(76, 84) : random.int(86, 97)
    add(at("2025-01-13", `${pad(9 + (i % 8))}:${pad(i * 3)}`), {
      _tag: "ScoreNominee",
      actor: streetViceActor,
      campaignId: campaign2024,
      householdId,
      scores: scoresFor(fiveGoodCriteria, total)
    })
    if (i % 4 !== 3) {
      add(at("2025-01-20", `10:${pad(i * 2)}`), { _tag: "ConferAward", actor: streetChairActor, campaignId: campaign2024, householdId, on: "2025-01-20" })
      add(at("2025-12-16", `${pad(9 + (i % 6))}:${pad(i * 2)}`), {
        _tag: "RecheckAward",
        actor: streetViceActor,
        reason: householdId === violentHousehold
          ? "2025年6月该户家庭暴力案件经查属实,不符合“零家庭暴力”标准,撤销称号"
          : "年终复查:家庭和睦,继续保持五好文明家庭标准",
        campaignId: campaign2024,
        householdId,
        outcome: householdId === violentHousehold ? "revoked" : "confirmed",
        on: "2025-12-16"
      })
    }
  })
  add(at("2025-01-21", "10:00"), { _tag: "CloseAwardCampaign", actor: streetChairActor, campaignId: campaign2024, on: "2025-01-21" })

  const inLawCampaign = `${street.id}-${year}-good-in-laws`
  const inLawCriteria = [
    { criterionId: "filial", name: "孝老爱亲", maxScore: 40 },
    { criterionId: "harmony", name: "家庭和睦", maxScore: 30 },
    { criterionId: "neighbourhood", name: "邻里互助", maxScore: 30 }
  ]
  add(at("2025-04-01", "10:00"), {
    _tag: "OpenAwardCampaign",
    actor: streetChairActor,
    campaignId: inLawCampaign,
    organizationId: street.id,
    year,
    title: "青山街道“十佳好婆媳”",
    criteria: inLawCriteria,
    threshold: 80
  })
  const inLawNominees = communities.flatMap((c) => [household(c, 12), household(c, 14)])
  inLawNominees.forEach((householdId, i) => {
    const c = communities[Math.floor(i / 2)]!
    add(at("2025-04-15", `${pad(9 + (i % 8))}:${pad(i * 4)}`), { _tag: "NominateHousehold", actor: chairOf(c), campaignId: inLawCampaign, householdId })
    add(at("2025-05-06", `${pad(9 + (i % 8))}:${pad(i * 4)}`), {
      _tag: "ScoreNominee",
      actor: streetViceActor,
      campaignId: inLawCampaign,
      householdId,
      scores: scoresFor(inLawCriteria, random.int(82, 96))
    })
    add(at("2025-05-10", `10:${pad(i * 3)}`), { _tag: "ConferAward", actor: streetChairActor, campaignId: inLawCampaign, householdId, on: "2025-05-10" })
  })
  add(at("2025-05-12", "10:00"), { _tag: "CloseAwardCampaign", actor: streetChairActor, campaignId: inLawCampaign, on: "2025-05-12" })

  const campaign2025 = `${street.id}-${year}-five-good`
  add(at("2025-03-05", "10:00"), {
    _tag: "OpenAwardCampaign",
    actor: streetChairActor,
    campaignId: campaign2025,
    organizationId: street.id,
    year,
    title: `${year}年度五好文明家庭`,
    criteria: fiveGoodCriteria,
    threshold: 85
  })
  // 桂花 nominates the household of the domestic-violence case again: refused (零家庭暴力).
  add(at("2025-11-10", "09:00"), { _tag: "NominateHousehold", actor: chairOf(guihua), campaignId: campaign2025, householdId: violentHousehold }, "AwardRejected")
  const nominees2025 = communities.flatMap((c) => [household(c, 8), household(c, 13), household(c, 15)])
  nominees2025.forEach((householdId, i) => {
    const c = communities[Math.floor(i / 3)]!
    add(at("2025-11-12", `${pad(9 + (i % 8))}:${pad(i * 3)}`), { _tag: "NominateHousehold", actor: chairOf(c), campaignId: campaign2025, householdId })
    const total = i % 5 === 4 ? random.int(78, 84) : random.int(86, 98)
    add(at("2025-12-10", `${pad(9 + (i % 8))}:${pad(i * 3)}`), {
      _tag: "ScoreNominee",
      actor: streetViceActor,
      campaignId: campaign2025,
      householdId,
      scores: scoresFor(fiveGoodCriteria, total)
    })
    if (i % 5 !== 4) {
      add(at("2025-12-20", `10:${pad(i * 2)}`), { _tag: "ConferAward", actor: streetChairActor, campaignId: campaign2025, householdId, on: "2025-12-20" })
    }
  })
  add(at("2025-12-22", "10:00"), { _tag: "CloseAwardCampaign", actor: streetChairActor, campaignId: campaign2025, on: "2025-12-22" })

  // -------------------------------------------------------------------------------------------
  // Activities, donations and relief (§7; seed 003 §一, §四, §五).
  // -------------------------------------------------------------------------------------------
  let activityNo = 0
  const activity = (
    org: { id: string; actor: Actor },
    date: string,
    kind: Extract<Domain.Command, { _tag: "RecordActivity" }>["kind"],
    title: string,
    participants: number,
    beneficiaries: number,
    theme?: string
  ): string => {
    const activityId = `${org.id}-${year}-a${pad(++activityNo, 3)}`
    add(at(date, "20:00"), {
      _tag: "RecordActivity",
      actor: org.actor,
      organizationId: org.id,
      activityId,
      kind,
      title,
      heldOn: date,
      participants,
      beneficiaries,
      ...(theme === undefined ? {} : { theme })
    })
    return activityId
  }
  const streetOrg = { id: street.id, actor: streetViceActor }
  activity(streetOrg, "2025-03-07", "festival", "“魅力女性 巾帼风采”庆祝三八妇女节文艺汇演", 500, 500, "魅力女性月")
  activity(streetOrg, "2025-03-08", "women-achievement", "“我身边的魅力女性”征文比赛", 86, 86, "魅力女性月")
  activity(streetOrg, "2025-03-15", "skills-training", "“魅力女人 美丽人生”形象设计培训", 60, 60, "魅力女性月")
  activity(streetOrg, "2025-04-20", "five-good-family", "“捕捉精彩瞬间,秀秀幸福人生”爱·家庭主题摄影比赛", 120, 120, "欢乐家庭月")
  activity(streetOrg, "2025-05-10", "festival", "“温馨母亲节 插花送妈妈”主题活动", 45, 45, "欢乐家庭月")
  activity(streetOrg, "2025-05-17", "five-good-family", "“健康1+1,携手创和谐”亲子登山比赛", 160, 160, "欢乐家庭月")
  activity(streetOrg, "2025-05-24", "five-good-family", "首届家庭文化展", 300, 300, "欢乐家庭月")
  activity(streetOrg, "2025-07-16", "other", "“美丽中国梦 青春平安行”假日学校活动", 80, 80, "七彩少儿月")
  activity(streetOrg, "2025-07-30", "other", "“读万卷书 行万里路”读书活动", 65, 65, "七彩少儿月")
  activity(streetOrg, "2025-08-13", "other", "“奇思妙想 绿色生活”环保手工活动", 70, 70, "七彩少儿月")
  activity(streetOrg, "2025-09-06", "health-lecture", "广场妇女健康咨询", 200, 500, "健康关心月")
  activity(streetOrg, "2025-09-18", "health-screening", "“团队医生进企业”健康检查", 500, 500, "健康关心月")
  activity(streetOrg, "2025-06-30", "health-screening", "已婚妇女“两癌”免费筛查", 817, 817, "妇女健康提升工程")
  activity(streetOrg, "2025-10-31", "health-screening", "已婚妇女免费“三查”服务", 4200, 4200, "妇女健康提升工程")
  ;["婚姻法", "继承法", "妇女权益保障法"].forEach((law, i) => {
    activity(streetOrg, dateIn(11, 6 + i * 7), "legal-lecture", `${law}知识讲座`, 90 + i * 10, 90 + i * 10, "法制宣传月")
  })
  activity(streetOrg, "2025-11-22", "learn-and-compete", "平安家庭知识竞赛", 150, 150, "法制宣传月")
  ;["锦伟标准件", "三星重工", "海越新材料", "中新腈纶", "腾啸磁业"].forEach((firm, i) => {
    activity(streetOrg, dateIn(4 + i * 2, 18), "skills-training", `“青山母亲讲堂”进企业:${firm}`, 80, 80, "母亲素养工程")
  })
  const fundDrive = activity(streetOrg, "2025-03-10", "charity-drive", "“健康同行·关爱女性”救助专项资金募捐", 180, 0, "关爱困难妇女")
  const leukemiaDrive = activity(streetOrg, "2025-10-12", "charity-drive", "“情暖白血病患儿 共拥蓝天”爱心募捐", 420, 1, "关爱特殊儿童")
  const charitySale = activity(streetOrg, "2025-05-30", "charity-drive", "六一爱心义卖", 260, 2, "七彩少儿月")
  communities.forEach((c, i) => {
    const org = { id: c.id, actor: viceOf(c) }
    activity(org, dateIn(3, 6 + (i % 3)), "festival", "三八妇女节趣味运动会", 40 + i * 5, 40 + i * 5, "魅力女性月")
    activity(org, dateIn(5, 28 + (i % 3)), "festival", "“快乐六一”亲子游园会", 60 + i * 4, 35 + i * 3, "七彩少儿月")
    activity(org, dateIn(9, 10 + i * 3), "health-lecture", "女性健康知识讲座", 35 + i * 3, 35 + i * 3, "健康关心月")
    if (i < 3) activity(org, dateIn(10, 8 + i * 5), "health-lecture", "更年期保健讲座", 30 + i * 2, 30 + i * 2, "健康关心月")
    activity(org, dateIn(6, 12 + i), "skills-training", "妇女之家家政技能培训", 25 + i, 25 + i, "巾帼建功")
    activity(org, dateIn(4, 22 + i), "five-good-family", "五好文明家庭创建宣传", 50 + i * 6, 50 + i * 6, "欢乐家庭月")
  })
  // Donations: 2,166 yuan for the fund, 10,380.50 for the pupil, the sale's takings.
  const fundDonations = [500, 300, 288, 200, 200, 168, 150, 120, 100, 80, 60]
  fundDonations.forEach((amount, i) => {
    add(at(dateIn(3, 10 + Math.floor(i / 4)), `21:${pad(i * 4)}`), {
      _tag: "RecordDonation",
      actor: streetViceActor,
      organizationId: street.id,
      donationId: `${street.id}-${year}-fund-${pad(i + 1)}`,
      amount,
      purpose: "“健康同行·关爱女性”救助专项资金",
      on: dateIn(3, 10 + Math.floor(i / 4)),
      activityId: fundDrive
    })
  })
  const leukemiaDonations = [3000, 2000, 1500, 1200, 800, 680.5, 600, 600]
  leukemiaDonations.forEach((amount, i) => {
    add(at(dateIn(10, 12 + Math.floor(i / 3)), `21:${pad(i * 5)}`), {
      _tag: "RecordDonation",
      actor: streetViceActor,
      organizationId: street.id,
      donationId: `${street.id}-${year}-leukemia-${pad(i + 1)}`,
      amount,
      purpose: "白血病患儿爱心募捐",
      on: dateIn(10, 12 + Math.floor(i / 3)),
      activityId: leukemiaDrive
    })
  })
  add(at("2025-05-30", "21:00"), {
    _tag: "RecordDonation",
    actor: streetViceActor,
    organizationId: street.id,
    donationId: `${street.id}-${year}-sale`,
    amount: 1000,
    purpose: "六一爱心义卖所得,用于慰问孤儿",
    on: "2025-05-30",
    activityId: charitySale
  })
  const orphans = [person(), person()]
  orphans.forEach((orphan, i) => {
    add(at("2025-06-01", `10:${pad(i * 20)}`), {
      _tag: "RecordRelief",
      actor: streetViceActor,
      organizationId: street.id,
      reliefId: `${street.id}-${year}-orphan-${i + 1}`,
      amount: 500,
      purpose: "六一慰问孤儿",
      on: "2025-06-01",
      recipient: orphan.name
    })
  })
  add(at("2025-10-20", "10:00"), {
    _tag: "RecordRelief",
    actor: streetViceActor,
    organizationId: street.id,
    reliefId: `${street.id}-${year}-leukemia`,
    amount: leukemiaDonations.reduce((a, b) => a + b, 0),
    purpose: "白血病患儿治疗费用",
    on: "2025-10-20",
    recipient: person().name
  })
  add(at("2025-12-24", "10:00"), {
    _tag: "RecordRelief",
    actor: streetViceActor,
    organizationId: street.id,
    reliefId: `${street.id}-${year}-fund-relief`,
    amount: 1800,
    purpose: "困难妇女救助(“健康同行·关爱女性”专项资金)",
    on: "2025-12-24",
    recipient: person().name
  })

  // -------------------------------------------------------------------------------------------
  // Volunteers (§7): the street's 巾帼志愿者 join with consent and are paired with five
  // empty-nest households (seed 003); one leaves in September and another takes her household.
  // -------------------------------------------------------------------------------------------
  const volunteers = Array.from({ length: 8 }, () => person())
  volunteers.forEach((v, i) => {
    add(at(dateIn(2, 20 + (i % 5)), `${pad(10 + (i % 4))}:${pad(i * 5)}`), {
      _tag: "EnrollVolunteer",
      actor: streetViceActor,
      organizationId: street.id,
      volunteerId: v.id,
      name: v.name,
      consent: true,
      consentGivenOn: dateIn(2, 20 + (i % 5))
    })
  })
  const emptyNest = communities.map((c) => c.householdIds[0]!)
  const pairsOf = new Map<string, Array<{ householdId: string; from: string; to: string }>>()
  const pair = (v: Person, householdId: string, on: string) => {
    add(at(on, "10:00"), { _tag: "PairVolunteer", actor: streetViceActor, organizationId: street.id, volunteerId: v.id, householdId, on })
  }
  emptyNest.forEach((householdId, i) => {
    const v = volunteers[i]!
    pair(v, householdId, "2025-03-05")
    pairsOf.set(v.id, [{ householdId, from: "2025-03-05", to: i === 2 ? "2025-09-30" : "2025-12-31" }])
  })
  add(at("2025-09-30", "17:00"), {
    _tag: "RecordVolunteerLeaving",
    actor: who(volunteers[2]!, "volunteer", street.id),
    reason: "家中有事,无法继续参加志愿服务",
    organizationId: street.id,
    volunteerId: volunteers[2]!.id,
    on: "2025-09-30"
  })
  pair(volunteers[5]!, emptyNest[2]!, "2025-10-08")
  pairsOf.set(volunteers[5]!.id, [{ householdId: emptyNest[2]!, from: "2025-10-08", to: "2025-12-31" }])
  for (const [volunteerId, pairs] of pairsOf) {
    const v = volunteers.find((p) => p.id === volunteerId)!
    for (const p of pairs) {
      let day = addDays(p.from, random.int(5, 12))
      while (day <= p.to && day <= "2025-12-28") {
        add(at(day, `${pad(random.int(9, 16))}:${pad(random.int(0, 59))}`), {
          _tag: "LogVolunteerService",
          actor: who(v, "volunteer", street.id),
          organizationId: street.id,
          volunteerId,
          householdId: p.householdId,
          on: day,
          hours: random.pick([1, 1.5, 2, 2, 3]),
          description: random.pick(["上门清扫卫生", "代购生活用品", "陪同就医", "陪老人聊天", "整理房间、换洗被褥"])
        })
        day = addDays(day, random.int(25, 35))
      }
    }
  }
  // Community volunteers, paired with households with left-behind children or low income.
  communities.forEach((c, i) => {
    const v = person()
    const enrolledOn = dateIn(4, 3 + i)
    add(at(enrolledOn, "10:00"), {
      _tag: "EnrollVolunteer",
      actor: viceOf(c),
      organizationId: c.id,
      volunteerId: v.id,
      name: v.name,
      consent: true
    })
    const inNeed = c.householdIds.find((h, k) => k > 1 && (c.circumstances.get(h)?.length ?? 0) > 0)
    if (inNeed !== undefined) {
      add(at(enrolledOn, "11:00"), { _tag: "PairVolunteer", actor: viceOf(c), organizationId: c.id, volunteerId: v.id, householdId: inNeed })
      for (let month = 5; month <= 12; month += 2) {
        const on = dateIn(month, 10 + i)
        add(at(on, "16:00"), {
          _tag: "LogVolunteerService",
          actor: who(v, "volunteer", c.id),
          organizationId: c.id,
          volunteerId: v.id,
          householdId: inNeed,
          on,
          hours: 2,
          description: "辅导孩子作业、帮助料理家务"
        })
      }
    }
    add(at(dateIn(8, 20 + i), "09:00"), {
      _tag: "LogVolunteerService",
      actor: who(v, "volunteer", c.id),
      organizationId: c.id,
      volunteerId: v.id,
      on: dateIn(8, 20 + i),
      hours: 3,
      description: "社区便民服务日"
    })
  })

  // -------------------------------------------------------------------------------------------
  // Assessments (§8): the street assesses its communities at half-year and year end.
  // -------------------------------------------------------------------------------------------
  const assessmentCriteria = [
    { criterionId: "organization", name: "组织建设", maxScore: 25 },
    { criterionId: "rights", name: "维权工作", maxScore: 25 },
    { criterionId: "activities", name: "活动开展", maxScore: 25 },
    { criterionId: "ledgers", name: "台帐规范", maxScore: 25 }
  ]
  const assessments = [
    { id: `${street.id}-${year}-half-year`, period: "half-year" as const, opened: "2025-07-01", scored: "2025-07-09", concluded: "2025-07-11" },
    { id: `${street.id}-${year}-year-end`, period: "year-end" as const, opened: "2025-12-15", scored: "2025-12-26", concluded: "2025-12-29" }
  ]
  for (const a of assessments) {
    add(at(a.opened, "10:00"), {
      _tag: "OpenAssessment",
      actor: streetChairActor,
      assessmentId: a.id,
      organizationId: street.id,
      period: a.period,
      year,
      criteria: assessmentCriteria,
      assessees: communities.map((c) => c.id)
    })
    communities.forEach((c, i) => {
      add(at(a.scored, `${pad(9 + i)}:00`), {
        _tag: "ScoreAssessee",
        actor: streetViceActor,
        assessmentId: a.id,
        assesseeId: c.id,
        scores: scoresFor(assessmentCriteria, random.int(78, 96))
      })
    })
    add(at(a.concluded, "16:00"), { _tag: "ConcludeAssessment", actor: streetChairActor, assessmentId: a.id, on: a.concluded })
  }

  // Ordered by time (and, at one time, as added); command ids drawn in that order.
  steps.sort((a, b) => a.at - b.at || a.seq - b.seq)
  return steps.map((s): Step => {
    const command = { ...s.command, commandId: uuidv7({ msecs: s.at, random: random.bytes(16) }), correlationId } as Domain.Command
    return s.expect === undefined ? { at: s.at, command } : { at: s.at, command, expect: s.expect }
  })
}

let cached: ReadonlyArray<Step> | undefined

/** The year's commands in the order they are given (the same every time). */
export const plan = (): ReadonlyArray<Step> => (cached ??= buildPlan())

/** The street's chair, as the actor who sends its annual summary up. */
export const streetChair = (): Actor => {
  for (const { command } of plan()) {
    if (command._tag === "ElectExecutiveCommittee" && command.organizationId === street.id) {
      const chair = command.members.find((m) => m.position === "chair")!
      return { person: chair.personId, role: "chair", organization: street.id }
    }
  }
  throw new Error("the demo plan elects no committee of the street")
}

/** The moment the street sends its annual summary up: the last afternoon of the year, Beijing time. */
export const reportSubmittedAt: number = Date.parse(`${year}-12-31T17:30:00+08:00`)

// ---------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------

/** A command of the plan that did not do what the plan expects of it. */
export class SeedFailed extends Error {
  readonly _tag = "SeedFailed"
  constructor(readonly step: Step, readonly index: number, readonly detail: string) {
    super(`demo step ${index + 1} (${step.command._tag} at ${new Date(step.at).toISOString()}): ${detail}`)
  }
}

/** A refusal the plan expected: the rule that was shown at work. */
export interface Refusal {
  readonly command: string
  readonly error: string
  readonly message: string
}

/** What seeding did. */
export interface Seeded {
  readonly commands: number
  readonly events: number
  /** The expected refusals, in order. */
  readonly refusals: ReadonlyArray<Refusal>
  /** The global position of the last event written. */
  readonly lastPosition: number
}

/**
 * A `Clock` whose time is set by the caller: the demo's commands are given at the moments the
 * plan says. Sleeping still takes real time.
 */
export const settableClock = (start: number, live: Clock.Clock) => {
  let now = start
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: () => now,
    currentTimeMillis: Effect.sync(() => now),
    currentTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: live.monotonicTimeNanos,
    sleep: (duration) => live.sleep(duration)
  }
  return { clock, set: (millis: number) => Effect.sync(() => void (now = millis)) }
}

/**
 * Gives every command of the plan through `Domain.execute`, with the clock at its moment.
 * Fails with `SeedFailed` if a command is refused that the plan expects to succeed (or the
 * reverse); `onProgress` is told after each command.
 */
export const seed = (options: {
  readonly onProgress?: (done: number, total: number) => Effect.Effect<void>
} = {}): Effect.Effect<Seeded, SeedFailed | EventStoreError | InvalidCommand, EventStore | Policy> =>
  Effect.gen(function*() {
    const steps = plan()
    const live = yield* Clock.clockWith(Effect.succeed)
    const { clock, set } = settableClock(steps[0]!.at, live)
    let events = 0
    let lastPosition = 0
    const refusals: Array<Refusal> = []
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!
      yield* set(step.at)
      const command = yield* Domain.decodeCommand(step.command)
      const result = yield* Effect.result(Domain.execute(command).pipe(Effect.provideService(Clock.Clock, clock)))
      if (result._tag === "Success") {
        if (step.expect !== undefined) return yield* Effect.fail(new SeedFailed(step, i, `expected ${step.expect}, but it succeeded`))
        events += result.success.events.length
        const last = result.success.events[result.success.events.length - 1]
        if (last !== undefined) lastPosition = last.position
      } else {
        const error = result.failure
        if (error._tag === "EventStoreError") return yield* Effect.fail(error)
        if (step.expect !== error._tag) return yield* Effect.fail(new SeedFailed(step, i, `${error._tag}: ${error.message}`))
        refusals.push({ command: step.command._tag, error: error._tag, message: error.message })
      }
      if (options.onProgress) yield* options.onProgress(i + 1, steps.length)
    }
    return { commands: steps.length, events, refusals, lastPosition }
  })
