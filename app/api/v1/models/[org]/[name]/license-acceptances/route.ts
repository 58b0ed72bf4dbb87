// POST /api/v1/models/{org}/{name}/license-acceptances - accept the current license version: { licenseVersionId }
import { NextResponse } from "next/server";
import { acceptLicense } from "@/lib/domain/access/accept-license";
import { requireCaller } from "@/lib/auth/require-caller";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { requestMeta } from "@/lib/http/request-meta";
import { ZModelRouteParams } from "@/lib/schemas/catalog";

export const POST = apiRoute<{ org: string; name: string }>(async ({ req, caller, params }) => {
  const ref = ZModelRouteParams.parse(params);
  requireCaller(caller, `${ref.org}/${ref.name}`);
  // The domain function parses the body, after it has checked the model is visible.
  const acceptance = await acceptLicense(caller, ref, await readJson(req), requestMeta(req));
  return NextResponse.json({ acceptance }, { status: acceptance.created ? 201 : 200 });
});
