/**
 * The platform's HTTP API, declared with effect's HTTP API module (`effect/http-api`): every
 * route the service serves, with its query, its answers and its errors, and the OpenAPI 3.1
 * document derived from the same declarations (`OpenApi.fromApi(Api)`, served at
 * `GET /openapi.json`). `Server.ts` implements it; nothing here runs a request.
 *
 *   POST /commands      commands   execute    a command as JSON → its outcome, or its typed error
 *   GET  /households    reads      households the reader's household register and the ledger's count
 *   GET  /ledgers       reads      ledgers    every ledger the reader may read
 *   GET  /reports       reads      report     a report computed from the records
 *   GET  /events        feed       events     server-sent events: the new events the reader may read
 *   GET  /schema        documents  schema     the JSON Schema of every command and event
 *   GET  /openapi.json  documents  openapi    this API's OpenAPI document
 *   GET  /              documents  page       the household register page
 *
 * What the document says of a command's body is `fulian schema`'s own: the definitions of
 * `JsonSchemas.document()` are the document's `components.schemas` (`Command`,
 * `command.RegisterHousehold`, …, with their titles in Chinese and English), and the body of
 * `POST /commands` is a `$ref` to `Command`. The service does not decode the body with a schema
 * of its own: it hands the JSON to `client.execute`, whose decoder (`Domain.decodeCommand`) is
 * the schema's source, and answers its `InvalidCommand` naming each field.
 *
 * Who acts and who reads is the security scheme `actor`: the header `x-fulian-actor:
 * person:role@organization`, or the query parameter `as` where a browser cannot set a header
 * (`EventSource`). It stands in for the platform's own authentication (see `Server.ts`).
 *
 * @since 0.1.0
 */
import { Context, Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiError, HttpApiGroup, HttpApiMiddleware, HttpApiSchema, HttpApiSecurity, OpenApi } from "effect/http-api"
import * as JsonSchemas from "@fulian/cli/JsonSchemas"
import * as Activity from "@fulian/core/Activity"
import * as Assessment from "@fulian/core/Assessment"
import * as Audit from "@fulian/core/Audit"
import * as Award from "@fulian/core/Award"
import * as Case from "@fulian/core/Case"
import * as Command from "@fulian/core/Command"
import type * as Domain from "@fulian/core/Domain"
import * as Erasure from "@fulian/core/Erasure"
import * as Household from "@fulian/core/Household"
import * as Mediation from "@fulian/core/Mediation"
import * as Meeting from "@fulian/core/Meeting"
import * as Organization from "@fulian/core/Organization"
import * as Place from "@fulian/core/Place"
import * as Reading from "@fulian/core/Reading"
import * as Reception from "@fulian/core/Reception"
import * as CoreReport from "@fulian/core/Report"
import * as Representation from "@fulian/core/Representation"
import * as Signing from "@fulian/core/Signing"
import * as Term from "@fulian/core/Term"
import * as Training from "@fulian/core/Training"
import * as Volunteer from "@fulian/core/Volunteer"
import * as WorkPlan from "@fulian/core/WorkPlan"
import type * as Client from "@fulian/client/Client"

/** The header that names who acts or reads, set by the platform after its own authentication. */
export const actorHeader = "x-fulian-actor"

// ---------------------------------------------------------------------------------------------
// Errors, as the service answers them
// ---------------------------------------------------------------------------------------------

/** 401: no one named who acts (`x-fulian-actor` or `?as=`), or not as `person:role@organization`. */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("Unauthenticated", {
  message: Schema.String
}, { httpApiStatus: 401, description: "No one is named as acting: give x-fulian-actor (or ?as=) as person:role@organization." }) {}

/**
 * 400 with no body: a query parameter or header that does not decode by the route's schema
 * (`kind=weekly`, `after=abc`), which effect's HTTP API answers itself, before the route runs.
 */
export const BadQuery = HttpApiError.BadRequestNoContent.annotate({ description: "A query parameter or header is not as the route declares it (no body)." })

/** 500: the service failed (its log says how); the answer says nothing more. */
export class InternalError extends Schema.TaggedError<InternalError>()("InternalError", {
  message: Schema.String
}, { httpApiStatus: 500, description: "The service failed; its log says how." }) {}

/**
 * A typed error of the client as the service answers it: the error's own fields (the domain's
 * `Schema.TaggedError`), and its `message`, with an HTTP status.
 */
