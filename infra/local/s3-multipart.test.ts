import { randomBytes, randomUUID } from "node:crypto";
import { AbortMultipartUploadCommand, S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  presignUploadPart,
  storedObjectSize,
} from "@/lib/storage/multipart";
import { bucket, s3 } from "@/lib/storage/s3-client";

// The embedded store (the tests' own s3rver with infra/local/s3-multipart.ts) against S3's contract.
const key = () => `tests/s3-multipart/${randomUUID()}.bin`;
const part = (Key: string, UploadId: string, client = s3) =>
  client.send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber: 1, Body: randomBytes(1024) }));
const s3Error = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => [e.name, e.$metadata?.httpStatusCode],
  );

describe("multipart abort on the embedded S3 store", () => {
  it("aborts an upload: its parts are gone, a later part or completion is NoSuchUpload, and no object appears", async () => {
    const Key = key();
    const uploadId = await createMultipartUpload({ key: Key, contentType: "application/octet-stream" });
    const { ETag } = await part(Key, uploadId);
    await abortMultipartUpload({ key: Key, uploadId });
    expect(await s3Error(part(Key, uploadId))).toEqual(["NoSuchUpload", 404]);
    expect(
      await s3Error(
        completeMultipartUpload({ key: Key, uploadId, parts: [{ partNumber: 1, etag: ETag as string, size: 1024 }] }),
      ),
    ).toEqual(["NoSuchUpload", 404]);
    expect(await s3Error(abortMultipartUpload({ key: Key, uploadId }))).toEqual(["NoSuchUpload", 404]);
    expect(await storedObjectSize(Key)).toBeNull();
  });

  it("answers a browser's part PUT for an aborted upload with the bucket's CORS headers, so the page can read the 404", async () => {
    const Key = key();
    const uploadId = await createMultipartUpload({ key: Key, contentType: "application/octet-stream" });
    const url = await presignUploadPart({ key: Key, uploadId, partNumber: 1, ttlSeconds: 60 });
    await abortMultipartUpload({ key: Key, uploadId });
    const origin = new URL(env.NEXTAUTH_URL).origin;
    const res = await fetch(url, { method: "PUT", body: new Uint8Array(16), headers: { origin } });
    expect([
      res.status,
      /<Code>(\w+)<\/Code>/.exec(await res.text())?.[1],
      res.headers.get("access-control-allow-origin"),
    ]).toEqual([404, "NoSuchUpload", origin]);
  });

  it("answers NoSuchUpload for an id it never issued, one issued for another key, and one that climbs out of its directory", async () => {
    const Key = key();
    const uploadId = await createMultipartUpload({ key: Key, contentType: "application/octet-stream" });
    for (const [k, id] of [
      [Key, "0".repeat(32)],
      [key(), uploadId],
      [Key, `../../${uploadId}`],
    ] as const)
      expect(await s3Error(abortMultipartUpload({ key: k, uploadId: id }))).toEqual(["NoSuchUpload", 404]);
    // The refusals left the real upload alone: it still takes a part and completes.
    const { ETag } = await part(Key, uploadId);
    await completeMultipartUpload({ key: Key, uploadId, parts: [{ partNumber: 1, etag: ETag as string, size: 1024 }] });
    expect(await storedObjectSize(Key)).toBe(1024);
    // Completed, the upload id is spent, as on S3.
    expect(await s3Error(part(Key, uploadId))).toEqual(["NoSuchUpload", 404]);
  });

  it("refuses a completion listing an ETag that is not the stored part's, or a part never sent (InvalidPart), and leaves the upload open", async () => {
    const Key = key();
    const uploadId = await createMultipartUpload({ key: Key, contentType: "application/octet-stream" });
    const { ETag } = await part(Key, uploadId);
    const complete = (parts: { partNumber: number; etag: string }[]) =>
      completeMultipartUpload({ key: Key, uploadId, parts: parts.map((p) => ({ ...p, size: 1024 })) });
    expect(await s3Error(complete([{ partNumber: 1, etag: `"${"0".repeat(32)}"` }]))).toEqual(["InvalidPart", 400]);
    expect(
      await s3Error(
        complete([
          { partNumber: 1, etag: ETag as string },
          { partNumber: 2, etag: ETag as string },
        ]),
      ),
    ).toEqual(["InvalidPart", 400]);
    expect(await storedObjectSize(Key)).toBeNull();
    await complete([{ partNumber: 1, etag: ETag as string }]);
    expect(await storedObjectSize(Key)).toBe(1024);
  });

  it("keeps s3rver's own request check: an abort with an unknown access key is refused and the upload survives", async () => {
    // s3rver checks the access key but not V4 signatures (docs/ARCHITECTURE.md); the abort gets the same check.
    const Key = key();
    const uploadId = await createMultipartUpload({ key: Key, contentType: "application/octet-stream" });
    const stranger = new S3Client({
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: true,
      credentials: { accessKeyId: "NOT-A-KEY", secretAccessKey: "whatever" },
    });
    expect(
      await s3Error(stranger.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key, UploadId: uploadId }))),
    ).toEqual(["InvalidAccessKeyId", 403]);
    expect((await part(Key, uploadId)).ETag).toMatch(/^"[0-9a-f]{32}"$/);
    await abortMultipartUpload({ key: Key, uploadId });
  });
});
