import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { createGatedModel, createLicenseVersion, createResearcher, sha256Hex, uid } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { createLicense } from "./create-license";
import { listLicenses } from "./list-licenses";
import { publishLicenseVersion } from "./publish-license-version";
import { expectAppError } from "@/lib/testing/expect-app-error";

const { modelIds } = trackTestRows();

const text = (slug: string) => `The ${slug} license, version 1.0. Research use only; no redistribution.`;

const footprint = async (slug: string, actorId: string) => ({
  licenses: await db.license.findMany({ where: { slug }, select: { id: true } }),
  audit: await db.auditEvent.count({ where: { actorId } }),
});

describe("createLicense", () => {
  it("creates a license with its first immutable version (sha256 of the text), audited twice", async () => {
    const { user, caller } = await createResearcher({ role: "ADMIN" });
    const slug = `cl-${uid()}`;
    const { license } = await createLicense(caller, {
      slug: slug.toUpperCase(),
      name: "Open Research License",
      spdxId: "",
      url: "https://example.org/orl",
      version: "1.0",
      text: text(slug),
    });
    expect(license).toMatchObject({
      slug,
      name: "Open Research License",
      spdxId: null,
      url: "https://example.org/orl",
      versions: [{ version: "1.0", sha256: sha256Hex(text(slug)) }],
    });
    expect(await db.licenseVersion.findFirstOrThrow({ where: { license: { slug } } })).toMatchObject({
      text: text(slug),
      sha256: sha256Hex(text(slug)),
    });
    const audit = await db.auditEvent.findMany({ where: { actorId: user.id }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => [a.action, a.data])).toEqual([
      ["license.created", { slug, name: "Open Research License", spdxId: null, url: "https://example.org/orl" }],
      ["license.version_published", { license: slug, version: "1.0", sha256: sha256Hex(text(slug)) }],
    ]);
    // Published texts never change: the database refuses an edit.
    await expect(
      db.licenseVersion.updateMany({ where: { license: { slug } }, data: { text: "changed" } }),
    ).rejects.toThrow();
  });

  it("refuses a slug in use (SLUG_TAKEN), invalid input (ZodError), non-admins (404) and anonymous callers (401); nothing written", async () => {
    const { user, caller } = await createResearcher({ role: "ADMIN" });
    const existing = await createLicenseVersion();
    const slug = existing.license.slug;
    const before = await footprint(slug, user.id);
    await expectAppError(
      createLicense(caller, { slug, name: "Again", version: "1.0", text: text(slug) }),
      "SLUG_TAKEN",
      { fields: { slug: [expect.any(String)] } },
    );
    const fresh = `cl-${uid()}`;
    for (const bad of [
      { slug: "Has Spaces", name: "x", version: "1.0", text: text(fresh) },
      { slug: fresh, name: "", version: "1.0", text: text(fresh) },
      { slug: fresh, name: "x", version: "1.0", text: "short" },
      { slug: fresh, name: "x", version: "one point oh", text: text(fresh) },
      { slug: fresh, name: "x", version: "1.0", text: text(fresh), url: "javascript:alert(1)" },
      { slug: fresh, name: "x", version: "1.0", text: text(fresh), extra: true },
    ])
      await expect(createLicense(caller, bad as never), JSON.stringify(bad)).rejects.toBeInstanceOf(ZodError);
    const researcher = await createResearcher();
    await expectAppError(
      createLicense(researcher.caller, { slug: fresh, name: "x", version: "1.0", text: text(fresh) }),
      "NOT_FOUND",
    );
    await expectAppError(
      createLicense(null, { slug: fresh, name: "x", version: "1.0", text: text(fresh) }),
      "SIGN_IN_REQUIRED",
    );
    expect(await footprint(slug, user.id)).toEqual(before);
    expect(await db.license.count({ where: { slug: fresh } })).toBe(0);
    expect(await db.auditEvent.count({ where: { actorId: researcher.user.id } })).toBe(0);
  });
});

describe("listLicenses", () => {
  it("lists licenses with versions newest first and the models on each; admins only", async () => {
    const admin = await createResearcher({ role: "ADMIN" });
    const slug = `cl-${uid()}`;
    await createLicense(admin.caller, { slug, name: `License ${slug}`, version: "1.0", text: text(slug) });
    const v1 = await db.licenseVersion.findFirstOrThrow({ where: { license: { slug } } });
    const model = await createGatedModel({ org: `cl${uid()}`, licenseVersionId: v1.id });
    modelIds.push(model.id);
    const v2text = `${text(slug)} Version 2.0 adds attribution.`;
    await publishLicenseVersion(admin.caller, { slug }, { version: "2.0", text: v2text });

    const { licenses } = await listLicenses(admin.caller);
    const mine = licenses.find((l) => l.slug === slug);
    expect(mine?.versions.map((v) => [v.version, v.sha256, v.modelCount, v.textLength])).toEqual([
      ["2.0", sha256Hex(v2text), 1, v2text.length],
      ["1.0", sha256Hex(text(slug)), 0, text(slug).length],
    ]);
    const researcher = await createResearcher();
    await expectAppError(listLicenses(researcher.caller), "NOT_FOUND");
    await expectAppError(listLicenses(null), "SIGN_IN_REQUIRED");
  });
});
