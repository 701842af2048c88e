/**
 * The id of a record's own stream within its organization: `{organizationId}/{recordId}`, the
 * organization's id with `%` and `/` escaped (`%25`, `%2F`), so that the first `/` always ends
 * it and no two organizations' records can share a stream, whatever their ids hold.
 */

/** The stream id of an organization's record. */
export const join = (organizationId: string, recordId: string): string =>
  `${organizationId.replaceAll("%", "%25").replaceAll("/", "%2F")}/${recordId}`

/** The organization of a record's stream id made by `join`, or `undefined` if it is not one. */
export const organizationOf = (id: string): string | undefined => {
  const slash = id.indexOf("/")
  return slash < 1 ? undefined : id.slice(0, slash).replaceAll("%2F", "/").replaceAll("%25", "%")
}
