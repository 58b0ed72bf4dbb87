import type { ZodError } from "zod";

/**
 * A ZodError as the API's `fields`: messages per dotted path (`_` for the whole value), an unknown
 * key reported under its own name. Null prototype: a key such as `__proto__` or `constructor` is
 * just another field name here.
 */
export const zodFields = (
  error: ZodError,
  { prefix = [], unknownKey = "Unknown field" }: { prefix?: string[]; unknownKey?: string } = {},
): Record<string, string[]> => {
  const fields = Object.create(null) as Record<string, string[]>;
  for (const issue of error.issues) {
    const paths = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of paths)
      (fields[[...prefix, ...path.map(String)].join(".") || "_"] ??= []).push(
        issue.code === "unrecognized_keys" ? unknownKey : issue.message,
      );
  }
  return fields;
};
