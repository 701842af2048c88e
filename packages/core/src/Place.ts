/**
 * 阵地: the places of the work (DOMAIN.md §1; seed 000, seed 001 篇4–6, seed 003 §二.3, §三.2) —
 * women's homes (妇女之家), activity rooms (活动室), rights stations and points (维权站/维权点),
 * mediation hotlines (调解热线, with their number) and duty posts (值班点). Each belongs to one
 * organization, whose executive committee registers it and closes it. Activities, trainings
 * and receptions name the place they are held at; their modules check it with `requireOpen`.
 *
 * Stream: `places-{organizationId}`, one per organization, holding all of its places: a place
 * id is unique within its organization, and a decision that names a place of an organization
 * loads this one stream (joining its version check, so a place closed at the same moment is not
 * used after its closing).
 *
 * Decisions where DOMAIN.md is silent:
 * - A place is registered with the day it opened, which may lie in the past (a women's home
 *   opened years before the records began), and closed on a day on or after it; a closed
 *   place stays closed: a place opened again is registered anew, with a new id.
 * - A hotline must give its number; other places may give one (a duty post's telephone).
 * - A place's name and number are the organization's, public like the organization's own
 *   name, not personal data.
 * - It is read by the organization's own committee (and auditors), as its other records.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { EventStoreError } from "@fulian/store/EventStore"
import { type Actor, isCommittee } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import { Id, Line, Name } from "./Input.ts"
import * as Organization from "./Organization.ts"
import { LocalDate } from "./Time.ts"

/**
 * The kinds of place: women's home 妇女之家, activity room 活动室, rights station 维权站, rights
 * point 维权点, mediation hotline 调解热线, duty post 值班点.
 */
export const Kind = Schema.Literals(["womens-home", "activity-room", "rights-station", "rights-point", "mediation-hotline", "duty-post"])

/** A kind of place. */
export type Kind = typeof Kind.Type

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/** 阵地登记: a place of the organization was registered, open from `openedOn`. */
export const PlaceRegistered = Schema.TaggedStruct("PlaceRegistered", {
  organizationId: Schema.NonEmptyString,
  placeId: Schema.NonEmptyString,
  kind: Kind,
  name: Schema.NonEmptyString,
  /** The telephone number of a hotline (or of a duty post). */
  number: Schema.optional(Schema.NonEmptyString),
  openedOn: LocalDate
})

/** A place was closed; it is not open from `closedOn`. */
export const PlaceClosed = Schema.TaggedStruct("PlaceClosed", {
  organizationId: Schema.NonEmptyString,
  placeId: Schema.NonEmptyString,
  closedOn: LocalDate
})

/** The events of an organization's places. */
export const Event = Schema.Union([PlaceRegistered, PlaceClosed])

/** An event of an organization's places. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Registers a place of the organization, open from `openedOn`; a hotline gives its `number`. */
export const RegisterPlace = Schema.TaggedStruct("RegisterPlace", {
  ...CommandFields,
  organizationId: Id,
  placeId: Id,
  kind: Kind,
  name: Name,
  number: Schema.optional(Line),
  openedOn: LocalDate
})

/** Closes a place of the organization on `closedOn`. */
export const ClosePlace = Schema.TaggedStruct("ClosePlace", {
  ...CommandFields,
  organizationId: Id,
  placeId: Id,
  closedOn: LocalDate
})

/** The commands of places. */
export const Command = Schema.Union([RegisterPlace, ClosePlace])

/** A command of places. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A place as known from its events. */
export interface PlaceRecord {
  readonly placeId: string
  readonly kind: Kind
  readonly name: string
  readonly number: string | undefined
  readonly openedOn: LocalDate
  readonly closedOn: LocalDate | undefined
}

/** An organization's places, in order of registration. */
export interface State {
  readonly places: ReadonlyArray<PlaceRecord>
}

/** The places aggregate: one stream per organization. */
export const aggregate: Aggregate<State, Event> = {
  category: "places",
  events: Event,
  initial: { places: [] },
  evolve: (state, event) => {
    switch (event._tag) {
      case "PlaceRegistered":
        return {
          places: [...state.places, {
            placeId: event.placeId,
            kind: event.kind,
            name: event.name,
            number: event.number,
            openedOn: event.openedOn,
            closedOn: undefined
          }]
        }
      case "PlaceClosed":
        return { places: state.places.map((p) => (p.placeId === event.placeId ? { ...p, closedOn: event.closedOn } : p)) }
    }
  }
}

/** A place of the organization by id, if registered. */
export const placeById = (state: State, placeId: string): PlaceRecord | undefined => state.places.find((p) => p.placeId === placeId)

