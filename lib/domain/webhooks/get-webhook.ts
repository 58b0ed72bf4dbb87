import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZWebhookRouteParams } from "@/lib/schemas/webhooks";
import { toWebhookView, webhookSelect } from "./webhook-view";

/** One endpoint with its delivery counts by status (admins). */
export const getWebhook = async (caller: Caller | null, params: { id: string }) => {
  requireAdmin(caller);
  const { id } = ZWebhookRouteParams.parse(params);
  const row = await db.webhook.findUnique({ where: { id }, select: webhookSelect });
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "No such webhook." });
  const counts = await db.webhookDelivery.groupBy({ by: ["status"], where: { webhookId: id }, _count: { _all: true } });
  const byStatus = { PENDING: 0, SUCCEEDED: 0, FAILED: 0 };
  for (const c of counts) byStatus[c.status] = c._count._all;
  return { webhook: { ...toWebhookView(row), deliveries: byStatus } };
};
