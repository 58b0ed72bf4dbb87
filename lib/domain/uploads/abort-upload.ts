import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { assertVersionEditable } from "@/lib/domain/models/assert-version-editable";
import type { TUploadRouteParams } from "@/lib/schemas/uploads";
import { logger } from "@/lib/logger";
import { abortMultipartUpload, isAbortUnsupported, isNoSuchUpload } from "@/lib/storage/multipart";
import { authorizeUpload } from "./authorize-upload";

/**
 * Cancels an unfinished upload: S3 drops the parts (`storeAborted`; a store without the call
 * leaves them to the bucket's lifecycle rule) and the UPLOADING file leaves the version.
 */
export const abortUpload = async (caller: Caller | null, params: TUploadRouteParams) => {
  const { admin, model, version, upload } = await authorizeUpload(caller, params);
  if (upload.completedAt)
    throw new AppError("CONFLICT", { userMessage: "This upload is complete; its file is being verified or is ready." });
  let storeAborted = true;
  try {
    await abortMultipartUpload({ key: upload.file.storageKey, uploadId: upload.s3UploadId });
  } catch (e) {
    if (isAbortUnsupported(e)) {
      storeAborted = false;
      logger.warn(
        { uploadId: upload.id },
        "the store cannot abort multipart uploads; its lifecycle rule must remove the parts",
      );
    } else if (!isNoSuchUpload(e)) throw e;
  }
  await db.$transaction(async (tx) => {
    await assertVersionEditable(tx, version.id);
    // The file row goes with its upload and parts (cascade); only while it is still uploading.
    const { count } = await tx.modelFile.deleteMany({ where: { id: upload.file.id, status: "UPLOADING" } });
    if (count === 0) throw new AppError("CONFLICT", { userMessage: "This upload changed meanwhile; reload." });
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "file.upload_aborted",
      modelId: model.id,
      targetType: "ModelFile",
      targetId: upload.file.id,
      data: { version: version.name, path: upload.file.path, size: upload.size, storeAborted },
    });
  });
  return { id: upload.id, aborted: true as const, storeAborted };
};
