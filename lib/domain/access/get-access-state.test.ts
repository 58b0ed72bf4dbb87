import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { db } from "@/lib/db";
import { anonymous, researcher } from "@/lib/testing/callers";
import {
  cleanup,
  createAcceptance,
  createGatedModel,
  createLicenseVersion,
  createRequest,
  createResearcher,
  daysFromNow,
  type GatedModelInput,
  type ProfileFields,
  uid,
} from "@/lib/testing/factories";
import { assertAccess } from "./assert-access";
import { getAccessState } from "./get-access-state";

const modelIds: string[] = [];
afterAll(() => cleanup({ modelIds }));

/** A fresh model and a fresh researcher (complete profile unless told otherwise). */
const setup = async (model: GatedModelInput = {}, profile: ProfileFields & { complete?: boolean } = {}) => {
  const m = await createGatedModel({ org: `gas${uid()}`, ...model });
  modelIds.push(m.id);
  const { user, caller } = await createResearcher(profile);
  return { model: m, user, caller, ref: { org: m.org, name: m.name }, page: `/models/${m.slug}` };
};

const caught = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("expected a rejection"),
    (e: unknown) => e,
  );

describe("getAccessState: who and where", () => {
  it("asks an anonymous caller to sign in, coming back to the model page", async () => {
    const { ref, page } = await setup({ gating: "MANUAL" });
    const s = await getAccessState(anonymous, ref);
    expect(s).toMatchObject({
      code: "SIGN_IN_REQUIRED",
      action: `/sign-in?callbackUrl=${encodeURIComponent(page)}`,
      request: null,
    });
    expect(s.message).toMatch(/sign in/i);
  });

  it("answers NOT_FOUND for a PRIVATE model to researchers and anonymous callers, but decides for an admin", async () => {
    const { ref, model } = await setup({ visibility: "PRIVATE", gating: "MANUAL" });
    const { caller: researcherCaller } = await createResearcher();
    for (const c of [anonymous, researcher, researcherCaller])
      expect(await caught(getAccessState(c, ref))).toMatchObject({ code: "NOT_FOUND", status: 404 });
    const { caller: adminCaller } = await createResearcher({ role: "ADMIN" });
    const s = await getAccessState(adminCaller, ref);
    expect(s).toMatchObject({ code: "REQUEST_REQUIRED", model: { id: model.id, slug: model.slug, gating: "MANUAL" } });
  });

  it("answers NOT_FOUND for a model that does not exist", async () => {
    const { caller } = await createResearcher();
    expect(await caught(getAccessState(caller, { org: `gas${uid()}`, name: "nope" }))).toBeInstanceOf(AppError);
  });

  it("answers GEO_BLOCKED for a blocked declared country before anything else, even with a live grant and the license accepted", async () => {
    const { model, user, caller, ref, page } = await setup(
      { gating: "AUTO", rules: { blockedCountries: ["kp", "IR"] } },
      { country: "KP" },
    );
    await createRequest({ userId: user.id, modelId: model.id, status: "APPROVED" });
    await createAcceptance(user.id, model.licenseVersion);
    const s = await getAccessState(caller, ref);
    expect(s).toMatchObject({ code: "GEO_BLOCKED", action: page });
    expect(s.message).toMatch(/not available .* declared country/);
    // Also for an OPEN model, and before the profile check.
    const open = await setup(
      { gating: "OPEN", rules: { blockedCountries: ["IR"] } },
      { country: "IR", affiliation: null },
    );
    expect((await getAccessState(open.caller, open.ref)).code).toBe("GEO_BLOCKED");
    // A country that is not listed passes.
    const other = await setup({ gating: "AUTO", rules: { blockedCountries: ["IR"] } }, { country: "FR" });
    expect((await getAccessState(other.caller, other.ref)).code).toBe("REQUEST_REQUIRED");
  });
});

