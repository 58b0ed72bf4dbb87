// The guarantees the database itself enforces (manual migration + schema), tested against the
// real PostgreSQL: each refusal is asserted together with "nothing changed".
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { cleanup, createLicenseVersion, createModel, createUser, sha256Hex, uid } from "@/lib/testing/factories";

const modelIds: string[] = [];
const userIds: string[] = [];
afterAll(() => cleanup({ modelIds, userIds }));

const setup = async () => {
  const model = await createModel();
  const user = await createUser();
  modelIds.push(model.id);
  userIds.push(user.id);
  return { model, user };
};

describe("one open access request per user and model", () => {
  const request = (userId: string, modelId: string, status: "PENDING" | "APPROVED" | "REJECTED" | "WITHDRAWN") =>
    db.accessRequest.create({ data: { userId, modelId, formVersion: 1, status } });
  const statuses = (userId: string, modelId: string) =>
    db.accessRequest
      .findMany({ where: { userId, modelId }, select: { status: true } })
      .then((r) => r.map((x) => x.status).sort());

  it("refuses a second PENDING request", async () => {
    const { model, user } = await setup();
    await request(user.id, model.id, "PENDING");
    await expect(request(user.id, model.id, "PENDING")).rejects.toMatchObject({
      code: "P2002",
      message: expect.stringMatching(/AccessRequest_one_open_per_user_model/),
    });
    expect(await statuses(user.id, model.id)).toEqual(["PENDING"]);
  });

  it("refuses an APPROVED request next to a PENDING one, and a PENDING one next to an APPROVED one", async () => {
    const a = await setup();
    await request(a.user.id, a.model.id, "PENDING");
    await expect(request(a.user.id, a.model.id, "APPROVED")).rejects.toMatchObject({ code: "P2002" });
    expect(await statuses(a.user.id, a.model.id)).toEqual(["PENDING"]);

    const b = await setup();
    await request(b.user.id, b.model.id, "APPROVED");
    await expect(request(b.user.id, b.model.id, "PENDING")).rejects.toMatchObject({ code: "P2002" });
    await expect(request(b.user.id, b.model.id, "APPROVED")).rejects.toMatchObject({ code: "P2002" });
    expect(await statuses(b.user.id, b.model.id)).toEqual(["APPROVED"]);
  });

  it("refuses to move a closed request back to PENDING while another one is open", async () => {
    const { model, user } = await setup();
    const closed = await request(user.id, model.id, "REJECTED");
    await request(user.id, model.id, "PENDING");
    await expect(
      db.accessRequest.update({ where: { id: closed.id }, data: { status: "APPROVED" } }),
    ).rejects.toMatchObject({ code: "P2002" });
    expect(await statuses(user.id, model.id)).toEqual(["PENDING", "REJECTED"]);
  });

  it("lets REJECTED and WITHDRAWN requests repeat, and a new request follow a closed one", async () => {
    const { model, user } = await setup();
    for (const s of ["REJECTED", "REJECTED", "WITHDRAWN", "WITHDRAWN"] as const) await request(user.id, model.id, s);
    await request(user.id, model.id, "PENDING");
    expect(await statuses(user.id, model.id)).toEqual(["PENDING", "REJECTED", "REJECTED", "WITHDRAWN", "WITHDRAWN"]);
  });

  it("scopes the rule to the pair: other users and other models are unaffected", async () => {
    const a = await setup();
    const b = await setup();
    await request(a.user.id, a.model.id, "PENDING");
    await request(b.user.id, a.model.id, "PENDING");
    await request(a.user.id, b.model.id, "APPROVED");
    expect(await db.accessRequest.count({ where: { userId: { in: [a.user.id, b.user.id] } } })).toBe(3);
  });
});

