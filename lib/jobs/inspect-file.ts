import { z } from "zod";

/** Reads a READY `.onnx` / `.safetensors` file's metadata into `ModelFile.inspection` (enqueued by the verify job). */
export const inspectFileJob = {
  name: "inspect-file",
  schema: z.object({ fileId: z.string().min(1).max(64) }),
  // An ONNX file is read whole (at most INSPECT_ONNX_MAX_BYTES); ten minutes covers that from any store.
  options: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
} as const;

export type TInspectFilePayload = z.infer<typeof inspectFileJob.schema>;
