/**
 * A civic platform's HTTP service over fulian, on effect's HTTP API module: the API declared in
 * `Api.ts` (every route, its answers and errors, and the OpenAPI document derived from them) is
 * implemented here, group by group (`HttpApiBuilder.group`), over the Promise facade
 * (`@fulian/client/Client`), and turned into a web handler (`Request` → `Response`) by
 * `HttpRouter.toWebHandler`. effect 4.1's core ships no Node HTTP server layer (that lives in
 * `@effect/platform-node`, not installed here), so `listen` mounts the web handler on
 * `node:http` with a small adapter: the request body streamed in, the response body streamed
 * out (the event feed flushes each event), and a disconnect cancelling the response.
 *
 * Who acts and who reads: the header `x-fulian-actor: person:role@organization` (or, where a
 * browser cannot set a header — `EventSource` — the query parameter `as`), read by the `Actor`
 * middleware. It stands in for the platform's own authentication: a real platform sets it from
 * its session, after signing the person in, and never takes it from the browser. fulian then
 * checks the claim against its records (`Unauthorized`, `ReadRefused`): a person claiming a
 * role the records do not give her is refused.
 *
 * A client's typed error is answered with its status and its own fields as JSON (`Api.ts`
 * declares which, per route); anything else is logged and answered 500 `InternalError`.
 *
 * @since 0.1.0
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { Readable } from "node:stream"
import { Context, Effect, Layer, Queue, Redacted, Schema, Stream } from "effect"
import { HttpEffect, HttpRouter, HttpServer, HttpServerResponse } from "effect/http"
import { HttpApiBuilder, OpenApi } from "effect/http-api"
import * as JsonSchemas from "@fulian/cli/JsonSchemas"
import type * as Client from "@fulian/client/Client"
import * as Reading from "@fulian/core/Reading"
import * as Api from "./Api.ts"
import * as Page from "./Page.ts"

/** The header that names who acts or reads, set by the platform after its own authentication. */
export const actorHeader = Api.actorHeader

/** Reads `person:role@organization` into a reader, or nothing when it is not one. */
export const parseActor = (text: string | null | undefined): Reading.Reader | undefined => {
  const match = /^([^:@]+):([^:@]+)@([^:@]+)$/.exec(text?.trim() ?? "")
  if (match === null) return undefined
  const reader = { actor: { person: match[1], role: match[2], organization: match[3] } }
  return Schema.is(Reading.Reader)(reader) ? reader : undefined
}

/**
 * A client call's rejection as one of the answers a route declares (the error's fields and its
 * message, which `Api.ts` gives a status), or, for any other, a logged `InternalError`.
 */
const refusal = <const S extends ReadonlyArray<Schema.Top>>(answers: S) => (error: unknown): S[number]["Type"] | Api.InternalError => {
  if (typeof error === "object" && error !== null && "_tag" in error) {
    const body = { ...error, _tag: error._tag, message: String((error as { readonly message?: unknown }).message) }
    for (const answer of answers) if (Schema.is(answer)(body)) return body
  }
  console.error(error)
  return new Api.InternalError({ message: "the service failed; see its log" })
}

/** A client call as an effect: its value, or its rejection as one of `answers` (`refusal`). */
const call = <A, const S extends ReadonlyArray<Schema.Top>>(answers: S, f: () => Promise<A>) =>
  Effect.tryPromise({ try: f, catch: refusal(answers) })

/**
 * Draws the reader's register: the ledger's count (`client.ledgers`), and the households'
 * names and addresses from the events she may read (the ledger keeps counts and ids, not
 * personal data).
 */
