import { z } from "zod";
import { ZModelRouteParams } from "./catalog";
import { ZInstant } from "./instant";

/** POST /api/v1/admin/models/{org}/{name}/reviewers: assign by e-mail (invites if no account yet). */
export const ZAssignReviewerInput = z.strictObject({
  // Trimmed and lower-cased before the check, so a pasted " Ada@Uni.edu " finds the same account.
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .pipe(z.email("Enter the reviewer's e-mail address, such as ada@university.edu.")),
});
export type TAssignReviewerInput = z.input<typeof ZAssignReviewerInput>;

/** DELETE /api/v1/admin/models/{org}/{name}/reviewers/{userId} */
export const ZReviewerRouteParams = ZModelRouteParams.extend({ userId: z.string().min(1).max(64) });
export type TReviewerRouteParams = z.infer<typeof ZReviewerRouteParams>;

/** GET /api/v1/review/models/{org}/{name}/dashboard?days= : the window of the per-day series. */
export const ZDashboardQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(90),
});
export type TDashboardQuery = z.input<typeof ZDashboardQuery>;

/** How a reviewer hears of a model's new requests: a mail each, a daily digest, or nothing. */
export const reviewerNotificationModes = ["EACH", "DIGEST", "NONE"] as const;

/** PUT /api/v1/review/models/{org}/{name}/notifications */
export const ZReviewerNotificationInput = z.strictObject({
  mode: z.enum(reviewerNotificationModes, { error: "Choose one of: each request, a daily digest, or none." }),
});
export type TReviewerNotificationInput = z.input<typeof ZReviewerNotificationInput>;

/** PUT …/notifications: the mode now in force for the caller on this model. */
export const ZReviewerNotification = z.object({ model: z.string(), mode: z.enum(reviewerNotificationModes) });
/** DELETE …/reviewers/{userId} */
export const ZUnassignedReviewer = z.object({ userId: z.string(), removed: z.literal(true) });

/** GET /api/v1/admin/models/{org}/{name}/reviewers: `assignedBy` is a name or an e-mail address. */
export const ZModelReviewers = z.object({
  model: z.string(),
  reviewers: z.array(
    z.object({
      userId: z.string(),
      email: z.string().nullable(),
      name: z.string().nullable(),
      assignedAt: ZInstant,
      assignedBy: z.string().nullable(),
    }),
  ),
});
