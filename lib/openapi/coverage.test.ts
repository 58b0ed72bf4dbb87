// Every method a route file in app/api exports has a documented operation, and every documented
// operation has its route; the document is valid OpenAPI 3.1.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./document";
import { operations } from "./registry";

const apiDir = path.join(process.cwd(), "app/api");
/**
 * Routes that are not part of the API: next-auth's own endpoints, the JSON 404 for unknown paths, and
 * the benchmark's floor route (404 unless BENCH_FLOOR_ROUTE is set, never on in production).
 */
const undocumented = ["/api/auth/{nextauth}", "/api/{unknown}", "/api/bench/floor"];

const routeFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );

/** `[x]`, `[...x]` → `{x}`; `[[...x]]` (optional) gives the path with and without it. */
const openApiPaths = (file: string) => {
  const segments = path.relative(path.dirname(apiDir), path.dirname(file)).split(path.sep);
  let paths = [""];
  for (const s of segments) {
    const optional = /^\[\[\.\.\.(\w+)\]\]$/.exec(s);
    const param = /^\[(?:\.\.\.)?(\w+)\]$/.exec(s);
    if (optional) paths = paths.flatMap((p) => [p, `${p}/{${optional[1]}}`]);
    else paths = paths.map((p) => `${p}/${param ? `{${param[1]}}` : s}`);
  }
  return paths;
};

const exportedMethods = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/^export const (GET|POST|PUT|PATCH|DELETE)\b/gm)].map((m) =>
    m[1]!.toLowerCase(),
  );

const routes = routeFiles(apiDir).flatMap((file) =>
  openApiPaths(file).flatMap((p) => exportedMethods(file).map((method) => `${method} ${p}`)),
);
const documented = Object.values(operations).map((op) => `${op.method} ${op.path}`);

describe("the OpenAPI registry", () => {
  it("finds the route files (the walk itself works)", () => {
    expect(routes).toContain("get /api/v1/models");
    expect(routes).toContain("get /api/models/{org}/{name}/tree/{rev}/{path}");
    expect(routes.length).toBeGreaterThan(60);
  });

  it("documents every method of every route", () => {
    const missing = routes.filter((r) => !documented.includes(r) && !undocumented.includes(r.split(" ")[1]!));
    expect(missing).toEqual([]);
  });

  it("names no route that does not exist, and each operation once", () => {
    expect(documented.filter((d) => !routes.includes(d))).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });

  it("builds a valid OpenAPI 3.1 document", async () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect(Object.keys(doc.paths ?? {}).length).toBeGreaterThan(50);
  });

  it("documents each operation's refusals in the error envelope", () => {
    const doc = buildOpenApiDocument();
    const tokens = doc.paths?.["/api/v1/me/tokens"]?.post;
    expect(Object.keys(tokens?.responses ?? {})).toEqual(expect.arrayContaining(["201", "401", "403", "409", "422"]));
    expect(JSON.stringify(tokens?.responses?.["409"])).toContain("LIMIT_REACHED");
  });
});
