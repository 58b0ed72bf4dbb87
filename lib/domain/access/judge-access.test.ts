import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/time";
import { judgeAccess, requestWindow, type GateModel, type GateProfile, type GateRequest } from "./judge-access";

// judgeAccess is pure: every state is checked from hand-made facts, at a fixed instant.
const now = new Date("2026-06-15T12:00:00Z");
const model = (over: Partial<GateModel> = {}): GateModel => ({
  id: "m1",
  slug: "org/model",
  gating: "MANUAL",
  rules: { blockedCountries: ["KP"] },
  requestCooldownDays: 14,
  currentLicenseVersion: { id: "lv1", version: "1.0", sha256: "a".repeat(64), license: { name: "L", slug: "l" } },
  ...over,
});
const profile: GateProfile = { name: "Ada", affiliation: "Uni", position: "PhD", country: "FR" };
const request = (status: GateRequest["status"], over: Partial<GateRequest> = {}): GateRequest => ({
  id: "r1",
  status,
  createdAt: addDays(now, -20),
  decidedAt: null,
  reasonCode: null,
  reasonText: null,
  expiresAt: null,
  revokedAt: null,
  ...over,
});
const judge = (facts: Partial<Parameters<typeof judgeAccess>[0]>) =>
  judgeAccess({ model: model(), profile, latest: null, accepted: false, now, ...facts });

describe("judgeAccess: canRequest and reapplyAt for every state", () => {
  it.each([
    ["anonymous", { profile: null }, "SIGN_IN_REQUIRED", false],
    ["a blocked country", { profile: { ...profile, country: "KP" } }, "GEO_BLOCKED", false],
    ["no request, complete profile", {}, "REQUEST_REQUIRED", true],
    ["no request, incomplete profile", { profile: { ...profile, position: null } }, "PROFILE_INCOMPLETE", true],
    ["a withdrawn request", { latest: request("WITHDRAWN") }, "REQUEST_REQUIRED", true],
    ["a pending request", { latest: request("PENDING") }, "REQUEST_PENDING", false],
    [
      "a rejection past its cool-down",
      { latest: request("REJECTED", { decidedAt: addDays(now, -15) }) },
      "REQUEST_REJECTED",
      true,
    ],
    ["a revoked grant", { latest: request("REVOKED") }, "GRANT_REVOKED", true],
    ["an expired grant", { latest: request("EXPIRED", { expiresAt: addDays(now, -1) }) }, "GRANT_EXPIRED", true],
    [
      "an approved grant past its date (not yet swept)",
      { latest: request("APPROVED", { expiresAt: addDays(now, -1) }) },
      "GRANT_EXPIRED",
      true,
    ],
    ["a live grant, license not accepted", { latest: request("APPROVED") }, "LICENSE_NOT_ACCEPTED", false],
    ["a live grant, license accepted", { latest: request("APPROVED"), accepted: true }, "GRANTED", false],
    ["an OPEN model, license not accepted", { model: model({ gating: "OPEN" }) }, "LICENSE_NOT_ACCEPTED", false],
    ["an OPEN model, license accepted", { model: model({ gating: "OPEN" }), accepted: true }, "GRANTED", false],
  ] as const)("%s → %s, canRequest %s, no reapplyAt", (_label, facts, code, canRequest) => {
    const state = judge(facts as Partial<Parameters<typeof judgeAccess>[0]>);
    expect(state.code).toBe(code);
    expect(state.canRequest).toBe(canRequest);
    expect(state.reapplyAt).toBeNull();
  });

  it("a rejection inside its cool-down: no new request, reapplyAt is the decision plus the cool-down", () => {
    const decidedAt = addDays(now, -3);
    const state = judge({ latest: request("REJECTED", { decidedAt, reasonText: "Too vague" }) });
    expect(state.code).toBe("REQUEST_REJECTED");
    expect(state.canRequest).toBe(false);
    expect(state.reapplyAt).toEqual(addDays(decidedAt, 14));
    expect(state.message).toBe("Your request was rejected. Reason: Too vague. You can apply again from 26 Jun 2026.");
    expect(state.action).toBe("/account/requests");
  });

  it("the cool-down counts from the request when no decision date was kept, and opens exactly at its end", () => {
    const createdAt = addDays(now, -14);
    const atEnd = judge({ latest: request("REJECTED", { createdAt }) });
    expect(atEnd).toMatchObject({ canRequest: true, reapplyAt: null });
    expect(atEnd.message).toMatch(/You can apply again now\.$/);
    const justBefore = judge({ latest: request("REJECTED", { createdAt }), now: new Date(now.getTime() - 1) });
    expect(justBefore).toMatchObject({ canRequest: false, reapplyAt: addDays(createdAt, 14) });
  });

  it("a cool-down of 0 days lets a rejected researcher apply again at once", () => {
    const state = judge({ model: model({ requestCooldownDays: 0 }), latest: request("REJECTED", { decidedAt: now }) });
    expect(state).toMatchObject({ code: "REQUEST_REJECTED", canRequest: true, reapplyAt: null });
  });

  it("a blocked country hides the cool-down too: nothing can be requested from there", () => {
    const state = judge({
      profile: { ...profile, country: "KP" },
      latest: request("REJECTED", { decidedAt: addDays(now, -1) }),
    });
    expect(state).toMatchObject({ code: "GEO_BLOCKED", canRequest: false, reapplyAt: null });
  });
});

describe("requestWindow: the rule on its own (the requests page uses it per model)", () => {
  it("is closed for OPEN models whatever the latest request", () => {
    expect(requestWindow({ gating: "OPEN", requestCooldownDays: 14 }, null, now)).toEqual({
      canRequest: false,
      reapplyAt: null,
    });
  });
  it("is open with no request and closed while one is pending", () => {
    expect(requestWindow(model(), null, now).canRequest).toBe(true);
    expect(requestWindow(model(), request("PENDING"), now).canRequest).toBe(false);
  });
});
