// Builds the OpenAPI 3.1 document from the operation registry (served at GET /api/openapi.json).
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { errorStatus, type ErrorCode } from "@/lib/errors";
import { commonErrors, ZApiError, ZHubError, type Operation } from "./operation";
import { operations } from "./registry";

// `{}`: anonymous callers may call it too (what they see may differ).
const signedIn: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];
const security = { public: [{}, ...signedIn], user: signedIn };

const errorResponses = (op: Operation) => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...op.errors, ...commonErrors])) {
    const status = errorStatus[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const schema = op.hub ? ZHubError : ZApiError;
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      String(status),
      { description: `Refused: ${codes.join(", ")}`, content: { "application/json": { schema } } },
    ]),
  );
};

const successResponses = (op: Operation) =>
  Object.fromEntries(
    Object.entries(op.responses).map(([status, r]) => [
      status,
      r === "redirect"
        ? { description: "Redirect to a short-lived presigned URL (`Location`)" }
        : r === "csv"
          ? { description: "CSV, streamed", content: { "text/csv": { schema: { type: "string" as const } } } }
          : { description: "OK", content: { "application/json": { schema: r } } },
    ]),
  );

const toOperation = (id: string, op: Operation): ZodOpenApiOperationObject => ({
  operationId: id,
  summary: op.summary,
  tags: [op.tag],
  security: op.auth === "public" ? security.public : security.user,
  ...(op.params || op.query
    ? { requestParams: { ...(op.params ? { path: op.params } : {}), ...(op.query ? { query: op.query } : {}) } }
    : {}),
  ...(op.body
    ? { requestBody: { required: true, content: { [op.bodyType ?? "application/json"]: { schema: op.body } } } }
    : {}),
  responses: { ...successResponses(op), ...errorResponses(op) },
});

export const buildOpenApiDocument = () => {
  const paths: ZodOpenApiPathsObject = {};
  for (const [id, op] of Object.entries(operations) as [string, Operation][])
    paths[op.path] = { ...paths[op.path], [op.method]: toOperation(id, op) };
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Weights Registry API",
        version: "1",
        description:
          "The registry's REST API (`/api/v1`) and its Hugging Face Hub-compatible routes. Errors carry a machine-readable `code`; README.md explains the gate codes.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The web session" },
          bearer: { type: "http", scheme: "bearer", description: "A personal API token (Settings → Tokens)" },
        },
      },
      paths,
    },
    {
      // JSON has no dates: a Date the domain returns is written as an ISO string.
      override: ({ jsonSchema, zodSchema }) => {
        if (zodSchema._zod.def.type === "date") Object.assign(jsonSchema, { type: "string", format: "date-time" });
      },
    },
  );
};

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;
/** Built once per process: the registry does not change while it runs. */
export const openApiDocument = () => (cached ??= buildOpenApiDocument());
