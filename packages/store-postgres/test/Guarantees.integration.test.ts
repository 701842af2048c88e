import { fileURLToPath } from "node:url"
import * as Guarantees from "@fulian/testing/Guarantees"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"
import * as Server from "./support/Server.ts"

const schema = Server.freshSchema("guarantees")

const damage = {
  "invalid-json": `data = '{"truncated": '`,
  "unknown-type": `type = 'NoSuchEventType'`,
  "future-schema-version": `schema_version = 999`
} as const

await Server.describeWithServer("PostgreSQL store", [schema], () => {
  Guarantees.suite({
    name: "PostgreSQL",
    layer: PostgresEventStore.layer({ url: Server.url, schema, maxConnections: 4 }),
    corrupt: async (stream, version, how) => {
      const rows = await Server.query(`UPDATE "${schema}".events SET ${damage[how]} WHERE stream = $1 AND version = $2 RETURNING position`, [
        stream,
        version
      ])
      if (rows.length !== 1) throw new Error(`no event ${stream}@${version} to damage`)
    },
    childScript: fileURLToPath(new URL("./support/GuaranteesChild.ts", import.meta.url)),
    childArgs: [Server.url, schema]
  })
})
