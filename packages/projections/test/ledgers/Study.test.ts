import { describe, it } from "vitest"
import * as Meeting from "@fulian/core/Meeting"
import * as Organization from "@fulian/core/Organization"
import * as Policy from "@fulian/core/Policy"
import * as Term from "@fulian/core/Term"
import * as Training from "@fulian/core/Training"
import * as Study from "../../src/ledgers/Study.ts"
import { given, type Given, on } from "../support/ProjectionSpec.ts"

const policy = Policy.defaults
const chair = { person: "p1", role: "chair", organization: "c1" } as const

const organizations = ["c1", "c2"].map((organizationId) =>
  on(Organization.aggregate, organizationId, [
    Organization.OrganizationRegistered.make({ organizationId, name: `Community ${organizationId}`, level: "community", parentId: "s1" })
  ], { at: "2025-01-02T01:00:00Z", actor: { person: "cadre", role: "upper-cadre", organization: "s1" } })
)

/** c1's committee: p1, p2, p3 from 2025; p4 by-elected on 1 March 2026; p3 left on 1 April 2026. */
const committee = [
  on(Term.aggregate, "c1", [
    Term.ExecutiveCommitteeElected.make({
      termId: "t5",
      organizationId: "c1",
      congressSession: "第五届妇代会第一次会议",
      electedOn: "2025-01-10",
      startsOn: "2025-01-10",
      endsOn: "2028-01-10",
      residentsCommitteeElectedOn: "2025-01-05",
      members: [
        { personId: "p1", name: "李华", position: "chair" },
        { personId: "p2", name: "张敏", position: "vice-chair" },
        { personId: "p3", name: "王芳", position: "member" }
      ]
    })
  ], { at: "2025-01-10T10:00:00+08:00", actor: { person: "cadre", role: "upper-cadre", organization: "s1" } }),
  on(Term.aggregate, "c1", [
    Term.MemberByElected.make({ termId: "t5", member: { personId: "p4", name: "赵丽", position: "member" }, congressSession: "第五届妇代会第二次会议", electedOn: "2026-03-01" })
  ], { at: "2026-03-01T10:00:00+08:00", actor: chair }),
  on(Term.aggregate, "c1", [Term.MemberLeft.make({ termId: "t5", personId: "p3", leftOn: "2026-04-01" })], { at: "2026-04-01T10:00:00+08:00", actor: chair })
]

/** A meeting of `organizationId` held on `heldOn` with its attendees, and its study if given. */
const held = (
  meetingId: string,
  kind: Meeting.Kind,
  heldOn: string,
  attendees: ReadonlyArray<string>,
  study?: Meeting.StudyRecord,
  organizationId = "c1"
): Given =>
  on(Meeting.aggregate, meetingId, [
    Meeting.MeetingScheduled.make({ meetingId, organizationId, kind, date: heldOn, topic: "月例会" }),
    Meeting.MeetingHeld.make({ meetingId, heldOn, attendees, minutes: "会议记录", ...(study ? { study } : {}) })
  ], { at: `${heldOn}T12:00:00+08:00`, actor: { ...chair, organization: organizationId } })

const trained = (trainingId: string, heldOn: string, hours: number, attendees: ReadonlyArray<Training.Attendee>, organizationId = "c1"): Given =>
  on(Training.aggregate, Training.recordId(organizationId, trainingId), [
    Training.TrainingRecorded.make({ organizationId, trainingId, topic: "业务培训", trainer: "区妇联", heldOn, hours, attendees })
  ], { at: `${heldOn}T17:00:00+08:00`, actor: { ...chair, organization: organizationId } })

const world = [
  ...organizations,
  ...committee,
  held("m-2025-12", "monthly", "2025-12-04", ["p1"]),
  held("m-jan", "monthly", "2026-01-08", ["p1", "p2"], { topic: "学习《妇女权益保障法》", material: "妇女权益保障法" }),
  held("m-feb", "monthly", "2026-02-05", ["p1", "p3", "r1"]),
  held("m-mar", "monthly", "2026-03-05", ["p1"]),
  held("plenary-q1", "plenary", "2026-03-12", ["p1"]),
  held("m-apr", "monthly", "2026-04-02", ["p1", "p2", "p4"]),
  trained("t-2025", "2025-11-20", 2, [{ personId: "p2", capacity: "committee-member" }]),
  trained("t1", "2026-03-20", 3, [
    { personId: "p2", capacity: "committee-member" },
    { personId: "r1", capacity: "representative" },
    { personId: "v1", capacity: "volunteer" }
  ]),
  trained("t2", "2026-05-10", 1.5, [{ personId: "p2", capacity: "committee-member" }, { personId: "m1", capacity: "mediator" }])
]

