// GET /api/v1/admin/webhooks - every registered endpoint with its last delivery (admins)
// POST /api/v1/admin/webhooks - register { url, events, model?, active? } → 201 with the signing secret, shown this once
import { NextResponse } from "next/server";
import { createWebhook } from "@/lib/domain/webhooks/create-webhook";
import { listWebhooks } from "@/lib/domain/webhooks/list-webhooks";
import { apiRoute, readJson } from "@/lib/http/api-route";

export const GET = apiRoute(async ({ caller }) => listWebhooks(caller));

// The domain function checks the role before it parses the body.
export const POST = apiRoute(async ({ req, caller }) =>
  NextResponse.json(await createWebhook(caller, await readJson(req)), {
    status: 201,
    headers: { "cache-control": "no-store" },
  }),
);
