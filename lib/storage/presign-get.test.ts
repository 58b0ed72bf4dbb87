import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { uid } from "@/lib/testing/factories";
import { recomputeSignature } from "@/lib/testing/recompute-sigv4";
import { contentDisposition, presignGet } from "./presign-get";
import { putObject } from "./put-object";

const expected = (
  key: string,
  url: string,
  ttl: number,
  fileName: string,
  secret = env.S3_SECRET_ACCESS_KEY as string,
) =>
  recomputeSignature(url, {
    endpoint: env.S3_ENDPOINT as string,
    bucket: env.S3_BUCKET,
    key,
    region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID as string,
    secretAccessKey: secret,
    expiresIn: ttl,
    query: {
      "response-content-disposition": contentDisposition(fileName),
      "x-id": "GetObject",
      "x-amz-checksum-mode": "ENABLED",
    },
  });

describe("contentDisposition", () => {
  it.each([
    ["weights/model.onnx", `attachment; filename="model.onnx"; filename*=UTF-8''model.onnx`],
    ['a "quoted" name.bin', `attachment; filename="a _quoted_ name.bin"; filename*=UTF-8''a%20%22quoted%22%20name.bin`],
    ["modèle–é.bin", `attachment; filename="mod_le__.bin"; filename*=UTF-8''mod%C3%A8le%E2%80%93%C3%A9.bin`],
    [
      "back\\slash;x'(y)*.bin",
      `attachment; filename="back_slash;x'(y)*.bin"; filename*=UTF-8''back%5Cslash%3Bx%27%28y%29%2A.bin`,
    ],
    ["new\nline.bin", `attachment; filename="new_line.bin"; filename*=UTF-8''new%0Aline.bin`],
  ])("%j → %s", (name, header) => {
    expect(contentDisposition(name)).toBe(header);
  });
});

describe("presignGet", () => {
  it("signs a GET of exactly that object, for the TTL, as an attachment; S3 serves the bytes", async () => {
    const key = `test/${uid()}/dir with space/modèle "v1".bin`;
    const bytes = new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256));
    await putObject({ key, body: bytes, contentType: "application/octet-stream" });
    const signingDate = new Date("2026-01-02T03:04:05.678Z");
    const before = Date.now();
    const { url, expiresAt } = await presignGet({ key, fileName: key, ttlSeconds: 120 });
    const u = new URL(url);
    expect(decodeURIComponent(u.pathname)).toBe(`/${env.S3_BUCKET}/${key}`);
    expect(u.searchParams.get("X-Amz-Expires")).toBe("120");
    expect(u.searchParams.get("X-Amz-SignedHeaders")).toBe("host");
    expect(u.searchParams.get("response-content-disposition")).toBe(contentDisposition(key));
    expect(u.searchParams.get("X-Amz-Signature")).toBe(await expected(key, url, 120, key));
    // The recomputation notices another secret, TTL or disposition.
    expect(u.searchParams.get("X-Amz-Signature")).not.toBe(await expected(key, url, 120, key, "not-the-secret"));
    expect(u.searchParams.get("X-Amz-Signature")).not.toBe(await expected(key, url, 121, key));
    expect(u.searchParams.get("X-Amz-Signature")).not.toBe(await expected(key, url, 120, "other.bin"));
    // expiresAt is X-Amz-Date + X-Amz-Expires (whole seconds), within a second of now + TTL.
    expect(expiresAt.getTime() % 1000).toBe(0);
    expect(expiresAt.getTime()).toBeGreaterThan(before + 119_000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 120_000);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="mod_le _v1_.bin"; filename*=UTF-8''mod%C3%A8le%20%22v1%22.bin`,
    );
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);

    // A given signing date is used (truncated to the second), and the URL differs from another key's.
    const fixed = await presignGet({ key, fileName: "x.bin", ttlSeconds: 60, signingDate });
    expect(new URL(fixed.url).searchParams.get("X-Amz-Date")).toBe("20260102T030405Z");
    expect(fixed.expiresAt.toISOString()).toBe("2026-01-02T03:05:05.000Z");
    expect(new URL(fixed.url).searchParams.get("X-Amz-Signature")).not.toBe(
      await expected(`${key}x`, fixed.url, 60, "x.bin"),
    );
    expect(new URL(fixed.url).searchParams.get("X-Amz-Signature")).toBe(await expected(key, fixed.url, 60, "x.bin"));
  });

  it("defaults the TTL to DOWNLOAD_URL_TTL_SECONDS and refuses one over an hour", async () => {
    const { url } = await presignGet({ key: "k", fileName: "k" });
    expect(new URL(url).searchParams.get("X-Amz-Expires")).toBe(String(env.DOWNLOAD_URL_TTL_SECONDS));
    await expect(presignGet({ key: "k", fileName: "k", ttlSeconds: 3601 })).rejects.toThrow(
      "ttlSeconds must be 1..3600",
    );
    await expect(presignGet({ key: "k", fileName: "k", ttlSeconds: 0 })).rejects.toThrow("ttlSeconds must be 1..3600");
  });
});
