import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { deliverWebhookJob } from "@/lib/jobs/deliver-webhook";
import { enqueue } from "@/lib/jobs/queue";
import { ZDeliveryRouteParams } from "@/lib/schemas/webhooks";
import { findWebhook } from "./find-webhook";

/**
 * Sends a finished delivery again: same event id and payload (receivers deduplicate on
 * `webhook-id`), a fresh round of attempts. The row goes back to PENDING and a job is queued in
 * the same transaction; a delivery still in progress cannot be redelivered.
 */
export const redeliverWebhookDelivery = async (caller: Caller | null, params: { id: string; deliveryId: string }) => {
  const admin = requireAdmin(caller);
  return db.$transaction(async (tx) => {
    const hook = await findWebhook(tx, params);
    const { deliveryId } = ZDeliveryRouteParams.parse(params);
    const delivery = await tx.webhookDelivery.findFirst({
      where: { id: deliveryId, webhookId: hook.id },
      select: { id: true, eventId: true, event: true, status: true, attempts: true, responseStatus: true },
    });
    if (!delivery) throw new AppError("NOT_FOUND", { userMessage: "No such delivery." });
    if (!hook.active)
      throw new AppError("CONFLICT", { userMessage: "This endpoint is disabled: enable it before redelivering." });
    // Conditional: of two clicks at once, one queues the delivery, the other is told it is queued.
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, status: { not: "PENDING" } },
      data: {
        status: "PENDING",
        attempts: 0,
        responseStatus: null,
        responseTimeMs: null,
        lastError: null,
        deliveredAt: null,
      },
    });
    if (count === 0)
      throw new AppError("CONFLICT", { userMessage: "This delivery is still being attempted; wait for it to finish." });
    await enqueue(deliverWebhookJob, { deliveryId: delivery.id }, { tx });
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "webhook.redelivered",
      modelId: hook.modelId,
      targetType: "WebhookDelivery",
      targetId: delivery.id,
      data: {
        webhookId: hook.id,
        eventId: delivery.eventId,
        event: delivery.event,
        previous: { status: delivery.status, attempts: delivery.attempts, responseStatus: delivery.responseStatus },
      },
    });
    return { id: delivery.id, status: "PENDING" as const };
  });
};
