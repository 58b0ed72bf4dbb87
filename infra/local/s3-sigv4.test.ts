// The embedded store checks SigV4 as S3 does: the SDK's own calls and presigned URLs (GET, browser
// style part PUTs) pass; tampered, unsigned, expired or wrongly keyed requests are 403.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "./ports";
import { LOCAL_S3_KEY, LOCAL_S3_SECRET, startS3 } from "./s3";

const bucket = "sigv4";
const origin = "http://app.example.test";
let dir: string;
let store: Awaited<ReturnType<typeof startS3>>;
const client = (secretAccessKey = LOCAL_S3_SECRET, accessKeyId = LOCAL_S3_KEY) =>
  new S3Client({
    region: "us-east-1",
    endpoint: store.endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    credentials: { accessKeyId, secretAccessKey },
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "s3-sigv4-"));
  store = await startS3({ dir, port: await findFreePort(), bucket, origin });
  await client().send(new PutObjectCommand({ Bucket: bucket, Key: "models/a b/w (1).bin", Body: "weights" }));
});
afterAll(async () => {
  await store?.stop();
  await rm(dir, { recursive: true, force: true });
});

const code = async (res: Response) => /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];
const presignedGet = (key: string, opts: { expiresIn?: number; signingDate?: Date; secret?: string } = {}) =>
  getSignedUrl(client(opts.secret), new GetObjectCommand({ Bucket: bucket, Key: key }), {
    expiresIn: opts.expiresIn ?? 60,
    signingDate: opts.signingDate,
  });
const withParam = (url: string, name: string, value: string) => {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.toString();
};

describe("the embedded S3's SigV4 check", () => {
  it("lets the SDK's header-signed calls through (odd characters in keys included)", async () => {
    const got = await client().send(new GetObjectCommand({ Bucket: bucket, Key: "models/a b/w (1).bin" }));
    expect(await got.Body?.transformToString()).toBe("weights");
    const listed = await client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "models/" }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(["models/a b/w (1).bin"]);
  });

  it("refuses the SDK's calls signed with another secret or key id", async () => {
    await expect(
      client("wrong-secret").send(new GetObjectCommand({ Bucket: bucket, Key: "models/a b/w (1).bin" })),
    ).rejects.toMatchObject({ name: "SignatureDoesNotMatch", $metadata: { httpStatusCode: 403 } });
    await expect(
      client(LOCAL_S3_SECRET, "OTHERKEY").send(new PutObjectCommand({ Bucket: bucket, Key: "x", Body: "x" })),
    ).rejects.toMatchObject({ name: "InvalidAccessKeyId", $metadata: { httpStatusCode: 403 } });
    const listed = await client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "x" }));
    expect(listed.Contents ?? []).toEqual([]);
  });

  it("serves a presigned GET, and refuses it tampered, re-pointed, unsigned, expired or signed with another secret", async () => {
    const url = await presignedGet("models/a b/w (1).bin");
    const ok = await fetch(url);
    expect([ok.status, await ok.text()]).toEqual([200, "weights"]);

    const sig = new URL(url).searchParams.get("X-Amz-Signature") as string;
    const flipped = `${sig.slice(0, -1)}${sig.endsWith("0") ? "1" : "0"}`;
    const cases: [string, string, number, string][] = [
      ["tampered signature", withParam(url, "X-Amz-Signature", flipped), 403, "SignatureDoesNotMatch"],
      ["longer expiry", withParam(url, "X-Amz-Expires", "3600"), 403, "SignatureDoesNotMatch"],
      ["another object", url.replace("w%20%281%29.bin", "other.bin"), 403, "SignatureDoesNotMatch"],
      ["added parameter", withParam(url, "response-content-type", "text/html"), 403, "SignatureDoesNotMatch"],
      ["unsigned", `${store.endpoint}/${bucket}/models/a%20b/w%20%281%29.bin`, 403, "AccessDenied"],
      [
        "expired",
        await presignedGet("models/a b/w (1).bin", { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) }),
        403,
        "AccessDenied",
      ],
      [
        "other secret",
        await presignedGet("models/a b/w (1).bin", { secret: "not-the-secret" }),
        403,
        "SignatureDoesNotMatch",
      ],
    ];
    for (const [name, bad, status, s3Code] of cases) {
      const res = await fetch(bad);
      expect([name, res.status, await code(res)]).toEqual([name, status, s3Code]);
    }
  });

  it("takes browser-style part PUTs on presigned URLs, answers CORS preflights unsigned, and a refusal carries CORS headers", async () => {
    const key = "models/upload.bin";
    const { UploadId } = await client().send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const partUrl = await getSignedUrl(
      client(),
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1 }),
      { expiresIn: 300 },
    );
    const preflight = await fetch(partUrl, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(preflight.status).toBe(200);
    const put = await fetch(partUrl, {
      method: "PUT",
      body: "part-bytes",
      headers: { Origin: origin, "Content-Type": "application/octet-stream" },
    });
    expect(put.status).toBe(200);
    const etag = put.headers.get("etag") as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(put.headers.get("access-control-allow-origin")).toBe(origin);

    const tampered = await fetch(partUrl.replace("partNumber=1", "partNumber=2"), {
      method: "PUT",
      body: "x",
      headers: { Origin: origin },
    });
    expect([tampered.status, tampered.headers.get("access-control-allow-origin"), await code(tampered)]).toEqual([
      403,
      origin,
      "SignatureDoesNotMatch",
    ]);
    await client().send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: etag }] },
      }),
    );
    const got = await client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await got.Body?.transformToString()).toBe("part-bytes");
  });
});