export const register = async (client: Client.Client, reader: Reading.Reader): Promise<Api.Register> => {
  const ledgers = await client.ledgers(reader)
  const households = new Map<string, Api.HouseholdEntry>()
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

/**
 * The reader's new events after a position, as the feed's server-sent events
 * (`client.subscribe`): one each, its `id` the event's position and its `event` the event's
 * type. It ends when the browser goes away (the response is cancelled, and the subscription
 * aborted with it) or the client is disposed.
 */
export const feed = (client: Client.Client, reader: Reading.Reader, after: number): Stream.Stream<typeof Api.FeedEvent.Type> =>
  Stream.callback<typeof Api.FeedEvent.Type>((queue) =>
    Effect.acquireRelease(
      Effect.sync(() => {
        const stop = new AbortController()
        void (async () => {
          for await (const envelope of client.subscribe(reader, { after, signal: stop.signal })) {
            Queue.offerUnsafe(queue, {
              id: String(envelope.position),
              event: envelope.type,
              data: { position: envelope.position, stream: envelope.stream, type: envelope.type, event: envelope.event }
            })
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

/** The `Actor` middleware: the reader named by the header (or `?as=`), or 401 `Unauthenticated`. */
const actorLayer = Layer.succeed(Api.Actor, (() => {
  const authenticate = <A, E, R>(httpEffect: Effect.Effect<A, E, R>, { credential }: { readonly credential: unknown }) => {
    const reader = Redacted.isRedacted(credential) ? parseActor(String(Redacted.value(credential))) : undefined
    return reader === undefined
      ? Effect.fail(new Api.Unauthenticated({ message: `name who acts in the header ${Api.actorHeader}: person:role@organization` }))
      : Effect.provideService(httpEffect, Api.CurrentReader, reader)
  }
  return { actor: authenticate, as: authenticate }
})())

/** The service's routes over a client: the API's groups implemented, as an `HttpRouter` layer. */
export const routes = (client: Client.Client) => {
  const commands = HttpApiBuilder.group(Api.Api, "commands", (handlers) =>
    // Raw: the body goes to the domain's decoder as it came, not through a schema of the API's.
    handlers.handleRaw("execute", ({ request }) =>
      Effect.gen(function*() {
        const { actor } = yield* Api.CurrentReader
        const body = yield* Effect.orElseSucceed(request.json, () => undefined)
        if (typeof body !== "object" || body === null || Array.isArray(body)) {
          return yield* Effect.fail({
            _tag: "InvalidCommand" as const,
            message: "invalid command: a JSON object",
            problems: [{ path: "", message: "a command is a JSON object" }]
          })
        }
        // The actor is the authenticated one, whatever the body says.
        const outcome = yield* call([...Api.inputErrors, Api.Unauthorized, ...Api.refusals], () => client.execute({ ...body, actor }))
        return {
          commandId: outcome.commandId,
          duplicate: outcome.duplicate,
          events: outcome.events.map((e) => ({ position: e.position, stream: e.stream, version: e.version, type: e.type }))
        }
      })))
  const reads = HttpApiBuilder.group(Api.Api, "reads", (handlers) =>
    handlers.handleAll({
      households: () =>
        Effect.gen(function*() {
          const reader = yield* Api.CurrentReader
          return yield* call([Api.ReadRefused], () => register(client, reader))
        }),
      ledgers: ({ query }) =>
        Effect.gen(function*() {
          const reader = yield* Api.CurrentReader
          return yield* call([Api.ReadRefused, Api.ReportError], () => client.ledgers(reader, query))
        }),
      report: ({ query: { asOf, asRecordedOn, ...request } }) =>
        Effect.gen(function*() {
          const reader = yield* Api.CurrentReader
          return yield* call([Api.ReadRefused, Api.ReportError], () => client.report(reader, request, { asOf, asRecordedOn }))
        })
    }))
  const feedGroup = HttpApiBuilder.group(Api.Api, "feed", (handlers) =>
    handlers.handle("events", ({ query, headers }) =>
      Effect.gen(function*() {
        const reader = yield* Api.CurrentReader
        const after = query.after ?? headers["last-event-id"] ?? 0
        // A reader the records do not back is refused before the feed starts, with a status.
        yield* call([Api.ReadRefused], () => client.readAll(reader, after, 1))
        yield* HttpEffect.appendPreResponseHandler((_, response) => Effect.succeed(HttpServerResponse.setHeader(response, "cache-control", "no-cache")))
        return feed(client, reader, after)
      })))
  const documents = HttpApiBuilder.group(Api.Api, "documents", (handlers) =>
    handlers.handleAll({
      schema: () => Effect.sync(() => JsonSchemas.document()),
      openapi: () => Effect.sync(() => OpenApi.fromApi(Api.Api)),
      page: () => Effect.succeed(Page.html)
    }))
  return HttpApiBuilder.layer(Api.Api).pipe(
    Layer.provide([commands, reads, feedGroup, documents]),
    Layer.provide(actorLayer)
  )
}

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

/** Serves the API over a client on `host:port` (default 127.0.0.1, a free port). */
export const listen = async (
  client: Client.Client,
  options: { readonly port?: number; readonly host?: string } = {}
): Promise<Running> => {
  const app = HttpRouter.toWebHandler(routes(client).pipe(Layer.provide(HttpServer.layerServices)), { disableLogger: true })
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
