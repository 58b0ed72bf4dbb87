import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZListDeliveriesQuery, type TListDeliveriesQuery } from "@/lib/schemas/webhooks";
import { findWebhook } from "./find-webhook";

/**
 * An endpoint's delivery log, newest first, with payloads. Keyset pages: `before` is the id of the
 * last delivery shown, so a deep page costs what the first does (index webhookId, createdAt).
 */
export const listWebhookDeliveries = async (
  caller: Caller | null,
  params: { id: string },
  raw: TListDeliveriesQuery,
) => {
  requireAdmin(caller);
  const hook = await db.$transaction((tx) => findWebhook(tx, params));
  const q = ZListDeliveriesQuery.parse(raw);
  const cursor = q.before
    ? await db.webhookDelivery.findFirst({
        where: { id: q.before, webhookId: hook.id },
        select: { id: true, createdAt: true },
      })
    : undefined;
  if (cursor === null)
    throw new AppError("VALIDATION_FAILED", {
      fields: { before: ["Unknown cursor; start again from the first page"] },
    });
  const rows = await db.webhookDelivery.findMany({
    where: {
      webhookId: hook.id,
      ...(cursor
        ? {
            createdAt: { lte: cursor.createdAt },
            OR: [{ createdAt: { lt: cursor.createdAt } }, { id: { lt: cursor.id } }],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.pageSize + 1,
    select: {
      id: true,
      eventId: true,
      event: true,
      status: true,
      attempts: true,
      responseStatus: true,
      responseTimeMs: true,
      lastError: true,
      createdAt: true,
      deliveredAt: true,
      payload: true,
    },
  });
  const page = rows.slice(0, q.pageSize);
  return {
    deliveries: page.map((d) => ({
      ...d,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > q.pageSize ? (page.at(-1)?.id ?? null) : null,
    pageSize: q.pageSize,
  };
};
