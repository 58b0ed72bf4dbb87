// GET /api/v1/models/{org}/{name}/revisions/{revision}/files - a revision's files (path, size, sha256, status); no gate, no URLs
import { listRevisionFiles } from "@/lib/domain/downloads/list-revision-files";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute<{ org: string; name: string; revision: string }>(async ({ caller, params }) =>
  listRevisionFiles(caller, params),
);
