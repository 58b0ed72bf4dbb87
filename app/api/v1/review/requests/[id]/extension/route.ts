// POST /api/v1/review/requests/{id}/extension - move the end of an active grant, or renew an expired one: { expiresAt, reasonText? }
import { extendGrant } from "@/lib/domain/review/extend-grant";
import { AppError } from "@/lib/errors";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { ZRequestIdParams } from "@/lib/schemas/access";

// The domain function checks the caller may review this request before it parses the body.
export const POST = apiRoute<{ id: string }>(async ({ req, caller, params }) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const ref = ZRequestIdParams.parse(params);
  return { request: await extendGrant(caller, ref, await readJson(req)) };
});