/** Whether a place is open on a date: opened by then, and not closed on or before it. */
export const isOpenOn = (place: PlaceRecord, date: LocalDate): boolean =>
  place.openedOn <= date && (place.closedOn === undefined || date < place.closedOn)

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why a command about a place, or one that names a place, was refused. */
export class PlaceRejected extends Schema.TaggedError<PlaceRejected>()("PlaceRejected", {
  reason: Schema.Literals(["AlreadyRegistered", "NumberRequired", "UnknownPlace", "AlreadyClosed", "DateBeforeOpening", "NotOpen"]),
  organizationId: Schema.String,
  placeId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** Decides a command about the organization's places, recorded by its executive committee. */
export const decide = (command: Command, state: State): Effect.Effect<ReadonlyArray<Event>, PlaceRejected | Unauthorized> => {
  const { actor, organizationId, placeId } = command
  if (!isCommittee(actor.role) || actor.organization !== organizationId) {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: `the places of ${organizationId} are registered and closed by its executive committee` }))
  }
  const reject = (reason: PlaceRejected["reason"], detail: string) => Effect.fail(new PlaceRejected({ reason, organizationId, placeId, detail }))
  const place = placeById(state, placeId)
  switch (command._tag) {
    case "RegisterPlace": {
      if (place !== undefined) return reject("AlreadyRegistered", `${organizationId} already has a place ${placeId} (${place.name})`)
      if (command.kind === "mediation-hotline" && command.number === undefined) {
        return reject("NumberRequired", `a mediation hotline is registered with its telephone number`)
      }
      const { _tag, commandId, actor: _actor, reason, correlationId, causationId, ...fields } = command
      return Effect.succeed([PlaceRegistered.make(fields)])
    }
    case "ClosePlace": {
      if (place === undefined) return reject("UnknownPlace", `${organizationId} has no place ${placeId}`)
      if (place.closedOn !== undefined) return reject("AlreadyClosed", `${place.name} (${placeId}) was closed on ${place.closedOn}`)
      if (command.closedOn < place.openedOn) {
        return reject("DateBeforeOpening", `${place.name} (${placeId}) cannot close (${command.closedOn}) before it opened (${place.openedOn})`)
      }
      return Effect.succeed([PlaceClosed.make({ organizationId, placeId, closedOn: command.closedOn })])
    }
  }
}

const handle = (command: Command, ctx: DecisionContext) =>
  Effect.gen(function*() {
    yield* Organization.loadRegistered(ctx, command.organizationId)
    const state = yield* ctx.load(aggregate, command.organizationId)
    return [emit(aggregate, command.organizationId, yield* decide(command, state))]
  })

/** The handlers of place commands. */
export const handlers = {
  RegisterPlace: (command: typeof RegisterPlace.Type, ctx: DecisionContext) => handle(command, ctx),
  ClosePlace: (command: typeof ClosePlace.Type, ctx: DecisionContext) => handle(command, ctx)
}

/**
 * For the decisions of other modules that name a place (an activity, a training, a reception):
 * the place must be one of `organizationId`'s, open on the date `on`. Answers the place, or
 * fails with `PlaceRejected` (`UnknownPlace`: not one of the organization's; `NotOpen`: not yet
 * opened or already closed that day). The places' stream is loaded with the decision's version
 * check, so a place closed concurrently makes the decision retry.
 */
export const requireOpen = (
  ctx: DecisionContext,
  organizationId: string,
  placeId: string,
  on: LocalDate
): Effect.Effect<PlaceRecord, PlaceRejected | EventStoreError> =>
  Effect.flatMap(ctx.load(aggregate, organizationId), (state) => {
    const place = placeById(state, placeId)
    if (place === undefined) {
      return Effect.fail(new PlaceRejected({ reason: "UnknownPlace", organizationId, placeId, detail: `${organizationId} has no place ${placeId}` }))
    }
    if (!isOpenOn(place, on)) {
      return Effect.fail(
        new PlaceRejected({
          reason: "NotOpen",
          organizationId,
          placeId,
          detail: place.openedOn > on
            ? `${place.name} (${placeId}) opened on ${place.openedOn}, after ${on}`
            : `${place.name} (${placeId}) was closed on ${place.closedOn}, by ${on}`
        })
      )
    }
    return Effect.succeed(place)
  })

/** Who may give each command at all: the executive committee. */
export const permissions = {
  RegisterPlace: ["chair", "vice-chair", "executive-member"],
  ClosePlace: ["chair", "vice-chair", "executive-member"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): on its own date. */
export const times = {
  RegisterPlace: { field: "openedOn" },
  ClosePlace: { field: "closedOn" }
} as const satisfies Record<Command["_tag"], FactTime>
