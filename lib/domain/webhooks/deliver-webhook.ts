import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { openWebhookSecret } from "./webhook-secret";
import { postWebhook } from "@/lib/webhooks/post-webhook";
import { WebhookAddressError } from "@/lib/webhooks/resolve-webhook-host";
import { signWebhook } from "@/lib/webhooks/sign-webhook";

export type DeliverWebhookOptions = {
  maxAttempts?: number;
  allowPrivate?: boolean;
  timeoutMs?: number;
};

export type DeliveryOutcome = "SUCCEEDED" | "FAILED" | "SKIPPED";

/** Thrown for a failed attempt that will be retried; the worker lets pg-boss reschedule the job. */
export class WebhookAttemptError extends Error {
  override name = "WebhookAttemptError";
}

const is2xx = (status: number) => status >= 200 && status < 300;

/**
 * One attempt of one delivery (the deliver-webhook job). Idempotent: a delivery that is no longer
 * PENDING (succeeded, failed for good, or its webhook deleted) is left alone, and the row is updated
 * right after the response, so a worker killed before completing its job never resends a success.
 * A failed attempt is recorded and thrown for pg-boss to retry with backoff; the attempt that
 * reaches `maxAttempts` marks the delivery FAILED instead.
 */
export const deliverWebhook = async (
  { deliveryId }: { deliveryId: string },
  {
    maxAttempts = env.WEBHOOK_MAX_ATTEMPTS,
    allowPrivate = env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    timeoutMs = 10_000,
  }: DeliverWebhookOptions = {},
): Promise<DeliveryOutcome> => {
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      status: true,
      eventId: true,
      payload: true,
      webhook: { select: { url: true, secret: true, active: true } },
    },
  });
  if (!delivery || delivery.status !== "PENDING") return "SKIPPED";
  const { webhook } = delivery;
  if (!webhook.active) {
    await finish(deliveryId, { status: "FAILED", lastError: "The endpoint was disabled before delivery." });
    return "FAILED";
  }
  // Claim the attempt before sending: a crash mid-request still counts against the maximum.
  const claimed = await db.webhookDelivery.updateManyAndReturn({
    where: { id: deliveryId, status: "PENDING" },
    data: { attempts: { increment: 1 } },
    select: { attempts: true },
  });
  const attempt = claimed[0]?.attempts;
  if (attempt === undefined) return "SKIPPED";

  const body = JSON.stringify(delivery.payload);
  const headers = signWebhook({
    secret: openWebhookSecret(webhook.secret),
    id: delivery.eventId,
    timestamp: new Date(),
    body,
  });
  let result: { status: number; timeMs: number } | undefined;
  let error: string;
  try {
    result = await postWebhook({ url: webhook.url, headers, body, timeoutMs, allowPrivate });
    if (is2xx(result.status)) {
      await finish(deliveryId, {
        status: "SUCCEEDED",
        responseStatus: result.status,
        responseTimeMs: result.timeMs,
        lastError: null,
        deliveredAt: new Date(),
      });
      return "SUCCEEDED";
    }
    error = `HTTP ${result.status}`;
  } catch (e) {
    if (e instanceof WebhookAddressError && e.reason === "NOT_ALLOWED") {
      // A policy refusal does not heal by retrying; the admin sees why and may redeliver.
      await finish(deliveryId, { status: "FAILED", responseStatus: null, responseTimeMs: null, lastError: e.message });
      return "FAILED";
    }
    error = e instanceof Error ? e.message : String(e);
  }
  const last = attempt >= maxAttempts;
  await finish(deliveryId, {
    status: last ? "FAILED" : "PENDING",
    responseStatus: result?.status ?? null,
    responseTimeMs: result?.timeMs ?? null,
    lastError: error.slice(0, 500),
  });
  if (last) return "FAILED";
  throw new WebhookAttemptError(`Delivery ${deliveryId} attempt ${attempt} failed: ${error}`);
};

type FinishData = {
  status: "PENDING" | "SUCCEEDED" | "FAILED";
  responseStatus?: number | null;
  responseTimeMs?: number | null;
  lastError?: string | null;
  deliveredAt?: Date;
};

// Only a PENDING row is written: a concurrent redelivery or success is never overwritten.
const finish = (id: string, data: FinishData) =>
  db.webhookDelivery.updateMany({ where: { id, status: "PENDING" }, data });
