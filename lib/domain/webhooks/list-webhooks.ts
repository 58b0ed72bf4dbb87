import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { toWebhookView, webhookSelect } from "./webhook-view";

/** Every registered endpoint with its last delivery, newest endpoint first (admins). */
export const listWebhooks = async (caller: Caller | null) => {
  requireAdmin(caller);
  const rows = await db.webhook.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: webhookSelect });
  return { webhooks: rows.map(toWebhookView) };
};
