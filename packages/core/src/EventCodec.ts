/**
 * Turns domain events into what the store keeps (type, schema version, JSON data) and back,
 * with upcasting of older schema versions. A stored event that cannot be read back — an
 * unknown type, a schema version with no upcast, data that does not decode — is a typed
 * `EventStoreError` with reason `CorruptEvent` naming its stream and position: never skipped.
 *
 * @since 0.1.0
 */
import { Cause, type Effect, Exit, Option, Schema, SchemaAST } from "effect"
import { corruptEvent, type EventStoreError, type RecordedEvent } from "@fulian/store/EventStore"

/** Raises stored data of one schema version of an event type to the next version. */
export type Upcast = (data: unknown) => unknown

/** How the events of a domain are stored and read back. */
export interface EventCodec<E extends { readonly _tag: string }> {
  /** Every event type the codec knows. */
  readonly types: ReadonlySet<string>
  /** The current schema version of an event type. */
  readonly versionOf: (type: string) => number
  /** An event as the store keeps it. */
  readonly encode: (event: E) => { readonly type: string; readonly schemaVersion: number; readonly data: unknown }
  /** A stored event, upcast to the current version and decoded. */
  readonly decode: (recorded: RecordedEvent) => Effect.Effect<E, EventStoreError>
  /**
   * `decode` as an `Exit`, at once: for a loop over many stored events, which can take a success
   * without a turn of the Effect runtime per event.
   */
  readonly decodeExit: (recorded: RecordedEvent) => Exit.Exit<E, EventStoreError>
}

/** The `_tag` literals of a union of tagged structs (or of one tagged struct). */
export const tagsOf = (schema: Schema.Top): ReadonlyArray<string> => {
  const tags: Array<string> = []
  const walk = (ast: SchemaAST.AST): void => {
    if (ast._tag === "Union") ast.types.forEach(walk)
    else if (ast._tag === "Objects") {
      const tag = ast.propertySignatures.find((p) => p.name === "_tag")?.type
      if (tag?._tag === "Literal" && typeof tag.literal === "string") tags.push(tag.literal)
    } else if (ast._tag === "Declaration") ast.typeParameters.forEach(walk)
  }
  walk(schema.ast)
  return tags
}

/**
 * Each member of a union of tagged structs by its `_tag` (nested unions flattened), so that a
 * stored event is decoded by its own type's schema rather than tried against the union.
 */
const membersByTag = (schema: Schema.Top): ReadonlyMap<string, Schema.Top> => {
  const out = new Map<string, Schema.Top>()
  const walk = (s: Schema.Top): void => {
    const members = (s as { readonly members?: unknown }).members
    if (Array.isArray(members)) return members.forEach(walk)
    const tags = tagsOf(s)
    if (tags.length === 1) out.set(tags[0]!, s)
  }
  walk(schema)
  return out
}

/**
 * Makes the codec of a union of tagged event structs. `versions` gives an event type's
 * current schema version where it is above 1, and `upcasts[type][n]` raises version n's
 * data to version n + 1.
 */
export const make = <E extends { readonly _tag: string }>(
  events: Schema.Codec<E, any>,
  options: {
    readonly versions?: Readonly<Record<string, number>>
    readonly upcasts?: Readonly<Record<string, Readonly<Record<number, Upcast>>>>
  } = {}
): EventCodec<E> => {
  const types = new Set(tagsOf(events))
  const versionOf = (type: string) => options.versions?.[type] ?? 1
  const encodeSync = Schema.encodeSync(events)
  const decodeUnion = Schema.decodeUnknownExit(events)
  // Decoding by the event's own member is several times faster than through the union; a type
  // whose member is not found is decoded through the union.
  const decoders = new Map([...membersByTag(events)].map(([tag, member]) => [tag, Schema.decodeUnknownExit(member as Schema.Codec<E, any>)]))
  const decodeExit = (recorded: RecordedEvent): Exit.Exit<E, EventStoreError> => {
    const fail = (detail: string) => Exit.fail(corruptEvent(recorded.stream, recorded.position, detail))
    if (!types.has(recorded.type)) return fail(`unknown event type ${recorded.type}`)
    const current = versionOf(recorded.type)
    if (!Number.isInteger(recorded.schemaVersion) || recorded.schemaVersion < 1) {
      return fail(`${recorded.type} has an invalid schema version ${recorded.schemaVersion}`)
    }
    if (recorded.schemaVersion > current) {
      return fail(`${recorded.type} schema version ${recorded.schemaVersion} is newer than this code knows (${current})`)
    }
    let data = recorded.data
    for (let v = recorded.schemaVersion; v < current; v++) {
      const upcast = options.upcasts?.[recorded.type]?.[v]
      if (!upcast) return fail(`${recorded.type} schema version ${v} has no upcast to version ${v + 1}`)
      data = upcast(data)
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      return fail(`${recorded.type} data is not an object`)
    }
    // Not `{ ...data, _tag }`: V8 keeps a JSON-parsed object spread into a literal with a key
    // it lacks alive through young-generation collections, so a long read would promote every
    // event it decodes (docs/explanation/stream-growth.md, "Memory").
    const input: Record<string, unknown> = Object.assign({}, data as Record<string, unknown>)
    input._tag = recorded.type
    const decoded = decoders.get(recorded.type)?.(input)
    // A success carries no error: it is one of the codec's, whatever its error type says.
    if (decoded !== undefined && Exit.isSuccess(decoded)) return decoded as Exit.Exit<E, never>
    // The union's error names the member and the field, as before.
    const union = decodeUnion(input)
    if (Exit.isSuccess(union)) return union as Exit.Exit<E, never>
    const error = Cause.findErrorOption(union.cause)
    const message = Option.isSome(error) ? error.value.message : Cause.pretty(union.cause)
    return fail(`${recorded.type} does not decode: ${message}`)
  }
  return {
    types,
    versionOf,
    encode: (event) => {
      const { _tag, ...data } = encodeSync(event) as { _tag: string }
      return { type: _tag, schemaVersion: versionOf(_tag), data }
    },
    decode: (recorded) => decodeExit(recorded),
    decodeExit
  }
}
