// GET /api/v1/me/tokens - the caller's API tokens (by prefix); POST { name, scope: READ|ADMIN, expiresInDays } → 201 with the token, shown once
import { NextResponse } from "next/server";
import { createApiToken } from "@/lib/domain/tokens/create-api-token";
import { listApiTokens } from "@/lib/domain/tokens/list-api-tokens";
import { apiRoute, readJson } from "@/lib/http/api-route";

export const GET = apiRoute(async ({ caller }) => ({ tokens: await listApiTokens(caller) }));

export const POST = apiRoute(async ({ req, caller }) =>
  NextResponse.json(
    { token: await createApiToken(caller, await readJson(req)) },
    { status: 201, headers: { "Cache-Control": "no-store" } },
  ),
);
