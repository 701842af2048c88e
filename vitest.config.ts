import { availableParallelism } from "node:os"
import { defaultServerConditions } from "vite"
import { defineConfig } from "vitest/config"

export default defineConfig({
  // The workspace's packages are run from their sources: the `fulian:source` export condition
  // maps `@fulian/*` to `src/*.ts` (installed packages map it to their compiled `dist`).
  resolve: { conditions: ["fulian:source", ...defaultServerConditions] },
  ssr: { resolve: { conditions: ["fulian:source", ...defaultServerConditions] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    // At least two files at once, also on two cores: several suites (KurrentDB's, through its
    // client, and the guarantees' writer processes) spend their time waiting, not computing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 60_000
  }
})
