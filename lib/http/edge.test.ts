import { describe, expect, it } from "vitest";
import { badRequestTarget, declaredTooLarge, errorResponse, securityHeaders } from "./edge";

describe("badRequestTarget", () => {
  it.each(["/api/v1/x/%ff", "/a/%c3%28", "/a/%ed%a0%80", "/a/%zz", "/a/b%00c", "/a/%0a", "/a/%7f"])(
    "refuses the path %s",
    (path) => expect(badRequestTarget(path, "")).toMatch(/path/),
  );
  it.each(["?from=%00", "?country=%ff", "?a=%0d", "?%00=1", "?q=%e2%82"])("refuses the query %s", (q) =>
    expect(badRequestTarget("/models/a/b/request", q)).toMatch(/query/),
  );
  it("lets ordinary and non-ASCII targets through", () => {
    expect(
      badRequestTarget("/org/name/resolve/main/dir%20x/caf%C3%A9.onnx", "?a=1&b=x+y&c=%E2%9C%93&d"),
    ).toBeUndefined();
  });
});

describe("edge responses", () => {
  it("answers in the JSON error shape, and in the Hub's on Hub routes", async () => {
    const rest = errorResponse("/api/v1/models", "BAD_REQUEST", "bad");
    expect(rest.status).toBe(400);
    expect(await rest.json()).toEqual({ error: { code: "BAD_REQUEST", message: "bad" } });
    const hub = errorResponse("/org/name/resolve/main/x", "PAYLOAD_TOO_LARGE", "big");
    expect(hub.status).toBe(413);
    expect(hub.headers.get("x-error-message")).toBe("big");
    expect(await hub.json()).toEqual({ error: "big", code: "PAYLOAD_TOO_LARGE" });
  });

  it("refuses a declared length over the cap only", () => {
    expect(declaredTooLarge("1025", 1024)).toMatch(/1024/);
    expect(declaredTooLarge("1024", 1024)).toBeUndefined();
    expect(declaredTooLarge(null, 1024)).toBeUndefined();
  });
});

describe("securityHeaders", () => {
  const base = { nonce: "abc", pathname: "/", appUrl: "http://localhost:3000", storageOrigin: "http://s3.local:9000" };
  it("sends a nonce CSP with no inline script, and the storage origin for fetches", () => {
    const csp = securityHeaders(base)["Content-Security-Policy"] ?? "";
    const script = csp.split("; ").find((d) => d.startsWith("script-src")) ?? "";
    expect(script).toContain("'nonce-abc'");
    expect(script).toContain("'wasm-unsafe-eval'");
    expect(script).not.toContain("unsafe-inline");
    expect(script).not.toContain("'unsafe-eval'");
    expect(csp).toContain("connect-src 'self' http://s3.local:9000");
    expect(csp).toContain("frame-ancestors 'none'");
  });
  it("allows the microphone on the playground only; camera and geolocation nowhere", () => {
    expect(securityHeaders(base)["Permissions-Policy"]).toBe("camera=(), geolocation=(), microphone=()");
    expect(securityHeaders({ ...base, pathname: "/models/silero/silero-vad/try" })["Permissions-Policy"]).toBe(
      "camera=(), geolocation=(), microphone=(self)",
    );
  });
  it("sends HSTS only when the app is served over https", () => {
    expect(securityHeaders(base)).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders({ ...base, appUrl: "https://weights.example" })["Strict-Transport-Security"]).toMatch(
      /max-age=\d+/,
    );
  });
});
