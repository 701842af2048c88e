/**
 * 调解员台帐, the mediators ledger (DOMAIN.md §4; seed 003 §二): per organization, its mediation
 * committee or society (调解委员会/调解社: its name, head 社长 and legal adviser 法律指导员) and its
 * roster (each mediator a volunteer or a cadre, when appointed and when she left); per mediator,
 * her register (调解登记): the mediation sessions that named her (case, day, outcome), counted per
 * year, and the trainings she attended as a mediator, with their hours; and, for a period, the
 * figures a report shows of mediation (`figures`): "12 volunteer mediators", sessions held.
 *
 * Folds each organization's mediators stream with `Mediation.aggregate`'s own `evolve`, beside
 * the days each mediator was appointed and left. A session is written to the register of each
 * mediator its `mediatorIds` names, under the organization that held the case then; a session
 * recorded without `mediatorIds` (those recorded before sessions named their mediators by id)
 * is in no register — the cases ledger still counts it. A training is written to the register
 * of each of its attendees who attended as a mediator (`Training`'s capacity `mediator`),
 * whichever organization gave it: a street trains its communities' mediators. No person's
 * name is kept. The organization's mediation hotlines and duty posts are its places (`Place`,
 * DOMAIN.md §1), folded from its places stream with `Place.aggregate`'s own `evolve`; their names
 * and numbers are the organization's, not personal data.
 *
 * @since 0.1.0
 */
import type * as Case from "@fulian/core/Case"
import type { Envelope } from "@fulian/core/CommandHandler"
import type { Aggregate } from "@fulian/core/Decider"
import type * as Domain from "@fulian/core/Domain"
import * as Mediation from "@fulian/core/Mediation"
import * as Place from "@fulian/core/Place"
import type { Calendar, DateRange, LocalDate } from "@fulian/core/Time"
import * as Projection from "../Projection.ts"
import * as Table from "../Table.ts"
import {
  type Area,
  bothReads,
  byKey,
  firstOf,
  fold,
  inArea,
  inPeriod,
  type Instances,
  keyOf,
  type LateFlag,
  lateEntries,
  nameFor,
  noReads,
  type Options,
  reader,
  sum
} from "./Ledger.ts"

/** One session of a mediator's register: the case, its version (the session's place in the case's history), the day and the outcome. */
export interface SessionEntry {
  readonly caseId: string
  readonly version: number
  readonly heldOn: LocalDate
  readonly outcome: Case.SessionOutcome
}

/** One training of a mediator's register: whose it was, the day and its hours. */
export interface TrainingEntry {
  readonly organizationId: string
  readonly trainingId: string
  readonly heldOn: LocalDate
  readonly hours: number
}

/** An organization's committee and roster as the ledger keeps them: the aggregate's state, and the days each mediator was appointed and left. */
export interface Entry {
  readonly state: Mediation.State
  readonly histories: { readonly [mediatorId: string]: { readonly appointed: ReadonlyArray<LocalDate>; readonly left: ReadonlyArray<LocalDate> } }
}

const entries: Aggregate<Entry, Mediation.Event> = {
  category: Mediation.aggregate.category,
  events: Mediation.aggregate.events,
  initial: { state: Mediation.aggregate.initial, histories: {} },
  evolve: (entry, event) => {
    const state = Mediation.aggregate.evolve(entry.state, event)
    if (event._tag !== "MediatorAppointed" && event._tag !== "MediatorLeft") return { ...entry, state }
    const before = entry.histories[event.mediatorId] ?? { appointed: [], left: [] }
    const history = event._tag === "MediatorAppointed"
      ? { ...before, appointed: [...before.appointed, event.appointedOn] }
      : { ...before, left: [...before.left, event.leftOn] }
    return { state, histories: { ...entry.histories, [event.mediatorId]: history } }
  }
}

const organizations = reader(entries)

/** The state of the mediators ledger. */
export interface State {
  /** Each organization's committee and roster, by organization id. */
  readonly committees: Instances
  /** Each mediator's sessions, by `keyOf(organizationId, mediatorId)`. */
  readonly sessions: Table.Table<ReadonlyArray<SessionEntry>>
  /** Each person's trainings attended as a mediator, by person id. */
  readonly trainings: Table.Table<ReadonlyArray<TrainingEntry>>
  /** Each organization's places, by organization id (its hotlines and duty posts are listed). */
  readonly places: Instances
}

