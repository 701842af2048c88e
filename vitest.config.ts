import { defaultServerConditions } from "vite"
import { defineConfig } from "vitest/config"

/**
 * The KurrentDB suites: through the client they mostly wait (on its reads and on the
 * guarantees' writer processes), so they run as a project of their own, beside the rest.
 */
const kurrentdb = ["packages/store-kurrentdb/test/**/*.test.ts", "packages/cli/test/Kurrent.test.ts", "packages/testing/test/KurrentStandIn.test.ts"]

export default defineConfig({
  // The workspace's packages are run from their sources: the `fulian:source` export condition
  // maps `@fulian/*` to `src/*.ts` (installed packages map it to their compiled `dist`).
  resolve: { conditions: ["fulian:source", ...defaultServerConditions] },
  ssr: { resolve: { conditions: ["fulian:source", ...defaultServerConditions] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two projects run at once, each one file at a time: the PostgreSQL suites share one server,
    // whose readers see an event once every transaction begun before it has ended, in any schema.
    projects: [
      {
        extends: true,
        test: {
          name: "fulian",
          include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts"],
          exclude: [...kurrentdb, "**/node_modules/**"],
          fileParallelism: false
        }
      },
      { extends: true, test: { name: "kurrentdb", include: kurrentdb, fileParallelism: false } }
    ]
  }
})
