import { makeFingerprintCopies } from "@/lib/domain/fingerprint/make-fingerprint-copies";
import type { TMakeFingerprintCopiesPayload } from "@/lib/jobs/fingerprint-copies";
import { logger } from "@/lib/logger";

export const run = async ({ payload }: { payload: TMakeFingerprintCopiesPayload }) => {
  const result = await makeFingerprintCopies(payload);
  logger.info({ ...payload, ...result }, "fingerprinted copies made");
  return result;
};