const answered = <F extends Schema.Struct.Fields>(
  error: { readonly identifier: string; readonly fields: F },
  status: number,
  description: string
) =>
  Schema.Struct({ ...error.fields, message: Schema.String }).pipe(
    HttpApiSchema.status(status),
    Schema.annotate({ identifier: error.identifier, description })
  )

/** 400: the command is not one (`problems` names each field), or its time of the fact cannot be. */
export const inputErrors = [
  answered(Command.InvalidCommand, 400, "The body is not a command: `problems` names each field that is wrong (its path, as `actor.role`)."),
  answered(Command.TimeRejected, 400, "The time of the command's fact cannot be: in the future, or not on the day of its own date.")
] as const

/** 403: the records do not give the actor the role she claims, or it does not let her do this. */
export const Unauthorized = answered(Command.Unauthorized, 403, "The actor may not give this command, by her role or her organization, as the records show them.")

/** 403: the reader may not read this, as the records show her. */
export const ReadRefused = answered(Reading.ReadRefused, 403, "The reader may not read this: the records do not back her role, or it does not entitle her to it.")

/** The reports' error, as the client throws it (the example does not depend on `@fulian/reports` itself). */
type ClientReportError = Extract<Client.ClientError, { readonly _tag: "ReportError" }>

const reportErrorReasons = ["InvalidPeriod", "InvalidDate", "InvalidTimeZone", "OrganizationNotRegistered", "ReportNotFound", "UnknownNarrativeSection"] as const

// A reason added to the reports' error without it here makes this `false`, which does not compile.
const everyReportErrorReason: [Exclude<ClientReportError["reason"], (typeof reportErrorReasons)[number]>] extends [never] ? true : false = true
void everyReportErrorReason

/** 400: a report or ledger asked for with a period or a date that cannot be, or of what is not there (an organization, a report, a narrative section). */
export const ReportError = answered(
  { identifier: "ReportError", fields: { _tag: Schema.tag("ReportError"), reason: Schema.Literals(reportErrorReasons), detail: Schema.String } },
  400,
  "The report or ledgers cannot be drawn as asked: an impossible period or date, or an organization, report or narrative section not found."
)

/**
 * 409: a domain's refusal of the command (`…Rejected`, with its `reason`), or a `commandId`
 * used by another command. Typed by the domain's errors: one added without its answer here
 * does not compile.
 */
export const refusals = [
  answered(Command.CommandIdReused, 409, "The commandId was used by another command; nothing was written."),
  answered(Organization.OrganizationRejected, 409, "Refused by the rules of organizations."),
  answered(Place.PlaceRejected, 409, "Refused by the rules of places (阵地): women's homes, rights stations, hotlines, duty posts."),
  answered(Activity.ActivityRejected, 409, "Refused by the rules of activities, donations and relief."),
  answered(Assessment.AssessmentRejected, 409, "Refused by the rules of assessments."),
  answered(Award.AwardRejected, 409, "Refused by the rules of awards."),
  answered(Volunteer.VolunteerRejected, 409, "Refused by the rules of volunteers."),
  answered(Case.CaseRejected, 409, "Refused by the rules of cases."),
  answered(Mediation.MediationRejected, 409, "Refused by the rules of mediators."),
  answered(Reception.ReceptionRejected, 409, "Refused by the rules of reception days (信访接待日)."),
  answered(Audit.AuditRejected, 409, "Refused by the rules of auditors."),
  answered(Erasure.ErasureRejected, 409, "Refused by the rules of erasures."),
  answered(Signing.SigningRejected, 409, "Refused by the rules of signing keys."),
  answered(Household.HouseholdRejected, 409, "Refused by the rules of households."),
  answered(Term.TermRejected, 409, "Refused by the rules of elections and terms."),
  answered(Term.ReserveCadreRejected, 409, "Refused by the rules of reserve cadres (后备干部)."),
  answered(Meeting.MeetingRejected, 409, "Refused by the rules of meetings."),
  answered(Training.TrainingRejected, 409, "Refused by the rules of trainings (培训)."),
  answered(WorkPlan.WorkPlanRejected, 409, "Refused by the rules of work plans (工作计划)."),
  answered(Representation.RepresentationRejected, 409, "Refused by the rules of representatives and their households."),
  answered(CoreReport.ReportRejected, 409, "Refused by the rules of reports sent up.")
] as const

/** The tag of every error a command can fail with, answered above. */
type Answered = (typeof inputErrors | typeof refusals)[number]["Type"]["_tag"] | typeof Unauthorized.Type._tag

