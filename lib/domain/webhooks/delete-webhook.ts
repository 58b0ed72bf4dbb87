import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { findWebhook } from "./find-webhook";

/** Deletes an endpoint and its delivery log; queued jobs find no delivery and do nothing. */
export const deleteWebhook = async (caller: Caller | null, params: { id: string }) => {
  const admin = requireAdmin(caller);
  return db.$transaction(async (tx) => {
    const hook = await findWebhook(tx, params);
    const deliveries = await tx.webhookDelivery.count({ where: { webhookId: hook.id } });
    await tx.webhook.delete({ where: { id: hook.id } });
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "webhook.deleted",
      modelId: hook.modelId,
      targetType: "Webhook",
      targetId: hook.id,
      data: { url: hook.url, events: hook.events, deliveries },
    });
    return { id: hook.id, deleted: true as const };
  });
};
