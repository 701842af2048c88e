/**
 * Starts the civic platform example: a fulian client over SQLite (the file named by
 * `FULIAN_PLATFORM_DB`, else a fresh temporary file), seeded with a street and two
 * communities with their committees, served over HTTP on `HOST:PORT` (default
 * 127.0.0.1:8080).
 *
 *   node --conditions=fulian:source --import tsx examples/civic-platform/src/main.ts
 *
 * @since 0.1.0
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Client from "@fulian/client/Client"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import * as SqliteKeyStore from "@fulian/store-sqlite/SqliteKeyStore"
import * as Seed from "./Seed.ts"
import * as Server from "./Server.ts"

/** Options of `start`. */
export interface StartOptions {
  /** The SQLite file (default: a new temporary file, removed on close). */
  readonly filename?: string | undefined
  readonly host?: string | undefined
  /** The port (default: a free one). */
  readonly port?: number | undefined
}

/** A started platform: its address, its client, and how to stop it. */
export interface Started extends Server.Running {
  readonly client: Client.Client
}

/** Opens the store, seeds it, and serves the platform; `close` stops the server and releases the store. */
export const start = async (options: StartOptions = {}): Promise<Started> => {
  const temporary = options.filename === undefined ? mkdtempSync(join(tmpdir(), "fulian-platform-")) : undefined
  const filename = options.filename ?? join(temporary!, "platform.db")
  const client = Client.make({ store: SqliteEventStore.layer({ filename }), keys: SqliteKeyStore.layer() })
  try {
    await Seed.seed(client)
    const running = await Server.listen(client, { host: options.host ?? "127.0.0.1", port: options.port ?? 0 })
    return {
      ...running,
      client,
      close: async () => {
        // The client first: its disposal ends every event feed's subscription.
        await client.dispose()
        await running.close()
        if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true })
      }
    }
  } catch (error) {
    await client.dispose()
    if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true })
    throw error
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const platform = await start({
    filename: process.env.FULIAN_PLATFORM_DB,
    host: process.env.HOST,
    port: Number(process.env.PORT ?? 8080)
  })
  console.log(`fulian civic platform on ${platform.url}/?as=sun-yan:chair@hexi`)
  const stop = () => void platform.close().then(() => process.exit(0))
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}
