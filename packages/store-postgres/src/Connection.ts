/**
 * Why PostgreSQL could not be reached, said so that the person running fulian can act on it:
 * the server refused the connection, the host is unknown, the database or the role does not
 * exist, the password was refused — rather than one "failed to connect" for all of them.
 *
 * @since 0.1.0
 */
import type { SqlError } from "effect/sql/SqlError"

/** The driver's own error beneath a `SqlError`: a socket error's `code`, or PostgreSQL's SQLSTATE. */
const causeOf = (error: SqlError): { readonly code?: unknown; readonly message?: unknown } | undefined =>
  error.reason.cause as { readonly code?: unknown; readonly message?: unknown } | undefined

/**
 * What went wrong connecting, in a sentence, when the error is a connection failure with a
 * known cause; `undefined` otherwise.
 */
export const connectionProblem = (error: SqlError): string | undefined => {
  const cause = causeOf(error)
  const code = typeof cause?.code === "string" ? cause.code : undefined
  const message = typeof cause?.message === "string" ? cause.message : ""
  switch (code) {
    case "ECONNREFUSED":
      return `the server refused the connection (${message.replace(/^connect ECONNREFUSED /, "")}): is PostgreSQL running there, on that port?`
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `the host of the connection URL is not known (${message})`
    case "ETIMEDOUT":
      return "the server did not answer in time: a firewall, or the wrong host?"
    case "3D000":
      return `${message}: create it (createdb), or name another database in the connection URL`
    case "28000":
      return `${message}: create the role, or name another user in the connection URL`
    case "28P01":
      return `${message}: check the password in the connection URL (or FULIAN_PG_URL)`
    default:
      return undefined
  }
}
