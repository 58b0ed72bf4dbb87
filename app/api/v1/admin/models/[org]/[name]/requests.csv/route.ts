// GET /api/v1/admin/models/{org}/{name}/requests.csv - the model's access requests as CSV, streamed (its reviewers, admins)
import { exportModelRequestsCsv } from "@/lib/domain/review/export-model-requests-csv";
import { apiRoute } from "@/lib/http/api-route";
import type { TModelRouteParams } from "@/lib/schemas/catalog";

export const GET = apiRoute<TModelRouteParams>(async ({ caller, params }) => {
  const { filename, stream } = await exportModelRequestsCsv(caller, params);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename=${filename}`,
      "Cache-Control": "no-store",
    },
  });
});
