/**
 * 妇联组织: federation units and the chain of levels that every escalation and report
 * follows (DOMAIN.md §1). Each organization is registered with its level and its parent,
 * exactly one level up.
 *
 * Streams: `organization-{organizationId}`; and `deployment-top`, which records the one top
 * organization of a deployment (the bootstrap of §10: registered by a cadre acting for it,
 * once), so that no one can start a second tree beside it.
 *
 * 两新组织妇委会 (DOMAIN.md §1; seed 003 §三.2, seed 001 篇8): the women's organization of an
 * enterprise or a social organization is an organization of its own `kind`, registered under
 * the street or community that guides it. Decisions where DOMAIN.md is silent:
 * - It stands below the territorial chain, at the building level, whichever of the two guides
 *   it: it holds no households and elects no representatives who link them (those are a
 *   community's), and its guide is its parent — the organization every escalation and report
 *   of it goes to, and with which its elections are filed. So the "exactly one level up" rule
 *   is bent for it alone: its parent is an ordinary federation unit at the community or the
 *   street level.
 * - Nothing is registered under it: it is a leaf of the tree.
 * - An organization registered without a `kind` (every one registered before kinds existed)
 *   is an ordinary federation unit (`"federation"`).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { EventStoreError } from "@fulian/store/EventStore"
import type { Actor } from "./Actor.ts"
import { CommandFields, Unauthorized } from "./Command.ts"
import { type Aggregate, type DecisionContext, emit, type FactTime } from "./Decider.ts"
import { Id, Name } from "./Input.ts"

/**
 * The levels, lowest first: building 楼栋, community 村/社区, street 街道/乡镇, district 区/县,
 * city 市.
 */
export const Level = Schema.Literals(["building", "community", "street", "district", "city"])

/** A level of the federation. */
export type Level = typeof Level.Type

const order: ReadonlyArray<Level> = ["building", "community", "street", "district", "city"]

/** The level directly above, or `undefined` for a city. */
export const levelAbove = (level: Level): Level | undefined => order[order.indexOf(level) + 1]

/**
 * What kind of organization it is: an ordinary federation unit 妇联 (`federation`), or the
 * women's organization 妇委会/妇代会 of an enterprise 非公企业 (`enterprise`) or of a social
 * organization 社会组织 (`social-organization`) — together the 两新组织.
 */
export const Kind = Schema.Literals(["federation", "enterprise", "social-organization"])

/** A kind of organization. */
export type Kind = typeof Kind.Type

/** The levels whose organizations guide the women's organizations of enterprises and social organizations. */
export const guidingLevels: ReadonlyArray<Level> = ["community", "street"]

/** Whether an organization of a kind is a 两新组织 women's organization (an enterprise's or a social organization's). */
export const isTwoNew = (kind: Kind | undefined): boolean => kind !== undefined && kind !== "federation"

// ---------------------------------------------------------------------------------------------
// Events. NOTE: event tags and fields are a storage format kept forever; change them only by
// adding a schema version with an upcast (see EventCodec).
// ---------------------------------------------------------------------------------------------

/**
 * An organization was registered with its level and parent (组织登记), and its kind when it is
 * not an ordinary federation unit (absent: `federation`).
 */
export const OrganizationRegistered = Schema.TaggedStruct("OrganizationRegistered", {
  organizationId: Schema.NonEmptyString,
  name: Schema.NonEmptyString,
  level: Level,
  parentId: Schema.optional(Schema.NonEmptyString),
  kind: Schema.optional(Kind)
})

/** The events of an organization. */
export const Event = Schema.Union([OrganizationRegistered])

/** An event of an organization. */
export type Event = typeof Event.Type

/** 顶级组织: the deployment's top organization was registered; there is one per deployment. */
export const TopOrganizationRegistered = Schema.TaggedStruct("TopOrganizationRegistered", {
  organizationId: Schema.NonEmptyString
})

/** The events of a deployment. */
export const DeploymentEvent = Schema.Union([TopOrganizationRegistered])

