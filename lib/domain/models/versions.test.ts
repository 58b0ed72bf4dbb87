import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { getModel } from "@/lib/domain/catalog/get-model";
import {
  createModelReviewer,
  createGatedModel,
  createResearcher,
  putFile,
  sha256Hex,
  uid,
} from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { assertVersionEditable } from "./assert-version-editable";
import { createVersion } from "./create-version";
import { getVersion } from "./get-version";
import { listVersions } from "./list-versions";
import { publishVersion } from "./publish-version";
import { setLatestVersion } from "./set-latest-version";
import { expectAppError } from "@/lib/testing/expect-app-error";

const { modelIds } = trackTestRows();

const world = async () => {
  const org = `ver${uid()}`;
  const a = await createGatedModel({ org, name: "a" });
  const b = await createGatedModel({ org, name: "b" });
  modelIds.push(a.id, b.id);
  const admin = await createResearcher({ role: "ADMIN" });
  const reviewer = await createResearcher();
  await createModelReviewer(reviewer.user.id, a.id);
  const researcher = await createResearcher();
  return {
    a,
    b,
    admin: admin.caller,
    reviewer: reviewer.caller,
    researcher: researcher.caller,
    refA: { org, name: "a" },
    refB: { org, name: "b" },
  };
};

/** A file row as the uploads and the verify job leave it (no bytes: the version rules only look at rows). */
const addFile = (
  versionId: string,
  path: string,
  status: "UPLOADING" | "VERIFYING" | "READY" | "FAILED",
  failureReason?: string,
) =>
  putFile(
    { id: versionId },
    {
      path,
      size: 1234,
      status,
      failureReason,
      storageKey: `test/${versionId}/${path}`,
      sha256: status === "READY" ? sha256Hex(path) : null,
    },
  );

/** Everything the version operations could write for a model. */
const snapshot = async (modelId: string) => ({
  model: await db.model.findUniqueOrThrow({
    where: { id: modelId },
    select: { latestVersionId: true, updatedAt: true },
  }),
  versions: await db.modelVersion.findMany({
    where: { modelId },
    orderBy: { id: "asc" },
    select: { id: true, name: true, status: true, publishedAt: true },
  }),
  files: await db.modelFile.findMany({
    where: { version: { modelId } },
    orderBy: { id: "asc" },
    select: { id: true, status: true },
  }),
  audit: (await db.auditEvent.findMany({ where: { modelId }, select: { seq: true } })).map((r) => r.seq.toString()),
});

