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
    hookTimeout: 60_000
  }
})
