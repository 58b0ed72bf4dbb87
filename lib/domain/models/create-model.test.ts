import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import {
  createGatedModel,
  createLicenseVersion,
  createResearcher,
  uid,
  createModelReviewer,
} from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { createModel } from "./create-model";
import { expectAppError } from "@/lib/testing/expect-app-error";

const { modelIds } = trackTestRows();

/** A license with two versions (2.0 published after 1.0): new models start on 2.0. */
const twoVersionLicense = async () => {
  const v1 = await createLicenseVersion();
  const text = `Version 2 of ${v1.license.name}: research use only (${uid()}).`;
  const v2 = await createLicenseVersion({
    licenseId: v1.licenseId,
    version: "2.0",
    text,
    publishedAt: new Date(Date.now() + 1000),
  });
  return { slug: v1.license.slug, v1, v2 };
};

const input = (org: string, license: string, extra: Record<string, unknown> = {}) => ({
  org,
  name: "tiny-lm",
  title: "Tiny LM",
  summary: "A tiny language model.",
  task: "text-generation",
  license,
  ...extra,
});

/** What a refused create could have written: models under `org`, audit rows by `actorId`. */
const footprint = async (org: string, actorId: string) => ({
  models: await db.model.findMany({ where: { org }, select: { id: true, updatedAt: true }, orderBy: { id: "asc" } }),
  audit: await db.auditEvent.count({ where: { actorId } }),
});

const track = (result: { model: { id: string } }) => {
  modelIds.push(result.model.id);
  return result;
};

