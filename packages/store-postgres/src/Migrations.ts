/**
 * The versioned schema of the PostgreSQL store and the function that brings a database up to
 * it.
 *
 * Everything lives in one PostgreSQL schema (default `fulian`), so several stores — or one per
 * test file — can share a database. `migrate` applies the migrations that schema has not had
 * yet, each once, in order, recording them in `<schema>.schema_migrations`. It runs in one
 * transaction that first takes a transaction-level advisory lock named after the schema, so
 * two processes migrating at once take turns: the second finds everything done and does
 * nothing. A failed migration rolls back whole.
 *
 * Migrations are never edited once released: a change is a new migration at the end.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { createHash } from "node:crypto"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { canonicalJson } from "@fulian/store/CanonicalJson"
import * as PgTypes from "@effect/sql-pg/PgTypes"
import { connectionProblem } from "./Connection.ts"
import { type EventStoreError, storeUnavailable } from "@fulian/store/EventStore"
import * as Integrity from "@fulian/store/Integrity"
import { maxEventsPerAppend, ordinalBits } from "./Position.ts"

/** One step of the schema: SQL statements run in order, in the migration's transaction. */
export interface Migration {
  readonly version: number
  readonly name: string
  /** The statements, given the quoted schema name and the schema name as a string literal. */
  readonly statements: (names: SchemaNames) => ReadonlyArray<string>
  /** What it does besides its statements, after them, in the same transaction. */
  readonly backfill?: ((names: SchemaNames) => Effect.Effect<void, SqlError, SqlClient>) | undefined
}

/** A schema's name as SQL needs it in migrations and queries. */
export interface SchemaNames {
  /** The schema as a quoted identifier, e.g. `"fulian"`. */
  readonly schema: string
  /** The schema's name as a quoted string literal, e.g. `'fulian'`. */
  readonly literal: string
  /** The channel the schema's appends are announced on (`NOTIFY`), as a quoted string literal (`channelOf`). */
  readonly channelLiteral: string
}

/** An array as a query parameter. */
export const arrayParameter = (values: ReadonlyArray<unknown>, oid: number): PgTypes.Parameter =>
  PgTypes.array(values, oid).pipe((r) => {
    if (r._tag === "Failure") throw r.failure
    return r.success
  })

/**
 * The `NOTIFY` channel of a schema's appends: `fulian_events_<schema>` when the schema's name
 * is plain (lower-case letters, digits, `_`) and the channel fits PostgreSQL's 63-byte limit
 * on identifiers; otherwise `fulian_events_` and the first 32 hex digits of the name's
 * SHA-256. It is plain ASCII either way, safe in a literal and as an identifier.
 */
export const channelOf = (schema: string): string => {
  const plain = `fulian_events_${schema}`
  return /^[a-z0-9_]+$/.test(schema) && plain.length <= 63
    ? plain
    : `fulian_events_${createHash("sha256").update(schema, "utf8").digest("hex").slice(0, 32)}`
}

/** Quotes a schema name for SQL. */
export const namesOf = (schema: string): SchemaNames => ({
  schema: `"${schema.replaceAll("\"", "\"\"")}"`,
  literal: `'${schema.replaceAll("'", "''")}'`,
  channelLiteral: `'${channelOf(schema)}'`
})

/**
 * Every migration, in order. The position arithmetic (`Position.ordinalBits`) is part of the
 * stored data: changing it needs a migration that rewrites every position.
 */
