/**
 * Personal data (个人信息): names, addresses, case narratives, visit notes. Each such field is
 * marked in the schemas with `personal`, so that erasure can find every one of them from the
 * schemas alone, without changing stored events (§10 Privacy).
 *
 * @since 0.1.0
 */
import { Schema, SchemaAST } from "effect"

/** The annotation key that marks a field as personal data. */
export const annotationKey = "fulian/personalData"

/** Marks a schema's values as personal data of the person the event is about. */
export const personal = <S extends Schema.Top>(schema: S): S["Rebuild"] =>
  schema.annotate({ [annotationKey]: true } as Schema.Annotations.Bottom<S["Type"], S["~type.parameters"]>)

// A refined schema (with checks) keeps its annotations on its last check, not on the node.
const isMarked = (ast: SchemaAST.AST): boolean =>
  [ast.annotations, ...(ast.checks ?? []).map((c) => c.annotations)].some(
    (a) => (a as Record<string, unknown> | undefined)?.[annotationKey] === true
  )

/**
 * The paths of every personal-data field of a schema: `["parties", "*", "name"]` for the
 * name of each party, `*` standing for any array element or record key.
 */
export const paths = (schema: Schema.Top): ReadonlyArray<ReadonlyArray<string>> => {
  const found: Array<ReadonlyArray<string>> = []
  const walk = (ast: SchemaAST.AST, path: ReadonlyArray<string>, seen: Set<SchemaAST.AST>): void => {
    if (seen.has(ast)) return
    if (isMarked(ast)) {
      found.push(path)
      return
    }
    const next = new Set(seen).add(ast)
    switch (ast._tag) {
      case "Objects":
        for (const p of ast.propertySignatures) walk(p.type, [...path, String(p.name)], next)
        for (const i of ast.indexSignatures) walk(i.type, [...path, "*"], next)
        break
      case "Arrays":
        for (const e of ast.elements) walk(e, [...path, "*"], next)
        for (const r of ast.rest) walk(r, [...path, "*"], next)
        break
      case "Union":
        for (const m of ast.types) walk(m, path, next)
        break
      case "Suspend":
        walk(ast.thunk(), path, next)
        break
      case "Declaration":
        for (const t of ast.typeParameters) walk(t, path, next)
        break
      default:
        break
    }
    if (ast.encoding) for (const link of ast.encoding) walk(link.to, path, next)
  }
  walk(schema.ast, [], new Set())
  return [...new Map(found.map((p) => [p.join("."), p])).values()]
}
