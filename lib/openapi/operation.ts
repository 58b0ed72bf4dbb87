// One API operation as data: what the OpenAPI document (lib/openapi/document.ts), the typed client
// (lib/client/api-client.ts) and the contract tests read. A route in app/api has one entry per method.
import { z } from "zod";
import { errorStatus, type ErrorCode } from "@/lib/errors";

export type Method = "get" | "post" | "put" | "patch" | "delete";

/**
 * Who may call: `public` (anyone, a session or token may add what the caller sees), `user` (a session
 * cookie or any token), `admin-write` (a session or an ADMIN-scope token: it changes something).
 */
export type Auth = "public" | "user" | "admin-write";

export type Operation = {
  method: Method;
  /** OpenAPI path: `{name}` per segment; a catch-all (`[...path]`) is one `{path}` that keeps its `/`s. */
  path: string;
  summary: string;
  tag: string;
  auth: Auth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Body media type when not JSON (the fingerprint trace takes raw bytes). */
  bodyType?: "application/octet-stream";
  /** Success responses by status: a zod schema of the JSON body, `csv`, or `redirect` (302, no body). */
  responses: Record<number, z.ZodType | "csv" | "redirect">;
  /** The refusals this operation documents besides the ones every route can answer. */
  errors: ErrorCode[];
  /** Hugging Face Hub-compatible: errors in the Hub's shape. */
  hub?: boolean;
};

export const defineOperations = <const T extends Record<string, Operation>>(ops: T) => ops;

const codes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

/** The JSON error every `/api/v1` route answers (lib/errors.ts `toErrorBody`). */
export const ZApiError = z
  .object({
    error: z.object({
      code: z.enum(codes),
      message: z.string(),
      action: z.string().optional(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
      retryAfterSeconds: z.number().optional(),
    }),
  })
  .meta({ id: "ApiError" });

/** The Hub-compatible routes' error (lib/domain/hub/hub-error.ts): a string `error`, our code beside it. */
export const ZHubError = z
  .object({
    error: z.string(),
    code: z.enum(codes),
    action: z.string().optional(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
    retryAfterSeconds: z.number().optional(),
  })
  .meta({ id: "HubError" });

/** Refusals any route may answer: bad URL bytes, a bad token, a read-scope write, an outage, a fault. */
export const commonErrors: ErrorCode[] = ["BAD_REQUEST", "UNAUTHORIZED", "SERVICE_UNAVAILABLE", "INTERNAL"];
/** Refusals of any route that takes a JSON body. */
export const bodyErrors: ErrorCode[] = ["VALIDATION_FAILED", "PAYLOAD_TOO_LARGE"];

/** A JSON object of which the contract fixes the named keys; the rest is described in README.md. */
export const obj = <S extends z.core.$ZodLooseShape>(shape: S) => z.looseObject(shape);
export const anyObject = z.looseObject({});
export const list = (key: string) => z.looseObject({ [key]: z.array(anyObject) });
export const one = (key: string) => z.looseObject({ [key]: anyObject });

/** An id in a path (a cuid or nanoid). */
export const ZIdParams = z.object({ id: z.string().min(1).max(64) });
