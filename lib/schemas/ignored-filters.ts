import type { z } from "zod";

/** Why a filter from the address bar was ignored, by zod issue code: a clause for a sentence. */
const reasonFor = (issue: z.core.$ZodIssue) => {
  switch (issue.code) {
    case "invalid_value":
      return "it is not one of the choices";
    case "too_big":
      return issue.origin === "string" ? "it is too long" : "it is too large";
    case "too_small":
      return issue.origin === "string" ? "it is too short" : "it is too small";
    case "invalid_type":
      return issue.expected === "number" ? "it is not a number" : "it is not a valid value";
    default:
      return "it is not a valid value";
  }
};

const MAX_SHOWN = 60;
const shown = (value: string) => (value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);

/**
 * One sentence per filter that did not parse, naming it as it stands in the address bar
 * ("The filter “status=approved” was ignored: it is not one of the choices."), never raw zod text.
 */
export const describeIgnoredFilters = (error: z.ZodError | undefined, values: Record<string, unknown> = {}) => {
  const seen = new Set<string>();
  const sentences: string[] = [];
  for (const issue of error?.issues ?? []) {
    const key = String(issue.path[0] ?? "");
    if (seen.has(key)) continue;
    seen.add(key);
    const value = values[key];
    const name = key === "" ? "A filter" : `The filter “${typeof value === "string" ? `${key}=${shown(value)}` : key}”`;
    sentences.push(`${name} was ignored: ${reasonFor(issue)}.`);
  }
  return sentences;
};

/**
 * Parses address-bar filters leniently: each invalid one is dropped (and described) while the valid
 * ones are kept, so one bad parameter neither resets the search nor shows an error page.
 */
export const parseFiltersLeniently = <S extends z.ZodType>(schema: S, values: Record<string, string | undefined>) => {
  const first = schema.safeParse(values);
  if (first.success) return { data: first.data as z.output<S>, error: undefined, ignored: [] as string[] };
  const bad = new Set(first.error.issues.map((i) => String(i.path[0] ?? "")));
  const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !bad.has(k)));
  // A cross-field rule can still fail with every field valid alone: fall back to the defaults.
  const second = schema.safeParse(kept);
  return {
    data: (second.success ? second.data : schema.parse({})) as z.output<S>,
    error: first.error,
    ignored: describeIgnoredFilters(first.error, values),
  };
};
