// GET /api/health/live - liveness: the process answers, touching nothing else. Orchestrators restart
// on this one and route traffic on /api/health (readiness); the downloads bench uses it as its floor.
export const dynamic = "force-dynamic";

export const GET = () => Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
