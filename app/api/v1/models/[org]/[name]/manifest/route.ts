// GET /api/v1/models/{org}/{name}/manifest?revision= - every downloadable file of a revision with a freshly signed URL each
import { NextResponse } from "next/server";
import { getManifest } from "@/lib/domain/downloads/get-manifest";
import { apiRoute } from "@/lib/http/api-route";
import { requestMeta } from "@/lib/http/request-meta";

export const GET = apiRoute<{ org: string; name: string }>(async ({ req, caller, params }) => {
  const revision = req.nextUrl.searchParams.get("revision") ?? undefined;
  const manifest = await getManifest(caller, params, { revision, channel: caller?.scope ? "API" : "WEB", ...requestMeta(req) });
  // Signed URLs inside: never cached.
  return NextResponse.json(manifest, { headers: { "Cache-Control": "no-store" } });
});