export const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: "events and the append function",
    statements: ({ literal, schema }) => [
      // `data` and `metadata` are text, not jsonb: the store must be able to hold, and
      // report as CorruptEvent, whatever bytes it finds, and JSON.parse in the client is the
      // only parse an event needs.
      `CREATE TABLE ${schema}.events (
        position bigint PRIMARY KEY CHECK (position > 0 AND position < 9007199254740992),
        stream text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        event_id text NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data text NOT NULL,
        metadata text NOT NULL,
        command_id text,
        CONSTRAINT events_stream_version UNIQUE (stream, version)
      )`,
      // The command id is kept on the first event of its append only: a unique index over
      // those is the idempotency record, with no table of its own to write.
      `CREATE UNIQUE INDEX events_command ON ${schema}.events (command_id) WHERE command_id IS NOT NULL`,
      // One round trip per append, answering [status, first position, actual versions…] with
      // status 0 = appended, 1 = duplicate command (position: its first event), 2 = conflict
      // (versions up to the first mismatch). The order of the steps is what makes the global
      // order right; see docs/explanation/global-order.md before changing anything here:
      // 0. refuse a transaction that already has an id: it was taken too early;
      // 1. per-stream advisory locks, in key order (no deadlocks): exclusive on streams that
      //    get events, shared on streams that are only checked, so a checked stream cannot
      //    change before this transaction commits;
      // 2. a known command id answers "duplicate", before any version check (after the
      //    locks, so a repeat that waited on its first run's locks sees it);
      // 3. the versions are read, each by a statement after the locks, so they see the
      //    lock holders' commits, and checked;
      // 4. only then is the transaction id taken — so it is larger than the id of every
      //    transaction whose events step 3 saw — and the rows are written.
      `CREATE FUNCTION ${schema}.append(
        p_streams text[], p_expected bigint[], p_writes boolean[],
        p_event_write integer[], p_event_offset integer[], p_event_ids text[], p_types text[],
        p_schema_versions integer[], p_data text[], p_metadata text[], p_command_id text)
      RETURNS bigint[]
      LANGUAGE plpgsql AS $fn$
      DECLARE
        n constant integer := cardinality(p_streams);
        answer bigint[] := ARRAY[0, NULL];
        base bigint;
        lock_key bigint;
        i integer;
        v integer;
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NOT NULL
           OR current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'an append must run in a read committed transaction of its own, before any write'
            USING ERRCODE = 'FU001';
        END IF;
        IF cardinality(p_event_ids) > ${maxEventsPerAppend} THEN
          RAISE EXCEPTION 'an append holds at most ${maxEventsPerAppend} events' USING ERRCODE = 'FU002';
        END IF;
        FOR lock_key, i IN
          SELECT hashtextextended(${literal} || '.' || s.stream, 0), s.i
          FROM unnest(p_streams) WITH ORDINALITY AS s(stream, i) ORDER BY 1
        LOOP
          IF p_writes[i] THEN
            PERFORM pg_advisory_xact_lock(lock_key);
          ELSE
            PERFORM pg_advisory_xact_lock_shared(lock_key);
          END IF;
        END LOOP;
        IF p_command_id IS NOT NULL THEN
          SELECT e.position INTO base FROM ${schema}.events e WHERE e.command_id = p_command_id;
          IF FOUND THEN
            RETURN ARRAY[1, base];
          END IF;
        END IF;
        FOR i IN 1 .. n LOOP
          SELECT max(e.version) INTO v FROM ${schema}.events e WHERE e.stream = p_streams[i];
          answer[i + 2] := coalesce(v, 0);
          IF p_expected[i] IS NOT NULL AND p_expected[i] <> answer[i + 2] THEN
            answer[1] := 2;
            RETURN answer;
          END IF;
        END LOOP;
        base := pg_current_xact_id()::text::bigint << ${ordinalBits};
        answer[2] := base;
        INSERT INTO ${schema}.events (position, stream, version, event_id, type, schema_version, data, metadata, command_id)
        SELECT base + ev.ord - 1, p_streams[ev.w], answer[ev.w + 2] + ev.off, ev.id, ev.type, ev.sv, ev.data, ev.md,
          CASE WHEN ev.ord = 1 THEN p_command_id END
        FROM unnest(p_event_write, p_event_offset, p_event_ids, p_types, p_schema_versions, p_data, p_metadata)
          WITH ORDINALITY AS ev(w, off, id, type, sv, data, md, ord);
        RETURN answer;
      END
      $fn$`,
      // The same steps for the most common append, one event to one stream, with plain
      // parameters: no arrays to encode and decode, no loops.
      `CREATE FUNCTION ${schema}.append_one(
        p_stream text, p_expected bigint, p_event_id text, p_type text, p_schema_version integer,
        p_data text, p_metadata text, p_command_id text)
      RETURNS bigint[]
      LANGUAGE plpgsql AS $fn$
      DECLARE
        base bigint;
        v integer;
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NOT NULL
           OR current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'an append must run in a read committed transaction of its own, before any write'
            USING ERRCODE = 'FU001';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended(${literal} || '.' || p_stream, 0));
        IF p_command_id IS NOT NULL THEN
          SELECT e.position INTO base FROM ${schema}.events e WHERE e.command_id = p_command_id;
          IF FOUND THEN
            RETURN ARRAY[1, base];
          END IF;
        END IF;
        SELECT coalesce(max(e.version), 0) INTO v FROM ${schema}.events e WHERE e.stream = p_stream;
        IF p_expected IS NOT NULL AND p_expected <> v THEN
          RETURN ARRAY[2, NULL, v];
        END IF;
        base := pg_current_xact_id()::text::bigint << ${ordinalBits};
        INSERT INTO ${schema}.events (position, stream, version, event_id, type, schema_version, data, metadata, command_id)
        VALUES (base, p_stream, v + 1, p_event_id, p_type, p_schema_version, p_data, p_metadata, p_command_id);
        RETURN ARRAY[0, base, v];
      END
      $fn$`
    ]
  },
  {
    version: 2,
    name: "projections",
    statements: ({ schema }) => [
      // One row per projection: its state and its checkpoint change together, in one
      // statement, so a crash never leaves a state without its checkpoint.
      `CREATE TABLE ${schema}.projections (
        name text PRIMARY KEY,
        version integer NOT NULL,
        checkpoint bigint NOT NULL CHECK (checkpoint >= 0),
        state jsonb NOT NULL
      )`
    ]
  },
  {
    version: 3,
    name: "command hashes",
    statements: ({ literal, schema }) => [
      // The hash of the command that used each command id, beside the id on the first event of
      // its append. Ids recorded before this migration have none (NULL).
      `ALTER TABLE ${schema}.events ADD COLUMN command_hash text`,
      `DROP FUNCTION ${schema}.append(text[], bigint[], boolean[], integer[], integer[], text[], text[], integer[], text[], text[], text)`,
      `DROP FUNCTION ${schema}.append_one(text, bigint, text, text, integer, text, text, text)`,
      // The functions of migration 1, in the same order of steps, with the command's hash: a
      // known command id answers status 1 (duplicate, its first position) when the hashes are
      // the same or both NULL, and status 3 (used by another command) when they are not.
      `CREATE FUNCTION ${schema}.append(
        p_streams text[], p_expected bigint[], p_writes boolean[],
        p_event_write integer[], p_event_offset integer[], p_event_ids text[], p_types text[],
        p_schema_versions integer[], p_data text[], p_metadata text[], p_command_id text, p_command_hash text)
      RETURNS bigint[]
      LANGUAGE plpgsql AS $fn$
      DECLARE
        n constant integer := cardinality(p_streams);
        answer bigint[] := ARRAY[0, NULL];
        base bigint;
        hash text;
        lock_key bigint;
        i integer;
        v integer;
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NOT NULL
           OR current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'an append must run in a read committed transaction of its own, before any write'
            USING ERRCODE = 'FU001';
        END IF;
        IF cardinality(p_event_ids) > ${maxEventsPerAppend} THEN
          RAISE EXCEPTION 'an append holds at most ${maxEventsPerAppend} events' USING ERRCODE = 'FU002';
        END IF;
        FOR lock_key, i IN
          SELECT hashtextextended(${literal} || '.' || s.stream, 0), s.i
          FROM unnest(p_streams) WITH ORDINALITY AS s(stream, i) ORDER BY 1
        LOOP
          IF p_writes[i] THEN
            PERFORM pg_advisory_xact_lock(lock_key);
          ELSE
            PERFORM pg_advisory_xact_lock_shared(lock_key);
          END IF;
        END LOOP;
        IF p_command_id IS NOT NULL THEN
          SELECT e.position, e.command_hash INTO base, hash FROM ${schema}.events e WHERE e.command_id = p_command_id;
          IF FOUND THEN
            IF hash IS NOT DISTINCT FROM p_command_hash THEN
              RETURN ARRAY[1, base];
            END IF;
            RETURN ARRAY[3, NULL];
          END IF;
        END IF;
        FOR i IN 1 .. n LOOP
          SELECT max(e.version) INTO v FROM ${schema}.events e WHERE e.stream = p_streams[i];
          answer[i + 2] := coalesce(v, 0);
          IF p_expected[i] IS NOT NULL AND p_expected[i] <> answer[i + 2] THEN
            answer[1] := 2;
            RETURN answer;
          END IF;
        END LOOP;
        base := pg_current_xact_id()::text::bigint << ${ordinalBits};
        answer[2] := base;
        INSERT INTO ${schema}.events
          (position, stream, version, event_id, type, schema_version, data, metadata, command_id, command_hash)
        SELECT base + ev.ord - 1, p_streams[ev.w], answer[ev.w + 2] + ev.off, ev.id, ev.type, ev.sv, ev.data, ev.md,
          CASE WHEN ev.ord = 1 THEN p_command_id END, CASE WHEN ev.ord = 1 THEN p_command_hash END
        FROM unnest(p_event_write, p_event_offset, p_event_ids, p_types, p_schema_versions, p_data, p_metadata)
          WITH ORDINALITY AS ev(w, off, id, type, sv, data, md, ord);
        RETURN answer;
      END
      $fn$`,
      `CREATE FUNCTION ${schema}.append_one(
        p_stream text, p_expected bigint, p_event_id text, p_type text, p_schema_version integer,
        p_data text, p_metadata text, p_command_id text, p_command_hash text)
      RETURNS bigint[]
      LANGUAGE plpgsql AS $fn$
      DECLARE
        base bigint;
        hash text;
        v integer;
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NOT NULL
           OR current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'an append must run in a read committed transaction of its own, before any write'
            USING ERRCODE = 'FU001';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended(${literal} || '.' || p_stream, 0));
        IF p_command_id IS NOT NULL THEN
          SELECT e.position, e.command_hash INTO base, hash FROM ${schema}.events e WHERE e.command_id = p_command_id;
          IF FOUND THEN
            IF hash IS NOT DISTINCT FROM p_command_hash THEN
              RETURN ARRAY[1, base];
            END IF;
            RETURN ARRAY[3, NULL];
          END IF;
        END IF;
        SELECT coalesce(max(e.version), 0) INTO v FROM ${schema}.events e WHERE e.stream = p_stream;
        IF p_expected IS NOT NULL AND p_expected <> v THEN
          RETURN ARRAY[2, NULL, v];
        END IF;
        base := pg_current_xact_id()::text::bigint << ${ordinalBits};
        INSERT INTO ${schema}.events
          (position, stream, version, event_id, type, schema_version, data, metadata, command_id, command_hash)
        VALUES (base, p_stream, v + 1, p_event_id, p_type, p_schema_version, p_data, p_metadata, p_command_id, p_command_hash);
        RETURN ARRAY[0, base, v];
      END
      $fn$`
    ]
  },
  {
    version: 4,
    name: "data keys",
    statements: ({ schema }) => [
      // One row per data subject: its key, or, once destroyed, no key and the time of the
      // destruction (the tombstone). See PostgresKeyStore. PLAIN storage keeps each key in
      // the table's own pages, as it is: never compressed, never moved to a TOAST table.
      `CREATE TABLE ${schema}.data_keys (
        subject text PRIMARY KEY,
        key bytea,
        destroyed_at timestamptz,
        CONSTRAINT data_keys_key_or_tombstone CHECK ((key IS NULL) = (destroyed_at IS NOT NULL))
      )`,
      `ALTER TABLE ${schema}.data_keys ALTER COLUMN key SET STORAGE PLAIN`
    ]
  },
  {
    version: 5,
    name: "hash links",
    statements: ({ literal, schema }) => [
      // Each event's hash link (see @fulian/store/Integrity for the layout). NULL only for a
      // row the backfill could not read.
      `ALTER TABLE ${schema}.events ADD COLUMN hash text`,
      `DROP FUNCTION ${schema}.append(text[], bigint[], boolean[], integer[], integer[], text[], text[], integer[], text[], text[], text, text)`,
      `DROP FUNCTION ${schema}.append_one(text, bigint, text, text, integer, text, text, text, text)`,
      // The functions of migration 3, in the same order of steps, with the hash links: step 3
      // reads each stream's last version with its hash (under the stream's lock, which it
      // holds anyway), and step 4 hashes each event after its predecessor, with the identity
      // line the client sends (p_idents). No lock is added: writers of different streams do
      // not wait for each other. The answer is text: [status, first position, the versions
      // read…, the hash of each event written…].
      `CREATE FUNCTION ${schema}.append(
        p_streams text[], p_expected bigint[], p_writes boolean[],
        p_event_write integer[], p_event_offset integer[], p_event_ids text[], p_types text[],
        p_schema_versions integer[], p_data text[], p_metadata text[], p_idents text[],
        p_command_id text, p_command_hash text)
      RETURNS text[]
      LANGUAGE plpgsql AS $fn$
      DECLARE
        n constant integer := cardinality(p_streams);
        m constant integer := cardinality(p_event_ids);
        answer text[] := ARRAY['0', NULL];
        versions integer[] := '{}';
        heads text[] := '{}';
        hashes text[] := '{}';
        base bigint;
        hash text;
        lock_key bigint;
        i integer;
        v integer;
        w integer;
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NOT NULL
           OR current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'an append must run in a read committed transaction of its own, before any write'
            USING ERRCODE = 'FU001';
        END IF;
        IF m > ${maxEventsPerAppend} THEN
          RAISE EXCEPTION 'an append holds at most ${maxEventsPerAppend} events' USING ERRCODE = 'FU002';
        END IF;
        FOR lock_key, i IN
          SELECT hashtextextended(${literal} || '.' || s.stream, 0), s.i
          FROM unnest(p_streams) WITH ORDINALITY AS s(stream, i) ORDER BY 1
        LOOP
          IF p_writes[i] THEN
            PERFORM pg_advisory_xact_lock(lock_key);
          ELSE
            PERFORM pg_advisory_xact_lock_shared(lock_key);
          END IF;
        END LOOP;
        IF p_command_id IS NOT NULL THEN
          SELECT e.position, e.command_hash INTO base, hash FROM ${schema}.events e WHERE e.command_id = p_command_id;
          IF FOUND THEN
            IF hash IS NOT DISTINCT FROM p_command_hash THEN
              RETURN ARRAY['1', base::text];
            END IF;
            RETURN ARRAY['3', NULL];
          END IF;
        END IF;
        FOR i IN 1 .. n LOOP
          v := NULL;
          hash := NULL;
          SELECT e.version, e.hash INTO v, hash FROM ${schema}.events e
            WHERE e.stream = p_streams[i] ORDER BY e.version DESC LIMIT 1;
          versions[i] := coalesce(v, 0);
          heads[i] := coalesce(hash, CASE WHEN v IS NULL THEN repeat('0', 64) ELSE '' END);
          answer[i + 2] := versions[i]::text;
          IF p_expected[i] IS NOT NULL AND p_expected[i] <> versions[i] THEN
            answer[1] := '2';
            RETURN answer;
          END IF;
        END LOOP;
        base := pg_current_xact_id()::text::bigint << ${ordinalBits};
        answer[2] := base::text;
        FOR i IN 1 .. m LOOP
          w := p_event_write[i];
          hash := encode(sha256(convert_to(concat_ws(E'\n', 'fulian-event-1', heads[w],
            (versions[w] + p_event_offset[i])::text, (base + i - 1)::text, p_idents[i], p_data[i], p_metadata[i]), 'UTF8')), 'hex');
          heads[w] := hash;
          hashes[i] := hash;
        END LOOP;
        INSERT INTO ${schema}.events
          (position, stream, version, event_id, type, schema_version, data, metadata, command_id, command_hash, hash)
        SELECT base + ev.ord - 1, p_streams[ev.w], versions[ev.w] + ev.off, ev.id, ev.type, ev.sv, ev.data, ev.md,
          CASE WHEN ev.ord = 1 THEN p_command_id END, CASE WHEN ev.ord = 1 THEN p_command_hash END, hashes[ev.ord]
        FROM unnest(p_event_write, p_event_offset, p_event_ids, p_types, p_schema_versions, p_data, p_metadata)
          WITH ORDINALITY AS ev(w, off, id, type, sv, data, md, ord);
        RETURN answer || hashes;
      END
      $fn$`,
      `CREATE FUNCTION ${schema}.append_one(
        p_stream text, p_expected bigint, p_event_id text, p_type text, p_schema_version integer,
        p_data text, p_metadata text, p_ident text, p_command_id text, p_command_hash text)
      RETURNS text[]
      LANGUAGE plpgsql AS $fn$
      DECLARE
        base bigint;
        hash text;
        head text;
        v integer;
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NOT NULL
           OR current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'an append must run in a read committed transaction of its own, before any write'
            USING ERRCODE = 'FU001';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended(${literal} || '.' || p_stream, 0));
        IF p_command_id IS NOT NULL THEN
          SELECT e.position, e.command_hash INTO base, hash FROM ${schema}.events e WHERE e.command_id = p_command_id;
          IF FOUND THEN
            IF hash IS NOT DISTINCT FROM p_command_hash THEN
              RETURN ARRAY['1', base::text];
            END IF;
            RETURN ARRAY['3', NULL];
          END IF;
        END IF;
        SELECT e.version, e.hash INTO v, head FROM ${schema}.events e
          WHERE e.stream = p_stream ORDER BY e.version DESC LIMIT 1;
        IF v IS NULL THEN
          v := 0;
          head := repeat('0', 64);
        END IF;
        IF p_expected IS NOT NULL AND p_expected <> v THEN
          RETURN ARRAY['2', NULL, v::text];
        END IF;
        base := pg_current_xact_id()::text::bigint << ${ordinalBits};
        hash := encode(sha256(convert_to(concat_ws(E'\n', 'fulian-event-1', coalesce(head, ''), (v + 1)::text, base::text,
          p_ident, p_data, p_metadata), 'UTF8')), 'hex');
        INSERT INTO ${schema}.events
          (position, stream, version, event_id, type, schema_version, data, metadata, command_id, command_hash, hash)
        VALUES (base, p_stream, v + 1, p_event_id, p_type, p_schema_version, p_data, p_metadata, p_command_id, p_command_hash, hash);
        RETURN ARRAY['0', base::text, v::text, hash];
      END
      $fn$`
    ],
    // The events stored before get their links, in the order of the log.
    backfill: ({ schema }) =>
      Effect.gen(function*() {
        const sql = yield* SqlClient
        const heads = new Map<string, string>()
        for (let after = 0n;;) {
          const rows = yield* sql.unsafe(
            `SELECT position, stream, version, event_id, type, schema_version, data, metadata FROM ${schema}.events
             WHERE position > $1 ORDER BY position LIMIT 2000`,
            [PgTypes.int8(after)]
          ).values
          if (rows.length === 0) return
          const positions: Array<bigint> = []
          const hashes: Array<string> = []
          for (const row of rows) {
            const [position, stream, version, eventId, type, schemaVersion, data, metadata] = row as [bigint | string, string, number, string, string, number, string, string]
            try {
              const hash = Integrity.hashOfText(
                heads.get(stream) ?? Integrity.genesis,
                version,
                Number(position),
                Integrity.identityText({ eventId, schemaVersion, stream, type }),
                canonicalJson(JSON.parse(data)),
                canonicalJson(JSON.parse(metadata))
              )
              heads.set(stream, hash)
              positions.push(BigInt(String(position)))
              hashes.push(hash)
            } catch {
              // A row that cannot be read keeps no hash: reading it fails, and verifying stops at it.
            }
          }
          if (positions.length > 0) {
            yield* sql.unsafe(
              `UPDATE ${schema}.events e SET hash = u.hash FROM unnest($1::bigint[], $2::text[]) AS u(position, hash) WHERE e.position = u.position`,
              [arrayParameter(positions, PgTypes.OID.int8), arrayParameter(hashes, PgTypes.OID.text)]
            )
          }
          after = BigInt(String(rows[rows.length - 1]![0]))
        }
      })
  },
  {
    version: 6,
    name: "notify followers of appends",
    // One NOTIFY per inserting statement, delivered by PostgreSQL when (and only if) its
    // transaction commits, so a listener never hears of an event not yet committed. It is a
    // hint (`LogChanges`): readAll may still hide the event behind an older transaction.
    statements: ({ channelLiteral, schema }) => [
      `CREATE FUNCTION ${schema}.notify_appended() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_notify(${channelLiteral}, '');
        RETURN NULL;
      END
      $fn$`,
      `CREATE TRIGGER events_appended AFTER INSERT ON ${schema}.events
        FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.notify_appended()`
    ]
  },
  {
    version: 7,
    name: "projections kept as rows",
    // Row-style projections (see PostgresProjectionStore): their version and checkpoint, and
    // their rows (JSON text: read back whole, never queried inside), written in one transaction.
    statements: ({ schema }) => [
      `CREATE TABLE ${schema}.projection_checkpoints (
        name text PRIMARY KEY,
        version integer NOT NULL,
        checkpoint bigint NOT NULL CHECK (checkpoint >= 0)
      )`,
      `CREATE TABLE ${schema}.projection_rows (
        projection text NOT NULL,
        tbl text NOT NULL,
        key text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (projection, tbl, key)
      )`
    ]
  },
  {
    version: 8,
    name: "snapshots",
    // One snapshot per stream (`EventStore.Snapshot`): a cache beside the events, never hashed,
    // never announced. `state` is text, as events' data is: JSON.parse in the client is its parse.
    statements: ({ schema }) => [
      `CREATE TABLE ${schema}.snapshots (
        stream text PRIMARY KEY,
        version integer NOT NULL CHECK (version > 0),
        schema_version integer NOT NULL,
        state text NOT NULL
      )`
    ]
  },
  {
    version: 9,
    name: "notify only while someone listens",
    // A transaction that NOTIFYs holds one lock for the whole database from before its commit
    // until the commit is on disk, so every appending transaction committed one after the
    // other, each with a flush of its own: with 8 writers, appends ran at about 60% of the
    // rate without the trigger. Now a store that listens keeps a row in `listeners` (a lease it
    // renews), and appends NOTIFY only while a lease is live. The lease is written under an
    // exclusive lock that every append's trigger takes shared (the key (hashtext(schema), 1),
    // apart from the streams' one-number keys) before it looks: an append that looked before a
    // lease was written has committed before the listener wakes its waiters (`listen_lease`'s
    // caller wakes them after it), and one that looks after sees the lease.
    statements: ({ channelLiteral, literal, schema }) => [
      `CREATE TABLE ${schema}.listeners (
        id text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`,
      `CREATE OR REPLACE FUNCTION ${schema}.notify_appended() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(hashtext(${literal}), 1);
        IF EXISTS (SELECT 1 FROM ${schema}.listeners WHERE expires_at > now()) THEN
          PERFORM pg_notify(${channelLiteral}, '');
        END IF;
        RETURN NULL;
      END
      $fn$`,
      // Takes or renews listener p_id's lease for p_seconds, dropping lapsed leases; answers
      // whether its lease was live until now (false: appends may have gone unannounced).
      `CREATE FUNCTION ${schema}.listen_lease(p_id text, p_seconds integer) RETURNS boolean
      LANGUAGE plpgsql AS $fn$
      DECLARE
        live boolean;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(${literal}), 1);
        SELECT l.expires_at > now() INTO live FROM ${schema}.listeners l WHERE l.id = p_id;
        DELETE FROM ${schema}.listeners WHERE expires_at <= now();
        INSERT INTO ${schema}.listeners (id, expires_at) VALUES (p_id, now() + make_interval(secs => p_seconds))
          ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at;
        RETURN coalesce(live, false);
      END
      $fn$`
    ]
  }
]

