/**
 * A civic platform's HTTP service over fulian, on effect's HTTP modules: the routes are an
 * `HttpRouter` layer, turned into a web handler (`Request` → `Response`) by
 * `HttpRouter.toWebHandler`. effect 4.1's core ships no Node HTTP server layer (that lives in
 * `@effect/platform-node`, not installed here), so `listen` mounts the web handler on
 * `node:http` with a small adapter: the request body streamed in, the response body streamed
 * out (the event feed flushes each event), and a disconnect cancelling the response.
 *
 *   POST /commands    a command as JSON → its outcome, or its typed error (400, 403, 409)
 *   GET  /households  the reader's household register, and the ledger's household count
 *   GET  /ledgers     every ledger the reader may read (`client.ledgers`)
 *   GET  /events      a server-sent-events feed of the new events the reader may read
 *   GET  /schema      the JSON Schema of every command and event (`JsonSchemas.document()`)
 *   GET  /            the household register page (`Page.html`)
 *
 * Who acts and who reads: the header `x-fulian-actor: person:role@organization` (or, where a
 * browser cannot set a header — `EventSource` — the query parameter `as`). It stands in for
 * the platform's own authentication: a real platform sets it from its session, after signing
 * the person in, and never takes it from the browser. fulian then checks the claim against
 * its records (`Unauthorized`, `ReadRefused`): a person claiming a role the records do not
 * give her is refused.
 *
 * @since 0.1.0
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { Readable } from "node:stream"
import { Context, Effect, Queue, Schema, Stream } from "effect"
import * as HttpRouter from "effect/http/HttpRouter"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as JsonSchemas from "@fulian/cli/JsonSchemas"
import type * as Client from "@fulian/client/Client"
import * as Reading from "@fulian/core/Reading"
import * as Page from "./Page.ts"

/** The header that names who acts or reads, set by the platform after its own authentication. */
export const actorHeader = "x-fulian-actor"

/** Reads `person:role@organization` into a reader, or nothing when it is not one. */
export const parseActor = (text: string | null | undefined): Reading.Reader | undefined => {
  const match = /^([^:@]+):([^:@]+)@([^:@]+)$/.exec(text?.trim() ?? "")
  if (match === null) return undefined
  const reader = { actor: { person: match[1], role: match[2], organization: match[3] } }
  return Schema.is(Reading.Reader)(reader) ? reader : undefined
}

/** The HTTP status of a client call's error: 400 for bad input, 403 for authority, 409 for a domain's refusal. */
export const statusOf = (error: unknown): number => {
  const tag = (error as { _tag?: unknown })?._tag
  if (tag === "InvalidCommand" || tag === "TimeRejected" || tag === "ReportError") return 400
  if (tag === "Unauthorized" || tag === "ReadRefused") return 403
  if (tag === "CommandIdReused" || (typeof tag === "string" && tag.endsWith("Rejected"))) return 409
  return 500
}

/** An error as the API answers it: its tag, its message and its fields (`problems` of `InvalidCommand`). */
const errorBody = (error: unknown) =>
  statusOf(error) === 500
    ? { _tag: "InternalError", message: "the service failed; see its log" }
    : { ...(error as object), _tag: (error as { _tag: string })._tag, message: (error as Error).message }

/** A client call answered as JSON: its value with 200, or its typed error with its status. */
const answer = (call: () => Promise<unknown>): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
  Effect.promise(() =>
    call().then(
      (body) => HttpServerResponse.jsonUnsafe(body),
      (error) => {
        if (statusOf(error) === 500) console.error(error)
        return HttpServerResponse.jsonUnsafe(errorBody(error), { status: statusOf(error) })
      }
    )
  )

const searchParams = (request: HttpServerRequest.HttpServerRequest) => new URL(request.url, "http://localhost").searchParams

