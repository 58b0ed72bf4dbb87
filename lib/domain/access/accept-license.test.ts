import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { anonymous } from "@/lib/testing/callers";
import {
  cleanup,
  createGatedModel,
  createLicenseVersion,
  createResearcher,
  gateSnapshot,
  type GatedModelInput,
  uid,
} from "@/lib/testing/factories";
import { acceptLicense } from "./accept-license";
import { getAccessState } from "./get-access-state";

const modelIds: string[] = [];
afterAll(() => cleanup({ modelIds }));

const meta = { ip: "198.51.100.23", userAgent: "curl/8.5.0" };
const setup = async (model: GatedModelInput = {}) => {
  const m = await createGatedModel({ org: `acc${uid()}`, gating: "OPEN", ...model });
  modelIds.push(m.id);
  const { user, caller } = await createResearcher();
  return {
    model: m,
    user,
    caller,
    ref: { org: m.org, name: m.name },
    snap: () => gateSnapshot({ userId: user.id, modelId: m.id }),
  };
};
const refused = async (snap: () => Promise<unknown>, call: () => Promise<unknown>) => {
  const before = await snap();
  const error = await call().then(
    () => expect.fail("expected a refusal"),
    (e: unknown) => e,
  );
  expect(await snap()).toEqual(before);
  return error as AppError;
};

describe("acceptLicense", () => {
  it("records the current version with IP, user agent and the text's hash, audits it, and opens an OPEN model", async () => {
    const { model, user, caller, ref } = await setup();
    const result = await acceptLicense(caller, ref, { licenseVersionId: model.licenseVersion.id }, meta);
    expect(result).toMatchObject({
      created: true,
      licenseVersionId: model.licenseVersion.id,
      sha256: model.licenseVersion.sha256,
    });

    const rows = await db.licenseAcceptance.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: result.id,
      licenseVersionId: model.licenseVersion.id,
      textSha256: model.licenseVersion.sha256,
      ...meta,
    });
    const audit = await db.auditEvent.findMany({ where: { targetId: result.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "license.accepted",
      actorId: user.id,
      modelId: model.id,
      targetType: "LicenseAcceptance",
      data: { licenseVersionId: model.licenseVersion.id, sha256: model.licenseVersion.sha256 },
    });
    expect((await getAccessState(caller, ref)).code).toBe("GRANTED");
  });

  it("accepting again answers the same acceptance with created:false and writes nothing", async () => {
    const { model, caller, ref, snap } = await setup();
    const first = await acceptLicense(caller, ref, { licenseVersionId: model.licenseVersion.id }, meta);
    const before = await snap();
    const again = await acceptLicense(
      caller,
      ref,
      { licenseVersionId: model.licenseVersion.id },
      { ip: "192.0.2.1", userAgent: "other" },
    );
    expect(again).toMatchObject({ id: first.id, created: false });
    expect(await snap()).toEqual(before);
  });

  it("5 simultaneous accepts write one row and one audit row; all answer its id", async () => {
    const { model, user, caller, ref } = await setup({ gating: "MANUAL" });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => acceptLicense(caller, ref, { licenseVersionId: model.licenseVersion.id }, meta)),
    );
    const rows = await db.licenseAcceptance.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set([rows[0]!.id]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { action: "license.accepted", actorId: user.id } })).toBe(1);
  });

  it("truncates an oversize IP (64) and user agent (512), and stores missing ones as null", async () => {
    const a = await setup();
    const long = await acceptLicense(
      a.caller,
      a.ref,
      { licenseVersionId: a.model.licenseVersion.id },
      { ip: "9".repeat(100), userAgent: "u".repeat(600) },
    );
    const row = await db.licenseAcceptance.findUniqueOrThrow({ where: { id: long.id } });
    expect([row.ip, row.userAgent]).toEqual(["9".repeat(64), "u".repeat(512)]);
    const b = await setup();
    const none = await acceptLicense(
      b.caller,
      b.ref,
      { licenseVersionId: b.model.licenseVersion.id },
      { ip: null, userAgent: null },
    );
    expect(await db.licenseAcceptance.findUniqueOrThrow({ where: { id: none.id } })).toMatchObject({
      ip: null,
      userAgent: null,
    });
  });

  it("refuses another version than the current one with VALIDATION_FAILED, naming the current one; nothing written", async () => {
    const { model, caller, ref, snap } = await setup();
    const other = await createLicenseVersion();
    for (const licenseVersionId of [other.id, "nope"]) {
      const e = await refused(snap, () => acceptLicense(caller, ref, { licenseVersionId }, meta));
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({
        code: "VALIDATION_FAILED",
        status: 422,
        action: `/models/${model.slug}/license`,
        fields: { licenseVersionId: [`must be the current version (${model.licenseVersion.id})`] },
      });
      expect(e.userMessage).toContain(`${model.licenseVersion.license.name} version 1.0`);
    }
  });

  it("refuses anonymous callers (SIGN_IN_REQUIRED) and PRIVATE models (NOT_FOUND); nothing written", async () => {
    const { model, ref, snap } = await setup();
    const e = await refused(snap, () =>
      acceptLicense(anonymous, ref, { licenseVersionId: model.licenseVersion.id }, meta),
    );
    expect(e).toMatchObject({
      code: "SIGN_IN_REQUIRED",
      status: 401,
      action: `/sign-in?callbackUrl=${encodeURIComponent(`/models/${model.slug}`)}`,
    });
    const hidden = await setup({ visibility: "PRIVATE" });
    const e2 = await refused(hidden.snap, () =>
      acceptLicense(hidden.caller, hidden.ref, { licenseVersionId: hidden.model.licenseVersion.id }, meta),
    );
    expect(e2).toMatchObject({ code: "NOT_FOUND", status: 404 });
  });
});
