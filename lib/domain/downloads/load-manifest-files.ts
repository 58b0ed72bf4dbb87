import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ModelRef } from "@/lib/domain/access/find-visible-model";
import { authorizeDownload } from "./authorize-download";
import { findRevision } from "./find-revision";

/**
 * The gate, then the files of one revision (all, or the named `paths`: an unknown one is a 404),
 * split into READY ones and the others. Shared by the manifest and its URL-free listing.
 */
export const loadManifestFiles = async (caller: Caller, ref: ModelRef, { revision, paths }: { revision?: string; paths?: string[] }) => {
  const { model, grantId } = await authorizeDownload(caller, ref);
  const version = await findRevision(model.id, revision);
  const all = await db.modelFile.findMany({
    where: { versionId: version.id, ...(paths ? { path: { in: paths } } : {}) },
    select: { id: true, path: true, size: true, sha256: true, status: true, storageKey: true },
  });
  const missing = paths?.find((p) => !all.some((f) => f.path === p));
  if (missing !== undefined) throw new AppError("NOT_FOUND", { userMessage: `No such file in this revision: ${missing}.` });
  // Code-unit order, the same whatever the database's collation.
  all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const ready = all.filter((f): f is typeof f & { sha256: string } => f.status === "READY" && f.sha256 !== null);
  const notReady = all.filter((f) => !ready.includes(f as (typeof ready)[number])).map((f) => ({ path: f.path, status: f.status }));
  const base = { model: { slug: model.slug, title: model.title }, revision: { name: version.name, commitSha: version.commitSha }, notReady };
  return { model, version, grantId, ready, base };
};