// A domain error added to the domain without its answer here makes this `false`, which does not compile.
const everyDomainErrorAnswered: [Exclude<Domain.DomainError["_tag"], Answered>] extends [never] ? true : false = true
void everyDomainErrorAnswered

// ---------------------------------------------------------------------------------------------
// Who acts and reads
// ---------------------------------------------------------------------------------------------

/** The reader (or actor) of a request, as the `Actor` middleware found her. */
export class CurrentReader extends Context.Service<CurrentReader, Reading.Reader>()("fulian/civic-platform/CurrentReader") {}

const actorScheme = (security: HttpApiSecurity.HttpApiSecurity, description: string) =>
  HttpApiSecurity.annotate(security, OpenApi.Description, description)

/**
 * Who acts and reads: `person:role@organization` in the header `x-fulian-actor` or, where a
 * browser cannot set a header, the query parameter `as`. It stands in for the platform's own
 * authentication; fulian then checks it against its records.
 */
export class Actor extends HttpApiMiddleware.Service<Actor, { provides: CurrentReader }>()("fulian/civic-platform/Actor", {
  security: {
    actor: actorScheme(
      HttpApiSecurity.apiKey({ key: actorHeader, in: "header" }),
      "Who acts or reads, person:role@organization (e.g. sun-yan:chair@hexi). It stands in for the platform's own sign-in: a real platform sets it from its session. fulian checks the role against its records."
    ),
    as: actorScheme(
      HttpApiSecurity.apiKey({ key: "as", in: "query" }),
      "The same, as a query parameter, where a browser cannot set a header (EventSource)."
    )
  },
  error: Unauthenticated
}) {}

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

/** A command's outcome: its id, whether it was a retry answered with its first outcome, the events it recorded. */
export const Outcome = Schema.Struct({
  commandId: Schema.String,
  duplicate: Schema.Boolean,
  events: Schema.Array(Schema.Struct({ position: Schema.Int, stream: Schema.String, version: Schema.Int, type: Schema.String }))
}).annotate({ identifier: "Outcome", description: "The command's outcome: its id, whether it repeated one already executed, and the events it recorded (their streams and log positions)." })

/** A household as the register lists it. */
export const HouseholdEntry = Schema.Struct({
  householdId: Schema.String,
  organizationId: Schema.String,
  headName: Schema.String,
  address: Schema.String,
  circumstances: Schema.Array(Schema.String)
}).annotate({ identifier: "HouseholdEntry", description: "A household of the register, its name and address as the reader is entitled to them." })

/** A household as the register lists it. */
export type HouseholdEntry = typeof HouseholdEntry.Type

/** The reader's household register: the households she may read, and the ledger's count of them. */
export const Register = Schema.Struct({
  households: Schema.Array(HouseholdEntry),
  count: Schema.Int.annotate({ description: "The household contact ledger's count of registered households, over the communities she may read." }),
  position: Schema.Int.annotate({ description: "The position of the log read up to: the feed to follow from (`/events?after=`)." })
}).annotate({ identifier: "Register", description: "The reader's household register (户籍登记)." })

/** The reader's household register. */
export type Register = typeof Register.Type

const rows = (description: string) => Schema.Unknown.annotate({ description })

/** Every ledger's rows and flags (`Ledgers.Rows`), as far as the reader may read them. */
export const Ledgers = Schema.Struct({
  asOf: Schema.String.annotate({ description: "The moment they are judged at." }),
  period: Schema.Struct({ from: Schema.String, to: Schema.String }).annotate({ description: "The days the meetings ledger covers." }),
  organizations: rows("组织台帐: the organizations and their chain."),
  householdContact: rows("联系户台帐: representatives' households and visits; households without a representative."),
  cases: rows("案件台帐: cases, their flags, and where they were resolved."),
  activities: rows("活动台帐: activities held, donations and relief."),
  terms: rows("换届台帐: terms, filing, synchronization, elections coming up."),
  awards: rows("评比表彰台帐: campaigns, awards conferred, re-checks due, revoked."),
  meetings: rows("会议台帐: meetings held and missed, decisions overdue."),
  volunteers: rows("巾帼志愿者台帐: volunteers and their pairs."),
  assessments: rows("考核评比台帐: assessments and their scores.")
}).annotate({ identifier: "Ledgers", description: "The rows and flags of every ledger (台帐) the reader may read, as `fulian ledgers --format json` prints them." })

