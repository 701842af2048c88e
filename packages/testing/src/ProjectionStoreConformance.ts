/**
 * The conformance suite every projection store runs, unchanged:
 *
 *   ProjectionStoreConformance.suite("SQLite", SqliteProjectionStore.layer(...))
 *
 * It needs vitest. Every test uses projection names of its own.
 *
 * @since 0.1.0
 */
import { Effect, type Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ProjectionStore, ProjectionStoreError, type Row, type RowsWrite, type StoredRows } from "@fulian/projections/Projection"

let counter = 0
const uniqueName = () => `conformance-${Date.now().toString(36)}-${process.pid}-${++counter}`

/** Defines the projection store conformance tests under `describe(name)`. */
export const suite = <E>(name: string, layer: Layer.Layer<ProjectionStore, E>): void => {
  describe(`ProjectionStore conformance: ${name}`, () => {
    let runtime: ManagedRuntime.ManagedRuntime<ProjectionStore, E>
    beforeAll(() => {
      runtime = ManagedRuntime.make(layer)
    })
    afterAll(() => runtime.dispose())
    const run = <A>(f: (store: typeof ProjectionStore.Service) => Effect.Effect<A, unknown>) =>
      runtime.runPromise(ProjectionStore.use(f) as Effect.Effect<A, E, ProjectionStore>)

    it("knows nothing of a projection never saved", async () => {
      expect(await run((s) => s.load(uniqueName()))).toBeUndefined()
    })

    it("saves state, version and checkpoint together and loads them back", async () => {
      const name = uniqueName()
      const state = { rows: [{ community: "青波社区", households: 3, flags: ["under-target"] }], total: 1.5, none: null, ok: true }
      await run((s) => s.save(name, { version: 2, checkpoint: 17, state }))
      expect(await run((s) => s.load(name))).toEqual({ version: 2, checkpoint: 17, state })
    })

    it("replaces the stored state on each save, keeping projections apart", async () => {
      const [a, b] = [uniqueName(), uniqueName()]
      await run((s) => s.save(a, { version: 1, checkpoint: 1, state: { n: 1 } }))
      await run((s) => s.save(b, { version: 1, checkpoint: 5, state: { n: 5 } }))
      await run((s) => s.save(a, { version: 1, checkpoint: 9, state: { n: 9 } }))
      expect(await run((s) => s.load(a))).toEqual({ version: 1, checkpoint: 9, state: { n: 9 } })
      expect(await run((s) => s.load(b))).toEqual({ version: 1, checkpoint: 5, state: { n: 5 } })
    })

    it("keeps a large state", async () => {
      const name = uniqueName()
      const state = { rows: Array.from({ length: 5000 }, (_, i) => ({ i, text: "台帐".repeat(10) })) }
      await run((s) => s.save(name, { version: 1, checkpoint: 5000, state }))
      expect(await run((s) => s.load(name))).toEqual({ version: 1, checkpoint: 5000, state })
    })

    it("keeps the last of concurrent saves whole", async () => {
      const name = uniqueName()
      await runtime.runPromise(ProjectionStore.use((s) =>
        Effect.all(Array.from({ length: 8 }, (_, i) => s.save(name, { version: 1, checkpoint: i, state: { i, copy: i } })), {
          concurrency: "unbounded"
        })) as Effect.Effect<unknown, E, ProjectionStore>)
      const stored = (await run((s) => s.load(name))) as { checkpoint: number; state: { i: number; copy: number } }
      expect(stored.state.i).toBe(stored.checkpoint)
      expect(stored.state.copy).toBe(stored.checkpoint)
    })

    describe("row-style projections", () => {
      const write = (
        checkpoint: number,
        upserts: ReadonlyArray<Row>,
        deletes: ReadonlyArray<{ table: string; key: string }> = [],
        reset = false,
        inserts: ReadonlyArray<Row> = []
      ) => ({ version: 1, checkpoint, reset, upserts, inserts, deletes }) satisfies Omit<RowsWrite, "projection">
      const saveOne = (s: typeof ProjectionStore.Service, projection: string, w: Omit<RowsWrite, "projection">) => s.saveRows([{ projection, ...w }])
      const sorted = (stored: StoredRows | undefined) =>
        stored && { ...stored, rows: [...stored.rows].sort((a, b) => (`${a.table}\u0000${a.key}` < `${b.table}\u0000${b.key}` ? -1 : 1)) }

      it("knows no rows of a projection never saved, nor of one kept as a document", async () => {
        const name = uniqueName()
        expect(await run((s) => s.loadRows(name))).toBeUndefined()
        await run((s) => s.save(name, { version: 1, checkpoint: 1, state: { n: 1 } }))
        expect(await run((s) => s.loadRows(name))).toBeUndefined()
      })

      it("saves rows with the version and checkpoint, and loads them back", async () => {
        const name = uniqueName()
        const rows: Array<Row> = [
          { table: "cases", key: "k1", value: { s: { status: "open", flags: ["late"] }, l: { "3": 1 } } },
          { table: "cases", key: "青波-2", value: { s: null } },
          { table: "counts", key: "k1", value: 7 }
        ]
        await run((s) => saveOne(s, name, { ...write(12, rows), version: 3 }))
        expect(sorted(await run((s) => s.loadRows(name)))).toEqual({ version: 3, checkpoint: 12, rows })
        // A row-style projection is not a document.
        expect(await run((s) => s.load(name))).toBeUndefined()
      })

      it("changes only the rows written: set ones replaced, removed ones gone, the rest kept", async () => {
        const name = uniqueName()
        await run((s) => saveOne(s, name, write(1, [{ table: "t", key: "a", value: 1 }, { table: "t", key: "b", value: 2 }, { table: "u", key: "a", value: 3 }])))
        await run((s) => saveOne(s, name, write(2, [{ table: "t", key: "b", value: 20 }, { table: "t", key: "c", value: 30 }], [{ table: "u", key: "a" }, { table: "u", key: "none" }])))
        expect(sorted(await run((s) => s.loadRows(name)))).toEqual({
          version: 1,
          checkpoint: 2,
          rows: [{ table: "t", key: "a", value: 1 }, { table: "t", key: "b", value: 20 }, { table: "t", key: "c", value: 30 }]
        })
      })

      it("adds rows given as new beside rows set, after a reset too, and refuses one that is not JSON", async () => {
        const name = uniqueName()
        await run((s) => saveOne(s, name, write(1, [{ table: "t", key: "a", value: 1 }], [], false, [{ table: "t", key: "b", value: 2 }, { table: "u", key: "c", value: 3 }])))
        await run((s) => saveOne(s, name, write(2, [{ table: "t", key: "b", value: 20 }], [{ table: "u", key: "c" }], false, [{ table: "t", key: "d", value: { n: 4 } }])))
        expect(sorted(await run((s) => s.loadRows(name)))).toEqual({
          version: 1,
          checkpoint: 2,
          rows: [{ table: "t", key: "a", value: 1 }, { table: "t", key: "b", value: 20 }, { table: "t", key: "d", value: { n: 4 } }]
        })
        expect(await run((s) => s.readRows([{ projection: name, table: "t", key: "d" }]))).toEqual([{ projection: name, table: "t", key: "d", value: { n: 4 } }])
        // A reset removes the rows first: a key of before it is new again.
        await run((s) => saveOne(s, name, write(0, [], [], true, [{ table: "t", key: "a", value: "again" }])))
        expect(sorted(await run((s) => s.loadRows(name)))).toEqual({ version: 1, checkpoint: 0, rows: [{ table: "t", key: "a", value: "again" }] })
        const failed = await runtime.runPromise(Effect.flip(ProjectionStore.use((s) =>
          saveOne(s, name, write(1, [{ table: "t", key: "a", value: "lost" }], [], false, [{ table: "t", key: "bad", value: 10n }]))
        )) as Effect.Effect<ProjectionStoreError, E, ProjectionStore>)
        expect(failed.message).toContain("t/bad")
        expect(sorted(await run((s) => s.loadRows(name)))).toEqual({ version: 1, checkpoint: 0, rows: [{ table: "t", key: "a", value: "again" }] })
      })

      it("removes every earlier row on a reset, and keeps projections apart", async () => {
        const [a, b] = [uniqueName(), uniqueName()]
        await run((s) => saveOne(s, a, write(5, [{ table: "t", key: "x", value: "a" }, { table: "t", key: "y", value: "a" }])))
        await run((s) => saveOne(s, b, write(6, [{ table: "t", key: "x", value: "b" }])))
        await run((s) => saveOne(s, a, { ...write(0, [{ table: "t", key: "z", value: "a2" }], [], true), version: 2 }))
        expect(sorted(await run((s) => s.loadRows(a)))).toEqual({ version: 2, checkpoint: 0, rows: [{ table: "t", key: "z", value: "a2" }] })
        expect(sorted(await run((s) => s.loadRows(b)))).toEqual({ version: 1, checkpoint: 6, rows: [{ table: "t", key: "x", value: "b" }] })
      })

      it("refuses a row that is not JSON with an error naming it, and writes nothing of that save", async () => {
        const name = uniqueName()
        await run((s) => saveOne(s, name, write(1, [{ table: "t", key: "a", value: 1 }])))
        const failed = await runtime.runPromise(Effect.flip(ProjectionStore.use((s) =>
          saveOne(s, name, write(2, [{ table: "t", key: "a", value: 2 }, { table: "t", key: "bad", value: 10n }]))
        )) as Effect.Effect<ProjectionStoreError, E, ProjectionStore>)
        expect(failed).toBeInstanceOf(ProjectionStoreError)
        expect(failed.message).toContain("t/bad")
        expect(sorted(await run((s) => s.loadRows(name)))).toEqual({ version: 1, checkpoint: 1, rows: [{ table: "t", key: "a", value: 1 }] })
      })

      it("keeps many rows written at once", async () => {
        const name = uniqueName()
        const rows = Array.from({ length: 5000 }, (_, i): Row => ({ table: "t", key: `k${String(i).padStart(5, "0")}`, value: { i, text: "台帐".repeat(10) } }))
        await run((s) => saveOne(s, name, write(5000, rows)))
        expect(sorted(await run((s) => s.loadRows(name)))).toEqual({ version: 1, checkpoint: 5000, rows })
      })

      it("saves several projections in one transaction: all, or none when a row of one is not JSON", async () => {
        const [a, b] = [uniqueName(), uniqueName()]
        await run((s) => s.saveRows([{ projection: a, ...write(1, [{ table: "t", key: "k", value: "a1" }]) }, { projection: b, ...write(1, [{ table: "t", key: "k", value: "b1" }]) }]))
        const failed = await runtime.runPromise(Effect.flip(ProjectionStore.use((s) =>
          s.saveRows([{ projection: a, ...write(2, [{ table: "t", key: "k", value: "a2" }]) }, { projection: b, ...write(2, [{ table: "t", key: "bad", value: 1n }]) }])
        )) as Effect.Effect<ProjectionStoreError, E, ProjectionStore>)
        expect(failed.message).toContain("t/bad")
        expect(sorted(await run((s) => s.loadRows(a)))).toEqual({ version: 1, checkpoint: 1, rows: [{ table: "t", key: "k", value: "a1" }] })
        expect(sorted(await run((s) => s.loadRows(b)))).toEqual({ version: 1, checkpoint: 1, rows: [{ table: "t", key: "k", value: "b1" }] })
      })

      it("reads the rows of given keys of several projections at once, leaving out keys without a row", async () => {
        const [a, b] = [uniqueName(), uniqueName()]
        await run((s) => s.saveRows([{ projection: a, ...write(1, [{ table: "t", key: "x", value: { n: 1 } }, { table: "u", key: "x", value: 2 }]) }, { projection: b, ...write(1, [{ table: "t", key: "x", value: "b" }]) }]))
        const read = await run((s) => s.readRows([
          { projection: a, table: "t", key: "x" },
          { projection: a, table: "t", key: "missing" },
          { projection: b, table: "t", key: "x" },
          { projection: uniqueName(), table: "t", key: "x" }
        ]))
        expect([...read].sort((p, q) => (p.projection < q.projection ? -1 : 1))).toEqual([
          { projection: a, table: "t", key: "x", value: { n: 1 } },
          { projection: b, table: "t", key: "x", value: "b" }
        ])
        expect(await run((s) => s.rowsCheckpoint(a))).toEqual({ version: 1, checkpoint: 1 })
        expect(await run((s) => s.rowsCheckpoint(uniqueName()))).toBeUndefined()
      })

      it("keeps the last of concurrent saves whole: every row of the checkpoint saved with it", async () => {
        const name = uniqueName()
        const keys = Array.from({ length: 20 }, (_, i) => `k${i}`)
        await runtime.runPromise(ProjectionStore.use((s) =>
          Effect.all(
            Array.from({ length: 8 }, (_, i) =>
              saveOne(s, name, write(i, (i % 2 === 0 ? keys : [...keys].reverse()).map((key) => ({ table: "t", key, value: i })))))
            ,
            { concurrency: "unbounded" }
          )) as Effect.Effect<unknown, E, ProjectionStore>)
        const stored = (await run((s) => s.loadRows(name)))!
        expect(stored.rows).toHaveLength(keys.length)
        for (const row of stored.rows) expect(row.value).toBe(stored.checkpoint)
      })
    })
  })
}
