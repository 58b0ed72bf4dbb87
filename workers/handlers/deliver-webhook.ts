import { deliverWebhook } from "@/lib/domain/webhooks/deliver-webhook";
import type { TDeliverWebhookPayload } from "@/lib/jobs/deliver-webhook";
import { logger } from "@/lib/logger";

/** One attempt; a failed one throws so pg-boss retries it with backoff (lib/jobs/deliver-webhook.ts). */
export const run = async ({ payload }: { payload: TDeliverWebhookPayload }) => {
  const outcome = await deliverWebhook(payload);
  logger.info({ deliveryId: payload.deliveryId, outcome }, "webhook delivery");
  return { outcome };
};