/** The reader of a request (header, else `?as=`), or a 401 answer. */
const withReader = (
  request: HttpServerRequest.HttpServerRequest,
  f: (reader: Reading.Reader) => Effect.Effect<HttpServerResponse.HttpServerResponse>
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  const reader = parseActor(request.headers[actorHeader] ?? searchParams(request).get("as"))
  return reader === undefined
    ? Effect.succeed(HttpServerResponse.jsonUnsafe({
      _tag: "Unauthenticated",
      message: `name who acts in the header ${actorHeader}: person:role@organization`
    }, { status: 401 }))
    : f(reader)
}

/** A household as the register lists it. */
export interface HouseholdEntry {
  readonly householdId: string
  readonly organizationId: string
  readonly headName: string
  readonly address: string
  readonly circumstances: ReadonlyArray<string>
}

/** The reader's household register: the households she may read, and the ledger's count of them. */
export interface Register {
  /** The households registered, as the reader may read them (personal data as she is entitled to it). */
  readonly households: ReadonlyArray<HouseholdEntry>
  /** The household contact ledger's count of registered households, over the communities she may read. */
  readonly count: number
  /** The position of the log read up to: the feed to follow from (`/events?after=`). */
  readonly position: number
}

/**
 * Draws the reader's register: the ledger's count (`client.ledgers`), and the households'
 * names and addresses from the events she may read (the ledger keeps counts and ids, not
 * personal data).
 */
export const register = async (client: Client.Client, reader: Reading.Reader): Promise<Register> => {
  const ledgers = await client.ledgers(reader)
  const households = new Map<string, HouseholdEntry>()
  let position = 0
  for (;;) {
    const page = await client.readAll(reader, position, 500)
    for (const envelope of page.events) {
      const event = envelope.event
      if (event._tag === "HouseholdRegistered") {
        households.set(event.householdId, {
          householdId: event.householdId, organizationId: event.organizationId, headName: event.headName,
          address: event.address, circumstances: event.circumstances
        })
      } else if (event._tag === "HouseholdCircumstancesChanged") {
        const entry = households.get(event.householdId)
        if (entry !== undefined) households.set(event.householdId, { ...entry, circumstances: event.circumstances })
      }
    }
    if (page.next <= position) break
    position = page.next
  }
  const count = ledgers.householdContact.communities.reduce((sum, row) => sum + row.households, 0)
  return { households: [...households.values()], count, position }
}

const encoder = new TextEncoder()

/**
 * The reader's new events after a position as server-sent events (`client.subscribe`): one
 * `event: <type>` message each, its `id` the event's position. It ends when the browser goes
 * away (the response is cancelled, and the subscription aborted with it) or the client is
 * disposed.
 */
export const feed = (client: Client.Client, reader: Reading.Reader, after: number): Stream.Stream<Uint8Array> =>
  Stream.callback<Uint8Array>((queue) =>
    Effect.acquireRelease(
      Effect.sync(() => {
        const stop = new AbortController()
        Queue.offerUnsafe(queue, encoder.encode(": following the log\n\n"))
        void (async () => {
          for await (const envelope of client.subscribe(reader, { after, signal: stop.signal })) {
            const message = { position: envelope.position, stream: envelope.stream, type: envelope.type, event: envelope.event }
            Queue.offerUnsafe(queue, encoder.encode(`id: ${envelope.position}\nevent: ${envelope.type}\ndata: ${JSON.stringify(message)}\n\n`))
          }
        })().then(() => Queue.endUnsafe(queue), (error) => {
          console.error(error)
          Queue.endUnsafe(queue)
        })
        return stop
      }),
      (stop) => Effect.sync(() => stop.abort())
    )
  )

