// POST /api/v1/admin/models/{org}/{name}/versions/{version}/publication - admin: publish a DRAFT whose files are all READY (no body)
import { publishVersion } from "@/lib/domain/models/publish-version";
import { apiRoute } from "@/lib/http/api-route";
import type { TVersionRouteParams } from "@/lib/schemas/model-admin";

export const POST = apiRoute<TVersionRouteParams>(async ({ caller, params }) => publishVersion(caller, params));
