// Bad input at the edge: every malformed target, body or caller gets a precise 4xx in the JSON
// error shape and writes nothing; security headers on pages and API answers.
import { readFileSync, readdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { SEEDED, client, expectError, footprint, person, seeded } from "../fixtures/access-world";
import { withDb } from "../fixtures/db";
import { errorCodeOf, raw, tableCounts } from "../fixtures/raw-http";
import { createApiToken } from "../fixtures/review-world";

test.describe.configure({ mode: "serial" });

test("undecodable or control-character targets get 400 BAD_REQUEST before any route runs, and write nothing", async () => {
  const before = await tableCounts();
  const targets = [
    ["GET", "/api/v1/review/requests/%ff"],
    ["GET", "/api/v1/models/%c3%28/x/access"],
    ["GET", "/api/v1/models/a/b/files/%ed%a0%80"],
    ["GET", "/api/v1/review/requests/a%00b"],
    ["POST", "/api/v1/review/requests/%zz/decision"],
    ["DELETE", "/api/v1/me/tokens/%ff"],
    ["GET", "/api/v1/admin/access-requests?country=%00"],
    ["GET", "/models/%ff/x"],
    ["GET", "/models/registry-demo/tiny-char-lm/request?from=%00"],
    ["GET", "/admin/requests?country=%00"],
    ["GET", "/sign-in?callbackUrl=%0a"],
    ["GET", "/sign-in?callbackUrl=/%09/evil.example"],
  ] as const;
  for (const [method, target] of targets) {
    const res = await raw(
      method,
      target,
      method === "POST" ? { body: "{}", headers: { "content-type": "application/json" } } : {},
    );
    expect([res.status, errorCodeOf(res.text)], `${method} ${target}: ${res.text}`).toEqual([400, "BAD_REQUEST"]);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(res.text)).toEqual({ error: { code: "BAD_REQUEST", message: expect.any(String) } });
  }
  // Hub routes answer in the Hub's shape (string `error`, X-Error-Message).
  for (const target of ["/api/models/%zz/x", "/org/name/resolve/main/%ff.onnx", "/api/models/a/b/revision/%00"]) {
    const res = await raw("GET", target);
    expect(res.status, target).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ error: expect.any(String), code: "BAD_REQUEST" });
    expect(res.headers["x-error-message"]).toEqual(expect.any(String));
  }
  expect(await tableCounts()).toEqual(before);
});

test("a method a route does not have is 405 METHOD_NOT_ALLOWED in the JSON error shape (the Hub's on Hub routes), and writes nothing", async () => {
  const before = await tableCounts();
  // Encoded dot segments are resolved by the URL parser, so they also land on another route's methods.
  for (const [method, target] of [
    ["DELETE", `/api/v1/admin/models/${SEEDED.MANUAL}`],
    ["PUT", "/api/v1/me/tokens"],
    ["DELETE", "/api/v1/admin/models/registry-demo/%2e%2e/reviewers/constructor"],
  ] as const) {
    const res = await raw(method, target);
    expect([res.status, errorCodeOf(res.text)], `${method} ${target}: ${res.text}`).toEqual([
      405,
      "METHOD_NOT_ALLOWED",
    ]);
    expect(res.headers["content-type"]).toContain("application/json");
  }
  const hub = await raw("POST", `/${SEEDED.OPEN}/resolve/main/silero_vad.onnx`);
  expect(hub.status).toBe(405);
  expect(JSON.parse(hub.text)).toEqual({ error: expect.any(String), code: "METHOD_NOT_ALLOWED" });
  expect(await tableCounts()).toEqual(before);
});

