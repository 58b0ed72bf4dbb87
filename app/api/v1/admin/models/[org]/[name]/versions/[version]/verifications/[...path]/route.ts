// POST /api/v1/admin/models/{org}/{name}/versions/{version}/verifications/{...path} - admin: verify a FAILED (or stuck VERIFYING) file of a DRAFT version again (no body)
// (Not `files/{...path}/verification`: a catch-all segment must end the route.)
import { NextResponse } from "next/server";
import { requestFileVerification } from "@/lib/domain/files/request-file-verification";
import { apiRoute } from "@/lib/http/api-route";
import type { TVersionFileRouteParams } from "@/lib/schemas/version-files";

// 202: the check runs in the worker; the file reads VERIFYING until it ends READY or FAILED.
export const POST = apiRoute<TVersionFileRouteParams>(async ({ caller, params }) =>
  NextResponse.json(await requestFileVerification(caller, params), { status: 202 }),
);
