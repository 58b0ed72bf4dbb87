// GET /api/v1/admin/models/{org}/{name}/versions/{version} - one version (name or commit id) with its files and their status
import { getVersion } from "@/lib/domain/models/get-version";
import { apiRoute } from "@/lib/http/api-route";
import type { TVersionRouteParams } from "@/lib/schemas/model-admin";

export const GET = apiRoute<TVersionRouteParams>(async ({ caller, params }) => getVersion(caller, params));