/** The service's routes over a client, as an `HttpRouter` layer. */
export const routes = (client: Client.Client) =>
  HttpRouter.addAll([
    HttpRouter.route("GET", "/", HttpServerResponse.html(Page.html)),
    HttpRouter.route("GET", "/schema", Effect.sync(() => HttpServerResponse.jsonUnsafe(JsonSchemas.document()))),
    HttpRouter.route("POST", "/commands", (request) =>
      withReader(request, ({ actor }) =>
        Effect.flatMap(Effect.orElseSucceed(request.json, () => undefined), (body) =>
          typeof body !== "object" || body === null || Array.isArray(body)
            ? Effect.succeed(HttpServerResponse.jsonUnsafe({
              _tag: "InvalidCommand",
              message: "invalid command: a JSON object",
              problems: [{ path: "", message: "a command is a JSON object" }]
            }, { status: 400 }))
            : answer(async () => {
              // The actor is the authenticated one, whatever the body says.
              const outcome = await client.execute({ ...body, actor })
              return {
                commandId: outcome.commandId,
                duplicate: outcome.duplicate,
                events: outcome.events.map((e) => ({ position: e.position, stream: e.stream, version: e.version, type: e.type }))
              }
            })))),
    HttpRouter.route("GET", "/households", (request) => withReader(request, (reader) => answer(() => register(client, reader)))),
    HttpRouter.route("GET", "/ledgers", (request) =>
      withReader(request, (reader) => {
        const params = searchParams(request)
        return answer(() => client.ledgers(reader, { asOf: params.get("asOf") ?? undefined, asRecordedOn: params.get("asRecordedOn") ?? undefined }))
      })),
    HttpRouter.route("GET", "/events", (request) =>
      withReader(request, (reader) => {
        const after = Number(searchParams(request).get("after") ?? request.headers["last-event-id"] ?? 0)
        return Effect.succeed(HttpServerResponse.stream(feed(client, reader, Number.isSafeInteger(after) && after >= 0 ? after : 0), {
          contentType: "text/event-stream",
          headers: { "cache-control": "no-cache" }
        }))
      }))
  ] as const)

/** A running service. */
export interface Running {
  /** Its address, `http://127.0.0.1:<port>`. */
  readonly url: string
  /** Closes every connection (event feeds included) and the server, and releases the routes. */
  readonly close: () => Promise<void>
}

/**
 * Serves a web handler (`Request` → `Response`) with `node:http`: effect's HTTP app mounted on
 * Node. A disconnect aborts the request's signal and cancels the response body.
 */
export const serveNode = async (
  handler: (request: Request) => Promise<Response>,
  options: { readonly port?: number; readonly host?: string } = {}
): Promise<{ readonly server: http.Server; readonly url: string }> => {
  const server = http.createServer((req, res) => {
    const gone = new AbortController()
    res.on("close", () => gone.abort())
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value)
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD"
    const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
      method: req.method ?? "GET",
      headers,
      signal: gone.signal,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {})
    } as RequestInit)
    void (async () => {
      const response = await handler(request)
      res.writeHead(response.status, Object.fromEntries(response.headers))
      if (response.body === null) return res.end()
      res.flushHeaders()
      const reader = response.body.getReader()
      gone.signal.addEventListener("abort", () => void reader.cancel().catch(() => {}), { once: true })
      for (;;) {
        const { done, value } = await reader.read()
        if (done || gone.signal.aborted) break
        res.write(value)
      }
      res.end()
    })().catch((error) => {
      if (gone.signal.aborted) return
      console.error(error)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve())
  })
  const { address, port } = server.address() as AddressInfo
  return { server, url: `http://${address}:${port}` }
}

/** Serves the routes over a client on `host:port` (default 127.0.0.1, a free port). */
export const listen = async (
  client: Client.Client,
  options: { readonly port?: number; readonly host?: string } = {}
): Promise<Running> => {
  const app = HttpRouter.toWebHandler(routes(client), { disableLogger: true })
  // The routes need nothing from a request's context (addAll's inferred requirements widen to
  // `any`, so the handler asks for one): an empty one.
  const { server, url } = await serveNode((request) => app.handler(request, Context.empty() as Context.Context<any>), options)
  return {
    url,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await app.dispose()
    }
  }
}
