// GET /api/v1/admin/access-requests?model=&status=&... - the review queue for admin tools (admin session or admin-scope token)
import { requireAdmin } from "@/lib/auth/require-admin";
import { listReviewQueue } from "@/lib/domain/review/list-review-queue";
import { apiRoute } from "@/lib/http/api-route";
import { firstValues } from "@/lib/schemas/catalog";

export const GET = apiRoute(async ({ req, caller }) =>
  listReviewQueue(requireAdmin(caller), firstValues(Object.fromEntries(req.nextUrl.searchParams))),
);
