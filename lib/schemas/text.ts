import { z } from "zod";

/**
 * The one rule for control characters, shared by every schema, path parameter and query parameter:
 * NUL, the other C0 controls and DEL are refused everywhere (PostgreSQL cannot store NUL, and a
 * newline or tab inside a name, id or URL is never meant). Multi-line text (a license, a reason,
 * an answer) may also hold tab and newline (LF, or CRLF as browsers send form text).
 */
export const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f]/;
export const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\r(?!\n)/;

export const hasControlCharacters = (text: string, multiLine = false) =>
  (multiLine ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(text);

const NO_CONTROL = "no control characters";

/** A single-line string: no control characters at all. */
export const zSingleLine = () => z.string().refine((s) => !hasControlCharacters(s), NO_CONTROL);

/** A multi-line string: tab and newline allowed, every other control character refused. */
export const zMultiLine = () => z.string().refine((s) => !hasControlCharacters(s, true), NO_CONTROL);

/** Row ids (cuid) and similar opaque ids: URL-safe letters, digits, `_` and `-`, at most 64 characters. */
export const zId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "an id: letters, digits, _ and -");

/** A list of ids, as bulk operations take them. */
export const zIds = (max: number) => z.array(zId).min(1).max(max);

/**
 * The first string in a JSON value (key or value, at any depth) that breaks the multi-line rule,
 * as a dotted path; undefined when there is none. Bodies are checked with this before any schema,
 * so a field a schema forgot is still covered; single-line fields are checked by their schema.
 */
export const findControlCharacters = (value: unknown, path: string[] = [], depth = 0): string | undefined => {
  if (typeof value === "string") return hasControlCharacters(value, true) ? path.join(".") || "_" : undefined;
  if (typeof value !== "object" || value === null || depth > 64) return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (hasControlCharacters(k)) return [...path, k.replace(/[\u0000-\u001f\u007f]/g, "?")].join(".");
    const found = findControlCharacters(v, [...path, k], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
};
