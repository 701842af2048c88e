import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Effect } from "effect"
import { v4 as uuidv4 } from "uuid"
import { afterAll, describe, expect, it } from "vitest"
import { newEvent } from "@fulian/testing/Conformance"
import { wokenWithin } from "@fulian/testing/WakeUps"
import * as SqliteEventStore from "../src/SqliteEventStore.ts"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fulian-sqlite-changes-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const freshFile = () => path.join(dir, `${uuidv4()}.db`)

const appendTo = (store: SqliteEventStore.SqliteEventStoreShape, stream: string) =>
  store.append([{ stream, expected: "any", events: [newEvent()] }])

describe("SqliteEventStore: wake-ups (LogChanges)", () => {
  it("wakes a waiter when an append through the same store commits", async () => {
    const woken = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const store = yield* SqliteEventStore.make({ filename: freshFile() })
      return yield* wokenWithin(store, 1_000, appendTo(store, "same"))
    })))
    expect(woken).toBe(true)
  })

  it("wakes a waiter when another connection on the file commits, by watching data_version while it waits", async () => {
    const filename = freshFile()
    const woken = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const follower = yield* SqliteEventStore.make({ filename })
      const writer = yield* SqliteEventStore.make({ filename })
      return yield* wokenWithin(follower, 1_000, appendTo(writer, "other"))
    })))
    expect(woken).toBe(true)
  })

  it("does not wake a waiter when nothing is committed after it started waiting", async () => {
    const filename = freshFile()
    const result = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const follower = yield* SqliteEventStore.make({ filename })
      const writer = yield* SqliteEventStore.make({ filename })
      const idle = yield* wokenWithin(follower, 200)
      // A commit while no one waits is not remembered: the next waiter waits for the next one.
      yield* appendTo(writer, "unwatched")
      yield* Effect.sleep(120)
      const after = yield* wokenWithin(follower, 200)
      return { idle, after }
    })))
    expect(result).toEqual({ idle: false, after: false })
  })
})
