// POST /api/v1/admin/webhooks/{id}/ping - queue a `ping` event to this endpoint → 202 { deliveryId, eventId }
import { NextResponse } from "next/server";
import { sendWebhookPing } from "@/lib/domain/webhooks/send-webhook-ping";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute<{ id: string }>(async ({ caller, params }) =>
  NextResponse.json(await sendWebhookPing(caller, params), { status: 202 }),
);
