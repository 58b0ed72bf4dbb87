import { sendReviewDigests } from "@/lib/domain/review/send-review-digests";
import { logger } from "@/lib/logger";

export const run = async () => {
  const result = await sendReviewDigests();
  if (result.digests) logger.info(result, "review digests queued");
  return result;
};
