// DELETE /api/v1/me/access-requests/{id} - withdraw one's own pending request (404 for anyone else's)
import { withdrawAccessRequest } from "@/lib/domain/access/withdraw-access-request";
import { apiRoute } from "@/lib/http/api-route";
import { ZRequestIdParams } from "@/lib/schemas/access";

export const DELETE = apiRoute<{ id: string }>(async ({ caller, params }) => ({
  request: await withdrawAccessRequest(caller, ZRequestIdParams.parse(params)),
}));
