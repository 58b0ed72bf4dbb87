import { expireGrants } from "@/lib/domain/access/expire-grants";
import { logger } from "@/lib/logger";

export const run = async () => {
  const result = await expireGrants();
  if (result.expired || result.reminded) logger.info(result, "grants swept");
  return result;
};
