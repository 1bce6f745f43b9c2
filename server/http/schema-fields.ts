// The field names a request schema knows at a place in the body, read off the zod schema
// itself, so the "did you mean" of an unknown field (lib/field-suggestion.ts) needs no list of
// its own per endpoint and cannot fall behind the schema.
import type { z } from "zod";

interface Definition {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  element?: z.ZodType;
}

function definition(schema: z.ZodType): Definition {
  return (schema as unknown as { _zod: { def: Definition } })._zod.def;
}

/** Every schema a value at `path` may have met: through wrappers, pipes and union branches. */
function schemasAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  const def = definition(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
      return def.innerType ? schemasAt(def.innerType, path) : [];
    case "pipe":
      return def.in ? schemasAt(def.in, path) : [];
    case "union":
      return (def.options ?? []).flatMap((option) => schemasAt(option, path));
    case "intersection":
      return [def.left, def.right].flatMap((side) => (side ? schemasAt(side, path) : []));
  }
  if (path.length === 0) return [schema];
  const [head, ...rest] = path;
  if (def.type === "object" && typeof head === "string" && def.shape?.[head]) {
    return schemasAt(def.shape[head], rest);
  }
  if (def.type === "array" && typeof head === "number" && def.element) {
    return schemasAt(def.element, rest);
  }
  return [];
}

/** The fields of the object(s) the schema expects at `path` (the body itself for `[]`). */
export function knownFieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const fields = new Set<string>();
  for (const found of schemasAt(schema, path)) {
    const def = definition(found);
    if (def.type === "object") for (const name of Object.keys(def.shape ?? {})) fields.add(name);
  }
  return [...fields];
}
