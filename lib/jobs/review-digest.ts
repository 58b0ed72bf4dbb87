import { z } from "zod";

/** Scheduled: one mail a day to each reviewer who chose a digest (lib/domain/review/send-review-digests.ts). */
export const reviewDigestJob = {
  name: "review-digest",
  schema: z.object({}).loose(),
  /** Daily at 07:00 UTC (pg-boss cron). */
  cron: "0 7 * * *",
  options: { retryLimit: 3, retryDelay: 60, retryBackoff: true },
} as const;
