// GET /api/v1/admin/audit?actor=&action=&model=&from=&to=&before=&pageSize= - the audit log, newest first (admins)
import { listAuditEvents } from "@/lib/domain/audit/list-audit-events";
import { apiRoute } from "@/lib/http/api-route";
import { firstValues } from "@/lib/schemas/catalog";

export const GET = apiRoute(async ({ req, caller }) =>
  listAuditEvents(caller, firstValues(Object.fromEntries(req.nextUrl.searchParams))),
);