/** A report as computed (`Report.Computed`). */
export const ComputedReport = Schema.Struct({
  request: Schema.Struct({ organizationId: Schema.String, kind: CoreReport.Kind, period: Schema.String }),
  position: Schema.Int.annotate({ description: "The log position it was computed from." }),
  timeZone: Schema.String,
  asOf: Schema.optional(Schema.String),
  asRecordedOn: Schema.optional(Schema.String),
  content: rows("The report's content: plain JSON with stable English keys, the thing hashed when it is sent up.")
}).annotate({ identifier: "Report", description: "A report (报表) computed from the records: what was asked, the log position and calendar it was computed in, its content." })

/** One message of the event feed: a new event the reader may read. */
export const FeedMessage = Schema.Struct({
  position: Schema.Int,
  stream: Schema.String,
  type: Schema.String,
  event: Schema.Unknown.annotate({
    description: "The event, as the reader may read it (personal data as she is entitled to it): `{ _tag, ...data }`, as `components.schemas.Event` describes it."
  })
}).annotate({ identifier: "FeedMessage" })

/** The feed's server-sent events: `id` the event's log position, `event` its type, `data` a `FeedMessage` as JSON. */
export const FeedEvent = Schema.Struct({
  id: Schema.String,
  event: Schema.String,
  data: Schema.fromJsonString(FeedMessage)
})

/** A date (2025-06-30) or a moment with its offset, for ledgers and reports drawn as of then. */
const AsOf = Schema.optional(Schema.String.annotate({ description: "As the facts stood on this date (2025-06-30) or moment (ISO 8601 with its offset)." }))
const AsRecordedOn = Schema.optional(Schema.String.annotate({ description: "As the records stood on this date or moment: what had been recorded by then." }))

/** A log position, 0 or more, as a query or a header writes it (digits), with what it is for. */
const position = (description: string) =>
  Schema.String.check(Schema.isPattern(/^\d{1,15}$/)).annotate({ description }).pipe(
    Schema.decodeTo(Schema.NumberFromString.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(0)))
  )

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

/** `POST /commands`: a command of the domain, executed. */
export const execute = HttpApiEndpoint.post("execute", "/commands", {
  payload: Schema.Unknown,
  success: Outcome,
  error: [...inputErrors, Unauthorized, ...refusals, InternalError]
}).annotateMerge(OpenApi.annotations({
  summary: "Execute a command (下达命令)",
  description:
    "Executes one command of the domain (`client.execute`). The actor is the authenticated one (`x-fulian-actor`): the body's `actor`, if any, is replaced by it, so a body may leave it out. The body is checked by the domain's decoder, the source of `fulian schema`: a wrong field is a 400 `InvalidCommand` naming it.",
  override: {
    requestBody: {
      description: "A command, as `fulian schema` describes it (`Command`: one of `command.<Tag>`, told apart by `_tag`; titled in Chinese and English, field by field).",
      required: true,
      content: { "application/json": { schema: ref("Command") } }
    }
  }
}))

/** `GET /households`: the reader's household register. */
export const households = HttpApiEndpoint.get("households", "/households", {
  success: Register,
  error: [ReadRefused, InternalError]
}).annotateMerge(OpenApi.annotations({ summary: "The household register (户籍登记)", description: "The households the reader may read, and the household contact ledger's count of them." }))

/** `GET /ledgers`: every ledger the reader may read. */
export const ledgers = HttpApiEndpoint.get("ledgers", "/ledgers", {
  query: { asOf: AsOf, asRecordedOn: AsRecordedOn },
  success: Ledgers,
  error: [ReadRefused, ReportError, InternalError]
}).annotateMerge(OpenApi.annotations({ summary: "The ledgers (台帐)", description: "Every ledger the reader may read (`client.ledgers`): now, or as of a date in either sense." }))

/** `GET /reports`: a report computed from the records. */
export const report = HttpApiEndpoint.get("report", "/reports", {
  query: {
    organizationId: Schema.String,
    kind: CoreReport.Kind,
    period: Schema.String.annotate({ description: "2025-03 (a month), 2025-H1 (a half-year) or 2025 (a year)." }),
    asOf: AsOf,
    asRecordedOn: AsRecordedOn
  },
  success: ComputedReport,
  error: [ReadRefused, ReportError, BadQuery, InternalError]
}).annotateMerge(OpenApi.annotations({ summary: "A report (报表)", description: "A monthly report or a half-year or annual work summary of an organization, computed from the records (`client.report`) for a reader entitled to it." }))

