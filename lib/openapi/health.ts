// Health checks for orchestrators and load balancers, and this document itself.
import { z } from "zod";
import { anyObject, defineOperations, obj } from "./operation";

const ZReadiness = obj({ status: z.enum(["ok", "degraded", "draining"]) });

export const healthOperations = defineOperations({
  liveness: {
    method: "get",
    path: "/api/health/live",
    summary: "Liveness: the process answers, touching nothing else",
    tag: "Health",
    auth: "public",
    responses: { 200: obj({ status: z.literal("ok") }) },
    errors: [],
  },
  readiness: {
    method: "get",
    path: "/api/health",
    summary: "Readiness: 200 when the database and the bucket answer, 503 naming what is down or while draining",
    tag: "Health",
    auth: "public",
    responses: { 200: ZReadiness, 503: ZReadiness },
    errors: [],
  },
  openApiDocument: {
    method: "get",
    path: "/api/openapi.json",
    summary: "This document (OpenAPI 3.1)",
    tag: "Health",
    auth: "public",
    responses: { 200: anyObject },
    errors: [],
  },
});