/** The schema version this code writes and reads: the last migration's. */
export const currentVersion: number = migrations[migrations.length - 1]!.version

const classify = (error: SqlError): EventStoreError => {
  const connecting = connectionProblem(error)
  return storeUnavailable(connecting === undefined ? `migration failed: ${error.message}` : `cannot connect: ${connecting}`, error)
}

/**
 * Brings `schema` up to `currentVersion`: creates it if needed and applies, in one
 * transaction under an advisory lock, every migration it has not had. Safe to run again and
 * from several processes at once. Fails with `StoreUnavailable` if the database cannot be
 * reached or the schema is newer than this code.
 */
export const migrate = (schema: string): Effect.Effect<void, EventStoreError, SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const names = namesOf(schema)
    const applied = yield* sql.withTransaction(Effect.gen(function*() {
      yield* sql.unsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`fulian/migrate/${schema}`])
      yield* sql.unsafe(`CREATE SCHEMA IF NOT EXISTS ${names.schema}`).unprepared
      yield* sql.unsafe(`CREATE TABLE IF NOT EXISTS ${names.schema}.schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`).unprepared
      const rows = yield* sql.unsafe<{ version: number | null }>(
        `SELECT max(version) AS version FROM ${names.schema}.schema_migrations`
      ).unprepared
      const at = rows[0]?.version ?? 0
      if (at > currentVersion) return at
      for (const migration of migrations) {
        if (migration.version <= at) continue
        for (const statement of migration.statements(names)) yield* sql.unsafe(statement).unprepared
        if (migration.backfill !== undefined) yield* migration.backfill(names)
        yield* sql.unsafe(`INSERT INTO ${names.schema}.schema_migrations (version, name) VALUES ($1, $2)`, [
          migration.version,
          migration.name
        ]).unprepared
      }
      return at
    })).pipe(Effect.mapError(classify))
    if (applied > currentVersion) {
      return yield* Effect.fail(storeUnavailable(
        `schema ${schema} is at version ${applied}, newer than this code knows (${currentVersion})`
      ))
    }
  })
