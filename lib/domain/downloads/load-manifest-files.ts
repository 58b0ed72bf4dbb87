import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { AppError } from "@/lib/errors";
import { sqlPool } from "@/lib/sql";
import type { ModelRef } from "@/lib/domain/access/find-visible-model";
import { authorizeDownload } from "./authorize-download";

type FileRow = {
  id: string;
  path: string;
  size: string;
  sha256: string | null;
  status: string;
  storageKey: string;
  inspection?: unknown;
};

const FILES_SQL = (columns: string) =>
  `SELECT id, path, size::text AS size, sha256, status::text AS status, "storageKey"${columns} FROM "ModelFile" WHERE "versionId" = $1 AND ($2::text[] IS NULL OR path = ANY ($2))`;

/**
 * The files of a version (or the named ones), read with plain SQL: the manifest is a hot path. With
 * `inspections`, each ONNX file's inspection comes in the same read (the playground picks its widget by it).
 */
const listVersionFiles = async (versionId: string, paths: string[] | undefined, inspections: boolean) => {
  const { rows } = await sqlPool().query<FileRow>(
    inspections
      ? {
          name: "version-files-inspected",
          text: FILES_SQL(`, CASE WHEN lower(path) LIKE '%.onnx' THEN inspection END AS inspection`),
          values: [versionId, paths ?? null],
        }
      : { name: "version-files", text: FILES_SQL(""), values: [versionId, paths ?? null] },
  );
  return rows.map((r) => ({ ...r, size: BigInt(r.size) }));
};

/**
 * The gate, then the files of one revision (all, or the named `paths`: an unknown one is a 404),
 * split into READY ones and the others. Shared by the manifest, its URL-free listing and the
 * playground (which also gets the ONNX files' inspections, and a 404 when the playground is off).
 */
export const loadManifestFiles = async (
  caller: Caller,
  ref: ModelRef,
  { revision, paths, playground = false }: { revision?: string; paths?: string[]; playground?: boolean },
) => {
  const gate = await authorizeDownload(caller, ref, { revision, playground });
  const { model, version } = gate;
  const all = await listVersionFiles(version.id, paths, playground);
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
