import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prng, reorder, writeSafetensors } from "@/lib/fingerprint/attacks";
import { ATTRIBUTION_P_LIMIT, scoreGrants } from "@/lib/fingerprint/detect";
import { MARK_REGION_BYTES } from "@/lib/fingerprint/mark-region";
import { matchFiles } from "@/lib/fingerprint/match-tensors";
import { getObjectBytes } from "@/lib/storage/get-object-bytes";
import { putObject } from "@/lib/storage/put-object";
import { markStoredFile } from "./mark-stored-file";

const key = new Uint8Array(32).fill(3);
const gaussian = (n: number, seed: number, scale: number) => {
  const r = prng(seed);
  return Float32Array.from(
    { length: n },
    () => scale * Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r()),
  );
};
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const read = async (k: string) => (await getObjectBytes({ key: k, maxBytes: 1e9 })).bytes!;

describe("a marked copy of a stored file larger than the mark region", () => {
  it("copies the unchanged prefix in the store, uploads the marked tail, records the copy's true sha256, and traces", async () => {
    // 6 MiB of a vector (never marked) ahead of 6 MiB of matrices: the region is the matrices' last 4 MiB.
    const file = writeSafetensors([
      { name: "scale", dtype: "F32", shape: [1536 * 1024], values: gaussian(1536 * 1024, 1, 1) },
      { name: "a.weight", dtype: "F32", shape: [512, 1024], values: gaussian(512 * 1024, 2, 0.05) },
      { name: "b.weight", dtype: "F32", shape: [1024, 1024], values: gaussian(1024 * 1024, 3, 0.05) },
    ]);
    const storageKey = `tests/mark-stored-file/${randomUUID()}/model.safetensors`;
    await putObject({ key: storageKey, body: file, contentType: "application/octet-stream" });
    const f = { id: "file-1", path: "model.safetensors", storageKey, kind: "safetensors" as const };

    const copies = [];
    for (const grant of ["grant-x", "grant-y"]) {
      const out = await markStoredFile(f, () => null, key, grant);
      const copy = out.get("file-1")!;
      const bytes = await read(copy.storageKey);
      // The second copy's hash continues the prefix state kept from the first: both are the bytes' own.
      expect([bytes.byteLength, copy.size, copy.sha256]).toEqual([file.byteLength, file.byteLength, sha(bytes)]);
      copies.push(bytes);
    }
    const [x, y] = copies as [Uint8Array, Uint8Array];
    expect(new Set([sha(file), sha(x), sha(y)]).size).toBe(3);
    // Only the last MARK_REGION_BYTES differ from the original.
    const regionStart = file.byteLength - MARK_REGION_BYTES;
    expect(Buffer.from(x.subarray(0, regionStart)).equals(Buffer.from(file.subarray(0, regionStart)))).toBe(true);
    expect(Buffer.from(x.subarray(regionStart)).equals(Buffer.from(file.subarray(regionStart)))).toBe(false);
    for (const [suspect, grant] of [
      [x, "grant-x"],
      [reorder(y), "grant-y"],
    ] as const) {
      const [best, second] = scoreGrants(key, ["grant-x", "grant-y", "grant-z"], matchFiles(file, suspect));
      expect([best!.grantId, best!.pFamily < ATTRIBUTION_P_LIMIT, second!.pFamily > ATTRIBUTION_P_LIMIT]).toEqual([
        grant,
        true,
        true,
      ]);
    }
  });
});
