/**
 * What the rosters of appointed people have in common (the mediators' and the auditors'): who
 * is on one, since when and until when, and the two rules of appointing and leaving. The
 * modules keep their own events, commands and errors; this keeps their state and rules one.
 */
import type { LocalDate } from "../Time.ts"

/** A person's latest appointment, and her leaving after it. */
export interface Appointment {
  readonly appointedOn: LocalDate
  readonly leftOn: LocalDate | undefined
}

/** A roster: its people's appointments, by person id. */
export type Roster = ReadonlyMap<string, Appointment>

/** The roster after an appointment. */
export const appoint = (roster: Roster, personId: string, on: LocalDate): Roster =>
  new Map(roster).set(personId, { appointedOn: on, leftOn: undefined })

/** The roster after a leaving (unchanged for someone not on it). */
export const leave = (roster: Roster, personId: string, on: LocalDate): Roster => {
  const record = roster.get(personId)
  return record === undefined ? roster : new Map(roster).set(personId, { ...record, leftOn: on })
}

/** Whether a person was on the roster on a date: appointed by then, and not left before it. */
export const servingOn = (roster: Roster, personId: string, on: LocalDate): boolean => {
  const record = roster.get(personId)
  return record !== undefined && record.appointedOn <= on && (record.leftOn === undefined || on < record.leftOn)
}

/** Why an appointment or a leaving cannot be recorded, with what to say. */
export type Refusal = { readonly reason: "AlreadyAppointed" | "NotOnRoster" | "DateOutOfOrder"; readonly detail: string }

/** The rules of appointing: not twice while serving, and not before a former leaving. */
export const checkAppointment = (roster: Roster, personId: string, on: LocalDate, what: string): Refusal | undefined => {
  const record = roster.get(personId)
  if (record !== undefined && record.leftOn === undefined) return { reason: "AlreadyAppointed", detail: `${personId} is already ${what}` }
  if (record?.leftOn !== undefined && on < record.leftOn) {
    return { reason: "DateOutOfOrder", detail: `${personId} left on ${record.leftOn}: she is appointed again on or after it, not on ${on}` }
  }
  return undefined
}

/** The rules of leaving: only one serving, not before her appointment. */
export const checkLeaving = (roster: Roster, personId: string, on: LocalDate, what: string): Refusal | undefined => {
  const record = roster.get(personId)
  if (record === undefined || record.leftOn !== undefined) return { reason: "NotOnRoster", detail: `${personId} is not ${what}` }
  if (on < record.appointedOn) return { reason: "DateOutOfOrder", detail: `${personId} was appointed on ${record.appointedOn}: she cannot leave on ${on}` }
  return undefined
}