describe("getAccessState: the request part (AUTO and MANUAL)", () => {
  it.each(["name", "affiliation", "position", "country"] as const)(
    "answers PROFILE_INCOMPLETE when %s is missing",
    async (field) => {
      const { caller, ref, page } = await setup({ gating: "MANUAL" }, { [field]: field === "country" ? null : "" });
      const s = await getAccessState(caller, ref);
      expect(s).toMatchObject({
        code: "PROFILE_INCOMPLETE",
        action: `/account/profile?next=${encodeURIComponent(`${page}/request`)}`,
      });
      expect(s.message).toMatch(/complete your profile/i);
    },
  );

  it.each(["AUTO", "MANUAL"] as const)(
    "answers REQUEST_REQUIRED with a complete profile and no request (%s)",
    async (gating) => {
      const { caller, ref, page } = await setup({ gating });
      const s = await getAccessState(caller, ref);
      expect(s).toMatchObject({
        code: "REQUEST_REQUIRED",
        action: `${page}/request`,
        request: null,
        grantedUntil: null,
      });
      expect(s.message).toMatch(/request access/i);
    },
  );

  it("treats a WITHDRAWN latest request like no request (REQUEST_REQUIRED, or PROFILE_INCOMPLETE)", async () => {
    const { model, user, caller, ref } = await setup({ gating: "MANUAL" });
    const r = await createRequest({ userId: user.id, modelId: model.id, status: "WITHDRAWN" });
    expect(await getAccessState(caller, ref)).toMatchObject({
      code: "REQUEST_REQUIRED",
      request: { id: r.id, status: "WITHDRAWN" },
    });
    await db.user.update({ where: { id: user.id }, data: { position: null } });
    expect((await getAccessState(caller, ref)).code).toBe("PROFILE_INCOMPLETE");
  });

  it("answers REQUEST_PENDING with the date and a link to the caller's requests", async () => {
    const { model, user, caller, ref } = await setup({ gating: "MANUAL" });
    const r = await createRequest({ userId: user.id, modelId: model.id, status: "PENDING" });
    const s = await getAccessState(caller, ref);
    expect(s).toMatchObject({
      code: "REQUEST_PENDING",
      action: "/account/requests",
      request: { id: r.id, status: "PENDING" },
    });
    expect(s.message).toBe(`Your request is pending review since ${formatDate(r.createdAt)}.`);
  });

  it("answers REQUEST_REJECTED inside the cooldown: reason shown, next date given, no request link", async () => {
    const { model, user, caller, ref } = await setup({ gating: "MANUAL", requestCooldownDays: 14 });
    const decidedAt = daysFromNow(-2);
    await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "REJECTED",
      decidedAt,
      reasonText: "Affiliation unclear.",
    });
    const s = await getAccessState(caller, ref);
    const until = new Date(decidedAt.getTime() + 14 * 86_400_000);
    expect(s).toMatchObject({ code: "REQUEST_REJECTED", action: "/account/requests" });
    expect(s.message).toBe(
      `Your request was rejected. Reason: Affiliation unclear. You can apply again from ${formatDate(until)}.`,
    );
  });

  it("answers REQUEST_REJECTED after the cooldown with the request page as the next step (model's own cooldown)", async () => {
    const { model, user, caller, ref, page } = await setup({ gating: "AUTO", requestCooldownDays: 3 });
    await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "REJECTED",
      decidedAt: daysFromNow(-4),
      reasonCode: "blocked_country",
    });
    const s = await getAccessState(caller, ref);
    expect(s).toMatchObject({ code: "REQUEST_REJECTED", action: `${page}/request` });
    expect(s.message).toBe("Your request was rejected. Reason: blocked_country. You can apply again now.");
  });

  it("answers GRANT_REVOKED with the reason and the request page", async () => {
    const { model, user, caller, ref, page } = await setup({ gating: "MANUAL" });
    await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "REVOKED",
      revokedAt: new Date(),
      reasonText: "Terms breached.",
    });
    await createAcceptance(user.id, model.licenseVersion);
    const s = await getAccessState(caller, ref);
    expect(s).toMatchObject({ code: "GRANT_REVOKED", action: `${page}/request` });
    expect(s.message).toBe("Your access was revoked. Reason: Terms breached. You may request it again.");
  });

  it("answers GRANT_EXPIRED for an EXPIRED request and for an APPROVED one past its expiry", async () => {
    for (const status of ["EXPIRED", "APPROVED"] as const) {
      const { model, user, caller, ref, page } = await setup({ gating: "AUTO", grantDurationDays: 30 });
      const expiresAt = daysFromNow(-1);
      await createRequest({ userId: user.id, modelId: model.id, status, expiresAt });
      await createAcceptance(user.id, model.licenseVersion);
      const s = await getAccessState(caller, ref);
      expect(s).toMatchObject({ code: "GRANT_EXPIRED", action: `${page}/request`, grantedUntil: null });
      expect(s.message).toBe(`Your access expired on ${formatDate(expiresAt)}. Request it again to renew.`);
    }
  });

  it("looks at the latest request only", async () => {
    const { model, user, caller, ref } = await setup({ gating: "MANUAL" });
    await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "EXPIRED",
      createdAt: daysFromNow(-40),
      expiresAt: daysFromNow(-10),
    });
    const latest = await createRequest({ userId: user.id, modelId: model.id, status: "PENDING" });
    expect(await getAccessState(caller, ref)).toMatchObject({ code: "REQUEST_PENDING", request: { id: latest.id } });
  });
});

