// GET /api/v1/admin/licenses - admin: every license with its versions (newest first) and the models on each
// POST /api/v1/admin/licenses - admin: create a license with its first version { slug, name, spdxId, url, version, text }
import { NextResponse } from "next/server";
import { createLicense } from "@/lib/domain/licenses/create-license";
import { listLicenses } from "@/lib/domain/licenses/list-licenses";
import { apiRoute, readJson } from "@/lib/http/api-route";

export const GET = apiRoute(async ({ caller }) => listLicenses(caller));

export const POST = apiRoute(async ({ req, caller }) =>
  NextResponse.json(await createLicense(caller, await readJson(req)), { status: 201 }),
);
