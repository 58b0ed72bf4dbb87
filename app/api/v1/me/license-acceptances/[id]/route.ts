// GET /api/v1/me/license-acceptances/{id} - one receipt as JSON, with the exact text accepted
import { getLicenseReceipt } from "@/lib/domain/access/get-license-receipt";
import { apiRoute } from "@/lib/http/api-route";
import { ZRequestIdParams } from "@/lib/schemas/access";

export const GET = apiRoute<{ id: string }>(async ({ caller, params }) => {
  const r = await getLicenseReceipt(caller, ZRequestIdParams.parse(params));
  return {
    receipt: {
      id: r.id,
      acceptedAt: r.acceptedAt,
      user: r.user,
      license: {
        name: r.licenseVersion.license.name,
        slug: r.licenseVersion.license.slug,
        spdxId: r.licenseVersion.license.spdxId,
      },
      licenseVersion: {
        id: r.licenseVersion.id,
        version: r.licenseVersion.version,
        publishedAt: r.licenseVersion.publishedAt,
      },
      textSha256: r.textSha256,
      text: r.licenseVersion.text,
      ip: r.ip,
      userAgent: r.userAgent,
    },
  };
});
