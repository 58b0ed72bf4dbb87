// GET /api/health - readiness: 200 when the database and the bucket answer, 503 naming what is down or while
// the process drains on SIGTERM
import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/domain/health/check-health";
import { isDraining } from "@/lib/http/draining";

export const dynamic = "force-dynamic";

export const GET = async () => {
  // Shutting down: the load balancer should stop sending requests here before the listener closes.
  if (isDraining())
    return NextResponse.json({ status: "draining" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  const health = await checkHealth();
  return NextResponse.json(
    { status: health.ok ? "ok" : "degraded", database: health.database, storage: health.storage },
    { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
};
