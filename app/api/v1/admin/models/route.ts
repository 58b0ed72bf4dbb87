// POST /api/v1/admin/models - admin: create a model { org, name, title, summary, task, gating, visibility, license, grantDurationDays, requestCooldownDays, playgroundEnabled, cardMarkdown }
import { NextResponse } from "next/server";
import { createModel } from "@/lib/domain/models/create-model";
import { apiRoute, readJson } from "@/lib/http/api-route";

// The domain function checks the role before it parses the body.
export const POST = apiRoute(async ({ req, caller }) =>
  NextResponse.json(await createModel(caller, await readJson(req)), { status: 201 }),
);
