// POST /api/v1/admin/access-requests/{id}/decision - approve / reject (admin session or admin-scope token); same body as the review API
import { requireAdmin } from "@/lib/auth/require-admin";
import { decideAccessRequest } from "@/lib/domain/review/decide-access-request";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { ZRequestIdParams } from "@/lib/schemas/access";

export const POST = apiRoute<{ id: string }>(async ({ req, caller, params }) => {
  const admin = requireAdmin(caller);
  const ref = ZRequestIdParams.parse(params);
  return { request: await decideAccessRequest(admin, ref, await readJson(req)) };
});
