import * as Conformance from "@fulian/testing/Conformance"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
import * as Server from "./support/Server.ts"

const schema = Server.freshSchema("conformance")

await Server.describeWithServer("PostgreSQL store", [schema], () => {
  Conformance.suite("PostgreSQL", PostgresEventStore.layer({ url: Server.url, schema, maxConnections: 4 }))
})
