import "server-only";
import type { Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { enqueueEmail } from "@/lib/jobs/enqueue-email";
import { newRequestEmail } from "@/lib/mail/review-emails";

/** How an applicant is named to reviewers: name and affiliation, else the e-mail address. */
export const applicantLabel = (u: { name: string | null; email: string | null; affiliation: string | null }) =>
  u.name ? `${u.name}${u.affiliation ? ` (${u.affiliation})` : ""}` : (u.email ?? "An applicant");

/**
 * A request now waits for review: one mail job per assigned reviewer of the model who wants a mail per
 * request (EACH, also when they never chose). Runs in the request's transaction, so the mails exist
 * exactly when the request does. Digest and NONE reviewers hear nothing now.
 */
export const notifyReviewersOfRequest = async (
  tx: Tx,
  {
    model,
    requestId,
    applicant,
  }: { model: { id: string; slug: string; title: string }; requestId: string; applicant: string },
) => {
  const reviewers = await tx.modelReviewer.findMany({
    where: {
      modelId: model.id,
      user: {
        email: { not: null },
        status: "ACTIVE",
        reviewerNotifications: { none: { modelId: model.id, mode: { not: "EACH" } } },
      },
    },
    select: { user: { select: { email: true } } },
  });
  const content = newRequestEmail({
    appUrl: env.NEXTAUTH_URL,
    modelTitle: model.title,
    slug: model.slug,
    requestId,
    applicant,
  });
  for (const r of reviewers) await enqueueEmail(tx, { to: r.user.email!, kind: "review-request", content });
  return reviewers.length;
};
