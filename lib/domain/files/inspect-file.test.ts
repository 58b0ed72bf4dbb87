import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { putObject } from "@/lib/storage/put-object";
import { createGatedModel, uid, createPublishedVersion } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { inspectFile } from "./inspect-file";

// The inspect job's domain function against the real test S3 (s3rver) and PostgreSQL.
const { modelIds } = trackTestRows();

const require = createRequire(import.meta.url);
const silero = new Uint8Array(
  readFileSync(path.join(path.dirname(require.resolve("@ricky0123/vad-web")), "silero_vad_v5.onnx")),
);

/** A safetensors file: two F32 tensors and metadata, then their (random) bytes. */
const safetensors = () => {
  const header = new TextEncoder().encode(
    JSON.stringify({
      __metadata__: { format: "pt" },
      "a.weight": { dtype: "F32", shape: [16, 8], data_offsets: [0, 512] },
      "a.bias": { dtype: "F32", shape: [8], data_offsets: [512, 544] },
    }),
  );
  const out = new Uint8Array(8 + header.byteLength + 544);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.byteLength), true);
  out.set(header, 8);
  out.set(randomBytes(544), 8 + header.byteLength);
  return out;
};

/** A model with one file in `status` whose object holds `bytes`. */
const arrange = async (filePath: string, bytes: Uint8Array, status: "READY" | "VERIFYING" = "READY") => {
  const model = await createGatedModel({ gating: "OPEN" });
  modelIds.push(model.id);
  const storageKey = `test/${uid()}/${filePath}`;
  const { sha256 } = await putObject({ key: storageKey, body: bytes, contentType: "application/octet-stream" });
  const version = await createPublishedVersion(
    model.id,
    [{ path: filePath, size: bytes.byteLength, storageKey, status, sha256: status === "READY" ? sha256 : null }],
    { status: "DRAFT", latest: false },
  );
  return version.files[0]!;
};

const state = async (fileId: string) => ({
  file: await db.modelFile.findUniqueOrThrow({
    where: { id: fileId },
    select: { status: true, inspection: true, updatedAt: true },
  }),
  audit: await db.auditEvent.findMany({ where: { targetId: fileId }, select: { action: true, data: true } }),
});

describe("inspectFile", () => {
  it("an ONNX file: stores its inputs, outputs and opset, with one audit row; a re-run stores the same value and writes nothing", async () => {
    const file = await arrange("onnx/silero_vad.onnx", silero);
    const result = await inspectFile({ fileId: file.id });
    expect(result.outcome).toBe("stored");

    const after = await state(file.id);
    expect(after.file.status).toBe("READY");
    expect(after.file.inspection).toMatchObject({
      kind: "onnx",
      schemaVersion: 1,
      opsets: [{ domain: "", version: 16 }],
      inputs: [{ name: "input" }, { name: "state", shape: [2, null, 128] }, { name: "sr", type: "int64" }],
      outputs: [{ name: "output" }, { name: "stateN" }],
      parameterCount: 545_597,
    });
    expect(after.audit).toEqual([
      { action: "file.inspected", data: { path: "onnx/silero_vad.onnx", kind: "onnx", via: "worker" } },
    ]);

    expect((await inspectFile({ fileId: file.id })).outcome).toBe("unchanged");
    expect(await state(file.id)).toEqual(after);
  });

  it("a safetensors file: the header's tensors, dtypes, totals and metadata", async () => {
    const file = await arrange("model.safetensors", safetensors());
    await inspectFile({ fileId: file.id });
    expect((await state(file.id)).file.inspection).toEqual({
      kind: "safetensors",
      schemaVersion: 1,
      headerBytes: expect.any(Number),
      tensorCount: 2,
      dtypes: { F32: 2 },
      parameterCount: 136,
      metadata: { format: "pt" },
      tensors: [
        { name: "a.bias", dtype: "F32", shape: [8] },
        { name: "a.weight", dtype: "F32", shape: [16, 8] },
      ],
      tensorsTruncated: false,
    });
  });

  it.each([
    [
      "model.safetensors",
      () => Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), randomBytes(64)]),
      "safetensors",
      /exceeds the 100000000-byte limit/,
    ],
    ["model.safetensors", () => Buffer.from([1, 2, 3]), "safetensors", /too short/],
    ["broken.onnx", () => randomBytes(2048), "onnx", /not an ONNX model/],
  ])("%s that does not parse keeps READY (downloadable) with { kind, error }", async (filePath, bytes, kind, error) => {
    const file = await arrange(filePath, bytes());
    await inspectFile({ fileId: file.id });
    const after = await state(file.id);
    expect(after.file.status).toBe("READY");
    expect(after.file.inspection).toEqual({ kind, schemaVersion: 1, error: expect.stringMatching(error) });
    expect(after.audit).toEqual([
      { action: "file.inspected", data: expect.objectContaining({ kind, error: expect.stringMatching(error) }) },
    ]);
  });

  it("skips a file that is not READY, or of no inspectable kind, writing nothing", async () => {
    const verifying = await arrange("model.onnx", silero, "VERIFYING");
    const json = await arrange("config.json", new TextEncoder().encode("{}"));
    for (const f of [verifying, json]) {
      const before = await state(f.id);
      expect((await inspectFile({ fileId: f.id })).outcome).toBe("skipped");
      expect(await state(f.id)).toEqual(before);
      expect(before.file.inspection).toBeNull();
    }
  });
});
