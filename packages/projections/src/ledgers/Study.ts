/**
 * 学习培训台帐, the study ledger (DOMAIN.md §6 学习制度 and 培训; seed 000 item 1 and §四(三)):
 * per organization and year, each person's study sessions (the monthly meetings she attended),
 * her trainings and their hours, the monthly meetings she missed while on the committee, and
 * who missed most; and, per organization, the monthly meetings held (with and without a study
 * record) and the trainings given.
 *
 * Folds three aggregates with their own `evolve`, each in its table: meetings
 * (`meeting-{meetingId}`), trainings (`training-{organizationId}/{trainingId}`) and each
 * organization's terms (`term-{organizationId}`), whose seats say who was a committee member
 * in office on a day (`Term.membersOn`).
 *
 * Definitions (DOMAIN.md names the figures, not how to count them):
 * - A study session is a monthly meeting (the study meeting, 每月一次会议学习) of the
 *   organization held in the year that lists her among its attendees. Plenaries and congresses
 *   are not study sessions.
 * - She was expected at a monthly meeting when the records show her in a seat of the
 *   organization's committee in office on the day it was held; she missed it when she was
 *   expected and is not among its attendees. Representatives, mediators and volunteers are not
 *   expected at the committee's monthly meeting: they miss nothing, though their attendance
 *   counts.
 * - 缺勤最多 (`missed-most`): in each organization, the persons with the most monthly meetings
 *   missed in the year, all of them when tied, and none when no one missed any.
 * - A training counts for the organization that recorded it, for each attendee, in whatever
 *   capacity she attended; its hours are the training's hours. The organization's training
 *   hours are the trainings' own, not multiplied by their attendees.
 * - The year runs to the day the ledger is judged at (`asOf`): a meeting or training after it
 *   is not counted.
 *
 * @since 0.1.0
 */
import * as Meeting from "@fulian/core/Meeting"
import * as Term from "@fulian/core/Term"
import type { Calendar, LocalDate } from "@fulian/core/Time"
import * as Training from "@fulian/core/Training"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import { type Area, bothReads, byKey, fold, inArea, type Instances, judged, nameFor, type Options, reader } from "./Ledger.ts"

const meetings = reader(Meeting.aggregate)
const trainings = reader(Training.aggregate)
const terms = reader(Term.aggregate)

/** The state of the study ledger. */
export interface State {
  /** Each meeting's state, by meeting id. */
  readonly meetings: Instances
  /** Each training's state, by `{organizationId}/{trainingId}`. */
  readonly trainings: Instances
  /** Each organization's terms, by organization id. */
  readonly terms: Instances
}

/** The study ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const m = fold(Meeting.aggregate, calendar)
  const t = fold(Training.aggregate, calendar)
  const c = fold(Term.aggregate, calendar)
  return Projection.rows<State>({
    name: nameFor("ledger-study", calendar),
    // 2: late entries as [days, records] pairs.
    version: 2,
    initial: { meetings: Table.empty(), trainings: Table.empty(), terms: Table.empty() },
    reads: (envelope) => bothReads(bothReads(m.reads("meetings", envelope), t.reads("trainings", envelope)), c.reads("terms", envelope)),
    apply: (state, envelope) => {
      const next = {
        meetings: m.apply(state.meetings, envelope),
        trainings: t.apply(state.trainings, envelope),
        terms: c.apply(state.terms, envelope)
      }
      return next.meetings !== state.meetings || next.trainings !== state.trainings || next.terms !== state.terms ? next : state
    }
  })
}

/** A flag of a person's line: 缺勤最多, the most monthly meetings missed in her organization. */
export type MemberFlag = "missed-most"

/** A person's line: her study and training in one organization's year. */
export interface MemberRow {
  readonly organizationId: string
  readonly personId: string
  /** 学习次数: the monthly meetings she attended. */
  readonly studySessions: number
  /** The monthly meetings held while she was a committee member in office. */
  readonly expected: number
  /** 缺勤: the days of those she did not attend, by day. */
  readonly missed: ReadonlyArray<LocalDate>
  /** 培训次数 and 培训学时: the trainings she attended and their hours. */
  readonly trainings: number
  readonly trainingHours: number
  readonly flags: ReadonlyArray<MemberFlag>
}

/** An organization's line: its monthly meetings and trainings in the year. */
export interface OrganizationRow {
  readonly organizationId: string
  readonly year: number
  /** Monthly meetings held, and of them those that recorded a study. */
  readonly monthlyMeetingsHeld: number
  readonly withStudy: number
  /** Trainings given, and their hours. */
  readonly trainings: number
  readonly trainingHours: number
  /** 缺勤最多: its persons who missed most (see `MemberRow.flags`), by id. */
  readonly missedMost: ReadonlyArray<string>
}

/** The study ledger of a year. */
export interface Rows {
  readonly year: number
  /** Each person's line, by organization, then person id. */
  readonly members: ReadonlyArray<MemberRow>
  /** Each organization with a monthly meeting or training in the year, by id. */
  readonly organizations: ReadonlyArray<OrganizationRow>
}

