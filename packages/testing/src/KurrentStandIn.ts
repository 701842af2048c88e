/**
 * A KurrentDB protocol stand-in: a TEST DOUBLE of the KurrentDB server, for fulian's tests
 * only. It is not KurrentDB and must never hold anyone's data.
 *
 * Here no KurrentDB server can be installed (none is in the Debian or npm registries, and no
 * container image can be pulled), so the KurrentDB adapter runs its conformance suite through
 * the real `@kurrent/kurrentdb-client`, over a real socket, against this in-process gRPC server
 * on `@grpc/grpc-js`. It serves the service definitions and message classes that the client
 * package itself ships (`generated/kurrentdb/protocols/...`), so the wire format is the
 * client's own; the behaviour behind it is written from KurrentDB's documentation and is only
 * as faithful as that reading. A test that passes here should still be run against a real
 * server where one can be had.
 *
 * What it implements, on one in-memory log:
 * - `ServerFeatures.GetSupportedMethods`: it offers `Streams.Read`, `Streams.Append` and the v2
 *   `StreamsService.AppendSession`, and not `Streams.BatchAppend`, so the client's
 *   `appendToStream` takes its plain `Append` path and `multiStreamAppend` is allowed.
 * - `Streams.Append`: append to a stream with an expected revision (any, no_stream,
 *   stream_exists, an exact revision); a mismatch is answered with the documented
 *   wrong-expected-version result carrying the current revision. Event-id deduplication as
 *   KurrentDB documents it: a retry of the same event ids at the same expected revision (or
 *   with `any`, when the first id is found in the stream) is answered as a success with the
 *   revision of the earlier write, without writing again; a retry that matches only in part
 *   is a wrong expected version.
 * - `Streams.Read`: a stream forwards or backwards from a revision, start or end, with a
 *   count, and "stream not found"; `$all` forwards or backwards from a position with a count
 *   and an optional stream-name or event-type filter (prefixes or a regex); and catch-up
 *   subscriptions to a stream or to `$all` (confirmation, the history, "caught up", then live
 *   events). Reading forwards from a position includes the event at that position.
 *   Positions have gaps between events (as a real log has), so a reader cannot count on
 *   consecutive ones. An event's prepare position is its own place in the log; its commit
 *   position is its append's — the prepare position of the append's first event, as
 *   KurrentDB's implicit transactions have it — and `$all` is ordered by (commit, prepare),
 *   so a read from (p, p) where p is a later event of a multi-event append starts after
 *   that whole append.
 * - `StreamsService.AppendSession` (v2, the client's `multiStreamAppend`): all or nothing,
 *   each stream with its expected revision; a conflict fails the whole session with the
 *   documented `StreamRevisionConflictErrorDetails` naming the stream. When one session names
 *   the same stream twice, the second request sees the first (this stand-in's choice; the
 *   documentation does not say).
 *
 * What it does not do: security (TLS, users, ACLs: it ignores credentials), clustering and
 * gossip (one node, always the leader), projections, persistent subscriptions, stream
 * metadata and `$`-system streams, deletes and tombstones, `BatchAppend`, v2 `AppendRecords`,
 * link resolution, operations and user management, size limits, deadlines, and durability
 * (the log lives and dies with the process).
 *
 * @since 0.1.0
 */
import * as Grpc from "@grpc/grpc-js"
import { randomUUID } from "node:crypto"
import { createRequire } from "node:module"
import type * as ServerFeaturesGrpc from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb.js"
import type * as ServerFeaturesPb from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb.js"
import type * as SharedPb from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js"
import type * as StatusPb from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb.js"
import type * as StreamsGrpc from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb.js"
import type * as StreamsPb from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js"
import type * as V2ErrorsPb from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/errors_pb.js"
import type * as V2StreamsGrpc from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_grpc_pb.js"
import type * as V2StreamsPb from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_pb.js"

/** Options for {@link start}. */
export interface StartOptions {
  /** The server version it reports to the client (`ServerFeatures`); "25.1.0" by default. */
  readonly serverVersion?: string
  /** The gap between the positions of consecutive events in `$all`; 64 by default. */
  readonly positionStep?: number
}

/** A running stand-in: the connection string for the client, and how to stop it. */
export interface StandIn {
  /** `kurrentdb://127.0.0.1:<port>?tls=false`, for `KurrentDBClient.connectionString`. */
  readonly connectionString: string
  /** Stops the server, ending open subscriptions. */
  readonly stop: () => Promise<void>
}

