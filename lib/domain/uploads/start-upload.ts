import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { assertVersionEditable } from "@/lib/domain/models/assert-version-editable";
import { authorizeModelWrite } from "@/lib/domain/models/authorize-model-write";
import { findModelVersion } from "@/lib/domain/models/find-model-version";
import { formatBytes } from "@/lib/format";
import type { TVersionRouteParams } from "@/lib/schemas/model-admin";
import { ZStartUploadInput } from "@/lib/schemas/uploads";
import { buildStorageKey } from "@/lib/storage/storage-key";
import { createMultipartUpload } from "@/lib/storage/multipart";
import { planParts } from "@/lib/common/plan-parts";

const uploadView = async (tx: Tx, uploadId: string) => {
  const u = await tx.upload.findUniqueOrThrow({
    where: { id: uploadId },
    select: {
      id: true,
      partSize: true,
      partCount: true,
      file: { select: { id: true, path: true, size: true } },
      parts: { select: { partNumber: true, size: true }, orderBy: { partNumber: "asc" } },
    },
  });
  return {
    id: u.id,
    fileId: u.file.id,
    path: u.file.path,
    size: Number(u.file.size),
    partSize: u.partSize,
    partCount: u.partCount,
    completedParts: u.parts,
  };
};

/**
 * Starts the presigned multipart upload of one file into a DRAFT version, or resumes the one in
 * progress for the same path and size (a reload, another tab, `weights push` again): the answer
 * lists the parts already done. The app never touches the bytes; the uploader PUTs parts to S3.
 * A FAILED file at that path is replaced; an uploaded (verifying or ready) one is a 409.
 */
export const startUpload = async (caller: Caller | null, params: TVersionRouteParams, raw: unknown) => {
  const { admin, model } = await authorizeModelWrite(caller, params);
  const input = ZStartUploadInput.parse(raw);
  if (input.size > env.MAX_UPLOAD_BYTES)
    throw new AppError("FILE_TOO_LARGE", {
      userMessage: `${input.path} is ${formatBytes(input.size)}; files may be at most ${formatBytes(env.MAX_UPLOAD_BYTES)}.`,
    });
  const found = await findModelVersion(model.id, params.version);

  return db.$transaction(async (tx) => {
    // Locks the version: a concurrent publication or a second start for the same path waits.
    const version = await assertVersionEditable(tx, found.id);
    const existing = await tx.modelFile.findUnique({
      where: { versionId_path: { versionId: version.id, path: input.path } },
      select: {
        id: true,
        size: true,
        declaredSha256: true,
        status: true,
        upload: { select: { id: true, completedAt: true } },
      },
    });
    if (existing?.status === "UPLOADING" && existing.upload && !existing.upload.completedAt) {
      const sameFile =
        Number(existing.size) === input.size &&
        (!input.sha256 || !existing.declaredSha256 || input.sha256 === existing.declaredSha256);
      if (!sameFile)
        throw new AppError("CONFLICT", {
          userMessage: `Another file (${formatBytes(Number(existing.size))}) is being uploaded as ${input.path}; cancel that upload first.`,
        });
      return { upload: await uploadView(tx, existing.upload.id), resumed: true };
    }
    if (existing && existing.status !== "FAILED")
      throw new AppError("CONFLICT", {
        userMessage: `${input.path} is already uploaded in version ${version.name} (${existing.status.toLowerCase()}).`,
      });

    const { partSize, partCount } = planParts(input.size);
    const storageKey = buildStorageKey({ modelId: model.id, commitSha: version.commitSha, path: input.path });
    const contentType = input.contentType ?? "application/octet-stream";
    const s3UploadId = await createMultipartUpload({ key: storageKey, contentType });
    const fileData = {
      size: BigInt(input.size),
      declaredSha256: input.sha256 ?? null,
      contentType,
      status: "UPLOADING" as const,
      sha256: null,
      failureReason: null,
      inspection: Prisma.DbNull,
    };
    const file = existing
      ? await tx.modelFile.update({ where: { id: existing.id }, data: fileData, select: { id: true } })
      : await tx.modelFile.create({
          data: { ...fileData, versionId: version.id, path: input.path, storageKey },
          select: { id: true },
        });
    if (existing?.upload) await tx.upload.delete({ where: { id: existing.upload.id } });
    const upload = await tx.upload.create({
      data: { fileId: file.id, s3UploadId, partSize, partCount, createdById: admin.id },
      select: { id: true },
    });
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "file.upload_started",
      modelId: model.id,
      targetType: "ModelFile",
      targetId: file.id,
      data: {
        version: version.name,
        path: input.path,
        size: input.size,
        declaredSha256: input.sha256 ?? null,
        parts: partCount,
        replaced: existing ? "FAILED" : null,
      },
    });
    return { upload: await uploadView(tx, upload.id), resumed: false };
  });
};
