// GET /api/v1/me/license-acceptances - every license the caller accepted (receipts without texts)
import { listMyLicenseAcceptances } from "@/lib/domain/access/get-license-receipt";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(async ({ caller }) => ({ acceptances: await listMyLicenseAcceptances(caller) }));
