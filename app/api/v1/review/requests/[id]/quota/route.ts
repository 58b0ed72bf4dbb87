// PUT /api/v1/review/requests/{id}/quota - a request's own download quota: { files: int|null, bytes: int|null } (null = the model's default)
import { setGrantQuota } from "@/lib/domain/review/set-grant-quota";
import { AppError } from "@/lib/errors";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { ZRequestIdParams } from "@/lib/schemas/access";

// The domain function checks the caller may review this request before it parses the body.
export const PUT = apiRoute<{ id: string }>(async ({ req, caller, params }) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  return setGrantQuota(caller, ZRequestIdParams.parse(params), await readJson(req));
});
