import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZPartNumber, ZRecordPartInput, type TUploadRouteParams } from "@/lib/schemas/uploads";
import { authorizeUpload } from "./authorize-upload";
import { partLength } from "@/lib/common/plan-parts";

/**
 * Notes a part S3 acknowledged, so that a resumed upload skips it. Progress, not a change of
 * state: no audit row (the start and the completion have theirs). S3's own list is checked at completion.
 */
export const recordUploadPart = async (
  caller: Caller | null,
  params: TUploadRouteParams & { partNumber: string | number },
  raw: unknown,
) => {
  const { upload } = await authorizeUpload(caller, params);
  const partNumber = ZPartNumber.parse(params.partNumber);
  const { etag, size } = ZRecordPartInput.parse(raw);
  if (upload.completedAt) throw new AppError("CONFLICT", { userMessage: "This upload is already complete." });
  if (partNumber > upload.partCount)
    throw new AppError("NOT_FOUND", {
      userMessage: `This upload has ${upload.partCount} parts; there is no part ${partNumber}.`,
    });
  const expected = partLength(upload.size, upload.partSize, partNumber);
  if (size !== expected)
    throw new AppError("VALIDATION_FAILED", { fields: { size: [`part ${partNumber} must be ${expected} bytes`] } });
  await db.uploadPart.upsert({
    where: { uploadId_partNumber: { uploadId: upload.id, partNumber } },
    create: { uploadId: upload.id, partNumber, etag, size },
    update: { etag, size },
  });
  return { partNumber, recorded: true as const };
};
