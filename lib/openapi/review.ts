// Reviewers (and admins): the queue, one request, decisions, grants, a model's figures.
import { z } from "zod";
import {
  ZBulkDecideInput,
  ZBulkDecision,
  ZDecidedRequest,
  ZDecideRequestInput,
  ZExtendedGrant,
  ZExtendGrantInput,
  ZGrantQuota,
  ZReviewQueuePage,
  ZRevokedGrant,
  ZRevokeGrantInput,
  ZSetGrantQuotaInput,
} from "@/lib/schemas/review";
import { ZModelRouteParams } from "@/lib/schemas/catalog";
import { ZReviewerNotification, ZReviewerNotificationInput } from "@/lib/schemas/reviewers";
import { anyObject, bodyErrors, defineOperations, obj, ZIdParams, type Operation } from "./operation";

const ZQueueQuery = z.object({
  model: z.string().optional(),
  status: z.string().optional(),
  country: z.string().optional(),
  affiliation: z.string().optional(),
  minAgeDays: z.string().optional(),
  sort: z.enum(["oldest", "newest"]).optional(),
  page: z.string().optional(),
  pageSize: z.string().optional(),
});
const refusals = ["SIGN_IN_REQUIRED", "FORBIDDEN", "NOT_FOUND"] as const;
const decisionErrors = [...refusals, "ALREADY_DECIDED", "CONFLICT", ...bodyErrors] as const;

// The admin routes under /admin/access-requests answer as the review routes do: one description each.
const listQueue = {
  method: "get",
  tag: "Review",
  auth: "user",
  query: ZQueueQuery,
  responses: { 200: ZReviewQueuePage },
  errors: [...refusals, "VALIDATION_FAILED"],
} satisfies Omit<Operation, "path" | "summary">;
const decideRequest = {
  method: "post",
  tag: "Review",
  auth: "admin-write",
  params: ZIdParams,
  body: ZDecideRequestInput,
  responses: { 200: ZDecidedRequest },
  errors: [...decisionErrors],
} satisfies Omit<Operation, "path" | "summary">;

export const reviewOperations = defineOperations({
  listReviewQueue: {
    ...listQueue,
    path: "/api/v1/review/requests",
    summary: "The review queue of the models the caller reviews (admins: all)",
  },
  getReviewRequest: {
    method: "get",
    path: "/api/v1/review/requests/{id}",
    summary: "One request with everything a reviewer decides on",
    tag: "Review",
    auth: "user",
    params: ZIdParams,
    responses: { 200: obj({ request: anyObject }) },
    errors: [...refusals, "VALIDATION_FAILED"],
  },
  decideAccessRequest: {
    ...decideRequest,
    path: "/api/v1/review/requests/{id}/decision",
    summary: "Approve or reject a pending request",
  },
  decideAccessRequests: {
    method: "post",
    path: "/api/v1/review/bulk-decisions",
    summary: "One decision over many requests, a result per id",
    tag: "Review",
    auth: "admin-write",
    body: ZBulkDecideInput,
    responses: { 200: ZBulkDecision },
    errors: [...decisionErrors],
  },
  revokeGrant: {
    method: "post",
    path: "/api/v1/review/requests/{id}/revocation",
    summary: "End an active grant now",
    tag: "Review",
    auth: "admin-write",
    params: ZIdParams,
    body: ZRevokeGrantInput,
    responses: { 200: ZRevokedGrant },
    errors: [...decisionErrors],
  },
  extendGrant: {
    method: "post",
    path: "/api/v1/review/requests/{id}/extension",
    summary: "Move the end of an active grant, or renew an expired one",
    tag: "Review",
    auth: "admin-write",
    params: ZIdParams,
    body: ZExtendGrantInput,
    responses: { 200: ZExtendedGrant },
    errors: [...decisionErrors],
  },
  setGrantQuota: {
    method: "put",
    path: "/api/v1/review/requests/{id}/quota",
    summary: "A request's own download quota (null = the model's default)",
    tag: "Review",
    auth: "admin-write",
    params: ZIdParams,
    body: ZSetGrantQuotaInput,
    responses: { 200: ZGrantQuota },
    errors: [...decisionErrors],
  },
  getModelDashboard: {
    method: "get",
    path: "/api/v1/review/models/{org}/{name}/dashboard",
    summary: "A model's figures (admins and its reviewers)",
    tag: "Review",
    auth: "user",
    params: ZModelRouteParams,
    query: z.object({ days: z.string().optional() }),
    responses: { 200: anyObject },
    errors: [...refusals, "VALIDATION_FAILED"],
  },
  setReviewerNotification: {
    method: "put",
    path: "/api/v1/review/models/{org}/{name}/notifications",
    summary: "How the caller, a reviewer of the model, hears of its new requests",
    tag: "Review",
    auth: "admin-write",
    params: ZModelRouteParams,
    body: ZReviewerNotificationInput,
    responses: { 200: ZReviewerNotification },
    errors: [...refusals, ...bodyErrors],
  },
  adminListAccessRequests: {
    ...listQueue,
    path: "/api/v1/admin/access-requests",
    summary: "The review queue for admin tools",
  },
  adminDecideAccessRequest: {
    ...decideRequest,
    path: "/api/v1/admin/access-requests/{id}/decision",
    summary: "Approve or reject (admins); the review API's body",
  },
});
