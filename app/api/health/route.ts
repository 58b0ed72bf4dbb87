// GET /api/health - 200 when the database and the bucket answer, 503 naming what is down
import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/domain/health/check-health";

export const dynamic = "force-dynamic";

export const GET = async () => {
  const health = await checkHealth();
  return NextResponse.json(
    { status: health.ok ? "ok" : "degraded", database: health.database, storage: health.storage },
    { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
};