describe("createVersion", () => {
  it("creates a DRAFT with a 40-hex commit id and an audit row; names are unique per model without case", async () => {
    const w = await world();
    const { version } = await createVersion(w.admin, w.refA, { name: "v2", notes: "Smaller vocabulary." });
    expect(version).toMatchObject({
      name: "v2",
      status: "DRAFT",
      notes: "Smaller vocabulary.",
      commitSha: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    const audit = await db.auditEvent.findMany({ where: { modelId: w.a.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "version.created",
      actorId: w.admin.id,
      targetType: "ModelVersion",
      targetId: version.id,
      data: { name: "v2", commitSha: version.commitSha },
    });

    const before = await snapshot(w.a.id);
    for (const name of ["v2", "V2"])
      await expectAppError(createVersion(w.admin, w.refA, { name }), "CONFLICT", {
        fields: { name: ["v2 exists already"] },
      });
    expect(await snapshot(w.a.id)).toEqual(before);
    // Another model may use the same name.
    expect((await createVersion(w.admin, w.refB, { name: "v2" })).version.name).toBe("v2");
  });

  it("refuses names that would not name one revision (main, HEAD, a commit id, spaces) with a ZodError", async () => {
    const w = await world();
    const before = await snapshot(w.a.id);
    for (const name of ["main", "HEAD", randomBytes(20).toString("hex"), "two words", "-v1", "", "x".repeat(65)])
      await expect(createVersion(w.admin, w.refA, { name }), name).rejects.toBeInstanceOf(ZodError);
    expect(await snapshot(w.a.id)).toEqual(before);
    expect((await createVersion(w.admin, w.refA, { name: "2026-01-15" })).version.name).toBe("2026-01-15");
  });

  it("reviewer of the model 403, of another model 404, researcher 404, anonymous 401; nothing written", async () => {
    const w = await world();
    const before = [await snapshot(w.a.id), await snapshot(w.b.id)];
    for (const [caller, ref, code, status] of [
      [w.reviewer, w.refA, "FORBIDDEN", 403],
      [w.reviewer, w.refB, "NOT_FOUND", 404],
      [w.researcher, w.refA, "NOT_FOUND", 404],
      [null, w.refA, "SIGN_IN_REQUIRED", 401],
    ] as const)
      await expect(createVersion(caller, ref, { name: "v9" })).rejects.toMatchObject({ code, status });
    expect([await snapshot(w.a.id), await snapshot(w.b.id)]).toEqual(before);
  });
});

describe("publishVersion", () => {
  it("refuses a version without files, or with any file not READY (naming them), with VERSION_NOT_READY; nothing changes", async () => {
    const w = await world();
    const { version } = await createVersion(w.admin, w.refA, { name: "v1" });
    const ref = { ...w.refA, version: "v1" };
    let before = await snapshot(w.a.id);
    await expectAppError(publishVersion(w.admin, ref), "VERSION_NOT_READY", {
      userMessage: expect.stringContaining("no files"),
    });
    expect(await snapshot(w.a.id)).toEqual(before);

    await addFile(version.id, "model.onnx", "READY");
    await addFile(version.id, "tokenizer.json", "VERIFYING");
    await addFile(version.id, "weights.bin", "FAILED", "sha256 does not match the declared value");
    before = await snapshot(w.a.id);
    const e = await publishVersion(w.admin, ref).catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: "VERSION_NOT_READY",
      status: 409,
      fields: {
        files: ["tokenizer.json (verifying)", "weights.bin (failed: sha256 does not match the declared value)"],
      },
    });
    expect((e as Error).message).toContain("tokenizer.json");
    expect(await snapshot(w.a.id)).toEqual(before);
  });

  it("publishes a version whose files are all READY (by name or commit id), audited with its files; publishing again changes nothing", async () => {
    const w = await world();
    const { version } = await createVersion(w.admin, w.refA, { name: "v1" });
    await addFile(version.id, "model.onnx", "READY");
    await addFile(version.id, "config.json", "READY");
    const result = await publishVersion(w.admin, { ...w.refA, version: version.commitSha });
    expect(result).toMatchObject({
      changed: true,
      version: { name: "v1", status: "PUBLISHED", publishedAt: expect.any(Date) },
    });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { modelId: w.a.id, action: "version.published" } });
    expect(audit).toMatchObject({ actorId: w.admin.id, targetId: version.id });
    expect(audit.data).toMatchObject({
      name: "v1",
      commitSha: version.commitSha,
      files: [
        { path: "config.json", size: 1234 },
        { path: "model.onnx", size: 1234, sha256: sha256Hex("model.onnx") },
      ],
    });

    const before = await snapshot(w.a.id);
    expect(await publishVersion(w.admin, { ...w.refA, version: "v1" })).toMatchObject({ changed: false });
    expect(await snapshot(w.a.id)).toEqual(before);
  });

  it("is refused to the model's reviewers (403) and to others (404), and for unknown versions (404); nothing changes", async () => {
    const w = await world();
    const { version } = await createVersion(w.admin, w.refA, { name: "v1" });
    await addFile(version.id, "model.onnx", "READY");
    const before = await snapshot(w.a.id);
    for (const [caller, ref, code, status] of [
      [w.reviewer, { ...w.refA, version: "v1" }, "FORBIDDEN", 403],
      [w.researcher, { ...w.refA, version: "v1" }, "NOT_FOUND", 404],
      [w.reviewer, { ...w.refB, version: "v1" }, "NOT_FOUND", 404],
      [w.admin, { ...w.refA, version: "v404" }, "NOT_FOUND", 404],
      [w.admin, { ...w.refB, version: "v1" }, "NOT_FOUND", 404],
    ] as const)
      await expect(publishVersion(caller, ref)).rejects.toMatchObject({ code, status });
    expect(await snapshot(w.a.id)).toEqual(before);
  });

  it("waits for a transaction adding a file (assertVersionEditable holds the lock), then sees that file and refuses", async () => {
    const w = await world();
    const { version } = await createVersion(w.admin, w.refA, { name: "v1" });
    await addFile(version.id, "model.onnx", "READY");
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const upload = db.$transaction(
      async (tx) => {
        await assertVersionEditable(tx, version.id);
        await tx.modelFile.create({
          data: { versionId: version.id, path: "extra.bin", size: 1n, storageKey: `test/${version.id}/extra.bin` },
        });
        locked();
        await held;
      },
      { timeout: 30_000 },
    );
    await isLocked;
    const publish = publishVersion(w.admin, { ...w.refA, version: "v1" }).then(
      () => null,
      (e: unknown) => e,
    );
    for (let i = 0; i < 100; i++) {
      const waiting = await db.$queryRaw<
        unknown[]
      >`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'`;
      if (waiting.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    release();
    await upload;
    expect(await publish).toMatchObject({ code: "VERSION_NOT_READY", fields: { files: ["extra.bin (uploading)"] } });
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: version.id } })).status).toBe("DRAFT");
  });
});

