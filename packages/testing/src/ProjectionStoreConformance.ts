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
import { ProjectionStore } from "@fulian/projections/Projection"

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
  })
}
