import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db";
import { deliverWebhookJob } from "@/lib/jobs/deliver-webhook";
import { enqueue } from "@/lib/jobs/queue";
import { WEBHOOK_EVENTS, type WebhookEventName } from "@/lib/schemas/webhooks";

export { WEBHOOK_EVENTS, type WebhookEventName };

export type EmitWebhookEventInput = {
  event: WebhookEventName;
  /** The model the event is about; null for events of no model (only global webhooks get those). */
  modelId: string | null;
  /**
   * Ids, slugs, the subject's e-mail, statuses, reason codes: never secrets or free text. A function
   * is called only when some webhook is subscribed (for data that costs a query to gather).
   */
  data: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
};

/** A fresh event id in the Standard Webhooks style (`msg_…`), sent as `webhook-id`. */
export const newWebhookEventId = () => `msg_${randomUUID().replace(/-/g, "")}`;

/**
 * Records one event for every active webhook subscribed to it (global ones and the model's own),
 * inside the caller's transaction: one PENDING delivery row and one queued job each, so they exist
 * if and only if the change commits. With no subscriber it costs one query and writes nothing.
 */
export const emitWebhookEvent = async (tx: Tx, { event, modelId, data }: EmitWebhookEventInput) => {
  const hooks = await tx.webhook.findMany({
    where: {
      active: true,
      events: { has: event },
      OR: modelId ? [{ modelId: null }, { modelId }] : [{ modelId: null }],
    },
    select: { id: true },
  });
  if (hooks.length === 0) return;
  const body = typeof data === "function" ? await data() : data;
  const id = newWebhookEventId();
  // Through JSON once, so what is stored is exactly what is sent (dates as ISO strings).
  const payload = JSON.parse(
    JSON.stringify({ id, type: event, createdAt: new Date().toISOString(), data: body }),
  ) as object;
  const deliveries = await tx.webhookDelivery.createManyAndReturn({
    data: hooks.map((h) => ({ webhookId: h.id, eventId: id, event, payload })),
    select: { id: true },
  });
  for (const d of deliveries) await enqueue(deliverWebhookJob, { deliveryId: d.id }, { tx });
};