/** `GET /events`: the feed of new events. */
export const events = HttpApiEndpoint.get("events", "/events", {
  query: { after: Schema.optional(position("The log position to follow from: the events after it (default: the header Last-Event-ID, else 0).")) },
  headers: { "last-event-id": Schema.optional(position("The id (log position) of the last event seen, which a browser's EventSource sends when it reconnects.")) },
  success: HttpApiSchema.StreamSse({ events: FeedEvent }),
  error: [ReadRefused, BadQuery, InternalError]
}).annotateMerge(OpenApi.annotations({
  summary: "The feed of new events (server-sent events)",
  description:
    "Each new event the reader may read after a position (`client.subscribe`), as a server-sent event: `id` its log position, `event` its type, `data` a `FeedMessage`. It ends when the client goes away or the service stops; reconnecting with Last-Event-ID resumes after the last event seen."
}))

/** `GET /schema`: the JSON Schema document. */
export const schema = HttpApiEndpoint.get("schema", "/schema", {
  success: Schema.Unknown.annotate({ description: "A JSON Schema (draft 2020-12) document." })
}).annotateMerge(OpenApi.annotations({
  summary: "The JSON Schema of every command and event",
  description: "`JsonSchemas.document()`, what `fulian schema` prints (docs/reference/json-schema.md). Its `$defs` are this document's `components.schemas`."
}))

/** `GET /openapi.json`: this document. */
export const openapi = HttpApiEndpoint.get("openapi", "/openapi.json", {
  success: Schema.Unknown.annotate({ description: "An OpenAPI 3.1 document." })
}).annotateMerge(OpenApi.annotations({ summary: "This API's OpenAPI document" }))

/** `GET /`: the household register page. */
export const page = HttpApiEndpoint.get("page", "/", {
  success: Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/html" }))
}).annotateMerge(OpenApi.annotations({ summary: "The household register page", description: "A page whose form is generated from `/schema`; it acts as `?as=person:role@organization`." }))

/** Commands in. */
export class Commands extends HttpApiGroup.make("commands").add(execute).middleware(Actor)
  .annotateMerge(OpenApi.annotations({ title: "commands", description: "命令: the domain's commands, executed as the authenticated actor." })) {}

/** Authorized reads: what the reader may read, and nothing else. */
export class Reads extends HttpApiGroup.make("reads").add(households, ledgers, report).middleware(Actor)
  .annotateMerge(OpenApi.annotations({ title: "reads", description: "Authorized reads: each shows only what the reader's role and organization entitle her to." })) {}

/** The live feed. */
export class Feed extends HttpApiGroup.make("feed").add(events).middleware(Actor)
  .annotateMerge(OpenApi.annotations({ title: "feed", description: "Server-sent events of the new events the reader may read." })) {}

/** The documents and the page, for anyone. */
export class Documents extends HttpApiGroup.make("documents").add(schema, openapi, page)
  .annotateMerge(OpenApi.annotations({ title: "documents", description: "The JSON Schema, this OpenAPI document and the page: public, no actor." })) {}

/**
 * `JsonSchemas.document()`'s definitions as OpenAPI components: the same schemas, their
 * references (`#/$defs/<name>`) pointing at `#/components/schemas/<name>`.
 */
export const components = (): { readonly [name: string]: unknown } => {
  const defs = JsonSchemas.document().$defs as { readonly [name: string]: unknown }
  return JSON.parse(JSON.stringify(defs).replaceAll("\"#/$defs/", "\"#/components/schemas/")) as { readonly [name: string]: unknown }
}

/** The platform's HTTP API, and its OpenAPI document's title, version and the command schemas as components. */
export class Api extends HttpApi.make("fulian-civic-platform").add(Commands, Reads, Feed, Documents).annotateMerge(OpenApi.annotations({
  title: "fulian civic platform",
  version: "0.1.0",
  description:
    "A civic platform's HTTP service over fulian (社区妇联工作): commands in as JSON, typed errors out, authorized reads, ledgers and reports, and a live feed of new events. The schemas of commands and events (`Command`, `Event`, `command.<Tag>`, `event.<Tag>`) are `fulian schema`'s, titled in Chinese and English, field by field.",
  transform: (spec) => {
    const defs = components()
    for (const name of Object.keys(defs)) {
      if (name in spec.components.schemas) throw new Error(`the API names a schema ${name}, as fulian schema does`)
    }
    return { ...spec, components: { ...spec.components, schemas: { ...spec.components.schemas, ...defs } } }
  }
})) {}