// The client's generated modules are CommonJS; they are loaded from the client package itself.
const clientRequire = createRequire(createRequire(import.meta.url).resolve("@kurrent/kurrentdb-client"))
const generated = <A>(path: string): A => clientRequire(`../generated/kurrentdb/protocols/${path}`) as A
const streamsGrpc = generated<typeof StreamsGrpc>("v1/streams_grpc_pb")
const streamsPb = generated<typeof StreamsPb>("v1/streams_pb")
const sharedPb = generated<typeof SharedPb>("v1/shared_pb")
const statusPb = generated<typeof StatusPb>("v1/status_pb")
const featuresGrpc = generated<typeof ServerFeaturesGrpc>("v1/serverfeatures_grpc_pb")
const featuresPb = generated<typeof ServerFeaturesPb>("v1/serverfeatures_pb")
const v2Grpc = generated<typeof V2StreamsGrpc>("v2/streams/streams_grpc_pb")
const v2Pb = generated<typeof V2StreamsPb>("v2/streams/streams_pb")
const v2ErrorsPb = generated<typeof V2ErrorsPb>("v2/streams/errors_pb")

// ---------------------------------------------------------------------------------------------
// The in-memory log
// ---------------------------------------------------------------------------------------------

interface Recorded {
  readonly stream: string
  readonly revision: bigint
  /** The prepare position: the event's own place in the log. */
  readonly position: bigint
  /** The commit position: the prepare position of the first event of its append. */
  readonly commit: bigint
  readonly id: string
  readonly type: string
  readonly contentType: string
  readonly data: Uint8Array
  readonly customMetadata: Uint8Array
  /** .NET ticks (100 ns) since the Unix epoch, as KurrentDB's `created` metadata. */
  readonly created: bigint
}

interface Proposed {
  readonly id: string
  readonly type: string
  readonly contentType: string
  readonly data: Uint8Array
  readonly customMetadata: Uint8Array
}

/** An expected revision: KurrentDB's constants (-2 any, -1 no stream, -4 stream exists) or a revision. */
type Expected = bigint
const ANY = -2n
const NO_STREAM = -1n
const STREAM_EXISTS = -4n

type Decision =
  | { readonly _tag: "Write" }
  | { readonly _tag: "Idempotent"; readonly last: Recorded | undefined }
  | { readonly _tag: "Conflict"; readonly current: bigint | undefined }

/** The last revision of a stream of `length` events, undefined for no stream. */
const currentOf = (length: number): bigint | undefined => length === 0 ? undefined : BigInt(length - 1)

/**
 * KurrentDB's commit check: whether `ids`, appended at `expected` to a stream holding `events`,
 * are written, are a retry of an earlier write (the same ids at the same revisions), or
 * conflict.
 */
const decide = (events: ReadonlyArray<Recorded>, expected: Expected, ids: ReadonlyArray<string>): Decision => {
  const current = currentOf(events.length)
  const retryFrom = (first: number): Decision | undefined => {
    if (ids.length === 0 || first < 0 || first >= events.length || events[first]!.id !== ids[0]) return undefined
    const all = ids.every((id, i) => events[first + i]?.id === id)
    return all ? { _tag: "Idempotent", last: events[first + ids.length - 1] } : { _tag: "Conflict", current }
  }
  if (expected === ANY || expected === STREAM_EXISTS) {
    const retry = retryFrom(events.findIndex((event) => event.id === ids[0]))
    if (retry) return retry
    return expected === STREAM_EXISTS && current === undefined ? { _tag: "Conflict", current } : { _tag: "Write" }
  }
  const expectedLength = expected === NO_STREAM ? 0 : Number(expected) + 1
  if (expectedLength === events.length) return { _tag: "Write" }
  return (expectedLength < events.length ? retryFrom(expectedLength) : undefined) ?? { _tag: "Conflict", current }
}

class Log {
  readonly all: Array<Recorded> = []
  readonly streams = new Map<string, Array<Recorded>>()
  readonly listeners = new Set<(event: Recorded) => void>()
  constructor(readonly step: bigint) {}

  events(stream: string): ReadonlyArray<Recorded> {
    return this.streams.get(stream) ?? []
  }