const line = (m: Study.MemberRow) => [m.personId, m.studySessions, m.expected, m.missed, m.trainings, m.trainingHours, m.flags]

describe("the study ledger (学习培训台帐)", () => {
  it("shows each person's study sessions, the monthly meetings she missed while on the committee, her trainings and hours", () => {
    given(Study.projection, ...world).then((s) => Study.rows(s, { asOf: "2026-04-30", policy }).members.map(line), [
      ["p1", 4, 4, [], 0, 0, []],
      // She missed February and March; November's training was of 2025.
      ["p2", 2, 4, ["2026-02-05", "2026-03-05"], 1, 3, ["missed-most"]],
      // She was on the committee for January to March, and left before April's meeting.
      ["p3", 1, 3, ["2026-01-08", "2026-03-05"], 0, 0, ["missed-most"]],
      // By-elected on 1 March: expected from March's meeting.
      ["p4", 1, 2, ["2026-03-05"], 0, 0, []],
      // A representative's attendance counts; she is not expected at the committee's meeting.
      ["r1", 1, 0, [], 1, 3, []],
      ["v1", 0, 0, [], 1, 3, []]
    ])
  })

  it("gives each organization's meetings, studies, trainings and who missed most", () => {
    given(Study.projection, ...world).then((s) => Study.rows(s, { asOf: "2026-04-30", policy }).organizations, [
      { organizationId: "c1", year: 2026, monthlyMeetingsHeld: 4, withStudy: 1, trainings: 1, trainingHours: 3, missedMost: ["p2", "p3"] }
    ])
  })

  it("counts the year only up to the day it is judged at, and another year when asked", () => {
    const spec = given(Study.projection, ...world)
    spec.then((s) => Study.rows(s, { asOf: "2026-06-30", policy }).members.filter((m) => m.trainings > 0).map((m) => [m.personId, m.trainings, m.trainingHours]), [
      ["m1", 1, 1.5],
      ["p2", 2, 4.5],
      ["r1", 1, 3],
      ["v1", 1, 3]
    ])
    spec.then((s) => Study.rows(s, { asOf: "2026-02-10", policy }).organizations.map((o) => [o.monthlyMeetingsHeld, o.missedMost]), [[2, ["p2", "p3"]]])
    spec.then((s) => Study.rows(s, { asOf: "2026-06-30", policy, year: 2025 }).members.map(line), [
      ["p1", 1, 1, [], 0, 0, []],
      ["p2", 0, 1, ["2025-12-04"], 1, 2, ["missed-most"]],
      ["p3", 0, 1, ["2025-12-04"], 0, 0, ["missed-most"]]
    ])
  })

  it("flags no one when no one missed a meeting", () => {
    given(Study.projection, ...organizations, ...committee, held("m-jan", "monthly", "2026-01-08", ["p1", "p2", "p3"]))
      .then((s) => [Study.rows(s, { asOf: "2026-01-31", policy }).organizations[0]!.missedMost, Study.rows(s, { asOf: "2026-01-31", policy }).members.map((m) => m.flags)], [
        [],
        [[], [], []]
      ])
  })

  it("keeps organizations apart and draws one organization's area", () => {
    const other = [held("c2-jan", "monthly", "2026-01-09", ["q1"], undefined, "c2"), trained("c2-t1", "2026-01-20", 2, [{ personId: "p2", capacity: "volunteer" }], "c2")]
    given(Study.projection, ...world, ...other).then((s) => {
      const c2 = Study.rows(s, { asOf: "2026-04-30", policy, within: { organizationId: "c2", ids: new Set(["c2"]) } })
      return [c2.organizations.map((o) => [o.organizationId, o.monthlyMeetingsHeld, o.trainings]), c2.members.map(line)]
    }, [
      [["c2", 1, 1]],
      [["p2", 0, 0, [], 1, 2, []], ["q1", 1, 0, [], 0, 0, []]]
    ])
  })

  it("gives the figures of the year: meetings, studies, trainings, hours and attendances", () => {
    given(Study.projection, ...world).then((s) => Study.figures(Study.rows(s, { asOf: "2026-06-30", policy })), {
      monthlyMeetingsHeld: 4,
      withStudy: 1,
      trainings: 2,
      trainingHours: 4.5,
      trainingAttendances: 5
    })
  })
})
