// GET /api/models/{org}/{name} - Hugging Face Hub model info of the latest published revision (main)
import { getModelInfo } from "@/lib/domain/hub/get-model-info";
import { hubRoute } from "@/lib/http/hub-route";
import { hubModelInfoQuery } from "@/lib/schemas/hub";

export const GET = hubRoute<{ org: string; name: string }>(async ({ req, caller, params }) =>
  getModelInfo(caller, { ...params, rev: "main" }, hubModelInfoQuery(req.nextUrl.searchParams)),
);
