// GET /api/v1/models/{org}/{name}/access - where the caller stands: gate code, message, next step, license to accept
import { getAccessState } from "@/lib/domain/access/get-access-state";
import { apiRoute } from "@/lib/http/api-route";
import { ZModelRouteParams } from "@/lib/schemas/catalog";

export const GET = apiRoute<{ org: string; name: string }>(async ({ caller, params }) => {
  const state = await getAccessState(caller, ZModelRouteParams.parse(params));
  return { ...state, granted: state.code === "GRANTED" };
});
