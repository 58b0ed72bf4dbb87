// DELETE /api/v1/admin/models/{org}/{name}/versions/{version}/uploads/{id} - admin: cancel an unfinished upload (S3 aborts it; the file leaves the version)
import { abortUpload } from "@/lib/domain/uploads/abort-upload";
import { apiRoute } from "@/lib/http/api-route";
import type { TUploadRouteParams } from "@/lib/schemas/uploads";

export const DELETE = apiRoute<TUploadRouteParams>(async ({ caller, params }) => abortUpload(caller, params));
