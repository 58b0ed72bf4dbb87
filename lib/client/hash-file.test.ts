import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashFile } from "./hash-file";

describe("hashFile", () => {
  it("gives the sha256 of a file read in slices, reporting progress up to its size", async () => {
    const bytes = randomBytes(2 * 8 * 1024 * 1024 + 3); // three slices, the last 3 bytes
    const seen: number[] = [];
    const sha = await hashFile(new Blob([bytes]), {
      signal: new AbortController().signal,
      onProgress: (n) => seen.push(n),
    });
    expect(sha).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(seen).toEqual([8 * 1024 * 1024, 16 * 1024 * 1024, bytes.length]);
  });

  it("hashes an empty file, and stops when cancelled", async () => {
    expect(await hashFile(new Blob([]), { signal: new AbortController().signal })).toBe(
      createHash("sha256").digest("hex"),
    );
    const controller = new AbortController();
    controller.abort();
    await expect(hashFile(new Blob([randomBytes(10)]), { signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});
