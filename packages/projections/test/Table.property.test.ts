/**
 * A table is a value: every version a program was given keeps its rows, whatever was done to the
 * table since, from that version or any other. `Table` changes its newest version's rows in
 * place and keeps older versions as differences, so this property checks random changes made
 * to random versions (mostly the newest, as a projection does; sometimes an older one) against
 * a model made of copies, reading every version back at the end, in random order.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Table from "../src/Table.ts"

/** A version as the model has it: the rows, the keys known to have none (partial), the changes since saved. */
interface Model {
  readonly rows: ReadonlyMap<string, number>
  readonly absent: ReadonlySet<string> | undefined
  readonly changed: ReadonlySet<string>
}

type Op =
  | { readonly _tag: "set"; readonly key: string; readonly value: number }
  | { readonly _tag: "remove"; readonly key: string }
  | { readonly _tag: "load"; readonly key: string; readonly value: number | undefined }
  | { readonly _tag: "saved" }
  | { readonly _tag: "retain"; readonly keys: ReadonlyArray<string> }
  | { readonly _tag: "retainUnless"; readonly keys: ReadonlyArray<string> }

const key = fc.constantFrom("a", "b", "c", "d", "e", "f")
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ _tag: fc.constant("set" as const), key, value: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ _tag: fc.constant("remove" as const), key }) },
  { weight: 2, arbitrary: fc.record({ _tag: fc.constant("load" as const), key, value: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.constant({ _tag: "saved" as const }) },
  { weight: 1, arbitrary: fc.record({ _tag: fc.constant("retain" as const), keys: fc.uniqueArray(key) }) },
  { weight: 1, arbitrary: fc.record({ _tag: fc.constant("retainUnless" as const), keys: fc.uniqueArray(key) }) }
)

/** Whether the model knows a key (a whole table knows every key). */
const knows = (m: Model, k: string) => m.absent === undefined || m.rows.has(k) || m.absent.has(k)

/** Applies an op to a table and its model; `undefined` when the op does not apply to this version (a read it was not given). */
const step = (table: Table.Table<number>, m: Model, o: Op): readonly [Table.Table<number>, Model] | undefined => {
  switch (o._tag) {
    case "set": {
      const rows = new Map(m.rows).set(o.key, o.value)
      const same = m.rows.get(o.key) === o.value
      // A key with a row is no longer one known to have none.
      const absent = m.absent === undefined ? undefined : new Set([...m.absent].filter((k) => k !== o.key))
      return [Table.set(table, o.key, o.value), same ? m : { rows, absent, changed: new Set([...m.changed, o.key]) }]
    }
    case "remove": {
      if (!knows(m, o.key)) return undefined
      if (!m.rows.has(o.key)) return [Table.remove(table, o.key), m]
      const rows = new Map(m.rows)
      rows.delete(o.key)
      const absent = m.absent === undefined ? undefined : new Set([...m.absent, o.key])
      return [Table.remove(table, o.key), { rows, absent, changed: new Set([...m.changed, o.key]) }]
    }
    case "load": {
      if (m.absent === undefined || knows(m, o.key)) return undefined
      const rows = new Map(m.rows)
      if (o.value !== undefined) rows.set(o.key, o.value)
      const absent = o.value === undefined ? new Set([...m.absent, o.key]) : m.absent
      return [Table.withLoaded(table, o.key, o.value), { ...m, rows, absent }]
    }
    case "saved":
      return [Table.saved(table), { ...m, changed: new Set() }]
    case "retain": {
      const rows = new Map([...m.rows].filter(([k]) => o.keys.includes(k)))
      const absent = new Set(o.keys.filter((k) => !m.rows.has(k) && (m.absent === undefined || m.absent.has(k))))
      return [Table.retain(table, new Set(o.keys)), { rows, absent, changed: new Set() }]
    }
    case "retainUnless": {
      // What the table holds but the keys given; a whole table's other keys become unknown.
      const rows = new Map([...m.rows].filter(([k]) => !o.keys.includes(k)))
      const absent = new Set([...(m.absent ?? [])].filter((k) => !o.keys.includes(k)))
      return [Table.retainUnless(table, new Map(o.keys.map((k) => [k, undefined]))), { rows, absent, changed: new Set() }]
    }
  }
}

/** Fails unless a table reads as its model. */
const expectAsModel = (table: Table.Table<number>, m: Model) => {
  for (const k of ["a", "b", "c", "d", "e", "f"]) {
    expect(Table.knows(table, k)).toBe(knows(m, k))
    if (knows(m, k)) expect(Table.get(table, k)).toBe(m.rows.get(k))
    else expect(() => Table.get(table, k)).toThrow(/read but not loaded/)
  }
  expect(Table.isPartial(table)).toBe(m.absent !== undefined)
  expect(Table.held(table)).toBe(m.rows.size + (m.absent?.size ?? 0))
  if (m.absent === undefined) expect(Table.toObject(table)).toEqual(Object.fromEntries([...m.rows].sort(([a], [b]) => (a < b ? -1 : 1))))
  expect(new Map(Table.changed(table))).toEqual(new Map([...m.changed].map((k) => [k, m.rows.get(k)])))
}

describe("a table", () => {
  it("keeps every version's rows, whichever versions were changed since, in whatever order they are read", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.boolean(), op), { maxLength: 60 }),
        fc.array(fc.nat()),
        (whole, ops, readOrder) => {
          const versions: Array<readonly [Table.Table<number>, Model]> = [
            whole
              ? [Table.empty<number>(), { rows: new Map(), absent: undefined, changed: new Set() }]
              : [Table.partial<number>(), { rows: new Map(), absent: new Set(), changed: new Set() }]
          ]
          for (const [pick, newest, o] of ops) {
            // Mostly the newest version, as a projection works; sometimes an older one.
            const [table, m] = versions[newest ? versions.length - 1 : pick % versions.length]!
            const next = step(table, m, o)
            if (next !== undefined) versions.push(next)
          }
          for (const i of readOrder) expectAsModel(...versions[i % versions.length]!)
          for (const [table, m] of versions) expectAsModel(table, m)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("is left as it was by a change made from it: a projection's initial state stays empty", () => {
    const initial = Table.empty<number>()
    let t = initial
    for (let i = 0; i < 100; i++) t = Table.set(t, `k${i}`, i)
    expect(Table.size(initial)).toBe(0)
    expect(Table.size(t)).toBe(100)
    expect(Table.get(Table.set(initial, "k1", 7), "k1")).toBe(7)
    expect(Table.get(t, "k1")).toBe(1)
  })
})
