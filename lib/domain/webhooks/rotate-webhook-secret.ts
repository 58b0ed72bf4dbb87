import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { generateWebhookSecret } from "@/lib/webhooks/sign-webhook";
import { findWebhook } from "./find-webhook";
import { sealWebhookSecret } from "./webhook-secret";

/**
 * A new signing secret, returned this once. Deliveries from now on (retries included) are signed
 * with it; the receiver switches to the new secret at the same time.
 */
export const rotateWebhookSecret = async (caller: Caller | null, params: { id: string }) => {
  const admin = requireAdmin(caller);
  return db.$transaction(async (tx) => {
    const hook = await findWebhook(tx, params);
    const secret = generateWebhookSecret();
    await tx.webhook.update({ where: { id: hook.id }, data: { secret: sealWebhookSecret(secret) } });
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "webhook.secret_rotated",
      modelId: hook.modelId,
      targetType: "Webhook",
      targetId: hook.id,
      data: { url: hook.url },
    });
    return { id: hook.id, secret };
  });
};
