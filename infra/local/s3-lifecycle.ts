// s3rver applies no lifecycle rules. The embedded store applies the one rule we ship
// (infra/s3/lifecycle.json: abort multipart uploads still open N days after they started), so that
// abandoned parts do not pile up in a long-lived local data directory, as they would not on S3.
import { readFileSync } from "node:fs";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { UPLOAD_ID } from "./s3-multipart";
import { DAY_MS } from "../../lib/time";

const ZLifecycle = z.object({
  Rules: z.array(
    z.object({
      Status: z.enum(["Enabled", "Disabled"]),
      Filter: z.object({ Prefix: z.string().default("") }).default({ Prefix: "" }),
      AbortIncompleteMultipartUpload: z.object({ DaysAfterInitiation: z.number().int().positive() }).optional(),
    }),
  ),
});
export type AbortRule = { prefix: string; days: number };

/** The enabled AbortIncompleteMultipartUpload rules of infra/s3/lifecycle.json. */
export const shippedAbortRules = (): AbortRule[] =>
  ZLifecycle.parse(JSON.parse(readFileSync(new URL("../s3/lifecycle.json", import.meta.url), "utf8")))
    .Rules.filter((r) => r.Status === "Enabled" && r.AbortIncompleteMultipartUpload)
    .map((r) => ({ prefix: r.Filter.Prefix, days: r.AbortIncompleteMultipartUpload?.DaysAfterInitiation as number }));

/**
 * Aborts the open uploads under `uploadsDir` (s3rver's per-bucket upload directory) that a rule
 * matches: key under its prefix, started at least its days ago (the `key` file is written once, at
 * initiation). Returns how many it removed.
 */
export const sweepAbandonedUploads = async (uploadsDir: string, rules: AbortRule[], now = Date.now()) => {
  let removed = 0;
  for (const id of await readdir(uploadsDir).catch(() => [] as string[])) {
    if (!UPLOAD_ID.test(id)) continue;
    const keyFile = path.join(uploadsDir, id, "key");
    const found = await Promise.all([readFile(keyFile, "utf8"), stat(keyFile)]).catch(() => null);
    if (!found) continue;
    const [key, { mtimeMs }] = found;
    if (!rules.some((r) => key.startsWith(r.prefix) && now - mtimeMs >= r.days * DAY_MS)) continue;
    await rm(path.join(uploadsDir, id), { recursive: true, force: true });
    removed++;
  }
  return removed;
};
