import "server-only";
import pLimit from "p-limit";
import { getObjectRange } from "./get-object-range";
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  uploadPart,
  uploadPartCopy,
  type StoredPart,
} from "./multipart";
import { prefixHasher } from "./prefix-hash";
import { putObject } from "./put-object";

/** S3's smallest part but the last, and largest copied part. */
const MIN_PART = 5 * 2 ** 20;
const MAX_COPY_PART = 5 * 2 ** 30;
const UPLOAD_PART = 16 * 2 ** 20;

/**
 * Stores at `key` a copy of the stored object `sourceKey` (`size` bytes) whose bytes from `tailStart`
 * on are `tail`: the unchanged prefix is copied inside the store (UploadPartCopy, never read by the
 * app) and only the tail is uploaded. Its sha256 comes from the prefix's saved hash state plus the
 * tail. A prefix shorter than S3's smallest part is read and the whole copy put at once.
 */
export const putPatchedCopy = async ({
  sourceKey,
  size,
  key,
  tailStart,
  tail,
}: {
  sourceKey: string;
  size: number;
  key: string;
  tailStart: number;
  tail: Uint8Array;
}) => {
  if (tailStart < 0 || tailStart + tail.byteLength !== size) throw new Error("the tail must end the object");
  const contentType = "application/octet-stream";
  if (tailStart < MIN_PART) {
    const whole = new Uint8Array(size);
    if (tailStart) whole.set(await getObjectRange({ key: sourceKey, start: 0, end: tailStart - 1 }));
    whole.set(tail, tailStart);
    return putObject({ key, body: whole, contentType });
  }
  const hasher = await prefixHasher(sourceKey, tailStart);
  hasher.update(tail);
  const sha256 = hasher.digest("hex");

  const uploadId = await createMultipartUpload({ key, contentType });
  try {
    const jobs: (() => Promise<StoredPart>)[] = [];
    const copies = Math.ceil(tailStart / MAX_COPY_PART);
    for (let i = 0; i < copies; i++) {
      const start = Math.floor((tailStart * i) / copies);
      const end = Math.floor((tailStart * (i + 1)) / copies) - 1;
      const partNumber = jobs.length + 1;
      jobs.push(async () => ({
        partNumber,
        size: end - start + 1,
        etag: await uploadPartCopy({ key, uploadId, partNumber, sourceKey, start, end }),
      }));
    }
    for (let at = 0; at < tail.byteLength; at += UPLOAD_PART) {
      const body = tail.subarray(at, Math.min(tail.byteLength, at + UPLOAD_PART));
      const partNumber = jobs.length + 1;
      jobs.push(async () => ({
        partNumber,
        size: body.byteLength,
        etag: await uploadPart({ key, uploadId, partNumber, body }),
      }));
    }
    const limit = pLimit(4);
    const parts = await Promise.all(jobs.map((job) => limit(job)));
    await completeMultipartUpload({ key, uploadId, parts });
  } catch (e) {
    await abortMultipartUpload({ key, uploadId }).catch(() => {});
    throw e;
  }
  return { size, sha256 };
};