describe("getAccessState: the license part", () => {
  it.each(["AUTO", "MANUAL"] as const)(
    "answers LICENSE_NOT_ACCEPTED for a live grant without acceptance, then GRANTED (%s)",
    async (gating) => {
      const { model, user, caller, ref, page } = await setup({ gating });
      const expiresAt = daysFromNow(20);
      await createRequest({ userId: user.id, modelId: model.id, status: "APPROVED", expiresAt });
      const s = await getAccessState(caller, ref);
      expect(s).toMatchObject({ code: "LICENSE_NOT_ACCEPTED", action: `${page}/license`, grantedUntil: expiresAt });
      expect(s.message).toBe(`Accept ${model.licenseVersion.license.name} version 1.0 to continue.`);
      await createAcceptance(user.id, model.licenseVersion);
      const granted = await getAccessState(caller, ref);
      expect(granted).toMatchObject({
        code: "GRANTED",
        message: "You have access to this model.",
        action: undefined,
        grantedUntil: expiresAt,
      });
      expect(granted.license).toEqual({
        id: model.licenseVersion.id,
        name: model.licenseVersion.license.name,
        version: "1.0",
        sha256: model.licenseVersion.sha256,
      });
    },
  );

  it("wants the CURRENT version: an acceptance of an older version does not count", async () => {
    const { model, user, caller, ref } = await setup({ gating: "MANUAL" });
    await createRequest({ userId: user.id, modelId: model.id, status: "APPROVED" });
    await createAcceptance(user.id, model.licenseVersion);
    const v2 = await createLicenseVersion({ version: "2.0" });
    await db.model.update({ where: { id: model.id }, data: { currentLicenseVersionId: v2.id } });
    expect(await getAccessState(caller, ref)).toMatchObject({
      code: "LICENSE_NOT_ACCEPTED",
      license: { id: v2.id, version: "2.0" },
      grantedUntil: null,
    });
  });

  it("OPEN models skip the request part: an incomplete profile still only needs the license", async () => {
    const { model, user, caller, ref, page } = await setup({ gating: "OPEN" }, { complete: false });
    expect(await getAccessState(caller, ref)).toMatchObject({
      code: "LICENSE_NOT_ACCEPTED",
      action: `${page}/license`,
    });
    await createAcceptance(user.id, model.licenseVersion);
    expect(await getAccessState(caller, ref)).toMatchObject({ code: "GRANTED", model: { gating: "OPEN" } });
  });
});

describe("assertAccess", () => {
  it("throws the gate's code, message and action, and returns the state when GRANTED", async () => {
    const { model, user, caller, ref, page } = await setup({ gating: "OPEN" });
    const e = await caught(assertAccess(caller, ref));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({
      code: "LICENSE_NOT_ACCEPTED",
      status: 403,
      action: `${page}/license`,
      userMessage: expect.stringContaining("Accept"),
    });
    expect(await caught(assertAccess(anonymous, ref))).toMatchObject({ code: "SIGN_IN_REQUIRED", status: 401 });
    await createAcceptance(user.id, model.licenseVersion);
    expect(await assertAccess(caller, ref)).toMatchObject({ code: "GRANTED" });
  });
});
