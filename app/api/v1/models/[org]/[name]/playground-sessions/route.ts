// POST /api/v1/models/{org}/{name}/playground-sessions - start an in-browser playground session: signed URLs for the ONNX graphs and their external-data files, through the download gate
import { NextResponse } from "next/server";
import { startPlaygroundSession } from "@/lib/domain/playground/start-playground-session";
import { apiRoute } from "@/lib/http/api-route";
import { readOptionalJson } from "@/lib/http/read-body";
import { requestMeta } from "@/lib/http/request-meta";

export const POST = apiRoute<{ org: string; name: string }>(
  async ({ req, caller, params }) => {
    // The body is optional (`{ revision }`): an empty POST tries the latest version.
    const body = await readOptionalJson(req);
    const session = await startPlaygroundSession(caller, params, body, requestMeta(req));
    // Signed URLs inside: never cached.
    return NextResponse.json(session, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
  // A download, not a change: READ-scope tokens may start one, as they may download.
  { readsOnly: true, issuesDownloads: true },
);
