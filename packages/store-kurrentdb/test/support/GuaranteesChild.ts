/**
 * The child process of the guarantee suite: connects to the KurrentDB server (or the protocol
 * stand-in) whose connection string is its first argument, and runs the suite's child loop.
 */
import * as GuaranteesChild from "@fulian/testing/GuaranteesChild"
import * as KurrentEventStore from "../../src/KurrentEventStore.ts"

await GuaranteesChild.childAppendLoop(KurrentEventStore.layer({ connectionString: process.argv[2]! }))
