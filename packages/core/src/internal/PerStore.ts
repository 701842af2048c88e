/**
 * A value kept per store instance (any object standing for one): made on first use, and gone
 * with the store. The command handler's stream locks and kept states are each one.
 */

/** The function that gives each store instance its own value, made by `make` on first use. */
export const perStore = <T>(make: () => T): ((store: object) => T) => {
  const values = new WeakMap<object, T>()
  return (store) => {
    let value = values.get(store)
    if (value === undefined) {
      value = make()
      values.set(store, value)
    }
    return value
  }
}
