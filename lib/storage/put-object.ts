import "server-only";
import { createHash } from "node:crypto";
import { Upload } from "@aws-sdk/lib-storage";
import { bucket, s3 } from "./s3-client";

/**
 * Stores `body` under `key` (multipart for large bodies) and returns its size and sha256,
 * computed over exactly the bytes sent.
 */
export const putObject = async ({ key, body, contentType }: { key: string; body: Uint8Array; contentType: string }) => {
  const sha256 = createHash("sha256").update(body).digest("hex");
  await new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType, ChecksumSHA256: undefined },
    partSize: 16 * 1024 * 1024,
    queueSize: 4,
  }).done();
  return { size: body.byteLength, sha256 };
};