/** An event of a deployment. */
export type DeploymentEvent = typeof DeploymentEvent.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * Registers an organization. One with a parent is registered by that parent's chair,
 * vice-chair, executive member or cadre; the top organization of a deployment (no parent) by
 * a cadre acting for it. A 两新组织 women's organization gives its `kind`, the building level,
 * and the community or street that guides it as its parent.
 */
export const RegisterOrganization = Schema.TaggedStruct("RegisterOrganization", {
  ...CommandFields,
  organizationId: Id,
  name: Name,
  level: Level,
  parentId: Schema.optional(Id),
  kind: Schema.optional(Kind)
})

/** The commands of organizations. */
export const Command = Schema.Union([RegisterOrganization])

/** A command of organizations. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** An organization as known from its events; `undefined` fields until registered. */
export interface State {
  readonly registered: boolean
  readonly organizationId?: string
  readonly name?: string
  readonly level?: Level
  readonly parentId?: string | undefined
  /** Its kind; `federation` for one registered without a kind. */
  readonly kind?: Kind
}

/** The organization aggregate. */
export const aggregate: Aggregate<State, Event> = {
  category: "organization",
  events: Event,
  initial: { registered: false },
  evolve: (state, event) => {
    switch (event._tag) {
      case "OrganizationRegistered":
        return {
          registered: true,
          organizationId: event.organizationId,
          name: event.name,
          level: event.level,
          parentId: event.parentId,
          kind: event.kind ?? "federation"
        }
    }
  }
}

/** A deployment: its top organization, once registered. */
export interface DeploymentState {
  readonly top: string | undefined
}

/** The deployment aggregate: the one stream `deployment-top`. */
export const deployment: Aggregate<DeploymentState, DeploymentEvent> = {
  category: "deployment",
  events: DeploymentEvent,
  initial: { top: undefined },
  evolve: (state, event) => (state.top === undefined ? { top: event.organizationId } : state)
}

/** The id of the deployment's stream. */
export const deploymentId = "top"

// ---------------------------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------------------------

/** Why an organization command was refused. */
export class OrganizationRejected extends Schema.TaggedError<OrganizationRejected>()("OrganizationRejected", {
  reason: Schema.Literals([
    "AlreadyRegistered",
    "NotRegistered",
    "ParentNotRegistered",
    "ParentNotOneLevelUp",
    "TopOrganizationExists",
    "TwoNewNotGuided",
    "TwoNewNotAtBuildingLevel",
    "UnderTwoNew"
  ]),
  organizationId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** The roles that act for an organization in registering the ones below it. */
const registrars = new Set<Actor["role"]>(["chair", "vice-chair", "executive-member", "upper-cadre"])

/**
 * Decides `RegisterOrganization` given the organization, its parent (if any) and, for a top
 * organization, the deployment.
 */
export const decide = (
  command: Command,
  state: State,
  parent: State | undefined,
  top: DeploymentState = deployment.initial
): Effect.Effect<ReadonlyArray<Event>, OrganizationRejected | Unauthorized> => {
  const reject = (reason: OrganizationRejected["reason"], detail: string) =>
    Effect.fail(new OrganizationRejected({ reason, organizationId: command.organizationId, detail }))
  const { actor } = command
  if (command.parentId === undefined) {
    if (actor.role !== "upper-cadre" || actor.organization !== command.organizationId) {
      return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "a top organization is registered by a cadre acting for it" }))
    }
  } else if (!registrars.has(actor.role) || actor.organization !== command.parentId) {
    return Effect.fail(new Unauthorized({ command: command._tag, actor, rule: "an organization is registered by its parent organization's committee or cadre" }))
  }
  if (state.registered) return reject("AlreadyRegistered", `organization ${command.organizationId} is already registered`)
  if (command.parentId === undefined && top.top !== undefined) {
    return reject("TopOrganizationExists", "this deployment's top organization is registered already: register the organization under its parent")
  }
  if (command.parentId !== undefined) {
    if (!parent?.registered) return reject("ParentNotRegistered", `parent organization ${command.parentId} is not registered`)
    if (isTwoNew(parent.kind)) {
      return reject("UnderTwoNew", `${command.parentId} is the women's organization of an enterprise or social organization: no organization is registered under it`)
    }
  }
  if (isTwoNew(command.kind)) {
    if (command.parentId === undefined || parent?.level === undefined || !guidingLevels.includes(parent.level)) {
      return reject(
        "TwoNewNotGuided",
        `the women's organization of an enterprise or social organization is registered under the community or street that guides it${
          parent?.level === undefined ? "" : `, and ${command.parentId} is a ${parent.level}`
        }`
      )
    }
    if (command.level !== "building") {
      return reject(
        "TwoNewNotAtBuildingLevel",
        `the women's organization of an enterprise or social organization stands below the communities, at the building level, not at the ${command.level} level`
      )
    }
  } else if (command.parentId !== undefined && parent !== undefined) {
    const above = levelAbove(command.level)
    if (parent.level !== above) {
      return reject(
        "ParentNotOneLevelUp",
        `a ${command.level} organization's parent must be a ${above ?? "(none)"}, but ${command.parentId} is a ${parent.level}`
      )
    }
  }
  return Effect.succeed([
    OrganizationRegistered.make({
      organizationId: command.organizationId,
      name: command.name,
      level: command.level,
      parentId: command.parentId,
      ...(command.kind === undefined ? {} : { kind: command.kind })
    })
  ])
}

