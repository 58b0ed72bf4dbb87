import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

const noSuchRevision = () => new AppError("NOT_FOUND", { userMessage: "No such revision." });

/**
 * A PUBLISHED version of the model by name or 40-hex commit id; `main` (or none) is the model's
 * latest published version. Drafts answer 404 like unknown names.
 */
export const findRevision = async (modelId: string, revision?: string) => {
  const select = { id: true, name: true, commitSha: true } as const;
  if (revision === undefined || revision === "main") {
    const latest = await db.modelVersion.findFirst({
      where: { latestOf: { is: { id: modelId } }, status: "PUBLISHED" },
      select,
    });
    if (!latest) throw noSuchRevision();
    return latest;
  }
  const isSha = /^[0-9a-f]{40}$/.test(revision);
  const found = await db.modelVersion.findMany({
    where: { modelId, status: "PUBLISHED", OR: [{ name: revision }, ...(isSha ? [{ commitSha: revision }] : [])] },
    select,
    take: 2,
  });
  // A commit id is immutable, so it wins over a version that happens to be named like one.
  const version = found.find((v) => v.commitSha === revision) ?? found[0];
  if (!version) throw noSuchRevision();
  return version;
};
