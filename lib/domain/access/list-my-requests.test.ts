import { describe, expect, it } from "vitest";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { db } from "@/lib/db";
import { anonymous } from "@/lib/testing/callers";
import {
  createAcceptance,
  createGatedModel,
  createLicenseVersion,
  createRequest,
  createResearcher,
  daysFromNow,
  type GatedModelInput,
  uid,
} from "@/lib/testing/factories";
import { acceptLicense } from "./accept-license";
import { listMyRequests } from "./list-my-requests";
import { submitAccessRequest } from "./submit-access-request";
import { withdrawAccessRequest } from "./withdraw-access-request";
import { expectAppError } from "@/lib/testing/expect-app-error";

const meta = { ip: null, userAgent: null };
const { modelIds, emails } = trackTestRows();

const newModel = async (data: GatedModelInput = {}) => {
  const m = await createGatedModel({ org: `lmr${uid()}`, ...data });
  modelIds.push(m.id);
  return { ...m, ref: { org: m.org, name: m.name } };
};
const newResearcher = async () => {
  const r = await createResearcher();
  emails.push(r.user.email!);
  return r;
};
const submit = (caller: Awaited<ReturnType<typeof newResearcher>>["caller"], m: Awaited<ReturnType<typeof newModel>>) =>
  submitAccessRequest(caller, m.ref, { answers: {}, licenseVersionId: m.licenseVersion.id }, meta);

/** A new version of the model's license, made current (what publishing does, without the mails). */
const moveToNewVersion = async (m: Awaited<ReturnType<typeof newModel>>, version: string) => {
  const text = `${m.licenseVersion.license.name} ${version}: research use only, and cite us.`;
  const v = await createLicenseVersion({ licenseId: m.licenseVersion.licenseId, version, text });
  await db.model.update({ where: { id: m.id }, data: { currentLicenseVersionId: v.id } });
  return v;
};