const placesOf = reader(Place.aggregate)

/** The mediators a session names by id (none for a session recorded before it named them). */
const sessionOf = (event: Domain.Event) =>
  event._tag === "MediationSessionHeld" ? { event, mediatorIds: [...new Set(event.mediatorIds ?? [])] } : undefined

/** A training, and those of its attendees who attended as mediators. */
const trainingOf = (event: Domain.Event) =>
  event._tag === "TrainingRecorded"
    ? { training: event, personIds: [...new Set(event.attendees.filter((a) => a.capacity === "mediator").map((a) => a.personId))] }
    : undefined

const reads = (envelope: Envelope<Domain.Event>): ReadonlyArray<readonly [string, string]> => {
  const session = sessionOf(envelope.event)
  if (session !== undefined) return session.mediatorIds.map((id) => ["sessions", keyOf(session.event.organizationId, id)] as const)
  const training = trainingOf(envelope.event)
  return training === undefined ? noReads : training.personIds.map((id) => ["trainings", id] as const)
}

/** The mediators ledger's projection, in a calendar. */
export const projection = (calendar: Calendar): Projection.Projection<State> => {
  const committees = fold(entries, calendar)
  const places = fold(Place.aggregate, calendar)
  return Projection.rows<State>({
    name: nameFor("ledger-mediators", calendar),
    // 2: late entries as [days, records] pairs.
    version: 2,
    initial: { committees: Table.empty(), sessions: Table.empty(), trainings: Table.empty(), places: Table.empty() },
    reads: (envelope) => bothReads(bothReads(committees.reads("committees", envelope), places.reads("places", envelope)), reads(envelope)),
    apply: (state, envelope) => {
      const c = committees.apply(state.committees, envelope)
      if (c !== state.committees) return { ...state, committees: c }
      const p = places.apply(state.places, envelope)
      if (p !== state.places) return { ...state, places: p }
      const session = sessionOf(envelope.event)
      if (session !== undefined) {
        if (session.mediatorIds.length === 0) return state
        const { caseId, organizationId, heldOn, outcome } = session.event
        const entry: SessionEntry = { caseId, version: envelope.version, heldOn, outcome }
        let sessions = state.sessions
        for (const id of session.mediatorIds) sessions = Table.modify(sessions, keyOf(organizationId, id), (before) => [...(before ?? []), entry])
        return { ...state, sessions }
      }
      const training = trainingOf(envelope.event)
      if (training === undefined || training.personIds.length === 0) return state
      const { organizationId, trainingId, heldOn, hours } = training.training
      const entry: TrainingEntry = { organizationId, trainingId, heldOn, hours }
      let trainings = state.trainings
      for (const id of training.personIds) trainings = Table.modify(trainings, id, (before) => [...(before ?? []), entry])
      return { ...state, trainings }
    }
  })
}

/** A mediation hotline (调解热线) or duty post (值班点) of the organization, open or closed. */
export interface PostRow {
  readonly placeId: string
  readonly name: string
  readonly number: string | undefined
  readonly openedOn: LocalDate
  readonly closedOn: LocalDate | undefined
}

/** An organization's mediation committee, the size of its roster, and its hotlines and duty posts. */
export interface CommitteeRow {
  readonly organizationId: string
  /** The committee's name and the day it was established; none when it was not. */
  readonly name: string | undefined
  readonly establishedOn: LocalDate | undefined
  /** The head (社长), a serving mediator; none before the first or after she left the roster. */
  readonly headId: string | undefined
  readonly headSince: LocalDate | undefined
  /** The legal adviser (法律指导员), on the roster or not. */
  readonly adviserId: string | undefined
  readonly adviserSince: LocalDate | undefined
  /** Mediators serving, of them volunteers and cadres (the rest were appointed without a kind), and those who left. */
  readonly serving: number
  readonly volunteers: number
  readonly cadres: number
  readonly left: number
  /** Its mediation hotlines and duty posts, in order of registration. */
  readonly hotlines: ReadonlyArray<PostRow>
  readonly dutyPosts: ReadonlyArray<PostRow>
  /** 补录: its committee's and roster's records entered later than `policy.lateEntryDays` after their fact. */
  readonly lateEntries: number
  /** `headless`: a committee established without a serving head. */
  readonly flags: ReadonlyArray<LateFlag | "headless">
}

