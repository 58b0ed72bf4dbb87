import { describe, expect, it } from "vitest";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { acceptLicense } from "@/lib/domain/access/accept-license";
import { getAccessState } from "@/lib/domain/access/get-access-state";
import { anonymous } from "@/lib/testing/callers";
import {
  createAcceptance,
  createGatedModel,
  createLicenseVersion,
  createRequest,
  createResearcher,
  daysFromNow,
  mailJobsTo,
  sha256Hex,
  uid,
} from "@/lib/testing/factories";
import { publishLicenseVersion } from "./publish-license-version";
import { expectAppError } from "@/lib/testing/expect-app-error";

const { modelIds, emails } = trackTestRows();

const text2 = `Version 2 of the research license (${uid()}): research use only, attribution required.`;
const person = async (role?: "ADMIN") => {
  const r = await createResearcher({ role });
  emails.push(r.user.email!);
  return r;
};
/** One license (v1.0) used by a MANUAL, an AUTO and an OPEN model. */
const world = async () => {
  const lv = await createLicenseVersion();
  const org = `plv${uid()}`;
  const [manual, auto, open] = await Promise.all(
    (["MANUAL", "AUTO", "OPEN"] as const).map((gating) =>
      createGatedModel({ org, name: gating.toLowerCase(), gating, licenseVersionId: lv.id }),
    ),
  );
  modelIds.push(manual!.id, auto!.id, open!.id);
  return { lv, slug: lv.license.slug, manual: manual!, auto: auto!, open: open!, admin: await person("ADMIN") };
};
/** What publishing could write for this license: its versions, the models' current versions, audit rows by `actorId`. */
const licenseSnapshot = async (licenseId: string, models: string[], actorId: string) => ({
  versions: await db.licenseVersion.findMany({ where: { licenseId }, select: { id: true }, orderBy: { id: "asc" } }),
  models: await db.model.findMany({
    where: { id: { in: models } },
    select: { id: true, currentLicenseVersionId: true, updatedAt: true },
    orderBy: { id: "asc" },
  }),
  audit: await db.auditEvent.count({ where: { actorId } }),
});

