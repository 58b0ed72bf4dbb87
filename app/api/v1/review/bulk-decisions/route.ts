// POST /api/v1/review/bulk-decisions - one decision over many requests: { ids, decision, ... } → a result per id
import { decideAccessRequests } from "@/lib/domain/review/decide-access-requests";
import { AppError } from "@/lib/errors";
import { apiRoute, readJson } from "@/lib/http/api-route";

export const POST = apiRoute(async ({ req, caller }) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  return decideAccessRequests(caller, await readJson(req));
});
