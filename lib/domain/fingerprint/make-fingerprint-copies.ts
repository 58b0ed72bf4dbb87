import "server-only";
import path from "node:path";
import { matchesAny } from "@/lib/shared/glob";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { markTensor } from "@/lib/fingerprint/pattern";
import { externalLocations, markWeightFile, WeightFormatError } from "@/lib/fingerprint/weight-file";
import { deleteObject } from "@/lib/storage/delete-object";
import { getObjectBytes } from "@/lib/storage/get-object-bytes";
import { putObject } from "@/lib/storage/put-object";
import { copyStorageKey, fingerprintKey } from "./fingerprint-key";

type VersionFile = { id: string; path: string; storageKey: string; inspection: unknown };

const read = async (key: string) => {
  const got = await getObjectBytes({ key, maxBytes: Number.MAX_SAFE_INTEGER });
  if (!got.bytes) throw new Error(`${key} is too large to mark`);
  return got.bytes;
};

const kindOf = (inspection: unknown) =>
  inspection && typeof inspection === "object" && "kind" in inspection ? String(inspection.kind) : null;

/**
 * The worker's half of a fingerprinted download: for each of the grant's PREPARING copies of the
 * version, marks the file (ONNX initializers, their external-data files, safetensors tensors) with
 * the grant's pattern, stores it, and records it READY with its sha256 and an audit row, or
 * UNMARKED when there is nothing to mark (or the model's glob leaves the file out). A grant that
 * ended meanwhile gets nothing: its copies are deleted instead.
 */
export const makeFingerprintCopies = async ({ grantId, versionId }: { grantId: string; versionId: string }) => {
  const grant = await db.accessRequest.findUnique({
    where: { id: grantId },
    select: { status: true, expiresAt: true, userId: true, model: { select: { id: true, fingerprintPaths: true } } },
  });
  const pending = await db.fingerprintCopy.findMany({
    where: { grantId, status: "PREPARING", file: { versionId } },
    select: { id: true, fileId: true },
  });
  if (!grant || !pending.length) return { made: 0, unmarked: 0 };
  if (grant.status !== "APPROVED" || (grant.expiresAt && grant.expiresAt <= new Date())) {
    await db.fingerprintCopy.deleteMany({ where: { grantId, status: "PREPARING" } });
    return { made: 0, unmarked: 0 };
  }
  const key = fingerprintKey();
  const files: VersionFile[] = await db.modelFile.findMany({
    where: { versionId, status: "READY" },
    select: { id: true, path: true, storageKey: true, inspection: true },
  });
  const byPath = new Map(files.map((f) => [f.path, f]));
  const glob = grant.model.fingerprintPaths;
  const selected = (f: VersionFile) => !glob || matchesAny(f.path, [glob]);
  const mark = (t: { name: string; values: Float32Array; shape: number[] }) =>
    markTensor(key, grantId, t)?.values ?? null;

  // Marked bytes per file id: an ONNX model's external-data files are marked with it, from its tensor table.
  const marked = new Map<string, { bytes: Uint8Array; tensors: number }>();
  for (const f of files) {
    const kind = kindOf(f.inspection);
    if (!selected(f) || (kind !== "onnx" && kind !== "safetensors")) continue;
    const bytes = await read(f.storageKey);
    const external = new Map<string, Uint8Array>();
    const externalFiles = new Map<string, VersionFile>();
    try {
      for (const location of kind === "onnx" ? externalLocations(bytes) : []) {
        const ext = byPath.get(path.posix.join(path.posix.dirname(f.path), location));
        if (!ext || !selected(ext)) continue;
        external.set(location, await read(ext.storageKey));
        externalFiles.set(location, ext);
      }
      const out = markWeightFile(bytes, external, mark);
      if (out.bytes !== bytes) marked.set(f.id, { bytes: out.bytes, tensors: out.marked });
      for (const [location, extBytes] of out.external)
        marked.set((externalFiles.get(location) as VersionFile).id, { bytes: extBytes, tensors: out.marked });
    } catch (e) {
      // A file the inspector took for a weight file but whose tensors cannot be read is served unmarked: say so.
      if (!(e instanceof WeightFormatError)) throw e;
    }
  }

  let made = 0;
  let unmarked = 0;
  for (const copy of pending) {
    const file = files.find((f) => f.id === copy.fileId);
    const out = marked.get(copy.fileId);
    if (!file || !out) {
      await db.fingerprintCopy.update({ where: { id: copy.id }, data: { status: "UNMARKED" } });
      unmarked++;
      continue;
    }
    const storageKey = copyStorageKey(grantId, file.storageKey);
    const stored = await putObject({ key: storageKey, body: out.bytes, contentType: "application/octet-stream" });
    const kept = await db.$transaction(async (tx) => {
      // The grant may have been revoked while the copy was written: then it is not kept.
      const live = await tx.accessRequest.count({ where: { id: grantId, status: "APPROVED" } });
      if (!live) return false;
      await tx.fingerprintCopy.update({
        where: { id: copy.id },
        data: { status: "READY", storageKey, sha256: stored.sha256, size: BigInt(stored.size) },
      });
      await appendAuditEvent(tx, {
        actorId: null,
        action: "fingerprint.copy_made",
        modelId: grant.model.id,
        targetType: "FingerprintCopy",
        targetId: copy.id,
        data: {
          grantId,
          userId: grant.userId,
          fileId: file.id,
          path: file.path,
          sha256: stored.sha256,
          size: stored.size,
        },
      });
      return true;
    });
    if (!kept) await deleteObject({ key: storageKey });
    else made++;
  }
  return { made, unmarked };
};