describe("publishLicenseVersion", () => {
  it("publishes an immutable version, moves every model on the license, mails live grantees, who must then accept again", async () => {
    const w = await world();
    const live = await person();
    await createRequest({ userId: live.user.id, modelId: w.manual.id, status: "APPROVED", expiresAt: daysFromNow(30) });
    await createAcceptance(live.user.id, w.lv);
    const lapsed = await person();
    await createRequest({ userId: lapsed.user.id, modelId: w.auto.id, status: "APPROVED", expiresAt: daysFromNow(-1) });
    const pending = await person();
    await createRequest({ userId: pending.user.id, modelId: w.manual.id, status: "PENDING" });
    const openUser = await person();
    await acceptLicense(
      openUser.caller,
      { org: w.open.org, name: w.open.name },
      { licenseVersionId: w.lv.id },
      { ip: null, userAgent: null },
    );
    const unrelated = await createGatedModel({ org: `plv${uid()}`, gating: "MANUAL" });
    modelIds.push(unrelated.id);
    const ref = { org: w.manual.org, name: w.manual.name };
    expect((await getAccessState(live.caller, ref)).code).toBe("GRANTED");

    const result = await publishLicenseVersion(w.admin.caller, { slug: w.slug }, { version: "2.0", text: text2 });
    // `live` is told about their grant (MANUAL); `openUser` about the OPEN model they accepted the license for.
    expect(result).toMatchObject({ sha256: sha256Hex(text2), notified: 2 });
    expect([...result.models].sort()).toEqual([w.auto.slug, w.manual.slug, w.open.slug].sort());
    expect(await db.licenseVersion.findUniqueOrThrow({ where: { id: result.licenseVersionId } })).toMatchObject({
      licenseId: w.lv.licenseId,
      version: "2.0",
      text: text2,
    });
    const moved = await db.model.findMany({
      where: { id: { in: [w.manual.id, w.auto.id, w.open.id, unrelated.id] } },
      select: { id: true, currentLicenseVersionId: true },
    });
    for (const m of moved)
      expect(m.currentLicenseVersionId).toBe(
        m.id === unrelated.id ? unrelated.licenseVersion.id : result.licenseVersionId,
      );

    const audit = await db.auditEvent.findMany({ where: { actorId: w.admin.user.id }, orderBy: { seq: "asc" } });
    expect(audit[0]).toMatchObject({
      action: "license.version_published",
      targetId: result.licenseVersionId,
      data: { license: w.slug, version: "2.0" },
    });
    expect(
      audit
        .slice(1)
        .map((a) => [a.action, a.modelId])
        .sort(),
    ).toEqual([w.auto.id, w.manual.id, w.open.id].map((id) => ["model.license_changed", id]).sort());

    expect((await mailJobsTo(live.user.email!)).map((j) => [j.kind, j.subject])).toEqual([
      ["license-changed", `New license version for ${w.manual.slug}: accept it to keep downloading`],
    ]);
    expect((await mailJobsTo(openUser.user.email!)).map((j) => j.subject)).toEqual([
      `New license version for ${w.open.slug}: accept it to keep downloading`,
    ]);
    for (const u of [lapsed, pending, w.admin]) expect(await mailJobsTo(u.user.email!)).toEqual([]);

    const after = await getAccessState(live.caller, ref);
    expect(after).toMatchObject({
      code: "LICENSE_NOT_ACCEPTED",
      license: { id: result.licenseVersionId, version: "2.0" },
      action: `/models/${w.manual.slug}/license`,
    });
    await acceptLicense(live.caller, ref, { licenseVersionId: result.licenseVersionId }, { ip: null, userAgent: null });
    expect((await getAccessState(live.caller, ref)).code).toBe("GRANTED");
  });

  it("refuses an existing version with CONFLICT and writes nothing", async () => {
    const w = await world();
    const before = await licenseSnapshot(w.lv.licenseId, [w.manual.id, w.auto.id, w.open.id], w.admin.user.id);
    await expectAppError(
      publishLicenseVersion(w.admin.caller, { slug: w.slug }, { version: "1.0", text: text2 }),
      "CONFLICT",
    );
    expect(await licenseSnapshot(w.lv.licenseId, [w.manual.id, w.auto.id, w.open.id], w.admin.user.id)).toEqual(before);
  });

  it("hides itself from non-admins (NOT_FOUND), asks anonymous callers to sign in, and writes nothing", async () => {
    const w = await world();
    const researcher = await person();
    await createRequest({ userId: researcher.user.id, modelId: w.manual.id, status: "APPROVED" });
    const ids = [w.manual.id, w.auto.id, w.open.id];
    const before = await licenseSnapshot(w.lv.licenseId, ids, researcher.user.id);
    await expectAppError(
      publishLicenseVersion(researcher.caller, { slug: w.slug }, { version: "9.0", text: text2 }),
      "NOT_FOUND",
    );
    await expectAppError(
      publishLicenseVersion(anonymous, { slug: w.slug }, { version: "9.0", text: text2 }),
      "SIGN_IN_REQUIRED",
    );
    expect(await licenseSnapshot(w.lv.licenseId, ids, researcher.user.id)).toEqual(before);
    expect(await mailJobsTo(researcher.user.email!)).toEqual([]);
  });

  it("answers NOT_FOUND for an unknown license and refuses invalid input with a ZodError", async () => {
    const w = await world();
    await expectAppError(
      publishLicenseVersion(w.admin.caller, { slug: `nope-${uid()}` }, { version: "2.0", text: text2 }),
      "NOT_FOUND",
    );
    for (const input of [
      { version: "2.0", text: "too short" },
      { version: "two point oh", text: text2 },
      { version: "", text: text2 },
      { version: "2.0", text: text2, extra: 1 },
    ])
      await expect(publishLicenseVersion(w.admin.caller, { slug: w.slug }, input as never)).rejects.toBeInstanceOf(
        ZodError,
      );
    expect(await db.licenseVersion.count({ where: { licenseId: w.lv.licenseId } })).toBe(1);
  });

  it("a version inserted concurrently (after the existence check) is not written twice; the call fails, nothing moved", async () => {
    const w = await world();
    const { error, before, after } = await publishWhileAnotherInserts(w);
    expect(error).toBeInstanceOf(Error);
    expect(after).toEqual({ ...before, versions: after.versions });
    expect(after.versions).toHaveLength(2);
  });

  it("the loser of a concurrent publish gets CONFLICT", async () => {
    const { error } = await publishWhileAnotherInserts(await world());
    expect(error).toMatchObject({ code: "CONFLICT", status: 409 });
  });

  it("a PRIVATE OPEN model on the license is never named in mails to unrelated researchers", async () => {
    const w = await world();
    const hidden = await createGatedModel({
      org: `plv${uid()}`,
      gating: "OPEN",
      visibility: "PRIVATE",
      licenseVersionId: w.lv.id,
    });
    modelIds.push(hidden.id);
    const r = await person();
    await createAcceptance(r.user.id, w.lv);
    await publishLicenseVersion(w.admin.caller, { slug: w.slug }, { version: "2.0", text: text2 });
    expect((await mailJobsTo(r.user.email!)).map((j) => j.subject).join("\n")).not.toContain(hidden.slug);
  });
});

/** Deterministic race: another transaction inserts version 2.0 and commits while publish's insert waits on it. */
const publishWhileAnotherInserts = async (w: Awaited<ReturnType<typeof world>>) => {
  const ids = [w.manual.id, w.auto.id, w.open.id];
  const before = await licenseSnapshot(w.lv.licenseId, ids, w.admin.user.id);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let inserted!: () => void;
  const isInserted = new Promise<void>((r) => (inserted = r));
  const other = db.$transaction(
    async (tx) => {
      await tx.licenseVersion.create({
        data: { licenseId: w.lv.licenseId, version: "2.0", text: text2, sha256: sha256Hex(text2) },
      });
      inserted();
      await held;
    },
    { timeout: 30_000 },
  );
  await isInserted;
  const call = publishLicenseVersion(w.admin.caller, { slug: w.slug }, { version: "2.0", text: text2 }).then(
    () => null,
    (e: unknown) => e,
  );
  for (let i = 0; i < 100; i++) {
    const waiting = await db.$queryRaw<
      unknown[]
    >`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO%LicenseVersion%'`;
    if (waiting.length) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  release();
  await other;
  const error = await call;
  return { error, before, after: await licenseSnapshot(w.lv.licenseId, ids, w.admin.user.id) };
};
