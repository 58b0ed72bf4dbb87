// GET /api/v1/review/requests?model=&status=&country=&affiliation=&minAgeDays=&sort=&page=&pageSize= - the review queue
import { listReviewQueue } from "@/lib/domain/review/list-review-queue";
import { apiRoute } from "@/lib/http/api-route";
import { firstValues } from "@/lib/schemas/catalog";

export const GET = apiRoute(async ({ req, caller }) =>
  listReviewQueue(caller, firstValues(Object.fromEntries(req.nextUrl.searchParams))),
);
