// POST /api/v1/admin/models/{org}/{name}/versions/{version}/uploads/{id}/part-urls - admin: presigned PUT URLs for { partNumbers: [...≤100] }
import { presignUploadParts } from "@/lib/domain/uploads/presign-upload-parts";
import { apiRoute, readJson } from "@/lib/http/api-route";
import type { TUploadRouteParams } from "@/lib/schemas/uploads";

export const POST = apiRoute<TUploadRouteParams>(async ({ req, caller, params }) =>
  presignUploadParts(caller, params, await readJson(req)),
);
