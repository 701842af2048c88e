/**
 * The storage guarantees (`@fulian/testing/Guarantees`) through the KurrentDB client: against
 * the protocol stand-in here (a test double of the server, `@fulian/testing/KurrentStandIn`,
 * running in this process; the writer processes reach it over a socket), and against a real
 * KurrentDB (25.1 or later) when `FULIAN_KURRENTDB_URL` names one.
 *
 * KurrentDB's events cannot be changed once written, so the bad-data test writes them damaged
 * instead (`damaging`): through a client whose appends alter each event of a fulian stream.
 */
import { fileURLToPath } from "node:url"
import { type AppendStreamState, type EventData, KurrentDBClient, NO_STREAM } from "@kurrent/kurrentdb-client"
import { Clock, Effect, Layer } from "effect"
import { afterAll } from "vitest"
import { EventStore } from "@fulian/store/EventStore"
import * as Guarantees from "@fulian/testing/Guarantees"
import * as KurrentStandIn from "@fulian/testing/KurrentStandIn"
import * as KurrentEventStore from "../src/KurrentEventStore.ts"

/** An event as written damaged: data that is not JSON, a type no one knows, or a schema version from the future. */
const damage = (event: EventData, how: Guarantees.Corruption): EventData => {
  const metadata = event.metadata as Record<string, string>
  switch (how) {
    case "invalid-json":
      // Read back, data that does not parse is the client's raw text: a string without fulian's mark.
      return { ...event, data: "{\"organizationId\": \"unterminated" } as EventData
    case "unknown-type":
      return { ...event, type: "NoSuchEventType" }
    case "future-schema-version":
      return { ...event, metadata: { ...metadata, "fulian.schemaVersion": String(Number(metadata["fulian.schemaVersion"]) + 100) } }
  }
}

/** The first revision an append at `state` writes. */
const firstRevision = (state: AppendStreamState | undefined): bigint => (typeof state === "bigint" ? state + 1n : state === NO_STREAM ? 0n : -1n)

/** A store on `connectionString` whose appends write the events of fulian streams damaged. */
const damaging = (connectionString: string) => (how: Guarantees.Corruption): Guarantees.Damaging => {
  const written: Array<{ stream: string; revision: bigint }> = []
  const alter = (stream: string, events: ReadonlyArray<EventData>, state: AppendStreamState | undefined) => {
    // A command's record stays intact, and a stream only checked (no events) has nothing to damage.
    if (stream.startsWith(KurrentEventStore.ownPrefix) || events.length === 0) return [...events]
    if (firstRevision(state) < 0n) throw new Error(`the damaging store needs an exact expected revision for ${stream}`)
    written.push({ stream, revision: firstRevision(state) + BigInt(events.length) - 1n })
    return events.map((e) => damage(e, how))
  }
  const layer = Layer.effect(
    EventStore,
    Effect.acquireRelease(
      Clock.clockWith((clock) =>
        Effect.sync(() => {
          const client = KurrentDBClient.connectionString(connectionString)
          const proxy = new Proxy(client, {
            get: (target, property) => {
              if (property === "appendToStream") {
                return (stream: string, events: EventData | Array<EventData>, options?: { streamState?: AppendStreamState }) =>
                  target.appendToStream(stream, alter(stream, Array.isArray(events) ? events : [events], options?.streamState), options)
              }
              if (property === "multiStreamAppend") {
                return (requests: Array<{ streamName: string; events: Array<EventData>; expectedState: AppendStreamState }>) =>
                  target.multiStreamAppend(requests.map((r) => ({ ...r, events: alter(r.streamName, r.events, r.expectedState) })))
              }
              const value = Reflect.get(target, property, target)
              return typeof value === "function" ? value.bind(target) : value
            }
          })
          return KurrentEventStore.make(proxy, clock)
        })),
      (store) => Effect.promise(() => store.close())
    )
  )
  const last = async () => {
    const at = written.at(-1)
    if (at === undefined) throw new Error("the damaging store wrote nothing")
    const client = KurrentDBClient.connectionString(connectionString)
    try {
      for await (const resolved of client.readStream(at.stream, { fromRevision: at.revision, maxCount: 1 })) {
        if (resolved.event?.position !== undefined) {
          return { stream: at.stream, version: Number(at.revision) + 1, position: Number(resolved.event.position.prepare) }
        }
      }
      throw new Error(`${at.stream}@${at.revision} was not found`)
    } finally {
      await client.dispose()
    }
  }
  return { layer, last }
}

const subject = (name: string, connectionString: string, eventsPerWriter?: number): Guarantees.Subject => ({
  name,
  ...(eventsPerWriter === undefined ? {} : { eventsPerWriter }),
  layer: KurrentEventStore.layer({ connectionString }),
  damaging: damaging(connectionString),
  childScript: fileURLToPath(new URL("./support/GuaranteesChild.ts", import.meta.url)),
  childArgs: [connectionString]
})

const standIn = await KurrentStandIn.start()
afterAll(() => standIn.stop())
// The stand-in serves the eight writers and the follower from this one process: 8 × 1,000 events
// keep the order test near a minute here (8 × 2,500, the default, against a real server). Its
// clients wait up to a minute for an answer, not the client's default 10 s: beside the other
// suites on two cores, this one process answering eight others fell behind that (DEADLINE_EXCEEDED).
// And up to a minute for the answer to a keepalive ping: this process's own client shares its
// event loop with the stand-in. Once, in a full run, a setup command failed with "14
// UNAVAILABLE: Connection dropped", which the client reports for every call on a connection it
// drops when a ping goes unanswered for 10 s (the default); not reproduced since.
Guarantees.suite(subject("KurrentDB (protocol stand-in)", `${standIn.connectionString}&defaultDeadline=60000&keepAliveTimeout=60000`, 1000))

const realServer = process.env["FULIAN_KURRENTDB_URL"]
if (realServer !== undefined && realServer !== "") {
  // The name shows the server without its credentials.
  Guarantees.suite(subject(`KurrentDB at ${realServer.replace(/\/\/[^@/]*@/, "//")}`, realServer))
} else {
  console.log("KurrentDB storage guarantees against a real server: not run, because FULIAN_KURRENTDB_URL is not set")
}
