import { expect, test } from "@playwright/test";

test("GET /api/health reports the database and storage up", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toContain("no-store");
  expect(await res.json()).toEqual({ status: "ok", database: "up", storage: "up" });
});

test("GET /api/auth/session without a cookie has no user", async ({ request }) => {
  const res = await request.get("/api/auth/session");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({});
});

test("GET /api/auth/session with an unknown session cookie has no user", async ({ request }) => {
  const res = await request.get("/api/auth/session", {
    headers: { cookie: "next-auth.session-token=not-a-real-session" },
  });
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({});
});

test("GET /api/auth/providers offers e-mail sign-in", async ({ request }) => {
  const res = await request.get("/api/auth/providers");
  expect(res.status()).toBe(200);
  const providers = (await res.json()) as Record<string, { id: string; type: string; signinUrl: string }>;
  expect(providers.email).toMatchObject({ id: "email", type: "email" });
  expect(new URL(providers.email?.signinUrl ?? "").pathname).toBe("/api/auth/signin/email");
});
