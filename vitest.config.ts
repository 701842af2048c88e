import { defaultServerConditions } from "vite"
import { defineConfig } from "vitest/config"

/** The suites that use the PostgreSQL server (named `*.integration.test.ts`). */
const postgres = ["packages/*/test/**/*.integration.test.ts", "examples/*/test/**/*.integration.test.ts"]

export default defineConfig({
  // The workspace's packages are run from their sources: the `fulian:source` export condition
  // maps `@fulian/*` to `src/*.ts` (installed packages map it to their compiled `dist`).
  resolve: { conditions: ["fulian:source", ...defaultServerConditions] },
  ssr: { resolve: { conditions: ["fulian:source", ...defaultServerConditions] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      // Two files at once, also on two cores: the KurrentDB suites (through the client) and the
      // guarantees' writer processes spend their time waiting, not computing.
      {
        extends: true,
        test: {
          name: "fulian",
          include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts"],
          exclude: [...postgres, "**/node_modules/**"],
          maxWorkers: 2
        }
      },
      // Then the PostgreSQL suites, one at a time: they share one server, whose readers see an
      // event only once every transaction begun before it has ended, in any of its schemas.
      { extends: true, test: { name: "postgres", include: postgres, maxWorkers: 1, sequence: { groupOrder: 1 } } }
    ]
  }
})
