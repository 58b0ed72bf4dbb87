// GET /api/v1/models/{org}/{name}/manifest?revision=&path=&urls= - the downloadable files of a revision, each with a freshly signed URL
import { NextResponse } from "next/server";
import { getManifest, listManifest } from "@/lib/domain/downloads/get-manifest";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { requestMeta } from "@/lib/http/request-meta";

export const GET = apiRoute<{ org: string; name: string }>(
  async ({ req, caller, params }) => {
    const q = req.nextUrl.searchParams;
    const paths = q.has("path") ? q.getAll("path") : undefined;
    const query = { revision: q.get("revision") ?? undefined, paths };
    const urls = q.get("urls") ?? "true";
    if (urls !== "true" && urls !== "false")
      throw new AppError("VALIDATION_FAILED", { fields: { urls: ["true or false"] } });
    const manifest =
      urls === "false"
        ? await listManifest(caller, params, query)
        : await getManifest(caller, params, { ...query, channel: caller?.scope ? "API" : "WEB", ...requestMeta(req) });
    // Signed URLs inside: never cached.
    return NextResponse.json(manifest, { headers: { "Cache-Control": "no-store" } });
  },
  { issuesDownloads: true },
);