describe("assertVersionEditable", () => {
  it("lets a draft change and refuses a published version with VERSION_IMMUTABLE: no file added", async () => {
    const w = await world();
    const { version } = await createVersion(w.admin, w.refA, { name: "v1" });
    expect(await db.$transaction((tx) => assertVersionEditable(tx, version.id))).toEqual({
      id: version.id,
      name: "v1",
      modelId: w.a.id,
      commitSha: version.commitSha,
    });
    await addFile(version.id, "model.onnx", "READY");
    await publishVersion(w.admin, { ...w.refA, version: "v1" });

    const before = await snapshot(w.a.id);
    const addAfterPublish = db.$transaction(async (tx) => {
      await assertVersionEditable(tx, version.id);
      await tx.modelFile.create({
        data: { versionId: version.id, path: "late.bin", size: 1n, storageKey: `test/${version.id}/late.bin` },
      });
    });
    await expectAppError(addAfterPublish, "VERSION_IMMUTABLE");
    const removeAfterPublish = db.$transaction(async (tx) => {
      await assertVersionEditable(tx, version.id);
      await tx.modelFile.deleteMany({ where: { versionId: version.id } });
    });
    await expectAppError(removeAfterPublish, "VERSION_IMMUTABLE");
    expect(await snapshot(w.a.id)).toEqual(before);
    await expectAppError(
      db.$transaction((tx) => assertVersionEditable(tx, `nope${uid()}`)),
      "NOT_FOUND",
    );
  });
});

