import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

const firstPerPath = (entries: Iterable<[string, string]>, prefix?: string): FieldErrors => {
  const out: FieldErrors = {};
  for (const [path, message] of entries) {
    if (prefix !== undefined && !path.startsWith(`${prefix}.`)) continue;
    const key = prefix === undefined ? path : path.slice(prefix.length + 1);
    // The field itself ("events"), not an item of it ("events.2"): that is where the input is.
    const field = key.split(".")[0] || "_";
    out[field] ??= message;
  }
  return out;
};

/** zod issues → the first message per top-level field (under `prefix`, stripped, when given). */
export const fieldErrorsFromIssues = (issues: readonly z.core.$ZodIssue[], prefix?: string) =>
  firstPerPath(
    issues.map((i): [string, string] => [i.path.map(String).join("."), i.message]),
    prefix,
  );

/** The API's `error.fields` (dotted path → messages) → the first message per top-level field. */
export const fieldErrorsFromApi = (fields: Record<string, string[]> | undefined, prefix?: string) =>
  firstPerPath(
    Object.entries(fields ?? {}).flatMap(([path, messages]): [string, string][] =>
      messages[0] === undefined ? [] : [[path, messages[0]]],
    ),
    prefix,
  );

/** Moves focus to the first input marked invalid (`aria-invalid="true"`), in document order. */
export const focusFirstInvalid = (root: ParentNode | null | undefined) => {
  const target = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  target?.focus();
  return target ?? null;
};

/**
 * Puts field errors on a react-hook-form form and focuses the first (its Controller or register
 * ref). Fields the form does not have stay out: the caller shows the API's message for those.
 */
export const setFormErrors = <T extends FieldValues>(setError: UseFormSetError<T>, errors: FieldErrors) => {
  Object.entries(errors).forEach(([name, message], i) =>
    setError(name as Path<T>, { type: "server", message }, { shouldFocus: i === 0 }),
  );
};
