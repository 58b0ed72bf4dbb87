// The browser's client for the portal's API, derived from the operation registry (lib/openapi): a call
// names the operation; its URL, method, parameter, body and answer types come from the registry, so a
// page cannot drift from what the route documents.
import type { z } from "zod";
import type { Operation } from "@/lib/openapi/operation";
import { operations, type OperationId, type Operations } from "@/lib/openapi/registry";
import { callApi, type ApiError } from "./call-api";

type JsonAnswer<R> = R extends z.ZodType ? z.output<R> : never;
/** The JSON body of an operation's success answers. */
export type ApiData<Id extends OperationId> = {
  [S in keyof Operations[Id]["responses"]]: JsonAnswer<Operations[Id]["responses"][S]>;
}[keyof Operations[Id]["responses"]];

type Part<O, K extends string, Required extends boolean> = O extends { [P in K]: infer S extends z.ZodType }
  ? Required extends true
    ? { [P in K]: z.input<S> }
    : { [P in K]?: z.input<S> }
  : { [P in K]?: never };
export type ApiArgs<Id extends OperationId> = Part<Operations[Id], "params", true> &
  Part<Operations[Id], "query", false> &
  // Forms send what the user typed (strings for numbers, say) and the route's schema coerces and checks it,
  // so the body is not held to the schema's input type here.
  (Operations[Id] extends { body: z.ZodType } ? { body: unknown } : { body?: never });

/** `{name}` from the params; `path` (a catch-all) keeps its `/`s, each segment encoded. */
export const operationUrl = (op: Pick<Operation, "path">, params: Record<string, unknown> = {}) =>
  op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === "path"
      ? String(params[name]).split("/").map(encodeURIComponent).join("/")
      : encodeURIComponent(String(params[name])),
  );

/**
 * A success answer read through the operation's own schema: the JSON becomes what the type says (dates
 * as dates where the schema makes them), and an answer that drifted from the contract is an error here
 * rather than a wrong value further on. With several success statuses, the first schema that fits.
 */
const readAnswer = <Id extends OperationId>(op: Operation, json: unknown): ApiData<Id> | undefined => {
  for (const schema of Object.values(op.responses)) {
    if (typeof schema === "string") continue;
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data as ApiData<Id>;
  }
  return undefined;
};

/** Calls operation `id` (`{}` when it takes nothing); answers `{ ok, data }` or `{ ok: false, error }` as callApi. */
export const api = async <Id extends OperationId>(
  id: Id,
  args: ApiArgs<Id>,
): Promise<{ ok: true; data: ApiData<Id> } | { ok: false; error: ApiError }> => {
  const op = (operations as Record<string, Operation>)[id]!;
  const { params, query, body } = args as {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
  };
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    for (const one of [v].flat()) if (one !== undefined && one !== null) search.append(k, String(one));
  const url = operationUrl(op, params) + (search.size ? `?${search}` : "");
  const answer = await callApi<unknown>(url, { method: op.method.toUpperCase(), body });
  if (!answer.ok) return answer;
  const data = readAnswer<Id>(op, answer.data);
  if (data === undefined)
    return {
      ok: false,
      error: {
        code: "UNEXPECTED_ANSWER",
        message: "The server's answer is not what this page expects. Reload the page and try again.",
      },
    };
  return { ok: true, data };
};

/** `{ org, name }` of a model slug (`org/name`), for the operations under `/models/{org}/{name}`. */
export const modelRef = (slug: string) => {
  const [org = "", name = ""] = slug.split("/");
  return { org, name };
};
