import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { toAppError } from "@/lib/http/handle-api-error";
import { createVersionWithFiles, trackDownloadModels } from "@/lib/testing/download-fixtures";
import { callerOf, createGatedModel, createResearcher, createUser, createModelReviewer } from "@/lib/testing/factories";
import { getObjectBytes } from "@/lib/storage/get-object-bytes";
import { abortMultipartUpload } from "@/lib/storage/multipart";
import { abortUpload } from "./abort-upload";
import { completeUpload } from "./complete-upload";
import { listOpenUploads } from "./list-open-uploads";
import { MIN_PART_SIZE } from "@/lib/common/plan-parts";
import { presignUploadParts } from "./presign-upload-parts";
import { recordUploadPart } from "./record-upload-part";
import { startUpload } from "./start-upload";

const modelIds = trackDownloadModels();
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const world = async () => {
  const model = await createGatedModel();
  modelIds.push(model.id);
  const draft = await createVersionWithFiles(model.id, [], { name: "v2", status: "DRAFT" });
  const published = await createVersionWithFiles(model.id, [{ path: "old.bin" }], { name: "v1" });
  const admin = callerOf(await createUser({ role: "ADMIN" }));
  const { user: reviewerUser } = await createResearcher();
  await createModelReviewer(reviewerUser.id, model.id);
  const { caller: researcher } = await createResearcher();
  const at = (version = "v2") => ({ org: model.org, name: model.name, version });
  return { model, draft, published, admin, reviewer: callerOf(reviewerUser), researcher, at };
};
const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).not.toBeNull();
  return toAppError(e);
};
const snapshot = async (modelId: string) => ({
  files: await db.modelFile.findMany({
    where: { version: { modelId } },
    orderBy: { id: "asc" },
    select: { id: true, path: true, status: true, size: true },
  }),
  uploads: await db.upload.count({ where: { file: { version: { modelId } } } }),
  audit: await db.auditEvent.count({ where: { modelId } }),
});

/** What a browser or `weights push` does with the part URLs: PUT the bytes, keep the ETag. */
const putParts = async (
  w: Awaited<ReturnType<typeof world>>,
  uploadId: string,
  bytes: Buffer,
  partNumbers: number[],
) => {
  const { parts } = await presignUploadParts(w.admin, { ...w.at(), id: uploadId }, { partNumbers });
  for (const p of parts) {
    const start = (p.partNumber - 1) * MIN_PART_SIZE;
    const res = await fetch(p.url, { method: "PUT", body: new Uint8Array(bytes.subarray(start, start + p.size)) });
    expect(res.status).toBe(200);
    await recordUploadPart(
      w.admin,
      { ...w.at(), id: uploadId, partNumber: p.partNumber },
      { etag: res.headers.get("etag") as string, size: p.size },
    );
  }
};

