import { createHash, randomBytes, randomUUID } from "node:crypto";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, UploadPartCopyCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  storedObjectSize,
  uploadPart,
  uploadPartCopy,
} from "@/lib/storage/multipart";
import { bucket, s3 } from "@/lib/storage/s3-client";

// UploadPartCopy on the embedded store (infra/local/s3-part-copy.ts) against S3's contract.
const key = () => `tests/s3-part-copy/${randomUUID()}.bin`;
const MiB = 2 ** 20;
const putSource = async (bytes: Uint8Array) => {
  const Key = key();
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: bytes }));
  return Key;
};
const read = async (Key: string) =>
  new Uint8Array(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body!.transformToByteArray());
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const s3Error = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => [e.name, e.$metadata?.httpStatusCode],
  );
const md5 = (b: Uint8Array) => createHash("md5").update(b).digest();

describe("UploadPartCopy on the embedded S3 store", () => {
  it("builds an object from ranges of a source copied in the store and uploaded parts, in part order, with S3's multipart ETag", async () => {
    const source = randomBytes(12 * MiB);
    const sourceKey = await putSource(source);
    const patch = randomBytes(2 * MiB);
    const Key = key();
    const uploadId = await createMultipartUpload({ key: Key, contentType: "application/x-test" });
    // A patched copy: the source's first 10 MiB copied, its last 2 MiB replaced.
    const e1 = await uploadPartCopy({ key: Key, uploadId, partNumber: 1, sourceKey, start: 0, end: 10 * MiB - 1 });
    const e2 = await uploadPart({ key: Key, uploadId, partNumber: 2, body: patch });
    await completeMultipartUpload({
      key: Key,
      uploadId,
      parts: [
        { partNumber: 1, etag: e1, size: 10 * MiB },
        { partNumber: 2, etag: e2, size: 2 * MiB },
      ],
    });
    const got = await read(Key);
    expect(got.byteLength).toBe(12 * MiB);
    expect(same(got.subarray(0, 10 * MiB), source.subarray(0, 10 * MiB))).toBe(true);
    expect(same(got.subarray(10 * MiB), patch)).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key }));
    const unquote = (e: string) => e.replace(/"/g, "");
    const expected = `${createHash("md5")
      .update(Buffer.concat([Buffer.from(unquote(e1), "hex"), md5(patch)]))
      .digest("hex")}-2`;
    expect([unquote(head.ETag!), head.ContentType]).toEqual([expected, "application/x-test"]);
    // The upload is spent, as on S3.
    expect(await s3Error(uploadPartCopy({ key: Key, uploadId, partNumber: 3, sourceKey, start: 0, end: 10 }))).toEqual([
      "NoSuchUpload",
      404,
    ]);
  });

  it("takes ranges at other offsets, from two sources, and a later part of the same number replaces the earlier", async () => {
    const a = randomBytes(6 * MiB);
    const b = randomBytes(3 * MiB);
    const [aKey, bKey] = [await putSource(a), await putSource(b)];
    const Key = key();
    const uploadId = await createMultipartUpload({ key: Key, contentType: "application/octet-stream" });
    const p1 = await uploadPartCopy({ key: Key, uploadId, partNumber: 1, sourceKey: bKey, start: 0, end: 3 * MiB - 1 });
    // Part 2: first bytes uploaded, then replaced by a copy of a's range (the copy wins)...
    await uploadPart({ key: Key, uploadId, partNumber: 2, body: randomBytes(1024) });
    const p2 = await uploadPartCopy({
      key: Key,
      uploadId,
      partNumber: 2,
      sourceKey: aKey,
      start: MiB,
      end: 6 * MiB - 1,
    });
    // ... part 3: first a copy, then replaced by uploaded bytes (the upload wins).
    await uploadPartCopy({ key: Key, uploadId, partNumber: 3, sourceKey: aKey, start: 0, end: 99 });
    const tail = randomBytes(100);
    const p3 = await uploadPart({ key: Key, uploadId, partNumber: 3, body: tail });
    await completeMultipartUpload({
      key: Key,
      uploadId,
      parts: [
        { partNumber: 1, etag: p1, size: 0 },
        { partNumber: 2, etag: p2, size: 0 },
        { partNumber: 3, etag: p3, size: 0 },
      ],
    });
    expect(same(await read(Key), Buffer.concat([b, a.subarray(MiB), tail]))).toBe(true);
  });

  it("refuses a range past the source's end, a malformed range, a missing source and an unknown upload, storing nothing", async () => {
    const sourceKey = await putSource(randomBytes(1000));
    const Key = key();
    const uploadId = await createMultipartUpload({ key: Key, contentType: "application/octet-stream" });
    const copy = (
      over: Partial<{ CopySourceRange: string; CopySource: string; UploadId: string; PartNumber: number }>,
    ) =>
      s3Error(
        s3.send(
          new UploadPartCopyCommand({
            Bucket: bucket,
            Key,
            UploadId: uploadId,
            PartNumber: 1,
            CopySource: `${bucket}/${sourceKey}`,
            ...over,
          }),
        ),
      );
    expect(await copy({ CopySourceRange: "bytes=0-1000" })).toEqual(["InvalidArgument", 400]);
    expect(await copy({ CopySourceRange: "bytes=10-5" })).toEqual(["InvalidArgument", 400]);
    expect(await copy({ CopySourceRange: "0-10" })).toEqual(["InvalidArgument", 400]);
    expect(await copy({ CopySource: `${bucket}/tests/s3-part-copy/none.bin` })).toEqual(["NoSuchKey", 404]);
    expect(await copy({ PartNumber: 10001 })).toEqual(["InvalidArgument", 400]);
    expect(await copy({ UploadId: "0".repeat(32) })).toEqual(["NoSuchUpload", 404]);
    // Nothing was recorded: completing with a made-up ETag for part 1 is InvalidPart; the object never appears.
    expect(
      await s3Error(
        completeMultipartUpload({
          key: Key,
          uploadId,
          parts: [{ partNumber: 1, etag: `"${"0".repeat(32)}"`, size: 1 }],
        }),
      ),
    ).toEqual(["InvalidPart", 400]);
    // A whole-object copy (no range) then completes, and equals the source.
    const { CopyPartResult } = await s3.send(
      new UploadPartCopyCommand({
        Bucket: bucket,
        Key,
        UploadId: uploadId,
        PartNumber: 1,
        CopySource: `${bucket}/${sourceKey}`,
      }),
    );
    const wrong = [{ partNumber: 1, etag: `"${"1".repeat(32)}"`, size: 1000 }];
    expect(await s3Error(completeMultipartUpload({ key: Key, uploadId, parts: wrong }))).toEqual(["InvalidPart", 400]);
    expect(await storedObjectSize(Key)).toBeNull();
    await completeMultipartUpload({
      key: Key,
      uploadId,
      parts: [{ partNumber: 1, etag: CopyPartResult!.ETag!, size: 1000 }],
    });
    expect(same(await read(Key), await read(sourceKey))).toBe(true);
  });

  it("an aborted upload's copied parts go with it", async () => {
    const sourceKey = await putSource(randomBytes(1000));
    const Key = key();
    const uploadId = await createMultipartUpload({ key: Key, contentType: "application/octet-stream" });
    await uploadPartCopy({ key: Key, uploadId, partNumber: 1, sourceKey, start: 0, end: 999 });
    await abortMultipartUpload({ key: Key, uploadId });
    expect(await s3Error(uploadPartCopy({ key: Key, uploadId, partNumber: 1, sourceKey, start: 0, end: 9 }))).toEqual([
      "NoSuchUpload",
      404,
    ]);
    expect(await storedObjectSize(Key)).toBeNull();
  });
});