  /**
   * Appends after `decide` said "Write"; synchronous, so no other call interleaves. `commit`:
   * the commit position of the append it belongs to (default: the position of its first event).
   */
  write(stream: string, proposed: ReadonlyArray<Proposed>, commit?: bigint): ReadonlyArray<Recorded> {
    const events = this.streams.get(stream) ?? []
    this.streams.set(stream, events)
    const created = BigInt(Date.now()) * 10_000n
    const first = BigInt(this.all.length + 1) * this.step
    const written = proposed.map((event): Recorded => {
      const recorded: Recorded = {
        ...event,
        stream,
        revision: BigInt(events.length),
        position: BigInt(this.all.length + 1) * this.step,
        commit: commit ?? first,
        created
      }
      events.push(recorded)
      this.all.push(recorded)
      return recorded
    })
    for (const event of written) for (const listener of this.listeners) listener(event)
    return written
  }
}

/**
 * Runs `commit` once a client-streaming call is complete: the client ended its requests. A
 * client whose connection drops (a killed writer) also ends the call's stream in Node, a moment
 * before the call is marked cancelled; such a call commits nothing, as a server commits no
 * append whose requests did not all arrive.
 */
const onCompleted = (call: Grpc.ServerReadableStream<unknown, unknown>, commit: () => void): void => {
  call.on("end", () =>
    setImmediate(() => {
      if (!call.cancelled) commit()
    }))
}

/** Orders (commit, prepare) positions as `$all` is ordered. */
const compare = (a: { commit: bigint; prepare: bigint }, b: { commit: bigint; prepare: bigint }): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1

/** The index of the first event at or after `position` (`strictly`: after it) in `$all` order. */
const firstFrom = (events: ReadonlyArray<Recorded>, position: { commit: bigint; prepare: bigint }, strictly = false): number => {
  let low = 0
  let high = events.length
  while (low < high) {
    const middle = (low + high) >>> 1
    const event = events[middle]!
    const order = compare({ commit: event.commit, prepare: event.position }, position)
    if (strictly ? order > 0 : order >= 0) high = middle
    else low = middle + 1
  }
  return low
}

/** The (commit, prepare) position a read request names. */
const positionOf = (position: StreamsPb.ReadReq.Options.Position) => ({
  commit: BigInt(position.getCommitPosition()),
  prepare: BigInt(position.getPreparePosition())
})

// ---------------------------------------------------------------------------------------------
// Wire helpers
// ---------------------------------------------------------------------------------------------

const utf8 = (bytes: Uint8Array | string): string =>
  typeof bytes === "string" ? Buffer.from(bytes, "base64").toString("utf8") : Buffer.from(bytes).toString("utf8")

const streamNameOf = (identifier: SharedPb.StreamIdentifier | undefined): string =>
  identifier ? utf8(identifier.getStreamName_asU8()) : ""

const identifierOf = (stream: string): SharedPb.StreamIdentifier =>
  new sharedPb.StreamIdentifier().setStreamName(Buffer.from(stream, "utf8"))