describe("setLatestVersion", () => {
  it("marks a published version as latest (what main means), audited with the previous one; drafts and unknown names are refused", async () => {
    const w = await world();
    const publish = async (name: string) => {
      const { version } = await createVersion(w.admin, w.refA, { name });
      await addFile(version.id, "model.onnx", "READY");
      await publishVersion(w.admin, { ...w.refA, version: name });
      return version;
    };
    const v1 = await publish("v1");
    await createVersion(w.admin, w.refA, { name: "v3-draft" });

    let before = await snapshot(w.a.id);
    await expectAppError(setLatestVersion(w.admin, w.refA, { version: "v3-draft" }), "VERSION_NOT_READY");
    await expectAppError(setLatestVersion(w.admin, w.refA, { version: "v404" }), "VALIDATION_FAILED", {
      fields: { version: [expect.any(String)] },
    });
    await expect(setLatestVersion(w.admin, w.refA, {} as never)).rejects.toBeInstanceOf(ZodError);
    expect(await snapshot(w.a.id)).toEqual(before);

    expect(await setLatestVersion(w.admin, w.refA, { version: "v1" })).toEqual({
      version: { name: "v1", commitSha: v1.commitSha },
      previous: null,
      changed: true,
    });
    const page = await getModel(w.admin, w.refA);
    expect(page.latestVersion).toMatchObject({
      name: "v1",
      commitSha: v1.commitSha,
      files: [{ path: "model.onnx", status: "READY" }],
    });

    const v2 = await publish("v2");
    expect(await setLatestVersion(w.admin, w.refA, { version: v2.commitSha })).toMatchObject({
      version: { name: "v2" },
      previous: "v1",
      changed: true,
    });
    expect((await db.model.findUniqueOrThrow({ where: { id: w.a.id } })).latestVersionId).toBe(v2.id);
    const audit = await db.auditEvent.findMany({
      where: { modelId: w.a.id, action: "version.latest_set" },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((a) => a.data)).toEqual([
      { model: w.a.slug, name: "v1", commitSha: v1.commitSha, previous: null },
      { model: w.a.slug, name: "v2", commitSha: v2.commitSha, previous: "v1" },
    ]);

    before = await snapshot(w.a.id);
    expect(await setLatestVersion(w.admin, w.refA, { version: "v2" })).toMatchObject({ changed: false });
    expect(await snapshot(w.a.id)).toEqual(before);
  });

  it("is refused to reviewers (403) and others (404); nothing changes", async () => {
    const w = await world();
    const { version } = await createVersion(w.admin, w.refA, { name: "v1" });
    await addFile(version.id, "model.onnx", "READY");
    await publishVersion(w.admin, { ...w.refA, version: "v1" });
    const before = await snapshot(w.a.id);
    await expectAppError(setLatestVersion(w.reviewer, w.refA, { version: "v1" }), "FORBIDDEN");
    await expectAppError(setLatestVersion(w.researcher, w.refA, { version: "v1" }), "NOT_FOUND");
    await expectAppError(setLatestVersion(null, w.refA, { version: "v1" }), "SIGN_IN_REQUIRED");
    expect(await snapshot(w.a.id)).toEqual(before);
  });
});

describe("listVersions and getVersion", () => {
  it("list newest first with file counts and the latest badge; one version with its files; readable by the model's reviewers", async () => {
    const w = await world();
    const { version: v1 } = await createVersion(w.admin, w.refA, { name: "v1" });
    await addFile(v1.id, "model.onnx", "READY");
    await publishVersion(w.admin, { ...w.refA, version: "v1" });
    await setLatestVersion(w.admin, w.refA, { version: "v1" });
    const { version: v2 } = await createVersion(w.admin, w.refA, { name: "v2" });
    await addFile(v2.id, "a.onnx", "READY");
    await addFile(v2.id, "b.onnx", "FAILED", "too small");

    for (const [caller, canEdit] of [
      [w.admin, true],
      [w.reviewer, false],
    ] as const) {
      const list = await listVersions(caller, w.refA);
      expect(list.canEdit).toBe(canEdit);
      expect(list.versions.map((v) => [v.name, v.status, v.fileCount, v.readyCount, v.isLatest])).toEqual([
        ["v2", "DRAFT", 2, 1, false],
        ["v1", "PUBLISHED", 1, 1, true],
      ]);
      const one = await getVersion(caller, { ...w.refA, version: "v2" });
      expect(one.version).toMatchObject({ name: "v2", status: "DRAFT", isLatest: false, isReadyToPublish: false });
      expect(one.version.files.map((f) => [f.path, f.status, f.failureReason, f.size])).toEqual([
        ["a.onnx", "READY", null, 1234],
        ["b.onnx", "FAILED", "too small", 1234],
      ]);
    }
    expect((await listVersions(w.admin, w.refB)).versions).toEqual([]);
    for (const [caller, ref, code] of [
      [w.reviewer, w.refB, "NOT_FOUND"],
      [w.researcher, w.refA, "NOT_FOUND"],
      [null, w.refA, "SIGN_IN_REQUIRED"],
    ] as const) {
      await expect(listVersions(caller, ref)).rejects.toMatchObject({ code });
      await expect(getVersion(caller, { ...ref, version: "v1" })).rejects.toMatchObject({ code });
    }
    await expectAppError(getVersion(w.admin, { ...w.refA, version: "v9" }), "NOT_FOUND");
  });
});
