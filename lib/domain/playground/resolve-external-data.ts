import "server-only";
import { posix } from "node:path";
import { fileNotReady } from "@/lib/domain/downloads/issue-download-url";
import { AppError } from "@/lib/errors";
import type { TOnnxInspection } from "@/lib/schemas/inspection";

type File = { id: string; path: string };
export type ExternalDataRef = { location: string; path: string };

/** Where an external-data `location` (relative to the .onnx file, as ONNX stores it) is in the revision. */
export const locationPath = (onnxPath: string, location: string) =>
  posix.normalize(posix.join(posix.dirname(onnxPath), location));

/**
 * The external-data files each ONNX file names in its inspection (weights stored beside the graph,
 * `model.onnx` + `model.onnx_data`), found among the revision's READY files. A named file that is
 * not READY, or not in the revision at all, refuses the session: the model cannot load without it.
 */
export const resolveExternalData = <F extends File>(
  slug: string,
  onnx: F[],
  inspections: Map<string, TOnnxInspection | null>,
  ready: F[],
  notReady: { path: string; status: string }[],
) => {
  const refs = new Map<string, ExternalDataRef[]>();
  const files = new Map<string, F>();
  for (const f of onnx) {
    const named = inspections.get(f.id)?.externalDataFiles ?? [];
    refs.set(
      f.id,
      named.map((location) => {
        const path = locationPath(f.path, location);
        const found = ready.find((r) => r.path === path);
        if (!found) {
          const pending = notReady.find((r) => r.path === path);
          if (pending) throw fileNotReady(slug, pending.status);
          throw new AppError("NOT_FOUND", {
            userMessage: `${f.path} keeps its weights in ${location}, which this revision does not have, so it cannot be loaded.`,
            action: `/models/${slug}`,
          });
        }
        files.set(found.id, found);
        return { location, path };
      }),
    );
  }
  return { refs, files: [...files.values()] };
};
