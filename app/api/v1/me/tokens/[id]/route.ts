// DELETE /api/v1/me/tokens/{id} - revoke one of the caller's tokens (404 for anyone else's)
import { revokeApiToken } from "@/lib/domain/tokens/revoke-api-token";
import { apiRoute } from "@/lib/http/api-route";
import { ZRequestIdParams } from "@/lib/schemas/access";

export const DELETE = apiRoute<{ id: string }>(async ({ caller, params }) => ({
  token: await revokeApiToken(caller, ZRequestIdParams.parse(params)),
}));
