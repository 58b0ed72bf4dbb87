import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { ZVersionRouteParams, type TVersionRouteParams } from "@/lib/schemas/model-admin";
import { authorizeModelRead } from "./authorize-model-read";
import { findModelVersion } from "./find-model-version";

/** One version with every file and its status (failures with their reason); admins and the model's reviewers. */
export const getVersion = async (caller: Caller | null, params: TVersionRouteParams) => {
  const ref = await authorizeModelRead(caller, params);
  const { version: name } = ZVersionRouteParams.parse(params);
  const found = await findModelVersion(ref.id, name);
  const [model, version] = await Promise.all([
    db.model.findUniqueOrThrow({ where: { id: ref.id }, select: { slug: true, title: true, latestVersionId: true } }),
    db.modelVersion.findUniqueOrThrow({
      where: { id: found.id },
      select: {
        id: true,
        name: true,
        commitSha: true,
        status: true,
        notes: true,
        createdAt: true,
        publishedAt: true,
        files: {
          orderBy: { path: "asc" },
          select: {
            id: true,
            path: true,
            size: true,
            sha256: true,
            declaredSha256: true,
            contentType: true,
            status: true,
            failureReason: true,
            updatedAt: true,
          },
        },
      },
    }),
  ]);
  const files = version.files.map((f) => ({ ...f, size: Number(f.size) }));
  return {
    canEdit: ref.canEdit,
    model: { slug: model.slug, title: model.title },
    version: {
      ...version,
      files,
      isLatest: version.id === model.latestVersionId,
      isReadyToPublish: version.status === "DRAFT" && files.length > 0 && files.every((f) => f.status === "READY"),
    },
  };
};
