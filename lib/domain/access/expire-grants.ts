import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { emitWebhookEvent } from "@/lib/domain/webhooks/emit-webhook-event";
import { enqueueEmail } from "@/lib/jobs/enqueue-email";
import { grantExpiringEmail, renderExpiredEmail } from "@/lib/mail/access-emails";
import { addDays } from "@/lib/time";

const BATCH = 200;

const grantSelect = {
  id: true,
  modelId: true,
  expiresAt: true,
  user: { select: { email: true } },
  model: { select: { slug: true, title: true } },
} as const;

/**
 * Expires grants past their date and sends the 7-day reminder, each exactly once: every row is
 * claimed with a conditional update inside its own transaction (with its audit row and mail job),
 * so a sweep that is killed and run again, or two sweeps at once, never double-send.
 */
export const expireGrants = async (now = new Date()) => {
  let expired = 0;
  let reminded = 0;
  const due = await db.accessRequest.findMany({
    where: { status: "APPROVED", expiresAt: { lte: now } },
    select: grantSelect,
    take: BATCH,
  });
  for (const grant of due) {
    const done = await db.$transaction(async (tx) => {
      const { count } = await tx.accessRequest.updateMany({
        where: { id: grant.id, status: "APPROVED", expiresAt: { lte: now } },
        data: { status: "EXPIRED" },
      });
      if (!count) return false;
      await appendAuditEvent(tx, {
        actorId: null,
        action: "access_request.expired",
        modelId: grant.modelId,
        targetType: "AccessRequest",
        targetId: grant.id,
      });
      await emitWebhookEvent(tx, {
        event: "access_request.expired",
        modelId: grant.modelId,
        data: {
          requestId: grant.id,
          model: grant.model.slug,
          email: grant.user.email,
          status: "EXPIRED",
          expiresAt: grant.expiresAt,
        },
      });
      if (grant.user.email)
        await enqueueEmail(tx, {
          to: grant.user.email,
          kind: "grant-expired",
          content: renderExpiredEmail({
            appUrl: env.NEXTAUTH_URL,
            modelTitle: grant.model.title,
            slug: grant.model.slug,
          }),
        });
      return true;
    });
    if (done) expired += 1;
  }

  const soon = await db.accessRequest.findMany({
    where: { status: "APPROVED", reminderSentAt: null, expiresAt: { gt: now, lte: addDays(now, 7) } },
    select: grantSelect,
    take: BATCH,
  });
  for (const grant of soon) {
    const done = await db.$transaction(async (tx) => {
      const { count } = await tx.accessRequest.updateMany({
        where: { id: grant.id, status: "APPROVED", reminderSentAt: null },
        data: { reminderSentAt: now },
      });
      if (!count) return false;
      await appendAuditEvent(tx, {
        actorId: null,
        action: "access_request.reminder_sent",
        modelId: grant.modelId,
        targetType: "AccessRequest",
        targetId: grant.id,
      });
      if (!grant.user.email || !grant.expiresAt) return true;
      await enqueueEmail(tx, {
        to: grant.user.email,
        kind: "grant-expiring",
        content: grantExpiringEmail({
          appUrl: env.NEXTAUTH_URL,
          modelTitle: grant.model.title,
          slug: grant.model.slug,
          expiresAt: grant.expiresAt,
        }),
      });
      return true;
    });
    if (done) reminded += 1;
  }
  return { expired, reminded };
};
