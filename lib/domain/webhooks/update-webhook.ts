import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZUpdateWebhookInput } from "@/lib/schemas/webhooks";
import { findWebhook } from "./find-webhook";
import { toWebhookView, webhookSelect } from "./webhook-view";

/** Enables or disables an endpoint, or changes its events; audited only when something changed. */
export const updateWebhook = async (caller: Caller | null, params: { id: string }, raw: unknown) => {
  const admin = requireAdmin(caller);
  return db.$transaction(async (tx) => {
    const before = await findWebhook(tx, params);
    const input = ZUpdateWebhookInput.parse(raw);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.active !== undefined && input.active !== before.active)
      changes.active = { from: before.active, to: input.active };
    if (input.events && [...input.events].sort().join() !== [...before.events].sort().join())
      changes.events = { from: before.events, to: input.events };
    if (Object.keys(changes).length === 0)
      return {
        webhook: toWebhookView(await tx.webhook.findUniqueOrThrow({ where: { id: before.id }, select: webhookSelect })),
        changed: false,
      };
    const row = await tx.webhook.update({
      where: { id: before.id },
      data: {
        ...(changes.active ? { active: input.active } : {}),
        ...(changes.events ? { events: input.events } : {}),
      },
      select: webhookSelect,
    });
    const action =
      changes.active && Object.keys(changes).length === 1
        ? input.active
          ? "webhook.enabled"
          : "webhook.disabled"
        : "webhook.updated";
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action,
      modelId: before.modelId,
      targetType: "Webhook",
      targetId: before.id,
      data: { url: before.url, changes },
    });
    return { webhook: toWebhookView(row), changed: true };
  });
};
