// The Hugging Face Hub-compatible routes (huggingface_hub and @huggingface/hub clients): errors in the Hub's shape.
import { z } from "zod";
import { accessCodes } from "@/lib/common/gate-code-list";
import { ZModelRouteParams } from "@/lib/schemas/catalog";
import { ZHubPathsInfoInput } from "@/lib/schemas/hub";
import { defineOperations, obj } from "./operation";

const revision = ZModelRouteParams.extend({ rev: z.string().min(1).max(128) });
const ZInfo = obj({ _id: z.string(), id: z.string() });
const ZInfoQuery = z.object({ blobs: z.string().optional(), expand: z.array(z.string()).optional() });
const ZEntries = z.array(obj({ type: z.enum(["file", "directory"]), path: z.string() }));
const ZTreeQuery = z.object({
  recursive: z.string().optional(),
  expand: z.string().optional(),
  limit: z.string().optional(),
  cursor: z.string().optional(),
});

export const hubOperations = defineOperations({
  hubModelInfo: {
    method: "get",
    path: "/api/models/{org}/{name}",
    summary: "Hub model info of the latest published revision (main)",
    tag: "Hugging Face Hub",
    auth: "public",
    hub: true,
    params: ZModelRouteParams,
    query: ZInfoQuery,
    responses: { 200: ZInfo },
    errors: ["NOT_FOUND", "VALIDATION_FAILED", ...accessCodes],
  },
  hubRevisionInfo: {
    method: "get",
    path: "/api/models/{org}/{name}/revision/{rev}",
    summary: "Hub model info of a revision (main, HEAD, a version name or commit id)",
    tag: "Hugging Face Hub",
    auth: "public",
    hub: true,
    params: revision,
    query: ZInfoQuery,
    responses: { 200: ZInfo },
    errors: ["NOT_FOUND", "VALIDATION_FAILED", ...accessCodes],
  },
  hubTree: {
    method: "get",
    path: "/api/models/{org}/{name}/tree/{rev}",
    summary: "Hub file listing of a revision's root, paged by a `Link` header",
    tag: "Hugging Face Hub",
    auth: "public",
    hub: true,
    params: revision,
    query: ZTreeQuery,
    responses: { 200: ZEntries },
    errors: ["NOT_FOUND", "VALIDATION_FAILED", ...accessCodes],
  },
  hubTreePath: {
    method: "get",
    path: "/api/models/{org}/{name}/tree/{rev}/{path}",
    summary: "Hub file listing under a directory (`path` keeps its `/`s), paged by a `Link` header",
    tag: "Hugging Face Hub",
    auth: "public",
    hub: true,
    params: revision.extend({ path: z.string().min(1).max(1024) }),
    query: ZTreeQuery,
    responses: { 200: ZEntries },
    errors: ["NOT_FOUND", "VALIDATION_FAILED", ...accessCodes],
  },
  hubPathsInfo: {
    method: "post",
    path: "/api/models/{org}/{name}/paths-info/{rev}",
    summary: "Hub info on a list of paths (JSON or form body), in the order asked",
    tag: "Hugging Face Hub",
    auth: "public",
    hub: true,
    params: revision,
    body: ZHubPathsInfoInput,
    responses: { 200: ZEntries },
    errors: ["NOT_FOUND", "VALIDATION_FAILED", "PAYLOAD_TOO_LARGE", ...accessCodes],
  },
});