/** Options of the study ledger's query. */
export interface StudyOptions extends Options {
  /** The year shown (the local year of `asOf` if not given). */
  readonly year?: number
  /** Only the organizations of an area. */
  readonly within?: Area
}

// Hours are kept to the hundredth, so that sums of decimal hours read as entered (0.1 + 0.2 is 0.3).
const hours = (n: number) => Math.round(n * 100) / 100

interface Tally {
  studySessions: number
  expected: number
  missed: Array<LocalDate>
  trainings: number
  trainingHours: number
}

/** The ledger's rows for a year, up to the day of `asOf`. */
export const rows = (state: State, options: StudyOptions): Rows => {
  const through = judged(options).date
  const year = options.year ?? Number(through.slice(0, 4))
  const inYear = (date: LocalDate) => Number(date.slice(0, 4)) === year && date <= through
  const byOrganization = new Map<string, { row: Omit<OrganizationRow, "missedMost">; people: Map<string, Tally> }>()
  const organization = (organizationId: string) => {
    let o = byOrganization.get(organizationId)
    if (o === undefined) {
      o = { row: { organizationId, year, monthlyMeetingsHeld: 0, withStudy: 0, trainings: 0, trainingHours: 0 }, people: new Map() }
      byOrganization.set(organizationId, o)
    }
    return o
  }
  const tally = (people: Map<string, Tally>, personId: string) => {
    let p = people.get(personId)
    if (p === undefined) {
      p = { studySessions: 0, expected: 0, missed: [], trainings: 0, trainingHours: 0 }
      people.set(personId, p)
    }
    return p
  }
  for (const [, meeting] of meetings.all(state.meetings)) {
    const held = meeting.held
    if (held === undefined || meeting.kind !== "monthly" || !inYear(held.heldOn) || !inArea(options.within, meeting.organizationId)) continue
    const o = organization(meeting.organizationId)
    o.row = { ...o.row, monthlyMeetingsHeld: o.row.monthlyMeetingsHeld + 1, withStudy: o.row.withStudy + (held.study === undefined ? 0 : 1) }
    const attended = new Set(held.attendees)
    for (const personId of attended) tally(o.people, personId).studySessions++
    for (const seat of Term.membersOn(terms.get(state.terms, meeting.organizationId), held.heldOn)) {
      const p = tally(o.people, seat.personId)
      p.expected++
      if (!attended.has(seat.personId)) p.missed.push(held.heldOn)
    }
  }
  for (const [, { training }] of trainings.all(state.trainings)) {
    if (training === undefined || !inYear(training.heldOn) || !inArea(options.within, training.organizationId)) continue
    const o = organization(training.organizationId)
    o.row = { ...o.row, trainings: o.row.trainings + 1, trainingHours: hours(o.row.trainingHours + training.hours) }
    for (const { personId } of training.attendees) {
      const p = tally(o.people, personId)
      p.trainings++
      p.trainingHours = hours(p.trainingHours + training.hours)
    }
  }
  const members: Array<MemberRow> = []
  const organizations: Array<OrganizationRow> = []
  for (const [organizationId, { row, people }] of [...byOrganization].sort(byKey(([id]) => id))) {
    const most = Math.max(0, ...[...people.values()].map((p) => p.missed.length))
    const missedMost = most === 0 ? [] : [...people].filter(([, p]) => p.missed.length === most).map(([id]) => id).sort()
    organizations.push({ ...row, missedMost })
    for (const [personId, p] of [...people].sort(byKey(([id]) => id))) {
      members.push({
        organizationId,
        personId,
        studySessions: p.studySessions,
        expected: p.expected,
        missed: [...p.missed].sort(),
        trainings: p.trainings,
        trainingHours: p.trainingHours,
        flags: most > 0 && p.missed.length === most ? ["missed-most"] : []
      })
    }
  }
  return { year, members, organizations }
}

/** The figures of study and training of the rows' year, for an area's organizations drawn. */
export interface Figures {
  /** Monthly meetings held, and those that recorded a study. */
  readonly monthlyMeetingsHeld: number
  readonly withStudy: number
  /** Trainings given (培训期数), their hours, and the attendances at them (人次). */
  readonly trainings: number
  readonly trainingHours: number
  readonly trainingAttendances: number
}

/** The figures of the rows' year, from the rows of an area. */
export const figures = (rows: Rows): Figures => {
  let monthlyMeetingsHeld = 0
  let withStudy = 0
  let trainings = 0
  let trainingHours = 0
  for (const o of rows.organizations) {
    monthlyMeetingsHeld += o.monthlyMeetingsHeld
    withStudy += o.withStudy
    trainings += o.trainings
    trainingHours = hours(trainingHours + o.trainingHours)
  }
  let trainingAttendances = 0
  for (const m of rows.members) trainingAttendances += m.trainings
  return { monthlyMeetingsHeld, withStudy, trainings, trainingHours, trainingAttendances }
}
