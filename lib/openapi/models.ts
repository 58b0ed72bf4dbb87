// The researcher-facing API: the catalog, a model's access, downloads and the playground.
import { z } from "zod";
import { accessCodes, downloadTimeCodes } from "@/lib/common/gate-code-list";
import type { ErrorCode } from "@/lib/errors";
import {
  ZAcceptLicenseInput,
  ZLicenseAcceptance,
  ZOneStepAccessInput,
  ZSubmitAccessRequestInput,
} from "@/lib/schemas/access";
import { ZCatalogPage, ZListModelsQuery, ZModelRouteParams } from "@/lib/schemas/catalog";
import { ZFilePath, ZManifest, ZManifestListing, ZRevision } from "@/lib/schemas/downloads";
import { ZPlaygroundSession, ZStartPlaygroundSessionInput } from "@/lib/schemas/playground";
import { ZRevisionFiles } from "@/lib/schemas/revision-files";
import { bodyErrors, defineOperations, obj } from "./operation";

const downloads: ErrorCode[] = [...accessCodes, "NOT_FOUND", ...downloadTimeCodes, "COPY_PREPARING"];

const ZAccessState = obj({ code: z.string().nullable(), granted: z.boolean(), message: z.string() });
const ZSubmitted = obj({ request: obj({ status: z.string() }), created: z.boolean() });
const ZFileParams = ZModelRouteParams.extend({ path: ZFilePath });

export const modelOperations = defineOperations({
  listModels: {
    method: "get",
    path: "/api/v1/models",
    summary: "The catalog the caller may see",
    tag: "Models",
    auth: "public",
    query: ZListModelsQuery,
    responses: { 200: ZCatalogPage },
    errors: ["VALIDATION_FAILED"],
  },
  getAccess: {
    method: "get",
    path: "/api/v1/models/{org}/{name}/access",
    summary: "Where the caller stands: gate code, message, next step, license to accept",
    tag: "Access",
    auth: "public",
    params: ZModelRouteParams,
    responses: { 200: ZAccessState },
    errors: ["NOT_FOUND", "VALIDATION_FAILED"],
  },
  requestAccessInOneStep: {
    method: "post",
    path: "/api/v1/models/{org}/{name}/access",
    summary: "One step: complete the profile, apply and accept the license; answers where the caller stands",
    tag: "Access",
    auth: "user",
    params: ZModelRouteParams,
    body: ZOneStepAccessInput,
    responses: { 200: ZAccessState, 201: ZAccessState },
    errors: [...accessCodes, "NOT_FOUND", "CONFLICT", "LIMIT_REACHED", ...bodyErrors],
  },
  submitAccessRequest: {
    method: "post",
    path: "/api/v1/models/{org}/{name}/access-requests",
    summary: "Apply for access (accepting the current license version)",
    tag: "Access",
    auth: "user",
    params: ZModelRouteParams,
    body: ZSubmitAccessRequestInput,
    responses: {
      200: ZSubmitted,
      201: ZSubmitted,
    },
    errors: [...accessCodes, "NOT_FOUND", "CONFLICT", "LIMIT_REACHED", ...bodyErrors],
  },
  acceptLicense: {
    method: "post",
    path: "/api/v1/models/{org}/{name}/license-acceptances",
    summary: "Accept the model's current license version",
    tag: "Access",
    auth: "user",
    params: ZModelRouteParams,
    body: ZAcceptLicenseInput,
    responses: { 200: ZLicenseAcceptance, 201: ZLicenseAcceptance },
    errors: [...accessCodes, "NOT_FOUND", "CONFLICT", ...bodyErrors],
  },
  listRevisionFiles: {
    method: "get",
    path: "/api/v1/models/{org}/{name}/revisions/{revision}/files",
    summary: "A published revision's files (no gate, no URLs)",
    tag: "Downloads",
    auth: "public",
    params: ZModelRouteParams.extend({ revision: ZRevision }),
    responses: { 200: ZRevisionFiles },
    errors: ["NOT_FOUND", "VALIDATION_FAILED"],
  },
  downloadFile: {
    method: "get",
    path: "/api/v1/models/{org}/{name}/files/{path}",
    summary: "302 to a short-lived presigned URL of one file, through the download gate",
    tag: "Downloads",
    auth: "public",
    params: ZFileParams,
    query: z.object({ revision: ZRevision.optional() }),
    responses: { 302: "redirect" },
    errors: [...downloads, "VALIDATION_FAILED", "FORBIDDEN"],
  },
  getManifest: {
    method: "get",
    path: "/api/v1/models/{org}/{name}/manifest",
    summary: "Every READY file of a revision with a freshly signed URL",
    tag: "Downloads",
    auth: "public",
    params: ZModelRouteParams,
    query: z.object({
      revision: ZRevision.optional(),
      path: z.array(ZFilePath).optional(),
      urls: z.enum(["0", "1", "false", "true"]).optional(),
    }),
    // With urls=false, the listing: the same files without URLs.
    responses: { 200: z.union([ZManifest, ZManifestListing]) },
    errors: [...downloads, "VALIDATION_FAILED", "FORBIDDEN"],
  },
  startPlaygroundSession: {
    method: "post",
    path: "/api/v1/models/{org}/{name}/playground-sessions",
    summary: "Start an in-browser playground session: signed URLs for the ONNX graphs, through the gate",
    tag: "Downloads",
    auth: "public",
    params: ZModelRouteParams,
    body: ZStartPlaygroundSessionInput,
    responses: { 201: ZPlaygroundSession },
    errors: [...downloads, "FORBIDDEN", ...bodyErrors],
  },
});
