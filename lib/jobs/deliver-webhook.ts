import { z } from "zod";
import { env } from "@/lib/env";

/**
 * One HTTP delivery of one webhook event (a WebhookDelivery row). pg-boss retries it with
 * exponential backoff; the row, not the job, decides when the last attempt has been made, so
 * `retryLimit` keeps one spare attempt for a worker killed before it could record its try.
 */
export const deliverWebhookJob = {
  name: "deliver-webhook",
  schema: z.object({ deliveryId: z.string().min(1) }),
  options: {
    retryLimit: env.WEBHOOK_MAX_ATTEMPTS,
    retryDelay: env.WEBHOOK_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    expireInSeconds: 60,
  },
} as const;

export type TDeliverWebhookPayload = z.infer<typeof deliverWebhookJob.schema>;
