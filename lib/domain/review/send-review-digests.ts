import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { enqueueEmail } from "@/lib/jobs/enqueue-email";
import { reviewDigestEmail, type DigestModel } from "@/lib/mail/review-emails";
import { addDays } from "@/lib/time";
import { applicantLabel } from "./notify-reviewers";

/**
 * The daily digest (a scheduled job): each assigned reviewer who chose DIGEST for some models gets one
 * mail listing those models' requests that arrived since their last digest (at most a day back) and
 * still wait for a decision. Nothing new, no mail. The mail job and the new window start are written in
 * one transaction, so a retried run sends nothing twice.
 */
export const sendReviewDigests = async (now = new Date()) => {
  const dayAgo = addDays(now, -1);
  const prefs = await db.reviewerNotification.findMany({
    where: { mode: "DIGEST", user: { email: { not: null }, status: "ACTIVE" } },
    select: {
      userId: true,
      modelId: true,
      digestSentAt: true,
      user: { select: { email: true } },
      model: { select: { slug: true, title: true } },
    },
  });
  if (!prefs.length) return { digests: 0 };
  const assigned = new Set(
    (
      await db.modelReviewer.findMany({
        where: { OR: prefs.map((p) => ({ userId: p.userId, modelId: p.modelId })) },
        select: { userId: true, modelId: true },
      })
    ).map((r) => `${r.userId}/${r.modelId}`),
  );
  // (Map.groupBy needs Node 21.)
  const byUser = new Map<string, typeof prefs>();
  for (const p of prefs)
    if (assigned.has(`${p.userId}/${p.modelId}`)) byUser.set(p.userId, [...(byUser.get(p.userId) ?? []), p]);
  let sent = 0;
  for (const [userId, rows] of byUser) {
    const models: DigestModel[] = [];
    for (const p of rows) {
      const since = p.digestSentAt && p.digestSentAt > dayAgo ? p.digestSentAt : dayAgo;
      const requests = await db.accessRequest.findMany({
        where: { modelId: p.modelId, status: "PENDING", createdAt: { gt: since, lte: now } },
        orderBy: { createdAt: "asc" },
        select: { createdAt: true, user: { select: { name: true, email: true, affiliation: true } } },
      });
      if (requests.length)
        models.push({
          slug: p.model.slug,
          title: p.model.title,
          requests: requests.map((r) => ({ applicant: applicantLabel(r.user), at: r.createdAt })),
        });
    }
    if (!models.length) continue;
    await db.$transaction(async (tx) => {
      await tx.reviewerNotification.updateMany({
        where: { userId, modelId: { in: rows.map((r) => r.modelId) }, mode: "DIGEST" },
        data: { digestSentAt: now },
      });
      await enqueueEmail(tx, {
        to: rows[0]!.user.email!,
        kind: "review-digest",
        content: reviewDigestEmail({ appUrl: env.NEXTAUTH_URL, models }),
      });
    });
    sent++;
  }
  return { digests: sent };
};
