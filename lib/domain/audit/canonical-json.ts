/**
 * JSON with object keys sorted at every depth, so the same content always hashes the same
 * however PostgreSQL's jsonb reorders it.
 */
export const canonicalJson = (value: unknown): string => {
  // Dates (and anything else with toJSON) are hashed as JSON and jsonb store them.
  if (typeof (value as { toJSON?: unknown } | null)?.toJSON === "function")
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
};
