import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshFileUrl, getJson, portalFetch } from "./http";

let handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, s) => s.end();
const server = createServer((q, s) => handler(q, s));
let portal = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  portal = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));

describe("portal client", () => {
  it("sends the bearer token and maps 401 to exit 3, gate 403 to exit 4 with an absolute next step, 5xx to 5", async () => {
    const seen: (string | undefined)[] = [];
    handler = (req, res) => {
      seen.push(req.headers.authorization);
      if (req.url === "/401")
        return json(res, 401, { error: { code: "SIGN_IN_REQUIRED", message: "Sign in to continue." } });
      if (req.url === "/403")
        return json(res, 403, {
          error: { code: "REQUEST_PENDING", message: "Your request is being reviewed.", action: "/models/a/b" },
        });
      res.writeHead(502, { "content-type": "text/html" }).end("<html>bad gateway</html>");
    };
    const p = { portal, token: "hf_abc" };
    await expect(getJson(p, "/401")).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining("SIGN_IN_REQUIRED"),
    });
    await expect(getJson(p, "/403")).rejects.toMatchObject({
      exitCode: 4,
      action: `${portal}/models/a/b`,
      message: expect.stringContaining("being reviewed"),
    });
    await expect(getJson(p, "/502")).rejects.toMatchObject({ exitCode: 5 });
    expect(seen).toEqual(["Bearer hf_abc", "Bearer hf_abc", "Bearer hf_abc"]);
  });

  it("waits out a 429 with a short Retry-After, and gives up on a long one", async () => {
    let calls = 0;
    handler = (req, res) => {
      calls++;
      if (req.url === "/long")
        return json(res, 429, { error: { code: "RATE_LIMITED", message: "Slow down." } }, { "retry-after": "3600" });
      if (calls < 3)
        return json(res, 429, { error: { code: "RATE_LIMITED", message: "Slow down." } }, { "retry-after": "2" });
      json(res, 200, { ok: true });
    };
    const waits: number[] = [];
    const res = await portalFetch({ portal }, "/short", {}, async (ms) => void waits.push(ms));
    expect([res.status, waits]).toEqual([200, [2000, 2000]]);
    calls = 0;
    await expect(getJson({ portal }, "/long")).rejects.toMatchObject({
      exitCode: 5,
      message: expect.stringContaining("Retry after 3600 seconds"),
    });
    expect(calls).toBe(1);
  });

  it("freshFileUrl takes the 302's Location without following it; a refusal is an error", async () => {
    handler = (req, res) => {
      if (req.url?.startsWith("/api/v1/models/a/b/files/dir/w%20x.bin?revision=main"))
        return res.writeHead(302, { location: "http://s3.example/obj?X-Amz-Expires=600&X-Amz-Signature=x" }).end();
      json(res, 403, { error: { code: "GRANT_REVOKED", message: "Revoked." } });
    };
    const fresh = await freshFileUrl({ portal, token: "hf_t" }, "a/b", "dir/w x.bin", "main");
    expect(fresh.url).toBe("http://s3.example/obj?X-Amz-Expires=600&X-Amz-Signature=x");
    expect(Date.parse(fresh.expiresAt as string)).toBeGreaterThan(Date.now() + 590_000);
    await expect(freshFileUrl({ portal, token: "hf_t" }, "a/b", "other.bin", "main")).rejects.toMatchObject({
      exitCode: 4,
    });
  });
});