describe("createModel", () => {
  it("creates a PRIVATE model on the license's latest version, with one audit row that records the card by size only", async () => {
    const { user, caller } = await createResearcher({ role: "ADMIN" });
    const lic = await twoVersionLicense();
    const org = `cm${uid()}`;
    const card = "# Tiny LM\n\nA long card body that must not be copied into the audit log.";
    const result = track(
      await createModel(
        caller,
        input(org.toUpperCase(), lic.slug, { cardMarkdown: card, gating: "AUTO", grantDurationDays: 90 }),
      ),
    );

    expect(result.model).toMatchObject({
      slug: `${org}/tiny-lm`,
      org,
      name: "tiny-lm",
      gating: "AUTO",
      visibility: "PRIVATE",
      formVersion: 1,
      license: { slug: lic.slug, version: "2.0" },
    });
    const row = await db.model.findUniqueOrThrow({ where: { id: result.model.id } });
    expect(row).toMatchObject({
      title: "Tiny LM",
      summary: "A tiny language model.",
      task: "text-generation",
      cardMarkdown: card,
      currentLicenseVersionId: lic.v2.id,
      grantDurationDays: 90,
      requestCooldownDays: 14,
      playgroundEnabled: false,
      latestVersionId: null,
      formDefinition: [],
    });
    const audit = await db.auditEvent.findMany({ where: { actorId: user.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "model.created", modelId: row.id, targetType: "Model", targetId: row.id });
    expect(audit[0]?.data).toMatchObject({
      slug: row.slug,
      license: lic.slug,
      licenseVersion: "2.0",
      licenseVersionId: lic.v2.id,
      gating: "AUTO",
      cardMarkdownLength: card.length,
    });
    expect(JSON.stringify(audit[0]?.data)).not.toContain("must not be copied");
  });

  it("refuses a slug in use with SLUG_TAKEN (409) and writes nothing", async () => {
    const { user, caller } = await createResearcher({ role: "ADMIN" });
    const existing = await createGatedModel({ org: `cm${uid()}`, name: "tiny-lm" });
    modelIds.push(existing.id);
    const before = await footprint(existing.org, user.id);
    await expectAppError(createModel(caller, input(existing.org, existing.licenseVersion.license.slug)), "SLUG_TAKEN", {
      fields: { name: [`${existing.slug} is taken`] },
    });
    expect(await footprint(existing.org, user.id)).toEqual(before);
  });

  it("two admins creating the same slug at once: one model, the other gets SLUG_TAKEN", async () => {
    const [a, b] = await Promise.all([createResearcher({ role: "ADMIN" }), createResearcher({ role: "ADMIN" })]);
    const lic = await createLicenseVersion();
    const org = `cm${uid()}`;
    const results = await Promise.allSettled([
      createModel(a.caller, input(org, lic.license.slug)),
      createModel(b.caller, input(org, lic.license.slug)),
    ]);
    for (const r of results) if (r.status === "fulfilled") track(r.value);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "SLUG_TAKEN", status: 409 } });
    expect(await db.model.count({ where: { org } })).toBe(1);
    expect(
      await db.auditEvent.count({ where: { action: "model.created", actorId: { in: [a.user.id, b.user.id] } } }),
    ).toBe(1);
  });

  it("refuses a reserved organisation, a malformed slug and unknown keys (VALIDATION via zod) and writes nothing", async () => {
    const { user, caller } = await createResearcher({ role: "ADMIN" });
    const lic = await createLicenseVersion();
    for (const bad of [
      input("admin", lic.license.slug),
      input("Models", lic.license.slug),
      input(`cm${uid()}`, lic.license.slug, { name: "no spaces" }),
      input(`cm${uid()}`, lic.license.slug, { task: "Text Generation" }),
      input(`cm${uid()}`, lic.license.slug, { gating: "SOMETIMES" }),
      input(`cm${uid()}`, lic.license.slug, { slug: "x/y" }),
    ]) {
      const e = await createModel(caller, bad as never).catch((x: unknown) => x);
      expect(e, JSON.stringify(bad)).toBeInstanceOf(ZodError);
    }
    const reserved = (await createModel(caller, input("admin", lic.license.slug)).catch((x: unknown) => x)) as ZodError;
    expect(reserved.issues[0]).toMatchObject({ path: ["org"], message: expect.stringContaining("reserved") });
    expect(await db.model.count({ where: { org: { in: ["admin", "models"] } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { actorId: user.id } })).toBe(0);
  });

  it("refuses an unknown license with VALIDATION_FAILED on the license field", async () => {
    const { user, caller } = await createResearcher({ role: "ADMIN" });
    const org = `cm${uid()}`;
    await expectAppError(createModel(caller, input(org, `nope-${uid()}`)), "VALIDATION_FAILED", {
      fields: { license: [expect.any(String)] },
    });
    expect(await footprint(org, user.id)).toEqual({ models: [], audit: 0 });
  });

  it("is a 404 for researchers and reviewers, 401 for anonymous callers, 403 for a READ token, checked before the input", async () => {
    const lic = await createLicenseVersion();
    const reviewed = await createGatedModel({ org: `cm${uid()}` });
    modelIds.push(reviewed.id);
    const researcher = await createResearcher();
    const reviewer = await createResearcher();
    await createModelReviewer(reviewer.user.id, reviewed.id);
    const admin = await createResearcher({ role: "ADMIN" });
    const org = `cm${uid()}`;
    for (const [caller, code, status] of [
      [researcher.caller, "NOT_FOUND", 404],
      [reviewer.caller, "NOT_FOUND", 404],
      [null, "SIGN_IN_REQUIRED", 401],
      [{ ...admin.caller, scope: "READ" as const }, "FORBIDDEN", 403],
    ] as const) {
      await expect(createModel(caller, input(org, lic.license.slug))).rejects.toMatchObject({ code, status });
      // Malformed input gets the same answer: nothing about the input is revealed first.
      await expect(createModel(caller, { org: "admin" } as never)).rejects.toMatchObject({ code, status });
    }
    expect(await db.model.count({ where: { org } })).toBe(0);
    expect(
      await db.auditEvent.count({ where: { actorId: { in: [researcher.user.id, reviewer.user.id, admin.user.id] } } }),
    ).toBe(0);
  });
});
