import { verifyFile } from "@/lib/domain/files/verify-file";
import { env } from "@/lib/env";
import type { TVerifyFilePayload } from "@/lib/jobs/verify-file";
import { logger } from "@/lib/logger";

export const run = async ({ payload }: { payload: TVerifyFilePayload }) => {
  // Stop reading once pg-boss has given up on this run: past its expiry the job is handed to another worker.
  const result = await verifyFile(payload, { signal: AbortSignal.timeout(env.VERIFY_JOB_TIMEOUT_SECONDS * 1000) });
  logger.info({ fileId: payload.fileId, ...result }, `verify-file: ${result.outcome}`);
  return result;
};
