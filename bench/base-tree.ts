/**
 * The real code of an earlier revision, to measure beside this checkout's in the same run (the
 * hash links' "before", `bench/links.ts`; the ledgers' calibration, `bench/ledgers.ts`).
 *
 * The revision is checked out in a temporary `git worktree`. It gets a `node_modules` of its
 * own: a symlink to every entry of this checkout's `node_modules` (the same third-party
 * packages, the same tsx), except `@fulian`, which holds symlinks to the worktree's own
 * packages, so that `@fulian/*` resolves to the old code there. Its packages are not built:
 * run its code from source, with tsx and `--conditions=fulian:source`.
 */
import { execFileSync } from "node:child_process"
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmdirSync, rmSync, symlinkSync, unlinkSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The root of this checkout (real path). */
export const repoRoot = realpathSync(fileURLToPath(new URL("..", import.meta.url)))

/** Runs git in this checkout; what it printed, trimmed. */
export const git = (...args: ReadonlyArray<string>): string =>
  execFileSync("git", ["-C", repoRoot, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim()

/** The short id of a revision of this repository, or an error that says a shallow clone may lack it (`option` names the flag that sets it). */
export const commitOf = (rev: string, label: string, option: string): string => {
  try {
    return git("rev-parse", "--short", "--verify", `${rev}^{commit}`)
  } catch {
    throw new Error(`${label}: ${rev} is not a commit of this repository (a shallow clone may lack it; see ${option})`)
  }
}

/** A worktree of an earlier revision: its root (real path), and how to remove it (safe to call twice). */
export interface BaseTree {
  readonly root: string
  readonly remove: () => void
}

/**
 * A temporary worktree of `rev` whose `node_modules` is this checkout's, except `@fulian/*`,
 * which points at the worktree's own packages; `copy` (paths relative to the root) is copied
 * from this checkout into it, and each of `needs` must be one of its packages.
 */
export const makeBaseTree = (
  rev: string,
  options: { readonly label: string; readonly copy: ReadonlyArray<string>; readonly needs: ReadonlyArray<string> }
): BaseTree => {
  const { label } = options
  const parent = mkdtempSync(join(tmpdir(), `fulian-${label}-base-`))
  const root = join(parent, "tree")
  let added = false
  const remove = () => {
    // Our symlinks go first, one by one, so that nothing below can follow one into this checkout.
    // (git and rmSync do not follow symlinks either; this only makes sure of it.)
    const unlinkAll = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        if (lstatSync(join(dir, entry)).isSymbolicLink()) unlinkSync(join(dir, entry))
      }
      rmdirSync(dir)
    }
    const modules = join(root, "node_modules")
    try {
      if (existsSync(join(modules, "@fulian"))) unlinkAll(join(modules, "@fulian"))
      if (existsSync(modules)) unlinkAll(modules)
    } catch (error) {
      console.error(`${label}: cleaning the base tree's node_modules: ${(error as Error).message}`)
    }
    if (added) {
      try {
        git("worktree", "remove", "--force", root)
      } catch {
        git("worktree", "prune")
      }
      added = false
    }
    rmSync(parent, { recursive: true, force: true })
  }
  try {
    git("worktree", "add", "--detach", root, rev)
    added = true
    const tree = realpathSync(root)
    const modules = join(tree, "node_modules")
    mkdirSync(join(modules, "@fulian"), { recursive: true })
    for (const entry of readdirSync(join(repoRoot, "node_modules"))) {
      if (entry !== "@fulian") symlinkSync(join(repoRoot, "node_modules", entry), join(modules, entry))
    }
    // Every workspace package of the base tree, by the name in its package.json.
    const workspaces = (JSON.parse(readFileSync(join(tree, "package.json"), "utf8")) as { workspaces?: Array<string> }).workspaces ?? []
    const linked: Array<string> = []
    for (const pattern of workspaces) {
      if (!pattern.endsWith("/*")) throw new Error(`${label}: workspace pattern ${pattern} of ${rev} is not <dir>/*`)
      const dir = pattern.slice(0, -2)
      for (const entry of existsSync(join(tree, dir)) ? readdirSync(join(tree, dir)) : []) {
        const manifest = join(tree, dir, entry, "package.json")
        if (!existsSync(manifest)) continue
        const name = (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name ?? ""
        if (!name.startsWith("@fulian/")) continue
        const short = name.slice("@fulian/".length)
        symlinkSync(join(tree, dir, entry), join(modules, "@fulian", short))
        linked.push(short === entry ? short : `${short} (${dir}/${entry})`)
      }
    }
    for (const needed of options.needs) {
      if (!existsSync(join(modules, "@fulian", needed))) throw new Error(`${label}: ${rev} has no package @fulian/${needed}`)
    }
    for (const file of options.copy) {
      mkdirSync(join(tree, file, ".."), { recursive: true })
      copyFileSync(join(repoRoot, file), join(tree, file))
    }
    console.log(`  base tree: worktree of ${rev} in a temporary directory; node_modules/@fulian → its ${linked.length} packages (${linked.join(", ")})`)
    return { root: tree, remove }
  } catch (error) {
    remove()
    throw error
  }
}