test("bad bytes and prototype keys in bodies are 4xx with their code, and write nothing", async ({ request }) => {
  const m = await seeded(SEEDED.MANUAL);
  const who = await person();
  const api = client(request, who);
  const before = await footprint(who);
  const url = `/api/v1/models/${m.slug}/license-acceptances`;
  for (const key of ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"]) {
    const res = await api.post(url, `{"licenseVersionId":"${m.licenseVersionId}","${key}":1}`, {
      "content-type": "application/json",
    });
    const error = await expectError(res, 422, "VALIDATION_FAILED");
    expect(Object.keys(error.fields ?? {})).toContain(key);
  }
  await expectError(await api.post(url, { licenseVersionId: "a\u0000b" }), 422, "VALIDATION_FAILED");
  await expectError(await api.put("/api/v1/me/profile", { name: "Nul\u0000Name" }), 422, "VALIDATION_FAILED");
  for (const body of ["{", Buffer.from([0x7b, 0xff, 0x7d])]) {
    const res = await raw("POST", url, { body, headers: { ...who.headers, "content-type": "application/json" } });
    expect([res.status, errorCodeOf(res.text)], res.text).toEqual([400, "BAD_REQUEST"]);
  }
  expect(await footprint(who)).toEqual(before);
});

test("bodies over MAX_JSON_BODY_BYTES get 413 PAYLOAD_TOO_LARGE, declared or streamed, anonymous or not", async () => {
  const before = await tableCounts();
  const target = "/api/models/registry-demo/tiny-char-lm/paths-info/main";
  const declared = await raw("POST", target, {
    body: `{"paths":["${"a".repeat(2 * 1024 ** 2)}"]}`,
    headers: { "content-type": "application/json" },
  });
  expect([declared.status, errorCodeOf(declared.text)]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
  const streamed = await raw("POST", "/api/v1/me/tokens", {
    chunked: 3 * 1024 ** 2,
    headers: { "content-type": "application/json" },
  });
  expect([streamed.status, errorCodeOf(streamed.text)]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
  expect(await tableCounts()).toEqual(before);
});

/** The web process's resident memory, found by its port among this machine's processes. */
const webRss = () => {
  const port = new URL(process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT}`).port;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (/web-server\.ts|roles\/web\.ts/.test(cmd) && env.includes(`PORT=${port}`)) {
        const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
        return Number(kb) * 1024;
      }
    } catch {
      // a process that ended meanwhile, or one we may not read
    }
  }
  return undefined;
};

test("memory stays flat under 50 parallel oversized posts", async () => {
  const before = webRss();
  test.skip(before === undefined, "web process not found");
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      raw("POST", "/api/models/registry-demo/tiny-char-lm/paths-info/main", {
        chunked: 20 * 1024 ** 2,
        headers: { "content-type": i % 2 ? "application/json" : "application/x-www-form-urlencoded" },
      }),
    ),
  );
  const after = webRss() as number;
  const grownMiB = (after - (before as number)) / 1024 ** 2;
  console.log(
    `web RSS ${((before as number) / 1024 ** 2).toFixed(0)} MiB → ${(after / 1024 ** 2).toFixed(0)} MiB after 50 × 20 MiB posts`,
  );
  expect(new Set(results.map((r) => r.status))).toEqual(new Set([413]));
  // Read whole, they would add 1,000 MiB; capped, at most a few copies of 1 MiB each.
  expect(grownMiB).toBeLessThan(300);
});

test("pages carry a nonce CSP, Permissions-Policy; API answers to callers with credentials are no-store", async ({
  request,
}) => {
  const page = await raw("GET", "/");
  const csp = page.headers["content-security-policy"] as string;
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toMatch(/script-src[^;]*'wasm-unsafe-eval'/);
  expect(page.text).toContain(`nonce="${nonce}"`);
  expect(page.headers["permissions-policy"]).toBe("camera=(), geolocation=(), microphone=()");
  const playground = await raw("GET", `/models/${SEEDED.OPEN}/try`);
  expect(playground.headers["permissions-policy"]).toBe("camera=(), geolocation=(), microphone=(self)");
  // http in e2e: no HSTS.
  expect(page.headers["strict-transport-security"]).toBeUndefined();

  const who = await person();
  const me = await client(request, who).get("/api/v1/me/profile");
  expect(me.status()).toBe(200);
  expect(me.headers()["cache-control"]).toBe("no-store");
});

test("cookie downloads from another site are refused and spend nothing; token callers are unaffected", async ({
  request,
}) => {
  const m = await seeded(SEEDED.OPEN);
  const who = await person();
  const api = client(request, who);
  // OPEN: accepting the license is the whole gate.
  expect(
    (await api.post(`/api/v1/models/${m.slug}/license-acceptances`, { licenseVersionId: m.licenseVersionId })).status(),
  ).toBe(201);
  const files = await withDb(
    async (c) =>
      (
        await c.query<{ path: string }>(
          `SELECT f.path FROM "ModelFile" f JOIN "ModelVersion" v ON v.id = f."versionId" WHERE v."modelId" = $1 LIMIT 1`,
          [m.id],
        )
      ).rows,
  );
  const url = `/api/v1/models/${m.slug}/files/${files[0]?.path}`;
  const downloads = () =>
    withDb(
      async (c) =>
        (
          await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "DownloadEvent" WHERE "userId" = $1`, [
            who.userId,
          ])
        ).rows[0]?.n,
    );
  const before = await downloads();
  for (const site of ["cross-site", "same-site"]) {
    const res = await request.get(url, { headers: { ...who.headers, "sec-fetch-site": site }, maxRedirects: 0 });
    await expectError(res, 403, "FORBIDDEN");
  }
  expect(await downloads()).toBe(before);
  const ok = await request.get(url, { headers: { ...who.headers, "sec-fetch-site": "same-origin" }, maxRedirects: 0 });
  expect(ok.status()).toBe(302);
  const token = await createApiToken(who.userId, "READ");
  const viaToken = await request.get(url, {
    headers: { ...token.headers, "sec-fetch-site": "cross-site" },
    maxRedirects: 0,
  });
  expect(viaToken.status()).toBe(302);
  expect(await downloads()).toBe((before ?? 0) + 2);
});

