import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ATTRIBUTION_P_LIMIT, scoreGrants, type GrantScore } from "@/lib/fingerprint/detect";
import { markRegion } from "@/lib/fingerprint/mark-region";
import { matchRegion, memoryReader, type OriginalRange, type SlotReader } from "@/lib/fingerprint/match-tensors";
import { onnxTensorSlots, readSlotRange } from "@/lib/fingerprint/tensor-slots";
import { WeightFormatError } from "@/lib/fingerprint/weight-file";
import { getObjectBytes } from "@/lib/storage/get-object-bytes";
import { storedObjectSize } from "@/lib/storage/multipart";
import { fingerprintKey } from "./fingerprint-key";
import { externalPath } from "./mark-stored-file";
import { readStoredRanges, storedSafetensorsSlots } from "./stored-weights";

/** The suspect's float tensors (read lazily, range by range), or null when the bytes are no weight file at all. */
const suspectReader = (bytes: Uint8Array, external: Map<string, Uint8Array>): SlotReader | null => {
  try {
    return memoryReader(bytes, external);
  } catch (e) {
    if (e instanceof WeightFormatError) return null;
    throw e;
  }
};

/**
 * The marked ranges of a stored original with their values: a safetensors file's header and region
 * by ranged GETs; an ONNX model whole (a protobuf) and its external-data files' region by ranged GETs.
 */
const originalRegionOf = async (file: {
  path: string;
  storageKey: string;
  versionId: string;
}): Promise<OriginalRange[]> => {
  const size = await storedObjectSize(file.storageKey);
  if (size === null) return [];
  try {
    if (file.path.endsWith(".safetensors"))
      return await readStoredRanges(
        file.storageKey,
        size,
        markRegion(await storedSafetensorsSlots(file.storageKey, size)),
      );
    const got = await getObjectBytes({ key: file.storageKey, maxBytes: Number.MAX_SAFE_INTEGER });
    if (!got.bytes) return [];
    const bytes = got.bytes;
    const ranges = markRegion(onnxTensorSlots(bytes));
    const out: OriginalRange[] = ranges.flatMap((r) => {
      const values = r.slot.file === null ? readSlotRange(r.slot, r.start, r.count, bytes) : null;
      return values ? [{ ...r, values }] : [];
    });
    for (const location of new Set(ranges.flatMap((r) => (r.slot.file === null ? [] : [r.slot.file])))) {
      const ext = await db.modelFile.findUnique({
        where: { versionId_path: { versionId: file.versionId, path: externalPath(file.path, location) } },
        select: { storageKey: true },
      });
      const extSize = ext ? await storedObjectSize(ext.storageKey) : null;
      if (!ext || extSize === null) continue;
      out.push(
        ...(await readStoredRanges(
          ext.storageKey,
          extSize,
          ranges.filter((r) => r.slot.file === location),
        )),
      );
    }
    return out;
  } catch (e) {
    if (e instanceof WeightFormatError) return [];
    throw e;
  }
};

export type TraceResult = Awaited<ReturnType<typeof traceFile>>;

/**
 * Names the grant a file was delivered under, or finds no fingerprint: first by sha256 (a
 * byte-identical copy), then by correlating (suspect − original) with each grant's mark, over
 * every stored weight file with made copies whose tensors match the suspect's by name and shape.
 * The false-attribution probability is Bonferroni-corrected for the number of grants searched.
 * Every run writes a `fingerprint.traced` audit row.
 */
export const traceFile = async (input: {
  bytes: Uint8Array;
  external?: Map<string, Uint8Array>;
  actorId: string | null;
  via: string;
}) => {
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  let best: (GrantScore & { exact: boolean }) | null = null;
  let searched = 0;
  const exact = await db.fingerprintCopy.findFirst({ where: { sha256, status: "READY" }, select: { grantId: true } });
  if (exact) best = { grantId: exact.grantId, z: Infinity, marked: 0, p: 0, pFamily: 0, exact: true };
  else {
    const suspect = suspectReader(input.bytes, input.external ?? new Map());
    if (suspect?.slots.length) {
      const key = fingerprintKey();
      const copies = await db.fingerprintCopy.findMany({
        where: { status: "READY" },
        select: { grantId: true, file: { select: { id: true, path: true, storageKey: true, versionId: true } } },
      });
      // A copy of an external-data file is scored through its ONNX model, which names its tensors.
      const grantsOf = new Map<string, Set<string>>();
      for (const c of copies)
        grantsOf.set(c.file.versionId, (grantsOf.get(c.file.versionId) ?? new Set()).add(c.grantId));
      const candidates = await db.modelFile.findMany({
        where: {
          versionId: { in: [...grantsOf.keys()] },
          status: "READY",
          OR: [{ path: { endsWith: ".onnx" } }, { path: { endsWith: ".safetensors" } }],
        },
        select: { id: true, path: true, storageKey: true, versionId: true },
      });
      const scored: { pairs: ReturnType<typeof matchRegion>; grants: string[] }[] = [];
      for (const file of candidates) {
        const pairs = matchRegion(await originalRegionOf(file), suspect);
        if (!pairs.length) continue;
        const grants = [...(grantsOf.get(file.versionId) ?? [])];
        scored.push({ pairs, grants });
        searched += grants.length;
      }
      for (const { pairs, grants } of scored)
        for (const s of scoreGrants(key, grants, pairs)) {
          const pFamily = Math.min(1, s.p * searched);
          if (!best || s.z > best.z) best = { ...s, pFamily, exact: false };
        }
    }
  }
  const found = best && best.pFamily < ATTRIBUTION_P_LIMIT ? best : null;
  const grant = found
    ? await db.accessRequest.findUnique({
        where: { id: found.grantId },
        select: {
          id: true,
          status: true,
          createdAt: true,
          decidedAt: true,
          expiresAt: true,
          revokedAt: true,
          user: { select: { id: true, email: true, name: true } },
          model: { select: { id: true, slug: true } },
          downloads: {
            select: {
              issuedAt: true,
              channel: true,
              ip: true,
              file: { select: { path: true, version: { select: { name: true } } } },
            },
            orderBy: { issuedAt: "asc" },
          },
        },
      })
    : null;
  const result = {
    sha256,
    found: Boolean(grant),
    exact: found?.exact ?? false,
    score: best && Number.isFinite(best.z) ? best.z : null,
    falseAttributionProbability: best ? best.pFamily : null,
    grantsSearched: searched,
    grant,
  };
  await db.$transaction((tx) =>
    appendAuditEvent(tx, {
      actorId: input.actorId,
      action: "fingerprint.traced",
      modelId: grant?.model.id ?? null,
      targetType: grant ? "AccessRequest" : "File",
      targetId: grant?.id ?? sha256,
      data: {
        via: input.via,
        sha256,
        found: result.found,
        exact: result.exact,
        score: result.score,
        falseAttributionProbability: result.falseAttributionProbability,
        grantsSearched: searched,
      },
    }),
  );
  return result;
};