describe("license versions", () => {
  it("refuses update and delete, leaving the row as it was", async () => {
    const lv = await createLicenseVersion();
    await expect(
      db.licenseVersion.update({ where: { id: lv.id }, data: { text: "changed", sha256: sha256Hex("changed") } }),
    ).rejects.toThrow(/LicenseVersion rows are immutable \(UPDATE refused\)/);
    await expect(db.licenseVersion.delete({ where: { id: lv.id } })).rejects.toThrow(
      /LicenseVersion rows are immutable \(DELETE refused\)/,
    );
    const after = await db.licenseVersion.findUniqueOrThrow({ where: { id: lv.id } });
    expect(after).toMatchObject({ text: lv.text, sha256: lv.sha256, version: lv.version });
  });

  it("refuses a version whose sha256 is not the hash of its text", async () => {
    const lv = await createLicenseVersion();
    const text = `Other text ${uid()}`;
    for (const sha256 of [sha256Hex(`${text} `), sha256Hex(text).toUpperCase(), "0".repeat(64)])
      await expect(
        db.licenseVersion.create({ data: { licenseId: lv.licenseId, version: "2.0", text, sha256 } }),
      ).rejects.toThrow(/LicenseVersion_sha256_matches_text/);
    expect(await db.licenseVersion.count({ where: { licenseId: lv.licenseId } })).toBe(1);
    // The right hash of a non-ASCII text is accepted (the CHECK hashes UTF-8 bytes, as Node does).
    const unicode = `Lizenz — Ünïcode ✓ ${uid()}`;
    await db.licenseVersion.create({
      data: { licenseId: lv.licenseId, version: "2.0", text: unicode, sha256: sha256Hex(unicode) },
    });
    expect(await db.licenseVersion.count({ where: { licenseId: lv.licenseId } })).toBe(2);
  });
});

describe("license acceptances", () => {
  it("refuse update and delete, leaving the row as it was", async () => {
    const lv = await createLicenseVersion();
    const user = await createUser();
    // The acceptance pins the user row (onDelete: Restrict), so this user is left behind by design.
    const acc = await db.licenseAcceptance.create({
      data: { userId: user.id, licenseVersionId: lv.id, textSha256: lv.sha256, ip: "127.0.0.1" },
    });
    await expect(db.licenseAcceptance.update({ where: { id: acc.id }, data: { ip: "10.0.0.1" } })).rejects.toThrow(
      /LicenseAcceptance rows are immutable \(UPDATE refused\)/,
    );
    await expect(db.licenseAcceptance.delete({ where: { id: acc.id } })).rejects.toThrow(
      /LicenseAcceptance rows are immutable \(DELETE refused\)/,
    );
    await expect(db.user.delete({ where: { id: user.id } })).rejects.toThrow();
    expect(await db.licenseAcceptance.findUniqueOrThrow({ where: { id: acc.id } })).toEqual(acc);
  });
});

describe("model slugs", () => {
  const tryCreate = (licenseVersionId: string, org: string, name: string, slug: string) =>
    db.model.create({
      data: { org, name, slug, title: "t", task: "text-generation", currentLicenseVersionId: licenseVersionId },
    });

  it.each([
    ["upper case", (o: string) => [`Org${o}`, "Name", `Org${o}/Name`]],
    ["missing slash", (o: string) => [o, "name", `${o}name`]],
    ["slug is not org/name", (o: string) => [o, "name", `${o}/other`]],
    ["leading punctuation", (o: string) => [`-${o}`, "name", `-${o}/name`]],
    ["two slashes", (o: string) => [o, "a/b", `${o}/a/b`]],
  ])("refuses %s", async (_, make) => {
    const lv = await createLicenseVersion();
    const [org, name, slug] = make(`o${uid()}`) as [string, string, string];
    await expect(tryCreate(lv.id, org, name, slug)).rejects.toThrow(/Model_slug_format/);
    expect(await db.model.count({ where: { currentLicenseVersionId: lv.id } })).toBe(0);
  });

  it("refuses renaming a model's org without its slug", async () => {
    const { model } = await setup();
    await expect(db.model.update({ where: { id: model.id }, data: { org: `x${uid()}` } })).rejects.toThrow(
      /Model_slug_format/,
    );
    expect((await db.model.findUniqueOrThrow({ where: { id: model.id } })).org).toBe(model.org);
  });

  it("accepts a well-formed lower-case org/name", async () => {
    const lv = await createLicenseVersion();
    const org = `o${uid()}`;
    const m = await tryCreate(lv.id, org, "my_model-1.5b", `${org}/my_model-1.5b`);
    modelIds.push(m.id);
    expect(m.slug).toBe(`${org}/my_model-1.5b`);
  });

  it("refuses a second model with the same org/name", async () => {
    const { model } = await setup();
    await expect(createModel({ org: model.org, name: model.name })).rejects.toMatchObject({ code: "P2002" });
    expect(await db.model.count({ where: { org: model.org, name: model.name } })).toBe(1);
    // Besides the unique slug, (org, name) has its own unique index.
    const idx = await db.$queryRaw<
      { indexdef: string }[]
    >`SELECT indexdef FROM pg_indexes WHERE indexname = 'Model_org_name_key'`;
    expect(idx[0]?.indexdef).toMatch(/CREATE UNIQUE INDEX .* \(org, name\)/);
  });
});
