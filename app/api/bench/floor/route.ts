// GET /api/bench/floor?model=&version=&file= - benchmarks only (BENCH_FLOOR_ROUTE): the floor URL
// issuance is measured against (the token lookup and one durable DownloadEvent-sized insert); 404 otherwise
import { NextResponse, type NextRequest } from "next/server";
import { floorRouteEnabled, recordFloorEvent } from "@/lib/domain/downloads/record-floor-event";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { handleApiError } from "@/lib/http/handle-api-error";
import { requestMeta } from "@/lib/http/request-meta";

export const dynamic = "force-dynamic";

const floor = apiRoute(async ({ req, caller }) => {
  const q = req.nextUrl.searchParams;
  const out = await recordFloorEvent(
    caller,
    { model: q.get("model"), version: q.get("version"), file: q.get("file") },
    requestMeta(req),
  );
  return NextResponse.json(out, { headers: { "Cache-Control": "no-store" } });
});

// Off, it answers as an unknown endpoint before reading any token or touching the database.
export const GET = (req: NextRequest, ctx: { params: Promise<Record<string, never>> }) =>
  floorRouteEnabled()
    ? floor(req, ctx)
    : handleApiError(new AppError("NOT_FOUND", { userMessage: "No such API endpoint." }));
