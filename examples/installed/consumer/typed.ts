// A TypeScript consumer, compiled by tsc (NodeNext, strict) and run with plain node: the
// packages' declarations as installed. A typo in a field of a typed command would not compile.
import { Effect } from "effect"
import * as Domain from "@fulian/core/Domain"
import * as Policy from "@fulian/core/Policy"
import { EventStore } from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"

const register: Domain.Command = {
  _tag: "RegisterOrganization",
  actor: { person: "zhou", role: "upper-cadre", organization: "s1" },
  organizationId: "s1",
  name: "北山街道妇联",
  level: "street"
}

const program = Effect.gen(function*() {
  const outcome = yield* Domain.execute(register)
  const log = yield* (yield* EventStore).readAll({ after: 0, limit: 100 })
  return { events: outcome.events.length, links: Integrity.verifyLog(log).broken === undefined }
})

const result = await Effect.runPromise(
  program.pipe(Effect.provide([SqliteEventStore.layer({ filename: process.argv[2] ?? "typed.db" }), Policy.layer()]), Effect.scoped)
)
console.log(JSON.stringify(result))
