// POST /api/v1/admin/webhooks/{id}/secret - rotate the signing secret; the new one is shown this once
import { NextResponse } from "next/server";
import { rotateWebhookSecret } from "@/lib/domain/webhooks/rotate-webhook-secret";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute<{ id: string }>(async ({ caller, params }) =>
  NextResponse.json(await rotateWebhookSecret(caller, params), { headers: { "cache-control": "no-store" } }),
);
