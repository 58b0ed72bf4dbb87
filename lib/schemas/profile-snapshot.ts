import { z } from "zod";

/** The profile fields recorded with each access request: those the request form requires, and the rest a reviewer sees. */
export const snapshotFields = ["name", "affiliation", "position", "country", "orcid", "website"] as const;
export type SnapshotField = (typeof snapshotFields)[number];

const value = z.string().nullable().catch(null);
/** Read leniently: a stored snapshot is history, and a field it lacks counts as empty. */
export const ZProfileSnapshot = z.object({
  name: value,
  affiliation: value,
  position: value,
  country: value,
  orcid: value,
  website: value,
});
export type TProfileSnapshot = z.output<typeof ZProfileSnapshot>;

/** The snapshot to store with a request, from the user's row at that moment. */
export const snapshotOf = (user: Partial<Record<SnapshotField, string | null>>): TProfileSnapshot =>
  Object.fromEntries(snapshotFields.map((f) => [f, user[f] ?? null])) as TProfileSnapshot;

/** A stored snapshot (Json) back as fields, or null when none was recorded (or it is not one). */
export const parseProfileSnapshot = (stored: unknown): TProfileSnapshot | null => {
  if (stored === null || typeof stored !== "object" || Array.isArray(stored)) return null;
  return ZProfileSnapshot.parse(stored);
};

export type ProfileChange = { field: SnapshotField; then: string | null; now: string | null };

/** What differs between the profile as submitted and as it is now, in form order. */
export const profileChanges = (
  then: TProfileSnapshot,
  now: Partial<Record<SnapshotField, string | null>>,
): ProfileChange[] =>
  snapshotFields
    .map((field) => ({ field, then: then[field], now: now[field] ?? null }))
    .filter((c) => c.then !== c.now);
