import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { findVisibleModel } from "@/lib/domain/access/find-visible-model";
import {
  ZListRevisionFilesInput,
  ZRevisionFiles,
  type TListRevisionFilesInput,
  type TRevisionFiles,
} from "@/lib/schemas/revision-files";
import { findRevision } from "./find-revision";

/**
 * The files of one published revision (path, size, sha256, status) for anyone who may see the
 * model: listing is not downloading, so there is no gate and nothing is recorded. A model the
 * caller may not see, an unknown or draft revision: 404.
 */
export const listRevisionFiles = async (
  caller: Caller | null,
  raw: TListRevisionFilesInput,
): Promise<TRevisionFiles> => {
  const { org, name, revision } = ZListRevisionFilesInput.parse(raw);
  // Visibility is the authorization here (anonymous callers see public models).
  const model = await findVisibleModel(caller, { org, name });
  const version = await findRevision(model.id, revision);
  const files = await db.modelFile.findMany({
    where: { versionId: version.id },
    select: { path: true, size: true, sha256: true, status: true },
  });
  // Code-unit order, as in the manifest, whatever the database's collation.
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return ZRevisionFiles.parse({
    model: { slug: model.slug },
    revision: { name: version.name, commitSha: version.commitSha },
    files: files.map((f) => ({ ...f, size: Number(f.size) })),
  });
};
