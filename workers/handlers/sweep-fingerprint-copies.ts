import { sweepFingerprintCopies } from "@/lib/domain/fingerprint/sweep-fingerprint-copies";
import { logger } from "@/lib/logger";

export const run = async () => {
  const result = await sweepFingerprintCopies();
  if (result.deleted) logger.info(result, "fingerprinted copies of ended grants deleted");
  return result;
};
