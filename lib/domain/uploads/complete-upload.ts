import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { enqueueFileVerification } from "@/lib/domain/files/enqueue-file-verification";
import { assertVersionEditable } from "@/lib/domain/models/assert-version-editable";
import type { TUploadRouteParams } from "@/lib/schemas/uploads";
import { completeMultipartUpload, isInvalidPart, isNoSuchUpload, storedObjectSize } from "@/lib/storage/multipart";
import { authorizeUpload } from "./authorize-upload";
import { partLength } from "@/lib/common/plan-parts";

/** Parts not yet recorded, or recorded with the wrong size, named for the uploader. */
const problems = (
  stored: { partNumber: number; size: number }[],
  size: number,
  partSize: number,
  partCount: number,
) => {
  const byNumber = new Map(stored.map((p) => [p.partNumber, p.size]));
  const missing: number[] = [];
  const wrong: number[] = [];
  for (let n = 1; n <= partCount; n++) {
    const got = byNumber.get(n);
    if (got === undefined) missing.push(n);
    else if (got !== partLength(size, partSize, n)) wrong.push(n);
  }
  return { missing, wrong };
};

/**
 * Assembles the object from the parts recorded (S3 refuses an ETag that is not the part it holds),
 * then, in one transaction, marks the upload done, writes the audit row and queues verification:
 * the file stays VERIFYING until the worker has hashed the stored bytes against the declared size
 * and sha256, which is what makes it downloadable. Calling it again is harmless: a completion
 * whose database write was lost is recognised by the stored object.
 */
export const completeUpload = async (caller: Caller | null, params: TUploadRouteParams) => {
  const { admin, model, upload } = await authorizeUpload(caller, params);
  const { file } = upload;
  if (upload.completedAt)
    return { file: { id: file.id, path: file.path, status: file.status }, alreadyCompleted: true };
  const key = file.storageKey;
  try {
    const stored = await db.uploadPart.findMany({
      where: { uploadId: upload.id },
      orderBy: { partNumber: "asc" },
      select: { partNumber: true, etag: true, size: true },
    });
    const { missing, wrong } = problems(stored, upload.size, upload.partSize, upload.partCount);
    if (missing.length || wrong.length) {
      const say = (label: string, ns: number[]) =>
        ns.length
          ? `${label} ${ns.slice(0, 20).join(", ")}${ns.length > 20 ? ` and ${ns.length - 20} more` : ""}`
          : null;
      const detail = [say("missing parts", missing), say("parts of the wrong size", wrong)].filter(Boolean).join("; ");
      throw new AppError("UPLOAD_INCOMPLETE", {
        userMessage: `The upload of ${file.path} is not complete: ${detail}.`,
      });
    }
    await completeMultipartUpload({ key, uploadId: upload.s3UploadId, parts: stored });
  } catch (e) {
    if (isInvalidPart(e)) {
      // The recorded ETags are not what the store holds: forget them, so that resuming sends every part anew.
      await db.uploadPart.deleteMany({ where: { uploadId: upload.id } });
      throw new AppError("UPLOAD_INCOMPLETE", {
        userMessage: `The store holds other bytes than the parts recorded for ${file.path}. Upload the same file again: every part is sent anew.`,
      });
    }
    if (!isNoSuchUpload(e)) throw e;
    // An earlier call assembled the object and then failed before its database write; otherwise
    // the store dropped the upload (cancelled elsewhere, or the bucket's lifecycle rule).
    if ((await storedObjectSize(key)) !== upload.size)
      throw new AppError("CONFLICT", {
        userMessage: `The store no longer holds the upload of ${file.path}. Cancel it and upload the file again.`,
      });
  }
  return db.$transaction(async (tx) => {
    await assertVersionEditable(
      tx,
      (await tx.modelFile.findUniqueOrThrow({ where: { id: file.id }, select: { versionId: true } })).versionId,
    );
    const { count } = await tx.upload.updateMany({
      where: { id: upload.id, completedAt: null },
      data: { completedAt: new Date() },
    });
    if (count === 0) return { file: { id: file.id, path: file.path, status: file.status }, alreadyCompleted: true };
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "file.uploaded",
      modelId: model.id,
      targetType: "ModelFile",
      targetId: file.id,
      data: { path: file.path, size: upload.size, parts: upload.partCount },
    });
    await enqueueFileVerification(tx, file.id);
    return { file: { id: file.id, path: file.path, status: "VERIFYING" as const }, alreadyCompleted: false };
  });
};
