import { z } from "zod";

/** Makes one grant's marked copies of one version's weight files (enqueued on its first download). */
export const makeFingerprintCopiesJob = {
  name: "make-fingerprint-copies",
  schema: z.object({ grantId: z.string().min(1).max(64), versionId: z.string().min(1).max(64) }),
  options: { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 3600 },
} as const;

/**
 * Deletes the copies of grants that have ended (revoked, expired, withdrawn) or of models no longer
 * fingerprinted: enqueued by a revocation, and every 10 minutes for expiries.
 */
export const sweepFingerprintCopiesJob = {
  name: "sweep-fingerprint-copies",
  schema: z.object({}).loose(),
  cron: "*/10 * * * *",
  options: { retryLimit: 3, retryDelay: 30, retryBackoff: true },
} as const;

export type TMakeFingerprintCopiesPayload = z.infer<typeof makeFingerprintCopiesJob.schema>;
