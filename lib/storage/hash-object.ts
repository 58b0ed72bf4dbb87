import "server-only";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { isObjectMissing } from "./object-missing";
import { bucket, s3 } from "./s3-client";

export type ObjectDigest = { size: number; sha256: string };

/**
 * sha256 and byte count of a stored object, streamed: memory stays flat whatever the size.
 * Null when the object does not exist; storage and network errors throw (the caller retries).
 */
export const hashObject = async ({
  key,
  signal,
}: {
  key: string;
  signal?: AbortSignal;
}): Promise<ObjectDigest | null> => {
  let body: Readable;
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    body = res.Body as Readable;
  } catch (e) {
    if (isObjectMissing(e)) return null;
    throw e;
  }
  const hash = createHash("sha256");
  let size = 0;
  try {
    for await (const chunk of body) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).byteLength;
    }
  } finally {
    body.destroy();
  }
  return { size, sha256: hash.digest("hex") };
};
