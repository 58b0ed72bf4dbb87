// POST /api/v1/admin/licenses/{slug}/versions - publish a new license version (admin): { version, text }
import { NextResponse } from "next/server";
import { requireAdmin } from "@/lib/auth/require-admin";
import { publishLicenseVersion } from "@/lib/domain/licenses/publish-license-version";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { ZLicenseSlugParams, ZPublishLicenseVersionInput } from "@/lib/schemas/license";

export const POST = apiRoute<{ slug: string }>(async ({ req, caller, params }) => {
  // The role first: non-admins learn nothing, not even that their input was malformed.
  requireAdmin(caller);
  const result = await publishLicenseVersion(
    caller,
    ZLicenseSlugParams.parse(params),
    ZPublishLicenseVersionInput.parse(await readJson(req)),
  );
  return NextResponse.json(result, { status: 201 });
});
