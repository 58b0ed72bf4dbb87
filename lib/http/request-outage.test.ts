import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noteRequestError, serveWatchingOutages } from "./request-outage";

// The web role's server in miniature: `render` stands for Next's handler, with the ways it sends an
// answer (an explicit head, an implicit one with the first write, a plain end).
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
const renders: Record<string, (res: http.ServerResponse) => Promise<void>> = {
  // A page whose render failed on the database: Next answers its 500 page.
  "/failed": async (res) => {
    await Promise.resolve().then(() => noteRequestError(refused));
    res.writeHead(500, { "content-type": "text/html", "set-cookie": "a=b" });
    res.end("<html>500</html>");
  },
  // A page rendered signed out after the session lookup failed: 200, head sent with the first write.
  "/swallowed": async (res) => {
    noteRequestError(refused);
    res.statusCode = 200;
    res.setHeader("content-type", "text/html");
    res.write("<html>");
    res.end("signed out</html>");
  },
  // An error that is not an outage: left as it is.
  "/bug": async (res) => {
    noteRequestError(new Error("boom"));
    res.writeHead(500);
    res.end("bug");
  },
  // An API route that answered its own 503 stays as it is; its 500 would become the JSON 503.
  "/api/v1/models": async (res) => {
    noteRequestError(refused);
    res.writeHead(500, { "content-type": "application/json" });
    res.end("{}");
  },
  "/api/v1/ok": async (res) => {
    noteRequestError(refused);
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"error":{"code":"NOT_FOUND"}}');
  },
  // Next's own answer to a method the route does not export: 405 with an empty body.
  "/api/v1/admin/models/a/b": async (res) => {
    res.writeHead(405);
    res.end();
  },
  "/acme/m/resolve/main/x.onnx": async (res) => {
    res.writeHead(405);
    res.end();
  },
  "/page-405": async (res) => {
    res.writeHead(405);
    res.end("page");
  },
};

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    void serveWatchingOutages(req, res, () => renders[req.url ?? ""]!(res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = async (path: string, method = "GET") => {
  const res = await fetch(`${base}${path}`, { method });
  return { status: res.status, headers: res.headers, body: await res.text() };
};

describe("answers during a database outage", () => {
  it.each(["/failed", "/swallowed"])(
    "%s: a page the database failed is the 503 page with Retry-After",
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("no-store");
      // Nothing of the answer that was replaced.
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(res.body).toContain("The registry is temporarily unavailable");
      expect(res.body).toContain("Try again in 5 seconds");
    },
  );

  it("a failure that is not the database's stays a 500", async () => {
    expect(await get("/bug")).toMatchObject({ status: 500, body: "bug" });
  });

  it("under /api only a 500 is replaced, by the JSON error body", async () => {
    const res = await get("/api/v1/models");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(JSON.parse(res.body)).toEqual({
      error: { code: "SERVICE_UNAVAILABLE", message: expect.any(String), retryAfterSeconds: 5 },
    });
    expect(await get("/api/v1/ok")).toMatchObject({ status: 404 });
  });
});

describe("a method the route does not have", () => {
  it("under /api is the JSON error METHOD_NOT_ALLOWED, not Next's empty 405", async () => {
    const res = await get("/api/v1/admin/models/a/b", "DELETE");
    expect(res.status).toBe(405);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(res.body)).toEqual({
      error: { code: "METHOD_NOT_ALLOWED", message: "This endpoint does not accept DELETE." },
    });
  });

  it("on a Hub route is the Hub's error shape; elsewhere it stays as Next sent it", async () => {
    const hub = await get("/acme/m/resolve/main/x.onnx", "PUT");
    expect(hub.status).toBe(405);
    expect(hub.headers.get("x-error-message")).toBe("This endpoint does not accept PUT.");
    expect(JSON.parse(hub.body)).toEqual({ error: "This endpoint does not accept PUT.", code: "METHOD_NOT_ALLOWED" });
    expect(await get("/page-405", "POST")).toMatchObject({ status: 405, body: "page" });
  });
});
