// GET  /api/v1/admin/models/{org}/{name}/versions/{version}/uploads - admin: the version's unfinished uploads with their progress
// POST /api/v1/admin/models/{org}/{name}/versions/{version}/uploads - admin: start (or resume) a presigned multipart upload: { path, size, sha256?, contentType? }
import { NextResponse } from "next/server";
import { listOpenUploads } from "@/lib/domain/uploads/list-open-uploads";
import { startUpload } from "@/lib/domain/uploads/start-upload";
import { apiRoute, readJson } from "@/lib/http/api-route";
import type { TVersionRouteParams } from "@/lib/schemas/model-admin";

export const GET = apiRoute<TVersionRouteParams>(async ({ caller, params }) => ({
  uploads: await listOpenUploads(caller, params),
}));

// The domain function checks the caller before it reads the body.
export const POST = apiRoute<TVersionRouteParams>(async ({ req, caller, params }) => {
  const result = await startUpload(caller, params, await readJson(req));
  return NextResponse.json(result, { status: result.resumed ? 200 : 201 });
});
