import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZCreateWebhookInput } from "@/lib/schemas/webhooks";
import { generateWebhookSecret } from "@/lib/webhooks/sign-webhook";
import { assertWebhookUrl } from "./assert-webhook-url";
import { sealWebhookSecret } from "./webhook-secret";
import { toWebhookView, webhookSelect } from "./webhook-view";

/**
 * An admin registers an endpoint. The server makes the signing secret and returns it this once;
 * it is stored sealed. Refused URLs (not https, private addresses) are a 400 naming why.
 */
export const createWebhook = async (caller: Caller | null, raw: unknown) => {
  const admin = requireAdmin(caller);
  const input = ZCreateWebhookInput.parse(raw);
  const model = input.model
    ? await db.model.findUnique({ where: { slug: input.model }, select: { id: true, slug: true } })
    : null;
  if (input.model && !model)
    throw new AppError("VALIDATION_FAILED", { fields: { model: [`No model ${input.model}`] } });
  await assertWebhookUrl(input.url);
  const secret = generateWebhookSecret();
  return db.$transaction(async (tx) => {
    const row = await tx.webhook.create({
      data: {
        url: input.url,
        events: input.events,
        active: input.active,
        modelId: model?.id ?? null,
        createdById: admin.id,
        secret: sealWebhookSecret(secret),
      },
      select: webhookSelect,
    });
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "webhook.created",
      modelId: model?.id ?? null,
      targetType: "Webhook",
      targetId: row.id,
      data: { url: row.url, events: row.events, model: model?.slug ?? null, active: row.active },
    });
    return { webhook: toWebhookView(row), secret };
  });
};
