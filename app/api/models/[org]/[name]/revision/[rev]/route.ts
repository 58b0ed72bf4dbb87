// GET /api/models/{org}/{name}/revision/{rev} - Hugging Face Hub model info of a revision (main, HEAD, a version name or commit id)
import { getModelInfo } from "@/lib/domain/hub/get-model-info";
import { hubRoute } from "@/lib/http/hub-route";
import { hubModelInfoQuery } from "@/lib/schemas/hub";

export const GET = hubRoute<{ org: string; name: string; rev: string }>(async ({ req, caller, params }) =>
  getModelInfo(caller, params, hubModelInfoQuery(req.nextUrl.searchParams)),
);
