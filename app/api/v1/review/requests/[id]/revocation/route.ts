// POST /api/v1/review/requests/{id}/revocation - end an active grant now: { reasonText }
import { revokeGrant } from "@/lib/domain/review/revoke-grant";
import { AppError } from "@/lib/errors";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { ZRequestIdParams } from "@/lib/schemas/access";

// The domain function checks the caller may review this request before it parses the body.
export const POST = apiRoute<{ id: string }>(async ({ req, caller, params }) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const ref = ZRequestIdParams.parse(params);
  return { request: await revokeGrant(caller, ref, await readJson(req)) };
});
