// PUT /api/v1/admin/models/{org}/{name}/latest - admin: which published version `main` means { version }
import { setLatestVersion } from "@/lib/domain/models/set-latest-version";
import { apiRoute, readJson } from "@/lib/http/api-route";
import type { TModelRouteParams } from "@/lib/schemas/catalog";

export const PUT = apiRoute<TModelRouteParams>(async ({ req, caller, params }) =>
  setLatestVersion(caller, params, await readJson(req)),
);
