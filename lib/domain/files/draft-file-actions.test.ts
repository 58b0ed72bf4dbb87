import { createHash, randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { toAppError } from "@/lib/http/handle-api-error";
import { storedObjectSize } from "@/lib/storage/multipart";
import { putObject } from "@/lib/storage/put-object";
import { createVersionWithFiles } from "@/lib/testing/download-fixtures";
import {
  callerOf,
  createGatedModel,
  createResearcher,
  createUser,
  sha256Hex,
  uid,
  createModelReviewer,
} from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { deleteObjectUnlessInUse } from "./delete-object-unless-in-use";
import { enqueueFileVerification } from "./enqueue-file-verification";
import { removeVersionFile } from "./remove-version-file";
import { requestFileVerification } from "./request-file-verification";
import { verifyFile } from "./verify-file";

// "Verify again" and "Remove" for a draft's files, against the real test PostgreSQL and S3.
const { modelIds } = trackTestRows();
const fileIds: string[] = [];
afterAll(async () => {
  await db.$executeRaw`DELETE FROM pgboss.job WHERE name IN ('verify-file', 'inspect-file') AND data->>'fileId' = ANY(${fileIds})`;
});
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/**
 * A model with a DRAFT v2 holding a READY, a FAILED (declared sha256 not that of its bytes), a
 * VERIFYING and an UPLOADING file, every uploaded one with its object in S3, and a PUBLISHED v1
 * with a FAILED and a READY file; an admin, one of the model's reviewers and a researcher.
 */
const world = async () => {
  const model = await createGatedModel();
  modelIds.push(model.id);
  const bytes = { failed: randomBytes(1500), verifying: randomBytes(1700) };
  const draft = await createVersionWithFiles(
    model.id,
    [
      { path: "weights/ready.bin" },
      { path: "failed.bin", status: "FAILED", bytes: bytes.failed },
      { path: "verifying.bin", status: "VERIFYING", bytes: bytes.verifying },
      { path: "uploading.bin", status: "UPLOADING" },
    ],
    { name: "v2", status: "DRAFT" },
  );
  const published = await createVersionWithFiles(
    model.id,
    [{ path: "failed.bin", status: "FAILED" }, { path: "ready.bin" }],
    { name: "v1" },
  );
  const file = (path: string) => draft.files.find((f) => f.path === path) as (typeof draft.files)[number];
  await putObject({ key: file("failed.bin").storageKey, body: bytes.failed, contentType: "application/octet-stream" });
  await putObject({
    key: file("verifying.bin").storageKey,
    body: bytes.verifying,
    contentType: "application/octet-stream",
  });
  fileIds.push(...draft.files.map((f) => f.id), ...published.files.map((f) => f.id));
  const admin = callerOf(await createUser({ role: "ADMIN" }));
  const { user: reviewerUser } = await createResearcher();
  await createModelReviewer(reviewerUser.id, model.id);
  const { caller: researcher } = await createResearcher();
  const at = (path: string, version = "v2") => ({ org: model.org, name: model.name, version, path });
  return { model, draft, published, file, bytes, admin, reviewer: callerOf(reviewerUser), researcher, at };
};
type World = Awaited<ReturnType<typeof world>>;

/** Everything these actions can change: the model's file rows, its audit rows, queued verify jobs, upload rows. */
const snapshot = async (modelId: string) => {
  const files = await db.modelFile.findMany({
    where: { version: { modelId } },
    orderBy: [{ versionId: "asc" }, { path: "asc" }],
    select: { id: true, versionId: true, path: true, status: true, failureReason: true, sha256: true, updatedAt: true },
  });
  return {
    files,
    audit: await db.auditEvent.count({ where: { modelId } }),
    jobs: await db.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'verify-file' AND data->>'fileId' = ANY(${fileIds})`,
    uploads: await db.upload.count({ where: { file: { version: { modelId } } } }),
  };
};
const verifyJobs = (fileId: string) =>
  db.$queryRaw<
    { state: string; data: unknown }[]
  >`SELECT state::text, data FROM pgboss.job WHERE name = 'verify-file' AND data->>'fileId' = ${fileId}`;
const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).not.toBeNull();
  return toAppError(e);
};

/** Who may not, and what may not be changed, with the answer each gets. */
const refusals = (
  w: World,
): { name: string; caller: Caller | null; params: ReturnType<World["at"]>; status: number; code: string }[] => [
  { name: "anonymous", caller: null, params: w.at("failed.bin"), status: 401, code: "SIGN_IN_REQUIRED" },
  {
    name: "a researcher (the model is invisible)",
    caller: w.researcher,
    params: w.at("failed.bin"),
    status: 404,
    code: "NOT_FOUND",
  },
  {
    name: "one of the model's reviewers",
    caller: w.reviewer,
    params: w.at("failed.bin"),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    name: "an admin's READ-scope token",
    caller: { ...w.admin, scope: "READ" },
    params: w.at("failed.bin"),
    status: 403,
    code: "FORBIDDEN",
  },
  { name: "an unknown version", caller: w.admin, params: w.at("failed.bin", "v9"), status: 404, code: "NOT_FOUND" },
  { name: "an unknown path", caller: w.admin, params: w.at("nope.bin"), status: 404, code: "NOT_FOUND" },
  {
    name: "a path that climbs out",
    caller: w.admin,
    params: w.at("../failed.bin"),
    status: 422,
    code: "VALIDATION_FAILED",
  },
  {
    name: "a file of a published version",
    caller: w.admin,
    params: w.at("failed.bin", "v1"),
    status: 409,
    code: "VERSION_IMMUTABLE",
  },
  {
    name: "a file still being uploaded",
    caller: w.admin,
    params: w.at("uploading.bin"),
    status: 409,
    code: "CONFLICT",
  },
];

describe("requestFileVerification (Verify again)", () => {
  it("a FAILED file goes VERIFYING with its reason cleared, one queued job and one audit row; the worker then decides again", async () => {
    const w = await world();
    const failed = w.file("failed.bin");
    expect(await requestFileVerification(w.admin, w.at("failed.bin"))).toEqual({
      file: { id: failed.id, path: "failed.bin", status: "VERIFYING" },
    });

    expect(
      await db.modelFile.findUniqueOrThrow({ where: { id: failed.id }, select: { status: true, failureReason: true } }),
    ).toEqual({ status: "VERIFYING", failureReason: null });
    expect(await verifyJobs(failed.id)).toEqual([{ state: "created", data: { fileId: failed.id } }]);
    const audit = await db.auditEvent.findMany({
      where: { targetId: failed.id },
      select: { action: true, actorId: true, data: true },
    });
    expect(audit).toEqual([
      {
        action: "file.reverify_requested",
        actorId: w.admin.id,
        data: { version: "v2", path: "failed.bin", previousStatus: "FAILED", previousReason: "sha256 mismatch" },
      },
    ]);

    // The declared sha256 is still wrong: the job ends FAILED again, with the measured reason.
    const result = await verifyFile({ fileId: failed.id });
    expect(result).toEqual({
      outcome: "failed",
      reason: `sha256 ${sha(w.bytes.failed).slice(0, 12)}… does not match the declared ${sha256Hex("failed.bin").slice(0, 12)}…`,
    });
    expect((await db.modelFile.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe("FAILED");
  });

  it("a file stuck VERIFYING gets a fresh job (its updatedAt moves on, so a verdict of a run that read it before cannot land); the jobs give one verdict", async () => {
    const w = await world();
    const stuck = w.file("verifying.bin");
    await db.$transaction((tx) => enqueueFileVerification(tx, stuck.id)); // the job that gave up
    const before = await db.modelFile.findUniqueOrThrow({ where: { id: stuck.id } });
    await requestFileVerification(w.admin, w.at("verifying.bin"));
    const after = await db.modelFile.findUniqueOrThrow({ where: { id: stuck.id } });
    expect(after.status).toBe("VERIFYING");
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect(await verifyJobs(stuck.id)).toHaveLength(2);
    expect(
      (await db.auditEvent.findFirstOrThrow({ where: { targetId: stuck.id, action: "file.reverify_requested" } })).data,
    ).toMatchObject({ previousStatus: "VERIFYING", previousReason: null });
    // Both jobs run: the file gets one verdict (its bytes match the declared size; sha256Hex(path) does not).
    const results = await Promise.all([verifyFile({ fileId: stuck.id }), verifyFile({ fileId: stuck.id })]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["failed", "skipped"]);
    expect(await db.auditEvent.count({ where: { targetId: stuck.id, action: "file.failed" } })).toBe(1);
  });

  it("refuses a READY file (CONFLICT) and writes nothing", async () => {
    const w = await world();
    const before = await snapshot(w.model.id);
    const e = await refusal(requestFileVerification(w.admin, w.at("weights/ready.bin")));
    expect([e.status, e.code]).toEqual([409, "CONFLICT"]);
    expect(await snapshot(w.model.id)).toEqual(before);
  });

  it("refuses, with status and code, everyone but the model's admins and every file it may not touch; nothing changes", async () => {
    const w = await world();
    const before = await snapshot(w.model.id);
    for (const r of refusals(w)) {
      const e = await refusal(requestFileVerification(r.caller, r.params));
      expect([r.name, e.status, e.code]).toEqual([r.name, r.status, r.code]);
    }
    expect(await snapshot(w.model.id)).toEqual(before);
  });
});

describe("removeVersionFile", () => {
  it("removes a READY file: the row goes, one file.removed audit row, and the object is gone from S3", async () => {
    const w = await world();
    const ready = w.file("weights/ready.bin");
    expect(await storedObjectSize(ready.storageKey)).toBe(Number(ready.size));
    expect(await removeVersionFile(w.admin, { ...w.at("x"), path: ["weights", "ready.bin"] })).toEqual({
      removed: { path: "weights/ready.bin", size: Number(ready.size), sha256: ready.sha256, status: "READY" },
      objectDeleted: true,
    });
    expect(await db.modelFile.findUnique({ where: { id: ready.id } })).toBeNull();
    expect(
      await db.auditEvent.findMany({
        where: { targetId: ready.id },
        select: { action: true, actorId: true, data: true },
      }),
    ).toEqual([
      {
        action: "file.removed",
        actorId: w.admin.id,
        data: {
          version: "v2",
          path: "weights/ready.bin",
          size: Number(ready.size),
          sha256: ready.sha256,
          status: "READY",
          declaredSha256: ready.declaredSha256,
        },
      },
    ]);
    expect(await storedObjectSize(ready.storageKey)).toBeNull(); // HeadObject: 404
    // The other files stay.
    expect(
      (await db.modelFile.findMany({ where: { versionId: w.draft.id }, orderBy: { path: "asc" } })).map((f) => f.path),
    ).toEqual(["failed.bin", "uploading.bin", "verifying.bin"]);
  });

  it("removes FAILED and VERIFYING files too; a verify job still queued for one then does nothing", async () => {
    const w = await world();
    const [failed, verifying] = [w.file("failed.bin"), w.file("verifying.bin")];
    await db.$transaction((tx) => enqueueFileVerification(tx, verifying.id));
    expect((await removeVersionFile(w.admin, w.at("failed.bin"))).removed).toMatchObject({
      status: "FAILED",
      sha256: null,
    });
    expect((await removeVersionFile(w.admin, w.at("verifying.bin"))).objectDeleted).toBe(true);
    expect(await db.modelFile.count({ where: { id: { in: [failed.id, verifying.id] } } })).toBe(0);
    expect([await storedObjectSize(failed.storageKey), await storedObjectSize(verifying.storageKey)]).toEqual([
      null,
      null,
    ]);
    expect(await verifyFile({ fileId: verifying.id })).toEqual({ outcome: "skipped", status: null });
    // Removing it again: it is not there any more.
    const again = await refusal(removeVersionFile(w.admin, w.at("failed.bin")));
    expect([again.status, again.code]).toEqual([404, "NOT_FOUND"]);
  });

  it("refuses, with status and code, everyone but the model's admins and every file it may not touch; nothing changes, objects stay", async () => {
    const w = await world();
    const before = await snapshot(w.model.id);
    for (const r of refusals(w)) {
      const e = await refusal(removeVersionFile(r.caller, r.params));
      expect([r.name, e.status, e.code]).toEqual([r.name, r.status, r.code]);
    }
    expect((await refusal(removeVersionFile(w.admin, w.at("uploading.bin")))).userMessage).toBe(
      "uploading.bin is still being uploaded; cancel the upload instead (that removes the file and its parts).",
    );
    expect(await snapshot(w.model.id)).toEqual(before);
    expect(await storedObjectSize(w.file("failed.bin").storageKey)).toBe(w.bytes.failed.byteLength);
    const publishedReady = w.published.files.find((f) => f.path === "ready.bin") as { storageKey: string };
    expect(await storedObjectSize(publishedReady.storageKey)).not.toBeNull();
  });
});

describe("deleteObjectUnlessInUse", () => {
  it("leaves an object whose key a file row uses again (a new upload of the same path), deletes it otherwise", async () => {
    const w = await world();
    const ready = w.file("weights/ready.bin");
    expect(await deleteObjectUnlessInUse(ready.storageKey)).toBe(false);
    expect(await storedObjectSize(ready.storageKey)).toBe(Number(ready.size));
    await db.modelFile.delete({ where: { id: ready.id } });
    expect(await deleteObjectUnlessInUse(ready.storageKey)).toBe(true);
    expect(await storedObjectSize(ready.storageKey)).toBeNull();
    // Already gone: S3 answers success, nothing to do.
    expect(await deleteObjectUnlessInUse(`test/${uid()}/never-stored.bin`)).toBe(true);
  });
});
