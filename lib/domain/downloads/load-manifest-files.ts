import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { AppError } from "@/lib/errors";
import type { ModelRef } from "@/lib/domain/access/find-visible-model";
import { authorizeDownload } from "./authorize-download";

/**
 * The gate and the files of one revision, in one read (all, or the named `paths`: an unknown one is a 404),
 * split into READY ones and the others. Shared by the manifest, its URL-free listing and the
 * playground (which also gets the ONNX files' inspections, and a 404 when the playground is off).
 */
export const loadManifestFiles = async (
  caller: Caller,
  ref: ModelRef,
  { revision, paths, playground = false }: { revision?: string; paths?: string[]; playground?: boolean },
) => {
  // With the playground, each ONNX file's inspection comes along (its widget is picked by it).
  const gate = await authorizeDownload(caller, ref, {
    revision,
    playground,
    files: { paths, inspections: playground },
  });
  const { model, version, files: all } = gate;
  const missing = paths?.find((p) => !all.some((f) => f.path === p));
  if (missing !== undefined)
    throw new AppError("NOT_FOUND", { userMessage: `No such file in this revision: ${missing}.` });
  // Code-unit order, the same whatever the database's collation.
  all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const ready = all.filter((f): f is typeof f & { sha256: string } => f.status === "READY" && f.sha256 !== null);
  const notReady = all
    .filter((f) => !ready.includes(f as (typeof ready)[number]))
    .map((f) => ({ path: f.path, status: f.status }));
  const base = {
    model: { slug: model.slug, title: model.title },
    revision: { name: version.name, commitSha: version.commitSha },
    notReady,
  };
  return { ...gate, ready, base };
};
