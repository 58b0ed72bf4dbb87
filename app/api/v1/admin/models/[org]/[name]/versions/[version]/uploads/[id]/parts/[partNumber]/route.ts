// PUT /api/v1/admin/models/{org}/{name}/versions/{version}/uploads/{id}/parts/{n} - admin: note a part S3 acknowledged: { etag, size }
import { recordUploadPart } from "@/lib/domain/uploads/record-upload-part";
import { apiRoute, readJson } from "@/lib/http/api-route";
import type { TUploadRouteParams } from "@/lib/schemas/uploads";

export const PUT = apiRoute<TUploadRouteParams & { partNumber: string }>(async ({ req, caller, params }) =>
  recordUploadPart(caller, params, await readJson(req)),
);
