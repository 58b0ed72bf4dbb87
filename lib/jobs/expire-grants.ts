import { z } from "zod";

/** Scheduled sweep: grants past their date become EXPIRED; grants 7 days from expiry get one reminder. */
export const expireGrantsJob = {
  name: "expire-grants",
  schema: z.object({}).loose(),
  /** Every 10 minutes (pg-boss cron, UTC). */
  cron: "*/10 * * * *",
  options: { retryLimit: 3, retryDelay: 30, retryBackoff: true },
} as const;
