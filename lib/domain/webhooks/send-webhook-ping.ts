import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { deliverWebhookJob } from "@/lib/jobs/deliver-webhook";
import { enqueue } from "@/lib/jobs/queue";
import { newWebhookEventId } from "./emit-webhook-event";
import { findWebhook } from "./find-webhook";

/** Queues a `ping` event to one endpoint, so an admin can check the receiver and its signature check. */
export const sendWebhookPing = async (caller: Caller | null, params: { id: string }) => {
  const admin = requireAdmin(caller);
  return db.$transaction(async (tx) => {
    const hook = await findWebhook(tx, params);
    if (!hook.active)
      throw new AppError("CONFLICT", {
        userMessage: "This endpoint is disabled: enable it before sending a test event.",
      });
    const eventId = newWebhookEventId();
    const payload = { id: eventId, type: "ping", createdAt: new Date().toISOString(), data: { webhookId: hook.id } };
    const delivery = await tx.webhookDelivery.create({
      data: { webhookId: hook.id, eventId, event: "ping", payload },
      select: { id: true },
    });
    await enqueue(deliverWebhookJob, { deliveryId: delivery.id }, { tx });
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "webhook.ping_sent",
      modelId: hook.modelId,
      targetType: "WebhookDelivery",
      targetId: delivery.id,
      data: { webhookId: hook.id, eventId },
    });
    return { deliveryId: delivery.id, eventId };
  });
};
