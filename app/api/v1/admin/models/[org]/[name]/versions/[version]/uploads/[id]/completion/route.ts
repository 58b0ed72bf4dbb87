// POST /api/v1/admin/models/{org}/{name}/versions/{version}/uploads/{id}/completion - admin: assemble the parts; the file goes to VERIFYING
import { completeUpload } from "@/lib/domain/uploads/complete-upload";
import { apiRoute } from "@/lib/http/api-route";
import type { TUploadRouteParams } from "@/lib/schemas/uploads";

export const POST = apiRoute<TUploadRouteParams>(async ({ caller, params }) => completeUpload(caller, params));
