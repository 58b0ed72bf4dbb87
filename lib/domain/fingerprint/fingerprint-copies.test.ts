import { createHash, randomBytes } from "node:crypto";
import onnxProto from "onnx-proto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { issueDownloadUrl } from "@/lib/domain/downloads/issue-download-url";
import { getManifest } from "@/lib/domain/downloads/get-manifest";
import { revokeGrantTx } from "@/lib/domain/review/revoke-grant-tx";
import { castF16, prng, reorder, writeSafetensors } from "@/lib/fingerprint/attacks";
import { getObjectBytes } from "@/lib/storage/get-object-bytes";
import { createDownloadableModel, createGrantee, trackDownloadModels } from "@/lib/testing/download-fixtures";
import { run as makeCopies } from "@/workers/handlers/make-fingerprint-copies";
import { run as sweep } from "@/workers/handlers/sweep-fingerprint-copies";
import { traceFile } from "./trace-file";
import { refusal } from "@/lib/testing/expect-app-error";

const { onnx } = onnxProto;
const modelIds = trackDownloadModels();
const meta = { channel: "CLI" as const, ip: "203.0.113.9", userAgent: "test" };

const gaussian = (n: number, seed: number, scale: number) => {
  const r = prng(seed);
  return Float32Array.from(
    { length: n },
    () => scale * Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r()),
  );
};
const onnxBytes = (seed: number) =>
  onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: "", version: 17 }],
    graph: {
      name: "g",
      initializer: [
        { name: "w1", dims: [64, 32], dataType: 1, rawData: new Uint8Array(gaussian(2048, seed, 0.1).buffer) },
        { name: "w2", dims: [32, 16], dataType: 1, floatData: Array.from(gaussian(512, seed + 1, 0.2)) },
      ],
    },
  }).finish();
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const fetchBytes = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());
describe("fingerprinted copies through the worker", () => {
  it("each grantee gets their own marked copy on every channel; each copy traces to its grant; a revoked grant's copy leaves the store", async () => {
    const onnxFile = onnxBytes(11);
    const safetensors = writeSafetensors([
      { name: "emb", dtype: "F32", shape: [100, 20], values: gaussian(2000, 5, 0.5) },
      { name: "head", dtype: "F32", shape: [20, 30], values: gaussian(600, 6, 0.05) },
    ]);
    const { model, version } = await createDownloadableModel(modelIds, [
      { path: "model.onnx", bytes: onnxFile },
      { path: "weights.safetensors", bytes: safetensors },
      { path: "config.json", bytes: new TextEncoder().encode("{}") },
    ]);
    await db.model.update({ where: { id: model.id }, data: { fingerprinting: true } });
    for (const [path, kind] of [
      ["model.onnx", "onnx"],
      ["weights.safetensors", "safetensors"],
    ] as const)
      await db.modelFile.update({
        where: { versionId_path: { versionId: version.id, path } },
        data: { inspection: { kind } },
      });
    const a = await createGrantee(model);
    const b = await createGrantee(model);
    const ref = { org: model.org, name: model.name, path: "model.onnx" };

    // First download: the copy is being made; nothing is served or recorded.
    const preparing = await refusal(issueDownloadUrl(a.caller, ref, meta));
    expect([preparing.code, preparing.status, preparing.retryAfterSeconds]).toEqual(["COPY_PREPARING", 503, 15]);
    expect(await db.downloadEvent.count({ where: { userId: a.user.id } })).toBe(0);
    expect(await db.fingerprintCopy.count({ where: { grantId: a.grant.id, status: "PREPARING" } })).toBe(3);
    await refusal(getManifest(b.caller, { org: model.org, name: model.name }, meta));

    expect(await makeCopies({ payload: { grantId: a.grant.id, versionId: version.id } })).toEqual({
      made: 2,
      unmarked: 1,
    });
    expect(await makeCopies({ payload: { grantId: b.grant.id, versionId: version.id } })).toEqual({
      made: 2,
      unmarked: 1,
    });
    const made = await db.auditEvent.count({ where: { action: "fingerprint.copy_made", modelId: model.id } });
    expect(made).toBe(4);

    const issuedA = await issueDownloadUrl(a.caller, ref, meta);
    const bytesA = await fetchBytes(issuedA.url);
    expect(sha(bytesA)).toBe(issuedA.file.sha256);
    const manifestB = await getManifest(b.caller, { org: model.org, name: model.name }, meta);
    const onnxB = manifestB.files.find((f) => f.path === "model.onnx")!;
    const bytesB = await fetchBytes(onnxB.url);
    expect(new Set([sha(onnxFile), sha(bytesA), sha(bytesB)]).size).toBe(3);
    // A file with nothing to mark is the original.
    expect(manifestB.files.find((f) => f.path === "config.json")!.sha256).toBe(sha(new TextEncoder().encode("{}")));
    const stB = await fetchBytes(manifestB.files.find((f) => f.path === "weights.safetensors")!.url);
    expect(sha(stB)).not.toBe(sha(safetensors));

    const trace = (bytes: Uint8Array) => traceFile({ bytes, actorId: null, via: "test" });
    const exact = await trace(bytesA);
    expect([exact.found, exact.exact, exact.grant?.id]).toEqual([true, true, a.grant.id]);
    expect(exact.grant?.downloads.length).toBe(1);
    for (const [bytes, grantId] of [
      [reorder(bytesA), a.grant.id],
      [castF16(bytesA), a.grant.id],
      [castF16(bytesB), b.grant.id],
      [reorder(stB), b.grant.id],
    ] as const) {
      const r = await trace(bytes);
      expect([r.found, r.exact, r.grant?.id]).toEqual([true, false, grantId]);
      expect(r.falseAttributionProbability).toBeLessThan(1e-6);
    }
    for (const bytes of [onnxFile, onnxBytes(99), randomBytes(5000)]) expect((await trace(bytes)).found).toBe(false);

    // Revocation: b's copies are deleted from the store and the database, with audit rows.
    const keysB = (await db.fingerprintCopy.findMany({ where: { grantId: b.grant.id, status: "READY" } })).map(
      (c) => c.storageKey!,
    );
    expect(keysB).toHaveLength(2);
    await db.$transaction((tx) => revokeGrantTx(tx, { requestId: b.grant.id, actorId: null, reasonText: "leaked" }));
    await sweep();
    expect(await db.fingerprintCopy.count({ where: { grantId: b.grant.id } })).toBe(0);
    for (const key of keysB) await expect(getObjectBytes({ key, maxBytes: 1e9 })).rejects.toThrow();
    expect(await db.auditEvent.count({ where: { action: "fingerprint.copy_deleted", modelId: model.id } })).toBe(2);
    // a's copies stay.
    expect(await db.fingerprintCopy.count({ where: { grantId: a.grant.id, status: "READY" } })).toBe(2);
  });
});
