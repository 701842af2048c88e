/**
 * Who gives a command: a person, in a role, for an organization (§10 Authority).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Id, PersonId } from "./Input.ts"

/**
 * The roles of §10: chair 主席, vice-chair 副主席, executive member 执委, representative 妇女代表,
 * mediator 调解员, volunteer 巾帼志愿者, cadre of an upper-level federation 上级妇联干部, and
 * auditor 审计 (reads only, gives no command).
 */
export const Role = Schema.Literals([
  "chair",
  "vice-chair",
  "executive-member",
  "representative",
  "mediator",
  "volunteer",
  "upper-cadre",
  "auditor"
])

/** One of the roles of §10. */
export type Role = typeof Role.Type

/** The roles of an elected executive committee (执委会): chair, vice-chairs and members. */
export const committeeRoles: ReadonlyArray<Role> = ["chair", "vice-chair", "executive-member"]

/**
 * 行为人: the person who gives a command, the role she acts in and the organization she acts
 * for. The embedding platform authenticates her; fulian checks what that role may do there.
 */
export const Actor = Schema.Struct({
  person: PersonId,
  role: Role,
  organization: Id
})

/** Who gives a command. */
export type Actor = typeof Actor.Type

/** Whether a role is one of the executive committee's (执委会). */
export const isCommittee = (role: Role): boolean => committeeRoles.includes(role)
