// The answer schemas the browser's typed client reads (lib/client/api-client.ts), held to what the domain
// functions behind the routes really return: tsc fails here when a domain function's result (as JSON writes
// it: a Date becomes a string) is not what its operation's schema says. The e2e contract checks the values.
import type { z } from "zod";
import { describe, expectTypeOf, it } from "vitest";
import type { verifyAuditChainFor } from "@/lib/domain/audit/verify-audit-chain-for";
import type { removeVersionFile } from "@/lib/domain/files/remove-version-file";
import type { requestFileVerification } from "@/lib/domain/files/request-file-verification";
import type { getVersion } from "@/lib/domain/models/get-version";
import type { updateModel } from "@/lib/domain/models/update-model";
import type { decideAccessRequest } from "@/lib/domain/review/decide-access-request";
import type { decideAccessRequests } from "@/lib/domain/review/decide-access-requests";
import type { extendGrant } from "@/lib/domain/review/extend-grant";
import type { revokeGrant } from "@/lib/domain/review/revoke-grant";
import type { withdrawAccessRequest } from "@/lib/domain/access/withdraw-access-request";
import type { revokeApiToken } from "@/lib/domain/tokens/revoke-api-token";
import type { abortUpload } from "@/lib/domain/uploads/abort-upload";
import type { completeUpload } from "@/lib/domain/uploads/complete-upload";
import type { listOpenUploads } from "@/lib/domain/uploads/list-open-uploads";
import type { presignUploadParts } from "@/lib/domain/uploads/presign-upload-parts";
import type { recordUploadPart } from "@/lib/domain/uploads/record-upload-part";
import type { startUpload } from "@/lib/domain/uploads/start-upload";
import type { createWebhook } from "@/lib/domain/webhooks/create-webhook";
import type { deleteWebhook } from "@/lib/domain/webhooks/delete-webhook";
import type { getWebhook } from "@/lib/domain/webhooks/get-webhook";
import type { listWebhookDeliveries } from "@/lib/domain/webhooks/list-webhook-deliveries";
import type { listLicenses } from "@/lib/domain/licenses/list-licenses";
import type { listModelReviewers } from "@/lib/domain/review/list-model-reviewers";
import type { listWebhooks } from "@/lib/domain/webhooks/list-webhooks";
import type { redeliverWebhookDelivery } from "@/lib/domain/webhooks/redeliver-webhook-delivery";
import type { rotateWebhookSecret } from "@/lib/domain/webhooks/rotate-webhook-secret";
import type { sendWebhookPing } from "@/lib/domain/webhooks/send-webhook-ping";
import type { updateWebhook } from "@/lib/domain/webhooks/update-webhook";
import type { acceptLicense } from "@/lib/domain/access/accept-license";
import type { listAuditEvents } from "@/lib/domain/audit/list-audit-events";
import type { listMyLicenseAcceptances } from "@/lib/domain/access/get-license-receipt";
import type { listReviewQueue } from "@/lib/domain/review/list-review-queue";
import type { getModelSettings } from "@/lib/domain/models/get-model-settings";
import type { listVersions } from "@/lib/domain/models/list-versions";
import type { publishVersion } from "@/lib/domain/models/publish-version";
import type { getProfile } from "@/lib/domain/profile/get-profile";
import type { updateProfile } from "@/lib/domain/profile/update-profile";
import type { setGrantQuota } from "@/lib/domain/review/set-grant-quota";
import type { setReviewerNotification } from "@/lib/domain/review/set-reviewer-notification";
import type { unassignReviewer } from "@/lib/domain/review/unassign-reviewer";
import type { Operations } from "./registry";

/** A value as it arrives after JSON.stringify / JSON.parse. */
type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;
/** true when every value of A is a value of B (the domain's result is what the schema allows). */
type Fits<A, B> = [A] extends [B] ? true : false;
type Result<F extends (...args: never[]) => unknown> = Json<Awaited<ReturnType<F>>>;
type Answer<
  Id extends keyof Operations,
  S extends keyof Operations[Id]["responses"],
