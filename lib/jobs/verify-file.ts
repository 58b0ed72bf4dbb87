import { z } from "zod";
import { env } from "@/lib/env";

/**
 * Checks a VERIFYING file's stored bytes against its declared size and sha256 → READY or FAILED
 * (enqueued by `enqueueFileVerification` in lib/domain/files).
 */
export const verifyFileJob = {
  name: "verify-file",
  schema: z.object({ fileId: z.string().min(1).max(64) }),
  options: {
    // Storage and network errors are retried with exponential backoff (about 10 s, 20 s, 40 s, …
    // with jitter); a mismatch is not an error but a FAILED file, so it is never retried.
    retryLimit: 8,
    retryDelay: 5,
    retryBackoff: true,
    // The longest a run may take. A worker killed mid-file does not hold the job that long: its lease
    // (workers/job-lease.ts) runs out within seconds, pg-boss's maintenance moves the job to retry
    // (counted as one attempt) and another worker runs it again.
    expireInSeconds: env.VERIFY_JOB_TIMEOUT_SECONDS,
  },
} as const;

export type TVerifyFilePayload = z.infer<typeof verifyFileJob.schema>;