test("receipts record the socket's address, not what X-Forwarded-For claims, and say so", async ({ request }) => {
  const m = await seeded(SEEDED.OPEN);
  const who = await person();
  const res = await client(request, who).post(
    `/api/v1/models/${m.slug}/license-acceptances`,
    { licenseVersionId: m.licenseVersionId },
    { "x-forwarded-for": "6.6.6.6", "x-registry-socket-address": "7.7.7.7" },
  );
  expect(res.status()).toBe(201);
  const row = await withDb(
    async (c) =>
      (
        await c.query<{ ip: string; ipSource: string }>(
          `SELECT ip, "ipSource" FROM "LicenseAcceptance" WHERE "userId" = $1`,
          [who.userId],
        )
      ).rows[0],
  );
  expect(row).toEqual({ ip: "127.0.0.1", ipSource: "socket" });
});

test("sign-in mail is limited per address: the 6th request in an hour is 429 with when to retry, and only the newest link is valid", async ({
  request,
}) => {
  const email = `limit-${Date.now()}@e2e.test`;
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const ask = () =>
    request.post("/api/auth/signin/email", {
      form: { email, csrfToken, callbackUrl: "/", json: "true" },
      headers: { "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250)}` },
    });
  for (let i = 0; i < 5; i++) expect((await ask()).status()).toBe(200);
  const tokens = () =>
    withDb(
      async (c) =>
        (
          await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "VerificationToken" WHERE identifier = $1`, [
            email,
          ])
        ).rows[0]?.n,
    );
  expect(await tokens()).toBe(1);
  const refused = await ask();
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  const body = (await refused.json()) as { url: string; error: { code: string; retryAfterSeconds: number } };
  expect(body.error.code).toBe("RATE_LIMITED");
  expect(body.url).toMatch(/error=RateLimited:\d+/);
  expect(await tokens()).toBe(1);
});
