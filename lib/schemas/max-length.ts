import type { z } from "zod";

type Def = { type?: string; innerType?: z.ZodType; in?: z.ZodType; schema?: z.ZodType };
type Internals = { _zod: { def: Def } };

/**
 * The `.max()` of a string schema, through optional/nullable/default/pipe wrappers: what a form
 * puts in its input's `maxLength`, so the input and the server's schema cannot disagree.
 */
export const maxLengthOf = (schema: z.ZodType): number | undefined => {
  let s: z.ZodType | undefined = schema;
  for (let depth = 0; s && depth < 16; depth++) {
    const internals: Internals["_zod"] = (s as unknown as Internals)._zod;
    if (internals.def.type === "string") return (s as z.ZodString).maxLength ?? undefined;
    s = internals.def.innerType ?? internals.def.in ?? internals.def.schema;
  }
  return undefined;
};
