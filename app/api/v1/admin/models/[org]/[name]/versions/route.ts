// GET /api/v1/admin/models/{org}/{name}/versions - the model's versions with file counts (admins, the model's reviewers)
// POST /api/v1/admin/models/{org}/{name}/versions - admin: open a DRAFT version { name, notes }
import { NextResponse } from "next/server";
import { createVersion } from "@/lib/domain/models/create-version";
import { listVersions } from "@/lib/domain/models/list-versions";
import { apiRoute, readJson } from "@/lib/http/api-route";
import type { TModelRouteParams } from "@/lib/schemas/catalog";

export const GET = apiRoute<TModelRouteParams>(async ({ caller, params }) => listVersions(caller, params));

export const POST = apiRoute<TModelRouteParams>(async ({ req, caller, params }) =>
  NextResponse.json(await createVersion(caller, params, await readJson(req)), { status: 201 }),
);
