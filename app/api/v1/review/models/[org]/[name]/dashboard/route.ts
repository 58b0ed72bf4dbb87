// GET /api/v1/review/models/{org}/{name}/dashboard?days= - a model's figures (admins and its reviewers)
import { getModelDashboard } from "@/lib/domain/review/get-model-dashboard";
import { apiRoute } from "@/lib/http/api-route";
import { firstValues, type TModelRouteParams } from "@/lib/schemas/catalog";

export const GET = apiRoute<TModelRouteParams>(async ({ req, caller, params }) =>
  getModelDashboard(caller, params, firstValues(Object.fromEntries(req.nextUrl.searchParams))),
);
