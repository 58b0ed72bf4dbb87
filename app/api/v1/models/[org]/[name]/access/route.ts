// GET /api/v1/models/{org}/{name}/access - where the caller stands: gate code, message, next step, license to accept
// POST /api/v1/models/{org}/{name}/access - one step: { profile, answers, licenseVersionId } → where the caller stands after it
import { getAccessState } from "@/lib/domain/access/get-access-state";
import { requestAccessInOneStep } from "@/lib/domain/access/request-access-in-one-step";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { requestMeta } from "@/lib/http/request-meta";
import { ZModelRouteParams } from "@/lib/schemas/catalog";

export const GET = apiRoute<{ org: string; name: string }>(async ({ caller, params }) => {
  const state = await getAccessState(caller, ZModelRouteParams.parse(params));
  return { ...state, granted: state.code === "GRANTED" };
});

// The domain function parses the body, after it has checked the model is visible.
export const POST = apiRoute<{ org: string; name: string }>(async ({ req, caller, params }) =>
  requestAccessInOneStep(caller, ZModelRouteParams.parse(params), await readJson(req), requestMeta(req)),
);