/** A mediator's register (调解登记). */
export interface MediatorRow {
  readonly organizationId: string
  readonly mediatorId: string
  /** On the roster now; false for one who left, or one named by sessions but never appointed. */
  readonly serving: boolean
  readonly kind: Mediation.MediatorKind | undefined
  /** The days she was appointed and left, oldest first. */
  readonly appointedOn: ReadonlyArray<LocalDate>
  readonly leftOn: ReadonlyArray<LocalDate>
  readonly head: boolean
  readonly adviser: boolean
  /** The sessions that named her, by day. */
  readonly sessions: ReadonlyArray<SessionEntry>
  /** Her sessions per year, oldest first. */
  readonly sessionsByYear: ReadonlyArray<{ readonly year: number; readonly sessions: number }>
  /** The trainings she attended as a mediator, by day, and their hours in all. */
  readonly trainings: ReadonlyArray<TrainingEntry>
  readonly trainingHours: number
}

/** The mediators ledger. */
export interface Rows {
  /** Every organization with a committee, mediators, a hotline or a duty post, by id. */
  readonly committees: ReadonlyArray<CommitteeRow>
  /** Every mediator's register, by organization and id. */
  readonly mediators: ReadonlyArray<MediatorRow>
}

const byDay = <A extends { readonly heldOn: LocalDate }>(items: ReadonlyArray<A>): ReadonlyArray<A> =>
  [...items].sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0))

/** Hours summed in hundredths, so that the sum stays exact. */
const hoursOf = (trainings: ReadonlyArray<TrainingEntry>) => sum(trainings.map((t) => Math.round(t.hours * 100))) / 100

/** The ledger's rows, of every organization or of those of an area. */
export const rows = (state: State, options: Options & { readonly within?: Area }): Rows => {
  const registers = new Map<string, Map<string, ReadonlyArray<SessionEntry>>>()
  for (const [key, sessions] of Table.entries(state.sessions)) {
    const [organizationId, mediatorId] = firstOf(key)
    if (!inArea(options.within, organizationId)) continue
    registers.set(organizationId, (registers.get(organizationId) ?? new Map()).set(mediatorId, sessions))
  }
  const postsOf = (organizationId: string, kind: Place.Kind): ReadonlyArray<PostRow> =>
    placesOf.get(state.places, organizationId).places.filter((p) => p.kind === kind)
      .map(({ placeId, name, number, openedOn, closedOn }) => ({ placeId, name, number, openedOn, closedOn }))
  const withPosts = placesOf.ids(state.places).filter((id) => postsOf(id, "mediation-hotline").length + postsOf(id, "duty-post").length > 0)
  const ids = new Set([...organizations.ids(state.committees), ...registers.keys(), ...withPosts])
  const committeeRows: Array<CommitteeRow> = []
  const mediatorRows: Array<MediatorRow> = []
  for (const organizationId of [...ids].sort()) {
    if (!inArea(options.within, organizationId)) continue
    const entry = organizations.get(state.committees, organizationId)
    const { mediators, kinds, committee, head, adviser } = entry.state
    const sessionsOf = registers.get(organizationId) ?? new Map<string, ReadonlyArray<SessionEntry>>()
    for (const mediatorId of [...new Set([...mediators.keys(), ...sessionsOf.keys()])].sort()) {
      const sessions = byDay(sessionsOf.get(mediatorId) ?? [])
      const years = new Map<number, number>()
      for (const s of sessions) years.set(Number(s.heldOn.slice(0, 4)), (years.get(Number(s.heldOn.slice(0, 4))) ?? 0) + 1)
      const trainings = byDay(Table.get(state.trainings, mediatorId) ?? [])
      const history = entry.histories[mediatorId]
      mediatorRows.push({
        organizationId,
        mediatorId,
        serving: mediators.get(mediatorId)?.leftOn === undefined && mediators.has(mediatorId),
        kind: kinds.get(mediatorId),
        appointedOn: history?.appointed ?? [],
        leftOn: history?.left ?? [],
        head: head?.personId === mediatorId,
        adviser: adviser?.personId === mediatorId,
        sessions,
        sessionsByYear: [...years].sort(([a], [b]) => a - b).map(([year, n]) => ({ year, sessions: n })),
        trainings,
        trainingHours: hoursOf(trainings)
      })
    }
    const serving = [...mediators].filter(([, m]) => m.leftOn === undefined).map(([id]) => id)
    const late = lateEntries(organizations.lags(state.committees, organizationId), options.policy)
    const headless = committee !== undefined && head === undefined
    committeeRows.push({
      organizationId,
      name: committee?.name,
      establishedOn: committee?.establishedOn,
      headId: head?.personId,
      headSince: head?.appointedOn,
      adviserId: adviser?.personId,
      adviserSince: adviser?.appointedOn,
      serving: serving.length,
      volunteers: serving.filter((id) => kinds.get(id) === "volunteer").length,
      cadres: serving.filter((id) => kinds.get(id) === "cadre").length,
      left: mediators.size - serving.length,
      hotlines: postsOf(organizationId, "mediation-hotline"),
      dutyPosts: postsOf(organizationId, "duty-post"),
      lateEntries: late,
      flags: [...(late > 0 ? ["entered-late" as const] : []), ...(headless ? ["headless" as const] : [])]
    })
  }
  return { committees: committeeRows, mediators: mediatorRows }
}

