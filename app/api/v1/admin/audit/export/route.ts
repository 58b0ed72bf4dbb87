// GET /api/v1/admin/audit/export?actor=&action=&model=&from=&to= - the filtered audit log as CSV, streamed (admins)
import { exportAuditCsv } from "@/lib/domain/audit/export-audit-csv";
import { apiRoute } from "@/lib/http/api-route";
import { firstValues } from "@/lib/schemas/catalog";

export const GET = apiRoute(async ({ req, caller }) => {
  const stream = await exportAuditCsv(caller, firstValues(Object.fromEntries(req.nextUrl.searchParams)));
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename=audit-${new Date().toISOString().slice(0, 10)}.csv`,
      "Cache-Control": "no-store",
    },
  });
});
