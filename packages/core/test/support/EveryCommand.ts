/**
 * One valid command of every kind of the domain, as JSON (`every-command.jsonl`: most are from
 * the demo year, the rest written for it), and helpers to walk and change them field by field.
 * Each decodes; the domain may still refuse it, for want of the records before it.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"

/** A JSON value. */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
/** A command as JSON. */
export type Command = { readonly _tag: string; readonly [key: string]: Json }

/** One valid command of every kind of the domain. */
export const everyCommand: ReadonlyArray<Command> = readFileSync(join(import.meta.dirname, "every-command.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => JSON.parse(line) as Command)

/** The valid command of a kind. */
export const example = (tag: string): Command => everyCommand.find((c) => c._tag === tag)!

/** Every leaf of a JSON value (a string, number, boolean or null), with its path. */
export const leaves = (value: Json, path: ReadonlyArray<string> = []): ReadonlyArray<readonly [ReadonlyArray<string>, Json]> =>
  value !== null && typeof value === "object"
    ? Object.entries(value).flatMap(([key, v]) => leaves(v, [...path, key]))
    : [[path, value]]

/** Every list of a JSON value, with its path. */
export const lists = (value: Json, path: ReadonlyArray<string> = []): ReadonlyArray<readonly [ReadonlyArray<string>, ReadonlyArray<Json>]> =>
  value !== null && typeof value === "object"
    ? [
      ...(Array.isArray(value) ? [[path, value] as const] : []),
      ...Object.entries(value).flatMap(([key, v]) => lists(v, [...path, key]))
    ]
    : []

/** A copy of a JSON value with the value at a path replaced (or removed, for `undefined`). */
export const setAt = (value: Json, path: ReadonlyArray<string>, replacement: unknown): Json => {
  if (path.length === 0) return replacement as Json
  const [key, ...rest] = path as [string, ...Array<string>]
  if (Array.isArray(value)) return value.map((v, i) => (String(i) === key ? setAt(v, rest, replacement) : v))
  const copy: Record<string, Json> = { ...(value as Record<string, Json>) }
  if (rest.length === 0 && replacement === undefined) delete copy[key]
  else copy[key] = setAt(copy[key] ?? null, rest, replacement)
  return copy
}