describe("presigned multipart uploads", () => {
  it("uploads a file of two parts straight to S3, resumes after an interruption, completes to VERIFYING with its job and audit rows", async () => {
    const w = await world();
    const bytes = randomBytes(MIN_PART_SIZE + 3 * 1024 * 1024);
    const started = await startUpload(w.admin, w.at(), {
      path: "weights/model.bin",
      size: bytes.length,
      sha256: sha(bytes),
    });
    expect(started).toMatchObject({
      resumed: false,
      upload: {
        path: "weights/model.bin",
        size: bytes.length,
        partSize: MIN_PART_SIZE,
        partCount: 2,
        completedParts: [],
      },
    });
    const id = started.upload.id;
    await putParts(w, id, bytes, [1]);

    // "Reload": the same path and size again resumes with part 1 done.
    const again = await startUpload(w.admin, w.at(), { path: "weights/model.bin", size: bytes.length });
    expect(again).toMatchObject({
      resumed: true,
      upload: { id, completedParts: [{ partNumber: 1, size: MIN_PART_SIZE }] },
    });
    expect(await listOpenUploads(w.admin, w.at())).toEqual([
      expect.objectContaining({ id, path: "weights/model.bin", partsDone: 1, bytesDone: MIN_PART_SIZE, partCount: 2 }),
    ]);
    // Reviewers read the list (read-only); researchers get the 404 that hides the model.
    expect(await listOpenUploads(w.reviewer, w.at())).toEqual(await listOpenUploads(w.admin, w.at()));
    expect([(await refusal(listOpenUploads(w.researcher, w.at()))).code]).toEqual(["NOT_FOUND"]);

    // Completing early names the missing part and changes nothing.
    const before = await snapshot(w.model.id);
    const early = await refusal(completeUpload(w.admin, { ...w.at(), id }));
    expect([early.code, early.status, early.userMessage]).toEqual([
      "UPLOAD_INCOMPLETE",
      409,
      "The upload of weights/model.bin is not complete: missing parts 2.",
    ]);
    expect(await snapshot(w.model.id)).toEqual(before);

    await putParts(w, id, bytes, [2]);
    expect(await completeUpload(w.admin, { ...w.at(), id })).toEqual({
      file: { id: started.upload.fileId, path: "weights/model.bin", status: "VERIFYING" },
      alreadyCompleted: false,
    });
    expect(await completeUpload(w.admin, { ...w.at(), id })).toMatchObject({ alreadyCompleted: true });
    const file = await db.modelFile.findUniqueOrThrow({ where: { id: started.upload.fileId } });
    expect(file).toMatchObject({ status: "VERIFYING", declaredSha256: sha(bytes), size: BigInt(bytes.length) });
    const stored = await getObjectBytes({ key: file.storageKey, maxBytes: 64 * 1024 * 1024 });
    expect(stored.bytes && sha(stored.bytes)).toBe(sha(bytes));
    const audit = await db.auditEvent.findMany({
      where: { targetId: file.id },
      orderBy: { seq: "asc" },
      select: { action: true, actorId: true },
    });
    expect(audit).toEqual([
      { action: "file.upload_started", actorId: w.admin.id },
      { action: "file.uploaded", actorId: w.admin.id },
    ]);
    const jobs = await db.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE '%verify-file' AND data->>'fileId' = ${file.id}`;
    expect(jobs[0]?.n).toBe(1);
    expect(await listOpenUploads(w.admin, w.at())).toEqual([]);
  });

  it("a completion the store refuses (an ETag that is not the part's) is 409 UPLOAD_INCOMPLETE: the parts are forgotten and a resume sends them all again", async () => {
    const w = await world();
    const bytes = randomBytes(MIN_PART_SIZE + 1000);
    const { upload } = await startUpload(w.admin, w.at(), { path: "a.bin", size: bytes.length });
    await putParts(w, upload.id, bytes, [1, 2]);
    await db.uploadPart.update({
      where: { uploadId_partNumber: { uploadId: upload.id, partNumber: 2 } },
      data: { etag: `"${"0".repeat(32)}"` },
    });
    const audit = await db.auditEvent.count({ where: { modelId: w.model.id } });
    const e = await refusal(completeUpload(w.admin, { ...w.at(), id: upload.id }));
    expect([e.code, e.status, e.userMessage]).toEqual([
      "UPLOAD_INCOMPLETE",
      409,
      "The store holds other bytes than the parts recorded for a.bin. Upload the same file again: every part is sent anew.",
    ]);
    expect(await db.uploadPart.count({ where: { uploadId: upload.id } })).toBe(0);
    expect(await db.modelFile.findUniqueOrThrow({ where: { id: upload.fileId } })).toMatchObject({
      status: "UPLOADING",
    });
    expect(await db.auditEvent.count({ where: { modelId: w.model.id } })).toBe(audit);
    const again = await startUpload(w.admin, w.at(), { path: "a.bin", size: bytes.length });
    expect(again).toMatchObject({ resumed: true, upload: { id: upload.id, completedParts: [] } });
    await putParts(w, upload.id, bytes, [1, 2]);
    expect(await completeUpload(w.admin, { ...w.at(), id: upload.id })).toMatchObject({
      file: { status: "VERIFYING" },
      alreadyCompleted: false,
    });
  });

  it("a completion after the store dropped the upload is 409 CONFLICT saying to cancel and upload again; nothing changes", async () => {
    const w = await world();
    const bytes = randomBytes(1000);
    const { upload } = await startUpload(w.admin, w.at(), { path: "a.bin", size: bytes.length });
    await putParts(w, upload.id, bytes, [1]);
    const row = await db.upload.findUniqueOrThrow({ where: { id: upload.id }, include: { file: true } });
    await abortMultipartUpload({ key: row.file.storageKey, uploadId: row.s3UploadId }); // the lifecycle rule, say
    const before = await snapshot(w.model.id);
    const e = await refusal(completeUpload(w.admin, { ...w.at(), id: upload.id }));
    expect([e.code, e.status, e.userMessage]).toEqual([
      "CONFLICT",
      409,
      "The store no longer holds the upload of a.bin. Cancel it and upload the file again.",
    ]);
    expect(await snapshot(w.model.id)).toEqual(before);
  });

  it("cancels an upload: the file leaves the version, audited with whether the store aborted the parts", async () => {
    const w = await world();
    const bytes = randomBytes(1024);
    const { upload } = await startUpload(w.admin, w.at(), { path: "a.bin", size: bytes.length });
    await putParts(w, upload.id, bytes, [1]);
    const partUrl = (await presignUploadParts(w.admin, { ...w.at(), id: upload.id }, { partNumbers: [1] })).parts[0]
      ?.url;
    expect(await abortUpload(w.admin, { ...w.at(), id: upload.id })).toEqual({
      id: upload.id,
      aborted: true,
      storeAborted: true,
    });
    // The store dropped the upload: a part URL signed before the cancel is now refused.
    const late = await fetch(partUrl as string, { method: "PUT", body: new Uint8Array(bytes) });
    expect([late.status, (await late.text()).match(/<Code>(\w+)<\/Code>/)?.[1]]).toEqual([404, "NoSuchUpload"]);
    expect(await db.modelFile.findUnique({ where: { id: upload.fileId } })).toBeNull();
    expect(await db.upload.findUnique({ where: { id: upload.id } })).toBeNull();
    const audit = await db.auditEvent.findMany({
      where: { targetId: upload.fileId, action: "file.upload_aborted" },
      select: { data: true },
    });
    expect(audit).toEqual([{ data: { version: "v2", path: "a.bin", size: 1024, storeAborted: true } }]);
    const again = await refusal(abortUpload(w.admin, { ...w.at(), id: upload.id }));
    expect(again.code).toBe("NOT_FOUND");
  });

  it.each([
    ["a reviewer of the model", "reviewer", {}, "FORBIDDEN", 403],
    ["a researcher", "researcher", {}, "NOT_FOUND", 404],
    ["a published version", "admin", { version: "v1" }, "VERSION_IMMUTABLE", 409],
    ["an unknown version", "admin", { version: "v9" }, "NOT_FOUND", 404],
    ["a file over MAX_UPLOAD_BYTES", "admin", { size: 201 * 1024 ** 3 }, "FILE_TOO_LARGE", 413],
    ["a path climbing out", "admin", { path: "../x.bin" }, "VALIDATION_FAILED", 422],
    ["an empty file", "admin", { size: 0 }, "VALIDATION_FAILED", 422],
    ["a malformed sha256", "admin", { sha256: "abc" }, "VALIDATION_FAILED", 422],
    [
      "a content type S3 cannot take as a header",
      "admin",
      { contentType: "text/plain\r\nx-amz-acl: public-read" },
      "VALIDATION_FAILED",
      422,
    ],
    ["a content type that is not a media type", "admin", { contentType: "modèle" }, "VALIDATION_FAILED", 422],
    ["a path longer than an S3 key allows", "admin", { path: `${"é".repeat(451)}.bin` }, "VALIDATION_FAILED", 422],
    ["a path already uploaded", "admin", { version: "v1", path: "old.bin" }, "VERSION_IMMUTABLE", 409],
  ] as const)("refuses to start for %s and writes nothing", async (_, who, change, code, status) => {
    const w = await world();
    const before = await snapshot(w.model.id);
    const { version, ...body } = { version: "v2", path: "x.bin", size: 1000, ...change };
    const e = await refusal(startUpload(w[who], w.at(version), body));
    expect([e.code, e.status]).toEqual([code, status]);
    expect(await snapshot(w.model.id)).toEqual(before);
  });

  it("refuses a different file at a path being uploaded, and one already verifying", async () => {
    const w = await world();
    const { upload } = await startUpload(w.admin, w.at(), { path: "a.bin", size: 5000 });
    const before = await snapshot(w.model.id);
    const other = await refusal(startUpload(w.admin, w.at(), { path: "a.bin", size: 6000 }));
    expect([other.code, other.userMessage]).toEqual([
      "CONFLICT",
      "Another file (4.9 KB) is being uploaded as a.bin; cancel that upload first.",
    ]);
    await db.modelFile.update({ where: { id: upload.fileId }, data: { status: "VERIFYING" } });
    await db.upload.update({ where: { id: upload.id }, data: { completedAt: new Date() } });
    const done = await refusal(startUpload(w.admin, w.at(), { path: "a.bin", size: 5000 }));
    expect([done.code, done.userMessage]).toEqual(["CONFLICT", "a.bin is already uploaded in version v2 (verifying)."]);
    expect((await snapshot(w.model.id)).files).toEqual(
      before.files.map((f) => (f.id === upload.fileId ? { ...f, status: "VERIFYING" } : f)),
    );
  });

  it("replaces a FAILED file with a new upload at the same path", async () => {
    const w = await world();
    const { upload } = await startUpload(w.admin, w.at(), { path: "a.bin", size: 5000 });
    await db.modelFile.update({
      where: { id: upload.fileId },
      data: { status: "FAILED", failureReason: "sha256 mismatch" },
    });
    await db.upload.update({ where: { id: upload.id }, data: { completedAt: new Date() } });
    const again = await startUpload(w.admin, w.at(), { path: "a.bin", size: 7000 });
    expect(again).toMatchObject({ resumed: false, upload: { fileId: upload.fileId, size: 7000, completedParts: [] } });
    expect(again.upload.id).not.toBe(upload.id);
    expect(await db.modelFile.findUniqueOrThrow({ where: { id: upload.fileId } })).toMatchObject({
      status: "UPLOADING",
      failureReason: null,
      size: 7000n,
    });
  });

  it("refuses part URLs and records beyond the upload's parts or of the wrong size", async () => {
    const w = await world();
    const { upload } = await startUpload(w.admin, w.at(), { path: "a.bin", size: 5000 });
    const p = { ...w.at(), id: upload.id };
    expect((await refusal(presignUploadParts(w.admin, p, { partNumbers: [2] }))).fields).toEqual({
      partNumbers: ["this upload has 1 parts; there is no part 2"],
    });
    expect(
      (await refusal(recordUploadPart(w.admin, { ...p, partNumber: 1 }, { etag: '"x"', size: 4999 }))).fields,
    ).toEqual({ size: ["part 1 must be 5000 bytes"] });
    expect((await refusal(presignUploadParts(w.reviewer, p, { partNumbers: [1] }))).code).toBe("FORBIDDEN");
    expect((await refusal(presignUploadParts(w.admin, { ...p, id: "nope" }, { partNumbers: [1] }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await db.uploadPart.count({ where: { uploadId: upload.id } })).toBe(0);
  });
});
