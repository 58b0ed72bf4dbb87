// POST /api/v1/admin/audit/verification - walk the audit hash chain now: { ok, checked, lastSeq } or the first bad row (admins)
import { verifyAuditChainFor } from "@/lib/domain/audit/verify-audit-chain-for";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute(async ({ caller }) => verifyAuditChainFor(caller));
