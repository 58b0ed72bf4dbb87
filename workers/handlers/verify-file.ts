import { verifyFile } from "@/lib/domain/files/verify-file";
import { env } from "@/lib/env";
import type { TVerifyFilePayload } from "@/lib/jobs/verify-file";
import { logger } from "@/lib/logger";

type Input = { payload: TVerifyFilePayload; attempt?: number; lastAttempt?: boolean };

export const run = async ({ payload, attempt = 1, lastAttempt = false }: Input) => {
  // Stop reading once pg-boss has given up on this run: past its expiry the job is handed to another worker.
  const signal = AbortSignal.timeout(env.VERIFY_JOB_TIMEOUT_SECONDS * 1000);
  // On the last attempt a storage error ends the file FAILED instead of throwing: nothing would retry it.
  const result = await verifyFile(payload, { signal, attempt, lastAttempt });
  logger.info({ fileId: payload.fileId, attempt, ...result }, `verify-file: ${result.outcome}`);
  return result;
};
