import { GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { describe, expect, it } from "vitest";
import { contentDisposition } from "./presign-get";
import { presignGetObject } from "./presign-get-fast";
import { bucket, s3 } from "./s3-client";

// The direct signer must hand out exactly the URL the SDK would: same endpoint, path escaping,
// query, signed headers and signature, for awkward keys and names too.
describe("presignGetObject", () => {
  it.each([
    ["models/abc/0123456789abcdef0123456789abcdef01234567/model.safetensors", "model.safetensors", 600],
    ['test/dir with space/modèle "v1".bin', 'modèle "v1".bin', 120],
    ["k/weird !'()*~+&=?#[]@$,;%.bin", "weird !'()*~+&=?#[]@$,;%.bin", 3600],
    ["k/日本語/ファイル.onnx", "ファイル.onnx", 1],
  ])("%s equals the SDK's URL", async (key, fileName, ttl) => {
    const signingDate = new Date("2026-03-04T05:06:07Z");
    const disposition = contentDisposition(fileName);
    const sdk = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition }),
      { expiresIn: ttl, signingDate },
    );
    const fast = await presignGetObject({
      key,
      query: { "response-content-disposition": disposition },
      expiresIn: ttl,
      signingDate,
    });
    expect(fast).toBe(sdk);
  });

  it("differs when the key, the expiry or the date differ (the signature covers them)", async () => {
    const base = {
      key: "a/b.bin",
      query: { "response-content-disposition": "attachment" },
      expiresIn: 60,
      signingDate: new Date("2026-03-04T05:06:07Z"),
    };
    const url = await presignGetObject(base);
    const sig = (u: string) => new URL(u).searchParams.get("X-Amz-Signature");
    expect(sig(await presignGetObject({ ...base, key: "a/c.bin" }))).not.toBe(sig(url));
    expect(sig(await presignGetObject({ ...base, expiresIn: 61 }))).not.toBe(sig(url));
    expect(sig(await presignGetObject({ ...base, signingDate: new Date("2026-03-04T05:06:08Z") }))).not.toBe(sig(url));
  });
});
