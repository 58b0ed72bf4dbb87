// GET /api/v1/me/access-requests - the caller's requests, newest first, each with its timeline
import { listMyRequests } from "@/lib/domain/access/list-my-requests";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(async ({ caller }) => ({
  requests: (await listMyRequests(caller)).map((r) => ({
    id: r.id,
    model: r.model.slug,
    status: r.status,
    answers: r.answers,
    reasonCode: r.reasonCode,
    reasonText: r.reasonText,
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
    expiresAt: r.expiresAt,
    license: r.licenseVersion ? `${r.licenseVersion.license.name} ${r.licenseVersion.version}` : null,
    timeline: r.timeline,
  })),
}));
