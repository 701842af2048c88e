/**
 * The arithmetic of global positions in the PostgreSQL store.
 *
 * A position is `transaction * 2^ordinalBits + ordinal`: the 64-bit id of the PostgreSQL
 * transaction that appended the event (`pg_current_xact_id()`), then the event's place within
 * that append (0, 1, 2, …). One append is one transaction, so positions are unique, and
 * sorting by position sorts by transaction id first. Why that order is gap-free for readers
 * is told in docs/explanation/global-order.md.
 *
 * @since 0.1.0
 */

/** How many low bits of a position number the events within one append. */
export const ordinalBits = 10

/** The most events one append may hold (1,024); a larger append is an `InvalidRequest`. */
export const maxEventsPerAppend = 2 ** ordinalBits

/**
 * The largest transaction id whose positions stay below 2^53, where JavaScript numbers are
 * exact: 2^43 − 1, about 8.8 × 10^12 transactions. A cluster that starts ten thousand writing
 * transactions a second, without a pause, reaches it after about 28 years.
 */
export const maxTransaction = 2 ** (53 - ordinalBits) - 1

/** The position of the `ordinal`-th event (from 0) appended by transaction `transaction`. */
export const make = (transaction: number | bigint, ordinal: number): number => {
  const xid = Number(transaction)
  if (!Number.isSafeInteger(xid) || xid < 0 || xid > maxTransaction) {
    throw new RangeError(`transaction id ${transaction} is outside the range positions can hold`)
  }
  if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= maxEventsPerAppend) {
    throw new RangeError(`ordinal ${ordinal} is outside 0..${maxEventsPerAppend - 1}`)
  }
  return xid * maxEventsPerAppend + ordinal
}

/** The id of the transaction that appended the event at `position`. */
export const transactionOf = (position: number): number => Math.floor(position / maxEventsPerAppend)

/** The place of the event at `position` within its append, from 0. */
export const ordinalOf = (position: number): number => position % maxEventsPerAppend

/** The first position a transaction's events can have: where its append starts. */
export const firstOf = (transaction: number | bigint): number => make(transaction, 0)
