// DELETE /api/v1/admin/models/{org}/{name}/reviewers/{userId} - admin: remove a reviewer from this model
import { unassignReviewer } from "@/lib/domain/review/unassign-reviewer";
import { apiRoute } from "@/lib/http/api-route";
import type { TReviewerRouteParams } from "@/lib/schemas/reviewers";

export const DELETE = apiRoute<TReviewerRouteParams>(async ({ caller, params }) => unassignReviewer(caller, params));