> = Operations[Id]["responses"][S] extends z.ZodType ? z.output<Operations[Id]["responses"][S]> : never;

describe("answer schemas", () => {
  it("describe what the upload and version domain functions return", () => {
    expectTypeOf<Fits<Result<typeof getVersion>, Answer<"getVersion", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<{ uploads: Result<typeof listOpenUploads> }, Answer<"listUploads", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof startUpload>, Answer<"startUpload", 201>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof presignUploadParts>, Answer<"presignUploadParts", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof recordUploadPart>, Answer<"recordUploadPart", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof abortUpload>, Answer<"abortUpload", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof completeUpload>, Answer<"completeUpload", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof removeVersionFile>, Answer<"removeVersionFile", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Fits<Result<typeof requestFileVerification>, Answer<"requestFileVerification", 202>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof updateModel>, Answer<"updateModel", 200>>>().toEqualTypeOf<true>();
  });

  it("describe what the review, audit and account domain functions return", () => {
    expectTypeOf<Fits<Result<typeof verifyAuditChainFor>, Answer<"verifyAuditChain", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Fits<{ request: Result<typeof decideAccessRequest> }, Answer<"decideAccessRequest", 200>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Fits<{ request: Result<typeof decideAccessRequest> }, Answer<"adminDecideAccessRequest", 200>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Fits<Result<typeof decideAccessRequests>, Answer<"decideAccessRequests", 200>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Fits<{ request: Result<typeof extendGrant> }, Answer<"extendGrant", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<{ request: Result<typeof revokeGrant> }, Answer<"revokeGrant", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Fits<{ request: Result<typeof withdrawAccessRequest> }, Answer<"withdrawAccessRequest", 200>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Fits<{ token: Result<typeof revokeApiToken> }, Answer<"revokeApiToken", 200>>>().toEqualTypeOf<true>();
  });

  it("describe what the reviewer, publication and profile domain functions return", () => {
    expectTypeOf<Fits<Result<typeof listModelReviewers>, Answer<"listModelReviewers", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof listLicenses>, Answer<"listLicenses", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof listAuditEvents>, Answer<"listAuditEvents", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Fits<{ acceptances: Result<typeof listMyLicenseAcceptances> }, Answer<"listMyLicenseAcceptances", 200>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof listReviewQueue>, Answer<"listReviewQueue", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof listReviewQueue>, Answer<"adminListAccessRequests", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof getModelSettings>, Answer<"getModelSettings", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof listVersions>, Answer<"listVersions", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Fits<{ acceptance: Result<typeof acceptLicense> }, Answer<"acceptLicense", 201>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof publishVersion>, Answer<"publishVersion", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof unassignReviewer>, Answer<"unassignReviewer", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof setGrantQuota>, Answer<"setGrantQuota", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Fits<Result<typeof setReviewerNotification>, Answer<"setReviewerNotification", 200>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Fits<{ profile: Result<typeof getProfile> }, Answer<"getProfile", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<{ profile: Result<typeof updateProfile> }, Answer<"updateProfile", 200>>>().toEqualTypeOf<true>();
  });

  it("describe what the webhook domain functions return", () => {
    expectTypeOf<
      Fits<Result<typeof listWebhookDeliveries>, Answer<"listWebhookDeliveries", 200>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof listWebhooks>, Answer<"listWebhooks", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof getWebhook>, Answer<"getWebhook", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof createWebhook>, Answer<"createWebhook", 201>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof updateWebhook>, Answer<"updateWebhook", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof deleteWebhook>, Answer<"deleteWebhook", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof rotateWebhookSecret>, Answer<"rotateWebhookSecret", 200>>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<Result<typeof sendWebhookPing>, Answer<"sendWebhookPing", 202>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Fits<Result<typeof redeliverWebhookDelivery>, Answer<"redeliverWebhookDelivery", 202>>
    >().toEqualTypeOf<true>();
  });
});
