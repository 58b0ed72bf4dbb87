// GET /api/v1/admin/models/{org}/{name}/reviewers - who reviews this model (admins, and its own reviewers)
// POST /api/v1/admin/models/{org}/{name}/reviewers - admin: assign a reviewer by e-mail { email } (invites unknown addresses)
import { NextResponse } from "next/server";
import { assignReviewer } from "@/lib/domain/review/assign-reviewer";
import { listModelReviewers } from "@/lib/domain/review/list-model-reviewers";
import { apiRoute, readJson } from "@/lib/http/api-route";
import type { TModelRouteParams } from "@/lib/schemas/catalog";

export const GET = apiRoute<TModelRouteParams>(async ({ caller, params }) => listModelReviewers(caller, params));

// The domain function checks the role before it parses params and body.
export const POST = apiRoute<TModelRouteParams>(async ({ req, caller, params }) => {
  const result = await assignReviewer(caller, params, await readJson(req));
  return NextResponse.json(result, { status: result.created ? 201 : 200 });
});
