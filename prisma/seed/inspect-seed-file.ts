import { InspectionError } from "@/lib/inspect/inspection-error";
import { inspectOnnx } from "@/lib/inspect/inspect-onnx";
import { inspectSafetensorsBytes } from "@/lib/inspect/inspect-safetensors";
import { INSPECTION_SCHEMA_VERSION, inspectionKindOf, type TFileInspection } from "@/lib/schemas/inspection";

/**
 * The inspection the worker's inspect job would store, computed from the bytes in hand: seeded files
 * are written READY, so no job runs for them, and the model page shows their metadata at once.
 */
export const inspectSeedFile = async (path: string, bytes: Uint8Array): Promise<TFileInspection | undefined> => {
  const kind = inspectionKindOf(path);
  if (!kind) return undefined;
  try {
    return kind === "onnx" ? inspectOnnx(bytes) : await inspectSafetensorsBytes(bytes);
  } catch (e) {
    if (e instanceof InspectionError) return { kind, schemaVersion: INSPECTION_SCHEMA_VERSION, error: e.message };
    throw e;
  }
};