/** The handlers of organization commands. */
export const handlers = {
  RegisterOrganization: (command: typeof RegisterOrganization.Type, ctx: DecisionContext) =>
    Effect.gen(function*() {
      const state = yield* ctx.load(aggregate, command.organizationId)
      if (command.parentId !== undefined) {
        const parent = yield* ctx.load(aggregate, command.parentId)
        return [emit(aggregate, command.organizationId, yield* decide(command, state, parent))]
      }
      const top = yield* ctx.load(deployment, deploymentId)
      const events = yield* decide(command, state, undefined, top)
      return [
        emit(aggregate, command.organizationId, events),
        emit(deployment, deploymentId, [TopOrganizationRegistered.make({ organizationId: command.organizationId })])
      ]
    })
}

/**
 * Loads an organization that must be registered, for handlers of other aggregates (the
 * holder of a case, the organization of a representative, …).
 */
export const loadRegistered = (ctx: DecisionContext, organizationId: string) =>
  Effect.flatMap(ctx.load(aggregate, organizationId), (state) =>
    state.registered
      ? Effect.succeed(state as Required<State>)
      : Effect.fail(new OrganizationRejected({ reason: "NotRegistered", organizationId, detail: `organization ${organizationId} is not registered` })))

/**
 * The organizations from `organizationId` upward, lowest first, as far as they are
 * registered: the chain along which households "of an organization or below it" are found.
 */
export const chainFrom = (ctx: DecisionContext, organizationId: string): Effect.Effect<ReadonlyArray<string>, EventStoreError> =>
  Effect.gen(function*() {
    const chain: Array<string> = []
    let id: string | undefined = organizationId
    // Bounded by the five levels; guards against a malformed parent loop.
    while (id !== undefined && chain.length < order.length && !chain.includes(id)) {
      chain.push(id)
      const organization: State = yield* ctx.load(aggregate, id)
      id = organization.parentId
    }
    return chain
  })

/** Who may give each command at all; the organization each may act for is checked in `decide`. */
export const permissions = {
  RegisterOrganization: ["chair", "vice-chair", "executive-member", "upper-cadre"]
} as const satisfies Record<Command["_tag"], ReadonlyArray<Actor["role"]>>

/** When each command's fact happened (`FactTime`): a registration is made on a day. */
export const times = {
  RegisterOrganization: "day"
} as const satisfies Record<Command["_tag"], FactTime>