const uuidToString = (uuid: SharedPb.UUID | undefined): string => {
  if (!uuid) return randomUUID()
  const structured = uuid.getStructured()
  if (!structured) return uuid.getString()
  const hex = (value: string) => (BigInt(value) & ((1n << 64n) - 1n)).toString(16).padStart(16, "0")
  const ms = hex(structured.getMostSignificantBits())
  const ls = hex(structured.getLeastSignificantBits())
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-${ms.slice(12)}-${ls.slice(0, 4)}-${ls.slice(4)}`
}

const uuidOf = (id: string, structured: boolean): SharedPb.UUID => {
  if (!structured) return new sharedPb.UUID().setString(id)
  const hex = id.replace(/-/g, "")
  const signed = (part: string) => BigInt.asIntN(64, BigInt(`0x${part}`)).toString(10)
  return new sharedPb.UUID().setStructured(
    new sharedPb.UUID.Structured()
      .setMostSignificantBits(signed(hex.slice(0, 16)))
      .setLeastSignificantBits(signed(hex.slice(16)))
  )
}

/** A failed call whose `grpc-status-details-bin` carries `detail`, as KurrentDB's v2 errors do. */
const richError = (
  code: Grpc.status,
  message: string,
  typeName: string,
  detail: { serializeBinary(): Uint8Array }
): Partial<Grpc.StatusObject> => {
  const any = new (clientRequire("google-protobuf/google/protobuf/any_pb.js") as typeof import("google-protobuf/google/protobuf/any_pb.js")).Any()
  any.setTypeUrl(`type.googleapis.com/${typeName}`)
  any.setValue(detail.serializeBinary())
  const status = new statusPb.Status()
  status.setCode(Number(code))
  status.setMessage(message)
  status.setDetails(any)
  const metadata = new Grpc.Metadata()
  metadata.set("grpc-status-details-bin", Buffer.from(status.serializeBinary()))
  return { code, details: message, metadata }
}

// ---------------------------------------------------------------------------------------------
// The services
// ---------------------------------------------------------------------------------------------

const serverFeatures = (version: string): Grpc.UntypedServiceImplementation => ({
  getSupportedMethods: (_call: Grpc.ServerUnaryCall<unknown, unknown>, callback: Grpc.sendUnaryData<unknown>) => {
    const method = (service: string, name: string) =>
      new featuresPb.SupportedMethod().setServiceName(service).setMethodName(name)
    callback(
      null,
      new featuresPb.SupportedMethods().setEventStoreServerVersion(version).setMethodsList([
        method("event_store.client.server_features.ServerFeatures", "GetSupportedMethods"),
        method("event_store.client.streams.Streams", "Read"),
        method("event_store.client.streams.Streams", "Append"),
        method("kurrentdb.protocol.v2.streams.StreamsService", "AppendSession")
      ])
    )
  }
})

const expectedOfAppend = (options: StreamsPb.AppendReq.Options): Expected =>
  options.hasRevision()
    ? BigInt(options.getRevision())
    : options.hasNoStream()
    ? NO_STREAM
    : options.hasStreamExists()
    ? STREAM_EXISTS
    : ANY

const appendResponse = (log: Log, stream: string, expected: Expected, decision: Decision, written: ReadonlyArray<Recorded>) => {
  const response = new streamsPb.AppendResp()
  if (decision._tag === "Conflict") {
    const wrong = new streamsPb.AppendResp.WrongExpectedVersion()
    if (decision.current === undefined) wrong.setCurrentNoStream(new sharedPb.Empty())
    else wrong.setCurrentRevision(decision.current.toString())
    if (expected === ANY) wrong.setExpectedAny(new sharedPb.Empty())
    else if (expected === NO_STREAM) wrong.setExpectedNoStream(new sharedPb.Empty())
    else if (expected === STREAM_EXISTS) wrong.setExpectedStreamExists(new sharedPb.Empty())
    else wrong.setExpectedRevision(expected.toString())
    return response.setWrongExpectedVersion(wrong)
  }
  const last = decision._tag === "Idempotent" ? decision.last : written.at(-1)
  const success = new streamsPb.AppendResp.Success()
  const current = currentOf(log.events(stream).length)
  if (current === undefined) success.setNoStream(new sharedPb.Empty())
  else success.setCurrentRevision((last?.revision ?? current).toString())
  if (last) {
    success.setPosition(
      new streamsPb.AppendResp.Position()
        .setCommitPosition(last.commit.toString())
        .setPreparePosition(last.position.toString())
    )
  } else success.setNoPosition(new sharedPb.Empty())
  return response.setSuccess(success)
}

const toReadResp = (event: Recorded, structured: boolean): StreamsPb.ReadResp => {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidOf(event.id, structured))
    .setStreamIdentifier(identifierOf(event.stream))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.commit.toString())
    .setPreparePosition(event.position.toString())
    .setCustomMetadata(event.customMetadata)
    .setData(event.data)
  recorded.getMetadataMap()
    .set("type", event.type)
    .set("content-type", event.contentType)
    .set("created", event.created.toString())
  return new streamsPb.ReadResp().setEvent(
    new streamsPb.ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.commit.toString())
  )
}

const filterOf = (options: StreamsPb.ReadReq.Options): (event: Recorded) => boolean => {
  const filter = options.getFilter()
  if (!filter) return () => true
  const onStream = filter.hasStreamIdentifier()
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType()
  const prefixes = expression?.getPrefixList() ?? []
  const regex = expression?.getRegex() ? new RegExp(expression.getRegex()) : undefined
  return (event) => {
    const subject = onStream ? event.stream : event.type
    return prefixes.length > 0 ? prefixes.some((prefix) => subject.startsWith(prefix)) : regex ? regex.test(subject) : true
  }
}

const streams = (log: Log, subscriptions: Set<Grpc.ServerWritableStream<unknown, unknown>>): Grpc.UntypedServiceImplementation => ({
  append: (call: Grpc.ServerReadableStream<StreamsPb.AppendReq, unknown>, callback: Grpc.sendUnaryData<unknown>) => {
    let options: StreamsPb.AppendReq.Options | undefined
    const proposed: Array<Proposed> = []
    call.on("data", (request: StreamsPb.AppendReq) => {
      const header = request.getOptions()
      if (header) options = header
      const message = request.getProposedMessage()
      if (!message) return
      const metadata = message.getMetadataMap()
      proposed.push({
        id: uuidToString(message.getId()),
        type: metadata.get("type") ?? "",
        contentType: metadata.get("content-type") ?? "application/octet-stream",
        data: message.getData_asU8(),
        customMetadata: message.getCustomMetadata_asU8()
      })
    })
    call.on("error", () => undefined)
    onCompleted(call, () => {
      if (!options) return callback({ code: Grpc.status.INVALID_ARGUMENT, details: "append without options" })
      const stream = streamNameOf(options.getStreamIdentifier())
      const expected = expectedOfAppend(options)
      const decision = decide(log.events(stream), expected, proposed.map((event) => event.id))
      const written = decision._tag === "Write" ? log.write(stream, proposed) : []
      callback(null, appendResponse(log, stream, expected, decision, written))
    })
  },

  read: (call: Grpc.ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>) => {
    const options = call.request.getOptions()
    if (!options) return call.destroy(Object.assign(new Error("read without options"), { code: Grpc.status.INVALID_ARGUMENT }))
    const structured = options.getUuidOption()?.hasStructured() ?? false
    const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS
    const accepts = filterOf(options)
    const streamOptions = options.getStream()
    const stream = streamOptions ? streamNameOf(streamOptions.getStreamIdentifier()) : undefined
    const source = stream === undefined ? log.all : log.events(stream)
    // Where to start: the index into `source` of the first event to send.
    const startAt = (): number => {
      if (streamOptions) {
        if (streamOptions.hasStart()) return backwards ? -1 : 0
        if (streamOptions.hasEnd()) return backwards ? source.length - 1 : source.length
        const revision = Number(streamOptions.getRevision())
        return backwards ? Math.min(revision, source.length - 1) : revision
      }
      const all = options.getAll()!
      if (all.hasStart()) return backwards ? -1 : 0
      if (all.hasEnd()) return backwards ? source.length - 1 : source.length
      const position = positionOf(all.getPosition()!)
      return backwards ? firstFrom(source, position) - 1 : firstFrom(source, position)
    }

    if (options.hasSubscription()) {
      // A subscription starts after its revision or position: KurrentDB's subscriptions are exclusive.
      const all = options.getAll()
      const from = all?.hasPosition()
        ? firstFrom(source, positionOf(all.getPosition()!), true)
        : streamOptions?.hasRevision()
        ? startAt() + 1
        : startAt()
      const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())
      call.write(new streamsPb.ReadResp().setConfirmation(confirmation))
      const history = source.slice(from).filter(accepts)
      for (const event of history) call.write(toReadResp(event, structured))
      call.write(new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()))
      const listener = (event: Recorded) => {
        if ((stream === undefined || event.stream === stream) && accepts(event)) call.write(toReadResp(event, structured))
      }
      log.listeners.add(listener)
      subscriptions.add(call as Grpc.ServerWritableStream<unknown, unknown>)
      call.on("cancelled", () => {
        log.listeners.delete(listener)
        subscriptions.delete(call as Grpc.ServerWritableStream<unknown, unknown>)
      })
      return
    }

    if (stream !== undefined && source.length === 0) {
      call.write(new streamsPb.ReadResp().setStreamNotFound(
        new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(identifierOf(stream))
      ))
      return call.end()
    }
    let count = BigInt(options.getCount() || "0")
    for (let i = startAt(); count > 0n && i >= 0 && i < source.length; i += backwards ? -1 : 1) {
      const event = source[i]!
      if (!accepts(event)) continue
      call.write(toReadResp(event, structured))
      count -= 1n
    }
    call.end()
  }
})

const expectedOfV2 = (request: V2StreamsPb.AppendRequest): Expected =>
  request.hasExpectedRevision() ? BigInt(request.getExpectedRevision()!) : ANY

const v2Streams = (log: Log): Grpc.UntypedServiceImplementation => ({
  appendSession: (call: Grpc.ServerReadableStream<V2StreamsPb.AppendRequest, unknown>, callback: Grpc.sendUnaryData<unknown>) => {
    const requests: Array<V2StreamsPb.AppendRequest> = []
    call.on("data", (request: V2StreamsPb.AppendRequest) => requests.push(request))
    call.on("error", () => undefined)
    onCompleted(call, () => {
      // Decide every stream against the log as this session would leave it, before writing any.
      const staged = new Map<string, Array<Recorded>>()
      const plans: Array<{ stream: string; decision: Decision; proposed: ReadonlyArray<Proposed> }> = []
      for (const request of requests) {
        const stream = request.getStream()
        const events = staged.get(stream) ?? [...log.events(stream)]
        staged.set(stream, events)
        const proposed = request.getRecordsList().map((record): Proposed => {
          // `forEach` gives each value as its message (`toArray` would give raw arrays).
          const properties: Record<string, string> = {}
          record.getPropertiesMap().forEach((value, key) => {
            properties[key] = value.getStringValue()
          })
          return {
            id: record.getRecordId() ?? randomUUID(),
            type: record.getSchema()?.getName() ?? "",
            contentType: record.getSchema()?.getFormat() === v2Pb.SchemaFormat.SCHEMA_FORMAT_JSON
              ? "application/json"
              : "application/octet-stream",
            data: record.getData_asU8(),
            customMetadata: Object.keys(properties).length > 0
              ? Buffer.from(JSON.stringify(properties), "utf8")
              : new Uint8Array()
          }
        })
        const expected = expectedOfV2(request)
        const decision = decide(events, expected, proposed.map((event) => event.id))
        if (decision._tag === "Conflict") {
          const detail = new v2ErrorsPb.StreamRevisionConflictErrorDetails()
            .setStream(stream)
            .setExpectedRevision(expected.toString())
            .setActualRevision((decision.current ?? NO_STREAM).toString())
          return callback(richError(
            Grpc.status.FAILED_PRECONDITION,
            `Append failed due to a revision conflict on stream '${stream}'`,
            "kurrentdb.protocol.v2.streams.errors.StreamRevisionConflictErrorDetails",
            detail
          ))
        }
        if (decision._tag === "Write") {
          // Placeholders, so a second request for the same stream in this session sees them.
          for (const event of proposed) events.push({ ...event, stream, revision: 0n, position: 0n, commit: 0n, created: 0n })
        }
        plans.push({ stream, decision, proposed })
      }
      // One append: every event of the session has the commit position of its first.
      let commit: bigint | undefined
      const outputs = plans.map(({ decision, proposed, stream }) => {
        const written = decision._tag === "Write" ? log.write(stream, proposed, commit) : []
        commit ??= written[0]?.commit
        const last = decision._tag === "Idempotent" ? decision.last : written.at(-1)
        const output = new v2Pb.AppendResponse()
          .setStream(stream)
          .setStreamRevision((last?.revision ?? currentOf(log.events(stream).length) ?? NO_STREAM).toString())
        if (last) output.setPosition(last.commit.toString())
        return { output, last }
      })
      // The append's position in `$all`: its commit position.
      const position = outputs.reduce((max, { last }) => last && last.commit > max ? last.commit : max, 0n)
      callback(
        null,
        new v2Pb.AppendSessionResponse()
          .setOutputList(outputs.map(({ output }) => output))
          .setPosition(position.toString())
      )
    })
  }
})

/**
 * Starts a KurrentDB protocol stand-in (a test double of the server; see the module's header)
 * on 127.0.0.1 at a free port, with an empty log. Each call is its own server and log.
 */
export const start = async (options: StartOptions = {}): Promise<StandIn> => {
  const log = new Log(BigInt(options.positionStep ?? 64))
  const subscriptions = new Set<Grpc.ServerWritableStream<unknown, unknown>>()
  const server = new Grpc.Server()
  server.addService(featuresGrpc.ServerFeaturesService, serverFeatures(options.serverVersion ?? "25.1.0"))
  server.addService(streamsGrpc.StreamsService, streams(log, subscriptions))
  server.addService(v2Grpc.StreamsServiceService, v2Streams(log))
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", Grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port)
    )
  )
  // Latency, not behaviour: Nagle's algorithm holds a read's last frames back until the client
  // acknowledges the first, which a client delaying its acknowledgements answers ~40 ms later.
  // grpc-js offers no option for it: its HTTP/2 servers are reached through a private field.
  const http2Servers = (server as unknown as { http2Servers?: Map<import("node:net").Server, unknown> }).http2Servers
  for (const http2Server of http2Servers?.keys() ?? []) http2Server.on("connection", (socket: import("node:net").Socket) => socket.setNoDelay(true))
  return {
    connectionString: `kurrentdb://127.0.0.1:${port}?tls=false`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const call of subscriptions) call.end()
        server.tryShutdown(() => resolve())
        // Clients keep their channels open; do not wait for them longer than a moment.
        setTimeout(() => {
          server.forceShutdown()
          resolve()
        }, 500).unref()
      })
  }
}
