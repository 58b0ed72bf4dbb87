// uploadParts against the real object store of the test stack (s3rver) and the registry's own upload
// domain (start, part URLs, record, complete): a resumed upload sends only the missing parts, a part
// URL that expired comes back as s3rver's own 403 and is replaced, and the assembled object is
// byte for byte the local file.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, open, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { completeUpload } from "@/lib/domain/uploads/complete-upload";
import { MIN_PART_SIZE } from "@/lib/common/plan-parts";
import { presignUploadParts } from "@/lib/domain/uploads/presign-upload-parts";
import { recordUploadPart } from "@/lib/domain/uploads/record-upload-part";
import { startUpload } from "@/lib/domain/uploads/start-upload";
import { hashObject } from "@/lib/storage/hash-object";
import { presignUploadPart } from "@/lib/storage/multipart";
import { createVersionWithFiles, trackDownloadModels } from "@/lib/testing/download-fixtures";
import { callerOf, createGatedModel, createUser } from "@/lib/testing/factories";
import type { UploadApi } from "./upload-api";
import { putPart, readPart, uploadParts } from "./upload-parts";
import { createPool } from "./upload-pool";

const modelIds = trackDownloadModels();
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("uploadParts with s3rver and the upload domain", () => {
  it("resumes after part 1, replaces a part URL s3rver refuses as expired, and the stored object is the file", async () => {
    const model = await createGatedModel();
    modelIds.push(model.id);
    await createVersionWithFiles(model.id, [], { name: "v2", status: "DRAFT" });
    const admin = callerOf(await createUser({ role: "ADMIN" }));
    const at = { org: model.org, name: model.name, version: "v2" };
    const bytes = randomBytes(2 * MIN_PART_SIZE + 4096); // 3 parts
    const file = join(await mkdtemp(join(tmpdir(), "weights-push-real-")), "weights.bin");
    await writeFile(file, bytes);

    const first = await startUpload(admin, at, { path: "weights.bin", size: bytes.length, sha256: sha(bytes) });
    const id = first.upload.id;
    // An earlier run stored and recorded part 1, then died.
    const [p1] = (await presignUploadParts(admin, { ...at, id }, { partNumbers: [1] })).parts;
    const handle = await open(file, "r");
    const etag = await putPart(p1?.url as string, await readPart(handle, 0, MIN_PART_SIZE)).finally(() =>
      handle.close(),
    );
    await recordUploadPart(admin, { ...at, id, partNumber: 1 }, { etag, size: MIN_PART_SIZE });

    const { upload, resumed } = await startUpload(admin, at, {
      path: "weights.bin",
      size: bytes.length,
      sha256: sha(bytes),
    });
    expect([resumed, upload.completedParts]).toEqual([true, [{ partNumber: 1, size: MIN_PART_SIZE }]]);

    const key = (await db.modelFile.findUniqueOrThrow({ where: { id: upload.fileId } })).storageKey;
    const s3Uploads = await db.upload.findUniqueOrThrow({ where: { id }, select: { s3UploadId: true } });
    let urlCalls = 0;
    const sent: number[] = [];
    const api: UploadApi = {
      getVersion: () => Promise.reject(new Error("unused")),
      start: () => Promise.reject(new Error("unused")),
      complete: () => Promise.reject(new Error("unused")),
      partUrls: async (uploadId, partNumbers) => {
        // The first batch is signed for 1 s but claims an hour, as a URL held through a long pause.
        if (urlCalls++ === 0) {
          const parts = await presignUploadParts(admin, { ...at, id: uploadId }, { partNumbers });
          const stale = await Promise.all(
            parts.parts.map(async (p) => ({
              ...p,
              url: await presignUploadPart({
                key,
                uploadId: s3Uploads.s3UploadId,
                partNumber: p.partNumber,
                ttlSeconds: 1,
              }),
            })),
          );
          await new Promise((r) => setTimeout(r, 2100));
          return { parts: stale, expiresAt: parts.expiresAt.toISOString() };
        }
        const fresh = await presignUploadParts(admin, { ...at, id: uploadId }, { partNumbers });
        return { ...fresh, expiresAt: fresh.expiresAt.toISOString() };
      },
      recordPart: async (uploadId, partNumber, part) => {
        sent.push(partNumber);
        await recordUploadPart(admin, { ...at, id: uploadId, partNumber }, part);
      },
    };
    const retries: string[] = [];
    expect(
      await uploadParts({
        api,
        pool: createPool(4),
        file,
        upload,
        retryDelayMs: 1,
        onRetry: (n, why) => retries.push(`part ${n}: ${why}`),
      }),
    ).toEqual({ sentParts: 2, sentBytes: MIN_PART_SIZE + 4096 });
    // s3rver refused the stale URLs (403; a part whose turn came after the first refusal got a fresh
    // URL straight away), then took both parts through fresh ones; part 1 was not sent again.
    expect(retries.length).toBeGreaterThanOrEqual(1);
    for (const r of retries) expect(r).toMatch(/^part [23]: storage answered 403/);
    expect(urlCalls).toBeGreaterThanOrEqual(2);
    expect(sent.sort()).toEqual([2, 3]);

    expect(await completeUpload(admin, { ...at, id })).toMatchObject({
      file: { status: "VERIFYING" },
      alreadyCompleted: false,
    });
    expect(await hashObject({ key })).toEqual({ size: bytes.length, sha256: sha(bytes) });
  });
});
