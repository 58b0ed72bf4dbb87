import { z } from "zod";
import { ZVersionRouteParams } from "./model-admin";
import { ZInstant } from "./instant";
import { ZUploadPath } from "./upload-path";
import { ZFileState } from "./version-files";

/** POST …/versions/{version}/uploads: start (or resume, same path and size) the upload of one file. */
export const ZStartUploadInput = z.strictObject({
  path: ZUploadPath,
  size: z.number().int().min(1, "an empty file cannot be uploaded"),
  sha256: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, "64 hexadecimal characters")
    .optional(),
  // Sent to S3 as a header: a media type in printable ASCII, such as application/octet-stream.
  contentType: z
    .string()
    .trim()
    .max(200)
    .regex(/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(\s*;[\x20-\x7e]*)?$/, "a media type such as application/octet-stream")
    .optional(),
});
export type TStartUploadInput = z.input<typeof ZStartUploadInput>;

export const ZUploadRouteParams = ZVersionRouteParams.extend({ id: z.string().min(1).max(64) });
export type TUploadRouteParams = z.infer<typeof ZUploadRouteParams>;

/** POST …/uploads/{id}/part-urls: presigned URLs for these parts (at most 100 per call). */
export const ZPartUrlsInput = z.strictObject({
  partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1).max(100),
});
export type TPartUrlsInput = z.input<typeof ZPartUrlsInput>;

/** PUT …/uploads/{id}/parts/{n}: the part S3 acknowledged, with the ETag it answered. */
export const ZRecordPartInput = z.strictObject({
  etag: z.string().trim().min(1).max(200),
  size: z.number().int().min(1),
});
export type TRecordPartInput = z.input<typeof ZRecordPartInput>;
export const ZPartNumber = z.coerce.number().int().min(1).max(10_000);

/** An unfinished upload with its progress (GET …/uploads), for the page to offer to resume it. */
export const ZOpenUpload = z.object({
  id: z.string(),
  fileId: z.string(),
  path: z.string(),
  size: z.number().int(),
  declaredSha256: z.string().nullable(),
  partCount: z.number().int(),
  partsDone: z.number().int(),
  bytesDone: z.number().int(),
  startedAt: ZInstant,
});
export type TOpenUpload = z.infer<typeof ZOpenUpload>;

/** A started (or resumed) upload: its plan and the parts already recorded. */
export const ZStartedUpload = z.object({
  id: z.string(),
  fileId: z.string(),
  path: z.string(),
  size: z.number().int(),
  partSize: z.number().int(),
  partCount: z.number().int(),
  completedParts: z.array(z.object({ partNumber: z.number().int(), size: z.number().int() })),
});
export type TStartedUpload = z.infer<typeof ZStartedUpload>;
export const ZStartUploadResult = z.object({ upload: ZStartedUpload, resumed: z.boolean() });

/** POST …/uploads/{id}/part-urls: a presigned PUT URL per part, valid until `expiresAt`. */
export const ZPartUrls = z.object({
  parts: z.array(z.object({ partNumber: z.number().int(), size: z.number().int(), url: z.string() })),
  expiresAt: ZInstant,
});
export type TPartUrl = z.infer<typeof ZPartUrls>["parts"][number];

export const ZRecordedPart = z.object({ partNumber: z.number().int(), recorded: z.literal(true) });

/** DELETE …/uploads/{id}: `storeAborted` false when the store cannot abort (its lifecycle rule removes the parts). */
export const ZAbortedUpload = z.object({ id: z.string(), aborted: z.literal(true), storeAborted: z.boolean() });

/** POST …/uploads/{id}/completion: the file goes to VERIFYING (a repeat answers its current state). */
export const ZCompletedUpload = z.object({ file: ZFileState, alreadyCompleted: z.boolean() });
