// DELETE /api/v1/admin/models/{org}/{name}/versions/{version}/files/{...path} - admin: remove a READY, FAILED or VERIFYING file from a DRAFT version (its object is deleted from storage)
import { removeVersionFile } from "@/lib/domain/files/remove-version-file";
import { apiRoute } from "@/lib/http/api-route";
import type { TVersionFileRouteParams } from "@/lib/schemas/version-files";

export const DELETE = apiRoute<TVersionFileRouteParams>(async ({ caller, params }) =>
  removeVersionFile(caller, params),
);
