/**
 * The child process of the guarantee suite: opens the store file named by its first argument
 * (with the busy timeout of `Guarantees.test.ts`) and runs the suite's child loop.
 */
import * as GuaranteesChild from "@fulian/testing/GuaranteesChild"
import * as SqliteEventStore from "../../src/SqliteEventStore.ts"

await GuaranteesChild.childAppendLoop(SqliteEventStore.layer({ filename: process.argv[2]!, busyTimeout: 20_000 }))
