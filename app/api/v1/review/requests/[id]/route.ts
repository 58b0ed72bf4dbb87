// GET /api/v1/review/requests/{id} - one request with everything a reviewer decides on
import { getReviewRequest } from "@/lib/domain/review/get-review-request";
import { apiRoute } from "@/lib/http/api-route";
import { ZRequestIdParams } from "@/lib/schemas/access";

export const GET = apiRoute<{ id: string }>(async ({ caller, params }) => ({
  request: await getReviewRequest(caller, ZRequestIdParams.parse(params)),
}));