/** The figures of mediators and their registers for a period, counted from the ledger's rows of an area. */
export interface Figures {
  /** Committees established, as the ledger is drawn, with their heads and advisers. */
  readonly committees: ReadonlyArray<{ readonly organizationId: string; readonly name: string; readonly headId: string | undefined; readonly adviserId: string | undefined }>
  /** Mediators serving as the ledger is drawn; of them volunteers and cadres. */
  readonly mediators: number
  readonly volunteerMediators: number
  readonly cadreMediators: number
  /** Appointments and leavings in the period. */
  readonly appointed: number
  readonly left: number
  /**
   * Sessions held in the period that named at least one mediator of the area, each counted
   * once however many mediators it named; of them those that reached agreement; and the
   * distinct cases they were held on.
   */
  readonly sessions: number
  readonly agreements: number
  readonly casesMediated: number
  /** Each mediator's sessions in the period (those with none too), by organization and id. */
  readonly sessionsPerMediator: ReadonlyArray<{ readonly organizationId: string; readonly mediatorId: string; readonly sessions: number }>
  /** Trainings held in the period that mediators of the area attended, each counted once, and the hours they attended in all. */
  readonly trainings: number
  readonly trainingHours: number
}

/** The figures of a period, from the rows of an area. */
export const figures = (rows: Rows, period: DateRange): Figures => {
  const serving = rows.mediators.filter((m) => m.serving)
  // A session is one event of its case's stream: known by the case and its version there.
  const sessions = new Map<string, SessionEntry>()
  const perMediator = rows.mediators.map((m) => {
    const held = m.sessions.filter((s) => inPeriod(period, s.heldOn))
    for (const s of held) sessions.set(keyOf(s.caseId, String(s.version)), s)
    return { organizationId: m.organizationId, mediatorId: m.mediatorId, sessions: held.length }
  })
  // A person on two organizations' rosters attended each of her trainings once.
  const attended = new Map<string, TrainingEntry>()
  for (const m of rows.mediators) {
    for (const t of m.trainings) if (inPeriod(period, t.heldOn)) attended.set(keyOf(m.mediatorId, t.organizationId, t.trainingId), t)
  }
  const trainings = [...attended.values()]
  return {
    committees: rows.committees.flatMap((c) =>
      c.name === undefined ? [] : [{ organizationId: c.organizationId, name: c.name, headId: c.headId, adviserId: c.adviserId }]
    ),
    mediators: serving.length,
    volunteerMediators: serving.filter((m) => m.kind === "volunteer").length,
    cadreMediators: serving.filter((m) => m.kind === "cadre").length,
    appointed: sum(rows.mediators.map((m) => m.appointedOn.filter((d) => inPeriod(period, d)).length)),
    left: sum(rows.mediators.map((m) => m.leftOn.filter((d) => inPeriod(period, d)).length)),
    sessions: sessions.size,
    agreements: [...sessions.values()].filter((s) => s.outcome === "agreement-reached").length,
    casesMediated: new Set([...sessions.values()].map((s) => s.caseId)).size,
    sessionsPerMediator: perMediator.sort(byKey((m) => keyOf(m.organizationId, m.mediatorId))),
    trainings: new Set(trainings.map((t) => keyOf(t.organizationId, t.trainingId))).size,
    trainingHours: hoursOf(trainings)
  }
}
