import "server-only";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { canonicalJson } from "@/lib/domain/audit/canonical-json";
import { InspectionError } from "@/lib/inspect/inspection-error";
import { inspectOnnx } from "@/lib/inspect/inspect-onnx";
import { inspectSafetensors } from "@/lib/inspect/inspect-safetensors";
import { inspectFileJob, type TInspectFilePayload } from "@/lib/jobs/inspect-file";
import {
  INSPECTION_SCHEMA_VERSION,
  ZFileInspection,
  inspectionKindOf,
  type TFileInspection,
  type TInspectionKind,
} from "@/lib/schemas/inspection";
import { getObjectBytes } from "@/lib/storage/get-object-bytes";
import { getObjectRange } from "@/lib/storage/get-object-range";

/**
 * An ONNX protobuf is parsed whole, so it is read into memory: above this the worker stores an
 * error instead (models that big keep their weights in external data files, and stay small).
 */
export const INSPECT_ONNX_MAX_BYTES = 1024 ** 3;

export type InspectFileResult =
  { outcome: "stored" | "unchanged"; inspection: TFileInspection } | { outcome: "skipped"; status: string | null };

type Target = { storageKey: string; size: bigint };

/** The inspection, or `{ kind, error }` when the file is not a valid file of its kind. Storage errors throw. */
const readInspection = async (
  kind: TInspectionKind,
  { storageKey: key, size }: Target,
  signal?: AbortSignal,
): Promise<TFileInspection> => {
  try {
    if (kind === "safetensors")
      return await inspectSafetensors({
        size: Number(size),
        read: (start, end) => getObjectRange({ key, start, end, signal }),
      });
    const got = await getObjectBytes({ key, maxBytes: INSPECT_ONNX_MAX_BYTES, signal });
    if ("tooLarge" in got)
      throw new InspectionError(
        `the file is ${got.tooLarge} bytes; ONNX files over ${INSPECT_ONNX_MAX_BYTES} bytes are not inspected`,
      );
    return inspectOnnx(got.bytes);
  } catch (e) {
    if (e instanceof InspectionError) return { kind, schemaVersion: INSPECTION_SCHEMA_VERSION, error: e.message };
    throw e;
  }
};

/**
 * The inspect job's work for one READY `.onnx` / `.safetensors` file (a system action, no caller):
 * parses it and stores the result in `ModelFile.inspection`, with an audit row when the stored value
 * changes. Idempotent: a re-run that reads the same file stores the same value and writes nothing.
 * A file that does not parse keeps READY (it is still downloadable) with `{ kind, error }`.
 */
export const inspectFile = async (
  payload: TInspectFilePayload,
  { signal }: { signal?: AbortSignal } = {},
): Promise<InspectFileResult> => {
  const { fileId } = inspectFileJob.schema.parse(payload);
  const file = await db.modelFile.findUnique({
    where: { id: fileId },
    select: {
      id: true,
      path: true,
      size: true,
      storageKey: true,
      status: true,
      version: { select: { modelId: true } },
    },
  });
  const kind = file && inspectionKindOf(file.path);
  if (!file || file.status !== "READY" || !kind) return { outcome: "skipped", status: file?.status ?? null };

  const inspection = ZFileInspection.parse(await readInspection(kind, file, signal));
  return db.$transaction(async (tx): Promise<InspectFileResult> => {
    // Row lock: two runs of the job for one file write (and audit) one after the other.
    const [row] = await tx.$queryRaw<{ inspection: unknown; status: string }[]>`
      SELECT inspection, status::text FROM "ModelFile" WHERE id = ${file.id} FOR UPDATE`;
    if (!row || row.status !== "READY") return { outcome: "skipped", status: row?.status ?? null };
    if (row.inspection != null && canonicalJson(row.inspection) === canonicalJson(inspection))
      return { outcome: "unchanged", inspection };
    await tx.modelFile.update({ where: { id: file.id }, data: { inspection } });
    await appendAuditEvent(tx, {
      actorId: null,
      action: "file.inspected",
      modelId: file.version.modelId,
      targetType: "ModelFile",
      targetId: file.id,
      data: { path: file.path, kind, ...("error" in inspection ? { error: inspection.error } : {}), via: "worker" },
    });
    return { outcome: "stored", inspection };
  });
};