describe("listMyRequests", () => {
  it("says per model when a new request opens: after a rejection's cool-down, at once after a withdrawal", async () => {
    const me = await newResearcher();
    const cooling = await newModel({ gating: "MANUAL", requestCooldownDays: 10 });
    const withdrawn = await newModel({ gating: "MANUAL" });
    const decidedAt = daysFromNow(-2);
    await createRequest({
      userId: me.user.id,
      modelId: cooling.id,
      status: "REJECTED",
      decidedAt: daysFromNow(-8),
      createdAt: daysFromNow(-9),
    });
    await createRequest({ userId: me.user.id, modelId: cooling.id, status: "REJECTED", decidedAt });
    await createRequest({ userId: me.user.id, modelId: withdrawn.id, status: "WITHDRAWN" });
    const mine = await listMyRequests(me.caller);
    const latestCooling = mine.find((r) => r.model.slug === cooling.slug)!;
    expect(latestCooling.reapply).toEqual({
      canRequest: false,
      reapplyAt: new Date(decidedAt.getTime() + 10 * 86_400_000),
    });
    // Only the latest request of a model leads anywhere.
    expect(mine.filter((r) => r.model.slug === cooling.slug && r !== latestCooling).map((r) => r.reapply)).toEqual([
      null,
    ]);
    expect(mine.find((r) => r.model.slug === withdrawn.slug)!.reapply).toEqual({ canRequest: true, reapplyAt: null });
  });

  it("asks an anonymous caller to sign in", async () => {
    await expectAppError(listMyRequests(anonymous), "SIGN_IN_REQUIRED");
  });

  it("lists only the caller's own requests, newest first, with model and license", async () => {
    const [a, b] = [await newResearcher(), await newResearcher()];
    const m1 = await newModel({ gating: "MANUAL" });
    const m2 = await newModel({ gating: "AUTO" });
    const r1 = await submit(a.caller, m1);
    await submit(b.caller, m1);
    const r2 = await submit(a.caller, m2);
    const mine = await listMyRequests(a.caller);
    expect(mine.map((r) => r.id)).toEqual([r2.request.id, r1.request.id]);
    expect(mine[1]).toMatchObject({
      status: "PENDING",
      model: { slug: m1.slug, gating: "MANUAL" },
      licenseVersion: { version: "1.0" },
    });
    expect(mine[0]).toMatchObject({ status: "APPROVED", reasonCode: "auto_approval" });
    expect((await listMyRequests(b.caller)).map((r) => r.model.slug)).toEqual([m1.slug]);
  });

  it("builds each timeline from the audit log in order, the rules' verdict as its own step", async () => {
    const { caller } = await newResearcher();
    const manual = await newModel({ gating: "MANUAL" });
    const auto = await newModel({ gating: "AUTO" });
    const p = await submit(caller, manual);
    await withdrawAccessRequest(caller, { id: p.request.id });
    await submit(caller, auto);
    const [autoReq, manualReq] = await listMyRequests(caller);
    expect(manualReq!.timeline.map((t) => [t.label, t.detail])).toEqual([
      ["Submitted", null],
      ["Rule outcome", "This model's requests are reviewed by hand."],
      ["Withdrawn", null],
    ]);
    expect(autoReq!.timeline.map((t) => [t.label, t.detail])).toEqual([
      ["Submitted", null],
      ["Rule outcome", "Approved automatically."],
      ["Approved", null],
    ]);
    for (const r of [autoReq!, manualReq!]) {
      const times = r.timeline.map((t) => t.at.getTime());
      expect(times).toEqual([...times].sort((x, y) => x - y));
    }
  });

  it("shows a renewal: the lapsed grant's timeline ends with Expired", async () => {
    const { user, caller } = await newResearcher();
    const m = await newModel({ gating: "AUTO", grantDurationDays: 10 });
    await createAcceptance(user.id, m.licenseVersion, daysFromNow(-21));
    const old = await createRequest({
      userId: user.id,
      modelId: m.id,
      status: "APPROVED",
      createdAt: daysFromNow(-20),
      expiresAt: daysFromNow(-1),
    });
    await submit(caller, m);
    const [renewed, lapsed] = await listMyRequests(caller);
    expect(lapsed).toMatchObject({ id: old.id, status: "EXPIRED" });
    expect(lapsed!.timeline.map((t) => t.label)).toEqual(["Expired"]);
    expect(renewed!.timeline.map((t) => t.label)).toEqual(["Submitted", "Rule outcome", "Approved"]);
  });

  it("adds a later acceptance of the model's license (a new version) as 'License accepted'", async () => {
    const { caller } = await newResearcher();
    const m = await newModel({ gating: "AUTO" });
    await submit(caller, m);
    const v2 = await moveToNewVersion(m, "2.0");
    await acceptLicense(caller, m.ref, { licenseVersionId: v2.id }, meta);
    const [r] = await listMyRequests(caller);
    expect(r!.timeline.map((t) => [t.label, t.detail])).toEqual([
      ["Submitted", null],
      ["Rule outcome", "Approved automatically."],
      ["Approved", null],
      ["License accepted", `${m.licenseVersion.license.name} 2.0`],
    ]);
  });

  it("does not show an acceptance of an unrelated license", async () => {
    const { caller } = await newResearcher();
    const m = await newModel({ gating: "MANUAL" });
    await submit(caller, m);
    const open = await newModel({ gating: "OPEN", licenseVersionId: (await createLicenseVersion()).id });
    await acceptLicense(caller, open.ref, { licenseVersionId: open.licenseVersion.id }, meta);
    const [r] = await listMyRequests(caller);
    expect(r!.timeline.map((t) => t.label)).toEqual(["Submitted", "Rule outcome"]);
  });

  it("a new version accepted with a renewal belongs to the new request, not the lapsed grant", async () => {
    const { user, caller } = await newResearcher();
    const m = await newModel({ gating: "AUTO", grantDurationDays: 10 });
    await createAcceptance(user.id, m.licenseVersion, daysFromNow(-21));
    await createRequest({
      userId: user.id,
      modelId: m.id,
      status: "APPROVED",
      createdAt: daysFromNow(-20),
      expiresAt: daysFromNow(-1),
    });
    const v2 = await moveToNewVersion(m, "2.0");
    await submitAccessRequest(caller, m.ref, { answers: {}, licenseVersionId: v2.id }, meta);
    const [, lapsed] = await listMyRequests(caller);
    expect(lapsed!.timeline.map((t) => t.label)).toEqual(["Expired"]);
  });

  it("a request on another model does not hide later re-acceptances of this model's license", async () => {
    const { caller } = await newResearcher();
    const m = await newModel({ gating: "AUTO" });
    const other = await newModel({ gating: "MANUAL" });
    await submit(caller, m);
    await submit(caller, other);
    const v2 = await moveToNewVersion(m, "2.0");
    await acceptLicense(caller, m.ref, { licenseVersionId: v2.id }, meta);
    const r = (await listMyRequests(caller)).find((x) => x.model.slug === m.slug)!;
    expect(r.timeline.map((t) => t.label)).toContain("License accepted");
  });
});
