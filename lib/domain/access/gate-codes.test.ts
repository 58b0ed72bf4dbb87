import { describe, expect, it } from "vitest";
import { toErrorBody } from "@/lib/errors";
import { describeGate, gateCodes, gateError } from "./gate-codes";

const expectedStatus: Record<(typeof gateCodes)[number], number> = {
  SIGN_IN_REQUIRED: 401,
  PROFILE_INCOMPLETE: 403,
  REQUEST_REQUIRED: 403,
  REQUEST_PENDING: 403,
  REQUEST_REJECTED: 403,
  GRANT_EXPIRED: 403,
  GRANT_REVOKED: 403,
  LICENSE_NOT_ACCEPTED: 403,
  GEO_BLOCKED: 403,
  FILE_NOT_READY: 403,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 403,
};

describe("the gate vocabulary", () => {
  it.each(gateCodes)("%s has its HTTP status, a sentence and a next step on this portal", (code) => {
    const e = gateError(code, {
      slug: "org/model",
      retryAfterSeconds: 30,
      licenseName: "MIT License",
      licenseVersion: "1.0",
    });
    expect(e.status).toBe(expectedStatus[code]);
    expect(e.userMessage).toMatch(/^[A-Z].*\.$/);
    expect(e.action).toMatch(/^\/(sign-in|account|models\/org\/model)/);
    expect(toErrorBody(e)).toEqual({ error: { code, message: e.userMessage, action: e.action } });
  });

  it("says when a rejected applicant may apply again, and points there once they may", () => {
    const later = new Date(Date.now() + 3 * 86_400_000);
    expect(describeGate("REQUEST_REJECTED", { slug: "o/m", reason: "Too vague", until: later })).toMatchObject({
      message: expect.stringContaining("Reason: Too vague. You can apply again from"),
      action: "/account/requests",
    });
    expect(describeGate("REQUEST_REJECTED", { slug: "o/m", until: new Date(Date.now() - 1000) }).action).toBe(
      "/models/o/m/request",
    );
  });

  it("keeps the way back after sign-in", () => {
    expect(describeGate("SIGN_IN_REQUIRED", { slug: "o/m" }).action).toBe("/sign-in?callbackUrl=%2Fmodels%2Fo%2Fm");
  });
});
