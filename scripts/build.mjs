/**
 * `npm run build` (also run by `npm ci`, as the workspace's `prepare`): compiles every package
 * to ESM JavaScript with declarations and source maps (`tsc -b tsconfig.build.json`, into each
 * package's `dist`), and puts the project's LICENSE in each package, for `npm pack`.
 */
import { execFileSync } from "node:child_process"
import { copyFileSync, readdirSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
execFileSync(process.execPath, [tsc, "-b", join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root })
for (const dir of readdirSync(join(root, "packages"))) copyFileSync(join(root, "LICENSE"), join(root, "packages", dir, "LICENSE"))
