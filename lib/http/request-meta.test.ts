import { afterEach, describe, expect, it } from "vitest";
import { requestMeta } from "./request-meta";

const req = (xff?: string) =>
  new Request("http://x/", { headers: { ...(xff ? { "x-forwarded-for": xff } : {}), "user-agent": "UA/1" } });

describe("requestMeta", () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXY_HOPS;
  });

  it("takes the right-most X-Forwarded-For entry by default (the one Next.js or the one proxy added)", () => {
    expect(requestMeta(req("203.0.113.7, 198.51.100.2"))).toEqual({ ip: "198.51.100.2", userAgent: "UA/1" });
    expect(requestMeta(req("198.51.100.2")).ip).toBe("198.51.100.2");
  });

  it("with two trusted proxies, ignores what the client claimed left of them", () => {
    process.env.TRUSTED_PROXY_HOPS = "2";
    expect(requestMeta(req("6.6.6.6, 198.51.100.2, 10.0.0.1")).ip).toBe("198.51.100.2");
  });

  it("records no address rather than a guess when there is none", () => {
    expect(requestMeta(req()).ip).toBeNull();
  });
});
