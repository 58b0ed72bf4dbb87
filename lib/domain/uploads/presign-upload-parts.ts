import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ZPartUrlsInput, type TUploadRouteParams } from "@/lib/schemas/uploads";
import { presignUploadPart } from "@/lib/storage/multipart";
import { authorizeUpload } from "./authorize-upload";
import { partLength } from "@/lib/common/plan-parts";

/** Presigned PUT URLs for parts of an open upload, each with the exact byte length S3 must receive. */
export const presignUploadParts = async (caller: Caller | null, params: TUploadRouteParams, raw: unknown) => {
  const { upload } = await authorizeUpload(caller, params);
  const { partNumbers } = ZPartUrlsInput.parse(raw);
  if (upload.completedAt) throw new AppError("CONFLICT", { userMessage: "This upload is already complete." });
  const beyond = partNumbers.find((n) => n > upload.partCount);
  if (beyond !== undefined)
    throw new AppError("VALIDATION_FAILED", {
      fields: { partNumbers: [`this upload has ${upload.partCount} parts; there is no part ${beyond}`] },
    });
  const ttlSeconds = env.UPLOAD_PART_URL_TTL_SECONDS;
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const parts = await Promise.all(
    [...new Set(partNumbers)].map(async (partNumber) => ({
      partNumber,
      size: partLength(upload.size, upload.partSize, partNumber),
      url: await presignUploadPart({
        key: upload.file.storageKey,
        uploadId: upload.s3UploadId,
        partNumber,
        ttlSeconds,
      }),
    })),
  );
  return { parts, expiresAt };
};
