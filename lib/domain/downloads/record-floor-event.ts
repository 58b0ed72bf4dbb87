import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Caller } from "@/lib/auth/caller";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ZDownloadMeta, type TDownloadMeta } from "@/lib/schemas/downloads";
import { sqlPool, toIso } from "@/lib/sql";

/** The rows the floor's event points at (the bench passes its seeded model's ids). */
export const ZFloorEventInput = z.object({
  model: z.string().min(1).max(64),
  version: z.string().min(1).max(64),
  file: z.string().min(1).max(64),
});

// One autocommitted statement: its own transaction and its own durable commit, like any issuance's.
const FLOOR_SQL = `INSERT INTO "DownloadEvent" (id, "userId", "modelId", "versionId", "fileId", "requestId", channel, ip, "ipSource", "userAgent", "issuedAt", "urlExpiresAt", "countsTowardQuota")
VALUES ($1, $2, $3, $4, $5, NULL, $6::"DownloadChannel", $7, $8, $9, $10::timestamp, $11::timestamp, false)`;

/** Whether the bench-only floor route answers (BENCH_FLOOR_ROUTE); a production server refuses it. */
export const floorRouteEnabled = () => env.BENCH_FLOOR_ROUTE;

/**
 * The benchmark's floor for URL issuance: what any issuance must at least do, on the same server
 * and pool. The caller was found by the same hashed-token read the real routes use (apiRoute);
 * this adds one durable insert of a DownloadEvent-sized row. No gate, no rate limit, no audit row,
 * no signature: never reachable unless BENCH_FLOOR_ROUTE is set.
 */
export const recordFloorEvent = async (
  caller: Caller | null,
  rawInput: unknown,
  rawMeta: Omit<TDownloadMeta, "channel">,
  { enabled = floorRouteEnabled() }: { enabled?: boolean } = {},
) => {
  if (!enabled) throw new AppError("NOT_FOUND", { userMessage: "No such API endpoint." });
  if (!caller) throw new AppError("UNAUTHORIZED", { userMessage: "Sign in or send a token." });
  const input = ZFloorEventInput.parse(rawInput);
  const meta = ZDownloadMeta.parse({ ...rawMeta, channel: "API" });
  const now = new Date();
  const id = randomUUID();
  await sqlPool().query({
    name: "bench-floor-event",
    text: FLOOR_SQL,
    values: [
      id,
      caller.id,
      input.model,
      input.version,
      input.file,
      meta.channel,
      meta.ip?.slice(0, 64) ?? null,
      meta.ipSource ?? null,
      meta.userAgent?.slice(0, 512) ?? null,
      toIso(now),
      toIso(new Date(now.getTime() + env.DOWNLOAD_URL_TTL_SECONDS * 1000)),
    ],
  });
  return { id };
};
