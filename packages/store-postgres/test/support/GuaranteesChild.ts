/**
 * The child process of the guarantee suite for the PostgreSQL store: opens the store the
 * suite names and hands it to the suite's append loop.
 *
 *   node --import tsx GuaranteesChild.ts <connection URL> <schema>
 */
import * as GuaranteesChild from "@fulian/testing/GuaranteesChild"
import * as PostgresEventStore from "@fulian/store-postgres/PostgresEventStore"

const [url, schema] = process.argv.slice(2)
if (url === undefined || schema === undefined) throw new Error("usage: GuaranteesChild.ts <connection URL> <schema>")
await GuaranteesChild.childAppendLoop(PostgresEventStore.layer({ url, schema, maxConnections: 2 }))
