// The browser's client for the portal's API, derived from the operation registry (lib/openapi): a call
// names the operation; its URL, method, parameter, body and answer types come from the registry, so a
// page cannot drift from what the route documents.
import type { z } from "zod";
import type { Operation } from "@/lib/openapi/operation";
import { operations, type OperationId, type Operations } from "@/lib/openapi/registry";
import { callApi } from "./call-api";

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

/** Calls operation `id` (`{}` when it takes nothing); answers `{ ok, data }` or `{ ok: false, error }` as callApi. */
export const api = <Id extends OperationId>(id: Id, args: ApiArgs<Id>) => {
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
  return callApi<ApiData<Id>>(url, { method: op.method.toUpperCase(), body });
};

/** `{ org, name }` of a model slug (`org/name`), for the operations under `/models/{org}/{name}`. */
export const modelRef = (slug: string) => {
  const [org = "", name = ""] = slug.split("/");
  return { org, name };
};
