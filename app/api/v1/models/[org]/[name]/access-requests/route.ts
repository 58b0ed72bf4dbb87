// POST /api/v1/models/{org}/{name}/access-requests - apply: { answers, licenseVersionId } → 201 (or 200 with the open request)
import { NextResponse } from "next/server";
import { submitAccessRequest } from "@/lib/domain/access/submit-access-request";
import { requireCaller } from "@/lib/auth/require-caller";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { requestMeta } from "@/lib/http/request-meta";
import { ZModelRouteParams } from "@/lib/schemas/catalog";

export const POST = apiRoute<{ org: string; name: string }>(async ({ req, caller, params }) => {
  const ref = ZModelRouteParams.parse(params);
  requireCaller(caller, `${ref.org}/${ref.name}`);
  // The domain function parses the body, after it has checked the model is visible.
  const body = await readJson(req);
  const { request, created } = await submitAccessRequest(caller, ref, body, requestMeta(req));
  return NextResponse.json({ request, created }, { status: created ? 201 : 200 });
});
