// POST /api/models/{org}/{name}/paths-info/{rev} - Hugging Face Hub info on a list of paths (JSON or form body: paths[], expand)
import type { NextRequest } from "next/server";
import { getPathsInfo } from "@/lib/domain/hub/get-paths-info";
import { hubRoute } from "@/lib/http/hub-route";
import { readBodyText, readJson } from "@/lib/http/read-body";

/**
 * @huggingface/hub posts JSON; huggingface_hub (Python) posts a form with `paths` repeated. getPathsInfo
 * parses either with ZHubPathsInfoInput, after it has found the revision.
 */
const readPathsInfoBody = async (req: NextRequest): Promise<unknown> => {
  if ((req.headers.get("content-type") ?? "").includes("application/json")) return await readJson(req);
  const form = new URLSearchParams(await readBodyText(req));
  return { paths: [...form.getAll("paths"), ...form.getAll("paths[]")], expand: form.get("expand") ?? undefined };
};

// Reads only: READ-scope tokens may call it (apiRoute refuses them on other POSTs).
export const POST = hubRoute<{ org: string; name: string; rev: string }>(
  async ({ req, caller, params }) => getPathsInfo(caller, params, await readPathsInfoBody(req)),
  { readsOnly: true },
);
