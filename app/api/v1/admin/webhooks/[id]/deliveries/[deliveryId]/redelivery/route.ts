// POST /api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redelivery - send a finished delivery again (same event id) → 202
import { NextResponse } from "next/server";
import { redeliverWebhookDelivery } from "@/lib/domain/webhooks/redeliver-webhook-delivery";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute<{ id: string; deliveryId: string }>(async ({ caller, params }) =>
  NextResponse.json(await redeliverWebhookDelivery(caller, params), { status: 202 }),
);
