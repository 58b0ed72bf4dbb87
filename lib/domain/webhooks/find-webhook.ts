import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZWebhookRouteParams } from "@/lib/schemas/webhooks";

/** The webhook with this id (after the caller's role was checked), or 404. */
export const findWebhook = async (tx: Tx, params: { id: string }) => {
  const { id } = ZWebhookRouteParams.parse(params);
  const row = await tx.webhook.findUnique({
    where: { id },
    select: { id: true, url: true, events: true, active: true, modelId: true },
  });
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "No such webhook." });
  return row;
};
