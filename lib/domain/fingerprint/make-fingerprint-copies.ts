import "server-only";
import { matchesAny } from "@/lib/common/glob";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { WeightFormatError } from "@/lib/fingerprint/weight-file";
import { deleteObject } from "@/lib/storage/delete-object";
import { fingerprintKey } from "./fingerprint-key";
import { externalPath, markStoredFile, type StoredCopy } from "./mark-stored-file";

type VersionFile = { id: string; path: string; storageKey: string; inspection: unknown };

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
  // Copies per file id, stored as they are made: an ONNX model's external-data files are marked with it.
  const stored = new Map<string, StoredCopy>();
  const wanted = (f: VersionFile) => selected(f) && pending.some((p) => p.fileId === f.id);
  for (const f of files) {
    const kind = kindOf(f.inspection);
    if (!wanted(f) || (kind !== "onnx" && kind !== "safetensors")) continue;
    const external = (location: string) => {
      const ext = byPath.get(externalPath(f.path, location));
      return ext && wanted(ext) ? ext : null;
    };
    try {
      for (const [id, copy] of await markStoredFile({ ...f, kind }, external, key, grantId)) stored.set(id, copy);
    } catch (e) {
      // A file the inspector took for a weight file but whose tensors cannot be read is served unmarked: say so.
      if (!(e instanceof WeightFormatError)) throw e;
    }
  }

  let made = 0;
  let unmarked = 0;
  for (const copy of pending) {
    const file = files.find((f) => f.id === copy.fileId);
    const out = stored.get(copy.fileId);
    if (!file || !out) {
      await db.fingerprintCopy.update({ where: { id: copy.id }, data: { status: "UNMARKED" } });
      unmarked++;
      continue;
    }
    const { storageKey } = out;
    const kept = await db.$transaction(async (tx) => {
      // The grant may have been revoked while the copy was written: then it is not kept.
      const live = await tx.accessRequest.count({ where: { id: grantId, status: "APPROVED" } });
      if (!live) return false;
      await tx.fingerprintCopy.update({
        where: { id: copy.id },
        data: { status: "READY", storageKey, sha256: out.sha256, size: BigInt(out.size) },
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
          sha256: out.sha256,
          size: out.size,
        },
      });
      return true;
    });
    if (!kept) await deleteObject({ key: storageKey });
    else made++;
  }
  return { made, unmarked };
};
