import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import type { TModelRouteParams } from "@/lib/schemas/catalog";
import { authorizeModelRead } from "./authorize-model-read";

/** A model's versions, newest first, with file counts (all, READY) and which one is the latest; admins and the model's reviewers. */
export const listVersions = async (caller: Caller | null, params: TModelRouteParams) => {
  const ref = await authorizeModelRead(caller, params);
  const [model, versions, counts] = await Promise.all([
    db.model.findUniqueOrThrow({ where: { id: ref.id }, select: { slug: true, title: true, latestVersionId: true } }),
    db.modelVersion.findMany({
      where: { modelId: ref.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, name: true, commitSha: true, status: true, notes: true, createdAt: true, publishedAt: true },
    }),
    db.modelFile.groupBy({
      by: ["versionId", "status"],
      where: { version: { modelId: ref.id } },
      _count: { _all: true },
    }),
  ]);
  const count = (versionId: string, ready: boolean) =>
    counts
      .filter((c) => c.versionId === versionId && (!ready || c.status === "READY"))
      .reduce((n, c) => n + c._count._all, 0);
  return {
    canEdit: ref.canEdit,
    model: { slug: model.slug, title: model.title },
    versions: versions.map((v) => ({
      ...v,
      isLatest: v.id === model.latestVersionId,
      fileCount: count(v.id, false),
      readyCount: count(v.id, true),
    })),
  };
};
