import "server-only";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { bucket, s3 } from "./s3-client";

export type StoredPart = { partNumber: number; etag: string; size: number };

/** Starts a multipart upload of `key`; S3's UploadId names it from then on. */
export const createMultipartUpload = async ({ key, contentType }: { key: string; contentType: string }) => {
  const out = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }));
  if (!out.UploadId) throw new Error("S3 returned no UploadId");
  return out.UploadId;
};

/** A URL the uploader PUTs one part's bytes to, straight to S3 (the app never sees them). */
export const presignUploadPart = ({
  key,
  uploadId,
  partNumber,
  ttlSeconds,
}: {
  key: string;
  uploadId: string;
  partNumber: number;
  ttlSeconds: number;
}) =>
  getSignedUrl(s3, new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }), {
    expiresIn: ttlSeconds,
  });

/** Uploads one part's bytes from the server (the worker's patched copies); resolves to its ETag. */
export const uploadPart = async ({
  key,
  uploadId,
  partNumber,
  body,
}: {
  key: string;
  uploadId: string;
  partNumber: number;
  body: Uint8Array;
}) => {
  const out = await s3.send(
    new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body }),
  );
  if (!out.ETag) throw new Error("S3 returned no ETag for a part");
  return out.ETag;
};

/**
 * Bytes `start`..`end` (inclusive) of the stored object `sourceKey` as part `partNumber`, copied
 * inside the store (UploadPartCopy): the bytes never travel to the app. Resolves to the part's ETag.
 */
export const uploadPartCopy = async ({
  key,
  uploadId,
  partNumber,
  sourceKey,
  start,
  end,
}: {
  key: string;
  uploadId: string;
  partNumber: number;
  sourceKey: string;
  start: number;
  end: number;
}) => {
  const out = await s3.send(
    new UploadPartCopyCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      // Bucket and key, each URL-encoded (the header is a URL path).
      CopySource: `${encodeURIComponent(bucket)}/${sourceKey.split("/").map(encodeURIComponent).join("/")}`,
      CopySourceRange: `bytes=${start}-${end}`,
    }),
  );
  if (!out.CopyPartResult?.ETag) throw new Error("S3 returned no ETag for a copied part");
  return out.CopyPartResult.ETag;
};

export const completeMultipartUpload = ({
  key,
  uploadId,
  parts,
}: {
  key: string;
  uploadId: string;
  parts: StoredPart[];
}) =>
  s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
    }),
  );

export const abortMultipartUpload = ({ key, uploadId }: { key: string; uploadId: string }) =>
  s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));

/** The stored object's size, or null when there is none. */
export const storedObjectSize = async (key: string) => {
  try {
    return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? null;
  } catch (e) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) return null;
    throw e;
  }
};

/**
 * A store without AbortMultipartUpload answers MethodNotAllowed or NotImplemented (plain s3rver
 * does; the embedded stack adds the call, infra/local/s3-multipart.ts). Its parts are then left to
 * the bucket's lifecycle rule (infra/s3).
 */
export const isAbortUnsupported = (e: unknown) =>
  ["MethodNotAllowed", "NotImplemented"].includes((e as { name?: string }).name ?? "");

/** S3 names a missing upload NoSuchUpload (already completed or aborted). */
export const isNoSuchUpload = (e: unknown) =>
  (e as { name?: string }).name === "NoSuchUpload" || (e as { Code?: string }).Code === "NoSuchUpload";

/** S3 refused to assemble the parts listed: an ETag is not the stored part's, or a part is missing. */
export const isInvalidPart = (e: unknown) =>
  ["InvalidPart", "InvalidPartOrder"].includes((e as { name?: string }).name ?? "");
