import { z } from "zod";
import { ZVersionRouteParams } from "./model-admin";
import { ZUploadPath } from "./upload-path";

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
