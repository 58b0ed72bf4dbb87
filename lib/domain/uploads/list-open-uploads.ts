import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { authorizeModelRead } from "@/lib/domain/models/authorize-model-read";
import { findModelVersion } from "@/lib/domain/models/find-model-version";
import type { TVersionRouteParams } from "@/lib/schemas/model-admin";

/**
 * Unfinished uploads of a version with their progress, so that the page can offer to resume them.
 * A read: the model's reviewers may see them too (they cannot start, resume or cancel one).
 */
export const listOpenUploads = async (caller: Caller | null, params: TVersionRouteParams) => {
  const model = await authorizeModelRead(caller, params);
  const version = await findModelVersion(model.id, params.version);
  const uploads = await db.upload.findMany({
    where: { completedAt: null, file: { versionId: version.id } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      partSize: true,
      partCount: true,
      createdAt: true,
      file: { select: { id: true, path: true, size: true, declaredSha256: true } },
      parts: { select: { size: true } },
    },
  });
  return uploads.map((u) => ({
    id: u.id,
    fileId: u.file.id,
    path: u.file.path,
    size: Number(u.file.size),
    declaredSha256: u.file.declaredSha256,
    partCount: u.partCount,
    partsDone: u.parts.length,
    bytesDone: u.parts.reduce((s, p) => s + p.size, 0),
    startedAt: u.createdAt,
  }));
};
