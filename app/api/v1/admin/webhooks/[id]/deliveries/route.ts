// GET /api/v1/admin/webhooks/{id}/deliveries?before=&pageSize= - the delivery log, newest first, keyset pages (nextCursor)
import { listWebhookDeliveries } from "@/lib/domain/webhooks/list-webhook-deliveries";
import { apiRoute } from "@/lib/http/api-route";
import { firstValues } from "@/lib/schemas/catalog";

export const GET = apiRoute<{ id: string }>(async ({ req, caller, params }) =>
  listWebhookDeliveries(caller, params, firstValues(Object.fromEntries(req.nextUrl.searchParams))),
);
