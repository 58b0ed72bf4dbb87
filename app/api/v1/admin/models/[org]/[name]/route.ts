// GET /api/v1/admin/models/{org}/{name} - a model's settings (admins, and the model's reviewers read-only)
// PATCH /api/v1/admin/models/{org}/{name} - admin: change any subset of the settings
import { getModelSettings } from "@/lib/domain/models/get-model-settings";
import { updateModel } from "@/lib/domain/models/update-model";
import { apiRoute, readJson } from "@/lib/http/api-route";
import type { TModelRouteParams } from "@/lib/schemas/catalog";

export const GET = apiRoute<TModelRouteParams>(async ({ caller, params }) => getModelSettings(caller, params));

// The domain function checks the caller before it parses params and body.
export const PATCH = apiRoute<TModelRouteParams>(async ({ req, caller, params }) =>
  updateModel(caller, params, await readJson(req)),
);
