import { describe, expect, it } from "vitest";
import { presignUploadPart } from "./multipart";

describe("presigned part URLs", () => {
  it("carry no request checksum: one computed at signing time covers an empty body, and S3 would refuse the part", async () => {
    const url = new URL(
      await presignUploadPart({
        key: "models/x/part-test.bin",
        uploadId: "0".repeat(32),
        partNumber: 3,
        ttlSeconds: 60,
      }),
    );
    const query = [...url.searchParams.keys()];
    expect(query.filter((k) => /checksum/i.test(k))).toEqual([]);
    expect(url.searchParams.get("partNumber")).toBe("3");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("60");
  });
});
